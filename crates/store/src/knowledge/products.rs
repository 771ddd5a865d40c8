//! Knowledge products and their files.
use super::*;
use crate::{Conn, Result, Tenant, now_text};

// ---- knowledge products ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProductRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub year: Option<i64>,
    pub published_on: Option<String>,
    pub licence: String,
    pub language: String,
    pub audiences: String,
    pub four_os: String,
    pub links: String,
    pub author_names: String,
    pub visibility: String,
    pub status: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) const PRODUCT_COLUMNS: &str =
    "id, kind, title, summary, body, project_id, theme_group_id, year, published_on,
    licence, language, audiences, four_os, links, author_names, visibility, status, submitted_by, submitted_at,
    reviewed_by, reviewed_at, review_note, created_by, created_at, updated_at";

/// The editable fields of a knowledge product (JSON arrays as text).
#[derive(Debug, Clone)]
pub struct ProductFields {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub year: Option<i64>,
    pub published_on: Option<String>,
    pub licence: String,
    pub language: String,
    pub audiences: String,
    pub four_os: String,
    pub links: String,
    pub author_names: String,
    pub visibility: String,
}

pub async fn insert_product(
    conn: &mut Conn,
    t: &Tenant,
    f: &ProductFields,
    status: &str,
    created_by: Option<i64>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO knowledge_products (werkplaats_id, kind, title, summary, body, project_id, theme_group_id, year,
            published_on, licence, language, audiences, four_os, links, author_names, visibility, status, created_by,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
         RETURNING id",
    )
    .bind(t.id())
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(f.year)
    .bind(&f.published_on)
    .bind(&f.licence)
    .bind(&f.language)
    .bind(&f.audiences)
    .bind(&f.four_os)
    .bind(&f.links)
    .bind(&f.author_names)
    .bind(&f.visibility)
    .bind(status)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_product(conn: &mut Conn, t: &Tenant, id: i64, f: &ProductFields) -> Result<()> {
    let done = sqlx::query(
        "UPDATE knowledge_products SET kind = $1, title = $2, summary = $3, body = $4, project_id = $5,
            theme_group_id = $6, year = $7, published_on = $8, licence = $9, language = $10, audiences = $11,
            four_os = $12, links = $13, author_names = $14, visibility = $15, updated_at = $16
         WHERE werkplaats_id = $17 AND id = $18",
    )
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(f.year)
    .bind(&f.published_on)
    .bind(&f.licence)
    .bind(&f.language)
    .bind(&f.audiences)
    .bind(&f.four_os)
    .bind(&f.links)
    .bind(&f.author_names)
    .bind(&f.visibility)
    .bind(now_text())
    .bind(t.id())
    .bind(id)
    .execute(conn)
    .await?;
    crate::organisation::affected(done.rows_affected())
}

/// A step of the review workflow: who moved it to `status`, when, with an optional note.
pub async fn set_product_status(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    status: &str,
    by: &str,
    note: Option<&str>,
) -> Result<()> {
    let now = now_text();
    let sql = match status {
        "review" => {
            "UPDATE knowledge_products SET status = $1, submitted_by = $2, submitted_at = $3, review_note = $4,
                updated_at = $3 WHERE werkplaats_id = $5 AND id = $6"
        }
        _ => {
            "UPDATE knowledge_products SET status = $1, reviewed_by = $2, reviewed_at = $3, review_note = $4,
                updated_at = $3 WHERE werkplaats_id = $5 AND id = $6"
        }
    };
    let done = sqlx::query(sql).bind(status).bind(by).bind(now).bind(note).bind(t.id()).bind(id).execute(conn).await?;
    crate::organisation::affected(done.rows_affected())
}

pub async fn product(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM knowledge_products WHERE werkplaats_id = $1 AND id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Products of a werkplaats, newest change first; `after` is the (updated_at, id) of the last
/// row of the previous page.
pub async fn products(
    conn: &mut Conn,
    t: &Tenant,
    statuses: &[&str],
    after: Option<(&str, i64)>,
    limit: i64,
) -> Result<Vec<ProductRow>> {
    let statuses = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(",");
    let (after_at, after_id) = after.unwrap_or(("9999", i64::MAX));
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM knowledge_products
         WHERE werkplaats_id = $1 AND status IN ({statuses}) AND (updated_at < $2 OR (updated_at = $2 AND id < $3))
         ORDER BY updated_at DESC, id DESC LIMIT $4"
    ))
    .bind(t.id())
    .bind(after_at)
    .bind(after_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Every product id of a werkplaats (for rebuilding the index).
pub async fn all_ids(conn: &mut Conn, t: &Tenant, table: KnowledgeTable) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {} WHERE werkplaats_id = $1 ORDER BY id", table.name()))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

// ---- files ----------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProductFileRow {
    pub id: i64,
    pub product_id: i64,
    pub storage_key: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: String,
}

pub struct NewProductFile<'a> {
    pub storage_key: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub extracted_text: &'a str,
}

pub async fn insert_file(conn: &mut Conn, t: &Tenant, product_id: i64, f: &NewProductFile<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO knowledge_product_files (werkplaats_id, product_id, storage_key, filename, content_type, size,
            extracted_text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(t.id())
    .bind(product_id)
    .bind(f.storage_key)
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.extracted_text)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub(super) const FILE_COLUMNS: &str = "id, product_id, storage_key, filename, content_type, size, created_at";

pub async fn files(conn: &mut Conn, t: &Tenant, product_id: i64) -> Result<Vec<ProductFileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 ORDER BY id"
    ))
    .bind(t.id())
    .bind(product_id)
    .fetch_all(conn)
    .await?)
}

pub async fn file(conn: &mut Conn, t: &Tenant, product_id: i64, id: i64) -> Result<Option<ProductFileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 AND id = $3"
    ))
    .bind(t.id())
    .bind(product_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The text of all files of a product, for the index.
pub async fn files_text(conn: &mut Conn, t: &Tenant, product_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT extracted_text FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 ORDER BY id",
    )
    .bind(t.id())
    .bind(product_id)
    .fetch_all(conn)
    .await?)
}

pub async fn delete_file(conn: &mut Conn, t: &Tenant, product_id: i64, id: i64) -> Result<()> {
    let done =
        sqlx::query("DELETE FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 AND id = $3")
            .bind(t.id())
            .bind(product_id)
            .bind(id)
            .execute(conn)
            .await?;
    crate::organisation::affected(done.rows_affected())
}
