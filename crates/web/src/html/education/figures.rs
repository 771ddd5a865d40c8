//! The figures of education involvement of a werkplaats (coordinators and lectoren).
use super::kind_label;
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_core::education::{Count, EducationFigures};

#[derive(Template)]
#[template(path = "education/figures.html")]
struct FiguresTemplate {
    page: Page,
    title: &'static str,
    tenant_name: String,
    slug: String,
    f: EducationFigures,
    /// (caption, what is counted, the empty state, rows).
    tables: Vec<(&'static str, &'static str, &'static str, Vec<Count>)>,
}

pub(super) async fn figures(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let f = state.core.education_figures(page.actor.as_ref(), &tenant).await?;
    let per_kind =
        f.per_kind.iter().map(|c| Count { label: kind_label(&page, &c.label).into(), count: c.count }).collect();
    let (students, none) = (page.t("edu.figures.col.students"), page.t("edu.figures.none"));
    let tables = vec![
        (page.t("edu.figures.per_year"), students, none, f.per_year.clone()),
        (page.t("edu.figures.per_programme"), students, none, f.per_programme.clone()),
        (page.t("edu.figures.per_kind"), students, none, per_kind),
        (
            page.t("edu.figures.results_per_year"),
            page.t("edu.figures.col.results"),
            page.t("edu.figures.no_results"),
            f.results_per_year.clone(),
        ),
    ];
    Ok(render(&FiguresTemplate {
        title: page.t("edu.figures.title"),
        tenant_name: tenant.name.clone(),
        slug,
        f,
        tables,
        page,
    }))
}
