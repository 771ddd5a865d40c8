//! Accounts (issue 13): your own account (password, email address, sessions, API tokens,
//! two-step verification), the forgotten password, invitations and self-registration, and the
//! members of a werkplaats with their roles. Signing in and out is in `session`.
use crate::routes::{Routes, get, post};

mod invitation;
mod members;
mod register;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/leden", get(members::show))
        .route("/werkplaatsen/{slug}/leden/{account_id}/rollen", post(members::set_roles))
        .route("/werkplaatsen/{slug}/uitnodigingen", post(members::invite))
        .route("/werkplaatsen/{slug}/uitnodigingen/{id}/opnieuw", post(members::resend))
        .route("/werkplaatsen/{slug}/uitnodigingen/{id}/intrekken", get(members::revoke_form).post(members::revoke))
        .route("/werkplaatsen/{slug}/zelfregistratie", post(members::self_registration))
        .route("/uitnodiging/{token}", get(invitation::show).post(invitation::create_account))
        .route("/uitnodiging/{token}/aannemen", post(invitation::accept))
        .route("/werkplaatsen/{slug}/registreren", get(register::form).post(register::submit))
        .route("/account/bevestigen/{token}", get(register::verify_page).post(register::verify))
}
