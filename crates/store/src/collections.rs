//! Collections (issue 19): reading lists of a werkplaats with their items in order. Every query on
//! werkplaats data takes its `&Tenant`; `owner` and `item_owner` only find which werkplaats a
//! collection or an item belongs to (collection pages have no werkplaats in their address).
use crate::{Conn, Result, Tenant, now_text};

/// One collection as stored.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CollectionRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub visibility: String,
    pub programme: String,
    pub author_account_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// One item of a collection, in its place.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ItemRow {
    pub position: i64,
    pub item_type: String,
    pub item_id: i64,
    pub note: String,
    pub added_at: String,
}

/// The fields of a collection to write.
pub struct CollectionFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub visibility: &'a str,
    pub programme: &'a str,
}

/// An item to write: (type, id, note, added_at).
pub type NewItem<'a> = (&'a str, i64, &'a str, &'a str);

const COLUMNS: &str = "id, title, description, visibility, programme, author_account_id, created_at, updated_at";

/// The slug of the werkplaats a collection belongs to.
pub async fn owner(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT w.slug FROM collections c JOIN werkplaatsen w ON w.id = c.werkplaats_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The slug of the werkplaats an item belongs to; `None` for an unknown type or id.
pub async fn item_owner(conn: &mut Conn, item_type: &str, id: i64) -> Result<Option<String>> {
    let table = match item_type {
        "knowledge_product" => "knowledge_products",
        "approach" => "approaches",
        "story" => "stories",
        "activity_report" => "activity_reports",
        _ => return Ok(None),
    };
    let key = if item_type == "activity_report" { "activity_id" } else { "id" };
    Ok(sqlx::query_scalar(&format!(
        "SELECT w.slug FROM {table} x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.{key} = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Collections of a werkplaats, newest first: only public ones unless `all`; ids below
/// `before_id` when it is not 0.
pub async fn collections(
    conn: &mut Conn,
    t: &Tenant,
    all: bool,
    before_id: i64,
    limit: i64,
) -> Result<Vec<CollectionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM collections
          WHERE werkplaats_id = $1 AND ($2 = 1 OR visibility = 'public') AND ($3 = 0 OR id < $3)
          ORDER BY id DESC LIMIT $4"
    ))
    .bind(t.id())
    .bind(i64::from(all))
    .bind(before_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn collection(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<CollectionRow>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM collections WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn items(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Vec<ItemRow>> {
    Ok(sqlx::query_as(
        "SELECT position, item_type, item_id, note, added_at FROM collection_items
          WHERE werkplaats_id = $1 AND collection_id = $2 ORDER BY position",
    )
    .bind(t.id())
    .bind(id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_collection(conn: &mut Conn, t: &Tenant, f: &CollectionFields<'_>, author: i64) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO collections (werkplaats_id, title, description, visibility, programme, author_account_id,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(t.id())
    .bind(f.title)
    .bind(f.description)
    .bind(f.visibility)
    .bind(f.programme)
    .bind(author)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_collection(conn: &mut Conn, t: &Tenant, id: i64, f: &CollectionFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE collections SET title = $3, description = $4, visibility = $5, programme = $6, updated_at = $7
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.visibility)
    .bind(f.programme)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the items of a collection by `items`, in that order.
pub async fn replace_items(conn: &mut Conn, t: &Tenant, id: i64, items: &[NewItem<'_>]) -> Result<()> {
    sqlx::query("DELETE FROM collection_items WHERE werkplaats_id = $1 AND collection_id = $2")
        .bind(t.id())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (i, (item_type, item_id, note, added_at)) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO collection_items (collection_id, werkplaats_id, position, item_type, item_id, note, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(t.id())
        .bind(i as i64 + 1)
        .bind(*item_type)
        .bind(*item_id)
        .bind(*note)
        .bind(*added_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn delete_collection(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM collections WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The knowledge products of a theme (linked to it, or of a project in it) in the werkplaats's
/// collections, as (collection id, product id), by collection.
pub async fn theme_products(conn: &mut Conn, t: &Tenant, theme_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT i.collection_id, i.item_id FROM collection_items i
          WHERE i.werkplaats_id = $1 AND i.item_type = 'knowledge_product'
            AND (i.item_id IN (SELECT kt.product_id FROM knowledge_product_themes kt WHERE kt.theme_id = $2)
                 OR i.item_id IN (SELECT p.id FROM knowledge_products p JOIN projects pr ON pr.id = p.project_id
                                   WHERE pr.theme_id = $2))
          ORDER BY i.collection_id, i.item_id",
    )
    .bind(t.id())
    .bind(theme_id)
    .fetch_all(conn)
    .await?)
}
