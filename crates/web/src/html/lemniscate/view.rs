//! The lemniscate view in three places — nationally (`/lemniscaat`, with a werkplaats and kwestie
//! filter), per werkplaats and per kwestie — and the list of questions behind each number
//! (`/lemniscaat/vragen`). Every view has a period form; the numbers are drawn as the figure-eight
//! and given again as a table (for screen readers and for print).
use super::figure::{FigureText, Number, figure_svg};
use super::{Params, filter_errors, list_href, moment, page_query, period_words, questions, side};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{FormErrors, Link, Opt, PageResult, render, unprocessable};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::KwestieView;
use broedplaats_core::lemniscate::{LemniscateFilter, LemniscateList};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Movement};
use broedplaats_store::{Tenant, WerkplaatsRow};

/// Which view: all werkplaatsen (filters free), or one werkplaats or one kwestie (fixed by the
/// address).
enum Place {
    National,
    Werkplaats(Tenant),
    Kwestie(KwestieView),
}

/// A row of the table, and a number of the figure.
pub(super) struct Row {
    code: &'static str,
    name: String,
    side: String,
    count: usize,
    href: String,
    /// "3 vragen in Ontwikkelen": the hidden part of the link's name.
    words: String,
}

#[derive(Template)]
#[template(path = "lemniscate/view.html")]
struct ViewTemplate {
    page: Page,
    title: String,
    eyebrow: Vec<Link>,
    action: String,
    errors: FormErrors,
    van: String,
    tot: String,
    /// Nationally only: the werkplaats and kwestie to filter on.
    werkplaatsen: Option<Vec<Opt>>,
    kwesties: Option<Vec<Opt>>,
    scope: String,
    svg: Option<String>,
    rows: Vec<Row>,
    all_href: String,
    /// Other views of the same numbers.
    elsewhere: Vec<Link>,
}

fn options(items: impl Iterator<Item = (String, String)>, selected: Option<&str>) -> Vec<Opt> {
    items.map(|(value, label)| Opt { selected: selected == Some(value.as_str()), value, label }).collect()
}

fn werkplaats_name(all: &[WerkplaatsRow], slug: &str) -> String {
    all.iter().find(|w| w.slug == slug).map_or_else(|| slug.to_owned(), |w| w.name.clone())
}

fn kwestie_label(all: &[KwestieView], id: i64) -> String {
    all.iter().find(|k| k.id == id).map_or_else(|| format!("#{id}"), |k| k.label.clone())
}

/// "Zuid-Holland Zuid · kwestie Eenzaamheid · in de hele looptijd".
fn scope_words(page: &Page, f: &LemniscateFilter, werkplaatsen: &[WerkplaatsRow], kwesties: &[KwestieView]) -> String {
    let mut parts = vec![match &f.werkplaats {
        Some(w) => werkplaats_name(werkplaatsen, w),
        None => page.t("lem.scope.all").to_owned(),
    }];
    if let Some(k) = f.kwestie {
        parts.push(page.f1("lem.scope.kwestie", "kwestie", kwestie_label(kwesties, k)));
    }
    parts.push(period_words(page, f));
    parts.join(" · ")
}

fn rows(page: &Page, f: &LemniscateFilter, counts: &broedplaats_core::lemniscate::LemniscateCounts) -> Vec<Row> {
    let mut out: Vec<Row> = Movement::ALL
        .iter()
        .map(|m| {
            let count = counts.movements.get(*m);
            let name = page.movement_name(m.code()).to_owned();
            Row {
                code: m.code(),
                words: page.tr.f("lem.count.movement", &[("questions", &questions(page, count)), ("movement", &name)]),
                side: side(page, *m).to_owned(),
                name,
                count,
                href: list_href(f, Some(*m)),
            }
        })
        .collect();
    out.push(Row {
        code: "gekruist",
        name: page.t("lem.crossed").to_owned(),
        side: page.t("lem.side.middle").to_owned(),
        count: counts.crossings,
        href: list_href(f, None),
        words: page.f1("lem.count.crossed", "n", counts.crossings),
    });
    out
}

fn figure(page: &Page, title: &str, scope: &str, rows: &[Row]) -> String {
    let words: Vec<String> = rows
        .iter()
        .map(|r| match Movement::parse(r.code) {
            Ok(_) => format!("{} ({}).", r.words, r.side),
            Err(_) => page.f1("lem.figure.crossed", "n", r.count),
        })
        .collect();
    let desc = format!("{} {}", page.f1("lem.figure.desc", "scope", scope), words.join(" "));
    let numbers: Vec<Number> = rows
        .iter()
        .map(|r| Number {
            movement: Movement::parse(r.code).ok(),
            name: r.name.clone(),
            count: r.count,
            href: r.href.clone(),
            words: r.words.clone(),
        })
        .collect();
    let text = FigureText {
        title,
        desc: &desc,
        werkplaats: page.t("lem.figure.werkplaats"),
        national: page.t("lem.figure.national"),
    };
    figure_svg(&numbers, &text)
}

