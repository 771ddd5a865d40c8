//! "Mijn werkplaats" (issue 14 item 9): the overview a person lands on after signing in — their
//! registrations with a working cancel link, their products and where they stand, what waits for
//! their review (coordinators and lectoren; never another werkplaats's), their theme groups and
//! projects, their applications. Anonymous visitors are sent to the login page. Both databases.
use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use serde_json::json;

const ZHZ: &str = "/api/v1/werkplaatsen/zhz";

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = TestApp::spawn().await;
    let r = app.get("/mijn-werkplaats").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/inloggen?terug="), "{}", r.location());
}

#[tokio::test]
async fn signing_in_lands_on_the_overview_with_a_confirmation() {
    let app = TestApp::spawn().await;
    let mut b = app.browser().await;
    let r = b.post_form("/inloggen", &[("email", MEMBER), ("password", PASSWORD), ("terug", "/")]).await;
    assert_eq!(r.location(), "/mijn-werkplaats?welkom=1");
    let page = b.get("/mijn-werkplaats?welkom=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Mijn werkplaats</h1>"), "{}", page.body);
    assert!(page.body.contains("U bent ingelogd als"), "the confirmation");
    // A return path is still honoured.
    let mut b = app.browser().await;
    let r =
        b.post_form("/inloggen", &[("email", MEMBER), ("password", PASSWORD), ("terug", "/werkplaatsen/zhz")]).await;
    assert_eq!(r.location(), "/werkplaatsen/zhz");
    // Without ?welkom no confirmation; the empty states speak Dutch.
    let page = b.get("/mijn-werkplaats").await;
    assert!(!page.body.contains("U bent ingelogd als"));
    assert!(page.body.contains("U bent niet aangemeld voor een komende activiteit."), "{}", page.body);
}

#[tokio::test]
async fn registrations_products_and_reviews_each_for_whom_they_concern() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    // An activity next week; the member registers with their account.
    let starts = Utc::now() + Duration::days(7);
    let title = "Kenniscafé voor het overzicht";
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/activities"),
            Some(&coord),
            Some(json!({
                "kind": "kenniscafe", "title": title, "description": "Praten over geldzorgen.",
                "starts_at": starts.to_rfc3339(), "ends_at": (starts + Duration::hours(2)).to_rfc3339(),
                "location": "Dordrecht", "audience": "public",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let activity = r.json()["id"].as_i64().expect("id");
    let r = app
        .api(Method::POST, &format!("{ZHZ}/activities/{activity}/registrations"), Some(&member), Some(json!({})))
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    // The member offers a product for review.
    let product = "Werkvorm voor het overzicht";
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/knowledge-products"),
            Some(&member),
            Some(json!({ "kind": "werkvorm", "title": product, "summary": "Een korte samenvatting." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let pid = r.json()["id"].as_i64().expect("id");
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/knowledge-products/{pid}/status"),
            Some(&member),
            Some(json!({ "status": "review" })),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);

    // The member sees the registration with its cancel link and the product in review.
    let mut b = app.logged_in(MEMBER).await;
    let page = b.get("/mijn-werkplaats").await;
    assert!(page.body.contains(title) && page.body.contains("Aangemeld"), "{}", page.body);
    let cancel = page
        .body
        .split("href=\"")
        .find(|s| s.contains("/afmelden/"))
        .and_then(|s| s.split('"').next())
        .expect("a cancel link")
        .to_owned();
    assert!(cancel.starts_with(&format!("/werkplaatsen/zhz/activiteiten/{activity}/afmelden/")), "{cancel}");
    assert!(page.body.contains(product) && page.body.contains("Ter review"), "{}", page.body);
    assert!(!page.body.contains("Wacht op uw beoordeling"), "a member reviews nothing");
    // The cancel link works: the cancel page answers, and after cancelling the registration is gone.
    assert_eq!(b.get(&cancel).await.status, StatusCode::OK);
    let r = b.post_form(&cancel, &[]).await;
    assert!(r.status.is_redirection() || r.status.is_success(), "{}: {}", r.status, r.body);
    let page = b.get("/mijn-werkplaats").await;
    assert!(!page.body.contains(title), "cancelled: no longer listed");

    // The coordinator has it waiting for review; another werkplaats's coordinator does not.
    let mut c = app.logged_in(COORDINATOR).await;
    let page = c.get("/mijn-werkplaats").await;
    assert!(page.body.contains("Wacht op uw beoordeling") && page.body.contains(product), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/werkplaatsen/zhz/kennis/{pid}\"")));
    let mut o = app.logged_in(OTHER_COORDINATOR).await;
    let page = o.get("/mijn-werkplaats").await;
    assert!(!page.body.contains(product), "{}", page.body);
    // Once published it waits no more.
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/knowledge-products/{pid}/status"),
            Some(&coord),
            Some(json!({ "status": "published" })),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let page = c.get("/mijn-werkplaats").await;
    assert!(!page.body.contains(product), "published: not waiting");
    let page = b.get("/mijn-werkplaats").await;
    assert!(page.body.contains(product) && page.body.contains("Gepubliceerd"), "the maker sees it published");
}
