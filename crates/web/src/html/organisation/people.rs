//! The people of a werkplaats: the list, a person, the person form, deleting one.
use super::common::{
    FUNCTIONS, ListQuery, all_organisations, days_text, decimal, is_manager, parse_days, redirect, require_manager,
    require_member, role_label,
};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::fields::{Field, FormData, FormTemplate, confirm_delete};
use crate::html::kit::{PageResult, encode_query, render};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::organisation::{PersonInput, PersonView};
use broedplaats_store::Tenant;
use broedplaats_store::organisation::OrganisationRow;
use serde::Deserialize;

/// The people of a werkplaats, for members.
#[derive(Template)]
#[template(path = "organisation/people.html")]
struct PeopleTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    people: Vec<broedplaats_store::PersonRow>,
    next: Option<String>,
    can_manage: bool,
}

#[derive(Deserialize)]
pub(super) struct CursorQuery {
    na: Option<String>,
}

pub(super) async fn people_list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<CursorQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let list = state.core.people(page.actor.as_ref(), &tenant, q.na.as_deref(), 50).await?;
    Ok(render(&PeopleTemplate {
        title: page.t("people.title"),
        // agenda editors (coordinators, lectoren) get the management links here
        can_manage: page.actor.as_ref().is_some_and(|a| a.may_edit_agenda(&tenant.slug)),
        next: list.next_cursor.map(|c| format!("/werkplaatsen/{}/mensen?na={}", tenant.slug, encode_query(&c))),
        slug: tenant.slug,
        tenant_name: tenant.name,
        people: list.items,
        page,
    }))
}

#[derive(Template)]
#[template(path = "organisation/person.html")]
struct PersonTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    person: PersonView,
    organisation: Option<(i64, String)>,
    roles: Vec<String>,
    days: Option<String>,
    /// Theme groups this person leads: (group id, name).
    leads: Vec<(i64, String)>,
    can_manage: bool,
    flash: Option<String>,
}

pub(super) async fn person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let person = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let organisation = match person.organisation_id {
        Some(o) => match state.core.organisation(&tenant, o).await {
            Ok(org) => Some((org.id, org.name)),
            Err(CoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let leads = state
        .core
        .theme_groups(&tenant)
        .await?
        .into_iter()
        .filter(|g| g.lead_person_id == Some(id))
        .map(|g| (g.id, g.name))
        .collect();
    Ok(render(&PersonTemplate {
        title: person.name.clone(),
        roles: person.functions.iter().map(|f| role_label(&page, f)).collect(),
        days: person.days_per_week.map(|d| days_text(&page, d)),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "person"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        person,
        organisation,
        leads,
        page,
    }))
}

fn person_data(page: &Page, p: &PersonView) -> FormData {
    let mut d = FormData::default();
    d.set("name", &p.name);
    d.set("email", p.email.clone().unwrap_or_default());
    d.set("organisation_id", p.organisation_id.map(|o| o.to_string()).unwrap_or_default());
    d.set("position", p.position.clone().unwrap_or_default());
    if p.is_manager {
        d.set("is_manager", "ja");
    }
    d.set("days_per_week", p.days_per_week.map(|v| decimal(page, v)).unwrap_or_default());
    for f in &p.functions {
        d.set("functions", f);
    }
    d
}

fn person_fields(page: &Page, d: &FormData, orgs: &[OrganisationRow]) -> Vec<Field> {
    let orgs = orgs.iter().map(|o| (o.id.to_string(), o.name.clone())).collect();
    let functions = FUNCTIONS.iter().map(|r| (r.code().to_owned(), role_label(page, r.code()))).collect();
    vec![
        Field::new(page, "name", "text", d).required().max(200).autocomplete("name"),
        Field::new(page, "email", "email", d).max(320).autocomplete("email"),
        Field::new(page, "organisation_id", "select", d).choices(Some(page.t("org.form.no_organisation")), orgs),
        Field::new(page, "position", "text", d)
            .max(200)
            .hint(page, "org.hint.position")
            .autocomplete("organization-title"),
        Field::new(page, "is_manager", "checkbox", d).hint(page, "org.hint.is_manager"),
        Field::new(page, "days_per_week", "text", d).max(10).inputmode("decimal").hint(page, "org.hint.days_per_week"),
        Field::new(page, "functions", "checkboxes", d).boxes(functions, &d.all("functions")),
    ]
}

fn person_input(d: &FormData) -> PersonInput {
    PersonInput {
        name: d.get("name").to_owned(),
        email: d.opt("email"),
        // Not a number (only by tampering): 0 is no organisation of this werkplaats and is refused.
        organisation_id: d.opt("organisation_id").map(|v| v.trim().parse().unwrap_or(0)),
        position: d.opt("position"),
        is_manager: d.has("is_manager"),
        // Unreadable input becomes a value the use case refuses, so every error shows at once.
        days_per_week: parse_days(d.get("days_per_week")).unwrap_or(Some(-1.0)),
        functions: d.all("functions"),
    }
}

fn people_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/mensen", tenant.slug)
}

pub(super) async fn new_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let orgs = all_organisations(&state, &tenant).await?;
    let mut d = FormData::default();
    if let Some(o) = q.organisatie.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        d.set("organisation_id", o.to_string());
    }
    let fields = person_fields(&page, &d, &orgs);
    let title = page.t("org.person_form.new").to_owned();
    FormTemplate::new(page, &tenant, title, people_base(&tenant), people_base(&tenant), fields).ok()
}

pub(super) async fn create_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_person(page.actor.as_ref(), &tenant, None, &person_input(&d)).await {
        Ok(p) => redirect(&format!("{}/{}?opgeslagen=1", people_base(&tenant), p.id)),
        Err(CoreError::Invalid(errors)) => {
            let orgs = all_organisations(&state, &tenant).await?;
            let fields = person_fields(&page, &d, &orgs);
            let title = page.t("org.person_form.new").to_owned();
            FormTemplate::new(page, &tenant, title, people_base(&tenant), people_base(&tenant), fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn edit_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let orgs = all_organisations(&state, &tenant).await?;
    let fields = person_fields(&page, &person_data(&page, &p), &orgs);
    let title = page.f1("org.person_form.edit", "name", &p.name);
    let base = format!("{}/{id}", people_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

pub(super) async fn update_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", people_base(&tenant));
    match state.core.save_person(page.actor.as_ref(), &tenant, Some(id), &person_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(errors)) => {
            let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
            let orgs = all_organisations(&state, &tenant).await?;
            let fields = person_fields(&page, &d, &orgs);
            let title = page.f1("org.person_form.edit", "name", &p.name);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("org.person_delete.title", "name", &p.name);
    let base = format!("{}/{id}", people_base(&tenant));
    confirm_delete(page, &tenant, title, "org.person_delete.warning", &base)
}

pub(super) async fn delete_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_person(page.actor.as_ref(), &tenant, id).await?;
    redirect(&people_base(&tenant))
}
