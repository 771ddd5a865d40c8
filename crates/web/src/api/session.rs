//! The account behind the token or session.
use crate::error::{ApiError, ErrorBody};
use crate::extract::MaybeActor;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub email: String,
    pub name: String,
    /// Roles per werkplaats.
    pub roles: Vec<RoleOut>,
}

#[derive(Serialize, ToSchema)]
pub struct RoleOut {
    pub werkplaats: String,
    /// Kebab-case role, e.g. `programme-coordinator`.
    pub role: String,
}

/// Who am I: the account behind the token or session.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(actor: MaybeActor) -> Result<Json<MeOut>, ApiError> {
    let a = actor.0.ok_or(broedplaats_core::CoreError::Unauthenticated)?;
    Ok(Json(MeOut {
        email: a.email,
        name: a.name,
        roles: a.roles.into_iter().map(|(w, r)| RoleOut { werkplaats: w, role: r.code().into() }).collect(),
    }))
}
