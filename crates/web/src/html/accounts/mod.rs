//! Accounts (issue 13): your own account (password, email address, sessions, API tokens,
//! two-step verification), the forgotten password, invitations and self-registration, and the
//! members of a werkplaats with their roles. Signing in and out is in `session`.
use crate::routes::{Routes, get, post};

mod account;
mod email;
mod group_invite;
mod invitation;
mod members;
mod password;
mod password_reset;
mod register;
mod sessions;
mod shared;
mod tokens;
mod two_factor;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/leden", get(members::show))
        .route("/werkplaatsen/{slug}/leden/{account_id}/rollen", post(members::set_roles))
        .route("/werkplaatsen/{slug}/uitnodigingen", post(members::invite))
        .route("/werkplaatsen/{slug}/uitnodigingen/{id}/opnieuw", post(members::resend))
        .route("/werkplaatsen/{slug}/uitnodigingen/{id}/intrekken", get(members::revoke_form).post(members::revoke))
        .route("/werkplaatsen/{slug}/themagroepen/{id}/uitnodigen", get(group_invite::show))
        .route("/werkplaatsen/{slug}/zelfregistratie", post(members::self_registration))
        .route("/uitnodiging/{token}", get(invitation::show).post(invitation::create_account))
        .route("/uitnodiging/{token}/aannemen", post(invitation::accept))
        .route("/werkplaatsen/{slug}/registreren", get(register::form).post(register::submit))
        .route("/account/bevestigen/{token}", get(register::verify_page).post(register::verify))
        .route("/account", get(account::overview))
        .route("/account/wachtwoord", get(password::form).post(password::submit))
        .route("/wachtwoord-vergeten", get(password_reset::forgot_form).post(password_reset::forgot))
        .route("/wachtwoord-herstellen/{token}", get(password_reset::reset_form).post(password_reset::reset))
        .route("/account/email", get(email::form).post(email::submit))
        .route("/account/email/bevestigen/{token}", get(email::confirm_form).post(email::confirm))
        .route("/account/sessies", get(sessions::list))
        .route("/account/sessies/andere-uitloggen", post(sessions::end_others))
        .route("/account/sessies/{id}/uitloggen", post(sessions::end_one))
        .route("/account/tokens", get(tokens::list).post(tokens::create))
        .route("/account/tokens/{id}/intrekken", get(tokens::revoke_form).post(tokens::revoke))
        .route("/account/tweestaps", get(two_factor::overview))
        .route("/account/tweestaps/instellen", post(two_factor::start))
        .route("/account/tweestaps/bevestigen", post(two_factor::confirm))
        .route("/account/tweestaps/uitzetten", post(two_factor::disable))
}
