//! The werkplaats page: its current agenda, the next activities and the governance notice.
use super::{Flash, can_edit};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{ActivityLine, GovernanceNotice, PageResult, governance_notice, render, upcoming};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::agenda::AgendaView;

#[derive(Template)]
#[template(path = "agenda/werkplaats.html")]
struct AgendaTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    agenda: AgendaView,
    can_edit: bool,
    is_member: bool,
    flash: Option<String>,
    /// Open governance violations, for coordinators and lectoren only (see `organisation`).
    governance: Option<GovernanceNotice>,
    /// The next activities the visitor may see.
    activities: Vec<ActivityLine>,
    /// Citizens and students may make an account here themselves.
    self_registration: bool,
    follow: crate::html::kit::follow::FollowButton,
}

pub(crate) async fn werkplaats(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let agenda = state.core.current_agenda(&tenant).await?;
    let governance = governance_notice(&state, &page, &tenant).await;
    let activities = upcoming(&state, &page, page.actor.as_ref(), &tenant, 3).await?;
    let self_registration = state.core.self_registration_open(&tenant).await?;
    let target = broedplaats_core::following::FollowTarget::Werkplaats(tenant.slug.clone());
    let follow = crate::html::kit::follow::follow_button(&state, &page, target).await;
    Ok(render(&AgendaTemplate {
        follow,
        self_registration,
        governance,
        activities,
        title: tenant.name.clone(),
        can_edit: can_edit(&page, &tenant),
        is_member: page.actor.as_ref().is_some_and(|a| a.is_member(&tenant.slug)),
        flash: flash.message(&page),
        slug: tenant.slug,
        tenant_name: tenant.name,
        agenda,
        page,
    }))
}
