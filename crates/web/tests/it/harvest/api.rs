//! The API and page of the harvester: who may add, list and run sources, the contract's fields,
//! and bad input that changes nothing.
use super::app;
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn coordinators_add_list_and_queue_runs() {
    let app = app().await;
    let coordinator = app.token(COORDINATOR).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/harvest-sources",
            Some(&coordinator),
            Some(json!({ "url": "http://127.0.0.1:9/oai", "set": "kind:advies", "name": "Hogeschool X" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");

    // The same URL and set again: 422 on url; bad fields: 422; nothing more stored.
    let again = app
        .api(
            Method::POST,
            "/api/v1/harvest-sources",
            Some(&coordinator),
            Some(json!({ "url": "http://127.0.0.1:9/oai", "set": "kind:advies" })),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    for bad in [
        json!({}),
        json!({ "url": "" }),
        json!({ "url": "niet een adres" }),
        json!({ "url": "ftp://x.example/" }),
        json!({ "url": "http://127.0.0.1:9/a", "set": "met spatie" }),
        json!({ "url": "http://127.0.0.1:9/b", "extra": 1 }),
    ] {
        let r = app.api(Method::POST, "/api/v1/harvest-sources", Some(&coordinator), Some(bad.clone())).await;
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::BAD_REQUEST,
            "{bad}: {}",
            r.status
        );
    }

    // Another werkplaats's coordinator sees every source (they belong to the installation).
    let other = app.token(OTHER_COORDINATOR).await;
    let list = app.api(Method::GET, "/api/v1/harvest-sources", Some(&other), None).await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].clone();
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["name"], "Hogeschool X");
    assert_eq!(items[0]["set"], "kind:advies");
    assert_eq!(items[0]["werkplaats"], "zhz");
    assert_eq!(items[0]["records"], 0);
    assert_eq!(items[0]["last_run"], serde_json::Value::Null);

    // Queue a run: 202, and the job worker runs it (the source is down: the error is on it).
    let run = app.api(Method::POST, &format!("/api/v1/harvest-sources/{id}/run"), Some(&other), None).await;
    assert_eq!(run.status, StatusCode::ACCEPTED);
    let missing = app.api(Method::POST, "/api/v1/harvest-sources/999999/run", Some(&other), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs run");
    let list = app.api(Method::GET, "/api/v1/harvest-sources", Some(&coordinator), None).await.json();
    let error = list["items"][0]["last_error"].as_str().expect("an error").to_owned();
    assert!(error.contains("verbinding") || error.contains("HTTP"), "{error}");
    assert_eq!(list["items"][0]["last_run"]["error"].as_str(), Some(error.as_str()));

    // Members, lectoren and visitors may not.
    let member = app.token(MEMBER).await;
    let lector = app.token(LECTOR).await;
    for token in [Some(member.as_str()), Some(lector.as_str())] {
        assert_eq!(app.api(Method::GET, "/api/v1/harvest-sources", token, None).await.status, StatusCode::FORBIDDEN);
        let r = app
            .api(Method::POST, "/api/v1/harvest-sources", token, Some(json!({ "url": "http://127.0.0.1:9/c" })))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.api(Method::GET, "/api/v1/harvest-sources", None, None).await.status, StatusCode::UNAUTHORIZED);
    let list = app.api(Method::GET, "/api/v1/harvest-sources", Some(&coordinator), None).await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "nothing more was stored");
}

#[tokio::test]
async fn the_page_adds_a_source_and_shows_errors_in_dutch() {
    let app = app().await;
    let mut browser = app.logged_in(COORDINATOR).await;
    let account = browser.get("/account").await.body;
    assert!(account.contains("href=\"/oogsten\"") && account.contains("href=\"/account/volgen\""), "{account}");
    let page = browser.get("/oogsten").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Oogsten uit andere bronnen"));
    let bad = browser.post_form("/oogsten", &[("url", "gopher://x.example/"), ("set", ""), ("name", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("http:// of https://"), "{}", bad.body);
    let ok =
        browser.post_form("/oogsten", &[("url", "http://127.0.0.1:9/oai"), ("set", ""), ("name", "Lectoraat Y")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = browser.get("/oogsten?melding=added").await;
    assert!(page.body.contains("Lectoraat Y") && page.body.contains("De bron is toegevoegd"));
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get("/oogsten").await.status, StatusCode::FORBIDDEN);
    let account = member.get("/account").await.body;
    assert!(!account.contains("href=\"/oogsten\"") && account.contains("href=\"/account/volgen\""), "{account}");
}
