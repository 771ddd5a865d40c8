//! The OAI-PMH records (issue 17): derived data, like the search index, rebuilt from the live
//! knowledge base by `broedplaats_core::dissemination`. Writes take the werkplaats's [`Tenant`];
//! the lists read across werkplaatsen, since everything in these tables is public by construction
//! (only disseminable items get a record, and a tombstone holds no metadata).
//!
//! Lists are keyset pages in (datestamp, id) order: `datestamp > $a OR (datestamp = $a AND id > $b)`
//! over the index `(datestamp, id)` (or the primary key `(spec, datestamp, record_id)` of a set), so
//! a page deep in a list costs what the first does.
use crate::{Conn, Result, Tenant};

/// A record as stored, with the werkplaats's slug for its identifier.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OaiRecordRow {
    pub id: i64,
    pub werkplaats: String,
    pub item_type: String,
    pub item_id: i64,
    pub datestamp: String,
    pub deleted: i64,
    /// The `oai_dc` metadata fragment; empty for a tombstone (and for header-only lists).
    pub oai_dc: String,
    /// The `oai_openaire` metadata fragment; empty for a tombstone (and for header-only lists).
    pub oai_openaire: String,
}

/// A record's new state, written by the sync.
#[derive(Debug, Clone)]
pub struct OaiRecordWrite<'a> {
    pub item_type: &'a str,
    pub item_id: i64,
    pub datestamp: &'a str,
    pub deleted: bool,
    pub oai_dc: &'a str,
    pub oai_openaire: &'a str,
}

/// Which records a list wants: an optional set, an inclusive datestamp range, and the last
/// (datestamp, id) of the previous page.
#[derive(Debug, Clone, Default)]
pub struct OaiListQuery<'a> {
    pub set: Option<&'a str>,
    pub from: Option<&'a str>,
    pub until: Option<&'a str>,
    pub after: Option<(&'a str, i64)>,
    /// Read the metadata columns too (ListRecords), not only the headers (ListIdentifiers).
    pub with_metadata: bool,
    pub limit: i64,
}

const LOW: &str = "";
const HIGH: &str = "~";

fn columns(with_metadata: bool) -> &'static str {
    if with_metadata {
        "r.id, w.slug AS werkplaats, r.item_type, r.item_id, r.datestamp, r.deleted, r.oai_dc, r.oai_openaire"
    } else {
        "r.id, w.slug AS werkplaats, r.item_type, r.item_id, r.datestamp, r.deleted, '' AS oai_dc, '' AS oai_openaire"
    }
}

/// The record of an item of this werkplaats, tombstone or not.
pub async fn record(conn: &mut Conn, t: &Tenant, item_type: &str, item_id: i64) -> Result<Option<OaiRecordRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {} FROM oai_records r JOIN werkplaatsen w ON w.id = r.werkplaats_id
         WHERE r.werkplaats_id = $1 AND r.item_type = $2 AND r.item_id = $3",
        columns(true)
    ))
    .bind(t.id())
    .bind(item_type)
    .bind(item_id)
    .fetch_optional(conn)
    .await?)
}

/// The item ids of this werkplaats's records that are not tombstones, of one type (for a rebuild:
/// an item deleted while the sync was behind still gets its tombstone).
pub async fn live_item_ids(conn: &mut Conn, t: &Tenant, item_type: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT item_id FROM oai_records WHERE werkplaats_id = $1 AND item_type = $2 AND deleted = 0 ORDER BY item_id",
    )
    .bind(t.id())
    .bind(item_type)
    .fetch_all(conn)
    .await?)
}

/// Inserts or updates the record of an item; its id.
pub async fn upsert_record(conn: &mut Conn, t: &Tenant, w: &OaiRecordWrite<'_>) -> Result<i64> {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM oai_records WHERE werkplaats_id = $1 AND item_type = $2 AND item_id = $3")
            .bind(t.id())
            .bind(w.item_type)
            .bind(w.item_id)
            .fetch_optional(&mut *conn)
            .await?;
    let deleted = i64::from(w.deleted);
    match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE oai_records SET datestamp = $1, deleted = $2, oai_dc = $3, oai_openaire = $4
                 WHERE werkplaats_id = $5 AND id = $6",
            )
            .bind(w.datestamp)
            .bind(deleted)
            .bind(w.oai_dc)
            .bind(w.oai_openaire)
            .bind(t.id())
            .bind(id)
            .execute(conn)
            .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO oai_records (werkplaats_id, item_type, item_id, datestamp, deleted, oai_dc, oai_openaire)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(t.id())
        .bind(w.item_type)
        .bind(w.item_id)
        .bind(w.datestamp)
        .bind(deleted)
        .bind(w.oai_dc)
        .bind(w.oai_openaire)
        .fetch_one(conn)
        .await?),
    }
}

