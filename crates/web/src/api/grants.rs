//! Grants, matching and outcomes (issue 18, tag `subsidies`): grants with budget lines, partners'
//! contributions, outcomes, the matching per grant and year, and the annual report as a file.
//! Everything here is for the werkplaats's coordinators and lectoren.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use crate::routes::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use broedplaats_core::grants::ImportError;
use broedplaats_core::grants::{
    BudgetLineInput, BudgetLineView, ContributionInput, ContributionView, GrantInput, GrantView, MatchingView,
    NarrativesInput, OutcomeInput, OutcomeView, ReportVersionView,
};
use broedplaats_report::Report;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/grants", get(list_grants).post(create_grant))
        .route("/werkplaatsen/{slug}/grants/{id}", get(get_grant).put(update_grant).delete(delete_grant))
        .route("/werkplaatsen/{slug}/grants/{id}/budget-lines", get(list_budget_lines).post(create_budget_line))
        .route(
            "/werkplaatsen/{slug}/grants/{id}/budget-lines/{line_id}",
            put(update_budget_line).delete(delete_budget_line),
        )
        .route("/werkplaatsen/{slug}/grants/{id}/matching", get(matching))
        .route("/werkplaatsen/{slug}/contributions", get(list_contributions).post(create_contribution))
        .route(
            "/werkplaatsen/{slug}/contributions/import",
            post(import_contributions).body_limit(2 * broedplaats_core::grants::import::MAX_BYTES),
        )
        .route(
            "/werkplaatsen/{slug}/contributions/{id}",
            get(get_contribution).put(update_contribution).delete(delete_contribution),
        )
        .route("/werkplaatsen/{slug}/outcomes", get(list_outcomes).post(create_outcome))
        .route("/werkplaatsen/{slug}/outcomes/{id}", get(get_outcome).put(update_outcome).delete(delete_outcome))
        .route("/werkplaatsen/{slug}/reports/annual", get(annual_report))
        .route("/werkplaatsen/{slug}/reports/annual/versions", get(list_report_versions).post(save_report_version))
}

/// The id of what was created.
#[derive(Serialize, ToSchema)]
pub struct IdOut {
    pub id: i64,
}

fn created(id: i64) -> (StatusCode, Json<IdOut>) {
    (StatusCode::CREATED, Json(IdOut { id }))
}

// ---- grants -------------------------------------------------------------------------------------------

/// The grants of the werkplaats with their amounts per year.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/grants", tag = "subsidies",
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<GrantView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_grants(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<GrantView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.grants(actor.get(), &tenant).await?))
}

/// Registers a grant. `funder` is a name or id; an unknown name creates a funder organisation.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/grants", tag = "subsidies",
    params(("slug" = String, Path)), request_body = GrantInput, security(("bearer" = [])),
    responses((status = 201, body = IdOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_grant(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<GrantInput>,
) -> ApiResult<(StatusCode, Json<IdOut>)> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(created(state.core.save_grant(actor.get(), &tenant, None, &body).await?.id))
}

/// One grant.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/grants/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = GrantView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_grant(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<GrantView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.grant(actor.get(), &tenant, id).await?))
}

