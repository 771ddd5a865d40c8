//! Pages of activities (DOMAIN §6): the agenda of a werkplaats, an activity with its registration
//! form and report, the cancel link from the confirmation email, and for organisers the activity
//! form, cancelling, registrations with attendance, and the report form.
//!
//! Times are shown and entered in Europe/Amsterdam. Authorisation stays in the use cases
//! (`core::activities`); handlers only check early where a form would otherwise be shown to
//! someone who cannot send it.
mod agenda;
mod cancel;
mod common;
mod form;
mod registrations;
mod report;
mod show;
mod unregister;

use crate::routes::{Routes, get, post};

pub(crate) fn routes() -> Routes {
    let base = "/werkplaatsen/{slug}/activiteiten";
    Routes::new()
        .route(base, get(agenda::agenda).post(form::create))
        .route(&format!("{base}/nieuw"), get(form::new_form))
        .route(&format!("{base}/agenda-link"), get(agenda::calendar_link_get).post(agenda::calendar_link))
        .route(&format!("{base}/{{id}}"), get(show::show).post(form::update))
        .route(&format!("{base}/{{id}}/bewerken"), get(form::edit_form))
        .route(&format!("{base}/{{id}}/aanmelden"), get(show::show_again).post(show::register))
        .route(&format!("{base}/{{id}}/annuleren"), get(cancel::cancel_form).post(cancel::cancel))
        .route(
            &format!("{base}/{{id}}/afmelden/{{token}}"),
            get(unregister::unregister_page).post(unregister::unregister),
        )
        .route(&format!("{base}/{{id}}/aanmeldingen"), get(registrations::registrations))
        .route(
            &format!("{base}/{{id}}/aanwezigheid"),
            get(registrations::show_registrations).post(registrations::attendance),
        )
        .route(&format!("{base}/{{id}}/verslag"), get(report::report_form).post(report::save_report))
        .route(
            &format!("{base}/{{id}}/bijlagen"),
            post(report::upload_file).body_limit(crate::files::FILE_UPLOAD_LIMIT),
        )
        .route(&format!("{base}/{{id}}/bijlagen/{{file_id}}"), get(report::download_file))
        .route(&format!("{base}/{{id}}/bijlagen/{{file_id}}/verwijderen"), post(report::delete_file))
}
