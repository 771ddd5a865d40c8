//! The trace of the adopted agenda (`/werkplaatsen/{slug}/cocreatie/{id}/herkomst`) and the
//! printable process report (`…/verslag`), on the reconstructed ZHZ process of the demo: every
//! pitch is found under a theme with its people and organisations, or under "niet opgenomen".

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::StatusCode;

/// The demo's one process: the ZHZ co-creation of 2022.
async fn demo_process(app: &TestApp) -> (i64, broedplaats_core::kernel::actor::Actor) {
    let token = app.token(COORDINATOR).await;
    let actor = app.core.actor_for_api_token(&token).await.expect("actor").expect("known token");
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let processes = app.core.processes(Some(&actor), &tenant).await.expect("processes");
    assert_eq!(processes.len(), 1, "the demo holds one process");
    (processes[0].id, actor)
}

#[tokio::test]
async fn the_demo_trace_follows_every_pitch_to_a_theme() {
    let app = TestApp::spawn().await;
    let (id, actor) = demo_process(&app).await;
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let trace = app.core.trace(Some(&actor), &tenant, id).await.expect("trace");
    assert_eq!(trace.version, Some(2), "the adopted version of 3 November");
    let titles: Vec<&str> = trace.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen"]);
    let counts: Vec<usize> = trace.themes.iter().map(|t| t.pitches.len()).collect();
    assert_eq!(counts, [6, 3, 2, 0], "six pitches of two merged clusters, three, two; ouderen came from a grant");
    assert!(trace.not_taken_up.is_empty(), "{:?}", trace.not_taken_up);
    // The merge kept its originals: Samen leven shows both seed clusters in its lineage.
    let lineage: Vec<&str> = trace.themes[0].clusters.iter().map(|c| c.title.as_str()).collect();
    for seed in ["Samen leven", "Samenlevingsopbouw", "Kloof tussen burger en overheid"] {
        assert!(lineage.contains(&seed), "{lineage:?}");
    }
    assert_eq!(trace.themes[0].concerns, ["vertrouwen"]);
    assert!(trace.themes[1].amendments.iter().any(|a| a.author == "Fatima El Amrani (fictief)"));

    let mut coordinator = app.logged_in(COORDINATOR).await;
    let page = coordinator.get(&format!("/werkplaatsen/zhz/cocreatie/{id}/herkomst")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for theme in &trace.themes {
        for p in &theme.pitches {
            assert!(page.body.contains(&p.title), "pitch {} missing", p.title);
            for a in &p.authors {
                assert!(page.body.contains(a.as_str()), "author {a} missing");
            }
        }
    }
    assert!(page.body.contains("Bewonersplatform Eilandzicht (fictief)"));
    assert!(
        page.body.contains("Dit thema komt niet uit het co-creatieproces."),
        "ouderen is said to come from elsewhere"
    );
}

#[tokio::test]
async fn the_report_counts_who_took_part_by_kind_of_organisation() {
    let app = TestApp::spawn().await;
    let (id, actor) = demo_process(&app).await;
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let report = app.core.process_report(Some(&actor), &tenant, id).await.expect("report");
    assert_eq!(report.pitches, 11);
    assert_eq!(report.votes_cast, 3);
    assert_eq!((report.amendments, report.amendments_accepted), (2, 1));
    // Authors: 7 distinct named people; voters: the 3 demo accounts; writers: 3 groups + the lectoren.
    let people: usize = report.by_organisation_kind.iter().map(|(_, n)| n).sum();
    assert_eq!(people, report.participants);
    assert!(report.by_organisation_kind.iter().any(|(k, _)| k == "burger_clientorganisatie"));
    assert!(report.events.first().is_some_and(|e| e.at.starts_with("2022-05")), "{:?}", report.events.first());

    let mut member = app.logged_in(MEMBER).await;
    let page = member.get(&format!("/werkplaatsen/zhz/cocreatie/{id}/verslag")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in ["Verloop", "Burger- of cliëntorganisatie", "Inventariseren", "Vastgesteld", "12 mei 2022"] {
        assert!(page.body.contains(text), "{text} missing from the report");
    }
}

#[tokio::test]
async fn only_members_see_the_trace_and_the_report() {
    let app = TestApp::spawn().await;
    let (id, _) = demo_process(&app).await;
    for path in
        [format!("/werkplaatsen/zhz/cocreatie/{id}/herkomst"), format!("/werkplaatsen/zhz/cocreatie/{id}/verslag")]
    {
        let anon = app.get(&path).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER, "{path}");
        assert!(anon.location().starts_with("/inloggen"), "{path}: {}", anon.location());
        let mut other = app.logged_in(OTHER_COORDINATOR).await;
        assert_eq!(other.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
        let mut other_slug = app.logged_in(OTHER_COORDINATOR).await;
        let foreign = other_slug.get(&path.replace("/zhz/", "/voorbeeld/")).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "a zhz process under voorbeeld's path");
    }
}

#[tokio::test]
async fn the_data_download_lists_votes_and_erasure_removes_the_name_from_the_process() {
    let app = TestApp::spawn().await;
    let (id, actor) = demo_process(&app).await;
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let data = app.core.personal_data(Some(&actor)).await.expect("export");
    let kinds: Vec<&str> = data.contributions.iter().filter_map(|c| c["kind"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "vote").count(), 4, "the coordinator's four demo votes: {kinds:?}");

    let pseudonym = app.core.erase_personal_data(Some(&actor), COORDINATOR).await.expect("erased");
    let report = app.core.process_report(None, &tenant, id).await;
    assert!(report.is_err(), "anonymous may not read the report");
    let member = app.core.actor_for_api_token(&app.token(MEMBER).await).await.expect("actor").expect("member");
    let report = app.core.process_report(Some(&member), &tenant, id).await.expect("report");
    let text = serde_json::to_string(&report).expect("json");
    assert!(!text.contains("Carla Coördinator"), "the erased name stays nowhere in the process");
    assert!(report.events.iter().any(|e| e.by == pseudonym), "events now carry the pseudonym");
}
