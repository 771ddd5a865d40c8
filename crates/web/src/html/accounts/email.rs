//! `/account/email`: change your address (the new one and your password). A link goes to the
//! new address; `/account/email/bevestigen/{token}` asks for a click (a mail scanner opening
//! the link changes nothing) and then makes the change.
use super::shared::{form_errors, invalid_link, one_error, signed_in};
use crate::AppState;
use crate::extract::{ClientAddr, HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/email.html")]
struct EmailTemplate {
    page: Page,
    title: &'static str,
    current: String,
    email: String,
    sent: bool,
    errors: FormErrors,
}

const LABELS: &[(&str, &str)] = &[("email", "account.email.new"), ("password", "account.email.password")];

fn email_page(page: Page, email: String, sent: bool, errors: FormErrors) -> EmailTemplate {
    let current = page.actor.as_ref().map(|a| a.email.clone()).unwrap_or_default();
    EmailTemplate { title: page.t("account.email.title"), current, email, sent, errors, page }
}

pub(super) async fn form(page: Page) -> PageResult {
    signed_in(&page)?;
    Ok(render(&email_page(page, String::new(), false, FormErrors::default())))
}

#[derive(Deserialize)]
pub(super) struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    HtmlForm(f): HtmlForm<EmailForm>,
) -> PageResult {
    signed_in(&page)?;
    match state.core.request_email_change(page.actor.as_ref(), &f.email, &f.password, client.as_deref()).await {
        Ok(()) => Ok(render(&email_page(page, f.email, true, FormErrors::default()))),
        Err(CoreError::Invalid(e)) => {
            let errors = form_errors(&page, &e, LABELS);
            Ok(unprocessable(&email_page(page, f.email, false, errors)))
        }
        Err(CoreError::RateLimited) => {
            let errors = one_error(&page, "password", "account.email.password", "login.rate_limited");
            let mut r = render(&email_page(page, f.email, false, errors));
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/email_confirm.html")]
struct ConfirmTemplate {
    page: Page,
    title: &'static str,
    token: String,
    new_email: String,
    errors: FormErrors,
}

pub(super) async fn confirm_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(token): HtmlPath<String>,
) -> PageResult {
    match state.core.email_change_link(&token).await {
        Ok(new_email) => {
            let title = page.t("account.email.confirm_title");
            Ok(render(&ConfirmTemplate { page, title, token, new_email, errors: FormErrors::default() }))
        }
        Err(CoreError::NotFound) => Ok(invalid_link(page, "account.email", "/account/email")),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(token): HtmlPath<String>,
) -> PageResult {
    match state.core.confirm_email_change(&token).await {
        Ok(()) => Ok(redirect(if page.actor.is_some() { "/account?melding=email-bevestigd" } else { "/inloggen" })),
        Err(CoreError::NotFound) => Ok(invalid_link(page, "account.email", "/account/email")),
        Err(CoreError::Invalid(e)) => {
            let errors = form_errors(&page, &e, LABELS);
            let new_email = state.core.email_change_link(&token).await.unwrap_or_default();
            let title = page.t("account.email.confirm_title");
            Ok(unprocessable(&ConfirmTemplate { page, title, token, new_email, errors }))
        }
        Err(e) => Err(e.into()),
    }
}
