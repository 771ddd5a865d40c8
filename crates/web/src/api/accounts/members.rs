//! API handlers for the members of a werkplaats and their roles, and self-registration (tag `leden`).
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientAddr, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::accounts::MemberView;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    /// Role codes in this werkplaats (may be empty for a self-registered account).
    pub roles: Vec<String>,
    /// The account registered itself in this werkplaats.
    pub registered_here: bool,
    /// Its email address is verified.
    pub verified: bool,
}

impl From<MemberView> for MemberOut {
    fn from(v: MemberView) -> Self {
        Self {
            account_id: v.account_id,
            name: v.name,
            email: v.email,
            roles: v.roles,
            registered_here: v.registered_here,
            verified: v.verified,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberPage {
    pub items: Vec<MemberOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct MemberQuery {
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// At most 200; 50 by default.
    pub limit: Option<i64>,
}

/// The members of a werkplaats by name: accounts with a role there and accounts that registered
/// themselves there (coordinator and lectoren).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/members", tag = "leden",
    params(("slug" = String, Path), MemberQuery), security(("bearer" = [])),
    responses((status = 200, body = MemberPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<MemberQuery>,
) -> ApiResult<Json<MemberPage>> {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.members(actor.get(), &tenant, q.cursor.as_deref(), q.limit.unwrap_or(50)).await?;
    Ok(Json(MemberPage { items: p.items.into_iter().map(Into::into).collect(), next_cursor: p.next_cursor }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesIn {
    /// The whole set of role codes the account should hold here.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// Sets an account's roles in the werkplaats to exactly `roles` (coordinator and lectoren; only a
/// programme coordinator gives or takes `programme-coordinator`; nobody takes their own, and the
/// last programme coordinator stays: 422 with the reason). Unknown role: 422 on `roles`; an
/// account that is no member here: 404.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/members/{account_id}/roles", tag = "leden",
    params(("slug" = String, Path), ("account_id" = i64, Path)), request_body = RolesIn, security(("bearer" = [])),
    responses((status = 200, body = MemberOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_roles(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, account_id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<RolesIn>,
) -> ApiResult<Json<MemberOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.set_member_roles(actor.get(), &tenant, account_id, &body.roles).await?.into()))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfRegistration {
    pub enabled: bool,
}

/// Switches self-registration of citizens and students on or off (coordinator and lectoren).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/self-registration", tag = "leden",
    params(("slug" = String, Path)), request_body = SelfRegistration, security(("bearer" = [])),
    responses((status = 200, body = SelfRegistration), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_self_registration(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SelfRegistration>,
) -> ApiResult<Json<SelfRegistration>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.set_self_registration(actor.get(), &tenant, body.enabled).await?;
    Ok(Json(body))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationIn {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// At least 10 characters.
    #[serde(default)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationReceived {
    /// Always the same text, whether or not the address has an account.
    pub message: String,
}

/// Registers an account in a werkplaats that allows it (404 otherwise): no role, and an email
/// with a link (24 hours) to verify the address; the account signs in after that. The answer is
/// 202 whether or not the address has an account (its owner then gets a notice). Throttled per client (429).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/accounts", tag = "leden",
    params(("slug" = String, Path)), request_body = RegistrationIn,
    responses((status = 202, body = RegistrationReceived), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<RegistrationIn>,
) -> ApiResult<(StatusCode, Json<RegistrationReceived>)> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.register_account(&tenant, &body.email, &body.name, &body.password, client.as_deref()).await?;
    let message = "Kijk in uw mailbox: u krijgt een e-mail met een link om uw e-mailadres te bevestigen.".into();
    Ok((StatusCode::ACCEPTED, Json(RegistrationReceived { message })))
}
