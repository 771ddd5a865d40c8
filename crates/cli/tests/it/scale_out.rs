//! Several `broedplaats serve` instances behind one address: uploaded files in S3-compatible object
//! storage (a real S3 server, `moto_server`, started here), shared by the instances. On
//! PostgreSQL two instances run on one database, each with a data directory of its own: a file
//! uploaded through one downloads through the other, a session made on one works on the other,
//! and a write on one is found through the other's search within a second. On SQLite (one
//! database file, one instance) the same file round trip runs through one instance.
//!
//! `moto_server` is found through `BROEDPLAATS_TEST_MOTO` (set by `scripts/test`, which installs
//! it in `target/py-venv`), else in that venv, else on `PATH`; without it the test says SKIPPED.
use object_store::ObjectStoreExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Env, backend, create_werkplaats};

const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";
const EMAIL: &str = "coordinator@test.example";
const BUCKET: &str = "broedplaats-bestanden";

/// A running `moto_server` (an S3-compatible server), killed when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_moto() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("BROEDPLAATS_TEST_MOTO").filter(|p| !p.is_empty()) {
        return Some((path.into(), true));
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/py-venv/bin/moto_server");
    if venv.is_file() {
        return Some((venv, false));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("moto_server")).find(|p| p.is_file()).map(|p| (p, false))
}