/// Makes the sets of record `id` exactly `specs` (spec, name), all at `datestamp`.
pub async fn replace_sets(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    datestamp: &str,
    specs: &[(String, String)],
) -> Result<()> {
    // The record must be this werkplaats's: the sets table has no werkplaats of its own.
    let owned: Option<i64> = sqlx::query_scalar("SELECT id FROM oai_records WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    if owned.is_none() {
        return Err(crate::StoreError::NotFound);
    }
    sqlx::query("DELETE FROM oai_record_sets WHERE record_id = $1").bind(id).execute(&mut *conn).await?;
    let mut seen: Vec<&str> = Vec::with_capacity(specs.len());
    for (spec, name) in specs {
        if seen.contains(&spec.as_str()) {
            continue;
        }
        seen.push(spec);
        sqlx::query("INSERT INTO oai_record_sets (spec, datestamp, record_id) VALUES ($1, $2, $3)")
            .bind(spec)
            .bind(datestamp)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let known: Option<String> = sqlx::query_scalar("SELECT name FROM oai_sets WHERE spec = $1")
            .bind(spec)
            .fetch_optional(&mut *conn)
            .await?;
        match known {
            Some(n) if &n == name => {}
            Some(_) => {
                sqlx::query("UPDATE oai_sets SET name = $1 WHERE spec = $2")
                    .bind(name)
                    .bind(spec)
                    .execute(&mut *conn)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO oai_sets (spec, name) VALUES ($1, $2)")
                    .bind(spec)
                    .bind(name)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Moves every set row of record `id` to `datestamp` (a tombstone keeps its sets).
pub async fn restamp_sets(conn: &mut Conn, t: &Tenant, id: i64, datestamp: &str) -> Result<()> {
    sqlx::query(
        "UPDATE oai_record_sets SET datestamp = $1
         WHERE record_id = $2 AND record_id IN (SELECT id FROM oai_records WHERE werkplaats_id = $3)",
    )
    .bind(datestamp)
    .bind(id)
    .bind(t.id())
    .execute(conn)
    .await?;
    Ok(())
}

/// The set specs of each of `ids` as (record id, spec), by spec.
pub async fn sets_of(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT record_id, spec FROM oai_record_sets WHERE record_id IN ({list}) ORDER BY record_id, spec"
    ))
    .fetch_all(conn)
    .await?)
}

/// One page of a list, in (datestamp, id) order.
pub async fn list(conn: &mut Conn, q: &OaiListQuery<'_>) -> Result<Vec<OaiRecordRow>> {
    let (after_at, after_id) = q.after.unwrap_or((LOW, 0));
    // The lower bound of the range scan is the later of `from` and the last datestamp sent: with
    // the OR alone, SQLite would scan the index from `from` and filter, a cost growing with depth.
    let from = q.from.unwrap_or(LOW).max(after_at);
    let until = q.until.unwrap_or(HIGH);
    let cols = columns(q.with_metadata);
    match q.set {
        Some(set) => Ok(sqlx::query_as(&format!(
            "SELECT {cols} FROM oai_record_sets s
               JOIN oai_records r ON r.id = s.record_id
               JOIN werkplaatsen w ON w.id = r.werkplaats_id
              WHERE s.spec = $1 AND s.datestamp >= $2 AND s.datestamp <= $3
                AND (s.datestamp > $4 OR (s.datestamp = $4 AND s.record_id > $5))
              ORDER BY s.datestamp, s.record_id LIMIT $6"
        ))
        .bind(set)
        .bind(from)
        .bind(until)
        .bind(after_at)
        .bind(after_id)
        .bind(q.limit)
        .fetch_all(conn)
        .await?),
        None => Ok(sqlx::query_as(&format!(
            "SELECT {cols} FROM oai_records r JOIN werkplaatsen w ON w.id = r.werkplaats_id
              WHERE r.datestamp >= $1 AND r.datestamp <= $2
                AND (r.datestamp > $3 OR (r.datestamp = $3 AND r.id > $4))
              ORDER BY r.datestamp, r.id LIMIT $5"
        ))
        .bind(from)
        .bind(until)
        .bind(after_at)
        .bind(after_id)
        .bind(q.limit)
        .fetch_all(conn)
        .await?),
    }
}

/// How many records a list holds in all (its first page's `completeListSize`).
pub async fn count(conn: &mut Conn, q: &OaiListQuery<'_>) -> Result<i64> {
    let from = q.from.unwrap_or(LOW);
    let until = q.until.unwrap_or(HIGH);
    Ok(match q.set {
        Some(set) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM oai_record_sets WHERE spec = $1 AND datestamp >= $2 AND datestamp <= $3",
            )
            .bind(set)
            .bind(from)
            .bind(until)
            .fetch_one(conn)
            .await?
        }
        None => {
            sqlx::query_scalar("SELECT COUNT(*) FROM oai_records WHERE datestamp >= $1 AND datestamp <= $2")
                .bind(from)
                .bind(until)
                .fetch_one(conn)
                .await?
        }
    })
}

