//! The matching check per grant and year: the grant amount against the realised contributions that
//! name the grant, cash and in kind (`broedplaats_domain::assess_matching` decides the status).
use super::manage::{load_grant, load_grants};
use super::{GrantView, MatchingView, MatchingYearView};
use crate::kernel::actor::{Actor, require_manager};
use crate::{Core, Result};
use broedplaats_domain::{assess_matching, cents_to_euros};
use broedplaats_store::grants as q;
use broedplaats_store::{Conn, Tenant};
use std::collections::BTreeMap;

/// (cash realised, in kind realised, planned) in cents per (grant, year).
pub(super) type Sums = BTreeMap<(i64, i64), (i64, i64, i64)>;

pub(super) async fn load_sums(conn: &mut Conn, t: &Tenant, grant_id: Option<i64>) -> Result<Sums> {
    let mut sums = Sums::new();
    for (grant, year, kind, status, sum) in q::grant_contribution_sums(conn, t, grant_id).await? {
        let e = sums.entry((grant, year)).or_default();
        match (status.as_str(), kind.as_str()) {
            ("realised", "cash") => e.0 += sum,
            ("realised", _) => e.1 += sum,
            _ => e.2 += sum,
        }
    }
    Ok(sums)
}

fn year_of(date: &str) -> i64 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// The matching of a grant for every year of its period.
pub(super) fn matching_of(g: &GrantView, sums: &Sums, current_year: i64) -> MatchingView {
    let years = (year_of(&g.starts_on)..=year_of(&g.ends_on))
        .map(|year| {
            let grant = g.amount_of(year).map(|a| (a * 100.0).round() as i64);
            let (cash, in_kind, planned) = sums.get(&(g.id, year)).copied().unwrap_or_default();
            let m =
                assess_matching(year as i32, grant, g.matching_ratio, (cash, in_kind, planned), current_year as i32);
            MatchingYearView {
                year,
                grant: m.grant.map(cents_to_euros),
                matched_cash: cents_to_euros(m.matched_cash),
                matched_in_kind: cents_to_euros(m.matched_in_kind),
                matched_total: cents_to_euros(m.matched_total()),
                ratio: m.ratio(),
                status: m.status.code().to_owned(),
                required: m.required.map(cents_to_euros),
                planned: cents_to_euros(m.planned),
                expected_shortfall: m.expected_shortfall.map(cents_to_euros),
            }
        })
        .collect();
    MatchingView { grant_id: g.id, matching_ratio: g.matching_ratio, years }
}

impl Core {
    /// The matching of one grant per year of its period.
    pub async fn grant_matching(&self, actor: Option<&Actor>, tenant: &Tenant, grant_id: i64) -> Result<MatchingView> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let grant = load_grant(&mut conn, tenant, grant_id).await?;
        let sums = load_sums(&mut conn, tenant, Some(grant_id)).await?;
        Ok(matching_of(&grant, &sums, self.current_year()))
    }

    /// The matching of every grant of the werkplaats.
    pub async fn all_matching(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<(GrantView, MatchingView)>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let grants = load_grants(&mut conn, tenant).await?;
        let sums = load_sums(&mut conn, tenant, None).await?;
        let year = self.current_year();
        Ok(grants
            .into_iter()
            .map(|g| {
                let m = matching_of(&g, &sums, year);
                (g, m)
            })
            .collect())
    }
}
