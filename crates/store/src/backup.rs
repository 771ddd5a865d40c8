//! Whole-database reading and writing for backup and restore, engine-neutral: every table the
//! catalog lists (except sqlx's own `_sqlx_migrations`) is read as rows of JSON values, column by
//! name, and written back on either engine. The table list comes from the catalog, not from a
//! list kept by hand, so a new table can never be left out of a backup silently; a column type
//! this module does not know refuses the backup instead of guessing.
//!
//! Consistency: [`Store::begin_snapshot`] opens one read transaction that sees one moment of the
//! database while the server keeps writing (SQLite: a deferred transaction on the WAL database,
//! whose snapshot is fixed at its first read; PostgreSQL: `REPEATABLE READ READ ONLY`).
use crate::{Backend, Conn, Result, Store, StoreError, Tx};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row as _;
use sqlx::migrate::Migrator;
use std::collections::{BTreeMap, BTreeSet};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How a column's values are written in a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// A JSON integer.
    Integer,
    /// A JSON number (written exactly: serde_json round-trips every `f64`).
    Real,
    /// A JSON string, as stored (timestamps are RFC 3339 text on both engines).
    Text,
    /// A JSON string of lower-case hex.
    Blob,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// One table of the database as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Tables this one refers to by foreign key (itself excluded).
    pub refers_to: BTreeSet<String>,
    /// Column types as the engine declares them (for typed NULLs when inserting).
    declared: Vec<String>,
}

/// A row: column name → JSON value.
pub type Row = Map<String, Value>;

fn kind_of(backend: Backend, declared: &str) -> Option<ColumnKind> {
    let t = declared.to_ascii_lowercase();
    match backend {
        // SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1), minus NUMERIC.
        Backend::Sqlite if t.contains("int") => Some(ColumnKind::Integer),
        Backend::Sqlite if t.contains("char") || t.contains("clob") || t.contains("text") => Some(ColumnKind::Text),
        Backend::Sqlite if t.contains("blob") => Some(ColumnKind::Blob),
        Backend::Sqlite if t.contains("real") || t.contains("floa") || t.contains("doub") => Some(ColumnKind::Real),
        Backend::Postgres => match t.as_str() {
            "bigint" | "integer" | "smallint" => Some(ColumnKind::Integer),
            "text" | "character varying" | "character" => Some(ColumnKind::Text),
            "double precision" | "real" => Some(ColumnKind::Real),
            "bytea" => Some(ColumnKind::Blob),
            _ => None,
        },
        _ => None,
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// The newest migration this binary carries: the schema version a backup must match.
    pub fn binary_schema_version(&self) -> i64 {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// Begins the read transaction a backup is taken in: one consistent moment of the database,
    /// without blocking writers (see the module comment).
    pub async fn begin_snapshot(&self) -> Result<Tx<'static>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN DEFERRED").await?,
            Backend::Postgres => self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?,
        })
    }
}

/// The newest migration applied to the database.
pub async fn schema_version(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(conn)
        .await?
        .unwrap_or(0))
}

