//! Issue 14 item 2 on the real app: one review form whose note goes with either step, kept in
//! the history and mailed to the maker; reviewers are mailed when a product is offered; the
//! drafts link counts what waits for the reader. Both databases.
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::json;

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";
const PAGES: &str = "/werkplaatsen/zhz/kennis";

async fn create(app: &TestApp, token: &str, title: &str) -> i64 {
    let body = json!({ "kind": "werkvorm", "title": title, "summary": "Een korte samenvatting voor de test." });
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

async fn get(app: &TestApp, token: Option<&str>, id: i64) -> TestResponse {
    app.api(Method::GET, &format!("{PRODUCTS}/{id}"), token, None).await
}

async fn set_status(app: &TestApp, token: &str, id: i64, status: &str) -> TestResponse {
    app.api(Method::POST, &format!("{PRODUCTS}/{id}/status"), Some(token), Some(json!({ "status": status }))).await
}

#[tokio::test]
async fn one_review_form_keeps_the_note_and_mails_who_it_concerns() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let id = create(&app, &member, "Werkvorm met een beoordeling").await;
    let mut coord = app.logged_in(COORDINATOR).await;
    let before = coord.get(PAGES).await;
    let waiting = |body: &str| body.contains("wacht op u");
    assert!(!waiting(&before.body), "nothing waits yet");

    // Offered for review: the reviewers hear of it (coordinator and lector), the maker does not.
    assert!(set_status(&app, &member, id, "review").await.status.is_success());
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let sent = app.core.mailer.sent();
    let offered: Vec<_> =
        sent.iter().filter(|m| m.subject == "Ter beoordeling: Werkvorm met een beoordeling").collect();
    let mut to: Vec<&str> = offered.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    assert!(to.contains(&COORDINATOR) && to.contains(&LECTOR), "{to:?}");
    assert!(!to.contains(&MEMBER), "not the maker: {to:?}");
    assert!(!to.contains(&OTHER_COORDINATOR), "not another werkplaats: {to:?}");
    let list = coord.get(PAGES).await;
    assert!(list.body.contains("(1 wacht op u)"), "{}", list.body);
    assert!(!waiting(&app.logged_in(MEMBER).await.get(PAGES).await.body), "a member reviews nothing");

    // One form: the page has a single note field with both steps as its buttons.
    let page = coord.get(&format!("{PAGES}/{id}")).await;
    assert_eq!(page.body.matches("name=\"note\"").count(), 1, "{}", page.body);
    assert!(
        page.body.contains("name=\"status\" value=\"published\"")
            && page.body.contains("name=\"status\" value=\"concept\"")
    );
    // Publishing with a note: kept on the product and in the history, and mailed to the maker.
    let r = coord
        .post_form(
            &format!("{PAGES}/{id}/status"),
            &[("status", "published"), ("note", "Mooi werk, helder beschreven.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = get(&app, Some(&member), id).await.json();
    assert_eq!(
        (p["status"].as_str(), p["review_note"].as_str()),
        (Some("published"), Some("Mooi werk, helder beschreven."))
    );
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let mails: Vec<_> = app
        .core
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.subject == "Gepubliceerd: Werkvorm met een beoordeling")
        .collect();
    assert_eq!(mails.len(), 1, "once, to the maker");
    assert_eq!(mails[0].to, MEMBER);
    assert!(mails[0].text.contains("Mooi werk, helder beschreven."), "{}", mails[0].text);
    assert!(!waiting(&coord.get(PAGES).await.body), "nothing waits any more");
    let log =
        app.api(Method::GET, "/api/v1/werkplaatsen/zhz/audit-log", Some(&app.token(COORDINATOR).await), None).await;
    assert!(log.body.contains("Mooi werk, helder beschreven."), "the note is in the history: {}", log.body);
}
