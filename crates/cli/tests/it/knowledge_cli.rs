//! `broedplaats import knowledge-products FILE --werkplaats SLUG` (CSV and JSON) and
//! `broedplaats admin reindex` as real processes: a good file is imported and findable in the
//! instance's search index on disk, a file with one bad item writes nothing and names the item in
//! Dutch, and reindex rebuilds an index that fell behind. SQLite by default; PostgreSQL with
//! `BROEDPLAATS_TEST_DB=postgres`.
use broedplaats_core::Core;
use broedplaats_core::kernel::search::SearchRequest;
use broedplaats_core::knowledge::ProductInput;
use broedplaats_search::SearchIndex;
use broedplaats_store::Tenant;

use crate::common::{Env, create_werkplaats};

fn write(env: &Env, name: &str, contents: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, contents).expect("write the import file");
    path.display().to_string()
}

const ORGANISATIONS: &str = "naam;soort\nWelzijn Testdorp (fictief);welzijn\nHogeschool Test (fictief);hogeschool\n";

const PRODUCTS_CSV: &str = "soort;titel;samenvatting;jaar;kwesties;organisaties;status;doelgroepen;4o\n\
    werkvorm;Buurtgesprek over geldzorgen (test);Een werkvorm voor wijkteams.;2024;Armoede en schulden|Vroegsignalering;\
    Welzijn Testdorp (fictief)|hogeschool test (fictief);published;professionals|beleid;ontwikkeling\n\
    factsheet;Mantelzorgers in Testdorp (test);Cijfers over mantelzorg.;2025;Mantelzorg;;published;;onderzoek\n";

const PRODUCTS_JSON: &str = r#"[
  { "kind": "advies", "title": "Advies over schuldhulpverlening (test)", "summary": "Voor de gemeente.",
    "kwesties": ["Armoede en schulden"], "status": "published", "visibility": "public" },
  { "kind": "verslag", "title": "Concept van een kenniscafé (test)", "summary": "Nog niet af." }
]"#;

async fn open(env: &Env) -> (Core, Tenant) {
    let core = env.core().await;
    let tenant = core.tenant("test").await.expect("tenant");
    (core, tenant)
}

/// Titles of the products of werkplaats `test` in the database, any status, sorted.
async fn stored_titles(env: &Env) -> Vec<String> {
    use broedplaats_store::knowledge::{KnowledgeTable, all_ids, product};
    let (core, tenant) = open(env).await;
    let mut conn = core.store.conn().await.expect("conn");
    let mut titles = Vec::new();
    for id in all_ids(&mut conn, &tenant, KnowledgeTable::Products).await.expect("ids") {
        titles.push(product(&mut conn, &tenant, id).await.expect("row").expect("product").title);
    }
    drop(conn);
    core.store.close().await;
    titles.sort();
    titles
}

/// Searches the instance's index on disk (the one the binary keeps in the data directory), as a
/// server started on this data directory would. The index is closed again before returning, so
/// the next command can open it.
async fn search_on_disk(env: &Env, q: &str) -> Vec<String> {
    let (index, fresh) = SearchIndex::open_or_create(&env.data_dir().join("search")).expect("index");
    assert!(!fresh, "the binary left an index in the data directory");
    let core = env.core().await.with_search(index);
    let r = core.search(None, SearchRequest { q: q.to_owned(), per_page: 50, ..SearchRequest::default() }).await;
    core.store.close().await;
    r.expect("search").hits.into_iter().map(|h| h.title).collect()
}

