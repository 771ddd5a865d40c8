//! Contributions of partners: list with filters, create, change, delete, and the CSV import.
use super::ContributionView;
use super::inputs::{ContributionInput, NameOrId};
use super::manage::load_grant;
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors, cents_to_euros};
use broedplaats_store::grants::{self as q, ContributionRow, Ref};
use broedplaats_store::{Conn, Tenant};
use chrono::Datelike;

pub(super) fn view(c: ContributionRow) -> ContributionView {
    ContributionView {
        id: c.id,
        organisation_id: c.organisation_id,
        organisation: c.organisation_name,
        organisation_kind: c.organisation_kind,
        year: c.year,
        kind: c.kind,
        amount: cents_to_euros(c.amount),
        status: c.status,
        grant_id: c.grant_id,
        project_id: c.project_id,
        theme_group_id: c.theme_group_id,
        hours: c.hours,
        rate: c.rate.map(cents_to_euros),
        justification: c.justification,
    }
}

fn refused(field: &str, key: &'static str) -> FieldErrors {
    FieldErrors::single(field, FieldErrorKind::Refused { key })
}

/// Checks the references of a contribution against the werkplaats; returns the organisation id.
async fn resolve(conn: &mut Conn, t: &Tenant, input: &ContributionInput, year: i64) -> Result<i64> {
    let mut e = FieldErrors::new();
    let organisation_id = match &input.organisation {
        NameOrId::Id(id) => q::exists(conn, t, Ref::Organisation, *id).await?.then_some(*id),
        NameOrId::Name(name) => q::organisation_by_name(conn, t, name.trim()).await?,
    };
    if organisation_id.is_none() {
        e.0.extend(refused("organisation", "grants.refused.organisation_unknown").0);
    }
    if let Some(g) = input.grant_id {
        match load_grant(conn, t, g).await {
            Ok(grant) => {
                let from = grant.starts_on.get(..4).and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
                let to = grant.ends_on.get(..4).and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
                if !(from..=to).contains(&year) {
                    e.0.extend(refused("year", "grants.refused.year_outside").0);
                }
            }
            Err(CoreError::NotFound) => e.push("grant_id", FieldErrorKind::Invalid),
            Err(other) => return Err(other),
        }
    }
    if let Some(p) = input.project_id
        && !q::exists(conn, t, Ref::Project, p).await?
    {
        e.push("project_id", FieldErrorKind::Invalid);
    }
    if let Some(g) = input.theme_group_id
        && !q::exists(conn, t, Ref::ThemeGroup, g).await?
    {
        e.push("theme_group_id", FieldErrorKind::Invalid);
    }
    match organisation_id {
        Some(id) if e.is_empty() => Ok(id),
        _ => Err(e.into()),
    }
}

/// Writes one contribution in an open transaction (create when `id` is None); audited.
pub(super) async fn write(
    conn: &mut Conn,
    t: &Tenant,
    actor: &Actor,
    id: Option<i64>,
    input: &ContributionInput,
) -> Result<ContributionView> {
    let v = input.validate()?;
    let before = match id {
        Some(id) => Some(view(q::contribution(conn, t, id).await?.ok_or(CoreError::NotFound)?)),
        None => None,
    };
    let organisation_id = resolve(conn, t, input, v.year).await?;
    let fields = q::ContributionFields {
        organisation_id,
        year: v.year,
        kind: v.kind.code(),
        amount: v.amount,
        status: v.status.code(),
        grant_id: input.grant_id,
        project_id: input.project_id,
        theme_group_id: input.theme_group_id,
        hours: v.hours,
        rate: v.rate,
        justification: &v.justification,
    };
    let id = match id {
        Some(id) => {
            q::update_contribution(conn, t, id, &fields).await?;
            id
        }
        None => q::insert_contribution(conn, t, &fields).await?,
    };
    let after = view(q::contribution(conn, t, id).await?.ok_or(CoreError::NotFound)?);
    let action = if before.is_some() { "update" } else { "create" };
    audit(conn, t, actor, ("contribution", id), action, before.as_ref(), Some(&after)).await?;
    Ok(after)
}

impl Core {
    /// Contributions, optionally of one year and/or one grant.
    pub async fn contributions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        year: Option<i64>,
        grant_id: Option<i64>,
    ) -> Result<Vec<ContributionView>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(q::contributions(&mut conn, tenant, year, grant_id).await?.into_iter().map(view).collect())
    }

    pub async fn contribution(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ContributionView> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(view(q::contribution(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?))
    }

    pub async fn save_contribution(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &ContributionInput,
    ) -> Result<ContributionView> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let after = write(&mut tx, tenant, actor, id, input).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_contribution(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = view(q::contribution(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?);
        q::delete_contribution(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("contribution", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    /// The current calendar year (UTC): years before it are over.
    pub fn current_year(&self) -> i64 {
        i64::from(chrono::Utc::now().year())
    }
}
