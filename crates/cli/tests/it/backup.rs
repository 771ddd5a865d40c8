//! `broedplaats backup` and `broedplaats restore`: a backup taken while the server writes is one
//! consistent moment, restores on the other engine with every API list the same, brings uploaded
//! files back, and rebuilds the search index; a non-empty database and a damaged archive are refused.
use crate::common::{Env, Server, create_werkplaats};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A one-page PDF about werkvormen with mantelzorgers (the core crate's fixture).
const PDF: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/werkvorm.pdf"));
const ZHZ: &str = "/api/v1/werkplaatsen/zhz";

/// Every member of an archive: name → bytes.
fn members(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("archive")).expect("a ZIP archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("member");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read member");
        out.insert(f.name().expect("a member name").into_owned(), bytes);
    }
    out
}

fn rows(members: &BTreeMap<String, Vec<u8>>, table: &str) -> Vec<Value> {
    let text = std::str::from_utf8(&members[&format!("db/{table}.jsonl")]).expect("utf-8");
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON row")).collect()
}

fn json(server: &Server, path: &str, token: &str) -> Value {
    let (status, body) = server.request_bytes("GET", path, Some(token), None);
    assert_eq!(status, 200, "GET {path}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).expect("JSON")
}

/// Every list the API serves for the installation and for each werkplaats: the GET paths of the
/// OpenAPI document with no parameter but the werkplaats. Left out: calendars (stamped with the
/// moment they are made) and search (asked separately, it needs a query).
fn list_paths(server: &Server, token: &str) -> Vec<String> {
    let doc = json(server, "/api/v1/openapi.json", token);
    let slugs: Vec<String> = json(server, "/api/v1/werkplaatsen", token)
        .as_array()
        .expect("werkplaatsen")
        .iter()
        .map(|w| w["slug"].as_str().expect("slug").to_owned())
        .collect();
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        if ops.get("get").is_none() || path.ends_with(".ics") || path.starts_with("/api/v1/search") {
            continue;
        }
        for slug in &slugs {
            let p = path.replace("{slug}", slug);
            if !p.contains('{') && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    assert!(out.len() >= 20, "too few list endpoints found: {out:?}");
    out
}

/// Starts a writer that keeps creating organisations through the API; each success is reported.
fn writer(
    server: &Server,
    token: &str,
) -> (Arc<AtomicBool>, std::sync::mpsc::Receiver<()>, std::thread::JoinHandle<u64>) {
    let (addr, token) = (server.addr.clone(), token.to_owned());
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let stopped = stop.clone();
    let handle = std::thread::spawn(move || {
        let mut n = 0u64;
        while !stopped.load(Ordering::SeqCst) {
            let body = serde_json::json!({ "name": format!("Schrijver {n} (test)"), "kind": "overig" }).to_string();
            let mut s = std::net::TcpStream::connect(&addr).expect("connect");
            write!(
                s,
                "POST {ZHZ}/organisations HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .expect("send");
            let mut response = String::new();
            s.read_to_string(&mut response).expect("read");
            assert!(response.starts_with("HTTP/1.1 201"), "the writer's create failed: {response}");
            n += 1;
            let _ = tx.send(());
        }
        n
    });
    (stop, rx, handle)
}

/// Writes a multipart upload of `bytes` as the field `file`.
fn multipart(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "broedplaats-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Removes the values that say when *this request* was served (`exported_at` of the personal data
/// export, `last_used_at` of the token that asks), which differ between two servers by the clock.
fn strip_moments(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("exported_at");
            map.remove("last_used_at");
            map.values_mut().for_each(strip_moments);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_moments),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_under_write_load_restores_on_the_other_engine_with_every_list_the_same() {
    let source = Env::new().await;
    let server = source.serve_args(&["--demo"]);
    let token = source.ok(&["admin", "create-token", "--email", "coordinator@zhz.example"], "").trim().to_owned();

    // A knowledge product with an uploaded PDF: its file must come back, and its text be findable.
    let product = serde_json::json!({ "kind": "werkvorm", "title": "Backup-proef (test)", "summary": "Met een bestand.", "status": "published" });
    let (status, body) = server.request_bytes(
        "POST",
        &format!("{ZHZ}/knowledge-products"),
        Some(&token),
        Some(("application/json", product.to_string().as_bytes())),
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let product_id = serde_json::from_slice::<Value>(&body).expect("JSON")["id"].as_i64().expect("id");
    let (content_type, upload) = multipart("werkvorm.pdf", PDF);
    let (status, body) = server.request_bytes(
        "POST",
        &format!("{ZHZ}/knowledge-products/{product_id}/files"),
        Some(&token),
        Some((&content_type, &upload)),
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let file_url = serde_json::from_slice::<Value>(&body).expect("JSON")["url"].as_str().expect("url").to_owned();

    // The backup runs while the writer creates organisations before, during and after it.
    let archive = source.dir.path().join("backup.zip");
    let archive_arg = archive.to_str().expect("utf-8 path");
    let (stop, written, writer) = writer(&server, &token);
    for _ in 0..3 {
        written.recv().expect("the writer writes");
    }
    let out = source.ok(&["backup", archive_arg], "");
    assert!(out.contains("backup geschreven"), "{out}");
    for _ in 0..3 {
        written.recv().expect("the writer writes on after the backup");
    }
    stop.store(true, Ordering::SeqCst);
    let total = writer.join().expect("writer");
    drop(server);

    // One consistent moment: some of the writer's organisations are in it, not all, and each
    // has the audit entry written in its transaction (the audit log is read before them).
    let a = members(&archive);
    let manifest: Value = serde_json::from_slice(&a["manifest.json"]).expect("manifest");
    assert_eq!(manifest["format"], "broedplaats-backup");
    assert_eq!(manifest["source_engine"], source.engine());
    let theirs = |name: &str| name.starts_with("Schrijver ");
    let orgs: Vec<Value> =
        rows(&a, "organisations").into_iter().filter(|o| theirs(o["name"].as_str().unwrap_or(""))).collect();
    assert!(orgs.len() >= 3 && (orgs.len() as u64) <= total - 3, "{} of {total} writes in the backup", orgs.len());
    let audited = rows(&a, "audit_log")
        .into_iter()
        .filter(|e| e["action"] == "create" && e["after"].as_str().is_some_and(|a| a.contains("Schrijver ")))
        .count();
    assert_eq!(audited, orgs.len(), "every organisation in the backup has its audit entry, and no more");
    assert_eq!(a.keys().filter(|k| k.starts_with("files/")).count(), 1, "the uploaded file is in the archive");

    // Restore into the other engine, and into a fresh SQLite installation as the reference.
    let other = if source.engine() == "sqlite" { "postgres" } else { "sqlite" };
    let reference = Env::on("sqlite").await.expect("SQLite is always there");
    let out = reference.ok(&["restore", archive_arg], "");
    assert!(out.contains("zoekindex opnieuw opgebouwd"), "{out}");
    let Some(target) = Env::on(other).await else {
        return; // Env::on said what is skipped.
    };
    target.ok(&["restore", archive_arg], "");

    // The restored installation backs up to the same rows and files as the original archive.
    let again = target.dir.path().join("again.zip");
    target.ok(&["backup", again.to_str().expect("utf-8 path")], "");
    let b = members(&again);
    let content = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.iter().filter(|(k, _)| k.as_str() != "manifest.json").map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    assert_eq!(content(&a).keys().collect::<Vec<_>>(), content(&b).keys().collect::<Vec<_>>());
    for (name, bytes) in content(&a) {
        assert!(b[&name] == bytes, "{name} differs after the round trip through {other}");
    }

    // Every API list is the same on the restored engine as on the reference.
    let restored = target.serve();
    let reference_server = reference.serve();
    let paths = list_paths(&restored, &token);
    for path in &paths {
        let (s1, b1) = restored.request_bytes("GET", path, Some(&token), None);
        let (s2, b2) = reference_server.request_bytes("GET", path, Some(&token), None);
        assert_eq!(s1, s2, "GET {path}");
        let (mut v1, mut v2): (Value, Value) =
            (serde_json::from_slice(&b1).expect("JSON"), serde_json::from_slice(&b2).expect("JSON"));
        strip_moments(&mut v1);
        strip_moments(&mut v2);
        assert_eq!(v1, v2, "GET {path} differs between {other} and sqlite");
    }
    let listed = json(&restored, &format!("{ZHZ}/organisations"), &token).to_string();
    assert!(
        orgs.iter().all(|o| listed.contains(o["name"].as_str().expect("name"))),
        "the restored list has every organisation"
    );

    // The file comes back, and the rebuilt index finds the product by a word in it.
    let (status, downloaded) = restored.request_bytes("GET", &file_url, Some(&token), None);
    assert_eq!(status, 200);
    assert!(downloaded == PDF, "the downloaded file is the uploaded one");
    let hits = json(&restored, "/api/v1/search?q=schuldhulpverlener", &token).to_string();
    assert!(hits.contains("Backup-proef (test)"), "the rebuilt index finds the product by its file: {hits}");

    // New rows get new ids (PostgreSQL's identity sequences were moved past the restored ids).
    let body = serde_json::json!({ "name": "Na het herstel (test)", "kind": "overig" }).to_string();
    let (status, body) = restored.request_bytes(
        "POST",
        &format!("{ZHZ}/organisations"),
        Some(&token),
        Some(("application/json", body.as_bytes())),
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_into_a_database_with_rows_is_refused_and_changes_nothing() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let first = env.dir.path().join("first.zip");
    env.ok(&["backup", first.to_str().expect("path")], "");
    let err = env.fails(&["restore", first.to_str().expect("path")], "");
    assert!(err.contains("De database is niet leeg"), "{err}");
    let second = env.dir.path().join("second.zip");
    env.ok(&["backup", second.to_str().expect("path")], "");
    let (a, b) = (members(&first), members(&second));
    assert_eq!(a.len(), b.len());
    for (name, bytes) in a.iter().filter(|(k, _)| k.as_str() != "manifest.json") {
        assert!(&b[name] == bytes, "{name} changed after the refused restore");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_archive_is_refused_before_anything_is_written() {
    let source = Env::new().await;
    create_werkplaats(&source);
    let good = source.dir.path().join("good.zip");
    source.ok(&["backup", good.to_str().expect("path")], "");

    // The same archive with one row changed and the manifest left as it was.
    let bad = source.dir.path().join("bad.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bad).expect("create"));
    for (name, mut bytes) in members(&good) {
        if name == "db/werkplaatsen.jsonl" {
            let text = String::from_utf8(bytes).expect("utf-8").replace("Werkplaats Test", "Werkplaats Vals");
            bytes = text.into_bytes();
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("member");
        zip.write_all(&bytes).expect("write");
    }
    zip.finish().expect("finish");

    let target = Env::new().await;
    let err = target.fails(&["restore", bad.to_str().expect("path")], "");
    assert!(err.contains("controlesom van db/werkplaatsen.jsonl klopt niet"), "{err}");
    // Nothing was written: the good archive restores into the same installation afterwards.
    target.ok(&["restore", good.to_str().expect("path")], "");
    let out = target.ok(&["admin", "create-werkplaats", "--slug", "test2", "--name", "Twee", "--region", "R"], "");
    assert!(out.contains("created"), "{out}");
    let err = target.fails(&["admin", "create-werkplaats", "--slug", "test", "--name", "X", "--region", "R"], "");
    assert!(!err.is_empty(), "the restored werkplaats is there");
}
