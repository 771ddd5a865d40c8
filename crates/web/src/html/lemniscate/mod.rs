//! Pages of the knowledge lemniscate (DOMAIN §8, issue 16): the path of a practice question with
//! the form to record a move (`…/praktijkvragen/{id}/pad`), the lemniscate view — a figure-eight
//! with the numbers of questions in each movement and of crossings in a period, and the same
//! numbers as a table — nationally (`/lemniscaat`), per werkplaats and per kwestie, the list
//! behind every number (`/lemniscaat/vragen`), and the national agenda with the national
//! partners' "Oppakken" (`/landelijke-agenda`).
//!
//! Authorisation stays in the use cases (`core::lemniscate`): the pages show what
//! `question_path`, `lemniscate_counts` and `national_agenda` return for the visitor, and show the
//! form of a move only when the path says the visitor may record one (`may_move`). Every form
//! posts back and redirects with a `?melding=` confirmation; a refused form is shown again (422)
//! with the error summary and what was typed.
mod agenda;
mod figure;
mod path;
mod view;

use crate::extract::Page;
use crate::html::kit::FormErrors;
use crate::html::kit::activity_lines::{local, offset_time};
use crate::routes::{Routes, get};
use broedplaats_core::lemniscate::LemniscateFilter;
use broedplaats_domain::{FieldErrorKind, FieldErrors, Movement};
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/praktijkvragen/{id}/pad", get(path::page).post(path::record))
        .route("/lemniscaat", get(view::national))
        .route("/lemniscaat/vragen", get(view::list))
        .route("/werkplaatsen/{slug}/lemniscaat", get(view::werkplaats))
        .route("/kwesties/{id}/lemniscaat", get(view::kwestie))
        .route("/landelijke-agenda", get(agenda::agenda))
}

/// The query of the lemniscate pages, in Dutch as the addresses are: the filter (`werkplaats`,
/// `kwestie`, `van`, `tot`), the list behind a number (`beweging` or `gekruist=1`), the search in
/// the form of a move (`zoek`) and the confirmation after a save (`melding`).
#[derive(Deserialize, Default)]
pub(crate) struct Params {
    werkplaats: Option<String>,
    kwestie: Option<String>,
    van: Option<String>,
    tot: Option<String>,
    beweging: Option<String>,
    gekruist: Option<String>,
    zoek: Option<String>,
    melding: Option<String>,
}

impl Params {
    fn of(q: Result<axum::extract::Query<Params>, axum::extract::rejection::QueryRejection>) -> Self {
        q.map(|q| q.0).unwrap_or_default()
    }
    /// The filter these parameters ask for, with `werkplaats` / `kwestie` fixed by the page's
    /// address where it names them.
    fn filter(&self, werkplaats: Option<&str>, kwestie: Option<i64>) -> Result<LemniscateFilter, FieldErrors> {
        let k = kwestie.map(|k| k.to_string());
        LemniscateFilter::parse(
            werkplaats.or(self.werkplaats.as_deref()),
            k.as_deref().or(self.kwestie.as_deref()),
            self.van.as_deref(),
            self.tot.as_deref(),
        )
    }
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// The filter as the query of a page address (`werkplaats=…&kwestie=…&van=…&tot=…`), each part
/// led by `&`.
fn page_query(f: &LemniscateFilter) -> String {
    let mut q = String::new();
    if let Some(w) = &f.werkplaats {
        q.push_str(&format!("&werkplaats={}", crate::html::encode_query(w)));
    }
    if let Some(k) = f.kwestie {
        q.push_str(&format!("&kwestie={k}"));
    }
    if let Some(d) = f.from {
        q.push_str(&format!("&van={d}"));
    }
    if let Some(d) = f.to {
        q.push_str(&format!("&tot={d}"));
    }
    q
}

/// The list behind a number: `/lemniscaat/vragen?beweging=…` (or `gekruist=1`) with the filter.
fn list_href(f: &LemniscateFilter, movement: Option<Movement>) -> String {
    let which = match movement {
        Some(m) => format!("beweging={}", m.code()),
        None => "gekruist=1".to_owned(),
    };
    format!("/lemniscaat/vragen?{which}{}", page_query(f))
}

/// "werkplaats" or "landelijk": the side of the eight a movement is on.
fn side(page: &Page, m: Movement) -> &'static str {
    page.t(if m.is_national() { "lem.side.national" } else { "lem.side.werkplaats" })
}

