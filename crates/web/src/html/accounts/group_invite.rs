//! Inviting someone into one theme group (`/werkplaatsen/{slug}/themagroepen/{id}/uitnodigen`):
//! for a coordinator, a lector and the group's themaleider, as core decides. The form posts to the
//! members page's handler with the group fixed and a `terug` path back here; the group's
//! invitations are listed with resend and revoke.
use super::members::{InvitationLine, InviteValues, invitation_line, role_label};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_store::Tenant;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/group_invite.html")]
pub(super) struct GroupInviteTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    group_id: i64,
    group_name: String,
    back: String,
    roles: Vec<Opt>,
    invite: InviteValues,
    invitations: Vec<InvitationLine>,
    errors: FormErrors,
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub(super) struct GroupQuery {
    melding: Option<String>,
}

/// The address of the page for one group: the `terug` path its forms carry.
pub(super) fn path(slug: &str, group_id: i64) -> String {
    format!("/werkplaatsen/{slug}/themagroepen/{group_id}/uitnodigen")
}

/// The page with `invite` typed in and `errors` shown; `Forbidden` for whoever may not invite here.
pub(super) async fn load(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    group_id: i64,
    invite: InviteValues,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<GroupInviteTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let groups = state.core.theme_groups(tenant).await?;
    let group = groups.into_iter().find(|g| g.id == group_id).ok_or(HtmlError(ErrorPage::NotFound))?;
    // The list is the access check: only who may invite into this group sees it.
    let invitations = state.core.group_invitations(actor, tenant, group_id).await?;
    let roles = state.core.roles_to_give(actor, tenant, Some(group_id)).await?;
    let roles = roles
        .iter()
        .map(|r| Opt {
            selected: invite.role == r.code(),
            value: r.code().to_owned(),
            label: role_label(&page, r.code()).to_owned(),
        })
        .collect();
    let invitations = invitations.into_iter().map(|i| invitation_line(&page, i)).collect();
    Ok(GroupInviteTemplate {
        title: page.f1("invite.group.title", "group", &group.name),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        group_id,
        group_name: group.name,
        back: path(&tenant.slug, group_id),
        roles,
        invite,
        invitations,
        errors,
        notice,
        page,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<GroupQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let notice = super::members::notice(q.melding.as_deref());
    Ok(render(&load(&state, page, &tenant, id, InviteValues::default(), FormErrors::default(), notice).await?))
}
