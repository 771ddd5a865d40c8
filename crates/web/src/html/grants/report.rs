//! The annual report page (`/verantwoording`): the narrative sections as textareas with the text
//! of the newest version, "save as new version", the earlier versions, and the download links of
//! the API's report (`/api/v1/…/reports/annual`, which reads the session cookie on GET, so the
//! files are rendered in one place).
use super::{require_manager, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::grants::{NarrativesInput, ReportVersionView, SECTION_KEYS};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;
use std::collections::BTreeMap;

#[derive(serde::Deserialize, Default)]
pub(super) struct ReportQuery {
    year: Option<String>,
    grant_id: Option<String>,
    opgeslagen: Option<String>,
}

/// A narrative section: its key (the field is `narrative_{key}`), heading and text.
struct SectionField {
    key: &'static str,
    heading: &'static str,
    text: String,
}

/// A saved version as listed: its number, when (Europe/Amsterdam) and by whom.
struct VersionLine {
    number: usize,
    saved: String,
    by: String,
}

#[derive(Template)]
#[template(path = "grants/report.html")]
struct ReportTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    year: i64,
    grant_id: Option<i64>,
    years: Vec<Opt>,
    grants: Vec<Opt>,
    sections: Vec<SectionField>,
    versions: Vec<VersionLine>,
    flash: Option<String>,
    downloads: Vec<(&'static str, String)>,
    errors: FormErrors,
}

/// "7 december 2026 om 19:05", in Europe/Amsterdam.
fn saved_at(page: &Page, utc: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(utc) {
        Ok(t) => {
            let local = t.with_timezone(&chrono_tz::Europe::Amsterdam).naive_local();
            page.tr.f(
                "grants.report.saved_at",
                &[("date", &page.date(&local.date().to_string())), ("time", &local.format("%H:%M").to_string())],
            )
        }
        Err(_) => utc.to_owned(),
    }
}

fn id_of(raw: Option<&str>) -> Option<i64> {
    raw.map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

#[allow(clippy::too_many_arguments)]
async fn template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    year: i64,
    grant_id: Option<i64>,
    texts: Option<BTreeMap<String, String>>,
    saved_n: Option<usize>,
    errors: FormErrors,
) -> Result<ReportTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let all = state.core.grants(actor, tenant).await?;
    let grant_id = grant_id.filter(|g| all.iter().any(|x| x.id == *g));
    let versions: Vec<ReportVersionView> = state.core.report_versions(actor, tenant, year, grant_id).await?;
    let texts = texts.unwrap_or_else(|| versions.first().map(|v| v.narratives.clone()).unwrap_or_default());
    let sections = SECTION_KEYS
        .iter()
        .map(|(key, _)| SectionField {
            key,
            heading: page.t(&format!("grants.section.{key}")),
            text: texts.get(*key).cloned().unwrap_or_default(),
        })
        .collect();
    let n = versions.len();
    let flash = saved_n
        .zip(versions.first())
        .map(|(n, v)| page.tr.f("grants.report.saved", &[("n", &n), ("when", &saved_at(&page, &v.saved_at))]));
    let versions = versions
        .iter()
        .enumerate()
        .map(|(i, v)| VersionLine { number: n - i, saved: saved_at(&page, &v.saved_at), by: v.saved_by.clone() })
        .collect();
    let current = state.core.current_year();
    let mut year_list: Vec<i64> = all
        .iter()
        .flat_map(|g| {
            let (s, e) = (super::dashboard::year_of(&g.starts_on), super::dashboard::year_of(&g.ends_on));
            s..=e.min(s + 50)
        })
        .chain([current, year])
        .collect();
    year_list.sort_unstable();
    year_list.dedup();
    let years =
        year_list.iter().map(|y| Opt { value: y.to_string(), label: y.to_string(), selected: *y == year }).collect();
    let grants = all
        .iter()
        .map(|g| Opt { value: g.id.to_string(), label: g.title.clone(), selected: Some(g.id) == grant_id })
        .collect();
    let grant_q = grant_id.map(|g| format!("&grant_id={g}")).unwrap_or_default();
    let downloads = ["pdf", "xlsx", "csv"]
        .iter()
        .map(|f| {
            (
                page.t(&format!("grants.report.download.{f}")),
                format!("/api/v1/werkplaatsen/{}/reports/annual?year={year}&format={f}{grant_q}", tenant.slug),
            )
        })
        .collect();
    let title = match grant_id.and_then(|g| all.iter().find(|x| x.id == g)) {
        Some(g) => page.tr.f("grants.report.title_grant", &[("year", &year), ("title", &g.title)]),
        None => page.f1("grants.report.title", "year", year),
    };
    Ok(ReportTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        year,
        grant_id,
        years,
        grants,
        sections,
        versions,
        flash,
        downloads,
        errors,
        page,
    })
}

pub(super) async fn report(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> PageResult {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let year = id_of(q.year.as_deref())
        .filter(|y| broedplaats_domain::YEARS.contains(&(*y as i32)))
        .unwrap_or_else(|| state.core.current_year());
    let saved_n = q.opgeslagen.as_deref().and_then(|n| n.parse::<usize>().ok());
    let grant_id = id_of(q.grant_id.as_deref());
    let t = template(&state, page, &tenant, year, grant_id, None, saved_n, FormErrors::default()).await?;
    Ok(render(&t))
}

pub(super) async fn save(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let HtmlForm(pairs) = form?;
    let p = Pairs(pairs);
    let grant_id = id_of(Some(p.one("grant_id").as_str()));
    let narratives: BTreeMap<String, String> =
        SECTION_KEYS.iter().map(|(k, _)| ((*k).to_owned(), p.one(&format!("narrative_{k}")))).collect();
    let year = match p.one("year").trim() {
        "" => Err(FieldErrors::single("year", FieldErrorKind::Required)),
        y => y.parse::<i64>().map_err(|_| FieldErrors::single("year", FieldErrorKind::Invalid)),
    };
    let result = match year {
        Ok(year) => {
            let input = NarrativesInput { year, grant_id, narratives: narratives.clone() };
            state.core.save_report_narratives(page.actor.as_ref(), &tenant, &input).await
        }
        Err(e) => Err(CoreError::Invalid(e)),
    };
    match result {
        Ok(v) => {
            let n = state.core.report_versions(page.actor.as_ref(), &tenant, v.year, v.grant_id).await?.len();
            let grant_q = v.grant_id.map(|g| format!("&grant_id={g}")).unwrap_or_default();
            Ok(redirect(&format!(
                "/werkplaatsen/{}/verantwoording?year={}{grant_q}&opgeslagen={n}",
                tenant.slug, v.year
            )))
        }
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e, |f| match f.strip_prefix("narratives.") {
                Some(key) => format!("narrative_{key}"),
                None => f.to_owned(),
            });
            let year = year_or_current(&p.one("year"), state.core.current_year());
            let t = template(&state, page, &tenant, year, grant_id, Some(narratives), None, errors).await?;
            Ok(unprocessable(&t))
        }
        Err(e) => Err(e.into()),
    }
}

fn year_or_current(raw: &str, current: i64) -> i64 {
    raw.trim().parse::<i64>().ok().filter(|y| broedplaats_domain::YEARS.contains(&(*y as i32))).unwrap_or(current)
}
