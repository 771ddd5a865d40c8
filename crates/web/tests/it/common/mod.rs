//! Test harness: the real application, in-process, on a fresh database per test.
//!
//! Backend: `BROEDPLAATS_TEST_DB=sqlite` (default; a temporary file) or `postgres` (a fresh
//! database on the server at `BROEDPLAATS_TEST_PG_URL`, default
//! `postgres://postgres@127.0.0.1:5432/postgres`, dropped when the test ends).
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use broedplaats_core::Core;
use broedplaats_store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const COORDINATOR: &str = "coordinator@zhz.example";
pub const LECTOR: &str = "lector@zhz.example";
pub const MEMBER: &str = "lid@zhz.example";
pub const OTHER_COORDINATOR: &str = "coordinator@voorbeeld.example";
pub const PASSWORD: &str = broedplaats_core::demo::DEMO_PASSWORD;

enum Db {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

pub struct TestApp {
    pub router: Router,
    pub core: Core,
    db: Db,
}

/// Opens `/metrics` to in-process requests, which have no client address.
pub const METRICS_TOKEN: &str = "test-metrics-token";

pub fn backend() -> String {
    std::env::var("BROEDPLAATS_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

impl TestApp {
    /// A fresh, migrated database with the demo data loaded.
    pub async fn spawn() -> Self {
        let app = Self::empty().await;
        assert!(app.core.load_demo().await.expect("demo loads"));
        app
    }

    /// As `spawn`, with the `Core` changed first (OpenID Connect providers, public URL, …).
    pub async fn spawn_with(configure: impl FnOnce(Core) -> Core) -> Self {
        let app = Self::empty_with(configure).await;
        assert!(app.core.load_demo().await.expect("demo loads"));
        app
    }

    /// A fresh, migrated, empty database.
    pub async fn empty() -> Self {
        Self::empty_with(|core| core).await
    }

    async fn empty_with(configure: impl FnOnce(Core) -> Core) -> Self {
        let (url, db) = match backend().as_str() {
            "postgres" => {
                let admin_url = std::env::var("BROEDPLAATS_TEST_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let name = format!("bp_test_{}", rand::random::<u64>());
                let admin = Store::connect(&admin_url).await.expect("PostgreSQL reachable for tests");
                admin.execute_admin(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).expect("admin url has a database");
                (format!("{base}/{name}"), Db::Postgres { admin_url, name })
            }
            "sqlite" => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                (url, Db::Sqlite(dir))
            }
            other => panic!("unknown BROEDPLAATS_TEST_DB {other:?} (use sqlite or postgres)"),
        };
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let core = configure(Core::new(store));
        let state = broedplaats_web::AppState::new(
            core.clone(),
            broedplaats_web::WebConfig { metrics_token: Some(METRICS_TOKEN.into()), ..Default::default() },
        );
        TestApp { router: broedplaats_web::app(state), core, db }
    }

    /// The same database with a differently configured core (an installation setting).
    pub fn reconfigure(mut self, f: impl FnOnce(Core) -> Core) -> Self {
        self.core = f(self.core.clone());
        let state = broedplaats_web::AppState::new(
            self.core.clone(),
            broedplaats_web::WebConfig { metrics_token: Some(METRICS_TOKEN.into()), ..Default::default() },
        );
        self.router = broedplaats_web::app(state);
        self
    }

    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("request")).await
    }

    /// A JSON API call, optionally with a bearer token.
    pub async fn api(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => b.body(Body::empty()),
        };
        self.send(req.expect("request")).await
    }

    /// A bearer token for a demo account.
    pub async fn token(&self, email: &str) -> String {
        self.core.create_api_token(email, None).await.expect("token")
    }

    /// A browser-like session: logs in through the login form.
    /// The cancel link of `email`'s registration for activity `id` of `slug`, as its emails carry
    /// it (without sending any: the queue is left as it is).
    pub async fn cancel_url(&self, slug: &str, id: i64, email: &str) -> String {
        let tenant = self.core.tenant(slug).await.expect("werkplaats");
        let registration = {
            let mut conn = self.core.store.conn().await.expect("conn");
            broedplaats_store::activities::registration_by_email(&mut conn, &tenant, id, &email.to_lowercase())
                .await
                .expect("query")
                .expect("a registration")
        };
        self.core.registration_mail(slug, registration.id).await.expect("mail").expect("a registration").cancel_url
    }

    /// The cancel token of `email`'s registration, from the confirmation email: the only place a
    /// registrant who is not signed in gets it. Runs the due jobs, then reads the newest mail to them.
    pub async fn cancel_token_from_mail(&self, email: &str) -> String {
        self.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
        let mail =
            self.core.mailer.sent().into_iter().rev().find(|m| m.to.contains(email)).expect("a mail to the registrant");
        let at = mail.text.find("/afmelden/").expect("a cancel link in the mail") + "/afmelden/".len();
        let token = mail.text[at..].split(|c: char| c.is_whitespace() || c == '?').next().unwrap_or_default();
        assert!(!token.is_empty(), "cancel link without a token: {}", mail.text);
        token.to_owned()
    }

    pub async fn browser(&self) -> Browser<'_> {
        let mut b = Browser { app: self, cookies: Vec::new() };
        // first GET hands out the CSRF cookie
        b.get("/inloggen").await;
        b
    }

    pub async fn logged_in(&self, email: &str) -> Browser<'_> {
        let mut b = self.browser().await;
        let res = b.post_form("/inloggen", &[("email", email), ("password", PASSWORD), ("terug", "/")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "login of {email} failed: {}", res.body);
        b
    }

    pub async fn agenda(&self, slug: &str) -> Value {
        let r = self.get(&format!("/api/v1/werkplaatsen/{slug}/agenda")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Db::Postgres { admin_url, name } = &self.db {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async; use a small runtime of its own on a plain thread. The
            // test's pool lives on the test's runtime, blocked here, so it is not closed politely:
            // `WITH (FORCE)` ends its connections.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) = Store::connect(&admin_url).await {
                        let _ = admin.execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as it came (PDF, XLSX, ZIP).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// Keeps cookies like a browser does, so form posts carry session and CSRF token.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<(String, String)>,
}

impl Browser<'_> {
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn remember(&mut self, res: &TestResponse) {
        for v in res.headers.get_all(header::SET_COOKIE) {
            let s = v.to_str().unwrap_or_default();
            let pair = s.split(';').next().unwrap_or_default();
            if let Some((k, val)) = pair.split_once('=') {
                self.cookies.retain(|(n, _)| n != k);
                if !val.is_empty() && !s.contains("Max-Age=0") {
                    self.cookies.push((k.to_owned(), val.to_owned()));
                }
            }
        }
    }

    pub fn csrf(&self) -> String {
        self.cookies.iter().find(|(k, _)| k == "bp_csrf").map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// Sends a request built elsewhere (with `cookie_header`), keeping the cookies it sets.
    pub async fn send(&mut self, req: Request<Body>) -> TestResponse {
        let res = self.app.send(req).await;
        self.remember(&res);
        res
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty()).expect("req");
        let res = self.app.send(req).await;
        self.remember(&res);
        res
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("req");
        let res = self.app.send(req).await;
        self.remember(&res);
        res
    }

    /// An API call carrying the session cookie (and, if given, an X-CSRF-Token header).
    pub async fn api(&mut self, method: Method, path: &str, csrf: Option<&str>, body: Value) -> TestResponse {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = csrf {
            b = b.header("x-csrf-token", c);
        }
        self.app.send(b.body(Body::from(body.to_string())).expect("req")).await
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
