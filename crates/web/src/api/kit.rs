//! What several API modules share: list pages and reading optional query parameters.
use crate::error::ApiError;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of a list; pass `next_cursor` as `cursor` for the next page (null on the last page).
#[derive(Serialize, ToSchema)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// An optional query parameter as given: trimmed, and `None` when empty.
pub(crate) fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Query strings are all optional text, so only a malformed one fails; say so in our format.
pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", format!("Ongeldige queryparameters: {}", e.body_text()))
    })
}
