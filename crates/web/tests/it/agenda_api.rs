//! The agenda through the JSON API: the ZHZ demo content exactly as in the seed, versions, and
//! the OpenAPI document.

use crate::common::TestApp;
use axum::http::StatusCode;
use serde_json::Value;

fn titles(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|o| o["title"].as_str().expect("title").to_owned()).collect()
}

#[tokio::test]
async fn lists_werkplaatsen() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/werkplaatsen").await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json();
    let zhz = list.as_array().expect("array").iter().find(|w| w["slug"] == "zhz").expect("zhz listed");
    assert_eq!(zhz["name"], "Werkplaats Sociaal Domein Zuid-Holland Zuid");
    assert_eq!(zhz["region"], "Zuid-Holland Zuid");
    assert_eq!(list.as_array().expect("array").len(), 2, "zhz and the fictional second werkplaats");
}

#[tokio::test]
async fn serves_the_zhz_agenda_as_in_the_seed() {
    let app = TestApp::spawn().await;
    let a = app.agenda("zhz").await;
    assert_eq!(a["period"], "2023-2026");
    assert_eq!(a["motto"], "Met elkaar werken aan duurzame sociale kwaliteit");
    assert_eq!(a["national_theme"], "sociale kwaliteit voor de brede basis");
    assert_eq!(a["status"], "definitief");
    assert_eq!(a["version"], 2);
    let themes = a["themes"].as_array().expect("themes");
    assert_eq!(
        titles(&a["themes"]),
        ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen"]
    );
    let levels: Vec<&Value> = themes.iter().map(|t| &t["level"]).collect();
    assert_eq!(levels, [&Value::from("collectief"), &"doelgroep".into(), &"professioneel".into(), &Value::Null]);
    assert_eq!(
        titles(&themes[0]["project_options"]),
        [
            "Samenzorgzaamheid.",
            "Burgerinitiatieven.",
            "Samenlevingsopbouw/sociale basis.",
            "Meer vertrouwen als basis.",
            "Sociale duurzaamheid.",
            "Structureel en integraal werken.",
            "Collectiveren/collectieve belangbehartiging."
        ]
    );
    assert_eq!(
        titles(&themes[1]["project_options"]),
        [
            "Armoede en sociale ongelijkheid.",
            "Nieuwe armen.",
            "Klimaatadaptatie.",
            "Vluchtelingen.",
            "Gezondheidsverschillen.",
            "Woonomgeving.",
            "Jongeren en mentale gezondheid."
        ]
    );
    assert_eq!(
        titles(&themes[2]["project_options"]),
        [
            "Omgaan met technologie.",
            "Interprofessioneel en transdisciplinair werken.",
            "Structureel en integraal werken.",
            "Samenwerken tussen professionals- informele krachten.",
            "Methodiekontwikkeling en implementatie onder deze condities."
        ]
    );
    assert!(themes[0]["introduction"].as_str().expect("intro").starts_with("Er wordt steeds meer verwacht"));
    assert_eq!(themes[1]["questions"].as_array().expect("questions").len(), 7);
    assert_eq!(themes[1]["questions"][6], "Wat werkt in welke context?");
    assert!(themes[3]["funding"].as_str().expect("funding").contains("langer thuiswonen van ouderen"));
    assert_eq!(themes[0]["funding"], Value::Null);
    assert_eq!(a["cross_cutting_concerns"][0]["title"], "vertrouwen");
}

#[tokio::test]
async fn lists_and_serves_versions() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/werkplaatsen/zhz/agenda/versions").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v[0]["number"], 2);
    assert_eq!(v[0]["status"], "definitief");
    assert_eq!(v[0]["date"], "2022-11-03");
    assert_eq!(v[1]["number"], 1);
    assert_eq!(v[1]["status"], "concept");
    assert_eq!(v[1]["date"], "2022-10-20");
    let one = app.get("/api/v1/werkplaatsen/zhz/agenda/versions/1").await.json();
    assert_eq!(one["number"], 1);
    assert_eq!(one["agenda"]["status"], "concept");
    assert_eq!(one["agenda"]["themes"].as_array().expect("themes").len(), 4);
}

#[tokio::test]
async fn unknown_things_are_404_in_the_error_format() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/werkplaatsen/bestaat-niet/agenda",
        "/api/v1/werkplaatsen/zhz/agenda/versions/99",
        "/api/v1/werkplaatsen/zhz/agenda/themes/999999",
        "/api/v1/bestaat-niet",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.error_code(), "not_found", "{path}");
        assert!(!r.json()["error"]["message"].as_str().unwrap_or_default().is_empty());
    }
    let r = app.get("/api/v1/werkplaatsen/zhz/agenda/versions/twee").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "invalid_path");
}

#[tokio::test]
async fn openapi_document_is_stable() {
    let app = TestApp::empty().await;
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/werkplaatsen",
        "/api/v1/werkplaatsen/{slug}/agenda",
        "/api/v1/werkplaatsen/{slug}/agenda/versions",
        "/api/v1/werkplaatsen/{slug}/agenda/versions/{n}",
        "/api/v1/werkplaatsen/{slug}/agenda/themes",
        "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    insta::assert_json_snapshot!("openapi", doc);
}
