//! The association (issue 16) on the real app: the matrix werkplaats × kwestie counted against a
//! count computed here from the data the test made, per reader (visitor, member, coordinator,
//! another werkplaats's coordinator, national partner); the cache that serves it, seen to follow
//! every kind of write at once; priorities, their items and partner werkplaatsen through the API
//! and the pages, with validation that changes nothing and tenant isolation.
use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_core::lemniscate::MoveInput;
use serde_json::{Value, json};

const ZHZ: &str = "/api/v1/werkplaatsen/zhz";
const NATIONAL: &str = "partner@landelijk.example";
const KWESTIE: &str = "Testkwestie vereniging";
const HIDDEN_KWESTIE: &str = "Testkwestie alleen voor leden";

/// Who reads, as the rules of DOMAIN §7/§8 see them (independent of the implementation).
#[derive(Clone, Copy, Debug)]
struct Reader {
    member: bool,
    manager: bool,
    national: bool,
}

const ANON: Reader = Reader { member: false, manager: false, national: false };
const LID: Reader = Reader { member: true, manager: false, national: false };
const COORD: Reader = Reader { member: true, manager: true, national: false };
const NAT: Reader = Reader { member: false, manager: false, national: true };

/// What the test made in zhz, with what decides who may read it.
#[derive(Default)]
struct Made {
    /// (id, public)
    projects: Vec<(i64, bool)>,
    /// (id, public, handed to the national side, project index)
    questions: Vec<(i64, bool, bool, Option<usize>)>,
    /// (visibility, published, project index)
    products: Vec<(&'static str, bool, Option<usize>)>,
}

impl Made {
    fn question_readable(&self, r: Reader, i: usize) -> bool {
        let (_, public, handed, _) = self.questions[i];
        public || r.member || (handed && r.national)
    }
    fn product_readable(&self, r: Reader, i: usize) -> bool {
        let (visibility, published, _) = self.products[i];
        published
            && match visibility {
                "public" => true,
                "partners" => r.member,
                _ => r.manager,
            }
    }
    /// (projects, questions, products) of KWESTIE that `r` should see counted.
    fn expected(&self, r: Reader) -> (i64, i64, i64) {
        let questions = (0..self.questions.len()).filter(|i| self.question_readable(r, *i)).count();
        let products = (0..self.products.len()).filter(|i| self.product_readable(r, *i)).count();
        let projects = (0..self.projects.len())
            .filter(|p| self.projects[*p].1 || r.member)
            .filter(|p| {
                (0..self.questions.len()).any(|i| self.questions[i].3 == Some(*p) && self.question_readable(r, i))
                    || (0..self.products.len()).any(|i| self.products[i].2 == Some(*p) && self.product_readable(r, i))
            })
            .count();
        (projects as i64, questions as i64, products as i64)
    }
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, path, Some(token), Some(body)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r.json()["id"].as_i64().unwrap_or_else(|| panic!("no id: {}", r.body))
}

async fn theme_id(app: &TestApp) -> i64 {
    app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("theme")
}

async fn project(app: &TestApp, token: &str, title: &str, visibility: &str) -> i64 {
    let body = json!({ "theme_id": theme_id(app).await, "title": title, "four_os": ["onderzoek"], "size": "klein",
                       "status": "lopend", "visibility": visibility });
    created(app, token, &format!("{ZHZ}/projects"), body).await
}

async fn question(app: &TestApp, token: &str, title: &str, visibility: &str, project: Option<i64>, k: &str) -> i64 {
    let body = json!({ "title": title, "visibility": visibility, "project_id": project, "kwesties": [k] });
    created(app, token, &format!("{ZHZ}/questions"), body).await
}

async fn product(app: &TestApp, token: &str, title: &str, extra: Value) -> i64 {
    let mut body =
        json!({ "kind": "werkvorm", "title": title, "summary": "Voor de vereniging.", "kwesties": [KWESTIE] });
    for (k, v) in extra.as_object().expect("object") {
        body[k] = v.clone();
    }
    created(app, token, &format!("{ZHZ}/knowledge-products"), body).await
}

/// The association as `token` (none: a visitor) reads it.
async fn association(app: &TestApp, token: Option<&str>) -> Value {
    let r = app.api(Method::GET, "/api/v1/association", token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// (projects, questions, products) of werkplaats `slug` on kwestie `label`; `None` when the
/// kwestie is not in the reader's matrix at all.
fn cell(view: &Value, label: &str, slug: &str) -> Option<(i64, i64, i64)> {
    let k = view["kwesties"].as_array().expect("kwesties").iter().find(|k| k["label"] == label)?;
    let c =
        k["werkplaatsen"].as_array().expect("cells").iter().find(|c| c["slug"] == slug).expect("a cell per werkplaats");
    Some((c["projects"].as_i64()?, c["questions"].as_i64()?, c["products"].as_i64()?))
}

async fn national_partner(app: &TestApp) -> String {
    app.core
        .create_national_partner(NATIONAL, "Nora Landelijk (fictief)", "Kennisinstituut", PASSWORD)
        .await
        .expect("np");
    app.token(NATIONAL).await
}

/// Makes the data of the counting test: projects, questions and products of every visibility.
async fn make(app: &TestApp, coord: &str) -> Made {
    let mut m = Made::default();
    let p_public = project(app, coord, "Samen tegen eenzaamheid", "public").await;
    let p_members = project(app, coord, "Besloten pilot", "members").await;
    let p_empty = project(app, coord, "Project zonder kwestie", "public").await;
    m.projects = vec![(p_public, true), (p_members, false), (p_empty, true)];
    for (title, visibility, p) in [
        ("Wat helpt tegen eenzaamheid?", "public", Some(0)),
        ("Wat werkt in de besloten pilot?", "members", Some(1)),
        ("Wat vraagt de wijkteams?", "members", None),
        ("Wat vraagt de gemeente?", "members", Some(0)),
    ] {
        let id = question(app, coord, title, visibility, p.map(|i| m.projects[i].0), KWESTIE).await;
        m.questions.push((id, visibility == "public", false, p));
    }
    let groups = app.api(Method::GET, &format!("{ZHZ}/theme-groups"), Some(coord), None).await.json();
    let group = groups["items"][0]["id"].as_i64().expect("a theme group");
    for (title, visibility, published, p) in [
        ("Gepubliceerd en openbaar", "public", true, Some(0)),
        ("Voor partners", "partners", true, Some(1)),
        ("Voor de themagroep", "theme_group", true, None),
        ("Nog een concept", "public", false, Some(2)),
    ] {
        let mut extra = json!({ "visibility": visibility, "status": if published { "published" } else { "concept" } });
        if let Some(i) = p {
            extra["project_id"] = json!(m.projects[i].0);
        }
        if visibility == "theme_group" {
            extra["theme_group_id"] = json!(group);
        }
        product(app, coord, title, extra).await;
        m.products.push((visibility, published, p));
    }
    // A kwestie only members-only work carries: its label says what is being worked on.
    question(app, coord, "Een besloten vraag", "members", None, HIDDEN_KWESTIE).await;
    m
}

#[tokio::test]
async fn the_matrix_counts_what_each_reader_may_read() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let national = national_partner(&app).await;
    let mut made = make(&app, &coord).await;
    // voorbeeld works on the kwestie too, publicly.
    let body = json!({ "title": "Hoe bereiken we eenzame ouderen?", "kwesties": [KWESTIE] });
    created(&app, &other, "/api/v1/werkplaatsen/voorbeeld/questions", body).await;

    let readers: [(&str, Option<&str>, Reader); 5] = [
        ("visitor", None, ANON),
        ("member", Some(&member), LID),
        ("coordinator", Some(&coord), COORD),
        ("other werkplaats's coordinator", Some(&other), ANON),
        ("national partner", Some(&national), NAT),
    ];
    for (who, token, reader) in readers {
        let view = association(&app, token).await;
        assert_eq!(cell(&view, KWESTIE, "zhz"), Some(made.expected(reader)), "{who}");
        assert_eq!(cell(&view, KWESTIE, "voorbeeld"), Some((0, 1, 0)), "{who}");
        let hidden = cell(&view, HIDDEN_KWESTIE, "zhz");
        if reader.member {
            assert_eq!(hidden, Some((0, 1, 0)), "{who}");
        } else {
            assert_eq!(hidden, None, "{who}: a label of members-only work only");
        }
        let names: Vec<&str> =
            view["werkplaatsen"].as_array().expect("werkplaatsen").iter().filter_map(|w| w["slug"].as_str()).collect();
        assert!(names.contains(&"zhz") && names.contains(&"voorbeeld"), "{who}: {names:?}");
    }
    // The counts are not all the same: the rules make a difference for these readers.
    assert_ne!(made.expected(ANON), made.expected(COORD));
    assert_ne!(made.expected(LID), made.expected(COORD));

    // Handing a members-only question to the national side shows it to national partners.
    let zhz = app.core.tenant("zhz").await.expect("zhz");
    let actor = app.core.actor_for_api_token(&coord).await.expect("query").expect("actor");
    let handed = made.questions[2].0;
    let input = MoveInput { movement: "verspreiden".into(), ..Default::default() };
    app.core.record_move(Some(&actor), &zhz, handed, &input).await.expect("move");
    made.questions[2].2 = true;
    let before = made.expected(ANON);
    let view = association(&app, Some(&national)).await;
    assert_eq!(cell(&view, KWESTIE, "zhz"), Some(made.expected(NAT)));
    assert_eq!(made.expected(NAT).1, before.1 + 1);
    assert_eq!(cell(&association(&app, None).await, KWESTIE, "zhz"), Some(before), "visitors see no more");

    // The list behind a count holds as many items as the count says, for each reader.
    let k = association(&app, None).await["kwesties"]
        .as_array()
        .expect("kwesties")
        .iter()
        .find(|k| k["label"] == KWESTIE)
        .expect("kwestie")["id"]
        .as_i64()
        .expect("id");
    for (token, reader) in [(None, ANON), (Some(member.as_str()), LID), (Some(national.as_str()), NAT)] {
        let r = app.api(Method::GET, &format!("{ZHZ}/kwesties/{k}"), token, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let list = r.json();
        let n = |f: &str| list[f].as_array().expect("list").len() as i64;
        assert_eq!((n("projects"), n("questions"), n("products")), made.expected(reader), "{reader:?}");
    }
    let r = app.get(&format!("/werkplaatsen/zhz/kwesties/{k}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Wat helpt tegen eenzaamheid?") && !r.body.contains("Wat werkt in de besloten pilot?"));
    // Nothing readable behind it: 404, the label not shown.
    let hidden = association(&app, Some(&member)).await["kwesties"]
        .as_array()
        .expect("kwesties")
        .iter()
        .find(|k| k["label"] == HIDDEN_KWESTIE)
        .expect("hidden kwestie for members")["id"]
        .as_i64()
        .expect("id");
    let r = app.get(&format!("/werkplaatsen/zhz/kwesties/{hidden}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains(HIDDEN_KWESTIE));
}

/// The zhz counts on KWESTIE as `token` reads them.
async fn zhz_cell(app: &TestApp, token: Option<&str>) -> (i64, i64, i64) {
    cell(&association(app, token).await, KWESTIE, "zhz").unwrap_or_default()
}

#[tokio::test]
async fn every_write_shows_in_the_view_at_once() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let national = national_partner(&app).await;
    assert_eq!(zhz_cell(&app, None).await, (0, 0, 0));

    // A question (create, change of visibility, a move to the national side).
    let q = question(&app, &coord, "Wat werkt in de wijk?", "public", None, KWESTIE).await;
    assert_eq!(zhz_cell(&app, None).await, (0, 1, 0));
    let r = app
        .api(
            Method::PUT,
            &format!("{ZHZ}/questions/{q}"),
            Some(&coord),
            Some(json!({ "title": "Wat werkt in de wijk?", "visibility": "members", "kwesties": [KWESTIE] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(zhz_cell(&app, None).await, (0, 0, 0));
    assert_eq!(zhz_cell(&app, Some(&national)).await, (0, 0, 0));
    let zhz = app.core.tenant("zhz").await.expect("zhz");
    let actor = app.core.actor_for_api_token(&coord).await.expect("query").expect("actor");
    let input = MoveInput { movement: "opschalen".into(), ..Default::default() };
    app.core.record_move(Some(&actor), &zhz, q, &input).await.expect("move");
    assert_eq!(zhz_cell(&app, Some(&national)).await, (0, 1, 0));

    // A product, its deletion.
    let p = product(&app, &coord, "Handreiking", json!({ "status": "published" })).await;
    assert_eq!(zhz_cell(&app, None).await, (0, 0, 1));
    let r = app.api(Method::DELETE, &format!("{ZHZ}/knowledge-products/{p}"), Some(&coord), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(zhz_cell(&app, None).await, (0, 0, 0));

    // A project through its question, and its deletion.
    let pr = project(&app, &coord, "Wijkproject", "public").await;
    question(&app, &coord, "Wie doet mee?", "public", Some(pr), KWESTIE).await;
    assert_eq!(zhz_cell(&app, None).await, (1, 1, 0));
    let r = app.api(Method::DELETE, &format!("{ZHZ}/projects/{pr}"), Some(&coord), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(zhz_cell(&app, None).await, (0, 1, 0));

    // A kwestie renamed: the matrix carries the new label.
    let view = association(&app, None).await;
    let k = view["kwesties"].as_array().expect("kwesties").iter().find(|k| k["label"] == KWESTIE).expect("k")["id"]
        .as_i64()
        .expect("id");
    let r = app
        .api(Method::PUT, &format!("/api/v1/kwesties/{k}"), Some(&coord), Some(json!({ "label": "Hernoemd" })))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(cell(&association(&app, None).await, "Hernoemd", "zhz"), Some((0, 1, 0)));

    // A new werkplaats gets its column.
    app.core
        .create_werkplaats(&broedplaats_core::demo::NewWerkplaats {
            slug: "nieuw",
            name: "Werkplaats Nieuw (fictief)",
            region: "Nergens",
            period: "2023-2026",
            motto: "Test",
            national_theme: "Test",
        })
        .await
        .expect("werkplaats");
    assert_eq!(cell(&association(&app, None).await, "Hernoemd", "nieuw"), Some((0, 0, 0)));

    // Priorities and partner werkplaatsen are read fresh: they show at once too.
    let id =
        created(&app, &coord, "/api/v1/association/priorities", json!({ "title": "Lerende gemeenschappen" })).await;
    let view = association(&app, None).await;
    assert!(view["priorities"].as_array().expect("priorities").iter().any(|p| p["id"] == id));
    let pr = project(&app, &coord, "Integraal Werken in de Wijk", "public").await;
    let r = app
        .api(
            Method::PUT,
            &format!("{ZHZ}/projects/{pr}/partner-werkplaatsen"),
            Some(&coord),
            Some(json!({ "werkplaatsen": ["voorbeeld", "nieuw"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let joint = association(&app, None).await["joint_projects"].clone();
    let j = joint.as_array().expect("joint").iter().find(|j| j["id"] == pr).expect("the joint project");
    let partners: Vec<&str> =
        j["partners"].as_array().expect("partners").iter().filter_map(|p| p["slug"].as_str()).collect();
    assert_eq!(partners.len(), 2, "{partners:?}");
    // The project's title changes: the joint project carries the new one.
    let body = json!({ "theme_id": theme_id(&app).await, "title": "Integraal Werken in de Wijk (pilot)",
                       "four_os": ["onderzoek"], "size": "klein", "status": "lopend", "visibility": "public" });
    let r = app.api(Method::PUT, &format!("{ZHZ}/projects/{pr}"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let joint = association(&app, None).await["joint_projects"].clone();
    assert_eq!(joint[0]["title"], "Integraal Werken in de Wijk (pilot)", "{joint}");

    // What serves a priority: linked, retitled, unlinked — each seen at once.
    let items = |v: &Value| -> Vec<String> {
        let p =
            v["priorities"].as_array().expect("priorities").iter().find(|p| p["id"] == id).expect("priority").clone();
        p["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let q2 = question(&app, &coord, "Wat leren gemeenschappen?", "public", None, "Hernoemd").await;
    let at = format!("{ZHZ}/priorities/{id}/items");
    let r = app.api(Method::PUT, &at, Some(&coord), Some(json!({ "questions": [q2], "projects": [pr] }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        items(&association(&app, None).await),
        ["Integraal Werken in de Wijk (pilot)", "Wat leren gemeenschappen?"]
    );
    let body = json!({ "title": "Wat leren lerende gemeenschappen?", "kwesties": ["Hernoemd"] });
    let r = app.api(Method::PUT, &format!("{ZHZ}/questions/{q2}"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(items(&association(&app, None).await).contains(&"Wat leren lerende gemeenschappen?".to_owned()));
    let r = app.api(Method::PUT, &at, Some(&coord), Some(json!({ "projects": [pr] }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(items(&association(&app, None).await), ["Integraal Werken in de Wijk (pilot)"]);
    // A partner werkplaats dropped.
    let r = app
        .api(
            Method::PUT,
            &format!("{ZHZ}/projects/{pr}/partner-werkplaatsen"),
            Some(&coord),
            Some(json!({ "werkplaatsen": [] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(association(&app, None).await["joint_projects"].as_array().expect("joint").is_empty());
}

#[tokio::test]
async fn the_view_comes_from_the_cache_until_the_key_moves() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let q = question(&app, &coord, "Een vraag zonder kwestie", "public", None, KWESTIE).await;
    let first = association(&app, None).await;
    assert_eq!(cell(&first, KWESTIE, "zhz"), Some((0, 1, 0)));
    // A write past the use cases (no audit entry, no outbox row) moves no key: the cached
    // counts stay. This is what proves the view is cached; every use case moves the key.
    let zhz = app.core.tenant("zhz").await.expect("zhz");
    {
        let mut conn = app.core.store.conn().await.expect("conn");
        broedplaats_store::knowledge::replace(
            &mut conn,
            &zhz,
            broedplaats_store::knowledge::KnowledgeLinks::QuestionKwesties,
            q,
            &[],
        )
        .await
        .expect("unlink");
    }
    assert_eq!(cell(&association(&app, None).await, KWESTIE, "zhz"), Some((0, 1, 0)));
    app.core.association_cache.clear();
    assert_eq!(cell(&association(&app, None).await, KWESTIE, "zhz"), None);
}

#[tokio::test]
async fn priorities_are_kept_by_coordinators_and_refuse_bad_input() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let path = "/api/v1/association/priorities";
    let count = async || association(&app, None).await["priorities"].as_array().expect("priorities").len();
    let before = count().await;

    assert_eq!(app.api(Method::POST, path, None, Some(json!({ "title": "X" }))).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.api(Method::POST, path, Some(&member), Some(json!({ "title": "X" }))).await.status,
        StatusCode::FORBIDDEN
    );
    let national = national_partner(&app).await;
    assert_eq!(
        app.api(Method::POST, path, Some(&national), Some(json!({ "title": "X" }))).await.status,
        StatusCode::FORBIDDEN
    );
    for (body, field) in [
        (json!({ "title": "" }), "title"),
        (json!({ "title": "x".repeat(201) }), "title"),
        (json!({ "title": "Goed", "description": "x".repeat(2_001) }), "description"),
        (json!({ "title": "Goed", "werkplaats": "bestaat-niet" }), "werkplaats"),
    ] {
        let r = app.api(Method::POST, path, Some(&coord), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.json()["error"]["fields"][field].is_string(), "{}", r.body);
    }
    // On behalf of a werkplaats one does not manage.
    let r =
        app.api(Method::POST, path, Some(&coord), Some(json!({ "title": "Goed", "werkplaats": "voorbeeld" }))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(count().await, before, "nothing was added");

    let id = created(&app, &coord, path, json!({ "title": "Sociale inclusie", "description": "Samen." })).await;
    let r = app.api(Method::POST, path, Some(&other), Some(json!({ "title": "Sociale inclusie" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a title is unique in the association: {}", r.body);
    // A coordinator of another werkplaats of the association may change it; a member may not.
    let at = format!("{path}/{id}");
    let r = app.api(Method::PUT, &at, Some(&member), Some(json!({ "title": "Nee" }))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::PUT, &at, Some(&other), Some(json!({ "title": "Sociale inclusie van burgers" }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api(Method::PUT, &format!("{path}/999999"), Some(&other), Some(json!({ "title": "Nee" }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Items: zhz's coordinator links zhz's items; voorbeeld's may not, nor link zhz's under its own path.
    let pr = project(&app, &coord, "Pilot Integraal Werken", "public").await;
    let q = question(&app, &coord, "Wat werkt integraal?", "public", None, KWESTIE).await;
    let items = format!("{ZHZ}/priorities/{id}/items");
    let r = app.api(Method::PUT, &items, Some(&other), Some(json!({ "projects": [pr] }))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let theirs = format!("/api/v1/werkplaatsen/voorbeeld/priorities/{id}/items");
    let r = app.api(Method::PUT, &theirs, Some(&other), Some(json!({ "projects": [pr] }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api(Method::PUT, &items, Some(&coord), Some(json!({ "questions": [q, q] }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api(Method::PUT, &items, Some(&coord), Some(json!({ "projects": [pr], "questions": [q] }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let view = association(&app, None).await;
    let p = view["priorities"].as_array().expect("priorities").iter().find(|p| p["id"] == id).expect("priority");
    assert_eq!(p["title"], "Sociale inclusie van burgers");
    let kinds: Vec<&str> = p["items"].as_array().expect("items").iter().filter_map(|i| i["kind"].as_str()).collect();
    assert_eq!(kinds, ["project", "question"]);

    // Deleting: only managers of the association; the items go with it.
    assert_eq!(app.api(Method::DELETE, &at, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::DELETE, &at, Some(&coord), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(count().await, before);
    // Every change is in zhz's audit log.
    let log = app.api(Method::GET, &format!("{ZHZ}/audit-log"), Some(&coord), None).await;
    let entries = log.json().as_array().expect("entries").clone();
    let ours = entries.iter().filter(|e| e["entity_type"] == "association_priority").count();
    assert!(ours >= 3, "create, items and delete in zhz's log: {ours}");
}

#[tokio::test]
async fn partner_werkplaatsen_are_set_by_the_owner_only() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let member = app.token(MEMBER).await;
    let pr = project(&app, &coord, "Samen met anderen", "public").await;
    let at = format!("{ZHZ}/projects/{pr}/partner-werkplaatsen");
    let body = json!({ "werkplaatsen": ["voorbeeld"] });
    assert_eq!(app.api(Method::PUT, &at, None, Some(body.clone())).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.api(Method::PUT, &at, Some(&member), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::PUT, &at, Some(&other), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    // Under voorbeeld's path zhz's project does not exist.
    let theirs = format!("/api/v1/werkplaatsen/voorbeeld/projects/{pr}/partner-werkplaatsen");
    let r = app.api(Method::PUT, &theirs, Some(&other), Some(json!({ "werkplaatsen": ["zhz"] }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    for bad in [json!(["bestaat-niet"]), json!(["zhz"]), json!(["voorbeeld", "voorbeeld"])] {
        let r = app.api(Method::PUT, &at, Some(&coord), Some(json!({ "werkplaatsen": bad }))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.json()["error"]["fields"]["werkplaatsen"].is_string(), "{}", r.body);
    }
    assert!(association(&app, None).await["joint_projects"].as_array().expect("joint").is_empty());
    let r = app.api(Method::PUT, &at, Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["werkplaatsen"], json!(["voorbeeld"]));
    // The comparison of both werkplaatsen shows it.
    for slug in ["zhz", "voorbeeld"] {
        let r = app.api(Method::GET, &format!("/api/v1/werkplaatsen/{slug}/comparison"), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.json()["joint_projects"].as_array().expect("joint").iter().any(|j| j["id"] == pr), "{slug}");
    }
    // A members-only joint project is for zhz's members only.
    let hidden = project(&app, &coord, "Besloten samenwerking", "members").await;
    let at = format!("{ZHZ}/projects/{hidden}/partner-werkplaatsen");
    let r = app.api(Method::PUT, &at, Some(&coord), Some(json!({ "werkplaatsen": ["voorbeeld"] }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let seen = |v: Value| v["joint_projects"].as_array().expect("joint").iter().any(|j| j["id"] == hidden);
    assert!(!seen(association(&app, None).await));
    assert!(!seen(association(&app, Some(&other)).await));
    assert!(seen(association(&app, Some(&member)).await));
}
