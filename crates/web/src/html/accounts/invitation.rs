//! The page an invitation link opens (`/uitnodiging/{token}`): which werkplaats, which role, who
//! invited. Signed in: one button adds the role to this account. Not signed in: a form that makes
//! the account for the invited address and signs in, or — when that address has an account —
//! a link to sign in first; and a button per OpenID Connect provider. Every link that cannot be
//! used gets the same page, "Deze uitnodiging is niet (meer) geldig", with 404.
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, after_sign_in, encode_query, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::{InvitationInfo, MIN_PASSWORD, SessionMeta};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/invitation.html")]
struct InvitationTemplate {
    page: Page,
    title: String,
    token: String,
    intro: String,
    role: &'static str,
    email: String,
    expires: String,
    account_exists: bool,
    login_href: String,
    /// (provider id, button text) of the OpenID Connect providers.
    providers: Vec<(String, String)>,
    name: String,
    min_password: usize,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/invitation_invalid.html")]
struct InvalidTemplate {
    page: Page,
    title: String,
}

/// The one answer for every link that cannot be used.
pub(super) fn invalid(page: Page) -> PageResult {
    let title = page.t("invite.invalid.title").to_owned();
    let mut r = render(&InvalidTemplate { page, title });
    *r.status_mut() = StatusCode::NOT_FOUND;
    Ok(r)
}

fn template(
    state: &AppState,
    page: Page,
    token: &str,
    info: InvitationInfo,
    name: String,
    errors: FormErrors,
) -> InvitationTemplate {
    InvitationTemplate {
        title: page.f1("invite.page.title", "werkplaats", info.werkplaats_name.as_str()),
        token: token.to_owned(),
        intro: match &info.invited_by {
            Some(name) => page.tr.f("invite.page.intro", &[("name", name), ("werkplaats", &info.werkplaats_name)]),
            None => page.f1("invite.page.intro_anon", "werkplaats", &info.werkplaats_name),
        },
        role: page.t(&format!("org.role.{}", info.role.code())),
        email: info.email,
        expires: page.date(&info.expires_at),
        account_exists: info.account_exists,
        login_href: format!("/inloggen?terug={}", encode_query(&format!("/uitnodiging/{token}"))),
        providers: state.core.oidc_providers(),
        name,
        min_password: MIN_PASSWORD,
        errors,
        page,
    }
}

pub(super) async fn show(State(state): State<AppState>, page: Page, HtmlPath(token): HtmlPath<String>) -> PageResult {
    match state.core.invitation_for_token(&token).await {
        Ok(info) => Ok(render(&template(&state, page, &token, info, String::new(), FormErrors::default()))),
        Err(CoreError::NotFound) => invalid(page),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(super) struct NewAccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

fn meta(headers: &HeaderMap) -> SessionMeta {
    SessionMeta {
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        ..Default::default()
    }
}

fn shown_errors(page: &Page, e: &FieldErrors) -> FormErrors {
    let mut errors = FormErrors::default();
    for fe in &e.0 {
        let (anchor, name) = match fe.field.as_str() {
            "name" => ("name", page.t("invite.field.name")),
            "password_again" => ("password_again", page.t("invite.field.password_again")),
            "password" => ("password", page.t("invite.field.password")),
            _ => ("name", page.t("invite.field.email")),
        };
        errors.push(&fe.field, anchor.to_owned(), name.to_owned(), field_message(&page.tr, &fe.kind));
    }
    errors
}

/// Makes the account for the invited address, accepts, and signs in.
pub(super) async fn create_account(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    headers: HeaderMap,
    HtmlPath(token): HtmlPath<String>,
    HtmlForm(form): HtmlForm<NewAccountForm>,
) -> PageResult {
    let info = match state.core.invitation_for_token(&token).await {
        Ok(info) => info,
        Err(CoreError::NotFound) => return invalid(page),
        Err(e) => return Err(e.into()),
    };
    let result = if form.password != form.password_again {
        Err(CoreError::Invalid(FieldErrors::single(
            "password_again",
            FieldErrorKind::Refused { key: "invite.password_mismatch" },
        )))
    } else {
        state.core.accept_invitation_new_account(&token, &form.name, &form.password).await
    };
    match result {
        Ok((account_id, slug)) => {
            // Through the same gate as every sign-in: a new coordinator may have to set up two steps.
            let outcome = state.core.after_first_factor(account_id, &meta(&headers)).await?;
            Ok(after_sign_in(jar, outcome, &format!("/werkplaatsen/{slug}"), state.config.secure_cookies))
        }
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            let mut info = info;
            if errors.has("email") {
                info.account_exists = true;
            }
            Ok(unprocessable(&template(&state, page, &token, info, form.name, errors)))
        }
        Err(CoreError::NotFound) => invalid(page),
        Err(e) => Err(e.into()),
    }
}

/// Adds the invited role to the signed-in account.
pub(super) async fn accept(State(state): State<AppState>, page: Page, HtmlPath(token): HtmlPath<String>) -> PageResult {
    match state.core.accept_invitation(page.actor.as_ref(), &token).await {
        Ok(slug) => Ok(redirect(&format!("/werkplaatsen/{slug}"))),
        Err(CoreError::NotFound) => invalid(page),
        Err(e) => Err(HtmlError::from(e)),
    }
}
