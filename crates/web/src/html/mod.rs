//! Server-rendered pages. Every page works without JavaScript; forms post back and redirect.
mod activities;
mod agenda;
pub(crate) mod kit;
mod knowledge;
mod organisation;
mod privacy;
mod session;

pub(crate) use kit::render;
pub use kit::{encode_query, safe_return_path};

use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::Page;
use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(agenda::routes())
        .route("/toegankelijkheid", get(accessibility))
        .route("/inloggen", get(session::login_form).post(session::login))
        .route("/uitloggen", post(session::logout))
        .route("/taal/{lang}", get(session::set_language))
        .merge(organisation::routes())
        .merge(activities::routes())
        .merge(knowledge::routes())
        .merge(privacy::routes())
}

pub(crate) async fn not_found() -> crate::HtmlError {
    crate::HtmlError(ErrorPage::NotFound)
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityTemplate {
    page: Page,
    title: &'static str,
}

async fn accessibility(page: Page) -> Response {
    let title = page.t("a11y.title");
    render(&AccessibilityTemplate { page, title })
}
