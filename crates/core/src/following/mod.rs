//! Following and email digests (issue 17): a signed-in person follows a werkplaats, a theme, a
//! kwestie or a project, and gets a daily or weekly email of what is new there — published
//! knowledge products, planned activities, questions on the move through the lemniscate — as far
//! as they may read it. One frequency per account (`daily`, `weekly`, or `off`), not per follow:
//! one mail, one choice.
//!
//! Every digest carries a one-click unsubscribe (RFC 8058): an HMAC of the account id under an
//! installation secret, of which only the SHA-256 is stored; the link turns the digest `off`.
//!
//! Interface: the inputs and views below, `DIGEST_JOB`, `DIGESTS`, and the `Core` methods of
//! `manage` and `digest`.
mod digest;
mod manage;

pub use digest::{DIGEST, DIGEST_HOUR, DIGEST_JOB, DIGESTS, period};
pub use manage::FollowTarget;

use serde::{Deserialize, Serialize};

/// How often the digest comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    /// No digest (after a one-click unsubscribe, or chosen); the follows stay.
    Off,
}

impl Frequency {
    pub const CODES: [&'static str; 3] = ["daily", "weekly", "off"];

    pub fn code(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Off => "off",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "daily" => Some(Frequency::Daily),
            "weekly" => Some(Frequency::Weekly),
            "off" => Some(Frequency::Off),
            _ => None,
        }
    }
}

/// What to follow: `kind` is `werkplaats`, `theme`, `kwestie` or `project`; `werkplaats` (slug)
/// for all but a kwestie; `id` for all but a werkplaats.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct FollowInput {
    pub kind: String,
    pub werkplaats: Option<String>,
    pub id: Option<i64>,
}

/// One thing a person follows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowView {
    pub id: i64,
    pub kind: String,
    pub werkplaats: Option<String>,
    pub target_id: i64,
    pub name: String,
    /// The page of what is followed (a path on this installation).
    pub url: String,
    pub created_at: String,
}

/// What a person follows and how often their digest comes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowsView {
    pub frequency: Frequency,
    pub items: Vec<FollowView>,
}
