//! Harvesting pyoai 2.5.0's server: several resumption pages, a set, a change and a tombstone in
//! a second (incremental) run, and a run interrupted after the second page that resumes there.
use super::{add, app, harvested_hits};
use serde_json::{Value, json};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};

struct Peer {
    child: Child,
    port: u16,
    state: tempfile::NamedTempFile,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    fn start(state: &Value) -> Option<Peer> {
        let Ok(python) = std::env::var("BROEDPLAATS_TEST_PY") else {
            eprintln!("SKIPPED: BROEDPLAATS_TEST_PY is not set (a python with pyoai 2.5.0)");
            return None;
        };
        let file = tempfile::NamedTempFile::new().expect("state file");
        std::fs::write(file.path(), state.to_string()).expect("write state");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/harvest/pyoai_source.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(file.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("port");
        let port = line.trim().parse().expect("the script prints its port");
        Some(Peer { child, port, state: file })
    }

    fn set(&self, state: &Value) {
        std::fs::write(self.state.path(), state.to_string()).expect("write state");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/oai", self.port)
    }
}

fn record(n: u32, title: &str, datestamp: &str, sets: &[&str]) -> Value {
    json!({ "id": format!("oai:peer:{n}"), "datestamp": datestamp, "title": title,
        "url": format!("https://peer.example/item/{n}"), "sets": sets })
}

fn eight() -> Vec<Value> {
    (1..=8).map(|n| record(n, &format!("Wijkaanpak nummer{n}"), &format!("2026-01-0{n}T10:00:00Z"), &["a"])).collect()
}

/// The harvested count of werkplaats zhz (the oldest, for which the administrator's source is
/// registered) in the association view, as anyone sees it.
async fn association_harvested(app: &crate::common::TestApp) -> i64 {
    let view = app.api(axum::http::Method::GET, "/api/v1/association", None, None).await.json();
    let zhz = view["werkplaatsen"].as_array().expect("werkplaatsen").iter().find(|w| w["slug"] == "zhz").cloned();
    zhz.expect("zhz")["harvested"].as_i64().expect("a number")
}

fn now_plus(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds)).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[tokio::test]
async fn harvests_pages_then_changes_and_tombstones_incrementally() {
    let mut records = eight();
    records.push(record(9, "Buiten de set", "2026-01-09T10:00:00Z", &["b"]));
    let Some(peer) = Peer::start(&json!({ "records": records })) else { return };
    let app = app().await;
    let id = add(&app, &peer.url(), Some("a")).await;

    // Eight records in set a over three pages of three; the ninth is in another set.
    let first = app.core.harvest_source(id).await.expect("runs");
    assert_eq!((first.added, first.updated, first.deleted, first.error.clone()), (8, 0, 0, None), "{first:?}");
    let hits = harvested_hits(&app, "wijkaanpak").await;
    assert_eq!(hits.len(), 8, "{hits:?}");
    assert!(hits.contains(&("Wijkaanpak nummer3".into(), "Peer".into(), "https://peer.example/item/3".into())));
    assert!(harvested_hits(&app, "buiten").await.is_empty(), "a record outside the set is not harvested");
    assert_eq!(association_harvested(&app).await, 8, "the association view counts them for zhz");

    // The source changes one record and deletes another (a tombstone), after the first run.
    let mut records = eight();
    records[1] = record(2, "Wijkaanpak herzien", &now_plus(2), &["a"]);
    records[4] =
        json!({ "id": "oai:peer:5", "datestamp": now_plus(2), "deleted": true, "sets": ["a"], "title": "", "url": "" });
    peer.set(&json!({ "records": records }));
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let second = app.core.harvest_source(id).await.expect("runs");
    assert_eq!((second.added, second.updated, second.deleted, second.error.clone()), (0, 1, 1, None), "{second:?}");
    let hits = harvested_hits(&app, "wijkaanpak").await;
    assert_eq!(hits.len(), 7, "{hits:?}");
    assert!(hits.iter().any(|h| h.0 == "Wijkaanpak herzien"));
    assert!(!hits.iter().any(|h| h.0 == "Wijkaanpak nummer5"), "the tombstone removed it");
    assert_eq!(association_harvested(&app).await, 7, "the association's cached counts follow the harvest");
    let page = app.get("/vereniging").await;
    assert!(page.body.contains("7 records"), "the association page shows the count");

    // The API shows the source with its records and last run.
    let token = app.token(crate::common::COORDINATOR).await;
    let list = app.api(axum::http::Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    let source = &list["items"][0];
    assert_eq!(source["records"], 7);
    assert_eq!(source["set"], "a");
    assert_eq!(source["last_error"], Value::Null);
    assert_eq!(source["last_run"]["updated"], 1);
    assert_eq!(source["last_run"]["deleted"], 1);
}

#[tokio::test]
async fn an_interrupted_run_resumes_at_its_token() {
    let Some(peer) = Peer::start(&json!({ "records": eight(), "fail_from_cursor": 6 })) else { return };
    let app = app().await;
    let id = add(&app, &peer.url(), None).await;

    // Pages one and two (six records) arrive, the third fails: kept, with the token of page three.
    let broken = app.core.harvest_source(id).await.expect("runs");
    assert_eq!(broken.added, 6, "{broken:?}");
    let error = broken.error.expect("the failure is reported");
    assert!(error.contains("HTTP-status 500"), "{error}");
    let token = app.token(crate::common::COORDINATOR).await;
    let list = app.api(axum::http::Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    assert_eq!(list["items"][0]["resuming"], true);
    assert_eq!(list["items"][0]["last_error"].as_str(), Some(error.as_str()));
    assert_eq!(list["items"][0]["last_success_datestamp"], Value::Null);

    // The source works again: the run asks only for page three, and completes.
    peer.set(&json!({ "records": eight() }));
    let resumed = app.core.harvest_source(id).await.expect("runs");
    assert_eq!((resumed.added, resumed.error.clone()), (2, None), "{resumed:?}");
    assert_eq!(harvested_hits(&app, "wijkaanpak").await.len(), 8);
    let list = app.api(axum::http::Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    assert_eq!(list["items"][0]["resuming"], false);
    assert_eq!(list["items"][0]["last_error"], Value::Null);
    assert!(list["items"][0]["last_success_datestamp"].is_string());
}

#[tokio::test]
async fn two_runs_of_one_source_never_interleave() {
    let Some(peer) = Peer::start(&json!({ "records": eight() })) else { return };
    let app = app().await;
    let id = add(&app, &peer.url(), None).await;

    // The hourly run and a queued one at once: one harvests, the other leaves the source alone.
    let (a, b) = tokio::join!(app.core.harvest_source(id), app.core.harvest_source(id));
    let (a, b) = (a.expect("runs"), b.expect("runs"));
    let (ran, refused) = if a.error.is_none() { (a, b) } else { (b, a) };
    assert_eq!((ran.added, ran.error.clone()), (8, None), "{ran:?}");
    assert_eq!(refused.added, 0, "{refused:?}");
    assert!(refused.error.as_deref().unwrap_or_default().contains("al geoogst"), "{refused:?}");
    let token = app.token(crate::common::COORDINATOR).await;
    let list = app.api(axum::http::Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    assert_eq!(list["items"][0]["records"], 8);
    assert_eq!(list["items"][0]["last_error"], Value::Null, "the refused run wrote no error on the source");

    // Released at the end: the next run runs.
    let again = app.core.harvest_source(id).await.expect("runs");
    assert_eq!(again.error, None, "{again:?}");
}
