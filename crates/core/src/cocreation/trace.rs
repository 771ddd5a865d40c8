//! Where every theme came from and where every pitch ended up, and the printable process report.
use super::concept::amendment_view;
use super::process::process_view;
use super::*;
use crate::Core;
use crate::kernel::actor::{Access, access, require_member};
use broedplaats_domain::{AmendmentDecision, PitchRole};
use std::collections::{BTreeMap, BTreeSet, HashMap};

impl Core {
    /// Every theme of the adopted agenda (or of the concept, before adoption) with the clusters,
    /// pitches, people, organisations, writers and amendments behind it; and every pitch that
    /// was not taken up, with the reason (members).
    pub async fn trace(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<TraceView> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        trace_of(self, &mut conn, tenant, &row).await
    }

    /// The account of a process for printing and for accountability: what happened, who took
    /// part by kind of organisation, and the trace (members).
    pub async fn process_report(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ReportView> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        let trace = trace_of(self, &mut conn, tenant, &row).await?;
        let events = q::events(&mut conn, tenant, id)
            .await?
            .into_iter()
            .map(|e| EventView { kind: e.kind, summary: e.summary, by: e.actor_name, at: e.at })
            .collect();
        let people = q::pitch_people(&mut conn, tenant, id).await?;
        let votes = q::votes(&mut conn, tenant, id).await?;
        let texts = q::texts(&mut conn, tenant, id).await?;
        let amendments = q::amendments(&mut conn, tenant, id).await?;
        let orgs: HashMap<i64, (String, String)> = q::account_organisations(&mut conn, tenant)
            .await?
            .into_iter()
            .map(|(account, _, name, kind)| (account, (name, kind)))
            .collect();
        // One entry per person: an account, or a name for someone named without one.
        let mut who: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
        let mut add = |account: Option<i64>, name: &str, org: Option<(String, String)>| {
            let key = account.map(|a| format!("a{a}")).unwrap_or_else(|| format!("n{name}"));
            let org = account.and_then(|a| orgs.get(&a).cloned()).or(org);
            let slot = who.entry(key).or_insert(None);
            if slot.is_none() {
                *slot = org;
            }
        };
        for p in &people {
            let org = p.organisation_name.clone().zip(p.organisation_kind.clone());
            add(p.account_id, &p.name, org);
        }
        for v in &votes {
            add(Some(v.account_id), &v.name, None);
        }
        for x in &texts {
            add(x.author_account_id, &x.author_name, None);
        }
        for a in &amendments {
            add(a.author_account_id, &a.author_name, None);
        }
        let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut organisations: BTreeSet<String> = BTreeSet::new();
        for org in who.values() {
            match org {
                Some((name, kind)) => {
                    *by_kind.entry(kind.clone()).or_default() += 1;
                    organisations.insert(name.clone());
                }
                None => *by_kind.entry("onbekend".into()).or_default() += 1,
            }
        }
        let voters: BTreeSet<i64> = votes.iter().map(|v| v.account_id).collect();
        let clusters = q::clusters(&mut conn, tenant, id).await?.len();
        let pitches = q::pitches(&mut conn, tenant, id).await?.len();
        let process = process_view(&mut conn, tenant, row, access(actor, tenant) == Access::Manager).await?;
        Ok(ReportView {
            process,
            events,
            participants: who.len(),
            by_organisation_kind: by_kind.into_iter().collect(),
            organisations: organisations.into_iter().collect(),
            pitches,
            clusters,
            votes_cast: voters.len(),
            amendments: amendments.len(),
            amendments_accepted: amendments
                .iter()
                .filter(|a| {
                    matches!(
                        a.decision.as_deref().map(AmendmentDecision::parse),
                        Some(Ok(AmendmentDecision::Accepted | AmendmentDecision::PartlyAccepted))
                    )
                })
                .count(),
            trace,
        })
    }
}

