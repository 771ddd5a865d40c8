//! Clustering: suggestions from the pitch texts, the coordinator's clusters, merges and splits
//! (which keep the originals), and the membership history.
use super::{ApiResult, CocreationCreated, Items, manager};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::cocreation::{
    ClusterInput, ClusterUpdate, ClusterView, MembershipView, MergeInput, ReasonInput, SplitInput, Suggestions,
};
use broedplaats_store::Tenant;
use serde::Serialize;
use utoipa::ToSchema;

/// The two clusters a split made: the chosen pitches, then the rest.
#[derive(Serialize, ToSchema)]
pub struct SplitMade {
    pub ids: Vec<i64>,
}

/// Suggested clusters of every pitch of the process, each pitch in exactly one (members). Read
/// them, then make the clusters you want with `POST …/clusters`.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-suggestions", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Suggestions), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn cluster_suggestions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Suggestions>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.cluster_suggestions(actor.get(), &tenant, id).await?))
}

/// Who put which pitch in which cluster, and when, oldest first (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-history", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<MembershipView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cluster_history(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Items<MembershipView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.cluster_history(actor.get(), &tenant, id).await? }))
}

/// Every cluster of the process — active, merged and split — with its pitches, lineage, latest
/// text and writers (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Items<ClusterView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_clusters(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Items<ClusterView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(Items { items: state.core.clusters(actor.get(), &tenant, id).await? }))
}

/// Makes a cluster of pitches that are in no cluster yet (coordinator or lector, in the phase
/// `clustering`). A pitch is in at most one cluster.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ClusterInput, security(("bearer" = [])),
    responses((status = 201, body = CocreationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_cluster(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ClusterInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationCreated>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.create_cluster(actor.get(), &tenant, id, &body, false).await?;
    Ok((StatusCode::CREATED, Json(CocreationCreated { id })))
}

async fn cluster(state: &AppState, actor: &MaybeActor, tenant: &Tenant, id: i64, cid: i64) -> ApiResult<ClusterView> {
    let clusters = state.core.clusters(actor.get(), tenant, id).await?;
    Ok(clusters.into_iter().find(|c| c.id == cid).ok_or(CoreError::NotFound)?)
}

/// Renames an active cluster (from `clustering` to `elaborating`) and/or sets its whole set of
/// pitches (only while `clustering`; a pitch in another cluster is refused) (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("cid" = i64, Path)), request_body = ClusterUpdate,
    security(("bearer" = [])),
    responses((status = 200, body = ClusterView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_cluster(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, cid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ClusterUpdate>, ApiError>,
) -> ApiResult<Json<ClusterView>> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.update_cluster(actor.get(), &tenant, id, cid, &body).await?;
    Ok(Json(cluster(&state, &actor, &tenant, id, cid).await?))
}

/// Merges two or more active clusters into a new one; the originals stay, marked `merged`, with
/// their history (coordinator or lector, in the phase `clustering`).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/merge", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = MergeInput, security(("bearer" = [])),
    responses((status = 201, body = CocreationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge_clusters(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<MergeInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CocreationCreated>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let id = state.core.merge_clusters(actor.get(), &tenant, id, &body).await?;
    Ok((StatusCode::CREATED, Json(CocreationCreated { id })))
}

/// Splits the chosen pitches off a cluster into a new cluster and the rest into another; the
/// original stays, marked `split` (coordinator or lector, in the phase `clustering`).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/split", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("cid" = i64, Path)), request_body = SplitInput,
    security(("bearer" = [])),
    responses((status = 201, body = SplitMade), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn split_cluster(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, cid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<SplitInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<SplitMade>)> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    let (a, b) = state.core.split_cluster(actor.get(), &tenant, id, cid, &body).await?;
    Ok((StatusCode::CREATED, Json(SplitMade { ids: vec![a, b] })))
}

/// Records why a cluster was not taken up into the agenda; an empty reason clears it
/// (coordinator or lector). The trace gives it for the cluster's pitches.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/reason", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path), ("cid" = i64, Path)), request_body = ReasonInput,
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_cluster_reason(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, cid)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ReasonInput>, ApiError>,
) -> ApiResult<StatusCode> {
    let tenant = manager(&state, &actor, &slug).await?;
    let ApiJson(body) = body?;
    state.core.set_cluster_reason(actor.get(), &tenant, id, cid, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
