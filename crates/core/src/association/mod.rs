//! The association (DOMAIN §10; issue 16): all werkplaatsen of the installation side by side — a
//! matrix werkplaats × kwestie with the number of projects, practice questions and knowledge
//! products, who works on what (the themes of each current agenda, the coordinators as contact),
//! the collective priorities of the association with the projects and questions that serve each,
//! and joint projects with partner werkplaatsen. A werkplaats compares its agenda with the others'
//! (`comparison`): which kwesties its themes touch, and who else works on them.
//!
//! Who may do what:
//! - Everyone reads the view; every count and list holds only what the reader may read: public
//!   items for everyone; a werkplaats's members also its members-only projects and questions and
//!   its published products for partners; its coordinators and lectoren also the products for a
//!   theme group; national partners also the members-only questions handed to the national side
//!   (`kernel::actor::may_read_question`). Drafts are never counted.
//! - Coordinators and lectoren of any werkplaats of the association create, change and delete its
//!   priorities; those of a werkplaats link its own projects and questions to a priority and set
//!   the partner werkplaatsen of its own projects. Every change is audited, under the acting
//!   werkplaats.
//!
//! The matrix is computed in three grouped queries and cached (`AssociationCache`) with its counts
//! split by level of access, so one cache serves every reader, together with the items of the
//! priorities and the joint projects (each with its level); the key is one cheap query (see
//! `store::association::counts_state`). The werkplaatsen, their themes and coordinators and the
//! priorities themselves are read fresh: small tables, written by other use cases too.
mod compare;
mod manage;
mod matrix;
mod views;

pub use compare::{Choice, ComparisonForms, ComparisonView, Elsewhere, KwestieElsewhere, ThemeComparison};
pub use manage::{
    MAX_PRIORITY_DESCRIPTION, MAX_PRIORITY_ITEMS, MAX_PRIORITY_TITLE, PartnersInput, PriorityInput, PriorityItemsInput,
};
pub use matrix::{AssociationCache, Cell, Matrix};
pub use views::{
    AssociationView, CellCounts, CellItem, CellView, JointProjectView, KwestieRow, PartnerView, PriorityItemView,
    PriorityView, WerkplaatsSummary,
};

use crate::kernel::actor::Actor;
use broedplaats_domain::Role;

/// How much of a werkplaats `actor` may read, as the levels of `store::association` count it:
/// 3 its coordinators and lectoren, 2 its other members, 1 national partners, 0 everyone else.
pub fn reader_level(actor: Option<&Actor>, slug: &str) -> i64 {
    match actor {
        Some(a) if a.roles_in(slug).any(|r| matches!(r, Role::ProgrammeCoordinator | Role::Lector)) => 3,
        Some(a) if a.is_member(slug) => 2,
        Some(a) if a.is_national_partner() => 1,
        _ => 0,
    }
}

/// Whether `actor` is coordinator or lector of some werkplaats: who may look after the
/// association's priorities (the use cases check the association too).
pub fn may_manage_priorities(actor: &Actor) -> bool {
    actor.roles.iter().any(|(_, r)| matches!(r, Role::ProgrammeCoordinator | Role::Lector))
}

/// Whether `actor` manages (coordinator or lector) the werkplaats `slug`.
pub fn manages(actor: &Actor, slug: &str) -> bool {
    actor.roles_in(slug).any(|r| matches!(r, Role::ProgrammeCoordinator | Role::Lector))
}
