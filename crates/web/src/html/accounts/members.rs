//! The members page of a werkplaats (`/werkplaatsen/{slug}/leden`, coordinator and lectoren):
//! accounts with their roles and a form per account to set them, the invitation form, the list
//! of invitations with resend and revoke (after a confirmation), and the self-registration switch.
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, Pairs, redirect, render, safe_return_path, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::accounts::InvitationInput;
use broedplaats_domain::Role;
use broedplaats_store::Tenant;
use serde::Deserialize;

pub(super) struct RoleCheck {
    pub(super) code: &'static str,
    pub(super) label: &'static str,
    pub(super) checked: bool,
}

pub(super) struct MemberLine {
    pub(super) account_id: i64,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) roles: String,
    pub(super) checks: Vec<RoleCheck>,
    pub(super) registered_here: bool,
    pub(super) verified: bool,
    pub(super) error: Option<String>,
}

pub(super) struct InvitationLine {
    pub(super) id: i64,
    pub(super) email: String,
    pub(super) role: &'static str,
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) sent: String,
    pub(super) expires: String,
    pub(super) invited_by: String,
}

#[derive(Default)]
pub(super) struct InviteValues {
    pub(super) email: String,
    pub(super) role: String,
    pub(super) person_id: String,
    pub(super) theme_group_id: String,
}

#[derive(Template)]
#[template(path = "accounts/members.html")]
pub(super) struct MembersTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    members: Vec<MemberLine>,
    next: Option<String>,
    invitations: Vec<InvitationLine>,
    invitations_next: Option<String>,
    roles: Vec<Opt>,
    people: Vec<Opt>,
    groups: Vec<Opt>,
    invite: InviteValues,
    errors: FormErrors,
    notice: Option<&'static str>,
    self_registration: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    cursor: Option<String>,
    uitnodigingen: Option<String>,
    melding: Option<String>,
}

pub(super) fn role_label(page: &Page, code: &str) -> &'static str {
    page.t(&format!("org.role.{code}"))
}

pub(super) fn invitation_line(page: &Page, i: broedplaats_core::accounts::InvitationView) -> InvitationLine {
    InvitationLine {
        id: i.id,
        email: i.email,
        role: role_label(page, &i.role),
        status: i.status,
        status_label: page.t(&format!("invite.status.{}", i.status)),
        sent: page.date(&i.sent_at),
        expires: page.date(&i.expires_at),
        invited_by: i.invited_by.unwrap_or_default(),
    }
}

/// The notice a `melding` in the address asks for, after a redirect.
pub(super) fn notice(melding: Option<&str>) -> Option<&'static str> {
    match melding {
        Some("uitgenodigd") => Some("invite.notice.created"),
        Some("opnieuw") => Some("invite.notice.resent"),
        Some("ingetrokken") => Some("invite.notice.revoked"),
        Some("rollen") => Some("members.notice.roles"),
        Some("zelfregistratie") => Some("members.notice.self_registration"),
        _ => None,
    }
}

/// Where a write about invitations goes back to: the `terug` path the form carried (the theme
/// group's invitation page), or the members page; with the notice and the list's anchor.
fn back(slug: &str, terug: &str, melding: &str) -> String {
    let path = if terug.trim().is_empty() {
        format!("/werkplaatsen/{slug}/leden")
    } else {
        safe_return_path(Some(terug.trim()))
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}melding={melding}#uitnodigingen")
}

fn opts(items: impl IntoIterator<Item = (String, String)>, selected: &str) -> Vec<Opt> {
    items.into_iter().map(|(value, label)| Opt { selected: value == selected, value, label }).collect()
}