async fn show(state: &AppState, page: Page, place: Place, params: &Params) -> PageResult {
    let actor = page.actor.as_ref();
    let werkplaatsen = state.core.werkplaatsen().await?;
    let kwesties = state.core.kwesties(actor).await?;
    let (fixed_w, fixed_k) = match &place {
        Place::National => (None, None),
        Place::Werkplaats(t) => (Some(t.slug.as_str()), None),
        Place::Kwestie(k) => (None, Some(k.id)),
    };
    let mut parsed = params.filter(fixed_w, fixed_k);
    if let (Place::National, Ok(f)) = (&place, &parsed) {
        // Only what the selects offer; anything else is a choice to make again, not a 404.
        let mut e = FieldErrors::new();
        if f.werkplaats.as_ref().is_some_and(|w| !werkplaatsen.iter().any(|x| &x.slug == w)) {
            e.push("werkplaats", FieldErrorKind::Invalid);
        }
        if f.kwestie.is_some_and(|k| !kwesties.iter().any(|x| x.id == k)) {
            e.push("kwestie", FieldErrorKind::Invalid);
        }
        if !e.is_empty() {
            parsed = Err(e);
        }
    }
    let (title, eyebrow, action, elsewhere) = match &place {
        Place::National => (
            page.t("lem.view.national").to_owned(),
            vec![],
            "/lemniscaat".to_owned(),
            vec![Link { href: "/landelijke-agenda".into(), label: page.t("lem.agenda.title").into() }],
        ),
        Place::Werkplaats(t) => (
            page.f1("lem.view.werkplaats", "name", &t.name),
            vec![Link { href: format!("/werkplaatsen/{}", t.slug), label: t.name.clone() }],
            format!("/werkplaatsen/{}/lemniscaat", t.slug),
            vec![
                Link { href: format!("/lemniscaat?werkplaats={}", t.slug), label: page.t("lem.view.national").into() },
                Link {
                    href: format!("/werkplaatsen/{}/praktijkvragen", t.slug),
                    label: page.t("lem.view.questions").into(),
                },
            ],
        ),
        Place::Kwestie(k) => (
            page.f1("lem.view.kwestie", "kwestie", &k.label),
            vec![
                Link { href: "/kwesties".into(), label: page.t("pq.kwesties.title").into() },
                Link { href: format!("/kwesties/{}", k.id), label: k.label.clone() },
            ],
            format!("/kwesties/{}/lemniscaat", k.id),
            vec![Link { href: format!("/lemniscaat?kwestie={}", k.id), label: page.t("lem.view.national").into() }],
        ),
    };
    let national = matches!(place, Place::National);
    let (errors, svg, rows, scope, all_href, selected) = match parsed {
        Ok(f) => {
            let counts = state.core.lemniscate_counts(actor, &f).await?;
            let scope = scope_words(&page, &f, &werkplaatsen, &kwesties);
            let rows = rows(&page, &f, &counts);
            let svg = figure(&page, &title, &scope, &rows);
            let all = format!("/lemniscaat/vragen?{}", page_query(&f).trim_start_matches('&'))
                .trim_end_matches('?')
                .to_owned();
            let selected = (f.werkplaats.clone(), f.kwestie.map(|k| k.to_string()));
            (FormErrors::default(), Some(svg), rows, scope, all, selected)
        }
        Err(e) => (filter_errors(&page, &e), None, vec![], String::new(), String::new(), (None, None)),
    };
    let given = |v: &Option<String>| Params::given(v).map(str::to_owned);
    let template = ViewTemplate {
        werkplaatsen: national.then(|| {
            let w = selected.0.clone().or_else(|| given(&params.werkplaats));
            options(werkplaatsen.iter().map(|w| (w.slug.clone(), w.name.clone())), w.as_deref())
        }),
        kwesties: national.then(|| {
            let k = selected.1.clone().or_else(|| given(&params.kwestie));
            options(kwesties.iter().map(|k| (k.id.to_string(), k.label.clone())), k.as_deref())
        }),
        van: given(&params.van).unwrap_or_default(),
        tot: given(&params.tot).unwrap_or_default(),
        title,
        eyebrow,
        action,
        scope,
        rows,
        all_href,
        elsewhere,
        errors,
        svg,
        page,
    };
    if template.errors.is_empty() { Ok(render(&template)) } else { Ok(unprocessable(&template)) }
}

