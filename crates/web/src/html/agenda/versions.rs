//! The agenda's versions: the history, one version, two versions compared, and setting the
//! status (which makes a new version).
use super::{Flash, can_edit, require_editor};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use broedplaats_core::agenda::{AgendaView, Change, DiffLabels, LineChange, VersionMeta};
use broedplaats_domain::AgendaStatus;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "agenda/history.html")]
struct HistoryTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    versions: Vec<VersionMeta>,
    default_from: i64,
    default_to: i64,
    can_edit: bool,
    current_is_definitief: bool,
    flash: Option<String>,
}

pub(crate) async fn history(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let versions = state.core.agenda_versions(&tenant).await?;
    let default_to = versions.first().map(|v| v.number).unwrap_or(1);
    Ok(render(&HistoryTemplate {
        title: page.t("history.title"),
        default_from: (default_to - 1).max(1),
        default_to,
        can_edit: can_edit(&page, &tenant),
        current_is_definitief: versions.first().is_some_and(|v| v.status == AgendaStatus::Definitief),
        flash: flash.message(&page),
        slug: tenant.slug,
        tenant_name: tenant.name,
        versions,
        page,
    }))
}

#[derive(Template)]
#[template(path = "agenda/version.html")]
struct VersionTemplate {
    page: Page,
    title: String,
    slug: String,
    meta: VersionMeta,
    meta_line: String,
    agenda: AgendaView,
}

fn meta_line(page: &Page, meta: &VersionMeta) -> String {
    page.tr.f(
        "version.meta",
        &[("status", &page.status(&meta.status)), ("date", &page.date(&meta.date)), ("author", &meta.author)],
    )
}

pub(crate) async fn version(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, n)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (meta, agenda) = state.core.agenda_version(&tenant, n).await?;
    Ok(render(&VersionTemplate {
        title: page.f1("version.title", "n", n),
        meta_line: meta_line(&page, &meta),
        slug: tenant.slug,
        meta,
        agenda,
        page,
    }))
}

#[derive(Deserialize)]
pub(crate) struct CompareQuery {
    van: Option<String>,
    naar: Option<String>,
}

#[derive(Template)]
#[template(path = "agenda/diff.html")]
struct DiffTemplate {
    page: Page,
    title: String,
    slug: String,
    from_line: String,
    to_line: String,
    no_changes: bool,
    /// (change kind, segments (emphasised, text))
    lines: Vec<(&'static str, Vec<(bool, String)>)>,
}

pub(crate) async fn compare(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let parse = |s: Option<&String>| s.and_then(|s| s.trim().parse::<i64>().ok());
    let (Some(from), Some(to)) = (parse(q.van.as_ref()), parse(q.naar.as_ref())) else {
        return Err(HtmlError(ErrorPage::Invalid));
    };
    let (from_meta, old) = state.core.agenda_version(&tenant, from).await?;
    let (to_meta, new) = state.core.agenda_version(&tenant, to).await?;
    let tr = &page.tr;
    let labels = DiffLabels {
        period: tr.t("diff.period"),
        motto: tr.t("diff.motto"),
        national_theme: tr.t("diff.national_theme"),
        status: tr.t("diff.status"),
        theme: tr.t("diff.theme"),
        level: tr.t("diff.level"),
        introduction: tr.t("diff.introduction"),
        question: tr.t("diff.question"),
        project_option: tr.t("diff.project_option"),
        funding: tr.t("diff.funding"),
        cross_cutting: tr.t("diff.cross_cutting"),
    };
    let diff = broedplaats_core::agenda::diff(&old, &new, &labels);
    let no_changes = diff.iter().all(|l| l.change == LineChange::Same);
    let lines = diff
        .into_iter()
        .map(|l| {
            let kind = match l.change {
                LineChange::Same => "same",
                LineChange::Added => "added",
                LineChange::Removed => "removed",
                LineChange::Gap => "gap",
            };
            (kind, l.segments)
        })
        .collect();
    Ok(render(&DiffTemplate {
        title: tr.f("diff.title", &[("from", &from), ("to", &to)]),
        from_line: format!("{} {from}: {}", tr.t("history.number"), meta_line(&page, &from_meta)),
        to_line: format!("{} {to}: {}", tr.t("history.number"), meta_line(&page, &to_meta)),
        slug: tenant.slug,
        no_changes,
        lines,
        page,
    }))
}

#[derive(Deserialize)]
pub(crate) struct StatusForm {
    status: String,
    change_note: Option<String>,
}

pub(crate) async fn set_status(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<StatusForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let status = AgendaStatus::parse(&form.status).map_err(|_| HtmlError(ErrorPage::Invalid))?;
    let version = state
        .core
        .set_agenda_status(page.actor.as_ref(), &tenant, status, Change { note: form.change_note.as_deref() })
        .await?;
    Ok(Redirect::to(&format!("/werkplaatsen/{}/agenda/versies?status={version}", tenant.slug)).into_response())
}
