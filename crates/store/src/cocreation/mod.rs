//! Co-creation of the agenda: processes and their phases, pitches with their people and versions,
//! clusters with their lineage and membership history, votes, cross-cutting concerns, elaborated
//! texts and amendments. Nothing a step of the process does deletes a row.
mod clusters;
mod pitches;
mod texts;

pub use clusters::*;
pub use pitches::*;
pub use texts::*;

use crate::{Conn, Result, StoreError, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProcessRow {
    pub id: i64,
    pub agenda_id: i64,
    pub title: String,
    pub description: String,
    pub phase: String,
    pub points_per_participant: i64,
    pub anonymous_votes: i64,
    pub concept_version: Option<i64>,
    pub adopted_version: Option<i64>,
    pub created_at: String,
}

const PROCESS_COLUMNS: &str = "id, agenda_id, title, description, phase, points_per_participant, anonymous_votes, \
                               concept_version, adopted_version, created_at";

pub struct NewProcess<'a> {
    pub agenda_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub points_per_participant: i64,
    pub anonymous_votes: bool,
    pub created_by: i64,
    /// Every phase, in order; the first is entered now.
    pub phases: &'a [&'a str],
}

pub async fn insert_process(conn: &mut Conn, t: &Tenant, p: &NewProcess<'_>) -> Result<i64> {
    let now = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cocreation_processes (werkplaats_id, agenda_id, title, description, phase,
             points_per_participant, anonymous_votes, created_by_account_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(t.id())
    .bind(p.agenda_id)
    .bind(p.title)
    .bind(p.description)
    .bind(p.phases.first().copied().unwrap_or("pitching"))
    .bind(p.points_per_participant)
    .bind(i64::from(p.anonymous_votes))
    .bind(p.created_by)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    for (i, phase) in p.phases.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cocreation_phases (werkplaats_id, process_id, phase, entered_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(t.id())
        .bind(id)
        .bind(*phase)
        .bind(if i == 0 { Some(now.as_str()) } else { None })
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

pub async fn processes(conn: &mut Conn, t: &Tenant) -> Result<Vec<ProcessRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PROCESS_COLUMNS} FROM cocreation_processes WHERE werkplaats_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn process(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ProcessRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PROCESS_COLUMNS} FROM cocreation_processes WHERE werkplaats_id = $1 AND id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Takes the process's write lock for the rest of the transaction (a no-op update), so two
/// changes to one process run one after the other on both engines.
pub async fn lock(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE cocreation_processes SET phase = phase WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn update_process(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    title: &str,
    description: &str,
    points: i64,
    anonymous: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE cocreation_processes SET title = $3, description = $4, points_per_participant = $5, anonymous_votes = $6
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(title)
    .bind(description)
    .bind(points)
    .bind(i64::from(anonymous))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_phase(conn: &mut Conn, t: &Tenant, id: i64, phase: &str) -> Result<()> {
    let now = now_text();
    sqlx::query("UPDATE cocreation_processes SET phase = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(phase)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE cocreation_phases SET entered_at = $4 WHERE werkplaats_id = $1 AND process_id = $2 AND phase = $3",
    )
    .bind(t.id())
    .bind(id)
    .bind(phase)
    .bind(&now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_concept_version(conn: &mut Conn, t: &Tenant, id: i64, version: i64) -> Result<()> {
    sqlx::query("UPDATE cocreation_processes SET concept_version = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_adopted_version(conn: &mut Conn, t: &Tenant, id: i64, version: i64) -> Result<()> {
    sqlx::query("UPDATE cocreation_processes SET adopted_version = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhaseRow {
    pub phase: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub explanation: String,
    pub entered_at: Option<String>,
}

pub async fn phases(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<PhaseRow>> {
    Ok(sqlx::query_as(
        "SELECT phase, starts_on, ends_on, explanation, entered_at FROM cocreation_phases
          WHERE werkplaats_id = $1 AND process_id = $2 ORDER BY id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

pub async fn update_phase_plan(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    phase: &str,
    starts_on: Option<&str>,
    ends_on: Option<&str>,
    explanation: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE cocreation_phases SET starts_on = $4, ends_on = $5, explanation = $6
          WHERE werkplaats_id = $1 AND process_id = $2 AND phase = $3",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(phase)
    .bind(starts_on)
    .bind(ends_on)
    .bind(explanation)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets when a phase was entered, for reconstructing a past process (the demo).
pub async fn set_phase_entered(conn: &mut Conn, t: &Tenant, process_id: i64, phase: &str, at: &str) -> Result<()> {
    sqlx::query(
        "UPDATE cocreation_phases SET entered_at = $4 WHERE werkplaats_id = $1 AND process_id = $2 AND phase = $3",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(phase)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- events ---------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub kind: String,
    pub summary: String,
    pub actor_name: String,
    pub at: String,
}

pub async fn insert_event(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    kind: &str,
    summary: &str,
    actor: (Option<i64>, &str),
    at: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cocreation_events (werkplaats_id, process_id, kind, summary, actor_account_id, actor_name, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(kind)
    .bind(summary)
    .bind(actor.0)
    .bind(actor.1)
    .bind(at.map(str::to_owned).unwrap_or_else(now_text))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT kind, summary, actor_name, at FROM cocreation_events
          WHERE werkplaats_id = $1 AND process_id = $2 ORDER BY at, id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

/// (account, organisation id, name, kind) for each account with a person record in the werkplaats.
pub async fn account_organisations(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT p.account_id, o.id, o.name, o.kind FROM people p JOIN organisations o ON o.id = p.organisation_id
          WHERE p.werkplaats_id = $1 AND p.account_id IS NOT NULL ORDER BY p.id",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// (email, name) of every account with a role in the werkplaats: the participants a phase
/// change is mailed to.
pub async fn participant_addresses(conn: &mut Conn, t: &Tenant) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT a.email, a.name FROM accounts a JOIN role_assignments r ON r.account_id = a.id
          WHERE r.werkplaats_id = $1 ORDER BY a.email",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// Dates every row of a process at `at` (a reconstruction of a past process: the demo).
pub async fn backdate(conn: &mut Conn, t: &Tenant, process_id: i64, at: &str) -> Result<()> {
    let statements = [
        "UPDATE cocreation_processes SET created_at = $3 WHERE werkplaats_id = $1 AND id = $2",
        "UPDATE cocreation_clusters SET created_at = $3, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE $3 END
          WHERE werkplaats_id = $1 AND process_id = $2",
        "UPDATE cocreation_memberships SET added_at = $3, removed_at = CASE WHEN removed_at IS NULL THEN NULL ELSE $3 END
          WHERE werkplaats_id = $1 AND cluster_id IN (SELECT id FROM cocreation_clusters WHERE process_id = $2)",
        "UPDATE cocreation_texts SET created_at = $3
          WHERE werkplaats_id = $1 AND cluster_id IN (SELECT id FROM cocreation_clusters WHERE process_id = $2)",
        "UPDATE pitch_versions SET created_at = $3
          WHERE werkplaats_id = $1 AND pitch_id IN (SELECT id FROM pitches WHERE process_id = $2)",
        "UPDATE pitch_people SET created_at = $3
          WHERE werkplaats_id = $1 AND pitch_id IN (SELECT id FROM pitches WHERE process_id = $2)",
        "UPDATE cocreation_votes SET updated_at = $3 WHERE werkplaats_id = $1 AND process_id = $2",
        "UPDATE cocreation_concerns SET created_at = $3 WHERE werkplaats_id = $1 AND process_id = $2",
        "UPDATE cocreation_amendments SET created_at = $3, answered_at = CASE WHEN answered_at IS NULL THEN NULL ELSE $3 END
          WHERE werkplaats_id = $1 AND process_id = $2",
    ];
    for sql in statements {
        sqlx::query(sql).bind(t.id()).bind(process_id).bind(at).execute(&mut *conn).await?;
    }
    Ok(())
}
