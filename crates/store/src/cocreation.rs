//! Co-creation of the agenda: processes and their phases, pitches with their people and versions,
//! clusters with their lineage and membership history, votes, cross-cutting concerns, elaborated
//! texts and amendments. Nothing a step of the process does deletes a row.
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

// ---- clusters -------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClusterRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub origin: String,
    pub theme_id: Option<i64>,
    pub not_taken_up_reason: Option<String>,
    pub created_by_name: String,
    pub created_at: String,
    pub closed_at: Option<String>,
}

const CLUSTER_COLUMNS: &str =
    "id, title, status, origin, theme_id, not_taken_up_reason, created_by_name, created_at, closed_at";

pub async fn insert_cluster(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    title: &str,
    origin: &str,
    by: (Option<i64>, &str),
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO cocreation_clusters (werkplaats_id, process_id, title, status, origin, created_by_account_id,
             created_by_name, created_at)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7) RETURNING id",
    )
    .bind(t.id())
    .bind(process_id)
    .bind(title)
    .bind(origin)
    .bind(by.0)
    .bind(by.1)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

/// Every cluster of a process, active or not, oldest first.
pub async fn clusters(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<ClusterRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CLUSTER_COLUMNS} FROM cocreation_clusters WHERE werkplaats_id = $1 AND process_id = $2 ORDER BY id"
    ))
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

pub async fn rename_cluster(conn: &mut Conn, t: &Tenant, id: i64, title: &str) -> Result<()> {
    sqlx::query("UPDATE cocreation_clusters SET title = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(title)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a cluster `merged` or `split`; it stays, with its history.
pub async fn close_cluster(conn: &mut Conn, t: &Tenant, id: i64, status: &str) -> Result<()> {
    sqlx::query("UPDATE cocreation_clusters SET status = $3, closed_at = $4 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(status)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_cluster_theme(conn: &mut Conn, t: &Tenant, id: i64, theme_id: i64) -> Result<()> {
    sqlx::query("UPDATE cocreation_clusters SET theme_id = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(theme_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_cluster_reason(conn: &mut Conn, t: &Tenant, id: i64, reason: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE cocreation_clusters SET not_taken_up_reason = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_source(conn: &mut Conn, t: &Tenant, cluster_id: i64, source_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO cocreation_cluster_sources (werkplaats_id, cluster_id, source_cluster_id) VALUES ($1, $2, $3)",
    )
    .bind(t.id())
    .bind(cluster_id)
    .bind(source_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// (cluster, the cluster it came from) for every merged or split cluster of a process.
pub async fn sources(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT s.cluster_id, s.source_cluster_id FROM cocreation_cluster_sources s
           JOIN cocreation_clusters c ON c.id = s.cluster_id
          WHERE s.werkplaats_id = $1 AND c.process_id = $2 ORDER BY s.cluster_id, s.source_cluster_id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub cluster_id: i64,
    pub pitch_id: i64,
    pub added_at: String,
    pub added_by_name: String,
    pub removed_at: Option<String>,
    pub removed_by_name: Option<String>,
}

/// Puts a pitch in a cluster. A pitch already in a cluster breaks the unique index: the caller
/// checks first and names the pitch.
pub async fn add_member(conn: &mut Conn, t: &Tenant, cluster_id: i64, pitch_id: i64, by: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO cocreation_memberships (werkplaats_id, cluster_id, pitch_id, added_at, added_by_name)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(t.id())
    .bind(cluster_id)
    .bind(pitch_id)
    .bind(now_text())
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends a pitch's current membership (kept as history).
pub async fn end_member(conn: &mut Conn, t: &Tenant, pitch_id: i64, by: &str) -> Result<()> {
    sqlx::query(
        "UPDATE cocreation_memberships SET removed_at = $3, removed_by_name = $4
          WHERE werkplaats_id = $1 AND pitch_id = $2 AND removed_at IS NULL",
    )
    .bind(t.id())
    .bind(pitch_id)
    .bind(now_text())
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every membership of a process, current and past, in the order they were made.
pub async fn memberships(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<MembershipRow>> {
    Ok(sqlx::query_as(
        "SELECT m.cluster_id, m.pitch_id, m.added_at, m.added_by_name, m.removed_at, m.removed_by_name
           FROM cocreation_memberships m JOIN cocreation_clusters c ON c.id = m.cluster_id
          WHERE m.werkplaats_id = $1 AND c.process_id = $2 ORDER BY m.id",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

// ---- votes ----------------------------------------------------------------------------------

/// Replaces an account's whole allocation in a process.
pub async fn replace_votes(
    conn: &mut Conn,
    t: &Tenant,
    process_id: i64,
    account_id: i64,
    allocations: &[(i64, i64)],
) -> Result<()> {
    sqlx::query("DELETE FROM cocreation_votes WHERE werkplaats_id = $1 AND process_id = $2 AND account_id = $3")
        .bind(t.id())
        .bind(process_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    let now = now_text();
    for (cluster_id, points) in allocations.iter().filter(|(_, p)| *p > 0) {
        sqlx::query(
            "INSERT INTO cocreation_votes (werkplaats_id, process_id, cluster_id, account_id, points, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id())
        .bind(process_id)
        .bind(cluster_id)
        .bind(account_id)
        .bind(points)
        .bind(&now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteRow {
    pub cluster_id: i64,
    pub account_id: i64,
    pub name: String,
    pub points: i64,
}

/// Every vote of a process with the voter's name (for totals, and for open voting).
pub async fn votes(conn: &mut Conn, t: &Tenant, process_id: i64) -> Result<Vec<VoteRow>> {
    Ok(sqlx::query_as(
        "SELECT v.cluster_id, v.account_id, a.name, v.points FROM cocreation_votes v
           JOIN accounts a ON a.id = v.account_id
          WHERE v.werkplaats_id = $1 AND v.process_id = $2 ORDER BY v.cluster_id, a.name",
    )
    .bind(t.id())
    .bind(process_id)
    .fetch_all(conn)
    .await?)
}

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
