//! The forgotten password through the API (tag `account`): ask for a link (always 202, whether
//! or not an account has the address), and set a new password with the link's token.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ClientAddr};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirm {
    /// The token from the emailed link (`/wachtwoord-herstellen/{token}`).
    pub token: String,
    /// At least 10 characters.
    pub password: String,
}

/// Asks for a password reset link by email. The answer is 202 whether or not an account has
/// the address, and also when requests come too often (then nothing is sent). The link is valid
/// for one hour and works once.
#[utoipa::path(post, path = "/api/v1/password-reset", tag = "account",
    request_body = ResetRequest,
    responses((status = 202), (status = 422, body = ErrorBody)))]
pub async fn request_reset(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    if let Err(kind) = broedplaats_domain::Email::parse(&body.email) {
        return Err(ApiError::invalid(&broedplaats_domain::FieldErrors::single("email", kind)));
    }
    state.core.request_password_reset(&body.email, client.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Sets a new password with a reset token. Every session of the account ends and the other
/// reset links stop working. An unknown, used or expired token is 404 (`not_found`) alike.
#[utoipa::path(post, path = "/api/v1/password-reset/confirm", tag = "account",
    request_body = ResetConfirm,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm_reset(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ResetConfirm>,
) -> Result<StatusCode, ApiError> {
    let meta = broedplaats_core::accounts::SessionMeta::default();
    // No session through the API: the new password signs in where it is needed.
    state.core.reset_password(&body.token, &body.password, None, &meta).await?;
    Ok(StatusCode::NO_CONTENT)
}
