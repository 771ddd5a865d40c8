//! Grants and their budget lines: list, read, create, change, delete.
//!
//! A budget "adds up" when, for every year, the planned amounts of all lines of a grant together
//! stay within the grant amount of that year, and every line's year is a year the grant names an
//! amount for. A change of the grant's amounts or of a line that breaks this is refused.
use super::inputs::{NameOrId, text};
use super::{AmountView, BudgetLineInput, BudgetLineView, GrantInput, GrantView, LineAmountView};
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::tx::{commit, conflict_on};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors, cents_to_euros};
use broedplaats_store::grants::{self as q, Ref};
use broedplaats_store::{Conn, Tenant};
use std::collections::BTreeMap;

fn refused(field: &str, key: &'static str) -> CoreError {
    CoreError::Invalid(FieldErrors::single(field, FieldErrorKind::Refused { key }))
}

/// Every grant of the werkplaats with its amounts.
pub(super) async fn load_grants(conn: &mut Conn, t: &Tenant) -> Result<Vec<GrantView>> {
    let mut amounts: BTreeMap<i64, Vec<AmountView>> = BTreeMap::new();
    for (grant_id, year, amount) in q::grant_amounts(conn, t).await? {
        amounts.entry(grant_id).or_default().push(AmountView { year, amount: cents_to_euros(amount) });
    }
    Ok(q::grants(conn, t)
        .await?
        .into_iter()
        .map(|g| GrantView {
            amounts: amounts.remove(&g.id).unwrap_or_default(),
            id: g.id,
            funder_id: g.funder_id,
            funder: g.funder_name,
            grant_type: g.grant_type,
            reference: g.reference,
            title: g.title,
            starts_on: g.starts_on,
            ends_on: g.ends_on,
            matching_ratio: g.matching_ratio,
            part_of: g.part_of,
            conditions: g.conditions,
        })
        .collect())
}

pub(super) async fn load_grant(conn: &mut Conn, t: &Tenant, id: i64) -> Result<GrantView> {
    load_grants(conn, t).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)
}

/// The budget lines of one grant (or all) with their amounts.
pub(super) async fn load_lines(conn: &mut Conn, t: &Tenant, grant_id: Option<i64>) -> Result<Vec<BudgetLineView>> {
    let mut amounts: BTreeMap<i64, Vec<LineAmountView>> = BTreeMap::new();
    for (line, year, planned, realised) in q::budget_line_amounts(conn, t, grant_id).await? {
        amounts.entry(line).or_default().push(LineAmountView {
            year,
            planned: cents_to_euros(planned),
            realised: cents_to_euros(realised),
        });
    }
    Ok(q::budget_lines(conn, t, grant_id)
        .await?
        .into_iter()
        .map(|l| BudgetLineView {
            amounts: amounts.remove(&l.id).unwrap_or_default(),
            id: l.id,
            grant_id: l.grant_id,
            name: l.name,
        })
        .collect())
}

/// Cents planned per year by the lines of a grant, leaving out line `except`.
async fn planned_per_year(
    conn: &mut Conn,
    t: &Tenant,
    grant_id: i64,
    except: Option<i64>,
) -> Result<BTreeMap<i64, i64>> {
    let mut per_year = BTreeMap::new();
    for (line, year, planned, _) in q::budget_line_amounts(conn, t, Some(grant_id)).await? {
        if Some(line) != except {
            *per_year.entry(year).or_insert(0) += planned;
        }
    }
    Ok(per_year)
}

/// Refuses a budget where a year's planned lines exceed the grant amount of that year, or plan in
/// a year without a grant amount.
fn check_budget(grant_amounts: &[(i64, i64)], planned: &BTreeMap<i64, i64>, field: &str) -> Result<()> {
    for (year, sum) in planned {
        match grant_amounts.iter().find(|(y, _)| y == year) {
            None if *sum > 0 => return Err(refused(field, "grants.refused.line_year_outside")),
            Some((_, amount)) if sum > amount => return Err(refused(field, "grants.refused.budget_exceeds")),
            _ => {}
        }
    }
    Ok(())
}

impl Core {
    pub async fn grants(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<GrantView>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_grants(&mut conn, tenant).await
    }

    pub async fn grant(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<GrantView> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_grant(&mut conn, tenant, id).await
    }

