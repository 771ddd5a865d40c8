//! Education (issue 19): assignments with their programmes, applications, and the figures of
//! education involvement. Every query on werkplaats data takes its `&Tenant`.
use crate::{Conn, Result, Tenant, now_text};

/// One assignment as stored (its programmes come from `programmes`).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AssignmentRow {
    pub id: i64,
    pub project_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub question: String,
    pub description: String,
    pub deliverables: String,
    pub level: String,
    pub places: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub location: String,
    pub supervisor_person_id: Option<i64>,
    pub contact_person_id: Option<i64>,
    pub status: String,
    pub visibility: String,
    pub created_at: String,
    pub updated_at: String,
    /// Applications accepted so far.
    pub accepted: i64,
}

/// The fields of an assignment to write.
pub struct AssignmentFields<'a> {
    pub project_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub kind: &'a str,
    pub title: &'a str,
    pub question: &'a str,
    pub description: &'a str,
    pub deliverables: &'a str,
    pub level: &'a str,
    pub places: i64,
    pub starts_on: Option<&'a str>,
    pub ends_on: Option<&'a str>,
    pub location: &'a str,
    pub supervisor_person_id: Option<i64>,
    pub contact_person_id: Option<i64>,
    pub status: &'a str,
    pub visibility: &'a str,
}

/// Which assignments of a werkplaats to list; empty strings and zero ids mean "any".
#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter<'a> {
    /// Members see members-only assignments and every status; others only public, open ones.
    pub members_view: bool,
    pub open_only: bool,
    pub kind: &'a str,
    pub programme: &'a str,
    pub theme_id: i64,
    pub project_id: i64,
    /// Assignments that run (partly) in this year; 0 for any.
    pub year: i64,
    /// Only ids below this one (the cursor); 0 for the start.
    pub before_id: i64,
    pub limit: i64,
    /// Assignments whose theme or project touches this kwestie (see `assignments`); 0 for any.
    pub kwestie_id: i64,
    /// Assignments running (partly) in the period from `from` until `until` (`YYYY-MM-DD`, either
    /// may be empty); an assignment without dates runs always.
    pub from: &'a str,
    pub until: &'a str,
}

const COLUMNS: &str = "a.id, a.project_id, a.theme_id, a.organisation_id, a.kind, a.title, a.question, a.description,
    a.deliverables, a.level, a.places, a.starts_on, a.ends_on, a.location, a.supervisor_person_id,
    a.contact_person_id, a.status, a.visibility, a.created_at, a.updated_at,
    (SELECT COUNT(*) FROM assignment_applications x WHERE x.assignment_id = a.id AND x.status = 'accepted') AS accepted";

/// How an assignment `a` touches kwestie `$11`, the way themes touch kwesties elsewhere (the
/// association's counts): a published knowledge product of its theme names it, or a practice
/// question or published product of its project (or of another project of its theme) does.
const KWESTIE_LINKS: &str = "
    SELECT 1 FROM knowledge_product_themes kt
      JOIN knowledge_products p ON p.id = kt.product_id AND p.status = 'published'
      JOIN knowledge_product_kwesties pk ON pk.product_id = p.id
     WHERE kt.theme_id = a.theme_id AND pk.kwestie_id = $11
    UNION ALL
    SELECT 1 FROM projects pr
      JOIN questions q ON q.project_id = pr.id
      JOIN question_kwesties qk ON qk.question_id = q.id
     WHERE pr.werkplaats_id = a.werkplaats_id AND (pr.id = a.project_id OR pr.theme_id = a.theme_id)
       AND qk.kwestie_id = $11
    UNION ALL
    SELECT 1 FROM projects pr
      JOIN knowledge_products p ON p.project_id = pr.id AND p.status = 'published'
      JOIN knowledge_product_kwesties pk ON pk.product_id = p.id
     WHERE pr.werkplaats_id = a.werkplaats_id AND (pr.id = a.project_id OR pr.theme_id = a.theme_id)
       AND pk.kwestie_id = $11";

