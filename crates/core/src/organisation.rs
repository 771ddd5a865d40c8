//! The werkplaats organisation (DOMAIN §3): partner organisations, people and their functions,
//! letters of intent, theme groups, projects and bodies. Every change is authorised here, written
//! in one transaction and recorded in the audit log with its before and after.
use crate::auth::Actor;
use crate::governance::{ProjectSize, ProjectStatus};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrorKind, FieldErrors, OrganisationKind, Role};
use broedplaats_store::organisation::{self as q, Links, Table};
use broedplaats_store::{Conn, StoreError, Tenant};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// Who may do what in the organisation of a werkplaats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Programme coordinator or lector: manages everything.
    Manager,
    /// Has a role in the werkplaats: sees members-only content.
    Member,
    Public,
}

pub fn access(actor: Option<&Actor>, tenant: &Tenant) -> Access {
    match actor {
        Some(a) if a.roles_in(&tenant.slug).any(|r| matches!(r, Role::ProgrammeCoordinator | Role::Lector)) => {
            Access::Manager
        }
        Some(a) if a.is_member(&tenant.slug) => Access::Member,
        _ => Access::Public,
    }
}

fn require_manager<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    match (actor, access(actor, tenant)) {
        (None, _) => Err(CoreError::Unauthenticated),
        (Some(a), Access::Manager) => Ok(a),
        _ => Err(CoreError::Forbidden),
    }
}

fn require_member<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    crate::auth::require_member(actor, tenant)
}

// ---- inputs ----------------------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    /// gemeente, welzijn, zorg, hogeschool, lectoraat, opleiding, burger_clientorganisatie,
    /// landelijke_kennispartner, overig
    pub kind: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

struct ValidOrganisation {
    name: String,
    kind: OrganisationKind,
    city: Option<String>,
    website: Option<String>,
    email: Option<String>,
}

fn opt_text<const N: usize>(errors: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    errors.take(field, BoundedText::<N>::parse_optional(v)).flatten().map(BoundedText::into_inner)
}

impl OrganisationInput {
    fn validate(&self) -> Result<ValidOrganisation, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.take("name", BoundedText::<200>::parse(&self.name)).map(BoundedText::into_inner);
        let kind = e.take("kind", OrganisationKind::parse(self.kind.trim()));
        let city = opt_text::<200>(&mut e, "city", self.city.as_deref());
        let website = opt_text::<500>(&mut e, "website", self.website.as_deref());
        if let Some(w) = &website
            && !(w.starts_with("https://") || w.starts_with("http://"))
        {
            e.push("website", FieldErrorKind::Invalid);
        }
        let email = match self.email.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => e.take("email", Email::parse(raw)).map(|m| m.as_str().to_owned()),
        };
        match (name, kind) {
            (Some(name), Some(kind)) if e.is_empty() => Ok(ValidOrganisation { name, kind, city, website, email }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub name: String,
    pub email: Option<String>,
    pub organisation_id: Option<i64>,
    /// Job title, e.g. "directeur".
    pub position: Option<String>,
    /// Manager or director at their organisation.
    #[serde(default)]
    pub is_manager: bool,
    /// Days a week for the werkplaats (0-5), e.g. 1 for a docent-onderzoeker.
    pub days_per_week: Option<f64>,
    /// What the person does in the werkplaats: role codes such as `lector`, `teacher-researcher`.
    #[serde(default)]
    pub functions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterInput {
    pub organisation_id: i64,
    /// Date signed, YYYY-MM-DD.
    pub signed_on: String,
    /// The manager/director representing the partner in the consortium.
    pub representative_id: Option<i64>,
    /// Estimated contribution in hours for the period.
    pub estimated_hours: Option<i64>,
    /// Estimated contribution in words (money, rooms, materials…).
    pub estimated_note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeGroupInput {
    pub theme_id: i64,
    /// The themaleider (a docent-onderzoeker).
    pub lead_person_id: Option<i64>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub organisation_ids: Vec<i64>,
    #[serde(default)]
    pub member_ids: Vec<i64>,
}

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

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyInput {
    /// `mt` or `consortium`.
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub member_ids: Vec<i64>,
}

fn parse_date(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
        Err(_) => {
            e.push(field, FieldErrorKind::Invalid);
            None
        }
    }
}

/// Checks that every id refers to a row of `table` in this werkplaats.
pub(crate) async fn check_refs(
    conn: &mut Conn,
    t: &Tenant,
    e: &mut FieldErrors,
    field: &str,
    table: Table,
    ids: &[i64],
) -> Result<()> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != ids.len() {
        e.push(field, FieldErrorKind::Duplicate);
        return Ok(());
    }
    let found = q::existing_ids(conn, t, table, &unique).await?;
    if found.len() != unique.len() {
        e.push(field, FieldErrorKind::Invalid);
    }
    Ok(())
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Internal(e.to_string()))
}

