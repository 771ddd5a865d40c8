//! Cross-cutting request handling: CSRF protection, security headers, and rendering error pages.
use crate::error::ErrorPage;
use crate::extract::{
    CSRF_COOKIE, CsrfToken, MaybeActor, Page, SESSION_COOKIE, bearer_token, lang_of, lang_of_headers,
};
use crate::html;
use crate::i18n::Tr;
use crate::{AppState, BODY_LIMIT};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use std::collections::HashMap;

/// CSRF protection for every state-changing request, so no handler can forget it.
/// Double-submit: a random token lives in an HttpOnly, SameSite=Strict cookie and must come back
/// in the form field `csrf` (HTML forms) or the `X-CSRF-Token` header (API calls made with the
/// session cookie). Requests authenticated by a bearer token carry no ambient credentials and
/// are exempt; so are API requests without a session cookie (they act anonymously).
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let cookie_token = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()).filter(|t| t.len() >= 32);
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        let (token, fresh) = match cookie_token {
            Some(t) => (t, false),
            None => (broedplaats_core::kernel::secret::new_secret(), true),
        };
        let mut req = req;
        req.extensions_mut().insert(CsrfToken(token.clone()));
        let mut res = next.run(req).await;
        if fresh {
            let c = Cookie::build((CSRF_COOKIE, token))
                .path("/")
                .http_only(true)
                .secure(state.config.secure_cookies)
                .same_site(SameSite::Strict)
                .build();
            if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        return res;
    }

    // OAI-PMH harvesters POST their arguments as a form: a read with no effect, answered alike to
    // everyone, so there is nothing to forge.
    // One-click unsubscribe (RFC 8058): a mail client POSTs to the link in `List-Unsubscribe`
    // without cookies or form token. The secret in the path is the whole credential, and the
    // handler reads no session, so there is nothing a forged request could borrow.
    if req.uri().path() == crate::api::oai::OAI_PATH
        || (req.method() == Method::POST && req.uri().path().starts_with("/volgen/afmelden/"))
    {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let is_api = parts.uri.path().starts_with("/api/");
    if is_api {
        let has_session = jar.get(SESSION_COOKIE).is_some();
        if bearer_token(&parts).is_some() || !has_session {
            return next.run(Request::from_parts(parts, body)).await;
        }
        let header_token = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
        if cookie_token.is_some() && header_token == cookie_token.as_deref() {
            return next.run(Request::from_parts(parts, body)).await;
        }
        return crate::ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "csrf_failed",
            "CSRF-controle mislukt: stuur de header X-CSRF-Token of gebruik een bearer-token.",
        )
        .into_response();
    }

    // File uploads (multipart) carry the token as their first field, read from the start of the
    // body (`multipart_csrf`); the body may be large and is parsed by the handler, not here. A
    // token in the query string (`?csrf=…`, how forms sent it before) is still accepted from
    // clients that post uploads by hand.
    let multipart_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("multipart/form-data"))
        .map(str::to_owned);
    if let Some(content_type) = multipart_type {
        let query_token =
            parts.uri.query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("csrf="))).map(str::to_owned);
        let (body_token, body) = match query_token {
            Some(_) => (None, body),
            None => crate::multipart_csrf::token(&content_type, body).await,
        };
        let sent = query_token.or(body_token);
        let ok = matches!((&cookie_token, &sent), (Some(c), Some(q)) if c == q);
        if !ok {
            tracing::info!(path = %parts.uri.path(), "csrf check failed (multipart)");
            return crate::HtmlError(ErrorPage::Csrf).into_response();
        }
        let mut req = Request::from_parts(parts, body);
        if let Some(t) = cookie_token {
            req.extensions_mut().insert(CsrfToken(t));
        }
        return next.run(req).await;
    }

    // HTML form: read the (bounded) body to find the `csrf` field, then hand it on unchanged.
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => return crate::HtmlError(ErrorPage::Invalid).into_response(),
    };
    let probe = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
    let field = axum::Form::<HashMap<String, String>>::from_request(probe, &())
        .await
        .ok()
        .and_then(|axum::Form(m)| m.get("csrf").cloned());
    let token = match (cookie_token, field) {
        (Some(c), Some(f)) if c == f => c,
        _ => {
            tracing::info!(path = %parts.uri.path(), "csrf check failed");
            return crate::HtmlError(ErrorPage::Csrf).into_response();
        }
    };
    // A handler that renders a page (a form with errors, a failed login) needs the token for
    // the forms on that page, as on a GET.
    let mut req = Request::from_parts(parts, Body::from(bytes));
    req.extensions_mut().insert(CsrfToken(token));
    next.run(req).await
}

/// Security headers on every response. The CSP allows no inline script or style at all.
/// What is answered to a signed-in request (session cookie or bearer token) is personal: it gets
/// `Cache-Control: no-store` unless the handler chose otherwise (static files), so no shared or
/// browser cache keeps it after logging out.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let personal = req.headers().contains_key(header::AUTHORIZATION)
        || CookieJar::from_headers(req.headers()).get(SESSION_COOKIE).is_some();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if personal && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=()");
    set(h, "cross-origin-opener-policy", "same-origin");
    res
}

/// A page sent back with a problem (a form with errors: 4xx HTML from a handler, not an error
/// page) gets "Fout: " before its title, so the problem is heard first and seen in the tab;
/// `static/broedplaats.js` then moves focus to its error summary.
pub async fn failed_forms(req: Request, next: Next) -> Response {
    let lang = lang_of_headers(req.headers());
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !res.status().is_client_error() || !html || res.extensions().get::<ErrorPage>().is_some() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let prefix = format!("{} ", Tr::new(lang).t("form.failed_title_prefix"));
    let out = html::kit::mark_failed(&page, &prefix);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

/// Turns bare error responses from HTML handlers (and the fallback) into full error pages in
/// the visitor's language. An unauthenticated page request redirects to the login page instead.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let here = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let is_get = parts.method == Method::GET;
    let csrf = CookieJar::from_headers(&parts.headers).get(CSRF_COOKIE).map(|c| CsrfToken(c.value().to_owned()));
    let lang = lang_of(&parts);
    let saved_headers = parts.headers.clone();
    let res = next.run(Request::from_parts(parts.clone(), body)).await;
    let Some(kind) = res.extensions().get::<ErrorPage>().copied() else {
        return res;
    };
    if kind == ErrorPage::Unauthenticated && is_get {
        return axum::response::Redirect::to(&format!("/inloggen?terug={}", html::encode_query(&here))).into_response();
    }
    parts.headers = saved_headers;
    let actor = MaybeActor::from_request_parts(&mut parts, &state).await.map(|a| a.0).unwrap_or(None);
    let origin = state.core.public_url.clone();
    let page = Page { tr: Tr::new(lang), actor, csrf: csrf.map(|c| c.0).unwrap_or_default(), here, origin };
    let mut out = html::kit::error_page(&page, kind).into_response();
    *out.status_mut() = kind.status();
    // keep cookies the handler set (e.g. a fresh CSRF cookie)
    for v in res.headers().get_all(header::SET_COOKIE) {
        out.headers_mut().append(header::SET_COOKIE, v.clone());
    }
    out
}
