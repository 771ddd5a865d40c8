//! The governance use case: loads the facts of a werkplaats in a fixed number of queries and
//! evaluates the rules of `governance` on them.
use super::governance::{self as g, Check, Facts, Settings};
use super::groups::{load_bodies, load_groups};
use super::partners::load_people;
use super::projects::{parse_size, parse_status};
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrors, OrganisationKind, Role};
use broedplaats_store::organisation as q;
use broedplaats_store::{Conn, StoreError, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GovernanceReport {
    /// When the rules were evaluated (UTC, RFC 3339).
    pub evaluated_at: String,
    pub checks: Vec<Check>,
}

impl GovernanceReport {
    pub fn violations(&self) -> usize {
        self.checks.iter().filter(|c| c.status == g::CheckStatus::Violation).count()
    }
    pub fn warnings(&self) -> usize {
        self.checks.iter().filter(|c| c.status == g::CheckStatus::Warning).count()
    }
}

impl Core {
    /// Evaluates every governance rule now (members of the werkplaats).
    ///
    /// Reports are cached per werkplaats and reused while nothing they depend on changed (see
    /// [`CacheKey`]): a check costs one small query instead of loading every fact, which matters
    /// because the agenda page shows coordinators the number of open violations.
    pub async fn governance(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<GovernanceReport> {
        crate::kernel::actor::require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let settings = load_settings(&mut conn, tenant).await?;
        let today = chrono::Utc::now().date_naive();
        let (audit, version) = q::governance_state(&mut conn, tenant).await?;
        let key = CacheKey { audit, version, today, settings: serde_json::to_string(&settings).unwrap_or_default() };
        if let Some(report) = self.governance_cache.get(tenant.log_id(), &key) {
            return Ok(report);
        }
        let facts = load_facts(&mut conn, tenant, today).await?;
        let report = GovernanceReport {
            evaluated_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            checks: g::evaluate(&facts, &settings),
        };
        self.governance_cache.put(tenant.log_id(), key, report.clone());
        Ok(report)
    }

    pub async fn governance_settings(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Settings> {
        crate::kernel::actor::require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_settings(&mut conn, tenant).await
    }

    /// Replaces the thresholds (managers only): a werkplaats may have other agreements.
    pub async fn set_governance_settings(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        s: &Settings,
    ) -> Result<Settings> {
        if access(actor, tenant) != Access::Manager {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let mut e = FieldErrors::new();
        if s.min_main_themes > s.max_main_themes {
            e.push("min_main_themes", broedplaats_domain::FieldErrorKind::Invalid);
        }
        if !(0.0..=5.0).contains(&s.teacher_researcher_min_days) {
            e.push("teacher_researcher_min_days", broedplaats_domain::FieldErrorKind::Invalid);
        }
        if s.mt_months_checked > 24 {
            e.push("mt_months_checked", broedplaats_domain::FieldErrorKind::TooLong { max: 24 });
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let json = serde_json::to_string(s).map_err(|e| CoreError::Internal(e.to_string()))?;
        let mut tx = self.store.begin().await?;
        q::set_governance_settings(&mut tx, tenant, &json).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(s.clone())
    }
}

/// Everything a governance report depends on besides the facts themselves: the newest audit entry
/// (every organisation change writes one), the newest agenda version, the settings and the day
/// (rule 5 looks at the last calendar months).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    audit: i64,
    version: i64,
    today: chrono::NaiveDate,
    settings: String,
}

/// The last report per werkplaats, in this process. Several instances each keep their own; the key
/// is read from the shared database, so none serves a report older than the data.
#[derive(Debug, Default)]
pub struct GovernanceCache(std::sync::Mutex<std::collections::HashMap<i64, (CacheKey, GovernanceReport)>>);

impl GovernanceCache {
    fn get(&self, tenant: i64, key: &CacheKey) -> Option<GovernanceReport> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&tenant).filter(|(k, _)| k == key).map(|(_, r)| r.clone())
    }
    fn put(&self, tenant: i64, key: CacheKey, report: GovernanceReport) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(tenant, (key, report));
    }
}

async fn load_settings(conn: &mut Conn, tenant: &Tenant) -> Result<Settings> {
    Ok(match q::governance_settings(conn, tenant).await? {
        Some(json) => {
            serde_json::from_str(&json).map_err(|_| CoreError::Store(StoreError::Corrupt("settings".into())))?
        }
        None => Settings::default(),
    })
}

/// Everything the rules need, in eleven queries whatever the size of the werkplaats.
pub async fn load_facts(conn: &mut Conn, tenant: &Tenant, today: chrono::NaiveDate) -> Result<Facts> {
    let corrupt = |what: &str| CoreError::Store(StoreError::Corrupt(what.to_owned()));
    let agenda = broedplaats_store::agenda::current(conn, tenant).await?.ok_or(CoreError::NotFound)?;
    let themes = broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?;
    let theme_ids: Vec<i64> = themes.iter().map(|t| t.id).collect();
    let organisations = q::organisations(conn, tenant, None, None, i64::MAX)
        .await?
        .into_iter()
        .map(|o| {
            Ok(g::OrganisationFact {
                kind: OrganisationKind::parse(&o.kind).map_err(|_| corrupt("organisation kind"))?,
                id: o.id,
                name: o.name,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let people = load_people(conn, tenant)
        .await?
        .into_iter()
        .map(|p| g::PersonFact {
            functions: p.functions.iter().filter_map(|f| Role::parse(f).ok()).collect(),
            id: p.id,
            name: p.name,
            organisation_id: p.organisation_id,
            is_manager: p.is_manager,
            days_per_week: p.days_per_week,
        })
        .collect();
    let theme_groups = load_groups(conn, tenant)
        .await?
        .into_iter()
        .filter(|g| theme_ids.contains(&g.theme_id))
        .map(|g| g::ThemeGroupFact {
            id: g.id,
            theme_id: g.theme_id,
            name: g.name,
            lead_person_id: g.lead_person_id,
            organisation_ids: g.organisation_ids,
            member_ids: g.member_ids,
        })
        .collect();
    let mut project_orgs: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    for o in q::all_project_organisations(conn, tenant).await? {
        project_orgs.entry(o.project_id).or_default().push(o.organisation_id);
    }
    let mut project_people: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    for p in q::all_project_people(conn, tenant).await? {
        project_people.entry(p.project_id).or_default().push(p.person_id);
    }
    let projects = q::projects(conn, tenant, None, true)
        .await?
        .into_iter()
        .filter(|p| theme_ids.contains(&p.theme_id))
        .map(|p| {
            Ok(g::ProjectFact {
                size: parse_size(&p.size).ok_or_else(|| corrupt("project size"))?,
                status: parse_status(&p.status).ok_or_else(|| corrupt("project status"))?,
                organisation_ids: project_orgs.remove(&p.id).unwrap_or_default(),
                person_ids: project_people.remove(&p.id).unwrap_or_default(),
                id: p.id,
                title: p.title,
                theme_id: p.theme_id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let letters = q::letters(conn, tenant)
        .await?
        .into_iter()
        .map(|l| g::LetterFact { id: l.id, organisation_id: l.organisation_id, representative_id: l.representative_id })
        .collect();
    // Rule 8 counts what theme groups organise for practice (planned or held), not their own meetings.
    let mut sharing: std::collections::HashMap<i64, u32> = Default::default();
    for (group, _, kind) in broedplaats_store::activities::theme_group_activities(conn, tenant).await? {
        if broedplaats_domain::ActivityKind::parse(&kind).is_ok_and(|k| !k.is_body_meeting()) {
            *sharing.entry(group).or_default() += 1;
        }
    }
    let bodies = load_bodies(conn, tenant).await?;
    let body = |kind: &str| {
        bodies.iter().find(|b| b.kind == kind).map(|b| g::BodyFact {
            id: b.id,
            member_ids: b.member_ids.clone(),
            meetings: b.meetings.iter().filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).collect(),
        })
    };
    Ok(Facts {
        today,
        organisations,
        people,
        themes: themes
            .iter()
            .map(|t| g::ThemeFact { id: t.id, title: t.title.clone(), separately_funded: t.funding.is_some() })
            .collect(),
        theme_groups,
        projects,
        letters,
        mt: body("mt"),
        consortium: body("consortium"),
        knowledge_sharing_per_group: Some(sharing),
        grants: load_grant_facts(conn, tenant, today).await?,
    })
}

/// The grants with their matching per year (issue 18): realised contributions naming a grant count.
async fn load_grant_facts(conn: &mut Conn, tenant: &Tenant, today: chrono::NaiveDate) -> Result<Vec<g::GrantFact>> {
    use broedplaats_store::grants as gq;
    use chrono::Datelike;
    let mut amounts: std::collections::HashMap<(i64, i64), i64> = Default::default();
    for (grant, year, amount) in gq::grant_amounts(conn, tenant).await? {
        amounts.insert((grant, year), amount);
    }
    let mut sums: std::collections::HashMap<(i64, i64), (i64, i64, i64)> = Default::default();
    for (grant, year, kind, status, sum) in gq::grant_contribution_sums(conn, tenant, None).await? {
        let e = sums.entry((grant, year)).or_default();
        match (status.as_str(), kind.as_str()) {
            ("realised", "cash") => e.0 += sum,
            ("realised", _) => e.1 += sum,
            _ => e.2 += sum,
        }
    }
    let year_of = |d: &str| d.get(..4).and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
    Ok(gq::grants(conn, tenant)
        .await?
        .into_iter()
        .map(|gr| g::GrantFact {
            years: (year_of(&gr.starts_on)..=year_of(&gr.ends_on))
                .map(|y| {
                    broedplaats_domain::assess_matching(
                        y as i32,
                        amounts.get(&(gr.id, y)).copied(),
                        gr.matching_ratio,
                        sums.get(&(gr.id, y)).copied().unwrap_or_default(),
                        today.year(),
                    )
                })
                .collect(),
            id: gr.id,
            title: gr.title,
        })
        .collect())
}
