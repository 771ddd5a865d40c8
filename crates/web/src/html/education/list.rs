//! `/opdrachten`: assignments across werkplaatsen, with filters on kind, programme, werkplaats,
//! theme, kwestie, year and period (from–until), a page at a time (cursor), and an empty state.
//! Dates are written out in words.
use super::{kind_label, shown_errors};
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{FormErrors, Opt, PageResult, encode_query, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State, rejection::QueryRejection};
use broedplaats_core::CoreError;
use broedplaats_core::education::{AssignmentQuery, AssignmentView};
use broedplaats_domain::AssignmentKind;

/// The filters as they come in the address (Dutch names; empty is "any").
#[derive(serde::Deserialize, Default)]
pub(super) struct Filters {
    soort: Option<String>,
    opleiding: Option<String>,
    werkplaats: Option<String>,
    thema: Option<String>,
    jaar: Option<String>,
    kwestie: Option<String>,
    van: Option<String>,
    tot: Option<String>,
    alle: Option<String>,
    na: Option<String>,
}

pub(super) struct Line {
    pub(super) href: String,
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) werkplaats: String,
    pub(super) programmes: String,
    pub(super) period: String,
    pub(super) places: String,
    pub(super) status: &'static str,
}

impl Line {
    pub(super) fn new(page: &Page, a: &AssignmentView) -> Self {
        let period = match (a.starts_on.as_deref().map(|d| page.date(d)), a.ends_on.as_deref().map(|d| page.date(d))) {
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (Some(s), None) => s,
            (None, Some(e)) => format!("– {e}"),
            (None, None) => String::new(),
        };
        Line {
            href: a.url.clone(),
            title: a.title.clone(),
            kind: kind_label(page, &a.kind),
            werkplaats: a.werkplaats_name.clone(),
            programmes: a.programmes.join(", "),
            period,
            places: page.f1("edu.places_left", "n", a.places_left),
            status: page.t(&format!("edu.status.{}", a.status)),
        }
    }
}

#[derive(Template)]
#[template(path = "education/list.html")]
struct ListTemplate {
    page: Page,
    title: &'static str,
    errors: FormErrors,
    kinds: Vec<Opt>,
    werkplaatsen: Vec<Opt>,
    programme: String,
    theme: String,
    year: String,
    kwesties: Vec<Opt>,
    from: String,
    until: String,
    all: bool,
    lines: Vec<Line>,
    next: Option<String>,
}

fn blank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    q: Result<Query<Filters>, QueryRejection>,
) -> PageResult {
    let f = q.map(|q| q.0).unwrap_or_default();
    let mut errors = broedplaats_domain::FieldErrors::new();
    let mut number = |field: &str, raw: &Option<String>| match blank(raw) {
        None => None,
        Some(s) => s.parse::<i64>().map_err(|_| errors.push(field, broedplaats_domain::FieldErrorKind::Invalid)).ok(),
    };
    let theme = number("theme", &f.thema);
    let year = number("year", &f.jaar);
    let kwestie = number("kwestie", &f.kwestie);
    let query = AssignmentQuery {
        open: Some(f.alle.is_none()),
        kind: blank(&f.soort),
        programme: blank(&f.opleiding),
        werkplaats: blank(&f.werkplaats),
        theme,
        year,
        kwestie,
        from: blank(&f.van),
        until: blank(&f.tot),
        cursor: blank(&f.na),
        limit: None,
    };
    let result = if errors.is_empty() {
        state.core.find_assignments(page.actor.as_ref(), &query).await
    } else {
        Err(CoreError::Invalid(errors))
    };
    let (found, errors) = match result {
        Ok(p) => (Some(p), FormErrors::default()),
        Err(CoreError::Invalid(e)) => (None, shown_errors(&page, &e)),
        Err(e) => return Err(e.into()),
    };
    let kinds = AssignmentKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: kind_label(&page, k.code()).into(),
            selected: query.kind.as_deref() == Some(k.code()),
        })
        .collect();
    let werkplaatsen = state
        .core
        .werkplaatsen()
        .await?
        .into_iter()
        .map(|w| Opt { selected: query.werkplaats.as_deref() == Some(w.slug.as_str()), value: w.slug, label: w.name })
        .collect();
    let next = found.as_ref().and_then(|p| p.next_cursor.clone()).map(|c| {
        let mut parts = Vec::new();
        for (k, v) in [
            ("soort", &query.kind),
            ("opleiding", &query.programme),
            ("werkplaats", &query.werkplaats),
            ("thema", &blank(&f.thema)),
            ("jaar", &blank(&f.jaar)),
            ("kwestie", &blank(&f.kwestie)),
            ("van", &query.from),
            ("tot", &query.until),
            ("alle", &blank(&f.alle)),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode_query(v)));
            }
        }
        parts.push(format!("na={}", encode_query(&c)));
        format!("/opdrachten?{}", parts.join("&"))
    });
    let kwesties = state
        .core
        .kwesties(page.actor.as_ref())
        .await?
        .into_iter()
        .filter(|k| k.uses > 0)
        .map(|k| Opt { selected: kwestie == Some(k.id), value: k.id.to_string(), label: k.label })
        .collect();
    let lines = found.map(|p| p.items.iter().map(|a| Line::new(&page, a)).collect()).unwrap_or_default();
    let t = ListTemplate {
        title: page.t("edu.list.title"),
        kinds,
        werkplaatsen,
        programme: query.programme.clone().unwrap_or_default(),
        theme: blank(&f.thema).unwrap_or_default(),
        year: blank(&f.jaar).unwrap_or_default(),
        kwesties,
        from: query.from.clone().unwrap_or_default(),
        until: query.until.clone().unwrap_or_default(),
        all: f.alle.is_some(),
        lines,
        next,
        page,
        errors,
    };
    Ok(if t.errors.is_empty() { render(&t) } else { unprocessable(&t) })
}
