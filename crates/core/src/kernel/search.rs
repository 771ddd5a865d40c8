//! Search: who may find what, keeping the index current, and asking it. What a document of each
//! kind looks like is the business of the capability that owns the kind ([`DocSource`]).
//!
//! The index (`broedplaats_search`) is derived data. Use cases write a row to `search_outbox` in
//! the transaction of every change; [`Core::sync_search`] applies the outbox after the position
//! the index remembers (in its commit payload). Each use case syncs right after its commit, so a
//! change is findable when the request returns; a background loop does the same every
//! half second for changes made by other instances against the same database. When the index is
//! missing, of an older schema, ahead of the database (another database) or behind what the
//! outbox still holds, it is rebuilt from the database.
//!
//! Access is a set of tokens: a document carries the tokens that may see it, a viewer holds
//! theirs, and the index returns only documents that share one. `public`; `wp:<slug>` for
//! everyone with a role in that werkplaats; `mgr:<slug>` for its coordinator and lectoren;
//! `tg:<id>` for the members and the leader of a theme group.
use crate::kernel::BoxFuture;
use crate::kernel::actor::Actor;
use crate::{Core, CoreError, Result};
use broedplaats_domain::Role;
use broedplaats_search::{Doc, Hit, Query, Results, SearchIndex};
use broedplaats_store::knowledge as q;
use broedplaats_store::{Conn, Tenant};
use std::sync::Arc;

/// How long outbox rows are kept: an instance that was down longer rebuilds its index.
const OUTBOX_KEEP_DAYS: i64 = 7;

/// The index of this instance and the lock that keeps two syncs from interleaving.
#[derive(Clone)]
pub struct SearchHandle {
    pub index: SearchIndex,
    sync: Arc<tokio::sync::Mutex<()>>,
    /// Another process (a running server) owns the index: this one (the command line beside it)
    /// only writes the database and its outbox, which that process applies within half a second.
    detached: bool,
}

impl std::fmt::Debug for SearchHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchHandle").field("docs", &self.index.doc_count()).finish()
    }
}

impl SearchHandle {
    pub fn new(index: SearchIndex) -> Self {
        Self { index, sync: Default::default(), detached: false }
    }

    /// Whether another process (a running server) owns the index and applies the outbox.
    pub fn is_detached(&self) -> bool {
        self.detached
    }

    /// A handle for a process that does not own the index (see `detached`): searches in it find
    /// nothing and changes are left to the owner.
    pub fn detached() -> Result<Self, broedplaats_search::SearchError> {
        Ok(Self { index: SearchIndex::in_memory()?, sync: Default::default(), detached: true })
    }
}

fn search_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Internal(format!("search index: {e}"))
}

/// The tokens of a viewer: what they may find.
pub async fn viewer_tokens(conn: &mut Conn, actor: Option<&Actor>) -> Result<Vec<String>> {
    let mut tokens = vec!["public".to_owned()];
    let Some(actor) = actor else { return Ok(tokens) };
    if actor.is_national_partner() {
        tokens.push("national".to_owned());
    }
    for (slug, role) in &actor.roles {
        let wp = format!("wp:{slug}");
        if !tokens.contains(&wp) {
            tokens.push(wp);
        }
        if matches!(role, Role::ProgrammeCoordinator | Role::Lector) {
            let mgr = format!("mgr:{slug}");
            if !tokens.contains(&mgr) {
                tokens.push(mgr);
            }
        }
    }
    for group in q::theme_groups_of_account(conn, actor.account_id).await? {
        tokens.push(format!("tg:{group}"));
    }
    Ok(tokens)
}

/// Whether a viewer with these tokens may see a document with `acl`.
pub fn allowed(tokens: &[String], acl: &[String]) -> bool {
    acl.iter().any(|a| tokens.contains(a))
}

/// Whether `actor` may see something of `tenant` with this access list (the same rule as search).
pub async fn may_see(conn: &mut Conn, actor: Option<&Actor>, acl: &[String]) -> Result<bool> {
    if acl.iter().any(|a| a == "public") {
        return Ok(true);
    }
    Ok(allowed(&viewer_tokens(conn, actor).await?, acl))
}

/// Markdown to plain text for the index: the words without the markup.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A kind of document in the index, provided by the capability that owns it and registered in
/// the composition root (`crate::SEARCH_SOURCES`). The kernel keeps the index current without
/// knowing any kind.
pub struct DocSource {
    /// The document type, e.g. `knowledge_product`; the `type` of a search hit.
    pub doc_type: &'static str,
    /// Every id of this kind in a werkplaats, for a rebuild (also those not to be indexed).
    pub ids: DocIds,
    /// The document as it is now, or `None` when it should not be in the index (deleted, not
    /// published, consent withdrawn).
    pub build: BuildDoc,
}

