//! Kwesties, shared by every werkplaats: the list, a kwestie with everything linked to it, and
//! changing its label or description.
use super::practice::{ListParams, kind_label, md, shown_errors, status_label};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::markdown::SafeHtml;
use crate::html::kit::{FormErrors, Link, PageResult, Pairs, redirect, render, require, unprocessable};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::KwestieInput;

#[derive(Template)]
#[template(path = "knowledge/kwesties.html")]
struct KwestiesTemplate {
    page: Page,
    title: String,
    items: Vec<broedplaats_core::knowledge::KwestieView>,
}

pub(super) async fn kwesties(State(state): State<AppState>, page: Page) -> PageResult {
    let items = state.core.kwesties(page.actor.as_ref()).await?;
    Ok(render(&KwestiesTemplate { title: page.t("pq.kwesties.title").into(), items, page }))
}

/// One group of things linked to a kwestie.
struct UseGroup {
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    /// (link, werkplaats name, kind label)
    items: Vec<(Link, String, String)>,
}

#[derive(Template)]
#[template(path = "knowledge/kwestie.html")]
struct KwestieTemplate {
    page: Page,
    title: String,
    flash: Option<String>,
    id: i64,
    uses: i64,
    description: Option<SafeHtml>,
    groups: Vec<UseGroup>,
    can_edit: bool,
    follow: crate::html::kit::follow::FollowButton,
}

/// A kwestie's page, or with `.atom` after the id its Atom feed of new public knowledge.
pub(super) async fn kwestie(
    State(state): State<AppState>,
    page: Page,
    headers: axum::http::HeaderMap,
    HtmlPath(raw): HtmlPath<String>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let not_found = || crate::HtmlError(crate::error::ErrorPage::NotFound);
    if let Some(id) = raw.strip_suffix(".atom") {
        let id = id.parse::<i64>().map_err(|_| not_found())?;
        let feed = state.core.knowledge_feed(broedplaats_core::dissemination::FeedOf::Kwestie(id)).await?;
        return Ok(crate::html::kit::feed::feed_response(feed, &headers));
    }
    let id = raw.parse::<i64>().map_err(|_| not_found())?;
    let params = ListParams::of(q);
    let d = state.core.kwestie(page.actor.as_ref(), id).await?;
    let group = |id,
                 heading,
                 empty,
                 items: &[broedplaats_core::knowledge::KwestieItem],
                 label: &dyn Fn(&str) -> String| {
        UseGroup {
            id,
            heading: page.t(heading),
            empty: page.t(empty),
            items: items
                .iter()
                .map(|i| {
                    (Link { href: i.url.clone(), label: i.title.clone() }, i.werkplaats_name.clone(), label(&i.kind))
                })
                .collect(),
        }
    };
    let product_kind = |k: &str| {
        if broedplaats_domain::ProductKind::CODES.contains(&k) {
            page.t(&format!("pq.product_kind.{k}")).into()
        } else {
            k.into()
        }
    };
    let narrator = |k: &str| {
        if broedplaats_domain::NarratorRole::CODES.contains(&k) {
            page.t(&format!("pq.narrator.{k}")).into()
        } else {
            k.into()
        }
    };
    let groups = vec![
        group("kennisproducten", "pq.kwestie.products", "pq.kwestie.no_products", &d.products, &product_kind),
        group("praktijkvragen", "pq.kwestie.questions", "pq.kwestie.no_questions", &d.questions, &|k| {
            status_label(&page, k)
        }),
        group("aanpakken", "pq.kwestie.approaches", "pq.kwestie.no_approaches", &d.approaches, &|k| {
            kind_label(&page, k)
        }),
        group("verhalen", "pq.kwestie.stories", "pq.kwestie.no_stories", &d.stories, &narrator),
    ];
    let target = broedplaats_core::following::FollowTarget::Kwestie(d.kwestie.id);
    let follow = crate::html::kit::follow::follow_button(&state, &page, target).await;
    Ok(render(&KwestieTemplate {
        follow,
        title: d.kwestie.label.clone(),
        flash: params.flash(&page),
        id: d.kwestie.id,
        uses: d.kwestie.uses,
        description: md(&d.kwestie.description),
        groups,
        can_edit: d.may_edit,
        page,
    }))
}

#[derive(Template)]
#[template(path = "knowledge/kwestie_form.html")]
struct KwestieFormTemplate {
    page: Page,
    title: String,
    id: i64,
    errors: FormErrors,
    label: String,
    description: String,
}

pub(super) async fn edit_kwestie(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    let d = state.core.kwestie(page.actor.as_ref(), id).await?;
    require(&page, d.may_edit)?;
    Ok(render(&KwestieFormTemplate {
        title: page.f1("pq.kwestie.edit", "label", &d.kwestie.label),
        id,
        errors: FormErrors::default(),
        label: d.kwestie.label,
        description: d.kwestie.description,
        page,
    }))
}

pub(super) async fn update_kwestie(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let pairs = Pairs(pairs);
    require(&page, state.core.may_edit_kwesties(page.actor.as_ref()))?;
    let input = KwestieInput { label: pairs.one("label"), description: Some(pairs.one("description")) };
    match state.core.update_kwestie(page.actor.as_ref(), id, &input).await {
        Ok(()) => Ok(redirect(&format!("/kwesties/{id}?opgeslagen=1"))),
        Err(CoreError::Invalid(e)) => {
            let d = state.core.kwestie(page.actor.as_ref(), id).await?;
            Ok(unprocessable(&KwestieFormTemplate {
                title: page.f1("pq.kwestie.edit", "label", &d.kwestie.label),
                id,
                errors: shown_errors(&page, &e, false),
                label: input.label,
                description: input.description.unwrap_or_default(),
                page,
            }))
        }
        Err(e) => Err(e.into()),
    }
}
