//! The SQL baselines of the search benchmark: PostgreSQL full-text search (`dutch`) and SQLite
//! FTS5, each loaded with the same items and asked the same complete question as Broedplaats.
use super::{Answer, BenchItem, BoxError, VIEWER_ACL};
use sqlx::{Connection, Executor, PgConnection, Row, SqliteConnection};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};
pub(super) fn pg_escape_copy(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// A text[] literal for COPY text format.
pub(super) fn pg_array(values: &[String], out: &mut String) {
    out.push('{');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in v.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push('}');
}

pub(super) struct Postgres {
    url: String,
    db: String,
}

pub(super) const PG_FACETS: &str = "WITH m AS MATERIALIZED (
      SELECT kind, werkplaats, year, themes, kwesties, audience, four_os FROM items
      WHERE tsv @@ websearch_to_tsquery('dutch', $1) AND acl = ANY($2))
    SELECT 'total', NULL, count(*) FROM m
    UNION ALL SELECT 'kind', kind, count(*) FROM m GROUP BY kind
    UNION ALL SELECT 'werkplaats', werkplaats, count(*) FROM m GROUP BY werkplaats
    UNION ALL SELECT 'year', year::text, count(*) FROM m GROUP BY year
    UNION ALL SELECT 'theme', v, count(*) FROM m, unnest(themes) v GROUP BY v
    UNION ALL SELECT 'kwestie', v, count(*) FROM m, unnest(kwesties) v GROUP BY v
    UNION ALL SELECT 'audience', v, count(*) FROM m, unnest(audience) v GROUP BY v
    UNION ALL SELECT 'four_o', v, count(*) FROM m, unnest(four_os) v GROUP BY v";
pub(super) const PG_TOP: &str = "SELECT id, ts_rank_cd(tsv, q) AS r FROM items, websearch_to_tsquery('dutch', $1) q
    WHERE tsv @@ q AND acl = ANY($2) ORDER BY r DESC, id LIMIT 10";
pub(super) const PG_HEADLINE: &str = "SELECT id, title, ts_headline('dutch', body, websearch_to_tsquery('dutch', $1),
    'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15') FROM items WHERE id = ANY($2)";

impl Postgres {
    pub(super) async fn build(base: &str, name: &str, items: &[BenchItem]) -> Result<Postgres, BoxError> {
        let mut admin = PgConnection::connect(base).await?;
        admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await?;
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
        admin.close().await?;
        let url = format!("{}{name}", base.trim_end_matches('/').to_owned() + "/");
        let mut c = PgConnection::connect(&url).await?;
        c.execute(
            "CREATE TABLE items (id bigint PRIMARY KEY, kind text NOT NULL, werkplaats text NOT NULL,
               year int NOT NULL, acl text NOT NULL, themes text[] NOT NULL, kwesties text[] NOT NULL,
               audience text[] NOT NULL, four_os text[] NOT NULL,
               title text NOT NULL, summary text NOT NULL, body text NOT NULL,
               tsv tsvector GENERATED ALWAYS AS (
                 setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', summary), 'B')
                 || setweight(to_tsvector('dutch', body), 'C')) STORED)",
        )
        .await?;
        for chunk in items.chunks(20_000) {
            let mut buf = String::with_capacity(chunk.len() * 1200);
            for b in chunk {
                let i = &b.item;
                let _ = write!(buf, "{}\t", b.id);
                for s in [&i.kind, &i.werkplaats] {
                    pg_escape_copy(s, &mut buf);
                    buf.push('\t');
                }
                let _ = write!(buf, "{}\t", i.year);
                pg_escape_copy(&b.acl, &mut buf);
                buf.push('\t');
                for a in [&i.themes, &i.kwesties, &i.audience, &i.four_os] {
                    let mut arr = String::new();
                    pg_array(a, &mut arr);
                    pg_escape_copy(&arr, &mut buf);
                    buf.push('\t');
                }
                pg_escape_copy(&i.title, &mut buf);
                buf.push('\t');
                pg_escape_copy(&i.summary, &mut buf);
                buf.push('\t');
                pg_escape_copy(&i.body, &mut buf);
                buf.push('\n');
            }
            let mut copy = c
                .copy_in_raw(
                    "COPY items (id, kind, werkplaats, year, acl, themes, kwesties, audience, four_os, title, summary, body) FROM STDIN",
                )
                .await?;
            copy.send(buf.into_bytes()).await?;
            copy.finish().await?;
        }
        c.execute("SET maintenance_work_mem = '1GB'").await?;
        c.execute("CREATE INDEX items_tsv ON items USING gin (tsv)").await?;
        c.execute("VACUUM ANALYZE items").await?;
        c.close().await?;
        Ok(Postgres { url, db: name.to_owned() })
    }

    pub(super) async fn connect(&self) -> Result<PgConnection, BoxError> {
        Ok(PgConnection::connect(&self.url).await?)
    }

    pub(super) async fn query(c: &mut PgConnection, text: &str) -> Result<Answer, BoxError> {
        let acl: Vec<String> = VIEWER_ACL.iter().map(|s| (*s).to_owned()).collect();
        let top = sqlx::query(PG_TOP).bind(text).bind(&acl).fetch_all(&mut *c).await?;
        let ids: Vec<i64> = top.iter().map(|r| r.get::<i64, _>(0)).collect();
        let heads = sqlx::query(PG_HEADLINE).bind(text).bind(&ids).fetch_all(&mut *c).await?;
        let facets = sqlx::query(PG_FACETS).bind(text).bind(&acl).fetch_all(&mut *c).await?;
        let total = facets.first().map_or(0, |r| r.get::<i64, _>(2));
        Ok(Answer {
            ids,
            total: u64::try_from(total)?,
            facet_values: facets.len().saturating_sub(1),
            snippets: heads.len(),
        })
    }

    pub(super) async fn disk_bytes(&self) -> Result<u64, BoxError> {
        let mut c = self.connect().await?;
        let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(&mut c).await?;
        Ok(u64::try_from(size)?)
    }

    pub(super) async fn save_to_findable(&self) -> Result<Duration, BoxError> {
        let mut c = self.connect().await?;
        let start = Instant::now();
        sqlx::query(
            "INSERT INTO items (id, kind, werkplaats, year, acl, themes, kwesties, audience, four_os, title, summary, body)
             VALUES (999999999, 'advies', 'zhz', 2025, 'public', '{}', '{}', '{}', '{}', 'Nieuw stuk over zzbenchwoord', '', '')",
        )
        .execute(&mut c)
        .await?;
        loop {
            if Self::query(&mut c, "zzbenchwoord").await?.total > 0 {
                return Ok(start.elapsed());
            }
        }
    }

    pub(super) async fn drop(self, base: &str) -> Result<(), BoxError> {
        let mut admin = PgConnection::connect(base).await?;
        admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db).as_str()).await?;
        Ok(())
    }
}

