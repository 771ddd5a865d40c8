//! The API tokens of one account, as its owner lists and revokes them. Every query filters on
//! the account: a token id of someone else's is not there.
use crate::{Conn, Result, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Stores a named token's hash; `expires_at` (UTC text) ends it, `None` never. Returns its id.
pub async fn insert_named_token(
    conn: &mut Conn,
    token_hash: &str,
    account_id: i64,
    name: Option<&str>,
    expires_at: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at, name) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now_text())
    .bind(expires_at)
    .bind(name)
    .fetch_one(conn)
    .await?)
}

/// Every token of the account, newest first.
pub async fn tokens_of(conn: &mut Conn, account_id: i64) -> Result<Vec<TokenRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens
          WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

pub async fn token_of(conn: &mut Conn, account_id: i64, id: i64) -> Result<Option<TokenRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens
          WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Revokes one token of the account (a revoked one stays revoked); whether the account has it.
pub async fn revoke_token_of(conn: &mut Conn, account_id: i64, id: i64) -> Result<bool> {
    if token_of(conn, account_id, id).await?.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL")
        .bind(account_id)
        .bind(id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(true)
}
