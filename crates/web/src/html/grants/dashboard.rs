//! The dashboard of a werkplaats's grants for one year: the grants, grant vs matching, the
//! contributions per kind of partner, the budget planned vs realised per line and the outcomes per
//! beneficiary group — each an accessible SVG chart followed by its data table.
use super::{Cell, DataTable, cents, euro, percent, require_manager, status_parts, type_label};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::grants::{GrantView, MatchingView};
use broedplaats_report::{Chart, ChartKind, Series};
use std::collections::{BTreeMap, BTreeSet};

#[derive(serde::Deserialize, Default)]
pub(super) struct YearQuery {
    jaar: Option<String>,
    verwijderd: Option<String>,
}

/// A grant in the list.
struct GrantLine {
    id: i64,
    title: String,
    funder: String,
    kind: &'static str,
    period: String,
    amount: String,
}

/// A chart and the table of its figures.
pub(super) struct Figure {
    pub(super) id: &'static str,
    pub(super) heading: String,
    pub(super) svg: String,
    pub(super) table: DataTable,
}

#[derive(Template)]
#[template(path = "grants/dashboard.html")]
struct DashboardTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    year: i64,
    years: Vec<i64>,
    grants: Vec<GrantLine>,
    figures: Vec<Figure>,
    flash: Option<&'static str>,
}

pub(super) fn year_of(date: &str) -> i64 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// The years any grant runs in.
fn grant_years(grants: &[(GrantView, MatchingView)]) -> Vec<i64> {
    let mut years = BTreeSet::new();
    for (g, _) in grants {
        years.extend(year_of(&g.starts_on)..=year_of(&g.ends_on).min(year_of(&g.starts_on) + 50));
    }
    years.into_iter().collect()
}

/// The year asked for if a grant runs then; else the current year within the grants, else the last.
fn chosen_year(asked: Option<&str>, years: &[i64], current: i64) -> i64 {
    let asked = asked.and_then(|y| y.trim().parse::<i64>().ok()).filter(|y| years.contains(y));
    asked.or_else(|| years.contains(&current).then_some(current)).or_else(|| years.last().copied()).unwrap_or(current)
}

fn chart(
    id: &str,
    title: String,
    description: String,
    categories: Vec<String>,
    series: Vec<Series>,
    money: bool,
) -> String {
    broedplaats_report::svg::chart(&Chart {
        title,
        description,
        kind: ChartKind::Bar,
        categories,
        series,
        money,
        table: id.to_owned(),
    })
}

pub(super) async fn dashboard(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    q: Result<Query<YearQuery>, QueryRejection>,
) -> PageResult {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let actor = page.actor.as_ref();
    let all = state.core.all_matching(actor, &tenant).await?;
    let years = grant_years(&all);
    let year = chosen_year(q.jaar.as_deref(), &years, state.core.current_year());
    let mut figures = Vec::new();
    let mut grants = Vec::new();
    if !all.is_empty() {
        grants = all
            .iter()
            .map(|(g, _)| GrantLine {
                id: g.id,
                title: g.title.clone(),
                funder: g.funder.clone().unwrap_or_else(|| "—".into()),
                kind: type_label(&page, &g.grant_type),
                period: format!("{} – {}", page.date(&g.starts_on), page.date(&g.ends_on)),
                amount: g.amount_of(year).map_or_else(|| "—".into(), euro),
            })
            .collect();
        figures.push(matching_figure(&page, &all, year));
        let contributions = state.core.contributions(actor, &tenant, Some(year), None).await?;
        figures.push(partners_figure(&page, &contributions, year));
        // One call per grant: a werkplaats has a handful of grants.
        let mut lines = Vec::new();
        for (g, _) in &all {
            for l in state.core.budget_lines(actor, &tenant, g.id).await? {
                if let Some(a) = l.amounts.iter().find(|a| a.year == year) {
                    lines.push((g.title.clone(), l.name.clone(), a.planned, a.realised));
                }
            }
        }
        figures.push(budget_figure(&page, &lines, year));
        let outcomes = state.core.outcomes(actor, &tenant, Some(year)).await?;
        figures.push(outcomes_figure(&page, &outcomes, year));
    }
    Ok(render(&DashboardTemplate {
        title: page.t("grants.dashboard.title"),
        slug,
        tenant_name: tenant.name.clone(),
        year,
        years,
        grants,
        figures,
        flash: q.verwijderd.is_some().then(|| page.t("grants.deleted")),
        page,
    }))
}

