//! API handlers for invitations (tag `leden`): invite, list, resend, revoke, and accept.
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::accounts::{InvitationInput, InvitationView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

/// An invitation to make. A themaleider must name a theme group they lead.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationIn {
    /// The address the invitation goes to.
    #[serde(default)]
    pub email: String,
    /// A role code, e.g. `professional`.
    #[serde(default)]
    pub role: String,
    /// A person record of this werkplaats to link to the account.
    pub person_id: Option<i64>,
    /// A theme group of this werkplaats the person joins.
    pub theme_group_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationCreated {
    pub id: i64,
    /// Until when the link is valid (UTC); the 14 days count again from when the mail goes out.
    pub expires_at: String,
}

/// An invitation (never its link).
#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    /// The name of who invited.
    pub invited_by: Option<String>,
    pub created_at: String,
    pub sent_at: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
    /// `open`, `accepted`, `expired` or `revoked`.
    pub status: String,
}

impl From<InvitationView> for InvitationOut {
    fn from(v: InvitationView) -> Self {
        Self {
            id: v.id,
            email: v.email,
            role: v.role,
            person_id: v.person_id,
            theme_group_id: v.theme_group_id,
            invited_by: v.invited_by,
            created_at: v.created_at,
            sent_at: v.sent_at,
            expires_at: v.expires_at,
            accepted_at: v.accepted_at,
            revoked_at: v.revoked_at,
            status: v.status.to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InvitationPage {
    pub items: Vec<InvitationOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// At most 200; 50 by default.
    pub limit: Option<i64>,
}

/// Invites someone by email with a role (coordinator: any role; lector: any but
/// programme-coordinator; themaleider: into a theme group they lead, with a role that leads
/// nothing). The mail goes out through the job queue. A second open invitation for the same
/// address and role is refused (422 on `email`); resend the first instead.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/invitations", tag = "leden",
    params(("slug" = String, Path)), request_body = InvitationIn, security(("bearer" = [])),
    responses((status = 201, body = InvitationCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_invitation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<InvitationIn>,
) -> ApiResult<(StatusCode, Json<InvitationCreated>)> {
    let tenant = state.core.tenant(&slug).await?;
    let input = InvitationInput {
        email: body.email,
        role: body.role,
        person_id: body.person_id,
        theme_group_id: body.theme_group_id,
    };
    let (id, expires_at) = state.core.invite(actor.get(), &tenant, &input).await?;
    Ok((StatusCode::CREATED, Json(InvitationCreated { id, expires_at })))
}

/// The invitations of a werkplaats, newest first (coordinator and lectoren).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/invitations", tag = "leden",
    params(("slug" = String, Path), PageQuery), security(("bearer" = [])),
    responses((status = 200, body = InvitationPage), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<InvitationPage>> {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.invitations(actor.get(), &tenant, q.cursor.as_deref(), q.limit.unwrap_or(50)).await?;
    Ok(Json(InvitationPage { items: p.items.into_iter().map(Into::into).collect(), next_cursor: p.next_cursor }))
}

/// Revokes an invitation that was not accepted; its link stops working (coordinator and lectoren,
/// and the themaleider for an invitation into a theme group they lead).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/invitations/{id}", tag = "leden",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.revoke_invitation(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends an invitation again with a new link; the old link stops working. At most once per ten
/// minutes (429). Coordinator and lectoren, and the themaleider for an invitation into a theme
/// group they lead.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/invitations/{id}/resend", tag = "leden",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = InvitationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn resend_invitation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<InvitationOut>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.resend_invitation(actor.get(), &tenant, id).await?.into()))
}

/// Accepting an invitation: the secret from the link, and for a new account a name and password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptIn {
    #[serde(default)]
    pub token: String,
    /// For a new account.
    pub name: Option<String>,
    /// For a new account: at least 10 characters.
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// The slug of the werkplaats the role is in.
    pub werkplaats: String,
    pub account_id: i64,
    /// Whether a new account was made.
    pub created: bool,
}

/// Accepts an invitation (single use, 14 days). With a bearer token (or session) the role is added
/// to that account; without one an account is made for the invited address with `name` and
/// `password` (422 when an account with that address exists: sign in and accept then). A link
/// that cannot be used is 404, whatever the reason.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "leden",
    request_body = AcceptIn,
    responses((status = 200, body = Accepted), (status = 201, body = Accepted), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiJson(body): ApiJson<AcceptIn>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    match actor.get() {
        Some(a) => {
            let werkplaats = state.core.accept_invitation(Some(a), &body.token).await?;
            Ok((StatusCode::OK, Json(Accepted { werkplaats, account_id: a.account_id, created: false })))
        }
        None => {
            let (account_id, werkplaats) = state
                .core
                .accept_invitation_new_account(
                    &body.token,
                    body.name.as_deref().unwrap_or_default(),
                    body.password.as_deref().unwrap_or_default(),
                )
                .await?;
            Ok((StatusCode::CREATED, Json(Accepted { werkplaats, account_id, created: true })))
        }
    }
}
