//! The only place with SQL. One set of queries serves SQLite and PostgreSQL through sqlx's `Any`
//! driver: queries use `$n` placeholders (both engines accept them) and portable SQL only; the
//! schema has one migration directory per engine, kept column-for-column in step.
//!
//! Tenant isolation is structural: every query on werkplaats data takes a [`Tenant`], which can
//! only be obtained from this crate by looking a werkplaats up. No function takes a bare id for
//! tenant data without its tenant.

pub mod accounts;
pub mod activities;
pub mod agenda;
pub mod association;
pub mod backup;
pub mod cocreation;
pub mod collections;
pub mod crosslinks;
pub mod education;
pub mod feeds;
pub mod following;
pub mod grants;
pub mod harvest;
pub mod jobs;
pub mod knowledge;
pub mod lemniscate;
pub mod mine;
pub mod oai;
pub mod organisation;
pub mod privacy;
pub mod werkplaats;

pub use accounts::{AccountRow, AuthRow, PersonRow};
pub use agenda::{AgendaRow, CrossCuttingRow, NewVersion, ProjectOptionRow, ThemeFields, ThemeRow, VersionRow};
pub use werkplaats::{NewWerkplaats, WerkplaatsRow};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

pub type Conn = AnyConnection;
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; carries the constraint name so callers can name the field.
    #[error("conflict on {0}")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
                // PostgreSQL reports the constraint name; SQLite reports "table.column".
                let name = db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned());
                StoreError::Conflict(name)
            }
            _ => StoreError::Database(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A werkplaats, looked up. The only key to tenant data; its id is private to this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    id: i64,
    pub slug: String,
    pub name: String,
    pub region: String,
}

impl Tenant {
    /// A stable number for logs and metrics; not usable to query.
    pub fn log_id(&self) -> i64 {
        self.id
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). SQLite files are created when missing,
    /// run in WAL mode with `synchronous=FULL` (an acknowledged write survives power loss, at a
    /// small cost that our write volume never notices) and enforce foreign keys.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            )));
        };
        let options = AnyConnectOptions::from_str(url)?;
        let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        pool = match backend {
            Backend::Sqlite => pool.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    // Deleted and overwritten content is zeroed, not left in free pages (erasure).
                    conn.execute("PRAGMA secure_delete = ON").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => pool.max_connections(16),
        };
        if backend == Backend::Sqlite {
            // WAL is a property of the database file; set it once on a dedicated connection.
            let mut c = AnyConnection::connect_with(&options).await?;
            c.execute("PRAGMA journal_mode = WAL").await?;
            c.close().await?;
        }
        let pool = pool.connect_with(options).await?;
        Ok(Self { pool, backend })
    }

    /// On SQLite, writes the write-ahead log back into the database file and truncates it, so
    /// that overwritten personal data does not linger there (after erasure and withdrawal of
    /// consent). A failure is logged: the data is already gone from the database itself.
    pub async fn checkpoint(&self) {
        if self.backend == Backend::Sqlite
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await
        {
            tracing::warn!(error = %e, "WAL checkpoint after erasure failed");
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    /// Begins a write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`):
    /// a deferred transaction that reads first and writes later can fail with "database is
    /// locked" when another writer got in between, which `busy_timeout` does not cure.
    pub async fn begin(&self) -> Result<Tx<'static>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Readiness: the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// sqlx 0.8's `Any` driver binds a NULL `f64` as `float4` (its Real/Double arms are swapped), after
/// which PostgreSQL's cached statement refuses a real `f64` ("incorrect binary data format"). So a
/// nullable number that is never negative (days, hours, a ratio) is always bound as an `f64`, with
/// the sentinel -1 for "none", which the SQL turns back into NULL with `NULLIF($n, -1.0)`.
pub(crate) fn nullable_f64(v: Option<f64>) -> f64 {
    v.unwrap_or(-1.0)
}

/// Current time as stored: UTC, RFC 3339, second precision.
pub fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Store {
    /// Runs one administrative statement outside any transaction (e.g. `CREATE DATABASE` for
    /// test isolation). Not for tenant data.
    pub async fn execute_admin(&self, sql: &str) -> Result<()> {
        use sqlx::Executor;
        self.pool.execute(sql).await?;
        Ok(())
    }
}
