//! Offering an assignment: the form and its submission (coordinators, lectoren,
//! docent-onderzoekers, theme leads, project leads for their project).
use super::{kind_label, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, redirect, render, require, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::education::AssignmentInput;
use broedplaats_domain::{AssignmentKind, AssignmentLevel};

/// The offer form; missing fields are empty, so the use case names what is wrong.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct OfferForm {
    kind: String,
    title: String,
    question: Option<String>,
    description: String,
    deliverables: Option<String>,
    level: Option<String>,
    places: String,
    programmes: Option<String>,
    project_id: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    location: Option<String>,
    supervisor_person_id: Option<String>,
}

#[derive(Template)]
#[template(path = "education/offer.html")]
struct OfferTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    f: OfferForm,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    projects: Vec<Opt>,
    people: Vec<Opt>,
    errors: FormErrors,
}

fn id_of(raw: &Option<String>) -> Option<i64> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap_or(-1))
}

async fn template(
    state: &AppState,
    page: Page,
    slug: &str,
    f: OfferForm,
    errors: FormErrors,
) -> Result<OfferTemplate, crate::HtmlError> {
    let tenant = state.core.tenant(slug).await?;
    let actor = page.actor.as_ref();
    let kinds = AssignmentKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: kind_label(&page, k.code()).into(),
            selected: f.kind == k.code(),
        })
        .collect();
    let level = f.level.clone().unwrap_or_else(|| "hbo_bachelor".into());
    let levels = AssignmentLevel::ALL
        .iter()
        .map(|l| Opt {
            value: l.code().into(),
            label: page.t(&format!("edu.level.{}", l.code())).into(),
            selected: level == l.code(),
        })
        .collect();
    let chosen_project = id_of(&f.project_id);
    let projects = state
        .core
        .projects(actor, &tenant, None)
        .await?
        .into_iter()
        .map(|p| Opt { value: p.id.to_string(), label: p.title, selected: chosen_project == Some(p.id) })
        .collect();
    let chosen_person = id_of(&f.supervisor_person_id);
    let people = state
        .core
        .people(actor, &tenant, None, 200)
        .await?
        .items
        .into_iter()
        .map(|p| Opt { value: p.id.to_string(), label: p.name, selected: chosen_person == Some(p.id) })
        .collect();
    Ok(OfferTemplate {
        title: page.t("edu.offer.title"),
        slug: slug.to_owned(),
        tenant_name: tenant.name.clone(),
        f,
        kinds,
        levels,
        projects,
        people,
        errors,
        page,
    })
}

pub(super) async fn form(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_offer_assignments(page.actor.as_ref(), &tenant).await?)?;
    let f = OfferForm { places: "1".into(), ..OfferForm::default() };
    Ok(render(&template(&state, page, &slug, f, FormErrors::default()).await?))
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<OfferForm>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_offer_assignments(page.actor.as_ref(), &tenant).await?)?;
    let HtmlForm(f) = form?;
    let input = AssignmentInput {
        kind: f.kind.clone(),
        title: f.title.clone(),
        description: f.description.clone(),
        places: f.places.trim().parse().unwrap_or(0),
        programmes: f
            .programmes
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        project_id: id_of(&f.project_id),
        starts_on: f.starts_on.clone(),
        ends_on: f.ends_on.clone(),
        supervisor_person_id: id_of(&f.supervisor_person_id),
        question: f.question.clone(),
        deliverables: f.deliverables.clone(),
        level: f.level.clone(),
        location: f.location.clone(),
        ..AssignmentInput::default()
    };
    match state.core.create_assignment(page.actor.as_ref(), &tenant, &input).await {
        Ok(v) => Ok(redirect(&v.url)),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&template(&state, page, &slug, f, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}