/// Records a change of `entity` (type, id) in the audit log with its before and after.
pub(crate) async fn audit<T: Serialize>(
    conn: &mut Conn,
    t: &Tenant,
    actor: &Actor,
    (entity, id): (&str, i64),
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let before = before.map(json).transpose()?;
    let after = after.map(json).transpose()?;
    q::insert_audit(
        conn,
        t,
        &q::AuditEntry {
            actor_name: &actor.name,
            actor_account_id: Some(actor.account_id),
            entity_type: entity,
            entity_id: id,
            action,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn commit(tx: broedplaats_store::Tx<'static>) -> Result<()> {
    tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))
}

/// Maps a uniqueness conflict to the field a person can fix.
fn conflict_on(field: &'static str) -> impl Fn(StoreError) -> CoreError {
    move |e| match e {
        StoreError::Conflict(_) => CoreError::Invalid(FieldErrors::single(field, FieldErrorKind::Duplicate)),
        e => CoreError::from(e),
    }
}

// ---- use cases -------------------------------------------------------------------------------------

/// A person as the API shows them (members only).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation_id: Option<i64>,
    pub position: Option<String>,
    pub is_manager: bool,
    pub days_per_week: Option<f64>,
    pub functions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeGroupView {
    pub id: i64,
    pub theme_id: i64,
    /// The theme's title.
    pub name: String,
    pub lead_person_id: Option<i64>,
    pub description: String,
    pub organisation_ids: Vec<i64>,
    pub member_ids: Vec<i64>,
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BodyView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub member_ids: Vec<i64>,
    /// Dates of the body's meetings (its MT- or consortiumoverleg activities), read-only here:
    /// meetings are planned as activities.
    pub meetings: Vec<String>,
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

/// The person record of an actor in this werkplaats, if any.
async fn actor_person(conn: &mut Conn, t: &Tenant, actor: &Actor) -> Result<Option<i64>> {
    Ok(q::people_full(conn, t)
        .await?
        .into_iter()
        .find(|p| p.email.as_deref() == Some(actor.email.as_str()))
        .map(|p| p.id))
}

/// Managers, and the themaleider of the group of `theme_id`, may manage that theme's group and projects.
async fn require_theme_manager<'a>(
    conn: &mut Conn,
    t: &Tenant,
    actor: Option<&'a Actor>,
    theme_id: i64,
) -> Result<&'a Actor> {
    let a = actor.ok_or(CoreError::Unauthenticated)?;
    if access(Some(a), t) == Access::Manager {
        return Ok(a);
    }
    if access(Some(a), t) == Access::Member
        && let Some(person) = actor_person(conn, t, a).await?
        && q::theme_groups(conn, t).await?.iter().any(|g| g.theme_id == theme_id && g.lead_person_id == Some(person))
    {
        return Ok(a);
    }
    Err(CoreError::Forbidden)
}

impl Core {
    // organisations: public names, managed by managers

