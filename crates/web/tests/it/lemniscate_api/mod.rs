//! The lemniscate API (issue 16): a question carried round the whole figure-eight by a werkplaats
//! and a national knowledge partner, the counts of the lemniscate views against counts made here
//! from the paths, who may read and move what (the role tests the issue names), and bad input that
//! is refused in Dutch and writes nothing. Run on both databases like every test here.
mod bad_input;
mod counts;
mod roles;
mod whole_eight;

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

pub const ZHZ: &str = "/api/v1/werkplaatsen/zhz";
pub const VOORBEELD: &str = "/api/v1/werkplaatsen/voorbeeld";
pub const NATIONAL: &str = "kennispartner@landelijk.example";
pub const NATIONAL_NAME: &str = "Nadia Landman (fictief)";
pub const NATIONAL_ORG: &str = "Movisie";

/// The application with a bearer token for each actor the tests use (`None` is anonymous).
pub struct Lem {
    pub app: TestApp,
    pub coord: String,
    pub member: String,
    pub other: String,
    pub national: String,
}

impl Lem {
    pub async fn new() -> Lem {
        let app = TestApp::spawn().await;
        app.core
            .create_national_partner(NATIONAL, NATIONAL_NAME, NATIONAL_ORG, PASSWORD)
            .await
            .expect("national partner");
        Lem {
            coord: app.token(COORDINATOR).await,
            member: app.token(MEMBER).await,
            other: app.token(OTHER_COORDINATOR).await,
            national: app.token(NATIONAL).await,
            app,
        }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
        self.app.api(method, path, token, body).await
    }

    /// A GET that must answer 200; its JSON.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Value {
        let r = self.call(Method::GET, path, token, None).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
        r.json()
    }

    /// A POST that must answer 201; the id it made.
    pub async fn create(&self, path: &str, token: &str, body: Value) -> i64 {
        let r = self.call(Method::POST, path, Some(token), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.body);
        r.json()["id"].as_i64().unwrap_or_else(|| panic!("no id: {}", r.body))
    }

    /// A practice question of the werkplaats under `base`, by `token`; its id.
    pub async fn question(&self, base: &str, token: &str, title: &str, visibility: &str, kwesties: &[&str]) -> i64 {
        let body = json!({ "title": title, "visibility": visibility, "kwesties": kwesties });
        self.create(&format!("{base}/questions"), token, body).await
    }

    /// Records a move that must succeed; its id.
    pub async fn move_(&self, base: &str, question: i64, token: &str, body: Value) -> i64 {
        self.create(&format!("{base}/questions/{question}/moves"), token, body).await
    }

    /// Tries a move; the answer.
    pub async fn try_move(&self, base: &str, question: i64, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::POST, &format!("{base}/questions/{question}/moves"), token, Some(body)).await
    }

    pub async fn path(&self, base: &str, question: i64, token: Option<&str>) -> Value {
        self.get(&format!("{base}/questions/{question}/path"), token).await
    }

    /// A published knowledge product of the werkplaats under `base` with `visibility`; its id.
    pub async fn product(&self, base: &str, token: &str, title: &str, visibility: &str) -> i64 {
        let body = json!({ "kind": "werkvorm", "title": title, "summary": "Voor de lemniscaat.",
                           "visibility": visibility, "status": "published" });
        self.create(&format!("{base}/knowledge-products"), token, body).await
    }

    /// Jobs not yet done.
    pub async fn pending_jobs(&self) -> i64 {
        let mut conn = self.app.core.store.conn().await.expect("conn");
        broedplaats_store::jobs::pending(&mut conn).await.expect("pending")
    }

    /// The ids in an `{ "items": [...] }` answer.
    pub async fn ids(&self, path: &str, token: Option<&str>) -> Vec<i64> {
        let v = self.get(path, token).await;
        v["items"].as_array().unwrap_or_else(|| panic!("{path}: no items: {v}")).iter().map(id).collect()
    }
}

pub fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id: {v}"))
}

/// The movements of a path's moves, in order.
pub fn movements(path: &Value) -> Vec<String> {
    path["moves"].as_array().expect("moves").iter().map(|m| m["movement"].as_str().unwrap_or("").to_owned()).collect()
}

/// The field errors of a 422 answer, with the Dutch message of each.
pub fn field_errors(r: &TestResponse) -> Vec<(String, String)> {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = r.json();
    v["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("no fields: {}", r.body))
        .iter()
        .map(|(k, m)| (k.clone(), m.as_str().unwrap_or("").to_owned()))
        .collect()
}
