//! API handlers for the werkplaats organisation: organisations, people, letters of intent, theme
//! groups, projects, bodies, governance checks and the audit log.
use crate::AppState;
use crate::api::kit::ListPage;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::organisation::GovernanceReport;
use broedplaats_core::organisation::governance::Settings;
use broedplaats_core::organisation::{
    BodyInput, BodyView, LetterInput, OrganisationInput, PersonInput, PersonView, ProjectInput, ProjectView,
    ThemeGroupInput, ThemeGroupView,
};
use broedplaats_store::organisation::{AuditRow, LetterRow, OrganisationRow, PlanVersionRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;
type Created<T> = (StatusCode, Json<T>);

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// Page size, 1-200 (default 50).
    pub limit: Option<i64>,
}

/// Pages a short, already ordered list in memory; the cursor is the offset.
fn page<T>(items: Vec<T>, q: &ListQuery) -> ApiResult<ListPage<T>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 200) as usize;
    let offset = match &q.cursor {
        None => 0,
        Some(c) => c.parse::<usize>().map_err(|_| bad_cursor())?,
    };
    let total = items.len();
    let items: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    let next = offset + items.len();
    Ok(ListPage { items, next_cursor: (next < total).then(|| next.to_string()) })
}

fn bad_cursor() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_cursor", "Ongeldige cursor; gebruik de waarde van next_cursor.")
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationOut {
    pub id: i64,
    pub name: String,
    /// gemeente, welzijn, zorg, hogeschool, lectoraat, opleiding, burger_clientorganisatie,
    /// landelijke_kennispartner, overig
    pub kind: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

impl From<OrganisationRow> for OrganisationOut {
    fn from(o: OrganisationRow) -> Self {
        Self { id: o.id, name: o.name, kind: o.kind, city: o.city, website: o.website, email: o.email }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct OrganisationQuery {
    /// Only organisations of this kind.
    pub kind: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// Partner organisations, by name (public).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/organisations", tag = "organisatie",
    params(("slug" = String, Path), OrganisationQuery),
    responses((status = 200, body = ListPage<OrganisationOut>), (status = 404, body = ErrorBody)))]
pub async fn list_organisations(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<OrganisationQuery>,
) -> ApiResult<Json<ListPage<OrganisationOut>>> {
    let tenant = state.core.tenant(&slug).await?;
    let p = state
        .core
        .organisations(&tenant, q.kind.as_deref().filter(|k| !k.is_empty()), q.cursor.as_deref(), q.limit.unwrap_or(50))
        .await?;
    Ok(Json(ListPage { items: p.items.into_iter().map(Into::into).collect(), next_cursor: p.next_cursor }))
}

/// One organisation (public).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/organisations/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = OrganisationOut), (status = 404, body = ErrorBody)))]
pub async fn get_organisation(
    State(state): State<AppState>,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<OrganisationOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.organisation(&tenant, id).await?.into()))
}

/// Registers an organisation (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/organisations", tag = "organisatie",
    params(("slug" = String, Path)), request_body = OrganisationInput, security(("bearer" = [])),
    responses((status = 201, body = OrganisationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<OrganisationInput>,
) -> ApiResult<Created<OrganisationOut>> {
    let tenant = state.core.tenant(&slug).await?;
    let o = state.core.save_organisation(actor.get(), &tenant, None, &body).await?;
    Ok((StatusCode::CREATED, Json(o.into())))
}

/// Updates an organisation (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/organisations/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = OrganisationInput, security(("bearer" = [])),
    responses((status = 200, body = OrganisationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_organisation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<OrganisationInput>,
) -> ApiResult<Json<OrganisationOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_organisation(actor.get(), &tenant, Some(id), &body).await?.into()))
}