/// Every table, ordered so that a table comes after the tables it refers to (restore inserts in
/// this order; foreign keys are checked row by row on PostgreSQL).
pub async fn tables(conn: &mut Conn, backend: Backend) -> Result<Vec<Table>> {
    let names: Vec<String> = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                 AND name <> '_sqlx_migrations' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                   AND table_name <> '_sqlx_migrations' ORDER BY 1",
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut all = BTreeMap::new();
    for name in names {
        let (cols, refs): (Vec<(String, String)>, Vec<String>) = match backend {
            Backend::Sqlite => (
                sqlx::query_as("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&name)
                    .fetch_all(&mut *conn)
                    .await?,
                sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
                    .bind(&name)
                    .fetch_all(&mut *conn)
                    .await?,
            ),
            Backend::Postgres => (
                sqlx::query_as(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?,
                sqlx::query_scalar(
                    "SELECT DISTINCT p.relname::text FROM pg_constraint c
                     JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid
                     JOIN pg_namespace n ON n.oid = t.relnamespace
                     WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?,
            ),
        };
        let mut columns = Vec::with_capacity(cols.len());
        for (column, declared) in &cols {
            let kind = kind_of(backend, declared).ok_or_else(|| {
                StoreError::Corrupt(format!("column {name}.{column} has type {declared:?}, which backups do not know"))
            })?;
            columns.push(Column { name: column.clone(), kind });
        }
        let refers_to = refs.into_iter().filter(|r| *r != name).collect();
        let declared = cols.into_iter().map(|(_, d)| d).collect();
        all.insert(name.clone(), Table { name, columns, refers_to, declared });
    }
    // Dependencies first; ties by name, so the order is the same on both engines.
    let mut ordered: Vec<Table> = Vec::with_capacity(all.len());
    let mut placed = BTreeSet::new();
    while !all.is_empty() {
        let ready: Vec<String> = all
            .values()
            .filter(|t| t.refers_to.iter().all(|r| placed.contains(r) || !all.contains_key(r)))
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let left: Vec<&String> = all.keys().collect();
            return Err(StoreError::Corrupt(format!("foreign keys form a circle between {left:?}")));
        }
        for name in ready {
            if let Some(t) = all.remove(&name) {
                placed.insert(name);
                ordered.push(t);
            }
        }
    }
    Ok(ordered)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Every row of `table`, in a deterministic order that does not depend on the engine: by `id`
/// when the table has one, otherwise by the row's JSON text.
pub async fn rows(conn: &mut Conn, table: &Table) -> Result<Vec<Row>> {
    let list: Vec<String> = table.columns.iter().map(|c| quote(&c.name)).collect();
    let sql = format!("SELECT {} FROM {}", list.join(", "), quote(&table.name));
    let fetched = sqlx::query(&sql).fetch_all(conn).await?;
    let mut out = Vec::with_capacity(fetched.len());
    for r in &fetched {
        let mut row = Map::new();
        for (i, c) in table.columns.iter().enumerate() {
            let value = match c.kind {
                ColumnKind::Integer => r.try_get::<Option<i64>, _>(i)?.map(Value::from),
                ColumnKind::Real => r.try_get::<Option<f64>, _>(i)?.map(Value::from),
                ColumnKind::Text => r.try_get::<Option<String>, _>(i)?.map(Value::from),
                ColumnKind::Blob => r.try_get::<Option<Vec<u8>>, _>(i)?.map(|b| Value::from(hex(&b))),
            };
            row.insert(c.name.clone(), value.unwrap_or(Value::Null));
        }
        out.push(row);
    }
    if table.columns.iter().any(|c| c.name == "id" && c.kind == ColumnKind::Integer) {
        out.sort_by_key(|r| r.get("id").and_then(Value::as_i64));
    } else {
        out.sort_by_cached_key(|r| Value::Object(r.clone()).to_string());
    }
    Ok(out)
}

/// Counts the rows of every table; the first table that has any, if one does.
pub async fn first_table_with_rows(conn: &mut Conn, tables: &[Table]) -> Result<Option<String>> {
    for t in tables {
        let found: Option<i64> =
            sqlx::query_scalar(&format!("SELECT 1 FROM {} LIMIT 1", quote(&t.name))).fetch_optional(&mut *conn).await?;
        if found.is_some() {
            return Ok(Some(t.name.clone()));
        }
    }
    Ok(None)
}

/// Inserts `rows` into `table` (rows as [`rows`] reads them, columns by name). Values are bound
/// with the target engine's types; NULL is written as a typed literal (sqlx's `Any` driver binds
/// some typed NULLs wrongly on PostgreSQL, see `nullable_f64`).
pub async fn insert(tx: &mut Tx<'_>, table: &Table, rows: &[Row]) -> Result<()> {
    let names: Vec<String> = table.columns.iter().map(|c| quote(&c.name)).collect();
    // Both engines take at least 32,766 parameters per statement; stay far below.
    let per_batch = (2000 / table.columns.len().max(1)).max(1);
    for batch in rows.chunks(per_batch) {
        let mut sql = format!("INSERT INTO {} ({}) VALUES ", quote(&table.name), names.join(", "));
        let mut n = 0;
        let mut binds: Vec<&Value> = Vec::new();
        for (i, row) in batch.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for (j, (c, declared)) in table.columns.iter().zip(&table.declared).enumerate() {
                if j > 0 {
                    sql.push_str(", ");
                }
                match row.get(&c.name) {
                    None | Some(Value::Null) => sql.push_str(&format!("CAST(NULL AS {declared})")),
                    Some(v) => {
                        n += 1;
                        sql.push_str(&format!("${n}"));
                        binds.push(v);
                    }
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql).persistent(false);
        for (v, c) in binds.iter().zip(bind_columns(table, batch)) {
            let bad = || StoreError::Corrupt(format!("{}.{}: value {v} does not fit the column", table.name, c.name));
            q = match c.kind {
                ColumnKind::Integer => q.bind(v.as_i64().ok_or_else(bad)?),
                ColumnKind::Real => q.bind(v.as_f64().ok_or_else(bad)?),
                ColumnKind::Text => q.bind(v.as_str().ok_or_else(bad)?.to_owned()),
                ColumnKind::Blob => q.bind(v.as_str().and_then(unhex).ok_or_else(bad)?),
            };
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The column of every bound (non-NULL) value of `batch`, in binding order.
fn bind_columns<'a>(table: &'a Table, batch: &'a [Row]) -> impl Iterator<Item = &'a Column> {
    batch.iter().flat_map(move |row| {
        table.columns.iter().filter(move |c| !matches!(row.get(&c.name), None | Some(Value::Null)))
    })
}

/// After rows were inserted with their ids, PostgreSQL's identity sequences still start at 1:
/// moves each past the largest id, so the next insert does not collide. SQLite needs nothing.
pub async fn reset_sequences(tx: &mut Tx<'_>, backend: Backend, tables: &[Table]) -> Result<()> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    for t in tables.iter().filter(|t| t.columns.iter().any(|c| c.name == "id" && c.kind == ColumnKind::Integer)) {
        // NULL (and so a no-op) for an `id` that is not an identity column.
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false)",
            quote(&t.name)
        ))
        .bind(quote(&t.name))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = [0u8, 1, 127, 128, 255];
        assert_eq!(unhex(&hex(&bytes)), Some(bytes.to_vec()));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn declared_types_map_to_kinds_or_are_refused() {
        assert_eq!(kind_of(Backend::Sqlite, "INTEGER"), Some(ColumnKind::Integer));
        assert_eq!(kind_of(Backend::Sqlite, "text"), Some(ColumnKind::Text));
        assert_eq!(kind_of(Backend::Sqlite, "REAL"), Some(ColumnKind::Real));
        assert_eq!(kind_of(Backend::Postgres, "double precision"), Some(ColumnKind::Real));
        assert_eq!(kind_of(Backend::Postgres, "boolean"), None);
        assert_eq!(kind_of(Backend::Sqlite, "NUMERIC"), None);
    }
}
