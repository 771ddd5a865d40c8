//! Activities (DOMAIN §6) of one werkplaats: single and recurring, their links, registrations
//! with a waiting list, attendance and reports. Times are UTC text, `YYYY-MM-DDTHH:MM:SSZ`.
use crate::{Conn, Result, StoreError, Tenant, now_text};

mod registrations;
mod reports;

pub use registrations::*;
pub use reports::*;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub series_id: Option<i64>,
    pub occurrence_start: Option<String>,
    pub detached: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub audience: String,
    pub theme_group_id: Option<i64>,
    pub project_id: Option<i64>,
    pub body_id: Option<i64>,
    pub four_os: String,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub attendance_count: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) const ACTIVITY_COLUMNS: &str =
    "id, series_id, occurrence_start, detached, kind, title, description, starts_at, ends_at,
    location, online_url, capacity, audience, theme_group_id, project_id, body_id, four_os, status, cancel_reason,
    attendance_count, created_by, created_at, updated_at";

/// The editable fields of an activity.
#[derive(Debug, Clone)]
pub struct ActivityFields {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub audience: String,
    pub theme_group_id: Option<i64>,
    pub project_id: Option<i64>,
    pub body_id: Option<i64>,
    /// JSON array.
    pub four_os: String,
}

pub async fn insert_activity(
    conn: &mut Conn,
    t: &Tenant,
    f: &ActivityFields,
    series: Option<(i64, &str)>,
    created_by: Option<i64>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO activities (werkplaats_id, series_id, occurrence_start, kind, title, description, starts_at,
            ends_at, location, online_url, capacity, audience, theme_group_id, project_id, body_id, four_os,
            created_at, updated_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18) RETURNING id",
    )
    .bind(t.id())
    .bind(series.map(|s| s.0))
    .bind(series.map(|s| s.1))
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.description)
    .bind(&f.starts_at)
    .bind(&f.ends_at)
    .bind(&f.location)
    .bind(&f.online_url)
    .bind(f.capacity)
    .bind(&f.audience)
    .bind(f.theme_group_id)
    .bind(f.project_id)
    .bind(f.body_id)
    .bind(&f.four_os)
    .bind(now)
    .bind(created_by)
    .fetch_one(conn)
    .await?)
}

