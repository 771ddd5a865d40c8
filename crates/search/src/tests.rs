use super::*;

fn doc(id: i64, title: &str, body: &str) -> Doc {
    Doc {
        doc_type: "knowledge_product".into(),
        id,
        werkplaats: "zhz".into(),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        attachments: String::new(),
        url: format!("/werkplaatsen/zhz/kennis/{id}"),
        date: NaiveDate::from_ymd_opt(2020 + (id as i32 % 5), 1, 1),
        facets: Facets { kind: Some("advies".into()), ..Facets::default() },
        acl: vec!["public".into()],
    }
}

fn public() -> Vec<String> {
    vec!["public".into()]
}

fn index(docs: Vec<Doc>) -> SearchIndex {
    let idx = SearchIndex::in_memory().expect("index");
    idx.upsert(docs).expect("upsert");
    idx.commit(1).expect("commit");
    idx
}

fn ids(idx: &SearchIndex, text: &str) -> Vec<i64> {
    idx.search(&Query::new(text, public())).expect("search").hits.iter().map(|h| h.id).collect()
}

#[test]
fn stemming_end_to_end() {
    let idx = index(vec![
        doc(1, "Steun voor de mantelzorger", "Een mantelzorger zorgt voor een naaste."),
        doc(2, "Schulden bij jongeren", "Veel jongeren hebben schulden."),
        doc(3, "Iets anders", "Over het weer."),
    ]);
    assert_eq!(ids(&idx, "mantelzorgers"), vec![1]);
    assert_eq!(ids(&idx, "schuld"), vec![2]);
    assert_eq!(ids(&idx, "Mantelzorger"), vec![1]);
}

#[test]
fn compounds_end_to_end() {
    let idx = index(vec![
        doc(1, "Loket", "De schuldhulpverlening van de gemeente."),
        doc(2, "Thuis", "Goede zorg voor ouderen in de wijk."),
        doc(3, "Beleid", "Over ouderenzorg in de regio."),
        doc(4, "Schuldgevoel", "Schuldgevoel bij mantelzorgers."),
    ]);
    assert_eq!(ids(&idx, "schulden"), vec![1]);
    let mut found = ids(&idx, "ouderenzorg");
    assert_eq!(found[0], 3, "the literal compound ranks first");
    found.sort();
    assert_eq!(found, vec![2, 3]);
    let mut found = ids(&idx, "zorg voor ouderen");
    found.sort();
    assert_eq!(found, vec![2, 3]);
    assert!(ids(&idx, "hulp bij schulden").contains(&1));
}

#[test]
fn typos_are_tolerated_but_exact_ranks_first() {
    let idx = index(vec![
        doc(1, "Armoede in de stad", "Armoede raakt veel gezinnen."),
        doc(2, "Eenzaamheid", "Eenzaamheid onder ouderen."),
        doc(3, "Vrijwilligerswerk", "Vrijwilligerswerk in de buurt."),
    ]);
    assert_eq!(ids(&idx, "armoeede"), vec![1]);
    assert_eq!(ids(&idx, "eenzaamheit"), vec![2]);
    assert_eq!(ids(&idx, "vrijwiligerswerk"), vec![3]);
    // Short words are not fuzzy.
    assert!(ids(&idx, "armx").is_empty());
}

#[test]
fn diacritics_are_folded() {
    let idx = index(vec![doc(1, "Cliëntenraad", "Cliënten en coördinatoren over reïntegratie.")]);
    assert_eq!(ids(&idx, "clienten"), vec![1]);
    assert_eq!(ids(&idx, "reintegratie"), vec![1]);
    assert_eq!(ids(&idx, "cliënt"), vec![1]);
}

#[test]
fn title_outranks_body_and_all_words_outrank_some() {
    let idx = index(vec![
        doc(1, "Over het weer", "Soms gaat het over armoede."),
        doc(2, "Armoede", "Een stuk."),
        doc(3, "Jongeren", "Jongeren en armoede in de wijk."),
    ]);
    assert_eq!(ids(&idx, "armoede")[0], 2);
    assert_eq!(ids(&idx, "armoede jongeren")[0], 3);
}

