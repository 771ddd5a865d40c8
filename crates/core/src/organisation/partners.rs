//! Partner organisations, people and their functions, and letters of intent.
use super::*;
use crate::kernel::actor::{Actor, require_manager, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit, conflict_on};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrorKind, FieldErrors, OrganisationKind, Role};
use broedplaats_store::organisation::{self as q, Table};
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

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

impl Core {
    // organisations: public names, managed by managers

    pub async fn organisations(
        &self,
        tenant: &Tenant,
        kind: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<crate::kernel::paging::Paged<q::OrganisationRow>> {
        let limit = limit.clamp(1, 200);
        let after = cursor.and_then(crate::kernel::paging::decode_cursor);
        let mut conn = self.store.conn().await?;
        let mut items =
            q::organisations(&mut conn, tenant, kind, after.as_ref().map(|(n, i)| (n.as_str(), *i)), limit + 1).await?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|o| crate::kernel::paging::encode_cursor(&o.name, o.id))
        } else {
            None
        };
        Ok(crate::kernel::paging::Paged { items, next_cursor })
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
