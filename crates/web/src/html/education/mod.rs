//! Education (issue 19): `/opdrachten` lists assignments across werkplaatsen with filters and a
//! cursor; an assignment's page shows it with the apply form, the reader's own application, and
//! for its managers the applications with accept/decline, and its results (an accepted student
//! submits one, the managers publish or send it back); coordinators offer assignments and see
//! the figures of education involvement; `/werkplaatsen/{slug}/opleidingen` lists the study
//! programmes per hogeschool.
mod figures;
mod list;
mod offer;
mod programmes;
mod results;
mod show;

use crate::extract::Page;
use crate::html::kit::FormErrors;
use crate::routes::{Routes, get, post};
use broedplaats_domain::FieldErrors;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/opdrachten", get(list::list))
        .route("/werkplaatsen/{slug}/opdrachten/nieuw", get(offer::form).post(offer::create))
        .route("/werkplaatsen/{slug}/opdrachten/{id}", get(show::show))
        .route("/werkplaatsen/{slug}/opdrachten/{id}/solliciteren", post(show::apply))
        .route("/werkplaatsen/{slug}/sollicitaties/{id}/besluit", post(show::decide))
        .route("/werkplaatsen/{slug}/opdrachten/{id}/resultaten", post(results::submit))
        .route("/werkplaatsen/{slug}/opdrachten/{id}/resultaten/{product}/beoordeling", post(results::review))
        .route("/werkplaatsen/{slug}/onderwijs/cijfers", get(figures::figures))
        .route("/werkplaatsen/{slug}/opleidingen", get(programmes::list).post(programmes::add))
        .route(
            "/werkplaatsen/{slug}/opleidingen/{id}/verwijderen",
            get(programmes::confirm_delete).post(programmes::delete),
        )
}

/// The kind of an assignment in words.
pub(super) fn kind_label(page: &Page, code: &str) -> &'static str {
    page.t(&format!("edu.kind.{code}"))
}

/// Field errors in words, each linked from the summary to its field.
pub(super) fn shown_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let name = page.t(&format!("edu.field.{}", e.field)).to_owned();
        out.push(&e.field, e.field.clone(), name, crate::error::field_message(&page.tr, &e.kind));
    }
    out
}
