//! Results on an assignment's page: a line per result, the form "Resultaat indienen" of an
//! accepted student, and the review step (publish, send back) of the assignment's managers.
use super::show::{Entered, moment, page_of};
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, redirect, unprocessable};
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::education::ResultView;
use broedplaats_core::knowledge::LinkInput;
use broedplaats_domain::FieldErrors;

/// A result as the page lists it.
pub(super) struct ResultLine {
    pub(super) r: ResultView,
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
    /// When it was published or sent back, in words.
    pub(super) reviewed: Option<String>,
    /// "Gemaakt door <student>".
    pub(super) by: Option<String>,
}

impl ResultLine {
    pub(super) fn new(page: &Page, r: ResultView) -> Self {
        Self {
            kind: page.t(&format!("kb.kind.{}", r.kind)),
            status: page.t(&format!("edu.result.status.{}", r.status)),
            reviewed: r.reviewed_at.as_deref().map(|at| moment(page, at)),
            by: r.student_name.as_deref().map(|n| page.f1("edu.result.by", "name", n)),
            r,
        }
    }
}

/// What the student typed into the result form.
#[derive(serde::Deserialize, Default)]
pub(super) struct ResultDraft {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) summary: String,
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) link: String,
}

/// The result form's fields the use case may name, with the anchor of their input.
const RESULT_FIELDS: [(&str, &str); 4] =
    [("title", "result-title"), ("summary", "result-summary"), ("kind", "result-kind"), ("links", "result-link")];

fn result_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let (field, anchor) =
            RESULT_FIELDS.iter().find(|(f, _)| *f == e.field).copied().unwrap_or(("title", "result-title"));
        let name = page.t(&format!("edu.result.field.{field}")).to_owned();
        out.push(&format!("result-{field}"), anchor.to_owned(), name, crate::error::field_message(&page.tr, &e.kind));
    }
    out
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<ResultDraft>, crate::HtmlError>,
) -> PageResult {
    if page.actor.is_none() {
        return Err(crate::HtmlError(ErrorPage::Unauthenticated));
    }
    let HtmlForm(draft) = form?;
    let tenant = state.core.tenant(&slug).await?;
    let link = draft.link.trim();
    let input = broedplaats_core::education::ResultInput {
        title: draft.title.clone(),
        summary: Some(draft.summary.clone()),
        kind: Some(draft.kind.clone()),
        links: if link.is_empty() {
            Vec::new()
        } else {
            vec![LinkInput { title: draft.title.trim().to_owned(), url: link.to_owned() }]
        },
        ..Default::default()
    };
    match state.core.submit_result(page.actor.as_ref(), &tenant, id, &input).await {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{slug}/opdrachten/{id}?ingediend=1#resultaten"))),
        Err(CoreError::Invalid(e)) => {
            let entered = Entered { errors: result_errors(&page, &e), draft, ..Entered::default() };
            Ok(unprocessable(&page_of(&state, page, &slug, id, entered, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}

/// The review form; a missing field is empty, so authorisation answers first.
#[derive(serde::Deserialize)]
pub(super) struct ReviewForm {
    #[serde(default)]
    status: String,
    note: Option<String>,
}

pub(super) async fn review(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, product)): HtmlPath<(String, i64, i64)>,
    form: Result<HtmlForm<ReviewForm>, crate::HtmlError>,
) -> PageResult {
    if page.actor.is_none() {
        return Err(crate::HtmlError(ErrorPage::Unauthenticated));
    }
    let HtmlForm(form) = form?;
    let tenant = state.core.tenant(&slug).await?;
    let note = form.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    match state.core.review_result(page.actor.as_ref(), &tenant, id, product, &form.status, note).await {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{slug}/opdrachten/{id}?beoordeeld=1#resultaten"))),
        Err(CoreError::Invalid(e)) => {
            let mut errors = FormErrors::default();
            for x in &e.0 {
                let name = page.t("edu.result.review").to_owned();
                let anchor = format!("note-{product}");
                let message = crate::error::field_message(&page.tr, &x.kind);
                errors.push(&format!("review-{}", x.field), anchor, name, message);
            }
            let entered = Entered { errors, ..Entered::default() };
            Ok(unprocessable(&page_of(&state, page, &slug, id, entered, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}
