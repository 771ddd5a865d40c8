//! Partner organisations, people and their functions, letters of intent, theme groups, projects,
//! bodies (MT, consortium), governance settings and the audit log of one werkplaats.
use crate::{Conn, Result, StoreError, Tenant, now_text};

mod groups;
mod people;
mod projects;

pub use groups::*;
pub use people::*;
pub use projects::*;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

pub struct OrganisationFields<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub city: Option<&'a str>,
    pub website: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub(super) const ORG_COLUMNS: &str = "id, name, kind, city, website, email";

/// Organisations by name, optionally of one kind, keyset-paginated after (name, id).
pub async fn organisations(
    conn: &mut Conn,
    t: &Tenant,
    kind: Option<&str>,
    after: Option<(&str, i64)>,
    limit: i64,
) -> Result<Vec<OrganisationRow>> {
    let (name, id) = after.unwrap_or(("", 0));
    Ok(sqlx::query_as(&format!(
        "SELECT {ORG_COLUMNS} FROM organisations
          WHERE werkplaats_id = $1 AND ($2 = '' OR kind = $2) AND (name > $3 OR (name = $3 AND id > $4))
          ORDER BY name, id LIMIT $5"
    ))
    .bind(t.id())
    .bind(kind.unwrap_or(""))
    .bind(name)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn organisation(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<OrganisationRow>> {
    Ok(sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organisations WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn all_organisation_names(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM organisations WHERE werkplaats_id = $1 ORDER BY name")
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn insert_organisation_full(conn: &mut Conn, t: &Tenant, f: &OrganisationFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO organisations (werkplaats_id, name, kind, city, website, email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(t.id())
    .bind(f.name)
    .bind(f.kind)
    .bind(f.city)
    .bind(f.website)
    .bind(f.email)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn update_organisation(conn: &mut Conn, t: &Tenant, id: i64, f: &OrganisationFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE organisations SET name = $3, kind = $4, city = $5, website = $6, email = $7
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.name)
    .bind(f.kind)
    .bind(f.city)
    .bind(f.website)
    .bind(f.email)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

pub(crate) fn affected(n: u64) -> Result<()> {
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

/// Deletes a row of a tenant table by id. `table` is one of our own table names, never input.
pub async fn delete_row(conn: &mut Conn, t: &Tenant, table: Table, id: i64) -> Result<()> {
    let done = sqlx::query(&format!("DELETE FROM {} WHERE werkplaats_id = $1 AND id = $2", table.name()))
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    affected(done.rows_affected())
}

/// Tenant tables with an `id` that use cases may delete rows from.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Organisations,
    People,
    LettersOfIntent,
    ThemeGroups,
    Projects,
    Bodies,
    Themes,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Organisations => "organisations",
            Table::People => "people",
            Table::LettersOfIntent => "letters_of_intent",
            Table::ThemeGroups => "theme_groups",
            Table::Projects => "projects",
            Table::Bodies => "bodies",
            Table::Themes => "themes",
        }
    }
}

/// Many-to-many link tables: (table, parent column, child column).
#[derive(Debug, Clone, Copy)]
pub enum Links {
    ThemeGroupOrganisations,
    ThemeGroupMembers,
    BodyMembers,
}

impl Links {
    fn parts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Links::ThemeGroupOrganisations => ("theme_group_organisations", "theme_group_id", "organisation_id"),
            Links::ThemeGroupMembers => ("theme_group_members", "theme_group_id", "person_id"),
            Links::BodyMembers => ("body_members", "body_id", "person_id"),
        }
    }
}

/// Makes the links of `parent` exactly `children`.
pub async fn replace_links(conn: &mut Conn, t: &Tenant, links: Links, parent: i64, children: &[i64]) -> Result<()> {
    let (table, p, c) = links.parts();
    sqlx::query(&format!("DELETE FROM {table} WHERE werkplaats_id = $1 AND {p} = $2"))
        .bind(t.id())
        .bind(parent)
        .execute(&mut *conn)
        .await?;
    for child in children {
        sqlx::query(&format!("INSERT INTO {table} ({p}, {c}, werkplaats_id) VALUES ($1, $2, $3)"))
            .bind(parent)
            .bind(child)
            .bind(t.id())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// All (parent, child) pairs of a link table for this werkplaats, in one query.
pub async fn all_links(conn: &mut Conn, t: &Tenant, links: Links) -> Result<Vec<(i64, i64)>> {
    let (table, p, c) = links.parts();
    Ok(sqlx::query_as(&format!("SELECT {p}, {c} FROM {table} WHERE werkplaats_id = $1 ORDER BY {p}, {c}"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

/// Which of `ids` exist in `table` for this werkplaats (to validate references in one query each).
pub async fn existing_ids(conn: &mut Conn, t: &Tenant, table: Table, ids: &[i64]) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {} WHERE werkplaats_id = $1 AND id IN ({list})", table.name()))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

/// Every (body, meeting date) of the werkplaats: the dates of the bodies' activities that were
/// not cancelled (MT- and consortiumoverleg are activities since migration 0003).
pub async fn all_meetings(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT body_id, SUBSTR(starts_at, 1, 10) FROM activities
          WHERE werkplaats_id = $1 AND body_id IS NOT NULL AND status = 'scheduled' ORDER BY body_id, starts_at",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- settings and audit --------------------------------------------------------------------------

pub async fn governance_settings(conn: &mut Conn, t: &Tenant) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT governance FROM werkplaats_settings WHERE werkplaats_id = $1")
        .bind(t.id())
        .fetch_optional(conn)
        .await?)
}

pub async fn set_governance_settings(conn: &mut Conn, t: &Tenant, json: &str) -> Result<()> {
    let done = sqlx::query("UPDATE werkplaats_settings SET governance = $2 WHERE werkplaats_id = $1")
        .bind(t.id())
        .bind(json)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        sqlx::query("INSERT INTO werkplaats_settings (werkplaats_id, governance) VALUES ($1, $2)")
            .bind(t.id())
            .bind(json)
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub struct AuditEntry<'a> {
    pub actor_name: &'a str,
    pub actor_account_id: Option<i64>,
    pub entity_type: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Clears the recorded before and after of every audit entry about one item (a story whose
/// consent was withdrawn): the entries keep who did what when, not what it said.
pub async fn scrub_audit(conn: &mut Conn, t: &Tenant, entity_type: &str, entity_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE audit_log SET before = NULL, after = NULL WHERE werkplaats_id = $1 AND entity_type = $2 AND entity_id = $3",
    )
    .bind(t.id)
    .bind(entity_type)
    .bind(entity_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_audit(conn: &mut Conn, t: &Tenant, e: &AuditEntry<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (werkplaats_id, at, actor_name, actor_account_id, entity_type, entity_id, action, before,
                                after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(t.id())
    .bind(now_text())
    .bind(e.actor_name)
    .bind(e.actor_account_id)
    .bind(e.entity_type)
    .bind(e.entity_id)
    .bind(e.action)
    .bind(e.before)
    .bind(e.after)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Audit entries, newest first, keyset-paginated before `before_id`.
pub async fn audit_log(conn: &mut Conn, t: &Tenant, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_name, entity_type, entity_id, action, before, after FROM audit_log
          WHERE werkplaats_id = $1 AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3",
    )
    .bind(t.id())
    .bind(before_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// What governance facts depend on, cheaply: the newest audit entry and the newest agenda version.
/// Every organisation change writes an audit entry and every agenda change a version, so when
/// neither moved, the facts are as they were.
pub async fn governance_state(conn: &mut Conn, t: &Tenant) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE werkplaats_id = $1),
                (SELECT COALESCE(MAX(id), 0) FROM agenda_versions WHERE werkplaats_id = $1)",
    )
    .bind(t.id())
    .fetch_one(conn)
    .await?)
}
