//! `/werkplaatsen/{slug}/kwesties/{id}`: what one werkplaats has on one kwestie — the projects,
//! practice questions and published knowledge products behind a count of the association's
//! matrix, as far as the reader may read them.
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_core::association::CellView;

#[derive(Template)]
#[template(path = "association/cell.html")]
struct CellTemplate {
    page: Page,
    title: String,
    cell: CellView,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let cell = state.core.kwestie_cell(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&CellTemplate { title: format!("{} · {}", cell.kwestie, cell.werkplaats_name), cell, page }))
}
