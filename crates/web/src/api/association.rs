//! The association API (issue 16, tag `vereniging`): all werkplaatsen side by side with the matrix
//! werkplaats × kwestie, the collective priorities and joint projects; a werkplaats's comparison
//! with the others; the lists behind one count; and the writes — priorities, what serves them,
//! partner werkplaatsen of a project.
//!
//! Every handler is extract → use case → answer; the rules live in `broedplaats_core::association`.
//! Writes ask who acts before they read the body, so an anonymous caller gets 401 and a caller
//! who may not act 403 whatever they send; the use case asks again.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use crate::routes::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::association::{
    AssociationView, CellView, ComparisonView, PartnersInput, PriorityInput, PriorityItemsInput,
};
use broedplaats_core::kernel::actor::require_manager;
use broedplaats_store::Tenant;
use serde::Serialize;
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

/// The id of a new priority.
#[derive(Serialize, ToSchema)]
pub struct PriorityCreated {
    pub id: i64,
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/association", get(association))
        .route("/association/priorities", post(create_priority))
        .route("/association/priorities/{id}", put(update_priority).delete(delete_priority))
        .route("/werkplaatsen/{slug}/comparison", get(comparison))
        .route("/werkplaatsen/{slug}/kwesties/{id}", get(kwestie_cell))
        .route("/werkplaatsen/{slug}/priorities/{id}/items", put(set_priority_items))
        .route("/werkplaatsen/{slug}/projects/{id}/partner-werkplaatsen", put(set_partners))
}

/// Who acts on the priorities: 401 without a caller, 403 for a caller who is coordinator or lector
/// of no werkplaats.
fn priority_manager(actor: &MaybeActor) -> ApiResult<()> {
    match actor.get() {
        None => Err(CoreError::Unauthenticated.into()),
        Some(a) if broedplaats_core::association::may_manage_priorities(a) => Ok(()),
        Some(_) => Err(CoreError::Forbidden.into()),
    }
}

/// The werkplaats, for its coordinator or a lector: 401 without a caller, 403 for anyone else.
async fn manager(state: &AppState, actor: &MaybeActor, slug: &str) -> ApiResult<Tenant> {
    let tenant = state.core.tenant(slug).await?;
    require_manager(actor.get(), &tenant)?;
    Ok(tenant)
}

/// All werkplaatsen of the installation side by side: who they are, the themes of their current
/// agenda and their coordinators; the matrix werkplaats × kwestie with the number of projects,
/// practice questions and published knowledge products (a project counts for a kwestie when one
/// of its questions or products carries it); the collective priorities with the projects and
/// questions that serve each; and joint projects. Everything counted and listed is what the
/// caller may read: public items for everyone, a werkplaats's own members also its members-only
/// work, national partners also the questions handed to the national side.
#[utoipa::path(get, path = "/api/v1/association", tag = "vereniging",
    responses((status = 200, body = AssociationView)))]
pub async fn association(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<AssociationView>> {
    Ok(Json(state.core.association(actor.get()).await?))
}

/// Adds a collective priority of the association (coordinators and lectoren of any of its
/// werkplaatsen). `werkplaats` names the werkplaats on whose behalf, by default the first the
/// caller manages; the change is audited there.
#[utoipa::path(post, path = "/api/v1/association/priorities", tag = "vereniging",
    request_body = PriorityInput, security(("bearer" = [])),
    responses((status = 201, body = PriorityCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_priority(
    State(state): State<AppState>,
    actor: MaybeActor,
    body: Result<ApiJson<PriorityInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<PriorityCreated>)> {
    priority_manager(&actor)?;
    let ApiJson(body) = body?;
    let id = state.core.create_priority(actor.get(), &body).await?;
    Ok((StatusCode::CREATED, Json(PriorityCreated { id })))
}

/// Changes a priority's title and description (coordinators and lectoren of a werkplaats of
/// its association).
#[utoipa::path(put, path = "/api/v1/association/priorities/{id}", tag = "vereniging",
    params(("id" = i64, Path)), request_body = PriorityInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_priority(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
    body: Result<ApiJson<PriorityInput>, ApiError>,
) -> ApiResult<StatusCode> {
    priority_manager(&actor)?;
    if !state.core.may_manage_priority(actor.get(), id).await? {
        return Err(CoreError::Forbidden.into());
    }
    let ApiJson(body) = body?;
    state.core.update_priority(actor.get(), id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a priority and its links to projects and questions (coordinators and lectoren of a
/// werkplaats of its association).
#[utoipa::path(delete, path = "/api/v1/association/priorities/{id}", tag = "vereniging",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_priority(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.core.delete_priority(actor.get(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes the projects and practice questions of this werkplaats that serve a priority exactly
/// those given (its coordinator and lectoren); other werkplaatsen's links stay.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/priorities/{id}/items", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = PriorityItemsInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_priority_items(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<PriorityItemsInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.set_priority_items(actor.get(), &tenant, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes the partner werkplaatsen of a project of this werkplaats exactly those given, by slug
/// (its coordinator and lectoren); an empty list makes it the werkplaats's own again.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/projects/{id}/partner-werkplaatsen", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = PartnersInput, security(("bearer" = [])),
    responses((status = 200, body = PartnersOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_partners(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<PartnersInput>, ApiError>,
) -> ApiResult<Json<PartnersOut>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.set_project_partners(actor.get(), &tenant, id, &body).await?;
    Ok(Json(PartnersOut { werkplaatsen: state.core.project_partners(&tenant, id).await? }))
}

/// The partner werkplaatsen of a project now, by slug.
#[derive(Serialize, ToSchema)]
pub struct PartnersOut {
    pub werkplaatsen: Vec<String>,
}

/// This werkplaats's agenda beside the others': for each theme of its current agenda the kwesties
/// it touches and which other werkplaatsen work on them (counts and coordinators: whom to call),
/// with its priorities and joint projects. Everyone may look; members see their own werkplaats's
/// members-only work too.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/comparison", tag = "vereniging",
    params(("slug" = String, Path)),
    responses((status = 200, body = ComparisonView), (status = 404, body = ErrorBody)))]
pub async fn comparison(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<ComparisonView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.comparison(actor.get(), &tenant).await?))
}

/// The projects, practice questions and published knowledge products of this werkplaats on one
/// kwestie that the caller may read: the lists behind one cell of the matrix. 404 when there is
/// nothing the caller may read.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/kwesties/{id}", tag = "vereniging",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = CellView), (status = 404, body = ErrorBody)))]
pub async fn kwestie_cell(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<CellView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.kwestie_cell(actor.get(), &tenant, id).await?))
}
