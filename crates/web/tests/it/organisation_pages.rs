//! The pages of the werkplaats organisation: governance checks, organisations, people and
//! letters of intent — who sees what, the forms (with refused input coming back as a 422 and
//! nothing changed), and the governance line on the werkplaats page.

use crate::common;
use crate::common::{COORDINATOR, LECTOR, MEMBER, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::Value;

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

/// The error summary of a refused form.
fn summary(r: &TestResponse) -> &str {
    let at = r.body.find("class=\"error-summary\" role=\"alert\"").unwrap_or_else(|| panic!("no summary: {}", r.body));
    &r.body[at..at + r.body[at..].find("</div>").expect("end of summary")]
}

fn assert_login_redirect(r: &TestResponse, what: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{what}: {}", r.body);
    assert!(r.location().starts_with("/inloggen?terug="), "{what}: {}", r.location());
}

/// All organisations of zhz as (id, name, kind), from the public API.
async fn organisations(app: &TestApp) -> Vec<(i64, String, String)> {
    let r = app.get("/api/v1/werkplaatsen/zhz/organisations?limit=200").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| {
            (
                o["id"].as_i64().expect("id"),
                o["name"].as_str().expect("name").to_owned(),
                o["kind"].as_str().expect("kind").to_owned(),
            )
        })
        .collect()
}

async fn organisation_id(app: &TestApp, name: &str) -> i64 {
    organisations(app).await.into_iter().find(|o| o.1 == name).unwrap_or_else(|| panic!("no organisation {name}")).0
}

async fn api_json(app: &TestApp, path: &str) -> Value {
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, path, Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.json()
}

async fn person_id(app: &TestApp, name: &str) -> Option<i64> {
    let people = api_json(app, "/api/v1/werkplaatsen/zhz/people?limit=200").await;
    people["items"].as_array().expect("items").iter().find(|p| p["name"] == name).and_then(|p| p["id"].as_i64())
}

