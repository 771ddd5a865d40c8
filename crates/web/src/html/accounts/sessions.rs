//! `/account/sessies`: where you are signed in (started, last used, browser), ending one
//! session, and "sign out on all other devices".
use super::shared::{moment, session_token, signed_in};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, redirect, render};
use askama::Template;
use axum::extract::State;
use axum_extra::extract::CookieJar;

struct Line {
    id: i64,
    device: String,
    created: String,
    last_seen: String,
    provider: Option<String>,
    current: bool,
}

#[derive(Template)]
#[template(path = "accounts/sessions.html")]
struct SessionsTemplate {
    page: Page,
    title: &'static str,
    lines: Vec<Line>,
}

pub(super) async fn list(State(state): State<AppState>, page: Page, jar: CookieJar) -> PageResult {
    signed_in(&page)?;
    let current = session_token(&jar);
    let sessions = state.core.my_sessions(page.actor.as_ref(), current.as_deref()).await?;
    let unknown = page.t("account.sessions.unknown_device");
    let lines = sessions
        .into_iter()
        .map(|s| {
            let device = match (s.browser, s.system) {
                (Some(b), Some(o)) => page.tr.f("account.sessions.device", &[("browser", &b), ("system", &o)]),
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => unknown.to_owned(),
            };
            Line {
                id: s.id,
                device,
                created: moment(&page, &s.created_at),
                last_seen: s.last_seen_at.as_deref().map(|t| moment(&page, t)).unwrap_or_default(),
                provider: s.provider,
                current: s.current,
            }
        })
        .collect();
    Ok(render(&SessionsTemplate { title: page.t("account.sessions.title"), lines, page }))
}

pub(super) async fn end_others(State(state): State<AppState>, page: Page, jar: CookieJar) -> PageResult {
    signed_in(&page)?;
    let current = session_token(&jar);
    state.core.end_other_sessions(page.actor.as_ref(), current.as_deref()).await?;
    Ok(redirect("/account?melding=sessies"))
}

pub(super) async fn end_one(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    signed_in(&page)?;
    state.core.end_my_session(page.actor.as_ref(), id).await?;
    Ok(redirect("/account/sessies"))
}
