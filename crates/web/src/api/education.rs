//! Education (issue 19, tag `onderwijs`): assignments for students across werkplaatsen, applying,
//! the applications an assignment's managers see and decide on, students' results (knowledge
//! products reviewed by the assignment's managers), and the figures of involvement.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use crate::routes::{Routes, delete, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::education::{
    ApplicationInput, ApplicationView, AssignmentInput, AssignmentPage, AssignmentQuery, AssignmentView, DecisionInput,
    EducationFigures, ProgrammeInput, ProgrammeView, ResultInput, ResultReviewInput, ResultView,
};
use serde::Serialize;

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/assignments", get(list_assignments))
        .route("/werkplaatsen/{slug}/assignments", post(create_assignment))
        .route(
            "/werkplaatsen/{slug}/assignments/{id}",
            get(get_assignment).put(update_assignment).delete(delete_assignment),
        )
        .route("/werkplaatsen/{slug}/assignments/{id}/applications", get(list_applications).post(apply))
        .route("/werkplaatsen/{slug}/applications/{id}", get(get_application))
        .route("/werkplaatsen/{slug}/applications/{id}/decision", post(decide))
        .route("/werkplaatsen/{slug}/assignments/{id}/results", get(list_results).post(submit_result))
        .route("/werkplaatsen/{slug}/assignments/{id}/results/{product}/review", post(review_result))
        .route("/werkplaatsen/{slug}/education/figures", get(figures))
        .route("/werkplaatsen/{slug}/programmes", get(list_programmes).post(add_programme))
        .route("/werkplaatsen/{slug}/programmes/{id}", delete(delete_programme))
}

/// A new assignment: its id and its page.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AssignmentCreated {
    pub id: i64,
    /// The assignment's page, e.g. `https://…/werkplaatsen/zhz/opdrachten/3`.
    pub url: String,
}

/// A new application.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApplicationCreated {
    pub id: i64,
    /// Always `submitted`.
    pub status: String,
}

/// Assignments across werkplaatsen, newest first: open, public ones for everyone, the others of a
/// werkplaats for its members. `next_cursor` gives the next page.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "onderwijs", params(AssignmentQuery),
    responses((status = 200, body = AssignmentPage), (status = 422, body = ErrorBody)))]
pub async fn list_assignments(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiQuery(q): ApiQuery<AssignmentQuery>,
) -> ApiResult<Json<AssignmentPage>> {
    Ok(Json(state.core.find_assignments(actor.get(), &q).await?))
}

/// Offers an assignment (coordinators, lectoren, docent-onderzoekers, theme leads, and project
/// leads for their project).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/assignments", tag = "onderwijs",
    params(("slug" = String, Path)), request_body = AssignmentInput, security(("bearer" = [])),
    responses((status = 201, body = AssignmentCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_assignment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<AssignmentInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<AssignmentCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let v = state.core.create_assignment(actor.get(), &tenant, &input).await?;
    Ok((StatusCode::CREATED, Json(AssignmentCreated { id: v.id, url: format!("{}{}", state.core.public_url, v.url) })))
}

/// One assignment (404 for whoever may not read it).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = AssignmentView), (status = 404, body = ErrorBody)))]
pub async fn get_assignment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<AssignmentView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.assignment(actor.get(), &tenant, id).await?))
}

/// Changes an assignment (its managers: coordinators, lectoren, its supervisor, its project's leads).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = AssignmentInput,
    security(("bearer" = [])),
    responses((status = 200, body = AssignmentView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_assignment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<AssignmentInput>, ApiError>,
) -> ApiResult<Json<AssignmentView>> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    Ok(Json(state.core.update_assignment(actor.get(), &tenant, id, &input).await?))
}

/// Removes an assignment with its applications (its managers).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_assignment(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_assignment(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Applies to an open assignment with a short motivation (signed in; once per assignment).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}/applications", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ApplicationInput,
    security(("bearer" = [])),
    responses((status = 201, body = ApplicationCreated), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ApplicationInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<ApplicationCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let a = state.core.apply(actor.get(), &tenant, id, &input).await?;
    Ok((StatusCode::CREATED, Json(ApplicationCreated { id: a.id, status: a.status })))
}

