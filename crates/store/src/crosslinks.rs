//! Cross-links (dwarsverbanden) between werkplaatsen: a coordinator's decision on a suggested
//! link from a question or project of their werkplaats to an item of another werkplaats.
use crate::{Conn, Result, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CrossLinkRow {
    pub id: i64,
    /// The werkplaats of the source.
    pub werkplaats: String,
    pub source_kind: String,
    pub source_id: i64,
    pub target_werkplaats: String,
    pub target_kind: String,
    pub target_id: i64,
    pub status: String,
    pub decided_at: String,
}

const COLUMNS: &str = "c.id, w.slug AS werkplaats, c.source_kind, c.source_id, tw.slug AS target_werkplaats, \
                       c.target_kind, c.target_id, c.status, c.decided_at";
const FROM: &str = "cross_links c JOIN werkplaatsen w ON w.id = c.werkplaats_id \
                    JOIN werkplaatsen tw ON tw.id = c.target_werkplaats_id";

/// The decisions on links from this source, and the confirmed links that point at it from other
/// werkplaatsen (shown on both sides).
pub async fn links_of(conn: &mut Conn, t: &Tenant, kind: &str, id: i64) -> Result<Vec<CrossLinkRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM}
          WHERE (c.werkplaats_id = $1 AND c.source_kind = $2 AND c.source_id = $3)
             OR (c.target_werkplaats_id = $1 AND c.target_kind = $2 AND c.target_id = $3 AND c.status = 'confirmed')
          ORDER BY c.decided_at DESC, c.id DESC"
    ))
    .bind(t.id())
    .bind(kind)
    .bind(id)
    .fetch_all(conn)
    .await?)
}

pub async fn link(
    conn: &mut Conn,
    t: &Tenant,
    kind: &str,
    id: i64,
    target_kind: &str,
    target_id: i64,
) -> Result<Option<CrossLinkRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM}
          WHERE c.werkplaats_id = $1 AND c.source_kind = $2 AND c.source_id = $3 AND c.target_kind = $4
            AND c.target_id = $5"
    ))
    .bind(t.id())
    .bind(kind)
    .bind(id)
    .bind(target_kind)
    .bind(target_id)
    .fetch_optional(conn)
    .await?)
}

/// Records (or changes) the decision on a link.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    conn: &mut Conn,
    t: &Tenant,
    (kind, id): (&str, i64),
    target: &Tenant,
    (target_kind, target_id): (&str, i64),
    status: &str,
    account_id: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cross_links (werkplaats_id, source_kind, source_id, target_werkplaats_id, target_kind, target_id,
             status, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (source_kind, source_id, target_kind, target_id)
         DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at",
    )
    .bind(t.id())
    .bind(kind)
    .bind(id)
    .bind(target.id())
    .bind(target_kind)
    .bind(target_id)
    .bind(status)
    .bind(account_id)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// The werkplaats of an item a link may point at: a question, project or knowledge product.
pub async fn owner(conn: &mut Conn, kind: &str, id: i64) -> Result<Option<String>> {
    let table = match kind {
        "question" => "questions",
        "project" => "projects",
        "knowledge_product" => "knowledge_products",
        _ => return Ok(None),
    };
    Ok(sqlx::query_scalar(&format!(
        "SELECT w.slug FROM {table} x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}
