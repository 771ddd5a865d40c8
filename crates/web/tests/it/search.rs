//! Search on the real app: Dutch analysis (other word forms, diacritics, compounds, typos), the
//! response shape with facets and counts, filters that combine, pages and sorting by date, the
//! search page, and the index as derived data (rebuilt from the database, or brought up to date
//! from the outbox by a second instance with an index of its own).

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_core::Core;
use broedplaats_core::kernel::search::SearchRequest;
use broedplaats_search::SearchIndex;
use broedplaats_web::i18n::Tr;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const ZHZ: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";
const VOORBEELD: &str = "/api/v1/werkplaatsen/voorbeeld/knowledge-products";

fn text(key: &str) -> &'static str {
    Tr::default().t(key)
}

async fn create(app: &TestApp, token: &str, path: &str, body: Value) -> i64 {
    let mut body = body;
    if body.get("summary").is_none() {
        body["summary"] = json!("Een korte samenvatting voor de test.");
    }
    if body.get("status").is_none() {
        body["status"] = json!("published");
    }
    let r = app.api(Method::POST, path, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

async fn search(app: &TestApp, token: Option<&str>, query: &str) -> Value {
    let r = app.api(Method::GET, &format!("/api/v1/search?{query}"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn ids(v: &Value) -> Vec<i64> {
    v["hits"].as_array().expect("hits").iter().map(|h| h["id"].as_i64().expect("id")).collect()
}

fn id_set(v: &Value) -> BTreeSet<i64> {
    ids(v).into_iter().collect()
}

fn set(ids: &[i64]) -> BTreeSet<i64> {
    ids.iter().copied().collect()
}

/// `(value, count)` of one facet.
fn facet(v: &Value, name: &str) -> Vec<(String, u64)> {
    v["facets"][name]
        .as_array()
        .map(|values| {
            values
                .iter()
                .map(|f| (f["value"].as_str().expect("value").to_owned(), f["count"].as_u64().expect("count")))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
}

#[tokio::test]
async fn dutch_word_forms_diacritics_compounds_and_typos_match() {
    let app = TestApp::spawn().await;
    let t = app.token(COORDINATOR).await;
    let plural =
        create(&app, &t, ZHZ, json!({ "kind": "factsheet", "title": "Mantelzorgers in de wijk (test)" })).await;
    let singular =
        create(&app, &t, ZHZ, json!({ "kind": "verslag", "title": "Een mantelzorger vertelt (test)" })).await;
    let clienten =
        create(&app, &t, ZHZ, json!({ "kind": "publicatie", "title": "Ervaringen van cliënten met wijkteams (test)" }))
            .await;
    let compound = create(
        &app,
        &t,
        ZHZ,
        json!({ "kind": "publicatie", "title": "Wachttijden bij de schuldhulpverlening (test)",
                "summary": "Een verkenning in Lindewaard." }),
    )
    .await;
    let armoede = create(&app, &t, ZHZ, json!({ "kind": "advies", "title": "Armoede onder jongeren (test)" })).await;

    let cases: [(&str, &[i64]); 9] = [
        ("mantelzorger", &[plural, singular]),
        ("mantelzorgers", &[plural, singular]),
        ("clienten", &[clienten]),
        ("cli%C3%ABnten", &[clienten]),
        ("CLIENT", &[clienten]),
        ("schulden", &[compound]),
        ("schuld", &[compound]),
        ("armoeede", &[armoede]),
        ("armoede", &[armoede]),
    ];
    for (q, expected) in cases {
        let r = search(&app, None, &format!("q={q}")).await;
        assert_eq!(id_set(&r), set(expected), "q={q}: {r}");
        assert_eq!(r["total"].as_u64(), Some(expected.len() as u64), "q={q}");
    }
    // The compound match is marked in the snippet or title.
    let r = search(&app, None, "q=schulden").await;
    assert_eq!(r["hits"][0]["title"], "Wachttijden bij de schuldhulpverlening (test)");
    // Kwesties and themes are found like words of the text, ranked below the text itself.
    let tagged = create(
        &app,
        &t,
        ZHZ,
        json!({ "kind": "werkvorm", "title": "Voorlezen in de bibliotheek (test)",
                "kwesties": ["Laaggeletterdheid"], "themes": ["Weerbaarheid"] }),
    )
    .await;
    let written =
        create(&app, &t, ZHZ, json!({ "kind": "advies", "title": "Laaggeletterdheid in Lindewaard (test)" })).await;
    let r = search(&app, None, "q=laaggeletterdheid").await;
    assert_eq!(ids(&r), vec![written, tagged], "{r}");
    assert_eq!(ids(&search(&app, None, "q=weerbaarheid").await), vec![tagged]);
    // Nothing for a word that is nowhere, nor for stop words only.
    assert_eq!(search(&app, None, "q=ruimtevaart").await["total"], 0);
    assert_eq!(search(&app, None, "q=de+en+het").await["total"], 0);
}

#[tokio::test]
async fn facets_count_the_hits_and_filters_combine() {
    let app = TestApp::spawn().await;
    let t = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let body = |kind: &str, title: &str, year: i64, theme: &str, kwestie: &str| {
        json!({ "kind": kind, "title": title, "summary": "Over het buurtbudget.", "year": year,
                "themes": [theme], "kwesties": [kwestie] })
    };
    let mut first = body("werkvorm", "Buurtbudget verdelen (test)", 2023, "Weerbaarheid", "Armoede en schulden");
    first["organisations"] = json!(["Gemeente Merwestad (fictief)"]);
    first["audiences"] = json!(["beleid"]);
    first["four_os"] = json!(["ontwikkeling"]);
    let f1 = create(&app, &t, ZHZ, first).await;
    let f2 =
        create(&app, &t, ZHZ, body("werkvorm", "Buurtbudget en ontmoeting (test)", 2024, "Samen leven", "Eenzaamheid"))
            .await;
    let f3 =
        create(&app, &t, ZHZ, body("advies", "Advies buurtbudget (test)", 2024, "Weerbaarheid", "Armoede en schulden"))
            .await;
    let f4 = create(
        &app,
        &other,
        VOORBEELD,
        body(
            "advies",
            "Buurtbudget in de Voorbeeldregio (test)",
            2024,
            "Schulden voorkomen (fictief)",
            "Armoede en schulden",
        ),
    )
    .await;
    // A concept is not found nor counted.
    let mut concept = body("werkvorm", "Buurtbudget concept (test)", 2024, "Weerbaarheid", "Armoede en schulden");
    concept["status"] = json!("concept");
    create(&app, &t, ZHZ, concept).await;

    let r = search(&app, None, "q=buurtbudget").await;
    assert_eq!(r["total"], 4, "{r}");
    assert_eq!(id_set(&r), set(&[f1, f2, f3, f4]));
    // The response shape.
    for hit in r["hits"].as_array().expect("hits") {
        let keys: BTreeSet<&str> = hit.as_object().expect("hit").keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["type", "id", "werkplaats", "title", "snippet", "url", "score"]), "{hit}");
        let path = format!("/werkplaatsen/{}/kennis/{}", hit["werkplaats"].as_str().expect("slug"), hit["id"]);
        assert!(hit["url"].as_str().expect("url").starts_with("http"), "{hit}");
        assert!(hit["url"].as_str().expect("url").ends_with(&path), "{hit}");
        assert!(hit["score"].as_f64().expect("score") > 0.0);
        assert!(hit["snippet"].as_str().expect("snippet").contains("<mark>"), "{hit}");
    }
    let f1_hit = r["hits"].as_array().expect("hits").iter().find(|h| h["id"] == f1).expect("f1");
    assert_eq!((f1_hit["type"].as_str(), f1_hit["werkplaats"].as_str()), (Some("knowledge_product"), Some("zhz")));
    // Facets: counts of the hits, most first, then by value.
    assert_eq!(facet(&r, "type"), pairs(&[("knowledge_product", 4)]));
    assert_eq!(facet(&r, "kind"), pairs(&[("advies", 2), ("werkvorm", 2)]));
    assert_eq!(facet(&r, "year"), pairs(&[("2024", 3), ("2023", 1)]));
    assert_eq!(facet(&r, "werkplaats"), pairs(&[("zhz", 3), ("voorbeeld", 1)]));
    assert_eq!(
        facet(&r, "theme"),
        pairs(&[("Weerbaarheid", 2), ("Samen leven", 1), ("Schulden voorkomen (fictief)", 1)])
    );
    assert_eq!(facet(&r, "kwestie"), pairs(&[("Armoede en schulden", 3), ("Eenzaamheid", 1)]));
    assert_eq!(facet(&r, "organisation"), pairs(&[("Gemeente Merwestad (fictief)", 1)]));
    assert_eq!(facet(&r, "audience"), pairs(&[("beleid", 1)]));
    assert_eq!(facet(&r, "four_o"), pairs(&[("ontwikkeling", 1)]));

    // Filters: alternatives within one filter, all filters together.
    let cases: [(&str, &[i64]); 12] = [
        ("kind=werkvorm", &[f1, f2]),
        ("kind=werkvorm&kind=advies", &[f1, f2, f3, f4]),
        ("kind=werkvorm&year=2024", &[f2]),
        ("werkplaats=voorbeeld", &[f4]),
        ("werkplaats=zhz&kind=advies", &[f3]),
        ("theme=Weerbaarheid", &[f1, f3]),
        ("kwestie=Eenzaamheid", &[f2]),
        ("kwestie=Armoede+en+schulden&year=2024", &[f3, f4]),
        ("year=2023&year=2024&theme=Weerbaarheid&kind=advies", &[f3]),
        ("organisation=Gemeente+Merwestad+(fictief)", &[f1]),
        ("type=knowledge_product&audience=beleid&four_o=ontwikkeling", &[f1]),
        ("type=story", &[]),
    ];
    for (filters, expected) in cases {
        let r = search(&app, None, &format!("q=buurtbudget&{filters}")).await;
        assert_eq!(id_set(&r), set(expected), "{filters}: {r}");
        assert_eq!(r["total"].as_u64(), Some(expected.len() as u64), "{filters}");
    }
    // Facets follow the other facets' filters; a filtered facet keeps its other values with the
    // counts they would have, so a second value can be added.
    let r = search(&app, None, "q=buurtbudget&werkplaats=zhz").await;
    assert_eq!(facet(&r, "werkplaats"), pairs(&[("zhz", 3), ("voorbeeld", 1)]));
    assert_eq!(facet(&r, "kind"), pairs(&[("werkvorm", 2), ("advies", 1)]));
    let r = search(&app, None, "q=buurtbudget&werkplaats=zhz&kind=advies").await;
    assert_eq!(facet(&r, "werkplaats"), pairs(&[("voorbeeld", 1), ("zhz", 1)]));
    assert_eq!(facet(&r, "kind"), pairs(&[("werkvorm", 2), ("advies", 1)]));
    assert_eq!(facet(&r, "year"), pairs(&[("2024", 1)]));
    // Without words: everything that matches the filters.
    let r = search(&app, None, "q=&werkplaats=voorbeeld&kind=advies").await;
    assert_eq!(id_set(&r), set(&[f4]));
}

#[tokio::test]
async fn results_come_in_pages_and_sort_by_relevance_or_date() {
    let app = TestApp::spawn().await;
    let t = app.token(COORDINATOR).await;
    // The oldest has the word in its title and summary: most relevant; the newest only in its text.
    let old = create(
        &app,
        &t,
        ZHZ,
        json!({ "kind": "verslag", "title": "Wijkpanel Lindewaard (test)", "summary": "Het wijkpanel in 2021.",
                "date": "2021-03-01" }),
    )
    .await;
    let mid = create(
        &app,
        &t,
        ZHZ,
        json!({ "kind": "verslag", "title": "Bewoners aan het woord (test)", "body": "Met een wijkpanel.",
                "date": "2022-06-01" }),
    )
    .await;
    let new = create(
        &app,
        &t,
        ZHZ,
        json!({ "kind": "verslag", "title": "Vervolg in Merwestad (test)", "body": "Opnieuw een wijkpanel.",
                "date": "2023-09-01" }),
    )
    .await;
    let r = search(&app, None, "q=wijkpanel").await;
    assert_eq!(ids(&r)[0], old, "relevance: the word in the title ranks first: {r}");
    assert_eq!(ids(&search(&app, None, "q=wijkpanel&sort=date").await), [new, mid, old]);
    assert_eq!(ids(&search(&app, None, "q=wijkpanel&sort=datum").await), [new, mid, old]);
    assert_eq!(ids(&search(&app, None, "q=&type=knowledge_product").await), [new, mid, old], "no words: newest first");

    // Pages: the same total on each, no hit twice, all hits once.
    let mut seen = Vec::new();
    for page in 1..=2 {
        let r = search(&app, None, &format!("q=wijkpanel&sort=date&per_page=2&page={page}")).await;
        assert_eq!(r["total"], 3);
        seen.extend(ids(&r));
    }
    assert_eq!(seen, [new, mid, old]);
    let r = search(&app, None, "q=wijkpanel&per_page=2&page=3").await;
    assert_eq!((r["total"].as_u64(), ids(&r).len()), (Some(3), 0), "past the last page: no hits, same total");
    // Nonsense page numbers are read as the first page.
    let r = search(&app, None, "q=wijkpanel&sort=date&per_page=2&page=nul").await;
    assert_eq!(ids(&r), [new, mid]);
}

#[tokio::test]
async fn the_search_page_shows_hits_facets_and_pages() {
    let app = TestApp::spawn().await;
    assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));

    let api = search(&app, None, "q=schulden").await;
    let total = api["total"].as_u64().expect("total");
    assert!(total > 1, "{api}");
    let r = app.get("/zoeken?q=schulden").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<h1>Zoekresultaten voor \"schulden\"</h1>") || r.body.contains("Zoekresultaten voor"));
    assert!(r.body.contains(&format!("<p role=\"status\">{total} ")), "total shown");
    for hit in api["hits"].as_array().expect("hits") {
        let url = hit["url"].as_str().expect("url");
        let path = &url[url.find("/werkplaatsen/").expect("path")..];
        assert!(r.body.contains(&format!("href=\"{path}\"")), "hit {path} on the page");
    }
    // Every facet value with its count, as the API counts them.
    for name in ["type", "werkplaats", "kind", "kwestie", "year"] {
        for (value, count) in facet(&api, name) {
            let input = format!("name=\"{name}\" value=\"{value}\"");
            let at = r.body.find(&input).unwrap_or_else(|| panic!("no checkbox {input}"));
            let label_end = at + r.body[at..].find("</label>").expect("label");
            assert!(r.body[at..label_end].contains(&format!("({count})")), "{name}={value} ({count})");
        }
    }
    // A ticked facet stays ticked and narrows the hits.
    let r = app.get("/zoeken?q=schulden&werkplaats=voorbeeld").await;
    assert!(r.body.contains("name=\"werkplaats\" value=\"voorbeeld\" checked"), "{}", r.body);
    let narrowed = search(&app, None, "q=schulden&werkplaats=voorbeeld").await["total"].as_u64().expect("total");
    assert!(narrowed < total);
    assert!(r.body.contains(&format!("<p role=\"status\">{narrowed} ")), "{}", r.body);

    // Pages: a next link when there is more than one page.
    let all = search(&app, None, "q=").await["total"].as_u64().expect("total");
    assert!(all > 10, "the demo has more than a page");
    let r = app.get("/zoeken?q=").await;
    // The query string in the link is HTML-escaped (`&` as `&#38;`).
    let next = "href=\"/zoeken?q=&#38;page=2\" rel=\"next\"";
    assert!(r.body.contains(next) && !r.body.contains("rel=\"prev\""), "{}", r.body);
    let r = app.get("/zoeken?q=&page=2").await;
    assert!(r.body.contains("href=\"/zoeken?q=&#38;page=1\" rel=\"prev\""), "{}", r.body);

    // Nothing found: said so.
    let r = app.get("/zoeken?q=xylofoonstemmer").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(text("kb.search.none")));
}

