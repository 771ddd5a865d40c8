//! The OAI-PMH 2.0 provider at `/oai` (issue 17): GET with the arguments in the query string, POST
//! with them as an `application/x-www-form-urlencoded` body, both answered with
//! `text/xml; charset=utf-8`. Outside `/api/v1` and its OpenAPI document: the protocol is XML and
//! specified by the Open Archives Initiative. The protocol itself (arguments, errors, records)
//! lives in `broedplaats_core::dissemination::oai`; this module only reads the arguments. The
//! POST is a read with no effect, so it needs no CSRF token (see `middleware::csrf`).
use crate::AppState;
use crate::error::ApiError;
use crate::routes::{Routes, get};
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The path of the provider (its `baseURL` is the public URL with this path).
pub const OAI_PATH: &str = "/oai";

type Params = Vec<(String, String)>;

pub(crate) fn routes() -> Routes {
    Routes::new().route(OAI_PATH, get(oai_get).post(oai_post))
}

async fn oai_get(State(state): State<AppState>, params: Result<Query<Params>, QueryRejection>) -> Response {
    answer(&state, params.ok().map(|Query(p)| p)).await
}

async fn oai_post(State(state): State<AppState>, params: Result<Form<Params>, FormRejection>) -> Response {
    answer(&state, params.ok().map(|Form(p)| p)).await
}

async fn answer(state: &AppState, params: Option<Params>) -> Response {
    match state.core.oai(params.as_deref()).await {
        Ok(xml) => ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}
