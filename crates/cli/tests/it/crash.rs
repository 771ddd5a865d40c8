//! Durability of the real `broedplaats serve` on the selected engine (`BROEDPLAATS_TEST_DB`).
//!
//! `writes_acknowledged_before_sigkill_survive`: four writers send knowledge products (two
//! writers), registrations and agenda edits through the API; the server is killed with SIGKILL in
//! the middle and started again on the same data. Every write answered with 2xx must be there, and
//! the search index must agree with the database at once: every product is found by the unique
//! word in its title, and the products found by the word all share are exactly those in the database.
//! Writes that got no answer may or may not be there; if there, they must be findable too.
//!
//! `sigterm_finishes_what_is_in_flight`: SIGTERM during writes and during an upload whose body is
//! still arriving: the upload is answered 201, no request is carried out without its answer, the
//! process exits 0 in a few seconds, and everything acknowledged is there after a restart.
//!
//! Both print their figures (`--nocapture`), quoted in docs/PERFORMANCE.md.
use crate::common::{Env, Server, backend, create_werkplaats};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const API: &str = "/api/v1/werkplaatsen/test";
const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";
/// In every product title: the products found by it are all crash-test products.
const MARKER: &str = "crashproef";
const PDF: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/werkvorm.pdf"));

/// What became of one request.
#[derive(Debug)]
enum Outcome {
    /// Never reached the server (connection refused: it was down).
    NotSent,
    /// Sent, but no complete answer came (the server died with it in hand).
    NoAnswer,
    Answered(u16, String),
}

/// One HTTP/1.1 request on its own connection, with a bearer token and a JSON body.
fn request(addr: &str, method: &str, path: &str, token: &str, body: Option<&Value>) -> Outcome {
    let Ok(mut stream) = TcpStream::connect(addr) else { return Outcome::NotSent };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let body = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).is_err() {
        // The connection was accepted, so the request may have been read.
        return Outcome::NoAnswer;
    }
    read_response(stream)
}

fn read_response(mut stream: TcpStream) -> Outcome {
    let mut raw = Vec::new();
    if stream.read_to_end(&mut raw).is_err() {
        return Outcome::NoAnswer;
    }
    let raw = String::from_utf8_lossy(&raw);
    let Some((head, body)) = raw.split_once("\r\n\r\n") else { return Outcome::NoAnswer };
    let Some(status) = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()) else { return Outcome::NoAnswer };
    let length = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok()).flatten()
    });
    match length {
        // Cut off halfway: the answer did not arrive.
        Some(n) if body.len() < n => Outcome::NoAnswer,
        Some(_) => Outcome::Answered(status, body.to_owned()),
        None => Outcome::NoAnswer,
    }
}

