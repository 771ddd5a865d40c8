//! Where the agenda came from: the trace of every theme back to its clusters, pitches, people and
//! organisations, and the printable process report (what happened, who took part).
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_core::cocreation::{ReportView, TraceView};
use broedplaats_domain::{AmendmentDecision, AmendmentSection};

#[derive(Template)]
#[template(path = "cocreation/trace.html")]
struct TraceTemplate {
    page: Page,
    title: String,
    slug: String,
    id: i64,
    process_title: String,
    trace: TraceView,
}

pub(crate) async fn trace(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let process = state.core.process(page.actor.as_ref(), &tenant, id).await?;
    let trace = state.core.trace(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&TraceTemplate {
        title: page.f1("cctrace.title", "process", &process.title),
        slug: tenant.slug,
        id,
        process_title: process.title,
        trace,
        page,
    }))
}

#[derive(Template)]
#[template(path = "cocreation/report.html")]
struct ReportTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    report: ReportView,
}

pub(crate) async fn report(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let report = state.core.process_report(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&ReportTemplate {
        title: page.f1("ccreport.title", "process", &report.process.title),
        slug: tenant.slug,
        tenant_name: tenant.name,
        report,
        page,
    }))
}

impl Page {
    /// A message with two counts.
    pub fn count2(&self, key: &str, a: &(&str, usize), b: &(&str, usize)) -> String {
        self.tr.f(key, &[(a.0, &a.1), (b.0, &b.1)])
    }
    /// The Dutch (or English) word for an amendment's answer; "open" while unanswered.
    pub fn decision(&self, d: &Option<AmendmentDecision>) -> &'static str {
        self.t(match d {
            Some(AmendmentDecision::Accepted) => "ccdecision.accepted",
            Some(AmendmentDecision::PartlyAccepted) => "ccdecision.partly_accepted",
            Some(AmendmentDecision::Rejected) => "ccdecision.rejected",
            None => "ccdecision.open",
        })
    }
    pub fn section(&self, s: &AmendmentSection) -> &'static str {
        self.t(match s {
            AmendmentSection::Title => "ccsection.title",
            AmendmentSection::Introduction => "ccsection.introduction",
            AmendmentSection::Questions => "ccsection.questions",
            AmendmentSection::ProjectOptions => "ccsection.project_options",
        })
    }
    /// How a cluster came about: by hand, from a suggestion, by a merge or a split.
    pub fn origin(&self, origin: &str) -> &'static str {
        self.t(match origin {
            "suggestion" => "ccorigin.suggestion",
            "merge" => "ccorigin.merge",
            "split" => "ccorigin.split",
            _ => "ccorigin.manual",
        })
    }
    /// An organisation kind's label; `onbekend` for people without a known organisation.
    pub fn org_kind(&self, kind: &str) -> &'static str {
        match kind {
            "onbekend" => self.t("ccreport.kind_unknown"),
            k => self.t(&format!("org.kind.{k}")),
        }
    }
}