async fn trace_of(core: &Core, conn: &mut Conn, tenant: &Tenant, row: &ProcessRow) -> Result<TraceView> {
    let version = row.adopted_version.or(row.concept_version);
    let themes = match version {
        Some(n) => core.agenda_version(tenant, n).await?.1.themes,
        None => Vec::new(),
    };
    let clusters = super::clusters::cluster_views(conn, tenant, row.id).await?;
    let pitches = super::pitches::pitch_views(conn, tenant, row, None).await?;
    let amendments =
        q::amendments(conn, tenant, row.id).await?.into_iter().map(amendment_view).collect::<Result<Vec<_>>>()?;
    let concerns = super::texts::concern_views(conn, tenant, row.id).await?;
    let by_id: HashMap<i64, &ClusterView> = clusters.iter().map(|c| (c.id, c)).collect();
    let mut traced: BTreeSet<i64> = BTreeSet::new();
    let mut out = Vec::new();
    for theme in &themes {
        let mut lineage: Vec<&ClusterView> = Vec::new();
        let mut queue: Vec<i64> = clusters
            .iter()
            .filter(|c| c.theme_id == Some(theme.id) && c.status == ClusterStatus::Active)
            .map(|c| c.id)
            .collect();
        while let Some(cid) = queue.pop() {
            if let Some(c) = by_id.get(&cid)
                && !lineage.iter().any(|l| l.id == cid)
            {
                lineage.push(c);
                queue.extend(c.source_ids.iter().copied());
            }
        }
        let pitch_ids: BTreeSet<i64> = lineage
            .iter()
            .filter(|c| c.status == ClusterStatus::Active)
            .flat_map(|c| c.pitch_ids.iter().copied())
            .collect();
        traced.extend(pitch_ids.iter().copied());
        let theme_pitches: Vec<PitchTrace> = pitches
            .iter()
            .filter(|p| pitch_ids.contains(&p.id))
            .map(|p| {
                let mut organisations: Vec<String> = p.organisation.iter().cloned().collect();
                for o in
                    p.people.iter().filter(|x| x.role != PitchRole::Supporter).filter_map(|x| x.organisation.clone())
                {
                    if !organisations.contains(&o) {
                        organisations.push(o);
                    }
                }
                PitchTrace {
                    id: p.id,
                    title: p.title.clone(),
                    authors: p
                        .people
                        .iter()
                        .filter(|x| x.role != PitchRole::Supporter)
                        .map(|x| x.name.clone())
                        .collect(),
                    organisations,
                }
            })
            .collect();
        let mut contributors: Vec<String> = Vec::new();
        for c in &lineage {
            for name in &c.contributors {
                if !contributors.contains(name) {
                    contributors.push(name.clone());
                }
            }
        }
        out.push(ThemeTrace {
            theme_id: theme.id,
            title: theme.title.clone(),
            clusters: lineage
                .iter()
                .map(|c| ClusterRef { id: c.id, title: c.title.clone(), origin: c.origin.clone() })
                .collect(),
            concerns: concerns
                .iter()
                .filter(|c| c.pitch_ids.iter().any(|p| pitch_ids.contains(p)))
                .map(|c| c.title.clone())
                .collect(),
            pitches: theme_pitches,
            contributors,
            amendments: amendments
                .iter()
                .filter(|a| a.theme_id == Some(theme.id))
                .map(|a| AmendmentRef { id: a.id, decision: a.decision, section: a.section, author: a.author.clone() })
                .collect(),
        });
    }
    let not_taken_up = pitches
        .iter()
        .filter(|p| !traced.contains(&p.id))
        .map(|p| {
            let cluster = p.cluster_id.and_then(|c| by_id.get(&c));
            let reason = p
                .not_taken_up_reason
                .clone()
                .or_else(|| cluster.and_then(|c| c.not_taken_up_reason.clone()))
                .unwrap_or_else(|| match cluster {
                    Some(c) if version.is_some() => format!("Cluster ‘{}’ is niet uitgewerkt tot een thema.", c.title),
                    Some(c) => format!("In cluster ‘{}’; nog geen agendaversie.", c.title),
                    None => "Niet in een cluster opgenomen.".to_owned(),
                });
            NotTakenUp { pitch_id: p.id, title: p.title.clone(), reason }
        })
        .collect();
    Ok(TraceView { version, themes: out, not_taken_up })
}