/// Everything the page shows; `role_error` puts a refusal at one account's form.
async fn load(
    state: &AppState,
    page: Page,
    tenant: Tenant,
    q: &ListQuery,
    invite: InviteValues,
    errors: FormErrors,
    role_error: Option<(i64, String)>,
) -> Result<MembersTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let members = state.core.members(actor, &tenant, q.cursor.as_deref(), 50).await?;
    let invitations = state.core.invitations(actor, &tenant, q.uitnodigingen.as_deref(), 20).await?;
    let people = state.core.people_full(actor, &tenant).await?;
    let groups = state.core.theme_groups(&tenant).await?;
    let self_registration = state.core.self_registration_open(&tenant).await?;
    let base = format!("/werkplaatsen/{}/leden", tenant.slug);
    let member_lines = members
        .items
        .into_iter()
        .map(|m| MemberLine {
            roles: m.roles.iter().map(|r| role_label(&page, r)).collect::<Vec<_>>().join(", "),
            checks: Role::ALL
                .iter()
                .map(|r| RoleCheck {
                    code: r.code(),
                    label: role_label(&page, r.code()),
                    checked: m.roles.iter().any(|x| x == r.code()),
                })
                .collect(),
            error: role_error.as_ref().filter(|(id, _)| *id == m.account_id).map(|(_, e)| e.clone()),
            account_id: m.account_id,
            name: m.name,
            email: m.email,
            registered_here: m.registered_here,
            verified: m.verified,
        })
        .collect();
    let invitation_lines = invitations.items.into_iter().map(|i| invitation_line(&page, i)).collect();
    let roles =
        opts(Role::ALL.iter().map(|r| (r.code().to_owned(), role_label(&page, r.code()).to_owned())), &invite.role);
    let people = opts(people.into_iter().map(|p| (p.id.to_string(), p.name)), &invite.person_id);
    let groups = opts(groups.into_iter().map(|g| (g.id.to_string(), g.name)), &invite.theme_group_id);
    let notice = notice(q.melding.as_deref());
    Ok(MembersTemplate {
        title: page.t("members.title").to_owned(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        members: member_lines,
        next: members.next_cursor.map(|c| format!("{base}?cursor={c}")),
        invitations: invitation_lines,
        invitations_next: invitations.next_cursor.map(|c| format!("{base}?uitnodigingen={c}#uitnodigingen")),
        roles,
        people,
        groups,
        invite,
        errors,
        notice,
        self_registration,
        page,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    Ok(render(&load(&state, page, tenant, &q, InviteValues::default(), FormErrors::default(), None).await?))
}

pub(super) async fn set_roles(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, account_id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let roles = Pairs(pairs).all("roles");
    match state.core.set_member_roles(page.actor.as_ref(), &tenant, account_id, &roles).await {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{slug}/leden?melding=rollen#lid-{account_id}"))),
        Err(CoreError::Invalid(e)) => {
            let message = e.0.first().map(|fe| field_message(&page.tr, &fe.kind)).unwrap_or_default();
            let mut errors = FormErrors::default();
            errors.push("roles", format!("rollen-{account_id}"), page.t("members.roles").to_owned(), message.clone());
            let t = load(
                &state,
                page,
                tenant,
                &ListQuery::default(),
                InviteValues::default(),
                errors,
                Some((account_id, message)),
            )
            .await?;
            Ok(unprocessable(&t))
        }
        Err(e) => Err(e.into()),
    }
}

fn id_field(
    errors: &mut Vec<(&'static str, broedplaats_domain::FieldErrorKind)>,
    field: &'static str,
    v: &str,
) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse() {
        Ok(id) => Some(id),
        Err(_) => {
            errors.push((field, broedplaats_domain::FieldErrorKind::Invalid));
            None
        }
    }
}

fn show_errors(page: &Page, e: &[(String, broedplaats_domain::FieldErrorKind)]) -> FormErrors {
    let mut errors = FormErrors::default();
    for (field, kind) in e {
        let name = match field.as_str() {
            "email" => page.t("invite.field.email"),
            "role" => page.t("invite.field.role"),
            "person_id" => page.t("invite.field.person"),
            "theme_group_id" => page.t("invite.field.group"),
            _ => page.t("invite.field.email"),
        };
        errors.push(
            field,
            format!("invite-{}", field.replace('_', "-")),
            name.to_owned(),
            field_message(&page.tr, kind),
        );
    }
    errors
}

pub(super) async fn invite(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let pairs = Pairs(pairs);
    let values = InviteValues {
        email: pairs.one("email"),
        role: pairs.one("role"),
        person_id: pairs.one("person_id"),
        theme_group_id: pairs.one("theme_group_id"),
    };
    let mut bad = Vec::new();
    let person_id = id_field(&mut bad, "person_id", &values.person_id);
    let theme_group_id = id_field(&mut bad, "theme_group_id", &values.theme_group_id);
    let terug = pairs.one("terug");
    let input = InvitationInput { email: values.email.clone(), role: values.role.clone(), person_id, theme_group_id };
    let result = if bad.is_empty() {
        state.core.invite(page.actor.as_ref(), &tenant, &input).await.map(|_| ())
    } else {
        Err(CoreError::Invalid(broedplaats_domain::FieldErrors(
            bad.into_iter().map(|(f, k)| broedplaats_domain::FieldError { field: f.into(), kind: k }).collect(),
        )))
    };
    match result {
        Ok(()) => Ok(redirect(&back(&slug, &terug, "uitgenodigd"))),
        Err(CoreError::Invalid(e)) => {
            let list: Vec<_> = e.0.into_iter().map(|fe| (fe.field, fe.kind)).collect();
            let errors = show_errors(&page, &list);
            // From a theme group's page (or by a themaleider, who has no members page): shown
            // there again, the group fixed.
            let manager = broedplaats_core::kernel::actor::require_manager(page.actor.as_ref(), &tenant).is_ok();
            if let Some(g) = theme_group_id
                && (!terug.trim().is_empty() || !manager)
            {
                let t = super::group_invite::load(&state, page, &tenant, g, values, errors, None).await?;
                return Ok(unprocessable(&t));
            }
            let t = load(&state, page, tenant, &ListQuery::default(), values, errors, None).await?;
            Ok(unprocessable(&t))
        }
        Err(e) => Err(e.into()),
    }
}

/// The return path a resend or revoke form carries (empty: the members page).
#[derive(Deserialize, Default)]
pub(super) struct BackForm {
    #[serde(default)]
    terug: String,
}

pub(super) async fn resend(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<BackForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.resend_invitation(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&back(&slug, &form.terug, "opnieuw")))
}

#[derive(Template)]
#[template(path = "accounts/revoke.html")]
struct RevokeTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    email: String,
    role: &'static str,
    action: String,
    terug: String,
    cancel: String,
}

