//! Full-text search over Dutch knowledge items: a *derived* tantivy index (rebuilt from the
//! database when missing or outdated, fed from an outbox), with Dutch analysis (folding, stop
//! words, decompounding, Snowball stemming), typo tolerance, facets, snippets and more-like-this.
//!
//! The API is blocking; call it from `spawn_blocking` in async code. [`SearchIndex`] is cheap to
//! clone and safe to share: searches run on consistent snapshots while one writer (behind a
//! mutex) upserts and commits.
pub mod analysis;
pub mod cluster;
mod collector;
mod dict;
mod query;

pub use cluster::{SuggestedCluster, suggest_clusters};

use chrono::{Datelike, NaiveDate};
use collector::{FacetCache, FacetTopCollector, TopEntry};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, OwnedValue, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::store::Compressor;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Bump when the schema or the analysis changes: [`SearchIndex::open_or_create`] then wipes the
/// index and reports that it must be rebuilt.
pub const SCHEMA_VERSION: u32 = 2;
const VERSION_FILE: &str = "broedplaats-search-version";
/// Writer memory budget of the application (split over the indexing threads).
pub const DEFAULT_WRITER_BUDGET: usize = 50_000_000;
/// Most values returned per facet.
pub const MAX_FACET_VALUES: usize = 50;
const MAX_PER_PAGE: usize = 100;
const MAX_PAGE: usize = 1000;
const SNIPPET_CHARS: usize = 200;
/// Separates facet name and value in the `facet` field.
const FACET_SEP: char = '\u{1f}';
/// "Facet" of the access tokens in the `facet` field (checked by the collector, never counted).
const ACL_FACET: &str = "acl";
/// Facet values and access tokens, as `name` [`FACET_SEP`] `value`.
const FACET_FIELD: &str = "facet";

/// Facet names in [`Results::facets`].
pub const FACET_NAMES: [&str; 9] =
    ["type", "kind", "theme", "kwestie", "werkplaats", "year", "organisation", "four_o", "audience"];

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search index i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index writer lock poisoned")]
    Poisoned,
}

impl SearchError {
    /// Whether another process (a running server) holds the index's writer lock.
    pub fn is_locked(&self) -> bool {
        matches!(self, SearchError::Tantivy(tantivy::TantivyError::LockFailure(..)))
    }
}

/// One searchable item.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// "knowledge_product" | "story" | "question" | "working_factor" | "project" | "kwestie".
    pub doc_type: String,
    /// `(doc_type, id)` is the unique key.
    pub id: i64,
    pub werkplaats: String,
    pub title: String,
    pub summary: String,
    /// Plain text.
    pub body: String,
    /// Text extracted from uploaded files.
    pub attachments: String,
    pub url: String,
    /// For sorting by date; the year facet derives from it unless `facets.year` is set.
    pub date: Option<NaiveDate>,
    pub facets: Facets,
    /// Access tokens; a viewer sees the doc iff they hold at least one.
    pub acl: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub kind: Option<String>,
    pub themes: Vec<String>,
    pub kwesties: Vec<String>,
    pub year: Option<i32>,
    pub organisations: Vec<String>,
    pub four_os: Vec<String>,
    pub audiences: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search. Filters: OR within one facet, AND across facets.
#[derive(Debug, Clone)]
pub struct Query {
    /// User input; when empty, all visible docs matching the filters, newest first.
    pub text: String,
    /// Viewer tokens (always contains "public").
    pub acl: Vec<String>,
    pub werkplaats: Vec<String>,
    pub doc_type: Vec<String>,
    pub kind: Vec<String>,
    pub theme: Vec<String>,
    pub kwestie: Vec<String>,
    pub year: Vec<i32>,
    pub organisation: Vec<String>,
    pub four_o: Vec<String>,
    pub audience: Vec<String>,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            acl: vec!["public".to_owned()],
            werkplaats: Vec::new(),
            doc_type: Vec::new(),
            kind: Vec::new(),
            theme: Vec::new(),
            kwestie: Vec::new(),
            year: Vec::new(),
            organisation: Vec::new(),
            four_o: Vec::new(),
            audience: Vec::new(),
            sort: Sort::Relevance,
            page: 1,
            per_page: 10,
        }
    }
}

impl Query {
    pub fn new(text: impl Into<String>, acl: Vec<String>) -> Query {
        Query { text: text.into(), acl, ..Query::default() }
    }