/// Assignments of a werkplaats, newest first.
pub async fn assignments(conn: &mut Conn, t: &Tenant, f: &AssignmentFilter<'_>) -> Result<Vec<AssignmentRow>> {
    let year = if f.year > 0 { f.year.to_string() } else { String::new() };
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM assignments a
          WHERE a.werkplaats_id = $1
            AND ($2 = 1 OR a.visibility = 'public')
            AND ($3 = 0 OR a.status = 'open')
            AND ($4 = '' OR a.kind = $4)
            AND ($5 = '' OR EXISTS (SELECT 1 FROM assignment_programmes p
                                     WHERE p.assignment_id = a.id AND LOWER(p.programme) = LOWER($5)))
            AND ($6 = 0 OR a.theme_id = $6)
            AND ($7 = 0 OR a.project_id = $7)
            AND ($8 = '' OR ((a.starts_on IS NULL OR a.starts_on <= $8 || '-12-31')
                              AND (a.ends_on IS NULL OR a.ends_on >= $8 || '-01-01')))
            AND ($9 = 0 OR a.id < $9)
            AND ($11 = 0 OR EXISTS ({KWESTIE_LINKS}))
            AND ($12 = '' OR a.ends_on IS NULL OR a.ends_on >= $12)
            AND ($13 = '' OR a.starts_on IS NULL OR a.starts_on <= $13)
          ORDER BY a.id DESC
          LIMIT $10"
    ))
    .bind(t.id())
    .bind(i64::from(f.members_view))
    .bind(i64::from(f.open_only))
    .bind(f.kind)
    .bind(f.programme)
    .bind(f.theme_id)
    .bind(f.project_id)
    .bind(year)
    .bind(f.before_id)
    .bind(f.limit)
    .bind(f.kwestie_id)
    .bind(f.from)
    .bind(f.until)
    .fetch_all(conn)
    .await?)
}

pub async fn assignment(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<AssignmentRow>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM assignments a WHERE a.werkplaats_id = $1 AND a.id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_assignment(conn: &mut Conn, t: &Tenant, f: &AssignmentFields<'_>) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO assignments (werkplaats_id, project_id, theme_id, organisation_id, kind, title, question,
             description, deliverables, level, places, starts_on, ends_on, location, supervisor_person_id,
             contact_person_id, status, visibility, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
         RETURNING id",
    )
    .bind(t.id())
    .bind(f.project_id)
    .bind(f.theme_id)
    .bind(f.organisation_id)
    .bind(f.kind)
    .bind(f.title)
    .bind(f.question)
    .bind(f.description)
    .bind(f.deliverables)
    .bind(f.level)
    .bind(f.places)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.location)
    .bind(f.supervisor_person_id)
    .bind(f.contact_person_id)
    .bind(f.status)
    .bind(f.visibility)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_assignment(conn: &mut Conn, t: &Tenant, id: i64, f: &AssignmentFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE assignments SET project_id = $3, theme_id = $4, organisation_id = $5, kind = $6, title = $7,
             question = $8, description = $9, deliverables = $10, level = $11, places = $12, starts_on = $13,
             ends_on = $14, location = $15, supervisor_person_id = $16, contact_person_id = $17, status = $18,
             visibility = $19, updated_at = $20
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.project_id)
    .bind(f.theme_id)
    .bind(f.organisation_id)
    .bind(f.kind)
    .bind(f.title)
    .bind(f.question)
    .bind(f.description)
    .bind(f.deliverables)
    .bind(f.level)
    .bind(f.places)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.location)
    .bind(f.supervisor_person_id)
    .bind(f.contact_person_id)
    .bind(f.status)
    .bind(f.visibility)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_status(conn: &mut Conn, t: &Tenant, id: i64, status: &str) -> Result<()> {
    sqlx::query("UPDATE assignments SET status = $3, updated_at = $4 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(status)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_assignment(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM assignments WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The programmes of every assignment of the werkplaats, as (assignment id, programme).
pub async fn programmes(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT assignment_id, programme FROM assignment_programmes WHERE werkplaats_id = $1
          ORDER BY assignment_id, programme",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn replace_programmes(conn: &mut Conn, t: &Tenant, id: i64, programmes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM assignment_programmes WHERE werkplaats_id = $1 AND assignment_id = $2")
        .bind(t.id())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for p in programmes {
        sqlx::query("INSERT INTO assignment_programmes (assignment_id, werkplaats_id, programme) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(t.id())
            .bind(p)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// ---- applications ---------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub assignment_id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub motivation: String,
    pub status: String,
    pub decision_message: String,
    pub decided_at: Option<String>,
    pub created_at: String,
}

const APPLICATION_COLUMNS: &str = "x.id, x.assignment_id, x.account_id, ac.name, ac.email, x.motivation, x.status,
    x.decision_message, x.decided_at, x.created_at";

/// The applications to one assignment, oldest first.
pub async fn applications(conn: &mut Conn, t: &Tenant, assignment_id: i64) -> Result<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM assignment_applications x JOIN accounts ac ON ac.id = x.account_id
          WHERE x.werkplaats_id = $1 AND x.assignment_id = $2 ORDER BY x.id"
    ))
    .bind(t.id())
    .bind(assignment_id)
    .fetch_all(conn)
    .await?)
}

