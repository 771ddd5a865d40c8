//! Budget lines of a grant: added from the grant's page, changed on their own page, deleted after
//! a confirmation. One row per year the grant names an amount for: planned and realised.
use super::show::page_of;
use super::{Cell, euro_input, parse_euros, require_manager, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, Pairs, confirm_delete, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::grants::{BudgetLineInput, BudgetLineView, GrantView, LineAmountInput};
use broedplaats_domain::FieldErrors;
use broedplaats_store::Tenant;

/// A year's row of the form: `planned_{year}`, `realised_{year}`.
pub(super) struct LineRow {
    pub(super) year: i64,
    pub(super) planned: String,
    pub(super) realised: String,
}

pub(super) struct LineForm {
    pub(super) name: String,
    pub(super) rows: Vec<LineRow>,
}

impl LineForm {
    /// An empty line: one row per year of the grant's amounts.
    pub(super) fn empty(g: &GrantView) -> Self {
        let rows = g.amounts.iter().map(|a| LineRow { year: a.year, planned: String::new(), realised: String::new() });
        LineForm { name: String::new(), rows: rows.collect() }
    }

    fn of(g: &GrantView, l: &BudgetLineView) -> Self {
        let mut f = Self::empty(g);
        f.name = l.name.clone();
        for a in &l.amounts {
            let row = LineRow { year: a.year, planned: euro_input(a.planned), realised: euro_input(a.realised) };
            match f.rows.iter_mut().find(|r| r.year == a.year) {
                Some(r) => *r = row,
                None => f.rows.push(row),
            }
        }
        f
    }

    fn from_pairs(g: &GrantView, p: &Pairs) -> Self {
        let mut f = Self::empty(g);
        f.name = p.one("name");
        for r in &mut f.rows {
            r.planned = p.one(&format!("planned_{}", r.year));
            r.realised = p.one(&format!("realised_{}", r.year));
        }
        f
    }

    /// The input; an empty row is no amount for that year.
    fn input(&self) -> Result<BudgetLineInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut amounts = Vec::new();
        for r in &self.rows {
            if r.planned.trim().is_empty() && r.realised.trim().is_empty() {
                continue;
            }
            let planned = if r.planned.trim().is_empty() {
                Some(0.0)
            } else {
                parse_euros(&mut e, &format!("planned_{}", r.year), &r.planned)
            };
            let realised = if r.realised.trim().is_empty() {
                Some(0.0)
            } else {
                parse_euros(&mut e, &format!("realised_{}", r.year), &r.realised)
            };
            if let (Some(planned), Some(realised)) = (planned, realised) {
                amounts.push(LineAmountInput { year: r.year, planned, realised });
            }
        }
        if e.is_empty() { Ok(BudgetLineInput { name: self.name.clone(), amounts }) } else { Err(e) }
    }
}

/// The rows of the budget table: one per line and year, the line's name heading each.
pub(super) fn line_rows(lines: &[BudgetLineView]) -> Vec<(String, Vec<Cell>)> {
    let mut rows = Vec::new();
    for l in lines {
        if l.amounts.is_empty() {
            rows.push((l.name.clone(), (0..4).map(|_| Cell::text("—")).collect()));
        }
        for a in &l.amounts {
            rows.push((
                l.name.clone(),
                vec![
                    Cell::text(a.year.to_string()),
                    Cell::euro(a.planned),
                    Cell::euro(a.realised),
                    Cell::euro(a.realised - a.planned),
                ],
            ));
        }
    }
    rows
}

/// `amounts` (the budget as a whole) is shown at the first planned field.
fn anchor_for(form: &LineForm) -> impl Fn(&str) -> String + '_ {
    move |field: &str| {
        if let Some(rest) = field.strip_prefix("amounts[") {
            let i: usize = rest.split(']').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let year =
                form.rows.iter().filter(|r| !(r.planned.trim().is_empty() && r.realised.trim().is_empty())).nth(i);
            return year.or(form.rows.first()).map_or_else(|| "name".into(), |r| format!("planned_{}", r.year));
        }
        match field {
            "amounts" => form.rows.first().map_or_else(|| "name".into(), |r| format!("planned_{}", r.year)),
            f => f.to_owned(),
        }
    }
}

