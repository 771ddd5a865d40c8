//! Signing in and out (with a password, or through an OpenID Connect provider in `oidc`), and the
//! language switch.
use crate::AppState;
use crate::extract::{ClientAddr, HtmlForm, LANG_COOKIE, Page, SESSION_COOKIE};
use crate::html::kit::{after_sign_in, render, safe_return_path, session_meta, without_session};
use crate::i18n::Lang;
use askama::Template;

use crate::routes::{Routes, get, post};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use broedplaats_core::CoreError;
use serde::Deserialize;

mod oidc;
mod second_step;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/inloggen", get(login_form).post(login))
        .route("/inloggen/tweestaps", get(second_step::form).post(second_step::submit))
        .route("/inloggen/oidc/{provider}", get(oidc::start))
        .route("/inloggen/oidc/{provider}/callback", get(oidc::callback))
        .route("/uitloggen", post(logout))
        .route("/taal/{lang}", get(set_language))
}

#[derive(Template)]
#[template(path = "session/login.html")]
struct LoginTemplate {
    page: Page,
    title: &'static str,
    error: Option<&'static str>,
    email: String,
    back: String,
    /// (slug, name) of werkplaatsen where one may register oneself.
    registration: Vec<(String, String)>,
    /// "Inloggen met …": (link, text) per OpenID Connect provider.
    providers: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct BackQuery {
    terug: Option<String>,
}

async fn login_form(State(state): State<AppState>, page: Page, Query(q): Query<BackQuery>) -> Response {
    let title = page.t("login.title");
    let back = safe_return_path(q.terug.as_deref());
    let registration = state.core.werkplaatsen_open_for_registration().await.unwrap_or_default();
    let providers = oidc::buttons(&state, &page, &back);
    render(&LoginTemplate { page, title, error: None, email: String::new(), back, registration, providers })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    terug: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    headers: axum::http::HeaderMap,
    HtmlForm(form): HtmlForm<LoginForm>,
) -> Response {
    let back = safe_return_path(form.terug.as_deref());
    let meta = session_meta(&headers);
    match state.core.login_with(&form.email, &form.password, client.as_deref(), &meta).await {
        Ok(outcome) => after_sign_in(jar, outcome, &back, state.config.secure_cookies),
        Err(e) => {
            let (status, key) = match e {
                CoreError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "login.rate_limited"),
                CoreError::Unauthenticated => (StatusCode::UNAUTHORIZED, "login.failed"),
                // Only after the right password: the address of a self-registered account is not verified yet.
                CoreError::Invalid(_) => (StatusCode::FORBIDDEN, "login.unverified"),
                other => return crate::HtmlError::from(other).into_response(),
            };
            let title = page.t("login.title");
            let error = Some(page.t(key));
            let registration = state.core.werkplaatsen_open_for_registration().await.unwrap_or_default();
            let providers = oidc::buttons(&state, &page, &back);
            let mut r = render(&LoginTemplate { page, title, error, email: form.email, back, registration, providers });
            *r.status_mut() = status;
            r
        }
    }
}

fn time_days(days: i64) -> time::Duration {
    time::Duration::days(days)
}

/// Ends the session; after a sign-in through a provider that offers it, on to the provider's
/// logout (`end_session_endpoint`), which sends the browser back to the front page.
async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    let mut to = "/".to_owned();
    if let Some(c) = jar.get(SESSION_COOKIE) {
        match state.core.end_session(c.value()).await {
            Ok(Some(provider_logout)) => to = provider_logout,
            Ok(None) => {}
            Err(e) => return crate::HtmlError::from(e).into_response(),
        }
    }
    (without_session(jar), Redirect::to(&to)).into_response()
}

async fn set_language(jar: CookieJar, Path(lang): Path<String>, Query(q): Query<BackQuery>) -> Response {
    let back = safe_return_path(q.terug.as_deref());
    let Some(lang) = Lang::parse(&lang) else {
        return crate::HtmlError(crate::error::ErrorPage::NotFound).into_response();
    };
    let cookie =
        Cookie::build((LANG_COOKIE, lang.code())).path("/").same_site(SameSite::Lax).max_age(time_days(365)).build();
    (jar.add(cookie), Redirect::to(&back)).into_response()
}
