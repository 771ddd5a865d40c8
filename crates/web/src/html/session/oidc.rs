//! "Inloggen met je instelling": the redirect to an OpenID Connect provider and its callback. The
//! flow and every check live in `core::accounts` (`oidc_begin`, `oidc_finish`); this binds the flow
//! to the browser with a short-lived cookie holding `state`, and says in plain words what went wrong.
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::Page;
use crate::html::kit::{after_sign_in, encode_query, render, safe_return_path, with_session};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use broedplaats_core::accounts::{LoginOutcome, OIDC_FLOW_MINUTES, OidcCallback, OidcFailure};
use serde::Deserialize;

/// Holds the `state` of the sign-in under way in this browser; the callback must bring the same.
pub(crate) const STATE_COOKIE: &str = "bp_oidc_state";
const COOKIE_PATH: &str = "/inloggen/oidc";

/// The buttons of the sign-in page: (link, text), one per provider.
pub(super) fn buttons(state: &AppState, page: &Page, back: &str) -> Vec<(String, String)> {
    state
        .core
        .oidc_providers()
        .into_iter()
        .map(|(id, name)| {
            (format!("/inloggen/oidc/{id}?terug={}", encode_query(back)), page.f1("oidc.button", "name", name))
        })
        .collect()
}

#[derive(Deserialize)]
pub(super) struct StartQuery {
    terug: Option<String>,
    uitnodiging: Option<String>,
}

/// `GET /inloggen/oidc/{provider}`: off to the provider.
pub(super) async fn start(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Path(provider): Path<String>,
    Query(q): Query<StartQuery>,
) -> Response {
    let back = safe_return_path(q.terug.as_deref());
    match state.core.oidc_begin(&provider, &back, q.uitnodiging.as_deref()).await {
        Ok(start) => {
            // SameSite=Lax: the provider's redirect back is a top-level navigation, which carries it.
            let cookie = Cookie::build((STATE_COOKIE, start.state))
                .path(COOKIE_PATH)
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.config.secure_cookies)
                .max_age(time::Duration::minutes(OIDC_FLOW_MINUTES))
                .build();
            (jar.add(cookie), Redirect::to(&start.redirect_url)).into_response()
        }
        Err(e) => failure(&page, e),
    }
}

#[derive(Deserialize)]
pub(super) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /inloggen/oidc/{provider}/callback`: the provider sends the browser back here.
pub(super) async fn callback(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    headers: HeaderMap,
    Path(provider): Path<String>,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let cookie_state = jar.get(STATE_COOKIE).map(|c| c.value().to_owned());
    // One callback per flow, whatever its outcome.
    let jar = jar.remove(Cookie::build(STATE_COOKIE).path(COOKIE_PATH));
    let callback = OidcCallback {
        provider: &provider,
        code: q.code.as_deref(),
        state: q.state.as_deref(),
        error: q.error.as_deref(),
        cookie_state: cookie_state.as_deref(),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()),
    };
    match state.core.oidc_finish(&callback).await {
        Ok(done) => {
            let back = safe_return_path(Some(&done.return_to));
            let token = match done.outcome {
                LoginOutcome::Signed(session) => session.token,
                second => return after_sign_in(jar, second, &back, state.config.secure_cookies),
            };
            if done.invitation_refused {
                // Signed in, but without the invited role: say so (the page shows them signed in).
                let mut page = page;
                page.actor = state.core.actor_for_session(&token).await.ok().flatten();
                let jar = with_session(jar, token, state.config.secure_cookies);
                return (jar, invitation_refused(&page, back)).into_response();
            }
            (with_session(jar, token, state.config.secure_cookies), Redirect::to(&back)).into_response()
        }
        Err(e) => (jar, failure(&page, e)).into_response(),
    }
}

#[derive(Template)]
#[template(path = "session/oidc_failed.html")]
struct FailedTemplate<'a> {
    page: &'a Page,
    title: &'static str,
    text: &'static str,
}

/// The page that says why signing in through the provider did not work and what to do now.
fn failure(page: &Page, e: OidcFailure) -> Response {
    let (status, key) = match e {
        OidcFailure::UnknownProvider => return crate::HtmlError(ErrorPage::NotFound).into_response(),
        OidcFailure::Core(e) => return crate::HtmlError::from(e).into_response(),
        OidcFailure::ProviderUnavailable => (StatusCode::BAD_GATEWAY, "unavailable"),
        OidcFailure::InvitationInvalid => (StatusCode::BAD_REQUEST, "invitation"),
        OidcFailure::FlowInvalid => (StatusCode::BAD_REQUEST, "flow"),
        OidcFailure::Cancelled => (StatusCode::BAD_REQUEST, "cancelled"),
        OidcFailure::TokenRejected => (StatusCode::BAD_REQUEST, "rejected"),
        OidcFailure::NoEmail => (StatusCode::BAD_REQUEST, "no_email"),
        OidcFailure::EmailInUse => (StatusCode::BAD_REQUEST, "email_in_use"),
    };
    let t = FailedTemplate { page, title: page.t("oidc.failed.title"), text: page.t(&format!("oidc.failed.{key}")) };
    let mut r = render(&t);
    *r.status_mut() = status;
    r
}

#[derive(Template)]
#[template(path = "session/oidc_invitation_refused.html")]
struct InvitationRefusedTemplate<'a> {
    page: &'a Page,
    title: &'static str,
    text: &'static str,
    back: String,
}

/// Signed in through the provider, but the invitation the sign-in carried was used, revoked or
/// expired meanwhile: the person is told, and goes on from here.
fn invitation_refused(page: &Page, back: String) -> Response {
    render(&InvitationRefusedTemplate {
        page,
        title: page.t("oidc.invitation_refused.title"),
        text: page.t("oidc.invitation_refused.text"),
        back,
    })
}
