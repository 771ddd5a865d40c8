//! Partner organisations, people and their functions, letters of intent, theme groups, projects,
//! bodies (MT, consortium), governance settings and the audit log of one werkplaats.
use crate::{Conn, Result, StoreError, Tenant, now_text};

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

const ORG_COLUMNS: &str = "id, name, kind, city, website, email";

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

// ---- people --------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PersonFull {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation_id: Option<i64>,
    pub position: Option<String>,
    pub is_manager: i64,
    pub days_per_week: Option<f64>,
}

pub struct PersonFields<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub position: Option<&'a str>,
    pub is_manager: bool,
    pub days_per_week: Option<f64>,
}

/// sqlx 0.8's `Any` driver binds a NULL `f64` as `float4` (its Real/Double arms are swapped), after
/// which PostgreSQL's cached statement refuses a real `f64`. So we always bind an `f64` and turn
/// the sentinel -1 (never a valid number of days) into NULL in SQL.
fn days_param(days: Option<f64>) -> f64 {
    days.unwrap_or(-1.0)
}

const PERSON_COLUMNS: &str = "id, name, email, organisation_id, position, is_manager, days_per_week";

pub async fn people_full(conn: &mut Conn, t: &Tenant) -> Result<Vec<PersonFull>> {
    Ok(sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE werkplaats_id = $1 ORDER BY name, id"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn person(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<PersonFull>> {
    Ok(sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_person_full(conn: &mut Conn, t: &Tenant, f: &PersonFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO people (werkplaats_id, name, email, organisation_id, position, is_manager, days_per_week, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, -1.0), $8) RETURNING id",
    )
    .bind(t.id())
    .bind(f.name)
    .bind(f.email)
    .bind(f.organisation_id)
    .bind(f.position)
    .bind(i64::from(f.is_manager))
    .bind(days_param(f.days_per_week))
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn update_person(conn: &mut Conn, t: &Tenant, id: i64, f: &PersonFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE people SET name = $3, email = $4, organisation_id = $5, position = $6, is_manager = $7,
                days_per_week = NULLIF($8, -1.0) WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.name)
    .bind(f.email)
    .bind(f.organisation_id)
    .bind(f.position)
    .bind(i64::from(f.is_manager))
    .bind(days_param(f.days_per_week))
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

/// Every (person, function) of the werkplaats.
pub async fn all_functions(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT person_id, function FROM person_functions WHERE werkplaats_id = $1 ORDER BY person_id")
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn set_functions(conn: &mut Conn, t: &Tenant, person_id: i64, functions: &[&str]) -> Result<()> {
    sqlx::query("DELETE FROM person_functions WHERE werkplaats_id = $1 AND person_id = $2")
        .bind(t.id())
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for f in functions {
        sqlx::query("INSERT INTO person_functions (werkplaats_id, person_id, function) VALUES ($1, $2, $3)")
            .bind(t.id())
            .bind(person_id)
            .bind(f)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// ---- letters of intent ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct LetterRow {
    pub id: i64,
    pub organisation_id: i64,
    pub signed_on: String,
    pub representative_id: Option<i64>,
    pub estimated_hours: Option<i64>,
    pub estimated_note: Option<String>,
}

pub struct LetterFields<'a> {
    pub organisation_id: i64,
    pub signed_on: &'a str,
    pub representative_id: Option<i64>,
    pub estimated_hours: Option<i64>,
    pub estimated_note: Option<&'a str>,
}

const LETTER_COLUMNS: &str = "id, organisation_id, signed_on, representative_id, estimated_hours, estimated_note";

pub async fn letters(conn: &mut Conn, t: &Tenant) -> Result<Vec<LetterRow>> {
    Ok(sqlx::query_as(&format!("SELECT {LETTER_COLUMNS} FROM letters_of_intent WHERE werkplaats_id = $1 ORDER BY id"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn letter(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<LetterRow>> {
    Ok(sqlx::query_as(&format!("SELECT {LETTER_COLUMNS} FROM letters_of_intent WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_letter(conn: &mut Conn, t: &Tenant, f: &LetterFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO letters_of_intent (werkplaats_id, organisation_id, signed_on, representative_id, estimated_hours,
                                        estimated_note)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.id())
    .bind(f.organisation_id)
    .bind(f.signed_on)
    .bind(f.representative_id)
    .bind(f.estimated_hours)
    .bind(f.estimated_note)
    .fetch_one(conn)
    .await?)
}

pub async fn update_letter(conn: &mut Conn, t: &Tenant, id: i64, f: &LetterFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE letters_of_intent SET organisation_id = $3, signed_on = $4, representative_id = $5,
                estimated_hours = $6, estimated_note = $7 WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.organisation_id)
    .bind(f.signed_on)
    .bind(f.representative_id)
    .bind(f.estimated_hours)
    .bind(f.estimated_note)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

// ---- theme groups --------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ThemeGroupRow {
    pub id: i64,
    pub theme_id: i64,
    pub theme_title: String,
    pub lead_person_id: Option<i64>,
    pub description: String,
}

const GROUP_SELECT: &str = "SELECT g.id, g.theme_id, th.title AS theme_title, g.lead_person_id, g.description
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

// ---- projects ------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProjectRow {
    pub id: i64,
    pub theme_id: i64,
    pub title: String,
    pub questions: String,
    pub higher_goal: String,
    pub four_os: String,
    pub methods: String,
    pub size: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: String,
    pub visibility: String,
    pub plan: String,
}

pub struct ProjectFields<'a> {
    pub theme_id: i64,
    pub title: &'a str,
    pub questions_json: &'a str,
    pub higher_goal: &'a str,
    pub four_os_json: &'a str,
    pub methods_json: &'a str,
    pub size: &'a str,
    pub starts_on: Option<&'a str>,
    pub ends_on: Option<&'a str>,
    pub status: &'a str,
    pub visibility: &'a str,
    pub plan: &'a str,
}

const PROJECT_COLUMNS: &str =
    "id, theme_id, title, questions, higher_goal, four_os, methods, size, starts_on, ends_on, status, visibility, plan";

/// Projects, optionally of one theme; `members_view` false hides members-only projects.
pub async fn projects(
    conn: &mut Conn,
    t: &Tenant,
    theme_id: Option<i64>,
    members_view: bool,
) -> Result<Vec<ProjectRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PROJECT_COLUMNS} FROM projects
          WHERE werkplaats_id = $1 AND ($2 = 0 OR theme_id = $2) AND ($3 = 1 OR visibility = 'public')
          ORDER BY title, id"
    ))
    .bind(t.id())
    .bind(theme_id.unwrap_or(0))
    .bind(i64::from(members_view))
    .fetch_all(conn)
    .await?)
}