/// Changes a grant (its amounts replace the old ones; refused when the budget lines no longer fit).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/grants/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = GrantInput, security(("bearer" = [])),
    responses((status = 200, body = GrantView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_grant(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<GrantInput>,
) -> ApiResult<Json<GrantView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_grant(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a grant and its budget lines; contributions keep their figures without the grant.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/grants/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_grant(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_grant(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The budget lines of a grant with planned and realised amounts per year.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<BudgetLineView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_budget_lines(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<BudgetLineView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.budget_lines(actor.get(), &tenant, id).await?))
}

/// Adds a budget line. Its years must be years of the grant, and per year all planned lines
/// together may not exceed the grant amount.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = BudgetLineInput, security(("bearer" = [])),
    responses((status = 201, body = IdOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_budget_line(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<BudgetLineInput>,
) -> ApiResult<(StatusCode, Json<IdOut>)> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(created(state.core.save_budget_line(actor.get(), &tenant, id, None, &body).await?.id))
}

/// Changes a budget line (same rules as adding one).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines/{line_id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path), ("line_id" = i64, Path)), request_body = BudgetLineInput,
    security(("bearer" = [])),
    responses((status = 200, body = BudgetLineView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_budget_line(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, line_id)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<BudgetLineInput>,
) -> ApiResult<Json<BudgetLineView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_budget_line(actor.get(), &tenant, id, Some(line_id), &body).await?))
}

/// Deletes a budget line.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines/{line_id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path), ("line_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_budget_line(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, line_id)): ApiPath<(String, i64, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_budget_line(actor.get(), &tenant, id, line_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The matching per year of the grant's period: the grant against the realised contributions that
/// name it, cash and in kind; `ratio` = matched_total / grant; `status` ok, warning (a year not
/// yet over that falls short), violation (a past year that fell short) or not_assessable (no grant
/// amount or no matching ratio).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/grants/{id}/matching", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = MatchingView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn matching(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<MatchingView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.grant_matching(actor.get(), &tenant, id).await?))
}

// ---- contributions ------------------------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
pub struct ContributionQuery {
    pub year: Option<i64>,
    pub grant_id: Option<i64>,
}

/// Contributions of partners, optionally of one year and/or one grant.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/contributions", tag = "subsidies",
    params(("slug" = String, Path), ContributionQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ContributionView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_contributions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ContributionQuery>,
) -> ApiResult<Json<Vec<ContributionView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.contributions(actor.get(), &tenant, q.year, q.grant_id).await?))
}

/// Records a contribution of an organisation of the werkplaats (by name or id).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/contributions", tag = "subsidies",
    params(("slug" = String, Path)), request_body = ContributionInput, security(("bearer" = [])),
    responses((status = 201, body = IdOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_contribution(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ContributionInput>,
) -> ApiResult<(StatusCode, Json<IdOut>)> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(created(state.core.save_contribution(actor.get(), &tenant, None, &body).await?.id))
}

/// One contribution.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/contributions/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ContributionView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_contribution(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ContributionView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.contribution(actor.get(), &tenant, id).await?))
}

/// Changes a contribution.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/contributions/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ContributionInput, security(("bearer" = [])),
    responses((status = 200, body = ContributionView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_contribution(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ContributionInput>,
) -> ApiResult<Json<ContributionView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_contribution(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a contribution.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/contributions/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_contribution(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_contribution(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Only check the file: report what would be created, write nothing.
    pub dry_run: Option<bool>,
}

/// A problem in the file: its line (1 is the header; 0 the file as a whole) and the reason in Dutch.
#[derive(Serialize, ToSchema)]
pub struct ImportRowError {
    pub line: usize,
    pub message: String,
}

/// What an import did: `created` contributions (0 on a dry run or when any row is bad), the
/// number of `valid` rows, and every problem.
#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    pub created: usize,
    pub valid: usize,
    pub dry_run: bool,
    pub errors: Vec<ImportRowError>,
}

/// Imports contributions from a CSV file sent as the body (`text/csv`; UTF-8 or Windows-1252,
/// `;` or `,`), all or nothing: one bad row and nothing is written, every problem is listed with
/// its line. Columns (Dutch or English names): organisatie*, jaar*, soort* (geld|natura),
/// bedrag* (1.234,56 or 1234.56), status* (gepland|gerealiseerd), subsidie (title or id), project
/// (title or id), uren, tarief, toelichting. At most 2 MB and 5,000 rows. `?dry_run=true` only checks.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/contributions/import", tag = "subsidies",
    params(("slug" = String, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    security(("bearer" = [])),
    responses((status = 200, body = ImportOut, description = "Dry run: the file is valid"),
        (status = 201, body = ImportOut, description = "Imported"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ImportOut, description = "Bad rows; nothing was written")))]
pub async fn import_contributions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let tenant = state.core.tenant(&slug).await?;
    let dry_run = q.dry_run.unwrap_or(false);
    match state.core.import_contributions(actor.get(), &tenant, &body, dry_run).await {
        Ok(done) => {
            let status = if dry_run { StatusCode::OK } else { StatusCode::CREATED };
            let out = ImportOut { created: done.created, valid: done.valid, dry_run, errors: vec![] };
            Ok((status, Json(out)).into_response())
        }
        Err(ImportError::Invalid(rows)) => {
            let errors = rows.into_iter().map(|e| ImportRowError { line: e.line, message: e.message }).collect();
            let out = ImportOut { created: 0, valid: 0, dry_run, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(out)).into_response())
        }
        Err(ImportError::Core(e)) => Err(e.into()),
    }
}

// ---- outcomes -----------------------------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    pub year: Option<i64>,
}

