//! The knowledge lemniscate API (issue 16, tag `lemniscaat`): a practice question's path through
//! the four movements and the moves that make it, the numbers of the lemniscate views with the
//! questions behind each, and the national agenda.
//!
//! Every handler is extract → use case → answer; who may move what, and what each viewer may
//! count, is decided in `broedplaats_core::lemniscate`. A move asks who acts and whether they may
//! move this question before it reads the body, so an anonymous caller gets 401, someone who may
//! not read the question 404 and someone who may read but not move it 403, whatever they send.
use crate::AppState;
use crate::api::kit::{given, query};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use crate::routes::{Routes, get, post};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::lemniscate::{
    LemniscateCounts, LemniscateFilter, LemniscateList, LemniscateQuestion, MoveInput, PathView,
};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Movement};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

/// The id of the move just recorded.
#[derive(Serialize, ToSchema)]
pub struct MoveCreated {
    pub id: i64,
}

/// Questions of the lemniscate: the list behind a number, or the national agenda.
#[derive(Serialize, ToSchema)]
pub struct LemniscateQuestions {
    pub items: Vec<LemniscateQuestion>,
}

/// Which questions a lemniscate view counts.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LemniscateParams {
    /// Only the questions of this werkplaats (its slug); all werkplaatsen without it.
    pub werkplaats: Option<String>,
    /// Only the questions of this kwestie (its id).
    #[param(value_type = Option<i64>)]
    pub kwestie: Option<String>,
    /// The first day of the period (`YYYY-MM-DD`, UTC, inclusive): crossings from then on count.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last day of the period (`YYYY-MM-DD`, UTC, inclusive): the positions are those at its
    /// end, and crossings up to it count.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

impl LemniscateParams {
    fn filter(&self) -> ApiResult<LemniscateFilter> {
        LemniscateFilter::parse(given(&self.werkplaats), given(&self.kwestie), given(&self.from), given(&self.to))
            .map_err(|e| ApiError::invalid(&e))
    }
}

/// Which list behind a number, and which questions it draws from.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LemniscateListParams {
    /// The questions standing in this movement at the end of the period: ontwikkelen,
    /// verspreiden, opschalen or verrijken.
    pub movement: Option<String>,
    /// `true`: the questions that crossed the middle of the eight in the period (each once).
    /// Not together with `movement`; without either, every question in scope.
    #[param(value_type = Option<bool>)]
    pub crossed: Option<String>,
    /// As for the counts.
    pub werkplaats: Option<String>,
    #[param(value_type = Option<i64>)]
    pub kwestie: Option<String>,
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

impl LemniscateListParams {
    fn parse(&self) -> ApiResult<(LemniscateFilter, LemniscateList)> {
        let mut e = FieldErrors::new();
        let movement = given(&self.movement).and_then(|m| e.take("movement", Movement::parse(m)));
        let crossed = match given(&self.crossed) {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(_) => {
                e.push("crossed", FieldErrorKind::UnknownValue { allowed: vec!["true", "false"] });
                false
            }
        };
        if crossed && given(&self.movement).is_some() {
            e.push("crossed", FieldErrorKind::Refused { key: "lemniscate.refused.movement_and_crossed" });
        }
        let filter =
            LemniscateFilter::parse(given(&self.werkplaats), given(&self.kwestie), given(&self.from), given(&self.to));
        let filter = match filter {
            Ok(f) if e.is_empty() => f,
            Ok(_) => return Err(ApiError::invalid(&e)),
            Err(more) => {
                e.0.extend(more.0);
                return Err(ApiError::invalid(&e));
            }
        };
        let list = match (movement, crossed) {
            (Some(m), _) => LemniscateList::Movement(m),
            (None, true) => LemniscateList::Crossed,
            (None, false) => LemniscateList::All,
        };
        Ok((filter, list))
    }
}

