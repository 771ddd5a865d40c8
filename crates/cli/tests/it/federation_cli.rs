//! Two installations on one machine (issue 17): B publishes, A harvests B's OAI-PMH provider with
//! `broedplaats harvest add` and `harvest run` — real processes, two databases and two data
//! directories, the command line beside A's running server. A product published in B is findable
//! in A's search after one run; deleted in B, it is gone from A after the next.
use crate::common::{Env, Server, create_werkplaats};
use serde_json::Value;

const ZHZ: &str = "/api/v1/werkplaatsen/zhz";
const ALLOW: (&str, &str) = ("BROEDPLAATS_HARVEST_ALLOW_PRIVATE_ADDRESSES", "true");

fn json(server: &Server, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, Value) {
    let bytes = body.map(|b| b.to_string().into_bytes());
    let (status, body) = server.request_bytes(method, path, token, bytes.as_deref().map(|b| ("application/json", b)));
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The harvested hits for `q` in A's search, as (title, source, url), waiting up to ten seconds for
/// A's server to apply what the command line wrote (it owns the index).
fn harvested_in(a: &Server, q: &str, want: usize) -> Vec<(String, String, String)> {
    let mut hits = Vec::new();
    for _ in 0..50 {
        let (status, body) = json(a, "GET", &format!("/api/v1/search?q={q}"), None, None);
        assert_eq!(status, 200, "{body}");
        hits = body["hits"]
            .as_array()
            .expect("a list of hits")
            .iter()
            .filter(|h| h["type"] == "harvested")
            .map(|h| {
                let s = |k: &str| h[k].as_str().unwrap_or_default().to_owned();
                (s("title"), s("source"), s("url"))
            })
            .collect();
        if hits.len() == want {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    hits
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_published_in_b_is_found_in_a_and_its_deletion_follows() {
    // Installation B: the demo, with one product of its own published through its API.
    let b_env = Env::new().await;
    let b = b_env.serve_args(&["--demo"]);
    let token = b_env.ok(&["admin", "create-token", "--email", "coordinator@zhz.example"], "").trim().to_owned();
    let product = serde_json::json!({
        "kind": "werkvorm", "title": "Federatieproef buurtbudget", "summary": "Gepubliceerd in installatie B.",
        "status": "published", "visibility": "public"
    });
    let (status, created) = json(&b, "POST", &format!("{ZHZ}/knowledge-products"), Some(&token), Some(&product));
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().expect("an id");

    // Installation A: its own database and data directory, its server running; the administrator
    // registers B and harvests it once from the command line.
    let a_env = Env::new().await;
    create_werkplaats(&a_env);
    let a = a_env.serve();
    assert!(harvested_in(&a, "federatieproef", 0).is_empty(), "nothing harvested yet");
    let url = format!("http://{}/oai", b.addr);
    let refused = a_env.run(&["harvest", "add", &url, "--name", "Installatie B"], "");
    assert!(!refused.status.success(), "a loopback source is refused without the setting");
    let source = a_env.ok_with(&["harvest", "add", &url, "--name", "Installatie B"], &[ALLOW], "");
    let source = source.trim().rsplit(' ').next().unwrap_or_default().to_owned();
    let first = a_env.ok_with(&["harvest", "run"], &[ALLOW], "");
    assert!(first.contains("Installatie B"), "{first}");

    let hits = harvested_in(&a, "federatieproef", 1);
    assert_eq!(hits.len(), 1, "found in A after one run: {hits:?}");
    assert_eq!(hits[0].0, "Federatieproef buurtbudget");
    assert_eq!(hits[0].1, "Installatie B");
    assert!(hits[0].2.contains(&format!("/kennis/{id}")), "links back to B: {hits:?}");

    // Deleted in B: after A's next run (incremental, from the last one) it is gone from A.
    let (status, body) = json(&b, "DELETE", &format!("{ZHZ}/knowledge-products/{id}"), Some(&token), None);
    assert_eq!(status, 204, "{body}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = a_env.ok_with(&["harvest", "run", "--source", &source], &[ALLOW], "");
    assert!(second.contains("Installatie B"), "{second}");
    assert!(harvested_in(&a, "federatieproef", 0).is_empty(), "removed from A after the next run");
    // The rest of B's public knowledge is still there.
    assert!(!harvested_in(&a, "mantelzorg", usize::MAX).is_empty(), "B's other products stay harvested");
}
