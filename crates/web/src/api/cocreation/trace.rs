//! Where every theme came from and where every pitch ended up, and the process report.
use super::ApiResult;
use crate::AppState;
use crate::error::ErrorBody;
use crate::extract::{ApiPath, MaybeActor};
use axum::Json;
use axum::extract::State;
use broedplaats_core::cocreation::{ReportView, TraceView};

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
    responses((status = 200, body = ReportView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ReportView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.process_report(actor.get(), &tenant, id).await?))
}
