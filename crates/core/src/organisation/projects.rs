//! Projects with their partners, people and versioned plans.
use super::*;
use crate::kernel::actor::{Access, Actor, access};
use crate::kernel::audit::{audit, json};
use crate::kernel::tx::{check_refs, commit, current_theme_ids};
use crate::organisation::governance::{ProjectSize, ProjectStatus};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::organisation::{self as q, Table};
use broedplaats_store::{StoreError, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectOrganisationInput {
    pub organisation_id: i64,
    /// Agreed contribution (hours, money, in kind).
    #[serde(default)]
    pub contribution: String,
    #[serde(default)]
    pub planning: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectPersonInput {
    pub person_id: i64,
    /// Role in the project, e.g. "projectleider", "student".
    #[serde(default)]
    pub role: String,
}

/// The 4 O's (DOMAIN §5).
pub const FOUR_OS: [&str; 4] = ["onderzoek", "ontwikkeling", "onderwijs", "ondersteuning"];

/// Methods named in the agenda (DOMAIN §5).
pub const METHODS: [&str; 10] = [
    "praktijkgericht onderzoek",
    "actieleren",
    "leer- en ontwikkeltrajecten",
    "experimenten",
    "learning by doing",
    "leerkringen",
    "reflectiebijeenkomsten",
    "kenniscafés",
    "training op de werkplek",
    "masterclasses",
];

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    pub theme_id: i64,
    pub title: String,
    /// Practice questions (praktijkvragen) the project answers.
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub higher_goal: String,
    /// One or more of onderzoek, ontwikkeling, onderwijs, ondersteuning.
    pub four_os: Vec<String>,
    #[serde(default)]
    pub methods: Vec<String>,
    pub size: ProjectSize,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: ProjectStatus,
    /// `public` or `members`.
    pub visibility: String,
    /// The project plan (text); every change is kept as a plan version.
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub organisations: Vec<ProjectOrganisationInput>,
    #[serde(default)]
    pub people: Vec<ProjectPersonInput>,
    /// Note for the plan history.
    pub change_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectView {
    pub id: i64,
    pub theme_id: i64,
    pub title: String,
    pub questions: Vec<String>,
    pub higher_goal: String,
    pub four_os: Vec<String>,
    pub methods: Vec<String>,
    pub size: ProjectSize,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: ProjectStatus,
    pub visibility: String,
    pub plan: String,
    pub organisations: Vec<ProjectOrganisationInput>,
    pub people: Vec<ProjectPersonInput>,
}

fn parse_json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

fn size_code(s: ProjectSize) -> &'static str {
    match s {
        ProjectSize::Groot => "groot",
        ProjectSize::Middel => "middel",
        ProjectSize::Klein => "klein",
    }
}

fn status_code(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Idee => "idee",
        ProjectStatus::InVoorbereiding => "in_voorbereiding",
        ProjectStatus::Lopend => "lopend",
        ProjectStatus::Afgerond => "afgerond",
        ProjectStatus::Gestopt => "gestopt",
    }
}

pub fn parse_size(s: &str) -> Option<ProjectSize> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

pub fn parse_status(s: &str) -> Option<ProjectStatus> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

fn project_view(
    row: q::ProjectRow,
    orgs: &[q::ProjectOrganisationRow],
    people: &[q::ProjectPersonRow],
) -> Result<ProjectView> {
    let corrupt = || CoreError::Store(StoreError::Corrupt("project".into()));
    Ok(ProjectView {
        id: row.id,
        theme_id: row.theme_id,
        questions: parse_json_list(&row.questions),
        four_os: parse_json_list(&row.four_os),
        methods: parse_json_list(&row.methods),
        size: parse_size(&row.size).ok_or_else(corrupt)?,
        status: parse_status(&row.status).ok_or_else(corrupt)?,
        organisations: orgs
            .iter()
            .filter(|o| o.project_id == row.id)
            .map(|o| ProjectOrganisationInput {
                organisation_id: o.organisation_id,
                contribution: o.contribution.clone(),
                planning: o.planning.clone(),
            })
            .collect(),
        people: people
            .iter()
            .filter(|p| p.project_id == row.id)
            .map(|p| ProjectPersonInput { person_id: p.person_id, role: p.role.clone() })
            .collect(),
        title: row.title,
        higher_goal: row.higher_goal,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        visibility: row.visibility,
        plan: row.plan,
    })
}

impl Core {
    // projects: public or members-only; managed by managers and the themaleider of their theme

    pub async fn projects(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        theme_id: Option<i64>,
    ) -> Result<Vec<ProjectView>> {
        let members_view = access(actor, tenant) != Access::Public;
        let mut conn = self.store.conn().await?;
        let rows = q::projects(&mut conn, tenant, theme_id, members_view).await?;
        let orgs = q::all_project_organisations(&mut conn, tenant).await?;
        let people = q::all_project_people(&mut conn, tenant).await?;
        rows.into_iter().map(|r| project_view(r, &orgs, &people)).collect()
    }

