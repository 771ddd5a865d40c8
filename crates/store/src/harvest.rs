//! The OAI-PMH harvester (issue 17): sources, the records harvested from them and the log of
//! runs. Sources belong to the installation, not to one werkplaats; each names the werkplaats it
//! was registered for (its "home"), whose [`Tenant`] carries the records' search documents, so the
//! functions that feed the search index take that tenant.
use crate::{Conn, Result, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SourceRow {
    pub id: i64,
    /// The slug of the werkplaats it was registered for.
    pub werkplaats: String,
    pub url: String,
    /// '' for the whole repository.
    pub set_spec: String,
    pub name: String,
    pub enabled: i64,
    pub created_at: String,
    pub granularity: Option<String>,
    pub last_run_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_success_datestamp: Option<String>,
    pub resume_token: Option<String>,
    pub resume_started: Option<String>,
    pub last_error: Option<String>,
    pub records: i64,
}

const SOURCE_COLUMNS: &str = "s.id, w.slug AS werkplaats, s.url, s.set_spec, s.name, s.enabled, s.created_at,
    s.granularity, s.last_run_at, s.last_success_at, s.last_success_datestamp, s.resume_token, s.resume_started,
    s.last_error, s.records";

pub struct NewSource<'a> {
    pub url: &'a str,
    pub set_spec: &'a str,
    pub name: &'a str,
    pub created_by: Option<i64>,
}

/// Registers a source for `t`; its id. A second source with the same URL and set is a conflict.
pub async fn insert_source(conn: &mut Conn, t: &Tenant, s: &NewSource<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO harvest_sources (werkplaats_id, url, set_spec, name, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.id())
    .bind(s.url)
    .bind(s.set_spec)
    .bind(s.name)
    .bind(now_text())
    .bind(s.created_by)
    .fetch_one(conn)
    .await?)
}

pub async fn sources(conn: &mut Conn) -> Result<Vec<SourceRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SOURCE_COLUMNS} FROM harvest_sources s JOIN werkplaatsen w ON w.id = s.werkplaats_id ORDER BY s.id"
    ))
    .fetch_all(conn)
    .await?)
}

pub async fn source(conn: &mut Conn, id: i64) -> Result<Option<SourceRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SOURCE_COLUMNS} FROM harvest_sources s JOIN werkplaatsen w ON w.id = s.werkplaats_id WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The werkplaats a source was registered for: the tenant of its records' search documents.
pub async fn source_tenant(conn: &mut Conn, source_id: i64) -> Result<Option<Tenant>> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT w.id, w.slug, w.name, w.region FROM harvest_sources s JOIN werkplaatsen w ON w.id = s.werkplaats_id
          WHERE s.id = $1",
    )
    .bind(source_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, slug, name, region)| Tenant { id, slug, name, region }))
}