#[test]
fn acl_filters_hits_facets_and_related() {
    let mut secret = doc(2, "Armoede intern", "Armoede in het team.");
    secret.acl = vec!["wp:3".into()];
    secret.facets.kind = Some("verslag".into());
    let idx = index(vec![doc(1, "Armoede", "Armoede in de wijk."), secret]);
    let r = idx.search(&Query::new("armoede", public())).expect("search");
    assert_eq!(r.total, 1);
    assert_eq!(r.hits.len(), 1);
    assert!(!r.facets["kind"].iter().any(|f| f.value == "verslag"));
    // Access tokens are stored with the facets but never reported as one.
    assert!(!r.facets.contains_key("acl"));
    let r = idx.search(&Query::new("armoede", vec!["public".into(), "wp:3".into()])).expect("search");
    assert_eq!(r.total, 2);
    assert_eq!(r.facets["kind"].iter().map(|f| f.count).sum::<u64>(), 2);
    // No access token at all: nothing.
    assert_eq!(idx.search(&Query::new("armoede", Vec::new())).expect("search").total, 0);
    // Empty text (browse): access still applies.
    assert_eq!(idx.search(&Query::new("", public())).expect("search").total, 1);
    assert!(idx.related("knowledge_product", 1, &public(), 5).expect("related").expect("visible source").is_empty());
    let related = idx.related("knowledge_product", 1, &["public".into(), "wp:3".into()], 5).expect("related");
    assert_eq!(related.expect("visible source").iter().map(|h| h.id).collect::<Vec<_>>(), vec![2]);
    // A hidden source is answered as a missing one: no oracle for hidden ids or their words.
    assert!(idx.related("knowledge_product", 2, &public(), 5).expect("related").is_none());
    assert!(idx.related("knowledge_product", 99, &public(), 5).expect("related").is_none());
    assert!(idx.related("knowledge_product", 2, &["wp:3".into()], 5).expect("related").is_some());
}

#[test]
fn facets_filters_and_empty_query() {
    let mut docs = Vec::new();
    for id in 1..=6 {
        let mut d = doc(id, "Mantelzorg", "Over mantelzorg.");
        d.werkplaats = if id <= 4 { "zhz".into() } else { "utrecht".into() };
        d.facets.themes = vec!["Weerbaarheid".into(), format!("thema {}", id % 2)];
        d.facets.year = Some(2020 + id as i32 % 2);
        if id == 6 {
            d.doc_type = "story".into();
        }
        docs.push(d);
    }
    let idx = index(docs);
    let r = idx.search(&Query::new("mantelzorg", public())).expect("search");
    assert_eq!(r.total, 6);
    assert_eq!(
        r.facets["werkplaats"],
        vec![FacetCount { value: "zhz".into(), count: 4 }, FacetCount { value: "utrecht".into(), count: 2 }]
    );
    assert_eq!(r.facets["theme"][0], FacetCount { value: "Weerbaarheid".into(), count: 6 });
    assert_eq!(r.facets["type"].len(), 2);
    assert_eq!(r.facets["year"].iter().map(|f| f.count).sum::<u64>(), 6);
    let mut q = Query::new("mantelzorg", public());
    q.werkplaats = vec!["utrecht".into()];
    assert_eq!(idx.search(&q).expect("search").total, 2);
    q.werkplaats = vec!["utrecht".into(), "zhz".into()];
    q.doc_type = vec!["story".into()];
    assert_eq!(idx.search(&q).expect("search").total, 1);
    let mut q = Query::new("", public());
    q.year = vec![2021];
    let r = idx.search(&q).expect("search");
    assert_eq!(r.total, 3);
    // Empty text: newest first.
    let r = idx.search(&Query::new("", public())).expect("search");
    assert_eq!(r.total, 6);
    let dates: Vec<_> = r.hits.iter().map(|h| h.date).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    // Only stop words: nothing.
    assert_eq!(idx.search(&Query::new("de het een", public())).expect("search").total, 0);
}

