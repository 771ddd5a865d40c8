//! Extractors: who is acting, the page context of an HTML request, and JSON/path extractors
//! whose rejections use our error body instead of axum's plain-text ones.
use crate::AppState;
use crate::error::{ApiError, ErrorPage, HtmlError};
use crate::i18n::{Lang, Tr};
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use broedplaats_core::Actor;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "bp_session";
pub const CSRF_COOKIE: &str = "bp_csrf";
pub const LANG_COOKIE: &str = "bp_lang";

/// The CSRF token of this request, put in the extensions by the `csrf` middleware.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The actor of the request, if any: from a bearer token, else from the session cookie.
#[derive(Debug, Clone)]
pub struct MaybeActor(pub Option<Actor>);

impl MaybeActor {
    pub fn get(&self) -> Option<&Actor> {
        self.0.as_ref()
    }
}

pub fn bearer_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

impl FromRequestParts<AppState> for MaybeActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(actor) = parts.extensions.get::<MaybeActor>() {
            return Ok(actor.clone());
        }
        let actor = if let Some(token) = bearer_token(parts) {
            // A bearer token that does not match is an error, not a silent anonymous request.
            match state.core.actor_for_api_token(token).await? {
                Some(a) => Some(a),
                None => {
                    return Err(ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "invalid_token",
                        "Het bearer-token is ongeldig of ingetrokken.",
                    ));
                }
            }
        } else {
            let jar = CookieJar::from_headers(&parts.headers);
            match jar.get(SESSION_COOKIE) {
                Some(c) => state.core.actor_for_session(c.value()).await?,
                None => None,
            }
        };
        let actor = MaybeActor(actor);
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// Everything the page layout needs: language, actor, CSRF token, and where we are.
#[derive(Debug, Clone)]
pub struct Page {
    pub tr: Tr,
    pub actor: Option<Actor>,
    pub csrf: String,
    /// Path and query of this request, for "return here" links.
    pub here: String,
    /// The installation's public URL (no trailing `/`): a printed page says where it came from.
    pub origin: String,
}

pub fn lang_of(parts: &Parts) -> Lang {
    lang_of_headers(&parts.headers)
}

/// The visitor's language from the language cookie (Dutch when there is none).
pub fn lang_of_headers(headers: &axum::http::HeaderMap) -> Lang {
    CookieJar::from_headers(headers).get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())).unwrap_or_default()
}

impl FromRequestParts<AppState> for Page {
    type Rejection = HtmlError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let actor =
            MaybeActor::from_request_parts(parts, state).await.map_err(|_| HtmlError(ErrorPage::Unauthenticated))?;
        let csrf = parts.extensions.get::<CsrfToken>().map(|c| c.0.clone()).unwrap_or_default();
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let origin = state.core.public_url.clone();
        Ok(Page { tr: Tr::new(lang_of(parts)), actor: actor.0, csrf, here, origin })
    }
}

/// JSON body extractor: malformed JSON is a 400, a body of the wrong shape a 422, both in our
/// error format with a Dutch message.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("De JSON kon niet worden gelezen: {}", inner_message(&e)),
            )),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                format!("De JSON heeft niet de verwachte vorm: {}", inner_message(&e)),
            )),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Stuur de inhoud als JSON met de header Content-Type: application/json.",
            )),
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "De inhoud is te groot of kon niet worden gelezen.",
            )),
            Err(e) => Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", e.body_text())),
        }
    }
}

/// serde's own message (which names the field and the expected type), without axum's prefix.
fn inner_message(e: &dyn std::error::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(s) = source.source() {
        source = s;
    }
    source.to_string()
}

/// Path extractor for the API: an unparsable segment (say, a non-numeric id) is a 400.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_path",
                format!("Ongeldige waarde in het pad: {}", e.body_text()),
            )),
            Err(_) => Err(ApiError::not_found()),
        }
    }
}

/// Query-string extractor for the API: a malformed query string (a text where a number belongs,
/// say) is a 400 in the documented error format, never axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    format!("Ongeldige queryparameters: {}", e.body_text()),
                )
            })
    }
}

/// Path extractor for pages: anything unparsable is simply "page not found".
pub struct HtmlPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for HtmlPath<T> {
    type Rejection = HtmlError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| HtmlPath(v))
            .map_err(|_| HtmlError(ErrorPage::NotFound))
    }
}

/// Form extractor for pages: an unreadable form body is "invalid input", shown as a page.
pub struct HtmlForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for HtmlForm<T> {
    type Rejection = HtmlError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| HtmlForm(v))
            .map_err(|_| HtmlError(ErrorPage::Invalid))
    }
}

/// The client's address when served on a socket (absent in in-process tests), seen through
/// trusted proxies ([`crate::client`]).
pub struct ClientAddr(pub Option<String>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(crate::client::client_ip(parts, &state.config.trusted_proxies).map(|ip| ip.to_string())))
    }
}
