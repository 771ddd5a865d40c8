//! Grants, budget lines, contributions, outcomes and annual report versions (issue 18). Amounts are
//! euro cents; every function takes the werkplaats's [`Tenant`]. Child rows without their own
//! werkplaats column (grant amounts, budget line amounts) are reached only through a parent that is
//! checked against the tenant.
use crate::{Conn, Result, Tenant, now_text, nullable_f64};

// ---- grants ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct GrantRow {
    pub id: i64,
    pub funder_id: Option<i64>,
    pub funder_name: Option<String>,
    #[sqlx(rename = "type")]
    #[serde(rename = "type")]
    pub grant_type: String,
    pub reference: Option<String>,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub conditions: String,
    pub matching_ratio: Option<f64>,
    pub part_of: Option<i64>,
}

const GRANT_COLUMNS: &str = "g.id, g.funder_id, o.name AS funder_name, g.type, g.reference, g.title, g.starts_on, \
     g.ends_on, g.conditions, g.matching_ratio, g.part_of";

pub struct GrantFields<'a> {
    pub funder_id: i64,
    pub grant_type: &'a str,
    pub reference: Option<&'a str>,
    pub title: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub conditions: &'a str,
    pub matching_ratio: Option<f64>,
    pub part_of: Option<i64>,
}

pub async fn grants(conn: &mut Conn, t: &Tenant) -> Result<Vec<GrantRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {GRANT_COLUMNS} FROM grants g LEFT JOIN organisations o ON o.id = g.funder_id
          WHERE g.werkplaats_id = $1 ORDER BY g.starts_on, g.id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

pub async fn grant(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<GrantRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {GRANT_COLUMNS} FROM grants g LEFT JOIN organisations o ON o.id = g.funder_id
          WHERE g.werkplaats_id = $1 AND g.id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert_grant(conn: &mut Conn, t: &Tenant, f: &GrantFields<'_>) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO grants (werkplaats_id, funder_id, type, reference, title, starts_on, ends_on, conditions,
                             matching_ratio, part_of, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, -1.0), $10, $11, $11) RETURNING id",
    )
    .bind(t.id())
    .bind(f.funder_id)
    .bind(f.grant_type)
    .bind(f.reference)
    .bind(f.title)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.conditions)
    .bind(nullable_f64(f.matching_ratio))
    .bind(f.part_of)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_grant(conn: &mut Conn, t: &Tenant, id: i64, f: &GrantFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE grants SET funder_id = $3, type = $4, reference = $5, title = $6, starts_on = $7, ends_on = $8,
                conditions = $9, matching_ratio = NULLIF($10, -1.0), part_of = $11, updated_at = $12
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.funder_id)
    .bind(f.grant_type)
    .bind(f.reference)
    .bind(f.title)
    .bind(f.starts_on)
    .bind(f.ends_on)
    .bind(f.conditions)
    .bind(nullable_f64(f.matching_ratio))
    .bind(f.part_of)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_grant(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM grants WHERE werkplaats_id = $1 AND id = $2").bind(t.id()).bind(id).execute(conn).await?;
    Ok(())
}

