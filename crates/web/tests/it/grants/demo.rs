//! The grants demo (issue 18): both ZHZ grants with their budget lines, the partners'
//! contributions with a matching that the check computes from them, outcomes whose evidence points
//! at the demo's products, and the 2024 report with its narratives. Loading twice adds nothing.
use super::{ZHZ, get};
use crate::common::{COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::Value;

fn titles(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|g| g["title"].as_str().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn demo_grants_contributions_outcomes_and_the_2024_report() {
    let app = TestApp::spawn().await;
    app.core.load_demo_knowledge().await.expect("knowledge demo");
    assert!(app.core.load_demo_grants().await.expect("grants demo"));
    assert!(!app.core.load_demo_grants().await.expect("again"), "the second load adds nothing");
    let coord = app.token(COORDINATOR).await;

    let grants = get(&app, &coord, "/grants").await;
    assert_eq!(grants.as_array().map(Vec::len), Some(2), "{grants}");
    assert!(titles(&grants).iter().any(|t| t.starts_with("Werkplaats Sociaal Domein Zuid-Holland Zuid")));
    assert!(titles(&grants).iter().any(|t| t == "Langer thuiswonen van ouderen"));
    let core = grants.as_array().expect("grants").iter().find(|g| g["reference"] == "VWS-WSD-2023-ZHZ (fictief)");
    let core = core.expect("the core grant");
    assert_eq!(core["funder"], "Ministerie van VWS");
    assert_eq!(core["amounts"].as_array().map(Vec::len), Some(4));
    assert!(core["amounts"].as_array().expect("amounts").iter().all(|a| a["amount"] == 185000.0), "{core}");
    let id = core["id"].as_i64().expect("id");

    // The matching the check reports equals the realised contributions naming the grant.
    let contributions = get(&app, &coord, &format!("/contributions?grant_id={id}")).await;
    let contributions = contributions.as_array().expect("contributions").clone();
    assert!(contributions.len() >= 6 * 4, "{}", contributions.len());
    let matching = get(&app, &coord, &format!("/grants/{id}/matching")).await;
    let current = i64::from(chrono::Datelike::year(&chrono::Utc::now()));
    for year in 2023..=2026 {
        let realised: f64 = contributions
            .iter()
            .filter(|c| c["year"] == year && c["status"] == "realised")
            .map(|c| c["amount"].as_f64().unwrap_or_default())
            .sum();
        let y = matching["years"].as_array().expect("years").iter().find(|y| y["year"] == year).expect("year");
        let total = y["matched_total"].as_f64().expect("total");
        assert!((total - realised).abs() < 0.005, "{year}: {total} vs {realised}");
        let expected = if realised >= 185_000.0 {
            "ok"
        } else if year < current {
            "violation"
        } else {
            "warning"
        };
        assert_eq!(y["status"], expected, "{year}: {y}");
    }
    let lines = get(&app, &coord, &format!("/grants/{id}/budget-lines")).await;
    assert_eq!(titles(&lines).len(), 4);

    // Outcomes point at the demo's knowledge products.
    let outcomes = get(&app, &coord, "/outcomes").await;
    let outcomes = outcomes.as_array().expect("outcomes").clone();
    assert_eq!(outcomes.len(), 6);
    let linked: Vec<i64> = outcomes
        .iter()
        .flat_map(|o| o["evidence"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["knowledge_product_id"].as_i64())
        .collect();
    assert!(linked.len() >= 6, "{linked:?}");
    for product in linked {
        let r = app.api(Method::GET, &format!("{ZHZ}/knowledge-products/{product}"), Some(&coord), None).await;
        assert_eq!(r.status, StatusCode::OK, "product {product}: {}", r.body);
    }

    // The 2024 report: its narratives, and the matching table with the demo's figures.
    let versions = get(&app, &coord, "/reports/annual/versions?year=2024").await;
    assert_eq!(versions.as_array().map(Vec::len), Some(1), "{versions}");
    assert!(versions[0]["narratives"]["outcomes"].as_str().unwrap_or_default().contains("gespreksleidraad"));
    let path = format!("{ZHZ}/reports/annual?year=2024&format=csv&table=Matching");
    let csv = app.api(Method::GET, &path, Some(&coord), None).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.body.contains("Langer thuiswonen van ouderen;2024;160000"), "{}", csv.body);
    assert!(csv.body.contains(";voldaan"), "{}", csv.body);
}