    /// `(facet name, values)` of the filters, in [`FACET_NAMES`] order.
    fn filters(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![
            ("type", self.doc_type.clone()),
            ("kind", self.kind.clone()),
            ("theme", self.theme.clone()),
            ("kwestie", self.kwestie.clone()),
            ("werkplaats", self.werkplaats.clone()),
            ("year", self.year.iter().map(i32::to_string).collect()),
            ("organisation", self.organisation.clone()),
            ("four_o", self.four_o.clone()),
            ("audience", self.audience.clone()),
        ]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc_type: String,
    pub id: i64,
    pub werkplaats: String,
    pub title: String,
    /// HTML-escaped text with `<mark>…</mark>` around matches.
    pub snippet: String,
    pub url: String,
    pub score: f32,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub total: u64,
    pub hits: Vec<Hit>,
    /// By facet name ([`FACET_NAMES`]); values by count (desc) then value, at most
    /// [`MAX_FACET_VALUES`] per facet. Only facets with a value in the result set are present.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    doc_type: Field,
    id: Field,
    werkplaats: Field,
    title: Field,
    summary: Field,
    body: Field,
    attachments: Field,
    url: Field,
    date: Field,
    facet: Field,
    acl: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analysis::DUTCH)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
            .set_stored();
        let fields = Fields {
            key: b.add_text_field("key", STRING),
            doc_type: b.add_text_field("doc_type", STORED),
            id: b.add_i64_field("id", STORED),
            werkplaats: b.add_text_field("werkplaats", STORED),
            title: b.add_text_field("title", text.clone()),
            summary: b.add_text_field("summary", text.clone()),
            body: b.add_text_field("body", text.clone()),
            attachments: b.add_text_field("attachments", text),
            url: b.add_text_field("url", STORED),
            date: b.add_u64_field("date", FAST | STORED | INDEXED),
            facet: b.add_text_field(FACET_FIELD, STRING | FAST),
            acl: b.add_text_field("acl", STRING),
        };
        (b.build(), fields)
    }
}

fn key(doc_type: &str, id: i64) -> String {
    format!("{doc_type}{FACET_SEP}{id}")
}

fn facet_value(name: &str, value: &str) -> String {
    format!("{name}{FACET_SEP}{value}")
}

fn date_to_u64(date: Option<NaiveDate>) -> u64 {
    date.map_or(0, |d| u64::try_from(d.num_days_from_ce()).unwrap_or(0))
}

fn u64_to_date(days: u64) -> Option<NaiveDate> {
    if days == 0 {
        return None;
    }
    i32::try_from(days).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    outbox_position: AtomicI64,
    facet_cache: FacetCache,
}

/// The search index. Clone + Send + Sync; clones share one index, reader and writer.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("docs", &self.doc_count()).finish()
    }
}

