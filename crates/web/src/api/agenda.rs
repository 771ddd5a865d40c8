//! API handlers for werkplaatsen, the agenda, its themes, project options and versions.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::agenda::{AgendaView, Change, ThemeView, VersionMeta};
use broedplaats_domain::{AgendaStatus, FieldErrors, ProjectOptionInput, RawTheme, ThemeInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

#[derive(Serialize, ToSchema)]
pub struct WerkplaatsOut {
    pub slug: String,
    pub name: String,
    pub region: String,
}

/// All werkplaatsen.
#[utoipa::path(get, path = "/api/v1/werkplaatsen", tag = "werkplaatsen",
    responses((status = 200, body = [WerkplaatsOut])))]
pub async fn list_werkplaatsen(State(state): State<AppState>) -> ApiResult<Json<Vec<WerkplaatsOut>>> {
    let rows = state.core.werkplaatsen().await?;
    Ok(Json(rows.into_iter().map(|w| WerkplaatsOut { slug: w.slug, name: w.name, region: w.region }).collect()))
}

/// The current version of the werkplaats's knowledge and development agenda.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/agenda", tag = "agenda",
    params(("slug" = String, Path, description = "Werkplaats, e.g. `zhz`")),
    responses((status = 200, body = AgendaView), (status = 404, body = ErrorBody)))]
pub async fn get_agenda(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> ApiResult<Json<AgendaView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.current_agenda(&tenant).await?))
}

/// All versions of the agenda, newest first.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/agenda/versions", tag = "agenda",
    params(("slug" = String, Path)),
    responses((status = 200, body = [VersionMeta]), (status = 404, body = ErrorBody)))]
pub async fn list_versions(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<VersionMeta>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.agenda_versions(&tenant).await?))
}

#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    #[serde(flatten)]
    pub meta: VersionMeta,
    pub agenda: AgendaView,
}

/// One version of the agenda, as it read then.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/agenda/versions/{n}", tag = "agenda",
    params(("slug" = String, Path), ("n" = i64, Path, description = "Version number, from 1")),
    responses((status = 200, body = VersionOut), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_version(
    State(state): State<AppState>,
    ApiPath((slug, n)): ApiPath<(String, i64)>,
) -> ApiResult<Json<VersionOut>> {
    let tenant = state.core.tenant(&slug).await?;
    let (meta, agenda) = state.core.agenda_version(&tenant, n).await?;
    Ok(Json(VersionOut { meta, agenda }))
}

/// A theme as sent by a client. `PUT` replaces every field; leaving `project_options` out keeps them.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeBody {
    pub title: String,
    /// `collectief`, `doelgroep`, `professioneel`, or null/absent for none.
    pub level: Option<String>,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub questions: Vec<String>,
    pub funding: Option<String>,
    /// Titles in order; options whose title is unchanged keep their id.
    pub project_options: Option<Vec<String>>,
    /// Note for the agenda history.
    pub change_note: Option<String>,
}

