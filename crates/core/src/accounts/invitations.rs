//! Invitations to a werkplaats (issue 13). PLACEHOLDER of the interface the OpenID Connect
//! sign-in calls; the invitations work replaces this file.
use crate::{Core, CoreError, Result};

impl Core {
    /// The id of the invitation behind a link's secret, if it can still be accepted
    /// (not expired, accepted or revoked); otherwise `NotFound`.
    pub async fn invitation_id_for_token(&self, _token: &str) -> Result<i64> {
        Err(CoreError::NotFound)
    }

    /// Accepts an invitation for an existing account (after it signed in through a provider):
    /// grants the invited role, links the person record and theme group, marks it accepted.
    pub async fn accept_invitation_as(&self, _invitation_id: i64, _account_id: i64) -> Result<()> {
        Err(CoreError::NotFound)
    }
}
