//! Everyday usability (issue 14), the server side: the audit log in Dutch words with titles and
//! links (a product's publication said as "gepubliceerd", not "knowledge_product: #9").
//! The failed-form title, the upload token and Windows-1252 files are tested with their pages
//! (`activity_pages::visitors`, `import_pages`); governance texts in `governance`.

use crate::common::{COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";

#[tokio::test]
async fn the_log_names_products_and_says_what_happened_to_them() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let body = json!({ "kind": "werkvorm", "title": "Werkvorm buurtgesprek (logboek)",
                       "summary": "Een korte samenvatting voor de test.", "status": "concept", "visibility": "public" });
    let r = app.api(Method::POST, PRODUCTS, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    // A concept never carries a bare "Openbaar": it says what it will be once published.
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("/werkplaatsen/zhz/kennis/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<span>Na publicatie: Openbaar</span>"), "{}", r.body);
    assert!(!r.body.contains("<span>Openbaar</span>"));
    for (to, note) in [("review", None), ("concept", Some("Graag de bronnen erbij.")), ("published", None)] {
        let r = app
            .api(
                Method::POST,
                &format!("{PRODUCTS}/{id}/status"),
                Some(&token),
                Some(json!({ "status": to, "note": note })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.body);
    }

    let r = c.get(&format!("/werkplaatsen/zhz/kennis/{id}")).await;
    assert!(r.body.contains("<span>Openbaar</span>"), "published: public");
    let r = c.get("/werkplaatsen/zhz/logboek").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("knowledge_product"), "no code words: {}", r.body);
    assert!(!r.body.contains(": #"), "no bare numbers: {}", r.body);
    assert!(r.body.contains("Kennisproduct: Werkvorm buurtgesprek (logboek)"), "{}", r.body);
    assert!(r.body.contains(&format!("href=\"/werkplaatsen/zhz/kennis/{id}\"")), "linked to the product");
    let published = r.body.find(">gepubliceerd<").expect("published, in words");
    let sent_back = r.body.find(">teruggezet naar concept<").expect("sent back, in words");
    let offered = r.body.find(">aangeboden voor review<").expect("offered for review, in words");
    assert!(published < sent_back && sent_back < offered, "newest first");
    assert!(r.body.contains("Graag de bronnen erbij."), "the reviewer's note is kept in the log");
    assert!(r.body.contains("Toelichting van de reviewer"));
}

#[tokio::test]
async fn the_demo_meets_on_weekdays_only() {
    use chrono::Datelike;
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let r =
        app.api(Method::GET, "/api/v1/werkplaatsen/zhz/activities?from=2000-01-01&limit=200", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.json()["items"].as_array().expect("items").clone();
    assert!(items.iter().any(|a| a["title"] == "MT-overleg"), "the MT meetings are there");
    for a in items.iter().filter(|a| a["kind"] == "mt_overleg" || a["kind"] == "consortiumoverleg") {
        let start = chrono::DateTime::parse_from_rfc3339(a["starts_at"].as_str().expect("starts_at")).expect("time");
        let day = start.with_timezone(&chrono_tz::Europe::Amsterdam).weekday();
        assert!(!matches!(day, chrono::Weekday::Sat | chrono::Weekday::Sun), "{} on a {day}", a["title"]);
    }
}

#[tokio::test]
async fn adding_a_theme_group_when_every_theme_has_one_offers_a_new_theme_instead_of_a_dead_form() {
    let app = TestApp::spawn().await;
    let mut c = app.logged_in(COORDINATOR).await;
    // In the demo every theme has its group.
    let r = c.get("/werkplaatsen/zhz/themagroepen/nieuw").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("id=\"theme_id\""), "no form with an empty required list: {}", r.body);
    assert!(r.body.contains("Elk thema heeft al een themagroep."));
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/themas/nieuw\""), "the way on: a new theme");
}
