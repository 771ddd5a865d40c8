//! The association (DOMAIN §10): every werkplaats of the installation side by side — the counts
//! of projects, questions and knowledge products per werkplaats and kwestie, who works on what,
//! the collective priorities with the projects and questions that serve them, and joint projects
//! with partner werkplaatsen.
//!
//! The views across werkplaatsen return the werkplaats's slug with every row (as the lemniscate's
//! do); writes to one werkplaats's items take its [`Tenant`].
//!
//! Counts come with a **level**: who may read what is counted, as a number, so that one
//! computation serves every reader. 0: everyone (public projects and questions, published public
//! products); 1: the werkplaats's members and national partners (members-only questions that
//! were handed to the national side); 2: the werkplaats's members only (members-only projects and
//! questions, published products for partners or a theme group). A reader sees what has a level
//! up to theirs. A project counts for a kwestie through its questions and published products, at
//! the higher of its own level and the lowest level of such a link.
use crate::{Conn, Result, Tenant, now_text};

/// The level of a question (alias `q`).
const QUESTION_LEVEL: &str =
    "CAST(CASE WHEN q.visibility = 'public' THEN 0 WHEN q.handed_national_at IS NOT NULL THEN 1 ELSE 2 END AS BIGINT)";
/// The level of a published knowledge product (alias `p`).
const PRODUCT_LEVEL: &str =
    "CAST(CASE WHEN p.visibility = 'public' THEN 0 WHEN p.visibility = 'partners' THEN 2 ELSE 3 END AS BIGINT)";
/// The level of a project (alias `pr`).
const PROJECT_LEVEL: &str = "CAST(CASE WHEN pr.visibility = 'public' THEN 0 ELSE 2 END AS BIGINT)";

/// (project, kwestie, lowest level of a link) through the project's questions and published
/// products; `{filter_q}` and `{filter_p}` narrow the questions and products.
fn project_links(filter_q: &str, filter_p: &str) -> String {
    format!(
        "SELECT l.project_id, l.kwestie_id, MIN(l.level) AS level FROM (
             SELECT q.project_id, qk.kwestie_id, {QUESTION_LEVEL} AS level
               FROM questions q JOIN question_kwesties qk ON qk.question_id = q.id
              WHERE q.project_id IS NOT NULL{filter_q}
             UNION ALL
             SELECT p.project_id, pk.kwestie_id, {PRODUCT_LEVEL} AS level
               FROM knowledge_products p JOIN knowledge_product_kwesties pk ON pk.product_id = p.id
              WHERE p.project_id IS NOT NULL AND p.status = 'published'{filter_p}
         ) l GROUP BY l.project_id, l.kwestie_id"
    )
}

// ---- the cache key --------------------------------------------------------------------------------

/// What the counts depend on, in one cheap query: the newest audit entry, the newest search-outbox
/// row (every change to a question, move, product, project or kwestie link writes one, and on
/// PostgreSQL outbox ids commit in order), and the number of werkplaatsen.
pub async fn counts_state(conn: &mut Conn) -> Result<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit_log),
                (SELECT COALESCE(MAX(id), 0) FROM search_outbox),
                (SELECT COUNT(*) FROM werkplaatsen)",
    )
    .fetch_one(conn)
    .await?)
}

// ---- counts -----------------------------------------------------------------------------------------

/// How many items of a werkplaats carry a kwestie, at one level.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CountRow {
    pub werkplaats: String,
    pub kwestie_id: i64,
    pub level: i64,
    pub n: i64,
}

/// Practice questions per werkplaats, kwestie and level.
pub async fn question_counts(conn: &mut Conn) -> Result<Vec<CountRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, qk.kwestie_id, {QUESTION_LEVEL} AS level, COUNT(*) AS n
           FROM question_kwesties qk
           JOIN questions q ON q.id = qk.question_id
           JOIN werkplaatsen w ON w.id = q.werkplaats_id
          GROUP BY 1, 2, 3"
    ))
    .fetch_all(conn)
    .await?)
}

/// Published knowledge products per werkplaats, kwestie and level.
pub async fn product_counts(conn: &mut Conn) -> Result<Vec<CountRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, pk.kwestie_id, {PRODUCT_LEVEL} AS level, COUNT(*) AS n
           FROM knowledge_product_kwesties pk
           JOIN knowledge_products p ON p.id = pk.product_id
           JOIN werkplaatsen w ON w.id = p.werkplaats_id
          WHERE p.status = 'published'
          GROUP BY 1, 2, 3"
    ))
    .fetch_all(conn)
    .await?)
}