impl ThemeBody {
    fn parse(&self) -> Result<ThemeInput, FieldErrors> {
        ThemeInput::parse(RawTheme {
            title: &self.title,
            level: self.level.as_deref(),
            introduction: &self.introduction,
            questions: self.questions.iter().map(String::as_str).collect(),
            funding: self.funding.as_deref(),
            project_options: self.project_options.as_ref().map(|o| o.iter().map(String::as_str).collect()),
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThemeWritten {
    /// The agenda version this change created.
    pub version: i64,
    pub theme: ThemeView,
}

#[derive(Serialize, ToSchema)]
pub struct VersionWritten {
    /// The agenda version this change created.
    pub version: i64,
}

/// Adds a theme to the agenda (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/agenda/themes", tag = "agenda",
    params(("slug" = String, Path)), request_body = ThemeBody, security(("bearer" = [])),
    responses((status = 201, body = ThemeWritten), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_theme(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<ThemeBody>, ApiError>,
) -> ApiResult<(StatusCode, Json<ThemeWritten>)> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let input = body.parse().map_err(CoreError::Invalid)?;
    let (id, version) =
        state.core.create_theme(actor.get(), &tenant, input, Change { note: body.change_note.as_deref() }).await?;
    let (_, theme) = state.core.theme(&tenant, id).await?;
    Ok((StatusCode::CREATED, Json(ThemeWritten { version, theme })))
}

/// One theme of the current agenda.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ThemeView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_theme(
    State(state): State<AppState>,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ThemeView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.theme(&tenant, id).await?.1))
}

/// Replaces a theme's fields (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ThemeBody, security(("bearer" = [])),
    responses((status = 200, body = ThemeWritten), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_theme(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ThemeBody>, ApiError>,
) -> ApiResult<Json<ThemeWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let input = body.parse().map_err(CoreError::Invalid)?;
    let version =
        state.core.update_theme(actor.get(), &tenant, id, input, Change { note: body.change_note.as_deref() }).await?;
    let (_, theme) = state.core.theme(&tenant, id).await?;
    Ok(Json(ThemeWritten { version, theme }))
}

#[derive(Deserialize, IntoParams)]
pub struct NoteQuery {
    /// Note for the agenda history.
    pub change_note: Option<String>,
}

/// Deletes a theme with its project options (coordinator or lector). History keeps it.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path), NoteQuery), security(("bearer" = [])),
    responses((status = 200, body = VersionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_theme(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiQuery(q): ApiQuery<NoteQuery>,
) -> ApiResult<Json<VersionWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    let version = state.core.delete_theme(actor.get(), &tenant, id, Change { note: q.change_note.as_deref() }).await?;
    Ok(Json(VersionWritten { version }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeOrderBody {
    /// Every theme id of the agenda exactly once, in the new order.
    pub theme_ids: Vec<i64>,
    pub change_note: Option<String>,
}

/// Reorders the themes (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/agenda/theme-order", tag = "agenda",
    params(("slug" = String, Path)), request_body = ThemeOrderBody, security(("bearer" = [])),
    responses((status = 200, body = VersionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reorder_themes(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<ThemeOrderBody>, ApiError>,
) -> ApiResult<Json<VersionWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let version = state
        .core
        .reorder_themes(actor.get(), &tenant, &body.theme_ids, Change { note: body.change_note.as_deref() })
        .await?;
    Ok(Json(VersionWritten { version }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectOptionBody {
    pub title: String,
    pub change_note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectOptionWritten {
    pub version: i64,
    pub id: i64,
    pub title: String,
}

/// Adds a project option to a theme (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ProjectOptionBody, security(("bearer" = [])),
    responses((status = 201, body = ProjectOptionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_project_option(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, theme_id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ProjectOptionBody>, ApiError>,
) -> ApiResult<(StatusCode, Json<ProjectOptionWritten>)> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let input = ProjectOptionInput::parse(&body.title).map_err(CoreError::Invalid)?;
    let title = input.0.as_str().to_owned();
    let (id, version) = state
        .core
        .add_project_option(actor.get(), &tenant, theme_id, input, Change { note: body.change_note.as_deref() })
        .await?;
    Ok((StatusCode::CREATED, Json(ProjectOptionWritten { version, id, title })))
}

/// Renames a project option (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id}", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path), ("option_id" = i64, Path)), request_body = ProjectOptionBody,
    security(("bearer" = [])),
    responses((status = 200, body = ProjectOptionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_project_option(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, theme_id, option_id)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ProjectOptionBody>, ApiError>,
) -> ApiResult<Json<ProjectOptionWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let input = ProjectOptionInput::parse(&body.title).map_err(CoreError::Invalid)?;
    let title = input.0.as_str().to_owned();
    let version = state
        .core
        .update_project_option(
            actor.get(),
            &tenant,
            theme_id,
            option_id,
            input,
            Change { note: body.change_note.as_deref() },
        )
        .await?;
    Ok(Json(ProjectOptionWritten { version, id: option_id, title }))
}

/// Deletes a project option (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id}", tag = "agenda",
    params(("slug" = String, Path), ("id" = i64, Path), ("option_id" = i64, Path), NoteQuery), security(("bearer" = [])),
    responses((status = 200, body = VersionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_project_option(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, theme_id, option_id)): ApiPath<(String, i64, i64)>,
    ApiQuery(q): ApiQuery<NoteQuery>,
) -> ApiResult<Json<VersionWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    let version = state
        .core
        .delete_project_option(actor.get(), &tenant, theme_id, option_id, Change { note: q.change_note.as_deref() })
        .await?;
    Ok(Json(VersionWritten { version }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    pub status: AgendaStatus,
    pub change_note: Option<String>,
}

/// Adopts the agenda as `definitief` or sets it back to `concept`, as a new version.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/agenda/status", tag = "agenda",
    params(("slug" = String, Path)), request_body = StatusBody, security(("bearer" = [])),
    responses((status = 200, body = VersionWritten), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<StatusBody>, ApiError>,
) -> ApiResult<Json<VersionWritten>> {
    let tenant = state.core.tenant(&slug).await?;
    broedplaats_core::kernel::actor::require_agenda_editor(actor.get(), &tenant)?;
    let ApiJson(body) = body?;
    let version = state
        .core
        .set_agenda_status(actor.get(), &tenant, body.status, Change { note: body.change_note.as_deref() })
        .await?;
    Ok(Json(VersionWritten { version }))
}