pub async fn project(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ProjectRow>> {
    Ok(sqlx::query_as(&format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_project(conn: &mut Conn, t: &Tenant, f: &ProjectFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO projects (werkplaats_id, theme_id, title, questions, higher_goal, four_os, methods, size,
                               starts_on, ends_on, status, visibility, plan, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(t.id())
    .bind(f.theme_id)
    .bind(f.title)
    .bind(f.questions_json)
    .bind(f.higher_goal)
    .bind(f.four_os_json)
    .bind(f.methods_json)
    .bind(f.size)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.status)
    .bind(f.visibility)
    .bind(f.plan)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn update_project(conn: &mut Conn, t: &Tenant, id: i64, f: &ProjectFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE projects SET theme_id = $3, title = $4, questions = $5, higher_goal = $6, four_os = $7, methods = $8,
                size = $9, starts_on = $10, ends_on = $11, status = $12, visibility = $13, plan = $14
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.theme_id)
    .bind(f.title)
    .bind(f.questions_json)
    .bind(f.higher_goal)
    .bind(f.four_os_json)
    .bind(f.methods_json)
    .bind(f.size)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.status)
    .bind(f.visibility)
    .bind(f.plan)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProjectOrganisationRow {
    pub project_id: i64,
    pub organisation_id: i64,
    pub contribution: String,
    pub planning: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProjectPersonRow {
    pub project_id: i64,
    pub person_id: i64,
    pub role: String,
}

pub async fn all_project_organisations(conn: &mut Conn, t: &Tenant) -> Result<Vec<ProjectOrganisationRow>> {
    Ok(sqlx::query_as(
        "SELECT project_id, organisation_id, contribution, planning FROM project_organisations
          WHERE werkplaats_id = $1 ORDER BY project_id, organisation_id",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn all_project_people(conn: &mut Conn, t: &Tenant) -> Result<Vec<ProjectPersonRow>> {
    Ok(sqlx::query_as(
        "SELECT project_id, person_id, role FROM project_people WHERE werkplaats_id = $1 ORDER BY project_id, person_id",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn replace_project_participants(
    conn: &mut Conn,
    t: &Tenant,
    project_id: i64,
    organisations: &[(i64, String, String)],
    people: &[(i64, String)],
) -> Result<()> {
    for table in ["project_organisations", "project_people"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE werkplaats_id = $1 AND project_id = $2"))
            .bind(t.id())
            .bind(project_id)
            .execute(&mut *conn)
            .await?;
    }
    for (org, contribution, planning) in organisations {
        sqlx::query(
            "INSERT INTO project_organisations (project_id, organisation_id, werkplaats_id, contribution, planning)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(project_id)
        .bind(org)
        .bind(t.id())
        .bind(contribution)
        .bind(planning)
        .execute(&mut *conn)
        .await?;
    }
    for (person, role) in people {
        sqlx::query("INSERT INTO project_people (project_id, person_id, werkplaats_id, role) VALUES ($1, $2, $3, $4)")
            .bind(project_id)
            .bind(person)
            .bind(t.id())
            .bind(role)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn insert_plan_version(
    conn: &mut Conn,
    t: &Tenant,
    project_id: i64,
    plan: &str,
    author: &str,
    note: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO project_plan_versions (werkplaats_id, project_id, number, plan, author_name, change_note, created_at)
         VALUES ($1, $2,
                 (SELECT COALESCE(MAX(number), 0) + 1 FROM project_plan_versions WHERE werkplaats_id = $1 AND project_id = $2),
                 $3, $4, $5, $6)
         RETURNING number",
    )
    .bind(t.id())
    .bind(project_id)
    .bind(plan)
    .bind(author)
    .bind(note)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PlanVersionRow {
    pub number: i64,
    pub plan: String,
    pub author_name: String,
    pub change_note: String,
    pub created_at: String,
}

pub async fn plan_versions(conn: &mut Conn, t: &Tenant, project_id: i64) -> Result<Vec<PlanVersionRow>> {
    Ok(sqlx::query_as(
        "SELECT number, plan, author_name, change_note, created_at FROM project_plan_versions
          WHERE werkplaats_id = $1 AND project_id = $2 ORDER BY number DESC",
    )
    .bind(t.id())
    .bind(project_id)
    .fetch_all(conn)
    .await?)
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