pub(super) struct Sqlite {
    path: std::path::PathBuf,
}

pub(super) const SQLITE_TOP: &str =
    "SELECT f.rowid, snippet(fts, 2, '<mark>', '</mark>', '…', 24), bm25(fts, 3.0, 2.0, 1.0) AS r
    FROM fts f JOIN items i ON i.id = f.rowid WHERE fts MATCH ?1 AND i.acl IN (?2, ?3) ORDER BY r, f.rowid LIMIT 10";
pub(super) const SQLITE_FACETS: &str = "WITH m AS MATERIALIZED (
      SELECT i.kind, i.werkplaats, i.year, i.themes, i.kwesties, i.audience, i.four_os
      FROM fts f JOIN items i ON i.id = f.rowid WHERE fts MATCH ?1 AND i.acl IN (?2, ?3))
    SELECT 'total', NULL, count(*) FROM m
    UNION ALL SELECT 'kind', kind, count(*) FROM m GROUP BY kind
    UNION ALL SELECT 'werkplaats', werkplaats, count(*) FROM m GROUP BY werkplaats
    UNION ALL SELECT 'year', year, count(*) FROM m GROUP BY year
    UNION ALL SELECT 'theme', j.value, count(*) FROM m, json_each(m.themes) j GROUP BY j.value
    UNION ALL SELECT 'kwestie', j.value, count(*) FROM m, json_each(m.kwesties) j GROUP BY j.value
    UNION ALL SELECT 'audience', j.value, count(*) FROM m, json_each(m.audience) j GROUP BY j.value
    UNION ALL SELECT 'four_o', j.value, count(*) FROM m, json_each(m.four_os) j GROUP BY j.value";

/// FTS5 query: every word quoted (implicit AND), nothing else.
pub(super) fn fts5_query(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
    if words.is_empty() { "\"\"".to_owned() } else { words.join(" ") }
}