pub async fn application(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ApplicationRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM assignment_applications x JOIN accounts ac ON ac.id = x.account_id
          WHERE x.werkplaats_id = $1 AND x.id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// A new application; a second one of the same account to the same assignment is a conflict.
pub async fn insert_application(
    conn: &mut Conn,
    t: &Tenant,
    assignment_id: i64,
    account_id: i64,
    motivation: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO assignment_applications (werkplaats_id, assignment_id, account_id, motivation, status, created_at)
         VALUES ($1, $2, $3, $4, 'submitted', $5) RETURNING id",
    )
    .bind(t.id())
    .bind(assignment_id)
    .bind(account_id)
    .bind(motivation)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

/// Records a decision on an application that is still submitted; false when it was not.
pub async fn decide_application(conn: &mut Conn, t: &Tenant, id: i64, status: &str, message: &str) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE assignment_applications SET status = $3, decision_message = $4, decided_at = $5
          WHERE werkplaats_id = $1 AND id = $2 AND status = 'submitted'",
    )
    .bind(t.id())
    .bind(id)
    .bind(status)
    .bind(message)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

// ---- people and the project team ------------------------------------------------------------------

/// The person record of an account in the werkplaats (linked by account, else by address).
pub async fn person_of_account(conn: &mut Conn, t: &Tenant, account_id: i64, email: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM people WHERE werkplaats_id = $1 AND (account_id = $2 OR LOWER(email) = LOWER($3))
          ORDER BY CASE WHEN account_id = $2 THEN 0 ELSE 1 END, id LIMIT 1",
    )
    .bind(t.id())
    .bind(account_id)
    .bind(email)
    .fetch_optional(conn)
    .await?)
}

/// The people of a werkplaats by id, as (id, name).
pub async fn person_names(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, name FROM people WHERE werkplaats_id = $1 ORDER BY id")
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

/// Whether the person has the given role (e.g. `projectleider`) in the project.
pub async fn has_project_role(
    conn: &mut Conn,
    t: &Tenant,
    project_id: i64,
    person_id: i64,
    role: &str,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM project_people
          WHERE werkplaats_id = $1 AND project_id = $2 AND person_id = $3 AND LOWER(role) = $4",
    )
    .bind(t.id())
    .bind(project_id)
    .bind(person_id)
    .bind(role)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Adds a person to a project's team with a role, unless they are already in it.
pub async fn join_project(conn: &mut Conn, t: &Tenant, project_id: i64, person_id: i64, role: &str) -> Result<()> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM project_people WHERE werkplaats_id = $1 AND project_id = $2 AND person_id = $3",
    )
    .bind(t.id())
    .bind(project_id)
    .bind(person_id)
    .fetch_one(&mut *conn)
    .await?;
    if n == 0 {
        sqlx::query("INSERT INTO project_people (project_id, person_id, werkplaats_id, role) VALUES ($1, $2, $3, $4)")
            .bind(project_id)
            .bind(person_id)
            .bind(t.id())
            .bind(role)
            .execute(conn)
            .await?;
    }
    Ok(())
}

// ---- figures --------------------------------------------------------------------------------------

/// One accepted application with what the figures group by.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvolvementRow {
    pub assignment_id: i64,
    pub account_id: i64,
    pub kind: String,
    pub starts_on: Option<String>,
    pub decided_at: Option<String>,
}

