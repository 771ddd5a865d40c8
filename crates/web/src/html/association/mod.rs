//! Pages of the association (DOMAIN §10, issue 16): `/vereniging` — all werkplaatsen side by
//! side, the matrix werkplaats × kwestie, who works on what, the collective priorities (added,
//! changed and deleted there by coordinators and lectoren) and joint projects; the list behind
//! one count of the matrix (`/werkplaatsen/{slug}/kwesties/{id}`); and a werkplaats's comparison
//! of its agenda with the others' (`/werkplaatsen/{slug}/vergelijken`), where its coordinators
//! link their projects and questions to priorities and set the partner werkplaatsen of projects.
//!
//! Authorisation stays in the use cases (`core::association`); forms post back and redirect with
//! a `?melding=` confirmation, and a refused form is shown again (422) with its errors.
mod cell;
mod compare;
mod overview;
mod priorities;

use crate::error::field_message;
use crate::extract::Page;
use crate::html::kit::FormErrors;
use crate::routes::{Routes, get, post};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/vereniging", get(overview::page))
        .route("/vereniging/prioriteiten", post(overview::create_priority))
        .route("/vereniging/prioriteiten/{id}", post(priorities::update))
        .route("/vereniging/prioriteiten/{id}/bewerken", get(priorities::edit))
        .route("/vereniging/prioriteiten/{id}/verwijderen", get(priorities::confirm_delete).post(priorities::delete))
        .route("/werkplaatsen/{slug}/kwesties/{id}", get(cell::page))
        .route("/werkplaatsen/{slug}/vergelijken", get(compare::page))
        .route("/werkplaatsen/{slug}/vergelijken/prioriteiten/{id}", post(compare::set_items))
        .route("/werkplaatsen/{slug}/vergelijken/partnerwerkplaatsen", post(compare::set_partners))
}

/// `?melding=…` after a save: a one-line confirmation, only from this list.
#[derive(Deserialize, Default)]
pub(crate) struct Flash {
    melding: Option<String>,
}

const FLASHES: &[&str] = &["priority_added", "priority_saved", "priority_deleted", "items_saved", "partners_saved"];

impl Flash {
    fn message(&self, page: &Page) -> Option<&'static str> {
        let key = self.melding.as_deref().filter(|k| FLASHES.contains(k))?;
        Some(page.t(&format!("assoc.flash.{key}")))
    }
}

/// `{href}?melding={key}`, the redirect after a save (with `#anchor` when given).
fn flash_to(href: &str, key: &str, anchor: &str) -> String {
    if anchor.is_empty() { format!("{href}?melding={key}") } else { format!("{href}?melding={key}#{anchor}") }
}

/// Field names in the summary (`assoc.field.…`).
const NAMED: &[&str] = &["title", "description", "werkplaats", "projects", "questions", "werkplaatsen", "project_id"];

/// Field errors in words for one form. `form` prefixes element ids (`{form}-{field}`); fields in
/// `groups` are checkboxes (the summary links to the first, `…-0`).
fn shown_errors(page: &Page, errors: &FieldErrors, form: &str, groups: &[&str]) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let field = if NAMED.contains(&e.field.as_str()) { e.field.as_str() } else { "form" };
        let id = format!("{form}-{field}");
        let anchor = if groups.contains(&field) { format!("{id}-0") } else { id.clone() };
        let message = match &e.kind {
            FieldErrorKind::Invalid if groups.contains(&field) || field == "project_id" => {
                page.t("assoc.error.choose").to_owned()
            }
            kind => field_message(&page.tr, kind),
        };
        out.push(&id, anchor, page.t(&format!("assoc.field.{field}")).to_owned(), message);
    }
    out
}

/// A refused use case: its field errors, or the error page for anything else.
fn refused(e: broedplaats_core::CoreError) -> Result<FieldErrors, crate::error::HtmlError> {
    match e {
        broedplaats_core::CoreError::Invalid(errors) => Ok(errors),
        e => Err(e.into()),
    }
}
