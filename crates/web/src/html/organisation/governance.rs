//! The governance page: the checks of the werkplaats against its governance rules, worst first.
use super::common::{ListQuery, is_manager};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, counted, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::organisation::governance::{CheckStatus, Subject};

/// One check as a card on the governance page.
struct CheckCard {
    rule: &'static str,
    title: String,
    /// CSS modifier: `ok`, `warning`, `violation`, `not-assessable`.
    status_class: &'static str,
    status_label: &'static str,
    message: String,
    /// (link, kind label, name); no link for subjects without a page.
    subjects: Vec<(Option<String>, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "organisation/governance.html")]
struct GovernanceTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    /// RFC 3339, for `<time datetime>`.
    evaluated_at: String,
    evaluated_text: String,
    summary: String,
    checks: Vec<CheckCard>,
    /// The check messages are written in Dutch; on English pages they are marked `lang="nl"`.
    message_lang: Option<&'static str>,
    /// "Drempels opgeslagen" after the thresholds were changed.
    flash: Option<&'static str>,
    /// "Drempels aanpassen" for managers, "Drempels bekijken" for other members.
    settings_link: &'static str,
    /// Managers also get the link to the grants and the annual report (issue 18).
    is_manager: bool,
}

fn status_rank(s: CheckStatus) -> u8 {
    match s {
        CheckStatus::Violation => 0,
        CheckStatus::Warning => 1,
        CheckStatus::Ok | CheckStatus::NotAssessable => 2,
    }
}

fn status_parts(page: &Page, s: CheckStatus) -> (&'static str, &'static str) {
    let class = match s {
        CheckStatus::Ok => "ok",
        CheckStatus::Warning => "warning",
        CheckStatus::Violation => "violation",
        CheckStatus::NotAssessable => "not-assessable",
    };
    (class, page.t(&format!("gov.status.{class}")))
}

/// Where a subject of a check can be seen and fixed.
fn subject_link(slug: &str, s: &Subject) -> Option<String> {
    let section = match s.kind.as_str() {
        "organisation" => "organisaties",
        "person" => "mensen",
        "theme_group" => "themagroepen",
        "project" => "projecten",
        "letter_of_intent" => "intentieovereenkomsten",
        "body" => "organen",
        "theme" => "themas",
        // The grant's page (for the managers, who alone see grants).
        "grant" => "subsidies",
        "agenda" => return Some(format!("/werkplaatsen/{slug}")),
        _ => return None,
    };
    Some(format!("/werkplaatsen/{slug}/{section}/{}", s.id))
}

fn subject_kind_label(page: &Page, kind: &str) -> &'static str {
    match kind {
        "organisation" | "person" | "theme_group" | "project" | "letter_of_intent" | "body" | "theme" | "agenda"
        | "grant" => page.t(&format!("gov.subject.{kind}")),
        _ => page.t("gov.subject.other"),
    }
}

pub(super) async fn governance(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let report = state.core.governance(page.actor.as_ref(), &tenant).await?;
    let summary = page.tr.f(
        "gov.summary",
        &[
            ("violations", &counted(&page, "gov.violations", report.violations())),
            ("warnings", &counted(&page, "gov.warnings", report.warnings())),
            ("total", &report.checks.len()),
        ],
    );
    // Stored in UTC; shown, like every time on the site, in Europe/Amsterdam.
    let local = chrono::DateTime::parse_from_rfc3339(&report.evaluated_at)
        .map(|t| t.with_timezone(&chrono_tz::Europe::Amsterdam).naive_local())
        .ok();
    let date = local.map_or_else(|| report.evaluated_at.clone(), |t| t.date().to_string());
    let time = local.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let evaluated_text = page.tr.f("gov.evaluated_at", &[("date", &page.date(&date)), ("time", &time)]);
    let mut checks = report.checks;
    // Stable: the order of RULES is kept within each group.
    checks.sort_by_key(|c| status_rank(c.status));
    let checks = checks
        .into_iter()
        .map(|c| {
            let (status_class, status_label) = status_parts(&page, c.status);
            let title = match page.t(&format!("gov.rule.{}", c.rule)) {
                "??" => c.rule.to_owned(),
                t => t.to_owned(),
            };
            CheckCard {
                rule: c.rule,
                title,
                status_class,
                status_label,
                message: c.message,
                subjects: c
                    .subjects
                    .iter()
                    .map(|s| (subject_link(&tenant.slug, s), subject_kind_label(&page, &s.kind), s.name.clone()))
                    .collect(),
            }
        })
        .collect();
    Ok(render(&GovernanceTemplate {
        is_manager: is_manager(&page, &tenant),
        title: page.t("gov.title"),
        message_lang: (page.tr.lang != Lang::Nl).then_some("nl"),
        flash: q.opgeslagen.is_some().then(|| page.t("gov.settings.saved")),
        settings_link: page.t(if is_manager(&page, &tenant) {
            "gov.settings.link.manage"
        } else {
            "gov.settings.link.view"
        }),
        slug: tenant.slug,
        tenant_name: tenant.name,
        evaluated_at: report.evaluated_at,
        evaluated_text,
        summary,
        checks,
        page,
    }))
}