/// Total, hits as `(type, id)`, and facets as `(name, [(value, count)])`.
type Outcome = (u64, BTreeSet<(String, i64)>, Vec<(String, Vec<(String, u64)>)>);

/// What a search returns that must not depend on how the index was built: the total, the hits (as
/// a set: scores may shift with deleted documents still in old segments) and the facet counts.
fn outcome(r: &broedplaats_search::Results) -> Outcome {
    (
        r.total,
        r.hits.iter().map(|h| (h.doc_type.clone(), h.id)).collect(),
        r.facets.iter().map(|(k, v)| (k.clone(), v.iter().map(|f| (f.value.clone(), f.count)).collect())).collect(),
    )
}

const QUERIES: [&str; 6] = ["geldzorgen", "mantelzorgers", "lindewaard", "schulden", "eenzaamheid", ""];

async fn outcomes(core: &Core, actor: Option<&broedplaats_core::Actor>) -> Vec<Outcome> {
    let mut all = Vec::new();
    for q in QUERIES {
        let r = core
            .search(actor, SearchRequest { q: q.to_owned(), per_page: 50, ..SearchRequest::default() })
            .await
            .expect("search");
        all.push(outcome(&r));
    }
    all
}

#[tokio::test]
async fn the_index_is_derived_data_rebuilt_or_synced_from_the_database() {
    let app = TestApp::spawn().await;
    assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));
    let t = app.token(COORDINATOR).await;
    let mut partners = json!({ "kind": "verslag", "title": "Geldzorgen in de partnerkring (test)" });
    partners["visibility"] = json!("partners");
    let partners = create(&app, &t, ZHZ, partners).await;
    let deleted = create(&app, &t, ZHZ, json!({ "kind": "verslag", "title": "Geldzorgen, verwijderd (test)" })).await;
    let r = app.api(Method::DELETE, &format!("{ZHZ}/{deleted}"), Some(&t), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let member = app.core.actor_for_api_token(&app.token(MEMBER).await).await.expect("actor").expect("member");

    let before_public = outcomes(&app.core, None).await;
    let before_member = outcomes(&app.core, Some(&member)).await;
    assert!(before_member[0].1.contains(&("knowledge_product".to_owned(), partners)));
    assert!(!before_public[0].1.contains(&("knowledge_product".to_owned(), partners)));
    assert!(before_public.iter().all(|o| !o.1.contains(&("knowledge_product".to_owned(), deleted))));

    // Rebuilt from the database: the same answers.
    let n = app.core.rebuild_search(|_, _| {}).await.expect("rebuild");
    assert!(n >= app.core.search.index.doc_count(), "{n} considered, {} indexed", app.core.search.index.doc_count());
    assert_eq!(outcomes(&app.core, None).await, before_public);
    assert_eq!(outcomes(&app.core, Some(&member)).await, before_member);

    // A second instance on the same database with an empty index of its own catches up from the outbox.
    let second = Core::new(app.core.store.clone()).with_search(SearchIndex::in_memory().expect("index"));
    assert_eq!(second.search.index.doc_count(), 0);
    assert!(second.sync_search().await.expect("sync") > 0);
    assert_eq!(outcomes(&second, None).await, before_public);
    assert_eq!(outcomes(&second, Some(&member)).await, before_member);
    assert_eq!(second.sync_search().await.expect("sync"), 0, "nothing new: nothing applied");

    // A change made through the first instance reaches the second with its next sync.
    let id = create(&app, &t, ZHZ, json!({ "kind": "advies", "title": "Geldzorgen bij studenten (test)" })).await;
    let find = |core: Core| async move {
        let r = core.search(None, SearchRequest { q: "studenten".into(), ..SearchRequest::default() }).await;
        r.expect("search").hits.iter().any(|h| h.doc_type == "knowledge_product" && h.id == id)
    };
    assert!(find(app.core.clone()).await);
    assert!(!find(second.clone()).await, "not before its sync");
    assert_eq!(second.sync_search().await.expect("sync"), 1);
    assert!(find(second.clone()).await);
    // And its own rebuild gives the same as the first instance.
    second.rebuild_search(|_, _| {}).await.expect("rebuild");
    assert_eq!(outcomes(&second, None).await, outcomes(&app.core, None).await);
}