impl Sqlite {
    pub(super) async fn build(path: &Path, items: &[BenchItem]) -> Result<Sqlite, BoxError> {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut c = SqliteConnection::connect(&url).await?;
        c.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL").await?;
        c.execute(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, kind TEXT, werkplaats TEXT, year INTEGER, acl TEXT,
               themes TEXT, kwesties TEXT, audience TEXT, four_os TEXT);
             CREATE VIRTUAL TABLE fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 2');",
        )
        .await?;
        for chunk in items.chunks(5_000) {
            let mut tx = c.begin().await?;
            for rows in chunk.chunks(100) {
                let mut qb = sqlx::QueryBuilder::new(
                    "INSERT INTO items (id, kind, werkplaats, year, acl, themes, kwesties, audience, four_os) ",
                );
                qb.push_values(rows, |mut r, b| {
                    let i = &b.item;
                    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_default();
                    r.push_bind(b.id)
                        .push_bind(i.kind.clone())
                        .push_bind(i.werkplaats.clone())
                        .push_bind(i64::from(i.year))
                        .push_bind(b.acl.clone())
                        .push_bind(json(&i.themes))
                        .push_bind(json(&i.kwesties))
                        .push_bind(json(&i.audience))
                        .push_bind(json(&i.four_os));
                });
                qb.build().execute(&mut *tx).await?;
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO fts (rowid, title, summary, body) ");
                qb.push_values(rows, |mut r, b| {
                    r.push_bind(b.id)
                        .push_bind(b.item.title.clone())
                        .push_bind(b.item.summary.clone())
                        .push_bind(b.item.body.clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        c.execute("INSERT INTO fts(fts) VALUES ('optimize'); PRAGMA wal_checkpoint(TRUNCATE)").await?;
        c.close().await?;
        Ok(Sqlite { path: path.to_owned() })
    }

    pub(super) async fn connect(&self) -> Result<SqliteConnection, BoxError> {
        Ok(SqliteConnection::connect(&format!("sqlite://{}", self.path.display())).await?)
    }

    pub(super) async fn query(c: &mut SqliteConnection, text: &str) -> Result<Answer, BoxError> {
        let q = fts5_query(text);
        let top = sqlx::query(SQLITE_TOP).bind(&q).bind(VIEWER_ACL[0]).bind(VIEWER_ACL[1]).fetch_all(&mut *c).await?;
        let facets =
            sqlx::query(SQLITE_FACETS).bind(&q).bind(VIEWER_ACL[0]).bind(VIEWER_ACL[1]).fetch_all(&mut *c).await?;
        let total = facets.first().map_or(0, |r| r.get::<i64, _>(2));
        Ok(Answer {
            ids: top.iter().map(|r| r.get::<i64, _>(0)).collect(),
            total: u64::try_from(total)?,
            facet_values: facets.len().saturating_sub(1),
            snippets: top.len(),
        })
    }

    pub(super) fn disk_bytes(&self) -> u64 {
        let mut total = 0;
        for suffix in ["", "-wal", "-shm"] {
            let p = format!("{}{suffix}", self.path.display());
            total += std::fs::metadata(p).map_or(0, |m| m.len());
        }
        total
    }

    pub(super) async fn save_to_findable(&self) -> Result<Duration, BoxError> {
        let mut c = self.connect().await?;
        let start = Instant::now();
        let mut tx = c.begin().await?;
        sqlx::query(
            "INSERT INTO items (id, kind, werkplaats, year, acl, themes, kwesties, audience, four_os)
             VALUES (999999999, 'advies', 'zhz', 2025, 'public', '[]', '[]', '[]', '[]')",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO fts (rowid, title, summary, body) VALUES (999999999, 'Nieuw stuk over zzbenchwoord', '', '')",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        loop {
            if Self::query(&mut c, "zzbenchwoord").await?.total > 0 {
                return Ok(start.elapsed());
            }
        }
    }
}

/// A SQL baseline, measured the same way for PostgreSQL and SQLite.
pub(super) trait SqlEngine: Sync {
    type Conn: Send + 'static;
    fn open(&self) -> impl Future<Output = Result<Self::Conn, BoxError>> + Send;
    fn ask(c: &mut Self::Conn, text: &str) -> impl Future<Output = Result<Answer, BoxError>> + Send;
}

impl SqlEngine for Postgres {
    type Conn = PgConnection;
    fn open(&self) -> impl Future<Output = Result<PgConnection, BoxError>> + Send {
        self.connect()
    }
    fn ask(c: &mut PgConnection, text: &str) -> impl Future<Output = Result<Answer, BoxError>> + Send {
        Postgres::query(c, text)
    }
}

impl SqlEngine for Sqlite {
    type Conn = SqliteConnection;
    fn open(&self) -> impl Future<Output = Result<SqliteConnection, BoxError>> + Send {
        self.connect()
    }
    fn ask(c: &mut SqliteConnection, text: &str) -> impl Future<Output = Result<Answer, BoxError>> + Send {
        Sqlite::query(c, text)
    }
}
