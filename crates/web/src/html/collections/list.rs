//! `/collecties`: the collections the visitor may read, newest first, a page at a time, optionally
//! of one werkplaats; with a button to build one for those who may.
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{PageResult, encode_query, render};
use askama::Template;
use axum::extract::{Query, State, rejection::QueryRejection};
use broedplaats_core::collections::{CollectionLine, CollectionQuery};

#[derive(serde::Deserialize, Default)]
pub(super) struct Filters {
    werkplaats: Option<String>,
    na: Option<String>,
    verwijderd: Option<String>,
}

#[derive(Template)]
#[template(path = "collections/list.html")]
struct ListTemplate {
    page: Page,
    title: &'static str,
    items: Vec<CollectionLine>,
    werkplaats: String,
    next: Option<String>,
    may_build: bool,
    deleted: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    q: Result<Query<Filters>, QueryRejection>,
) -> PageResult {
    let f = q.map(|q| q.0).unwrap_or_default();
    let werkplaats = f.werkplaats.clone().unwrap_or_default();
    let query = CollectionQuery { werkplaats: f.werkplaats.clone(), cursor: f.na.clone(), limit: None };
    let found = match state.core.collections(page.actor.as_ref(), &query).await {
        Ok(p) => p,
        // A cursor that is not ours starts at the beginning.
        Err(broedplaats_core::CoreError::Invalid(_)) => {
            state.core.collections(page.actor.as_ref(), &CollectionQuery { cursor: None, ..query }).await?
        }
        Err(e) => return Err(e.into()),
    };
    let next = found.next_cursor.map(|c| {
        let mut href = format!("/collecties?na={}", encode_query(&c));
        if !werkplaats.is_empty() {
            href.push_str(&format!("&werkplaats={}", encode_query(&werkplaats)));
        }
        href
    });
    Ok(render(&ListTemplate {
        title: page.t("coll.list.title"),
        may_build: !state.core.collection_werkplaatsen(page.actor.as_ref()).is_empty(),
        items: found.items,
        werkplaats,
        next,
        deleted: f.verwijderd.is_some(),
        page,
    }))
}
