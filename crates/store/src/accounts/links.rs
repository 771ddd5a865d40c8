//! Single-use links of one account (`account_links`): a password reset, an email change, the
//! pending second step of a sign-in. Only the SHA-256 of a link's secret is stored; whether a
//! link is still good (purpose, expiry, use) is decided by the caller on the row read here.
use crate::{Conn, Result, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub account_id: i64,
    pub purpose: String,
    pub new_email: Option<String>,
    pub oidc_provider: Option<String>,
    pub oidc_id_token: Option<String>,
    pub created_at: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

pub async fn insert_link(
    conn: &mut Conn,
    account_id: i64,
    purpose: &str,
    token_hash: &str,
    new_email: Option<&str>,
    expires_at: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO account_links (account_id, purpose, token_hash, new_email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(new_email)
    .bind(now_text())
    .bind(expires_at)
    .fetch_one(conn)
    .await?)
}

/// Keeps the provider sign-in a pending second step continues, for the session it will open.
pub async fn set_link_oidc(conn: &mut Conn, id: i64, provider: &str, id_token: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE account_links SET oidc_provider = $2, oidc_id_token = $3 WHERE id = $1")
        .bind(id)
        .bind(provider)
        .bind(id_token)
        .execute(conn)
        .await?;
    Ok(())
}

/// The link of `purpose` behind a secret's hash, whatever its state.
pub async fn link_by_token(conn: &mut Conn, purpose: &str, token_hash: &str) -> Result<Option<LinkRow>> {
    Ok(sqlx::query_as(
        "SELECT id, account_id, purpose, new_email, oidc_provider, oidc_id_token, created_at, expires_at, used_at
           FROM account_links
          WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(conn)
    .await?)
}

/// Marks a link used, if nobody did before: whether this call did (the one use of a link).
pub async fn use_link(conn: &mut Conn, id: i64) -> Result<bool> {
    let r = sqlx::query("UPDATE account_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
        .bind(id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Ends every unused link of `purpose` of an account (e.g. the other reset links after a reset).
pub async fn end_links(conn: &mut Conn, account_id: i64, purpose: &str) -> Result<u64> {
    Ok(sqlx::query("UPDATE account_links SET used_at = $3 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(account_id)
        .bind(purpose)
        .bind(now_text())
        .execute(conn)
        .await?
        .rows_affected())
}

/// Forgets links that expired before `before`.
pub async fn delete_expired_links(conn: &mut Conn, before: &str) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM account_links WHERE expires_at < $1").bind(before).execute(conn).await?.rows_affected())
}

/// An account's sign-in details for the self-service use cases.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SelfRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<String>,
    pub totp_last_step: Option<i64>,
}

pub async fn self_row(conn: &mut Conn, account_id: i64) -> Result<Option<SelfRow>> {
    Ok(sqlx::query_as(
        "SELECT id, email, name, password_hash, totp_secret, totp_enabled_at, totp_last_step FROM accounts
          WHERE id = $1",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn set_password_hash(conn: &mut Conn, account_id: i64, hash: &str) -> Result<()> {
    sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .bind(account_id)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the address verified (a link sent to it was used), unless it already was.
pub async fn mark_email_verified(conn: &mut Conn, account_id: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL")
        .bind(account_id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

/// Changes the address (verified now); a taken address fails on `accounts_email_key`.
pub async fn set_email(conn: &mut Conn, account_id: i64, email: &str) -> Result<()> {
    sqlx::query("UPDATE accounts SET email = $2, email_verified_at = $3 WHERE id = $1")
        .bind(account_id)
        .bind(email)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether an account other than `account_id` has this address.
pub async fn email_taken(conn: &mut Conn, email: &str, account_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE email = $1 AND id <> $2")
        .bind(email)
        .bind(account_id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Whether the account is a programme coordinator or lector anywhere.
pub async fn is_manager_anywhere(conn: &mut Conn, account_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM role_assignments WHERE account_id = $1 AND role IN ('programme-coordinator', 'lector')",
    )
    .bind(account_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