/// Records a move of a practice question (DOMAIN §8). The roles that write the werkplaats's
/// questions move them in any movement; a national knowledge partner moves a question once it was
/// handed to the national side (verspreiden, opschalen, and back with verrijken), never in
/// ontwikkelen. A develop move with the step expliciteren, onderzoeken or toepassen sets the
/// question's local status. Handing back (verrijken by a national partner) mails the werkplaats's
/// coordinators. Products and approaches handed over may be of any werkplaats: published public
/// ones, or any of the question's own werkplaats for those who write there (at most 20 of each).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/questions/{id}/moves", tag = "lemniscaat",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = MoveInput, security(("bearer" = [])),
    responses((status = 201, body = MoveCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_move(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    body: Result<ApiJson<MoveInput>, ApiError>,
) -> ApiResult<(StatusCode, Json<MoveCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    if actor.get().is_none() {
        return Err(CoreError::Unauthenticated.into());
    }
    // The question must be one the caller reads (404) and may move (403) before its body matters.
    let path = state.core.question_path(actor.get(), &tenant, id).await?;
    if path.may_move.is_empty() {
        return Err(CoreError::Forbidden.into());
    }
    let ApiJson(body) = body?;
    let id = state.core.record_move(actor.get(), &tenant, id, &body).await?;
    Ok((StatusCode::CREATED, Json(MoveCreated { id })))
}

/// A practice question's path through the lemniscate: its moves in time order (who, when, what
/// was handed over, whether the move crossed the middle of the eight), where it stands now
/// (`current`), its local status, and the movements the caller may record (`may_move`). A
/// question for members only is 404 to everyone else — except national partners once it was
/// handed to the national side. Handed-over items the caller may not see are only counted.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/questions/{id}/path", tag = "lemniscaat",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = PathView), (status = 404, body = ErrorBody)))]
pub async fn question_path(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<PathView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.question_path(actor.get(), &tenant, id).await?))
}

/// The numbers of a lemniscate view: how many questions stand in each movement at the end of the
/// period, and how many moves crossed the middle of the eight within it; nationally, or for one
/// werkplaats or kwestie. Counts only the questions the caller may read (anonymous visitors: the
/// public ones). An unknown werkplaats is 404; a date that is not `YYYY-MM-DD`, or a period that
/// ends before it starts, 422.
#[utoipa::path(get, path = "/api/v1/lemniscate", tag = "lemniscaat", params(LemniscateParams),
    responses((status = 200, body = LemniscateCounts), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn counts(
    State(state): State<AppState>,
    actor: MaybeActor,
    q: Result<Query<LemniscateParams>, QueryRejection>,
) -> ApiResult<Json<LemniscateCounts>> {
    let filter = query(q)?.filter()?;
    Ok(Json(state.core.lemniscate_counts(actor.get(), &filter).await?))
}

/// The questions behind a number of a lemniscate view: those standing in `movement`, those that
/// crossed in the period (`crossed=true`), or every question in scope; by werkplaats, then id.
/// The same filters and the same visibility as the counts.
#[utoipa::path(get, path = "/api/v1/lemniscate/questions", tag = "lemniscaat", params(LemniscateListParams),
    responses((status = 200, body = LemniscateQuestions), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn questions(
    State(state): State<AppState>,
    actor: MaybeActor,
    q: Result<Query<LemniscateListParams>, QueryRejection>,
) -> ApiResult<Json<LemniscateQuestions>> {
    let (filter, list) = query(q)?.parse()?;
    Ok(Json(LemniscateQuestions { items: state.core.lemniscate_questions(actor.get(), &filter, list).await? }))
}

/// The national agenda: the questions of every werkplaats that now stand in verspreiden or
/// opschalen and that the caller may read, longest waiting first.
#[utoipa::path(get, path = "/api/v1/national-agenda", tag = "lemniscaat",
    responses((status = 200, body = LemniscateQuestions)))]
pub async fn national_agenda(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<LemniscateQuestions>> {
    Ok(Json(LemniscateQuestions { items: state.core.national_agenda(actor.get()).await? }))
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/questions/{id}/moves", post(record_move))
        .route("/werkplaatsen/{slug}/questions/{id}/path", get(question_path))
        .route("/lemniscate", get(counts))
        .route("/lemniscate/questions", get(questions))
        .route("/national-agenda", get(national_agenda))
}
