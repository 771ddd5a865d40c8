//! Projects with their participants and plan versions.
use super::*;
use crate::{Conn, Result, Tenant, now_text};

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

pub(super) const PROJECT_COLUMNS: &str =
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
