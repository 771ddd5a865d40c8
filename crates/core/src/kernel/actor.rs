//! Who is acting, and what that actor may do in a werkplaats: the access decision every
//! capability asks before it reads or writes.
use crate::{CoreError, Result};
use broedplaats_domain::Role;
use broedplaats_store::{Conn, Tenant, accounts};

/// Who is acting: an account with its roles per werkplaats. Anonymous visitors have no `Actor`.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account_id: i64,
    pub email: String,
    pub name: String,
    pub roles: Vec<(String, Role)>,
}

impl Actor {
    pub fn roles_in<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = Role> + 'a {
        self.roles.iter().filter(move |(s, _)| s == slug).map(|(_, r)| *r)
    }
    /// Has any role in this werkplaats.
    pub fn is_member(&self, slug: &str) -> bool {
        self.roles_in(slug).next().is_some()
    }
    pub fn may_edit_agenda(&self, slug: &str) -> bool {
        self.roles_in(slug).any(Role::may_edit_agenda)
    }
}

/// Requires that `actor` may edit the agenda of `tenant`: 401 without an actor, 403 otherwise.
pub fn require_agenda_editor<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if actor.may_edit_agenda(&tenant.slug) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// Requires membership of the werkplaats (any role).
pub fn require_member<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if actor.is_member(&tenant.slug) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// Who may do what in a werkplaats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Programme coordinator or lector: manages everything.
    Manager,
    /// Has a role in the werkplaats: sees members-only content.
    Member,
    Public,
}

pub fn access(actor: Option<&Actor>, tenant: &Tenant) -> Access {
    match actor {
        Some(a) if a.roles_in(&tenant.slug).any(|r| matches!(r, Role::ProgrammeCoordinator | Role::Lector)) => {
            Access::Manager
        }
        Some(a) if a.is_member(&tenant.slug) => Access::Member,
        _ => Access::Public,
    }
}

/// Requires a coordinator or lector of the werkplaats: 401 without an actor, 403 otherwise.
pub fn require_manager<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    match (actor, access(actor, tenant)) {
        (None, _) => Err(CoreError::Unauthenticated),
        (Some(a), Access::Manager) => Ok(a),
        _ => Err(CoreError::Forbidden),
    }
}

/// The roles of an account, per werkplaats; unknown role codes are skipped.
pub async fn load_roles(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, Role)>> {
    let rows = accounts::roles(conn, account_id).await?;
    Ok(rows.into_iter().filter_map(|(slug, role)| Role::parse(&role).ok().map(|r| (slug, r))).collect())
}