/// Outcomes, optionally of one year.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/outcomes", tag = "subsidies",
    params(("slug" = String, Path), YearQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<OutcomeView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_outcomes(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<Vec<OutcomeView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.outcomes(actor.get(), &tenant, q.year).await?))
}

/// Records an outcome with its beneficiaries and evidence.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/outcomes", tag = "subsidies",
    params(("slug" = String, Path)), request_body = OutcomeInput, security(("bearer" = [])),
    responses((status = 201, body = IdOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_outcome(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<OutcomeInput>,
) -> ApiResult<(StatusCode, Json<IdOut>)> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(created(state.core.save_outcome(actor.get(), &tenant, None, &body).await?.id))
}

/// One outcome.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/outcomes/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = OutcomeView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_outcome(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<OutcomeView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.outcome(actor.get(), &tenant, id).await?))
}

/// Changes an outcome.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/outcomes/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = OutcomeInput, security(("bearer" = [])),
    responses((status = 200, body = OutcomeView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_outcome(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<OutcomeInput>,
) -> ApiResult<Json<OutcomeView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_outcome(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes an outcome.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/outcomes/{id}", tag = "subsidies",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_outcome(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_outcome(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- the annual report --------------------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
pub struct ReportQuery {
    /// The year, YYYY.
    pub year: Option<i64>,
    /// pdf, xlsx or csv (default pdf).
    pub format: Option<String>,
    /// One grant instead of the whole werkplaats.
    pub grant_id: Option<i64>,
    /// With `format=csv`: just this table (e.g. `Matching`) as one CSV instead of a ZIP of all tables.
    pub table: Option<String>,
}

fn year_required(year: Option<i64>) -> ApiResult<i64> {
    year.ok_or_else(|| {
        ApiError::invalid(&broedplaats_domain::FieldErrors::single(
            "year",
            broedplaats_domain::FieldErrorKind::Required,
        ))
    })
}

/// The annual report of a year as a file: `pdf`, `xlsx` or `csv` (every table, one after another),
/// with a Dutch file name such as `jaarverslag-2024-zhz.pdf`.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/reports/annual", tag = "subsidies",
    params(("slug" = String, Path), ReportQuery), security(("bearer" = [])),
    responses((status = 200, description = "The report file", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn annual_report(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let tenant = state.core.tenant(&slug).await?;
    let format = ReportFormat::parse(q.format.as_deref().unwrap_or("pdf"))?;
    let year = year_required(q.year)?;
    let report = state.core.annual_report(actor.get(), &tenant, year, q.grant_id).await?;
    let (content_type, extension, bytes) = render(format, report, q.table).await?;
    let grant = q.grant_id.map(|g| format!("-subsidie-{g}")).unwrap_or_default();
    let disposition = format!("attachment; filename=\"jaarverslag-{year}-{}{grant}.{extension}\"", tenant.slug);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The formats of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Pdf,
    Xlsx,
    Csv,
}

impl ReportFormat {
    pub fn parse(raw: &str) -> ApiResult<Self> {
        match raw {
            "pdf" => Ok(Self::Pdf),
            "xlsx" => Ok(Self::Xlsx),
            "csv" => Ok(Self::Csv),
            _ => Err(ApiError::invalid(&broedplaats_domain::FieldErrors::single(
                "format",
                broedplaats_domain::FieldErrorKind::UnknownValue { allowed: vec!["pdf", "xlsx", "csv"] },
            ))),
        }
    }
}

/// PDF renderings hold the laid-out document in memory (about 1.2 GB for a national-scale
/// werkplaats, docs/PERFORMANCE.md): one report is rendered at a time; others wait their turn.
static RENDERING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// THE one place where a report becomes a file: (content type, file extension, bytes). Renders on
/// a blocking thread so the server keeps answering while typst sets a long PDF.
///
/// `csv` gives every table as its own CSV file (`;`, decimal comma, UTF-8 with BOM — see
/// `broedplaats_report::csv`) in one ZIP; with `table` just that table as `text/csv`.
pub async fn render(
    format: ReportFormat,
    report: Report,
    table: Option<String>,
) -> ApiResult<(&'static str, &'static str, Vec<u8>)> {
    if format == ReportFormat::Csv
        && let Some(name) = table
    {
        let Some(t) = report.tables().find(|t| t.name == name) else {
            let names: Vec<&str> = report.tables().map(|t| t.name.as_str()).collect();
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("table".to_owned(), format!("Onbekende tabel. Kies uit: {}.", names.join(", ")));
            let mut error = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "De invoer is ongeldig; zie de velden.",
            );
            error.fields = Some(fields);
            return Err(error);
        };
        return Ok(("text/csv; charset=utf-8", "csv", broedplaats_report::to_csv(t).into_bytes()));
    }
    let _turn = RENDERING.acquire().await.map_err(|_| ApiError::internal())?;
    let rendered = tokio::task::spawn_blocking(move || match format {
        ReportFormat::Pdf => broedplaats_report::to_pdf(&report).map(|b| ("application/pdf", "pdf", b)),
        ReportFormat::Xlsx => broedplaats_report::to_xlsx(&report)
            .map(|b| ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", b)),
        ReportFormat::Csv => broedplaats_report::to_csv_zip(&report).map(|b| ("application/zip", "zip", b)),
    })
    .await
    .map_err(|_| ApiError::internal())?;
    rendered.map_err(|e| {
        tracing::error!(error = %e, "rendering a report failed");
        ApiError::internal()
    })
}

#[derive(Deserialize, IntoParams)]
pub struct VersionsQuery {
    pub year: Option<i64>,
    pub grant_id: Option<i64>,
}

/// The saved narrative versions of an annual report, newest first (the newest is used).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/reports/annual/versions", tag = "subsidies",
    params(("slug" = String, Path), VersionsQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ReportVersionView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_report_versions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<VersionsQuery>,
) -> ApiResult<Json<Vec<ReportVersionView>>> {
    let tenant = state.core.tenant(&slug).await?;
    let year = year_required(q.year)?;
    Ok(Json(state.core.report_versions(actor.get(), &tenant, year, q.grant_id).await?))
}

/// Saves the narratives of an annual report as a new version. Section keys: activities, outcomes,
/// products, conditions, plan, budget, matching.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/reports/annual/versions", tag = "subsidies",
    params(("slug" = String, Path)), request_body = NarrativesInput, security(("bearer" = [])),
    responses((status = 201, body = ReportVersionView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_report_version(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<NarrativesInput>,
) -> ApiResult<(StatusCode, Json<ReportVersionView>)> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_report_narratives(actor.get(), &tenant, &body).await?)))
}
