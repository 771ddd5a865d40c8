//! Cross-cutting concerns, elaborated theme texts and amendments.
use crate::{Conn, Result, Tenant, now_text};

// ---- cross-cutting concerns -----------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConcernRow {
    pub id: i64,
    pub title: String,
    pub description: String,
}

pub async fn insert_concern(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    title: &str,
    description: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO cocreation_concerns (werkplaats_id, process_id, title, description, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(title)
    .bind(description)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn concerns(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<ConcernRow>> {
    Ok(sqlx::query_as(
        "SELECT id, title, description FROM cocreation_concerns WHERE werkplaats_id = $1 AND process_id = $2 ORDER BY id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

/// Makes a concern's pitches exactly `pitch_ids`.
pub async fn set_concern_pitches(conn: &mut Conn, t: &Tenant, concern_id: i64, pitch_ids: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM cocreation_concern_pitches WHERE werkplaats_id = $1 AND concern_id = $2")
        .bind(t.id())
        .bind(concern_id)
        .execute(&mut *conn)
        .await?;
    for pitch_id in pitch_ids {
        sqlx::query("INSERT INTO cocreation_concern_pitches (werkplaats_id, concern_id, pitch_id) VALUES ($1, $2, $3)")
            .bind(t.id())
            .bind(concern_id)
            .bind(pitch_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// (concern, pitch) pairs of a process.
pub async fn concern_pitches(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT cp.concern_id, cp.pitch_id FROM cocreation_concern_pitches cp
           JOIN cocreation_concerns c ON c.id = cp.concern_id
          WHERE cp.werkplaats_id = $1 AND c.process_id = $2 ORDER BY cp.concern_id, cp.pitch_id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

pub async fn update_concern(conn: &mut Conn, t: &Tenant, id: i64, title: &str, description: &str) -> Result<()> {
    sqlx::query("UPDATE cocreation_concerns SET title = $3, description = $4 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(title)
        .bind(description)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- elaborated texts -----------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TextRow {
    pub cluster_id: i64,
    pub number: i64,
    pub title: String,
    pub level: Option<String>,
    pub introduction: String,
    /// JSON array of strings.
    pub questions: String,
    /// JSON array of strings.
    pub project_options: String,
    pub author_account_id: Option<i64>,
    pub author_name: String,
    pub created_at: String,
}

pub struct TextFields<'a> {
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub introduction: &'a str,
    pub questions_json: &'a str,
    pub project_options_json: &'a str,
}

pub async fn insert_text(
    conn: &mut Conn,
    t: &Tenant,
    cluster_id: i64,
    f: &TextFields<'_>,
    author: (Option<i64>, &str),
) -> Result<i64> {
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM cocreation_texts WHERE werkplaats_id = $1 AND cluster_id = $2",
    )
    .bind(t.id())
    .bind(cluster_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO cocreation_texts (werkplaats_id, cluster_id, number, title, level, introduction, questions,
             project_options, author_account_id, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(t.id())
    .bind(cluster_id)
    .bind(number)
    .bind(f.title)
    .bind(f.level)
    .bind(f.introduction)
    .bind(f.questions_json)
    .bind(f.project_options_json)
    .bind(author.0)
    .bind(author.1)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(number)
}

/// Every text version of every cluster of a process, by cluster then number.
pub async fn texts(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<TextRow>> {
    Ok(sqlx::query_as(
        "SELECT x.cluster_id, x.number, x.title, x.level, x.introduction, x.questions, x.project_options,
                x.author_account_id, x.author_name, x.created_at
           FROM cocreation_texts x JOIN cocreation_clusters c ON c.id = x.cluster_id
          WHERE x.werkplaats_id = $1 AND c.process_id = $2 ORDER BY x.cluster_id, x.number",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

// ---- amendments -----------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AmendmentRow {
    pub id: i64,
    pub theme_id: Option<i64>,
    pub theme_title: String,
    pub section: String,
    pub text: String,
    pub reason: String,
    pub author_account_id: Option<i64>,
    pub author_name: String,
    pub organisation_name: Option<String>,
    pub created_at: String,
    pub decision: Option<String>,
    pub answer: Option<String>,
    pub applied_text: Option<String>,
    pub applied_version: Option<i64>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<String>,
}

const AMENDMENT_COLUMNS: &str = "id, theme_id, theme_title, section, text, reason, author_account_id, author_name, \
     organisation_name, created_at, decision, answer, applied_text, applied_version, answered_by_name, answered_at";

pub struct NewAmendment<'a> {
    pub theme_id: i64,
    pub theme_title: &'a str,
    pub section: &'a str,
    pub text: &'a str,
    pub reason: &'a str,
    pub author: (Option<i64>, &'a str),
    pub organisation_name: Option<&'a str>,
}

pub async fn insert_amendment(conn: &mut Conn, t: &Tenant, process_id: i64, a: &NewAmendment<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO cocreation_amendments (werkplaats_id, process_id, theme_id, theme_title, section, text, reason,
             author_account_id, author_name, organisation_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(a.theme_id)
    .bind(a.theme_title)
    .bind(a.section)
    .bind(a.text)
    .bind(a.reason)
    .bind(a.author.0)
    .bind(a.author.1)
    .bind(a.organisation_name)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn amendments(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<AmendmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {AMENDMENT_COLUMNS} FROM cocreation_amendments WHERE werkplaats_id = $1 AND process_id = $2 ORDER BY id"
    ))
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

pub struct Answer<'a> {
    pub decision: &'a str,
    pub answer: &'a str,
    pub applied_text: Option<&'a str>,
    pub applied_version: Option<i64>,
    pub by: &'a str,
}

/// Records the answer to an amendment that has none yet; false when it already had one.
pub async fn answer_amendment(conn: &mut Conn, t: &Tenant, id: i64, a: &Answer<'_>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE cocreation_amendments SET decision = $3, answer = $4, applied_text = $5, applied_version = $6,
             answered_by_name = $7, answered_at = $8
          WHERE werkplaats_id = $1 AND id = $2 AND decision IS NULL",
    )
    .bind(t.id())
    .bind(id)
    .bind(a.decision)
    .bind(a.answer)
    .bind(a.applied_text)
    .bind(a.applied_version)
    .bind(a.by)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
