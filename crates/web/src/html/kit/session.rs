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
