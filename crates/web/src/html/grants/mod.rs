//! Grants, matching and the annual report (issue 18) for the werkplaats's coordinators and
//! lectoren: the dashboard with the list of grants (`/subsidies`), the grant form, the grant's
//! page with its budget lines, and the annual report's narratives with its downloads
//! (`/verantwoording`). Financial figures are for managers only: the use cases refuse others
//! (`require_manager`), and the handlers check early so a bad form of a member is still a 403.
mod dashboard;
mod form;
mod inzet;
mod lines;
mod report;
mod show;

use crate::error::HtmlError;
use crate::extract::Page;
use crate::html::kit::FormErrors;
use crate::routes::{Routes, get, post};
use broedplaats_domain::FieldErrors;
use broedplaats_report::svg::format_value;
use broedplaats_store::Tenant;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/subsidies", get(dashboard::dashboard))
        .route("/werkplaatsen/{slug}/subsidies/nieuw", get(form::new_form).post(form::create))
        .route("/werkplaatsen/{slug}/subsidies/{id}", get(show::show))
        .route("/werkplaatsen/{slug}/subsidies/{id}/bewerken", get(form::edit_form).post(form::update))
        .route("/werkplaatsen/{slug}/subsidies/{id}/verwijderen", get(form::delete_form).post(form::delete))
        .route("/werkplaatsen/{slug}/subsidies/{id}/begrotingsposten", post(lines::create))
        .route(
            "/werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}",
            get(lines::edit_form).post(lines::update),
        )
        .route(
            "/werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}/verwijderen",
            get(lines::delete_form).post(lines::delete),
        )
        .route("/werkplaatsen/{slug}/verantwoording", get(report::report).post(report::save))
        .merge(inzet::routes())
}

/// Early check: anonymous visitors log in, everyone but the werkplaats's managers gets 403.
pub(super) fn require_manager(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    broedplaats_core::kernel::actor::require_manager(page.actor.as_ref(), tenant).map(|_| ()).map_err(HtmlError::from)
}

/// Euros as the pages show them: "€ 185.000", "€ 1.234,50".
pub(super) fn euro(euros: f64) -> String {
    format_value(cents(euros), true)
}

pub(super) fn cents(euros: f64) -> i64 {
    (euros * 100.0).round() as i64
}

/// Euros for a form field: "185000" or "185000,50" (what `parse_euros_text` reads back).
pub(super) fn euro_input(euros: f64) -> String {
    let c = cents(euros);
    if c % 100 == 0 { (c / 100).to_string() } else { format!("{},{:02}", c / 100, c % 100) }
}

/// A Dutch amount typed in a form → euros, or the error for `field`.
pub(super) fn parse_euros(e: &mut FieldErrors, field: &str, raw: &str) -> Option<f64> {
    match broedplaats_domain::parse_euros_text(raw) {
        Ok(c) => Some(c as f64 / 100.0),
        Err(kind) => {
            e.push(field, kind);
            None
        }
    }
}

/// The type of a grant in words.
pub(super) fn type_label(page: &Page, code: &str) -> &'static str {
    page.t(&format!("grants.type.{code}"))
}

/// A matching status in words and its CSS class (colour and text together).
pub(super) fn status_parts(page: &Page, status: &str) -> (&'static str, &'static str) {
    let class = match status {
        "ok" => "ok",
        "warning" => "warning",
        "violation" => "violation",
        _ => "not-assessable",
    };
    (class, page.t(&format!("grants.status.{class}")))
}

/// A fraction as a Dutch percentage: 0.5 → "50%".
pub(super) fn percent(fraction: Option<f64>) -> String {
    fraction.map_or_else(|| "—".to_owned(), broedplaats_report::format::percent_nl)
}

/// Field errors in words, each linked to its field; `anchor` maps a use case's field name
/// (`amounts[2].year`) to the form field that shows it.
pub(super) fn shown_errors(page: &Page, errors: &FieldErrors, anchor: impl Fn(&str) -> String) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let field = anchor(&e.field);
        let name = page.t(&format!("grants.field.{}", label_key(&field))).to_owned();
        out.push(&field, field.clone(), name, crate::error::field_message(&page.tr, &e.kind));
    }
    out
}

/// `planned_2024` is labelled as "planned".
fn label_key(field: &str) -> &str {
    match field.split_once('_') {
        Some((head, tail)) if tail.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => field,
    }
}

/// A cell of a data table: its text and, for a status, the badge class that colours it.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) badge: &'static str,
}

impl Cell {
    pub(super) fn text(text: impl Into<String>) -> Self {
        Cell { text: text.into(), badge: "" }
    }
    pub(super) fn euro(euros: f64) -> Self {
        Cell::text(euro(euros))
    }
    pub(super) fn badge(text: &str, badge: &'static str) -> Self {
        Cell { text: text.to_owned(), badge }
    }
}

/// A data table: a caption, column headers, rows headed by their first cell, an optional total.
pub(super) struct DataTable {
    pub(super) caption: String,
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<(String, Vec<Cell>)>,
    pub(super) total: Option<(String, Vec<Cell>)>,
}
