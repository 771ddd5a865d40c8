//! Registrations: capacity, the waiting list, tokens, attendance.
use super::*;
use crate::{Conn, Result, Tenant, now_text};

// ---- registrations -----------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RegistrationRow {
    pub id: i64,
    pub activity_id: i64,
    pub account_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub accessibility_needs: Option<String>,
    pub status: String,
    pub queued_at: String,
    pub reminders: i64,
    pub attended: i64,
    pub created_at: String,
}

pub(super) const REGISTRATION_COLUMNS: &str =
    "id, activity_id, account_id, name, email, organisation, accessibility_needs, status,
    queued_at, reminders, attended, created_at";

pub struct NewRegistration<'a> {
    pub account_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
    pub organisation: Option<&'a str>,
    pub accessibility_needs: Option<&'a str>,
    pub status: &'a str,
    pub cancel_token_hash: &'a str,
}

pub async fn registration_by_email(
    conn: &mut Conn,
    t: &Tenant,
    activity_id: i64,
    email: &str,
) -> Result<Option<RegistrationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations
          WHERE werkplaats_id = $1 AND activity_id = $2 AND email_key = $3"
    ))
    .bind(t.id())
    .bind(activity_id)
    .bind(email.to_lowercase())
    .fetch_optional(conn)
    .await?)
}

/// Finds a registration by the hash of its cancel token. The token is the only key a person
/// without an account has, so this lookup is by design not scoped by the activity.
pub async fn registration_by_token(conn: &mut Conn, t: &Tenant, token_hash: &str) -> Result<Option<RegistrationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE werkplaats_id = $1 AND cancel_token_hash = $2"
    ))
    .bind(t.id())
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn registration(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<RegistrationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE werkplaats_id = $1 AND id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert_registration(
    conn: &mut Conn,
    t: &Tenant,
    activity_id: i64,
    r: &NewRegistration<'_>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO registrations (werkplaats_id, activity_id, account_id, name, email, email_key, organisation,
            accessibility_needs, status, queued_at, cancel_token_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $10) RETURNING id",
    )
    .bind(t.id())
    .bind(activity_id)
    .bind(r.account_id)
    .bind(r.name)
    .bind(r.email)
    .bind(r.email.to_lowercase())
    .bind(r.organisation)
    .bind(r.accessibility_needs)
    .bind(r.status)
    .bind(now)
    .bind(r.cancel_token_hash)
    .fetch_one(conn)
    .await?)
}

/// Brings a cancelled registration back, at the end of the queue, with fresh details and token.
pub async fn renew_registration(conn: &mut Conn, t: &Tenant, id: i64, r: &NewRegistration<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE registrations SET account_id = COALESCE($3, account_id), name = $4, email = $5, organisation = $6,
                accessibility_needs = $7, status = $8, queued_at = $9, cancel_token_hash = $10, updated_at = $9,
                reminders = 1
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(r.account_id)
    .bind(r.name)
    .bind(r.email)
    .bind(r.organisation)
    .bind(r.accessibility_needs)
    .bind(r.status)
    .bind(now_text())
    .bind(r.cancel_token_hash)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

pub async fn set_registration_status(conn: &mut Conn, t: &Tenant, id: i64, status: &str) -> Result<()> {
    let done =
        sqlx::query("UPDATE registrations SET status = $3, updated_at = $4 WHERE werkplaats_id = $1 AND id = $2")
            .bind(t.id())
            .bind(id)
            .bind(status)
            .bind(now_text())
            .execute(conn)
            .await?;
    affected(done.rows_affected())
}

pub async fn set_reminders(conn: &mut Conn, t: &Tenant, id: i64, on: bool) -> Result<()> {
    let done = sqlx::query("UPDATE registrations SET reminders = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(i64::from(on))
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}

/// Marks exactly `present` (registration ids of this activity) as attended.
pub async fn set_attended(conn: &mut Conn, t: &Tenant, activity_id: i64, present: &[i64]) -> Result<()> {
    sqlx::query("UPDATE registrations SET attended = 0 WHERE werkplaats_id = $1 AND activity_id = $2")
        .bind(t.id())
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    if !present.is_empty() {
        let list = present.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        sqlx::query(&format!(
            "UPDATE registrations SET attended = 1 WHERE werkplaats_id = $1 AND activity_id = $2 AND id IN ({list})"
        ))
        .bind(t.id())
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn count_registered(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE werkplaats_id = $1 AND activity_id = $2 AND status = 'registered'",
    )
    .bind(t.id())
    .bind(activity_id)
    .fetch_one(conn)
    .await?)
}

/// (registered, waitlisted) per activity for the given activities.
pub async fn registration_counts(conn: &mut Conn, t: &Tenant, ids: &[i64]) -> Result<Vec<(i64, i64, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT activity_id,
                SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END),
                SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END)
           FROM registrations WHERE werkplaats_id = $1 AND activity_id IN ({list}) GROUP BY activity_id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// The first `n` on the waiting list, in queue order.
pub async fn waitlist_head(conn: &mut Conn, t: &Tenant, activity_id: i64, n: i64) -> Result<Vec<RegistrationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations
          WHERE werkplaats_id = $1 AND activity_id = $2 AND status = 'waitlisted' ORDER BY queued_at, id LIMIT $3"
    ))
    .bind(t.id())
    .bind(activity_id)
    .bind(n)
    .fetch_all(conn)
    .await?)
}

/// Every registration of an activity: registered first, then the waiting list in order, then cancelled.
pub async fn registrations(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<Vec<RegistrationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE werkplaats_id = $1 AND activity_id = $2
          ORDER BY CASE status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, queued_at, id"
    ))
    .bind(t.id())
    .bind(activity_id)
    .fetch_all(conn)
    .await?)
}

/// Activity ids an account has an active registration for (their personal calendar).
pub async fn activities_of_account(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, r.activity_id FROM registrations r JOIN werkplaatsen w ON w.id = r.werkplaats_id
          WHERE r.account_id = $1 AND r.status IN ('registered', 'waitlisted') ORDER BY r.activity_id",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// The live registrations (registered or on the waiting list) of an account or email address for
/// activities that start after `now`: `(werkplaats slug, registration id, activity id)`.
pub async fn upcoming_of(
    conn: &mut Conn,
    account_id: i64,
    email_key: &str,
    now: &str,
) -> Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, r.id, r.activity_id FROM registrations r
           JOIN werkplaatsen w ON w.id = r.werkplaats_id
           JOIN activities a ON a.id = r.activity_id
          WHERE (r.account_id = $1 OR r.email_key = $2) AND r.status IN ('registered', 'waitlisted')
            AND a.starts_at > $3
          ORDER BY r.id",
    )
    .bind(account_id)
    .bind(email_key)
    .bind(now)
    .fetch_all(conn)
    .await?)
}
