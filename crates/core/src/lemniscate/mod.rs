//! The knowledge lemniscate (DOMAIN §8): every practice question has a path of moves through the
//! four movements — ontwikkelen and verrijken in the werkplaats, verspreiden and opschalen with
//! the national knowledge partners — with who made each move, when, and what was handed over or
//! came back. The views count where questions stand and how many crossed the middle of the eight.
//!
//! Who may do what:
//! - The roles that write practice questions in a werkplaats (coordinator, lectoren,
//!   docent-onderzoekers, themaleiders, projectondersteuning) move its questions, in any movement.
//! - National partners (an installation-wide role, `national_partners`) move a question once it
//!   was handed to the national side, in the national movements and back (verrijken), never in
//!   ontwikkelen. Handing back notifies the werkplaats's coordinators (mail and home page).
//! - Everyone reads a question's path and the counts of what they may read
//!   (`kernel::actor::may_read_question`): anonymous visitors only public questions.
//!
//! The local status of a question (geëxpliciteerd / onderzocht / toegepast) is the step of its
//! last develop move with such a step: the knowledge base records a develop move whenever it
//! creates a question or changes its status, and a develop move here sets the status.
mod choices;
mod counts;
mod jobs;
mod moves;
mod partners;

pub use choices::{CHOICES_PER_WERKPLAATS, HandoverChoice, HandoverGroup};
pub use counts::{LemniscateCounts, LemniscateFilter, LemniscateList, LemniscateQuestion, MovementCounts};
pub use jobs::HANDED_BACK_JOB;
pub use moves::{HandedBack, ItemRef, MoveInput, MoveView, MoverView, PathView};
pub use partners::NationalPartnerView;

use crate::kernel::actor::Actor;
use crate::{CoreError, Result};
use broedplaats_domain::{Movement, Role};
use broedplaats_store::Tenant;

/// The roles that write practice questions also move them.
fn is_writer(actor: &Actor, tenant: &Tenant) -> bool {
    actor.roles_in(&tenant.slug).any(|r| {
        matches!(
            r,
            Role::ProgrammeCoordinator
                | Role::Lector
                | Role::TeacherResearcher
                | Role::ThemeLead
                | Role::ProjectSupport
        )
    })
}

/// The movements `actor` may record on a question of `tenant` that was (or was not yet) handed
/// to the national side. Empty when the actor may not move it at all.
pub fn movements_for(actor: Option<&Actor>, tenant: &Tenant, handed_national: bool) -> Vec<Movement> {
    match actor {
        Some(a) if is_writer(a, tenant) => Movement::ALL.to_vec(),
        Some(a) if a.is_national_partner() && handed_national => {
            vec![Movement::Disseminate, Movement::ScaleUp, Movement::Enrich]
        }
        _ => Vec::new(),
    }
}

fn require_actor(actor: Option<&Actor>) -> Result<&Actor> {
    actor.ok_or(CoreError::Unauthenticated)
}
