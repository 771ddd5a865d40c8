//! `/account`: your account at a glance — name and address, and the way to everything you can
//! change yourself.
use super::shared::signed_in;
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountTemplate {
    page: Page,
    title: &'static str,
    name: String,
    email: String,
    notice: Option<&'static str>,
    two_factor: bool,
    sessions: usize,
    tokens: usize,
    /// A programme coordinator: the link to the sources this installation harvests.
    harvests: bool,
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    melding: Option<String>,
}

/// The notices a finished change leaves on the overview (only these: no text from the query).
fn notice(code: Option<&str>) -> Option<&'static str> {
    match code? {
        "wachtwoord" => Some("account.notice.password"),
        "email" => Some("account.notice.email"),
        "email-bevestigd" => Some("account.notice.email_confirmed"),
        "sessies" => Some("account.notice.sessions"),
        "tweestaps-uit" => Some("account.notice.two_factor_off"),
        _ => None,
    }
}

pub(super) async fn overview(State(state): State<AppState>, page: Page, Query(q): Query<NoticeQuery>) -> PageResult {
    signed_in(&page)?;
    let actor = page.actor.as_ref();
    let status = state.core.two_factor_status(actor).await?;
    let sessions = state.core.my_sessions(actor, None).await?.len();
    let tokens = state.core.my_tokens(actor).await?.iter().filter(|t| t.live).count();
    let (name, email) = actor.map(|a| (a.name.clone(), a.email.clone())).unwrap_or_default();
    let harvests = actor.is_some_and(broedplaats_core::federation::may_manage_sources);
    Ok(render(&AccountTemplate {
        title: page.t("account.title"),
        notice: notice(q.melding.as_deref()).map(|k| page.t(k)),
        page,
        name,
        email,
        two_factor: status.enabled,
        sessions,
        tokens,
        harvests,
    }))
}
