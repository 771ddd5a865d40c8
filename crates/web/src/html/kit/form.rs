//! Forms as sent and sent back: the submitted pairs, field errors in words for the error summary,
//! the 422 answer with the form and its errors, the redirect after a save, and the early check
//! before a form is shown.
use super::page::render;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::Page;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

/// A form as sent: repeated fields (checkboxes) in order.
pub(crate) struct Pairs(pub(crate) Vec<(String, String)>);

impl Pairs {
    pub(crate) fn one(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }
    pub(crate) fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned()).collect()
    }
    /// The ids of a checkbox group, deduplicated; `None` if one is not a number.
    pub(crate) fn ids(&self, key: &str) -> Option<Vec<i64>> {
        let mut out = Vec::new();
        for v in self.all(key) {
            let id: i64 = v.parse().ok()?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Some(out)
    }
    /// Text fields named `{prefix}{id}`, by id.
    pub(crate) fn by_id(&self, prefix: &str) -> HashMap<i64, String> {
        self.0.iter().filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.parse().ok()?, v.trim().to_owned()))).collect()
    }
}

/// Field errors in words, one per field, with the id the summary links to.
#[derive(Default)]
pub(crate) struct FormErrors {
    pub(crate) list: Vec<ShownError>,
}

pub(crate) struct ShownError {
    pub(crate) field: String,
    pub(crate) anchor: String,
    pub(crate) name: String,
    pub(crate) message: String,
}

impl FormErrors {
    /// Adds a message for `field` (the first one per field wins), linked from the summary to `anchor`.
    pub(crate) fn push(&mut self, field: &str, anchor: String, name: String, message: String) {
        if !self.has(field) {
            self.list.push(ShownError { field: field.to_owned(), anchor, name, message });
        }
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.list.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    pub(crate) fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

/// The page with `prefix` ("Fout: ") before its title, once; a page without a title is left alone.
pub fn mark_failed(html: &str, prefix: &str) -> String {
    match html.find("<title>") {
        Some(i) if !html[i + 7..].starts_with(prefix) => {
            let at = i + "<title>".len();
            let mut out = String::with_capacity(html.len() + prefix.len());
            out.push_str(&html[..at]);
            out.push_str(prefix);
            out.push_str(&html[at..]);
            out
        }
        _ => html.to_owned(),
    }
}

/// A form page sent back with its errors: 422.
pub(crate) fn unprocessable(t: &impl Template) -> Response {
    let mut r = render(t);
    if r.status() == StatusCode::OK {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub(crate) fn redirect(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Early check before showing a form: anonymous visitors log in, others without rights get 403.
pub(crate) fn require(page: &Page, allowed: bool) -> Result<(), HtmlError> {
    match (&page.actor, allowed) {
        (None, _) => Err(HtmlError(ErrorPage::Unauthenticated)),
        (Some(_), false) => Err(HtmlError(ErrorPage::Forbidden)),
        (Some(_), true) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_pages_say_so_in_the_title() {
        let page = "<html><head><title>Aanmelden · Broedplaats</title></head></html>";
        let marked = mark_failed(page, "Fout: ");
        assert!(marked.contains("<title>Fout: Aanmelden · Broedplaats</title>"), "{marked}");
        assert_eq!(mark_failed(&marked, "Fout: "), marked, "only once");
        assert_eq!(mark_failed("<p>fragment</p>", "Fout: "), "<p>fragment</p>");
    }

    #[test]
    fn repeated_form_fields() {
        let p = Pairs(vec![
            ("organisations".into(), "3".into()),
            ("organisations".into(), "5".into()),
            ("organisations".into(), "3".into()),
            ("inzet_3".into(), " 100 uur ".into()),
            ("inzet_x".into(), "kapot".into()),
            ("title".into(), "T".into()),
        ]);
        assert_eq!(p.ids("organisations"), Some(vec![3, 5]));
        assert_eq!(p.by_id("inzet_").get(&3).map(String::as_str), Some("100 uur"));
        assert_eq!(p.by_id("inzet_").len(), 1);
        assert_eq!(p.one("title"), "T");
        assert_eq!(p.one("missing"), "");
        assert_eq!(Pairs(vec![("people".into(), "x".into())]).ids("people"), None);
    }
}
