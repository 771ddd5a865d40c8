//! Open dissemination for readers without an account: the Atom feeds of newly published public
//! knowledge products (the installation's and a werkplaats's; a kwestie's feed is answered by the
//! kwestie's page route, `/kwesties/{id}.atom`, since a route segment cannot end in a parameter
//! and a suffix), `sitemap.xml` and `robots.txt`.
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::HtmlPath;
use crate::html::kit::PageResult;
use crate::html::kit::feed::feed_response;
use crate::routes::{Routes, get};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use broedplaats_core::dissemination::FeedOf;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/kennis.atom", get(installation_feed))
        .route("/werkplaatsen/{slug}/kennis.atom", get(werkplaats_feed))
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
}

async fn installation_feed(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    Ok(feed_response(state.core.knowledge_feed(FeedOf::All).await?, &headers))
}

async fn werkplaats_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    Ok(feed_response(state.core.knowledge_feed(FeedOf::Werkplaats(slug)).await?, &headers))
}

#[derive(serde::Deserialize)]
struct SitemapParams {
    pagina: Option<String>,
}

async fn sitemap(State(state): State<AppState>, params: Result<Query<SitemapParams>, QueryRejection>) -> PageResult {
    let not_found = || crate::HtmlError(ErrorPage::NotFound);
    let page = match params.map_err(|_| not_found())?.0.pagina {
        None => None,
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| not_found())?),
    };
    let xml = state.core.sitemap(page).await?;
    Ok(xml_response("application/xml; charset=utf-8", xml))
}

async fn robots(State(state): State<AppState>) -> Response {
    xml_response("text/plain; charset=utf-8", state.core.robots_txt())
}

fn xml_response(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}
