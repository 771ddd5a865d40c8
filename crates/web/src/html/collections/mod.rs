//! Collections (issue 19): `/collecties` lists reading lists across werkplaatsen; a collection's
//! page is its reading list (print-friendly), with `.csv` and `.atom` after the id its CSV and
//! Atom feed; lecturers build and change one in a form that works without JavaScript (add from a
//! list or by id, move up and down, remove, a note per item), and delete it after confirming.
mod edit;
mod list;
mod show;

use crate::extract::Page;
use crate::html::kit::FormErrors;
use crate::routes::{Routes, get};
use broedplaats_domain::FieldErrors;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/collecties", get(list::list))
        .route("/collecties/nieuw", get(edit::new_form).post(edit::create))
        .route("/collecties/{id}", get(show::show))
        .route("/collecties/{id}/bewerken", get(edit::edit_form).post(edit::update))
        .route("/collecties/{id}/verwijderen", get(edit::confirm_delete).post(edit::delete))
}

/// The type of an item in words.
pub(super) fn type_label(page: &Page, code: &str) -> &'static str {
    page.t(&format!("coll.type.{code}"))
}

/// Field errors in words, each linked from the summary to its field; an item's error names the
/// item by its place, type and id.
pub(super) fn shown_errors(page: &Page, errors: &FieldErrors, items: &[(String, String)]) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let message = crate::error::field_message(&page.tr, &e.kind);
        if let Some(rest) = e.field.strip_prefix("items[") {
            let i: usize = rest.split(']').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let (kind, id) = items.get(i).cloned().unwrap_or_default();
            let name = format!("{} {} ({} {id})", page.t("coll.field.item"), i + 1, type_label(page, &kind));
            out.push(&format!("item-{i}"), format!("note-{i}"), name, message);
        } else {
            let name = page.t(&format!("coll.field.{}", e.field)).to_owned();
            out.push(&e.field, e.field.clone(), name, message);
        }
    }
    out
}