/// Updates an activity. `detach` marks an occurrence as edited on its own.
pub async fn update_activity(conn: &mut Conn, t: &Tenant, id: i64, f: &ActivityFields, detach: bool) -> Result<()> {
    let done = sqlx::query(
        "UPDATE activities SET kind = $3, title = $4, description = $5, starts_at = $6, ends_at = $7, location = $8,
                online_url = $9, capacity = $10, audience = $11, theme_group_id = $12, project_id = $13,
                body_id = $14, four_os = $15, updated_at = $16,
                detached = CASE WHEN $17 = 1 THEN 1 ELSE detached END,
                reminders_sent_at = CASE WHEN starts_at = $6 THEN reminders_sent_at ELSE NULL END
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.description)
    .bind(&f.starts_at)
    .bind(&f.ends_at)
    .bind(&f.location)
    .bind(&f.online_url)
    .bind(f.capacity)
    .bind(&f.audience)
    .bind(f.theme_group_id)
    .bind(f.project_id)
    .bind(f.body_id)
    .bind(&f.four_os)
    .bind(now_text())
    .bind(i64::from(detach))
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

pub(super) fn affected(n: u64) -> Result<()> {
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn activity(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ActivityRow>> {
    Ok(sqlx::query_as(&format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// The portable row lock (see `agenda::lock`): serialises registrations for one activity.
pub async fn lock_activity(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE activities SET status = status WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}

pub async fn set_cancelled(conn: &mut Conn, t: &Tenant, id: i64, reason: Option<&str>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE activities SET status = 'cancelled', cancel_reason = $3, updated_at = $4
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(reason)
    .bind(now_text())
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

pub async fn set_attendance_count(conn: &mut Conn, t: &Tenant, id: i64, count: Option<i64>) -> Result<()> {
    let done = sqlx::query("UPDATE activities SET attendance_count = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(count)
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}

/// Which activities a list shows.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter<'a> {
    /// Starts at or after (UTC text).
    pub from: Option<&'a str>,
    /// Starts before (UTC text).
    pub to: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub theme_id: Option<i64>,
    /// Audiences the reader may see, e.g. `["public"]`.
    pub audiences: &'a [&'a str],
    /// Newest first (past activities) instead of soonest first.
    pub descending: bool,
}

/// Activities in start order, keyset-paginated after (starts_at, id).
///
/// The statement has only the conditions that apply (one shape per combination, each cached):
/// a catch-all `($2 = '' OR starts_at >= $2)` would keep PostgreSQL's generic plan from using
/// the (werkplaats_id, starts_at, id) index as a range, which costs milliseconds at thousands
/// of activities. The keyset is a row comparison, which both engines answer from that index.
pub async fn activities(
    conn: &mut Conn,
    t: &Tenant,
    f: &ActivityFilter<'_>,
    after: Option<(&str, i64)>,
    limit: i64,
) -> Result<Vec<ActivityRow>> {
    // Audiences are our own constants, never input.
    let audiences = f.audiences.iter().map(|a| format!("'{}'", a.replace('\'', ""))).collect::<Vec<_>>().join(",");
    let audiences = if audiences.is_empty() { "''".to_owned() } else { audiences };
    let mut sql =
        format!("SELECT {ACTIVITY_COLUMNS} FROM activities a WHERE werkplaats_id = $1 AND audience IN ({audiences})");
    let mut text_binds: Vec<&str> = Vec::new();
    let mut n = 1;
    let mut next = |sql: &mut String, clause: &str| {
        n += 1;
        sql.push_str(&clause.replace('?', &format!("${n}")));
    };
    if let Some(from) = f.from {
        next(&mut sql, " AND starts_at >= ?");
        text_binds.push(from);
    }
    if let Some(to) = f.to {
        next(&mut sql, " AND starts_at < ?");
        text_binds.push(to);
    }
    if let Some(kind) = f.kind {
        next(&mut sql, " AND kind = ?");
        text_binds.push(kind);
    }
    if let Some((start, _)) = after {
        next(&mut sql, if f.descending { " AND (starts_at, id) < (?, " } else { " AND (starts_at, id) > (?, " });
        text_binds.push(start);
        next(&mut sql, "?)");
    }
    if f.theme_id.is_some() {
        next(
            &mut sql,
            " AND EXISTS (SELECT 1 FROM activity_themes th WHERE th.activity_id = a.id AND th.theme_id = ?)",
        );
    }
    next(&mut sql, "");
    let order = if f.descending { "DESC" } else { "ASC" };
    sql.push_str(&format!(" ORDER BY starts_at {order}, id {order} LIMIT ${n}"));
    let mut q = sqlx::query_as(&sql).bind(t.id());
    for b in &text_binds {
        q = q.bind(*b);
    }
    if let Some((_, id)) = after {
        q = q.bind(id);
    }
    if let Some(theme) = f.theme_id {
        q = q.bind(theme);
    }
    Ok(q.bind(limit).fetch_all(conn).await?)
}

/// The activities of a series, in start order.
pub async fn series_activities(conn: &mut Conn, t: &Tenant, series_id: i64) -> Result<Vec<ActivityRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE werkplaats_id = $1 AND series_id = $2 ORDER BY starts_at, id"
    ))
    .bind(t.id())
    .bind(series_id)
    .fetch_all(conn)
    .await?)
}

/// Activities of the bodies (MT, consortium): (body id, start) of those not cancelled.
pub async fn body_meetings(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT body_id, starts_at FROM activities
          WHERE werkplaats_id = $1 AND body_id IS NOT NULL AND status = 'scheduled' ORDER BY body_id, starts_at",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// Knowledge-sharing activities held by theme groups: (theme group id, start, kind), not cancelled.
pub async fn theme_group_activities(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT theme_group_id, starts_at, kind FROM activities
          WHERE werkplaats_id = $1 AND theme_group_id IS NOT NULL AND status = 'scheduled'
          ORDER BY theme_group_id, starts_at",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- series ------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SeriesRow {
    pub id: i64,
    pub rrule: String,
    pub first_start: String,
}

pub async fn insert_series(conn: &mut Conn, t: &Tenant, rrule: &str, first_start: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO activity_series (werkplaats_id, rrule, first_start, created_at) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(t.id())
    .bind(rrule)
    .bind(first_start)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn series(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<SeriesRow>> {
    Ok(sqlx::query_as("SELECT id, rrule, first_start FROM activity_series WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

// ---- links -------------------------------------------------------------------------------------

/// Many-to-many link tables of an activity: (table, child column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityLinks {
    Themes,
    OrganiserPeople,
    OrganiserOrganisations,
    PresentOrganisations,
}

impl ActivityLinks {
    fn parts(self) -> (&'static str, &'static str) {
        match self {
            ActivityLinks::Themes => ("activity_themes", "theme_id"),
            ActivityLinks::OrganiserPeople => ("activity_organiser_people", "person_id"),
            ActivityLinks::OrganiserOrganisations => ("activity_organiser_organisations", "organisation_id"),
            ActivityLinks::PresentOrganisations => ("activity_present_organisations", "organisation_id"),
        }
    }
}

pub async fn replace_links(
    conn: &mut Conn,
    t: &Tenant,
    links: ActivityLinks,
    activity_id: i64,
    children: &[i64],
) -> Result<()> {
    let (table, c) = links.parts();
    sqlx::query(&format!("DELETE FROM {table} WHERE werkplaats_id = $1 AND activity_id = $2"))
        .bind(t.id())
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    for child in children {
        sqlx::query(&format!("INSERT INTO {table} (activity_id, {c}, werkplaats_id) VALUES ($1, $2, $3)"))
            .bind(activity_id)
            .bind(child)
            .bind(t.id())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// (activity id, child id) pairs of a link table for the given activities, in one query.
pub async fn links_of(conn: &mut Conn, t: &Tenant, links: ActivityLinks, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let (table, c) = links.parts();
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT activity_id, {c} FROM {table} WHERE werkplaats_id = $1 AND activity_id IN ({list})
          ORDER BY activity_id, {c}"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- personal calendar feeds ------------------------------------------------------------------

pub async fn set_calendar_feed(conn: &mut Conn, account_id: i64, token_hash: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(account_id)
    .bind(token_hash)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn calendar_feed_account(conn: &mut Conn, token_hash: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT account_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await?)
}

// ---- reminders (installation-wide, run by the job worker) -------------------------------------

/// Activities starting in (`now`, `until`] whose reminders were not yet sent, over all
/// werkplaatsen: (werkplaats slug, activity id). Claims them by setting `reminders_sent_at`.
pub async fn claim_due_reminders(conn: &mut Conn, now: &str, until: &str) -> Result<Vec<(String, i64)>> {
    let due: Vec<(String, i64)> = sqlx::query_as(
        "SELECT w.slug, a.id FROM activities a JOIN werkplaatsen w ON w.id = a.werkplaats_id
          WHERE a.reminders_sent_at IS NULL AND a.status = 'scheduled' AND a.starts_at > $1 AND a.starts_at <= $2
          ORDER BY a.starts_at, a.id",
    )
    .bind(now)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    for (_, id) in &due {
        sqlx::query("UPDATE activities SET reminders_sent_at = $2 WHERE id = $1 AND reminders_sent_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(due)
}

// ---- who belongs ------------------------------------------------------------------------------

/// Whether the account is one of the activity's organisers (as a person of this werkplaats).
pub async fn is_organiser(conn: &mut Conn, t: &Tenant, activity_id: i64, account_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activity_organiser_people o JOIN people p ON p.id = o.person_id
          WHERE o.werkplaats_id = $1 AND o.activity_id = $2 AND p.account_id = $3",
    )
    .bind(t.id())
    .bind(activity_id)
    .bind(account_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Whether the account is a member of the theme group, project or body the activity belongs to.
/// `None` when it belongs to none of them.
pub async fn is_group_member(conn: &mut Conn, t: &Tenant, a: &ActivityRow, account_id: i64) -> Result<Option<bool>> {
    let (sql, id) = match (a.theme_group_id, a.project_id, a.body_id) {
        (Some(g), _, _) => (
            "SELECT COUNT(*) FROM theme_group_members m JOIN people p ON p.id = m.person_id
              WHERE m.werkplaats_id = $1 AND m.theme_group_id = $2 AND p.account_id = $3",
            g,
        ),
        (None, Some(pr), _) => (
            "SELECT COUNT(*) FROM project_people m JOIN people p ON p.id = m.person_id
              WHERE m.werkplaats_id = $1 AND m.project_id = $2 AND p.account_id = $3",
            pr,
        ),
        (None, None, Some(b)) => (
            "SELECT COUNT(*) FROM body_members m JOIN people p ON p.id = m.person_id
              WHERE m.werkplaats_id = $1 AND m.body_id = $2 AND p.account_id = $3",
            b,
        ),
        (None, None, None) => return Ok(None),
    };
    let n: i64 = sqlx::query_scalar(sql).bind(t.id()).bind(id).bind(account_id).fetch_one(conn).await?;
    Ok(Some(n > 0))
}

/// An installation secret by name, created from `fresh` on first use (every instance against
/// the same database then shares it).
pub async fn installation_secret(conn: &mut Conn, name: &str, fresh: &str) -> Result<String> {
    sqlx::query("INSERT INTO installation_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query_scalar("SELECT value FROM installation_secrets WHERE name = $1").bind(name).fetch_one(conn).await?)
}

/// Sets the cancel-token hash of a registration (it is derived from the registration's id and
/// queue time, so it is only known after the insert).
pub async fn set_token_hash(conn: &mut Conn, t: &Tenant, id: i64, token_hash: &str) -> Result<()> {
    let done = sqlx::query("UPDATE registrations SET cancel_token_hash = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(token_hash)
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}
