//! What concerns one account across werkplaatsen, for its personal overview ("Mijn werkplaats",
//! issue 14 item 9): its active registrations for coming activities, the knowledge products it
//! made, its theme groups and projects, and its applications for assignments. An account is
//! linked to person records by `account_id` or, as in the privacy export, by its email address.
use crate::{Conn, Result};
use sqlx::FromRow;

/// An active registration (registered or on the waiting list) for an activity not yet begun.
#[derive(Debug, Clone, FromRow)]
pub struct MyRegistration {
    pub werkplaats: String,
    pub activity_id: i64,
    pub title: String,
    pub starts_at: String,
    pub status: String,
}

pub async fn registrations(conn: &mut Conn, account_id: i64, email: &str, now: &str) -> Result<Vec<MyRegistration>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, a.id AS activity_id, a.title, a.starts_at, r.status
           FROM registrations r JOIN activities a ON a.id = r.activity_id JOIN werkplaatsen w ON w.id = r.werkplaats_id
          WHERE (r.account_id = $1 OR r.email_key = LOWER($2)) AND r.status <> 'cancelled' AND a.starts_at >= $3
          ORDER BY a.starts_at, a.id LIMIT 100",
    )
    .bind(account_id)
    .bind(email)
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// A knowledge product the account made, newest change first.
#[derive(Debug, Clone, FromRow)]
pub struct MyProduct {
    pub werkplaats: String,
    pub id: i64,
    pub title: String,
    pub status: String,
    pub updated_at: String,
}

pub async fn products(conn: &mut Conn, account_id: i64) -> Result<Vec<MyProduct>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, p.id, p.title, p.status, p.updated_at
           FROM knowledge_products p JOIN werkplaatsen w ON w.id = p.werkplaats_id
          WHERE p.created_by = $1 ORDER BY p.updated_at DESC, p.id DESC LIMIT 100",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// A theme group or project the account takes part in (through its person records).
#[derive(Debug, Clone, FromRow)]
pub struct MyPlace {
    pub werkplaats: String,
    /// `themagroep` or `project`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// The role in a project (e.g. `projectleider`); empty for a theme group.
    pub role: String,
}

pub async fn places(conn: &mut Conn, account_id: i64, email: &str) -> Result<Vec<MyPlace>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, 'themagroep' AS kind, g.id, t.title, '' AS role FROM theme_group_members m
           JOIN people p ON p.id = m.person_id JOIN theme_groups g ON g.id = m.theme_group_id
           JOIN themes t ON t.id = g.theme_id JOIN werkplaatsen w ON w.id = m.werkplaats_id
          WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2)
         UNION ALL
         SELECT w.slug AS werkplaats, 'project' AS kind, pr.id, pr.title, m.role FROM project_people m
           JOIN people p ON p.id = m.person_id JOIN projects pr ON pr.id = m.project_id
           JOIN werkplaatsen w ON w.id = m.werkplaats_id
          WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2)
         ORDER BY 1, 2 DESC, 4",
    )
    .bind(account_id)
    .bind(email)
    .fetch_all(conn)
    .await?)
}

/// An application for an assignment, newest first.
#[derive(Debug, Clone, FromRow)]
pub struct MyApplication {
    pub werkplaats: String,
    pub assignment_id: i64,
    pub title: String,
    pub status: String,
    pub created_at: String,
}

pub async fn applications(conn: &mut Conn, account_id: i64) -> Result<Vec<MyApplication>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, a.id AS assignment_id, a.title, x.status, x.created_at
           FROM assignment_applications x JOIN assignments a ON a.id = x.assignment_id
           JOIN werkplaatsen w ON w.id = x.werkplaats_id
          WHERE x.account_id = $1 ORDER BY x.id DESC LIMIT 100",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}
