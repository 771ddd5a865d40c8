//! Cross-links (dwarsverbanden, issue 16) on the real app and both databases: suggestions from the
//! search engine's more-like-this restricted to other werkplaatsen, decisions by the coordinator
//! only, confirmed links on both sides, dismissed ones no longer suggested, hidden items never
//! shown or accepted, and the page with its forms.
use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn question(app: &TestApp, token: &str, slug: &str, title: &str, visibility: &str) -> i64 {
    let body = json!({ "title": title, "explanation": format!("{title} Een vraag over zzp'ers met \
        betalingsachterstanden en wat hun boekhouder kan signaleren."),
        "kwesties": ["Armoede en schulden"], "visibility": visibility });
    let r = app.api(Method::POST, &format!("/api/v1/werkplaatsen/{slug}/questions"), Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

async fn links(app: &TestApp, token: Option<&str>, slug: &str, id: i64) -> Value {
    let r = app.api(Method::GET, &format!("/api/v1/werkplaatsen/{slug}/questions/{id}/cross-links"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn has(list: &Value, kind: &str, id: i64) -> bool {
    list.as_array().expect("array").iter().any(|l| l["kind"] == kind && l["id"] == id)
}

async fn decide(app: &TestApp, token: Option<&str>, id: i64, body: Value) -> (StatusCode, Value) {
    let r =
        app.api(Method::POST, &format!("/api/v1/werkplaatsen/zhz/questions/{id}/cross-links"), token, Some(body)).await;
    let v = if r.body.is_empty() { Value::Null } else { r.json() };
    (r.status, v)
}

#[tokio::test]
async fn suggestions_come_from_other_werkplaatsen_and_the_coordinator_decides() {
    let app = TestApp::spawn().await;
    // The demo knowledge base gives the more-like-this its background: words every item uses
    // are not what makes two items alike.
    assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let member = app.token(MEMBER).await;
    let ours = question(
        &app,
        &coord,
        "zhz",
        "Hoe bereiken we zzp'ers met betalingsachterstanden via de boekhouder?",
        "public",
    )
    .await;
    let own_twin =
        question(&app, &coord, "zhz", "Boekhouders en zzp'ers met betalingsachterstanden in onze regio", "public")
            .await;
    let theirs = question(
        &app,
        &other,
        "voorbeeld",
        "Zzp'ers met betalingsachterstanden: wat signaleert de boekhouder?",
        "public",
    )
    .await;
    let hidden =
        question(&app, &other, "voorbeeld", "Zzp'ers met betalingsachterstanden bij de boekhouder (intern)", "members")
            .await;

    // Anonymous visitors read the suggestions: other werkplaatsen only, nothing hidden.
    let v = links(&app, None, "zhz", ours).await;
    assert_eq!(v["may_decide"], false);
    let suggested = &v["suggested"];
    assert!(has(suggested, "question", theirs), "the similar question of voorbeeld is suggested: {v}");
    assert!(!has(suggested, "question", own_twin), "never an item of the same werkplaats: {v}");
    assert!(!has(suggested, "question", hidden), "never a members-only item of another werkplaats: {v}");
    assert!(suggested.as_array().expect("a list").iter().all(|l| l["werkplaats"] != "zhz"));

    // Only the coordinator (and lectoren) decide; whoever else asks changes nothing.
    let confirm = json!({ "target_kind": "question", "target_id": theirs, "decision": "confirmed" });
    assert_eq!(decide(&app, None, ours, confirm.clone()).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(decide(&app, Some(&member), ours, confirm.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(decide(&app, Some(&other), ours, confirm.clone()).await.0, StatusCode::FORBIDDEN);
    assert!(links(&app, None, "zhz", ours).await["confirmed"].as_array().expect("a list").is_empty());

    // Bad input: named field, nothing written.
    for (body, field) in [
        (json!({ "target_kind": "question", "target_id": own_twin, "decision": "confirmed" }), "target_id"),
        (json!({ "target_kind": "question", "target_id": hidden, "decision": "confirmed" }), "target_id"),
        (json!({ "target_kind": "question", "target_id": 999_999, "decision": "confirmed" }), "target_id"),
        (json!({ "target_kind": "story", "target_id": theirs, "decision": "confirmed" }), "target_kind"),
        (json!({ "target_kind": "question", "target_id": theirs, "decision": "misschien" }), "decision"),
    ] {
        let (status, v) = decide(&app, Some(&coord), ours, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {v}");
        assert!(v.to_string().contains(field), "{body} names {field}: {v}");
    }
    assert!(links(&app, Some(&coord), "zhz", ours).await["confirmed"].as_array().expect("a list").is_empty());

    // Confirmed: shown here and at the other werkplaats's question, no longer suggested.
    assert_eq!(decide(&app, Some(&coord), ours, confirm).await.0, StatusCode::NO_CONTENT);
    let v = links(&app, None, "zhz", ours).await;
    assert!(has(&v["confirmed"], "question", theirs), "{v}");
    assert!(!has(&v["suggested"], "question", theirs), "{v}");
    let there = links(&app, None, "voorbeeld", theirs).await;
    let back =
        there["confirmed"].as_array().expect("a list").iter().find(|l| l["id"] == ours).expect("shown on both sides");
    assert_eq!(back["direction"], "to_here");
    assert_eq!(back["werkplaats"], "zhz");

    // Dismissed: gone from both lists for everyone, listed for the coordinator, and reversible.
    let dismiss = json!({ "target_kind": "question", "target_id": theirs, "decision": "dismissed" });
    assert_eq!(decide(&app, Some(&coord), ours, dismiss).await.0, StatusCode::NO_CONTENT);
    let v = links(&app, None, "zhz", ours).await;
    assert!(!has(&v["confirmed"], "question", theirs) && !has(&v["suggested"], "question", theirs), "{v}");
    assert!(v["dismissed"].as_array().expect("a list").is_empty(), "anonymous visitors see no dismissed list");
    let v = links(&app, Some(&coord), "zhz", ours).await;
    assert!(has(&v["dismissed"], "question", theirs), "{v}");
    assert!(links(&app, None, "voorbeeld", theirs).await["confirmed"].as_array().expect("a list").is_empty());

    // The links of a members-only question are as hidden as the question.
    let secret = question(&app, &coord, "zhz", "Geldzorgen bij werkende huishoudens (intern)", "members").await;
    let r = app.api(Method::GET, &format!("/api/v1/werkplaatsen/zhz/questions/{secret}/cross-links"), None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .api(Method::GET, &format!("/api/v1/werkplaatsen/zhz/questions/{secret}/cross-links"), Some(&other), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    links(&app, Some(&member), "zhz", secret).await;
}

#[tokio::test]
async fn the_page_shows_suggestions_and_takes_the_coordinators_decision() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let ours =
        question(&app, &coord, "zhz", "Hoe zien wijkteams geldzorgen bij werkende huishoudens eerder?", "public").await;
    let theirs =
        question(&app, &other, "voorbeeld", "Vroegsignalering van geldzorgen bij werkende huishoudens", "public").await;
    let path = format!("/werkplaatsen/zhz/praktijkvragen/{ours}/dwarsverbanden");

    let anon = app.get(&path).await;
    assert_eq!(anon.status, StatusCode::OK);
    assert!(anon.body.contains("Vroegsignalering van geldzorgen"), "suggestion listed");
    assert!(!anon.body.contains("name=\"decision\""), "no decision forms for visitors");
    let page = app.get(&format!("/werkplaatsen/zhz/praktijkvragen/{ours}")).await;
    assert!(page.body.contains(&path), "the question page links to its cross-links");

    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.get(&path).await;
    assert!(r.body.contains("name=\"decision\""), "the coordinator gets the forms");
    let id = theirs.to_string();
    let r = b.post_form(&path, &[("target_kind", "question"), ("target_id", "abc"), ("decision", "confirmed")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""), "the error is shown");
    let r = b.post_form(&path, &[("target_kind", "question"), ("target_id", &id), ("decision", "confirmed")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.get(r.location()).await;
    assert!(r.body.contains("Het dwarsverband is bevestigd."), "{}", r.body);
    let there = app.get(&format!("/werkplaatsen/voorbeeld/praktijkvragen/{theirs}/dwarsverbanden")).await;
    assert!(there.body.contains("Hoe zien wijkteams geldzorgen"), "confirmed link shown at the other werkplaats");

    // The same for a project.
    let projects = app.api(Method::GET, "/api/v1/werkplaatsen/zhz/projects", None, None).await.json();
    let project = projects["items"][0]["id"].as_i64().expect("a demo project");
    let r = app.get(&format!("/werkplaatsen/zhz/projecten/{project}/dwarsverbanden")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.api(Method::GET, &format!("/api/v1/werkplaatsen/zhz/projects/{project}/cross-links"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}
