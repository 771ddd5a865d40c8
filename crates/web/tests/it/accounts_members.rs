//! The members of a werkplaats and their roles (issue 13): who sees them, setting the whole set
//! of roles, and the rules around the programme coordinator.
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/werkplaatsen/zhz";

async fn members(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{BASE}/members?limit=200"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

async fn account_id(app: &TestApp, token: &str, email: &str) -> i64 {
    members(app, token).await.iter().find(|m| m["email"] == email).expect("member")["account_id"].as_i64().expect("id")
}

async fn put_roles(app: &TestApp, token: &str, id: i64, roles: Value) -> crate::common::TestResponse {
    app.api(Method::PUT, &format!("{BASE}/members/{id}/roles"), Some(token), Some(json!({ "roles": roles }))).await
}

#[tokio::test]
async fn coordinators_and_lectoren_see_the_members_by_name_with_their_roles() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let list = members(&app, &coord).await;
    let names: Vec<&str> = list.iter().map(|m| m["name"].as_str().expect("name")).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let lid = list.iter().find(|m| m["email"] == MEMBER).expect("member");
    assert_eq!(lid["roles"], json!(["professional"]));
    assert!(!list.iter().any(|m| m["email"] == OTHER_COORDINATOR), "another werkplaats's coordinator is no member");

    // Paginated.
    let r = app.api(Method::GET, &format!("{BASE}/members?limit=1"), Some(&coord), None).await.json();
    assert_eq!(r["items"].as_array().expect("items").len(), 1);
    let next = r["next_cursor"].as_str().expect("a next page");
    let r2 = app.api(Method::GET, &format!("{BASE}/members?limit=1&cursor={next}"), Some(&coord), None).await.json();
    assert_ne!(r["items"][0]["account_id"], r2["items"][0]["account_id"]);

    let lector = app.token(LECTOR).await;
    assert_eq!(members(&app, &lector).await.len(), list.len());
    for (who, status) in [
        (Some(MEMBER), StatusCode::FORBIDDEN),
        (Some(OTHER_COORDINATOR), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let token = match who {
            Some(e) => Some(app.token(e).await),
            None => None,
        };
        let r = app.api(Method::GET, &format!("{BASE}/members"), token.as_deref(), None).await;
        assert_eq!(r.status, status, "{who:?}");
    }
}

#[tokio::test]
async fn roles_are_set_as_a_whole_and_written_to_the_audit_log() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let lid = account_id(&app, &coord, MEMBER).await;
    let r = put_roles(&app, &coord, lid, json!(["student", "professional"])).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["roles"], json!(["professional", "student"]));

    // Unknown role: a field error and nothing changes.
    let r = put_roles(&app, &coord, lid, json!(["student", "baas"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["roles"].is_string(), "{}", r.body);
    let again = members(&app, &coord).await;
    assert_eq!(
        again.iter().find(|m| m["account_id"] == lid).expect("lid")["roles"],
        json!(["professional", "student"])
    );

    // Not a member here: 404, for an unknown account as for another werkplaats's coordinator.
    let other = app.token(OTHER_COORDINATOR).await;
    let theirs = app.api(Method::GET, "/api/v1/werkplaatsen/voorbeeld/members", Some(&other), None).await.json();
    let foreign = theirs["items"][0]["account_id"].as_i64().expect("account");
    assert_eq!(put_roles(&app, &coord, foreign, json!(["student"])).await.status, StatusCode::NOT_FOUND);
    assert_eq!(put_roles(&app, &coord, 999_999, json!(["student"])).await.status, StatusCode::NOT_FOUND);
    // Others may not.
    assert_eq!(put_roles(&app, &other, lid, json!(["student"])).await.status, StatusCode::FORBIDDEN);
    let member = app.token(MEMBER).await;
    assert_eq!(put_roles(&app, &member, lid, json!(["lector"])).await.status, StatusCode::FORBIDDEN);

    // Taking every role leaves the account out of the list.
    assert_eq!(put_roles(&app, &coord, lid, json!([])).await.status, StatusCode::OK);
    assert!(!members(&app, &coord).await.iter().any(|m| m["account_id"] == lid));

    let mut conn = app.core.store.conn().await.expect("conn");
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let entries = broedplaats_store::organisation::audit_log(&mut conn, &tenant, None, 10).await.expect("audit");
    let roles: Vec<_> = entries.iter().filter(|e| e.entity_type == "account" && e.entity_id == lid).collect();
    assert_eq!(roles.len(), 2, "two changes, the refused one not");
    assert_eq!(roles[1].before.as_deref(), Some(r#"{"roles":["professional"]}"#));
    assert_eq!(roles[1].after.as_deref(), Some(r#"{"roles":["professional","student"]}"#));
    assert_eq!(roles[0].after.as_deref(), Some(r#"{"roles":[]}"#));
}

#[tokio::test]
async fn the_programme_coordinator_role_has_its_own_rules() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let lector = app.token(LECTOR).await;
    let me = account_id(&app, &coord, COORDINATOR).await;
    let lid = account_id(&app, &coord, MEMBER).await;
    let lector_id = account_id(&app, &coord, LECTOR).await;

    // The last programme coordinator stays, also when they try themselves.
    let r = put_roles(&app, &coord, me, json!(["lector"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["error"]["message"].as_str().unwrap_or_default().contains("laatste programmacoördinator"),
        "{}",
        r.body
    );

    // Only a programme coordinator gives or takes it; a lector manages the other roles.
    let r = put_roles(&app, &lector, lid, json!(["programme-coordinator"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["message"].as_str().unwrap_or_default().contains("Alleen een programmacoördinator"));
    assert_eq!(put_roles(&app, &lector, lid, json!(["citizen"])).await.status, StatusCode::OK);
    let r = put_roles(&app, &lector, me, json!(["programme-coordinator", "student"])).await;
    assert_eq!(r.status, StatusCode::OK, "keeping it is no change of it: {}", r.body);

    // With a second coordinator: nobody takes their own, the other may.
    assert_eq!(put_roles(&app, &coord, lid, json!(["programme-coordinator"])).await.status, StatusCode::OK);
    let r = put_roles(&app, &coord, me, json!(["student"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["message"].as_str().unwrap_or_default().contains("eigen rol"), "{}", r.body);
    let second = app.token(MEMBER).await;
    assert_eq!(put_roles(&app, &second, me, json!(["student"])).await.status, StatusCode::OK);
    // Now the member is the last one.
    let r = put_roles(&app, &second, lid, json!(["citizen"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let _ = lector_id;
}

#[tokio::test]
async fn the_members_page_sets_roles_and_explains_a_refusal() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let lid = account_id(&app, &coord, MEMBER).await;
    let me = account_id(&app, &coord, COORDINATOR).await;
    let mut b = app.logged_in(COORDINATOR).await;
    let page = b.get("/werkplaatsen/zhz/leden").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Leden en rollen") && page.body.contains(MEMBER), "{}", page.body);
    assert!(page.body.contains(&format!("rol-{lid}-student")), "a checkbox per role");

    let r = b
        .post_form(&format!("/werkplaatsen/zhz/leden/{lid}/rollen"), &[("roles", "professional"), ("roles", "student")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(r.location()).await;
    assert!(page.body.contains("De rollen zijn opgeslagen"), "{}", page.body);
    // The audit log names the change in words: the kind of entry, whose account, the roles.
    let log = b.get("/werkplaatsen/zhz/logboek").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    assert!(log.body.contains("Account (rollen): "), "{}", log.body);
    assert!(log.body.contains("Rollen") && log.body.contains("professional bij een partner, student"), "{}", log.body);
    assert!(!log.body.contains("account: #"), "no untranslated entry: {}", log.body);

    let r = b.post_form(&format!("/werkplaatsen/zhz/leden/{me}/rollen"), &[("roles", "lector")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("laatste programmacoördinator"), "{}", r.body);
    assert!(
        !members(&app, &coord).await.iter().find(|m| m["account_id"] == me).expect("me")["roles"]
            .as_array()
            .expect("roles")
            .is_empty()
    );

    // The werkplaats page links to it for managers only.
    assert!(b.get("/werkplaatsen/zhz").await.body.contains("/werkplaatsen/zhz/leden"));
    let mut m = app.logged_in(MEMBER).await;
    assert!(!m.get("/werkplaatsen/zhz").await.body.contains("/werkplaatsen/zhz/leden"));
    let r = m.post_form(&format!("/werkplaatsen/zhz/leden/{lid}/rollen"), &[("roles", "lector")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