/// Projects per werkplaats, kwestie and level.
pub async fn project_counts(conn: &mut Conn) -> Result<Vec<CountRow>> {
    let links = project_links("", "");
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, x.kwestie_id,
                CAST(CASE WHEN pr.visibility = 'public' THEN x.level ELSE 2 END AS BIGINT) AS level, COUNT(*) AS n
           FROM ({links}) x
           JOIN projects pr ON pr.id = x.project_id
           JOIN werkplaatsen w ON w.id = pr.werkplaats_id
          GROUP BY 1, 2, 3"
    ))
    .fetch_all(conn)
    .await?)
}

/// Every kwestie: (id, label).
pub async fn kwestie_labels(conn: &mut Conn) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, label FROM kwesties ORDER BY label, id").fetch_all(conn).await?)
}

// ---- who works on what ----------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WerkplaatsLine {
    pub slug: String,
    pub name: String,
    pub region: String,
    pub association_id: Option<i64>,
}

/// Every werkplaats of the installation, by name.
pub async fn werkplaatsen(conn: &mut Conn) -> Result<Vec<WerkplaatsLine>> {
    Ok(sqlx::query_as("SELECT slug, name, region, association_id FROM werkplaatsen ORDER BY name, slug")
        .fetch_all(conn)
        .await?)
}

/// The association a werkplaats belongs to.
pub async fn association_of(conn: &mut Conn, t: &Tenant) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT association_id FROM werkplaatsen WHERE id = $1").bind(t.id()).fetch_one(conn).await?)
}

/// The themes of every werkplaats's current agenda (its latest period): (slug, theme id, title),
/// in agenda order.
pub async fn current_themes(conn: &mut Conn) -> Result<Vec<(String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, t.id, t.title FROM themes t JOIN werkplaatsen w ON w.id = t.werkplaats_id
          WHERE t.agenda_id = (SELECT a.id FROM agendas a JOIN periods p ON p.id = a.period_id
                                WHERE a.werkplaats_id = t.werkplaats_id
                                ORDER BY p.start_year DESC, a.id DESC LIMIT 1)
          ORDER BY w.slug, t.position, t.id",
    )
    .fetch_all(conn)
    .await?)
}

/// The programme coordinators of every werkplaats: (slug, name).
pub async fn coordinators(conn: &mut Conn) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT w.slug, a.name FROM role_assignments r
           JOIN accounts a ON a.id = r.account_id
           JOIN werkplaatsen w ON w.id = r.werkplaats_id
          WHERE r.role = 'programme-coordinator'
          ORDER BY w.slug, a.name",
    )
    .fetch_all(conn)
    .await?)
}

// ---- the items behind one count ------------------------------------------------------------------

/// An item of a werkplaats with its level.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemLine {
    pub id: i64,
    pub title: String,
    pub level: i64,
}

/// The projects of a werkplaats that count for a kwestie, by title.
pub async fn kwestie_projects(conn: &mut Conn, t: &Tenant, kwestie: i64) -> Result<Vec<ItemLine>> {
    let links = project_links(" AND q.werkplaats_id = $1", " AND p.werkplaats_id = $1");
    Ok(sqlx::query_as(&format!(
        "SELECT pr.id, pr.title, CAST(CASE WHEN pr.visibility = 'public' THEN x.level ELSE 2 END AS BIGINT) AS level
           FROM ({links}) x JOIN projects pr ON pr.id = x.project_id
          WHERE pr.werkplaats_id = $1 AND x.kwestie_id = $2
          ORDER BY pr.title, pr.id"
    ))
    .bind(t.id())
    .bind(kwestie)
    .fetch_all(conn)
    .await?)
}

/// The practice questions of a werkplaats with a kwestie, by title.
pub async fn kwestie_questions(conn: &mut Conn, t: &Tenant, kwestie: i64) -> Result<Vec<ItemLine>> {
    Ok(sqlx::query_as(&format!(
        "SELECT q.id, q.title, {QUESTION_LEVEL} AS level
           FROM questions q JOIN question_kwesties qk ON qk.question_id = q.id
          WHERE q.werkplaats_id = $1 AND qk.kwestie_id = $2
          ORDER BY q.title, q.id"
    ))
    .bind(t.id())
    .bind(kwestie)
    .fetch_all(conn)
    .await?)
}

/// The published knowledge products of a werkplaats with a kwestie, by title.
pub async fn kwestie_products(conn: &mut Conn, t: &Tenant, kwestie: i64) -> Result<Vec<ItemLine>> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.title, {PRODUCT_LEVEL} AS level
           FROM knowledge_products p JOIN knowledge_product_kwesties pk ON pk.product_id = p.id
          WHERE p.werkplaats_id = $1 AND pk.kwestie_id = $2 AND p.status = 'published'
          ORDER BY p.title, p.id"
    ))
    .bind(t.id())
    .bind(kwestie)
    .fetch_all(conn)
    .await?)
}

