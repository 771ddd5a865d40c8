//! The two error types of the web layer. Both come from `CoreError`; internal causes are logged
//! and never shown. HTML errors carry their kind to the `error_pages` middleware, which renders
//! the Dutch (or English) error page; API errors render `{ "error": { code, message, fields? } }`.
use crate::i18n::Tr;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use broedplaats_core::CoreError;
use broedplaats_domain::{FieldError, FieldErrorKind, FieldErrors};
use serde::Serialize;
use utoipa::ToSchema;

/// Which error page to show; put in the response extensions by [`HtmlError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    Forbidden,
    Unauthenticated,
    Csrf,
    Conflict,
    InUse,
    RateLimited,
    Invalid,
    Internal,
}

impl ErrorPage {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::Forbidden | ErrorPage::Csrf => StatusCode::FORBIDDEN,
            ErrorPage::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorPage::Conflict | ErrorPage::InUse => StatusCode::CONFLICT,
            ErrorPage::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorPage::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            ErrorPage::NotFound => "not_found",
            ErrorPage::Forbidden => "forbidden",
            ErrorPage::Unauthenticated => "unauthenticated",
            ErrorPage::Csrf => "csrf",
            ErrorPage::Conflict => "conflict",
            ErrorPage::InUse => "in_use",
            ErrorPage::RateLimited => "rate_limited",
            ErrorPage::Invalid => "invalid",
            ErrorPage::Internal => "internal",
        }
    }
}

/// An error from an HTML handler.
#[derive(Debug)]
pub struct HtmlError(pub ErrorPage);

impl From<CoreError> for HtmlError {
    fn from(e: CoreError) -> Self {
        HtmlError(match e {
            CoreError::NotFound => ErrorPage::NotFound,
            CoreError::Forbidden => ErrorPage::Forbidden,
            CoreError::Unauthenticated => ErrorPage::Unauthenticated,
            CoreError::Invalid(_) => ErrorPage::Invalid,
            CoreError::Conflict => ErrorPage::Conflict,
            CoreError::InUse(_) => ErrorPage::InUse,
            CoreError::RateLimited => ErrorPage::RateLimited,
            CoreError::Store(e) => {
                tracing::error!(error = %e, "store error");
                ErrorPage::Internal
            }
            CoreError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                ErrorPage::Internal
            }
        })
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let mut r = self.0.status().into_response();
        r.extensions_mut().insert(self.0);
        r
    }
}

/// The JSON error body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code, e.g. `not_found`, `validation_failed`.
    pub code: String,
    /// Human-readable message in Dutch.
    pub message: String,
    /// Per-field messages (field name → Dutch message), for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: None }
    }
    pub fn invalid(errors: &FieldErrors) -> Self {
        let tr = Tr::default();
        let fields = errors.0.iter().map(|e| (e.field.clone(), field_message(&tr, &e.kind))).collect();
        // A rule that refused the request as a whole (say, registering for a past activity) is
        // the message itself, not a pointer to the fields.
        let message = match errors.0.as_slice() {
            [only @ FieldError { kind: FieldErrorKind::Refused { .. }, .. }] => field_message(&tr, &only.kind),
            _ => "De invoer is ongeldig; zie de velden.".into(),
        };
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code: "validation_failed", message, fields: Some(fields) }
    }
    /// The Dutch message of the error body.
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Niet gevonden.")
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::NotFound => ApiError::not_found(),
            CoreError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Inloggen vereist: stuur een geldig bearer-token of sessie.",
            ),
            CoreError::Forbidden => {
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", "U heeft geen rechten voor deze actie.")
            }
            CoreError::Invalid(fields) => ApiError::invalid(&fields),
            CoreError::Conflict => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "Dit is tegelijkertijd door iemand anders gewijzigd; probeer het opnieuw.",
            ),
            CoreError::InUse(message) => ApiError::new(StatusCode::CONFLICT, "in_use", message),
            CoreError::RateLimited => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Te veel pogingen; wacht even.")
            }
            CoreError::Store(e) => {
                tracing::error!(error = %e, "store error");
                ApiError::internal()
            }
            CoreError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                ApiError::internal()
            }
        }
    }
}

impl ApiError {
    pub(crate) fn internal() -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Er ging aan onze kant iets mis.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            ErrorBody { error: ErrorDetail { code: self.code.into(), message: self.message, fields: self.fields } };
        (self.status, Json(body)).into_response()
    }
}

/// A field error in words, for forms and API bodies.
pub fn field_message(tr: &Tr, kind: &FieldErrorKind) -> String {
    match kind {
        FieldErrorKind::Required => tr.t("field.required").into(),
        FieldErrorKind::TooLong { max } => tr.f("field.too_long", &[("max", max)]),
        FieldErrorKind::TooShort { min } => tr.f("field.too_short", &[("min", min)]),
        FieldErrorKind::TooMany { max } => tr.f("field.too_many", &[("max", max)]),
        FieldErrorKind::Invalid => tr.t("field.invalid").into(),
        FieldErrorKind::Duplicate => tr.t("field.duplicate").into(),
        FieldErrorKind::UnknownValue { allowed } => tr.f("field.unknown_value", &[("allowed", &allowed.join(", "))]),
        FieldErrorKind::Refused { key } => tr.t(key).into(),
    }
}
