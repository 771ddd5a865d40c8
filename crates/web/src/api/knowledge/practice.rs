//! API handlers for practice questions, approaches and working factors of a werkplaats, and the
//! kwesties shared by every werkplaats (tag `kennisbank`).
use crate::AppState;
use crate::api::kit::{given, query};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use broedplaats_core::knowledge::{
    ApproachFilter, ApproachInput, ApproachView, KwestieDetail, KwestieInput, KwestieView, QuestionFilter,
    QuestionInput, QuestionView,
};
use broedplaats_domain::{ApproachKind, FieldErrorKind, FieldErrors, QuestionStatus, Recognition};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

/// Something new: its id and its page.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
    /// Its page, e.g. `https://…/werkplaatsen/zhz/praktijkvragen/12`.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionList {
    pub items: Vec<QuestionView>,
}

#[derive(Serialize, ToSchema)]
pub struct ApproachList {
    pub items: Vec<ApproachView>,
}

#[derive(Serialize, ToSchema)]
pub struct KwestieList {
    pub items: Vec<KwestieView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionParams {
    /// Only questions with this kwestie (its id).
    #[param(value_type = Option<i64>)]
    pub kwestie: Option<String>,
    /// Only questions with this status: geexpliciteerd, onderzocht or toegepast.
    pub status: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApproachParams {
    /// Only this kind: aanpak or werkzame_factor.
    pub kind: Option<String>,
    /// Only this recognition level, e.g. goed_onderbouwd.
    pub recognition: Option<String>,
}

impl QuestionParams {
    fn parse(&self) -> ApiResult<QuestionFilter> {
        let mut e = FieldErrors::new();
        let kwestie =
            given(&self.kwestie).and_then(|v| e.take("kwestie", v.parse().map_err(|_| FieldErrorKind::Invalid)));
        let status =
            given(&self.status).and_then(|v| e.take("status", QuestionStatus::parse(v))).map(|s| s.code().into());
        if !e.is_empty() {
            return Err(ApiError::invalid(&e));
        }
        Ok(QuestionFilter { kwestie, status })
    }
}

impl ApproachParams {
    fn parse(&self) -> ApiResult<ApproachFilter> {
        let mut e = FieldErrors::new();
        let kind = given(&self.kind).and_then(|v| e.take("kind", ApproachKind::parse(v))).map(|k| k.code().into());
        let recognition = given(&self.recognition)
            .and_then(|v| e.take("recognition", Recognition::parse(v)))
            .map(|r| r.code().into());
        if !e.is_empty() {
            return Err(ApiError::invalid(&e));
        }
        Ok(ApproachFilter { kind, recognition })
    }
}

fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.core.public_url.trim_end_matches('/'))
}

// ---- questions -----------------------------------------------------------------------------------

/// The practice questions of a werkplaats, newest change first: the public ones for everyone, those
/// for members only (`visibility: members`) for the werkplaats's members and — once handed to the
/// national side of the lemniscate — for national knowledge partners.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/questions", tag = "kennisbank",
    params(("slug" = String, Path), QuestionParams),
    responses((status = 200, body = QuestionList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_questions(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    q: Result<Query<QuestionParams>, QueryRejection>,
) -> ApiResult<Json<QuestionList>> {
    let filter = query(q)?.parse()?;
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(QuestionList { items: state.core.questions(actor.get(), &tenant, &filter).await? }))
}

/// Adds a practice question (coordinator, lectoren, docent-onderzoekers, themaleiders,
/// projectondersteuning). New kwestie labels create kwesties.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/questions", tag = "kennisbank",
    params(("slug" = String, Path)), request_body = QuestionInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_question(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<QuestionInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let tenant = state.core.tenant(&slug).await?;
    let id = state.core.create_question(actor.get(), &tenant, &body).await?;
    let url = absolute(&state, &format!("/werkplaatsen/{}/praktijkvragen/{id}", tenant.slug));
    Ok((StatusCode::CREATED, Json(Created { id, url })))
}

/// One practice question, with where it stands in the lemniscate (`movement`, `path_url`). A
/// question for members only is 404 to whoever may not read it (as the list above).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/questions/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = QuestionView), (status = 404, body = ErrorBody)))]
pub async fn get_question(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<QuestionView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.question(actor.get(), &tenant, id).await?))
}