/// The kwesties the themes of a werkplaats touch: (theme id, kwestie id, level), through the
/// theme's projects (their questions and published products) and the published products linked to
/// the theme itself. One row per way; the reader takes the lowest level per pair.
pub async fn theme_kwesties(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, i64, i64)>> {
    let links = project_links(" AND q.werkplaats_id = $1", " AND p.werkplaats_id = $1");
    Ok(sqlx::query_as(&format!(
        "SELECT pr.theme_id, x.kwestie_id,
                CAST(CASE WHEN pr.visibility = 'public' THEN x.level ELSE 2 END AS BIGINT) AS level
           FROM ({links}) x JOIN projects pr ON pr.id = x.project_id
          WHERE pr.werkplaats_id = $1
         UNION ALL
         SELECT kt.theme_id, pk.kwestie_id, {PRODUCT_LEVEL} AS level
           FROM knowledge_product_themes kt
           JOIN knowledge_products p ON p.id = kt.product_id
           JOIN knowledge_product_kwesties pk ON pk.product_id = p.id
          WHERE kt.werkplaats_id = $1 AND p.status = 'published'"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// The projects and practice questions of a werkplaats with their levels, by title: what its
/// coordinators may link to a priority.
pub async fn own_items(conn: &mut Conn, t: &Tenant) -> Result<(Vec<ItemLine>, Vec<ItemLine>)> {
    let projects = sqlx::query_as(&format!(
        "SELECT pr.id, pr.title, {PROJECT_LEVEL} AS level FROM projects pr WHERE pr.werkplaats_id = $1
          ORDER BY pr.title, pr.id"
    ))
    .bind(t.id())
    .fetch_all(&mut *conn)
    .await?;
    let questions = sqlx::query_as(&format!(
        "SELECT q.id, q.title, {QUESTION_LEVEL} AS level FROM questions q WHERE q.werkplaats_id = $1
          ORDER BY q.title, q.id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?;
    Ok((projects, questions))
}

/// Which of `ids` are projects (`project`) or questions (`question`) of this werkplaats.
pub async fn existing_items(conn: &mut Conn, t: &Tenant, kind: ItemKind, ids: &[i64]) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let table = match kind {
        ItemKind::Project => "projects",
        ItemKind::Question => "questions",
    };
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE werkplaats_id = $1 AND id IN ({list})"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Project,
    Question,
}

impl ItemKind {
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Project => "project",
            ItemKind::Question => "question",
        }
    }
}

// ---- collective priorities ------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PriorityRow {
    pub id: i64,
    pub association_id: i64,
    pub title: String,
    pub description: String,
    pub position: i64,
    pub created_at: String,
}

const PRIORITY_COLUMNS: &str = "id, association_id, title, description, position, created_at";

/// Every priority of every association, in order.
pub async fn priorities(conn: &mut Conn) -> Result<Vec<PriorityRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRIORITY_COLUMNS} FROM association_priorities ORDER BY association_id, position, id"
    ))
    .fetch_all(conn)
    .await?)
}

pub async fn priority(conn: &mut Conn, id: i64) -> Result<Option<PriorityRow>> {
    Ok(sqlx::query_as(&format!("SELECT {PRIORITY_COLUMNS} FROM association_priorities WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Adds a priority at the end of its association's list.
pub async fn insert_priority(conn: &mut Conn, association_id: i64, title: &str, description: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO association_priorities (association_id, title, description, position, created_at)
         VALUES ($1, $2, $3,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM association_priorities WHERE association_id = $1), $4)
         RETURNING id",
    )
    .bind(association_id)
    .bind(title)
    .bind(description)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn update_priority(conn: &mut Conn, id: i64, title: &str, description: &str) -> Result<()> {
    let done = sqlx::query("UPDATE association_priorities SET title = $1, description = $2 WHERE id = $3")
        .bind(title)
        .bind(description)
        .bind(id)
        .execute(conn)
        .await?;
    crate::organisation::affected(done.rows_affected())
}

/// Deletes a priority; its items go with it.
pub async fn delete_priority(conn: &mut Conn, id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM association_priorities WHERE id = $1").bind(id).execute(conn).await?;
    crate::organisation::affected(done.rows_affected())
}

/// A project or question that serves a priority, with its werkplaats and level.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriorityItemRow {
    pub priority_id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub kind: String,
    pub item_id: i64,
    pub title: String,
    pub level: i64,
}

/// Every item of every priority (items whose project or question is gone are left out), by
/// priority, werkplaats, kind and title.
pub async fn priority_items(conn: &mut Conn) -> Result<Vec<PriorityItemRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT i.priority_id, w.slug AS werkplaats, w.name AS werkplaats_name, i.kind, i.item_id, pr.title,
                {PROJECT_LEVEL} AS level
           FROM association_priority_items i
           JOIN projects pr ON pr.id = i.item_id AND pr.werkplaats_id = i.werkplaats_id
           JOIN werkplaatsen w ON w.id = i.werkplaats_id
          WHERE i.kind = 'project'
         UNION ALL
         SELECT i.priority_id, w.slug AS werkplaats, w.name AS werkplaats_name, i.kind, i.item_id, q.title,
                {QUESTION_LEVEL} AS level
           FROM association_priority_items i
           JOIN questions q ON q.id = i.item_id AND q.werkplaats_id = i.werkplaats_id
           JOIN werkplaatsen w ON w.id = i.werkplaats_id
          WHERE i.kind = 'question'
         ORDER BY 1, 3, 4, 6, 5"
    ))
    .fetch_all(conn)
    .await?)
}

