//! A real harvester no one here wrote: Sickle (PyPI), against the provider on a loopback port.
use super::*;
use crate::common::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sickle_harvests_every_page_a_set_a_window_and_the_tombstones() {
    let Some(py) = python() else {
        eprintln!("SKIPPED: Sickle harvest (BROEDPLAATS_TEST_PY is not set)");
        return;
    };
    let app = TestApp::spawn().await;
    publish_many(&app, "zhz", 230).await;
    // The deletion a second later, so a from/until window can hold it and not the rest.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let gone = publish(&app, "Wordt verwijderd", json!({})).await;
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::DELETE, &format!("{PRODUCTS}/{gone}"), Some(&token), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    let host = broedplaats_core::dissemination::oai::host_of(&app.core.public_url);
    let gone_id = format!("oai:{host}:zhz/knowledge_product/{gone}");
    let stamp =
        texts(&oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={gone_id}")).await, "datestamp")
            .pop()
            .expect("datestamp");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let state = broedplaats_web::AppState::new(app.core.clone(), broedplaats_web::WebConfig::default());
    tokio::spawn(broedplaats_web::serve(listener, state, std::future::pending()));

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/oai/harvest_peer.py");
    let args = [
        script.to_owned(),
        format!("http://{addr}/oai"),
        "werkplaats:zhz".into(),
        stamp.clone(),
        "2100-01-01T00:00:00Z".into(),
    ];
    let out = tokio::task::spawn_blocking(move || std::process::Command::new(py).args(args).output())
        .await
        .expect("join")
        .expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).expect("json");

    assert_eq!(seen["identify"]["deletedRecord"], "persistent");
    assert_eq!(seen["identify"]["protocolVersion"], "2.0");
    assert_eq!(seen["formats"], json!(["oai_dc", "oai_openaire"]));
    assert!(seen["sets"].as_array().expect("sets").contains(&json!("werkplaats:zhz")));

    let (ours, pages) = walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    assert!(pages.len() >= 3);
    let ids = |key: &str| -> Vec<String> {
        seen[key].as_array().expect(key).iter().map(|h| h["id"].as_str().expect("id").to_owned()).collect()
    };
    assert_eq!(ids("records"), ours, "Sickle saw every record over every page");
    assert_eq!(ids("post_identifiers"), ours, "and by POST in the rich format");
    let tomb =
        seen["records"].as_array().expect("records").iter().find(|h| h["id"] == json!(gone_id)).expect("tombstone");
    assert_eq!(tomb["deleted"], true);
    assert!(tomb["sets"].as_array().expect("sets").contains(&json!("werkplaats:zhz")), "{tomb}");
    let live = ours.len() - seen["records"].as_array().expect("r").iter().filter(|h| h["deleted"] == true).count();
    assert_eq!(seen["titles"].as_u64(), Some(live as u64), "every live record has its title");

    let (in_set, _) = walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=werkplaats:zhz").await;
    assert_eq!(ids("set_identifiers"), in_set);
    assert!(ids("set_identifiers").contains(&gone_id), "the set's harvester sees the deletion");
    let (window, _) =
        walk(&app, &format!("verb=ListIdentifiers&metadataPrefix=oai_dc&from={stamp}&until=2100-01-01T00:00:00Z"))
            .await;
    assert_eq!(ids("window_identifiers"), window);
    assert!(window.contains(&gone_id) && window.len() < ours.len(), "{} of {}", window.len(), ours.len());
}