/// Derived data fed by the outbox besides the index (registered in `crate::DERIVED_SYNCS`): brings
/// it up to date, returning how much changed. Works on the database alone.
pub type DerivedSync = for<'a> fn(&'a Core) -> BoxFuture<'a, Result<usize>>;

/// Runs every derived sync, logging (not returning) failures: the background loop retries.
async fn sync_derived(core: &Core) {
    for sync in crate::DERIVED_SYNCS {
        if let Err(e) = sync(core).await {
            tracing::warn!(error = %e, "derived data not updated now; the background sync retries");
        }
    }
}

/// Lists the ids of one kind of document in a werkplaats.
pub type DocIds = for<'a> fn(&'a mut Conn, &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>>;
/// Builds one document as it is now.
pub type BuildDoc = for<'a> fn(&'a mut Conn, &'a Tenant, i64) -> BoxFuture<'a, Result<Option<Doc>>>;

/// The document for `(doc_type, id)` as it is now, or `None` when it should not be in the index.
pub async fn build_doc(conn: &mut Conn, tenant: &Tenant, doc_type: &str, id: i64) -> Result<Option<Doc>> {
    let Some(source) = crate::SEARCH_SOURCES.iter().find(|s| s.doc_type == doc_type) else { return Ok(None) };
    let Some(mut doc) = (source.build)(conn, tenant, id).await? else { return Ok(None) };
    // Themes and kwesties are words too: "armoede" finds what is tagged "Armoede en schulden".
    // They go with the attachments, the least weighted text.
    let tags: Vec<&str> = doc.facets.themes.iter().chain(&doc.facets.kwesties).map(String::as_str).collect();
    if !tags.is_empty() {
        if !doc.attachments.is_empty() {
            doc.attachments.push('\n');
        }
        doc.attachments.push_str(&tags.join("\n"));
    }
    Ok(Some(doc))
}

/// What the search page and the API ask.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub werkplaats: Vec<String>,
    pub doc_type: Vec<String>,
    pub kind: Vec<String>,
    pub theme: Vec<String>,
    pub kwestie: Vec<String>,
    pub year: Vec<i32>,
    pub organisation: Vec<String>,
    pub four_o: Vec<String>,
    pub audience: Vec<String>,
    pub sort_by_date: bool,
    pub page: usize,
    pub per_page: usize,
}

/// The facets a search can be filtered on, by their names in [`Results::facets`].
const FILTERED_FACETS: [&str; 9] =
    ["type", "werkplaats", "kind", "theme", "kwestie", "year", "organisation", "four_o", "audience"];

/// Removes the filter on `facet`; whether there was one.
fn clear_filter(q: &mut Query, facet: &str) -> bool {
    match facet {
        "type" => !std::mem::take(&mut q.doc_type).is_empty(),
        "werkplaats" => !std::mem::take(&mut q.werkplaats).is_empty(),
        "kind" => !std::mem::take(&mut q.kind).is_empty(),
        "theme" => !std::mem::take(&mut q.theme).is_empty(),
        "kwestie" => !std::mem::take(&mut q.kwestie).is_empty(),
        "year" => !std::mem::take(&mut q.year).is_empty(),
        "organisation" => !std::mem::take(&mut q.organisation).is_empty(),
        "four_o" => !std::mem::take(&mut q.four_o).is_empty(),
        "audience" => !std::mem::take(&mut q.audience).is_empty(),
        _ => false,
    }
}

/// Hits per page unless asked otherwise, and the most a page may hold.
pub const PER_PAGE: usize = 10;
pub const MAX_PER_PAGE: usize = 50;
/// Deepest page: nobody reads page 1,000, and deep pages cost.
pub const MAX_PAGE: usize = 100;