/// Starts `moto_server` on a free loopback port and waits until it answers; `None` (with SKIPPED
/// on stderr) when it is not installed. When `BROEDPLAATS_TEST_MOTO` names it, it must work.
fn start_moto() -> Option<Moto> {
    let Some((program, required)) = find_moto() else {
        eprintln!("scale_out: SKIPPED — moto_server not found (set BROEDPLAATS_TEST_MOTO or run scripts/test)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
    let child = match Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(moto_log())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if !required => {
            eprintln!("scale_out: SKIPPED — cannot start {}: {e}", program.display());
            return None;
        }
        Err(e) => panic!("cannot start BROEDPLAATS_TEST_MOTO={}: {e}", program.display()),
    };
    let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "moto_server did not start on port {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

/// moto's request log (one line per request, with its status), shown when an assertion fails.
fn moto_log_path() -> PathBuf {
    std::env::temp_dir().join(format!("broedplaats-moto-{}.log", std::process::id()))
}

fn moto_log() -> Stdio {
    std::fs::File::create(moto_log_path()).map(Stdio::from).unwrap_or_else(|_| Stdio::null())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().expect("http client")
}

/// The value of cookie `name` among a response's `Set-Cookie` headers.
fn cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers().get_all(reqwest::header::SET_COOKIE).iter().find_map(|v| {
        let first = v.to_str().ok()?.split(';').next()?;
        let (k, value) = first.split_once('=')?;
        (k.trim() == name).then(|| value.to_owned())
    })
}

async fn json(res: reqwest::Response, expected: u16) -> serde_json::Value {
    let status = res.status().as_u16();
    let body = res.text().await.expect("body");
    assert_eq!(status, expected, "{body}");
    serde_json::from_str(&body).expect("JSON body")
}

/// A PNG (judged by content) that no other test uploads.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(format!("scale-out {:?} {}", std::time::SystemTime::now(), std::process::id()).as_bytes());
    bytes.extend((0..=255u8).cycle().take(100_000));
    bytes
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "broedplaats-test-grens";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn instances_share_files_sessions_and_search() {
    let Some(moto) = start_moto() else { return };
    let http = client();
    // moto accepts an unsigned bucket creation.
    let res = http.put(format!("{}/{BUCKET}", moto.endpoint)).send().await.expect("create the bucket");
    assert!(res.status().is_success(), "creating the bucket: {}", res.status());

    let env = Env::new().await;
    create_werkplaats(&env);
    let args = ["admin", "create-user", "--email", EMAIL, "--name", "Anna", "--werkplaats", "test"];
    env.ok(&[&args[..], &["--role", "programme-coordinator"]].concat(), &format!("{PASSWORD}\n"));
    let token = env.ok(&["admin", "create-token", "--email", EMAIL], "").trim().to_owned();

    let storage_url = format!("s3://{BUCKET}");
    let s3 = [
        ("BROEDPLAATS_STORAGE_URL", storage_url.as_str()),
        ("BROEDPLAATS_S3_ENDPOINT", moto.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test-secret"),
        ("AWS_REGION", "us-east-1"),
        // The servers reach moto directly, whatever proxy the machine has set.
        ("NO_PROXY", "127.0.0.1"),
        ("no_proxy", "127.0.0.1"),
    ];
    let a = env.serve_in(&env.data_dir(), &s3);
    let two = backend() == "postgres";
    let data_b = env.dir.path().join("data-b");
    let second = two.then(|| env.serve_in(&data_b, &s3));
    let b = second.as_ref().unwrap_or(&a);
    let (url_a, url_b) = (format!("http://{}", a.addr), format!("http://{}", b.addr));
    let bearer = format!("Bearer {token}");

    // A file uploaded through A downloads through B, byte for byte.
    let product = serde_json::json!({ "kind": "factsheet", "title": "Cijfers over mantelzorg (schaal)",
        "summary": "Met een bijlage.", "status": "published", "visibility": "public" });
    let api = "/api/v1/werkplaatsen/test/knowledge-products";
    let res = http
        .post(format!("{url_a}{api}"))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(product.to_string())
        .send()
        .await;
    let id = json(res.expect("create a product"), 201).await["id"].as_i64().expect("product id");
    let bytes = png();
    let (content_type, body) = multipart("grafiek.png", &bytes);
    let res = http
        .post(format!("{url_a}{api}/{id}/files"))
        .header("authorization", &bearer)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await;
    let file = json(res.expect("upload"), 201).await;
    let download = file["url"].as_str().expect("file url").to_owned();
    let res = http.get(format!("{url_b}{download}")).header("authorization", &bearer).send().await.expect("download");
    let status = res.status().as_u16();
    let content_type = res.headers().get("content-type").cloned();
    let downloaded = res.bytes().await.expect("bytes");
    let body = String::from_utf8_lossy(&downloaded[..downloaded.len().min(300)]).into_owned();
    let moto_requests = std::fs::read_to_string(moto_log_path()).unwrap_or_default();
    assert_eq!(status, 200, "download through B: {body}\nA:\n{}\nB:\n{}\nmoto:\n{moto_requests}", a.log(), b.log());
    assert_eq!(content_type.expect("a content type"), "image/png");
    assert!(downloaded[..] == bytes[..], "the download through B is the upload through A");

    // The bytes are in the bucket (key: SHA-256, laid out like the local directory), not on disk.
    let key = broedplaats_core::kernel::storage::key_for(&bytes);
    let bucket = object_store::aws::AmazonS3Builder::new()
        .with_bucket_name(BUCKET)
        .with_endpoint(&moto.endpoint)
        .with_allow_http(true)
        .with_virtual_hosted_style_request(false)
        .with_access_key_id("test")
        .with_secret_access_key("test-secret")
        .with_region("us-east-1")
        .build()
        .expect("an S3 client");
    let object = object_store::path::Path::from(format!("{}/{}", &key[..2], &key[2..]));
    let stored = bucket.get(&object).await.expect("the object is in the bucket").bytes().await.expect("bytes");
    assert!(stored[..] == bytes[..]);
    for dir in [env.data_dir(), data_b.clone()] {
        assert!(!dir.join("files").exists(), "no local files in {}", dir.display());
    }

    // A session made by signing in through A works on B.
    let res = http.get(format!("{url_a}/inloggen")).send().await.expect("login form");
    let csrf = cookie(&res, "bp_csrf").expect("a CSRF cookie");
    let res = http
        .post(format!("{url_a}/inloggen"))
        .header("cookie", format!("bp_csrf={csrf}"))
        .form(&[("csrf", csrf.as_str()), ("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(res.status().as_u16(), 303, "signed in");
    let session = cookie(&res, "bp_session").expect("a session cookie");
    let csrf = cookie(&res, "bp_csrf").expect("a fresh CSRF cookie");
    let cookies = format!("bp_session={session}; bp_csrf={csrf}");
    let res = http.get(format!("{url_b}/api/v1/me")).header("cookie", &cookies).send().await.expect("me");
    assert_eq!(json(res, 200).await["email"], EMAIL);
    let res = http.get(format!("{url_b}/api/v1/me")).send().await.expect("me without a session");
    assert_eq!(res.status().as_u16(), 401);

    // Deleting the file through B (the page, with that session) removes the object from the bucket.
    let res = http
        .post(format!("{url_b}{download}/verwijderen"))
        .header("cookie", &cookies)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("delete the file");
    assert_eq!(res.status().as_u16(), 303, "file deleted");
    assert!(matches!(bucket.head(&object).await, Err(object_store::Error::NotFound { .. })), "object removed");
    let res = http.get(format!("{url_a}{download}")).header("authorization", &bearer).send().await.expect("download");
    assert_eq!(res.status().as_u16(), 404);

    // A write on A is found through B's search within a second (B applies the shared outbox).
    let product = serde_json::json!({ "kind": "advies", "title": "Wijkteams en zonnepanelen",
        "summary": "Over energiearmoede.", "status": "published", "visibility": "public" });
    let res = http
        .post(format!("{url_a}{api}"))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(product.to_string())
        .send()
        .await;
    json(res.expect("create a product"), 201).await;
    let written = Instant::now();
    loop {
        let res = http.get(format!("{url_b}/api/v1/search?q=zonnepanelen")).send().await.expect("search");
        let found = json(res, 200).await["hits"].as_array().is_some_and(|h| !h.is_empty());
        if found {
            eprintln!("scale_out: found through the other instance after {} ms", written.elapsed().as_millis());
            break;
        }
        assert!(written.elapsed() < Duration::from_secs(1), "not found through B within a second");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