/// "1 vraag", "3 vragen".
fn questions(page: &Page, n: usize) -> String {
    page.f1(if n == 1 { "lem.questions.one" } else { "lem.questions.other" }, "n", n)
}

/// The period in words: "in de hele looptijd", "vanaf …", "tot en met …", "van … tot en met …".
fn period_words(page: &Page, f: &LemniscateFilter) -> String {
    let d = |x: chrono::NaiveDate| page.date(&x.to_string());
    match (f.from, f.to) {
        (None, None) => page.t("lem.period.all").to_owned(),
        (Some(a), None) => page.f1("lem.period.from", "from", d(a)),
        (None, Some(b)) => page.f1("lem.period.to", "to", d(b)),
        (Some(a), Some(b)) => page.tr.f("lem.period.between", &[("from", &d(a)), ("to", &d(b))]),
    }
}

/// "3 november 2022, 14:05" in Amsterdam time for a stored RFC 3339 moment, and the value of
/// `<time datetime>`; unparsable text as it is.
fn moment(page: &Page, at: &str) -> (String, String) {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let utc = t.with_timezone(&chrono::Utc);
            let l = local(utc);
            (format!("{}, {}", page.date(&l.format("%Y-%m-%d").to_string()), l.format("%H:%M")), offset_time(utc))
        }
        Err(_) => (at.to_owned(), at.to_owned()),
    }
}

/// Field errors of the period filter in words; the dates are `van` and `tot` on the pages.
fn filter_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let field = match e.field.as_str() {
            "from" => "van",
            "to" => "tot",
            other => other,
        };
        let message = match (&e.kind, field) {
            (FieldErrorKind::Invalid, "van" | "tot") => page.t("lem.error.date").to_owned(),
            (FieldErrorKind::Invalid | FieldErrorKind::UnknownValue { .. }, "kwestie" | "werkplaats" | "beweging") => {
                page.t("lem.error.choose").to_owned()
            }
            (kind, _) => crate::error::field_message(&page.tr, kind),
        };
        let name = match field {
            "van" | "tot" | "kwestie" | "werkplaats" | "beweging" => page.t(&format!("lem.field.{field}")),
            _ => page.t("lem.field.filter"),
        };
        out.push(field, format!("lem-{field}"), name.to_owned(), message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_addresses_carry_the_filter_in_dutch() {
        let f = LemniscateFilter::parse(Some("zhz"), Some("4"), Some("2025-01-01"), Some("2025-03-31")).expect("ok");
        assert_eq!(
            list_href(&f, Some(Movement::ScaleUp)),
            "/lemniscaat/vragen?beweging=opschalen&werkplaats=zhz&kwestie=4&van=2025-01-01&tot=2025-03-31"
        );
        assert_eq!(list_href(&LemniscateFilter::default(), None), "/lemniscaat/vragen?gekruist=1");
    }

    #[test]
    fn the_page_fixes_what_its_address_names() {
        let p = Params { werkplaats: Some("elders".into()), kwestie: Some("9".into()), ..Default::default() };
        let f = p.filter(Some("zhz"), Some(3)).expect("ok");
        assert_eq!((f.werkplaats.as_deref(), f.kwestie), (Some("zhz"), Some(3)));
        let bad = Params { van: Some("2025-02-30".into()), ..Default::default() };
        let e = bad.filter(None, None).expect_err("an impossible date");
        assert_eq!(e.0[0].field, "from");
    }
}
