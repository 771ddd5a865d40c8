//! API handlers for the AVG (GDPR) rights of the caller's own account (tag `account`): the
//! export of all data about them, and erasure.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, MaybeActor};
use axum::Json;
use axum::extract::State;
use broedplaats_core::privacy::PersonalData;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Erasure asks for the account's email address again: it cannot be undone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureInput {
    pub confirm_email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Erased {
    /// The name the erased person's contributions now carry.
    pub pseudonym: String,
}

/// Everything the installation holds about the caller (AVG right of access).
#[utoipa::path(get, path = "/api/v1/me/data", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = PersonalData), (status = 401, body = ErrorBody)))]
pub async fn my_data(State(state): State<AppState>, actor: MaybeActor) -> Result<Json<PersonalData>, ApiError> {
    Ok(Json(state.core.personal_data(actor.get()).await?))
}

/// Erases the caller's personal data (AVG right to erasure): name and email go everywhere,
/// sessions, tokens and roles end, contributions stay under a pseudonym. `confirm_email` must
/// repeat the account's address; otherwise 422 and nothing changes.
#[utoipa::path(post, path = "/api/v1/me/erasure", tag = "account",
    request_body = ErasureInput, security(("bearer" = [])),
    responses((status = 200, body = Erased), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn erase_me(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiJson(body): ApiJson<ErasureInput>,
) -> Result<Json<Erased>, ApiError> {
    let pseudonym = state.core.erase_personal_data(actor.get(), &body.confirm_email).await?;
    Ok(Json(Erased { pseudonym }))
}