#[test]
fn paging_and_date_sort() {
    let idx = index((1..=25).map(|id| doc(id, "Armoede", "Armoede.")).collect());
    let mut q = Query::new("armoede", public());
    q.per_page = 10;
    q.page = 3;
    let r = idx.search(&q).expect("search");
    assert_eq!(r.total, 25);
    assert_eq!(r.hits.len(), 5);
    q.page = 1;
    q.sort = Sort::Date;
    let r = idx.search(&q).expect("search");
    assert_eq!(r.hits[0].date, NaiveDate::from_ymd_opt(2024, 1, 1));
}

#[test]
fn snippets_mark_matches_and_escape_html() {
    let mut d = doc(1, "Titel", "Iets <b>vet</b> over de schuldhulpverlening in Merwedam & omstreken.");
    d.summary = "Korte samenvatting.".into();
    let idx = index(vec![d, doc(2, "Armoede", "Tekst.")]);
    let r = idx.search(&Query::new("schulden", public())).expect("search");
    let s = &r.hits[0].snippet;
    assert!(s.contains("<mark>schuldhulpverlening</mark>"), "{s}");
    assert!(s.contains("&lt;b&gt;") && s.contains("&amp;"), "{s}");
    // No highlight in any text field: the summary.
    let r = idx.search(&Query::new("titel", public())).expect("search");
    assert_eq!(r.hits[0].snippet, "Korte samenvatting.");
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let idx = index(vec![doc(1, "Armoede", "Oud."), doc(2, "Armoede", "Ander.")]);
    idx.upsert(vec![doc(1, "Eenzaamheid", "Nieuw.")]).expect("upsert");
    idx.commit(2).expect("commit");
    assert_eq!(ids(&idx, "armoede"), vec![2]);
    assert_eq!(ids(&idx, "eenzaamheid"), vec![1]);
    assert_eq!(idx.doc_count(), 2);
    idx.delete("knowledge_product", 2).expect("delete");
    idx.commit(3).expect("commit");
    assert!(ids(&idx, "armoede").is_empty());
    assert_eq!(idx.outbox_position(), 3);
    // Same id, other type: another doc.
    let mut story = doc(1, "Armoede", "Verhaal.");
    story.doc_type = "story".into();
    idx.upsert(vec![story]).expect("upsert");
    idx.commit(4).expect("commit");
    assert_eq!(idx.doc_count(), 2);
    idx.clear().expect("clear");
    idx.commit(5).expect("commit");
    assert_eq!(idx.doc_count(), 0);
}

#[test]
fn open_or_create_keeps_position_and_rebuilds_on_version_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (idx, fresh) = SearchIndex::open_or_create(dir.path()).expect("open");
    assert!(fresh);
    assert_eq!(idx.outbox_position(), 0);
    idx.upsert(vec![doc(1, "Armoede", "Tekst.")]).expect("upsert");
    idx.commit(42).expect("commit");
    drop(idx);
    let (idx, fresh) = SearchIndex::open_or_create(dir.path()).expect("reopen");
    assert!(!fresh);
    assert_eq!(idx.outbox_position(), 42);
    assert_eq!(ids(&idx, "armoede"), vec![1]);
    drop(idx);
    std::fs::write(dir.path().join(VERSION_FILE), "0").expect("write");
    let (idx, fresh) = SearchIndex::open_or_create(dir.path()).expect("reopen");
    assert!(fresh);
    assert_eq!(idx.doc_count(), 0);
    assert_eq!(idx.outbox_position(), 0);
}

#[test]
fn concurrent_search_and_write() {
    let idx = index(vec![doc(1, "Armoede", "Tekst.")]);
    std::thread::scope(|s| {
        let writer = idx.clone();
        s.spawn(move || {
            for n in 2..40 {
                writer.upsert(vec![doc(n, "Armoede", "Tekst.")]).expect("upsert");
                writer.commit(n).expect("commit");
            }
        });
        for _ in 0..2 {
            let reader = idx.clone();
            s.spawn(move || {
                let mut last = 0;
                for _ in 0..50 {
                    let total = reader.search(&Query::new("armoede", public())).expect("search").total;
                    assert!(total >= last);
                    last = total;
                }
            });
        }
    });
    assert_eq!(idx.search(&Query::new("armoede", public())).expect("search").total, 39);
}

#[test]
fn search_index_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<SearchIndex>();
}