/// (grant id, year, amount) of every grant of the werkplaats, by grant and year.
pub async fn grant_amounts(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT a.grant_id, a.year, a.amount FROM grant_amounts a JOIN grants g ON g.id = a.grant_id
          WHERE g.werkplaats_id = $1 ORDER BY a.grant_id, a.year",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// Replaces the amounts of a grant (which the caller checked belongs to the tenant).
pub async fn set_grant_amounts(conn: &mut Conn, t: &Tenant, grant_id: i64, amounts: &[(i64, i64)]) -> Result<()> {
    sqlx::query(
        "DELETE FROM grant_amounts WHERE grant_id IN (SELECT id FROM grants WHERE werkplaats_id = $1 AND id = $2)",
    )
    .bind(t.id())
    .bind(grant_id)
    .execute(&mut *conn)
    .await?;
    for (year, amount) in amounts {
        sqlx::query(
            "INSERT INTO grant_amounts (grant_id, year, amount)
             SELECT id, $3, $4 FROM grants WHERE werkplaats_id = $1 AND id = $2",
        )
        .bind(t.id())
        .bind(grant_id)
        .bind(year)
        .bind(amount)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

// ---- budget lines ---------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct BudgetLineRow {
    pub id: i64,
    pub grant_id: i64,
    pub name: String,
}

/// The budget lines of one grant, or of every grant (`None`), by grant and name.
pub async fn budget_lines(conn: &mut Conn, t: &Tenant, grant_id: Option<i64>) -> Result<Vec<BudgetLineRow>> {
    Ok(sqlx::query_as(
        "SELECT id, grant_id, name FROM budget_lines WHERE werkplaats_id = $1 AND ($2 IS NULL OR grant_id = $2)
          ORDER BY grant_id, id",
    )
    .bind(t.id())
    .bind(grant_id)
    .fetch_all(conn)
    .await?)
}

/// (line id, year, planned, realised) of the lines of one grant or of every grant.
pub async fn budget_line_amounts(
    conn: &mut Conn,
    t: &Tenant,
    grant_id: Option<i64>,
) -> Result<Vec<(i64, i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT a.line_id, a.year, a.planned, a.realised FROM budget_line_amounts a
           JOIN budget_lines l ON l.id = a.line_id
          WHERE l.werkplaats_id = $1 AND ($2 IS NULL OR l.grant_id = $2) ORDER BY a.line_id, a.year",
    )
    .bind(t.id())
    .bind(grant_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_budget_line(conn: &mut Conn, t: &Tenant, grant_id: i64, name: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO budget_lines (werkplaats_id, grant_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(t.id())
    .bind(grant_id)
    .bind(name)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn rename_budget_line(conn: &mut Conn, t: &Tenant, id: i64, name: &str) -> Result<()> {
    sqlx::query("UPDATE budget_lines SET name = $3 WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_budget_line(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM budget_lines WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the (year, planned, realised) amounts of a budget line of the tenant.
pub async fn set_budget_line_amounts(
    conn: &mut Conn,
    t: &Tenant,
    line_id: i64,
    amounts: &[(i64, i64, i64)],
) -> Result<()> {
    sqlx::query(
        "DELETE FROM budget_line_amounts
          WHERE line_id IN (SELECT id FROM budget_lines WHERE werkplaats_id = $1 AND id = $2)",
    )
    .bind(t.id())
    .bind(line_id)
    .execute(&mut *conn)
    .await?;
    for (year, planned, realised) in amounts {
        sqlx::query(
            "INSERT INTO budget_line_amounts (line_id, year, planned, realised)
             SELECT id, $3, $4, $5 FROM budget_lines WHERE werkplaats_id = $1 AND id = $2",
        )
        .bind(t.id())
        .bind(line_id)
        .bind(year)
        .bind(planned)
        .bind(realised)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

// ---- contributions --------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ContributionRow {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    /// The organisation's kind (hogeschool, gemeente, …).
    pub organisation_kind: String,
    pub year: i64,
    pub kind: String,
    pub amount: i64,
    pub status: String,
    pub grant_id: Option<i64>,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub hours: Option<f64>,
    pub rate: Option<i64>,
    pub justification: String,
}

const CONTRIBUTION_COLUMNS: &str = "c.id, c.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind, \
     c.year, c.kind, c.amount, c.status, c.grant_id, c.project_id, c.theme_group_id, c.hours, c.rate, c.justification";

pub struct ContributionFields<'a> {
    pub organisation_id: i64,
    pub year: i64,
    pub kind: &'a str,
    pub amount: i64,
    pub status: &'a str,
    pub grant_id: Option<i64>,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub hours: Option<f64>,
    pub rate: Option<i64>,
    pub justification: &'a str,
}

/// Contributions, optionally of one year and/or one grant, by year, organisation and id.
pub async fn contributions(
    conn: &mut Conn,
    t: &Tenant,
    year: Option<i64>,
    grant_id: Option<i64>,
) -> Result<Vec<ContributionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CONTRIBUTION_COLUMNS} FROM contributions c JOIN organisations o ON o.id = c.organisation_id
          WHERE c.werkplaats_id = $1 AND ($2 IS NULL OR c.year = $2) AND ($3 IS NULL OR c.grant_id = $3)
          ORDER BY c.year, o.name, c.id"
    ))
    .bind(t.id())
    .bind(year)
    .bind(grant_id)
    .fetch_all(conn)
    .await?)
}

pub async fn contribution(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ContributionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CONTRIBUTION_COLUMNS} FROM contributions c JOIN organisations o ON o.id = c.organisation_id
          WHERE c.werkplaats_id = $1 AND c.id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert_contribution(conn: &mut Conn, t: &Tenant, f: &ContributionFields<'_>) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO contributions (werkplaats_id, organisation_id, year, kind, amount, status, grant_id, project_id,
                                    theme_group_id, hours, rate, justification, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, -1.0), $11, $12, $13, $13) RETURNING id",
    )
    .bind(t.id())
    .bind(f.organisation_id)
    .bind(f.year)
    .bind(f.kind)
    .bind(f.amount)
    .bind(f.status)
    .bind(f.grant_id)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(nullable_f64(f.hours))
    .bind(f.rate)
    .bind(f.justification)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_contribution(conn: &mut Conn, t: &Tenant, id: i64, f: &ContributionFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE contributions SET organisation_id = $3, year = $4, kind = $5, amount = $6, status = $7, grant_id = $8,
                project_id = $9, theme_group_id = $10, hours = NULLIF($11, -1.0), rate = $12, justification = $13, updated_at = $14
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.organisation_id)
    .bind(f.year)
    .bind(f.kind)
    .bind(f.amount)
    .bind(f.status)
    .bind(f.grant_id)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(nullable_f64(f.hours))
    .bind(f.rate)
    .bind(f.justification)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_contribution(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM contributions WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// (year, kind, status, sum) of the contributions naming a grant.
pub async fn grant_contribution_sums(
    conn: &mut Conn,
    t: &Tenant,
    grant_id: Option<i64>,
) -> Result<Vec<(i64, i64, String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT grant_id, year, kind, status, CAST(SUM(amount) AS BIGINT) FROM contributions
          WHERE werkplaats_id = $1 AND grant_id IS NOT NULL AND ($2 IS NULL OR grant_id = $2)
          GROUP BY grant_id, year, kind, status ORDER BY grant_id, year",
    )
    .bind(t.id())
    .bind(grant_id)
    .fetch_all(conn)
    .await?)
}

