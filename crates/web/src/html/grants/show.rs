//! A grant's page: funder, type, period, amounts per year, conditions, the matching per year, the
//! budget lines (planned vs realised per year, with totals) with the form to add one, and the
//! grants it is part of or that are part of it.
use super::lines::{LineForm, line_rows};
use super::{Cell, DataTable, percent, require_manager, status_parts, type_label};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{FormErrors, Link, PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_core::grants::{BudgetLineView, GrantView};
use broedplaats_store::Tenant;

/// A budget line with the links to change and delete it.
pub(super) struct LineLinks {
    pub(super) name: String,
    pub(super) edit: String,
    pub(super) delete: String,
}

#[derive(Template)]
#[template(path = "grants/show.html")]
pub(super) struct ShowTemplate {
    pub(super) page: Page,
    pub(super) title: String,
    pub(super) slug: String,
    pub(super) tenant_name: String,
    pub(super) base: String,
    pub(super) g: GrantView,
    pub(super) kind: &'static str,
    pub(super) period: String,
    pub(super) ratio: String,
    pub(super) parent: Option<Link>,
    pub(super) children: Vec<Link>,
    pub(super) amounts: DataTable,
    pub(super) matching: DataTable,
    pub(super) budget: DataTable,
    pub(super) lines: Vec<LineLinks>,
    /// The form to add a budget line, one row per year of the grant.
    pub(super) line_form: LineForm,
    pub(super) errors: FormErrors,
}

/// The page of grant `id`, with `line_form` and its `errors` in the add form.
pub(super) async fn page_of(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: i64,
    line_form: Option<LineForm>,
    errors: FormErrors,
) -> Result<ShowTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let grants = state.core.grants(actor, tenant).await?;
    let g = grants
        .iter()
        .find(|g| g.id == id)
        .cloned()
        .ok_or(crate::HtmlError::from(broedplaats_core::CoreError::NotFound))?;
    let m = state.core.grant_matching(actor, tenant, id).await?;
    let lines: Vec<BudgetLineView> = state.core.budget_lines(actor, tenant, id).await?;
    let base = format!("/werkplaatsen/{}/subsidies", tenant.slug);
    let link = |x: &GrantView| Link { href: format!("{base}/{}", x.id), label: x.title.clone() };
    let parent = g.part_of.and_then(|p| grants.iter().find(|x| x.id == p)).map(link);
    let children = grants.iter().filter(|x| x.part_of == Some(id)).map(link).collect();

    let amounts = DataTable {
        caption: page.t("grants.amounts.caption").to_owned(),
        columns: vec![page.t("grants.field.year").into(), page.t("grants.col.grant").into()],
        rows: g.amounts.iter().map(|a| (a.year.to_string(), vec![Cell::euro(a.amount)])).collect(),
        total: (!g.amounts.is_empty())
            .then(|| (page.t("grants.total").to_owned(), vec![Cell::euro(g.amounts.iter().map(|a| a.amount).sum())])),
    };
    let matching = DataTable {
        caption: page.t("grants.matching.caption").to_owned(),
        columns: [
            "grants.field.year",
            "grants.col.status",
            "grants.col.grant",
            "grants.col.required",
            "grants.col.matched_total",
            "grants.col.ratio",
            "grants.col.planned",
            "grants.col.shortfall",
        ]
        .iter()
        .map(|k| page.t(k).to_owned())
        .collect(),
        rows: m
            .years
            .iter()
            .map(|y| {
                let (class, words) = status_parts(&page, &y.status);
                let money = |v: Option<f64>| v.map_or_else(|| Cell::text("—"), Cell::euro);
                (
                    y.year.to_string(),
                    vec![
                        Cell::badge(words, class),
                        money(y.grant),
                        money(y.required),
                        Cell::euro(y.matched_total),
                        Cell::text(percent(y.ratio)),
                        Cell::euro(y.planned),
                        money(y.expected_shortfall),
                    ],
                )
            })
            .collect(),
        total: None,
    };
    let budget = DataTable {
        caption: page.t("grants.budget.caption").to_owned(),
        columns: [
            "grants.col.line",
            "grants.field.year",
            "grants.col.planned",
            "grants.col.realised",
            "grants.col.difference",
        ]
        .iter()
        .map(|k| page.t(k).to_owned())
        .collect(),
        rows: line_rows(&lines),
        total: (!lines.is_empty()).then(|| {
            let (p, r) =
                lines.iter().flat_map(|l| &l.amounts).fold((0.0, 0.0), |(p, r), a| (p + a.planned, r + a.realised));
            (page.t("grants.total").to_owned(), vec![Cell::text(""), Cell::euro(p), Cell::euro(r), Cell::euro(r - p)])
        }),
    };
    let line_links = lines
        .iter()
        .map(|l| LineLinks {
            name: l.name.clone(),
            edit: format!("{base}/{id}/begrotingsposten/{}", l.id),
            delete: format!("{base}/{id}/begrotingsposten/{}/verwijderen", l.id),
        })
        .collect();
    let line_form = line_form.unwrap_or_else(|| LineForm::empty(&g));
    Ok(ShowTemplate {
        title: g.title.clone(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        base: format!("{base}/{id}"),
        kind: type_label(&page, &g.grant_type),
        period: format!("{} – {}", page.date(&g.starts_on), page.date(&g.ends_on)),
        ratio: g.matching_ratio.map_or_else(
            || page.t("grants.ratio.none").to_owned(),
            |r| format!("1 : {}", r.to_string().replace('.', ",")),
        ),
        parent,
        children,
        amounts,
        matching,
        budget,
        lines: line_links,
        line_form,
        errors,
        g,
        page,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    Ok(render(&page_of(&state, page, &tenant, id, None, FormErrors::default()).await?))
}
