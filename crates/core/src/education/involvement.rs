//! Education seen from elsewhere: what takes part in a theme (its assignments and their
//! programmes), and the public figures per werkplaats for the association.
use super::assignments::views;
use super::{EducationLine, ThemeEducation};
use crate::kernel::actor::Actor;
use crate::{Core, Result};
use broedplaats_store::education::{self as q, AssignmentFilter};
use broedplaats_store::organisation as org_q;
use broedplaats_store::{Tenant, werkplaats};
use chrono::Datelike;
use std::collections::BTreeSet;

impl Core {
    /// The assignments of a theme that `actor` may see (offered for the theme, or for a project in
    /// it) with their study programmes, each programme once (case-insensitively), by name.
    pub async fn theme_education(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        theme_id: i64,
    ) -> Result<ThemeEducation> {
        let mut conn = self.store.conn().await?;
        let filter = AssignmentFilter {
            members_view: actor.is_some_and(|a| a.is_member(&tenant.slug)),
            limit: i64::MAX,
            ..AssignmentFilter::default()
        };
        let projects: Vec<i64> =
            org_q::projects(&mut conn, tenant, Some(theme_id), true).await?.into_iter().map(|p| p.id).collect();
        let rows = q::assignments(&mut conn, tenant, &filter)
            .await?
            .into_iter()
            .filter(|a| a.theme_id == Some(theme_id) || a.project_id.is_some_and(|p| projects.contains(&p)))
            .collect();
        let assignments = views(&mut conn, tenant, actor, rows).await?;
        let mut seen = BTreeSet::new();
        let mut programmes: Vec<String> = Vec::new();
        for p in assignments.iter().flat_map(|a| a.programmes.iter()) {
            if seen.insert(p.to_lowercase()) {
                programmes.push(p.clone());
            }
        }
        programmes.sort_by_key(|p| p.to_lowercase());
        Ok(ThemeEducation { programmes, assignments })
    }

    /// Education involvement per werkplaats, public figures only: study programmes, open public
    /// assignments, students accepted this year (a count, no names) and public collections.
    pub async fn education_overview(&self) -> Result<Vec<EducationLine>> {
        let mut conn = self.store.conn().await?;
        let year = chrono::Utc::now().year().to_string();
        let mut out = Vec::new();
        for w in werkplaats::list(&mut conn).await? {
            let Some(t) = werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
            let filter = AssignmentFilter { limit: i64::MAX, ..AssignmentFilter::default() };
            let open = q::assignments(&mut conn, &t, &filter).await?.len() as i64;
            let students: BTreeSet<i64> = q::involvement(&mut conn, &t)
                .await?
                .into_iter()
                .filter(|r| r.decided_at.as_deref().is_some_and(|d| d.starts_with(&year)))
                .map(|r| r.account_id)
                .collect();
            let collections =
                broedplaats_store::collections::collections(&mut conn, &t, false, 0, i64::MAX).await?.len() as i64;
            out.push(EducationLine {
                programmes: q::werkplaats_programmes(&mut conn, &t).await?.len() as i64,
                open_assignments: open,
                students: students.len() as i64,
                collections,
                werkplaats: t.slug,
                werkplaats_name: t.name,
            });
        }
        Ok(out)
    }
}
