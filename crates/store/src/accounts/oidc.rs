//! Sign-in through OpenID Connect: the flows between redirect and callback (`oidc_flows`, keyed
//! by the SHA-256 of `state`, used once) and the identities linked to accounts (`oidc_identities`).
use crate::{Conn, Result, now_text};

/// A sign-in between the redirect to the provider and its callback.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FlowRow {
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub invitation_id: Option<i64>,
    pub return_to: String,
    pub expires_at: String,
}

pub struct NewFlow<'a> {
    pub state_hash: &'a str,
    pub provider: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub invitation_id: Option<i64>,
    pub return_to: &'a str,
    pub expires_at: &'a str,
}

pub async fn insert_flow(conn: &mut Conn, f: &NewFlow<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO oidc_flows (state_hash, provider, nonce, pkce_verifier, invitation_id, return_to, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(f.state_hash)
    .bind(f.provider)
    .bind(f.nonce)
    .bind(f.pkce_verifier)
    .bind(f.invitation_id)
    .bind(f.return_to)
    .bind(now_text())
    .bind(f.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the flow and returns it: of two callbacks with the same `state`, only one gets it.
/// An expired flow is removed too; the caller refuses it by `expires_at`.
pub async fn take_flow(conn: &mut Conn, state_hash: &str) -> Result<Option<FlowRow>> {
    Ok(sqlx::query_as(
        "DELETE FROM oidc_flows WHERE state_hash = $1
         RETURNING provider, nonce, pkce_verifier, invitation_id, return_to, expires_at",
    )
    .bind(state_hash)
    .fetch_optional(conn)
    .await?)
}

/// Forgets flows that ended before `now` (abandoned sign-ins); how many.
pub async fn delete_expired_flows(conn: &mut Conn, now: &str) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM oidc_flows WHERE expires_at <= $1").bind(now).execute(conn).await?.rows_affected())
}

/// The account an identity (issuer + subject) is linked to.
pub async fn identity_account(conn: &mut Conn, issuer: &str, subject: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT account_id FROM oidc_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_identity(
    conn: &mut Conn,
    account_id: i64,
    provider: &str,
    issuer: &str,
    subject: &str,
) -> Result<()> {
    let now = now_text();
    sqlx::query(
        "INSERT INTO oidc_identities (account_id, provider, issuer, subject, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(account_id)
    .bind(provider)
    .bind(issuer)
    .bind(subject)
    .bind(&now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn touch_identity(conn: &mut Conn, issuer: &str, subject: &str) -> Result<()> {
    sqlx::query("UPDATE oidc_identities SET last_login_at = $3 WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

/// An account that signs in only through a provider: no password (`password_hash` is empty,
/// which no password verifies). `email_verified_at` only when the provider vouched for it.
pub async fn insert_account_without_password(
    conn: &mut Conn,
    email: &str,
    name: &str,
    email_verified_at: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO accounts (email, name, password_hash, created_at, email_verified_at)
         VALUES ($1, $2, '', $3, $4) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(now_text())
    .bind(email_verified_at)
    .fetch_one(conn)
    .await?)
}

/// The provider and ID token a session was started with (both `None` for other sign-ins).
pub async fn session_provider(conn: &mut Conn, token_hash: &str) -> Result<Option<(Option<String>, Option<String>)>> {
    Ok(sqlx::query_as("SELECT oidc_provider, oidc_id_token FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await?)
}
