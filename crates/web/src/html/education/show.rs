//! An assignment's page: what it is, the apply form (signed in, open, not yet applied, not one of
//! its managers), the reader's own application, for its managers the applications with accept and
//! decline, and its results: published ones for every reader, the others with their status for
//! the student and the managers, the form "Resultaat indienen" for an accepted student and the
//! review buttons for the managers (see `results`). Dates in Dutch, times in Europe/Amsterdam.
use super::kind_label;
use super::results::{ResultDraft, ResultLine};
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::education::{ApplicationInput, ApplicationView, AssignmentView, DecisionInput};
use broedplaats_domain::ProductKind;

#[derive(Template)]
#[template(path = "education/show.html")]
pub(super) struct ShowTemplate {
    page: Page,
    title: String,
    a: AssignmentView,
    kind: &'static str,
    level: &'static str,
    status: &'static str,
    places: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    question: Vec<String>,
    description: Vec<String>,
    deliverables: Vec<String>,
    mine: Option<ApplicationView>,
    /// The reader's own application was accepted: they may submit results.
    may_submit: bool,
    /// (application, when it came in, in words).
    applications: Vec<(ApplicationView, String)>,
    results: Vec<ResultLine>,
    /// The product kinds a result may have, as (code, label), `beroepsproduct` first.
    result_kinds: Vec<(&'static str, &'static str)>,
    motivation: String,
    draft: ResultDraft,
    errors: FormErrors,
    flash: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct Flash {
    gesolliciteerd: Option<String>,
    besloten: Option<String>,
    ingediend: Option<String>,
    beoordeeld: Option<String>,
}

/// "3 november 2026, 14:05" in Europe/Amsterdam for a stored RFC 3339 (UTC) timestamp.
pub(super) fn moment(page: &Page, at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let local = t.with_timezone(&chrono_tz::Europe::Amsterdam);
            format!("{}, {}", page.date(&local.format("%Y-%m-%d").to_string()), local.format("%H:%M"))
        }
        Err(_) => at.to_owned(),
    }
}

/// What a failed form sends back to the page.
#[derive(Default)]
pub(super) struct Entered {
    pub(super) motivation: String,
    pub(super) draft: ResultDraft,
    pub(super) errors: FormErrors,
}

pub(super) async fn page_of(
    state: &AppState,
    page: Page,
    slug: &str,
    id: i64,
    entered: Entered,
    flash: Option<&'static str>,
) -> Result<ShowTemplate, crate::HtmlError> {
    let tenant = state.core.tenant(slug).await?;
    let actor = page.actor.as_ref();
    let a = state.core.assignment(actor, &tenant, id).await?;
    let mine = state.core.my_application(actor, &tenant, id).await?;
    let applications = if a.may_manage { state.core.applications(actor, &tenant, id).await? } else { Vec::new() };
    let results = state.core.assignment_results(actor, &tenant, id).await?;
    let mut kinds: Vec<&'static str> = ProductKind::CODES.to_vec();
    kinds.sort_by_key(|k| *k != "beroepsproduct");
    Ok(ShowTemplate {
        title: a.title.clone(),
        kind: kind_label(&page, &a.kind),
        level: page.t(&format!("edu.level.{}", a.level)),
        status: page.t(&format!("edu.status.{}", a.status)),
        places: page.f1("edu.places_left", "n", a.places_left),
        starts_on: a.starts_on.as_deref().map(|d| page.date(d)),
        ends_on: a.ends_on.as_deref().map(|d| page.date(d)),
        question: paragraphs(&a.question),
        description: paragraphs(&a.description),
        deliverables: paragraphs(&a.deliverables),
        may_submit: mine.as_ref().is_some_and(|m| m.status == "accepted"),
        mine,
        applications: applications
            .into_iter()
            .map(|x| {
                let at = moment(&page, &x.created_at);
                (x, at)
            })
            .collect(),
        results: results.into_iter().map(|r| ResultLine::new(&page, r)).collect(),
        result_kinds: kinds.into_iter().map(|k| (k, page.t(&format!("kb.kind.{k}")))).collect(),
        a,
        motivation: entered.motivation,
        draft: entered.draft,
        errors: entered.errors,
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
    } else if f.ingediend.is_some() {
        Some("edu.flash.result_submitted")
    } else if f.beoordeeld.is_some() {
        Some("edu.flash.result_reviewed")
    } else {
        None
    };
    Ok(render(&page_of(&state, page, &slug, id, Entered::default(), flash).await?))
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
            let errors = super::shown_errors(&page, &e);
            let entered = Entered { motivation: form.motivation, errors, ..Entered::default() };
            Ok(unprocessable(&page_of(&state, page, &slug, id, entered, None).await?))
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
            let entered = Entered { errors: super::shown_errors(&page, &e), ..Entered::default() };
            Ok(unprocessable(&page_of(&state, page, &slug, app.assignment_id, entered, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}
