//! Changing and deleting a collective priority (coordinators and lectoren of a werkplaats of its
//! association); adding one is on `/vereniging` itself.
use super::overview::PriorityForm;
use super::{flash_to, refused, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, Pairs, redirect, render, require, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::association::PriorityInput;

#[derive(Template)]
#[template(path = "association/priority_edit.html")]
struct EditTemplate {
    page: Page,
    title: String,
    form: PriorityForm,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "association/priority_delete.html")]
struct DeleteTemplate {
    page: Page,
    title: String,
    action: String,
}

/// The priority's title, for someone who may change it: login for visitors, 403 for others.
async fn managed(state: &AppState, page: &Page, id: i64) -> Result<String, crate::error::HtmlError> {
    let p = state.core.priority(id).await?;
    require(page, state.core.may_manage_priority(page.actor.as_ref(), id).await?)?;
    Ok(p.title)
}

fn edit_page(page: Page, id: i64, priority: String, values: (String, String), errors: FormErrors) -> EditTemplate {
    EditTemplate {
        title: page.f1("assoc.priority.edit_title", "title", &priority),
        form: PriorityForm {
            action: format!("/vereniging/prioriteiten/{id}"),
            title: values.0,
            description: values.1,
            werkplaatsen: vec![],
        },
        errors,
        page,
    }
}

pub(crate) async fn edit(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    let title = managed(&state, &page, id).await?;
    let p = state.core.priority(id).await?;
    Ok(render(&edit_page(page, id, title, (p.title, p.description), FormErrors::default())))
}

pub(crate) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let p = Pairs(pairs);
    let input = PriorityInput { title: p.one("title"), description: Some(p.one("description")), werkplaats: None };
    match state.core.update_priority(page.actor.as_ref(), id, &input).await {
        Ok(()) => Ok(redirect(&flash_to("/vereniging", "priority_saved", &format!("prioriteit-{id}")))),
        Err(e) => {
            let errors = shown_errors(&page, &refused(e)?, "priority", &[]);
            let title = state.core.priority(id).await?.title;
            Ok(unprocessable(&edit_page(page, id, title, (p.one("title"), p.one("description")), errors)))
        }
    }
}

pub(crate) async fn confirm_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
) -> PageResult {
    let title = managed(&state, &page, id).await?;
    Ok(render(&DeleteTemplate {
        title: page.f1("assoc.priority.delete_title", "title", &title),
        action: format!("/vereniging/prioriteiten/{id}/verwijderen"),
        page,
    }))
}

pub(crate) async fn delete(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    state.core.delete_priority(page.actor.as_ref(), id).await?;
    Ok(redirect(&flash_to("/vereniging", "priority_deleted", "prioriteiten")))
}
