//! API handlers for stories (verhalen) of a werkplaats, with the narrator's consent (tag
//! `kennisbank`). Who may read a story, and whether the narrator's name is shown, is decided in
//! `core::stories`.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::knowledge::{StoryInput, StoryView};
use serde::Serialize;
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

#[derive(Serialize, ToSchema)]
pub struct StoryList {
    pub items: Vec<StoryView>,
}

/// A story recorded: its id and its page.
#[derive(Serialize, ToSchema)]
pub struct StoryCreated {
    pub id: i64,
    /// Its page, e.g. `https://…/werkplaatsen/zhz/verhalen/12`.
    pub url: String,
}

/// The stories the caller may read, newest change first: published ones for everyone, internal
/// ones for partners of the werkplaats; withdrawn ones only for whoever manages them.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/stories", tag = "kennisbank",
    params(("slug" = String, Path)),
    responses((status = 200, body = StoryList), (status = 404, body = ErrorBody)))]
pub async fn list_stories(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<StoryList>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(StoryList { items: state.core.stories(actor.get(), &tenant).await? }))
}

/// Records a story with the narrator's consent (any partner of the werkplaats). Nothing is
/// written when the input has a problem.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/stories", tag = "kennisbank",
    params(("slug" = String, Path)), request_body = StoryInput, security(("bearer" = [])),
    responses((status = 201, body = StoryCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_story(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<StoryInput>,
) -> ApiResult<(StatusCode, Json<StoryCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    let id = state.core.create_story(actor.get(), &tenant, &body).await?;
    let url = format!("{}/werkplaatsen/{}/verhalen/{id}", state.core.public_url.trim_end_matches('/'), tenant.slug);
    Ok((StatusCode::CREATED, Json(StoryCreated { id, url })))
}

/// One story; the consent record only for whoever recorded it and the coordinator and lectoren.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/stories/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = StoryView), (status = 404, body = ErrorBody)))]
pub async fn get_story(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<StoryView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.story(actor.get(), &tenant, id).await?))
}

/// Changes a story (whoever recorded it, the coordinator and lectoren); themes and kwesties
/// given replace the old ones. A story whose consent was withdrawn cannot be changed.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/stories/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = StoryInput, security(("bearer" = [])),
    responses((status = 200, body = StoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_story(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<StoryInput>,
) -> ApiResult<Json<StoryView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.update_story(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.story(actor.get(), &tenant, id).await?))
}

/// The narrator withdraws consent: the story is hidden and removed from search at once, its text
/// and the narrator's name are erased; only the consent record is kept. Repeating it is harmless.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/stories/{id}/withdraw-consent", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn withdraw_consent(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<StoryView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.withdraw_story_consent(actor.get(), &tenant, id).await?;
    Ok(Json(state.core.story(actor.get(), &tenant, id).await?))
}
