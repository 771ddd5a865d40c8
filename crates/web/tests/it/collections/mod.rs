//! Collections (issue 19): reading lists built through the API; an item the reader may not see is
//! left out without its title (API, page, CSV, feed); an unknown or hidden item is refused by name
//! and nothing is saved; who may build, change, read and delete; the CSV; the Atom feed as
//! feedparser reads it; the list with its cursor; the demo collection.
mod pages;

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

pub(super) const PUBLIC_URL: &str = "https://kennis.example.org";
const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";
pub(super) const CITIZEN: &str = "burger@zhz.example";
/// An account without any role, as a student after self-registration.
pub(super) const STUDENT: &str = "student@elders.example";
pub(super) const HIDDEN: &str = "Besloten werkvorm alleen voor partners";
pub(super) const OPEN: &str = "Openbare werkvorm voor de leeslijst";

pub(super) struct Setup {
    pub app: TestApp,
    /// A public, published product.
    pub public: i64,
    /// A published product for partners only: hidden from the public.
    pub partners: i64,
    pub approach: i64,
    pub story: i64,
}

async fn product(app: &TestApp, token: &str, title: &str, visibility: &str) -> i64 {
    let body = json!({ "kind": "werkvorm", "title": title, "summary": format!("Samenvatting van {title}."),
        "status": "published", "visibility": visibility });
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

pub(super) async fn setup() -> Setup {
    let app = TestApp::spawn_with(|core| core.with_public_url(PUBLIC_URL)).await;
    assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));
    app.core.create_user(CITIZEN, "Bea Burger (account)", "zhz", "citizen", PASSWORD).await.expect("citizen");
    app.core.create_user(STUDENT, "Sam Student (account)", "voorbeeld", "student", PASSWORD).await.expect("student");
    let coord = app.token(COORDINATOR).await;
    let public = product(&app, &coord, OPEN, "public").await;
    let partners = product(&app, &coord, HIDDEN, "partners").await;
    let zhz = app.core.tenant("zhz").await.expect("zhz");
    let approach = app.core.approaches(None, &zhz, &Default::default()).await.expect("approaches")[0].id;
    let story = app
        .core
        .stories(None, &zhz)
        .await
        .expect("stories")
        .into_iter()
        .find(|s| s.title.starts_with("Eindelijk"))
        .expect("a public story")
        .id;
    Setup { app, public, partners, approach, story }
}

/// A collection built by the lector; its id.
pub(super) async fn build(s: &Setup, title: &str, visibility: &str) -> i64 {
    let lector = s.app.token(LECTOR).await;
    let body = json!({ "title": title, "description": "Voor jaar 2.", "visibility": visibility,
        "programme": "Social Work",
        "items": [
            { "type": "knowledge_product", "id": s.public, "note": "Lees dit eerst." },
            { "type": "knowledge_product", "id": s.partners, "note": "Alleen voor partners." },
            { "type": "approach", "id": s.approach, "note": "=HYPERLINK(\"http://kwaad.example\")" },
            { "type": "story", "id": s.story },
        ] });
    let r = s.app.api(Method::POST, "/api/v1/collections", Some(&lector), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["url"], format!("{PUBLIC_URL}/collecties/{}", v["id"]));
    v["id"].as_i64().expect("id")
}

fn titles(v: &Value) -> Vec<String> {
    v["items"].as_array().expect("items").iter().map(|i| i["title"].as_str().expect("title").to_owned()).collect()
}

async fn count(app: &TestApp, token: &str) -> usize {
    let r = app.api(Method::GET, "/api/v1/collections?limit=50", Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").len()
}

#[tokio::test]
async fn a_hidden_item_is_left_out_for_the_public_without_its_title() {
    let s = setup().await;
    let id = build(&s, "Module Armoede — jaar 2", "public").await;
    let lector = s.app.token(LECTOR).await;
    let mine = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), Some(&lector), None).await.json();
    assert_eq!(mine["items"].as_array().expect("items").len(), 4, "{mine}");
    assert_eq!(mine["items"][0]["note"], "Lees dit eerst.");
    assert_eq!(mine["items"][1]["title"], HIDDEN);
    assert_eq!(mine["may_edit"], true);

    let anon = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), None, None).await;
    assert_eq!(anon.status, StatusCode::OK);
    let shown = titles(&anon.json());
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(shown[0], OPEN);
    assert!(!anon.body.contains(HIDDEN) && !anon.body.contains(&format!("/kennis/{}\"", s.partners)), "{}", anon.body);
    assert_eq!(anon.json()["may_edit"], false);
    for path in [format!("/collecties/{id}"), format!("/collecties/{id}.csv"), format!("/collecties/{id}.atom")] {
        let r = s.app.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(r.body.contains(OPEN), "{path}");
        assert!(!r.body.contains(HIDDEN) && !r.body.contains("Alleen voor partners"), "{path} leaks: {}", r.body);
    }
}

