//! The sessions of one account, as its owner sees and ends them. Every query filters on the
//! account, so a session id of someone else's is simply not there.
use crate::{AccountRow, Conn, Result, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub user_agent: Option<String>,
    pub oidc_provider: Option<String>,
}

/// A live session behind a secret's hash, with its account and when it was last seen.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSession {
    pub session_id: i64,
    pub last_seen_at: Option<String>,
    pub id: i64,
    pub email: String,
    pub name: String,
}

impl LiveSession {
    pub fn account(&self) -> AccountRow {
        AccountRow { id: self.id, email: self.email.clone(), name: self.name.clone() }
    }
}

pub async fn live_session(conn: &mut Conn, token_hash: &str) -> Result<Option<LiveSession>> {
    Ok(sqlx::query_as(
        "SELECT s.id AS session_id, s.last_seen_at, a.id, a.email, a.name
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_text())
    .fetch_optional(conn)
    .await?)
}

/// Records that a session was used now.
pub async fn touch_session(conn: &mut Conn, session_id: i64, now: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1").bind(session_id).bind(now).execute(conn).await?;
    Ok(())
}

/// The live sessions of an account, the most recently used first.
pub async fn sessions_of(conn: &mut Conn, account_id: i64) -> Result<Vec<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, created_at, last_seen_at, user_agent, oidc_provider FROM sessions
          WHERE account_id = $1 AND expires_at > $2
          ORDER BY COALESCE(last_seen_at, created_at) DESC, id DESC",
    )
    .bind(account_id)
    .bind(now_text())
    .fetch_all(conn)
    .await?)
}

/// The id of the session behind a secret's hash, if it is the account's.
pub async fn session_id_of(conn: &mut Conn, account_id: i64, token_hash: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM sessions WHERE account_id = $1 AND token_hash = $2")
        .bind(account_id)
        .bind(token_hash)
        .fetch_optional(conn)
        .await?)
}

/// Ends one session of the account; whether there was one.
pub async fn delete_session_of(conn: &mut Conn, account_id: i64, id: i64) -> Result<bool> {
    let r = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Ends every session of the account but `keep` (none: all); how many.
pub async fn delete_sessions_of(conn: &mut Conn, account_id: i64, keep: Option<i64>) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id <> $2")
        .bind(account_id)
        .bind(keep.unwrap_or(0))
        .execute(conn)
        .await?
        .rows_affected())
}
