//! Accounts (issue 13): invitations, the members of a werkplaats and their roles, your own
//! password, email address, sessions and API tokens, the forgotten password, self-registration.
use crate::routes::{Routes, delete, get, post, put};

pub(crate) mod invitations;
pub(super) mod me;
pub(crate) mod members;
pub(super) mod password_reset;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/werkplaatsen/{slug}/invitations",
            get(invitations::list_invitations).post(invitations::create_invitation),
        )
        .route("/werkplaatsen/{slug}/invitations/{id}", delete(invitations::revoke_invitation))
        .route("/werkplaatsen/{slug}/invitations/{id}/resend", post(invitations::resend_invitation))
        .route("/invitations/accept", post(invitations::accept_invitation))
        .route("/werkplaatsen/{slug}/members", get(members::list_members))
        .route("/werkplaatsen/{slug}/members/{account_id}/roles", put(members::set_roles))
        .route("/werkplaatsen/{slug}/self-registration", put(members::set_self_registration))
        .route("/werkplaatsen/{slug}/accounts", post(members::register))
        .route("/password-reset", post(password_reset::request_reset))
        .route("/password-reset/confirm", post(password_reset::confirm_reset))
        .route("/me/password", put(me::change_password))
        .route("/me/email", post(me::change_email))
        .route("/me/email/confirm", post(me::confirm_email))
        .route("/me/sessions", get(me::list_sessions).delete(me::end_sessions))
        .route("/me/sessions/{id}", delete(me::end_session))
        .route("/me/tokens", get(me::list_tokens).post(me::create_token))
        .route("/me/tokens/{id}", delete(me::revoke_token))
        .route("/me/two-factor", post(me::start_two_factor).delete(me::disable_two_factor))
        .route("/me/two-factor/confirm", post(me::confirm_two_factor))
}
