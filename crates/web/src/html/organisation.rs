//! Pages of the werkplaats organisation: governance, organisations, people, letters of intent.
use crate::AppState;
use axum::Router;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
