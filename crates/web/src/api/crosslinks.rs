//! Cross-links (dwarsverbanden, issue 16, tag `vereniging`): similar questions, projects and
//! knowledge products in other werkplaatsen for a question or project, suggested by the search
//! engine, confirmed or dismissed by the werkplaats's coordinator and lectoren.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use crate::routes::{Routes, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::crosslinks::{CrossLinkInput, CrossLinksView, Source};
use broedplaats_core::kernel::actor::require_manager;

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/questions/{id}/cross-links", get(question_links).post(decide_question_link))
        .route("/werkplaatsen/{slug}/projects/{id}/cross-links", get(project_links).post(decide_project_link))
}

async fn links(
    state: &AppState,
    actor: &MaybeActor,
    slug: &str,
    source: Source,
    id: i64,
) -> ApiResult<Json<CrossLinksView>> {
    let tenant = state.core.tenant(slug).await?;
    Ok(Json(state.core.cross_links(actor.get(), &tenant, source, id).await?))
}

async fn decide(
    state: &AppState,
    actor: &MaybeActor,
    slug: &str,
    source: Source,
    id: i64,
    body: Result<ApiJson<CrossLinkInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(slug).await?;
    // Who acts is asked before the body is read: anonymous 401, others 403, whatever they send.
    require_manager(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    state.core.decide_cross_link(actor.get(), &tenant, source, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Suggested and confirmed cross-links of a practice question: similar questions, projects and
/// knowledge products in other werkplaatsen, as far as the caller may read them. Confirmed links
/// made by the other werkplaats towards this question are included (`direction: to_here`).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/questions/{id}/cross-links", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = CrossLinksView), (status = 404, body = ErrorBody)))]
pub async fn question_links(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<CrossLinksView>> {
    links(&state, &actor, &slug, Source::Question, id).await
}

/// Confirms or dismisses a suggested cross-link of a question (coordinator and lectoren of the
/// werkplaats); a later decision replaces an earlier one.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/questions/{id}/cross-links", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = CrossLinkInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_question_link(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<CrossLinkInput>, ApiError>,
) -> ApiResult<StatusCode> {
    decide(&state, &actor, &slug, Source::Question, id, body).await
}

/// Suggested and confirmed cross-links of a project.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/projects/{id}/cross-links", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = CrossLinksView), (status = 404, body = ErrorBody)))]
pub async fn project_links(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<CrossLinksView>> {
    links(&state, &actor, &slug, Source::Project, id).await
}

/// Confirms or dismisses a suggested cross-link of a project (coordinator and lectoren).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/projects/{id}/cross-links", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = CrossLinkInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_project_link(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<CrossLinkInput>, ApiError>,
) -> ApiResult<StatusCode> {
    decide(&state, &actor, &slug, Source::Project, id, body).await
}
