//! The co-creation API (issue 15): one whole process from pitches to the adopted agenda and its
//! trace, bad input that is refused in Dutch and changes nothing, who may do what, and the phase
//! mails. Run on both databases like every test here.
mod bad_input;
mod roles;
mod whole_process;

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

pub const BASE: &str = "/api/v1/werkplaatsen/zhz/cocreation";
pub const CITIZEN: &str = "burger@zhz.example";
pub const CITIZEN_NAME: &str = "Bea Burger (fictief)";

pub const MAASOEVER: &str = "Hogeschool Maasoever (fictief)";
pub const RIJNMOND: &str = "Hogeschool Rijnmond-Zuid (fictief)";
pub const WELZIJN: &str = "Welzijn Drechtoevers (fictief)";
pub const BEWONERS: &str = "Bewonersplatform Eilandzicht (fictief)";

/// The application with a bearer token for each actor the tests use.
pub struct Co {
    pub app: TestApp,
    pub coord: String,
    pub lector: String,
    pub member: String,
    pub citizen: String,
    pub other: String,
}

impl Co {
    pub async fn new() -> Co {
        let app = TestApp::spawn().await;
        app.core.create_user(CITIZEN, CITIZEN_NAME, "zhz", "citizen", PASSWORD).await.expect("citizen account");
        Co {
            coord: app.token(COORDINATOR).await,
            lector: app.token(LECTOR).await,
            member: app.token(MEMBER).await,
            citizen: app.token(CITIZEN).await,
            other: app.token(OTHER_COORDINATOR).await,
            app,
        }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
        let path = if path.starts_with('/') { path.to_owned() } else { format!("{BASE}/{path}") };
        self.app.api(method, &path, token, body).await
    }

    /// A call that must succeed with `status`; its JSON body (or null).
    pub async fn expect(
        &self,
        status: StatusCode,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Value {
        let r = self.call(method.clone(), path, Some(token), body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        if r.body.is_empty() { Value::Null } else { r.json() }
    }

    pub async fn get(&self, path: &str, token: &str) -> Value {
        self.expect(StatusCode::OK, Method::GET, path, token, None).await
    }

    pub async fn create_process(&self, title: &str) -> i64 {
        let v =
            self.expect(StatusCode::CREATED, Method::POST, BASE, &self.coord, Some(json!({ "title": title }))).await;
        v["id"].as_i64().expect("process id")
    }

    pub async fn pitch(&self, id: i64, token: &str, title: &str, organisation: Option<&str>) -> i64 {
        let body = json!({
            "title": title,
            "question": format!("Wat weten we over {}?", title.to_lowercase()),
            "why": "Het speelt nu in onze regio.",
            "organisation": organisation,
        });
        let v = self.expect(StatusCode::CREATED, Method::POST, &format!("{id}/pitches"), token, Some(body)).await;
        v["id"].as_i64().expect("pitch id")
    }

    pub async fn phase(&self, id: i64, phase: &str) {
        let v = self
            .expect(StatusCode::OK, Method::PUT, &format!("{id}/phase"), &self.coord, Some(json!({ "phase": phase })))
            .await;
        assert_eq!(v["phase"], phase);
    }

    pub async fn cluster(&self, id: i64, title: &str, pitch_ids: &[i64]) -> i64 {
        let body = json!({ "title": title, "pitch_ids": pitch_ids });
        let v =
            self.expect(StatusCode::CREATED, Method::POST, &format!("{id}/clusters"), &self.coord, Some(body)).await;
        v["id"].as_i64().expect("cluster id")
    }

    pub async fn text(&self, id: i64, cluster: i64, token: &str, title: &str) -> i64 {
        let body = json!({
            "title": title,
            "level": "doelgroep",
            "introduction": format!("Waarom {title} ertoe doet."),
            "questions": ["Wat werkt?", "Voor wie?"],
            "project_options": ["Een praktijkonderzoek."],
        });
        let path = format!("{id}/clusters/{cluster}/texts");
        let v = self.expect(StatusCode::CREATED, Method::POST, &path, token, Some(body)).await;
        v["version"].as_i64().expect("text version")
    }

    pub async fn process(&self, id: i64) -> Value {
        self.get(&format!("{id}"), &self.coord).await
    }

    pub async fn items(&self, path: &str) -> Vec<Value> {
        self.get(path, &self.coord).await["items"].as_array().cloned().expect("items")
    }

    /// A process in the phase `amending` with one theme made of one cluster of two pitches:
    /// (process, theme id, cluster id).
    pub async fn amending(&self, title: &str) -> (i64, i64, i64) {
        let id = self.create_process(title).await;
        let a = self.pitch(id, &self.member, "Wachtlijsten jeugdzorg", Some(WELZIJN)).await;
        let b = self.pitch(id, &self.citizen, "Jongeren en schulden", None).await;
        self.phase(id, "clustering").await;
        let cluster = self.cluster(id, "Jeugd", &[a, b]).await;
        self.phase(id, "prioritising").await;
        self.phase(id, "elaborating").await;
        self.text(id, cluster, &self.member, &format!("Jeugd ({title})")).await;
        self.phase(id, "concept").await;
        self.phase(id, "amending").await;
        let clusters = self.items(&format!("{id}/clusters")).await;
        let theme = clusters.iter().find(|c| c["id"] == cluster).expect("cluster")["theme_id"].as_i64().expect("theme");
        (id, theme, cluster)
    }
}

/// Asserts a 422 whose message is `message` (a rule's Dutch text) and that names `field`.
pub fn refused(r: &TestResponse, field: &str, message: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"]["code"], "validation_failed", "{}", r.body);
    assert_eq!(v["error"]["message"], message, "{}", r.body);
    assert_eq!(v["error"]["fields"][field], message, "{}", r.body);
}

/// Asserts a 422 with `message` for `field` among the fields.
pub fn invalid_field(r: &TestResponse, field: &str, message: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][field], message, "{}", r.body);
}

pub fn ids(v: &Value) -> Vec<i64> {
    let mut out: Vec<i64> = v.as_array().expect("array").iter().map(|x| x.as_i64().expect("id")).collect();
    out.sort_unstable();
    out
}