/// Deletes an organisation (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/organisations/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_organisation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_organisation(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// Opaque cursor from `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1-200 (default 50).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonOut>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// People of the werkplaats, by name (members of the werkplaats only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/people", tag = "mensen",
    params(("slug" = String, Path), PageQuery), security(("bearer" = [])),
    responses((status = 200, body = PeoplePage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_people(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<PeoplePage>> {
    let tenant = state.core.tenant(&slug).await?;
    let page = state.core.people(actor.get(), &tenant, q.cursor.as_deref(), q.limit.unwrap_or(50)).await?;
    Ok(Json(PeoplePage {
        items: page
            .items
            .into_iter()
            .map(|p| PersonOut { id: p.id, name: p.name, email: p.email, organisation: p.organisation })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One person (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/people/{id}", tag = "mensen",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<PersonView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.person(actor.get(), &tenant, id).await?))
}

/// Registers a person (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/people", tag = "mensen",
    params(("slug" = String, Path)), request_body = PersonInput, security(("bearer" = [])),
    responses((status = 201, body = PersonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_person(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<PersonInput>,
) -> ApiResult<Created<PersonView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_person(actor.get(), &tenant, None, &body).await?)))
}

/// Updates a person (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/people/{id}", tag = "mensen",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = PersonInput, security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_person(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<PersonInput>,
) -> ApiResult<Json<PersonView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_person(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a person (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/people/{id}", tag = "mensen",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_person(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_person(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct LetterOut {
    pub id: i64,
    pub organisation_id: i64,
    pub signed_on: String,
    pub representative_id: Option<i64>,
    pub estimated_hours: Option<i64>,
    pub estimated_note: Option<String>,
}

impl From<LetterRow> for LetterOut {
    fn from(l: LetterRow) -> Self {
        Self {
            id: l.id,
            organisation_id: l.organisation_id,
            signed_on: l.signed_on,
            representative_id: l.representative_id,
            estimated_hours: l.estimated_hours,
            estimated_note: l.estimated_note,
        }
    }
}

/// Letters of intent of the consortium partners (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/letters-of-intent", tag = "organisatie",
    params(("slug" = String, Path), ListQuery), security(("bearer" = [])),
    responses((status = 200, body = ListPage<LetterOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_letters(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListPage<LetterOut>>> {
    let tenant = state.core.tenant(&slug).await?;
    let items = state.core.letters(actor.get(), &tenant).await?.into_iter().map(Into::into).collect();
    Ok(Json(page(items, &q)?))
}

/// One letter of intent (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/letters-of-intent/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = LetterOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_letter(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<LetterOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.letter(actor.get(), &tenant, id).await?.into()))
}

/// Records a letter of intent (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/letters-of-intent", tag = "organisatie",
    params(("slug" = String, Path)), request_body = LetterInput, security(("bearer" = [])),
    responses((status = 201, body = LetterOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_letter(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<LetterInput>,
) -> ApiResult<Created<LetterOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_letter(actor.get(), &tenant, None, &body).await?.into())))
}

/// Updates a letter of intent (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/letters-of-intent/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = LetterInput, security(("bearer" = [])),
    responses((status = 200, body = LetterOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_letter(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<LetterInput>,
) -> ApiResult<Json<LetterOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_letter(actor.get(), &tenant, Some(id), &body).await?.into()))
}

/// Deletes a letter of intent (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/letters-of-intent/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_letter(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_letter(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Theme groups of the werkplaats (public).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/theme-groups", tag = "organisatie",
    params(("slug" = String, Path), ListQuery),
    responses((status = 200, body = ListPage<ThemeGroupView>), (status = 404, body = ErrorBody)))]
pub async fn list_theme_groups(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListPage<ThemeGroupView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(page(state.core.theme_groups(&tenant).await?, &q)?))
}

/// One theme group (public).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/theme-groups/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ThemeGroupView), (status = 404, body = ErrorBody)))]
pub async fn get_theme_group(
    State(state): State<AppState>,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ThemeGroupView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.theme_group(&tenant, id).await?))
}

/// Forms a theme group for a theme (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/theme-groups", tag = "organisatie",
    params(("slug" = String, Path)), request_body = ThemeGroupInput, security(("bearer" = [])),
    responses((status = 201, body = ThemeGroupView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_theme_group(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ThemeGroupInput>,
) -> ApiResult<Created<ThemeGroupView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_theme_group(actor.get(), &tenant, None, &body).await?)))
}

