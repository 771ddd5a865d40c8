//! The page as templates see it (`Page` helpers), rendering, the error page, and the small URL
//! helpers every page uses.
use crate::error::{ErrorPage, HtmlError};
use crate::extract::Page;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use broedplaats_domain::{AgendaStatus, Movement, Step, ThemeLevel};

/// What a page handler returns: the page, or an error page.
pub(crate) type PageResult = Result<Response, HtmlError>;

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
    /// The name of a lemniscate movement (`ontwikkelen` → "Ontwikkelen"); "—" for anything else.
    pub fn movement_name(&self, code: &str) -> &'static str {
        match Movement::parse(code) {
            Ok(m) => self.tr.t(&format!("lem.movement.{}", m.code())),
            Err(_) => "—",
        }
    }
    /// The name of a step within a movement (`verbinden_met_kwestie` → "Verbinden met de kwestie").
    pub fn step_name(&self, code: &str) -> &'static str {
        match Step::parse(code) {
            Ok(s) => self.tr.t(&format!("lem.step.{}", s.code())),
            Err(_) => "—",
        }
    }
    pub fn date(&self, iso: &str) -> String {
        self.tr.date(iso)
    }
    /// "Afgedrukt van <url> op <date>": the line a printed page ends with (shown only in print).
    pub fn printed_from(&self) -> String {
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive().to_string();
        // The path only: a query may carry what is not for paper (a token a client put there).
        let path = self.here.split(['?', '#']).next().unwrap_or_default();
        self.tr.f("print.from", &[("url", &format!("{}{path}", self.origin)), ("date", &self.tr.date(&today))])
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
    /// Whether this page is `path` (without query), for `aria-current` in the navigation.
    pub fn is_at(&self, path: &str) -> bool {
        self.here.split(['?', '#']).next() == Some(path)
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
#[template(path = "kit/error.html")]
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

/// A return path from a form or query, accepted only if it stays on this site: it starts with one
/// `/` and holds no whitespace, control characters or backslashes (browsers drop tabs and
/// newlines and read `\` as `/`, so `/\t/evil.example` would leave the site), and no `://`.
/// Anything else goes to `/`; a control character can then not reach a `Location` header either.
pub fn safe_return_path(raw: Option<&str>) -> String {
    match raw {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
                && !p.contains("://") =>
        {
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
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/a\u{7f}",
            "/a\u{0}b",
            "/\u{2028}/evil.example",
        ] {
            assert_eq!(safe_return_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn query_encoding() {
        assert_eq!(encode_query("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
