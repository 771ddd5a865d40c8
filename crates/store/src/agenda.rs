//! Agendas, themes, project options, cross-cutting concerns and agenda versions.
use crate::{Conn, Result, StoreError, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgendaRow {
    pub id: i64,
    pub period: String,
    pub motto: String,
    pub national_theme: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThemeRow {
    pub id: i64,
    pub agenda_id: i64,
    pub title: String,
    pub level: Option<String>,
    pub introduction: String,
    /// JSON array of strings.
    pub questions: String,
    pub funding: Option<String>,
    pub position: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectOptionRow {
    pub id: i64,
    pub theme_id: i64,
    pub title: String,
    pub position: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CrossCuttingRow {
    pub id: i64,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub number: i64,
    pub status: String,
    pub version_date: String,
    pub author_name: String,
    pub change_note: String,
    pub created_at: String,
    /// Empty in listings; the JSON snapshot when one version is fetched.
    pub snapshot: String,
}

/// The agenda of the werkplaats's latest period.
pub async fn current(conn: &mut Conn, t: &Tenant) -> Result<Option<AgendaRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, p.label AS period, a.motto, a.national_theme
           FROM agendas a JOIN periods p ON p.id = a.period_id
          WHERE a.werkplaats_id = $1
          ORDER BY p.start_year DESC, a.id DESC LIMIT 1",
    )
    .bind(t.id())
    .fetch_optional(conn)
    .await?)
}

pub async fn insert(
    conn: &mut Conn,
    t: &Tenant,
    period: (&str, i64, i64),
    motto: &str,
    national_theme: &str,
) -> Result<AgendaRow> {
    let period_id: i64 = sqlx::query_scalar(
        "INSERT INTO periods (werkplaats_id, label, start_year, end_year) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(t.id())
    .bind(period.0)
    .bind(period.1)
    .bind(period.2)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO agendas (werkplaats_id, period_id, motto, national_theme) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(t.id())
    .bind(period_id)
    .bind(motto)
    .bind(national_theme)
    .fetch_one(conn)
    .await?;
    Ok(AgendaRow {
        id,
        period: period.0.to_owned(),
        motto: motto.to_owned(),
        national_theme: national_theme.to_owned(),
    })
}

const THEME_COLUMNS: &str = "id, agenda_id, title, level, introduction, questions, funding, position";

pub async fn themes(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<Vec<ThemeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {THEME_COLUMNS} FROM themes WHERE werkplaats_id = $1 AND agenda_id = $2 ORDER BY position, id"
    ))
    .bind(t.id())
    .bind(agenda_id)
    .fetch_all(conn)
    .await?)
}

pub async fn theme(conn: &mut Conn, t: &Tenant, theme_id: i64) -> Result<Option<ThemeRow>> {
    Ok(sqlx::query_as(&format!("SELECT {THEME_COLUMNS} FROM themes WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(theme_id)
        .fetch_optional(conn)
        .await?)
}

/// Project options of every theme of an agenda in one query, ordered by theme then position.
pub async fn project_options(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<Vec<ProjectOptionRow>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.theme_id, o.title, o.position
           FROM project_options o JOIN themes th ON th.id = o.theme_id
          WHERE o.werkplaats_id = $1 AND th.agenda_id = $2
          ORDER BY o.theme_id, o.position, o.id",
    )
    .bind(t.id())
    .bind(agenda_id)
    .fetch_all(conn)
    .await?)
}

pub async fn cross_cutting(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<Vec<CrossCuttingRow>> {
    Ok(sqlx::query_as(
        "SELECT id, title, description FROM cross_cutting_concerns
          WHERE werkplaats_id = $1 AND agenda_id = $2 ORDER BY position, id",
    )
    .bind(t.id())
    .bind(agenda_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_cross_cutting(
    conn: &mut Conn,
    t: &Tenant,
    agenda_id: i64,
    title: &str,
    description: &str,
    position: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO cross_cutting_concerns (werkplaats_id, agenda_id, title, description, position)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(t.id())
    .bind(agenda_id)
    .bind(title)
    .bind(description)
    .bind(position)
    .fetch_one(conn)
    .await?)
}

/// Fields of a theme as written.
pub struct ThemeFields<'a> {
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub introduction: &'a str,
    pub questions_json: &'a str,
    pub funding: Option<&'a str>,
}

pub async fn insert_theme(conn: &mut Conn, t: &Tenant, agenda_id: i64, f: &ThemeFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO themes (werkplaats_id, agenda_id, title, level, introduction, questions, funding, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM themes WHERE werkplaats_id = $1 AND agenda_id = $2))
         RETURNING id",
    )
    .bind(t.id())
    .bind(agenda_id)
    .bind(f.title)
    .bind(f.level)
    .bind(f.introduction)
    .bind(f.questions_json)
    .bind(f.funding)
    .fetch_one(conn)
    .await?)
}