/// The applications to an assignment (its managers only).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}/applications", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = [ApplicationView]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_applications(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<ApplicationView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.applications(actor.get(), &tenant, id).await?))
}

/// One application: its applicant and the assignment's managers; 404 for everyone else.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/applications/{id}", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_application(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ApplicationView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.application(actor.get(), &tenant, id).await?))
}

/// Accepts or declines a submitted application with an optional message (mailed to the student).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/applications/{id}/decision", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = DecisionInput,
    security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<DecisionInput>, ApiError>,
) -> ApiResult<Json<ApplicationView>> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    Ok(Json(state.core.decide_application(actor.get(), &tenant, id, &input).await?))
}

/// Education involvement of a werkplaats: students per year, programme and kind (coordinators
/// and lectoren).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/education/figures", tag = "onderwijs",
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = EducationFigures), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn figures(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<EducationFigures>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.education_figures(actor.get(), &tenant).await?))
}

/// A result submitted: the knowledge product's id and page.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ResultCreated {
    /// The knowledge product's id.
    pub id: i64,
    /// The knowledge product's page, e.g. `https://…/werkplaatsen/zhz/kennis/12`.
    pub url: String,
    /// `review` for a student's new result (a linked product keeps its status).
    pub status: String,
}

/// Submits a student's result of the assignment: a knowledge product (kind `beroepsproduct` by
/// default) in review, credited to the student, of the assignment's project. Only a student whose
/// application was accepted (else 403); the assignment's managers may instead link an existing
/// product with `product_id`.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}/results", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ResultInput,
    security(("bearer" = [])),
    responses((status = 201, body = ResultCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_result(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<ResultInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<ResultCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let r = state.core.submit_result(actor.get(), &tenant, id, &input).await?;
    let url = format!("{}{}", state.core.public_url, r.url);
    Ok((StatusCode::CREATED, Json(ResultCreated { id: r.id, url, status: r.status })))
}

/// The results of an assignment: published ones for everyone who may read the assignment (and the
/// product); the others only for their student and the assignment's managers.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}/results", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = [ResultView]), (status = 404, body = ErrorBody)))]
pub async fn list_results(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<ResultView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.assignment_results(actor.get(), &tenant, id).await?))
}

/// Reviews a result (the assignment's managers, also when they review no other products):
/// `published`, or `concept` to send it back with a note.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/assignments/{id}/results/{product}/review",
    tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path), ("product" = i64, Path, description = "The result's knowledge product id")),
    request_body = ResultReviewInput, security(("bearer" = [])),
    responses((status = 200, body = ResultView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_result(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, product)): ApiPath<(String, i64, i64)>,
    body: Result<ApiJson<ResultReviewInput>, ApiError>,
) -> ApiResult<Json<ResultView>> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let note = input.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    Ok(Json(state.core.review_result(actor.get(), &tenant, id, product, &input.status, note).await?))
}

/// A new study programme.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProgrammeCreated {
    pub id: i64,
}

/// The study programmes the werkplaats works with, by hogeschool and name, each with the number of
/// its assignments naming it that the caller may see (public, open ones for whoever is not a
/// member). Anyone may read them.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/programmes", tag = "onderwijs",
    params(("slug" = String, Path)),
    responses((status = 200, body = [ProgrammeView]), (status = 404, body = ErrorBody)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<ProgrammeView>>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.programmes(actor.get(), &tenant).await?))
}

/// Adds a study programme of one of the werkplaats's hogescholen (`organisation`: an organisation
/// of kind `hogeschool` of this werkplaats, by name or id); coordinators and lectoren.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/programmes", tag = "onderwijs",
    params(("slug" = String, Path)), request_body = ProgrammeInput, security(("bearer" = [])),
    responses((status = 201, body = ProgrammeCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_programme(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    body: Result<ApiJson<ProgrammeInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<ProgrammeCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(broedplaats_core::CoreError::Unauthenticated.into());
    }
    let ApiJson(input) = body?;
    let id = state.core.add_programme(actor.get(), &tenant, &input).await?;
    Ok((StatusCode::CREATED, Json(ProgrammeCreated { id })))
}

/// Removes a study programme (coordinators and lectoren); assignments keep naming it.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/programmes/{id}", tag = "onderwijs",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_programme(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_programme(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
