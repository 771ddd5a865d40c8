//! Accounts (global: one person may work in several werkplaatsen), their roles per werkplaats,
//! sessions and API tokens; people and organisations of a werkplaats.
use crate::{Conn, Result, Tenant, now_text};

pub mod invitations;
pub mod links;
pub mod members;
pub mod oidc;
pub mod sessions;
pub mod tokens;
pub mod two_factor;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub name: String,
}

/// What authentication needs: the account and its password hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
}

/// An account whose address counts as verified (made by an administrator, the demo, or through
/// an invitation link). A self-registered account is made by `members::insert_registered_account`.
pub async fn insert_account(conn: &mut Conn, email: &str, name: &str, password_hash: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO accounts (email, name, password_hash, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn account_by_email(conn: &mut Conn, email: &str) -> Result<Option<AuthRow>> {
    Ok(sqlx::query_as("SELECT id, email, name, password_hash FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await?)
}

pub async fn grant_role(conn: &mut Conn, t: &Tenant, account_id: i64, role: &str) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM role_assignments WHERE account_id = $1 AND werkplaats_id = $2 AND role = $3",
    )
    .bind(account_id)
    .bind(t.id())
    .bind(role)
    .fetch_optional(&mut *conn)
    .await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO role_assignments (account_id, werkplaats_id, role) VALUES ($1, $2, $3)")
            .bind(account_id)
            .bind(t.id())
            .bind(role)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Every (werkplaats slug, role) an account holds.
pub async fn roles(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, r.role FROM role_assignments r JOIN werkplaatsen w ON w.id = r.werkplaats_id
          WHERE r.account_id = $1 ORDER BY w.slug, r.role",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// A session to store: only the hash of its secret.
pub struct NewSessionRow<'a> {
    pub token_hash: &'a str,
    pub account_id: i64,
    pub expires_at: &'a str,
    pub user_agent: Option<&'a str>,
    pub oidc_provider: Option<&'a str>,
    pub oidc_id_token: Option<&'a str>,
}

pub async fn insert_session(conn: &mut Conn, s: &NewSessionRow<'_>) -> Result<()> {
    let now = now_text();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at, user_agent,
                               oidc_provider, oidc_id_token)
         VALUES ($1, $2, $3, $4, $3, $5, $6, $7)",
    )
    .bind(s.token_hash)
    .bind(s.account_id)
    .bind(&now)
    .bind(s.expires_at)
    .bind(s.user_agent)
    .bind(s.oidc_provider)
    .bind(s.oidc_id_token)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn account_by_id(conn: &mut Conn, id: i64) -> Result<Option<AccountRow>> {
    Ok(sqlx::query_as("SELECT id, email, name FROM accounts WHERE id = $1").bind(id).fetch_optional(conn).await?)
}

pub async fn account_by_session(conn: &mut Conn, token_hash: &str) -> Result<Option<AccountRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.email, a.name FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_text())
    .fetch_optional(conn)
    .await?)
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub async fn delete_expired_sessions(conn: &mut Conn) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now_text()).execute(conn).await?.rows_affected())
}

/// Stores a token's hash; `expires_at` (UTC text) ends it, `None` never.
pub async fn insert_api_token(
    conn: &mut Conn,
    token_hash: &str,
    account_id: i64,
    expires_at: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(account_id)
        .bind(now_text())
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes one token by its hash; whether it was live.
pub async fn revoke_api_token(conn: &mut Conn, token_hash: &str) -> Result<bool> {
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Revokes every live token of an account; how many.
pub async fn revoke_api_tokens_of(conn: &mut Conn, account_id: i64) -> Result<u64> {
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(account_id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Failed sign-ins counted under `key` and the time of the last one (`None`: none counted).
pub async fn login_failures(conn: &mut Conn, key: &str) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT failures, last_failure_at FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?)
}

/// Counts one more failed sign-in under `key` at `now`; a count whose last failure is older than
/// `fresh_after` starts again at one.
pub async fn add_login_failure(conn: &mut Conn, key: &str, now: &str, fresh_after: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, last_failure_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.last_failure_at < $3 THEN 1 ELSE login_throttle.failures + 1 END,
           last_failure_at = $2",
    )
    .bind(key)
    .bind(now)
    .bind(fresh_after)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_login_failures(conn: &mut Conn, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(conn).await?;
    Ok(())
}

/// Forgets failed sign-ins whose last failure is before `before`; how many keys.
pub async fn delete_old_login_failures(conn: &mut Conn, before: &str) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM login_throttle WHERE last_failure_at < $1")
        .bind(before)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn account_by_api_token(conn: &mut Conn, token_hash: &str) -> Result<Option<AccountRow>> {
    let row: Option<AccountRow> = sqlx::query_as(
        "SELECT a.id, a.email, a.name FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now_text())
    .fetch_optional(&mut *conn)
    .await?;
    if row.is_some() {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now_text())
            .execute(conn)
            .await?;
    }
    Ok(row)
}

pub async fn insert_organisation(
    conn: &mut Conn,
    t: &Tenant,
    name: &str,
    kind: &str,
    city: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO organisations (werkplaats_id, name, kind, city, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(t.id())
    .bind(name)
    .bind(kind)
    .bind(city)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn insert_person(
    conn: &mut Conn,
    t: &Tenant,
    name: &str,
    email: Option<&str>,
    organisation_id: Option<i64>,
    account_id: Option<i64>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO people (werkplaats_id, name, email, organisation_id, account_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.id())
    .bind(name)
    .bind(email)
    .bind(organisation_id)
    .bind(account_id)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

/// People of a werkplaats with their organisation, one page at a time (keyset on name, id).
pub async fn people(conn: &mut Conn, t: &Tenant, after: Option<(&str, i64)>, limit: i64) -> Result<Vec<PersonRow>> {
    let (name, id) = after.unwrap_or(("", 0));
    Ok(sqlx::query_as(
        "SELECT p.id, p.name, p.email, o.name AS organisation
           FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id AND o.werkplaats_id = p.werkplaats_id
          WHERE p.werkplaats_id = $1 AND (p.name > $2 OR (p.name = $2 AND p.id > $3))
          ORDER BY p.name, p.id LIMIT $4",
    )
    .bind(t.id())
    .bind(name)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