#[derive(Template)]
#[template(path = "grants/line.html")]
struct LineTemplate {
    page: Page,
    title: String,
    tenant_name: String,
    grant_href: String,
    action: String,
    line_form: LineForm,
    errors: FormErrors,
}

fn line_page(
    page: Page,
    tenant: &Tenant,
    g: &GrantView,
    line_id: Option<i64>,
    line_form: LineForm,
    errors: FormErrors,
) -> LineTemplate {
    let grant_href = format!("/werkplaatsen/{}/subsidies/{}", tenant.slug, g.id);
    let (title, action) = match line_id {
        Some(l) => (page.f1("grants.line.edit", "name", &line_form.name), format!("{grant_href}/begrotingsposten/{l}")),
        None => (page.f1("grants.line.add_to", "title", &g.title), format!("{grant_href}/begrotingsposten")),
    };
    LineTemplate { title, tenant_name: tenant.name.clone(), grant_href, action, line_form, errors, page }
}

async fn grant_and_line(
    state: &AppState,
    page: &Page,
    tenant: &Tenant,
    id: i64,
    line_id: i64,
) -> Result<(GrantView, BudgetLineView), crate::HtmlError> {
    let g = state.core.grant(page.actor.as_ref(), tenant, id).await?;
    let l = state
        .core
        .budget_lines(page.actor.as_ref(), tenant, id)
        .await?
        .into_iter()
        .find(|l| l.id == line_id)
        .ok_or(crate::HtmlError::from(CoreError::NotFound))?;
    Ok((g, l))
}

async fn save(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    g: &GrantView,
    line_id: Option<i64>,
    f: LineForm,
) -> PageResult {
    let result = match f.input() {
        Ok(input) => state.core.save_budget_line(page.actor.as_ref(), tenant, g.id, line_id, &input).await,
        Err(e) => Err(CoreError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(redirect(&format!("/werkplaatsen/{}/subsidies/{}#begroting", tenant.slug, g.id))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e, anchor_for(&f));
            match line_id {
                // A failed add is shown on the grant's page, in its add form.
                None => Ok(unprocessable(&page_of(state, page, tenant, g.id, Some(f), errors).await?)),
                Some(_) => Ok(unprocessable(&line_page(page, tenant, g, line_id, f, errors))),
            }
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let HtmlForm(pairs) = form?;
    let g = state.core.grant(page.actor.as_ref(), &tenant, id).await?;
    let f = LineForm::from_pairs(&g, &Pairs(pairs));
    save(&state, page, &tenant, &g, None, f).await
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, line_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let (g, l) = grant_and_line(&state, &page, &tenant, id, line_id).await?;
    let f = LineForm::of(&g, &l);
    Ok(render(&line_page(page, &tenant, &g, Some(line_id), f, FormErrors::default())))
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, line_id)): HtmlPath<(String, i64, i64)>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let HtmlForm(pairs) = form?;
    let (g, l) = grant_and_line(&state, &page, &tenant, id, line_id).await?;
    let mut f = LineForm::from_pairs(&g, &Pairs(pairs));
    // Years the line has outside the grant's amounts keep their figures.
    for a in l.amounts.iter().filter(|a| !g.amounts.iter().any(|x| x.year == a.year)) {
        f.rows.push(LineRow { year: a.year, planned: euro_input(a.planned), realised: euro_input(a.realised) });
    }
    save(&state, page, &tenant, &g, Some(line_id), f).await
}

pub(super) async fn delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, line_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let (_, l) = grant_and_line(&state, &page, &tenant, id, line_id).await?;
    let title = page.f1("grants.line.delete_title", "name", &l.name);
    let base = format!("/werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}");
    confirm_delete(page, &tenant, title, "grants.line.delete_warning", &base)
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, line_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_budget_line(page.actor.as_ref(), &tenant, id, line_id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/subsidies/{id}#begroting", tenant.slug)))
}
