//! Adding, changing and deleting one contribution: a form with the organisations of the
//! werkplaats, amounts typed the Dutch way, errors in the shared error summary (422), and a
//! confirmation before a delete.
use super::{code_options, euro, id_of, number, options, require_manager, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, delete_page_at, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::grants::{ContributionInput, ContributionView, NameOrId};
use broedplaats_domain::{FieldErrorKind, FieldErrors, cents_to_euros, parse_euros_text};
use broedplaats_store::Tenant;

/// The form as typed; every field text, so a refused form comes back exactly as sent.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct ContributionForm {
    organisation: String,
    year: String,
    kind: String,
    amount: String,
    status: String,
    grant_id: String,
    project_id: String,
    hours: String,
    rate: String,
    justification: String,
}

impl ContributionForm {
    fn of(c: &ContributionView) -> Self {
        let plain = |v: f64| euro(v).trim_start_matches("€ ").to_owned();
        ContributionForm {
            organisation: c.organisation_id.to_string(),
            year: c.year.to_string(),
            kind: c.kind.clone(),
            amount: plain(c.amount),
            status: c.status.clone(),
            grant_id: c.grant_id.map(|g| g.to_string()).unwrap_or_default(),
            project_id: c.project_id.map(|p| p.to_string()).unwrap_or_default(),
            hours: c.hours.map(|h| h.to_string().replace('.', ",")).unwrap_or_default(),
            rate: c.rate.map(plain).unwrap_or_default(),
            justification: c.justification.clone(),
        }
    }

    /// The input for the use case, or the errors of fields that are not even numbers.
    fn input(&self) -> Result<ContributionInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let organisation = match self.organisation.trim().parse::<i64>() {
            Ok(id) => Some(NameOrId::Id(id)),
            Err(_) => {
                e.push("organisation", FieldErrorKind::Required);
                None
            }
        };
        let year = match self.year.trim() {
            "" => {
                e.push("year", FieldErrorKind::Required);
                0
            }
            y => y.parse().unwrap_or_else(|_| {
                e.push("year", FieldErrorKind::Invalid);
                0
            }),
        };
        let amount = match parse_euros_text(&self.amount) {
            Ok(cents) => cents_to_euros(cents),
            Err(kind) => {
                e.push("amount", kind);
                0.0
            }
        };
        let rate = match self.rate.trim() {
            "" => None,
            raw => match parse_euros_text(raw) {
                Ok(cents) => Some(cents_to_euros(cents)),
                Err(kind) => {
                    e.push("rate", kind);
                    None
                }
            },
        };
        let hours = number(&self.hours).unwrap_or_else(|()| {
            e.push("hours", FieldErrorKind::Invalid);
            None
        });
        let input = ContributionInput {
            organisation: organisation.unwrap_or(NameOrId::Id(0)),
            year,
            kind: self.kind.clone(),
            amount,
            status: self.status.clone(),
            grant_id: id_of(&self.grant_id),
            project_id: id_of(&self.project_id),
            theme_group_id: None,
            hours,
            rate,
            justification: Some(self.justification.clone()),
        };
        if e.is_empty() { Ok(input) } else { Err(e) }
    }
}

#[derive(Template)]
#[template(path = "grants/inzet/contribution_form.html")]
struct FormTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    action: String,
    f: ContributionForm,
    organisations: Vec<Opt>,
    kinds: Vec<Opt>,
    statuses: Vec<Opt>,
    grants: Vec<Opt>,
    projects: Vec<Opt>,
    errors: FormErrors,
}

async fn template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    f: ContributionForm,
    errors: FormErrors,
) -> Result<FormTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let mut orgs = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let p = state.core.organisations(tenant, None, cursor.as_deref(), 200).await?;
        orgs.extend(p.items.into_iter().map(|o| (o.id, o.name)));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    orgs.sort_by_key(|o| o.1.to_lowercase());
    let grants = state.core.grants(actor, tenant).await?.into_iter().map(|g| (g.id, g.title));
    let projects = state.core.projects(actor, tenant, None).await?.into_iter().map(|p| (p.id, p.title));
    let base = format!("/werkplaatsen/{}/inzet", tenant.slug);
    Ok(FormTemplate {
        title: page.t(if id.is_some() { "inzet.form.edit_title" } else { "inzet.form.new_title" }),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action: match id {
            Some(id) => format!("{base}/{id}/bewerken"),
            None => format!("{base}/nieuw"),
        },
        organisations: options(orgs, f.organisation.trim().parse().ok()),
        kinds: code_options(&page, &["cash", "in_kind"], "inzet.kind", &f.kind),
        statuses: code_options(&page, &["planned", "realised"], "inzet.status", &f.status),
        grants: options(grants, id_of(&f.grant_id)),
        projects: options(projects, id_of(&f.project_id)),
        f,
        errors,
        page,
    })
}

pub(super) async fn new(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let f = ContributionForm {
        year: state.core.current_year().to_string(),
        status: "planned".into(),
        ..ContributionForm::default()
    };
    Ok(render(&template(&state, page, &tenant, None, f, FormErrors::default()).await?))
}

pub(super) async fn edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let c = state.core.contribution(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&template(&state, page, &tenant, Some(id), ContributionForm::of(&c), FormErrors::default()).await?))
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<ContributionForm>, crate::HtmlError>,
) -> PageResult {
    save(state, page, slug, None, form).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<ContributionForm>, crate::HtmlError>,
) -> PageResult {
    save(state, page, slug, Some(id), form).await
}

async fn save(
    state: AppState,
    page: Page,
    slug: String,
    id: Option<i64>,
    form: Result<HtmlForm<ContributionForm>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let HtmlForm(f) = form?;
    let refused = match f.input() {
        Ok(input) => match state.core.save_contribution(page.actor.as_ref(), &tenant, id, &input).await {
            Ok(_) => return Ok(redirect(&format!("/werkplaatsen/{}/inzet", tenant.slug))),
            Err(CoreError::Invalid(e)) => e,
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    let mut errors = FormErrors::default();
    shown_errors(&page, &refused, "inzet.field", str::to_owned, &mut errors);
    Ok(unprocessable(&template(&state, page, &tenant, id, f, errors).await?))
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let c = state.core.contribution(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("inzet.delete.title", "what", format!("{} {} ({})", c.organisation, c.year, euro(c.amount)));
    let base = format!("/werkplaatsen/{}/inzet", tenant.slug);
    Ok(delete_page_at(page, &tenant, title, "inzet.delete.warning", format!("{base}/{id}/verwijderen"), base))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    state.core.delete_contribution(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/inzet", tenant.slug)))
}