    pub async fn organisations(
        &self,
        tenant: &Tenant,
        kind: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<crate::people::Paged<q::OrganisationRow>> {
        let limit = limit.clamp(1, 200);
        let after = cursor.and_then(crate::people::decode_cursor);
        let mut conn = self.store.conn().await?;
        let mut items =
            q::organisations(&mut conn, tenant, kind, after.as_ref().map(|(n, i)| (n.as_str(), *i)), limit + 1).await?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|o| crate::people::encode_cursor(&o.name, o.id))
        } else {
            None
        };
        Ok(crate::people::Paged { items, next_cursor })
    }

    pub async fn organisation(&self, tenant: &Tenant, id: i64) -> Result<q::OrganisationRow> {
        let mut conn = self.store.conn().await?;
        q::organisation(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)
    }

    pub async fn save_organisation(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &OrganisationInput,
    ) -> Result<q::OrganisationRow> {
        let actor = require_manager(actor, tenant)?;
        let v = input.validate()?;
        let fields = q::OrganisationFields {
            name: &v.name,
            kind: v.kind.code(),
            city: v.city.as_deref(),
            website: v.website.as_deref(),
            email: v.email.as_deref(),
        };
        let mut tx = self.store.begin().await?;
        let before = match id {
            Some(id) => Some(q::organisation(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?),
            None => None,
        };
        let id = match id {
            Some(id) => {
                q::update_organisation(&mut tx, tenant, id, &fields).await.map_err(conflict_on("name"))?;
                id
            }
            None => q::insert_organisation_full(&mut tx, tenant, &fields).await.map_err(conflict_on("name"))?,
        };
        let after = q::organisation(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("organisation", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_organisation(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::organisation(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::Organisations, id).await?;
        audit(&mut tx, tenant, actor, ("organisation", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    // people: members only

    pub async fn people_full(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<PersonView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_people(&mut conn, tenant).await
    }

    pub async fn person(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<PersonView> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_people(&mut conn, tenant).await?.into_iter().find(|p| p.id == id).ok_or(CoreError::NotFound)
    }

    pub async fn save_person(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &PersonInput,
    ) -> Result<PersonView> {
        let actor = require_manager(actor, tenant)?;
        let mut e = FieldErrors::new();
        let name = e.take("name", BoundedText::<200>::parse(&input.name)).map(BoundedText::into_inner);
        let email = match input.email.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => e.take("email", Email::parse(raw)).map(|m| m.as_str().to_owned()),
        };
        let position = opt_text::<200>(&mut e, "position", input.position.as_deref());
        if let Some(d) = input.days_per_week
            && !(0.0..=5.0).contains(&d)
        {
            e.push("days_per_week", FieldErrorKind::Invalid);
        }
        let mut functions = Vec::new();
        for f in &input.functions {
            match Role::parse(f.trim()) {
                Ok(Role::ThemeLead) => e.push("functions", FieldErrorKind::Invalid),
                Ok(r) if !functions.contains(&r) => functions.push(r),
                Ok(_) => {}
                Err(k) => e.push("functions", k),
            }
        }
        let mut tx = self.store.begin().await?;
        if let Some(org) = input.organisation_id {
            check_refs(&mut tx, tenant, &mut e, "organisation_id", Table::Organisations, &[org]).await?;
        }
        let Some(name) = name.filter(|_| e.is_empty()) else { return Err(e.into()) };
        let fields = q::PersonFields {
            name: &name,
            email: email.as_deref(),
            organisation_id: input.organisation_id,
            position: position.as_deref(),
            is_manager: input.is_manager,
            days_per_week: input.days_per_week,
        };
        let before = match id {
            Some(id) => {
                Some(load_people(&mut tx, tenant).await?.into_iter().find(|p| p.id == id).ok_or(CoreError::NotFound)?)
            }
            None => None,
        };
        let id = match id {
            Some(id) => {
                q::update_person(&mut tx, tenant, id, &fields).await?;
                id
            }
            None => q::insert_person_full(&mut tx, tenant, &fields).await?,
        };
        let codes: Vec<&str> = functions.iter().map(|r| r.code()).collect();
        q::set_functions(&mut tx, tenant, id, &codes).await?;
        let after = load_people(&mut tx, tenant).await?.into_iter().find(|p| p.id == id).ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("person", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_person(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_people(&mut tx, tenant).await?.into_iter().find(|p| p.id == id).ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::People, id).await?;
        audit(&mut tx, tenant, actor, ("person", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    // letters of intent: members see them, managers manage

    pub async fn letters(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<q::LetterRow>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(q::letters(&mut conn, tenant).await?)
    }

    pub async fn letter(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<q::LetterRow> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        q::letter(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)
    }

    pub async fn save_letter(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &LetterInput,
    ) -> Result<q::LetterRow> {
        let actor = require_manager(actor, tenant)?;
        let mut e = FieldErrors::new();
        let signed_on = parse_date(&mut e, "signed_on", Some(&input.signed_on));
        if input.signed_on.trim().is_empty() {
            e.push("signed_on", FieldErrorKind::Required);
        }
        if input.estimated_hours.is_some_and(|h| h < 0) {
            e.push("estimated_hours", FieldErrorKind::Invalid);
        }
        let note = opt_text::<2000>(&mut e, "estimated_note", input.estimated_note.as_deref());
        let mut tx = self.store.begin().await?;
        check_refs(&mut tx, tenant, &mut e, "organisation_id", Table::Organisations, &[input.organisation_id]).await?;
        if let Some(r) = input.representative_id {
            check_refs(&mut tx, tenant, &mut e, "representative_id", Table::People, &[r]).await?;
        }
        let Some(signed_on) = signed_on.filter(|_| e.is_empty()) else { return Err(e.into()) };
        let fields = q::LetterFields {
            organisation_id: input.organisation_id,
            signed_on: &signed_on,
            representative_id: input.representative_id,
            estimated_hours: input.estimated_hours,
            estimated_note: note.as_deref(),
        };
        let before = match id {
            Some(id) => Some(q::letter(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?),
            None => None,
        };
        let id = match id {
            Some(id) => {
                q::update_letter(&mut tx, tenant, id, &fields).await.map_err(conflict_on("organisation_id"))?;
                id
            }
            None => q::insert_letter(&mut tx, tenant, &fields).await.map_err(conflict_on("organisation_id"))?,
        };
        let after = q::letter(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("letter_of_intent", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_letter(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::letter(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::LettersOfIntent, id).await?;
        audit(&mut tx, tenant, actor, ("letter_of_intent", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    // theme groups: public, managed by managers and their themaleider

    pub async fn theme_groups(&self, tenant: &Tenant) -> Result<Vec<ThemeGroupView>> {
        let mut conn = self.store.conn().await?;
        load_groups(&mut conn, tenant).await
    }

    pub async fn theme_group(&self, tenant: &Tenant, id: i64) -> Result<ThemeGroupView> {
        self.theme_groups(tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)
    }

    pub async fn save_theme_group(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &ThemeGroupInput,
    ) -> Result<ThemeGroupView> {
        let mut tx = self.store.begin().await?;
        let before = match id {
            Some(id) => {
                Some(load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?)
            }
            None => None,
        };
        // A themaleider may edit their own group but not move it to another theme.
        let theme_for_rights = before.as_ref().map(|b| b.theme_id).unwrap_or(input.theme_id);
        let actor = match (before.is_some(), access(actor, tenant)) {
            (false, _) => require_manager(actor, tenant)?,
            _ => require_theme_manager(&mut tx, tenant, actor, theme_for_rights).await?,
        };
        if access(Some(actor), tenant) != Access::Manager && input.theme_id != theme_for_rights {
            return Err(CoreError::Forbidden);
        }
        let mut e = FieldErrors::new();
        let description = opt_text::<5000>(&mut e, "description", Some(&input.description)).unwrap_or_default();
        let themes = current_theme_ids(&mut tx, tenant).await?;
        if !themes.contains(&input.theme_id) {
            e.push("theme_id", FieldErrorKind::Invalid);
        }
        if let Some(lead) = input.lead_person_id {
            check_refs(&mut tx, tenant, &mut e, "lead_person_id", Table::People, &[lead]).await?;
        }
        check_refs(&mut tx, tenant, &mut e, "organisation_ids", Table::Organisations, &input.organisation_ids).await?;
        check_refs(&mut tx, tenant, &mut e, "member_ids", Table::People, &input.member_ids).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let id = match id {
            Some(id) => {
                q::update_theme_group(&mut tx, tenant, id, input.theme_id, input.lead_person_id, &description)
                    .await
                    .map_err(conflict_on("theme_id"))?;
                id
            }
            None => q::insert_theme_group(&mut tx, tenant, input.theme_id, input.lead_person_id, &description)
                .await
                .map_err(conflict_on("theme_id"))?,
        };
        q::replace_links(&mut tx, tenant, Links::ThemeGroupOrganisations, id, &input.organisation_ids).await?;
        q::replace_links(&mut tx, tenant, Links::ThemeGroupMembers, id, &input.member_ids).await?;
        let after = load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("theme_group", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_theme_group(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_groups(&mut tx, tenant).await?.into_iter().find(|g| g.id == id).ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::ThemeGroups, id).await?;
        audit(&mut tx, tenant, actor, ("theme_group", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

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
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, crate::search::PROJECT, id).await?;
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
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, crate::search::PROJECT, id).await?;
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

    // bodies: members see them, managers manage

    pub async fn bodies(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<BodyView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load_bodies(&mut conn, tenant).await
    }

    pub async fn body(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<BodyView> {
        self.bodies(actor, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)
    }

    pub async fn save_body(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: Option<i64>,
        input: &BodyInput,
    ) -> Result<BodyView> {
        let actor = require_manager(actor, tenant)?;
        let mut e = FieldErrors::new();
        if !matches!(input.kind.as_str(), "mt" | "consortium") {
            e.push("kind", FieldErrorKind::UnknownValue { allowed: vec!["mt", "consortium"] });
        }
        let name = e.take("name", BoundedText::<200>::parse(&input.name)).map(BoundedText::into_inner);
        let mut tx = self.store.begin().await?;
        check_refs(&mut tx, tenant, &mut e, "member_ids", Table::People, &input.member_ids).await?;
        let Some(name) = name.filter(|_| e.is_empty()) else { return Err(e.into()) };
        let before = match id {
            Some(id) => {
                Some(load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?)
            }
            None => None,
        };
        if before.as_ref().is_some_and(|b| b.kind != input.kind) {
            return Err(FieldErrors::single("kind", FieldErrorKind::Invalid).into());
        }
        let id = match id {
            Some(id) => {
                q::update_body(&mut tx, tenant, id, &name).await?;
                id
            }
            None => q::insert_body(&mut tx, tenant, &input.kind, &name).await.map_err(conflict_on("kind"))?,
        };
        q::replace_links(&mut tx, tenant, Links::BodyMembers, id, &input.member_ids).await?;
        let after = load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?;
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("body", id), action, before.as_ref(), Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    pub async fn delete_body(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = load_bodies(&mut tx, tenant).await?.into_iter().find(|b| b.id == id).ok_or(CoreError::NotFound)?;
        q::delete_row(&mut tx, tenant, Table::Bodies, id).await?;
        audit(&mut tx, tenant, actor, ("body", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    /// The audit log, newest first (managers only).
    pub async fn audit_log(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<q::AuditRow>> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        Ok(q::audit_log(&mut conn, tenant, before_id, limit.clamp(1, 200)).await?)
    }
}

pub(crate) async fn current_theme_ids(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<i64>> {
    let agenda = broedplaats_store::agenda::current(conn, tenant).await?.ok_or(CoreError::NotFound)?;
    Ok(broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?.iter().map(|t| t.id).collect())
}

/// (parent, child) pairs grouped by parent, in order: one pass instead of a scan per parent.
pub(crate) fn group_links(pairs: Vec<(i64, i64)>) -> HashMap<i64, Vec<i64>> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    for (parent, child) in pairs {
        map.entry(parent).or_default().push(child);
    }
    map
}

pub(crate) async fn load_people(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<PersonView>> {
    let rows = q::people_full(conn, tenant).await?;
    let mut functions: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, f) in q::all_functions(conn, tenant).await? {
        functions.entry(id).or_default().push(f);
    }
    Ok(rows
        .into_iter()
        .map(|p| PersonView {
            functions: functions.remove(&p.id).unwrap_or_default(),
            id: p.id,
            name: p.name,
            email: p.email,
            organisation_id: p.organisation_id,
            position: p.position,
            is_manager: p.is_manager != 0,
            days_per_week: p.days_per_week,
        })
        .collect())
}

pub(crate) async fn load_groups(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<ThemeGroupView>> {
    let groups = q::theme_groups(conn, tenant).await?;
    let mut orgs = group_links(q::all_links(conn, tenant, Links::ThemeGroupOrganisations).await?);
    let mut members = group_links(q::all_links(conn, tenant, Links::ThemeGroupMembers).await?);
    Ok(groups
        .into_iter()
        .map(|g| ThemeGroupView {
            organisation_ids: orgs.remove(&g.id).unwrap_or_default(),
            member_ids: members.remove(&g.id).unwrap_or_default(),
            id: g.id,
            theme_id: g.theme_id,
            name: g.theme_title,
            lead_person_id: g.lead_person_id,
            description: g.description,
        })
        .collect())
}

pub(crate) async fn load_bodies(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<BodyView>> {
    let bodies = q::bodies(conn, tenant).await?;
    let mut members = group_links(q::all_links(conn, tenant, Links::BodyMembers).await?);
    let meetings = q::all_meetings(conn, tenant).await?;
    Ok(bodies
        .into_iter()
        .map(|b| BodyView {
            member_ids: members.remove(&b.id).unwrap_or_default(),
            meetings: meetings.iter().filter(|(p, _)| *p == b.id).map(|(_, d)| d.clone()).collect(),
            id: b.id,
            kind: b.kind,
            name: b.name,
        })
        .collect())
}