/// The oldest datestamp of any record; `None` when there are none.
pub async fn earliest_datestamp(conn: &mut Conn) -> Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("SELECT MIN(datestamp) FROM oai_records").fetch_one(conn).await?)
}

/// Every set that holds a record (tombstones count), as (spec, name), by spec.
pub async fn sets(conn: &mut Conn) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT s.spec, s.name FROM oai_sets s
          WHERE EXISTS (SELECT 1 FROM oai_record_sets r WHERE r.spec = s.spec) ORDER BY s.spec",
    )
    .fetch_all(conn)
    .await?)
}

/// The last search-outbox id the records reflect (0 before the first sync).
pub async fn sync_position(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT position FROM oai_sync WHERE id = 1").fetch_optional(conn).await?.unwrap_or(0))
}

/// Moves the sync position from `old` to `new`; false when another instance moved it first.
pub async fn advance_sync(conn: &mut Conn, old: i64, new: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE oai_sync SET position = $1 WHERE id = 1 AND position = $2")
        .bind(new)
        .bind(old)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Bulk rows for tests and the benchmark: `n` records of one werkplaats, item ids from
/// `first_item`, datestamps from `stamp(i)`, all in `set` (spec, name). Metadata is `oai_dc`.
pub struct BulkRecords<'a> {
    pub item_type: &'a str,
    pub first_item: i64,
    pub n: i64,
    pub set: (&'a str, &'a str),
    pub oai_dc: &'a str,
    pub oai_openaire: &'a str,
}

/// Inserts [`BulkRecords`] in chunks of multi-row inserts (seconds for a million on SQLite).
pub async fn insert_bulk(
    conn: &mut Conn,
    t: &Tenant,
    b: &BulkRecords<'_>,
    stamp: impl Fn(i64) -> String,
) -> Result<()> {
    const CHUNK: i64 = 500;
    let known: Option<String> = sqlx::query_scalar("SELECT name FROM oai_sets WHERE spec = $1")
        .bind(b.set.0)
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        sqlx::query("INSERT INTO oai_sets (spec, name) VALUES ($1, $2)")
            .bind(b.set.0)
            .bind(b.set.1)
            .execute(&mut *conn)
            .await?;
    }
    let mut i = 0;
    while i < b.n {
        let end = (i + CHUNK).min(b.n);
        let mut sql = String::from(
            "INSERT INTO oai_records (werkplaats_id, item_type, item_id, datestamp, deleted, oai_dc, oai_openaire) VALUES ",
        );
        for k in i..end {
            let j = k - i;
            if j > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("($1, $2, {}, ${}, 0, $3, $4)", b.first_item + k, j + 5));
        }
        sql.push_str(" RETURNING id, datestamp");
        let mut query =
            sqlx::query_as::<_, (i64, String)>(&sql).bind(t.id()).bind(b.item_type).bind(b.oai_dc).bind(b.oai_openaire);
        for k in i..end {
            query = query.bind(stamp(k));
        }
        let rows = query.fetch_all(&mut *conn).await?;
        let mut sql = String::from("INSERT INTO oai_record_sets (spec, datestamp, record_id) VALUES ");
        for (j, (id, _)) in rows.iter().enumerate() {
            if j > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("($1, ${}, {id})", j + 2));
        }
        let mut query = sqlx::query(&sql).bind(b.set.0);
        for (_, d) in &rows {
            query = query.bind(d);
        }
        query.execute(&mut *conn).await?;
        i = end;
    }
    Ok(())
}

/// Locks the sync position for this transaction (the row lock on PostgreSQL, the write lock on
/// SQLite) and reads it: a second instance waits, then sees the position moved.
pub async fn claim_sync(conn: &mut Conn) -> Result<i64> {
    sqlx::query("INSERT INTO oai_sync (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE oai_sync SET position = position WHERE id = 1").execute(&mut *conn).await?;
    sync_position(conn).await
}