impl Core {
    /// Searches what `actor` may see.
    pub async fn search(&self, actor: Option<&Actor>, r: SearchRequest) -> Result<Results> {
        let acl = {
            let mut conn = self.store.conn().await?;
            viewer_tokens(&mut conn, actor).await?
        };
        let mut query = Query::new(r.q.chars().take(500).collect::<String>(), acl);
        query.werkplaats = r.werkplaats;
        query.doc_type = r.doc_type;
        query.kind = r.kind;
        query.theme = r.theme;
        query.kwestie = r.kwestie;
        query.year = r.year;
        query.organisation = r.organisation;
        query.four_o = r.four_o;
        query.audience = r.audience;
        query.sort = if r.sort_by_date { broedplaats_search::Sort::Date } else { broedplaats_search::Sort::Relevance };
        query.page = r.page.clamp(1, MAX_PAGE);
        query.per_page = if r.per_page == 0 { PER_PAGE } else { r.per_page.min(MAX_PER_PAGE) };
        let index = self.search.index.clone();
        tokio::task::spawn_blocking(move || -> Result<Results, broedplaats_search::SearchError> {
            let mut results = index.search(&query)?;
            // A facet with a filter counts as if its own filter were not set, so its other
            // values keep their counts and can be added ("werkvorm or methodiek").
            for facet in FILTERED_FACETS {
                let mut wider = query.clone();
                if !clear_filter(&mut wider, facet) {
                    continue;
                }
                wider.page = 1;
                wider.per_page = 1;
                let counts = index.search(&wider)?.facets.remove(facet).unwrap_or_default();
                results.facets.insert(facet.to_owned(), counts);
            }
            Ok(results)
        })
        .await
        .map_err(search_error)?
        .map_err(search_error)
    }

    /// "Gerelateerd": items like this one, from every werkplaats, that `actor` may see. `NotFound`
    /// when the item is not in the index or `actor` may not see it (answered alike, so the answer
    /// reveals nothing about hidden items).
    pub async fn related(&self, actor: Option<&Actor>, doc_type: &str, id: i64) -> Result<Vec<Hit>> {
        self.related_up_to(actor, doc_type, id, 5).await
    }

    /// [`Core::related`] with up to `limit` items.
    pub async fn related_up_to(
        &self,
        actor: Option<&Actor>,
        doc_type: &str,
        id: i64,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let acl = {
            let mut conn = self.store.conn().await?;
            viewer_tokens(&mut conn, actor).await?
        };
        let index = self.search.index.clone();
        let doc_type = doc_type.to_owned();
        tokio::task::spawn_blocking(move || index.related(&doc_type, id, &acl, limit))
            .await
            .map_err(search_error)?
            .map_err(search_error)?
            .ok_or(CoreError::NotFound)
    }

    /// Brings the index up to date with the outbox. Cheap when nothing changed (one query).
    pub async fn sync_search(&self) -> Result<usize> {
        let _guard = self.search.sync.lock().await;
        let mut conn = self.store.conn().await?;
        let mut position = self.search.index.outbox_position();
        let (head, tail) = (q::outbox_head(&mut conn).await?, q::outbox_tail(&mut conn).await?);
        if position > head || (tail > 0 && position + 1 < tail) {
            drop(conn);
            drop(_guard);
            tracing::warn!(position, head, tail, "search index does not match the outbox; rebuilding");
            return self.rebuild_search(|_, _| {}).await.map(|n| n as usize);
        }
        let mut applied = 0;
        loop {
            let rows = q::outbox_after(&mut conn, position, 500).await?;
            let Some(last) = rows.last().map(|r| r.id) else { break };
            let mut seen = std::collections::HashSet::new();
            let mut docs = Vec::new();
            let mut gone = Vec::new();
            for row in rows {
                if !seen.insert((row.werkplaats.clone(), row.doc_type.clone(), row.doc_id)) {
                    continue;
                }
                let tenant = broedplaats_store::werkplaats::tenant(&mut conn, &row.werkplaats).await?;
                let doc = match &tenant {
                    Some(t) => build_doc(&mut conn, t, &row.doc_type, row.doc_id).await?,
                    None => None,
                };
                match doc {
                    Some(d) => docs.push(d),
                    None => gone.push((row.doc_type, row.doc_id)),
                }
            }
            applied += docs.len() + gone.len();
            let index = self.search.index.clone();
            tokio::task::spawn_blocking(move || -> Result<(), broedplaats_search::SearchError> {
                for (doc_type, id) in gone {
                    index.delete(&doc_type, id)?;
                }
                index.upsert(docs)?;
                index.commit(last)
            })
            .await
            .map_err(search_error)?
            .map_err(search_error)?;
            position = last;
        }
        Ok(applied)
    }

