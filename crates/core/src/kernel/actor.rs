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
    /// The organisation of an installation-wide national knowledge partner (landelijke
    /// kennispartner, DOMAIN §8); `None` for everyone else. A national partner is no member of any
    /// werkplaats by this: it sees public data and the questions handed to the national side.
    pub national_partner: Option<String>,
}

impl Actor {
    pub fn roles_in<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = Role> + 'a {
        self.roles.iter().filter(move |(s, _)| s == slug).map(|(_, r)| *r)
    }
    /// Has any role in this werkplaats.
    pub fn is_member(&self, slug: &str) -> bool {
        self.roles_in(slug).next().is_some()
    }
    pub fn is_national_partner(&self) -> bool {
        self.national_partner.is_some()
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

/// The actor of an account: its roles per werkplaats and whether it is a national partner.
pub async fn load_actor(conn: &mut Conn, account_id: i64, email: String, name: String) -> Result<Actor> {
    let roles = load_roles(conn, account_id).await?;
    let national_partner = broedplaats_store::lemniscate::national_partner(conn, account_id).await?;
    Ok(Actor { account_id, email, name, roles, national_partner })
}

/// The roles of an account, per werkplaats; unknown role codes are skipped.
pub async fn load_roles(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, Role)>> {
    let rows = accounts::roles(conn, account_id).await?;
    Ok(rows.into_iter().filter_map(|(slug, role)| Role::parse(&role).ok().map(|r| (slug, r))).collect())
}

/// Whether `actor` may read a practice question of werkplaats `slug` (DOMAIN §7, §8): public
/// questions everyone; questions for members the werkplaats's members, and national partners once
/// the question was handed to the national side. Shared by the knowledge base and the lemniscate.
pub fn may_read_question(actor: Option<&Actor>, slug: &str, visibility: &str, handed_national: bool) -> bool {
    visibility == "public" || actor.is_some_and(|a| a.is_member(slug) || (handed_national && a.is_national_partner()))
}