/// Every accepted application of the werkplaats.
pub async fn involvement(conn: &mut Conn, t: &Tenant) -> Result<Vec<InvolvementRow>> {
    Ok(sqlx::query_as(
        "SELECT x.assignment_id, x.account_id, a.kind, a.starts_on, x.decided_at
           FROM assignment_applications x JOIN assignments a ON a.id = x.assignment_id
          WHERE x.werkplaats_id = $1 AND x.status = 'accepted' ORDER BY x.id",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- results ----------------------------------------------------------------------------------------

/// A student's result of an assignment: the knowledge product with what lists of results show.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ResultRow {
    pub product_id: i64,
    pub assignment_id: i64,
    pub assignment_title: String,
    pub student_account_id: Option<i64>,
    /// The student's account name (gone with the account).
    pub student_name: Option<String>,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub status: String,
    pub visibility: String,
    pub theme_group_id: Option<i64>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    pub created_at: String,
}

const RESULT_COLUMNS: &str = "r.knowledge_product_id AS product_id, r.assignment_id, a.title AS assignment_title,
    r.student_account_id, ac.name AS student_name, p.kind, p.title, p.summary, p.status, p.visibility,
    p.theme_group_id, p.reviewed_at, p.review_note, r.created_at";

const RESULT_FROM: &str = "assignment_results r
    JOIN assignments a ON a.id = r.assignment_id
    JOIN knowledge_products p ON p.id = r.knowledge_product_id
    LEFT JOIN accounts ac ON ac.id = r.student_account_id";

/// Links a knowledge product to an assignment as a result (of a student, when given).
pub async fn insert_result(
    conn: &mut Conn,
    t: &Tenant,
    assignment_id: i64,
    product_id: i64,
    student_account_id: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO assignment_results (knowledge_product_id, werkplaats_id, assignment_id, student_account_id,
             created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(product_id)
    .bind(t.id())
    .bind(assignment_id)
    .bind(student_account_id)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// The results of one assignment (every status), oldest first; 0 for every assignment.
pub async fn results(conn: &mut Conn, t: &Tenant, assignment_id: i64) -> Result<Vec<ResultRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {RESULT_COLUMNS} FROM {RESULT_FROM}
          WHERE r.werkplaats_id = $1 AND ($2 = 0 OR r.assignment_id = $2) ORDER BY r.created_at, r.knowledge_product_id"
    ))
    .bind(t.id())
    .bind(assignment_id)
    .fetch_all(conn)
    .await?)
}

/// The assignment result a knowledge product is, if it is one.
pub async fn result_of_product(conn: &mut Conn, t: &Tenant, product_id: i64) -> Result<Option<ResultRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {RESULT_COLUMNS} FROM {RESULT_FROM} WHERE r.werkplaats_id = $1 AND r.knowledge_product_id = $2"
    ))
    .bind(t.id())
    .bind(product_id)
    .fetch_optional(conn)
    .await?)
}

// ---- study programmes -------------------------------------------------------------------------------

/// A study programme the werkplaats works with, with its hogeschool's name.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProgrammeRow {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub name: String,
    pub created_at: String,
}

const PROGRAMME_COLUMNS: &str = "p.id, p.organisation_id, o.name AS organisation, p.name, p.created_at";

/// The study programmes of the werkplaats, by hogeschool and name.
pub async fn werkplaats_programmes(conn: &mut Conn, t: &Tenant) -> Result<Vec<ProgrammeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PROGRAMME_COLUMNS} FROM werkplaats_programmes p JOIN organisations o ON o.id = p.organisation_id
          WHERE p.werkplaats_id = $1 ORDER BY o.name, o.id, p.name, p.id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn werkplaats_programme(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ProgrammeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PROGRAMME_COLUMNS} FROM werkplaats_programmes p JOIN organisations o ON o.id = p.organisation_id
          WHERE p.werkplaats_id = $1 AND p.id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Whether the hogeschool already has a programme of this name (case-insensitive).
pub async fn programme_exists(conn: &mut Conn, t: &Tenant, organisation_id: i64, name: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM werkplaats_programmes
          WHERE werkplaats_id = $1 AND organisation_id = $2 AND LOWER(name) = LOWER($3)",
    )
    .bind(t.id())
    .bind(organisation_id)
    .bind(name)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn insert_programme(conn: &mut Conn, t: &Tenant, organisation_id: i64, name: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO werkplaats_programmes (werkplaats_id, organisation_id, name, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(t.id())
    .bind(organisation_id)
    .bind(name)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn delete_programme(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM werkplaats_programmes WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