fn matching_figure(page: &Page, all: &[(GrantView, MatchingView)], year: i64) -> Figure {
    let mut rows = Vec::new();
    let (mut categories, mut granted, mut matched) = (Vec::new(), Vec::new(), Vec::new());
    for (g, m) in all {
        let Some(y) = m.years.iter().find(|y| y.year == year) else { continue };
        let (class, words) = status_parts(page, &y.status);
        rows.push((
            g.title.clone(),
            vec![
                y.grant.map_or_else(|| Cell::text("—"), Cell::euro),
                Cell::euro(y.matched_cash),
                Cell::euro(y.matched_in_kind),
                Cell::euro(y.matched_total),
                Cell::text(percent(y.ratio)),
                Cell::badge(words, class),
            ],
        ));
        categories.push(g.title.clone());
        granted.push(y.grant.map_or(0, cents));
        matched.push(cents(y.matched_total));
    }
    let heading = page.f1("grants.dashboard.matching", "year", year);
    let svg = chart(
        "grants-matching",
        heading.clone(),
        page.f1("grants.chart.matching", "year", year),
        categories,
        vec![
            Series { name: page.t("grants.col.grant").into(), values: granted },
            Series { name: page.t("grants.col.matched_total").into(), values: matched },
        ],
        true,
    );
    Figure {
        id: "grants-matching",
        heading: heading.clone(),
        svg,
        table: DataTable {
            caption: heading,
            columns: [
                "grants.col.title",
                "grants.col.grant",
                "grants.col.cash",
                "grants.col.in_kind",
                "grants.col.matched_total",
                "grants.col.ratio",
                "grants.col.status",
            ]
            .iter()
            .map(|k| page.t(k).to_owned())
            .collect(),
            rows,
            total: None,
        },
    }
}

fn partners_figure(page: &Page, contributions: &[broedplaats_core::grants::ContributionView], year: i64) -> Figure {
    // (realised cash, realised in kind, planned) in cents per kind of partner.
    let mut per_kind: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for c in contributions {
        let label = match page.t(&format!("org.kind.{}", c.organisation_kind)) {
            "??" => c.organisation_kind.clone(),
            l => l.to_owned(),
        };
        let e = per_kind.entry(label).or_default();
        match (c.status.as_str(), c.kind.as_str()) {
            ("realised", "cash") => e.0 += cents(c.amount),
            ("realised", _) => e.1 += cents(c.amount),
            _ => e.2 += cents(c.amount),
        }
    }
    let money = |c: i64| Cell::text(broedplaats_report::svg::format_value(c, true));
    let rows: Vec<(String, Vec<Cell>)> =
        per_kind.iter().map(|(k, (a, b, p))| (k.clone(), vec![money(*a), money(*b), money(*p)])).collect();
    let sum = |f: fn(&(i64, i64, i64)) -> i64| per_kind.values().map(f).sum::<i64>();
    let total = (!rows.is_empty()).then(|| {
        (page.t("grants.total").to_owned(), vec![money(sum(|v| v.0)), money(sum(|v| v.1)), money(sum(|v| v.2))])
    });
    let heading = page.f1("grants.dashboard.partners", "year", year);
    let svg = chart(
        "grants-partners",
        heading.clone(),
        page.f1("grants.chart.partners", "year", year),
        per_kind.keys().cloned().collect(),
        vec![
            Series { name: page.t("grants.col.cash").into(), values: per_kind.values().map(|v| v.0).collect() },
            Series { name: page.t("grants.col.in_kind").into(), values: per_kind.values().map(|v| v.1).collect() },
        ],
        true,
    );
    Figure {
        id: "grants-partners",
        heading: heading.clone(),
        svg,
        table: DataTable {
            caption: heading,
            columns: ["grants.col.partner_kind", "grants.col.cash", "grants.col.in_kind", "grants.col.planned"]
                .iter()
                .map(|k| page.t(k).to_owned())
                .collect(),
            rows,
            total,
        },
    }
}

