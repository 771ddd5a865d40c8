//! Pitches, the people who bring them, and their versions.
use crate::{Conn, Result, Tenant, now_text};

// ---- pitches --------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PitchRow {
    pub id: i64,
    pub process_id: i64,
    pub title: String,
    pub question: String,
    pub why: String,
    pub for_whom: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub organisation_kind: Option<String>,
    pub not_taken_up_reason: Option<String>,
    pub illustrative: i64,
    pub created_at: String,
    pub updated_at: String,
}

const PITCH_COLUMNS: &str = "p.id, p.process_id, p.title, p.question, p.why, p.for_whom, p.organisation_id, \
     o.name AS organisation_name, o.kind AS organisation_kind, p.not_taken_up_reason, p.illustrative, \
     p.created_at, p.updated_at";

pub struct PitchFields<'a> {
    pub title: &'a str,
    pub question: &'a str,
    pub why: &'a str,
    pub for_whom: &'a str,
    pub organisation_id: Option<i64>,
}

pub async fn insert_pitch(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    f: &PitchFields<'_>,
    illustrative: bool,
    at: Option<&str>,
) -> Result<i64> {
    let now = at.map(str::to_owned).unwrap_or_else(now_text);
    Ok(sqlx::query_scalar(
        "INSERT INTO pitches (werkplaats_id, process_id, title, question, why, for_whom, organisation_id,
             illustrative, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(f.title)
    .bind(f.question)
    .bind(f.why)
    .bind(f.for_whom)
    .bind(f.organisation_id)
    .bind(i64::from(illustrative))
    .bind(&now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_pitch(conn: &mut Conn, t: &Tenant, id: i64, f: &PitchFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE pitches SET title = $3, question = $4, why = $5, for_whom = $6, organisation_id = $7, updated_at = $8
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.title)
    .bind(f.question)
    .bind(f.why)
    .bind(f.for_whom)
    .bind(f.organisation_id)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_pitch_reason(conn: &mut Conn, t: &Tenant, id: i64, reason: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE pitches SET not_taken_up_reason = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn pitches(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<PitchRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PITCH_COLUMNS} FROM pitches p LEFT JOIN organisations o ON o.id = p.organisation_id
          WHERE p.werkplaats_id = $1 AND p.process_id = $2 ORDER BY p.id"
    ))
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

pub async fn pitch(conn: &mut Conn, t: &Tenant, process_id: i64, id: i64) -> Result<Option<PitchRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PITCH_COLUMNS} FROM pitches p LEFT JOIN organisations o ON o.id = p.organisation_id
          WHERE p.werkplaats_id = $1 AND p.process_id = $2 AND p.id = $3"
    ))
    .bind(t.id())
    .bind(process_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PitchPersonRow {
    pub pitch_id: i64,
    pub account_id: Option<i64>,
    pub name: String,
    pub organisation_name: Option<String>,
    pub organisation_kind: Option<String>,
    pub role: String,
}

pub async fn insert_pitch_person(
    conn: &mut Conn,
    t: &Tenant,
    pitch_id: i64,
    account_id: Option<i64>,
    name: &str,
    organisation_id: Option<i64>,
    role: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pitch_people (werkplaats_id, pitch_id, account_id, name, organisation_id, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id())
    .bind(pitch_id)
    .bind(account_id)
    .bind(name)
    .bind(organisation_id)
    .bind(role)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an account's co-pitching or support (never its authorship).
pub async fn remove_pitch_person(conn: &mut Conn, t: &Tenant, pitch_id: i64, account_id: i64) -> Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM pitch_people WHERE werkplaats_id = $1 AND pitch_id = $2 AND account_id = $3 AND role <> 'author'",
    )
    .bind(t.id())
    .bind(pitch_id)
    .bind(account_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The people of every pitch of a process, authors first, in the order they joined.
pub async fn pitch_people(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<PitchPersonRow>> {
    Ok(sqlx::query_as(
        "SELECT pp.pitch_id, pp.account_id, pp.name, o.name AS organisation_name, o.kind AS organisation_kind, pp.role
           FROM pitch_people pp JOIN pitches p ON p.id = pp.pitch_id
           LEFT JOIN organisations o ON o.id = pp.organisation_id
          WHERE pp.werkplaats_id = $1 AND p.process_id = $2
          ORDER BY pp.pitch_id, CASE pp.role WHEN 'author' THEN 0 WHEN 'co_pitcher' THEN 1 ELSE 2 END, pp.id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PitchVersionRow {
    pub number: i64,
    pub snapshot: String,
    pub author_name: String,
    pub created_at: String,
}

pub async fn insert_pitch_version(
    conn: &mut Conn,
    t: &Tenant,
    pitch_id: i64,
    snapshot: &str,
    author: (Option<i64>, &str),
) -> Result<i64> {
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM pitch_versions WHERE werkplaats_id = $1 AND pitch_id = $2",
    )
    .bind(t.id())
    .bind(pitch_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO pitch_versions (werkplaats_id, pitch_id, number, snapshot, author_account_id, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id())
    .bind(pitch_id)
    .bind(number)
    .bind(snapshot)
    .bind(author.0)
    .bind(author.1)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(number)
}

pub async fn pitch_versions(conn: &mut Conn, t: &Tenant, pitch_id: i64) -> Result<Vec<PitchVersionRow>> {
    Ok(sqlx::query_as(
        "SELECT number, snapshot, author_name, created_at FROM pitch_versions
          WHERE werkplaats_id = $1 AND pitch_id = $2 ORDER BY number",
    )
    .bind(t.id())
    .bind(pitch_id)
    .fetch_all(conn)
    .await?)
}

/// (pitch, latest version number) for every pitch of a process.
pub async fn latest_versions(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT v.pitch_id, MAX(v.number) FROM pitch_versions v JOIN pitches p ON p.id = v.pitch_id
          WHERE v.werkplaats_id = $1 AND p.process_id = $2 GROUP BY v.pitch_id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}
