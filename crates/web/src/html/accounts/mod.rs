//! Accounts (issue 13): your own account (password, email address, sessions, API tokens,
//! two-step verification), the forgotten password, invitations and self-registration, and the
//! members of a werkplaats with their roles. Signing in and out is in `session`.
use crate::routes::Routes;

pub(crate) fn routes() -> Routes {
    Routes::new()
}
