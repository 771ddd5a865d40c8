//! `/werkplaatsen/{slug}/inzet`: the contributions of partners with filters (year, grant,
//! status), sorting (organisation, year, amount), totals per year and kind, 100 rows a page.
use super::{code_options, euro, options, require_manager};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{Opt, PageResult, encode_query, render};
use askama::Template;
use axum::extract::{Query, State, rejection::QueryRejection};
use broedplaats_core::grants::ContributionView;
use std::collections::BTreeMap;

/// Rows per page.
pub(super) const PAGE_SIZE: usize = 100;

/// The filters in the address; empty is "any". Nonsense is ignored rather than refused.
#[derive(serde::Deserialize, Default)]
pub(super) struct Filters {
    year: Option<String>,
    grant_id: Option<String>,
    status: Option<String>,
    /// organisatie, jaar, bedrag
    sort: Option<String>,
    pagina: Option<String>,
    /// Set after an import: how many were created.
    geimporteerd: Option<usize>,
}

pub(super) struct Line {
    id: i64,
    organisation: String,
    partner_kind: &'static str,
    year: i64,
    kind: &'static str,
    status: &'static str,
    amount: String,
    grant: String,
    justification: String,
}

/// Per year: cash planned, cash realised, in kind planned, in kind realised (cents).
pub(super) struct Total {
    year: i64,
    cells: [String; 4],
}

#[derive(Template)]
#[template(path = "grants/inzet/contributions.html")]
struct ListTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    lines: Vec<Line>,
    totals: Vec<Total>,
    any: bool,
    years: Vec<Opt>,
    grants: Vec<Opt>,
    statuses: Vec<Opt>,
    sorts: Vec<Opt>,
    /// (label, href) of pages when there is more than one.
    pages: Vec<(usize, String, bool)>,
    flash: Option<String>,
}

fn parse_id(raw: &Option<String>) -> Option<i64> {
    raw.as_deref().and_then(|s| s.trim().parse().ok())
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    query: Result<Query<Filters>, QueryRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let f = query.map(|q| q.0).unwrap_or_default();
    let actor = page.actor.as_ref();
    let year = parse_id(&f.year);
    let grant_id = parse_id(&f.grant_id);
    let status = f.status.clone().filter(|s| s == "planned" || s == "realised");
    let all = state.core.contributions(actor, &tenant, None, None).await?;
    let grants = state.core.grants(actor, &tenant).await?;
    let grant_title = |id: Option<i64>| {
        id.and_then(|id| grants.iter().find(|g| g.id == id)).map(|g| g.title.clone()).unwrap_or_default()
    };
    let mut year_list: Vec<i64> = all.iter().map(|c| c.year).collect();
    year_list.sort_unstable_by(|a, b| b.cmp(a));
    year_list.dedup();
    let mut rows: Vec<&ContributionView> = all
        .iter()
        .filter(|c| year.is_none_or(|y| c.year == y))
        .filter(|c| grant_id.is_none_or(|g| c.grant_id == Some(g)))
        .filter(|c| status.as_deref().is_none_or(|s| c.status == s))
        .collect();
    let sort = f.sort.clone().unwrap_or_else(|| "organisatie".into());
    match sort.as_str() {
        "jaar" => rows.sort_by(|a, b| b.year.cmp(&a.year).then(a.organisation.cmp(&b.organisation))),
        "bedrag" => rows.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.id.cmp(&b.id))),
        _ => rows.sort_by(|a, b| {
            a.organisation.to_lowercase().cmp(&b.organisation.to_lowercase()).then(b.year.cmp(&a.year))
        }),
    }
    let mut sums: BTreeMap<i64, [i64; 4]> = BTreeMap::new();
    for c in &rows {
        let i = match (c.kind.as_str(), c.status.as_str()) {
            ("cash", "planned") => 0,
            ("cash", _) => 1,
            (_, "planned") => 2,
            _ => 3,
        };
        sums.entry(c.year).or_default()[i] += (c.amount * 100.0).round() as i64;
    }
    let totals = sums
        .into_iter()
        .rev()
        .map(|(year, s)| Total { year, cells: s.map(|c| broedplaats_report::svg::format_value(c, true)) })
        .collect();
    let pages_n = rows.len().div_ceil(PAGE_SIZE).max(1);
    let current = f.pagina.as_deref().and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, pages_n);
    let base_query = |p: usize| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(y) = year {
            pairs.push(("year", y.to_string()));
        }
        if let Some(g) = grant_id {
            pairs.push(("grant_id", g.to_string()));
        }
        if let Some(s) = &status {
            pairs.push(("status", s.clone()));
        }
        pairs.push(("sort", sort.clone()));
        pairs.push(("pagina", p.to_string()));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode_query(v))).collect();
        format!("/werkplaatsen/{}/inzet?{}", tenant.slug, query.join("&"))
    };
    let pages = if pages_n > 1 { (1..=pages_n).map(|p| (p, base_query(p), p == current)).collect() } else { vec![] };
    let lines = rows
        .iter()
        .skip((current - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|c| Line {
            id: c.id,
            organisation: c.organisation.clone(),
            partner_kind: page.t(&format!("org.kind.{}", c.organisation_kind)),
            year: c.year,
            kind: page.t(&format!("inzet.kind.{}", c.kind)),
            status: page.t(&format!("inzet.status.{}", c.status)),
            amount: euro(c.amount),
            grant: grant_title(c.grant_id),
            justification: c.justification.clone(),
        })
        .collect();
    let flash = f.geimporteerd.map(|n| page.f1("inzet.import.done", "n", n));
    let t = ListTemplate {
        title: page.t("inzet.title"),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        lines,
        totals,
        any: !all.is_empty(),
        years: options(year_list.into_iter().map(|y| (y, y.to_string())), year),
        grants: options(grants.iter().map(|g| (g.id, g.title.clone())), grant_id),
        statuses: code_options(&page, &["planned", "realised"], "inzet.status", status.as_deref().unwrap_or("")),
        sorts: code_options(&page, &["organisatie", "jaar", "bedrag"], "inzet.sort", &sort),
        pages,
        flash,
        page,
    };
    Ok(render(&t))
}
