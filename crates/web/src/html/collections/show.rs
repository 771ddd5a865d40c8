//! A collection's reading list: title, description, the items the reader may see in order with
//! their type, linked title, summary and note for students (printable: the site's print
//! stylesheet drops navigation and forms). `/collecties/{id}.csv` is the list as CSV,
//! `/collecties/{id}.atom` its Atom feed (public collections only).
use super::type_label;
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use broedplaats_core::collections::CollectionView;

#[derive(Template)]
#[template(path = "collections/show.html")]
struct ShowTemplate {
    page: Page,
    title: String,
    c: CollectionView,
    types: Vec<&'static str>,
    saved: bool,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct Flash {
    opgeslagen: Option<String>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    HtmlPath(raw): HtmlPath<String>,
    q: Result<axum::extract::Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let not_found = || crate::HtmlError(ErrorPage::NotFound);
    if let Some(id) = raw.strip_suffix(".atom") {
        let id = id.parse::<i64>().map_err(|_| not_found())?;
        let feed = state.core.collection_feed(id).await?;
        return Ok(crate::html::kit::feed::feed_response(feed, &headers));
    }
    if let Some(id) = raw.strip_suffix(".csv") {
        let id = id.parse::<i64>().map_err(|_| not_found())?;
        let (_, csv) = state.core.collection_csv(page.actor.as_ref(), id).await?;
        let disposition = format!("attachment; filename=\"leeslijst-{id}.csv\"");
        // A list for a programme is not for shared caches.
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            csv,
        )
            .into_response());
    }
    let id = raw.parse::<i64>().map_err(|_| not_found())?;
    let c = state.core.collection(page.actor.as_ref(), id).await?;
    let saved = q.map(|q| q.0.opgeslagen.is_some()).unwrap_or(false);
    Ok(render(&ShowTemplate {
        title: c.title.clone(),
        types: c.items.iter().map(|i| type_label(&page, &i.item_type)).collect(),
        c,
        saved,
        page,
    }))
}
