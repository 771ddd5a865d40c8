//! Reports of activities: text, actions, linked products, files.
use crate::{Conn, Result, Tenant, now_text};

// ---- reports -----------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ReportRow {
    pub minutes: String,
    /// JSON array of strings.
    pub decisions: String,
    pub author_name: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub description: String,
    pub owner: String,
    pub due_on: Option<String>,
    pub done: i64,
}

pub async fn report(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<Option<ReportRow>> {
    Ok(sqlx::query_as(
        "SELECT minutes, decisions, author_name, updated_at FROM activity_reports
          WHERE werkplaats_id = $1 AND activity_id = $2",
    )
    .bind(t.id())
    .bind(activity_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn upsert_report(
    conn: &mut Conn,
    t: &Tenant,
    activity_id: i64,
    minutes: &str,
    decisions_json: &str,
    author: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO activity_reports (activity_id, werkplaats_id, minutes, decisions, author_name, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (activity_id) DO UPDATE SET minutes = excluded.minutes, decisions = excluded.decisions,
            author_name = excluded.author_name, updated_at = excluded.updated_at",
    )
    .bind(activity_id)
    .bind(t.id())
    .bind(minutes)
    .bind(decisions_json)
    .bind(author)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn actions(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<Vec<ActionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, description, owner, due_on, done FROM report_actions
          WHERE werkplaats_id = $1 AND activity_id = $2 ORDER BY position, id",
    )
    .bind(t.id())
    .bind(activity_id)
    .fetch_all(conn)
    .await?)
}

pub struct ActionFields<'a> {
    pub description: &'a str,
    pub owner: &'a str,
    pub due_on: Option<&'a str>,
    pub done: bool,
}

pub async fn replace_actions(
    conn: &mut Conn,
    t: &Tenant,
    activity_id: i64,
    actions: &[ActionFields<'_>],
) -> Result<()> {
    sqlx::query("DELETE FROM report_actions WHERE werkplaats_id = $1 AND activity_id = $2")
        .bind(t.id())
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    for (i, a) in actions.iter().enumerate() {
        sqlx::query(
            "INSERT INTO report_actions (activity_id, werkplaats_id, description, owner, due_on, done, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(activity_id)
        .bind(t.id())
        .bind(a.description)
        .bind(a.owner)
        .bind(a.due_on)
        .bind(i64::from(a.done))
        .bind(i as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProductLinkRow {
    pub title: String,
    pub url: String,
}

pub async fn product_links(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<Vec<ProductLinkRow>> {
    Ok(sqlx::query_as(
        "SELECT title, url FROM report_products WHERE werkplaats_id = $1 AND activity_id = $2 ORDER BY position, id",
    )
    .bind(t.id())
    .bind(activity_id)
    .fetch_all(conn)
    .await?)
}

pub async fn replace_product_links(
    conn: &mut Conn,
    t: &Tenant,
    activity_id: i64,
    links: &[(String, String)],
) -> Result<()> {
    sqlx::query("DELETE FROM report_products WHERE werkplaats_id = $1 AND activity_id = $2")
        .bind(t.id())
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    for (i, (title, url)) in links.iter().enumerate() {
        sqlx::query(
            "INSERT INTO report_products (activity_id, werkplaats_id, title, url, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(activity_id)
        .bind(t.id())
        .bind(title)
        .bind(url)
        .bind(i as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

// ---- report files ------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct FileRow {
    pub id: i64,
    pub activity_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub storage_key: String,
    pub author_name: String,
    pub created_at: String,
}

pub struct NewFile<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub storage_key: &'a str,
    pub author_name: &'a str,
}

pub(super) const FILE_COLUMNS: &str =
    "id, activity_id, filename, content_type, size, storage_key, author_name, created_at";

pub async fn insert_file(conn: &mut Conn, t: &Tenant, activity_id: i64, f: &NewFile<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO activity_files
            (activity_id, werkplaats_id, filename, content_type, size, storage_key, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(activity_id)
    .bind(t.id())
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.storage_key)
    .bind(f.author_name)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn files(conn: &mut Conn, t: &Tenant, activity_id: i64) -> Result<Vec<FileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM activity_files WHERE werkplaats_id = $1 AND activity_id = $2 ORDER BY id"
    ))
    .bind(t.id())
    .bind(activity_id)
    .fetch_all(conn)
    .await?)
}

pub async fn file(conn: &mut Conn, t: &Tenant, activity_id: i64, id: i64) -> Result<Option<FileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM activity_files WHERE werkplaats_id = $1 AND activity_id = $2 AND id = $3"
    ))
    .bind(t.id())
    .bind(activity_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn delete_file(conn: &mut Conn, t: &Tenant, activity_id: i64, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM activity_files WHERE werkplaats_id = $1 AND activity_id = $2 AND id = $3")
        .bind(t.id())
        .bind(activity_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether any file row, in any werkplaats, still refers to a stored blob. Storage is shared by
/// the installation (content-addressed), so this is deliberately not tenant-scoped: it reveals
/// nothing and only decides whether the blob may go.
/// Whether any file row (report attachments and knowledge product files, of any werkplaats)
/// still refers to this content.
pub async fn storage_key_in_use(conn: &mut Conn, key: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM activity_files WHERE storage_key = $1)
              + (SELECT COUNT(*) FROM knowledge_product_files WHERE storage_key = $1)",
    )
    .bind(key)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