#[tokio::test]
async fn imports_knowledge_products_from_csv_and_json_and_they_are_findable() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let file = write(&env, "organisaties.csv", ORGANISATIONS);
    env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");

    let file = write(&env, "opbrengsten.csv", PRODUCTS_CSV);
    let out = env.ok(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert_eq!(out.trim(), "2 opbrengst(en) geïmporteerd in werkplaats test");
    let file = write(&env, "opbrengsten.json", PRODUCTS_JSON);
    let out = env.ok(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert_eq!(out.trim(), "2 opbrengst(en) geïmporteerd in werkplaats test");

    assert_eq!(
        stored_titles(&env).await,
        [
            "Advies over schuldhulpverlening (test)",
            "Buurtgesprek over geldzorgen (test)",
            "Concept van een kenniscafé (test)",
            "Mantelzorgers in Testdorp (test)",
        ]
    );
    // The CSV's lists (separated by |) and names (any case) arrive as links.
    let (core, tenant) = open(&env).await;
    let page = core.products(None, &tenant, false, None, 100).await.expect("products");
    let id = page.items.iter().find(|p| p.title.starts_with("Buurtgesprek")).expect("published").id;
    let p = core.product(None, &tenant, id).await.expect("product");
    core.store.close().await;
    assert_eq!((p.kind.as_str(), p.status.as_str(), p.year), ("werkvorm", "published", Some(2024)));
    let names = |v: &[broedplaats_core::knowledge::Named]| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&p.kwesties), ["Armoede en schulden", "Vroegsignalering"]);
    let mut organisations = names(&p.organisations);
    organisations.sort();
    assert_eq!(organisations, ["Hogeschool Test (fictief)", "Welzijn Testdorp (fictief)"]);
    assert_eq!(p.audiences, ["professionals", "beleid"]);
    assert_eq!(p.four_os, ["ontwikkeling"]);
    assert_eq!(p.reviewed_by.as_deref(), Some("beheerder (opdrachtregel)"), "published by the administrator");
    assert_eq!(page.items.len(), 3, "the JSON concept is not published");

    // The imports updated the index on disk: found with other word forms, concepts not.
    assert_eq!(search_on_disk(&env, "geldzorg").await, ["Buurtgesprek over geldzorgen (test)"]);
    assert_eq!(search_on_disk(&env, "mantelzorger").await, ["Mantelzorgers in Testdorp (test)"]);
    // The compound in a title ranks above the kwestie "Armoede en schulden" both carry.
    assert_eq!(
        search_on_disk(&env, "schulden").await,
        ["Advies over schuldhulpverlening (test)", "Buurtgesprek over geldzorgen (test)"],
        "compound, then tag"
    );
    assert!(search_on_disk(&env, "kenniscafé").await.is_empty(), "concepts are not findable");
}

#[tokio::test]
async fn a_bad_item_imports_nothing_and_is_named_in_dutch() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let file = write(&env, "organisaties.csv", ORGANISATIONS);
    env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");

    // Content errors: checked by the use case as for the API, each named by its line.
    let csv = format!(
        "{PRODUCTS_CSV}podcast;Onbekende soort (test);Iets.;;;;;;\n\
         werkvorm;Onbekende partner (test);Iets.;;;Stichting Bestaat Niet (fictief);;;\n"
    );
    let file = write(&env, "fout.csv", &csv);
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert!(err.contains("regel 4: soort: Kies een van: advies,"), "{err}");
    assert!(
        err.contains("regel 5: organisaties: Deze organisatie is geen partner van de werkplaats; voeg haar eerst toe."),
        "{err}"
    );
    assert!(!err.contains("regel 2") && !err.contains("regel 3"), "good lines are not reported: {err}");
    assert!(err.contains("2 fout(en); er is niets geïmporteerd"), "{err}");
    assert!(stored_titles(&env).await.is_empty(), "nothing written");

    // Shape errors: found before anything is looked up.
    let file = write(&env, "jaar.csv", "soort;titel;samenvatting;jaar\nwerkvorm;Titel;Iets.;twintig\n");
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert!(err.contains("regel 2: jaar ‘twintig’ is geen jaartal"), "{err}");
    assert!(err.contains("er is niets geïmporteerd"), "{err}");

    // JSON: the item by its position.
    let json = r#"[{ "kind": "werkvorm", "title": "Goed (test)", "summary": "Goed." },
                   { "kind": "werkvorm", "title": " ", "summary": "Zonder titel." }]"#;
    let file = write(&env, "fout.json", json);
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert!(err.contains("item 2: title: Dit veld is verplicht."), "{err}");
    assert!(!err.contains("item 1"), "{err}");
    let file = write(&env, "zonder-titel.json", r#"{ "kind": "werkvorm", "summary": "Zonder titel." }"#);
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert!(err.contains("item 1: title: Dit veld is verplicht."), "{err}");
    let file = write(&env, "kapot.json", "[{ \"kind\": ");
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");
    assert!(err.contains("het bestand is geen geldige JSON"), "{err}");
    assert!(stored_titles(&env).await.is_empty(), "nothing written");

    let file = write(&env, "goed.csv", PRODUCTS_CSV);
    let err = env.fails(&["import", "knowledge-products", &file, "--werkplaats", "bestaat-niet"], "");
    assert!(err.contains("werkplaats \"bestaat-niet\" bestaat niet"), "{err}");
    assert!(stored_titles(&env).await.is_empty());
}

