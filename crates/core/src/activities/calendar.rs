//! Calendar feeds: a werkplaats's activities, one activity, and a personal feed.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::time::stored;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_store::activities::{self as q, ActivityFilter, ActivityRow};
use broedplaats_store::{Conn, Tenant};
use chrono::{Duration, Utc};

impl Core {
    /// The werkplaats calendar as iCalendar: the public activities (or, for a member's token
    /// feed, see [`Core::personal_calendar`]) from a year back on.
    pub async fn calendar(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<String> {
        let access = access(actor, tenant);
        let from = stored(Utc::now() - Duration::days(365));
        let filter = ActivityFilter { from: Some(&from), audiences: visible_audiences(access), ..Default::default() };
        let mut conn = self.store.conn().await?;
        let mut rows = Vec::new();
        let mut after: Option<(String, i64)> = None;
        loop {
            let page =
                q::activities(&mut conn, tenant, &filter, after.as_ref().map(|(s, i)| (s.as_str(), *i)), 1000).await?;
            let done = page.len() < 1000;
            after = page.last().map(|a| (a.starts_at.clone(), a.id));
            rows.extend(page);
            if done {
                break;
            }
        }
        let series = series_of(&mut conn, tenant, access, &rows).await?;
        let items = views(&mut conn, tenant, rows).await?;
        Ok(super::ical::calendar(
            &format!("{} — activiteiten", tenant.name),
            &[(tenant.clone(), items, series)],
            &self.public_url,
        ))
    }

    /// One activity as iCalendar.
    pub async fn activity_ics(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<String> {
        let a = self.activity(actor, tenant, id).await?;
        Ok(super::ical::single(tenant, &a, &self.public_url))
    }

    /// Makes a new secret token for a member's personal calendar feed; an earlier one stops
    /// working (the database keeps only the hash, so the token is shown once).
    pub async fn new_calendar_token(&self, actor: Option<&Actor>) -> Result<String> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let token = crate::kernel::secret::new_secret();
        let mut tx = self.store.begin().await?;
        q::set_calendar_feed(&mut tx, actor.account_id, &crate::kernel::secret::hash_secret(&token)).await?;
        commit(tx).await?;
        Ok(token)
    }

    /// A member's own activities (those they registered for, in every werkplaats) as iCalendar.
    pub async fn personal_calendar(&self, token: &str) -> Result<String> {
        let mut conn = self.store.conn().await?;
        let account = q::calendar_feed_account(&mut conn, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        let mut per_tenant: Vec<(Tenant, Vec<ActivityView>, Vec<super::ical::Series>)> = Vec::new();
        let pairs = q::activities_of_account(&mut conn, account).await?;
        let mut slugs: Vec<&str> = pairs.iter().map(|(s, _)| s.as_str()).collect();
        // The pairs come in activity order, so one werkplaats's slug recurs between others'.
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            let tenant = self.tenant(slug).await?;
            let mut rows = Vec::new();
            for (_, id) in pairs.iter().filter(|(s, _)| s == slug) {
                if let Some(a) = q::activity(&mut conn, &tenant, *id).await? {
                    rows.push(a);
                }
            }
            // Each occurrence stands on its own here: a member registers per occurrence.
            let items = views(&mut conn, &tenant, rows).await?;
            per_tenant.push((tenant, items, vec![]));
        }
        Ok(super::ical::calendar("Mijn activiteiten", &per_tenant, &self.public_url))
    }
}

/// The series the rows belong to, each with the occurrences the reader may not see: the calendar
/// excludes those from the rule, or the rule would still show them.
pub(super) async fn series_of(
    conn: &mut Conn,
    tenant: &Tenant,
    access: Access,
    rows: &[ActivityRow],
) -> Result<Vec<super::ical::Series>> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|a| a.series_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = q::series(conn, tenant, id).await? {
            let hidden = q::series_activities(conn, tenant, id)
                .await?
                .into_iter()
                .filter(|a| !may_see(access, a))
                .filter_map(|a| a.occurrence_start)
                .collect();
            out.push(super::ical::Series { row, hidden });
        }
    }
    Ok(out)
}