fn settings() -> IndexSettings {
    IndexSettings { docstore_compression: Compressor::Lz4, docstore_blocksize: 16_384, ..IndexSettings::default() }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when missing. Returns `true` when it was created
    /// fresh — or wiped because [`SCHEMA_VERSION`] changed or it could not be opened — and must
    /// be rebuilt from the database.
    pub fn open_or_create(dir: &Path) -> Result<(SearchIndex, bool), SearchError> {
        Self::open_or_create_with_budget(dir, DEFAULT_WRITER_BUDGET)
    }

    /// [`open_or_create`](Self::open_or_create) with another writer memory budget (bulk loads).
    pub fn open_or_create_with_budget(dir: &Path, writer_budget: usize) -> Result<(SearchIndex, bool), SearchError> {
        std::fs::create_dir_all(dir)?;
        let version_path = dir.join(VERSION_FILE);
        let version_ok = std::fs::read_to_string(&version_path).is_ok_and(|v| v.trim() == SCHEMA_VERSION.to_string());
        let (schema, fields) = Fields::schema();
        if version_ok
            && dir.join("meta.json").exists()
            && let Ok(index) = Index::open_in_dir(dir)
            && index.schema() == schema
        {
            return Ok((Self::from_index(index, fields, writer_budget)?, false));
        }
        // Missing, outdated or unreadable: start over.
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
        let index = Index::builder().schema(schema).settings(settings()).create_in_dir(dir)?;
        std::fs::write(&version_path, SCHEMA_VERSION.to_string())?;
        Ok((Self::from_index(index, fields, writer_budget)?, true))
    }

    /// An index in memory (tests, demo).
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = Fields::schema();
        let index = Index::builder().schema(schema).settings(settings()).create_in_ram()?;
        Self::from_index(index, fields, DEFAULT_WRITER_BUDGET)
    }

    fn from_index(mut index: Index, fields: Fields, writer_budget: usize) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(analysis::DUTCH, analysis::dutch_analyzer());
        // Segments are searched in parallel.
        if search_threads() > 1 {
            index.set_multithread_executor(search_threads())?;
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        // tantivy needs at least 15 MB per indexing thread.
        let threads = threads.min((writer_budget / 15_000_000).max(1));
        let writer = index.writer_with_num_threads(threads, writer_budget.max(15_000_000))?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let position = index.load_metas()?.payload.and_then(|p| p.trim().parse().ok()).unwrap_or(0);
        let facet_cache = FacetCache::default();
        facet_cache.warm(&reader.searcher(), FACET_FIELD);
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(writer),
                fields,
                outbox_position: AtomicI64::new(position),
                facet_cache,
            }),
        })
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.inner.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    /// Adds the docs, replacing earlier versions with the same `(doc_type, id)`. Visible after
    /// [`commit`](Self::commit).
    pub fn upsert(&self, docs: Vec<Doc>) -> Result<(), SearchError> {
        let f = self.inner.fields;
        let writer = self.writer()?;
        for d in docs {
            let k = key(&d.doc_type, d.id);
            writer.delete_term(Term::from_field_text(f.key, &k));
            let mut doc = TantivyDocument::default();
            doc.add_text(f.key, &k);
            doc.add_text(f.doc_type, &d.doc_type);
            doc.add_i64(f.id, d.id);
            doc.add_text(f.werkplaats, &d.werkplaats);
            doc.add_text(f.title, &d.title);
            doc.add_text(f.summary, &d.summary);
            doc.add_text(f.body, &d.body);
            doc.add_text(f.attachments, &d.attachments);
            doc.add_text(f.url, &d.url);
            doc.add_u64(f.date, date_to_u64(d.date));
            let year = d.facets.year.or(d.date.map(|d| d.year()));
            let mut add_facet = |name: &str, value: &str| {
                if !value.is_empty() {
                    doc.add_text(f.facet, facet_value(name, value));
                }
            };
            add_facet("type", &d.doc_type);
            add_facet("werkplaats", &d.werkplaats);
            if let Some(kind) = &d.facets.kind {
                add_facet("kind", kind);
            }
            if let Some(year) = year {
                add_facet("year", &year.to_string());
            }
            for (name, values) in [
                ("theme", &d.facets.themes),
                ("kwestie", &d.facets.kwesties),
                ("organisation", &d.facets.organisations),
                ("four_o", &d.facets.four_os),
                ("audience", &d.facets.audiences),
            ] {
                for v in values {
                    add_facet(name, v);
                }
            }
            for token in &d.acl {
                doc.add_text(f.acl, token);
                if !token.is_empty() {
                    doc.add_text(f.facet, facet_value(ACL_FACET, token));
                }
            }
            writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Removes a doc. Visible after [`commit`](Self::commit).
    pub fn delete(&self, doc_type: &str, id: i64) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.inner.fields.key, &key(doc_type, id)));
        Ok(())
    }

    /// Removes every doc. Visible after [`commit`](Self::commit).
    pub fn clear(&self) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits pending changes with `outbox_position` in the commit payload and reloads the
    /// reader: on return, the changes are searchable.
    pub fn commit(&self, outbox_position: i64) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&outbox_position.to_string());
        prepared.commit()?;
        self.inner.outbox_position.store(outbox_position, Ordering::SeqCst);
        self.reload()
    }

    fn reload(&self) -> Result<(), SearchError> {
        self.inner.reader.reload()?;
        self.inner.facet_cache.warm(&self.searcher(), FACET_FIELD);
        Ok(())
    }

    /// Merges the segments into one per core and waits for it (after a bulk load): a search
    /// runs over the segments in parallel, one thread per core.
    pub fn merge_segments(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut metas = self.inner.index.searchable_segment_metas()?;
        let groups = search_threads();
        if metas.len() > groups {
            // Balance by doc count: largest first, each into the smallest group.
            metas.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
            let mut buckets: Vec<(u64, Vec<tantivy::index::SegmentId>)> = vec![(0, Vec::new()); groups];
            for m in metas {
                if let Some(b) = buckets.iter_mut().min_by_key(|b| b.0) {
                    b.0 += u64::from(m.num_docs());
                    b.1.push(m.id());
                }
            }
            let merges: Vec<_> = buckets.into_iter().filter(|b| b.1.len() > 1).map(|b| writer.merge(&b.1)).collect();
            for m in merges {
                m.wait()?;
            }
        }
        drop(writer);
        self.reload()
    }

    /// The outbox position of the last commit; 0 when none.
    pub fn outbox_position(&self) -> i64 {
        self.inner.outbox_position.load(Ordering::SeqCst)
    }

    /// Committed, searchable docs.
    pub fn doc_count(&self) -> u64 {
        self.searcher().num_docs()
    }

    fn acl_query(&self, acl: &[String]) -> Box<dyn TQuery> {
        let f = self.inner.fields.acl;
        let terms: Vec<(Occur, Box<dyn TQuery>)> = acl
            .iter()
            .map(|t| {
                let q: Box<dyn TQuery> =
                    Box::new(TermQuery::new(Term::from_field_text(f, t), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(terms)), 0.0))
    }

    fn filter_queries(&self, q: &Query) -> Vec<Box<dyn TQuery>> {
        let f = self.inner.fields.facet;
        q.filters()
            .into_iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(name, values)| {
                let terms: Vec<(Occur, Box<dyn TQuery>)> = values
                    .iter()
                    .map(|v| {
                        let t = Term::from_field_text(f, &facet_value(name, v));
                        let q: Box<dyn TQuery> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect();
                let q: Box<dyn TQuery> = Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(terms)), 0.0));
                q
            })
            .collect()
    }

    /// Docs per searchable segment (diagnostics).
    pub fn segment_sizes(&self) -> Vec<u32> {
        self.searcher().segment_readers().iter().map(|r| r.num_docs()).collect()
    }

    /// Searches: top hits of the requested page, the total and all facet counts, in one pass.
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        self.search_profiled(q).map(|(r, _)| r)
    }

    /// [`search`](Self::search), also returning the time spent building the query, collecting
    /// (matching, scoring, facet counts) and making the hits (doc fetch, snippets).
    #[doc(hidden)]
    pub fn search_profiled(&self, q: &Query) -> Result<(Results, [std::time::Duration; 3]), SearchError> {
        let t0 = std::time::Instant::now();
        let searcher = self.searcher();
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let page = q.page.clamp(1, MAX_PAGE);
        let k = per_page * page;
        let text = query::TextQuery::build(&searcher, &self.inner.fields, &q.text);
        if !q.text.trim().is_empty() && text.is_none() {
            // Only stop words or punctuation.
            return Ok((Results::default(), [t0.elapsed(), Default::default(), Default::default()]));
        }
        let t_build = t0.elapsed();
        let by_date = text.is_none() || q.sort == Sort::Date;
        // Access is checked by the collector.
        let collector = FacetTopCollector {
            k,
            by_date,
            date_field: "date",
            facet_field: FACET_FIELD,
            cache: Some(&self.inner.facet_cache),
            acl: Some(&q.acl),
        };
        let run = |text_query: Option<Box<dyn TQuery>>| {
            let mut clauses: Vec<(Occur, Box<dyn TQuery>)> =
                self.filter_queries(q).into_iter().map(|f| (Occur::Must, f)).collect();
            if let Some(t) = text_query {
                clauses.push((Occur::Must, t));
            }
            if clauses.is_empty() {
                return searcher.search(&AllQuery, &collector);
            }
            searcher.search(&BooleanQuery::new(clauses), &collector)
        };
        let (fruit, text_query) = match &text {
            None => (run(None)?, None),
            Some(t) => {
                let mut fruit = run(Some(t.conjunctive()))?;
                let mut used = t.conjunctive();
                if t.groups() > 1 && fruit.total < query::CONJUNCTIVE_MIN_HITS {
                    fruit = run(Some(t.disjunctive()))?;
                    used = t.disjunctive();
                }
                (fruit, Some(used))
            }
        };
        let t_collect = t0.elapsed();
        let shown: Vec<&TopEntry> = fruit.top.iter().skip(per_page * (page - 1)).collect();
        let generators = match (&text_query, shown.is_empty()) {
            (Some(tq), false) => {
                let f = self.inner.fields;
                let mut gens = Vec::new();
                for field in [f.summary, f.body, f.attachments] {
                    let mut g = SnippetGenerator::create(&searcher, tq.as_ref(), field)?;
                    g.set_max_num_chars(SNIPPET_CHARS);
                    gens.push((field, g));
                }
                gens
            }
            _ => Vec::new(),
        };
        let mut hits = Vec::with_capacity(shown.len());
        for e in shown {
            let doc: TantivyDocument = searcher.doc(e.doc)?;
            hits.push(self.hit(&doc, e.score, &generators));
        }
        let t_hits = t0.elapsed();
        Ok((
            Results { total: fruit.total, hits, facets: fruit.facets },
            [t_build, t_collect - t_build, t_hits - t_collect],
        ))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, generators: &[(Field, SnippetGenerator)]) -> Hit {
        let f = self.inner.fields;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let mut snippet = None;
        for (field, g) in generators {
            let t = text(*field);
            if t.is_empty() {
                continue;
            }
            let mut s = g.snippet(&t);
            if !s.highlighted().is_empty() {
                s.set_snippet_prefix_postfix("<mark>", "</mark>");
                snippet = Some(s.to_html());
                break;
            }
        }
        let snippet = snippet.unwrap_or_else(|| html_escape(&truncate_words(&text(f.summary), SNIPPET_CHARS)));
        Hit {
            doc_type: text(f.doc_type),
            id: doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0),
            werkplaats: text(f.werkplaats),
            title: text(f.title),
            snippet,
            url: text(f.url),
            score,
            date: u64_to_date(doc.get_first(f.date).and_then(|v| v.as_u64()).unwrap_or(0)),
        }
    }

    /// More like this: docs similar to `(doc_type, id)` in title, summary and body, across
    /// werkplaatsen, excluding the doc itself, visible to `acl`. `None` when the doc is unknown or
    /// not visible to `acl` (the two are answered alike).
    pub fn related(
        &self,
        doc_type: &str,
        id: i64,
        acl: &[String],
        limit: usize,
    ) -> Result<Option<Vec<Hit>>, SearchError> {
        let searcher = self.searcher();
        let f = self.inner.fields;
        let key_term = Term::from_field_text(f.key, &key(doc_type, id));
        // The source must be visible to the reader too: otherwise the answer would tell which
        // hidden ids exist and, through what it finds, which words a hidden document contains.
        let find = BooleanQuery::new(vec![
            (Occur::Must, Box::new(TermQuery::new(key_term.clone(), IndexRecordOption::Basic)) as Box<dyn TQuery>),
            (Occur::Must, self.acl_query(acl)),
        ]);
        let lookup =
            FacetTopCollector { k: 1, by_date: true, date_field: "date", facet_field: "", cache: None, acl: None };
        let Some(addr) = searcher.search(&find, &lookup)?.top.first().map(|e| e.doc) else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(addr)?;
        let values = |field: Field| -> Vec<OwnedValue> {
            doc.get_all(field).filter_map(|v| v.as_str().map(|s| OwnedValue::Str(s.to_owned()))).collect()
        };
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency((searcher.num_docs() / 4).max(2))
            .with_min_term_frequency(1)
            .with_max_query_terms(25)
            .with_min_word_length(3)
            .with_document_fields(vec![
                (f.title, values(f.title)),
                (f.summary, values(f.summary)),
                (f.body, values(f.body)),
            ]);
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(mlt)),
            (Occur::Must, self.acl_query(acl)),
            (Occur::MustNot, Box::new(TermQuery::new(key_term, IndexRecordOption::Basic))),
        ]);
        let collector = FacetTopCollector {
            k: limit.clamp(1, MAX_PER_PAGE),
            by_date: false,
            date_field: "date",
            facet_field: "",
            cache: None,
            acl: None,
        };
        let fruit = searcher.search(&query, &collector)?;
        let mut hits = Vec::with_capacity(fruit.top.len());
        for e in &fruit.top {
            let doc: TantivyDocument = searcher.doc(e.doc)?;
            hits.push(self.hit(&doc, e.score, &[]));
        }
        Ok(Some(hits))
    }
}

fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// At most `max` bytes of `text`, cut at a word boundary, with "…" when cut.
fn truncate_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", text[..cut].trim_end())
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
