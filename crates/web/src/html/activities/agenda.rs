//! The activity agenda of a werkplaats (upcoming or past, by kind and theme) and the personal
//! calendar link.
use super::common::no_store;
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::activity_lines::{ActivityLine, kind_label};
use crate::html::kit::{Opt, PageResult, encode_query, redirect, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use broedplaats_core::CoreError;
use broedplaats_core::activities::ListQuery;
use broedplaats_domain::ActivityKind;
use broedplaats_store::Tenant;
use chrono::Utc;
use serde::Deserialize;

/// Activities per page of the agenda.
const PAGE_SIZE: i64 = 20;

async fn theme_titles(state: &AppState, tenant: &Tenant) -> Result<Vec<(i64, String)>, HtmlError> {
    match state.core.current_agenda(tenant).await {
        Ok(a) => Ok(a.themes.into_iter().map(|t| (t.id, t.title)).collect()),
        Err(CoreError::NotFound) => Ok(vec![]),
        Err(e) => Err(e.into()),
    }
}

fn feed_href(slug: &str) -> String {
    format!("/api/v1/werkplaatsen/{slug}/activities.ics")
}

/// Query of the agenda page; unknown or unparsable values are ignored, never a 400.
#[derive(Deserialize, Default)]
pub(super) struct AgendaQuery {
    wanneer: Option<String>,
    soort: Option<String>,
    thema: Option<String>,
    na: Option<String>,
}

#[derive(Template)]
#[template(path = "activities/agenda.html")]
struct AgendaTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    past: bool,
    upcoming_href: String,
    past_href: String,
    kinds: Vec<Opt>,
    themes: Vec<Opt>,
    filtered: bool,
    items: Vec<ActivityLine>,
    next_href: Option<String>,
    first_href: Option<String>,
    can_plan: bool,
    feed: String,
    signed_in: bool,
}

fn agenda_href(slug: &str, past: bool, kind: Option<&str>, theme: Option<i64>, cursor: Option<&str>) -> String {
    let mut q = Vec::new();
    if past {
        q.push("wanneer=afgelopen".to_owned());
    }
    if let Some(k) = kind {
        q.push(format!("soort={}", encode_query(k)));
    }
    if let Some(t) = theme {
        q.push(format!("thema={t}"));
    }
    if let Some(c) = cursor {
        q.push(format!("na={}", encode_query(c)));
    }
    let base = format!("/werkplaatsen/{slug}/activiteiten");
    if q.is_empty() { base } else { format!("{base}?{}", q.join("&")) }
}

pub(super) async fn agenda(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<AgendaQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let theme_list = theme_titles(&state, &tenant).await?;
    let past = q.wanneer.as_deref() == Some("afgelopen");
    let kind = q.soort.filter(|k| ActivityKind::CODES.contains(&k.as_str()));
    let theme = q.thema.and_then(|t| t.trim().parse::<i64>().ok()).filter(|t| theme_list.iter().any(|(id, _)| id == t));
    let now = Utc::now();
    let query = ListQuery {
        from: (!past).then_some(now),
        to: past.then_some(now),
        kind: kind.clone(),
        theme_id: theme,
        descending: past,
        cursor: q.na.clone(),
        limit: PAGE_SIZE,
    };
    let list = state.core.activities(page.actor.as_ref(), &tenant, &query).await?;
    let slug = tenant.slug.clone();
    let kinds = ActivityKind::CODES
        .iter()
        .map(|k| Opt { value: (*k).into(), label: kind_label(&page, k), selected: kind.as_deref() == Some(*k) })
        .collect();
    let themes = theme_list
        .iter()
        .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: theme == Some(*id) })
        .collect();
    Ok(render(&AgendaTemplate {
        title: page.t("act.agenda.title"),
        upcoming_href: agenda_href(&slug, false, kind.as_deref(), theme, None),
        past_href: agenda_href(&slug, true, kind.as_deref(), theme, None),
        next_href: list.next_cursor.as_deref().map(|c| agenda_href(&slug, past, kind.as_deref(), theme, Some(c))),
        first_href: q.na.is_some().then(|| agenda_href(&slug, past, kind.as_deref(), theme, None)),
        items: list.items.iter().map(|a| ActivityLine::new(&page, &slug, a, now)).collect(),
        filtered: kind.is_some() || theme.is_some(),
        kinds,
        themes,
        past,
        can_plan: state.core.may_plan_activities(page.actor.as_ref(), &tenant),
        feed: feed_href(&slug),
        signed_in: page.actor.is_some(),
        tenant_name: tenant.name,
        slug,
        page,
    }))
}

// ---- personal calendar link ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "activities/calendar_link.html")]
struct CalendarLinkTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    url: String,
}

/// Makes a new personal calendar link and shows it once (the database keeps only its hash).
pub(super) async fn calendar_link(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let token = state.core.new_calendar_token(page.actor.as_ref()).await?;
    Ok(no_store(render(&CalendarLinkTemplate {
        title: page.t("act.calendar.title"),
        url: format!("{}/api/v1/calendar/{token}.ics", state.core.public_url.trim_end_matches('/')),
        slug: tenant.slug,
        tenant_name: tenant.name,
        page,
    })))
}

/// The link is made by a POST; a GET (a reload, a bookmark) goes back to the agenda.
pub(super) async fn calendar_link_get(HtmlPath(slug): HtmlPath<String>) -> Response {
    redirect(&format!("/werkplaatsen/{}/activiteiten#mijn-agenda", encode_query(&slug)))
}
