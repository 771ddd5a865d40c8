//! Theme groups and bodies (MT, consortium).
use super::*;
use crate::{Conn, Result, Tenant};

// ---- theme groups --------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ThemeGroupRow {
    pub id: i64,
    pub theme_id: i64,
    pub theme_title: String,
    pub lead_person_id: Option<i64>,
    pub description: String,
}

pub(super) const GROUP_SELECT: &str =
    "SELECT g.id, g.theme_id, th.title AS theme_title, g.lead_person_id, g.description
                              FROM theme_groups g JOIN themes th ON th.id = g.theme_id";

pub async fn theme_groups(conn: &mut Conn, t: &Tenant) -> Result<Vec<ThemeGroupRow>> {
    Ok(sqlx::query_as(&format!("{GROUP_SELECT} WHERE g.werkplaats_id = $1 ORDER BY th.position, g.id"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn theme_group(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ThemeGroupRow>> {
    Ok(sqlx::query_as(&format!("{GROUP_SELECT} WHERE g.werkplaats_id = $1 AND g.id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_theme_group(
    conn: &mut Conn,
    t: &Tenant,
    theme_id: i64,
    lead: Option<i64>,
    description: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO theme_groups (werkplaats_id, theme_id, lead_person_id, description) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(t.id())
    .bind(theme_id)
    .bind(lead)
    .bind(description)
    .fetch_one(conn)
    .await?)
}

pub async fn update_theme_group(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    theme_id: i64,
    lead: Option<i64>,
    description: &str,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE theme_groups SET theme_id = $3, lead_person_id = $4, description = $5 WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(theme_id)
    .bind(lead)
    .bind(description)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

// ---- bodies --------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct BodyRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
}

pub async fn bodies(conn: &mut Conn, t: &Tenant) -> Result<Vec<BodyRow>> {
    Ok(sqlx::query_as("SELECT id, kind, name FROM bodies WHERE werkplaats_id = $1 ORDER BY kind")
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn body(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<BodyRow>> {
    Ok(sqlx::query_as("SELECT id, kind, name FROM bodies WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_body(conn: &mut Conn, t: &Tenant, kind: &str, name: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("INSERT INTO bodies (werkplaats_id, kind, name) VALUES ($1, $2, $3) RETURNING id")
        .bind(t.id())
        .bind(kind)
        .bind(name)
        .fetch_one(conn)
        .await?)
}

pub async fn update_body(conn: &mut Conn, t: &Tenant, id: i64, name: &str) -> Result<()> {
    let done = sqlx::query("UPDATE bodies SET name = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(name)
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}
