//! Following and email digests (issue 17): following and unfollowing through the pages and the
//! API, the digest's content respects who may read what, daily against weekly, no mail when
//! nothing is new, the scheduler run twice sends once, the unsubscribe headers, one-click
//! unsubscribe without session (a GET changes nothing), and a digest through a real SMTP peer.
mod digest;

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const FOLLOWS: &str = "/api/v1/me/follows";

async fn follows(app: &TestApp, token: &str) -> Value {
    let r = app.api(Method::GET, FOLLOWS, Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn follow_and_unfollow_through_the_pages() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(MEMBER).await;
    let page = b.get("/werkplaatsen/zhz").await;
    assert!(page.body.contains("action=\"/volgen\"") && page.body.contains(">Volgen<"), "{}", page.body);
    let r =
        b.post_form("/volgen", &[("soort", "werkplaats"), ("werkplaats", "zhz"), ("terug", "/werkplaatsen/zhz")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/werkplaatsen/zhz");
    let page = b.get("/werkplaatsen/zhz").await;
    assert!(page.body.contains("action=\"/volgen/stoppen\"") && page.body.contains("Niet meer volgen"));
    // A hostile return path goes home instead.
    let agenda = app.agenda("zhz").await;
    let theme = agenda["themes"][0]["id"].as_i64().expect("theme").to_string();
    let r = b
        .post_form("/volgen", &[("soort", "thema"), ("werkplaats", "zhz"), ("id", &theme), ("terug", "//evil.example")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!r.location().contains("evil"), "{}", r.location());
    let list = b.get("/account/volgen").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Wat ik volg") && list.body.contains("/werkplaatsen/zhz/themas/"), "{}", list.body);
    // An unknown thing to follow is refused and nothing is written.
    let r = b.post_form("/volgen", &[("soort", "project"), ("werkplaats", "zhz"), ("id", "999999")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = b.post_form("/volgen", &[("soort", "iets"), ("werkplaats", "zhz")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let token = app.token(MEMBER).await;
    assert_eq!(follows(&app, &token).await["items"].as_array().expect("items").len(), 2);
    // Unfollow from the werkplaats page, and the theme from the account page.
    let r = b
        .post_form("/volgen/stoppen", &[("soort", "werkplaats"), ("werkplaats", "zhz"), ("terug", "/werkplaatsen/zhz")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let left = follows(&app, &token).await;
    let id = left["items"][0]["id"].as_i64().expect("id");
    assert_eq!(left["items"][0]["kind"], "theme");
    let r = b.post_form(&format!("/account/volgen/{id}/stoppen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(follows(&app, &token).await["items"].as_array().expect("items").is_empty());
    // The frequency form.
    let r = b.post_form("/account/volgen/frequentie", &[("frequency", "daily")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(follows(&app, &token).await["frequency"], "daily");
    let r = b.post_form("/account/volgen/frequentie", &[("frequency", "elk uur")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(follows(&app, &token).await["frequency"], "daily");
}

#[tokio::test]
async fn follow_through_the_api() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let r =
        app.api(Method::POST, FOLLOWS, Some(&member), Some(json!({ "kind": "werkplaats", "werkplaats": "zhz" }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    // Again: the same follow, 200.
    let r =
        app.api(Method::POST, FOLLOWS, Some(&member), Some(json!({ "kind": "werkplaats", "werkplaats": "zhz" }))).await;
    assert_eq!((r.status, r.json()["id"].as_i64()), (StatusCode::OK, Some(id)));
    // Bad input: Dutch field errors, nothing written.
    for body in
        [json!({ "kind": "alles" }), json!({ "kind": "theme", "werkplaats": "zhz" }), json!({ "kind": "kwestie" })]
    {
        let r = app.api(Method::POST, FOLLOWS, Some(&member), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
    }
    let r = app.api(Method::POST, FOLLOWS, Some(&member), Some(json!({ "kind": "kwestie", "id": 999999 }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let view = follows(&app, &member).await;
    assert_eq!(view["items"].as_array().expect("items").len(), 1);
    assert_eq!(view["items"][0]["url"], "/werkplaatsen/zhz");
    assert_eq!(view["frequency"], "weekly");
    // Someone else cannot end it; the owner can.
    let other = app.token(OTHER_COORDINATOR).await;
    let r = app.api(Method::DELETE, &format!("{FOLLOWS}/{id}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(&member), Some(json!({ "frequency": "nooit" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(&member), Some(json!({ "frequency": "daily" }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The data download shows the follows; erasure removes them.
    let data = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await.json();
    assert_eq!(data["following"]["follows"][0]["kind"], "werkplaats", "{data}");
    assert_eq!(data["following"]["digest"]["frequency"], "daily");
    let r = app.api(Method::DELETE, &format!("{FOLLOWS}/{id}"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(follows(&app, &member).await["items"].as_array().expect("items").is_empty());
    let coord = app.token(COORDINATOR).await;
    let coord_id = app.core.actor_for_api_token(&coord).await.expect("query").expect("actor").account_id;
    let r =
        app.api(Method::POST, FOLLOWS, Some(&coord), Some(json!({ "kind": "werkplaats", "werkplaats": "zhz" }))).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r =
        app.api(Method::POST, "/api/v1/me/erasure", Some(&coord), Some(json!({ "confirm_email": COORDINATOR }))).await;
    assert!(r.status.is_success(), "{}", r.body);
    let mut conn = app.core.store.conn().await.expect("conn");
    let left = broedplaats_store::following::follows(&mut conn, coord_id).await.expect("follows");
    assert!(left.is_empty(), "erasure leaves no follows");
    assert!(broedplaats_store::following::settings(&mut conn, coord_id).await.expect("settings").is_none());
}
