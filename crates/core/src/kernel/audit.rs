//! The audit log: every change with who made it, and the record before and after.
use crate::kernel::actor::Actor;
use crate::{CoreError, Result};
use broedplaats_store::organisation as q;
use broedplaats_store::{Conn, Tenant};
use serde::Serialize;

/// A value as JSON text, for the audit log and JSON columns.
pub fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Internal(e.to_string()))
}

/// Records a change of `entity` (type, id) in the audit log with its before and after.
pub async fn audit<T: Serialize>(
    conn: &mut Conn,
    t: &Tenant,
    actor: &Actor,
    (entity, id): (&str, i64),
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let before = before.map(json).transpose()?;
    let after = after.map(json).transpose()?;
    q::insert_audit(
        conn,
        t,
        &q::AuditEntry {
            actor_name: &actor.name,
            actor_account_id: Some(actor.account_id),
            entity_type: entity,
            entity_id: id,
            action,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    )
    .await?;
    Ok(())
}