pub(super) async fn national(
    State(state): State<AppState>,
    page: Page,
    q: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    show(&state, page, Place::National, &Params::of(q)).await
}

pub(super) async fn werkplaats(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    q: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    show(&state, page, Place::Werkplaats(tenant), &Params::of(q)).await
}

pub(super) async fn kwestie(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    q: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let k = state.core.kwesties(page.actor.as_ref()).await?.into_iter().find(|k| k.id == id);
    let k = k.ok_or(HtmlError::from(CoreError::NotFound))?;
    show(&state, page, Place::Kwestie(k), &Params::of(q)).await
}

struct ListLine {
    title: String,
    href: String,
    path_href: String,
    werkplaats: String,
    movement: String,
    moved: (String, String),
}

#[derive(Template)]
#[template(path = "lemniscate/list.html")]
struct ListTemplate {
    page: Page,
    title: String,
    errors: FormErrors,
    scope: String,
    note: Option<String>,
    items: Vec<ListLine>,
    back: Link,
}

/// Which list the parameters ask for: `beweging=…`, `gekruist=1`, or every question.
fn which(params: &Params) -> Result<LemniscateList, FieldErrors> {
    match (Params::given(&params.beweging), Params::given(&params.gekruist)) {
        (Some(m), _) => Movement::parse(m)
            .map(LemniscateList::Movement)
            .map_err(|_| FieldErrors::single("beweging", FieldErrorKind::Invalid)),
        (None, Some(_)) => Ok(LemniscateList::Crossed),
        (None, None) => Ok(LemniscateList::All),
    }
}

/// The view a list belongs to: the werkplaats's, the kwestie's, or the national one.
fn back_to(page: &Page, f: &LemniscateFilter) -> Link {
    let period = page_query(&LemniscateFilter { werkplaats: None, kwestie: None, ..f.clone() });
    let period = period.trim_start_matches('&');
    let sep = if period.is_empty() { "" } else { "?" };
    match (&f.werkplaats, f.kwestie) {
        (Some(w), None) => {
            Link { href: format!("/werkplaatsen/{w}/lemniscaat{sep}{period}"), label: page.t("lem.list.back").into() }
        }
        (None, Some(k)) => {
            Link { href: format!("/kwesties/{k}/lemniscaat{sep}{period}"), label: page.t("lem.list.back").into() }
        }
        _ => Link {
            href: format!("/lemniscaat?{}", page_query(f).trim_start_matches('&')).trim_end_matches('?').to_owned(),
            label: page.t("lem.list.back").into(),
        },
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    q: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let params = Params::of(q);
    let actor = page.actor.as_ref();
    let parsed = match (params.filter(None, None), which(&params)) {
        (Ok(f), Ok(l)) => Ok((f, l)),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let (f, kind) = match parsed {
        Ok(x) => x,
        Err(e) => {
            return Ok(unprocessable(&ListTemplate {
                title: page.t("lem.list.all").into(),
                errors: filter_errors(&page, &e),
                scope: String::new(),
                note: None,
                items: vec![],
                back: Link { href: "/lemniscaat".into(), label: page.t("lem.list.back").into() },
                page,
            }));
        }
    };
    let found = state.core.lemniscate_questions(actor, &f, kind).await?;
    let werkplaatsen = state.core.werkplaatsen().await?;
    let kwesties = state.core.kwesties(actor).await?;
    let title = match kind {
        LemniscateList::Movement(m) => page.f1("lem.list.movement", "movement", page.movement_name(m.code())),
        LemniscateList::Crossed => page.t("lem.list.crossed").to_owned(),
        LemniscateList::All => page.t("lem.list.all").to_owned(),
    };
    let note = match kind {
        LemniscateList::Crossed => {
            let counts = state.core.lemniscate_counts(actor, &f).await?;
            Some(page.tr.f(
                "lem.list.crossed_note",
                &[("crossings", &counts.crossings), ("questions", &questions(&page, found.len()))],
            ))
        }
        _ => None,
    };
    let items = found
        .into_iter()
        .map(|q| ListLine {
            path_href: format!("{}/pad", q.url),
            movement: page.movement_name(&q.movement).to_owned(),
            moved: moment(&page, &q.moved_at),
            werkplaats: q.werkplaats_name,
            href: q.url,
            title: q.title,
        })
        .collect();
    Ok(render(&ListTemplate {
        scope: scope_words(&page, &f, &werkplaatsen, &kwesties),
        back: back_to(&page, &f),
        errors: FormErrors::default(),
        title,
        note,
        items,
        page,
    }))
}