    pub async fn project(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProjectView> {
        let mut conn = self.store.conn().await?;
        let row = q::project(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        if row.visibility != "public" && access(actor, tenant) == Access::Public {
            // Members-only projects do not exist for the public.
            return Err(CoreError::NotFound);
        }
        let orgs = q::all_project_organisations(&mut conn, tenant).await?;
        let people = q::all_project_people(&mut conn, tenant).await?;
        project_view(row, &orgs, &people)
    }

    pub async fn save_project(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &ProjectInput,
    ) -> Result<ProjectView> {
        let mut tx = self.store.begin().await?;
        let before_row = match id {
            Some(id) => Some(q::project(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?),
            None => None,
        };
        let actor = require_theme_manager(&mut tx, tenant, actor, input.theme_id).await?;
        if let Some(b) = &before_row
            && b.theme_id != input.theme_id
        {
            require_theme_manager(&mut tx, tenant, Some(actor), b.theme_id).await?;
        }
        let mut e = FieldErrors::new();
        let title = e.take("title", BoundedText::<300>::parse(&input.title)).map(BoundedText::into_inner);
        let mut questions = Vec::new();
        for qn in &input.questions {
            if let Some(t) = opt_text::<1000>(&mut e, "questions", Some(qn)) {
                questions.push(t);
            }
        }
        let higher_goal = opt_text::<2000>(&mut e, "higher_goal", Some(&input.higher_goal)).unwrap_or_default();
        let mut four_os = Vec::new();
        for o in &input.four_os {
            let o = o.trim().to_lowercase();
            if !FOUR_OS.contains(&o.as_str()) {
                e.push("four_os", FieldErrorKind::UnknownValue { allowed: FOUR_OS.to_vec() });
            } else if !four_os.contains(&o) {
                four_os.push(o);
            }
        }
        if four_os.is_empty() && !e.0.iter().any(|x| x.field == "four_os") {
            e.push("four_os", FieldErrorKind::Required);
        }
        let mut methods = Vec::new();
        for m in &input.methods {
            let m = m.trim().to_lowercase();
            if !METHODS.contains(&m.as_str()) {
                e.push("methods", FieldErrorKind::UnknownValue { allowed: METHODS.to_vec() });
            } else if !methods.contains(&m) {
                methods.push(m);
            }
        }
        let starts_on = parse_date(&mut e, "starts_on", input.starts_on.as_deref());
        let ends_on = parse_date(&mut e, "ends_on", input.ends_on.as_deref());
        if let (Some(s), Some(en)) = (&starts_on, &ends_on)
            && en < s
        {
            e.push("ends_on", FieldErrorKind::Invalid);
        }
        if !matches!(input.visibility.as_str(), "public" | "members") {
            e.push("visibility", FieldErrorKind::UnknownValue { allowed: vec!["public", "members"] });
        }
        let plan = opt_text::<100_000>(&mut e, "plan", Some(&input.plan)).unwrap_or_default();
        let note = opt_text::<1000>(&mut e, "change_note", input.change_note.as_deref());
        if !current_theme_ids(&mut tx, tenant).await?.contains(&input.theme_id) {
            e.push("theme_id", FieldErrorKind::Invalid);
        }
        let org_ids: Vec<i64> = input.organisations.iter().map(|o| o.organisation_id).collect();
        check_refs(&mut tx, tenant, &mut e, "organisations", Table::Organisations, &org_ids).await?;
        let person_ids: Vec<i64> = input.people.iter().map(|p| p.person_id).collect();
        check_refs(&mut tx, tenant, &mut e, "people", Table::People, &person_ids).await?;
        let Some(title) = title.filter(|_| e.is_empty()) else { return Err(e.into()) };
        let (questions_json, four_os_json, methods_json) = (json(&questions)?, json(&four_os)?, json(&methods)?);
        let fields = q::ProjectFields {
            theme_id: input.theme_id,
            title: &title,
            questions_json: &questions_json,
            higher_goal: &higher_goal,
            four_os_json: &four_os_json,
            methods_json: &methods_json,
            size: size_code(input.size),
            starts_on: starts_on.as_deref(),
            ends_on: ends_on.as_deref(),
            status: status_code(input.status),
            visibility: &input.visibility,
            plan: &plan,
        };
        let orgs_all = q::all_project_organisations(&mut tx, tenant).await?;
        let people_all = q::all_project_people(&mut tx, tenant).await?;
        let before = before_row.map(|r| project_view(r, &orgs_all, &people_all)).transpose()?;
        let id = match id {
            Some(id) => {
                q::update_project(&mut tx, tenant, id, &fields).await?;
                id
            }
            None => q::insert_project(&mut tx, tenant, &fields).await?,
        };
        let orgs: Vec<(i64, String, String)> = input
            .organisations
            .iter()
            .map(|o| (o.organisation_id, o.contribution.clone(), o.planning.clone()))
            .collect();
        let people: Vec<(i64, String)> = input.people.iter().map(|p| (p.person_id, p.role.clone())).collect();
        q::replace_project_participants(&mut tx, tenant, id, &orgs, &people).await?;
        if before.as_ref().is_none_or(|b| b.plan != plan) {
            let note = note.unwrap_or_else(|| {
                if before.is_some() { "Projectplan gewijzigd".into() } else { "Projectplan opgesteld".into() }
            });
            q::insert_plan_version(&mut tx, tenant, id, &plan, &actor.name, &note).await?;
        }
        let row = q::project(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let after = project_view(
            row,
            &q::all_project_organisations(&mut tx, tenant).await?,
            &q::all_project_people(&mut tx, tenant).await?,
        )?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("project", id), action, before.as_ref(), Some(&after)).await?;
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::documents::PROJECT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(after)
    }

    pub async fn delete_project(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let row = q::project(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_theme_manager(&mut tx, tenant, actor, row.theme_id).await?;
        let before = project_view(
            row,
            &q::all_project_organisations(&mut tx, tenant).await?,
            &q::all_project_people(&mut tx, tenant).await?,
        )?;
        q::delete_row(&mut tx, tenant, Table::Projects, id).await?;
        audit(&mut tx, tenant, actor, ("project", id), "delete", Some(&before), None).await?;
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::documents::PROJECT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    pub async fn plan_versions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        project_id: i64,
    ) -> Result<Vec<q::PlanVersionRow>> {
        self.project(actor, tenant, project_id).await?;
        let mut conn = self.store.conn().await?;
        Ok(q::plan_versions(&mut conn, tenant, project_id).await?)
    }
}
