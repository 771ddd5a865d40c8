//! The forgotten password: `/wachtwoord-vergeten` asks the address and always gives the same
//! answer; the emailed link `/wachtwoord-herstellen/{token}` asks the new password twice, and
//! using it signs the person in (or leads to the second step of two-step verification).
use super::shared::{form_errors, invalid_link};
use crate::AppState;
use crate::extract::{ClientAddr, HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, after_sign_in, render, session_meta, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::MIN_PASSWORD;
use broedplaats_domain::{Email, FieldErrors};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/password_forgot.html")]
struct ForgotTemplate {
    page: Page,
    title: &'static str,
    email: String,
    sent: bool,
    errors: FormErrors,
}

pub(super) async fn forgot_form(page: Page) -> PageResult {
    let title = page.t("reset.title");
    Ok(render(&ForgotTemplate { page, title, email: String::new(), sent: false, errors: FormErrors::default() }))
}

#[derive(Deserialize)]
pub(super) struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub(super) async fn forgot(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    HtmlForm(f): HtmlForm<ForgotForm>,
) -> PageResult {
    let title = page.t("reset.title");
    // A malformed address is said so; whether an account has it, never.
    if let Err(kind) = Email::parse(&f.email) {
        let errors = form_errors(&page, &FieldErrors::single("email", kind), &[("email", "login.email")]);
        return Ok(unprocessable(&ForgotTemplate { page, title, email: f.email, sent: false, errors }));
    }
    state.core.request_password_reset(&f.email, client.as_deref()).await?;
    Ok(render(&ForgotTemplate { page, title, email: String::new(), sent: true, errors: FormErrors::default() }))
}

#[derive(Template)]
#[template(path = "accounts/password_reset.html")]
struct ResetTemplate {
    page: Page,
    title: &'static str,
    token: String,
    min: usize,
    errors: FormErrors,
}

pub(super) async fn reset_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(token): HtmlPath<String>,
) -> PageResult {
    match state.core.check_reset_link(&token).await {
        Ok(()) => {
            let title = page.t("reset.new_title");
            Ok(render(&ResetTemplate { page, title, token, min: MIN_PASSWORD, errors: FormErrors::default() }))
        }
        Err(CoreError::NotFound) => Ok(invalid_link(page, "reset", "/wachtwoord-vergeten")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(super) struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

pub(super) async fn reset(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    headers: HeaderMap,
    HtmlPath(token): HtmlPath<String>,
    HtmlForm(f): HtmlForm<ResetForm>,
) -> PageResult {
    let meta = session_meta(&headers);
    let secure = state.config.secure_cookies;
    match state.core.reset_password(&token, &f.password, Some(&f.password_again), &meta).await {
        Ok(outcome) => Ok(after_sign_in(jar, outcome, "/account?melding=wachtwoord", secure)),
        Err(CoreError::NotFound) => Ok(invalid_link(page, "reset", "/wachtwoord-vergeten")),
        Err(CoreError::Invalid(e)) => {
            let errors =
                form_errors(&page, &e, &[("password", "reset.password"), ("password_again", "account.password.again")]);
            let title = page.t("reset.new_title");
            Ok(unprocessable(&ResetTemplate { page, title, token, min: MIN_PASSWORD, errors }))
        }
        Err(e) => Err(e.into()),
    }
}
