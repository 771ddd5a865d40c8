//! Pages of theme groups, projects, bodies (MT, consortium), the relations map and the audit log.
use crate::AppState;
use axum::Router;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
