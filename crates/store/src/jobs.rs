//! The job queue: a table, so a job is enqueued in the same transaction as the write that
//! causes it and survives a crash. Jobs belong to the installation; the payload names the
//! werkplaats. Several instances may work the same queue: claiming is a conditional update.
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub name: String,
    pub payload: String,
    pub attempts: i64,
}

/// Enqueues a job to run at `run_at` (UTC text). A job with the same `dedupe_key` is enqueued
/// only once, ever: that is what makes "send the reminder for registration 7" idempotent.
pub async fn enqueue(conn: &mut Conn, name: &str, payload: &str, dedupe_key: Option<&str>, run_at: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO jobs (name, payload, dedupe_key, run_at, created_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(name)
    .bind(payload)
    .bind(dedupe_key)
    .bind(run_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims the next due job: it is locked until `lock_until`; if the worker dies, it is picked up
/// again after that.
pub async fn claim(conn: &mut Conn, now: &str, lock_until: &str) -> Result<Option<JobRow>> {
    let candidate: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
          ORDER BY run_at, id LIMIT 1",
    )
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = candidate else { return Ok(None) };
    // Another instance may have claimed it between the two statements: the condition is checked again.
    Ok(sqlx::query_as(
        "UPDATE jobs SET locked_until = $2, attempts = attempts + 1
          WHERE id = $1 AND done_at IS NULL AND (locked_until IS NULL OR locked_until <= $3)
          RETURNING id, name, payload, attempts",
    )
    .bind(id)
    .bind(lock_until)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

pub async fn complete(conn: &mut Conn, id: i64, now: &str) -> Result<()> {
    sqlx::query("UPDATE jobs SET done_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failure and when to try again; after too many attempts the job is given up
/// (marked done with its error kept, for an operator to see).
pub async fn fail(conn: &mut Conn, id: i64, error: &str, retry_at: Option<&str>, now: &str) -> Result<()> {
    match retry_at {
        Some(at) => {
            sqlx::query("UPDATE jobs SET last_error = $2, run_at = $3, locked_until = NULL WHERE id = $1")
                .bind(id)
                .bind(error)
                .bind(at)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query("UPDATE jobs SET last_error = $2, done_at = $3, locked_until = NULL WHERE id = $1")
                .bind(id)
                .bind(error)
                .bind(now)
                .execute(conn)
                .await?
        }
    };
    Ok(())
}

/// Jobs not yet done (for `/metrics` and tests).
pub async fn pending(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL").fetch_one(conn).await?)
}
