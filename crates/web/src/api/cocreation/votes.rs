//! Prioritising by dot voting: each participant spreads the process's points over the active
//! clusters, and everyone sees the totals.
use super::{ApiResult, participant};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use broedplaats_core::cocreation::{Results, VotesInput};

/// Replaces the caller's whole allocation of points (members, in the phase `prioritising`). More
/// points than the process gives, negative points or a cluster that is not active: 422 and the
/// allocation stays as it was. Answers the results with the caller's allocation in `mine`.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/votes", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = VotesInput, security(("bearer" = [])),
    responses((status = 200, body = Results), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<VotesInput>, ApiError>,
) -> ApiResult<Json<Results>> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.vote(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.results(actor.get(), &tenant, id).await?))
}

/// The points per cluster, most first, with the number of voters, and the caller's own
/// allocation (members). Who gave what only when the process's voting is not anonymous.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/results", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Results), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Results>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.results(actor.get(), &tenant, id).await?))
}
