//! The harvester's page (issue 17): `/oogsten`, for programme coordinators — the OAI-PMH sources
//! this installation harvests, each with its records, last run and last error (Dutch), a button
//! that queues a run, and a form to add a source. Authorisation stays in `core::federation`.
use crate::AppState;
use crate::error::field_message;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, Pairs, redirect, render, unprocessable};
use crate::routes::{Routes, get, post};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::federation::{SourceInput, SourceView};
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new().route("/oogsten", get(page).post(add)).route("/oogsten/{id}/oogsten", post(run))
}

struct SourceLine {
    id: i64,
    name: String,
    url: String,
    set: String,
    records: i64,
    last_run: String,
    error: Option<String>,
    run_action: String,
}

#[derive(Template)]
#[template(path = "federation/sources.html")]
struct SourcesTemplate {
    page: Page,
    title: String,
    sources: Vec<SourceLine>,
    flash: Option<&'static str>,
    errors: FormErrors,
    url: String,
    set: String,
    name: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct Flash {
    melding: Option<String>,
}

fn lines(page: &Page, sources: Vec<SourceView>) -> Vec<SourceLine> {
    sources
        .into_iter()
        .map(|v| {
            let s = v.source;
            let last_run = match (&v.last_run, &s.last_run_at) {
                (Some(r), _) => page
                    .t("fed.last_run")
                    .replace("{at}", &r.finished_at)
                    .replace("{added}", &r.added.to_string())
                    .replace("{updated}", &r.updated.to_string())
                    .replace("{deleted}", &r.deleted.to_string()),
                _ => page.t("fed.never").to_owned(),
            };
            SourceLine {
                run_action: format!("/oogsten/{}/oogsten", s.id),
                id: s.id,
                name: s.name,
                url: s.url,
                set: s.set_spec,
                records: s.records,
                last_run,
                error: s.last_error,
            }
        })
        .collect()
}

async fn show(
    state: &AppState,
    page: Page,
    errors: FormErrors,
    values: [String; 3],
    flash: Option<&'static str>,
) -> PageResult {
    let sources = state.core.harvest_sources(page.actor.as_ref()).await?;
    let [url, set, name] = values;
    let t = SourcesTemplate {
        title: page.t("fed.title").into(),
        sources: lines(&page, sources),
        flash,
        errors,
        url,
        set,
        name,
        page,
    };
    Ok(if t.errors.list.is_empty() { render(&t) } else { unprocessable(&t) })
}

pub(crate) async fn page(State(state): State<AppState>, page: Page, Query(flash): Query<Flash>) -> PageResult {
    let flash = match flash.melding.as_deref() {
        Some("added") => Some(page.t("fed.flash.added")),
        Some("queued") => Some(page.t("fed.flash.queued")),
        _ => None,
    };
    show(&state, page, FormErrors::default(), Default::default(), flash).await
}

pub(crate) async fn add(
    State(state): State<AppState>,
    page: Page,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let p = Pairs(pairs);
    let some = |k: &str| Some(p.one(k)).filter(|v| !v.trim().is_empty());
    let input = SourceInput { url: p.one("url"), set: some("set"), name: some("name"), werkplaats: None };
    match state.core.add_harvest_source(page.actor.as_ref(), input).await {
        Ok(_) => Ok(redirect("/oogsten?melding=added")),
        Err(CoreError::Invalid(fields)) => {
            let mut errors = FormErrors::default();
            for e in &fields.0 {
                let field = if ["url", "set", "name"].contains(&e.field.as_str()) { e.field.as_str() } else { "url" };
                let id = format!("source-{field}");
                errors.push(
                    &id,
                    id.clone(),
                    page.t(&format!("fed.field.{field}")).to_owned(),
                    field_message(&page.tr, &e.kind),
                );
            }
            show(&state, page, errors, [p.one("url"), p.one("set"), p.one("name")], None).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn run(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    state.core.queue_harvest(page.actor.as_ref(), id).await?;
    Ok(redirect("/oogsten?melding=queued"))
}
