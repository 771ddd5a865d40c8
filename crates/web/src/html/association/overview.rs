//! `/vereniging`: the association seen whole, and adding a collective priority.
use super::{Flash, flash_to, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::association::{AssociationView, PriorityInput};

/// A kwestie a werkplaats has something on, for the list per werkplaats (the matrix for phones
/// and print).
pub(super) struct Line {
    label: String,
    url: String,
    words: String,
}

/// The priority form: new on this page, or one priority's on its edit page.
pub(super) struct PriorityForm {
    pub(super) action: String,
    pub(super) title: String,
    pub(super) description: String,
    /// The werkplaatsen on whose behalf, when the actor manages more than one.
    pub(super) werkplaatsen: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "association/overview.html")]
struct OverviewTemplate {
    page: Page,
    title: String,
    flash: Option<&'static str>,
    view: AssociationView,
    lines: Vec<Vec<Line>>,
    form: PriorityForm,
    errors: FormErrors,
}

impl OverviewTemplate {
    /// The kwesties of the werkplaats at `i` in `view.werkplaatsen`.
    fn lines_at(&self, i: &usize) -> &[Line] {
        self.lines.get(*i).map(Vec::as_slice).unwrap_or_default()
    }
}

impl Page {
    /// The noun after a count: "project" or "projecten" (`assoc.n.{what}.one|other`).
    pub fn assoc_noun(&self, what: &str, n: &i64) -> &'static str {
        self.t(&format!("assoc.n.{what}.{}", if *n == 1 { "one" } else { "other" }))
    }
    /// "project" or "praktijkvraag" for an item kind.
    pub fn assoc_kind(&self, kind: &str) -> &'static str {
        self.t(if kind == "project" { "assoc.kind.project" } else { "assoc.kind.question" })
    }
    /// "2 projecten, 1 praktijkvraag, 0 kennisproducten".
    pub fn assoc_counts(&self, projects: &i64, questions: &i64, products: &i64) -> String {
        format!(
            "{projects} {}, {questions} {}, {products} {}",
            self.assoc_noun("projects", projects),
            self.assoc_noun("questions", questions),
            self.assoc_noun("products", products)
        )
    }
}

/// The per-werkplaats lists of the matrix, in the order of `view.werkplaatsen`.
fn lines(page: &Page, view: &AssociationView) -> Vec<Vec<Line>> {
    let mut out: Vec<Vec<Line>> = view.werkplaatsen.iter().map(|_| Vec::new()).collect();
    for k in &view.kwesties {
        for (i, c) in k.werkplaatsen.iter().enumerate() {
            if let (Some(url), Some(list)) = (&c.url, out.get_mut(i)) {
                list.push(Line {
                    label: k.label.clone(),
                    url: url.clone(),
                    words: page.assoc_counts(&c.projects, &c.questions, &c.products),
                });
            }
        }
    }
    out
}

/// The werkplaatsen `page`'s actor may add a priority for; a choice only with more than one.
fn werkplaats_options(page: &Page, view: &AssociationView, chosen: &str) -> Vec<Opt> {
    let Some(actor) = page.actor.as_ref() else { return vec![] };
    let options: Vec<Opt> = view
        .werkplaatsen
        .iter()
        .filter(|w| broedplaats_core::association::manages(actor, &w.slug))
        .map(|w| Opt { value: w.slug.clone(), label: w.name.clone(), selected: w.slug == chosen })
        .collect();
    if options.len() > 1 { options } else { vec![] }
}

async fn overview(
    state: &AppState,
    page: Page,
    flash: Option<&'static str>,
    form: Option<(Pairs, FormErrors)>,
) -> Result<OverviewTemplate, HtmlError> {
    let view = state.core.association(page.actor.as_ref()).await?;
    let (typed, errors) = match form {
        Some((p, e)) => (Some(p), e),
        None => (None, FormErrors::default()),
    };
    let one = |k: &str| typed.as_ref().map(|p| p.one(k)).unwrap_or_default();
    let form = PriorityForm {
        action: "/vereniging/prioriteiten".into(),
        title: one("title"),
        description: one("description"),
        werkplaatsen: werkplaats_options(&page, &view, &one("werkplaats")),
    };
    Ok(OverviewTemplate {
        title: page.t("assoc.title").to_owned(),
        lines: lines(&page, &view),
        flash,
        view,
        form,
        errors,
        page,
    })
}

pub(crate) async fn page(State(state): State<AppState>, page: Page, Query(flash): Query<Flash>) -> PageResult {
    let flash = flash.message(&page);
    Ok(render(&overview(&state, page, flash, None).await?))
}

pub(crate) async fn create_priority(
    State(state): State<AppState>,
    page: Page,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let p = Pairs(pairs);
    let input = PriorityInput {
        title: p.one("title"),
        description: Some(p.one("description")),
        werkplaats: Some(p.one("werkplaats")).filter(|s| !s.trim().is_empty()),
    };
    match state.core.create_priority(page.actor.as_ref(), &input).await {
        Ok(id) => Ok(redirect(&flash_to("/vereniging", "priority_added", &format!("prioriteit-{id}")))),
        Err(e) => {
            let errors = shown_errors(&page, &refused(e)?, "priority", &[]);
            Ok(unprocessable(&overview(&state, page, None, Some((p, errors))).await?))
        }
    }
}
