//! What the practice pages (questions, approaches, kwesties) share: list filters, labels, Markdown
//! fields, kwestie links and checkboxes, and the errors of their forms. Everything there is public
//! to read.
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::Page;
use crate::html::kit::markdown::{self, SafeHtml};
use crate::html::kit::{Check, FormErrors, Link, Pairs};
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use broedplaats_domain::{ApproachKind, FieldErrors, QuestionStatus, Recognition};
use serde::Deserialize;

/// `?opgeslagen=1` / `?verwijderd=1` after a redirect, and the list filters.
#[derive(Deserialize, Default)]
pub(super) struct ListParams {
    pub(super) opgeslagen: Option<String>,
    pub(super) verwijderd: Option<String>,
    pub(super) kwestie: Option<String>,
    pub(super) status: Option<String>,
    pub(super) soort: Option<String>,
    pub(super) erkenning: Option<String>,
}

impl ListParams {
    pub(super) fn of(q: Result<Query<ListParams>, QueryRejection>) -> Self {
        q.map(|Query(p)| p).unwrap_or_default()
    }
    pub(super) fn flash(&self, page: &Page) -> Option<String> {
        if self.opgeslagen.is_some() {
            Some(page.t("pq.flash.saved").to_owned())
        } else if self.verwijderd.is_some() {
            Some(page.t("pq.flash.deleted").to_owned())
        } else {
            None
        }
    }
}

pub(super) fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(super) fn status_label(page: &Page, code: &str) -> String {
    if QuestionStatus::CODES.contains(&code) { page.t(&format!("pq.status.{code}")).into() } else { code.into() }
}

pub(super) fn kind_label(page: &Page, code: &str) -> String {
    if ApproachKind::CODES.contains(&code) { page.t(&format!("pq.kind.{code}")).into() } else { code.into() }
}

pub(super) fn recognition_label(page: &Page, code: &str) -> String {
    if Recognition::CODES.contains(&code) { page.t(&format!("pq.recognition.{code}")).into() } else { code.into() }
}

pub(super) fn md(s: &str) -> Option<SafeHtml> {
    Some(s).filter(|s| !s.trim().is_empty()).map(markdown::to_html)
}

pub(super) fn kwestie_links(items: &[broedplaats_core::knowledge::Named]) -> Vec<Link> {
    items.iter().map(|k| Link { href: format!("/kwesties/{}", k.id), label: k.name.clone() }).collect()
}

/// Fields whose errors the summary links to the first box of a group, or to another element.
fn anchor_of(field: &str) -> String {
    match field {
        "kwesties" => "nieuwe_kwesties".into(),
        "status" | "kind" | "themes" => format!("{field}-0"),
        f => f.to_owned(),
    }
}

/// The errors of a form in words; `approach` names the title field of the approach form.
pub(super) fn shown_errors(page: &Page, errors: &FieldErrors, approach: bool) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let key = if approach && e.field == "title" { "approach_title" } else { e.field.as_str() };
        let name = page.t(&format!("pq.field.{key}"));
        let name = if name == "??" { e.field.clone() } else { name.to_owned() };
        out.push(&e.field, anchor_of(&e.field), name, field_message(&page.tr, &e.kind));
    }
    out
}

/// The kwesties of a form: the boxes ticked and the new labels, one per line.
pub(super) fn kwesties_of(pairs: &Pairs) -> Vec<String> {
    let mut out = pairs.all("kwesties");
    out.extend(pairs.one("nieuwe_kwesties").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned));
    out
}

/// An id from a select; something that is not a number becomes an id that exists nowhere, so
/// the use case reports it with the other problems.
pub(super) fn select_id(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() { None } else { Some(raw.parse().unwrap_or(-1)) }
}

/// Every kwestie of the installation as checkboxes, `selected` (labels) ticked; labels that are
/// not a kwestie yet stay in the "new" field.
pub(super) async fn kwestie_checks(
    state: &AppState,
    page: &Page,
    selected: &[String],
) -> Result<(Vec<Check>, String), HtmlError> {
    let all = state.core.kwesties(page.actor.as_ref()).await?;
    let key = broedplaats_domain::kwestie_key;
    let checks = all
        .iter()
        .map(|k| Check {
            value: k.label.clone(),
            label: k.label.clone(),
            checked: selected.iter().any(|s| key(s) == key(&k.label)),
            extras: vec![],
        })
        .collect();
    let new = selected.iter().filter(|s| !all.iter().any(|k| key(&k.label) == key(s))).cloned().collect::<Vec<_>>();
    Ok((checks, new.join("\n")))
}
