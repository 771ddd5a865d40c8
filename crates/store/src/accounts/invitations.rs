//! Invitations to a werkplaats: an email address, a role and optionally a person record and a
//! theme group. Only the SHA-256 of a link's secret is stored; the secret is made when the mail
//! goes out, so until then `token_hash` holds the hash of a secret nobody knows.
use crate::{Conn, Result, Tenant};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub invited_by_account_id: Option<i64>,
    pub invited_by_name: Option<String>,
    pub created_at: String,
    pub sent_at: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub accepted_account_id: Option<i64>,
    pub revoked_at: Option<String>,
}

const SELECT: &str = "SELECT i.id, i.email, i.role, i.person_id, i.theme_group_id, i.invited_by_account_id,
        a.name AS invited_by_name, i.created_at, i.sent_at, i.expires_at, i.accepted_at, i.accepted_account_id,
        i.revoked_at
   FROM invitations i LEFT JOIN accounts a ON a.id = i.invited_by_account_id";

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub role: &'a str,
    pub person_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub token_hash: &'a str,
    pub invited_by_account_id: i64,
    pub now: &'a str,
    pub expires_at: &'a str,
}

pub async fn insert(conn: &mut Conn, t: &Tenant, n: &NewInvitation<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO invitations (werkplaats_id, email, role, person_id, theme_group_id, token_hash,
                                  invited_by_account_id, created_at, sent_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
    )
    .bind(t.id())
    .bind(n.email)
    .bind(n.role)
    .bind(n.person_id)
    .bind(n.theme_group_id)
    .bind(n.token_hash)
    .bind(n.invited_by_account_id)
    .bind(n.now)
    .bind(n.expires_at)
    .fetch_one(conn)
    .await?)
}

pub async fn invitation(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<InvitationRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.werkplaats_id = $1 AND i.id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// The id and werkplaats slug of the invitation whose link secret hashes to `token_hash`, if it
/// can still be accepted at `now`. Installation-wide: the link names no werkplaats.
pub async fn open_by_token(conn: &mut Conn, token_hash: &str, now: &str) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT i.id, w.slug FROM invitations i JOIN werkplaatsen w ON w.id = i.werkplaats_id
          WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// The werkplaats slug of an invitation, by id (installation-wide, for the sign-in through a provider).
pub async fn slug_of(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT w.slug FROM invitations i JOIN werkplaatsen w ON w.id = i.werkplaats_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// An invitation still open (not accepted, revoked or expired) for this address and role.
pub async fn open_for(conn: &mut Conn, t: &Tenant, email: &str, role: &str, now: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM invitations WHERE werkplaats_id = $1 AND email = $2 AND role = $3
            AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $4 LIMIT 1",
    )
    .bind(t.id())
    .bind(email)
    .bind(role)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// Newest first, one page at a time (keyset on id).
pub async fn list(conn: &mut Conn, t: &Tenant, before_id: Option<i64>, limit: i64) -> Result<Vec<InvitationRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.werkplaats_id = $1 AND i.id < $2 ORDER BY i.id DESC LIMIT $3"))
        .bind(t.id())
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// The invitations into one theme group, newest first (at most `limit`).
pub async fn list_for_group(conn: &mut Conn, t: &Tenant, group_id: i64, limit: i64) -> Result<Vec<InvitationRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE i.werkplaats_id = $1 AND i.theme_group_id = $2 ORDER BY i.id DESC LIMIT $3"
    ))
    .bind(t.id())
    .bind(group_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Puts a new secret's hash on an open invitation: the old link stops working. `sent_at` and
/// `expires_at` are set when the mail goes out; `None` keeps them.
pub async fn set_token(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    token_hash: &str,
    sent: Option<(&str, &str)>,
) -> Result<bool> {
    let r = match sent {
        Some((sent_at, expires_at)) => sqlx::query(
            "UPDATE invitations SET token_hash = $3, sent_at = $4, expires_at = $5
              WHERE werkplaats_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(t.id())
        .bind(id)
        .bind(token_hash)
        .bind(sent_at)
        .bind(expires_at),
        None => sqlx::query(
            "UPDATE invitations SET token_hash = $3
              WHERE werkplaats_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(t.id())
        .bind(id)
        .bind(token_hash),
    }
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Moves the moment of the last mail (the resend limit counts from it).
pub async fn set_sent_at(conn: &mut Conn, t: &Tenant, id: i64, sent_at: &str) -> Result<()> {
    sqlx::query("UPDATE invitations SET sent_at = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(sent_at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_expiry(conn: &mut Conn, t: &Tenant, id: i64, expires_at: &str) -> Result<()> {
    sqlx::query("UPDATE invitations SET expires_at = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn revoke(conn: &mut Conn, t: &Tenant, id: i64, now: &str) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE invitations SET revoked_at = $3
          WHERE werkplaats_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(t.id())
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Marks an invitation accepted, once: false if it was accepted, revoked or expired meanwhile.
pub async fn mark_accepted(conn: &mut Conn, t: &Tenant, id: i64, account_id: i64, now: &str) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE invitations SET accepted_at = $3, accepted_account_id = $4
          WHERE werkplaats_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(t.id())
    .bind(id)
    .bind(now)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Whether the account (or the person record with its address) leads this theme group.
pub async fn leads_group(conn: &mut Conn, t: &Tenant, account_id: i64, email: &str, group_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM theme_groups g JOIN people p ON p.id = g.lead_person_id
          WHERE g.werkplaats_id = $1 AND g.id = $2 AND (p.account_id = $3 OR p.email = $4)",
    )
    .bind(t.id())
    .bind(group_id)
    .bind(account_id)
    .bind(email)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The person record of an account in a werkplaats, if any.
pub async fn person_of_account(conn: &mut Conn, t: &Tenant, account_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM people WHERE werkplaats_id = $1 AND account_id = $2 ORDER BY id LIMIT 1")
        .bind(t.id())
        .bind(account_id)
        .fetch_optional(conn)
        .await?)
}

pub async fn link_person(conn: &mut Conn, t: &Tenant, person_id: i64, account_id: i64) -> Result<()> {
    sqlx::query("UPDATE people SET account_id = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(person_id)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_group_member(conn: &mut Conn, t: &Tenant, group_id: i64, person_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO theme_group_members (theme_group_id, person_id, werkplaats_id) VALUES ($1, $2, $3)
         ON CONFLICT (theme_group_id, person_id) DO NOTHING",
    )
    .bind(group_id)
    .bind(person_id)
    .bind(t.id())
    .execute(conn)
    .await?;
    Ok(())
}

/// Invitations sent to an address, in every werkplaats (for the person's data export).
pub async fn for_email(conn: &mut Conn, email: &str) -> Result<Vec<(String, String, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, i.role, i.created_at, i.accepted_at FROM invitations i
           JOIN werkplaatsen w ON w.id = i.werkplaats_id WHERE i.email = $1 ORDER BY i.id",
    )
    .bind(email)
    .fetch_all(conn)
    .await?)
}

/// Deletes every invitation to an address (erasure); how many.
pub async fn delete_for_email(conn: &mut Conn, email: &str) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM invitations WHERE email = $1").bind(email).execute(conn).await?.rows_affected())
}
