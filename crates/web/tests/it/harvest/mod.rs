//! The harvester (issue 17): against a real OAI-PMH provider no one here wrote (pyoai 2.5.0's
//! server, `pyoai_source.py`), against hostile sources (a tiny server in `hostile.rs`), and the
//! API, page and roles.
mod api;
mod hostile;
mod pyoai;

use crate::common::TestApp;
use broedplaats_core::federation::HarvestSettings;
use std::time::Duration;

/// An installation that may harvest loopback (tests), with short timeouts.
pub async fn app() -> TestApp {
    TestApp::spawn_with(|core| {
        core.with_harvest_settings(HarvestSettings {
            allow_private_addresses: true,
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(3),
            ..HarvestSettings::default()
        })
    })
    .await
}

/// Registers a source as the administrator; its id.
pub async fn add(app: &TestApp, url: &str, set: Option<&str>) -> i64 {
    app.core
        .add_harvest_source_as_admin(broedplaats_core::federation::SourceInput {
            url: url.into(),
            set: set.map(str::to_owned),
            name: Some("Peer".into()),
            werkplaats: None,
        })
        .await
        .expect("source added")
}

/// The titles of harvested hits for `q`, with their source and url.
pub async fn harvested_hits(app: &TestApp, q: &str) -> Vec<(String, String, String)> {
    let r =
        app.api(axum::http::Method::GET, &format!("/api/v1/search?q={q}&type=harvested&per_page=50"), None, None).await;
    assert_eq!(r.status, axum::http::StatusCode::OK);
    let mut hits: Vec<(String, String, String)> = r.json()["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            (
                h["title"].as_str().unwrap_or_default().to_owned(),
                h["source"].as_str().unwrap_or_default().to_owned(),
                h["url"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    hits.sort();
    hits
}
