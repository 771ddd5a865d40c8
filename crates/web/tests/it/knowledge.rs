//! Knowledge products on the real app: creating one or many through the API (all or nothing,
//! Dutch messages naming the item), who may add and publish, the review workflow, files whose
//! text becomes searchable, what each role may see, the HTML pages (JSON-LD, list, form) and the
//! demo knowledge base. Search itself (Dutch analysis, facets, filters, rebuild) is in
//! `search.rs`.

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_store::knowledge::{KnowledgeTable, all_ids};
use broedplaats_web::i18n::Tr;
use serde_json::{Value, json};

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";
const PAGES: &str = "/werkplaatsen/zhz/kennis";
/// A one-page PDF: "Deze werkvorm helpt schuldhulpverleners om met mantelzorgers in gesprek te
/// gaan over armoede."
const PDF: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/werkvorm.pdf"));
const BOUNDARY: &str = "broedplaats-kennis-grens";

fn text(key: &str) -> &'static str {
    Tr::default().t(key)
}

fn product(title: &str) -> Value {
    json!({ "kind": "werkvorm", "title": title, "summary": "Een korte samenvatting voor de test." })
}

fn published(title: &str) -> Value {
    let mut p = product(title);
    p["status"] = json!("published");
    p
}

async fn create(app: &TestApp, token: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

async fn get(app: &TestApp, token: Option<&str>, id: i64) -> TestResponse {
    app.api(Method::GET, &format!("{PRODUCTS}/{id}"), token, None).await
}

async fn set_status(app: &TestApp, token: &str, id: i64, status: &str) -> TestResponse {
    app.api(Method::POST, &format!("{PRODUCTS}/{id}/status"), Some(token), Some(json!({ "status": status }))).await
}

/// Products of zhz in the database, whatever their status: what "nothing written" is checked against.
async fn stored_products(app: &TestApp) -> usize {
    let tenant = app.core.tenant("zhz").await.expect("tenant");
    let mut conn = app.core.store.conn().await.expect("conn");
    all_ids(&mut conn, &tenant, KnowledgeTable::Products).await.expect("ids").len()
}

/// Every kwestie label, as a coordinator sees them (others see only kwesties with public uses).
async fn kwestie_labels(app: &TestApp) -> Vec<String> {
    let coordinator = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, "/api/v1/kwesties", Some(&coordinator), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|k| k["label"].as_str().expect("label").to_owned())
        .collect()
}

async fn search(app: &TestApp, token: Option<&str>, query: &str) -> Value {
    let r = app.api(Method::GET, &format!("/api/v1/search?{query}"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// The ids of the knowledge products among the hits, best first.
fn product_hits(v: &Value) -> Vec<i64> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| h["type"] == "knowledge_product")
        .map(|h| h["id"].as_i64().expect("id"))
        .collect()
}

async fn finds(app: &TestApp, token: Option<&str>, q: &str, id: i64) -> bool {
    product_hits(&search(app, token, &format!("q={q}")).await).contains(&id)
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|n| n["name"].as_str().expect("name").to_owned()).collect()
}