#[tokio::test]
async fn governance_page_for_members_with_violations_first() {
    let app = TestApp::spawn().await;
    assert_login_redirect(&app.get("/werkplaatsen/zhz/governance").await, "anonymous");

    let groups = app.get("/api/v1/werkplaatsen/zhz/theme-groups?limit=200").await.json();
    let veerkracht = groups["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|g| g["name"] == "Professionele veerkracht")
        .and_then(|g| g["id"].as_i64())
        .expect("theme group Professionele veerkracht");

    for who in [MEMBER, COORDINATOR] {
        let mut b = app.logged_in(who).await;
        let r = b.get("/werkplaatsen/zhz/governance").await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
        assert_eq!(h1(&r), "Governance-checks");
        assert!(r.body.contains("<time datetime=\""), "evaluation time");
        assert!(r.body.contains("Beoordeeld op "), "evaluation time in words");
        // The partner rule is violated by the demo's theme group 'Professionele veerkracht'.
        let card_at = r.body.find("id=\"check-theme_group_min_partners\"").expect("card of the partner rule");
        let card_end = r.body[card_at + 1..]
            .find("id=\"check-")
            .or_else(|| r.body[card_at + 1..].find("</ol>"))
            .expect("end of the card");
        let card = &r.body[card_at..card_at + 1 + card_end];
        assert!(card.contains(">Overtreding</span>"), "{card}");
        assert!(
            card.contains(&format!(
                "<a href=\"/werkplaatsen/zhz/themagroepen/{veerkracht}\">Professionele veerkracht</a>"
            )),
            "the subject links to its theme group page: {card}"
        );
        // Violations first, then warnings, then the rest.
        let rank = |label: &str| match label {
            "Overtreding" => 0,
            "Waarschuwing" => 1,
            _ => 2,
        };
        let statuses: Vec<&str> = r
            .body
            .match_indices("class=\"badge badge-check-")
            .map(|(i, _)| {
                let rest = &r.body[i..];
                let start = rest.find('>').expect(">") + 1;
                &rest[start..start + rest[start..].find('<').expect("<")]
            })
            .collect();
        assert_eq!(statuses.len(), 10, "one card per rule: {statuses:?}");
        assert!(statuses.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "{statuses:?}");
        let report = api_json(&app, "/api/v1/werkplaatsen/zhz/governance").await;
        let violations = report["checks"].as_array().expect("checks").iter().filter(|c| c["status"] == "violation");
        let n = violations.count();
        assert!(n > 0);
        assert_eq!(statuses.iter().filter(|s| **s == "Overtreding").count(), n);
        let word = if n == 1 { "overtreding" } else { "overtredingen" };
        assert!(r.body.contains(&format!("{n} {word}, ")), "summary");
    }

    // In English the page is translated; the Dutch check messages are marked as Dutch.
    let mut b = app.logged_in(MEMBER).await;
    b.get("/taal/en?terug=/").await;
    let r = b.get("/werkplaatsen/zhz/governance").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Governance checks");
    assert!(r.body.contains(">Violation</span>"));
    assert!(r.body.contains("class=\"check-message\" lang=\"nl\""));

    // Another werkplaats's coordinator is no member here.
    let mut other = app.logged_in(common::OTHER_COORDINATOR).await;
    assert_eq!(other.get("/werkplaatsen/zhz/governance").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_werkplaats_page_shows_open_violations_to_managers_only() {
    let app = TestApp::spawn().await;
    let report = api_json(&app, "/api/v1/werkplaatsen/zhz/governance").await;
    let n = report["checks"].as_array().expect("checks").iter().filter(|c| c["status"] == "violation").count();
    assert!(n > 0, "the demo has violations");
    let notice = match n {
        1 => "1 open overtreding in de governance-checks".to_owned(),
        n => format!("{n} open overtredingen in de governance-checks"),
    };

    for who in [COORDINATOR, LECTOR] {
        let mut b = app.logged_in(who).await;
        let r = b.get("/werkplaatsen/zhz").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(&format!("<a href=\"/werkplaatsen/zhz/governance\">{notice}</a>")), "{who}");
        assert!(r.body.contains("href=\"/werkplaatsen/zhz/organisaties\">Organisaties</a>"));
    }

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get("/werkplaatsen/zhz").await;
    assert!(!r.body.contains("open overtreding"), "not for a member");
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/governance\">Governance</a>"), "members see the link");
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/mensen\">Mensen</a>"));

    let r = app.get("/werkplaatsen/zhz").await;
    assert!(!r.body.contains("open overtreding"), "not for the public");
    assert!(!r.body.contains("/governance"), "no governance link for the public");
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/organisaties\">Organisaties</a>"), "the list is public");

    // The coordinator of another werkplaats sees its own line there, not ours here.
    let mut other = app.logged_in(common::OTHER_COORDINATOR).await;
    assert!(!other.get("/werkplaatsen/zhz").await.body.contains("open overtreding"));
}

#[tokio::test]
async fn organisations_are_public_and_filterable() {
    let app = TestApp::spawn().await;
    let r = app.get("/werkplaatsen/zhz/organisaties").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Organisaties");
    assert!(r.body.contains("Gemeente Merwestad (fictief)"));
    assert!(r.body.contains("<td>Welzijnsorganisatie</td>"), "kinds in Dutch");
    assert!(!r.body.contains("Organisatie toevoegen"), "no managing for the public");
    assert!(!r.body.contains("/intentieovereenkomsten"), "letters are for members");

    let r = app.get("/werkplaatsen/zhz/organisaties?soort=hogeschool").await;
    assert!(r.body.contains("Hogeschool Maasoever (fictief)"));
    assert!(!r.body.contains("Gemeente Merwestad"), "filtered");
    assert!(r.body.contains("<option value=\"hogeschool\" selected>Hogeschool</option>"));
    let r = app.get("/werkplaatsen/zhz/organisaties?soort=lectoraat").await;
    assert!(r.body.contains("Er zijn geen organisaties van deze soort."), "empty state");
    let r = app.get("/werkplaatsen/voorbeeld/organisaties").await;
    assert!(r.body.contains("Er zijn nog geen organisaties vastgelegd."), "empty state: {}", r.body);

    // Details: public facts for everyone, the letter of intent and people for members.
    let id = organisation_id(&app, "Gemeente Merwestad (fictief)").await;
    let r = app.get(&format!("/werkplaatsen/zhz/organisaties/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Gemeente Merwestad (fictief)");
    assert!(r.body.contains("Merwestad"));
    assert!(!r.body.contains("Intentieovereenkomst getekend op"));
    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("/werkplaatsen/zhz/organisaties/{id}")).await;
    assert!(r.body.contains("Intentieovereenkomst getekend op 15 december 2022"), "{}", r.body);
    assert!(r.body.contains("Gina Gemeente (fictief)"), "its people");
    assert!(!r.body.contains("Organisatie bewerken"), "members do not manage");
    let mut coordinator = app.logged_in(COORDINATOR).await;
    let r = coordinator.get("/werkplaatsen/zhz/organisaties").await;
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/organisaties/nieuw\">Organisatie toevoegen</a>"));
    assert_eq!(app.get("/werkplaatsen/zhz/organisaties/999999").await.status, StatusCode::NOT_FOUND);
    let other = organisations(&app).await;
    assert!(!other.is_empty());
}

