//! `/account/wachtwoord`: change your password (the current one, the new one twice). Your other
//! sessions end; this one stays.
use super::shared::{form_errors, one_error, session_token, signed_in};
use crate::AppState;
use crate::extract::{ClientAddr, HtmlForm, Page};
use crate::html::kit::{FormErrors, PageResult, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::MIN_PASSWORD;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct PasswordTemplate {
    page: Page,
    title: &'static str,
    min: usize,
    errors: FormErrors,
}

const LABELS: &[(&str, &str)] = &[
    ("current_password", "account.password.current"),
    ("new_password", "account.password.new"),
    ("new_password_again", "account.password.again"),
];

fn form_page(page: Page, errors: FormErrors) -> PasswordTemplate {
    PasswordTemplate { title: page.t("account.password.title"), min: MIN_PASSWORD, errors, page }
}

pub(super) async fn form(page: Page) -> PageResult {
    signed_in(&page)?;
    Ok(render(&form_page(page, FormErrors::default())))
}

#[derive(Deserialize)]
pub(super) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    ClientAddr(client): ClientAddr,
    HtmlForm(f): HtmlForm<PasswordForm>,
) -> PageResult {
    signed_in(&page)?;
    let current = session_token(&jar);
    let result = state
        .core
        .change_password(
            page.actor.as_ref(),
            &f.current_password,
            &f.new_password,
            Some(&f.new_password_again),
            current.as_deref(),
            client.as_deref(),
        )
        .await;
    match result {
        Ok(()) => Ok(redirect("/account?melding=wachtwoord")),
        Err(CoreError::Invalid(e)) => {
            let errors = form_errors(&page, &e, LABELS);
            Ok(unprocessable(&form_page(page, errors)))
        }
        Err(CoreError::RateLimited) => {
            let errors = one_error(&page, "current_password", "account.password.current", "login.rate_limited");
            let mut r = render(&form_page(page, errors));
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
