//! Accounts (issue 13): invitations, the members of a werkplaats and their roles, your own
//! password, email address, sessions and API tokens, the forgotten password, self-registration.
use crate::routes::Routes;

pub(crate) fn routes() -> Routes {
    Routes::new()
}
