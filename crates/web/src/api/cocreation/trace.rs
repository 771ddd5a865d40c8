//! Where every theme came from and where every pitch ended up, and the process report.
use super::ApiResult;
use crate::AppState;
use crate::error::ErrorBody;
use crate::extract::{ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use broedplaats_core::cocreation::{EventView, ProcessView, ReportView, TraceView};
use serde::Serialize;
use utoipa::ToSchema;

/// The account of a process, for printing and accountability: what happened, who took part by
/// kind of organisation, and the trace. (The same fields as the use case's `ReportView`, under a
/// name of its own: the activities API has a `ReportView` too, and the OpenAPI document names
/// schemas by their type's name.)
#[derive(Serialize, ToSchema)]
pub struct CocreationReport {
    pub process: ProcessView,
    pub events: Vec<EventView>,
    /// Distinct people who pitched, supported, voted, wrote or amended.
    pub participants: usize,
    /// (organisation kind, people); people without a known organisation count as `onbekend`.
    pub by_organisation_kind: Vec<(String, usize)>,
    pub organisations: Vec<String>,
    pub pitches: usize,
    pub clusters: usize,
    pub votes_cast: usize,
    pub amendments: usize,
    pub amendments_accepted: usize,
    pub trace: TraceView,
}

impl From<ReportView> for CocreationReport {
    fn from(r: ReportView) -> Self {
        Self {
            process: r.process,
            events: r.events,
            participants: r.participants,
            by_organisation_kind: r.by_organisation_kind,
            organisations: r.organisations,
            pitches: r.pitches,
            clusters: r.clusters,
            votes_cast: r.votes_cast,
            amendments: r.amendments,
            amendments_accepted: r.amendments_accepted,
            trace: r.trace,
        }
    }
}

/// Every theme of the adopted agenda (or of the concept, before adoption) with the clusters,
/// pitches, authors, organisations, writers and amendments behind it; and every pitch that was
/// not taken up, with the reason (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/trace", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = TraceView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn trace(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<TraceView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.trace(actor.get(), &tenant, id).await?))
}

/// The process report: its events, participation by kind of organisation, counts, and the trace
/// (members).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/cocreation/{id}/report", tag = "cocreatie",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CocreationReport), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<CocreationReport>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.process_report(actor.get(), &tenant, id).await?.into()))
}
