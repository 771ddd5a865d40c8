//! Your own account through the API (tag `account`): password, email address, sessions, API
//! tokens and two-step verification. Every call acts on the caller's account only; an id of
//! someone else's session or token is 404.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ClientAddr, MaybeActor, SESSION_COOKIE};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use broedplaats_core::accounts::{CreatedToken, Enrolment, SessionView, TokenView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

/// The session of this request: none for a bearer-token caller.
fn current_session(headers: &HeaderMap, jar: &CookieJar) -> Option<String> {
    if headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    jar.get(SESSION_COOKIE).map(|c| c.value().to_owned())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    /// At least 10 characters.
    #[serde(default)]
    pub new_password: String,
}

/// Changes the caller's password. Every other session ends (with a bearer token: every
/// session); a notice goes to the account's address. A wrong current password is 422 on
/// `current_password`; repeated wrong tries are slowed down (429).
#[utoipa::path(put, path = "/api/v1/me/password", tag = "account",
    request_body = PasswordChange, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    actor: MaybeActor,
    headers: HeaderMap,
    jar: CookieJar,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let current = current_session(&headers, &jar);
    state
        .core
        .change_password(
            actor.get(),
            &body.current_password,
            &body.new_password,
            None,
            current.as_deref(),
            client.as_deref(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    /// The new address; a confirmation link goes there.
    #[serde(default)]
    pub email: String,
    /// The caller's password.
    #[serde(default)]
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailConfirm {
    /// The token from the link sent to the new address (`/account/email/bevestigen/{token}`).
    pub token: String,
}

/// Asks to change the caller's email address: a link (24 hours) goes to the new address, a
/// notice to the current one. Nothing changes until the link is confirmed.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "account",
    request_body = EmailChange, security(("bearer" = [])),
    responses((status = 202), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn change_email(
    State(state): State<AppState>,
    actor: MaybeActor,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<EmailChange>,
) -> ApiResult<StatusCode> {
    state.core.request_email_change(actor.get(), &body.email, &body.password, client.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Confirms an email change with the token from the link (no sign-in needed: the token proves
/// the new address). Unknown, used or expired: 404; the address taken meanwhile: 422 on `email`.
#[utoipa::path(post, path = "/api/v1/me/email/confirm", tag = "account",
    request_body = EmailConfirm,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<EmailConfirm>,
) -> ApiResult<StatusCode> {
    state.core.confirm_email_change(&body.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct SessionList {
    pub items: Vec<SessionView>,
}

/// The caller's live sessions, the most recently used first; `current` marks this request's.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    actor: MaybeActor,
    headers: HeaderMap,
    jar: CookieJar,
) -> ApiResult<Json<SessionList>> {
    let current = current_session(&headers, &jar);
    Ok(Json(SessionList { items: state.core.my_sessions(actor.get(), current.as_deref()).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct Ended {
    /// How many sessions ended.
    pub ended: u64,
}

/// Signs out everywhere else: ends every session of the caller but this one (with a bearer
/// token: all of them).
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = Ended), (status = 401, body = ErrorBody)))]
pub async fn end_sessions(
    State(state): State<AppState>,
    actor: MaybeActor,
    headers: HeaderMap,
    jar: CookieJar,
) -> ApiResult<Json<Ended>> {
    let current = current_session(&headers, &jar);
    Ok(Json(Ended { ended: state.core.end_other_sessions(actor.get(), current.as_deref()).await? }))
}

/// Ends one of the caller's sessions; another account's session is 404.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "account",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_session(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.core.end_my_session(actor.get(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for (1–100 characters).
    #[serde(default)]
    pub name: String,
    /// Days it stays valid (1–3650); absent or null: until revoked.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// The caller's API tokens, newest first (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<TokenList>> {
    Ok(Json(TokenList { items: state.core.my_tokens(actor.get()).await? }))
}

/// Creates an API token for the caller. The secret is in this answer only: it is stored nowhere.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account",
    request_body = NewToken, security(("bearer" = [])),
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let created = state.core.create_my_token(actor.get(), &body.name, body.expires_in_days).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revokes one of the caller's tokens (revoking twice is no error); another account's is 404.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    state.core.revoke_my_token(actor.get(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TwoFactorCode {
    /// The 6-digit code from the authenticator app.
    #[serde(default)]
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TwoFactorOff {
    /// A current code or a recovery code; or leave it empty and give `password`.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten codes, each usable once instead of a code from the app. Shown only here.
    pub recovery_codes: Vec<String>,
}

/// Starts setting up two-step verification: a new secret and its `otpauth://` URL for the
/// authenticator app. Nothing is on until `/me/two-factor/confirm`. Already on: 409.
#[utoipa::path(post, path = "/api/v1/me/two-factor", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = Enrolment), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn start_two_factor(State(state): State<AppState>, actor: MaybeActor) -> ApiResult<Json<Enrolment>> {
    Ok(Json(state.core.start_two_factor(actor.get()).await?))
}

/// Turns two-step verification on with a first code; returns the recovery codes, once.
#[utoipa::path(post, path = "/api/v1/me/two-factor/confirm", tag = "account",
    request_body = TwoFactorCode, security(("bearer" = [])),
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn confirm_two_factor(
    State(state): State<AppState>,
    actor: MaybeActor,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<TwoFactorCode>,
) -> ApiResult<Json<RecoveryCodes>> {
    let recovery_codes = state.core.confirm_two_factor(actor.get(), &body.code, client.as_deref()).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// Turns two-step verification off, proved by a current code, a recovery code or the password.
/// Not when the installation requires it for the caller's role (422). Off already: 404.
#[utoipa::path(delete, path = "/api/v1/me/two-factor", tag = "account",
    request_body = TwoFactorOff, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn disable_two_factor(
    State(state): State<AppState>,
    actor: MaybeActor,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<TwoFactorOff>,
) -> ApiResult<StatusCode> {
    let password = body.password.unwrap_or_default();
    state.core.disable_two_factor(actor.get(), &body.code, &password, client.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
