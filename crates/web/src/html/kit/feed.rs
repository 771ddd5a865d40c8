//! Answering with a feed: `application/atom+xml`, an `ETag` and `Last-Modified`, and `304 Not
//! Modified` when the reader already has this version. Shared by the installation's, a
//! werkplaats's and a kwestie's feed (the last is served by the kwestie's page route).
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use broedplaats_core::dissemination::Feed;

pub(crate) const ATOM: &str = "application/atom+xml; charset=utf-8";

pub(crate) fn feed_response(feed: Feed, request: &HeaderMap) -> Response {
    let modified = chrono::DateTime::parse_from_rfc3339(&feed.updated)
        .map(|t| t.with_timezone(&chrono::Utc).format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .ok();
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == feed.etag || tag.trim() == "*"));
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&feed.etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(v) = modified.and_then(|m| HeaderValue::from_str(&m).ok()) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ATOM));
    (StatusCode::OK, headers, feed.xml).into_response()
}