/// The ids of this werkplaats's items of `kind` linked to a priority.
pub async fn own_priority_items(conn: &mut Conn, t: &Tenant, priority_id: i64, kind: ItemKind) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT item_id FROM association_priority_items
          WHERE priority_id = $1 AND werkplaats_id = $2 AND kind = $3 ORDER BY item_id",
    )
    .bind(priority_id)
    .bind(t.id())
    .bind(kind.code())
    .fetch_all(conn)
    .await?)
}

/// Makes this werkplaats's items of a priority exactly `projects` and `questions` (the items of
/// other werkplaatsen stay).
pub async fn replace_priority_items(
    conn: &mut Conn,
    t: &Tenant,
    priority_id: i64,
    projects: &[i64],
    questions: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM association_priority_items WHERE priority_id = $1 AND werkplaats_id = $2")
        .bind(priority_id)
        .bind(t.id())
        .execute(&mut *conn)
        .await?;
    for (kind, ids) in [(ItemKind::Project, projects), (ItemKind::Question, questions)] {
        for id in ids {
            sqlx::query(
                "INSERT INTO association_priority_items (priority_id, werkplaats_id, kind, item_id)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(priority_id)
            .bind(t.id())
            .bind(kind.code())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

// ---- joint projects -------------------------------------------------------------------------------

/// A joint project with one of its partner werkplaatsen (one row per partner).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JointRow {
    pub project_id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub title: String,
    pub level: i64,
    pub partner: String,
    pub partner_name: String,
}

/// Every project with partner werkplaatsen, by title, its partners by name.
pub async fn joint_projects(conn: &mut Conn) -> Result<Vec<JointRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT pr.id AS project_id, w.slug AS werkplaats, w.name AS werkplaats_name, pr.title,
                {PROJECT_LEVEL} AS level, pw.slug AS partner, pw.name AS partner_name
           FROM project_partner_werkplaatsen x
           JOIN projects pr ON pr.id = x.project_id AND pr.werkplaats_id = x.werkplaats_id
           JOIN werkplaatsen w ON w.id = x.werkplaats_id
           JOIN werkplaatsen pw ON pw.id = x.partner_werkplaats_id
          ORDER BY pr.title, pr.id, pw.name"
    ))
    .fetch_all(conn)
    .await?)
}

/// The slugs of a project's partner werkplaatsen, by slug.
pub async fn partners(conn: &mut Conn, t: &Tenant, project_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT pw.slug FROM project_partner_werkplaatsen x JOIN werkplaatsen pw ON pw.id = x.partner_werkplaats_id
          WHERE x.werkplaats_id = $1 AND x.project_id = $2 ORDER BY pw.slug",
    )
    .bind(t.id())
    .bind(project_id)
    .fetch_all(conn)
    .await?)
}

/// Makes a project's partner werkplaatsen exactly `partners`.
pub async fn replace_partners(conn: &mut Conn, t: &Tenant, project_id: i64, partners: &[Tenant]) -> Result<()> {
    sqlx::query("DELETE FROM project_partner_werkplaatsen WHERE werkplaats_id = $1 AND project_id = $2")
        .bind(t.id())
        .bind(project_id)
        .execute(&mut *conn)
        .await?;
    for p in partners {
        sqlx::query(
            "INSERT INTO project_partner_werkplaatsen (project_id, werkplaats_id, partner_werkplaats_id)
             VALUES ($1, $2, $3)",
        )
        .bind(project_id)
        .bind(t.id())
        .bind(p.id())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
