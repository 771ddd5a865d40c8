//! An assignment's page: what it is, the apply form (signed in, open, not yet applied), the
//! reader's own application, and for its managers the applications with accept and decline.
use super::{kind_label, shown_errors};
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::education::{ApplicationInput, ApplicationView, AssignmentView, DecisionInput};

#[derive(Template)]
#[template(path = "education/show.html")]
struct ShowTemplate {
    page: Page,
    title: String,
    a: AssignmentView,
    kind: &'static str,
    level: &'static str,
    status: &'static str,
    places: String,
    question: Vec<String>,
    description: Vec<String>,
    deliverables: Vec<String>,
    mine: Option<ApplicationView>,
    applications: Vec<ApplicationView>,
    motivation: String,
    errors: FormErrors,
    flash: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct Flash {
    gesolliciteerd: Option<String>,
    besloten: Option<String>,
}

async fn page_of(
    state: &AppState,
    page: Page,
    slug: &str,
    id: i64,
    motivation: String,
    errors: FormErrors,
    flash: Option<&'static str>,
) -> Result<ShowTemplate, crate::HtmlError> {
    let tenant = state.core.tenant(slug).await?;
    let actor = page.actor.as_ref();
    let a = state.core.assignment(actor, &tenant, id).await?;
    let mine = state.core.my_application(actor, &tenant, id).await?;
    let applications = if a.may_manage { state.core.applications(actor, &tenant, id).await? } else { Vec::new() };
    Ok(ShowTemplate {
        title: a.title.clone(),
        kind: kind_label(&page, &a.kind),
        level: page.t(&format!("edu.level.{}", a.level)),
        status: page.t(&format!("edu.status.{}", a.status)),
        places: page.f1("edu.places_left", "n", a.places_left),
        question: paragraphs(&a.question),
        description: paragraphs(&a.description),
        deliverables: paragraphs(&a.deliverables),
        a,
        mine,
        applications,
        motivation,
        errors,
        flash,
        page,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<axum::extract::Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let f = q.map(|q| q.0).unwrap_or_default();
    let flash = if f.gesolliciteerd.is_some() {
        Some("edu.flash.applied")
    } else if f.besloten.is_some() {
        Some("edu.flash.decided")
    } else {
        None
    };
    Ok(render(&page_of(&state, page, &slug, id, String::new(), FormErrors::default(), flash).await?))
}

/// The apply form; a missing field is empty, so the use case answers (and authorisation first).
#[derive(serde::Deserialize)]
pub(super) struct ApplyForm {
    #[serde(default)]
    motivation: String,
}

pub(super) async fn apply(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<ApplyForm>, crate::HtmlError>,
) -> PageResult {
    if page.actor.is_none() {
        return Err(crate::HtmlError(ErrorPage::Unauthenticated));
    }
    let HtmlForm(form) = form?;
    let tenant = state.core.tenant(&slug).await?;
    let input = ApplicationInput { motivation: form.motivation.clone() };
    match state.core.apply(page.actor.as_ref(), &tenant, id, &input).await {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{slug}/opdrachten/{id}?gesolliciteerd=1"))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&page_of(&state, page, &slug, id, form.motivation, errors, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}

/// The decision form; a missing field is empty, so authorisation answers first.
#[derive(serde::Deserialize)]
pub(super) struct DecideForm {
    #[serde(default)]
    decision: String,
    message: Option<String>,
}

pub(super) async fn decide(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<DecideForm>, crate::HtmlError>,
) -> PageResult {
    if page.actor.is_none() {
        return Err(crate::HtmlError(ErrorPage::Unauthenticated));
    }
    let HtmlForm(form) = form?;
    let tenant = state.core.tenant(&slug).await?;
    let input = DecisionInput { decision: form.decision, message: form.message };
    match state.core.decide_application(page.actor.as_ref(), &tenant, id, &input).await {
        Ok(app) => Ok(redirect(&format!("/werkplaatsen/{slug}/opdrachten/{}?besloten=1", app.assignment_id))),
        Err(CoreError::Invalid(e)) => {
            let app = state.core.application(page.actor.as_ref(), &tenant, id).await?;
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&page_of(&state, page, &slug, app.assignment_id, String::new(), errors, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}
