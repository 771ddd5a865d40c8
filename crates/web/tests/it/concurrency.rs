//! Concurrent changes to one agenda queue up: every save becomes its own version, none is lost,
//! none fails, on SQLite and PostgreSQL.

use crate::common::{COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_saves_each_get_their_own_version() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let theme_id = app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("id");
    let n = 12;
    let mut tasks = Vec::new();
    for i in 0..n {
        let router = app.router.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let req = axum::http::Request::builder()
                .method(Method::POST)
                .uri(format!("/api/v1/werkplaatsen/zhz/agenda/themes/{theme_id}/project-options"))
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json!({ "title": format!("Gelijktijdig {i}") }).to_string()))
                .expect("request");
            let res = tower::ServiceExt::oneshot(router, req).await.expect("infallible");
            res.status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), StatusCode::CREATED);
    }
    let versions = app.get("/api/v1/werkplaatsen/zhz/agenda/versions").await.json();
    let mut numbers: Vec<i64> =
        versions.as_array().expect("array").iter().map(|v| v["number"].as_i64().expect("n")).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=2 + n).collect::<Vec<i64>>(), "one version per save, no gaps, no duplicates");
    let options = &app.agenda("zhz").await["themes"][0]["project_options"];
    assert_eq!(options.as_array().expect("options").len(), 7 + n as usize, "every option kept");
    let r = app.api(Method::GET, "/api/v1/werkplaatsen/zhz/agenda", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
}
