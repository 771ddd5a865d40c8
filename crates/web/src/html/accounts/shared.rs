//! What the pages of your own account share: the signed-in check, field errors in words, and
//! moments in Amsterdam time.
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{Page, SESSION_COOKIE};
use crate::html::kit::{FormErrors, render};
use askama::Template;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use broedplaats_domain::FieldErrors;
use chrono::DateTime;
use chrono_tz::Europe::Amsterdam;

/// Pages of your own account need a signed-in visitor.
pub(super) fn signed_in(page: &Page) -> Result<(), HtmlError> {
    if page.actor.is_none() { Err(HtmlError(ErrorPage::Unauthenticated)) } else { Ok(()) }
}

/// Field errors in words; `labels` gives each field's label key.
pub(super) fn form_errors(page: &Page, e: &FieldErrors, labels: &[(&str, &str)]) -> FormErrors {
    let mut errors = FormErrors::default();
    for fe in &e.0 {
        let name = labels.iter().find(|(f, _)| *f == fe.field).map(|(_, k)| page.t(k)).unwrap_or_default();
        errors.push(&fe.field, fe.field.clone(), name.to_owned(), field_message(&page.tr, &fe.kind));
    }
    errors
}

/// One error on one field, e.g. "too many tries".
pub(super) fn one_error(page: &Page, field: &str, label: &str, message_key: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.push(field, field.to_owned(), page.t(label).to_owned(), page.t(message_key).to_owned());
    errors
}

/// "7 december 2026, 14:05" in Amsterdam time for a stored UTC moment; unparsable text as is.
pub(super) fn moment(page: &Page, stored: &str) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => {
            let local = t.with_timezone(&Amsterdam);
            format!("{}, {}", page.tr.date(&local.format("%Y-%m-%d").to_string()), local.format("%H:%M"))
        }
        Err(_) => stored.to_owned(),
    }
}

/// The secret of this browser's session, to tell it apart from the others.
pub(super) fn session_token(jar: &CookieJar) -> Option<String> {
    jar.get(SESSION_COOKIE).map(|c| c.value().to_owned())
}

#[derive(Template)]
#[template(path = "accounts/link_invalid.html")]
struct InvalidTemplate {
    page: Page,
    title: &'static str,
    text: &'static str,
    again: &'static str,
}

/// The one answer (404) to an emailed link that is unknown, used or expired, with the page where
/// a new one can be asked for (`again`); `key` names the texts `{key}.invalid_title` and
/// `{key}.invalid_text`.
pub(super) fn invalid_link(page: Page, key: &str, again: &'static str) -> axum::response::Response {
    let mut r = render(&InvalidTemplate {
        title: page.t(&format!("{key}.invalid_title")),
        text: page.t(&format!("{key}.invalid_text")),
        again,
        page,
    });
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}
