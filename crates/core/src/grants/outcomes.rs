//! Outcomes (resultaten): what changed, for whom, with which evidence; status shown as recorded.
use super::inputs::OutcomeInput;
use super::{EvidenceInput, OutcomeView};
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::{audit, json};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::grants::{self as q, OutcomeRow, Ref};
use broedplaats_store::{Conn, Tenant};

pub(super) fn view(o: OutcomeRow) -> OutcomeView {
    OutcomeView {
        id: o.id,
        title: o.title,
        description: o.description,
        year: o.year,
        status: o.status,
        beneficiaries: serde_json::from_str(&o.beneficiaries).unwrap_or_default(),
        evidence: serde_json::from_str::<Vec<EvidenceInput>>(&o.evidence).unwrap_or_default(),
        project_id: o.project_id,
        contribution_ids: serde_json::from_str(&o.contribution_ids).unwrap_or_default(),
        four_os: serde_json::from_str(&o.four_os).unwrap_or_default(),
    }
}

async fn check_refs(conn: &mut Conn, t: &Tenant, input: &OutcomeInput, evidence: &[EvidenceInput]) -> Result<()> {
    let mut e = FieldErrors::new();
    for (i, ev) in evidence.iter().enumerate() {
        if let Some(id) = ev.knowledge_product_id
            && !q::exists(conn, t, Ref::KnowledgeProduct, id).await?
        {
            e.push(format!("evidence[{i}].knowledge_product_id"), FieldErrorKind::Invalid);
        }
        if let Some(id) = ev.activity_id
            && !q::exists(conn, t, Ref::Activity, id).await?
        {
            e.push(format!("evidence[{i}].activity_id"), FieldErrorKind::Invalid);
        }
    }
    if let Some(p) = input.project_id
        && !q::exists(conn, t, Ref::Project, p).await?
    {
        e.push("project_id", FieldErrorKind::Invalid);
    }
    let mut ids = input.contribution_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != input.contribution_ids.len() {
        e.push("contribution_ids", FieldErrorKind::Duplicate);
    }
    for id in ids {
        if !q::exists(conn, t, Ref::Contribution, id).await? {
            e.push("contribution_ids", FieldErrorKind::Invalid);
            break;
        }
    }
    if e.is_empty() { Ok(()) } else { Err(e.into()) }
}

impl Core {
    pub async fn outcomes(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        year: Option<i64>,
    ) -> Result<Vec<OutcomeView>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(q::outcomes(&mut conn, tenant, year).await?.into_iter().map(view).collect())
    }

    pub async fn outcome(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<OutcomeView> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(view(q::outcome(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?))
    }

    pub async fn save_outcome(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &OutcomeInput,
    ) -> Result<OutcomeView> {
        let actor = require_manager(actor, tenant)?;
        let v = input.validate()?;
        let mut tx = self.store.begin().await?;
        let before = match id {
            Some(id) => Some(view(q::outcome(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?)),
            None => None,
        };
        check_refs(&mut tx, tenant, input, &v.evidence).await?;
        let beneficiaries = json(&v.beneficiaries)?;
        let evidence = json(&v.evidence)?;
        let mut contribution_ids = input.contribution_ids.clone();
        contribution_ids.sort_unstable();
        let contribution_ids = json(&contribution_ids)?;
        let four_os = json(&v.four_os)?;
        let fields = q::OutcomeFields {
            title: &v.title,
            description: &v.description,
            year: v.year,
            status: v.status.code(),
            beneficiaries: &beneficiaries,
            evidence: &evidence,
            contribution_ids: &contribution_ids,
            four_os: &four_os,
            project_id: input.project_id,
        };
        let id = match id {
            Some(id) => {
                q::update_outcome(&mut tx, tenant, id, &fields).await?;
                id
            }
            None => q::insert_outcome(&mut tx, tenant, &fields).await?,
        };
        let after = view(q::outcome(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?);
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("outcome", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_outcome(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = view(q::outcome(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?);
        q::delete_outcome(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("outcome", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }
}
