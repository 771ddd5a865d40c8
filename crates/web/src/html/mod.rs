//! Server-rendered pages. Every page works without JavaScript; forms post back and redirect.
mod activities;
mod agenda;
mod groups;
mod import;
mod knowledge;
mod organisation;
mod practice;
mod privacy;
mod session;
mod stories;

pub(crate) use knowledge::search_request;

use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::Page;
use askama::Template;
use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use broedplaats_domain::{AgendaStatus, ThemeLevel};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(agenda::home))
        .route("/toegankelijkheid", get(accessibility))
        .route("/inloggen", get(session::login_form).post(session::login))
        .route("/uitloggen", post(session::logout))
        .route("/taal/{lang}", get(session::set_language))
        .route("/werkplaatsen/{slug}", get(agenda::werkplaats))
        .route("/werkplaatsen/{slug}/mensen", get(agenda::people))
        .route("/werkplaatsen/{slug}/themas", post(agenda::create_theme))
        .route("/werkplaatsen/{slug}/themas/nieuw", get(agenda::new_theme_form))
        .route("/werkplaatsen/{slug}/themas/{id}", get(agenda::theme).post(agenda::update_theme))
        .route("/werkplaatsen/{slug}/themas/{id}/bewerken", get(agenda::edit_theme_form))
        .route(
            "/werkplaatsen/{slug}/themas/{id}/verwijderen",
            get(agenda::delete_theme_form).post(agenda::delete_theme),
        )
        .route("/werkplaatsen/{slug}/themas/{id}/verplaatsen", post(agenda::move_theme))
        .route("/werkplaatsen/{slug}/agenda/versies", get(agenda::history))
        .route("/werkplaatsen/{slug}/agenda/versies/{n}", get(agenda::version))
        .route("/werkplaatsen/{slug}/agenda/vergelijken", get(agenda::compare))
        .route("/werkplaatsen/{slug}/agenda/status", post(agenda::set_status))
        .merge(organisation::routes())
        .merge(groups::routes())
        .merge(import::routes())
        .merge(activities::routes())
        .merge(knowledge::routes())
        .merge(practice::routes())
        .merge(stories::routes())
        .merge(privacy::routes())
}

impl Page {
    pub fn t(&self, key: &str) -> &'static str {
        self.tr.t(key)
    }
    pub fn f1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.tr.f(key, &[(name, &value)])
    }
    pub fn level(&self, level: &ThemeLevel) -> &'static str {
        self.tr.t(&format!("level.{}", level.code()))
    }
    pub fn status(&self, status: &AgendaStatus) -> &'static str {
        self.tr.t(&format!("status.{}", status.code()))
    }
    pub fn date(&self, iso: &str) -> String {
        self.tr.date(iso)
    }
    pub fn here_encoded(&self) -> String {
        encode_query(&self.here)
    }
    /// The werkplaats this page belongs to (`/werkplaatsen/{slug}/…`), for the site navigation.
    pub fn werkplaats_slug(&self) -> Option<&str> {
        let slug = self.here.strip_prefix("/werkplaatsen/")?.split(['/', '?', '#']).next()?;
        let plain = !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        plain.then_some(slug)
    }
    /// Whether this is the activity agenda of its werkplaats (the navigation marks its link).
    pub fn on_activity_agenda(&self) -> bool {
        let path = self.here.split(['?', '#']).next().unwrap_or_default();
        self.werkplaats_slug().is_some_and(|s| path == format!("/werkplaatsen/{s}/activiteiten"))
    }
    /// Whether this is the front page of its werkplaats's knowledge base (the navigation marks its link).
    pub fn on_knowledge_base(&self) -> bool {
        let path = self.here.split(['?', '#']).next().unwrap_or_default();
        self.werkplaats_slug().is_some_and(|s| path == format!("/werkplaatsen/{s}/kennis"))
    }
}

/// Renders a template into a response; a template error is logged and becomes the error page.
pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            crate::HtmlError(ErrorPage::Internal).into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    page: &'a Page,
    title: &'a str,
    text: &'a str,
}

pub(crate) fn error_page(page: &Page, kind: ErrorPage) -> Response {
    let key = kind.key();
    let t = ErrorTemplate {
        page,
        title: page.t(&format!("error.{key}.title")),
        text: page.t(&format!("error.{key}.text")),
    };
    match t.render() {
        Ok(html) => Html(html).into_response(),
        // Last resort: never loop back into the error middleware.
        Err(_) => "Er ging iets mis.".into_response(),
    }
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

/// Percent-encodes a value for use in a query string.
pub fn encode_query(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A return path from a form or query, accepted only if it stays on this site.
pub fn safe_return_path(raw: Option<&str>) -> String {
    match raw {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.contains("://") => {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_local() {
        assert_eq!(safe_return_path(Some("/werkplaatsen/zhz?x=1")), "/werkplaatsen/zhz?x=1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "evil", ""] {
            assert_eq!(safe_return_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn query_encoding() {
        assert_eq!(encode_query("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
