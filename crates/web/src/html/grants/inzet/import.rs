//! The CSV import of contributions: explains the columns, takes an upload, checks it first
//! (a preview of the rows, or every problem with its line in a table, 422) and imports it on
//! confirmation — all or nothing, through the same use case as the API. Between the check and
//! the confirmation the file travels in the confirm form (base64), so nothing is kept on the
//! server. Uploads are multipart; the CSRF token is the form's first field (`multipart_csrf`).
use super::{euro, require_manager};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, redirect, render};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use broedplaats_core::grants::ImportError;
use broedplaats_core::grants::ImportedRow;
use broedplaats_core::grants::import::MAX_BYTES;
use broedplaats_core::kernel::csv::RowError;
use broedplaats_store::Tenant;

/// Largest upload: the file, or the checked file again as base64 in the confirm form.
pub(super) const UPLOAD_LIMIT: usize = 4 * MAX_BYTES;
/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 50;

/// One column: (Dutch name, English name, required, description key).
type ColumnDoc = (&'static str, &'static str, bool, &'static str);

const COLUMNS: &[ColumnDoc] = &[
    ("organisatie", "organisation", true, "inzet.import.col.organisation"),
    ("jaar", "year", true, "inzet.import.col.year"),
    ("soort", "kind", true, "inzet.import.col.kind"),
    ("bedrag", "amount", true, "inzet.import.col.amount"),
    ("status", "status", true, "inzet.import.col.status"),
    ("subsidie", "grant", false, "inzet.import.col.grant"),
    ("project", "project", false, "inzet.import.col.project"),
    ("uren", "hours", false, "inzet.import.col.hours"),
    ("tarief", "rate", false, "inzet.import.col.rate"),
    ("toelichting", "justification", false, "inzet.import.col.justification"),
];

struct Failure {
    /// A problem with the upload itself (no file, too large), if that is what went wrong.
    problem: Option<&'static str>,
    rows: Vec<RowError>,
}

struct PreviewLine {
    line: usize,
    organisation: String,
    year: i64,
    kind: &'static str,
    status: &'static str,
    amount: String,
    grant: String,
}

struct Preview {
    count: usize,
    lines: Vec<PreviewLine>,
    /// The checked file, base64, for the confirm form.
    content: String,
}

#[derive(Template)]
#[template(path = "grants/inzet/import.html")]
struct ImportTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    columns: &'static [ColumnDoc],
    failure: Option<Failure>,
    preview: Option<Preview>,
}

impl ImportTemplate {
    fn new(page: Page, tenant: &Tenant) -> Self {
        Self {
            title: page.t("inzet.import.title"),
            page,
            slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            columns: COLUMNS,
            failure: None,
            preview: None,
        }
    }

    fn line_label(&self, line: &usize) -> String {
        if *line == 0 { self.page.t("imp.errors.whole_file").to_owned() } else { line.to_string() }
    }

    fn with_status(self, status: StatusCode) -> Response {
        let mut r = render(&self);
        if r.status() == StatusCode::OK {
            *r.status_mut() = status;
        }
        r
    }

    fn refused(mut self, problem: Option<&'static str>, rows: Vec<RowError>, status: StatusCode) -> Response {
        self.failure = Some(Failure { problem, rows });
        self.with_status(status)
    }
}

pub(super) async fn page(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    Ok(render(&ImportTemplate::new(page, &tenant)))
}

/// What the form sent: the step (`controleren` or `importeren`) and the file.
struct Upload {
    confirm: bool,
    data: Option<Vec<u8>>,
}

pub(super) async fn upload(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    // Refuse before reading a possibly large body.
    require_manager(&page, &tenant)?;
    let Ok(mut multipart) = multipart else { return Err(HtmlError(ErrorPage::Invalid)) };
    let t = ImportTemplate::new(page, &tenant);
    let upload = match read(&mut multipart).await {
        Ok(u) => u,
        Err(status) if status == StatusCode::PAYLOAD_TOO_LARGE => {
            let problem = Some(t.page.t("inzet.import.too_large"));
            return Ok(t.refused(problem, vec![], status));
        }
        Err(status) => {
            let problem = Some(t.page.t("imp.error.unreadable"));
            return Ok(t.refused(problem, vec![], status));
        }
    };
    let Some(data) = upload.data else {
        let problem = Some(t.page.t("imp.error.no_file"));
        return Ok(t.refused(problem, vec![], StatusCode::UNPROCESSABLE_ENTITY));
    };
    let actor = t.page.actor.as_ref();
    if upload.confirm {
        return match state.core.import_contributions(actor, &tenant, &data, false).await {
            Ok(done) => Ok(redirect(&format!("/werkplaatsen/{}/inzet?geimporteerd={}", tenant.slug, done.created))),
            Err(ImportError::Invalid(rows)) => Ok(t.refused(None, rows, StatusCode::UNPROCESSABLE_ENTITY)),
            Err(ImportError::Core(e)) => Err(e.into()),
        };
    }
    match state.core.preview_contributions(actor, &tenant, &data).await {
        Ok(rows) => {
            let mut t = t;
            let lines = rows.iter().take(PREVIEW_ROWS).map(|r| preview_line(&t.page, r)).collect();
            t.preview = Some(Preview { count: rows.len(), lines, content: STANDARD.encode(&data) });
            Ok(render(&t))
        }
        Err(ImportError::Invalid(rows)) => Ok(t.refused(None, rows, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(ImportError::Core(e)) => Err(e.into()),
    }
}

fn preview_line(page: &Page, r: &ImportedRow) -> PreviewLine {
    PreviewLine {
        line: r.line,
        organisation: r.organisation.clone(),
        year: r.input.year,
        kind: page.t(&format!("inzet.kind.{}", r.input.kind)),
        status: page.t(&format!("inzet.status.{}", r.input.status)),
        amount: euro(r.input.amount),
        grant: r.grant.clone().unwrap_or_default(),
    }
}

/// Reads the step and the file (an uploaded `bestand`, or the checked file again as `inhoud`).
/// An error carries the status the multipart parser gives (413 when over [`UPLOAD_LIMIT`]).
async fn read(multipart: &mut Multipart) -> Result<Upload, StatusCode> {
    let mut upload = Upload { confirm: false, data: None };
    while let Some(field) = multipart.next_field().await.map_err(|e| e.status())? {
        match field.name() {
            Some("stap") => upload.confirm = field.text().await.map_err(|e| e.status())? == "importeren",
            Some("bestand") => {
                let data = field.bytes().await.map_err(|e| e.status())?;
                // A form submitted without choosing a file sends an empty part.
                if !data.is_empty() {
                    upload.data = Some(data.to_vec());
                }
            }
            Some("inhoud") => {
                let text = field.text().await.map_err(|e| e.status())?;
                if upload.data.is_none() && !text.trim().is_empty() {
                    upload.data = Some(STANDARD.decode(text.trim()).map_err(|_| StatusCode::BAD_REQUEST)?);
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}
