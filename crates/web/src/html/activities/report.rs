//! The report of an activity (minutes, decisions, actions, products), for organisers, and the
//! files attached to it.
use super::common::{opt_text, organised, shown_errors};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, when};
use crate::html::kit::{Ctx, FormErrors, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::activities::{ActionInput, ActivityView, FileView, ProductLink, ReportInput, ReportView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;

/// Empty rows offered below the existing ones, so the form needs no script to grow.
const EMPTY_ROWS: usize = 3;
/// Rows read from a form at most (a bound on what a crafted form can make us do).
const MAX_ROWS: usize = 200;

#[derive(Default, Clone)]
pub(super) struct ActionRow {
    description: String,
    owner: String,
    due_on: String,
    done: bool,
}

#[derive(Default, Clone)]
pub(super) struct ProductRow {
    title: String,
    url: String,
}

/// The report form as typed.
#[derive(Default)]
pub(super) struct ReportForm {
    minutes: String,
    decisions: String,
    actions: Vec<ActionRow>,
    products: Vec<ProductRow>,
}

impl ReportForm {
    fn from_view(r: Option<ReportView>) -> Self {
        let mut f = match r {
            Some(r) => ReportForm {
                minutes: r.minutes,
                decisions: r.decisions.join("\n"),
                actions: r
                    .actions
                    .into_iter()
                    .map(|a| ActionRow {
                        description: a.description,
                        owner: a.owner,
                        due_on: a.due_on.unwrap_or_default(),
                        done: a.done,
                    })
                    .collect(),
                products: r.products.into_iter().map(|p| ProductRow { title: p.title, url: p.url }).collect(),
            },
            None => ReportForm::default(),
        };
        f.actions.extend(std::iter::repeat_n(ActionRow::default(), EMPTY_ROWS));
        f.products.extend(std::iter::repeat_n(ProductRow::default(), EMPTY_ROWS));
        f
    }

    /// The rows as typed (also the empty ones, so errors keep pointing at the right row).
    fn from_pairs(p: &Pairs) -> Self {
        let rows = |prefix: &str| {
            p.0.iter()
                .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<usize>().ok())
                .filter(|i| *i < MAX_ROWS)
                .max()
                .map_or(0, |m| m + 1)
        };
        let get = |k: String| p.one(&k).trim().to_owned();
        ReportForm {
            minutes: p.one("minutes"),
            decisions: p.one("decisions"),
            actions: (0..rows("action_description_"))
                .map(|i| ActionRow {
                    description: get(format!("action_description_{i}")),
                    owner: get(format!("action_owner_{i}")),
                    due_on: get(format!("action_due_{i}")),
                    done: !get(format!("action_done_{i}")).is_empty(),
                })
                .collect(),
            products: (0..rows("product_title_"))
                .map(|i| ProductRow { title: get(format!("product_title_{i}")), url: get(format!("product_url_{i}")) })
                .collect(),
        }
    }

    /// The input for the use case, with for each action and product the form row it came from.
    fn input(&self) -> (ReportInput, Vec<usize>, Vec<usize>) {
        let action_rows: Vec<usize> = (0..self.actions.len())
            .filter(|i| {
                let a = &self.actions[*i];
                !(a.description.is_empty() && a.owner.is_empty() && a.due_on.is_empty())
            })
            .collect();
        let product_rows: Vec<usize> = (0..self.products.len())
            .filter(|i| !(self.products[*i].title.is_empty() && self.products[*i].url.is_empty()))
            .collect();
        let input = ReportInput {
            minutes: self.minutes.clone(),
            decisions: paragraphs(&self.decisions),
            actions: action_rows
                .iter()
                .map(|i| {
                    let a = &self.actions[*i];
                    ActionInput {
                        description: a.description.clone(),
                        owner: a.owner.clone(),
                        due_on: opt_text(&a.due_on),
                        done: a.done,
                    }
                })
                .collect(),
            products: product_rows
                .iter()
                .map(|i| ProductLink { title: self.products[*i].title.clone(), url: self.products[*i].url.clone() })
                .collect(),
        };
        (input, action_rows, product_rows)
    }
}

/// Errors of the use case (`actions[1].owner`) renamed to the form's fields (`action_owner_4`).
fn report_errors(e: FieldErrors, action_rows: &[usize], product_rows: &[usize]) -> FieldErrors {
    let rename = |field: &str| -> Option<String> {
        let (list, rest) = field.split_once('[')?;
        let (k, part) = rest.split_once("].")?;
        let k: usize = k.parse().ok()?;
        match list {
            "actions" => {
                let part = if part == "due_on" { "due" } else { part };
                Some(format!("action_{part}_{}", action_rows.get(k)?))
            }
            "products" => Some(format!("product_{part}_{}", product_rows.get(k)?)),
            _ => None,
        }
    };
    FieldErrors(
        e.0.into_iter()
            .map(|mut fe| {
                if let Some(f) = rename(&fe.field) {
                    fe.field = f;
                }
                fe
            })
            .collect(),
    )
}

#[derive(Template)]
#[template(path = "activities/report_form.html")]
struct ReportFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    /// Who will read the report: the activity's audience, said on the form.
    who_sees: String,
    form: ReportForm,
    errors: FormErrors,
    files: Vec<FileShown>,
    /// After adding or removing a file, above the list of files.
    file_flash: Option<&'static str>,
    /// Multipart: the CSRF token is the form's first field (see `multipart_csrf`).
    upload_action: String,
    max_files: i64,
}

