//! Practice questions (praktijkvragen), approaches and working factors (aanpakken, werkzame
//! factoren) and kwesties (DOMAIN §7, §8).
//!
//! Everything here is public to read: questions and approaches are what a werkplaats offers to the
//! others ("wat werkt in welke context"). Those who plan activities — the coordinator, lectoren,
//! docent-onderzoekers, themaleiders and projectondersteuning — add and edit them; the
//! coordinator and lectoren delete them. Kwesties are shared by every werkplaats: a label given
//! to a question or an approach is created when new, and the coordinators and lectoren of any
//! werkplaats may edit a kwestie's label and description.
//!
//! Every change writes an audit entry and a search-outbox row in its transaction, and brings the
//! index up to date right after the commit, so what was saved is findable when the call returns.
//!
//! `questions`, `approaches` and `kwesties` hold the use cases; this file the shared shapes,
//! who may write, and the kwestie labels every item carries.
mod approaches;
mod kwesties;
mod questions;

pub use approaches::{ApproachFilter, ApproachInput, ApproachView};
pub use kwesties::{KwestieDetail, KwestieInput, KwestieItem, KwestieView};
pub use questions::{QuestionFilter, QuestionInput, QuestionView};
#[allow(unused_imports)]
use {approaches::*, kwesties::*, questions::*};

use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::knowledge::documents::{APPROACH, PRODUCT, QUESTION, STORY};
use crate::knowledge::products::{Named, Ref};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, Role, kwestie_key};
use broedplaats_store::knowledge::{self as q};
use broedplaats_store::{Conn, Tenant};

/// Longest question (its title).
pub const MAX_QUESTION: usize = 300;

/// Longest title of an approach or working factor.
pub const MAX_APPROACH_TITLE: usize = 200;

/// Longest Markdown text of one field.
pub const MAX_TEXT: usize = 20_000;

/// Longest summary of an approach.
pub const MAX_SUMMARY: usize = 2_000;

/// Longest kwestie label.
pub const MAX_KWESTIE: usize = 120;

/// Most kwesties or themes on one item.
pub const MAX_LINKS: usize = 20;

// ---- who may do what -----------------------------------------------------------------------------

/// The roles that plan activities also write questions and approaches.
fn may_write(actor: &Actor, tenant: &Tenant) -> bool {
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

fn require_writer<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if may_write(actor, tenant) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

fn require_deleter<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if access(Some(actor), tenant) == Access::Manager { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// Coordinators and lectoren of any werkplaats edit kwesties.
fn may_edit_kwesties(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.roles.iter().any(|(_, r)| matches!(r, Role::ProgrammeCoordinator | Role::Lector)))
}

// ---- validation ----------------------------------------------------------------------------------

fn named(v: Vec<(i64, String)>) -> Vec<Named> {
    v.into_iter().map(|(id, name)| Named { id, name }).collect()
}

fn text<const MAX: usize>(e: &mut FieldErrors, field: &str, raw: Option<&str>) -> String {
    e.take(field, BoundedText::<MAX>::parse_optional(raw)).flatten().map(BoundedText::into_inner).unwrap_or_default()
}

/// Kwestie labels as (label, key), deduplicated by key.
fn kwestie_labels(e: &mut FieldErrors, raw: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let given: Vec<&String> = raw.iter().filter(|k| !k.trim().is_empty()).collect();
    if given.len() > MAX_LINKS {
        e.push("kwesties", FieldErrorKind::TooMany { max: MAX_LINKS });
        return out;
    }
    for k in given {
        match BoundedText::<MAX_KWESTIE>::parse(k) {
            Ok(label) => {
                let label = label.into_inner();
                let key = kwestie_key(&label);
                if !out.iter().any(|(_, k)| *k == key) {
                    out.push((label, key));
                }
            }
            Err(kind) => {
                e.push("kwesties", kind);
                break;
            }
        }
    }
    out
}

async fn kwestie_ids(conn: &mut Conn, labels: &[(String, String)]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(labels.len());
    for (label, key) in labels {
        ids.push(q::kwestie_id_for(conn, label, key).await?);
    }
    Ok(ids)
}

impl Core {
    /// Whether the viewer may add and edit questions and approaches in this werkplaats.
    pub fn may_write_practice(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| may_write(a, tenant))
    }

    /// Whether the viewer may delete questions and approaches in this werkplaats.
    pub fn may_delete_practice(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        access(actor, tenant) == Access::Manager
    }

    /// Whether the viewer may edit kwesties (a coordinator or lector of any werkplaats).
    pub fn may_edit_kwesties(&self, actor: Option<&Actor>) -> bool {
        may_edit_kwesties(actor)
    }
}
