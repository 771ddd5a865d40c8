//! Static assets, compiled into the binary and served by us (no CDN).

use crate::routes::{Routes, get};
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: &[(&str, &str, &[u8])] = &[
    ("broedplaats.css", "text/css; charset=utf-8", include_bytes!("../static/broedplaats.css")),
    ("htmx.min.js", "text/javascript; charset=utf-8", include_bytes!("../static/htmx.min.js")),
    ("broedplaats.js", "text/javascript; charset=utf-8", include_bytes!("../static/broedplaats.js")),
    ("cocreation.js", "text/javascript; charset=utf-8", include_bytes!("../static/cocreation.js")),
    ("lemniscate.css", "text/css; charset=utf-8", include_bytes!("../static/lemniscate.css")),
    ("lemniscate.js", "text/javascript; charset=utf-8", include_bytes!("../static/lemniscate.js")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../static/favicon.svg")),
];

pub(crate) fn routes() -> Routes {
    Routes::new().route("/static/{file}", get(asset))
}

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
