//! Server-rendered pages. Every page works without JavaScript; forms post back and redirect.
//!
//! One folder per capability — `agenda`, `organisation`, `activities`, `knowledge`, `privacy`,
//! `session`, `cocreation`, `lemniscate`, `association`, `education`, `grants` — each with its `routes()`; what pages of several capabilities share is in `kit`,
//! which the capabilities import and which imports none of them. A capability never imports
//! another capability's pages. This module only assembles the routes and serves the few
//! site-wide pages.
mod accounts;
mod activities;
mod agenda;
mod association;
mod cocreation;
mod collections;
mod crosslinks;
mod dissemination;
mod education;
mod federation;
mod following;
mod grants;
pub(crate) mod kit;
mod knowledge;
mod lemniscate;
mod mine;
mod organisation;
mod privacy;
mod session;

pub use kit::{encode_query, safe_return_path};

use crate::error::ErrorPage;
use crate::extract::Page;
use askama::Template;

use crate::routes::{Routes, get};
use axum::response::Response;
use kit::render;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/toegankelijkheid", get(accessibility))
        .merge(session::routes())
        .merge(agenda::routes())
        .merge(organisation::routes())
        .merge(activities::routes())
        .merge(knowledge::routes())
        .merge(privacy::routes())
        .merge(accounts::routes())
        .merge(cocreation::routes())
        .merge(lemniscate::routes())
        .merge(crosslinks::routes())
        .merge(association::routes())
        .merge(dissemination::routes())
        .merge(education::routes())
        .merge(collections::routes())
        .merge(following::routes())
        .merge(mine::routes())
        .merge(federation::routes())
        .merge(grants::routes())
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
