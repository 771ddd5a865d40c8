//! Pitches: submitting and editing them, co-pitching and supporting, moving them between
//! clusters, and why one was not taken up.
use super::{ApiResult, CocreationCreated, Items, manager, participant};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::cocreation::{PitchDetail, PitchInput, PitchView, ReasonInput};
use broedplaats_domain::{FieldErrorKind, FieldErrors, PitchRole};
use serde::Deserialize;
use utoipa::ToSchema;

/// How the caller joins a pitch.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportInput {
    /// `co_pitcher` (named with the authors, may edit it) or `supporter`.
    pub role: String,
}

/// The cluster a pitch goes to.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInput {
    /// An active cluster of the process, or `null` to take the pitch out of its cluster.
    #[serde(deserialize_with = "Option::deserialize")]
    #[schema(required = true)]
    pub cluster_id: Option<i64>,
}

/// The pitches of a process with their people and current cluster (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<PitchView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_pitches(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Items<PitchView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.pitches(actor.get(), &tenant, id).await? }))
}

/// Submits a pitch (members, in the phase `pitching`); the caller is its author. `organisation`
/// is the name or id of an organisation of the werkplaats.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = PitchInput, security(("bearer" = [])),
    responses((status = 201, body = CocreationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<PitchInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationCreated>)> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.submit_pitch(actor.get(), &tenant, id, &body).await?;
    Ok((StatusCode::CREATED, Json(CocreationCreated { id })))
}

/// One pitch with its versions and every cluster it has been in (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PitchDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Json<PitchDetail>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.pitch(actor.get(), &tenant, id, pid).await?))
}

/// Changes a pitch (its authors and co-pitchers, in the phase `pitching`); the old text stays as
/// a version.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), request_body = PitchInput,
    security(("bearer" = [])),
    responses((status = 200, body = PitchDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<PitchInput>, ApiError>,
) -> ApiResult<Json<PitchDetail>> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.update_pitch(actor.get(), &tenant, id, pid, &body).await?;
    Ok(Json(state.core.pitch(actor.get(), &tenant, id, pid).await?))
}

fn support_role(raw: &str) -> ApiResult<PitchRole> {
    match raw.trim() {
        "co_pitcher" => Ok(PitchRole::CoPitcher),
        "supporter" => Ok(PitchRole::Supporter),
        _ => Err(ApiError::invalid(&FieldErrors::single(
            "role",
            FieldErrorKind::UnknownValue { allowed: vec!["co_pitcher", "supporter"] },
        ))),
    }
}

/// Joins a pitch as co-pitcher or supporter, or changes how (members, in the phase `pitching`;
/// not its author).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), request_body = SupportInput,
    security(("bearer" = [])),
    responses((status = 200, body = PitchDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn join_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<SupportInput>, ApiError>,
) -> ApiResult<Json<PitchDetail>> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let role = support_role(&body.role)?;
    state.core.join_pitch(actor.get(), &tenant, id, pid, Some(role)).await?;
    Ok(Json(state.core.pitch(actor.get(), &tenant, id, pid).await?))
}

/// Withdraws the caller's co-pitching or support (members, in the phase `pitching`).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PitchDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn leave_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Json<PitchDetail>> {
    let tenant = participant(&state, &actor, &slug).await?;
    state.core.join_pitch(actor.get(), &tenant, id, pid, None).await?;
    Ok(Json(state.core.pitch(actor.get(), &tenant, id, pid).await?))
}

/// Records why a pitch was not taken up into the agenda; an empty reason clears it (coordinator
/// or lector). The trace shows it.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/reason", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), request_body = ReasonInput,
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_pitch_reason(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ReasonInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.set_pitch_reason(actor.get(), &tenant, id, pid, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves a pitch to another active cluster, or out of any with `null` (coordinator or lector, in
/// the phase `clustering`). The membership history keeps where it was.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/cluster", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("pid" = i64, Path)), request_body = MoveInput,
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_pitch(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, pid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<MoveInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.move_pitch(actor.get(), &tenant, id, pid, body.cluster_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
