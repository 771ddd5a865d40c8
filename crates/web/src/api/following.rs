//! Following (issue 17, tag `account`): what the signed-in person follows, following and
//! unfollowing, and how often the email digest comes.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use crate::routes::{Routes, get, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::following::{FollowInput, FollowTarget, FollowsView, Frequency};
use serde::{Deserialize, Serialize};

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/me/follows", get(list_follows).post(create_follow))
        .route("/me/follows/{id}", crate::routes::delete(delete_follow))
        .route("/me/digest", put(set_digest))
}

/// The id of a follow.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowCreated {
    pub id: i64,
}

/// How often the digest comes: `daily`, `weekly` or `off`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct DigestInput {
    pub frequency: String,
}

fn signed_in(actor: &MaybeActor) -> ApiResult<()> {
    actor.get().map(|_| ()).ok_or_else(|| CoreError::Unauthenticated.into())
}

/// What the signed-in person follows, and their digest frequency.
#[utoipa::path(get, path = "/api/v1/me/follows", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = FollowsView), (status = 401, body = ErrorBody)))]
pub async fn list_follows(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<FollowsView>> {
    Ok(Json(state.core.follows(actor.get()).await?))
}

/// Follows a werkplaats (`{"kind": "werkplaats", "werkplaats": slug}`), a theme or project
/// (`kind`, `werkplaats`, `id`) or a kwestie (`{"kind": "kwestie", "id"}`). `201` when new, `200`
/// when already followed; what the caller may not read is `404`.
#[utoipa::path(post, path = "/api/v1/me/follows", tag = "account", request_body = FollowInput,
    security(("bearer" = [])),
    responses((status = 201, body = FollowCreated), (status = 200, body = FollowCreated),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_follow(
    State(state): State<AppState>,
    actor: MaybeActor,
    body: Result<ApiJson<FollowInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<FollowCreated>)> {
    signed_in(&actor)?;
    let ApiJson(input) = body?;
    let target = FollowTarget::parse(&input)?;
    let (id, new) = state.core.follow(actor.get(), &target).await?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(FollowCreated { id })))
}

/// Ends one of the caller's follows.
#[utoipa::path(delete, path = "/api/v1/me/follows/{id}", tag = "account", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_follow(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.core.unfollow(actor.get(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Chooses how often the digest comes.
#[utoipa::path(put, path = "/api/v1/me/digest", tag = "account", request_body = DigestInput,
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_digest(
    State(state): State<AppState>,
    actor: MaybeActor,
    body: Result<ApiJson<DigestInput>, ApiError>,
) -> ApiResult<StatusCode> {
    signed_in(&actor)?;
    let ApiJson(input) = body?;
    let frequency = Frequency::parse(&input.frequency).ok_or_else(|| {
        CoreError::Invalid(broedplaats_domain::FieldErrors::single(
            "frequency",
            broedplaats_domain::FieldErrorKind::UnknownValue { allowed: Frequency::CODES.to_vec() },
        ))
    })?;
    state.core.set_digest_frequency(actor.get(), frequency).await?;
    Ok(StatusCode::NO_CONTENT)
}
