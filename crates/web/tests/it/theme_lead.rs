//! A themaleider manages their own theme group and its projects — and nothing else (DOMAIN §3).

use crate::common::{COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/werkplaatsen/zhz";

async fn group(app: &TestApp, token: &str, name: &str) -> Value {
    let r = app.api(Method::GET, &format!("{BASE}/theme-groups"), Some(token), None).await;
    r.json()["items"].as_array().expect("items").iter().find(|g| g["name"] == name).cloned().expect("group")
}

fn group_body(g: &Value) -> Value {
    json!({
        "theme_id": g["theme_id"], "lead_person_id": g["lead_person_id"], "description": g["description"],
        "organisation_ids": g["organisation_ids"], "member_ids": g["member_ids"],
    })
}

fn project(theme_id: &Value, title: &str) -> Value {
    json!({ "theme_id": theme_id, "title": title, "four_os": ["onderzoek"], "size": "klein", "status": "idee",
            "visibility": "public" })
}

#[tokio::test]
async fn a_theme_lead_manages_only_their_own_group_and_its_projects() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    // An account for a docent-onderzoeker; its person record is linked by e-mail.
    app.core
        .create_user("dirk@zhz.example", "Dirk Docent (account)", "zhz", "teacher-researcher", "een-lang-wachtwoord")
        .await
        .expect("account");
    let lead = app.token("dirk@zhz.example").await;
    let people = app.api(Method::GET, &format!("{BASE}/people?limit=200"), Some(&coordinator), None).await.json();
    let dirk = people["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["name"] == "Dirk Docent (account)")
        .expect("person")["id"]
        .clone();

    let samen = group(&app, &coordinator, "Samen leven").await;
    let weerbaar = group(&app, &coordinator, "Weerbaarheid").await;

    // Before being made themaleider: no rights over the group.
    let mut body = group_body(&samen);
    body["description"] = json!("Door de themaleider bijgewerkt.");
    let path = format!("{BASE}/theme-groups/{}", samen["id"]);
    let r = app.api(Method::PUT, &path, Some(&lead), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The coordinator makes Dirk themaleider of 'Samen leven'.
    let mut make_lead = group_body(&samen);
    make_lead["lead_person_id"] = dirk.clone();
    let r = app.api(Method::PUT, &path, Some(&coordinator), Some(make_lead)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Now he edits his own group …
    body["lead_person_id"] = dirk.clone();
    let r = app.api(Method::PUT, &path, Some(&lead), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["description"], "Door de themaleider bijgewerkt.");
    // … but cannot move it to another theme, delete it, or edit another group.
    let mut moved = body.clone();
    moved["theme_id"] = weerbaar["theme_id"].clone();
    assert_eq!(app.api(Method::PUT, &path, Some(&lead), Some(moved)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::DELETE, &path, Some(&lead), None).await.status, StatusCode::FORBIDDEN);
    let other = format!("{BASE}/theme-groups/{}", weerbaar["id"]);
    assert_eq!(
        app.api(Method::PUT, &other, Some(&lead), Some(group_body(&weerbaar))).await.status,
        StatusCode::FORBIDDEN
    );

    // Projects: within his theme yes, elsewhere no; and not by moving one out of his theme.
    let r = app
        .api(Method::POST, &format!("{BASE}/projects"), Some(&lead), Some(project(&samen["theme_id"], "Buurtkracht")))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let r = app
        .api(Method::POST, &format!("{BASE}/projects"), Some(&lead), Some(project(&weerbaar["theme_id"], "Elders")))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut moved = created.clone();
    moved.as_object_mut().expect("object").remove("id");
    moved["theme_id"] = weerbaar["theme_id"].clone();
    let r = app.api(Method::PUT, &format!("{BASE}/projects/{}", created["id"]), Some(&lead), Some(moved)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::DELETE, &format!("{BASE}/projects/{}", created["id"]), Some(&lead), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    // Organisation-wide things stay with coordinator and lectoren.
    let r = app
        .api(
            Method::POST,
            &format!("{BASE}/organisations"),
            Some(&lead),
            Some(json!({ "name": "X", "kind": "overig" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, &format!("{BASE}/audit-log"), Some(&lead), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
