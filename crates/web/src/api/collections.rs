//! Collections (issue 19, tag `onderwijs`): reading lists of teaching material for courses.
//! `POST /collections` builds one; list, read, change and delete follow the collection's rules
//! (see `broedplaats_core::collections`).
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use crate::routes::{Routes, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::collections::{
    CollectionInput, CollectionPage, CollectionQuery, CollectionView, ITEM_UNAVAILABLE,
};

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/collections", get(list_collections).post(create_collection))
        .route("/collections/{id}", get(get_collection).put(update_collection).delete(delete_collection))
}

/// A new collection: its id and its reading list's page.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CollectionCreated {
    pub id: i64,
    /// The reading list, e.g. `https://…/collecties/3`.
    pub url: String,
}

/// A refused item named in the error: its place, type and id (the core only knows its field).
fn named_items(e: CoreError, input: &CollectionInput) -> ApiError {
    let fields = match e {
        CoreError::Invalid(fields) => fields,
        e => return e.into(),
    };
    let mut err = ApiError::invalid(&fields);
    let mut named = Vec::new();
    for f in &fields.0 {
        if !matches!(f.kind, broedplaats_domain::FieldErrorKind::Refused { key } if key == ITEM_UNAVAILABLE) {
            continue;
        }
        let Some(i) =
            f.field.strip_prefix("items[").and_then(|r| r.split(']').next()).and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let Some(item) = input.items.get(i) else { continue };
        let message =
            format!("Item {} ({} {}) bestaat niet of u mag het niet zien.", i + 1, item.item_type.trim(), item.id);
        if let Some(map) = err.fields.as_mut() {
            map.insert(f.field.clone(), message.clone());
        }
        named.push(message);
    }
    if !named.is_empty() {
        err.message = format!("{} Er is niets opgeslagen.", named.join(" "));
    }
    err
}

/// Collections across werkplaatsen, newest first: public ones for everyone, those for a
/// programme for signed-in members and students. `next_cursor` gives the next page.
#[utoipa::path(get, path = "/api/v1/collections", tag = "onderwijs", params(CollectionQuery),
    responses((status = 200, body = CollectionPage), (status = 422, body = ErrorBody)))]
pub async fn list_collections(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiQuery(q): ApiQuery<CollectionQuery>,
) -> ApiResult<Json<CollectionPage>> {
    Ok(Json(state.core.collections(actor.get(), &q).await?))
}

/// Builds a collection (coordinators, lectoren, docent-onderzoekers, theme leads, project
/// support). Every item must exist and be readable by the author; otherwise 422 naming the item,
/// and nothing is saved. Without `werkplaats` the author's only werkplaats is used.
#[utoipa::path(post, path = "/api/v1/collections", tag = "onderwijs", request_body = CollectionInput,
    security(("bearer" = [])),
    responses((status = 201, body = CollectionCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_collection(
    State(state): State<AppState>,
    actor: MaybeActor,
    body: Result<ApiJson<CollectionInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<CollectionCreated>)> {
    if actor.get().is_none() {
        return Err(CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let v = state.core.create_collection(actor.get(), &input).await.map_err(|e| named_items(e, &input))?;
    Ok((StatusCode::CREATED, Json(CollectionCreated { id: v.id, url: format!("{}{}", state.core.public_url, v.url) })))
}

/// One collection with the items the reader may see (404 for whoever may not read it).
#[utoipa::path(get, path = "/api/v1/collections/{id}", tag = "onderwijs", params(("id" = i64, Path)),
    responses((status = 200, body = CollectionView), (status = 404, body = ErrorBody)))]
pub async fn get_collection(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CollectionView>> {
    Ok(Json(state.core.collection(actor.get(), id).await?))
}

/// Changes a collection; its items are replaced by the body's, in order (its author, the
/// werkplaats's coordinators and lectoren).
#[utoipa::path(put, path = "/api/v1/collections/{id}", tag = "onderwijs", params(("id" = i64, Path)),
    request_body = CollectionInput, security(("bearer" = [])),
    responses((status = 200, body = CollectionView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_collection(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
    body: Result<ApiJson<CollectionInput>, ApiError>,
) -> ApiResult<Json<CollectionView>> {
    state.core.require_collection_editor(actor.get(), id).await?;
    let ApiJson(input) = body?;
    Ok(Json(state.core.update_collection(actor.get(), id, &input).await.map_err(|e| named_items(e, &input))?))
}

/// Deletes a collection (its author, the werkplaats's coordinators and lectoren).
#[utoipa::path(delete, path = "/api/v1/collections/{id}", tag = "onderwijs", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_collection(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.core.delete_collection(actor.get(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
