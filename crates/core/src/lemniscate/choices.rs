//! What the form of a move offers to hand over: the knowledge products and approaches the actor
//! may attach (as `record_move` checks them), grouped per werkplaats, narrowed by a search term.
use super::*;
use crate::Core;
use broedplaats_store::lemniscate::{self as q, HandoverRow};
use serde::Serialize;

/// At most this many products (and as many approaches) per werkplaats in the form; a search
/// narrows the rest.
pub const CHOICES_PER_WERKPLAATS: usize = 25;
/// At most this many rows read per kind, whatever the number of werkplaatsen.
const CHOICES_READ: i64 = 2_000;

#[derive(Debug, Clone, Serialize)]
pub struct HandoverChoice {
    pub id: i64,
    pub title: String,
    /// The product's status (concept, review, published) or the approach's kind (aanpak,
    /// werkzame_factor).
    pub detail: String,
}

/// The choices of one werkplaats.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverGroup {
    pub werkplaats: String,
    pub werkplaats_name: String,
    /// The question's own werkplaats.
    pub own: bool,
    pub products: Vec<HandoverChoice>,
    pub approaches: Vec<HandoverChoice>,
    /// Matching items left out of this group (a search finds them).
    pub more: usize,
}

fn group(groups: &mut Vec<HandoverGroup>, tenant: &Tenant, row: &HandoverRow) -> usize {
    if let Some(i) = groups.iter().position(|g| g.werkplaats == row.werkplaats) {
        return i;
    }
    groups.push(HandoverGroup {
        werkplaats: row.werkplaats.clone(),
        werkplaats_name: row.werkplaats_name.clone(),
        own: row.werkplaats == tenant.slug,
        products: Vec::new(),
        approaches: Vec::new(),
        more: 0,
    });
    groups.len() - 1
}

impl Core {
    /// The knowledge products and approaches `actor` may hand over with a move of a question of
    /// `tenant`: for those who write there every product of the werkplaats, and for everyone the
    /// published public products and the approaches of all werkplaatsen. Titles match `search`;
    /// the ids in `keep_products` / `keep_approaches` (already ticked) are always offered. The
    /// question's own werkplaats comes first. Empty for visitors who are not signed in.
    pub async fn handover_choices(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        search: Option<&str>,
        keep_products: &[i64],
        keep_approaches: &[i64],
    ) -> Result<Vec<HandoverGroup>> {
        let Some(actor) = actor else { return Ok(Vec::new()) };
        let own = is_writer(actor, tenant).then_some(tenant);
        let mut conn = self.store.conn().await?;
        let products = q::handover_products(&mut conn, own, search, keep_products, CHOICES_READ).await?;
        let approaches = q::handover_approaches(&mut conn, own, search, keep_approaches, CHOICES_READ).await?;
        let mut groups: Vec<HandoverGroup> = Vec::new();
        for (rows, keep, is_product) in [(products, keep_products, true), (approaches, keep_approaches, false)] {
            for row in rows {
                let i = group(&mut groups, tenant, &row);
                let g = &mut groups[i];
                let list = if is_product { &mut g.products } else { &mut g.approaches };
                if list.len() < CHOICES_PER_WERKPLAATS || keep.contains(&row.id) {
                    list.push(HandoverChoice { id: row.id, title: row.title, detail: row.detail });
                } else {
                    g.more += 1;
                }
            }
        }
        // The own werkplaats first, then by name (a werkplaats may have only approaches).
        groups.sort_by(|a, b| (!a.own, &a.werkplaats_name).cmp(&(!b.own, &b.werkplaats_name)));
        Ok(groups)
    }
}