#[tokio::test]
async fn projects_are_findable_at_once_and_only_by_whom_they_are_meant_for() {
    let app = TestApp::spawn().await;
    let t = app.token(COORDINATOR).await;
    // The demo's projects are in the index from the start.
    let r = search(&app, None, "q=lindewaard&type=project").await;
    assert_eq!(r["hits"][0]["title"], "Langer thuis in Lindewaard (fictief)", "{r}");

    let tenant = app.core.tenant("zhz").await.expect("tenant");
    let theme = app.core.current_themes(&tenant).await.expect("themes")[0].id;
    let mut body = json!({ "theme_id": theme, "title": "Fietsmaatjes voor ouderen (test)", "four_os": ["onderzoek"],
                           "size": "klein", "status": "idee", "visibility": "public" });
    let r = app.api(Method::POST, "/api/v1/werkplaatsen/zhz/projects", Some(&t), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let path = format!("/api/v1/werkplaatsen/zhz/projects/{id}");
    let found = |v: &Value| ids(v).contains(&id) && v["hits"][0]["type"] == "project";
    assert!(found(&search(&app, None, "q=fietsmaatjes").await), "a new project is found at once");

    // Members only: no longer found by the public, still by members.
    body["visibility"] = json!("members");
    body["title"] = json!("Fietsmaatjes voor ouderen, besloten (test)");
    let r = app.api(Method::PUT, &path, Some(&t), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!found(&search(&app, None, "q=fietsmaatjes").await), "hidden from the public at once");
    let r = search(&app, Some(&app.token(MEMBER).await), "q=fietsmaatjes").await;
    assert!(found(&r), "{r}");
    assert_eq!(r["hits"][0]["title"], "Fietsmaatjes voor ouderen, besloten (test)");

    let r = app.api(Method::DELETE, &path, Some(&t), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert!(!found(&search(&app, Some(&t), "q=fietsmaatjes").await), "deleted: gone");
}

/// Two saves whose outbox rows commit in the opposite order of their ids (PostgreSQL hands ids
/// out at insert, not at commit): the index must still apply both, or the first is lost to
/// search until a rebuild — also after a restart, as the index remembers the last id it applied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_rows_are_applied_whatever_order_they_commit_in() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let first =
        create(&app, &token, ZHZ, json!({ "kind": "werkvorm", "title": "Volgordeproef een", "status": "concept" }))
            .await;
    let tenant = app.core.tenant("zhz").await.expect("tenant");
    // A publishes the concept and records it in the outbox, but does not commit yet.
    let mut a = app.core.store.begin().await.expect("begin");
    broedplaats_store::knowledge::set_product_status(&mut a, &tenant, first, "published", "Test", None)
        .await
        .expect("publish");
    broedplaats_store::knowledge::outbox_push(&mut a, &tenant, "knowledge_product", first).await.expect("outbox");
    // B: a whole save through the API, which commits and brings the index up to date.
    let router = app.router.clone();
    let body =
        json!({ "kind": "werkvorm", "title": "Volgordeproef twee", "summary": "Tweede.", "status": "published" });
    let mut b = tokio::spawn(async move {
        let req = axum::http::Request::post(ZHZ)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .expect("request");
        tower::ServiceExt::oneshot(router, req).await.expect("infallible").status()
    });
    // Writers that queue behind A finish only after A commits; others are done well before.
    let early = tokio::time::timeout(std::time::Duration::from_millis(500), &mut b).await;
    a.commit().await.expect("commit A");
    let status = match early {
        Ok(done) => done.expect("task"),
        Err(_) => b.await.expect("task"),
    };
    assert_eq!(status, StatusCode::CREATED);
    app.core.sync_search().await.expect("sync");
    let token = app.token(COORDINATOR).await;
    let found = id_set(&search(&app, Some(&token), "q=volgordeproef&type=knowledge_product").await);
    assert!(found.contains(&first), "the save whose outbox row committed last is findable: {found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
}
