//! `/werkplaatsen/{slug}/opleidingen`: the study programmes a werkplaats works with, per
//! hogeschool, each with its assignments; coordinators and lectoren add and remove them.
use super::shown_errors;
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, delete_page_at, encode_query, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::education::{OrganisationRef, ProgrammeInput, ProgrammeView};
use broedplaats_core::kernel::actor::{Access, access, require_manager};
use broedplaats_store::Tenant;

/// A programme as a row of the page.
pub(super) struct Row {
    id: i64,
    name: String,
    assignments: i64,
    /// The list of its assignments at `/opdrachten`.
    url: String,
}

/// The programmes of one hogeschool.
pub(super) struct Group {
    hogeschool: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "education/programmes.html")]
struct ProgrammesTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    groups: Vec<Group>,
    may_manage: bool,
    hogescholen: Vec<Opt>,
    name: String,
    errors: FormErrors,
    flash: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct Flash {
    toegevoegd: Option<String>,
    verwijderd: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct ProgrammeForm {
    organisation: String,
    name: String,
}

fn groups(slug: &str, programmes: Vec<ProgrammeView>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for p in programmes {
        let row = Row {
            url: format!("/opdrachten?werkplaats={}&opleiding={}", encode_query(slug), encode_query(&p.name)),
            id: p.id,
            name: p.name,
            assignments: p.assignments,
        };
        match out.last_mut() {
            Some(g) if g.hogeschool == p.organisation => g.rows.push(row),
            _ => out.push(Group { hogeschool: p.organisation, rows: vec![row] }),
        }
    }
    out
}

async fn template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    f: ProgrammeForm,
    errors: FormErrors,
    flash: Option<&'static str>,
) -> Result<ProgrammesTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let programmes = state.core.programmes(actor, tenant).await?;
    let may_manage = access(actor, tenant) == Access::Manager;
    let hogescholen = if may_manage {
        state
            .core
            .programme_hogescholen(tenant)
            .await?
            .into_iter()
            .map(|(id, name)| Opt { selected: f.organisation == id.to_string(), value: id.to_string(), label: name })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ProgrammesTemplate {
        title: page.t("edu.programmes.title"),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        groups: groups(&tenant.slug, programmes),
        may_manage,
        hogescholen,
        name: f.name,
        errors,
        flash,
        page,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let flash = if flash.toegevoegd.is_some() {
        Some("edu.programmes.added")
    } else if flash.verwijderd.is_some() {
        Some("edu.programmes.deleted")
    } else {
        None
    };
    Ok(render(&template(&state, page, &tenant, ProgrammeForm::default(), FormErrors::default(), flash).await?))
}

pub(super) async fn add(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<ProgrammeForm>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(page.actor.as_ref(), &tenant)?;
    let HtmlForm(f) = form?;
    let organisation = match f.organisation.trim().parse::<i64>() {
        Ok(id) => OrganisationRef::Id(id),
        Err(_) => OrganisationRef::Name(f.organisation.clone()),
    };
    let input = ProgrammeInput { name: f.name.clone(), organisation };
    match state.core.add_programme(page.actor.as_ref(), &tenant, &input).await {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{}/opleidingen?toegevoegd=1", tenant.slug))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&template(&state, page, &tenant, f, errors, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn confirm_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(page.actor.as_ref(), &tenant)?;
    let p = state.core.programme(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("edu.programmes.delete_title", "name", format!("{} ({})", p.name, p.organisation));
    let base = format!("/werkplaatsen/{}/opleidingen", tenant.slug);
    Ok(delete_page_at(page, &tenant, title, "edu.programmes.delete_warning", format!("{base}/{id}/verwijderen"), base))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_programme(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/opleidingen?verwijderd=1", tenant.slug)))
}
