//! Prioritising by dot voting: each participant spreads the process's points over the active
//! clusters and may change the allocation until the phase closes.
use super::*;
use crate::Core;
use crate::kernel::actor::require_member;
use crate::kernel::tx::commit;
use std::collections::BTreeSet;

impl Core {
    /// Replaces the caller's whole allocation (members, while prioritising). More points than the
    /// process allows, negative points, or a cluster that is not active in this process: 422.
    pub async fn vote(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64, input: &VotesInput) -> Result<()> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Prioritising], "cocreation.refused.not_prioritising")?;
        let active: BTreeSet<i64> =
            q::clusters(&mut tx, tenant, id).await?.iter().filter(|c| c.status == "active").map(|c| c.id).collect();
        let ids: Vec<i64> = input.allocations.iter().map(|a| a.cluster_id).collect();
        if !unique(&ids) {
            return Err(FieldErrors::single("allocations", FieldErrorKind::Duplicate).into());
        }
        if ids.iter().any(|c| !active.contains(c)) {
            return Err(refused("allocations", "cocreation.refused.vote_cluster"));
        }
        if input.allocations.iter().any(|a| a.points < 0) {
            return Err(refused("allocations", "cocreation.refused.negative_points"));
        }
        let total: i64 = input.allocations.iter().map(|a| a.points).fold(0i64, i64::saturating_add);
        if total > row.points_per_participant {
            return Err(refused("allocations", "cocreation.refused.too_many_points"));
        }
        let pairs: Vec<(i64, i64)> = input.allocations.iter().map(|a| (a.cluster_id, a.points)).collect();
        q::replace_votes(&mut tx, tenant, id, actor.account_id, &pairs).await?;
        commit(tx).await
    }

    /// The points per active cluster, most first, and the caller's own allocation (members).
    /// Who gave what is shown only when voting is not anonymous.
    pub async fn results(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Results> {
        let actor = require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        let clusters = q::clusters(&mut conn, tenant, id).await?;
        let votes = q::votes(&mut conn, tenant, id).await?;
        let open = row.anonymous_votes == 0;
        let mut rows: Vec<ResultRow> = clusters
            .iter()
            .filter(|c| c.status == "active" || votes.iter().any(|v| v.cluster_id == c.id))
            .map(|c| {
                let mine: Vec<&q::VoteRow> = votes.iter().filter(|v| v.cluster_id == c.id).collect();
                ResultRow {
                    cluster_id: c.id,
                    title: c.title.clone(),
                    points: mine.iter().map(|v| v.points).sum(),
                    voters: mine.len() as i64,
                    by: open.then(|| mine.iter().map(|v| (v.name.clone(), v.points)).collect()),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.points.cmp(&a.points).then(a.cluster_id.cmp(&b.cluster_id)));
        let voters: BTreeSet<i64> = votes.iter().map(|v| v.account_id).collect();
        Ok(Results {
            clusters: rows,
            participants_voted: voters.len() as i64,
            points_per_participant: row.points_per_participant,
            mine: votes.iter().filter(|v| v.account_id == actor.account_id).map(|v| (v.cluster_id, v.points)).collect(),
        })
    }
}
