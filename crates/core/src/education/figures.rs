//! Figures for accountability: students involved per year, per programme and per kind of
//! assignment (distinct accepted students), and the results delivered (published results per year
//! they were published), for the werkplaats's coordinators and lectoren.
use crate::kernel::actor::{Actor, require_manager};
use crate::{Core, Result};
use broedplaats_store::Tenant;
use broedplaats_store::education::{self as q, AssignmentFilter};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One count under a label.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Count {
    pub label: String,
    pub count: i64,
}

/// Education involvement of one werkplaats.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EducationFigures {
    pub werkplaats: String,
    pub assignments: i64,
    pub open_assignments: i64,
    pub applications: i64,
    /// Distinct students with an accepted application.
    pub students: i64,
    /// Students per year the assignment starts (else the year they were accepted).
    pub per_year: Vec<Count>,
    /// Students per study programme of their assignment.
    pub per_programme: Vec<Count>,
    /// Students per kind of assignment.
    pub per_kind: Vec<Count>,
    /// Results delivered: published results of students' assignments.
    pub results: i64,
    /// Published results per year they were published.
    pub results_per_year: Vec<Count>,
}

fn counts(m: BTreeMap<String, BTreeSet<i64>>) -> Vec<Count> {
    m.into_iter().map(|(label, s)| Count { label, count: s.len() as i64 }).collect()
}

impl Core {
    /// The education figures of a werkplaats (its coordinators and lectoren).
    pub async fn education_figures(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<EducationFigures> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let filter = AssignmentFilter { members_view: true, limit: i64::MAX, ..AssignmentFilter::default() };
        let all = q::assignments(&mut conn, tenant, &filter).await?;
        let programmes = q::programmes(&mut conn, tenant).await?;
        let involved = q::involvement(&mut conn, tenant).await?;
        let mut applications = 0;
        for a in &all {
            applications += q::applications(&mut conn, tenant, a.id).await?.len() as i64;
        }
        let (mut year, mut programme, mut kind) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let mut students = BTreeSet::new();
        for r in &involved {
            students.insert(r.account_id);
            let y = r.starts_on.as_deref().or(r.decided_at.as_deref()).and_then(|d| d.get(..4)).unwrap_or("?");
            year.entry(y.to_owned()).or_insert_with(BTreeSet::new).insert(r.account_id);
            kind.entry(r.kind.clone()).or_insert_with(BTreeSet::new).insert(r.account_id);
            for (_, p) in programmes.iter().filter(|(a, _)| *a == r.assignment_id) {
                programme.entry(p.clone()).or_insert_with(BTreeSet::new).insert(r.account_id);
            }
        }
        let mut results_per_year: BTreeMap<String, i64> = BTreeMap::new();
        for r in q::results(&mut conn, tenant, 0).await?.iter().filter(|r| r.status == "published") {
            let y = r.reviewed_at.as_deref().unwrap_or(&r.created_at).get(..4).unwrap_or("?");
            *results_per_year.entry(y.to_owned()).or_default() += 1;
        }
        Ok(EducationFigures {
            results: results_per_year.values().sum(),
            results_per_year: results_per_year.into_iter().map(|(label, count)| Count { label, count }).collect(),
            werkplaats: tenant.slug.clone(),
            assignments: all.len() as i64,
            open_assignments: all.iter().filter(|a| a.status == "open").count() as i64,
            applications,
            students: students.len() as i64,
            per_year: counts(year),
            per_programme: counts(programme),
            per_kind: counts(kind),
        })
    }
}
