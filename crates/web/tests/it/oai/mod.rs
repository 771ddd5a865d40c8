//! The OAI-PMH provider at `/oai` (issue 17): every verb and error code, tombstones that keep their
//! sets, datestamps that change only with the record, keyset paging over several pages and at an
//! exact multiple of the page size, inclusive from/until at both granularities, private content
//! absent; responses validated against the OAI-PMH and oai_dc schemas (lxml) and harvested by a
//! real harvester (Sickle) over HTTP. Both databases through the harness.
mod paging;
mod peers;
mod protocol;

use crate::common::{COORDINATOR, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_store::knowledge::{ProductFields, insert_product, outbox_push};
use serde_json::{Value, json};

pub const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";

/// GET `/oai?{query}`: the XML, after checking status and content type.
pub async fn oai(app: &TestApp, query: &str) -> String {
    let r = app.get(&format!("/oai?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/xml; charset=utf-8");
    r.body
}

/// POST `/oai` with the arguments as a form.
pub async fn oai_post(app: &TestApp, form: &str) -> String {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/oai")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

/// The error code of a response, if it is an error.
pub fn error_code(xml: &str) -> Option<String> {
    let at = xml.find("<error code=\"")? + 13;
    Some(xml[at..].split('"').next()?.to_owned())
}

/// Text of every `<tag>…</tag>`.
pub fn texts(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &xml[i + open.len()..];
            rest.find(&close).map(|end| rest[..end].to_owned())
        })
        .collect()
}

/// The resumption token: `None` when there is no element, `Some("")` when it is empty.
pub fn token(xml: &str) -> Option<String> {
    let i = xml.find("<resumptionToken")?;
    let rest = &xml[i..];
    let end = rest.find('>')?;
    if rest[..end].ends_with('/') {
        return Some(String::new());
    }
    Some(rest[end + 1..rest.find("</resumptionToken>")?].to_owned())
}

/// The value of attribute `name` of the resumption token.
pub fn token_attr(xml: &str, name: &str) -> Option<i64> {
    let i = xml.find("<resumptionToken")?;
    let rest = &xml[i..xml[i..].find('>').map(|e| i + e)?];
    let at = rest.find(&format!("{name}=\""))? + name.len() + 2;
    rest[at..].split('"').next()?.parse().ok()
}

/// Identifiers of a list response (headers of records or of ListIdentifiers).
pub fn identifiers(xml: &str) -> Vec<String> {
    texts(xml, "identifier")
}

/// Publishes a public product through the API; its id.
pub async fn publish(app: &TestApp, title: &str, extra: Value) -> i64 {
    let token = app.token(COORDINATOR).await;
    let mut body = json!({ "kind": "werkvorm", "title": title, "summary": "Samenvatting.", "status": "published" });
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        body[k] = v;
    }
    let r = app.api(Method::POST, PRODUCTS, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

/// `n` published public products in werkplaats `slug`, written straight to the store (with their
/// outbox rows), then one sync: many records cheaply.
pub async fn publish_many(app: &TestApp, slug: &str, n: usize) {
    let tenant = app.core.tenant(slug).await.expect("tenant");
    let mut tx = app.core.store.begin().await.expect("tx");
    for i in 0..n {
        let f = ProductFields {
            kind: "publicatie".into(),
            title: format!("Bulkproduct {i}"),
            summary: "Voor het bladeren.".into(),
            body: String::new(),
            project_id: None,
            theme_group_id: None,
            year: Some(2025),
            published_on: None,
            licence: "CC BY 4.0".into(),
            language: "nl".into(),
            audiences: "[]".into(),
            four_os: "[]".into(),
            links: "[]".into(),
            author_names: "[]".into(),
            visibility: "public".into(),
        };
        let id = insert_product(&mut tx, &tenant, &f, "published", None).await.expect("insert");
        outbox_push(&mut tx, &tenant, "knowledge_product", id).await.expect("outbox");
    }
    tx.commit().await.expect("commit");
    app.core.sync_oai().await.expect("sync");
}

/// Walks a list over all its pages; the identifiers and every page's XML.
pub async fn walk(app: &TestApp, first: &str) -> (Vec<String>, Vec<String>) {
    let verb = if first.contains("ListIdentifiers") { "ListIdentifiers" } else { "ListRecords" };
    let mut xml = oai(app, first).await;
    let mut ids = identifiers(&xml);
    let mut pages = vec![xml.clone()];
    while let Some(t) = token(&xml).filter(|t| !t.is_empty()) {
        xml = oai(app, &format!("verb={verb}&resumptionToken={t}")).await;
        assert_eq!(error_code(&xml), None, "{xml}");
        ids.extend(identifiers(&xml));
        pages.push(xml.clone());
        assert!(pages.len() < 100, "a list that never ends");
    }
    (ids, pages)
}

/// The Python with lxml and Sickle (`BROEDPLAATS_TEST_PY`), or `None` to skip.
pub fn python() -> Option<String> {
    std::env::var("BROEDPLAATS_TEST_PY").ok().filter(|p| !p.is_empty())
}

/// Validates responses against the OAI-PMH and oai_dc schemas with lxml; panics with the errors.
pub fn validate(py: &str, responses: &[String]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (i, xml) in responses.iter().enumerate() {
        let path = dir.path().join(format!("r{i:03}.xml"));
        std::fs::write(&path, xml).expect("write");
        files.push(path);
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/oai/validate.py");
    let out = std::process::Command::new(py).arg(script).args(&files).output().expect("python runs");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "schema validation failed:\n{report}");
}