#[tokio::test]
async fn an_unknown_or_hidden_item_is_refused_by_name_and_nothing_is_saved() {
    let s = setup().await;
    let lector = s.app.token(LECTOR).await;
    let before = count(&s.app, &lector).await;
    // voorbeeld's product for partners: the zhz lector may not read it.
    let other = s.app.token(OTHER_COORDINATOR).await;
    let body = json!({ "kind": "werkvorm", "title": "Elders besloten", "summary": "Niet voor zhz.",
        "status": "published", "visibility": "partners" });
    let r =
        s.app.api(Method::POST, "/api/v1/werkplaatsen/voorbeeld/knowledge-products", Some(&other), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let elsewhere = r.json()["id"].as_i64().expect("id");
    for (kind, bad) in [("knowledge_product", 999_999), ("knowledge_product", elsewhere), ("story", s.public)] {
        let body = json!({ "title": "Mislukt", "visibility": "public", "items": [
            { "type": "knowledge_product", "id": s.public },
            { "type": kind, "id": bad, "note": "x" },
        ] });
        let r = s.app.api(Method::POST, "/api/v1/collections", Some(&lector), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let e = r.json();
        let message = e["error"]["message"].as_str().expect("message");
        assert!(
            message.contains(&format!("Item 2 ({kind} {bad})")) && message.contains("niets opgeslagen"),
            "{message}"
        );
        assert!(e["error"]["fields"]["items[1].id"].as_str().expect("field").contains("bestaat niet"), "{e}");
        assert!(!r.body.contains("Elders besloten"), "the hidden title leaks");
    }
    // An unknown type, a missing title, a programme collection without a programme.
    for body in [
        json!({ "title": "X", "visibility": "public", "items": [{ "type": "question", "id": 1 }] }),
        json!({ "title": "", "visibility": "public", "items": [] }),
        json!({ "title": "X", "visibility": "programme", "items": [] }),
        json!({ "title": "X", "visibility": "geheim", "items": [] }),
    ] {
        let r = s.app.api(Method::POST, "/api/v1/collections", Some(&lector), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
    }
    assert_eq!(count(&s.app, &lector).await, before, "nothing was saved");
    // A change with a bad item changes nothing either.
    let id = build(&s, "Blijft zoals hij is", "public").await;
    let body = json!({ "title": "Anders", "visibility": "public", "items": [{ "type": "approach", "id": 999_999 }] });
    let r = s.app.api(Method::PUT, &format!("/api/v1/collections/{id}"), Some(&lector), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), Some(&lector), None).await.json();
    assert_eq!(v["title"], "Blijft zoals hij is");
    assert_eq!(v["items"].as_array().expect("items").len(), 4);
}

#[tokio::test]
async fn who_may_build_change_read_and_delete() {
    let s = setup().await;
    let body = json!({ "title": "Rollen", "visibility": "public", "items": [{ "type": "knowledge_product", "id": s.public }] });
    let r = s.app.api(Method::POST, "/api/v1/collections", None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for who in [MEMBER, CITIZEN, STUDENT] {
        let t = s.app.token(who).await;
        let r = s.app.api(Method::POST, "/api/v1/collections", Some(&t), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    // voorbeeld's coordinator may build, in voorbeeld, not in zhz.
    let other = s.app.token(OTHER_COORDINATOR).await;
    let mut in_zhz = body.clone();
    in_zhz["werkplaats"] = json!("zhz");
    let r = s.app.api(Method::POST, "/api/v1/collections", Some(&other), Some(in_zhz)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    let public = build(&s, "Openbaar", "public").await;
    let programme = build(&s, "Voor Social Work", "programme").await;
    let path = |id: i64| format!("/api/v1/collections/{id}");
    // Reading: a programme collection for members of zhz and students, for nobody else.
    assert_eq!(s.app.api(Method::GET, &path(programme), None, None).await.status, StatusCode::NOT_FOUND);
    for (who, status) in [
        (MEMBER, StatusCode::OK),
        (CITIZEN, StatusCode::OK),
        (STUDENT, StatusCode::OK),
        (OTHER_COORDINATOR, StatusCode::NOT_FOUND),
    ] {
        let t = s.app.token(who).await;
        assert_eq!(s.app.api(Method::GET, &path(programme), Some(&t), None).await.status, status, "{who}");
        assert_eq!(s.app.api(Method::GET, &path(public), Some(&t), None).await.status, StatusCode::OK, "{who}");
    }
    let anon_list = s.app.api(Method::GET, "/api/v1/collections", None, None).await.json();
    assert!(anon_list["items"].as_array().expect("items").iter().all(|c| c["visibility"] == "public"), "{anon_list}");
    assert_eq!(s.app.get(&format!("/collecties/{programme}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(s.app.get(&format!("/collecties/{programme}.atom")).await.status, StatusCode::NOT_FOUND);

    // Changing: the author and the coordinator; not a member, not another werkplaats.
    let change = json!({ "title": "Gewijzigd", "visibility": "public", "items": [] });
    for (who, status) in [
        (MEMBER, StatusCode::FORBIDDEN),
        (OTHER_COORDINATOR, StatusCode::FORBIDDEN),
        (COORDINATOR, StatusCode::OK),
        (LECTOR, StatusCode::OK),
    ] {
        let t = s.app.token(who).await;
        let r = s.app.api(Method::PUT, &path(public), Some(&t), Some(change.clone())).await;
        assert_eq!(r.status, status, "{who}: {}", r.body);
    }
    let t = s.app.token(OTHER_COORDINATOR).await;
    assert_eq!(s.app.api(Method::DELETE, &path(programme), Some(&t), None).await.status, StatusCode::NOT_FOUND);
    let t = s.app.token(MEMBER).await;
    assert_eq!(s.app.api(Method::DELETE, &path(programme), Some(&t), None).await.status, StatusCode::FORBIDDEN);
    let t = s.app.token(LECTOR).await;
    assert_eq!(s.app.api(Method::DELETE, &path(programme), Some(&t), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(s.app.api(Method::GET, &path(programme), Some(&t), None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_werkplaats_defaults_to_the_authors_only_one_and_is_asked_when_ambiguous() {
    let s = setup().await;
    let both = "docent@beide.example";
    s.app.core.create_user(both, "Dana Docent (account)", "zhz", "teacher-researcher", PASSWORD).await.expect("zhz");
    s.app.core.create_user(both, "Dana Docent (account)", "voorbeeld", "lector", PASSWORD).await.expect("voorbeeld");
    let t = s.app.token(both).await;
    let body = json!({ "title": "Twee werkplaatsen", "visibility": "public", "items": [] });
    let r = s.app.api(Method::POST, "/api/v1/collections", Some(&t), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["message"].as_str().expect("message").contains("meer dan één werkplaats"), "{}", r.body);
    let mut named = body.clone();
    named["werkplaats"] = json!("voorbeeld");
    let r = s.app.api(Method::POST, "/api/v1/collections", Some(&t), Some(named)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let v = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), None, None).await.json();
    assert_eq!(v["werkplaats"], "voorbeeld");
    let lector = s.app.token(LECTOR).await;
    let r = s.app.api(Method::POST, "/api/v1/collections", Some(&lector), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let v = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), None, None).await.json();
    assert_eq!(v["werkplaats"], "zhz");
}

#[tokio::test]
async fn the_csv_is_a_semicolon_list_with_bom_and_no_formulas() {
    let s = setup().await;
    let id = build(&s, "CSV-lijst", "public").await;
    let r = s.app.get(&format!("/collecties/{id}.csv")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().expect("ascii").contains(&format!("leeslijst-{id}.csv")));
    assert!(r.body.starts_with('\u{feff}'), "BOM");
    let lines: Vec<&str> = r.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Nr;Soort;Titel;Adres;Samenvatting;Notitie voor studenten");
    assert_eq!(lines.len(), 4, "header and three visible items: {lines:?}");
    assert!(
        lines[1].starts_with(&format!("1;Kennisproduct;{OPEN};{PUBLIC_URL}/werkplaatsen/zhz/kennis/{}", s.public)),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(";Lees dit eerst."), "{}", lines[1]);
    // The note that looks like a formula is text.
    assert!(lines[2].contains("\"'=HYPERLINK(\"\"http://kwaad.example\"\")\""), "{}", lines[2]);
    assert!(lines[3].starts_with("3;Verhaal;"), "{}", lines[3]);
}

#[tokio::test]
async fn feedparser_reads_the_collections_atom_feed() {
    let s = setup().await;
    let id = build(&s, "Leeslijst met feed", "public").await;
    let r = s.app.get(&format!("/collecties/{id}.atom")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
    assert!(r.body.contains(&format!("<id>{PUBLIC_URL}/collecties/{id}.atom</id>")), "{}", r.body);
    let page = s.app.get(&format!("/collecties/{id}")).await;
    assert!(page.body.contains("rel=\"alternate\" type=\"application/atom+xml\""), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/collecties/{id}.atom\"")));
    let Ok(python) = std::env::var("BROEDPLAATS_TEST_PY") else {
        eprintln!("SKIPPED: BROEDPLAATS_TEST_PY is not set (scripts/test sets it)");
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("collectie.atom");
    std::fs::write(&file, &r.bytes).expect("write");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/feeds/feed_peer.py");
    let out = std::process::Command::new(python).arg(script).arg(&file).output().expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).expect("json");
    let feed = &seen["feeds"][0];
    assert_eq!(feed["bozo"], 0, "{}", feed["bozo_exception"]);
    assert_eq!(feed["version"], "atom10");
    assert_eq!(feed["title"], "Leeslijst met feed");
    let entries = feed["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 3, "the hidden item is no entry: {feed}");
    let links: Vec<&str> = entries.iter().map(|e| e["link"].as_str().expect("link")).collect();
    assert!(links.contains(&format!("{PUBLIC_URL}/werkplaatsen/zhz/kennis/{}", s.public).as_str()), "{links:?}");
    assert!(entries.iter().all(|e| e["title"] != HIDDEN));
    assert!(entries.iter().any(|e| e["summary"].as_str().unwrap_or_default().contains("Lees dit eerst.")), "{feed}");
}

#[tokio::test]
async fn the_list_pages_with_a_cursor() {
    let s = setup().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(build(&s, &format!("Lijst {n}"), "public").await);
    }
    let first = s.app.api(Method::GET, "/api/v1/collections?limit=2", None, None).await.json();
    let got: Vec<i64> =
        first["items"].as_array().expect("items").iter().map(|c| c["id"].as_i64().expect("id")).collect();
    assert_eq!(got, vec![ids[2], ids[1]]);
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let second =
        s.app.api(Method::GET, &format!("/api/v1/collections?limit=2&cursor={cursor}"), None, None).await.json();
    assert_eq!(second["items"][0]["id"], ids[0]);
    assert!(second["next_cursor"].is_null());
    let r = s.app.api(Method::GET, "/api/v1/collections?limit=0", None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = s.app.api(Method::GET, "/api/v1/collections?werkplaats=voorbeeld", None, None).await.json();
    assert!(r["items"].as_array().expect("items").is_empty());
}

#[tokio::test]
async fn the_demo_collection_loads_once_and_is_public() {
    let s = setup().await;
    assert!(s.app.core.load_demo_collections().await.expect("demo"));
    assert!(!s.app.core.load_demo_collections().await.expect("demo again"));
    let list = s.app.api(Method::GET, "/api/v1/collections", None, None).await.json();
    let demo: Vec<&Value> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["title"] == broedplaats_core::demo::DEMO_COLLECTION)
        .collect();
    assert_eq!(demo.len(), 1, "{list}");
    let id = demo[0]["id"].as_i64().expect("id");
    let v = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), None, None).await.json();
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 4, "{v}");
    assert!(items.iter().all(|i| !i["note"].as_str().expect("note").is_empty()));
    let kinds: Vec<&str> = items.iter().map(|i| i["type"].as_str().expect("type")).collect();
    assert_eq!(kinds, ["knowledge_product", "approach", "story", "knowledge_product"]);
}