    /// Creates (`id` None) or changes a grant. An unknown funder name creates a funder organisation.
    pub async fn save_grant(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &GrantInput,
    ) -> Result<GrantView> {
        let actor = require_manager(actor, tenant)?;
        let v = input.validate()?;
        let mut tx = self.store.begin().await?;
        let before = match id {
            Some(id) => Some(load_grant(&mut tx, tenant, id).await?),
            None => None,
        };
        if let Some(parent) = input.part_of {
            let grants = load_grants(&mut tx, tenant).await?;
            // The parent must exist here, and following `part_of` up from it must not reach this grant.
            let mut at = Some(parent);
            let mut steps = 0;
            while let Some(g) = at {
                if Some(g) == id || steps > grants.len() {
                    return Err(refused("part_of", "grants.refused.part_of_cycle"));
                }
                at = grants
                    .iter()
                    .find(|x| x.id == g)
                    .ok_or_else(|| CoreError::from(FieldErrors::single("part_of", FieldErrorKind::Invalid)))?
                    .part_of;
                steps += 1;
            }
        }
        if let Some(id) = id {
            let mut planned = planned_per_year(&mut tx, tenant, id, None).await?;
            planned.retain(|_, v| *v > 0);
            check_budget(&v.amounts, &planned, "amounts")?;
        }
        let funder_id = match &input.funder {
            NameOrId::Id(fid) => {
                if !q::exists(&mut tx, tenant, Ref::Organisation, *fid).await? {
                    return Err(FieldErrors::single("funder", FieldErrorKind::Invalid).into());
                }
                *fid
            }
            NameOrId::Name(name) => {
                let mut e = FieldErrors::new();
                let name = text::<200>(&mut e, "funder", name).ok_or(CoreError::Invalid(e))?;
                match q::organisation_by_name(&mut tx, tenant, &name).await? {
                    Some(fid) => fid,
                    None => {
                        let org = broedplaats_store::organisation::OrganisationFields {
                            name: &name,
                            kind: "overig",
                            city: None,
                            website: None,
                            email: None,
                        };
                        let fid =
                            broedplaats_store::organisation::insert_organisation_full(&mut tx, tenant, &org).await?;
                        let row = broedplaats_store::organisation::organisation(&mut tx, tenant, fid).await?;
                        audit(&mut tx, tenant, actor, ("organisation", fid), "create", None, row.as_ref()).await?;
                        fid
                    }
                }
            }
        };
        let starts_on = v.starts_on.to_string();
        let ends_on = v.ends_on.to_string();
        let fields = q::GrantFields {
            funder_id,
            grant_type: v.grant_type.code(),
            reference: v.reference.as_deref(),
            title: &v.title,
            starts_on: &starts_on,
            ends_on: &ends_on,
            conditions: &v.conditions,
            matching_ratio: v.matching_ratio,
            part_of: input.part_of,
        };
        let id = match id {
            Some(id) => {
                q::update_grant(&mut tx, tenant, id, &fields).await?;
                id
            }
            None => q::insert_grant(&mut tx, tenant, &fields).await?,
        };
        q::set_grant_amounts(&mut tx, tenant, id, &v.amounts).await?;
        let after = load_grant(&mut tx, tenant, id).await?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("grant", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    /// Deletes a grant with its budget lines; contributions naming it keep their figures without the grant.
    pub async fn delete_grant(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_grant(&mut tx, tenant, id).await?;
        q::delete_grant(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("grant", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    pub async fn budget_lines(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        grant_id: i64,
    ) -> Result<Vec<BudgetLineView>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_grant(&mut conn, tenant, grant_id).await?;
        load_lines(&mut conn, tenant, Some(grant_id)).await
    }

    /// Creates (`line_id` None) or changes a budget line of a grant; refused when the budget no
    /// longer adds up (see the module comment).
    pub async fn save_budget_line(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        grant_id: i64,
        line_id: Option<i64>,
        input: &BudgetLineInput,
    ) -> Result<BudgetLineView> {
        let actor = require_manager(actor, tenant)?;
        let (name, amounts) = input.validate()?;
        let mut tx = self.store.begin().await?;
        let grant = load_grant(&mut tx, tenant, grant_id).await?;
        let lines = load_lines(&mut tx, tenant, Some(grant_id)).await?;
        let before = match line_id {
            Some(l) => Some(lines.iter().find(|x| x.id == l).cloned().ok_or(CoreError::NotFound)?),
            None => None,
        };
        let grant_amounts: Vec<(i64, i64)> =
            grant.amounts.iter().map(|a| (a.year, (a.amount * 100.0).round() as i64)).collect();
        for (i, (year, ..)) in amounts.iter().enumerate() {
            if !grant_amounts.iter().any(|(y, _)| y == year) {
                return Err(refused(&format!("amounts[{i}].year"), "grants.refused.line_year_outside"));
            }
        }
        let mut planned = planned_per_year(&mut tx, tenant, grant_id, line_id).await?;
        for (year, p, _) in &amounts {
            *planned.entry(*year).or_insert(0) += p;
        }
        check_budget(&grant_amounts, &planned, "amounts")?;
        let id = match line_id {
            Some(l) => {
                q::rename_budget_line(&mut tx, tenant, l, &name).await.map_err(conflict_on("name"))?;
                l
            }
            None => q::insert_budget_line(&mut tx, tenant, grant_id, &name).await.map_err(conflict_on("name"))?,
        };
        q::set_budget_line_amounts(&mut tx, tenant, id, &amounts).await?;
        let after = load_lines(&mut tx, tenant, Some(grant_id))
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("budget_line", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_budget_line(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        grant_id: i64,
        line_id: i64,
    ) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_lines(&mut tx, tenant, Some(grant_id))
            .await?
            .into_iter()
            .find(|l| l.id == line_id)
            .ok_or(CoreError::NotFound)?;
        q::delete_budget_line(&mut tx, tenant, line_id).await?;
        audit(&mut tx, tenant, actor, ("budget_line", line_id), "delete", Some(&before), None).await?;
        commit(tx).await
    }
}
