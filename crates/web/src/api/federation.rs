//! The harvester's API (issue 17, tag `federatie`): OAI-PMH sources this installation harvests.
//! For programme coordinators (of any werkplaats): a source belongs to the installation and is
//! registered for the coordinator's werkplaats. Who may do what is decided in
//! `broedplaats_core::federation`.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use crate::routes::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::federation::{SourceInput, SourceView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

/// A source to harvest.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHarvestSource {
    /// The OAI-PMH base URL (http or https; not on a private address unless the installation allows it).
    pub url: String,
    /// Harvest only this OAI-PMH set.
    pub set: Option<String>,
    /// Shown with every record ("van …"); the host name of the URL when omitted.
    pub name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HarvestSourceCreated {
    pub id: i64,
}

/// The last run of a source.
#[derive(Serialize, ToSchema)]
pub struct HarvestRun {
    pub started_at: String,
    pub finished_at: String,
    pub added: i64,
    pub updated: i64,
    pub deleted: i64,
    /// Dutch; null when the run completed.
    pub error: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HarvestSource {
    pub id: i64,
    pub url: String,
    /// The OAI-PMH set; null for the whole repository.
    pub set: Option<String>,
    pub name: String,
    /// The werkplaats the source is registered for (its slug).
    pub werkplaats: String,
    pub enabled: bool,
    pub created_at: String,
    /// How many records of the source this installation holds.
    pub records: i64,
    /// The `from` of the next run: the responseDate of the last complete run.
    pub last_success_datestamp: Option<String>,
    pub last_run_at: Option<String>,
    /// An interrupted run goes on here.
    pub resuming: bool,
    /// Dutch; null after a run without errors.
    pub last_error: Option<String>,
    pub last_run: Option<HarvestRun>,
}

impl From<SourceView> for HarvestSource {
    fn from(v: SourceView) -> Self {
        let s = v.source;
        Self {
            id: s.id,
            url: s.url,
            set: Some(s.set_spec).filter(|s| !s.is_empty()),
            name: s.name,
            werkplaats: s.werkplaats,
            enabled: s.enabled != 0,
            created_at: s.created_at,
            records: s.records,
            last_success_datestamp: s.last_success_datestamp,
            last_run_at: s.last_run_at,
            resuming: s.resume_token.is_some(),
            last_error: s.last_error,
            last_run: v.last_run.map(|r| HarvestRun {
                started_at: r.started_at,
                finished_at: r.finished_at,
                added: r.added,
                updated: r.updated,
                deleted: r.deleted,
                error: r.error,
            }),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HarvestSources {
    pub items: Vec<HarvestSource>,
}

/// Registers an OAI-PMH source for the caller's werkplaats (the first where they are programme
/// coordinator). The address is checked now (form, DNS, no private address) and again at every
/// run. The same URL and set twice is a 422 on `url`.
#[utoipa::path(post, path = "/api/v1/harvest-sources", tag = "federatie", request_body = NewHarvestSource,
    security(("bearer" = [])),
    responses((status = 201, body = HarvestSourceCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_source(
    State(state): State<AppState>,
    actor: MaybeActor,
    body: Result<ApiJson<NewHarvestSource>, ApiError>,
) -> ApiResult<(StatusCode, Json<HarvestSourceCreated>)> {
    // Who asks matters before what they send.
    state.core.harvest_sources(actor.get()).await?;
    let ApiJson(body) = body?;
    let input = SourceInput { url: body.url, set: body.set, name: body.name, werkplaats: None };
    let id = state.core.add_harvest_source(actor.get(), input).await?;
    Ok((StatusCode::CREATED, Json(HarvestSourceCreated { id })))
}

/// The sources with their last run, record count and last error (Dutch). Programme coordinators only.
#[utoipa::path(get, path = "/api/v1/harvest-sources", tag = "federatie", security(("bearer" = [])),
    responses((status = 200, body = HarvestSources), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_sources(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<HarvestSources>> {
    let items = state.core.harvest_sources(actor.get()).await?.into_iter().map(HarvestSource::from).collect();
    Ok(Json(HarvestSources { items }))
}

/// Queues a run of the source; the job worker runs it shortly (and retries a failing source
/// with back-off). `202` without a body.
#[utoipa::path(post, path = "/api/v1/harvest-sources/{id}/run", tag = "federatie", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 202), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn run_source(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    if actor.get().is_none() {
        return Err(CoreError::Unauthenticated.into());
    }
    state.core.queue_harvest(actor.get(), id).await?;
    Ok(StatusCode::ACCEPTED)
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/harvest-sources", get(list_sources).post(create_source))
        .route("/harvest-sources/{id}/run", post(run_source))
}