/// Updates a theme group (coordinator, lector, or its themaleider).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/theme-groups/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ThemeGroupInput, security(("bearer" = [])),
    responses((status = 200, body = ThemeGroupView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_theme_group(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ThemeGroupInput>,
) -> ApiResult<Json<ThemeGroupView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_theme_group(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a theme group (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/theme-groups/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_theme_group(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_theme_group(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct ProjectQuery {
    /// Only projects within this theme.
    pub theme: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// Projects: public ones for everyone, members-only ones for members.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/projects", tag = "organisatie",
    params(("slug" = String, Path), ProjectQuery),
    responses((status = 200, body = ListPage<ProjectView>), (status = 404, body = ErrorBody)))]
pub async fn list_projects(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ProjectQuery>,
) -> ApiResult<Json<ListPage<ProjectView>>> {
    let tenant = state.core.tenant(&slug).await?;
    let items = state.core.projects(actor.get(), &tenant, q.theme).await?;
    Ok(Json(page(items, &ListQuery { cursor: q.cursor, limit: q.limit })?))
}

/// One project (members-only projects are 404 for others).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/projects/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ProjectView), (status = 404, body = ErrorBody)))]
pub async fn get_project(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ProjectView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.project(actor.get(), &tenant, id).await?))
}

/// The versions of a project's plan, newest first.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/projects/{id}/plan-versions", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = [PlanVersionOut]), (status = 404, body = ErrorBody)))]
pub async fn list_plan_versions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<PlanVersionOut>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.plan_versions(actor.get(), &tenant, id).await?.into_iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct PlanVersionOut {
    pub number: i64,
    pub plan: String,
    pub author: String,
    pub change_note: String,
    pub recorded_at: String,
}

impl From<PlanVersionRow> for PlanVersionOut {
    fn from(r: PlanVersionRow) -> Self {
        Self {
            number: r.number,
            plan: r.plan,
            author: r.author_name,
            change_note: r.change_note,
            recorded_at: r.created_at,
        }
    }
}

/// Creates a project within a theme (coordinator, lector, or the theme's themaleider).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/projects", tag = "organisatie",
    params(("slug" = String, Path)), request_body = ProjectInput, security(("bearer" = [])),
    responses((status = 201, body = ProjectView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_project(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ProjectInput>,
) -> ApiResult<Created<ProjectView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_project(actor.get(), &tenant, None, &body).await?)))
}

/// Updates a project (coordinator, lector, or the theme's themaleider).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/projects/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ProjectInput, security(("bearer" = [])),
    responses((status = 200, body = ProjectView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_project(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ProjectInput>,
) -> ApiResult<Json<ProjectView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_project(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a project (coordinator, lector, or the theme's themaleider).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/projects/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_project(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_project(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The MT and the consortium with members and meeting dates (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/bodies", tag = "organisatie",
    params(("slug" = String, Path), ListQuery), security(("bearer" = [])),
    responses((status = 200, body = ListPage<BodyView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_bodies(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListPage<BodyView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(page(state.core.bodies(actor.get(), &tenant).await?, &q)?))
}

/// One body (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/bodies/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = BodyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_body(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<BodyView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.body(actor.get(), &tenant, id).await?))
}

/// Creates the MT or the consortium (coordinator or lector).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/bodies", tag = "organisatie",
    params(("slug" = String, Path)), request_body = BodyInput, security(("bearer" = [])),
    responses((status = 201, body = BodyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_body(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<BodyInput>,
) -> ApiResult<Created<BodyView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok((StatusCode::CREATED, Json(state.core.save_body(actor.get(), &tenant, None, &body).await?)))
}

/// Updates a body's name, members and meeting dates (coordinator or lector).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/bodies/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = BodyInput, security(("bearer" = [])),
    responses((status = 200, body = BodyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_body(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<BodyInput>,
) -> ApiResult<Json<BodyView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_body(actor.get(), &tenant, Some(id), &body).await?))
}

/// Deletes a body (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/bodies/{id}", tag = "organisatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_body(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_body(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Evaluates every governance rule of the werkplaats now (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/governance", tag = "organisatie",
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = GovernanceReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn governance(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<GovernanceReport>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.governance(actor.get(), &tenant).await?))
}

/// The governance thresholds of the werkplaats (members only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/governance/settings", tag = "organisatie",
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Settings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn governance_settings(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Settings>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.governance_settings(actor.get(), &tenant).await?))
}

/// Replaces the governance thresholds (coordinator or lector); missing fields take the ZHZ defaults.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/governance/settings", tag = "organisatie",
    params(("slug" = String, Path)), request_body = Settings, security(("bearer" = [])),
    responses((status = 200, body = Settings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_governance_settings(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<Settings>,
) -> ApiResult<Json<Settings>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.set_governance_settings(actor.get(), &tenant, &body).await?))
}

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity_type: String,
    pub entity_id: i64,
    /// create, update or delete
    pub action: String,
    /// The entity before the change (JSON), if any.
    pub before: Option<serde_json::Value>,
    /// The entity after the change (JSON), if any.
    pub after: Option<serde_json::Value>,
}

impl From<AuditRow> for AuditOut {
    fn from(r: AuditRow) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Self {
            id: r.id,
            at: r.at,
            actor: r.actor_name,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            action: r.action,
            before: parse(r.before),
            after: parse(r.after),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only entries older than this id (for the next page).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

/// Who changed what, newest first (coordinator or lector).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/audit-log", tag = "organisatie",
    params(("slug" = String, Path), AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = [AuditOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit_log(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditOut>>> {
    let tenant = state.core.tenant(&slug).await?;
    let rows = state.core.audit_log(actor.get(), &tenant, q.before, q.limit.unwrap_or(50)).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}
