//! What the outcome form offers as evidence: the werkplaats's knowledge products and activities.
use crate::kernel::actor::{Actor, require_manager};
use crate::{Core, Result};
use broedplaats_store::Tenant;
use broedplaats_store::grants as q;

/// At most this many products and activities are offered.
pub const MAX_CHOICES: i64 = 500;

/// (id, title) of knowledge products, and (id, title with its date) of activities.
#[derive(Debug, Clone, Default)]
pub struct EvidenceChoices {
    pub products: Vec<(i64, String)>,
    pub activities: Vec<(i64, String)>,
}

impl Core {
    /// Knowledge products (by title) and activities (newest first) of the werkplaats. Managers only.
    pub async fn evidence_choices(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<EvidenceChoices> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let products = q::product_titles(&mut conn, tenant, MAX_CHOICES).await?;
        let activities = q::activity_titles(&mut conn, tenant, MAX_CHOICES)
            .await?
            .into_iter()
            .map(|(id, title, starts)| (id, format!("{title} ({})", starts.get(..10).unwrap_or(&starts))))
            .collect();
        Ok(EvidenceChoices { products, activities })
    }
}
