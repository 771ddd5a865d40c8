//! Operations endpoints: liveness, readiness and Prometheus metrics.
use crate::AppState;

use crate::routes::{Routes, get};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use broedplaats_core::kernel::secret::hash_secret;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

static METRICS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide metrics recorder once (tests build many apps in one process).
pub(crate) fn install_metrics() {
    METRICS.get_or_init(|| PrometheusBuilder::new().install_recorder().ok());
}

pub(crate) fn routes() -> Routes {
    Routes::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.core.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Only for the addresses in `metrics_allow` (loopback by default) or with `metrics_token` as a
/// bearer token: request counts per route tell an outsider more than they should.
async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let from_allowed = crate::client::client_ip(&parts, &state.config.trusted_proxies)
        .is_some_and(|ip| crate::client::contains(&state.config.metrics_allow, ip));
    let bearer =
        parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    // Compared as hashes, so the comparison's time says nothing about the token.
    let with_token = match (&state.config.metrics_token, bearer) {
        (Some(token), Some(given)) if !token.is_empty() => hash_secret(token) == hash_secret(given.trim()),
        _ => false,
    };
    if !from_allowed && !with_token {
        return (StatusCode::FORBIDDEN, "metrics: only from an allowed address or with the metrics token\n")
            .into_response();
    }
    match METRICS.get().and_then(Option::as_ref) {
        Some(h) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response(),
        None => (StatusCode::SERVICE_UNAVAILABLE, "metrics recorder unavailable").into_response(),
    }
}

/// Counts requests and their duration per route template (not per raw path: bounded cardinality).
pub(crate) async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "other".into());
    let method = req.method().to_string();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    response
}
