//! From elaborated clusters to the concept agenda, amendments on it with their answers, and the
//! adoption: each a new version of the werkplaats's agenda.
use super::{ApiResult, CocreationCreated, CocreationVersion, Items, manager, participant};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::cocreation::{AmendmentInput, AmendmentView, AnswerInput};
use serde::Serialize;
use utoipa::ToSchema;

/// The agenda version an answer wrote: `null` when the answer changed no theme (rejected, or
/// partly accepted without a text).
#[derive(Serialize, ToSchema)]
pub struct AnswerMade {
    pub version: Option<i64>,
}

/// Writes the concept agenda from the elaborated clusters (coordinator or lector, in the phase
/// `elaborating` — which moves on to `concept` — or `concept`, to write it again): each active
/// cluster with a text becomes a theme, the concerns join the cross-cutting concerns, and the
/// agenda gets a new version with status `concept`.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/concept", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 201, body = CocreationVersion), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_concept(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<(StatusCode, Json<CocreationVersion>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let version = state.core.create_concept(actor.get(), &tenant, id).await?;
    Ok((StatusCode::CREATED, Json(CocreationVersion { version })))
}

/// The amendments of a process with their answers, rejected ones included (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<AmendmentView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_amendments(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Items<AmendmentView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.amendments(actor.get(), &tenant, id).await? }))
}

/// Proposes a new text for one section of a theme of the concept: `title`, `introduction`,
/// `questions` or `project_options` (one per line), with a reason (members, in the phase `amending`).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = AmendmentInput, security(("bearer" = [])),
    responses((status = 201, body = CocreationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose_amendment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<AmendmentInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationCreated>)> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.propose_amendment(actor.get(), &tenant, id, &body).await?;
    Ok((StatusCode::CREATED, Json(CocreationCreated { id })))
}

/// Answers an amendment once: `accepted` (its text goes into the theme), `partly_accepted` (with
/// `text`, that text goes in) or `rejected` (it stays visible with the answer) (coordinator or
/// lector, in the phase `amending`). A changed theme is a new agenda version.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments/{aid}/answer", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("aid" = i64, Path)), request_body = AnswerInput,
    security(("bearer" = [])),
    responses((status = 200, body = AnswerMade), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer_amendment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, aid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<AnswerInput>, ApiError>,
) -> ApiResult<Json<AnswerMade>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let version = state.core.answer_amendment(actor.get(), &tenant, id, aid, &body).await?;
    Ok(Json(AnswerMade { version }))
}

/// Adopts the agenda (coordinator or lector, in the phase `amending`, every amendment answered):
/// a new agenda version with status `definitief`; the process is then `adopted` and changes no more.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/adopt", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 201, body = CocreationVersion), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn adopt(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<(StatusCode, Json<CocreationVersion>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let version = state.core.adopt(actor.get(), &tenant, id).await?;
    Ok((StatusCode::CREATED, Json(CocreationVersion { version })))
}
