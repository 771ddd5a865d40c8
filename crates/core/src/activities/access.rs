//! Who may see, plan and organise activities.
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::{Core, CoreError, Result};
use broedplaats_domain::Role;
use broedplaats_store::activities::{self as q, ActivityRow};
use broedplaats_store::{Conn, Tenant};

// ---- permissions -------------------------------------------------------------------------------

/// Audiences the reader may see.
pub(super) fn visible_audiences(access: Access) -> &'static [&'static str] {
    match access {
        Access::Public => &["public"],
        Access::Member | Access::Manager => &["public", "partners", "members"],
    }
}

pub(super) fn may_see(access: Access, a: &ActivityRow) -> bool {
    visible_audiences(access).contains(&a.audience.as_str())
}

/// Roles that plan activities: everyone who works for the werkplaats rather than with it.
pub(super) fn may_plan(actor: &Actor, tenant: &Tenant) -> bool {
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

pub(super) fn require_planner<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if may_plan(actor, tenant) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// The coordinator or a lector, whoever planned the activity, or one of its organisers.
pub(super) async fn require_organiser<'a>(
    conn: &mut Conn,
    actor: Option<&'a Actor>,
    tenant: &Tenant,
    a: &ActivityRow,
) -> Result<&'a Actor> {
    let Some(actor) = actor else { return Err(CoreError::Unauthenticated) };
    if access(Some(actor), tenant) == Access::Manager
        || a.created_by == Some(actor.account_id)
        || q::is_organiser(conn, tenant, a.id, actor.account_id).await?
    {
        Ok(actor)
    } else if may_see(access(Some(actor), tenant), a) {
        Err(CoreError::Forbidden)
    } else {
        Err(CoreError::NotFound)
    }
}

pub async fn may_organise(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, a: &ActivityRow) -> Result<bool> {
    Ok(require_organiser(conn, actor, tenant, a).await.is_ok())
}

impl Core {
    /// Whether the actor may edit the activity, see its registrations and write its report.
    pub async fn may_organise(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        let Some(row) = q::activity(&mut conn, tenant, id).await? else { return Ok(false) };
        may_organise(&mut conn, actor, tenant, &row).await
    }

    /// Refuses (401, 403, or 404 for an activity the actor may not see) unless the actor may
    /// organise the activity; handlers call it before reading a large upload.
    pub async fn require_organiser(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut conn = self.store.conn().await?;
        let row = q::activity(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut conn, actor, tenant, &row).await.map(|_| ())
    }

    /// Whether the actor may plan new activities in this werkplaats.
    pub fn may_plan_activities(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| may_plan(a, tenant))
    }
}