/// A GET that must answer.
fn get(server: &Server, token: &str, path: &str) -> (u16, Value) {
    match request(&server.addr, "GET", path, token, None) {
        Outcome::Answered(status, body) => (status, serde_json::from_str(&body).unwrap_or(Value::Null)),
        other => panic!("GET {path}: {other:?}"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Product,
    Registration,
    Theme,
}

/// One write that reached the server.
#[derive(Debug)]
struct Sent {
    kind: Kind,
    /// The unique word of a product's title, a registration's email, a theme's title.
    key: String,
    /// 2xx: the id (product, theme) and the agenda version (theme); `None`: no answer.
    acked: Option<(i64, i64)>,
}

/// A word of consonants only, unique per `n`: no stemmer or decompounder changes it.
fn word(n: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjklmnpqrtvwxz";
    let mut n = n;
    let mut w = String::from("zx");
    for _ in 0..4 {
        w.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
    }
    w
}

struct Fixture {
    env: Env,
    token: String,
    activity: i64,
}

async fn fixture() -> (Fixture, Server) {
    let env = Env::new().await;
    create_werkplaats(&env);
    env.ok(
        &[
            "admin",
            "create-user",
            "--email",
            "coordinator@test.example",
            "--name",
            "Coördinator",
            "--werkplaats",
            "test",
            "--role",
            "programme-coordinator",
        ],
        &format!("{PASSWORD}\n"),
    );
    let token = env.ok(&["admin", "create-token", "--email", "coordinator@test.example"], "").trim().to_owned();
    let server = env.serve();
    server.wait_ready();
    let starts = chrono::Utc::now() + chrono::Duration::days(30);
    let activity = json!({
        "kind": "kenniscafe",
        "title": "Kenniscafé voor de crashtest",
        "starts_at": starts.to_rfc3339(),
        "ends_at": (starts + chrono::Duration::hours(2)).to_rfc3339(),
        "location": "Dordrecht",
        "audience": "public",
    });
    let activity = match request(&server.addr, "POST", &format!("{API}/activities"), &token, Some(&activity)) {
        Outcome::Answered(201, body) => {
            serde_json::from_str::<Value>(&body).expect("json")["id"].as_i64().expect("activity id")
        }
        other => panic!("create activity: {other:?}"),
    };
    (Fixture { env, token, activity }, server)
}

/// Runs `writers` (two product writers, one registration writer, one agenda writer) until `stop`
/// is set or the server stops answering; returns every write that reached the server and the
/// non-2xx answers (there should be none).
fn write_until(
    addr: &str,
    token: &str,
    activity: i64,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<(Vec<Sent>, Vec<String>)>> {
    let plan = [(Kind::Product, 0usize), (Kind::Product, 1), (Kind::Registration, 0), (Kind::Theme, 0)];
    plan.into_iter()
        .map(|(kind, lane)| {
            let (addr, token, stop) = (addr.to_owned(), token.to_owned(), Arc::clone(stop));
            std::thread::spawn(move || {
                let (mut writes, mut refused) = (Vec::new(), Vec::new());
                let mut n = lane;
                while !stop.load(Ordering::Relaxed) {
                    let (path, key, body) = match kind {
                        Kind::Product => {
                            let w = word(n);
                            let body = json!({
                                "kind": "werkvorm",
                                "title": format!("Crashproef werkvorm {w}"),
                                "summary": "Een werkvorm die de crashtest schrijft.",
                                "status": "published",
                            });
                            (format!("{API}/knowledge-products"), w, body)
                        }
                        Kind::Registration => {
                            let email = format!("deelnemer-{n}@test.example");
                            let body = json!({ "name": format!("Deelnemer {n}"), "email": email });
                            (format!("{API}/activities/{activity}/registrations"), email, body)
                        }
                        Kind::Theme => {
                            let title = format!("Crashthema {n}");
                            (format!("{API}/agenda/themes"), title.clone(), json!({ "title": title }))
                        }
                    };
                    n += 2;
                    match request(&addr, "POST", &path, &token, Some(&body)) {
                        Outcome::NotSent => break,
                        Outcome::NoAnswer => {
                            writes.push(Sent { kind, key, acked: None });
                            break;
                        }
                        Outcome::Answered(status, body) if (200..300).contains(&status) => {
                            let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                            let ids = match kind {
                                Kind::Product => (v["id"].as_i64().unwrap_or(-1), 0),
                                Kind::Registration => (0, 0),
                                Kind::Theme => {
                                    (v["theme"]["id"].as_i64().unwrap_or(-1), v["version"].as_i64().unwrap_or(-1))
                                }
                            };
                            writes.push(Sent { kind, key, acked: Some(ids) });
                        }
                        Outcome::Answered(status, body) => refused.push(format!("{kind:?} {key}: {status} {body}")),
                    }
                }
                (writes, refused)
            })
        })
        .collect()
}

fn collect(handles: Vec<std::thread::JoinHandle<(Vec<Sent>, Vec<String>)>>) -> Vec<Sent> {
    let mut all = Vec::new();
    for h in handles {
        let (writes, refused) = h.join().expect("writer thread");
        assert!(refused.is_empty(), "writes refused while the server ran: {refused:#?}");
        all.extend(writes);
    }
    all
}

/// The ids of the knowledge products the search finds for `q` (every page).
fn search_ids(server: &Server, token: &str, q: &str) -> (u64, BTreeSet<i64>) {
    let mut ids = BTreeSet::new();
    let mut total = 0;
    for page in 1..=100 {
        let (status, v) =
            get(server, token, &format!("/api/v1/search?q={q}&type=knowledge_product&per_page=50&page={page}"));
        assert_eq!(status, 200, "search {q}: {v}");
        total = v["total"].as_u64().expect("total");
        let hits = v["hits"].as_array().expect("hits");
        ids.extend(hits.iter().map(|h| h["id"].as_i64().expect("id")));
        if hits.is_empty() || ids.len() as u64 >= total {
            break;
        }
    }
    (total, ids)
}

/// The ids of the knowledge products in the database, read directly.
async fn stored_products(env: &Env) -> BTreeSet<i64> {
    use broedplaats_store::knowledge::{KnowledgeTable, all_ids};
    let core = env.core().await;
    let tenant = core.tenant("test").await.expect("tenant");
    let mut conn = core.store.conn().await.expect("conn");
    let ids = all_ids(&mut conn, &tenant, KnowledgeTable::Products).await.expect("ids");
    drop(conn);
    core.store.close().await;
    ids.into_iter().collect()
}

/// Figures of one check after the restart.
struct Figures {
    sent: usize,
    acked: usize,
    found: usize,
    unacked_present: usize,
    unacked_absent: usize,
    products: usize,
}

/// Checks every write after the restart: acknowledged ones must be there, the search index must
/// agree with the database.
/// `others`: products written besides the writers'.
async fn check(fx: &Fixture, server: &Server, writes: &[Sent], others: usize) -> Figures {
    let token = &fx.token;
    let (status, regs) = get(server, token, &format!("{API}/activities/{}/registrations", fx.activity));
    assert_eq!(status, 200, "{regs}");
    let emails: HashSet<String> = regs["items"]
        .as_array()
        .expect("registrations")
        .iter()
        .map(|r| r["email"].as_str().expect("email").to_owned())
        .collect();
    let (status, agenda) = get(server, token, &format!("{API}/agenda"));
    assert_eq!(status, 200, "{agenda}");
    let themes: HashSet<String> = agenda["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .map(|t| t["title"].as_str().expect("title").to_owned())
        .collect();
    let stored = stored_products(&fx.env).await;
    let (total, found_by_marker) = search_ids(server, token, MARKER);
    assert_eq!(total as usize, found_by_marker.len(), "every hit of the marker was paged through");
    assert_eq!(found_by_marker, stored, "the search index holds exactly the products in the database");

    let mut f = Figures { sent: writes.len(), acked: 0, found: 0, unacked_present: 0, unacked_absent: 0, products: 0 };
    let mut missing = Vec::new();
    for w in writes {
        let present = match (w.kind, w.acked) {
            (Kind::Product, Some((id, _))) => {
                let (status, v) = get(server, token, &format!("{API}/knowledge-products/{id}"));
                let there = status == 200 && v["title"].as_str().is_some_and(|t| t.ends_with(&w.key));
                let (_, by_word) = search_ids(server, token, &w.key);
                assert!(!there || by_word.contains(&id), "product {id} ({}) is not found by its word", w.key);
                there
            }
            // Without an answer there is no id: present when its word finds a product with it.
            (Kind::Product, None) => {
                let (_, by_word) = search_ids(server, token, &w.key);
                let mut there = false;
                for id in by_word.intersection(&stored) {
                    let (_, v) = get(server, token, &format!("{API}/knowledge-products/{id}"));
                    there |= v["title"].as_str().is_some_and(|t| t.ends_with(&w.key));
                }
                there
            }
            (Kind::Registration, _) => emails.contains(&w.key),
            (Kind::Theme, Some((id, version))) => {
                let (status, v) = get(server, token, &format!("{API}/agenda/themes/{id}"));
                let (version_status, _) = get(server, token, &format!("{API}/agenda/versions/{version}"));
                status == 200 && v["title"] == w.key.as_str() && version_status == 200
            }
            (Kind::Theme, None) => themes.contains(&w.key),
        };
        match (w.acked.is_some(), present) {
            (true, true) => f.found += 1,
            (true, false) => missing.push(format!("{:?} {}", w.kind, w.key)),
            (false, true) => f.unacked_present += 1,
            (false, false) => f.unacked_absent += 1,
        }
        f.acked += usize::from(w.acked.is_some());
    }
    assert!(missing.is_empty(), "acknowledged writes lost: {missing:?}");
    // Products that got no answer but were written are in `stored` too; none beyond those.
    let acked_products = writes.iter().filter(|w| w.kind == Kind::Product && w.acked.is_some()).count();
    let unacked_products = writes.iter().filter(|w| w.kind == Kind::Product && w.acked.is_none()).count();
    assert!(
        stored.len() >= acked_products + others && stored.len() <= acked_products + unacked_products + others,
        "{} products stored, {acked_products} acknowledged, {unacked_products} unanswered",
        stored.len()
    );
    f.products = stored.len();
    f
}

fn by_kind(writes: &[Sent]) -> String {
    let count = |k: Kind| writes.iter().filter(|w| w.kind == k && w.acked.is_some()).count();
    format!(
        "{} products, {} registrations, {} agenda edits",
        count(Kind::Product),
        count(Kind::Registration),
        count(Kind::Theme)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_acknowledged_before_sigkill_survive() {
    let (fx, mut server) = fixture().await;
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let writers = write_until(&server.addr, &fx.token, fx.activity, &stop);
    tokio::time::sleep(Duration::from_secs(5)).await;
    // The writers are mid-request: the process dies with requests in hand.
    server.kill();
    stop.store(true, Ordering::Relaxed);
    let writes = collect(writers);
    let written_for = started.elapsed();
    assert!(writes.iter().filter(|w| w.acked.is_some()).count() > 20, "the writers barely wrote: {writes:?}");

    let server = fx.env.serve();
    server.wait_ready();
    let f = check(&fx, &server, &writes, 0).await;
    println!(
        "crash test ({}): {} writes sent in {:.1} s, {} acknowledged ({}), {}/{} found after SIGKILL and restart; \
         unanswered: {} present, {} absent; search agrees with the database ({} products)",
        backend(),
        f.sent,
        written_for.as_secs_f64(),
        f.acked,
        by_kind(&writes),
        f.found,
        f.acked,
        f.unacked_present,
        f.unacked_absent,
        f.products
    );
}

/// Sends the head of an upload and half its body now; the rest when `finish` is called.
struct SlowUpload {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl SlowUpload {
    fn start(addr: &str, token: &str, product: i64) -> Self {
        const BOUNDARY: &str = "crashtest-grens";
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"werkvorm.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(PDF);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let head = format!(
            "POST {API}/knowledge-products/{product}/files HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Authorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        let rest = body.split_off(body.len() / 2);
        stream.write_all(head.as_bytes()).expect("send head");
        stream.write_all(&body).expect("send half the body");
        stream.flush().expect("flush");
        SlowUpload { stream, rest }
    }

    fn finish(mut self) -> Outcome {
        if self.stream.write_all(&self.rest).is_err() {
            return Outcome::NoAnswer;
        }
        read_response(self.stream)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_finishes_what_is_in_flight() {
    let (fx, mut server) = fixture().await;
    let product = json!({ "kind": "werkvorm", "title": "Crashproef werkvorm met bijlage", "summary": "Met een PDF.",
        "status": "published" });
    let product = match request(&server.addr, "POST", &format!("{API}/knowledge-products"), &fx.token, Some(&product)) {
        Outcome::Answered(201, body) => serde_json::from_str::<Value>(&body).expect("json")["id"].as_i64().expect("id"),
        other => panic!("create product: {other:?}"),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let writers = write_until(&server.addr, &fx.token, fx.activity, &stop);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let upload = SlowUpload::start(&server.addr, &fx.token, product);
    // Let the server read the head, so the upload is in its hands when the signal comes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let uploaded = upload.finish();
    stop.store(true, Ordering::Relaxed);
    let status = server.wait_exit(Duration::from_secs(10));
    let stopped_in = signalled.elapsed();
    let writes = collect(writers);
    match uploaded {
        Outcome::Answered(201, _) => {}
        other => panic!("the upload in flight at SIGTERM was not finished: {other:?}"),
    }
    let status = status.expect("the server exits within 10 s of SIGTERM");
    assert!(status.success(), "the server exits 0 after SIGTERM: {status}");

    let server = fx.env.serve();
    server.wait_ready();
    let f = check(&fx, &server, &writes, 1).await;
    // A connection the kernel accepted after the server stopped accepting is reset unread; what
    // must never happen is a request that was carried out but not answered.
    assert_eq!(f.unacked_present, 0, "a request carried out during shutdown got no answer");
    let (status, v) = get(&server, &fx.token, &format!("{API}/knowledge-products/{product}"));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1), "the upload in flight was stored: {v}");
    println!(
        "sigterm test ({}): {} writes sent, {} acknowledged ({}), {}/{} found after restart; \
         {} refused unread at shutdown; the upload in flight answered 201; exit 0 {} ms after SIGTERM",
        backend(),
        f.sent,
        f.acked,
        by_kind(&writes),
        f.found,
        f.acked,
        f.unacked_absent,
        stopped_in.as_millis()
    );
}
