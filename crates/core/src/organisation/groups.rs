//! Theme groups, the bodies (MT, consortium) and the audit log.
use super::*;
use crate::kernel::actor::{Access, Actor, access, require_manager, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit, conflict_on, current_theme_ids, group_links};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::organisation::{self as q, Links, Table};
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeGroupInput {
    pub theme_id: i64,
    /// The themaleider (a docent-onderzoeker).
    pub lead_person_id: Option<i64>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub organisation_ids: Vec<i64>,
    #[serde(default)]
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyInput {
    /// `mt` or `consortium`.
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeGroupView {
    pub id: i64,
    pub theme_id: i64,
    /// The theme's title.
    pub name: String,
    pub lead_person_id: Option<i64>,
    pub description: String,
    pub organisation_ids: Vec<i64>,
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BodyView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub member_ids: Vec<i64>,
    /// Dates of the body's meetings (its MT- or consortiumoverleg activities), read-only here:
    /// meetings are planned as activities.
    pub meetings: Vec<String>,
}

/// Managers, and the themaleider of the group of `theme_id`, may manage that theme's group and projects.
impl Core {
    // theme groups: public, managed by managers and their themaleider

    pub async fn theme_groups(&self, tenant: &Tenant) -> Result<Vec<ThemeGroupView>> {
        let mut conn = self.store.conn().await?;
        load_groups(&mut conn, tenant).await
    }

    pub async fn theme_group(&self, tenant: &Tenant, id: i64) -> Result<ThemeGroupView> {
        self.theme_groups(tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)
    }

    pub async fn save_theme_group(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &ThemeGroupInput,
    ) -> Result<ThemeGroupView> {
        let mut tx = self.store.begin().await?;
        let before = match id {
            Some(id) => {
                Some(load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?)
            }
            None => None,
        };
        // A themaleider may edit their own group but not move it to another theme.
        let theme_for_rights = before.as_ref().map(|b| b.theme_id).unwrap_or(input.theme_id);
        let actor = match (before.is_some(), access(actor, tenant)) {
            (false, _) => require_manager(actor, tenant)?,
            _ => require_theme_manager(&mut tx, tenant, actor, theme_for_rights).await?,
        };
        if access(Some(actor), tenant) != Access::Manager && input.theme_id != theme_for_rights {
            return Err(CoreError::Forbidden);
        }
        // Nor hand it to someone else: who leads a group (and so manages its projects) is the
        // managers' decision, not one a themaleider can pass on.
        if access(Some(actor), tenant) != Access::Manager
            && before.as_ref().map(|b| b.lead_person_id) != Some(input.lead_person_id)
        {
            return Err(CoreError::Forbidden);
        }
        let mut e = FieldErrors::new();
        let description = opt_text::<5000>(&mut e, "description", Some(&input.description)).unwrap_or_default();
        let themes = current_theme_ids(&mut tx, tenant).await?;
        if !themes.contains(&input.theme_id) {
            e.push("theme_id", FieldErrorKind::Invalid);
        }
        if let Some(lead) = input.lead_person_id {
            check_refs(&mut tx, tenant, &mut e, "lead_person_id", Table::People, &[lead]).await?;
        }
        check_refs(&mut tx, tenant, &mut e, "organisation_ids", Table::Organisations, &input.organisation_ids).await?;
        check_refs(&mut tx, tenant, &mut e, "member_ids", Table::People, &input.member_ids).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let id = match id {
            Some(id) => {
                q::update_theme_group(&mut tx, tenant, id, input.theme_id, input.lead_person_id, &description)
                    .await
                    .map_err(conflict_on("theme_id"))?;
                id
            }
            None => q::insert_theme_group(&mut tx, tenant, input.theme_id, input.lead_person_id, &description)
                .await
                .map_err(conflict_on("theme_id"))?,
        };
        q::replace_links(&mut tx, tenant, Links::ThemeGroupOrganisations, id, &input.organisation_ids).await?;
        q::replace_links(&mut tx, tenant, Links::ThemeGroupMembers, id, &input.member_ids).await?;
        let after = load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("theme_group", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_theme_group(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::ThemeGroups, id).await?;
        audit(&mut tx, tenant, actor, ("theme_group", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    // bodies: members see them, managers manage

    pub async fn bodies(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<BodyView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_bodies(&mut conn, tenant).await
    }

    pub async fn body(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<BodyView> {
        self.bodies(actor, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)
    }

    pub async fn save_body(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &BodyInput,
    ) -> Result<BodyView> {
        let actor = require_manager(actor, tenant)?;
        let mut e = FieldErrors::new();
        if !matches!(input.kind.as_str(), "mt" | "consortium") {
            e.push("kind", FieldErrorKind::UnknownValue { allowed: vec!["mt", "consortium"] });
        }
        let name = e.take("name", BoundedText::<200>::parse(&input.name)).map(BoundedText::into_inner);
        let mut tx = self.store.begin().await?;
        check_refs(&mut tx, tenant, &mut e, "member_ids", Table::People, &input.member_ids).await?;
        let Some(name) = name.filter(|_| e.is_empty()) else { return Err(e.into()) };
        let before = match id {
            Some(id) => {
                Some(load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?)
            }
            None => None,
        };
        if before.as_ref().is_some_and(|b| b.kind != input.kind) {
            return Err(FieldErrors::single("kind", FieldErrorKind::Invalid).into());
        }
        let id = match id {
            Some(id) => {
                q::update_body(&mut tx, tenant, id, &name).await?;
                id
            }
            None => q::insert_body(&mut tx, tenant, &input.kind, &name).await.map_err(conflict_on("kind"))?,
        };
        q::replace_links(&mut tx, tenant, Links::BodyMembers, id, &input.member_ids).await?;
        let after = load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("body", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_body(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::Bodies, id).await?;
        audit(&mut tx, tenant, actor, ("body", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    /// The audit log, newest first (managers only).
    pub async fn audit_log(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<q::AuditRow>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(q::audit_log(&mut conn, tenant, before_id, limit.clamp(1, 200)).await?)
    }
}

pub(crate) async fn load_groups(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<ThemeGroupView>> {
    let groups = q::theme_groups(conn, tenant).await?;
    let mut orgs = group_links(q::all_links(conn, tenant, Links::ThemeGroupOrganisations).await?);
    let mut members = group_links(q::all_links(conn, tenant, Links::ThemeGroupMembers).await?);
    Ok(groups
        .into_iter()
        .map(|g| ThemeGroupView {
            organisation_ids: orgs.remove(&g.id).unwrap_or_default(),
            member_ids: members.remove(&g.id).unwrap_or_default(),
            id: g.id,
            theme_id: g.theme_id,
            name: g.theme_title,
            lead_person_id: g.lead_person_id,
            description: g.description,
        })
        .collect())
}

pub(crate) async fn load_bodies(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<BodyView>> {
    let bodies = q::bodies(conn, tenant).await?;
    let mut members = group_links(q::all_links(conn, tenant, Links::BodyMembers).await?);
    let meetings = q::all_meetings(conn, tenant).await?;
    Ok(bodies
        .into_iter()
        .map(|b| BodyView {
            member_ids: members.remove(&b.id).unwrap_or_default(),
            meetings: meetings.iter().filter(|(p, _)| *p == b.id).map(|(_, d)| d.clone()).collect(),
            id: b.id,
            kind: b.kind,
            name: b.name,
        })
        .collect())
}
