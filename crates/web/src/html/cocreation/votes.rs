//! Prioritising: the caller's points per active cluster (changeable while the phase runs) and the
//! results, as an inline SVG bar chart with text labels and as a table with the same numbers.
use super::{Flash, Head, Proc, Tab, flash_to, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::svg::esc;
use crate::html::kit::{FormErrors, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{Allocation, ClusterStatus, ResultRow, VotesInput};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Phase};
use std::fmt::Write;

/// One number field of the allocation form.
pub(super) struct PointsField {
    cluster_id: i64,
    title: String,
    value: String,
    error: Option<String>,
}

pub(super) struct ResultShown {
    title: String,
    points: i64,
    voters: i64,
    by: Option<String>,
}

#[derive(Template)]
#[template(path = "cocreation/votes.html")]
struct VotesTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    open: bool,
    points_per_participant: i64,
    /// "U heeft nog 4 van de 10 punten over."
    left_line: String,
    fields: Vec<PointsField>,
    results: Vec<ResultShown>,
    chart: String,
    participants: i64,
    named: bool,
}

/// Horizontal bars, one per cluster, the most points first: above each bar its points and
/// cluster in text, so nothing depends on colour or on judging a bar's length. `role="img"` with
/// a title and a description; the table below carries the same numbers. No `viewBox`: the bars
/// are percentages of the width and the text keeps its size on a phone.
fn bar_chart(rows: &[ResultRow], title: &str, desc: &str, points_word: &str) -> String {
    const ROW: i64 = 50;
    const BAR: i64 = 16;
    const LABEL_CHARS: usize = 48;
    let max = rows.iter().map(|r| r.points).max().unwrap_or(0).max(1);
    let height = rows.len() as i64 * ROW + 4;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="cc-chart" width="100%" height="{height}" role="img" aria-labelledby="cc-chart-title cc-chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="cc-chart-title">{}</title><desc id="cc-chart-desc">{}</desc>"#,
        esc(title),
        esc(desc),
    );
    for (i, r) in rows.iter().enumerate() {
        let y = i as i64 * ROW;
        // A sliver for 0 points, so every cluster has a visible bar.
        let percent = if r.points == 0 { 0.5 } else { (r.points as f64 * 99.0) / max as f64 };
        let label: String = if r.title.chars().count() > LABEL_CHARS {
            r.title.chars().take(LABEL_CHARS - 1).chain(std::iter::once('…')).collect()
        } else {
            r.title.clone()
        };
        let _ = write!(
            out,
            r#"<text x="0" y="{ty}" class="cc-chart-label"><tspan class="cc-chart-points">{} {}</tspan> · {}</text><rect x="0" y="{by}" width="{percent:.1}%" height="{BAR}" rx="3" class="cc-chart-bar"/>"#,
            r.points,
            esc(points_word),
            esc(&label),
            ty = y + 18,
            by = y + 26,
        );
    }
    out.push_str("</svg>");
    out
}

async fn votes_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    typed: Option<&Pairs>,
    mut errors: FormErrors,
    flash: Option<String>,
) -> Result<VotesTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let id = proc.view.id;
    let results = state.core.results(actor, &proc.tenant, id).await?;
    let clusters = state.core.clusters(actor, &proc.tenant, id).await?;
    // A number field is named in the summary by its cluster.
    for e in errors.list.iter_mut() {
        if let Some(c) = e.field.strip_prefix("points_").and_then(|c| c.parse::<i64>().ok())
            && let Some(c) = clusters.iter().find(|x| x.id == c)
        {
            e.name = c.title.clone();
        }
    }
    let mine = |cid: i64| results.mine.iter().find(|(c, _)| *c == cid).map(|(_, p)| *p).unwrap_or(0);
    let fields: Vec<PointsField> = clusters
        .iter()
        .filter(|c| c.status == ClusterStatus::Active)
        .map(|c| {
            let key = format!("points_{}", c.id);
            PointsField {
                cluster_id: c.id,
                title: c.title.clone(),
                value: typed.map(|p| p.one(&key)).unwrap_or_else(|| mine(c.id).to_string()),
                error: errors.get(&key).map(str::to_owned),
            }
        })
        .collect();
    let used: i64 = results.mine.iter().map(|(_, p)| *p).sum();
    let title = page.t("cc.votes.title").to_owned();
    let chart_title = page.t("cc.votes.chart_title");
    let desc = page.tr.f(
        "cc.votes.chart_desc",
        &[
            ("n", &results.participants_voted),
            (
                "list",
                &results.clusters.iter().map(|r| format!("{}: {}", r.title, r.points)).collect::<Vec<_>>().join("; "),
            ),
        ],
    );
    let chart = if results.clusters.is_empty() {
        String::new()
    } else {
        bar_chart(&results.clusters, chart_title, &desc, page.t("cc.votes.points_word"))
    };
    let named = results.clusters.iter().any(|r| r.by.is_some());
    Ok(VotesTemplate {
        head: proc.head(&page, Tab::Votes, title.clone(), flash),
        title: format!("{title} · {}", proc.view.title),
        errors,
        open: proc.phase() == Phase::Prioritising,
        points_per_participant: results.points_per_participant,
        left_line: page.tr.f(
            "cc.votes.left",
            &[("n", &(results.points_per_participant - used)), ("total", &results.points_per_participant)],
        ),
        fields,
        results: results
            .clusters
            .iter()
            .map(|r| ResultShown {
                title: r.title.clone(),
                points: r.points,
                voters: r.voters,
                by: r.by.as_ref().map(|b| b.iter().map(|(n, p)| format!("{n} ({p})")).collect::<Vec<_>>().join(", ")),
            })
            .collect(),
        chart,
        participants: results.participants_voted,
        named,
        page,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&votes_page(&state, page, &proc, None, FormErrors::default(), flash).await?))
}

pub(super) async fn save(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let mut allocations = Vec::new();
    let mut first: Option<String> = None;
    for (k, v) in &p.0 {
        let Some(cid) = k.strip_prefix("points_").and_then(|c| c.parse::<i64>().ok()) else { continue };
        first.get_or_insert_with(|| k.clone());
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match v.parse::<i64>() {
            Ok(points) => allocations.push(Allocation { cluster_id: cid, points }),
            Err(_) => e.push(k, FieldErrorKind::Invalid),
        }
    }
    let result = if e.0.is_empty() {
        state.core.vote(page.actor.as_ref(), &proc.tenant, id, &VotesInput { allocations }).await.map_err(refused)
    } else {
        broedplaats_core::kernel::actor::require_member(page.actor.as_ref(), &proc.tenant)?;
        Err(Ok(e))
    };
    match result {
        Ok(()) => Ok(redirect(&flash_to(&format!("{}/prioriteren", proc.base()), "votes_saved", None))),
        Err(e) => {
            let e = e?;
            let fields: Vec<&str> = p.0.iter().map(|(k, _)| k.as_str()).filter(|k| k.starts_with("points_")).collect();
            // A rule about the whole allocation points at the first field.
            let fallback = first.unwrap_or_else(|| "punten".to_owned());
            let shown = shown_errors(&page, &e, "", &fields, &[], &fallback);
            Ok(unprocessable(&votes_page(&state, page, &proc, Some(&p), shown, None).await?))
        }
    }
}
