//! `/werkplaatsen/{slug}/resultaten`: outcomes grouped by beneficiary group and year, each with
//! its status in words as recorded (never averaged) and its evidence: links to knowledge products
//! and activities, web addresses, and figures with their source.
use super::require_manager;
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_core::grants::{EvidenceChoices, EvidenceInput, OutcomeView};
use std::collections::BTreeMap;

/// The beneficiary groups in the order shown; outcomes without one come last.
pub(super) const BENEFICIARIES: [&str; 4] = ["professionals", "citizens", "organisations", "education"];

pub(super) struct EvidenceLine {
    href: Option<String>,
    text: String,
}

pub(super) struct OutcomeLine {
    id: i64,
    title: String,
    description: String,
    status: &'static str,
    status_code: String,
    evidence: Vec<EvidenceLine>,
}

pub(super) struct YearGroup {
    year: i64,
    items: Vec<OutcomeLine>,
}

pub(super) struct Group {
    id: String,
    label: &'static str,
    years: Vec<YearGroup>,
}

#[derive(Template)]
#[template(path = "grants/inzet/outcomes.html")]
struct ListTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    groups: Vec<Group>,
}

/// A figure's number the Dutch way: 120, 12,5, 1.250.
pub(super) fn figure_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        broedplaats_report::svg::format_value(v as i64, false)
    } else {
        v.to_string().replace('.', ",")
    }
}

fn evidence_line(page: &Page, slug: &str, choices: &EvidenceChoices, e: &EvidenceInput) -> EvidenceLine {
    let title = |list: &[(i64, String)], id: i64| list.iter().find(|(i, _)| *i == id).map(|(_, t)| t.clone());
    if let Some(id) = e.knowledge_product_id {
        let name = title(&choices.products, id).unwrap_or_else(|| page.f1("outcome.evidence.product_n", "id", id));
        EvidenceLine {
            href: Some(format!("/werkplaatsen/{slug}/kennis/{id}")),
            text: format!("{}: {name}", page.t("outcome.evidence.product")),
        }
    } else if let Some(id) = e.activity_id {
        let name = title(&choices.activities, id).unwrap_or_else(|| page.f1("outcome.evidence.activity_n", "id", id));
        EvidenceLine {
            href: Some(format!("/werkplaatsen/{slug}/activiteiten/{id}")),
            text: format!("{}: {name}", page.t("outcome.evidence.activity")),
        }
    } else if let Some(url) = &e.url {
        EvidenceLine { href: Some(url.clone()), text: url.clone() }
    } else if let Some(f) = &e.figure {
        let source = match &f.source {
            Some(s) => format!(" ({}: {s})", page.t("outcome.evidence.source")),
            None => format!(" ({})", page.t("outcome.evidence.no_source")),
        };
        EvidenceLine { href: None, text: format!("{}: {}{source}", f.label, figure_value(f.value)) }
    } else {
        EvidenceLine { href: None, text: String::new() }
    }
}

fn line(page: &Page, slug: &str, choices: &EvidenceChoices, o: &OutcomeView) -> OutcomeLine {
    OutcomeLine {
        id: o.id,
        title: o.title.clone(),
        description: o.description.clone(),
        status: page.t(&format!("outcome.status.{}", o.status)),
        status_code: o.status.clone(),
        evidence: o.evidence.iter().map(|e| evidence_line(page, slug, choices, e)).collect(),
    }
}

pub(super) async fn list(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let actor = page.actor.as_ref();
    let outcomes = state.core.outcomes(actor, &tenant, None).await?;
    let choices = state.core.evidence_choices(actor, &tenant).await?;
    let mut groups = Vec::new();
    for code in BENEFICIARIES.iter().copied().chain(std::iter::once("none")) {
        let mut years: BTreeMap<i64, Vec<OutcomeLine>> = BTreeMap::new();
        for o in &outcomes {
            let belongs =
                if code == "none" { o.beneficiaries.is_empty() } else { o.beneficiaries.iter().any(|b| b == code) };
            if belongs {
                years.entry(o.year).or_default().push(line(&page, &tenant.slug, &choices, o));
            }
        }
        if !years.is_empty() {
            let years = years.into_iter().rev().map(|(year, items)| YearGroup { year, items }).collect();
            groups.push(Group {
                id: format!("groep-{code}"),
                label: page.t(&format!("outcome.beneficiary.{code}")),
                years,
            });
        }
    }
    Ok(render(&ListTemplate {
        title: page.t("outcome.title"),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        groups,
        page,
    }))
}
