//! The second step of signing in (`/inloggen/tweestaps`): the code of two-step verification (or
//! a recovery code), or — when the installation requires it of a manager without it — setting it
//! up, which completes the sign-in. The pending step travels in a short-lived cookie.
use crate::AppState;
use crate::error::field_message;
use crate::extract::{ClientAddr, HtmlForm, Page};
use crate::html::kit::{
    FormErrors, PENDING_COOKIE, qr_svg, render, safe_return_path, session_meta, unprocessable, with_session,
    without_pending_step,
};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::Enrolment;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "session/second_step.html")]
struct StepTemplate {
    page: Page,
    title: &'static str,
    back: String,
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

#[derive(Deserialize)]
pub(super) struct BackQuery {
    terug: Option<String>,
}

fn to_login(jar: CookieJar, back: &str) -> Response {
    let to = format!("/inloggen?terug={}", crate::html::kit::encode_query(back));
    (without_pending_step(jar), Redirect::to(&to)).into_response()
}

fn step_page(page: Page, back: String, enrol: Option<Enrolment>, errors: FormErrors) -> StepTemplate {
    let title = if enrol.is_some() { page.t("second_step.enrol_title") } else { page.t("second_step.title") };
    let qr = enrol.as_ref().and_then(|e| qr_svg(&e.otpauth_url, page.t("two_factor.qr_label"))).unwrap_or_default();
    StepTemplate { page, title, back, enrol, qr, errors }
}

pub(super) async fn form(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Query(q): Query<BackQuery>,
) -> Response {
    let back = safe_return_path(q.terug.as_deref());
    let Some(pending) = jar.get(PENDING_COOKIE).map(|c| c.value().to_owned()) else { return to_login(jar, &back) };
    match state.core.pending_step(&pending).await {
        Ok(step) => render(&step_page(page, back, step.enrol, FormErrors::default())),
        Err(CoreError::NotFound) => to_login(jar, &back),
        Err(e) => crate::HtmlError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct StepForm {
    #[serde(default)]
    code: String,
    terug: Option<String>,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    HtmlForm(form): HtmlForm<StepForm>,
) -> Response {
    let back = safe_return_path(form.terug.as_deref());
    let Some(pending) = jar.get(PENDING_COOKIE).map(|c| c.value().to_owned()) else { return to_login(jar, &back) };
    let meta = session_meta(&headers);
    match state.core.second_step(&pending, &form.code, client.as_deref(), &meta).await {
        Ok(done) => {
            let jar = with_session(without_pending_step(jar), done.session.token, state.config.secure_cookies);
            match done.recovery_codes {
                // Enrolled while signing in: the recovery codes, once, then on.
                Some(codes) => {
                    let title = page.t("two_factor.codes_title");
                    (jar, render(&CodesTemplate { page, title, codes, next: back })).into_response()
                }
                None => (jar, Redirect::to(&back)).into_response(),
            }
        }
        Err(CoreError::NotFound) => to_login(jar, &back),
        Err(e @ (CoreError::Invalid(_) | CoreError::RateLimited)) => {
            let mut errors = FormErrors::default();
            let limited = matches!(e, CoreError::RateLimited);
            let message = match &e {
                CoreError::Invalid(fe) => fe.0.first().map(|f| field_message(&page.tr, &f.kind)).unwrap_or_default(),
                _ => page.t("login.rate_limited").to_owned(),
            };
            errors.push("code", "code".into(), page.t("second_step.code").into(), message);
            let enrol = match state.core.pending_step(&pending).await {
                Ok(step) => step.enrol,
                Err(_) => return to_login(jar, &back),
            };
            let mut r = unprocessable(&step_page(page, back, enrol, errors));
            if limited {
                *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            }
            r
        }
        Err(e) => crate::HtmlError::from(e).into_response(),
    }
}
