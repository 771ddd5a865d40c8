//! Cancelling a registration by the link in its confirmation or reminder email, and stopping the
//! reminders. A GET only shows what the link does; the POST does it.
use super::common::{message_page, no_store};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, place, when};
use crate::html::kit::{Link, PageResult, Pairs, encode_query, redirect, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use broedplaats_core::CoreError;
use broedplaats_domain::RegistrationStatus;
use broedplaats_store::Tenant;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(super) struct UnregisterQuery {
    herinneringen: Option<String>,
}

#[derive(Template)]
#[template(path = "activities/unregister.html")]
struct UnregisterTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    place: String,
    name: String,
    waitlisted: bool,
    cancelled: bool,
    /// Offer "no more reminders" (the link in a reminder email).
    offer_stop_reminders: bool,
    reminders_stopped: bool,
    action: String,
}

fn unknown_link(page: Page, tenant: &Tenant) -> Response {
    let title = page.t("act.unreg.unknown_title");
    let text = page.t("act.unreg.unknown_text");
    let back = Link {
        href: format!("/werkplaatsen/{}/activiteiten", tenant.slug),
        label: page.t("act.back_to_agenda").into(),
    };
    no_store(message_page(page, tenant, title, text, vec![back], StatusCode::NOT_FOUND))
}

/// Shows what the link cancels and asks to confirm: a GET changes nothing, as mail scanners
/// follow links in emails.
pub(super) async fn unregister_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, token)): HtmlPath<(String, i64, String)>,
    Query(q): Query<UnregisterQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (r, a) = match state.core.registration_for_token(&tenant, &token).await {
        Ok((r, a)) if a.id == id => (r, a),
        Ok(_) | Err(CoreError::NotFound) => return Ok(unknown_link(page, &tenant)),
        Err(e) => return Err(e.into()),
    };
    let cancelled = r.status == RegistrationStatus::Cancelled.code();
    let title = if cancelled {
        page.t("act.unreg.done_title").to_owned()
    } else {
        page.f1("act.unreg.title", "title", &a.title)
    };
    Ok(no_store(render(&UnregisterTemplate {
        title,
        activity_href: activity_href(&tenant.slug, a.id),
        when: when(&page, a.starts(), a.ends()),
        place: place(&page, &a),
        activity_title: a.title,
        name: r.name,
        waitlisted: r.status == RegistrationStatus::Waitlisted.code(),
        offer_stop_reminders: !cancelled && q.herinneringen.as_deref() == Some("uit"),
        reminders_stopped: q.herinneringen.as_deref() == Some("gestopt"),
        cancelled,
        action: format!("{}/afmelden/{}", activity_href(&tenant.slug, id), encode_query(&token)),
        slug: tenant.slug,
        tenant_name: tenant.name,
        page,
    })))
}

pub(super) async fn unregister(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, token)): HtmlPath<(String, i64, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let here = format!("{}/afmelden/{}", activity_href(&tenant.slug, id), encode_query(&token));
    // the token must belong to this activity, for stopping reminders as for cancelling
    match state.core.registration_for_token(&tenant, &token).await {
        Ok((_, a)) if a.id == id => {}
        Ok(_) | Err(CoreError::NotFound) => return Ok(unknown_link(page, &tenant)),
        Err(e) => return Err(e.into()),
    }
    let outcome = if Pairs(pairs).one("herinneringen") == "uit" {
        state.core.stop_reminders(&tenant, &token).await.map(|_| format!("{here}?herinneringen=gestopt"))
    } else {
        state.core.cancel_registration(&tenant, Some(id), &token).await.map(|_| here)
    };
    match outcome {
        Ok(to) => Ok(redirect(&to)),
        Err(CoreError::NotFound) => Ok(unknown_link(page, &tenant)),
        Err(e) => Err(e.into()),
    }
}
