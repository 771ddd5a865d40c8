//! Clusters, their lineage and membership history, and the votes on them.
use crate::{Conn, Result, Tenant, now_text};

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