fn budget_figure(page: &Page, lines: &[(String, String, f64, f64)], year: i64) -> Figure {
    let rows: Vec<(String, Vec<Cell>)> = lines
        .iter()
        .map(|(grant, name, p, r)| {
            (format!("{name} ({grant})"), vec![Cell::euro(*p), Cell::euro(*r), Cell::euro(r - p)])
        })
        .collect();
    let (p, r): (f64, f64) = lines.iter().fold((0.0, 0.0), |(p, r), l| (p + l.2, r + l.3));
    let total = (!rows.is_empty())
        .then(|| (page.t("grants.total").to_owned(), vec![Cell::euro(p), Cell::euro(r), Cell::euro(r - p)]));
    let heading = page.f1("grants.dashboard.budget", "year", year);
    let svg = chart(
        "grants-budget",
        heading.clone(),
        page.f1("grants.chart.budget", "year", year),
        rows.iter().map(|(label, _)| label.clone()).collect(),
        vec![
            Series { name: page.t("grants.col.planned").into(), values: lines.iter().map(|l| cents(l.2)).collect() },
            Series { name: page.t("grants.col.realised").into(), values: lines.iter().map(|l| cents(l.3)).collect() },
        ],
        true,
    );
    Figure {
        id: "grants-budget",
        heading: heading.clone(),
        svg,
        table: DataTable {
            caption: heading,
            columns: ["grants.col.line", "grants.col.planned", "grants.col.realised", "grants.col.difference"]
                .iter()
                .map(|k| page.t(k).to_owned())
                .collect(),
            rows,
            total,
        },
    }
}

const STATUSES: [&str; 3] = ["planned", "in_progress", "achieved"];

fn outcomes_figure(page: &Page, outcomes: &[broedplaats_core::grants::OutcomeView], year: i64) -> Figure {
    // Outcomes per beneficiary group and status, counted as recorded (never averaged).
    let mut per_group: BTreeMap<&str, [i64; 3]> = BTreeMap::new();
    for o in outcomes {
        let s = STATUSES.iter().position(|s| *s == o.status).unwrap_or(0);
        for b in &o.beneficiaries {
            per_group.entry(b.as_str()).or_default()[s] += 1;
        }
    }
    let label = |b: &str| page.t(&format!("grants.beneficiary.{b}")).to_owned();
    let rows: Vec<(String, Vec<Cell>)> = per_group
        .iter()
        .map(|(b, n)| {
            (
                label(b),
                n.iter()
                    .map(|v| Cell::text(v.to_string()))
                    .chain([Cell::text(n.iter().sum::<i64>().to_string())])
                    .collect(),
            )
        })
        .collect();
    let heading = page.f1("grants.dashboard.outcomes", "year", year);
    let svg = chart(
        "grants-outcomes",
        heading.clone(),
        page.f1("grants.chart.outcomes", "year", year),
        per_group.keys().map(|b| label(b)).collect(),
        STATUSES
            .iter()
            .enumerate()
            .map(|(i, s)| Series {
                name: page.t(&format!("grants.outcome.{s}")).into(),
                values: per_group.values().map(|n| n[i]).collect(),
            })
            .collect(),
        false,
    );
    let mut columns = vec![page.t("grants.col.beneficiary").to_owned()];
    columns.extend(STATUSES.iter().map(|s| page.t(&format!("grants.outcome.{s}")).to_owned()));
    columns.push(page.t("grants.total").to_owned());
    Figure {
        id: "grants-outcomes",
        heading: heading.clone(),
        svg,
        table: DataTable { caption: heading, columns, rows, total: None },
    }
}
