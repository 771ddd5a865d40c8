//! Keyset paging, tombstones and datestamps.
use super::*;
use crate::common::TestApp;
use broedplaats_store::werkplaats::{NewWerkplaats, insert};

async fn werkplaats(app: &TestApp, slug: &str) {
    let mut conn = app.core.store.conn().await.expect("conn");
    let w = NewWerkplaats { slug, name: &format!("Werkplaats {slug}"), region: "Test", association: "" };
    insert(&mut conn, &w).await.expect("werkplaats");
}

#[tokio::test]
async fn lists_page_by_keyset_over_three_pages_with_counts_and_a_closing_empty_token() {
    let app = TestApp::spawn().await;
    publish_many(&app, "zhz", 250).await;
    let first = oai(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    let total = token_attr(&first, "completeListSize").expect("size");
    assert!(total >= 250, "{total}");
    assert_eq!(token_attr(&first, "cursor"), Some(0));
    assert_eq!(identifiers(&first).len(), 100);
    // Stateless: the same token gives the same page, however often it is used.
    let t = token(&first).expect("token");
    let again = oai(&app, &format!("verb=ListIdentifiers&resumptionToken={t}")).await;
    let twice = oai(&app, &format!("verb=ListIdentifiers&resumptionToken={t}")).await;
    assert_eq!(identifiers(&again), identifiers(&twice));
    assert_eq!(token_attr(&again, "cursor"), Some(100));
    // A token of ListIdentifiers is not one of ListRecords.
    let wrong = oai(&app, &format!("verb=ListRecords&resumptionToken={t}")).await;
    assert_eq!(error_code(&wrong).as_deref(), Some("badResumptionToken"));

    let (ids, pages) = walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert_eq!(ids.len() as i64, total);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no record twice");
    let last = pages.last().expect("pages");
    assert_eq!(token(last).as_deref(), Some(""), "the last page of a resumed list has an empty token");
    assert_eq!(token_attr(last, "cursor"), Some(100 * (pages.len() as i64 - 1)));
    assert_eq!(token_attr(last, "completeListSize"), Some(total));
    let (records, _) = walk(&app, "verb=ListRecords&metadataPrefix=oai_openaire").await;
    assert_eq!(records, ids, "records and identifiers in the same order");
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_ends_without_a_stray_token() {
    let app = TestApp::spawn().await;
    werkplaats(&app, "honderd").await;
    werkplaats(&app, "tweehonderd").await;
    publish_many(&app, "honderd", 100).await;
    publish_many(&app, "tweehonderd", 200).await;
    let one = oai(&app, "verb=ListRecords&metadataPrefix=oai_dc&set=werkplaats:honderd").await;
    assert_eq!(texts(&one, "dc:title").len(), 100);
    assert_eq!(token(&one), None, "a list of one page carries no token");
    let (ids, pages) = walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=werkplaats:tweehonderd").await;
    assert_eq!((ids.len(), pages.len()), (200, 2));
    assert_eq!(token_attr(&pages[0], "completeListSize"), Some(200));
    assert_eq!(token(&pages[1]).as_deref(), Some(""), "{}", pages[1]);
}

#[tokio::test]
async fn from_and_until_are_inclusive_at_seconds_and_days() {
    let app = TestApp::spawn().await;
    werkplaats(&app, "tijd").await;
    let tenant = app.core.tenant("tijd").await.expect("tenant");
    let stamps = ["2024-03-01T10:00:00Z", "2024-03-01T10:00:01Z", "2024-03-01T10:00:02Z", "2024-03-02T00:00:00Z"];
    let mut conn = app.core.store.conn().await.expect("conn");
    let bulk = broedplaats_store::oai::BulkRecords {
        item_type: "knowledge_product",
        first_item: 900_000,
        n: 4,
        set: ("werkplaats:tijd", "Werkplaats tijd"),
        oai_dc: "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"/>",
        oai_openaire: "",
    };
    broedplaats_store::oai::insert_bulk(&mut conn, &tenant, &bulk, |i| stamps[i as usize].to_owned())
        .await
        .expect("bulk");
    drop(conn);
    let count = |xml: String| if error_code(&xml).is_some() { 0 } else { identifiers(&xml).len() };
    let q = "verb=ListIdentifiers&metadataPrefix=oai_dc&set=werkplaats:tijd";
    assert_eq!(count(oai(&app, &format!("{q}&from=2024-03-01T10:00:01Z&until=2024-03-01T10:00:02Z")).await), 2);
    assert_eq!(count(oai(&app, &format!("{q}&until=2024-03-01T10:00:00Z")).await), 1);
    assert_eq!(count(oai(&app, &format!("{q}&from=2024-03-01T10:00:02Z")).await), 2);
    assert_eq!(count(oai(&app, &format!("{q}&from=2024-03-01&until=2024-03-01")).await), 3);
    assert_eq!(count(oai(&app, &format!("{q}&from=2024-03-02&until=2024-03-02")).await), 1);
    assert_eq!(count(oai(&app, &format!("{q}&from=2024-03-03")).await), 0);
}

async fn header_of(app: &TestApp, item: &str) -> String {
    let xml = oai(app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={item}")).await;
    assert_eq!(error_code(&xml), None, "{xml}");
    xml
}

#[tokio::test]
async fn tombstones_keep_their_sets_and_datestamps_move_only_with_the_record() {
    let app = TestApp::spawn().await;
    let host = broedplaats_core::dissemination::oai::host_of(&app.core.public_url);
    let id = publish(&app, "Eerst openbaar", json!({})).await;
    let other = publish(&app, "Later teruggetrokken", json!({})).await;
    let item = format!("oai:{host}:zhz/knowledge_product/{id}");
    let before = header_of(&app, &item).await;
    let stamp = texts(&before, "datestamp");
    let sets = texts(&before, "setSpec");
    assert!(sets.contains(&"werkplaats:zhz".to_owned()));

    // Nothing public changed: the same datestamp, a second later.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let tenant = app.core.tenant("zhz").await.expect("tenant");
    let mut tx = app.core.store.begin().await.expect("tx");
    outbox_push(&mut tx, &tenant, "knowledge_product", id).await.expect("outbox");
    tx.commit().await.expect("commit");
    app.core.sync_oai().await.expect("sync");
    assert_eq!(texts(&header_of(&app, &item).await, "datestamp"), stamp);

    // The title changed: a new datestamp.
    let token = app.token(COORDINATOR).await;
    let body =
        json!({ "kind": "werkvorm", "title": "Nieuwe titel", "summary": "Samenvatting.", "visibility": "public" });
    let r = app.api(Method::PUT, &format!("{PRODUCTS}/{id}"), Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let changed = header_of(&app, &item).await;
    assert!(texts(&changed, "datestamp")[0] > stamp[0], "{changed}");
    assert_eq!(texts(&changed, "dc:title"), ["Nieuwe titel"]);

    // Deleted: a tombstone with its sets and no metadata, also in the set's list.
    let r = app.api(Method::DELETE, &format!("{PRODUCTS}/{id}"), Some(&token), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    let gone = header_of(&app, &item).await;
    assert!(gone.contains("<header status=\"deleted\">"), "{gone}");
    assert!(!gone.contains("<metadata>") && !gone.contains("Nieuwe titel"), "{gone}");
    assert_eq!(texts(&gone, "setSpec"), sets);
    let (ids, pages) = walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=werkplaats:zhz").await;
    assert!(ids.contains(&item));
    assert!(pages.concat().contains("<header status=\"deleted\"><identifier>"));

    // Back to concept (withdrawn): a tombstone too; the tombstone's datestamp stays put after.
    let mut tx = app.core.store.begin().await.expect("tx");
    broedplaats_store::knowledge::set_product_status(&mut tx, &tenant, other, "concept", "Test", None)
        .await
        .expect("status");
    outbox_push(&mut tx, &tenant, "knowledge_product", other).await.expect("outbox");
    tx.commit().await.expect("commit");
    app.core.sync_oai().await.expect("sync");
    let other_item = format!("oai:{host}:zhz/knowledge_product/{other}");
    let withdrawn = header_of(&app, &other_item).await;
    assert!(withdrawn.contains("status=\"deleted\""), "{withdrawn}");
    assert!(!withdrawn.contains("Later teruggetrokken"));
    assert_eq!(texts(&withdrawn, "setSpec"), sets);
    if let Some(py) = python() {
        validate(&py, &[gone, withdrawn, changed]);
    }
}