#[tokio::test]
async fn the_organisation_list_pages_with_a_cursor() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    for i in 0..52 {
        let body = serde_json::json!({ "name": format!("Buurtorganisatie {i:02}"), "kind": "overig" });
        let r = app.api(Method::POST, "/api/v1/werkplaatsen/zhz/organisations", Some(&token), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    assert_eq!(organisations(&app).await.len(), 58);
    let rows = |r: &TestResponse| r.body.matches("<tr><td><a href=\"/werkplaatsen/zhz/organisaties/").count();
    let next_link = |r: &TestResponse, prefix: &str| {
        let at =
            r.body.find(prefix).unwrap_or_else(|| panic!("no link {prefix} in {}", &r.body[r.body.len() - 1500..]));
        r.body[at..at + r.body[at..].find('"').expect("end")].replace("&#38;", "&")
    };
    let r = app.get("/werkplaatsen/zhz/organisaties").await;
    assert_eq!(rows(&r), 50);
    let r = app.get(&next_link(&r, "/werkplaatsen/zhz/organisaties?na=")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(rows(&r), 8, "{}", r.body);
    assert!(r.body.contains("Zorggroep De Linde (fictief)"), "sorted by name");
    assert!(!r.body.contains("?na="), "last page");
    // The filter is kept across pages.
    let r = app.get("/werkplaatsen/zhz/organisaties?soort=overig").await;
    assert_eq!(rows(&r), 50);
    let r = app.get(&next_link(&r, "/werkplaatsen/zhz/organisaties?soort=overig&#38;na=")).await;
    assert_eq!(rows(&r), 2, "{}", r.body);
    assert!(r.body.contains("Buurtorganisatie 51"));
    assert!(!r.body.contains("Zorggroep"), "still filtered");
}

#[tokio::test]
async fn a_coordinator_creates_edits_and_deletes_an_organisation() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let before = organisations(&app).await;

    let r = b.get("/werkplaatsen/zhz/organisaties/nieuw").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Nieuwe organisatie");
    assert!(r.body.contains("<option value=\"burger_clientorganisatie\">Burger- of cliëntorganisatie</option>"));

    // Refused: every problem at once, the typed values kept, nothing created.
    let bad = [("name", ""), ("kind", ""), ("city", "Merwestad"), ("website", "www.buurtkracht.example")];
    let r = b.post_form("/werkplaatsen/zhz/organisaties", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let s = summary(&r);
    assert!(s.contains("<a href=\"#name\">Naam: Dit veld is verplicht.</a>"), "{s}");
    assert!(s.contains("<a href=\"#kind\">Soort: Dit veld is verplicht.</a>"), "{s}");
    assert!(s.contains("<a href=\"#website\">Website: Vul een volledig webadres in"), "{s}");
    assert!(r.body.contains("value=\"Merwestad\""), "typed value kept");
    assert!(r.body.contains("value=\"www.buurtkracht.example\""), "typed value kept");
    assert!(r.body.contains("aria-invalid=\"true\" aria-describedby=\"name-error\""));
    assert_eq!(organisations(&app).await, before, "nothing created");

    // A name that exists already.
    let r = b
        .post_form("/werkplaatsen/zhz/organisaties", &[("name", "Gemeente Merwestad (fictief)"), ("kind", "gemeente")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Er is al een organisatie met deze naam."));
    assert_eq!(organisations(&app).await, before);

    // Accepted.
    let good = [
        ("name", "Buurtkracht Merwestad"),
        ("kind", "burger_clientorganisatie"),
        ("city", "Merwestad"),
        ("website", "https://buurtkracht.example"),
        ("email", "info@buurtkracht.example"),
    ];
    let r = b.post_form("/werkplaatsen/zhz/organisaties", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = organisation_id(&app, "Buurtkracht Merwestad").await;
    assert_eq!(r.location(), format!("/werkplaatsen/zhz/organisaties/{id}?opgeslagen=1"));
    let r = b.get(r.location()).await;
    assert!(r.body.contains("<p class=\"notice\" role=\"status\">De organisatie is opgeslagen.</p>"));
    assert!(r.body.contains("Burger- of cliëntorganisatie"));
    assert!(r.body.contains("<a href=\"https://buurtkracht.example\" rel=\"noopener noreferrer\">"));
    assert!(r.body.contains("<a href=\"mailto:info@buurtkracht.example\">"));

    // Edit: the form shows the stored values; the change is saved.
    let r = b.get(&format!("/werkplaatsen/zhz/organisaties/{id}/bewerken")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Organisatie bewerken: Buurtkracht Merwestad");
    assert!(r.body.contains("value=\"https://buurtkracht.example\""));
    assert!(r.body.contains("<option value=\"burger_clientorganisatie\" selected>"));
    let r = b
        .post_form(
            &format!("/werkplaatsen/zhz/organisaties/{id}"),
            &[("name", "Buurtkracht Merwestad"), ("kind", "welzijn"), ("city", "Lindewaard")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = organisations(&app).await;
    let row = after.iter().find(|o| o.0 == id).expect("still there");
    assert_eq!(row.2, "welzijn");
    let r = b.get(&format!("/werkplaatsen/zhz/organisaties/{id}")).await;
    assert!(r.body.contains("Lindewaard"));
    assert!(!r.body.contains("buurtkracht.example"), "emptied fields are cleared");
    // A refused edit changes nothing.
    let r = b.post_form(&format!("/werkplaatsen/zhz/organisaties/{id}"), &[("name", " "), ("kind", "welzijn")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h1(&r), "Organisatie bewerken: Buurtkracht Merwestad");
    assert_eq!(organisations(&app).await, after);

    // Delete: a confirmation page, then the list with a status message.
    let r = b.get(&format!("/werkplaatsen/zhz/organisaties/{id}/verwijderen")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Organisatie verwijderen: Buurtkracht Merwestad");
    let r = b.post_form(&format!("/werkplaatsen/zhz/organisaties/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/werkplaatsen/zhz/organisaties?verwijderd=1");
    let r = b.get(r.location()).await;
    assert!(r.body.contains("<p class=\"notice\" role=\"status\">De organisatie is verwijderd.</p>"));
    assert!(!r.body.contains("Buurtkracht"));
    assert_eq!(organisations(&app).await, before);
}

#[tokio::test]
async fn members_and_the_public_cannot_change_organisations() {
    let app = TestApp::spawn().await;
    let before = organisations(&app).await;
    let id = organisation_id(&app, "Gemeente Merwestad (fictief)").await;
    let mut member = app.logged_in(MEMBER).await;
    let fields = [("name", "Ledenclub"), ("kind", "overig")];
    for (path, fields) in [
        ("/werkplaatsen/zhz/organisaties".to_owned(), &fields[..]),
        (format!("/werkplaatsen/zhz/organisaties/{id}"), &fields[..]),
        (format!("/werkplaatsen/zhz/organisaties/{id}/verwijderen"), &[][..]),
    ] {
        let r = member.post_form(&path, fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
        assert!(r.body.contains("Geen toegang"), "{path}");
    }
    for path in [
        "/werkplaatsen/zhz/organisaties/nieuw".to_owned(),
        format!("/werkplaatsen/zhz/organisaties/{id}/bewerken"),
        format!("/werkplaatsen/zhz/organisaties/{id}/verwijderen"),
    ] {
        assert_eq!(member.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
        assert_login_redirect(&app.get(&path).await, &path);
    }
    // Anonymous with a valid CSRF token still needs to log in.
    let mut anonymous = app.browser().await;
    let r = anonymous.post_form("/werkplaatsen/zhz/organisaties", &fields).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    // The coordinator of another werkplaats has no say here.
    let mut other = app.logged_in(common::OTHER_COORDINATOR).await;
    assert_eq!(other.post_form("/werkplaatsen/zhz/organisaties", &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(organisations(&app).await, before);
}

#[tokio::test]
async fn a_person_round_trip_with_one_and_a_half_days() {
    let app = TestApp::spawn().await;
    let org = organisation_id(&app, "Welzijn Drechtoevers (fictief)").await;
    let org_s = org.to_string();
    let mut b = app.logged_in(COORDINATOR).await;

    let r = b.get(&format!("/werkplaatsen/zhz/mensen/nieuw?organisatie={org}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(h1(&r), "Nieuwe persoon");
    assert!(r.body.contains(&format!("<option value=\"{org}\" selected>Welzijn Drechtoevers (fictief)</option>")));
    assert!(r.body.contains("<legend>Rollen in de werkplaats</legend>"));
    assert!(!r.body.contains("value=\"theme-lead\""), "themaleider follows from the theme groups");

    // Refused: unreadable days and no name, both reported; typed values and ticks kept.
    let bad = [
        ("name", ""),
        ("email", "fenna@welzijn.example"),
        ("organisation_id", org_s.as_str()),
        ("days_per_week", "anderhalf"),
        ("functions", "teacher-researcher"),
        ("functions", "lector"),
    ];
    let r = b.post_form("/werkplaatsen/zhz/mensen", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let s = summary(&r);
    assert!(s.contains("Naam: Dit veld is verplicht."), "{s}");
    assert!(s.contains("<a href=\"#days_per_week\">Dagen per week: Vul een getal van 0 tot en met 5 in"), "{s}");
    assert!(r.body.contains("value=\"anderhalf\""));
    assert!(r.body.contains("value=\"teacher-researcher\" checked"));
    assert!(r.body.contains("value=\"lector\" checked"));
    assert!(!r.body.contains("value=\"student\" checked"));
    assert_eq!(person_id(&app, "Fenna Flink").await, None, "nothing created");

    let good = [
        ("name", "Fenna Flink"),
        ("email", "fenna@welzijn.example"),
        ("organisation_id", org_s.as_str()),
        ("position", "opbouwwerker"),
        ("is_manager", "ja"),
        ("days_per_week", "1,5"),
        ("functions", "teacher-researcher"),
        ("functions", "lector"),
    ];
    let r = b.post_form("/werkplaatsen/zhz/mensen", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = person_id(&app, "Fenna Flink").await.expect("created");
    assert_eq!(r.location(), format!("/werkplaatsen/zhz/mensen/{id}?opgeslagen=1"));
    let stored = api_json(&app, &format!("/api/v1/werkplaatsen/zhz/people/{id}")).await;
    assert_eq!(stored["days_per_week"], 1.5);
    assert_eq!(stored["is_manager"], true);
    assert_eq!(stored["organisation_id"], org);

    let r = b.get(r.location()).await;
    assert_eq!(h1(&r), "Fenna Flink");
    assert!(r.body.contains("role=\"status\">De gegevens van deze persoon zijn opgeslagen.</p>"));
    assert!(r.body.contains("1,5 dag per week"), "{}", r.body);
    assert!(r.body.contains("<li>lector</li>"));
    assert!(r.body.contains("<li>docent-onderzoeker</li>"));
    assert!(r.body.contains("<dd>Ja</dd>"));
    assert!(
        r.body
            .contains(&format!("<a href=\"/werkplaatsen/zhz/organisaties/{org}\">Welzijn Drechtoevers (fictief)</a>"))
    );

    // The edit form shows "1,5" again; "2.5" with a point is read too.
    let r = b.get(&format!("/werkplaatsen/zhz/mensen/{id}/bewerken")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"1,5\""));
    assert!(r.body.contains("id=\"is_manager\" name=\"is_manager\" value=\"ja\" checked"));
    let edit = [("name", "Fenna Flink"), ("days_per_week", "2.5"), ("functions", "professional")];
    let r = b.post_form(&format!("/werkplaatsen/zhz/mensen/{id}"), &edit).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.get(&format!("/werkplaatsen/zhz/mensen/{id}")).await;
    assert!(r.body.contains("2,5 dag per week"));
    assert!(r.body.contains("<li>professional bij een partner</li>"));
    assert!(!r.body.contains("<li>lector</li>"));
    assert!(r.body.contains("<dd>Nee</dd>"), "unticked is saved as no");
    let r = b
        .post_form(&format!("/werkplaatsen/zhz/mensen/{id}"), &[("name", "Fenna Flink"), ("days_per_week", "6")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api_json(&app, &format!("/api/v1/werkplaatsen/zhz/people/{id}")).await["days_per_week"], 2.5);

    // Members see people but do not manage them; the public sees nothing.
    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&format!("/werkplaatsen/zhz/mensen/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("Gegevens bewerken"));
    assert_eq!(member.get("/werkplaatsen/zhz/mensen/nieuw").await.status, StatusCode::FORBIDDEN);
    assert_eq!(member.post_form("/werkplaatsen/zhz/mensen", &good).await.status, StatusCode::FORBIDDEN);
    assert_login_redirect(&app.get(&format!("/werkplaatsen/zhz/mensen/{id}")).await, "anonymous person page");

    // Delete with confirmation.
    let r = b.get(&format!("/werkplaatsen/zhz/mensen/{id}/verwijderen")).await;
    assert_eq!(h1(&r), "Persoon verwijderen: Fenna Flink");
    let r = b.post_form(&format!("/werkplaatsen/zhz/mensen/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/werkplaatsen/zhz/mensen");
    assert_eq!(person_id(&app, "Fenna Flink").await, None);
    assert_eq!(b.get(&format!("/werkplaatsen/zhz/mensen/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn letters_of_intent_for_members_managed_by_coordinators() {
    let app = TestApp::spawn().await;
    assert_login_redirect(&app.get("/werkplaatsen/zhz/intentieovereenkomsten").await, "anonymous");
    let mut member = app.logged_in(MEMBER).await;
    let r = member.get("/werkplaatsen/zhz/intentieovereenkomsten").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Intentieovereenkomsten");
    assert!(r.body.contains("Gemeente Merwestad (fictief)"));
    assert!(r.body.contains("15 december 2022"));
    assert!(r.body.contains("Mirjam Manager (fictief)"));
    assert!(r.body.contains("400 uur"));
    assert!(!r.body.contains("Intentieovereenkomst toevoegen"));
    let at = r.body.find("/werkplaatsen/zhz/intentieovereenkomsten/").expect("link to a letter");
    let link = &r.body[at..at + r.body[at..].find('"').expect("end")];
    let r = member.get(link).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h2>Afspraken in de intentieovereenkomst</h2>"));
    assert!(r.body.contains("organiseert ten minste één themabijeenkomst mee"));
    assert!(r.body.contains("Medewerkers denken mee in ten minste één themagroep."));
    assert!(r.body.contains("ten minste één groter project of aan meerdere kleinere projecten"));

    let mut b = app.logged_in(COORDINATOR).await;
    let hs = organisation_id(&app, "Hogeschool Maasoever (fictief)").await.to_string();
    let gemeente = organisation_id(&app, "Gemeente Merwestad (fictief)").await.to_string();
    let lars = person_id(&app, "Lars Lector (fictief)").await.expect("Lars").to_string();
    let count = |v: Value| v["items"].as_array().expect("items").len();
    let before = count(api_json(&app, "/api/v1/werkplaatsen/zhz/letters-of-intent").await);

    let r = b
        .post_form(
            "/werkplaatsen/zhz/intentieovereenkomsten",
            &[("organisation_id", ""), ("signed_on", "2024-02-30"), ("estimated_hours", "veel")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let s = summary(&r);
    assert!(s.contains("Organisatie: Dit veld is verplicht."), "{s}");
    assert!(s.contains("Getekend op: Vul een bestaande datum in"), "{s}");
    assert!(s.contains("Geschatte inzet in uren: Vul een heel aantal uren in"), "{s}");
    assert!(r.body.contains("value=\"2024-02-30\""));
    let r = b
        .post_form(
            "/werkplaatsen/zhz/intentieovereenkomsten",
            &[("organisation_id", gemeente.as_str()), ("signed_on", "2024-03-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Deze organisatie heeft al een intentieovereenkomst."));
    assert_eq!(count(api_json(&app, "/api/v1/werkplaatsen/zhz/letters-of-intent").await), before);

    let r = b.get(&format!("/werkplaatsen/zhz/intentieovereenkomsten/nieuw?organisatie={hs}")).await;
    assert!(r.body.contains(&format!("<option value=\"{hs}\" selected>")));
    assert!(r.body.contains("type=\"date\""));
    let good = [
        ("organisation_id", hs.as_str()),
        ("signed_on", "2024-03-15"),
        ("representative_id", lars.as_str()),
        ("estimated_hours", "1200"),
        ("estimated_note", "Twee docent-onderzoekers"),
    ];
    let r = b.post_form("/werkplaatsen/zhz/intentieovereenkomsten", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let detail = r.location().split('?').next().expect("path").to_owned();
    let r = b.get(r.location()).await;
    assert_eq!(h1(&r), "Intentieovereenkomst Hogeschool Maasoever (fictief)");
    assert!(r.body.contains("15 maart 2024"));
    assert!(r.body.contains("1.200 uur"));
    assert!(r.body.contains("Lars Lector (fictief)</a>"));
    assert!(r.body.contains("Intentieovereenkomst bewerken"));

    let r = b.get(&format!("{detail}/bewerken")).await;
    assert!(r.body.contains("value=\"2024-03-15\""));
    let r = b.post_form(&detail, &[("organisation_id", hs.as_str()), ("signed_on", "2024-04-01")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.get(&detail).await;
    assert!(r.body.contains("1 april 2024"));
    assert!(r.body.contains("<dd>Niet ingevuld</dd>"), "no representative any more");
    assert_eq!(member.post_form(&format!("{detail}/verwijderen"), &[]).await.status, StatusCode::FORBIDDEN);

    let r = b.post_form(&format!("{detail}/verwijderen"), &[]).await;
    assert_eq!(r.location(), "/werkplaatsen/zhz/intentieovereenkomsten?verwijderd=1");
    let r = b.get(r.location()).await;
    assert!(r.body.contains("role=\"status\">De intentieovereenkomst is verwijderd.</p>"));
    assert_eq!(count(api_json(&app, "/api/v1/werkplaatsen/zhz/letters-of-intent").await), before);
}

#[tokio::test]
async fn the_home_page_shows_a_coordinator_her_open_violations() {
    let app = TestApp::spawn().await;
    let mut coordinator = app.logged_in(COORDINATOR).await;
    let home = coordinator.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("1 open overtreding"), "{}", home.body);
    assert!(home.body.contains("href=\"/werkplaatsen/zhz/governance\""));
    // Members and visitors see the list without it; the other werkplaats is not hers.
    let mut member = app.logged_in(MEMBER).await;
    assert!(!member.get("/").await.body.contains("overtreding"));
    assert!(!app.get("/").await.body.contains("overtreding"));
    assert!(!home.body.contains("href=\"/werkplaatsen/voorbeeld/governance\""));
}