pub async fn set_granularity(conn: &mut Conn, id: i64, granularity: &str) -> Result<()> {
    sqlx::query("UPDATE harvest_sources SET granularity = $2 WHERE id = $1")
        .bind(id)
        .bind(granularity)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claims source `id` for a run until `until`, unless another run holds it (a claim not yet
/// expired at `now`). Also extends the caller's own claim after each page.
pub async fn claim_run(conn: &mut Conn, id: i64, now: &str, until: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE harvest_sources SET running_until = $3 WHERE id = $1 AND (running_until IS NULL OR running_until < $2)",
    )
    .bind(id)
    .bind(now)
    .bind(until)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Extends the claim of the run that holds source `id` to `until`.
pub async fn extend_claim(conn: &mut Conn, id: i64, until: &str) -> Result<()> {
    sqlx::query("UPDATE harvest_sources SET running_until = $2 WHERE id = $1")
        .bind(id)
        .bind(until)
        .execute(conn)
        .await?;
    Ok(())
}

/// Lets go of source `id` at the end of a run.
pub async fn release_run(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE harvest_sources SET running_until = NULL WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// After a page: where the run goes on (`token`) and the responseDate it started with.
pub async fn save_progress(conn: &mut Conn, id: i64, token: &str, started: &str) -> Result<()> {
    sqlx::query("UPDATE harvest_sources SET resume_token = $2, resume_started = $3 WHERE id = $1")
        .bind(id)
        .bind(token)
        .bind(started)
        .execute(conn)
        .await?;
    Ok(())
}

/// A complete run: the next run asks from `from`.
pub async fn finish_run(conn: &mut Conn, id: i64, from: &str) -> Result<()> {
    let now = now_text();
    sqlx::query(
        "UPDATE harvest_sources SET resume_token = NULL, resume_started = NULL, last_error = NULL,
                last_success_datestamp = $2, last_success_at = $3, last_run_at = $3,
                records = (SELECT COUNT(*) FROM harvested_records r WHERE r.source_id = $1)
          WHERE id = $1",
    )
    .bind(id)
    .bind(from)
    .bind(&now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A failed run: the error (Dutch); `forget_token` when the source refused the token, so the next
/// run starts over from the last complete run.
pub async fn fail_run(conn: &mut Conn, id: i64, error: &str, forget_token: bool) -> Result<()> {
    let sql = if forget_token {
        "UPDATE harvest_sources SET last_error = $2, last_run_at = $3, resume_token = NULL, resume_started = NULL,
                records = (SELECT COUNT(*) FROM harvested_records r WHERE r.source_id = $1) WHERE id = $1"
    } else {
        "UPDATE harvest_sources SET last_error = $2, last_run_at = $3,
                records = (SELECT COUNT(*) FROM harvested_records r WHERE r.source_id = $1) WHERE id = $1"
    };
    sqlx::query(sql).bind(id).bind(error).bind(now_text()).execute(conn).await?;
    Ok(())
}

pub struct RunLog<'a> {
    pub source_id: i64,
    pub started_at: &'a str,
    pub added: i64,
    pub updated: i64,
    pub deleted: i64,
    pub error: Option<&'a str>,
}

pub async fn insert_run(conn: &mut Conn, r: &RunLog<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO harvest_runs (source_id, started_at, finished_at, added, updated, deleted, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.source_id)
    .bind(r.started_at)
    .bind(now_text())
    .bind(r.added)
    .bind(r.updated)
    .bind(r.deleted)
    .bind(r.error)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RunRow {
    pub source_id: i64,
    pub started_at: String,
    pub finished_at: String,
    pub added: i64,
    pub updated: i64,
    pub deleted: i64,
    pub error: Option<String>,
}

/// The last run of every source.
pub async fn last_runs(conn: &mut Conn) -> Result<Vec<RunRow>> {
    Ok(sqlx::query_as(
        "SELECT source_id, started_at, finished_at, added, updated, deleted, error FROM harvest_runs
          WHERE id IN (SELECT MAX(id) FROM harvest_runs GROUP BY source_id)",
    )
    .fetch_all(conn)
    .await?)
}

// ---- records --------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RecordFields {
    pub identifier: String,
    pub datestamp: String,
    pub title: String,
    pub description: String,
    pub creators: String,
    pub subjects: String,
    pub types: String,
    pub date: String,
    pub language: String,
    pub url: String,
}

const RECORD_COLUMNS: &str =
    "identifier, datestamp, title, description, creators, subjects, types, date, language, url";

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Added(i64),
    Updated(i64),
    Unchanged,
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    #[sqlx(flatten)]
    fields: RecordFields,
}

/// Adds or updates the record of `source_id` with this identifier.
pub async fn upsert_record(conn: &mut Conn, source_id: i64, r: &RecordFields) -> Result<Upsert> {
    let existing: Option<Existing> = sqlx::query_as(&format!(
        "SELECT id, {RECORD_COLUMNS} FROM harvested_records WHERE source_id = $1 AND identifier = $2"
    ))
    .bind(source_id)
    .bind(&r.identifier)
    .fetch_optional(&mut *conn)
    .await?;
    let now = now_text();
    match existing {
        Some(Existing { id, fields: old }) => {
            if &old == r {
                return Ok(Upsert::Unchanged);
            }
            sqlx::query(
                "UPDATE harvested_records SET datestamp = $2, title = $3, description = $4, creators = $5,
                        subjects = $6, types = $7, date = $8, language = $9, url = $10, harvested_at = $11
                  WHERE id = $1",
            )
            .bind(id)
            .bind(&r.datestamp)
            .bind(&r.title)
            .bind(&r.description)
            .bind(&r.creators)
            .bind(&r.subjects)
            .bind(&r.types)
            .bind(&r.date)
            .bind(&r.language)
            .bind(&r.url)
            .bind(&now)
            .execute(conn)
            .await?;
            Ok(Upsert::Updated(id))
        }
        None => {
            let id = sqlx::query_scalar(&format!(
                "INSERT INTO harvested_records (source_id, {RECORD_COLUMNS}, harvested_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"
            ))
            .bind(source_id)
            .bind(&r.identifier)
            .bind(&r.datestamp)
            .bind(&r.title)
            .bind(&r.description)
            .bind(&r.creators)
            .bind(&r.subjects)
            .bind(&r.types)
            .bind(&r.date)
            .bind(&r.language)
            .bind(&r.url)
            .bind(&now)
            .fetch_one(conn)
            .await?;
            Ok(Upsert::Added(id))
        }
    }
}

/// Removes the record the source sent a tombstone for; its id when there was one.
pub async fn delete_record(conn: &mut Conn, source_id: i64, identifier: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("DELETE FROM harvested_records WHERE source_id = $1 AND identifier = $2 RETURNING id")
        .bind(source_id)
        .bind(identifier)
        .fetch_optional(conn)
        .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordRow {
    pub id: i64,
    pub source_id: i64,
    pub source_name: String,
    pub identifier: String,
    pub datestamp: String,
    pub title: String,
    pub description: String,
    pub creators: String,
    pub subjects: String,
    pub types: String,
    pub date: String,
    pub language: String,
    pub url: String,
}

/// Every harvested record id of the sources registered for `t` (for a search rebuild).
pub async fn record_ids(conn: &mut Conn, t: &Tenant) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT r.id FROM harvested_records r JOIN harvest_sources s ON s.id = r.source_id
          WHERE s.werkplaats_id = $1 ORDER BY r.id",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// One harvested record of a source registered for `t`.
pub async fn record(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<RecordRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.source_id, s.name AS source_name, r.identifier, r.datestamp, r.title, r.description,
                r.creators, r.subjects, r.types, r.date, r.language, r.url
           FROM harvested_records r JOIN harvest_sources s ON s.id = r.source_id
          WHERE r.id = $1 AND s.werkplaats_id = $2",
    )
    .bind(id)
    .bind(t.id())
    .fetch_optional(conn)
    .await?)
}

/// The source names of harvested records, for search hits: (record id, source name).
pub async fn record_sources(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    Ok(sqlx::query_as(&format!(
        "SELECT r.id, s.name FROM harvested_records r JOIN harvest_sources s ON s.id = r.source_id WHERE r.id IN ({list})"
    ))
    .fetch_all(conn)
    .await?)
}

/// Harvested records per werkplaats the sources were registered for: (slug, count).
pub async fn counts_per_werkplaats(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, COUNT(r.id) FROM harvested_records r JOIN harvest_sources s ON s.id = r.source_id
           JOIN werkplaatsen w ON w.id = s.werkplaats_id GROUP BY w.slug ORDER BY w.slug",
    )
    .fetch_all(conn)
    .await?)
}