/// Asks to confirm before an invitation is revoked.
pub(super) async fn revoke_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<BackForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    // Core decides who may handle this invitation (coordinator, lector, its group's themaleider).
    let i = state.core.invitation(page.actor.as_ref(), &tenant, id).await?;
    if i.status != "open" && i.status != "expired" {
        return Err(HtmlError(ErrorPage::NotFound));
    }
    let terug = q.terug.trim().to_owned();
    let cancel = if terug.is_empty() {
        format!("/werkplaatsen/{slug}/leden#uitnodigingen")
    } else {
        format!("{}#uitnodigingen", safe_return_path(Some(&terug)))
    };
    Ok(render(&RevokeTemplate {
        title: page.t("invite.revoke.title").to_owned(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        email: i.email,
        role: role_label(&page, &i.role),
        action: format!("/werkplaatsen/{slug}/uitnodigingen/{id}/intrekken"),
        terug,
        cancel,
        page,
    }))
}

pub(super) async fn revoke(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<BackForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.revoke_invitation(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&back(&slug, &form.terug, "ingetrokken")))
}

#[derive(Deserialize)]
pub(super) struct SelfRegistrationForm {
    #[serde(default)]
    enabled: String,
}

pub(super) async fn self_registration(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<SelfRegistrationForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let enabled = match form.enabled.as_str() {
        "1" => true,
        "0" => false,
        _ => {
            // Only the two buttons send this form; anything else changes nothing.
            page.actor.as_ref().ok_or(HtmlError(ErrorPage::Unauthenticated))?;
            broedplaats_core::kernel::actor::require_manager(page.actor.as_ref(), &tenant)?;
            return Err(HtmlError(ErrorPage::Invalid));
        }
    };
    state.core.set_self_registration(page.actor.as_ref(), &tenant, enabled).await?;
    Ok(redirect(&format!("/werkplaatsen/{slug}/leden?melding=zelfregistratie#zelfregistratie")))
}