pub async fn update_theme(conn: &mut Conn, t: &Tenant, theme_id: i64, f: &ThemeFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE themes SET title = $3, level = $4, introduction = $5, questions = $6, funding = $7
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(theme_id)
    .bind(f.title)
    .bind(f.level)
    .bind(f.introduction)
    .bind(f.questions_json)
    .bind(f.funding)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn delete_theme(conn: &mut Conn, t: &Tenant, theme_id: i64) -> Result<()> {
    // Explicit rather than relying on ON DELETE CASCADE, which SQLite applies only with
    // foreign_keys on: the outcome must not depend on a connection setting.
    sqlx::query("DELETE FROM project_options WHERE werkplaats_id = $1 AND theme_id = $2")
        .bind(t.id())
        .bind(theme_id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM themes WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(theme_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn set_theme_position(conn: &mut Conn, t: &Tenant, theme_id: i64, position: i64) -> Result<()> {
    sqlx::query("UPDATE themes SET position = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(theme_id)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn theme_options(conn: &mut Conn, t: &Tenant, theme_id: i64) -> Result<Vec<ProjectOptionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, theme_id, title, position FROM project_options
          WHERE werkplaats_id = $1 AND theme_id = $2 ORDER BY position, id",
    )
    .bind(t.id())
    .bind(theme_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_project_option(
    conn: &mut Conn,
    t: &Tenant,
    theme_id: i64,
    title: &str,
    position: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO project_options (werkplaats_id, theme_id, title, position) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(t.id())
    .bind(theme_id)
    .bind(title)
    .bind(position)
    .fetch_one(conn)
    .await?)
}

pub async fn update_project_option(
    conn: &mut Conn,
    t: &Tenant,
    option_id: i64,
    title: &str,
    position: i64,
) -> Result<()> {
    let done = sqlx::query("UPDATE project_options SET title = $3, position = $4 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(option_id)
        .bind(title)
        .bind(position)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn delete_project_option(conn: &mut Conn, t: &Tenant, option_id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM project_options WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(option_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn versions(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<Vec<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT number, status, version_date, author_name, change_note, created_at, '' AS snapshot
           FROM agenda_versions WHERE werkplaats_id = $1 AND agenda_id = $2 ORDER BY number DESC",
    )
    .bind(t.id())
    .bind(agenda_id)
    .fetch_all(conn)
    .await?)
}

pub async fn version(conn: &mut Conn, t: &Tenant, agenda_id: i64, number: i64) -> Result<Option<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT number, status, version_date, author_name, change_note, created_at, snapshot
           FROM agenda_versions WHERE werkplaats_id = $1 AND agenda_id = $2 AND number = $3",
    )
    .bind(t.id())
    .bind(agenda_id)
    .bind(number)
    .fetch_optional(conn)
    .await?)
}

pub async fn latest_version(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<Option<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT number, status, version_date, author_name, change_note, created_at, snapshot
           FROM agenda_versions WHERE werkplaats_id = $1 AND agenda_id = $2 ORDER BY number DESC LIMIT 1",
    )
    .bind(t.id())
    .bind(agenda_id)
    .fetch_optional(conn)
    .await?)
}

pub struct NewVersion<'a> {
    pub status: &'a str,
    pub version_date: &'a str,
    pub author_account_id: Option<i64>,
    pub author_name: &'a str,
    pub change_note: &'a str,
    pub snapshot_json: &'a str,
}

/// Appends the next version. The number is computed inside the insert and guarded by the unique
/// (agenda, number) constraint, so two concurrent saves cannot both become version n.
pub async fn insert_version(conn: &mut Conn, t: &Tenant, agenda_id: i64, v: &NewVersion<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO agenda_versions (werkplaats_id, agenda_id, number, status, version_date,
                                      author_account_id, author_name, change_note, snapshot, created_at)
         VALUES ($1, $2,
                 (SELECT COALESCE(MAX(number), 0) + 1 FROM agenda_versions WHERE werkplaats_id = $1 AND agenda_id = $2),
                 $3, $4, $5, $6, $7, $8, $9)
         RETURNING number",
    )
    .bind(t.id())
    .bind(agenda_id)
    .bind(v.status)
    .bind(v.version_date)
    .bind(v.author_account_id)
    .bind(v.author_name)
    .bind(v.change_note)
    .bind(v.snapshot_json)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

/// Locks the agenda for the rest of the transaction so concurrent changes queue up instead of
/// racing for the next version number. A no-op update is the portable row lock: PostgreSQL
/// locks the row; SQLite already holds the database write lock (`BEGIN IMMEDIATE`).
pub async fn lock(conn: &mut Conn, t: &Tenant, agenda_id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE agendas SET motto = motto WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(agenda_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
