//! `/account/tweestaps`: two-step verification — set it up (the secret as text and as a QR code,
//! confirmed with a first code, then ten recovery codes shown once), or turn it off with a
//! current code or the password.
use super::shared::{form_errors, one_error, signed_in};
use crate::AppState;
use crate::extract::{ClientAddr, HtmlForm, Page};
use crate::html::kit::{FormErrors, PageResult, qr_svg, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::{Enrolment, TwoFactorStatus};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/two_factor.html")]
struct TwoFactorTemplate {
    page: Page,
    title: &'static str,
    status: TwoFactorStatus,
    enrol: Option<Enrolment>,
    qr: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/recovery_codes.html")]
struct CodesTemplate {
    page: Page,
    title: &'static str,
    codes: Vec<String>,
    next: String,
}

async fn two_factor_page(
    state: &AppState,
    page: Page,
    enrol: Option<Enrolment>,
    errors: FormErrors,
) -> Result<TwoFactorTemplate, CoreError> {
    let status = state.core.two_factor_status(page.actor.as_ref()).await?;
    let qr = enrol.as_ref().and_then(|e| qr_svg(&e.otpauth_url, page.t("two_factor.qr_label"))).unwrap_or_default();
    Ok(TwoFactorTemplate { title: page.t("two_factor.title"), status, enrol, qr, errors, page })
}

pub(super) async fn overview(State(state): State<AppState>, page: Page) -> PageResult {
    signed_in(&page)?;
    Ok(render(&two_factor_page(&state, page, None, FormErrors::default()).await?))
}

/// Starts enrolment and shows the secret; nothing is on until a code confirms it.
pub(super) async fn start(State(state): State<AppState>, page: Page) -> PageResult {
    signed_in(&page)?;
    match state.core.start_two_factor(page.actor.as_ref()).await {
        Ok(enrol) => Ok(render(&two_factor_page(&state, page, Some(enrol), FormErrors::default()).await?)),
        // Already on: the page says so.
        Err(CoreError::Conflict) => Ok(redirect("/account/tweestaps")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(super) struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    HtmlForm(f): HtmlForm<CodeForm>,
) -> PageResult {
    signed_in(&page)?;
    let errors = match state.core.confirm_two_factor(page.actor.as_ref(), &f.code, client.as_deref()).await {
        Ok(codes) => {
            let title = page.t("two_factor.codes_title");
            return Ok(render(&CodesTemplate { page, title, codes, next: "/account".into() }));
        }
        Err(CoreError::Invalid(e)) => form_errors(&page, &e, &[("code", "second_step.code")]),
        Err(CoreError::RateLimited) => one_error(&page, "code", "second_step.code", "login.rate_limited"),
        Err(CoreError::Conflict) => one_error(&page, "code", "second_step.code", "two_factor.start_first"),
        Err(e) => return Err(e.into()),
    };
    let enrol = state.core.two_factor_enrolment(page.actor.as_ref()).await?;
    Ok(unprocessable(&two_factor_page(&state, page, enrol, errors).await?))
}

pub(super) async fn disable(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    HtmlForm(f): HtmlForm<CodeForm>,
) -> PageResult {
    signed_in(&page)?;
    let result = state.core.disable_two_factor(page.actor.as_ref(), &f.code, &f.password, client.as_deref()).await;
    let errors = match result {
        Ok(()) => return Ok(redirect("/account?melding=tweestaps-uit")),
        Err(CoreError::Invalid(e)) => {
            form_errors(&page, &e, &[("code", "second_step.code"), ("password", "account.email.password")])
        }
        Err(CoreError::RateLimited) => {
            let errors = one_error(&page, "code", "second_step.code", "login.rate_limited");
            let mut r = render(&two_factor_page(&state, page, None, errors).await?);
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return Ok(r);
        }
        Err(e) => return Err(e.into()),
    };
    Ok(unprocessable(&two_factor_page(&state, page, None, errors).await?))
}