#[tokio::test]
async fn reindex_rebuilds_an_index_that_fell_behind() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let file = write(&env, "organisaties.csv", ORGANISATIONS);
    env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");
    let file = write(&env, "opbrengsten.csv", PRODUCTS_CSV);
    env.ok(&["import", "knowledge-products", &file, "--werkplaats", "test"], "");

    // Written by another instance (its own index in memory): the index on disk has not seen it.
    let (core, tenant) = open(&env).await;
    let input = ProductInput {
        kind: "publicatie".into(),
        title: "Wijkpanels in Testdorp (test)".into(),
        summary: "Een publicatie over wijkpanels.".into(),
        status: Some("published".into()),
        ..ProductInput::default()
    };
    core.import_products_as_admin(&tenant, &[input], &|_, _| {}).await.expect("written");
    core.store.close().await;
    assert!(search_on_disk(&env, "wijkpanel").await.is_empty(), "the index on disk is behind");

    let out = env.ok(&["admin", "reindex"], "");
    assert_eq!(out.trim(), "zoekindex opnieuw opgebouwd: 3 documenten", "three products, nothing else: {out}");
    assert_eq!(search_on_disk(&env, "wijkpanel").await, ["Wijkpanels in Testdorp (test)"]);
    assert_eq!(search_on_disk(&env, "geldzorgen").await, ["Buurtgesprek over geldzorgen (test)"]);
    let (index, _) = SearchIndex::open_or_create(&env.data_dir().join("search")).expect("index");
    assert_eq!(index.doc_count(), 3);
}

/// The README's promise: every data subcommand works on the database of a running server. The
/// server owns the search index; the command line writes the database and the outbox, and the
/// server makes the change findable.
#[tokio::test]
async fn data_subcommands_work_beside_a_running_server_which_indexes_their_changes() {
    let env = Env::new().await;
    env.ok(&["migrate"], "");
    let server = env.serve();
    assert_eq!(server.get("/healthz").0, 200);
    assert_eq!(create_werkplaats(&env).trim(), "werkplaats test created");
    env.ok(&["migrate"], "");
    env.ok(
        &[
            "admin",
            "create-user",
            "--email",
            "lea@example.org",
            "--name",
            "Lea",
            "--werkplaats",
            "test",
            "--role",
            "lector",
        ],
        "een-lang-en-geheim-wachtwoord\n",
    );
    let token = env.ok(&["admin", "create-token", "--email", "lea@example.org"], "");
    env.ok(&["admin", "revoke-token", "--email", "lea@example.org"], "");
    assert!(token.trim().starts_with("bp_"));
    let orgs = write(&env, "organisaties.csv", ORGANISATIONS);
    env.ok(&["import", "organisations", &orgs, "--werkplaats", "test"], "");
    let people = write(&env, "mensen.csv", "naam;organisatie\nAnna;Welzijn Testdorp (fictief)\n");
    env.ok(&["import", "people", &people, "--werkplaats", "test"], "");
    let products = write(&env, "producten.csv", PRODUCTS_CSV);
    env.ok(&["import", "knowledge-products", &products, "--werkplaats", "test"], "");
    // The server applies the outbox every half second: the imported product becomes findable
    // through it. Bounded wait; on a quiet machine this takes one sync round.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let found = loop {
        let (status, body) = server.get("/api/v1/search?q=geldzorgen");
        assert_eq!(status, 200, "{body}");
        if body.contains("Buurtgesprek over geldzorgen (test)") {
            break true;
        }
        if std::time::Instant::now() > deadline {
            break false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(found, "the running server indexed what the command line imported");

    // Rebuilding beside the server: the server rebuilds its own index, asked through the
    // database, and answers searches from the old index meanwhile.
    let searching = std::sync::atomic::AtomicBool::new(true);
    let misses = std::thread::scope(|scope| {
        let poller = scope.spawn(|| {
            let mut misses = Vec::new();
            while searching.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, body) = server.get("/api/v1/search?q=geldzorgen");
                if status != 200 || !body.contains("Buurtgesprek over geldzorgen (test)") {
                    misses.push((status, body));
                }
            }
            misses
        });
        let out = env.ok(&["admin", "reindex"], "");
        assert!(out.contains("door de draaiende server"), "{out}");
        searching.store(false, std::sync::atomic::Ordering::Relaxed);
        poller.join().expect("poller")
    });
    assert!(misses.is_empty(), "searches during the rebuild: {misses:?}");
    drop(server);
    // Without a server the command line opens the index itself again.
    env.ok(&["admin", "reindex"], "");
}
