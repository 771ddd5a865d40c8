//! Practice questions and approaches.
use crate::{Conn, Result, Tenant, now_text};

// ---- questions ------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct QuestionRow {
    pub id: i64,
    pub title: String,
    pub explanation: String,
    pub project_id: Option<i64>,
    pub status: String,
    /// `public` or `members`.
    pub visibility: String,
    /// The movement of the question's last move in the lemniscate.
    pub movement: String,
    /// When the question first reached the national side of the lemniscate.
    pub handed_national_at: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

// One column a parameter, as the table reads; a fields struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn insert_question(
    conn: &mut Conn,
    t: &Tenant,
    title: &str,
    explanation: &str,
    project_id: Option<i64>,
    status: &str,
    visibility: &str,
    created_by: Option<i64>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO questions (werkplaats_id, title, explanation, project_id, status, visibility, created_by,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(t.id())
    .bind(title)
    .bind(explanation)
    .bind(project_id)
    .bind(status)
    .bind(visibility)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn update_question(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    title: &str,
    explanation: &str,
    project_id: Option<i64>,
    status: &str,
    visibility: &str,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE questions SET title = $1, explanation = $2, project_id = $3, status = $4, visibility = $5,
             updated_at = $6
         WHERE werkplaats_id = $7 AND id = $8",
    )
    .bind(title)
    .bind(explanation)
    .bind(project_id)
    .bind(status)
    .bind(visibility)
    .bind(now_text())
    .bind(t.id())
    .bind(id)
    .execute(conn)
    .await?;
    crate::organisation::affected(done.rows_affected())
}

pub(super) const QUESTION_COLUMNS: &str = "id, title, explanation, project_id, status, visibility, movement, handed_national_at, created_by, created_at, \
     updated_at";

pub async fn question(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<QuestionRow>> {
    Ok(sqlx::query_as(&format!("SELECT {QUESTION_COLUMNS} FROM questions WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn questions(conn: &mut Conn, t: &Tenant) -> Result<Vec<QuestionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM questions WHERE werkplaats_id = $1 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- approaches and working factors ---------------------------------------------------------------

#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Serialize)]
pub struct ApproachRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub target_group: String,
    pub method: String,
    pub working_elements: String,
    pub rationale: String,
    pub research: String,
    pub preconditions: String,
    pub context: String,
    pub recognition: String,
    pub approach_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) const APPROACH_COLUMNS: &str =
    "id, kind, title, summary, goal, target_group, method, working_elements, rationale,
    research, preconditions, context, recognition, approach_id, created_by, created_at, updated_at";

/// Inserts (`id` None) or updates an approach or working factor; the row's own `id`,
/// `created_*` and `updated_at` are ignored.
pub async fn save_approach(conn: &mut Conn, t: &Tenant, id: Option<i64>, a: &ApproachRow) -> Result<i64> {
    let now = now_text();
    let q = match id {
        None => sqlx::query_scalar(
            "INSERT INTO approaches (kind, title, summary, goal, target_group, method, working_elements, rationale,
                research, preconditions, context, recognition, approach_id, created_by, created_at, updated_at,
                werkplaats_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) RETURNING id",
        ),
        Some(_) => sqlx::query_scalar(
            "UPDATE approaches SET kind = $1, title = $2, summary = $3, goal = $4, target_group = $5, method = $6,
                working_elements = $7, rationale = $8, research = $9, preconditions = $10, context = $11,
                recognition = $12, approach_id = $13, created_by = COALESCE(created_by, $14), updated_at = $15
             WHERE werkplaats_id = $16 AND id = $17 RETURNING id",
        ),
    };
    let q = q
        .bind(&a.kind)
        .bind(&a.title)
        .bind(&a.summary)
        .bind(&a.goal)
        .bind(&a.target_group)
        .bind(&a.method)
        .bind(&a.working_elements)
        .bind(&a.rationale)
        .bind(&a.research)
        .bind(&a.preconditions)
        .bind(&a.context)
        .bind(&a.recognition)
        .bind(a.approach_id)
        .bind(a.created_by)
        .bind(now)
        .bind(t.id());
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    q.fetch_optional(conn).await?.ok_or(crate::StoreError::NotFound)
}

pub async fn approach(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ApproachRow>> {
    Ok(sqlx::query_as(&format!("SELECT {APPROACH_COLUMNS} FROM approaches WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn approaches(conn: &mut Conn, t: &Tenant) -> Result<Vec<ApproachRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPROACH_COLUMNS} FROM approaches WHERE werkplaats_id = $1 ORDER BY kind, title, id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}
