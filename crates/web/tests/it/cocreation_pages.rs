//! Pages of agenda co-creation (issue 15): members only (visitors log in, others get 403), the
//! forms that save and redirect with a confirmation, refused forms that say why in Dutch and change
//! nothing, and one process walked through the pages from pitch to adoption.

use crate::common::{Browser, COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::http::StatusCode;
use broedplaats_core::cocreation::{ClusterInput, PhaseInput, PitchInput, ProcessInput};
use broedplaats_core::kernel::actor::Actor;

const BASE: &str = "/werkplaatsen/zhz/cocreatie";

async fn actor(app: &TestApp, email: &str) -> Actor {
    let token = app.token(email).await;
    app.core.actor_for_api_token(&token).await.expect("actor").expect("actor")
}

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn ok(r: &TestResponse, what: &str) {
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
    assert!(!r.body.contains("style="), "{what}: no inline styles (CSP)");
    assert!(!r.body.contains("<script>"), "{what}: no inline scripts (CSP)");
    assert!(!r.body.contains("??"), "{what}: a missing translation");
}

/// A redirect after a save, to `to` (path, before the query) with the confirmation `melding`.
fn saved(r: &TestResponse, to: &str, melding: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location();
    assert_eq!(location.split('?').next(), Some(to), "{location}");
    assert!(location.contains(&format!("melding={melding}")), "{location}");
}

/// The text of the error summary.
fn summary(r: &TestResponse) -> String {
    let start = r.body.find("class=\"error-summary\"").unwrap_or_else(|| panic!("no error summary: {}", r.body));
    let end = r.body[start..].find("</div>").expect("</div>") + start;
    r.body[start..end].to_owned()
}

/// A process of zhz made by the coordinator, in the pitching phase, with one pitch of the member.
async fn process(app: &TestApp) -> (i64, i64) {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let coord = actor(app, COORDINATOR).await;
    let input = ProcessInput { title: "Agenda 2027".into(), ..Default::default() };
    let id = app.core.create_process(Some(&coord), &tenant, &input).await.expect("process");
    let member = actor(app, MEMBER).await;
    let pitch = PitchInput {
        title: "Eenzaamheid onder mantelzorgers".into(),
        question: "Hoe staan mantelzorgers er minder alleen voor?".into(),
        ..Default::default()
    };
    let pid = app.core.submit_pitch(Some(&member), &tenant, id, &pitch).await.expect("pitch");
    (id, pid)
}

async fn pitch_count(app: &TestApp, id: i64) -> usize {
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let coord = actor(app, COORDINATOR).await;
    app.core.pitches(Some(&coord), &tenant, id).await.expect("pitches").len()
}

#[tokio::test]
async fn the_pages_are_for_members_of_the_werkplaats() {
    let app = TestApp::spawn().await;
    let (id, pid) = process(&app).await;
    let p = format!("{BASE}/{id}");
    let pages = [
        BASE.to_owned(),
        p.clone(),
        format!("{p}/pitches"),
        format!("{p}/pitches/{pid}"),
        format!("{p}/clusters"),
        format!("{p}/prioriteren"),
        format!("{p}/dwarsverbanden"),
        format!("{p}/amendementen"),
    ];

    // Visitors are asked to log in; the coordinator of another werkplaats may not look.
    for path in &pages {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/inloggen?terug="), "{path}: {}", r.location());
    }
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    for path in &pages {
        assert_eq!(other.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }

    // A member sees every page, with the forms of the phase but not the coordinator's.
    let mut member = app.logged_in(MEMBER).await;
    for path in &pages {
        ok(&member.get(path).await, path);
    }
    let r = member.get(BASE).await;
    assert_eq!(h1(&r), "Co-creatie van de agenda");
    assert!(r.body.contains("Agenda 2027"));
    assert!(!r.body.contains("Proces starten"), "only managers start a process");
    let r = member.get(&p).await;
    assert_eq!(h1(&r), "Agenda 2027");
    assert!(r.body.contains("Fase 1 van 7: inventariseren"));
    assert!(r.body.contains(r#"id="fase-inventariseren" aria-current="step""#), "the current phase is marked");
    for name in ["inventariseren", "clusteren", "prioriteren", "uitwerken", "concept", "amenderen", "vastgesteld"] {
        assert!(r.body.contains(&format!("id=\"fase-{name}\"")), "{name} in the timeline");
    }
    assert!(r.body.contains("Wie mag wat?"));
    assert!(!r.body.contains("Naar de volgende fase"), "members do not move the process on");
    assert!(!r.body.contains("Planning aanpassen"), "nor plan it");
    assert!(r.body.contains(&format!("{p}/herkomst")) && r.body.contains(&format!("{p}/verslag")));
    let r = member.get(&format!("{p}/pitches")).await;
    assert!(r.body.contains("Pitch indienen"), "members pitch while pitching");
    let r = member.get(&format!("{p}/pitches/{pid}")).await;
    assert!(r.body.contains("Pitch aanpassen"), "the author may change the pitch");
    assert!(!r.body.contains("Waarom niet overgenomen?"), "only managers record why not");
    for path in [format!("{p}/fase"), format!("{p}/vaststellen")] {
        assert_eq!(member.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(member.get(&format!("{p}/pitches/999999")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(member.get(&format!("{BASE}/999999")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(member.get(&format!("{BASE}/abc")).await.status, StatusCode::NOT_FOUND);

    // The coordinator gets the management forms; a lector too.
    for email in [COORDINATOR, LECTOR] {
        let mut manager = app.logged_in(email).await;
        let r = manager.get(&p).await;
        assert!(r.body.contains("Naar de volgende fase: clusteren"), "{email}");
        assert!(r.body.contains("Planning aanpassen"), "{email}");
        ok(&manager.get(&format!("{p}/fase")).await, "next phase");
        ok(&manager.get(&format!("{p}/vaststellen")).await, "adopt");
        assert!(manager.get(BASE).await.body.contains("Proces starten"));
    }

    // The werkplaats page links the pages for members only.
    let link = format!("href=\"{BASE}\"");
    assert!(member.get("/werkplaatsen/zhz").await.body.contains(&link));
    assert!(!app.get("/werkplaatsen/zhz").await.body.contains(&link));
}

#[tokio::test]
async fn refused_forms_say_why_in_dutch_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (id, pid) = process(&app).await;
    let p = format!("{BASE}/{id}");
    let mut member = app.logged_in(MEMBER).await;

    // An empty pitch.
    let r = member.post_form(&format!("{p}/pitches"), &[("title", " "), ("question", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let s = summary(&r);
    assert!(s.contains("Titel: Dit veld is verplicht."), "{s}");
    assert!(s.contains("Vraag: Dit veld is verplicht."), "{s}");
    assert!(s.contains("href=\"#pitch-title\""), "the summary links to the field: {s}");
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(pitch_count(&app, id).await, 1, "nothing was added");
    // An organisation that is not the werkplaats's.
    let r = member
        .post_form(&format!("{p}/pitches"), &[("title", "T"), ("question", "V"), ("organisation", "999999")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Deze organisatie is geen partner van de werkplaats"));
    assert!(r.body.contains("value=\"T\""), "what was typed comes back");
    assert_eq!(pitch_count(&app, id).await, 1);
    // Supporting one's own pitch.
    let r = member.post_form(&format!("{p}/pitches/{pid}/steun"), &[("rol", "steunen")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("U bent auteur van deze pitch"));

    // The coordinator: a process without a title and with points that are no number.
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let c = actor(&app, COORDINATOR).await;
    let processes = app.core.processes(Some(&c), &tenant).await.expect("processes").len();
    let mut coord = app.logged_in(COORDINATOR).await;
    let r = coord.post_form(BASE, &[("title", ""), ("points_per_participant", "tien")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let s = summary(&r);
    assert!(
        s.contains("Titel: Dit veld is verplicht.") && s.contains("Punten per deelnemer: Vul een heel getal in."),
        "{s}"
    );
    let r = coord.post_form(BASE, &[("title", "Te veel"), ("points_per_participant", "500")]).await;
    assert!(summary(&r).contains("Het aantal punten per deelnemer ligt tussen 1 en 100."));
    assert_eq!(app.core.processes(Some(&c), &tenant).await.expect("processes").len(), processes, "none was added");
    // A plan that ends before it starts.
    let r = coord
        .post_form(&format!("{p}/fasen/clusteren"), &[("starts_on", "2027-03-10"), ("ends_on", "2027-03-01")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Einddatum: De einddatum ligt vóór de begindatum."));
    assert!(r.body.contains("<details class=\"cc-plan\" open>"), "the refused plan form is open");
    let view = app.core.process(Some(&c), &tenant, id).await.expect("process");
    assert!(view.phases.iter().all(|ph| ph.starts_on.is_none()), "no plan was saved");
    // A phase that does not exist.
    assert_eq!(coord.post_form(&format!("{p}/fasen/later"), &[]).await.status, StatusCode::NOT_FOUND);
    // Clusters outside the clustering phase.
    let r = coord.post_form(&format!("{p}/clusters"), &[("title", "Te vroeg"), ("pitch_ids", &pid.to_string())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Clusters maken en indelen kan alleen in de fase clusteren."));
    // Skipping a phase.
    let r = coord.post_form(&format!("{p}/fase"), &[("naar", "prioritising")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("het proces kan alleen naar de volgende fase"));
    assert_eq!(app.core.process(Some(&c), &tenant, id).await.expect("process").phase.code(), "pitching");

    // Too many points while prioritising.
    for phase in ["clustering", "prioritising"] {
        if phase == "prioritising" {
            let input = ClusterInput { title: "Mantelzorg".into(), pitch_ids: vec![pid] };
            app.core.create_cluster(Some(&c), &tenant, id, &input, false).await.expect("cluster");
        }
        app.core.set_phase(Some(&c), &tenant, id, &PhaseInput { phase: phase.into() }).await.expect("phase");
    }
    let cid = app.core.clusters(Some(&c), &tenant, id).await.expect("clusters")[0].id;
    let r = member.post_form(&format!("{p}/prioriteren"), &[(&format!("points_{cid}"), "11")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let s = summary(&r);
    assert!(s.contains("U verdeelt meer punten dan u heeft."), "{s}");
    assert!(s.contains(&format!("href=\"#points_{cid}\"")), "{s}");
    let r = member.post_form(&format!("{p}/prioriteren"), &[(&format!("points_{cid}"), "veel")]).await;
    assert!(summary(&r).contains("Mantelzorg: Vul een heel getal in."), "named by its cluster");
    let results = app.core.results(Some(&c), &tenant, id).await.expect("results");
    assert_eq!(results.participants_voted, 0, "no points were saved");
}

/// Posts `fields` to `path` and follows the redirect; returns the page it led to.
async fn submit(b: &mut Browser<'_>, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let r = b.post_form(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", summary_or_body(&r));
    b.get(r.location()).await
}

fn summary_or_body(r: &TestResponse) -> String {
    if r.body.contains("error-summary") { summary(r) } else { r.body.chars().take(2000).collect() }
}

/// The id at the end of a path such as `/werkplaatsen/zhz/cocreatie/3/pitches/7?melding=…`.
fn last_id(location: &str) -> i64 {
    let path = location.split(['?', '#']).next().unwrap_or_default();
    path.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no id in {location}"))
}

#[tokio::test]
async fn a_process_walks_from_pitches_to_the_adopted_agenda() {
    let app = TestApp::spawn().await;
    let mut coord = app.logged_in(COORDINATOR).await;
    let mut member = app.logged_in(MEMBER).await;

    let r = coord
        .post_form(BASE, &[("title", "Agenda 2027"), ("points_per_participant", "6"), ("anonymous_votes", "1")])
        .await;
    saved(&r, &format!("{BASE}/{}", last_id(r.location())), "process_created");
    let p = r.location().split('?').next().expect("path").to_owned();
    let r = coord.get(r.location()).await;
    assert!(r.body.contains("Het proces is gestart."));
    let r = submit(
        &mut coord,
        &format!("{p}/fasen/inventariseren"),
        &[("starts_on", "2027-03-01"), ("ends_on", "2027-03-21"), ("explanation", "Pitch vóór 21 maart.")],
    )
    .await;
    assert!(r.body.contains("Van 1 maart 2027 tot en met 21 maart 2027") && r.body.contains("Pitch vóór 21 maart."));

    // Pitches: the member's (changed once), the coordinator's; the coordinator supports the member's.
    let r = member
        .post_form(&format!("{p}/pitches"), &[("title", "Mantelzorgers"), ("question", "Hoe helpen we mantelzorgers?")])
        .await;
    let mine = last_id(r.location());
    saved(&r, &format!("{p}/pitches/{mine}"), "pitch_submitted");
    let r = submit(
        &mut member,
        &format!("{p}/pitches/{mine}"),
        &[("title", "Mantelzorgers"), ("question", "Hoe staan mantelzorgers er minder alleen voor?")],
    )
    .await;
    assert!(r.body.contains("Versie 2") && r.body.contains("Versie 1"), "both versions are listed");
    let r = coord
        .post_form(
            &format!("{p}/pitches"),
            &[("title", "Vertrouwen"), ("question", "Hoe groeit vertrouwen in de gemeente?")],
        )
        .await;
    let theirs = last_id(r.location());
    let r = submit(&mut coord, &format!("{p}/pitches/{mine}/steun"), &[("rol", "steunen")]).await;
    assert!(r.body.contains("U steunt deze pitch."));
    let r = coord.get(&format!("{p}/pitches")).await;
    assert!(r.body.contains("Mantelzorgers") && r.body.contains("Vertrouwen"));

    // Clustering: a suggestion taken over (with a pitch clustered meanwhile skipped), one by hand,
    // one pitch moved and moved back, a merge and a split, a concern.
    let r = submit(&mut coord, &format!("{p}/fase"), &[("naar", "clustering")]).await;
    assert!(r.body.contains("Het proces is nu in fase 2."), "{}", r.body);
    let r = coord.get(&format!("{p}/clusters")).await;
    ok(&r, "clusters");
    assert!(r.body.contains("Voorstellen voor clusters") && r.body.contains("Overnemen"));
    let r =
        submit(&mut coord, &format!("{p}/clusters"), &[("title", "Vertrouwen"), ("pitch_ids", &theirs.to_string())])
            .await;
    assert!(r.body.contains("Het cluster is gemaakt."));
    let fields =
        [("index", "0"), ("title", "Mantelzorg"), ("pitch_ids", &mine.to_string()), ("pitch_ids", &theirs.to_string())];
    let r = submit(&mut coord, &format!("{p}/clusters/overnemen"), &fields).await;
    assert!(r.body.contains("Overgeslagen omdat ze al in een ander cluster zaten: 1 pitch(es)."), "{}", r.body);
    let r = coord
        .post_form(
            &format!("{p}/clusters/overnemen"),
            &[("index", "0"), ("title", "Nog eens"), ("pitch_ids", &theirs.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Alle pitches van dit voorstel zitten al in een cluster"));
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let c = actor(&app, COORDINATOR).await;
    let clusters = app.core.clusters(Some(&c), &tenant, last_id(&p)).await.expect("clusters");
    let by_title = |t: &str| clusters.iter().find(|c| c.title == t).map(|c| c.id).expect("cluster");
    let (vertrouwen, mantelzorg) = (by_title("Vertrouwen"), by_title("Mantelzorg"));
    assert_eq!(clusters.iter().find(|c| c.id == mantelzorg).expect("m").origin, "suggestion");
    let r = submit(
        &mut coord,
        &format!("{p}/clusters/verplaatsen"),
        &[("pitch_id", &theirs.to_string()), ("cluster_id", &mantelzorg.to_string())],
    )
    .await;
    assert!(r.body.contains("De pitch is verplaatst."));
    submit(
        &mut coord,
        &format!("{p}/clusters/verplaatsen"),
        &[("pitch_id", &theirs.to_string()), ("cluster_id", &vertrouwen.to_string())],
    )
    .await;
    let r = submit(
        &mut coord,
        &format!("{p}/clusters/samenvoegen"),
        &[("cluster_ids", &vertrouwen.to_string()), ("cluster_ids", &mantelzorg.to_string()), ("title", "Samen")],
    )
    .await;
    assert!(r.body.contains("De clusters zijn samengevoegd.") && r.body.contains("Geschiedenis: 2 gesloten clusters"));
    let merged = app
        .core
        .clusters(Some(&c), &tenant, last_id(&p))
        .await
        .expect("clusters")
        .into_iter()
        .find(|c| c.title == "Samen")
        .expect("merged")
        .id;
    let r = submit(
        &mut coord,
        &format!("{p}/clusters/{merged}/splitsen"),
        &[("pitch_ids", &mine.to_string()), ("title", "Mantelzorgers"), ("rest_title", "Vertrouwen en gemeente")],
    )
    .await;
    assert!(r.body.contains("Het cluster is gesplitst.") && r.body.contains("Geschiedenis: 3 gesloten clusters"));
    assert!(r.body.contains("Gemaakt uit:") && r.body.contains("Opgegaan in:"), "the lineage is shown");
    let r = submit(
        &mut coord,
        &format!("{p}/dwarsverbanden"),
        &[("title", "Vertrouwen"), ("description", "Loopt door alles."), ("pitch_ids", &theirs.to_string())],
    )
    .await;
    assert!(r.body.contains("Het dwarsverband is opgeslagen.") && r.body.contains("Loopt door alles."));

    // Prioritising: points by both.
    submit(&mut coord, &format!("{p}/fase"), &[("naar", "prioritising")]).await;
    let active = app.core.clusters(Some(&c), &tenant, last_id(&p)).await.expect("clusters");
    let id_of = |t: &str| active.iter().find(|c| c.title == t).map(|c| c.id).expect("cluster");
    let (m, v) = (id_of("Mantelzorgers"), id_of("Vertrouwen en gemeente"));
    let r = submit(
        &mut member,
        &format!("{p}/prioriteren"),
        &[(&format!("points_{m}"), "5"), (&format!("points_{v}"), "1")],
    )
    .await;
    assert!(r.body.contains("Uw punten zijn opgeslagen.") && r.body.contains("U heeft nog 0 van de 6 punten over."));
    let r =
        submit(&mut coord, &format!("{p}/prioriteren"), &[(&format!("points_{m}"), "2"), (&format!("points_{v}"), "")])
            .await;
    assert!(
        r.body.contains("role=\"img\"") && r.body.contains("<title id=\"cc-chart-title\">Punten per cluster</title>")
    );
    assert!(
        r.body.contains("<td class=\"stack-head\">Mantelzorgers</td><td data-label=\"Punten\">7</td>"),
        "the table"
    );

    // Elaborating: the member writes a theme text; the concept; amending.
    submit(&mut coord, &format!("{p}/fase"), &[("naar", "elaborating")]).await;
    let r = member.get(&format!("{p}/clusters/{m}/uitwerken")).await;
    ok(&r, "theme text");
    assert!(r.body.contains("value=\"Mantelzorgers\""), "prefilled with the cluster's title");
    let text = [
        ("title", "Mantelzorgers niet alleen"),
        ("level", "doelgroep"),
        ("introduction", "Over mantelzorg."),
        ("questions", "Wat helpt?\nWie helpt?"),
        ("project_options", "Een leerkring"),
    ];
    let r = submit(&mut member, &format!("{p}/clusters/{m}/uitwerken"), &text).await;
    assert!(r.body.contains("Versie 1 van de thematekst is opgeslagen.") && r.body.contains("Wie helpt?"));
    let r = submit(&mut coord, &format!("{p}/concept"), &[]).await;
    assert!(r.body.contains("De conceptagenda is geschreven"), "{}", r.body);
    assert!(r.body.contains("Fase 5 van 7: concept"), "writing the concept moved the process on");
    submit(&mut coord, &format!("{p}/fase"), &[("naar", "amending")]).await;
    let theme = app
        .core
        .clusters(Some(&c), &tenant, last_id(&p))
        .await
        .expect("clusters")
        .into_iter()
        .find(|c| c.id == m)
        .and_then(|c| c.theme_id)
        .expect("theme");
    let r = member
        .post_form(
            &format!("{p}/amendementen"),
            &[("theme_id", &theme.to_string()), ("section", ""), ("text", ""), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let s = summary(&r);
    assert!(s.contains("Onderdeel: Maak een keuze.") && s.contains("Reden: Dit veld is verplicht."), "{s}");
    let r = submit(
        &mut member,
        &format!("{p}/amendementen"),
        &[
            ("theme_id", &theme.to_string()),
            ("section", "introduction"),
            ("text", "Mantelzorgers staan er niet alleen voor."),
            ("reason", "Positiever."),
        ],
    )
    .await;
    assert!(
        r.body.contains("Uw amendement is ingediend.")
            && r.body.contains("Huidige tekst")
            && r.body.contains("Over mantelzorg.")
    );
    let aid = app.core.amendments(Some(&c), &tenant, last_id(&p)).await.expect("amendments")[0].id;
    // Adopting with an open amendment is refused.
    let r = coord.post_form(&format!("{p}/vaststellen"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Beantwoord eerst alle amendementen"));
    let r = coord.post_form(&format!("{p}/amendementen/{aid}"), &[("decision", ""), ("answer", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Besluit: Maak een keuze."));
    let r = submit(
        &mut coord,
        &format!("{p}/amendementen/{aid}"),
        &[
            ("decision", "partly_accepted"),
            ("answer", "Deels: korter."),
            ("text", "Mantelzorgers staan er samen voor."),
        ],
    )
    .await;
    assert!(
        r.body.contains("Het antwoord is opgeslagen.")
            && r.body.contains("deels overgenomen")
            && r.body.contains("Mantelzorgers staan er samen voor.")
    );

    // The adoption.
    let r = coord.get(&format!("{p}/vaststellen")).await;
    ok(&r, "adopt");
    assert!(r.body.contains("Ja, agenda vaststellen"));
    let r = submit(&mut coord, &format!("{p}/vaststellen"), &[]).await;
    assert!(r.body.contains("De agenda is vastgesteld: versie"));
    assert!(r.body.contains(r#"id="fase-vastgesteld" aria-current="step""#));
    let home = app.get("/werkplaatsen/zhz").await;
    assert!(
        home.body.contains("Mantelzorgers niet alleen") && home.body.contains("Mantelzorgers staan er samen voor.")
    );
    // Nothing changes any more.
    let r = member.post_form(&format!("{p}/pitches"), &[("title", "Te laat"), ("question", "Nog iets?")]).await;
    assert!(summary(&r).contains("De agenda is vastgesteld; in dit proces kan niets meer veranderen."));
}

#[tokio::test]
async fn the_coordinator_changes_a_process_and_the_points_stay_once_voting_begins() {
    let app = TestApp::spawn().await;
    let (id, _) = process(&app).await;
    let path = format!("{BASE}/{id}/bewerken");
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get(&path).await.status, StatusCode::FORBIDDEN, "members do not manage");
    let mut coord = app.logged_in(COORDINATOR).await;
    let form = coord.get(&path).await;
    ok(&form, "edit form");
    assert!(form.body.contains("value=\"Agenda 2027\""), "the form shows what the process is");

    // An empty title is refused in Dutch and changes nothing.
    let refused =
        coord.post_form(&path, &[("title", " "), ("points_per_participant", "12"), ("anonymous_votes", "1")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&refused).contains("Dit veld is verplicht"), "{}", summary(&refused));
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let coord_actor = actor(&app, COORDINATOR).await;
    let before = app.core.process(Some(&coord_actor), &tenant, id).await.expect("process");
    assert_eq!((before.title.as_str(), before.points_per_participant), ("Agenda 2027", 10));

    let r = coord
        .post_form(
            &path,
            &[("title", "Agenda 2027-2030"), ("points_per_participant", "12"), ("description", "Twee sessies")],
        )
        .await;
    saved(&r, &format!("{BASE}/{id}"), "process_updated");
    let after = app.core.process(Some(&coord_actor), &tenant, id).await.expect("process");
    assert_eq!(
        (after.title.as_str(), after.points_per_participant, after.anonymous_votes),
        ("Agenda 2027-2030", 12, false)
    );
    assert_eq!(after.description, "Twee sessies");

    // Once prioritising begins, the points are fixed.
    for phase in ["clustering", "prioritising"] {
        app.core.set_phase(Some(&coord_actor), &tenant, id, &PhaseInput { phase: phase.into() }).await.expect("phase");
    }
    let form = coord.get(&path).await;
    assert!(form.body.contains("het aantal punten per deelnemer ligt vast"), "the form says the points are fixed");
    let refused = coord.post_form(&path, &[("title", "Agenda 2027-2030"), ("points_per_participant", "20")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&refused).contains("het prioriteren is al begonnen"), "{}", summary(&refused));
    let still = app.core.process(Some(&coord_actor), &tenant, id).await.expect("process");
    assert_eq!(still.points_per_participant, 12);
}
