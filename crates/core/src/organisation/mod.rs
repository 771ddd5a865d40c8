//! The werkplaats organisation (DOMAIN §3): partner organisations, people and their functions,
//! letters of intent, theme groups, projects and bodies; the governance rules of chapter 4 and
//! their live checks; CSV import of organisations and people. Every change is authorised here,
//! written in one transaction and recorded in the audit log with its before and after.
//!
//! Interface for other capabilities: the views and inputs re-exported below, `governance` (the
//! pure rules), and `PROJECT_SOURCE` (projects in the search index).
mod checks;
mod documents;
pub mod governance;
mod groups;
pub mod import;
mod partners;
mod people;
mod projects;

pub use checks::{GovernanceCache, GovernanceReport, load_facts};
pub use documents::{PROJECT, PROJECT_SOURCE};
pub use groups::{BodyInput, BodyView, ThemeGroupInput, ThemeGroupView};
pub use import::{ADMIN_ACTOR_NAME, ImportError, ImportReport, PROGRESS_EVERY, Progress, function_for};
pub use partners::{LetterInput, OrganisationInput, PersonInput, PersonView};
pub use projects::{
    FOUR_OS, METHODS, ProjectInput, ProjectOrganisationInput, ProjectPersonInput, ProjectView, parse_size, parse_status,
};

use crate::kernel::actor::{Access, Actor, access};
use crate::{CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::organisation as q;
use broedplaats_store::{Conn, Tenant};

fn opt_text<const N: usize>(errors: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    errors.take(field, BoundedText::<N>::parse_optional(v)).flatten().map(BoundedText::into_inner)
}

fn parse_date(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
        Err(_) => {
            e.push(field, FieldErrorKind::Invalid);
            None
        }
    }
}

/// The person record of an actor in this werkplaats, if any.
async fn actor_person(conn: &mut Conn, t: &Tenant, actor: &Actor) -> Result<Option<i64>> {
    Ok(q::people_full(conn, t)
        .await?
        .into_iter()
        .find(|p| p.email.as_deref() == Some(actor.email.as_str()))
        .map(|p| p.id))
}

/// Requires a manager, or the themaleider of the theme group of `theme_id`.
async fn require_theme_manager<'a>(
    conn: &mut Conn,
    t: &Tenant,
    actor: Option<&'a Actor>,
    theme_id: i64,
) -> Result<&'a Actor> {
    let a = actor.ok_or(CoreError::Unauthenticated)?;
    if access(Some(a), t) == Access::Manager {
        return Ok(a);
    }
    if access(Some(a), t) == Access::Member
        && let Some(person) = actor_person(conn, t, a).await?
        && q::theme_groups(conn, t).await?.iter().any(|g| g.theme_id == theme_id && g.lead_person_id == Some(person))
    {
        return Ok(a);
    }
    Err(CoreError::Forbidden)
}