// ---- outcomes -------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OutcomeRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub year: i64,
    pub status: String,
    /// JSON arrays.
    pub beneficiaries: String,
    pub evidence: String,
    pub contribution_ids: String,
    pub four_os: String,
    pub project_id: Option<i64>,
}

const OUTCOME_COLUMNS: &str =
    "id, title, description, year, status, beneficiaries, evidence, contribution_ids, four_os, project_id";

pub struct OutcomeFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub year: i64,
    pub status: &'a str,
    pub beneficiaries: &'a str,
    pub evidence: &'a str,
    pub contribution_ids: &'a str,
    pub four_os: &'a str,
    pub project_id: Option<i64>,
}

pub async fn outcomes(conn: &mut Conn, t: &Tenant, year: Option<i64>) -> Result<Vec<OutcomeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {OUTCOME_COLUMNS} FROM outcomes WHERE werkplaats_id = $1 AND ($2 IS NULL OR year = $2)
          ORDER BY year, id"
    ))
    .bind(t.id())
    .bind(year)
    .fetch_all(conn)
    .await?)
}

pub async fn outcome(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<OutcomeRow>> {
    Ok(sqlx::query_as(&format!("SELECT {OUTCOME_COLUMNS} FROM outcomes WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_outcome(conn: &mut Conn, t: &Tenant, f: &OutcomeFields<'_>) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO outcomes (werkplaats_id, title, description, year, status, beneficiaries, evidence,
                               contribution_ids, four_os, project_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(t.id())
    .bind(f.title)
    .bind(f.description)
    .bind(f.year)
    .bind(f.status)
    .bind(f.beneficiaries)
    .bind(f.evidence)
    .bind(f.contribution_ids)
    .bind(f.four_os)
    .bind(f.project_id)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_outcome(conn: &mut Conn, t: &Tenant, id: i64, f: &OutcomeFields<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE outcomes SET title = $3, description = $4, year = $5, status = $6, beneficiaries = $7, evidence = $8,
                contribution_ids = $9, four_os = $10, project_id = $11, updated_at = $12
          WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.title)
    .bind(f.description)
    .bind(f.year)
    .bind(f.status)
    .bind(f.beneficiaries)
    .bind(f.evidence)
    .bind(f.contribution_ids)
    .bind(f.four_os)
    .bind(f.project_id)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_outcome(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM outcomes WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- references -----------------------------------------------------------------------------------

/// What a grant, contribution or outcome may refer to in its werkplaats.
#[derive(Debug, Clone, Copy)]
pub enum Ref {
    Organisation,
    Grant,
    Project,
    ThemeGroup,
    KnowledgeProduct,
    Activity,
    Contribution,
}

impl Ref {
    fn table(self) -> &'static str {
        match self {
            Ref::Organisation => "organisations",
            Ref::Grant => "grants",
            Ref::Project => "projects",
            Ref::ThemeGroup => "theme_groups",
            Ref::KnowledgeProduct => "knowledge_products",
            Ref::Activity => "activities",
            Ref::Contribution => "contributions",
        }
    }
}

/// Whether row `id` of `r` belongs to the tenant.
pub async fn exists(conn: &mut Conn, t: &Tenant, r: Ref, id: i64) -> Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {} WHERE werkplaats_id = $1 AND id = $2", r.table()))
            .bind(t.id())
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// The id of the tenant's organisation with exactly this name.
pub async fn organisation_by_name(conn: &mut Conn, t: &Tenant, name: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM organisations WHERE werkplaats_id = $1 AND name = $2")
        .bind(t.id())
        .bind(name)
        .fetch_optional(conn)
        .await?)
}

// ---- report versions ------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ReportVersionRow {
    pub id: i64,
    pub year: i64,
    pub grant_id: Option<i64>,
    /// A JSON object: section key → narrative.
    pub narratives: String,
    pub saved_by_name: String,
    pub saved_at: String,
}

/// The versions for (year, grant), newest first.
pub async fn report_versions(
    conn: &mut Conn,
    t: &Tenant,
    year: i64,
    grant_id: Option<i64>,
) -> Result<Vec<ReportVersionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, year, grant_id, narratives, saved_by_name, saved_at FROM report_versions
          WHERE werkplaats_id = $1 AND year = $2 AND (grant_id = $3 OR ($3 IS NULL AND grant_id IS NULL))
          ORDER BY id DESC",
    )
    .bind(t.id())
    .bind(year)
    .bind(grant_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_report_version(
    conn: &mut Conn,
    t: &Tenant,
    (year, grant_id): (i64, Option<i64>),
    narratives: &str,
    (account_id, name): (i64, &str),
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO report_versions (werkplaats_id, year, grant_id, narratives, saved_by, saved_by_name, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(t.id())
    .bind(year)
    .bind(grant_id)
    .bind(narratives)
    .bind(account_id)
    .bind(name)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

// ---- what the annual report counts ------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityFigure {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub starts_at: String,
    pub audience: String,
    /// A count recorded for a large event.
    pub attendance_count: Option<i64>,
    /// Registrations marked as attended.
    pub attended: i64,
}

/// Activities of the werkplaats that took place in `year` and were not cancelled, by start.
pub async fn activities_of_year(conn: &mut Conn, t: &Tenant, year: i64) -> Result<Vec<ActivityFigure>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.title, a.kind, a.starts_at, a.audience, a.attendance_count,
                (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.attended = 1) AS attended
           FROM activities a
          WHERE a.werkplaats_id = $1 AND a.status = 'scheduled' AND a.starts_at >= $2 AND a.starts_at < $3
          ORDER BY a.starts_at, a.id",
    )
    .bind(t.id())
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .fetch_all(conn)
    .await?)
}

/// (id, title, kind) of the knowledge products of `year`, by title.
pub async fn products_of_year(conn: &mut Conn, t: &Tenant, year: i64) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, title, kind FROM knowledge_products WHERE werkplaats_id = $1 AND year = $2 ORDER BY title, id",
    )
    .bind(t.id())
    .bind(year)
    .fetch_all(conn)
    .await?)
}

/// (id, title) of the werkplaats's knowledge products, by title; at most `limit` (evidence choices).
pub async fn product_titles(conn: &mut Conn, t: &Tenant, limit: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, title FROM knowledge_products WHERE werkplaats_id = $1 ORDER BY title, id LIMIT $2")
        .bind(t.id())
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// (id, title, starts_at) of the werkplaats's activities, newest first; at most `limit` (evidence choices).
pub async fn activity_titles(conn: &mut Conn, t: &Tenant, limit: i64) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, title, starts_at FROM activities WHERE werkplaats_id = $1 ORDER BY starts_at DESC, id LIMIT $2",
    )
    .bind(t.id())
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
