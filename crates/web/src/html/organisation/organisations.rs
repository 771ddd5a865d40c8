//! The partner organisations of a werkplaats: the list, one organisation, its form, deleting it.
use super::common::{ListQuery, is_manager, is_member, kind_label, redirect, require_manager};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::fields::{Choice, Field, FormData, FormTemplate, confirm_delete, mark_required};
use crate::html::kit::{PageResult, encode_query, render};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::organisation::OrganisationInput;
use broedplaats_domain::OrganisationKind;
use broedplaats_store::Tenant;
use broedplaats_store::organisation::OrganisationRow;

/// Organisations per page of the list.
const PAGE_SIZE: i64 = 50;

struct OrgListRow {
    id: i64,
    name: String,
    kind: String,
    city: String,
}

#[derive(Template)]
#[template(path = "organisation/organisations.html")]
struct OrgListTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    rows: Vec<OrgListRow>,
    kinds: Vec<Choice>,
    filtered: bool,
    next: Option<String>,
    can_manage: bool,
    is_member: bool,
    flash: Option<String>,
}

pub(super) async fn organisations(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    // An unknown kind is no filter rather than an empty list.
    let kind = q.soort.as_deref().and_then(|k| OrganisationKind::parse(k).ok());
    let list = state.core.organisations(&tenant, kind.map(|k| k.code()), q.na.as_deref(), PAGE_SIZE).await?;
    let next = list.next_cursor.map(|c| {
        let filter = kind.map(|k| format!("soort={}&", k.code())).unwrap_or_default();
        format!("/werkplaatsen/{}/organisaties?{filter}na={}", tenant.slug, encode_query(&c))
    });
    let kinds = OrganisationKind::ALL
        .iter()
        .map(|k| Choice { value: k.code().to_owned(), label: kind_label(&page, k.code()), selected: Some(*k) == kind })
        .collect();
    let rows = list
        .items
        .into_iter()
        .map(|o| OrgListRow {
            kind: kind_label(&page, &o.kind),
            city: o.city.unwrap_or_default(),
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(render(&OrgListTemplate {
        title: page.t("org.list.title"),
        can_manage: is_manager(&page, &tenant),
        is_member: is_member(&page, &tenant),
        flash: q.flash(&page, "organisation"),
        filtered: kind.is_some(),
        slug: tenant.slug,
        tenant_name: tenant.name,
        rows,
        kinds,
        next,
        page,
    }))
}

#[derive(Template)]
#[template(path = "organisation/organisation.html")]
struct OrgDetailTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    org: OrganisationRow,
    kind: String,
    can_manage: bool,
    is_member: bool,
    /// (id, signed on, written out)
    letter: Option<(i64, String)>,
    people: Vec<(i64, String)>,
    flash: Option<String>,
}

pub(super) async fn organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let org = state.core.organisation(&tenant, id).await?;
    let member = is_member(&page, &tenant);
    let (letter, people) = if member {
        let letter = state
            .core
            .letters(page.actor.as_ref(), &tenant)
            .await?
            .into_iter()
            .find(|l| l.organisation_id == id)
            .map(|l| (l.id, page.date(&l.signed_on)));
        let people = state
            .core
            .people_full(page.actor.as_ref(), &tenant)
            .await?
            .into_iter()
            .filter(|p| p.organisation_id == Some(id))
            .map(|p| (p.id, p.name))
            .collect();
        (letter, people)
    } else {
        (None, vec![])
    };
    Ok(render(&OrgDetailTemplate {
        title: org.name.clone(),
        kind: kind_label(&page, &org.kind),
        can_manage: is_manager(&page, &tenant),
        is_member: member,
        flash: q.flash(&page, "organisation"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        org,
        letter,
        people,
        page,
    }))
}

fn organisation_data(o: &OrganisationRow) -> FormData {
    let mut d = FormData::default();
    d.set("name", &o.name);
    d.set("kind", &o.kind);
    d.set("city", o.city.clone().unwrap_or_default());
    d.set("website", o.website.clone().unwrap_or_default());
    d.set("email", o.email.clone().unwrap_or_default());
    d
}

fn organisation_fields(page: &Page, d: &FormData) -> Vec<Field> {
    let kinds = OrganisationKind::ALL.iter().map(|k| (k.code().to_owned(), kind_label(page, k.code()))).collect();
    vec![
        Field::new(page, "name", "text", d).required().max(200).autocomplete("organization"),
        Field::new(page, "kind", "select", d).required().choices(Some(page.t("org.form.choose_kind")), kinds),
        Field::new(page, "city", "text", d).max(200).autocomplete("address-level2"),
        Field::new(page, "website", "url", d).max(500).hint(page, "org.hint.website").autocomplete("url"),
        Field::new(page, "email", "email", d).max(320).hint(page, "org.hint.org_email").autocomplete("email"),
    ]
}

fn organisation_input(d: &FormData) -> OrganisationInput {
    OrganisationInput {
        name: d.get("name").to_owned(),
        kind: d.get("kind").to_owned(),
        city: d.opt("city"),
        website: d.opt("website"),
        email: d.opt("email"),
    }
}

fn org_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/organisaties", tenant.slug)
}

pub(super) async fn new_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let fields = organisation_fields(&page, &FormData::default());
    let title = page.t("org.form.new").to_owned();
    FormTemplate::new(page, &tenant, title, org_base(&tenant), org_base(&tenant), fields).ok()
}

pub(super) async fn create_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_organisation(page.actor.as_ref(), &tenant, None, &organisation_input(&d)).await {
        Ok(o) => redirect(&format!("{}/{}?opgeslagen=1", org_base(&tenant), o.id)),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["kind"]);
            let fields = organisation_fields(&page, &d);
            let title = page.t("org.form.new").to_owned();
            FormTemplate::new(page, &tenant, title, org_base(&tenant), org_base(&tenant), fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn edit_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let org = state.core.organisation(&tenant, id).await?;
    let fields = organisation_fields(&page, &organisation_data(&org));
    let title = page.f1("org.form.edit", "name", &org.name);
    let base = format!("{}/{id}", org_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

pub(super) async fn update_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", org_base(&tenant));
    match state.core.save_organisation(page.actor.as_ref(), &tenant, Some(id), &organisation_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["kind"]);
            let org = state.core.organisation(&tenant, id).await?;
            let fields = organisation_fields(&page, &d);
            let title = page.f1("org.form.edit", "name", &org.name);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let org = state.core.organisation(&tenant, id).await?;
    let title = page.f1("org.delete.title", "name", &org.name);
    let base = format!("{}/{id}", org_base(&tenant));
    confirm_delete(page, &tenant, title, "org.delete.warning", &base)
}

pub(super) async fn delete_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_organisation(page.actor.as_ref(), &tenant, id).await?;
    redirect(&format!("{}?verwijderd=1", org_base(&tenant)))
}