/// Posts one file in the multipart field `file`, as the API documents, with a bearer token.
async fn upload(app: &TestApp, token: Option<&str>, id: i64, filename: &str, data: &[u8]) -> TestResponse {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut req = Request::post(format!("{PRODUCTS}/{id}/files"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

/// The id of a group by its name, and the body a PUT of it takes.
async fn theme_group(app: &TestApp, token: &str, name: &str) -> (i64, Value) {
    let r = app.api(Method::GET, "/api/v1/werkplaatsen/zhz/theme-groups", Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let g = r.json()["items"].as_array().expect("items").iter().find(|g| g["name"] == name).cloned().expect("group");
    let body = json!({
        "theme_id": g["theme_id"], "lead_person_id": g["lead_person_id"], "description": g["description"],
        "organisation_ids": g["organisation_ids"], "member_ids": g["member_ids"],
    });
    (g["id"].as_i64().expect("id"), body)
}

async fn person_id(app: &TestApp, token: &str, name: &str) -> i64 {
    let r = app.api(Method::GET, "/api/v1/werkplaatsen/zhz/people?limit=200", Some(token), None).await;
    r.json()["items"].as_array().expect("items").iter().find(|p| p["name"] == name).expect("person")["id"]
        .as_i64()
        .expect("id")
}

// ---- creating: one, many, all or nothing ------------------------------------------------------

#[tokio::test]
async fn one_or_many_products_are_created_and_a_bad_list_writes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    assert!(!kwestie_labels(&app).await.contains(&"Digitale uitsluiting (test)".to_owned()));

    // One object: 201 with its id and page; themes and organisations by name (any case), a new kwestie.
    let r = app
        .api(
            Method::POST,
            PRODUCTS,
            Some(&token),
            Some(json!({
                "kind": "advies", "title": "Advies over wijkgerichte schuldhulp (test)",
                "summary": "Wat gemeenten kunnen doen.", "themes": ["weerbaarheid"],
                "organisations": ["gemeente merwestad (FICTIEF)"], "kwesties": ["Digitale uitsluiting (test)"],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_i64().expect("id");
    assert!(created["url"].as_str().expect("url").ends_with(&format!("/werkplaatsen/zhz/kennis/{id}")), "{created}");
    assert_eq!(created.as_object().expect("object").len(), 2, "only id and url: {created}");
    let p = get(&app, Some(&token), id).await.json();
    assert_eq!(p["title"], "Advies over wijkgerichte schuldhulp (test)");
    assert_eq!(p["status"], "concept", "concept unless asked otherwise");
    assert_eq!(names(&p["themes"]), ["Weerbaarheid"]);
    assert_eq!(names(&p["organisations"]), ["Gemeente Merwestad (fictief)"]);
    assert_eq!(names(&p["kwesties"]), ["Digitale uitsluiting (test)"]);
    assert!(kwestie_labels(&app).await.contains(&"Digitale uitsluiting (test)".to_owned()), "kwestie created");
    let (theme_id, org_id, kwestie_id) = (&p["themes"][0]["id"], &p["organisations"][0]["id"], &p["kwesties"][0]["id"]);

    // An array: 201 with an array; themes and organisations by id; the kwestie is reused, not doubled.
    let r = app
        .api(
            Method::POST,
            PRODUCTS,
            Some(&token),
            Some(json!([
                { "kind": "factsheet", "title": "Factsheet A (test)", "summary": "A.", "themes": [theme_id],
                  "organisations": [org_id] },
                { "kind": "verslag", "title": "Verslag B (test)", "summary": "B.",
                  "kwesties": ["digitale  UITSLUITING (test)"] },
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = r.json();
    let list = list.as_array().expect("an array for an array");
    assert_eq!(list.len(), 2);
    let ids: Vec<i64> = list.iter().map(|c| c["id"].as_i64().expect("id")).collect();
    let a = get(&app, Some(&token), ids[0]).await.json();
    assert_eq!((a["title"].as_str(), a["kind"].as_str()), (Some("Factsheet A (test)"), Some("factsheet")));
    assert_eq!(names(&a["themes"]), ["Weerbaarheid"]);
    assert_eq!(names(&a["organisations"]), ["Gemeente Merwestad (fictief)"]);
    let b = get(&app, Some(&token), ids[1]).await.json();
    assert_eq!(&b["kwesties"][0]["id"], kwestie_id, "one kwestie per label");
    assert_eq!(kwestie_labels(&app).await.iter().filter(|k| k.starts_with("Digitale uitsluiting")).count(), 1);
    // An array of one is still answered with an array.
    let r = app.api(Method::POST, PRODUCTS, Some(&token), Some(json!([product("Enkel in een lijst (test)")]))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));

    // One bad item among good ones: every problem named by its item, in Dutch; nothing written.
    let before = stored_products(&app).await;
    let mut good = product("Goed item in een foute lijst (test)");
    good["kwesties"] = json!(["Kwestie uit een foute lijst (test)"]);
    let mut unknown_kind = product("Onbekende soort (test)");
    unknown_kind["kind"] = json!("podcast");
    let mut unknown_org = product("Onbekende organisatie (test)");
    unknown_org["organisations"] = json!(["Stichting Bestaat Niet (fictief)"]);
    let mut unknown_theme = product("Onbekend thema (test)");
    unknown_theme["themes"] = json!(["Ruimtevaart"]);
    let bad = json!([good, unknown_kind, product(""), unknown_org, unknown_theme]);
    let r = app.api(Method::POST, PRODUCTS, Some(&token), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.error_code(), "validation_failed");
    let fields = r.json()["error"]["fields"].as_object().expect("fields").clone();
    let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["[1].kind", "[2].title", "[3].organisations", "[4].themes"], "{fields:?}");
    let kind_message = fields["[1].kind"].as_str().expect("message");
    assert!(kind_message.starts_with("Kies een van: ") && kind_message.contains("werkvorm"), "{kind_message}");
    assert_eq!(fields["[2].title"], text("field.required"));
    assert_eq!(fields["[3].organisations"], text("knowledge.error.unknown_organisation"));
    assert_eq!(fields["[4].themes"], text("knowledge.error.unknown_theme"));
    assert_eq!(stored_products(&app).await, before, "nothing written");
    assert!(!kwestie_labels(&app).await.contains(&"Kwestie uit een foute lijst (test)".to_owned()), "no kwestie");

    // An item without a title at all: the same Dutch message on the same field name; a field the
    // format does not have is named too.
    let r = app
        .api(
            Method::POST,
            PRODUCTS,
            Some(&token),
            Some(json!([
                product("Goed (test)"),
                { "kind": "werkvorm", "summary": "Zonder titel." },
                { "kind": "werkvorm", "title": "Met kleur", "summary": "Iets.", "kleur": "rood" },
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["[1].title"], "Dit veld is verplicht.", "{}", r.body);
    assert!(r.json()["error"]["fields"]["[2].kleur"].is_string(), "{}", r.body);
    // A wrong type is a shape error naming the item.
    let r = app
        .api(
            Method::POST,
            PRODUCTS,
            Some(&token),
            Some(json!([product("Goed (test)"), { "kind": 3, "title": "X", "summary": "Y" }])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.error_code(), "invalid_body");
    let message = r.json()["error"]["message"].as_str().expect("message").to_owned();
    assert!(message.starts_with("De JSON heeft niet de verwachte vorm: [1]: "), "{message}");
    // An empty list is refused too.
    let r = app.api(Method::POST, PRODUCTS, Some(&token), Some(json!([]))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("knowledge.error.empty_import"));
    assert_eq!(stored_products(&app).await, before, "nothing written");
}

// ---- who may add, publish and review -----------------------------------------------------------

#[tokio::test]
async fn partners_add_concepts_and_only_reviewers_publish() {
    let app = TestApp::spawn().await;
    let (member, lector, coordinator, other) = (
        app.token(MEMBER).await,
        app.token(LECTOR).await,
        app.token(COORDINATOR).await,
        app.token(OTHER_COORDINATOR).await,
    );
    let before = stored_products(&app).await;

    let r = app.api(Method::POST, PRODUCTS, None, Some(product("Anoniem (test)"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = app.api(Method::POST, PRODUCTS, Some(&other), Some(product("Andere werkplaats (test)"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // A professional may not publish: the status field is refused, nothing is written.
    let r = app.api(Method::POST, PRODUCTS, Some(&member), Some(published("Meteen gepubliceerd (test)"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["status"], text("knowledge.error.may_not_publish"));
    assert_eq!(stored_products(&app).await, before);

    // Lector and coordinator publish directly; who published is recorded.
    for (token, name) in [(&lector, "Lars Lector (fictief)"), (&coordinator, "Carla Coördinator (fictief)")] {
        let id = create(&app, token, published(&format!("Gepubliceerd door {name}"))).await;
        let p = get(&app, None, id).await;
        assert_eq!(p.status, StatusCode::OK, "public once published: {}", p.body);
        assert_eq!(p.json()["status"], "published");
        assert_eq!(p.json()["reviewed_by"], name);
    }

    // The review workflow: a professional's concept → ter review → published by the lector.
    let id = create(&app, &member, product("Buurtbarbecue als werkvorm (test)")).await;
    let p = get(&app, Some(&member), id).await.json();
    assert_eq!(
        (p["status"].as_str(), p["may_edit"].as_bool(), p["may_review"].as_bool()),
        (Some("concept"), Some(true), Some(false))
    );
    assert_eq!(p["submitted_by"], Value::Null);
    // A concept is seen by its author and the reviewers only; to others it does not exist.
    assert_eq!(get(&app, None, id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, Some(&other), id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, Some(&lector), id).await.json()["may_review"], true);
    assert!(!finds(&app, Some(&lector), "buurtbarbecue", id).await, "concepts are not in search");

    assert_eq!(set_status(&app, &member, id, "published").await.status, StatusCode::FORBIDDEN);
    let r = set_status(&app, &member, id, "review").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], "review");
    assert_eq!(p["submitted_by"], "Pim Professional (fictief)");
    assert!(p["submitted_at"].as_str().is_some_and(|at| at.len() >= 10), "{p}");
    assert_eq!(p["reviewed_by"], Value::Null);
    // Review again: not a step from here.
    let r = set_status(&app, &member, id, "review").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("knowledge.error.transition"));
    assert_eq!(set_status(&app, &member, id, "published").await.status, StatusCode::FORBIDDEN);
    assert!(!finds(&app, Some(&lector), "buurtbarbecue", id).await, "in review is not in search");

    let r = set_status(&app, &lector, id, "published").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = get(&app, None, id).await;
    assert_eq!(p.status, StatusCode::OK);
    let p = p.json();
    assert_eq!(p["status"], "published");
    assert_eq!(p["submitted_by"], "Pim Professional (fictief)");
    assert_eq!(p["reviewed_by"], "Lars Lector (fictief)");
    assert!(p["reviewed_at"].as_str().is_some_and(|at| at >= p["submitted_at"].as_str().unwrap_or_default()), "{p}");
    assert!(finds(&app, None, "buurtbarbecue", id).await, "published: found by everyone");

    // The author may still edit it; someone else's professional product is not theirs to change.
    let lectors = create(&app, &lector, published("Van de lector (test)")).await;
    let r = app.api(Method::PUT, &format!("{PRODUCTS}/{lectors}"), Some(&member), Some(product("Overgenomen"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.api(Method::DELETE, &format!("{PRODUCTS}/{lectors}"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(get(&app, None, lectors).await.json()["title"], "Van de lector (test)");
}

// ---- files ----------------------------------------------------------------------------------------

#[tokio::test]
async fn an_uploaded_pdf_makes_its_text_findable_and_other_files_are_refused() {
    let app = TestApp::spawn().await;
    let (coordinator, member, other) =
        (app.token(COORDINATOR).await, app.token(MEMBER).await, app.token(OTHER_COORDINATOR).await);
    // Nothing in the product itself mentions the words of the PDF.
    let id = create(&app, &coordinator, published("Oefenkaart voor wijkteams (test)")).await;
    assert!(!finds(&app, None, "schuldhulpverlener", id).await);

    let r = upload(&app, Some(&coordinator), id, "werkvorm.pdf", PDF).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let file = r.json();
    assert_eq!(file["filename"], "werkvorm.pdf");
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["size"].as_u64(), Some(PDF.len() as u64));
    let file_url = file["url"].as_str().expect("url").to_owned();
    assert_eq!(file_url, format!("{PAGES}/{id}/bestanden/{}", file["id"]));

    // Another inflection of a word in the PDF finds the product, with the match marked.
    let hits = search(&app, None, "q=schuldhulpverlener").await;
    let hit = hits["hits"].as_array().expect("hits").iter().find(|h| h["id"] == id).expect("found through the PDF");
    assert_eq!(hit["title"], "Oefenkaart voor wijkteams (test)");
    assert!(hit["snippet"].as_str().expect("snippet").contains("<mark>schuldhulpverleners</mark>"), "{hit}");
    assert!(finds(&app, None, "mantelzorger", id).await);
    let p = get(&app, None, id).await.json();
    assert_eq!(p["files"].as_array().map(Vec::len), Some(1));
    let r = app.get(&file_url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(r.body.len(), String::from_utf8_lossy(PDF).len());

    // Judged by content, not by name: refused with the Dutch message, nothing stored.
    for (name, bytes) in [
        ("verslag.pdf", &b"gewoon wat tekst, geen PDF"[..]),
        ("setup.exe", &b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"[..]),
        ("werkvorm.pdf", &b"\x7fELF\x02\x01\x01\x00"[..]),
    ] {
        let r = upload(&app, Some(&coordinator), id, name, bytes).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.type"), "{name}");
    }
    // Only those who may edit the product add files.
    assert_eq!(upload(&app, Some(&member), id, "werkvorm.pdf", PDF).await.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&app, Some(&other), id, "werkvorm.pdf", PDF).await.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&app, None, id, "werkvorm.pdf", PDF).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(get(&app, None, id).await.json()["files"].as_array().map(Vec::len), Some(1), "nothing added");

    // Deleting the file takes its words out of search at once.
    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.post_form(&format!("{file_url}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!finds(&app, None, "schuldhulpverlener", id).await, "file text gone from search");
    assert!(finds(&app, None, "oefenkaart", id).await, "the product itself stays");
}

// ---- visibility per role ----------------------------------------------------------------------------

#[tokio::test]
async fn each_role_finds_and_reads_only_what_is_meant_for_it() {
    let app = TestApp::spawn().await;
    let (coordinator, lector, member, other) = (
        app.token(COORDINATOR).await,
        app.token(LECTOR).await,
        app.token(MEMBER).await,
        app.token(OTHER_COORDINATOR).await,
    );

    // Partners: everyone with a role in zhz; not the public, not another werkplaats.
    let mut body = published("Intervisie in de partnerkring (test)");
    body["visibility"] = json!("partners");
    let partners = create(&app, &coordinator, body).await;
    for (who, token) in [("member", Some(&member)), ("lector", Some(&lector))] {
        assert!(finds(&app, token.map(String::as_str), "partnerkring", partners).await, "{who}");
        assert_eq!(get(&app, token.map(String::as_str), partners).await.status, StatusCode::OK, "{who}");
    }
    for (who, token) in [("anonymous", None), ("other werkplaats", Some(other.as_str()))] {
        assert!(!finds(&app, token, "partnerkring", partners).await, "{who} must not find it");
        assert_eq!(get(&app, token, partners).await.status, StatusCode::NOT_FOUND, "{who}: as if it did not exist");
    }
    let listed = |v: Value| {
        v["items"].as_array().expect("items").iter().map(|p| p["id"].as_i64().unwrap_or_default()).collect::<Vec<_>>()
    };
    assert!(!listed(app.api(Method::GET, PRODUCTS, None, None).await.json()).contains(&partners));
    assert!(listed(app.api(Method::GET, PRODUCTS, Some(&member), None).await.json()).contains(&partners));

    // Theme group: the members of the group (Pim is in "Samen leven") and the managers.
    let mut body = published("Tafelgesprekken in de buurt (test)");
    body["visibility"] = json!("theme_group");
    body["themes"] = json!(["Samen leven"]);
    let samen = create(&app, &lector, body).await;
    let (samen_group, _) = theme_group(&app, &coordinator, "Samen leven").await;
    assert_eq!(get(&app, Some(&lector), samen).await.json()["theme_group_id"], samen_group, "group of its theme");
    for (who, token) in [("group member", &member), ("coordinator", &coordinator), ("lector", &lector)] {
        assert!(finds(&app, Some(token), "tafelgesprekken", samen).await, "{who}");
        assert_eq!(get(&app, Some(token), samen).await.status, StatusCode::OK, "{who}");
    }
    for (who, token) in [("anonymous", None), ("other werkplaats", Some(other.as_str()))] {
        assert!(!finds(&app, token, "tafelgesprekken", samen).await, "{who}");
        assert_eq!(get(&app, token, samen).await.status, StatusCode::NOT_FOUND, "{who}");
    }

    // A group Pim is not in: hidden from him, though he is a partner of the werkplaats.
    let mut body = published("Spreekuurverslagen weerbaarheid (test)");
    body["visibility"] = json!("theme_group");
    body["themes"] = json!(["Weerbaarheid"]);
    let weerbaar = create(&app, &coordinator, body).await;
    assert!(!finds(&app, Some(&member), "spreekuurverslagen", weerbaar).await);
    assert_eq!(get(&app, Some(&member), weerbaar).await.status, StatusCode::NOT_FOUND);
    assert!(finds(&app, Some(&lector), "spreekuurverslagen", weerbaar).await);

    // Made a member of the group, he finds it at once; its new themaleider (not a member) too.
    let (group_id, mut group) = theme_group(&app, &coordinator, "Weerbaarheid").await;
    app.core
        .create_user("leider@zhz.example", "Lea Leider (fictief)", "zhz", "theme-lead", PASSWORD)
        .await
        .expect("account");
    let leader = app.token("leider@zhz.example").await;
    assert!(!finds(&app, Some(&leader), "spreekuurverslagen", weerbaar).await, "not yet the lead");
    let pim = person_id(&app, &coordinator, "Pim Professional (fictief)").await;
    group["member_ids"].as_array_mut().expect("members").push(json!(pim));
    group["lead_person_id"] = json!(person_id(&app, &coordinator, "Lea Leider (fictief)").await);
    let path = format!("/api/v1/werkplaatsen/zhz/theme-groups/{group_id}");
    let r = app.api(Method::PUT, &path, Some(&coordinator), Some(group)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(finds(&app, Some(&member), "spreekuurverslagen", weerbaar).await, "member now");
    assert_eq!(get(&app, Some(&member), weerbaar).await.status, StatusCode::OK);
    assert_eq!(get(&app, Some(&leader), weerbaar).await.json()["may_review"], true, "the themaleider reviews it");
    assert!(finds(&app, Some(&leader), "spreekuurverslagen", weerbaar).await, "the themaleider finds it");

    // Concepts: not in search for anyone, readable by author and reviewers only.
    let concept = create(&app, &member, product("Conceptnotitie wijkkompas (test)")).await;
    for token in [None, Some(member.as_str()), Some(coordinator.as_str())] {
        assert!(!finds(&app, token, "wijkkompas", concept).await);
    }
    assert_eq!(get(&app, Some(&coordinator), concept).await.status, StatusCode::OK);
    assert_eq!(get(&app, Some(&other), concept).await.status, StatusCode::NOT_FOUND);
}

// ---- changes are findable at once ------------------------------------------------------------------

#[tokio::test]
async fn changes_and_deletions_are_findable_at_once() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let id = create(&app, &token, published("Kookcafé voor nieuwkomers (test)")).await;
    assert!(finds(&app, None, "kookcafe", id).await);

    let r = app
        .api(Method::PUT, &format!("{PRODUCTS}/{id}"), Some(&token), Some(product("Taalcafé voor nieuwkomers (test)")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "Taalcafé voor nieuwkomers (test)");
    assert_eq!(r.json()["status"], "published", "PUT leaves the status alone");
    assert!(!finds(&app, None, "kookcafé", id).await, "old title gone");
    let hits = search(&app, None, "q=taalcafé").await;
    let hit = hits["hits"].as_array().expect("hits").iter().find(|h| h["id"] == id).expect("new title found");
    assert_eq!(hit["title"], "Taalcafé voor nieuwkomers (test)");

    // Unpublishing takes it out of search; publishing again brings it back.
    assert_eq!(set_status(&app, &token, id, "concept").await.status, StatusCode::OK);
    assert!(!finds(&app, None, "taalcafe", id).await);
    assert!(!finds(&app, Some(&token), "taalcafe", id).await);
    assert_eq!(set_status(&app, &token, id, "published").await.status, StatusCode::OK);
    assert!(finds(&app, None, "taalcafe", id).await);

    let r = app.api(Method::DELETE, &format!("{PRODUCTS}/{id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert!(!finds(&app, Some(&token), "taalcafe", id).await, "deleted: gone from search");
    assert_eq!(get(&app, Some(&token), id).await.status, StatusCode::NOT_FOUND);
}

// ---- related items and the demo knowledge base -----------------------------------------------------

async fn product_id_by_title(app: &TestApp, slug: &str, title: &str) -> i64 {
    let r =
        app.api(Method::GET, &format!("/api/v1/werkplaatsen/{slug}/knowledge-products?limit=100"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").iter().find(|p| p["title"] == title).expect(title)["id"]
        .as_i64()
        .expect("id")
}

#[tokio::test]
async fn the_demo_knowledge_base_loads_once_and_is_searchable() {
    let app = TestApp::spawn().await;
    assert_eq!(search(&app, None, "q=geldzorgen").await["total"], 0, "not loaded with the base demo");
    assert!(app.core.load_demo_knowledge().await.expect("loads"));
    assert!(!app.core.load_demo_knowledge().await.expect("second call"), "loaded only once");

    // Found across werkplaatsen and kinds of content.
    let r = search(&app, None, "q=geldzorgen").await;
    let werkplaatsen: Vec<&str> =
        r["facets"]["werkplaats"].as_array().expect("facet").iter().filter_map(|f| f["value"].as_str()).collect();
    assert!(werkplaatsen.contains(&"zhz") && werkplaatsen.contains(&"voorbeeld"), "{r}");
    let types: Vec<&str> =
        r["facets"]["type"].as_array().expect("facet").iter().filter_map(|f| f["value"].as_str()).collect();
    for t in ["knowledge_product", "question", "approach"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
    let story = search(&app, None, "q=keukentafel&type=story").await;
    assert!(story["hits"][0]["title"].as_str().is_some_and(|t| t.contains("hulp te vragen")), "{story}");

    // The index agrees with the database: what the list shows is what search counts, per viewer.
    let member = app.token(MEMBER).await;
    for token in [None, Some(member.as_str())] {
        for slug in ["zhz", "voorbeeld"] {
            let list = app
                .api(Method::GET, &format!("/api/v1/werkplaatsen/{slug}/knowledge-products?limit=100"), token, None)
                .await
                .json();
            let listed = list["items"].as_array().expect("items").len() as u64;
            let found = search(&app, token, &format!("q=&type=knowledge_product&werkplaats={slug}&per_page=50")).await;
            assert_eq!(found["total"].as_u64(), Some(listed), "{slug}, signed in: {}", token.is_some());
            assert!(listed > 0);
        }
    }
    let public = search(&app, None, "q=&type=knowledge_product&werkplaats=zhz").await["total"].as_u64();
    let partner = search(&app, Some(&member), "q=&type=knowledge_product&werkplaats=zhz").await["total"].as_u64();
    assert!(partner > public, "the demo has a product for partners only");
}

#[tokio::test]
async fn related_items_come_from_other_werkplaatsen_too() {
    let app = TestApp::spawn().await;
    assert!(app.core.load_demo_knowledge().await.expect("loads"));
    let zhz = product_id_by_title(&app, "zhz", "Keukentafelgesprek over geldzorgen (fictief)").await;
    let voorbeeld =
        product_id_by_title(&app, "voorbeeld", "Vroegsignalering van geldzorgen via de huisarts (fictief)").await;

    let r = app.api(Method::GET, &format!("/api/v1/search/related?type=knowledge_product&id={zhz}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let hits = r.json();
    let hits = hits.as_array().expect("array");
    assert!(!hits.is_empty() && hits.len() <= 5, "{hits:?}");
    assert!(
        hits.iter().any(|h| h["werkplaats"] == "voorbeeld" && h["id"] == voorbeeld && h["type"] == "knowledge_product"),
        "the voorbeeld product about geldzorgen: {hits:?}"
    );
    assert!(!hits.iter().any(|h| h["type"] == "knowledge_product" && h["id"] == zhz), "not itself");
    // Everything shown may be read by the viewer (anonymous here).
    for h in hits.iter().filter(|h| h["type"] == "knowledge_product") {
        let path =
            format!("/api/v1/werkplaatsen/{}/knowledge-products/{}", h["werkplaats"].as_str().expect("slug"), h["id"]);
        assert_eq!(app.api(Method::GET, &path, None, None).await.status, StatusCode::OK, "{h}");
    }
    // The product page shows them under "Gerelateerd".
    let page = app.get(&format!("{PAGES}/{zhz}")).await;
    assert!(page.body.contains(text("kb.related")), "{}", page.body);
    assert!(page.body.contains(&format!("/werkplaatsen/voorbeeld/kennis/{voorbeeld}")));
    // An unknown item is not found (as is one the reader may not see: `security.rs`).
    let r = app.api(Method::GET, "/api/v1/search/related?type=knowledge_product&id=999999", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// ---- pages ----------------------------------------------------------------------------------------------

/// The JSON-LD block of a page, parsed. Its text holds no `<`, `>` or `&`: nothing in it can end
/// the script element early (`</script`) or keep it from ending (`<!--<script`).
fn json_ld(page: &str) -> Option<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open)? + open.len();
    let end = page[start..].find("</script>")? + start;
    let raw = &page[start..end];
    assert!(!raw.contains(['<', '>', '&']), "markup characters in the JSON-LD: {raw}");
    Some(serde_json::from_str(raw).expect("JSON-LD is JSON"))
}

#[tokio::test]
async fn a_public_product_page_carries_schema_org_json_ld() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let mut body = published("Handreiking <!--<script> & vertrouwen (test)");
    body["organisations"] = json!(["Welzijn Drechtoevers (fictief)"]);
    body["author_names"] = json!(["Anna Auteur (fictief)"]);
    body["year"] = json!(2025);
    body["themes"] = json!(["Samen leven"]);
    let id = create(&app, &token, body).await;

    let r = app.get(&format!("{PAGES}/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<script type=\"application/ld+json\">"));
    let ld = json_ld(&r.body).expect("JSON-LD");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "CreativeWork");
    assert_eq!(ld["name"], "Handreiking <!--<script> & vertrouwen (test)");
    assert_eq!(ld["datePublished"], "2025");
    assert_eq!(ld["license"], "https://creativecommons.org/licenses/by/4.0/");
    assert!(ld["url"].as_str().expect("url").ends_with(&format!("{PAGES}/{id}")));
    let authors: Vec<(&str, &str)> = ld["author"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|a| (a["@type"].as_str().unwrap_or_default(), a["name"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(authors, [("Organization", "Welzijn Drechtoevers (fictief)"), ("Person", "Anna Auteur (fictief)")]);
    assert!(ld["keywords"].as_array().expect("keywords").contains(&json!("Samen leven")));
    // The visible page escapes the title.
    assert!(r.body.contains("<h1>Handreiking &#60;!--&#60;script&#62; &#38; vertrouwen (test)</h1>"), "{}", r.body);

    // Not for products that are not public and published.
    let mut body = published("Alleen voor partners (test)");
    body["visibility"] = json!("partners");
    let partners = create(&app, &token, body).await;
    let concept = create(&app, &token, product("Nog een concept (test)")).await;
    let mut b = app.logged_in(COORDINATOR).await;
    for id in [partners, concept] {
        let r = b.get(&format!("{PAGES}/{id}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(json_ld(&r.body).is_none(), "no JSON-LD for {id}");
    }
    assert_eq!(app.get(&format!("{PAGES}/{partners}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_product_list_shows_an_empty_state_then_the_products() {
    let app = TestApp::spawn().await;
    let r = app.get(PAGES).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(text("kb.list.empty")), "{}", r.body);
    let mut b = app.logged_in(MEMBER).await;
    let r = b.get(&format!("{PAGES}?concepten=1")).await;
    assert!(r.body.contains(text("kb.list.empty_drafts")), "{}", r.body);

    let token = app.token(COORDINATOR).await;
    let id = create(&app, &token, published("Eerste opbrengst in de lijst (test)")).await;
    let concept = create(&app, &app.token(MEMBER).await, product("Concept van Pim (test)")).await;
    let r = app.get(PAGES).await;
    assert!(!r.body.contains(text("kb.list.empty")));
    assert!(
        r.body.contains(&format!("href=\"{PAGES}/{id}\"")) && r.body.contains("Eerste opbrengst in de lijst (test)")
    );
    assert!(!r.body.contains("Concept van Pim"), "concepts are not in the public list");
    let r = b.get(&format!("{PAGES}?concepten=1")).await;
    assert!(r.body.contains(&format!("href=\"{PAGES}/{concept}\"")), "{}", r.body);
    assert!(!r.body.contains(text("kb.list.empty_drafts")));
}

#[tokio::test]
async fn the_product_form_creates_a_concept_and_refuses_bad_input_in_dutch() {
    let app = TestApp::spawn().await;
    let r = app.get(&format!("{PAGES}/nieuw")).await;
    assert!(
        r.status == StatusCode::SEE_OTHER && r.location().starts_with("/inloggen")
            || r.status == StatusCode::UNAUTHORIZED,
        "anonymous: {} {}",
        r.status,
        r.location()
    );
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(other.get(&format!("{PAGES}/nieuw")).await.status, StatusCode::FORBIDDEN);

    let mut b = app.logged_in(MEMBER).await;
    let r = b.get(&format!("{PAGES}/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("name=\"title\"") && r.body.contains("name=\"kind\""));
    let theme = app.core.current_themes(&app.core.tenant("zhz").await.expect("tenant")).await.expect("themes");
    let theme = theme.iter().find(|t| t.name == "Weerbaarheid").expect("theme");
    assert!(r.body.contains(&format!("value=\"{}\"", theme.id)), "theme choices");

    // Refused: a Dutch message per field, typed values kept, nothing written.
    let before = stored_products(&app).await;
    let r = b
        .post_form(PAGES, &[("kind", "werkvorm"), ("title", ""), ("summary", "Wat ik al had getypt"), ("year", "1700")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(&format!("{}: {}", text("kb.field.title"), text("field.required"))), "{}", r.body);
    assert!(r.body.contains(&format!("{}: {}", text("kb.field.year"), text("field.invalid"))), "{}", r.body);
    assert!(r.body.contains("Wat ik al had getypt"), "typed value kept");
    assert_eq!(stored_products(&app).await, before, "nothing written");
    // Without the CSRF token: refused.
    let r = b.post_raw(PAGES, &[("kind", "werkvorm"), ("title", "Zonder token"), ("summary", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(stored_products(&app).await, before);

    // Accepted: a concept, with what the form sent.
    let theme_id = theme.id.to_string();
    let fields = [
        ("kind", "instrument"),
        ("title", "Gesprekskaart vertrouwen (test)"),
        ("summary", "Een kaart voor het eerste gesprek."),
        ("body", "## Gebruik\n\nLeg de kaart op tafel."),
        ("themes", theme_id.as_str()),
        ("kwesties", "Armoede en schulden, Wantrouwen in instanties (test)"),
        ("author_names", "Anna Auteur (fictief)"),
        ("audiences", "professionals"),
        ("audiences", "burgers"),
        ("four_os", "ontwikkeling"),
        ("year", "2025"),
        ("visibility", "public"),
        ("licence", "CC BY-SA 4.0"),
        ("language", "nl"),
        ("links", "Achtergrond | https://voorbeeld.example/achtergrond"),
    ];
    let r = b.post_form(PAGES, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(stored_products(&app).await, before + 1);
    let id: i64 = r
        .location()
        .strip_prefix(&format!("{PAGES}/"))
        .and_then(|rest| rest.strip_suffix("?opgeslagen=1"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to the product: {}", r.location()));
    let page = b.get(r.location()).await;
    assert!(page.body.contains(text("grp.flash.saved")), "{}", page.body);
    let p = get(&app, Some(&app.token(MEMBER).await), id).await.json();
    assert_eq!(p["status"], "concept");
    assert_eq!(p["kind"], "instrument");
    assert_eq!(names(&p["themes"]), ["Weerbaarheid"]);
    assert_eq!(names(&p["kwesties"]), ["Armoede en schulden", "Wantrouwen in instanties (test)"]);
    assert_eq!(p["audiences"], json!(["professionals", "burgers"]));
    assert_eq!(p["licence"], "CC BY-SA 4.0");
    assert_eq!(p["links"], json!([{ "title": "Achtergrond", "url": "https://voorbeeld.example/achtergrond" }]));

    // Offered for review through the page, published by the lector through the page.
    let r = b.post_form(&format!("{PAGES}/{id}/status"), &[("status", "review")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut lector = app.logged_in(LECTOR).await;
    let r = lector.post_form(&format!("{PAGES}/{id}/status"), &[("status", "published")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(get(&app, None, id).await.json()["status"], "published");
    assert!(finds(&app, None, "gesprekskaart", id).await);
}
