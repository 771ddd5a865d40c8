//! Following (issue 17): the "Volgen"/"Niet meer volgen" buttons of the werkplaats, theme,
//! kwestie and project pages post here; `/account/volgen` lists what you follow with the digest
//! frequency; `/volgen/afmelden/{token}` is the one-click unsubscribe of every digest mail — a GET
//! only shows a confirmation (mail scanners follow links), the POST unsubscribes without session
//! or CSRF token (RFC 8058; the `csrf` middleware lets exactly this path through).
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{PageResult, redirect, render, safe_return_path};
use crate::routes::{Routes, get, post};
use askama::Template;
use axum::extract::State;
use broedplaats_core::following::{FollowInput, FollowTarget, FollowView, Frequency};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/volgen", post(follow))
        .route("/volgen/stoppen", post(unfollow_target))
        .route("/volgen/afmelden/{token}", get(unsubscribe_page).post(unsubscribe))
        .route("/account/volgen", get(list))
        .route("/account/volgen/frequentie", post(set_frequency))
        .route("/account/volgen/{id}/stoppen", post(unfollow))
}

fn signed_in(page: &Page) -> Result<(), crate::HtmlError> {
    if page.actor.is_none() { Err(crate::HtmlError(ErrorPage::Unauthenticated)) } else { Ok(()) }
}

/// The fields of a follow button: what (`soort`: werkplaats, thema, kwestie, project), where, and
/// the page to return to.
#[derive(serde::Deserialize)]
struct FollowForm {
    soort: String,
    werkplaats: Option<String>,
    id: Option<String>,
    terug: Option<String>,
}

impl FollowForm {
    fn target(&self) -> Result<FollowTarget, crate::HtmlError> {
        let kind = match self.soort.as_str() {
            "thema" => "theme",
            other => other,
        };
        let input = FollowInput {
            kind: kind.to_owned(),
            werkplaats: self.werkplaats.clone(),
            id: self.id.as_deref().and_then(|i| i.trim().parse().ok()),
        };
        FollowTarget::parse(&input).map_err(|_| crate::HtmlError(ErrorPage::Invalid))
    }
}

type Form<T> = Result<HtmlForm<T>, crate::HtmlError>;

async fn follow(State(state): State<AppState>, page: Page, form: Form<FollowForm>) -> PageResult {
    signed_in(&page)?;
    let HtmlForm(form) = form?;
    state.core.follow(page.actor.as_ref(), &form.target()?).await?;
    Ok(redirect(&safe_return_path(form.terug.as_deref())))
}

async fn unfollow_target(State(state): State<AppState>, page: Page, form: Form<FollowForm>) -> PageResult {
    signed_in(&page)?;
    let HtmlForm(form) = form?;
    state.core.unfollow_target(page.actor.as_ref(), &form.target()?).await?;
    Ok(redirect(&safe_return_path(form.terug.as_deref())))
}

struct Line {
    id: i64,
    kind: &'static str,
    name: String,
    url: String,
}

#[derive(Template)]
#[template(path = "following/list.html")]
struct ListTemplate {
    page: Page,
    title: &'static str,
    lines: Vec<Line>,
    frequency: &'static str,
    saved: bool,
}

fn kind_label(page: &Page, f: &FollowView) -> &'static str {
    page.t(&format!("follow.kind.{}", f.kind))
}

#[derive(serde::Deserialize)]
struct Saved {
    opgeslagen: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    q: Result<axum::extract::Query<Saved>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    signed_in(&page)?;
    let view = state.core.follows(page.actor.as_ref()).await?;
    let lines = view
        .items
        .iter()
        .map(|f| Line { id: f.id, kind: kind_label(&page, f), name: f.name.clone(), url: f.url.clone() })
        .collect();
    Ok(render(&ListTemplate {
        title: page.t("follow.title"),
        lines,
        frequency: view.frequency.code(),
        saved: q.ok().is_some_and(|q| q.0.opgeslagen.is_some()),
        page,
    }))
}

#[derive(serde::Deserialize)]
struct FrequencyForm {
    frequency: String,
}

async fn set_frequency(State(state): State<AppState>, page: Page, form: Form<FrequencyForm>) -> PageResult {
    signed_in(&page)?;
    let HtmlForm(form) = form?;
    let frequency = Frequency::parse(&form.frequency).ok_or(crate::HtmlError(ErrorPage::Invalid))?;
    state.core.set_digest_frequency(page.actor.as_ref(), frequency).await?;
    Ok(redirect("/account/volgen?opgeslagen=1"))
}

async fn unfollow(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    signed_in(&page)?;
    state.core.unfollow(page.actor.as_ref(), id).await?;
    Ok(redirect("/account/volgen?opgeslagen=1"))
}

#[derive(Template)]
#[template(path = "following/unsubscribe.html")]
struct UnsubscribeTemplate {
    page: Page,
    title: &'static str,
    token: String,
    done: bool,
}

/// The confirmation page of the unsubscribe link: a button, nothing changes yet.
async fn unsubscribe_page(State(state): State<AppState>, page: Page, HtmlPath(token): HtmlPath<String>) -> PageResult {
    if !state.core.unsubscribe_link_valid(&token).await? {
        return Err(crate::HtmlError(ErrorPage::NotFound));
    }
    Ok(render(&UnsubscribeTemplate { title: page.t("follow.unsubscribe.title"), token, done: false, page }))
}

/// One-click unsubscribe: no session, no form token; the link's secret decides.
async fn unsubscribe(State(state): State<AppState>, page: Page, HtmlPath(token): HtmlPath<String>) -> PageResult {
    state.core.unsubscribe(&token).await?;
    Ok(render(&UnsubscribeTemplate { title: page.t("follow.unsubscribe.done_title"), token, done: true, page }))
}
