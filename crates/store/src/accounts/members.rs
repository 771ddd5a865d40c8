//! The members of a werkplaats: accounts with a role there, and accounts that registered
//! themselves there (without a role until one is granted); their roles; self-registration and
//! the single-use links that verify an address.
use crate::{Conn, Result, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub email_verified_at: Option<String>,
    /// 1 when the account registered itself in this werkplaats.
    pub registered_here: i64,
}

const MEMBER_SELECT: &str = "SELECT a.id, a.name, a.email, a.email_verified_at,
        CAST(CASE WHEN a.home_werkplaats_id = $1 THEN 1 ELSE 0 END AS BIGINT) AS registered_here
   FROM accounts a
  WHERE (a.home_werkplaats_id = $1
         OR EXISTS (SELECT 1 FROM role_assignments r WHERE r.account_id = a.id AND r.werkplaats_id = $1))";

/// Members by name, one page at a time (keyset on name, id).
pub async fn members(conn: &mut Conn, t: &Tenant, after: Option<(&str, i64)>, limit: i64) -> Result<Vec<MemberRow>> {
    let (name, id) = after.unwrap_or(("", 0));
    Ok(sqlx::query_as(&format!(
        "{MEMBER_SELECT} AND (a.name > $2 OR (a.name = $2 AND a.id > $3)) ORDER BY a.name, a.id LIMIT $4"
    ))
    .bind(t.id())
    .bind(name)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn member(conn: &mut Conn, t: &Tenant, account_id: i64) -> Result<Option<MemberRow>> {
    Ok(sqlx::query_as(&format!("{MEMBER_SELECT} AND a.id = $2"))
        .bind(t.id())
        .bind(account_id)
        .fetch_optional(conn)
        .await?)
}

/// (account id, role) of every role in the werkplaats.
pub async fn all_roles(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT account_id, role FROM role_assignments WHERE werkplaats_id = $1 ORDER BY account_id, role",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn roles_of(conn: &mut Conn, t: &Tenant, account_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT role FROM role_assignments WHERE werkplaats_id = $1 AND account_id = $2 ORDER BY role",
    )
    .bind(t.id())
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

pub async fn revoke_role(conn: &mut Conn, t: &Tenant, account_id: i64, role: &str) -> Result<()> {
    sqlx::query("DELETE FROM role_assignments WHERE werkplaats_id = $1 AND account_id = $2 AND role = $3")
        .bind(t.id())
        .bind(account_id)
        .bind(role)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many accounts hold `role` in the werkplaats.
pub async fn count_role(conn: &mut Conn, t: &Tenant, role: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM role_assignments WHERE werkplaats_id = $1 AND role = $2")
        .bind(t.id())
        .bind(role)
        .fetch_one(conn)
        .await?)
}

/// Takes the werkplaats row's lock for the rest of the transaction (the portable no-op update),
/// so that two changes of roles in one werkplaats are judged one after the other.
pub async fn lock_werkplaats(conn: &mut Conn, t: &Tenant) -> Result<()> {
    sqlx::query("UPDATE werkplaatsen SET self_registration = self_registration WHERE id = $1")
        .bind(t.id())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn self_registration(conn: &mut Conn, t: &Tenant) -> Result<bool> {
    let v: i64 = sqlx::query_scalar("SELECT self_registration FROM werkplaatsen WHERE id = $1")
        .bind(t.id())
        .fetch_one(conn)
        .await?;
    Ok(v != 0)
}

/// (slug, name) of the werkplaatsen that allow self-registration, by name. Not tenant data: the
/// login page links to them.
pub async fn open_for_registration(conn: &mut Conn) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT slug, name FROM werkplaatsen WHERE self_registration <> 0 ORDER BY name")
        .fetch_all(conn)
        .await?)
}

pub async fn set_self_registration(conn: &mut Conn, t: &Tenant, enabled: bool) -> Result<()> {
    sqlx::query("UPDATE werkplaatsen SET self_registration = $2 WHERE id = $1")
        .bind(t.id())
        .bind(i64::from(enabled))
        .execute(conn)
        .await?;
    Ok(())
}

/// A new account that registered itself in this werkplaats: its address not yet verified.
pub async fn insert_registered_account(
    conn: &mut Conn,
    t: &Tenant,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO accounts (email, name, password_hash, created_at, home_werkplaats_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(now_text())
    .bind(t.id())
    .fetch_one(conn)
    .await?)
}

/// When the account's address was verified (`None`: not yet).
pub async fn email_verified_at(conn: &mut Conn, account_id: i64) -> Result<Option<String>> {
    let v: Option<Option<String>> = sqlx::query_scalar("SELECT email_verified_at FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(conn)
        .await?;
    Ok(v.flatten())
}

/// The slug of the werkplaats an account registered itself in, and when its address was verified.
pub async fn registration_of(conn: &mut Conn, account_id: i64) -> Result<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, a.email_verified_at FROM accounts a JOIN werkplaatsen w ON w.id = a.home_werkplaats_id
          WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?)
}
