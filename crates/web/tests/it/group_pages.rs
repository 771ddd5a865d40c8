//! Pages of theme groups, projects, bodies, the relations map and the audit log: who sees what,
//! forms that save and forms that refuse, on the real app.

use crate::common::{COORDINATOR, MEMBER, TestApp, TestResponse};
use axum::http::StatusCode;
use broedplaats_store::organisation::OrganisationRow;

const BASE: &str = "/werkplaatsen/zhz";

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn assert_login_redirect(r: &TestResponse, what: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{what}: {}", r.body);
    assert!(r.location().starts_with("/inloggen?terug="), "{what}: {}", r.location());
}

/// The id at the end of a redirect such as `/werkplaatsen/zhz/projecten/7?opgeslagen=1`.
fn id_from_location(r: &TestResponse) -> i64 {
    let path = r.location().split('?').next().unwrap_or_default();
    path.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no id in {}", r.location()))
}

fn no_inline_styles(r: &TestResponse, what: &str) {
    assert!(!r.body.contains("style="), "{what}: no inline styles (CSP)");
    assert!(!r.body.contains("<style"), "{what}: no style elements (CSP)");
    assert!(!r.body.contains("<script>"), "{what}: no inline scripts (CSP)");
}

async fn themes(app: &TestApp) -> Vec<(i64, String)> {
    let a = app.agenda("zhz").await;
    a["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .map(|t| (t["id"].as_i64().expect("id"), t["title"].as_str().expect("title").to_owned()))
        .collect()
}

async fn organisations(app: &TestApp) -> Vec<OrganisationRow> {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    app.core.organisations(&tenant, None, None, 200).await.expect("organisations").items
}

async fn org(app: &TestApp, name_starts: &str) -> OrganisationRow {
    organisations(app).await.into_iter().find(|o| o.name.starts_with(name_starts)).expect("organisation")
}

async fn person_id(app: &TestApp, name_starts: &str) -> i64 {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let token = app.token(COORDINATOR).await;
    let actor = app.core.actor_for_api_token(&token).await.expect("actor").expect("actor");
    let people = app.core.people_full(Some(&actor), &tenant).await.expect("people");
    people.iter().find(|p| p.name.starts_with(name_starts)).map(|p| p.id).expect("person")
}

async fn project_count(app: &TestApp) -> usize {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let token = app.token(COORDINATOR).await;
    let actor = app.core.actor_for_api_token(&token).await.expect("actor").expect("actor");
    app.core.projects(Some(&actor), &tenant, None).await.expect("projects").len()
}

async fn group_id(app: &TestApp, theme_id: i64) -> i64 {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    app.core.theme_groups(&tenant).await.expect("groups").iter().find(|g| g.theme_id == theme_id).expect("group").id
}

#[tokio::test]
async fn theme_groups_public_without_names_members_with_names() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let samen = group_id(&app, themes[0].0).await;
    let hs = org(&app, "Hogeschool Maasoever").await;

    let r = app.get(&format!("{BASE}/themagroepen")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(h1(&r), "Themagroepen");
    no_inline_styles(&r, "theme groups");
    for (_, title) in &themes {
        assert!(r.body.contains(&format!("Themagroep {title}")), "{title}");
    }
    assert!(r.body.contains("themaleider vastgelegd"), "the public sees that a lead is appointed");
    assert!(!r.body.contains("Dirk Docent"), "but not who");
    assert!(!r.body.contains("Pim Professional"), "nor the members");
    assert!(r.body.contains(&format!("href=\"{BASE}/organisaties/{}\"", hs.id)), "partners link to their page");
    assert!(!r.body.contains("Themagroep toevoegen"), "no create button for visitors");
    assert!(!r.body.contains("/bewerken"), "no edit links for visitors");

    let r = app.get(&format!("{BASE}/themagroepen/{samen}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Themagroep Samen leven");
    assert!(r.body.contains("themaleider vastgelegd"));
    assert!(!r.body.contains("Dirk Docent"));
    assert!(r.body.contains("Samen zorgzaam in Merwestad (fictief)"), "projects of the theme");

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("{BASE}/themagroepen/{samen}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Dirk Docent (fictief)"), "members see the lead");
    assert!(r.body.contains("Pim Professional (fictief)"), "and the members");
    assert!(!r.body.contains("/bewerken"), "a member who does not lead the group cannot edit it");
    assert_eq!(app.get(&format!("{BASE}/themagroepen/999999")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{BASE}/themagroepen/abc")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/werkplaatsen/bestaat-niet/themagroepen").await.status, StatusCode::NOT_FOUND);

    let mut coordinator = app.logged_in(COORDINATOR).await;
    let r = coordinator.get(&format!("{BASE}/themagroepen")).await;
    assert!(r.body.contains("Themagroep toevoegen"));
    assert!(r.body.contains(&format!("{BASE}/themagroepen/{samen}/bewerken")));
}

#[tokio::test]
async fn theme_group_forms_for_managers_only() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let veerkracht = themes[2].0;
    let group = group_id(&app, veerkracht).await;

    for path in [
        format!("{BASE}/themagroepen/nieuw"),
        format!("{BASE}/themagroepen/{group}/bewerken"),
        format!("{BASE}/themagroepen/{group}/verwijderen"),
    ] {
        assert_login_redirect(&app.get(&path).await, &path);
    }
    let mut member = app.logged_in(MEMBER).await;
    for path in [
        format!("{BASE}/themagroepen/nieuw"),
        format!("{BASE}/themagroepen/{group}/bewerken"),
        format!("{BASE}/themagroepen/{group}/verwijderen"),
    ] {
        assert_eq!(member.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = member.post_form(&format!("{BASE}/themagroepen/{group}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("{BASE}/themagroepen"), &[("theme_id", &veerkracht.to_string())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the use case refuses a member");

    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/themagroepen/{group}/verwijderen")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Ja, verwijderen"));
    let r = c.post_form(&format!("{BASE}/themagroepen/{group}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("{BASE}/themagroepen?verwijderd=1"));
    assert_eq!(app.get(&format!("{BASE}/themagroepen/{group}")).await.status, StatusCode::NOT_FOUND);

    let r = c.get(&format!("{BASE}/themagroepen/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK);
    no_inline_styles(&r, "group form");
    let select = &r.body[r.body.find("id=\"theme_id\"").expect("theme select")..];
    let select = &select[..select.find("</select>").expect("end of select")];
    assert!(select.contains(&format!("<option value=\"{veerkracht}\"")), "the free theme is offered");
    assert!(!select.contains(&format!("<option value=\"{}\"", themes[0].0)), "taken themes are not");

    let (hs, zorg) = (org(&app, "Hogeschool Maasoever").await, org(&app, "Zorggroep").await);
    let sanne = person_id(&app, "Sanne").await;
    let ellen = person_id(&app, "Ellen").await;
    let r = c
        .post_form(
            &format!("{BASE}/themagroepen"),
            &[
                ("theme_id", &veerkracht.to_string()),
                ("lead_person_id", &sanne.to_string()),
                ("description", "Veerkracht van professionals <sterk>"),
                ("organisation_ids", &hs.id.to_string()),
                ("organisation_ids", &zorg.id.to_string()),
                ("member_ids", &sanne.to_string()),
                ("member_ids", &ellen.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_from_location(&r);
    let r = c.get(r.location()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("De wijzigingen zijn opgeslagen."));
    assert!(r.body.contains("Veerkracht van professionals &#60;sterk&#62;"), "escaped");
    assert!(r.body.contains(&hs.name) && r.body.contains(&zorg.name));
    assert!(r.body.contains("Ellen Verpleegkundige (fictief)"));

    // a second group for the same theme is refused with a message, not an error page
    let r = c.post_form(&format!("{BASE}/themagroepen"), &[("theme_id", &veerkracht.to_string())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is al een themagroep voor dit thema."), "{}", r.body);
    assert!(r.body.contains("class=\"error-summary\""));

    // editing keeps the form filled in and saves
    let r = c.get(&format!("{BASE}/themagroepen/{id}/bewerken")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("name=\"organisation_ids\" value=\"{}\" checked", zorg.id)));
    let r = c
        .post_form(
            &format!("{BASE}/themagroepen/{id}"),
            &[("theme_id", &veerkracht.to_string()), ("description", "Nieuwe beschrijving")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&format!("{BASE}/themagroepen/{id}")).await;
    assert!(r.body.contains("Nieuwe beschrijving"));
    assert!(r.body.contains("nog geen themaleider"));
}

/// The fields of a valid project form.
fn project_fields(theme: i64, title: &str, orgs: &[(i64, &str)], visibility: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("title".into(), title.into()),
        ("theme_id".into(), theme.to_string()),
        ("questions".into(), "Wat werkt in de wijk?\n\nHoe weten we dat?".into()),
        ("higher_goal".into(), "Duurzame sociale kwaliteit.".into()),
        ("four_os".into(), "onderzoek".into()),
        ("four_os".into(), "onderwijs".into()),
        ("methods".into(), "leerkringen".into()),
        ("size".into(), "klein".into()),
        ("status".into(), "in_voorbereiding".into()),
        ("starts_on".into(), "2024-03-01".into()),
        ("ends_on".into(), "31-12-2025".into()),
        ("visibility".into(), visibility.into()),
        ("plan".into(), "Eerste versie van het plan.".into()),
        ("change_note".into(), "Opgesteld in de themagroep".into()),
    ];
    for (id, inzet) in orgs {
        f.push(("organisations".into(), id.to_string()));
        f.push((format!("inzet_{id}"), (*inzet).into()));
        f.push((format!("planning_{id}"), "voorjaar 2024".into()));
    }
    f
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn project_created_through_the_form_shows_everywhere() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let (gemeente, welzijn) = (org(&app, "Gemeente").await, org(&app, "Welzijn").await);
    let karim = person_id(&app, "Karim").await;
    let mut c = app.logged_in(COORDINATOR).await;

    let r = c.get(&format!("{BASE}/projecten/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    no_inline_styles(&r, "project form");
    for label in ["Titel", "Praktijkvragen (één per regel)", "Hoger doel", "Methoden", "Omvang", "Zichtbaarheid"] {
        assert!(r.body.contains(label), "{label}");
    }
    for o in ["Onderzoek", "Ontwikkeling", "Onderwijs", "Ondersteuning"] {
        assert!(r.body.contains(&format!(">{o}</label>")), "{o}");
    }
    assert!(r.body.contains(&format!("name=\"inzet_{}\"", gemeente.id)));
    assert!(r.body.contains("type=\"date\""));

    let mut fields = project_fields(
        themes[1].0,
        "Buurtnetwerken <samen> (fictief)",
        &[(gemeente.id, "200 uur beleidsadvies"), (welzijn.id, "een ruimte in het buurthuis")],
        "public",
    );
    fields.push(("people".into(), karim.to_string()));
    fields.push((format!("rol_{karim}"), "opbouwwerker".into()));
    let r = c.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_from_location(&r);

    // the public project page: all fields, no names of people
    let r = app.get(&format!("{BASE}/projecten/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    no_inline_styles(&r, "project page");
    assert_eq!(h1(&r), "Buurtnetwerken &#60;samen&#62; (fictief)");
    for text in [
        "Wat werkt in de wijk?",
        "Hoe weten we dat?",
        "Duurzame sociale kwaliteit.",
        "Onderzoek, Onderwijs",
        "leerkringen",
        "klein/eenmalig",
        "in voorbereiding",
        "1 maart 2024 tot en met 31 december 2025",
        "200 uur beleidsadvies",
        "een ruimte in het buurthuis",
        "voorjaar 2024",
        "Eerste versie van het plan.",
        "Versie 1",
        "Opgesteld in de themagroep",
        &gemeente.name,
        &welzijn.name,
        &themes[1].1,
    ] {
        assert!(r.body.contains(text), "project page shows {text}");
    }
    assert!(r.body.contains(&format!("href=\"{BASE}/organisaties/{}\"", gemeente.id)));
    assert!(!r.body.contains("Karim Wijkwerker"), "no names for the public");
    assert!(!r.body.contains("/bewerken"));

    // members see the people with their role; the coordinator can edit
    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("{BASE}/projecten/{id}")).await;
    assert!(r.body.contains("Karim Wijkwerker (fictief) — opbouwwerker"));
    assert!(!r.body.contains("/bewerken"));
    let r = c.get(&format!("{BASE}/projecten/{id}")).await;
    assert!(r.body.contains(&format!("{BASE}/projecten/{id}/bewerken")));

    // in the list, and filtered by theme
    let r = app.get(&format!("{BASE}/projecten")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Buurtnetwerken &#60;samen&#62; (fictief)"));
    assert!(r.body.contains("Samen zorgzaam in Merwestad (fictief)"));
    let r = app.get(&format!("{BASE}/projecten?thema={}", themes[1].0)).await;
    assert!(r.body.contains("Buurtnetwerken &#60;samen&#62; (fictief)"));
    assert!(!r.body.contains("Samen zorgzaam in Merwestad (fictief)"), "other themes filtered out");
    assert_eq!(app.get(&format!("{BASE}/projecten?thema=kapot")).await.status, StatusCode::OK);

    // in the relations table, in the rows of both organisations
    let r = app.get(&format!("{BASE}/relaties")).await;
    assert_eq!(r.status, StatusCode::OK);
    let link = format!("href=\"{BASE}/projecten/{id}\"");
    for o in [&gemeente, &welzijn] {
        let row_start =
            r.body.find(&format!("<th scope=\"row\"><a href=\"{BASE}/organisaties/{}\"", o.id)).expect("row");
        let row = &r.body[row_start..row_start + r.body[row_start..].find("</tr>").expect("row end")];
        assert!(row.contains(&link), "{} row links the project", o.name);
    }
    let table = &r.body[r.body.find("<table").expect("table")..];
    assert_eq!(table.matches(&link).count(), 2, "exactly the two partner rows");
    let svg = &r.body[r.body.find("<svg").expect("svg")..r.body.find("</svg>").expect("svg end")];
    assert!(svg.contains(&link), "and a node in the map");

    // editing: a new plan version, and the audit log records the change
    let mut fields = project_fields(themes[1].0, "Buurtnetwerken (fictief)", &[(gemeente.id, "300 uur")], "public");
    fields.retain(|(k, _)| k != "plan" && k != "change_note");
    fields.push(("plan".into(), "Tweede versie van het plan.".into()));
    let r = c.post_form(&format!("{BASE}/projecten/{id}"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&format!("{BASE}/projecten/{id}")).await;
    assert!(r.body.contains("Versie 2") && r.body.contains("Tweede versie van het plan."));
    assert!(r.body.contains("300 uur") && !r.body.contains(&welzijn.name));

    let r = c.get(&format!("{BASE}/logboek")).await;
    assert_eq!(r.status, StatusCode::OK);
    no_inline_styles(&r, "audit log");
    assert!(r.body.contains("Project: Buurtnetwerken (fictief)"));
    assert!(r.body.contains("gewijzigd") && r.body.contains("aangemaakt"));
    assert!(r.body.contains("<details"), "changed fields per row");
    assert!(r.body.contains("Deelnemende organisaties"), "a changed field by its Dutch name");
    assert!(r.body.contains("Projectplan"));
    assert!(r.body.contains("Carla Coördinator (fictief)"), "who");
    let newest = r.body.find("Project: Buurtnetwerken (fictief)").expect("update");
    let older = r.body.find("Project: Buurtnetwerken &#60;samen&#62; (fictief)").expect("create");
    assert!(newest < older, "newest first");

    // deleting, with confirmation
    let r = c.get(&format!("{BASE}/projecten/{id}/verwijderen")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = member.post_form(&format!("{BASE}/projecten/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c.post_form(&format!("{BASE}/projecten/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&format!("{BASE}/projecten/{id}")).await.status, StatusCode::NOT_FOUND);
    let r = c.get(&format!("{BASE}/logboek")).await;
    assert!(r.body.contains("verwijderd"));
}

#[tokio::test]
async fn members_only_projects_are_invisible_to_the_public() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let gemeente = org(&app, "Gemeente").await;
    let mut c = app.logged_in(COORDINATOR).await;
    let fields = project_fields(themes[0].0, "Vertrouwelijke verkenning (fictief)", &[(gemeente.id, "")], "members");
    let r = c.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_from_location(&r);

    assert_eq!(app.get(&format!("{BASE}/projecten/{id}")).await.status, StatusCode::NOT_FOUND);
    for path in ["projecten", "relaties", "themagroepen"] {
        let r = app.get(&format!("{BASE}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains("Vertrouwelijke verkenning"), "not in /{path} for the public");
    }
    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("{BASE}/projecten/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("alleen leden"));
    for path in ["projecten", "relaties", "themagroepen"] {
        let r = member.get(&format!("{BASE}/{path}")).await;
        assert!(r.body.contains("Vertrouwelijke verkenning (fictief)"), "members see it in /{path}");
    }
}

#[tokio::test]
async fn bad_project_input_is_refused_with_messages_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let gemeente = org(&app, "Gemeente").await;
    let before = project_count(&app).await;
    let mut c = app.logged_in(COORDINATOR).await;

    let mut fields = project_fields(themes[0].0, "Half af (fictief)", &[(gemeente.id, "veel uren")], "public");
    fields.retain(|(k, _)| k != "four_os" && k != "starts_on" && k != "ends_on");
    fields.push(("starts_on".into(), "2025-06-01".into()));
    fields.push(("ends_on".into(), "01-01-2025".into()));
    let r = c.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("class=\"error-summary\""));
    assert!(r.body.contains("Kies ten minste één van de 4 O"), "no 4 O's");
    assert!(r.body.contains("De einddatum ligt vóór de startdatum."), "end before start");
    assert!(r.body.contains("href=\"#four_os-0\""), "the summary links to the first box");
    assert!(r.body.contains("href=\"#ends_on\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("value=\"Half af (fictief)\""), "input kept");
    assert!(r.body.contains("value=\"veel uren\""), "contribution kept");
    assert!(r.body.contains("value=\"2025-01-01\""), "date normalised");
    assert_eq!(project_count(&app).await, before, "nothing created");

    // an empty title and an impossible date, in one go
    let mut fields = project_fields(themes[0].0, "  ", &[], "public");
    fields.retain(|(k, _)| k != "starts_on");
    fields.push(("starts_on".into(), "31-02-2024".into()));
    let r = c.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Dit veld is verplicht."));
    assert!(r.body.contains("Vul een bestaande datum in"));
    // a theme that is not on the agenda, an unknown size
    let mut fields = project_fields(999_999, "Elders (fictief)", &[], "public");
    fields.retain(|(k, _)| k != "size");
    fields.push(("size".into(), "reusachtig".into()));
    let r = c.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(project_count(&app).await, before, "still nothing created");

    // the public and plain members cannot post projects at all
    let mut member = app.logged_in(MEMBER).await;
    let fields = project_fields(themes[0].0, "Van een lid (fictief)", &[], "public");
    let r = member.post_form(&format!("{BASE}/projecten"), &refs(&fields)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(member.get(&format!("{BASE}/projecten/nieuw")).await.status, StatusCode::FORBIDDEN);
    assert_login_redirect(&app.get(&format!("{BASE}/projecten/nieuw")).await, "anonymous project form");
    assert_eq!(project_count(&app).await, before);
}

#[tokio::test]
async fn bodies_for_members_managed_by_managers() {
    let app = TestApp::spawn().await;
    assert_login_redirect(&app.get(&format!("{BASE}/organen")).await, "anonymous bodies");

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("{BASE}/organen")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    no_inline_styles(&r, "bodies");
    assert!(r.body.contains("Managementteam") && r.body.contains("Consortium"));
    assert!(r.body.contains("Lars Lector (fictief)"), "member names");
    assert!(r.body.contains("Wim Welzijn (fictief)"));
    assert!(!r.body.contains("Orgaan toevoegen"));
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let token = app.token(COORDINATOR).await;
    let actor = app.core.actor_for_api_token(&token).await.expect("ok").expect("actor");
    let bodies = app.core.bodies(Some(&actor), &tenant).await.expect("bodies");
    let mt = bodies.iter().find(|b| b.kind == "mt").expect("mt").id;
    let consortium = bodies.iter().find(|b| b.kind == "consortium").expect("consortium").id;
    assert_login_redirect(&app.get(&format!("{BASE}/organen/{mt}")).await, "anonymous body");
    assert_eq!(member.get(&format!("{BASE}/organen/{mt}")).await.status, StatusCode::OK);
    assert_eq!(member.get(&format!("{BASE}/organen/{mt}/bewerken")).await.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("{BASE}/organen/{mt}"), &[("name", "Overgenomen")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/organen/{mt}/bewerken")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("name=\"meetings\""), "meetings are planned as activities, not typed here");
    let lars = person_id(&app, "Lars").await;
    let dirk = person_id(&app, "Dirk").await;
    let r = c
        .post_form(
            &format!("{BASE}/organen/{mt}"),
            &[("name", "Managementteam ZHZ"), ("member_ids", &lars.to_string()), ("member_ids", &dirk.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.get(&format!("{BASE}/organen/{mt}")).await;
    assert_eq!(h1(&r), "Managementteam ZHZ");
    assert!(r.body.contains("Dirk Docent (fictief)") && !r.body.contains("Roos Onderzoeker"));

    let r = c.post_form(&format!("{BASE}/organen/{mt}"), &[("name", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#name\""));

    // delete the consortium and create it again through the form
    let r = c.post_form(&format!("{BASE}/organen/{consortium}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = c.get(&format!("{BASE}/organen/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<option value=\"consortium\"") && !r.body.contains("<option value=\"mt\""));
    let r = c.post_form(&format!("{BASE}/organen"), &[("kind", "consortium"), ("name", "Consortium ZHZ")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.get(r.location()).await;
    assert!(r.body.contains("Consortium ZHZ") && r.body.contains("Overleg plannen"));
    let r = c.post_form(&format!("{BASE}/organen"), &[("kind", "mt"), ("name", "Tweede MT")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is al een orgaan van deze soort."));
}

#[tokio::test]
async fn relations_map_is_an_accessible_image_with_a_table() {
    let app = TestApp::spawn().await;
    let themes = themes(&app).await;
    let orgs = organisations(&app).await;
    let r = app.get(&format!("{BASE}/relaties")).await;
    assert_eq!(r.status, StatusCode::OK);
    no_inline_styles(&r, "relations");
    assert!(r.body.contains("Een werkplaats is gebouwd op relaties."));
    let svg = &r.body[r.body.find("<svg").expect("svg")..r.body.find("</svg>").expect("svg end")];
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-labelledby=\"rel-title rel-desc\""));
    assert!(
        svg.contains("<title id=\"rel-title\">Relatiekaart van Werkplaats Sociaal Domein Zuid-Holland Zuid</title>")
    );
    assert!(svg.contains("<desc id=\"rel-desc\">"));
    assert!(svg.contains("viewBox=\"0 0 960 "));
    // every organisation, the four groups and the four public demo projects are linked nodes
    assert_eq!(svg.matches("<a href=").count(), orgs.len() + 4 + 4);
    assert!(svg.matches("class=\"rel-edge").count() >= 8, "lines for memberships and participations");
    for th in ["Organisatie", "Themagroepen", "Projecten"] {
        assert!(r.body.contains(&format!("<th scope=\"col\">{th}</th>")), "{th}");
    }
    assert_eq!(r.body.matches("<th scope=\"row\">").count(), orgs.len());

    // filtered on one theme: its group and project, and only the organisations connected to them
    let r = app.get(&format!("{BASE}/relaties?thema={}", themes[2].0)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Technologie in de wijkverpleging (fictief)"));
    assert!(!r.body.contains("Samen zorgzaam in Merwestad (fictief)"));
    assert!(r.body.contains(&format!("<option value=\"{}\" selected>", themes[2].0)));
    let svg = &r.body[r.body.find("<svg").expect("svg")..r.body.find("</svg>").expect("svg end")];
    let rows = r.body.matches("<th scope=\"row\">").count();
    assert!(rows < orgs.len(), "only connected organisations");
    assert_eq!(svg.matches("<a href=").count(), rows + 1 + 1);
    assert_eq!(app.get(&format!("{BASE}/relaties?thema=0")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn audit_log_for_managers_paginated() {
    let app = TestApp::spawn().await;
    assert_login_redirect(&app.get(&format!("{BASE}/logboek")).await, "anonymous audit log");
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get(&format!("{BASE}/logboek")).await.status, StatusCode::FORBIDDEN);

    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/logboek")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Het logboek is nog leeg."));

    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let token = app.token(COORDINATOR).await;
    let actor = app.core.actor_for_api_token(&token).await.expect("ok").expect("actor");
    let mt =
        app.core.bodies(Some(&actor), &tenant).await.expect("bodies").into_iter().find(|b| b.kind == "mt").expect("mt");
    for i in 1..=52 {
        let r = c.post_form(&format!("{BASE}/organen/{}", mt.id), &[("name", &format!("MT ronde {i}"))]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = c.get(&format!("{BASE}/logboek")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("<tr>").count(), 1 + 50, "a header row and 50 entries");
    assert!(r.body.contains("Orgaan: MT ronde 52"));
    assert!(r.body.contains(&format!("href=\"{BASE}/organen/{}\"", mt.id)));
    assert!(r.body.contains("<dt>Naam</dt>"));
    assert!(r.body.contains("MT ronde 51</span>"), "before");
    assert!(r.body.contains("→"), "before → after");
    assert!(!r.body.contains("Orgaan: MT ronde 2<"), "older entries on the next page");
    let next = r.body.split("href=\"").find(|s| s.contains("logboek?voor=")).expect("next page link");
    let next = &next[..next.find('"').expect("quote")];
    let r = c.get(next).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("<tr>").count(), 1 + 2);
    assert!(r.body.contains("Orgaan: MT ronde 1<") && r.body.contains("Orgaan: MT ronde 2<"));
    assert!(r.body.contains(&format!("href=\"{BASE}/logboek\"")), "back to the newest");
    assert_eq!(c.get(&format!("{BASE}/logboek?voor=abc")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn pages_in_english_too() {
    let app = TestApp::spawn().await;
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get("/taal/en?terug=/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for (path, title) in [
        ("themagroepen", "Theme groups"),
        ("projecten", "Projects"),
        ("organen", "Management team and consortium"),
        ("relaties", "Relations"),
        ("logboek", "Audit log"),
        ("projecten/nieuw", "New project"),
    ] {
        let r = c.get(&format!("{BASE}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(h1(&r), title, "{path}");
        assert!(!r.body.contains("??"), "{path}: no missing translations");
    }
}
