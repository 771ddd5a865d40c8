//! Cross-links (dwarsverbanden, issue 16) of a practice question or a project: similar items in
//! other werkplaatsen, confirmed, suggested and dismissed; the coordinator and lectoren decide.
use crate::AppState;
use crate::error::field_message;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{PageResult, redirect, render};
use crate::routes::{Routes, get};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::crosslinks::{CrossLinkInput, CrossLinksView, Source};
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/praktijkvragen/{id}/dwarsverbanden", get(question_page).post(question_decide))
        .route("/werkplaatsen/{slug}/projecten/{id}/dwarsverbanden", get(project_page).post(project_decide))
}

#[derive(Template)]
#[template(path = "crosslinks/links.html")]
struct LinksTemplate {
    page: Page,
    title: String,
    tenant_name: String,
    v: CrossLinksView,
    /// The page of this cross-links view (the form's action).
    action: String,
    flash: Option<String>,
    error: Option<String>,
}

impl LinksTemplate {
    fn kind_label(&self, kind: &str) -> String {
        self.page.t(&format!("xl.kind.{kind}")).to_owned()
    }
}

#[derive(Deserialize)]
pub(crate) struct Flash {
    saved: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct DecideForm {
    #[serde(default)]
    target_kind: String,
    #[serde(default)]
    target_id: String,
    #[serde(default)]
    decision: String,
}

fn action(slug: &str, source: Source, id: i64) -> String {
    let tail = if source == Source::Question { "praktijkvragen" } else { "projecten" };
    format!("/werkplaatsen/{slug}/{tail}/{id}/dwarsverbanden")
}

async fn show(
    state: &AppState,
    page: Page,
    (slug, source, id): (&str, Source, i64),
    flash: Option<String>,
    error: Option<String>,
) -> PageResult {
    let tenant = state.core.tenant(slug).await?;
    let v = state.core.cross_links(page.actor.as_ref(), &tenant, source, id).await?;
    let title = page.f1("xl.title", "title", v.title.as_str());
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut r = render(&LinksTemplate {
        title,
        tenant_name: tenant.name.clone(),
        action: action(slug, source, id),
        v,
        flash,
        error,
        page,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn decide(state: &AppState, page: Page, (slug, source, id): (&str, Source, i64), form: DecideForm) -> PageResult {
    let tenant = state.core.tenant(slug).await?;
    let input = CrossLinkInput {
        target_kind: form.target_kind,
        target_id: form.target_id.trim().parse().unwrap_or(0),
        decision: form.decision.clone(),
    };
    match state.core.decide_cross_link(page.actor.as_ref(), &tenant, source, id, &input).await {
        Ok(()) => Ok(redirect(&format!(
            "{}?saved={}",
            action(slug, source, id),
            if form.decision == "confirmed" { "confirmed" } else { "dismissed" }
        ))),
        Err(CoreError::Invalid(e)) => {
            let msg = e
                .0
                .first()
                .map(|x| format!("{}: {}", page.t(&format!("xl.field.{}", x.field)), field_message(&page.tr, &x.kind)));
            show(state, page, (slug, source, id), None, msg).await
        }
        Err(e) => Err(e.into()),
    }
}

fn flash(page: &Page, q: Result<Query<Flash>, QueryRejection>) -> Option<String> {
    match q.ok().and_then(|Query(f)| f.saved).as_deref() {
        Some("confirmed") => Some(page.t("xl.saved.confirmed").to_owned()),
        Some("dismissed") => Some(page.t("xl.saved.dismissed").to_owned()),
        _ => None,
    }
}

async fn question_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let flash = flash(&page, q);
    show(&state, page, (&slug, Source::Question, id), flash, None).await
}

async fn question_decide(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<DecideForm>,
) -> PageResult {
    decide(&state, page, (&slug, Source::Question, id), form).await
}

async fn project_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let flash = flash(&page, q);
    show(&state, page, (&slug, Source::Project, id), flash, None).await
}

async fn project_decide(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<DecideForm>,
) -> PageResult {
    decide(&state, page, (&slug, Source::Project, id), form).await
}
