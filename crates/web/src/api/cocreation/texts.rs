//! Elaborating: the theme text of each cluster in versions, and the cross-cutting concerns (such
//! as vertrouwen) with the pitches they came from.
use super::{ApiResult, CocreationCreated, CocreationVersion, Items, manager, participant};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::cocreation::{ConcernInput, ConcernView, TextInput, TextView};

/// Every version of a cluster's theme text, oldest first (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("cid" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<TextView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_texts(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, cid)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Json<Items<TextView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.cluster_texts(actor.get(), &tenant, id, cid).await? }))
}

/// Writes a new version of an active cluster's theme text (members, in the phase `elaborating`):
/// title, level, introduction, guiding questions and project options. The concept agenda takes
/// the latest version.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("cid" = i64, Path)), request_body = TextInput,
    security(("bearer" = [])),
    responses((status = 201, body = CocreationVersion), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn write_text(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, cid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<TextInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationVersion>)> {
    let tenant = participant(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let version = state.core.elaborate(actor.get(), &tenant, id, cid, &body).await?;
    Ok((StatusCode::CREATED, Json(CocreationVersion { version })))
}

/// The cross-cutting concerns of a process with their pitches (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<ConcernView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_concerns(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Items<ConcernView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.concerns(actor.get(), &tenant, id).await? }))
}

/// Names a concern that runs through the clusters, linked to the pitches it came from
/// (coordinator or lector; before adoption). The concept agenda adds it to the agenda's
/// cross-cutting concerns.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ConcernInput, security(("bearer" = [])),
    responses((status = 201, body = CocreationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_concern(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ConcernInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationCreated>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.create_concern(actor.get(), &tenant, id, &body).await?;
    Ok((StatusCode::CREATED, Json(CocreationCreated { id })))
}

/// Changes a concern and its whole set of pitches (coordinator or lector; before adoption).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns/{kid}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("kid" = i64, Path)), request_body = ConcernInput,
    security(("bearer" = [])),
    responses((status = 200, body = ConcernView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_concern(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, kid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ConcernInput>, ApiError>,
) -> ApiResult<Json<ConcernView>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.update_concern(actor.get(), &tenant, id, kid, &body).await?;
    let concerns = state.core.concerns(actor.get(), &tenant, id).await?;
    Ok(Json(concerns.into_iter().find(|c| c.id == kid).ok_or(CoreError::NotFound)?))
}
