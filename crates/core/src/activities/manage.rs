//! Listing, creating, changing and cancelling activities and series.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::access;
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::time::{parse_stored, stored};
use crate::kernel::tx::{check_refs, commit, current_theme_ids};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::activities::{self as q, ActivityFilter, ActivityLinks};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant};
use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

pub(super) fn encode_cursor(start: &str, id: i64) -> String {
    crate::kernel::paging::encode_cursor(start, id)
}

impl Core {
    /// Activities the reader may see, in start order (or newest first), keyset-paginated.
    pub async fn activities(&self, actor: Option<&Actor>, tenant: &Tenant, query: &ListQuery) -> Result<ActivityPage> {
        let access = access(actor, tenant);
        let limit = query.limit.clamp(1, 200);
        let from = query.from.map(stored);
        let to = query.to.map(stored);
        let after = query.cursor.as_deref().and_then(crate::kernel::paging::decode_cursor);
        let filter = ActivityFilter {
            from: from.as_deref(),
            to: to.as_deref(),
            kind: query.kind.as_deref(),
            theme_id: query.theme_id,
            audiences: visible_audiences(access),
            descending: query.descending,
        };
        let mut conn = self.store.conn().await?;
        let mut rows =
            q::activities(&mut conn, tenant, &filter, after.as_ref().map(|(s, i)| (s.as_str(), *i)), limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|a| encode_cursor(&a.starts_at, a.id))
        } else {
            None
        };
        Ok(ActivityPage { items: views(&mut conn, tenant, rows).await?, next_cursor })
    }

    pub async fn activity(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ActivityView> {
        let mut conn = self.store.conn().await?;
        let row = load_row(&mut conn, tenant, access(actor, tenant), id).await?;
        view(&mut conn, tenant, row).await
    }

    pub(super) async fn check_activity_refs(
        &self,
        conn: &mut Conn,
        tenant: &Tenant,
        v: &ValidActivity,
    ) -> Result<FieldErrors> {
        let mut e = FieldErrors::new();
        check_refs(conn, tenant, &mut e, "organiser_person_ids", Table::People, &v.organiser_person_ids).await?;
        check_refs(
            conn,
            tenant,
            &mut e,
            "organiser_organisation_ids",
            Table::Organisations,
            &v.organiser_organisation_ids,
        )
        .await?;
        let themes = current_theme_ids(conn, tenant).await?;
        if v.theme_ids.iter().any(|t| !themes.contains(t)) {
            e.push("theme_ids", FieldErrorKind::Invalid);
        }
        for (field, table, id) in [
            ("theme_group_id", Table::ThemeGroups, v.fields.theme_group_id),
            ("project_id", Table::Projects, v.fields.project_id),
            ("body_id", Table::Bodies, v.fields.body_id),
        ] {
            if let Some(id) = id {
                check_refs(conn, tenant, &mut e, field, table, &[id]).await?;
            }
        }
        Ok(e)
    }

    pub(super) async fn write_links(&self, conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidActivity) -> Result<()> {
        q::replace_links(conn, tenant, ActivityLinks::Themes, id, &v.theme_ids).await?;
        q::replace_links(conn, tenant, ActivityLinks::OrganiserPeople, id, &v.organiser_person_ids).await?;
        q::replace_links(conn, tenant, ActivityLinks::OrganiserOrganisations, id, &v.organiser_organisation_ids)
            .await?;
        Ok(())
    }

    /// Creates an activity, or a series of them when `recurrence` is given; returns the (first) id.
    pub async fn create_activity(&self, actor: Option<&Actor>, tenant: &Tenant, input: &ActivityInput) -> Result<i64> {
        let actor = require_planner(actor, tenant)?;
        let v = input.validate()?;
        let starts = match &v.recurrence {
            None => vec![v.starts],
            Some(rule) => expand_rule(rule, v.starts).map_err(|k| FieldErrors::single("recurrence", k))?,
        };
        // A rule with no date between the start and its UNTIL yields nothing: bad input, not a
        // server error.
        let Some(&first_start) = starts.first() else {
            return Err(refused("recurrence", "activity.error.recurrence_empty"));
        };
        let mut tx = self.store.begin().await?;
        let e = self.check_activity_refs(&mut tx, tenant, &v).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let series = match &v.recurrence {
            // The stored rule counts exactly the occurrences made, so a calendar that expands it
            // sees the same dates as the database.
            Some(rule) => {
                let bounded = rule
                    .split(';')
                    .filter(|p| !p.starts_with("COUNT=") && !p.starts_with("UNTIL="))
                    .chain(std::iter::once(format!("COUNT={}", starts.len()).as_str()))
                    .collect::<Vec<_>>()
                    .join(";");
                // DTSTART must be the first occurrence: a start that does not fit the rule (a
                // Tuesday for "every third Thursday") is no occurrence, but RFC 5545 would count it.
                Some(q::insert_series(&mut tx, tenant, &bounded, &stored(first_start)).await?)
            }
            None => None,
        };
        let duration = v.ends - v.starts;
        let mut first = None;
        for start in starts {
            let mut fields = v.fields.clone();
            fields.starts_at = stored(start);
            fields.ends_at = stored(start + duration);
            let id = q::insert_activity(
                &mut tx,
                tenant,
                &fields,
                series.map(|s| (s, fields.starts_at.as_str())),
                Some(actor.account_id),
            )
            .await?;
            self.write_links(&mut tx, tenant, id, &v).await?;
            let after = q::activity(&mut tx, tenant, id).await?;
            audit(&mut tx, tenant, actor, ("activity", id), "create", None, after.as_ref()).await?;
            first.get_or_insert(id);
        }
        commit(tx).await?;
        first.ok_or(CoreError::Internal("no occurrences".into()))
    }

    /// Updates an activity, or with [`Scope::Series`] every occurrence of its series not edited on
    /// its own. A larger capacity moves people up from the waiting list.
    pub async fn update_activity(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ActivityInput,
        scope: Scope,
    ) -> Result<()> {
        let v = input.validate()?;
        if v.recurrence.is_some() {
            return Err(refused("recurrence", "activity.error.recurrence_on_update"));
        }
        let mut tx = self.store.begin().await?;
        let before = q::activity(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &before).await?;
        let e = self.check_activity_refs(&mut tx, tenant, &v).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let targets = match (scope, before.series_id) {
            (Scope::Series, Some(series)) => q::series_activities(&mut tx, tenant, series)
                .await?
                .into_iter()
                .filter(|a| a.id == id || a.detached == 0)
                .collect(),
            _ => vec![before.clone()],
        };
        let now = Utc::now();
        let edited_start_local = v.starts.with_timezone(&Amsterdam);
        let duration = v.ends - v.starts;
        for target in targets {
            let mut fields = v.fields.clone();
            if target.id != id {
                // Other occurrences keep their date; future ones take the new time of day.
                let start = parse_stored(&target.starts_at)?;
                let new_start = if start > now {
                    let date = start.with_timezone(&Amsterdam).date_naive();
                    Amsterdam
                        .from_local_datetime(&date.and_time(edited_start_local.time()))
                        .earliest()
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or(start)
                } else {
                    start
                };
                let new_end = if start > now { new_start + duration } else { parse_stored(&target.ends_at)? };
                fields.starts_at = stored(new_start);
                fields.ends_at = stored(new_end);
            }
            let detach = scope == Scope::Occurrence && target.series_id.is_some();
            q::update_activity(&mut tx, tenant, target.id, &fields, detach).await?;
            self.write_links(&mut tx, tenant, target.id, &v).await?;
            self.promote_waitlist(&mut tx, tenant, target.id).await?;
            let after = q::activity(&mut tx, tenant, target.id).await?;
            audit(&mut tx, tenant, actor, ("activity", target.id), "update", Some(&target), after.as_ref()).await?;
        }
        commit(tx).await
    }

    /// Cancels an activity (or the rest of its series) and tells everyone registered.
    pub async fn cancel_activity(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        reason: Option<&str>,
        scope: Scope,
    ) -> Result<()> {
        let mut e = FieldErrors::new();
        let reason = opt_text::<1000>(&mut e, "reason", reason);
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut tx = self.store.begin().await?;
        let before = q::activity(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &before).await?;
        let now = stored(Utc::now());
        let targets = match (scope, before.series_id) {
            (Scope::Series, Some(series)) => q::series_activities(&mut tx, tenant, series)
                .await?
                .into_iter()
                .filter(|a| a.id == id || a.starts_at > now)
                .collect(),
            _ => vec![before],
        };
        for target in targets.into_iter().filter(|a| a.status != "cancelled") {
            q::set_cancelled(&mut tx, tenant, target.id, reason.as_deref()).await?;
            for r in q::registrations(&mut tx, tenant, target.id).await? {
                if r.status != "cancelled" && target.starts_at > now {
                    enqueue_mail(&mut tx, tenant, r.id, "cancelled", &format!("cancelled:{}", r.id)).await?;
                }
            }
            let after = q::activity(&mut tx, tenant, target.id).await?;
            audit(&mut tx, tenant, actor, ("activity", target.id), "update", Some(&target), after.as_ref()).await?;
        }
        commit(tx).await
    }
}
