//! The members of a werkplaats and their roles (issue 13). Members are the accounts with a role
//! there and the accounts that registered themselves there (no role until one is granted). The
//! coordinator and lectoren see them and set their roles; only a programme coordinator gives or
//! takes the programme coordinator's role, nobody takes their own, and the last programme
//! coordinator of a werkplaats stays. Every change is in the audit log with before and after.
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::paging::{Paged, decode_cursor, encode_cursor};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Role};
use broedplaats_store::Tenant;
use broedplaats_store::accounts::members as m;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    /// Role codes, in the order of `Role::ALL`.
    pub roles: Vec<String>,
    /// The account registered itself in this werkplaats.
    pub registered_here: bool,
    /// Its address is verified (through a link or an invitation).
    pub verified: bool,
}

fn ordered(mut roles: Vec<String>) -> Vec<String> {
    roles.sort_by_key(|r| Role::ALL.iter().position(|x| x.code() == r).unwrap_or(usize::MAX));
    roles.dedup();
    roles
}

fn member_view(r: m::MemberRow, roles: Vec<String>) -> MemberView {
    MemberView {
        account_id: r.id,
        name: r.name,
        email: r.email,
        roles: ordered(roles),
        registered_here: r.registered_here != 0,
        verified: r.email_verified_at.is_some(),
    }
}

#[derive(Serialize)]
struct AuditedRoles<'a> {
    roles: &'a [String],
}

impl Core {
    /// The members of a werkplaats by name (coordinator and lectoren).
    pub async fn members(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Paged<MemberView>> {
        require_manager(actor, tenant)?;
        let limit = limit.clamp(1, 200);
        let after = match cursor {
            Some(c) => Some(decode_cursor(c).ok_or_else(|| FieldErrors::single("cursor", FieldErrorKind::Invalid))?),
            None => None,
        };
        let mut conn = self.store.conn().await?;
        let mut rows = m::members(&mut conn, tenant, after.as_ref().map(|(n, i)| (n.as_str(), *i)), limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| encode_cursor(&r.name, r.id))
        } else {
            None
        };
        let mut roles: HashMap<i64, Vec<String>> = HashMap::new();
        for (account, role) in m::all_roles(&mut conn, tenant).await? {
            roles.entry(account).or_default().push(role);
        }
        let items = rows
            .into_iter()
            .map(|r| {
                let mine = roles.remove(&r.id).unwrap_or_default();
                member_view(r, mine)
            })
            .collect();
        Ok(Paged { items, next_cursor })
    }

    /// Makes an account's roles in the werkplaats exactly `roles` (codes). Unknown codes are a
    /// field error (`roles`); an account that is no member here is `NotFound`.
    pub async fn set_member_roles(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        account_id: i64,
        roles: &[String],
    ) -> Result<MemberView> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        // Two changes of roles in one werkplaats are judged one after the other (last coordinator).
        m::lock_werkplaats(&mut tx, tenant).await?;
        let row = m::member(&mut tx, tenant, account_id).await?.ok_or(CoreError::NotFound)?;
        let mut wanted = Vec::new();
        for raw in roles {
            match Role::parse(raw.trim()) {
                Ok(r) if !wanted.contains(&r) => wanted.push(r),
                Ok(_) => {}
                Err(k) => return Err(FieldErrors::single("roles", k).into()),
            }
        }
        let before = ordered(m::roles_of(&mut tx, tenant, account_id).await?);
        let after = ordered(wanted.iter().map(|r| r.code().to_owned()).collect());
        let coord = Role::ProgrammeCoordinator.code();
        let (had, has) = (before.iter().any(|r| r == coord), after.iter().any(|r| r == coord));
        if had != has && !actor.roles_in(&tenant.slug).any(|r| r == Role::ProgrammeCoordinator) {
            return Err(refused("roles", "members.refused.coordinator_only"));
        }
        if had && !has {
            // The last one first: it says what to do (give the role to someone else).
            if m::count_role(&mut tx, tenant, coord).await? <= 1 {
                return Err(refused("roles", "members.refused.last_coordinator"));
            }
            if account_id == actor.account_id {
                return Err(refused("roles", "members.refused.own_coordinator"));
            }
        }
        if before == after {
            commit(tx).await?;
            return Ok(member_view(row, after));
        }
        for r in before.iter().filter(|r| !after.contains(r)) {
            m::revoke_role(&mut tx, tenant, account_id, r).await?;
        }
        for r in after.iter().filter(|r| !before.contains(r)) {
            broedplaats_store::accounts::grant_role(&mut tx, tenant, account_id, r).await?;
        }
        audit(
            &mut tx,
            tenant,
            actor,
            ("account", account_id),
            "update",
            Some(&AuditedRoles { roles: &before }),
            Some(&AuditedRoles { roles: &after }),
        )
        .await?;
        commit(tx).await?;
        tracing::info!(account = account_id, werkplaats = tenant.log_id(), "roles changed");
        Ok(member_view(row, after))
    }

    /// Whether the werkplaats lets citizens and students register themselves.
    pub async fn self_registration_open(&self, tenant: &Tenant) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        Ok(m::self_registration(&mut conn, tenant).await?)
    }

    /// (slug, name) of the werkplaatsen where citizens and students may register themselves.
    pub async fn werkplaatsen_open_for_registration(&self) -> Result<Vec<(String, String)>> {
        let mut conn = self.store.conn().await?;
        Ok(m::open_for_registration(&mut conn).await?)
    }

    /// Switches self-registration on or off (coordinator and lectoren).
    pub async fn set_self_registration(&self, actor: Option<&Actor>, tenant: &Tenant, enabled: bool) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = m::self_registration(&mut tx, tenant).await?;
        if before != enabled {
            m::set_self_registration(&mut tx, tenant, enabled).await?;
            audit(
                &mut tx,
                tenant,
                actor,
                ("werkplaats", tenant.log_id()),
                "update",
                Some(&serde_json::json!({ "self_registration": before })),
                Some(&serde_json::json!({ "self_registration": enabled })),
            )
            .await?;
        }
        commit(tx).await
    }
}
