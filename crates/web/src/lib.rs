//! HTTP for Broedplaats. The only crate that knows HTTP: HTML pages (`html`), the JSON API with
//! its OpenAPI document (`api`), errors, extractors and middleware. Handlers are short: extract →
//! call a use case in `broedplaats_core` → render.

pub mod api;
mod assets;
pub mod client;
mod error;
mod extract;
mod files;
pub mod html;
pub mod i18n;
mod middleware;
mod multipart_csrf;
mod ops;
mod routes;
mod search_params;

pub use error::{ApiError, HtmlError, field_message};

use axum::Router;
use broedplaats_core::Core;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (forms and JSON). Upload routes set their own, larger limit
/// (`html::organisation::import::UPLOAD_LIMIT`, `files::FILE_UPLOAD_LIMIT`).
pub const BODY_LIMIT: usize = 256 * 1024;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS, as in production).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see [`client`]); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Clients that may read `/metrics` without a token; loopback by default.
    pub metrics_allow: Vec<ipnet::IpNet>,
    /// A bearer token that opens `/metrics` from anywhere.
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            metrics_allow: client::parse_networks(DEFAULT_METRICS_ALLOW).expect("the default is valid"),
            metrics_token: None,
        }
    }
}

/// Who may read `/metrics` unless a setting says otherwise: this machine.
pub const DEFAULT_METRICS_ALLOW: &str = "127.0.0.0/8, ::1";

#[derive(Clone)]
pub struct AppState {
    pub core: Core,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(core: Core, config: WebConfig) -> Self {
        Self { core, config: Arc::new(config) }
    }
}

/// The whole application as a `Router`; tests drive it in-process, `serve` puts it on a socket.
pub fn app(state: AppState) -> Router {
    ops::install_metrics();
    let (router, _) = routes().into_parts();
    router
        .layer(axum::middleware::from_fn(middleware::failed_forms))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::csrf))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::error_pages))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        // Enforced by every body extractor (and the CSRF check), so an oversized body gets our
        // error format rather than a bare 413.
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(ops::track_metrics))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// Every route of the application, and the fallback for paths that match none.
fn routes() -> routes::Routes {
    routes::Routes::new()
        .merge(html::routes())
        .nest("/api/v1", api::routes())
        .merge(api::oai::routes())
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(html::not_found)
}

/// The (method, path pattern) of every route `app` serves, in registration order, e.g.
/// `(GET, "/werkplaatsen/{slug}/kennis/{id}")`. Recorded where the routes are registered
/// (`routes.rs`), so it cannot drift from the router; the authorisation matrix test reads it.
pub fn route_table() -> Vec<(axum::http::Method, String)> {
    routes().into_parts().1
}

/// Serves `app` on `listener` until `shutdown` completes, then drains open requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
