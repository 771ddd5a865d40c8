//! The cookies of a new session, shared by every way of signing in (password, second step,
//! OpenID Connect, an accepted invitation, a password reset).
use crate::extract::{CSRF_COOKIE, SESSION_COOKIE};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

/// Adds the session cookie and a fresh CSRF token: a token planted before sign-in is worthless.
pub(crate) fn with_session(jar: CookieJar, token: String, secure: bool) -> CookieJar {
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(broedplaats_core::accounts::SESSION_DAYS))
        .build();
    let csrf = Cookie::build((CSRF_COOKIE, broedplaats_core::kernel::secret::new_secret()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .build();
    jar.add(cookie).add(csrf)
}

/// Removes the session cookie.
pub(crate) fn without_session(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(SESSION_COOKIE).path("/"))
}

/// The cookie that carries a pending second sign-in step (five minutes) to `/inloggen/tweestaps`.
pub(crate) const PENDING_COOKIE: &str = "bp_pending";

/// Keeps the secret of a pending second step for the page that asks the code. Lax, like the
/// session: after a provider's redirect the way to that page began on another site, and a
/// Strict cookie would not come along (the code form itself is protected against CSRF).
pub(crate) fn with_pending_step(jar: CookieJar, pending: String, secure: bool) -> CookieJar {
    let cookie = Cookie::build((PENDING_COOKIE, pending))
        .path("/inloggen")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::minutes(5))
        .build();
    jar.add(cookie)
}

pub(crate) fn without_pending_step(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(PENDING_COOKIE).path("/inloggen"))
}

/// What is recorded with a session started by this request: its browser.
pub(crate) fn session_meta(headers: &axum::http::HeaderMap) -> broedplaats_core::accounts::SessionMeta {
    broedplaats_core::accounts::SessionMeta {
        user_agent: headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        ..Default::default()
    }
}

/// The answer to a sign-in that passed its first factor: the session cookies and a redirect to
/// `back`, or the pending second step and a redirect to the page that asks the code.
/// Where a sign-in without a return path ends: "Mijn werkplaats", saying who is signed in.
pub(crate) const LANDING: &str = "/mijn-werkplaats?welkom=1";

pub(crate) fn after_sign_in(
    jar: CookieJar,
    outcome: broedplaats_core::accounts::LoginOutcome,
    back: &str,
    secure: bool,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    use broedplaats_core::accounts::LoginOutcome;
    // Without a page to return to, a person lands on their overview with a short confirmation.
    let back = if back == "/" { LANDING } else { back };
    match outcome {
        LoginOutcome::Signed(session) => (with_session(jar, session.token, secure), Redirect::to(back)).into_response(),
        LoginOutcome::SecondStep { pending } => {
            let to = format!("/inloggen/tweestaps?terug={}", super::encode_query(back));
            (with_pending_step(jar, pending, secure), Redirect::to(&to)).into_response()
        }
    }
}