impl ReportFormTemplate {
    fn new(page: Page, ctx: &Ctx, v: &ActivityView, form: ReportForm, errors: FormErrors, files: &[FileView]) -> Self {
        ReportFormTemplate {
            files: files.iter().map(|f| FileShown::new(&page, f)).collect(),
            file_flash: None,
            upload_action: format!("{}/bijlagen", activity_href(ctx.slug(), v.id)),
            max_files: broedplaats_core::kernel::storage::MAX_FILES,
            title: page.f1("act.report.form_title", "title", &v.title),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            activity_title: v.title.clone(),
            activity_href: activity_href(ctx.slug(), v.id),
            when: when(&page, v.starts(), v.ends()),
            who_sees: page.t(&format!("act.report.who_sees.{}", v.audience)).to_owned(),
            form,
            errors,
            page,
        }
    }
}

/// `?bijlage=toegevoegd|verwijderd` after adding or removing a file.
#[derive(Deserialize, Default)]
pub(super) struct FileDone {
    bijlage: Option<String>,
}

pub(super) async fn report_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(done): Query<FileDone>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let report = state.core.report(page.actor.as_ref(), &ctx.tenant, id).await?;
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    let form = ReportForm::from_view(report);
    let mut t = ReportFormTemplate::new(page, &ctx, &v, form, FormErrors::default(), &files);
    t.file_flash = match done.bijlage.as_deref() {
        Some("toegevoegd") => Some(t.page.t("act.file.added")),
        Some("verwijderd") => Some(t.page.t("act.file.deleted")),
        _ => None,
    };
    Ok(render(&t))
}

pub(super) async fn save_report(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let form = ReportForm::from_pairs(&Pairs(pairs));
    let (input, action_rows, product_rows) = form.input();
    let errors = match state.core.save_report(page.actor.as_ref(), &ctx.tenant, id, &input).await {
        Ok(_) => return Ok(redirect(&format!("{}?verslag=1#verslag", activity_href(ctx.slug(), id)))),
        Err(CoreError::Invalid(e)) => report_errors(e, &action_rows, &product_rows),
        Err(e) => return Err(e.into()),
    };
    let errors = shown_errors(&page, &errors);
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    Ok(unprocessable(&ReportFormTemplate::new(page, &ctx, &v, form, errors, &files)))
}

// ---- report files ---------------------------------------------------------------------------------

/// A file attached to a report, as the pages list it.
pub(super) struct FileShown {
    pub(super) href: String,
    pub(super) filename: String,
    /// The format, e.g. `PDF`.
    pub(super) kind: &'static str,
    /// e.g. `12 kB`
    pub(super) size: String,
}

impl FileShown {
    pub(super) fn new(page: &Page, f: &FileView) -> Self {
        FileShown {
            href: f.url.clone(),
            filename: f.filename.clone(),
            kind: file_kind(&f.content_type),
            size: page.f1("act.file.size_kb", "n", f.size_kb()),
        }
    }
}

/// The name of a format people know it by (the same in every language).
fn file_kind(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PowerPoint",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.presentation" => "ODP",
        _ => "—",
    }
}

/// Adds a file to the report (organisers). A refused file re-renders the report form with the
/// reason at the file input; nothing is stored.
pub(super) async fn upload_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    // Refuse before reading a possibly large body.
    let v = organised(&state, &page, &ctx, id).await?;
    let Ok(mut multipart) = multipart else { return Err(HtmlError(ErrorPage::Invalid)) };
    let refused = |key| FieldErrors::single("file", FieldErrorKind::Refused { key });
    let (errors, status) = match crate::files::read_upload(&mut multipart).await {
        Ok(Some((name, data))) => {
            match state.core.add_report_file(page.actor.as_ref(), &ctx.tenant, id, &name, &data).await {
                Ok(_) => {
                    return Ok(redirect(&format!(
                        "{}/verslag?bijlage=toegevoegd#bijlagen",
                        activity_href(ctx.slug(), id)
                    )));
                }
                Err(CoreError::Invalid(e)) => (e, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None) => (FieldErrors::single("file", FieldErrorKind::Required), StatusCode::UNPROCESSABLE_ENTITY),
        Err(StatusCode::PAYLOAD_TOO_LARGE) => (refused("activity.file.too_large"), StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => (refused("activity.file.unreadable"), StatusCode::BAD_REQUEST),
    };
    let errors = shown_errors(&page, &errors);
    let report = state.core.report(page.actor.as_ref(), &ctx.tenant, id).await?;
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    let mut r = render(&ReportFormTemplate::new(page, &ctx, &v, ReportForm::from_view(report), errors, &files));
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    Ok(r)
}

/// A file of a report, for whoever may see the activity.
pub(super) async fn download_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (file, bytes) = state.core.report_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(crate::files::download(&file, bytes))
}

/// Removes a file from the report (organisers).
pub(super) async fn delete_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_report_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(redirect(&format!("{}/verslag?bijlage=verwijderd#bijlagen", activity_href(&tenant.slug, id))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_errors_point_at_form_rows() {
        let mut e = FieldErrors::new();
        e.push("actions[1].due_on", FieldErrorKind::Invalid);
        e.push("products[0].url", FieldErrorKind::Invalid);
        e.push("minutes", FieldErrorKind::TooLong { max: 100_000 });
        let e = report_errors(e, &[0, 4], &[2]);
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["action_due_4", "product_url_2", "minutes"]);
    }
}