/// Changes a practice question; the kwesties given replace the old ones.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/questions/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = QuestionInput, security(("bearer" = [])),
    responses((status = 200, body = QuestionView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_question(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<QuestionInput>,
) -> ApiResult<Json<QuestionView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.update_question(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.question(actor.get(), &tenant, id).await?))
}

/// Deletes a practice question (coordinator or lector).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/questions/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_question(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_question(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- approaches ----------------------------------------------------------------------------------

/// Approaches and working factors of a werkplaats, approaches first (public).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/approaches", tag = "kennisbank",
    params(("slug" = String, Path), ApproachParams),
    responses((status = 200, body = ApproachList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_approaches(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    q: Result<Query<ApproachParams>, QueryRejection>,
) -> ApiResult<Json<ApproachList>> {
    let filter = query(q)?.parse()?;
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(ApproachList { items: state.core.approaches(actor.get(), &tenant, &filter).await? }))
}

/// Adds an approach or a working factor (the roles that add questions).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/approaches", tag = "kennisbank",
    params(("slug" = String, Path)), request_body = ApproachInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_approach(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ApproachInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let tenant = state.core.tenant(&slug).await?;
    let id = state.core.create_approach(actor.get(), &tenant, &body).await?;
    let url = absolute(&state, &format!("/werkplaatsen/{}/aanpakken/{id}", tenant.slug));
    Ok((StatusCode::CREATED, Json(Created { id, url })))
}

/// One approach (with its working factors) or working factor (with its approach).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/approaches/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ApproachView), (status = 404, body = ErrorBody)))]
pub async fn get_approach(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ApproachView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.approach(actor.get(), &tenant, id).await?))
}

/// Changes an approach or working factor; themes and kwesties given replace the old ones.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/approaches/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ApproachInput, security(("bearer" = [])),
    responses((status = 200, body = ApproachView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_approach(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ApproachInput>,
) -> ApiResult<Json<ApproachView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.update_approach(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.approach(actor.get(), &tenant, id).await?))
}

/// Deletes an approach or working factor (coordinator or lector). Working factors of a deleted
/// approach stay, without their approach.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/approaches/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_approach(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_approach(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- kwesties ------------------------------------------------------------------------------------

/// The kwesties shared by all werkplaatsen, with how often they are used.
///
/// Coordinators and lectors see all of them; anyone else only those with something public, counting only that.
#[utoipa::path(get, path = "/api/v1/kwesties", tag = "kennisbank",
    responses((status = 200, body = KwestieList)))]
pub async fn list_kwesties(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<KwestieList>> {
    Ok(Json(KwestieList { items: state.core.kwesties(actor.get()).await? }))
}

/// One kwestie with what is linked to it in every werkplaats: published public knowledge
/// products, practice questions, approaches, and stories published with consent.
#[utoipa::path(get, path = "/api/v1/kwesties/{id}", tag = "kennisbank",
    params(("id" = i64, Path)),
    responses((status = 200, body = KwestieDetail), (status = 404, body = ErrorBody)))]
pub async fn get_kwestie(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<KwestieDetail>> {
    Ok(Json(state.core.kwestie(actor.get(), id).await?))
}

/// Renames a kwestie or changes its description (coordinators and lectoren of any werkplaats:
/// kwesties are shared). A label another kwestie has is refused.
#[utoipa::path(put, path = "/api/v1/kwesties/{id}", tag = "kennisbank",
    params(("id" = i64, Path)), request_body = KwestieInput, security(("bearer" = [])),
    responses((status = 200, body = KwestieDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_kwestie(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<KwestieInput>,
) -> ApiResult<Json<KwestieDetail>> {
    state.core.update_kwestie(actor.get(), id, &body).await?;
    Ok(Json(state.core.kwestie(actor.get(), id).await?))
}