    /// Rebuilds the index from the database: every document of every werkplaats. `progress` gets
    /// (items read, items to read) as it goes; returns how many documents the index holds (drafts
    /// and withdrawn stories are read but not indexed).
    pub async fn rebuild_search(&self, progress: impl Fn(u64, u64)) -> Result<u64> {
        let _guard = self.search.sync.lock().await;
        let mut conn = self.store.conn().await?;
        let head = q::outbox_head(&mut conn).await?;
        let mut work = Vec::new();
        for w in broedplaats_store::werkplaats::list(&mut conn).await? {
            let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
            for source in crate::SEARCH_SOURCES {
                let ids = (source.ids)(&mut conn, &tenant).await?;
                work.extend(ids.into_iter().map(|id| (tenant.clone(), source.doc_type, id)));
            }
        }
        let total = work.len() as u64;
        let index = self.search.index.clone();
        {
            let index = index.clone();
            tokio::task::spawn_blocking(move || index.clear()).await.map_err(search_error)?.map_err(search_error)?;
        }
        let (mut done, mut indexed) = (0, 0);
        for chunk in work.chunks(500) {
            let mut docs = Vec::with_capacity(chunk.len());
            for (tenant, doc_type, id) in chunk {
                if let Some(doc) = build_doc(&mut conn, tenant, doc_type, *id).await? {
                    docs.push(doc);
                }
            }
            done += chunk.len() as u64;
            indexed += docs.len() as u64;
            let index = index.clone();
            tokio::task::spawn_blocking(move || index.upsert(docs))
                .await
                .map_err(search_error)?
                .map_err(search_error)?;
            progress(done, total);
        }
        tokio::task::spawn_blocking(move || index.commit(head)).await.map_err(search_error)?.map_err(search_error)?;
        progress(total, total);
        Ok(indexed)
    }

    /// Keeps the index current until `shutdown`: applies the outbox every half second (changes
    /// of other instances; this instance's own changes are applied as they are made) and prunes
    /// outbox rows older than a week once an hour.
    pub async fn run_search_sync(self, shutdown: impl std::future::Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        let mut ticks: u64 = 0;
        // Rebuilds asked for before this start are in the index this instance opened or built.
        let mut rebuilt_upto = match self.store.conn().await {
            Ok(mut conn) => q::latest_search_rebuild(&mut conn).await.unwrap_or(0),
            Err(_) => 0,
        };
        loop {
            if let Err(e) = self.sync_search().await {
                tracing::error!(error = %e, "search index sync failed");
            }
            sync_derived(&self).await;
            match self.rebuild_if_asked(rebuilt_upto).await {
                Ok(upto) => rebuilt_upto = upto,
                Err(e) => tracing::error!(error = %e, "asked search index rebuild failed"),
            }
            if ticks.is_multiple_of(7200) {
                let before = crate::kernel::time::stored(chrono::Utc::now() - chrono::Duration::days(OUTBOX_KEEP_DAYS));
                match self.store.conn().await {
                    Ok(mut conn) => {
                        if let Err(e) = q::outbox_prune(&mut conn, &before).await {
                            tracing::warn!(error = %e, "could not prune the search outbox");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "could not prune the search outbox"),
                }
            }
            ticks += 1;
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            }
        }
    }

    /// Asks every running instance (through the database) to rebuild its index, for
    /// `admin reindex` beside a running server; the request's id for [`Core::search_rebuild_done`].
    pub async fn request_search_rebuild(&self) -> Result<i64> {
        let mut conn = self.store.conn().await?;
        Ok(q::request_search_rebuild(&mut conn).await?)
    }

    /// Whether an instance has finished the rebuild asked for by `request`.
    pub async fn search_rebuild_done(&self, request: i64) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        Ok(q::search_rebuild_done(&mut conn, request).await?)
    }

    /// Rebuilds when a request newer than `done` is waiting; the newest request handled. The old
    /// index answers searches until the rebuilt one is committed.
    async fn rebuild_if_asked(&self, done: i64) -> Result<i64> {
        let latest = {
            let mut conn = self.store.conn().await?;
            q::latest_search_rebuild(&mut conn).await?
        };
        if latest <= done {
            return Ok(done);
        }
        let n = self.rebuild_search(|_, _| {}).await?;
        let mut conn = self.store.conn().await?;
        q::finish_search_rebuilds(&mut conn, latest).await?;
        tracing::info!(documents = n, "search index rebuilt on request");
        Ok(latest)
    }

    /// After a committed change: make it findable now. A failure leaves the change for the
    /// background sync and is logged, not reported to the person who saved.
    pub(crate) async fn index_now(&self) {
        sync_derived(self).await;
        if self.search.detached {
            return;
        }
        if let Err(e) = self.sync_search().await {
            tracing::warn!(error = %e, "search index not updated now; the background sync retries");
        }
    }
}
