//! Accounts (issue 13): invitations, the members of a werkplaats and their roles, your own
//! password, email address, sessions and API tokens, the forgotten password, self-registration.
use crate::routes::{Routes, delete, get, post, put};

pub(crate) mod invitations;
pub(crate) mod members;

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
}
