//! Starting, reading and changing a process; planning its phases and moving it on.
use super::{ApiResult, Items, PhaseSet, manager, process_url};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::cocreation::{PhaseInput, PhasePlanInput, ProcessInput, ProcessSummary, ProcessView};
use serde::Serialize;
use utoipa::ToSchema;

/// A new process: its id and its page.
#[derive(Serialize, ToSchema)]
pub struct ProcessCreated {
    pub id: i64,
    /// The process's page, e.g. `https://…/werkplaatsen/zhz/cocreatie/3`.
    pub url: String,
}

/// The co-creation processes of a werkplaats, newest first (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation", tag = "cocreatie",
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<ProcessSummary>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_processes(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Items<ProcessSummary>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.processes(actor.get(), &tenant).await? }))
}

/// Starts a co-creation process for the current agenda, in the phase `pitching` (coordinator or
/// lector). Every member gets an email when the process moves to a next phase.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation", tag = "cocreatie",
    params(("slug" = String, Path)), request_body = ProcessInput, security(("bearer" = [])),
    responses((status = 201, body = ProcessCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_process(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<ProcessInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<ProcessCreated>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.create_process(actor.get(), &tenant, &body).await?;
    Ok((StatusCode::CREATED, Json(ProcessCreated { id, url: process_url(&state, &tenant, id) })))
}

/// One process with its phases (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ProcessView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_process(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ProcessView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.process(actor.get(), &tenant, id).await?))
}

/// Changes the title, description or voting rules (coordinator or lector; not after adoption).
/// `period` is ignored here; the points cannot change once prioritising has begun.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ProcessInput, security(("bearer" = [])),
    responses((status = 200, body = ProcessView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_process(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ProcessInput>, ApiError>,
) -> ApiResult<Json<ProcessView>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.update_process(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.process(actor.get(), &tenant, id).await?))
}

/// Moves the process to its next phase (coordinator or lector): `pitching`, `clustering`,
/// `prioritising`, `elaborating`, `concept` (writes the concept agenda), `amending`, `adopted`
/// (adopts the agenda). Only the next phase is allowed; every member gets an email.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/phase", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = PhaseInput, security(("bearer" = [])),
    responses((status = 200, body = PhaseSet), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_phase(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<PhaseInput>, ApiError>,
) -> ApiResult<Json<PhaseSet>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let phase = state.core.set_phase(actor.get(), &tenant, id, &body).await?;
    Ok(Json(PhaseSet { phase }))
}

/// Plans one phase: its dates (`YYYY-MM-DD`) and an explanation that the phase's email carries
/// (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/phases/{phase}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path),
        ("phase" = String, Path, description = "pitching, clustering, prioritising, elaborating, concept, amending or adopted")),
    request_body = PhasePlanInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn plan_phase(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, phase)): ApiPath<(String, i64, String)>,
    body: Result<ApiJson<PhasePlanInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.plan_phase(actor.get(), &tenant, id, &phase, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
