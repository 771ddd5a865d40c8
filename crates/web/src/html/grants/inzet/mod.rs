//! The contributions of partners (inzet) and the outcomes (resultaten) of a werkplaats: lists,
//! forms, delete with confirmation, and the CSV import of contributions. Financial figures are
//! for coordinators and lectoren only (core's `require_manager`): members get 403, anonymous
//! visitors the login page.
mod contribution_form;
mod contributions;
mod import;
mod outcome_form;
mod outcomes;

use crate::error::HtmlError;
use crate::extract::Page;
use crate::html::kit::{FormErrors, Opt, require};
use crate::routes::{Routes, get};
use broedplaats_core::kernel::actor::{Access, access};
use broedplaats_domain::FieldErrors;
use broedplaats_store::Tenant;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/inzet", get(contributions::list))
        .route("/werkplaatsen/{slug}/inzet/nieuw", get(contribution_form::new).post(contribution_form::create))
        .route(
            "/werkplaatsen/{slug}/inzet/importeren",
            get(import::page).post(import::upload).body_limit(import::UPLOAD_LIMIT),
        )
        .route("/werkplaatsen/{slug}/inzet/{id}/bewerken", get(contribution_form::edit).post(contribution_form::update))
        .route(
            "/werkplaatsen/{slug}/inzet/{id}/verwijderen",
            get(contribution_form::confirm).post(contribution_form::delete),
        )
        .route("/werkplaatsen/{slug}/resultaten", get(outcomes::list))
        .route("/werkplaatsen/{slug}/resultaten/nieuw", get(outcome_form::new).post(outcome_form::create))
        .route("/werkplaatsen/{slug}/resultaten/{id}/bewerken", get(outcome_form::edit).post(outcome_form::update))
        .route(
            "/werkplaatsen/{slug}/resultaten/{id}/verwijderen",
            get(outcome_form::confirm).post(outcome_form::delete),
        )
}

/// Coordinators and lectoren only: anonymous visitors log in, others get 403.
pub(super) fn require_manager(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    require(page, access(page.actor.as_ref(), tenant) == Access::Manager)
}

/// Euros as the Dutch write them: "€ 1.234,56".
pub(super) fn euro(amount: f64) -> String {
    broedplaats_report::svg::format_value((amount * 100.0).round() as i64, true)
}

/// A number as typed in the Dutch way ("12,5" or "12.5"); empty is `None`, nonsense `Err`.
pub(super) fn number(raw: &str) -> Result<Option<f64>, ()> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.replace(',', ".").parse::<f64>().map(Some).map_err(|_| ())
}

/// An id from a select; empty is `None`, anything else that is not a number is -1 (refused by core).
pub(super) fn id_of(raw: &str) -> Option<i64> {
    let s = raw.trim();
    (!s.is_empty()).then(|| s.parse().unwrap_or(-1))
}

/// Options of a select from (id, label), the chosen one selected.
pub(super) fn options(items: impl IntoIterator<Item = (i64, String)>, chosen: Option<i64>) -> Vec<Opt> {
    items.into_iter().map(|(id, label)| Opt { value: id.to_string(), label, selected: chosen == Some(id) }).collect()
}

/// Options of a select from codes, labelled by `{prefix}.{code}`.
pub(super) fn code_options(page: &Page, codes: &[&str], prefix: &str, chosen: &str) -> Vec<Opt> {
    codes
        .iter()
        .map(|c| Opt { value: (*c).into(), label: page.t(&format!("{prefix}.{c}")).into(), selected: chosen == *c })
        .collect()
}

/// Field errors in words, each linked from the summary to its field (`anchor` gives the control's
/// id for a field); names from `{prefix}.{field}` (up to the first `[` or `.`).
pub(super) fn shown_errors(
    page: &Page,
    errors: &FieldErrors,
    prefix: &str,
    anchor: impl Fn(&str) -> String,
    into: &mut FormErrors,
) {
    for e in &errors.0 {
        let id = anchor(&e.field);
        let base = e.field.split(['[', '.']).next().unwrap_or(&e.field);
        let base = if base.starts_with("figure_") { "figure" } else { base };
        let name = page.t(&format!("{prefix}.{base}")).to_owned();
        into.push(&id, id.clone(), name, crate::error::field_message(&page.tr, &e.kind));
    }
}
