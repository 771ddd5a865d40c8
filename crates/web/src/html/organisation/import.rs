//! The CSV import page for organisations and people: explains both formats and takes an upload.
//!
//! A file is imported all or nothing by the use case. A good file redirects (303) back to this
//! page with `?organisaties=N` or `?mensen=N`, which shows the confirmation; a file with bad rows
//! re-renders the page with status 422 and every problem in a table. Uploads are multipart; the CSRF
//! token is the form's first field (see `multipart_csrf`), never in the address.
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;

use crate::routes::{Routes, get, post};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broedplaats_core::CoreError;
use broedplaats_core::kernel::actor::{Access, access};
use broedplaats_core::organisation::ImportError;
use broedplaats_core::organisation::import::RowError;
use broedplaats_store::Tenant;
use serde::Deserialize;

/// Largest upload accepted on the two import routes (the rest of the site allows 256 KiB).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// The name of the file field in both upload forms.
const FILE_FIELD: &str = "bestand";

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/importeren", get(import_page))
        .route("/werkplaatsen/{slug}/importeren/organisaties", post(upload_organisations).body_limit(UPLOAD_LIMIT))
        .route("/werkplaatsen/{slug}/importeren/mensen", post(upload_people).body_limit(UPLOAD_LIMIT))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Organisations,
    People,
}

impl What {
    /// Path segment of the upload route, and the query parameter of the confirmation.
    fn segment(self) -> &'static str {
        match self {
            What::Organisations => "organisaties",
            What::People => "mensen",
        }
    }
    /// The id of the form's file input, which the error summary links to.
    fn input_id(self) -> &'static str {
        match self {
            What::Organisations => "organisaties-bestand",
            What::People => "mensen-bestand",
        }
    }
}

/// Accepted values of the `soort`/`kind` column: (Dutch, English), as `core::import` reads them.
const KINDS: &[(&str, &str)] = &[
    ("gemeente", "municipality"),
    ("welzijn", "welfare"),
    ("zorg", "care"),
    ("hogeschool", "university_of_applied_sciences"),
    ("lectoraat", "research_group"),
    ("opleiding", "education"),
    ("burger_clientorganisatie", "citizen_client_organisation"),
    ("landelijke_kennispartner", "national_knowledge_partner"),
    ("overig", "other"),
];

/// Accepted values of the `rol`/`role` column: (Dutch, code), as `core::import` reads them.
const ROLES: &[(&str, &str)] = &[
    ("programmacoördinator", "programme-coordinator"),
    ("lector", "lector"),
    ("docent-onderzoeker", "teacher-researcher"),
    ("themaleider", "theme-lead"),
    ("projectondersteuner", "project-support"),
    ("consortiumlid", "consortium-member"),
    ("professional", "professional"),
    ("student", "student"),
    ("burger", "citizen"),
    ("landelijke kennispartner", "national-partner"),
];

/// One column of a format: (Dutch name, English name, required, description key).
type ColumnDoc = (&'static str, &'static str, bool, &'static str);

const ORGANISATION_COLUMNS: &[ColumnDoc] = &[
    ("naam", "name", true, "imp.org.col.name"),
    ("soort", "kind", true, "imp.org.col.kind"),
    ("plaats", "city", false, "imp.org.col.city"),
    ("website", "website", false, "imp.org.col.website"),
    ("email", "e-mail", false, "imp.org.col.email"),
];

const PEOPLE_COLUMNS: &[ColumnDoc] = &[
    ("naam", "name", true, "imp.people.col.name"),
    ("email", "e-mail", false, "imp.people.col.email"),
    ("organisatie", "organisation", false, "imp.people.col.organisation"),
    ("rol", "role", false, "imp.people.col.role"),
];

/// Why an upload was refused, shown in the error summary.
struct Failure {
    /// Which file was refused ("the organisations file was not imported").
    heading: &'static str,
    /// The file input to go back to.
    input_id: &'static str,
    /// A problem with the upload itself (no file, too large), if that is what went wrong.
    problem: Option<&'static str>,
    /// Every bad row; line 0 is the file as a whole. Messages are Dutch (from `core::import`).
    rows: Vec<RowError>,
}

impl Failure {
    fn new(page: &Page, what: What, problem: Option<&'static str>, rows: Vec<RowError>) -> Self {
        let heading = match what {
            What::Organisations => page.t("imp.errors.title_organisations"),
            What::People => page.t("imp.errors.title_people"),
        };
        Self { heading, input_id: what.input_id(), problem, rows }
    }
}

#[derive(Template)]
#[template(path = "organisation/import.html")]
struct ImportTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    /// Confirmation after a successful import, and where to see the result.
    flash: Option<(String, String, &'static str)>,
    failure: Option<Failure>,
    organisations_action: String,
    people_action: String,
    kinds: &'static [(&'static str, &'static str)],
    roles: &'static [(&'static str, &'static str)],
    organisation_columns: &'static [ColumnDoc],
    people_columns: &'static [ColumnDoc],
}

impl ImportTemplate {
    fn new(page: Page, tenant: &Tenant) -> Self {
        // The CSRF token goes in the query string: the middleware does not read multipart bodies.
        let action = |what: What| format!("/werkplaatsen/{}/importeren/{}", tenant.slug, what.segment());
        Self {
            organisations_action: action(What::Organisations),
            people_action: action(What::People),
            title: page.t("imp.title"),
            page,
            slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            flash: None,
            failure: None,
            kinds: KINDS,
            roles: ROLES,
            organisation_columns: ORGANISATION_COLUMNS,
            people_columns: PEOPLE_COLUMNS,
        }
    }

    /// Whether the upload through the file input `id` was just refused.
    fn failed(&self, id: &str) -> bool {
        self.failure.as_ref().is_some_and(|f| f.input_id == id)
    }

    fn line_label(&self, line: &usize) -> String {
        if *line == 0 { self.page.t("imp.errors.whole_file").to_owned() } else { line.to_string() }
    }

    fn refused(self, status: StatusCode) -> Response {
        let mut r = render(&self);
        *r.status_mut() = status;
        r
    }
}

/// Only managers (programme coordinator, lector) import; the use case checks again.
fn require_manager(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    match (&page.actor, access(page.actor.as_ref(), tenant)) {
        (None, _) => Err(CoreError::Unauthenticated.into()),
        (Some(_), Access::Manager) => Ok(()),
        (Some(_), _) => Err(CoreError::Forbidden.into()),
    }
}

/// `?organisaties=N` or `?mensen=N` after a successful import.
#[derive(Deserialize, Default)]
pub(crate) struct Done {
    organisaties: Option<usize>,
    mensen: Option<usize>,
}

pub(crate) async fn import_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(done): Query<Done>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let mut t = ImportTemplate::new(page, &tenant);
    t.flash = if let Some(n) = done.organisaties {
        let key = if n == 1 { "imp.done.organisations_one" } else { "imp.done.organisations" };
        let link = format!("/werkplaatsen/{}/organisaties", tenant.slug);
        Some((t.page.f1(key, "n", n), link, t.page.t("imp.done.organisations_link")))
    } else if let Some(n) = done.mensen {
        let key = if n == 1 { "imp.done.people_one" } else { "imp.done.people" };
        let link = format!("/werkplaatsen/{}/mensen", tenant.slug);
        Some((t.page.f1(key, "n", n), link, t.page.t("imp.done.people_link")))
    } else {
        None
    };
    Ok(render(&t))
}

pub(crate) async fn upload_organisations(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    upload(state, page, slug, What::Organisations, multipart).await
}

pub(crate) async fn upload_people(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    upload(state, page, slug, What::People, multipart).await
}

async fn upload(
    state: AppState,
    page: Page,
    slug: String,
    what: What,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    // Refuse before reading a possibly large body.
    require_manager(&page, &tenant)?;
    let Ok(mut multipart) = multipart else { return Err(HtmlError(ErrorPage::Invalid)) };
    let t = ImportTemplate::new(page, &tenant);
    let data = match read_file(&mut multipart).await {
        Ok(Some(data)) => data,
        Ok(None) => return Ok(with_problem(t, what, "imp.error.no_file", StatusCode::UNPROCESSABLE_ENTITY)),
        Err(status) if status == StatusCode::PAYLOAD_TOO_LARGE => {
            return Ok(with_problem(t, what, "imp.error.too_large", status));
        }
        Err(_) => return Ok(with_problem(t, what, "imp.error.unreadable", StatusCode::BAD_REQUEST)),
    };
    // Nobody watches a web import's progress; the request simply waits for the result.
    let progress = |_: usize, _: usize| {};
    let actor = t.page.actor.as_ref();
    let result = match what {
        What::Organisations => state.core.import_organisations(actor, &tenant, &data, &progress).await,
        What::People => state.core.import_people(actor, &tenant, &data, &progress).await,
    };
    match result {
        Ok(report) => {
            let to = format!("/werkplaatsen/{}/importeren?{}={}", tenant.slug, what.segment(), report.created);
            Ok(Redirect::to(&to).into_response())
        }
        Err(ImportError::Invalid(rows)) => {
            let mut t = t;
            t.failure = Some(Failure::new(&t.page, what, None, rows));
            Ok(t.refused(StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ImportError::Core(e)) => Err(e.into()),
    }
}

fn with_problem(mut t: ImportTemplate, what: What, key: &str, status: StatusCode) -> Response {
    t.failure = Some(Failure::new(&t.page, what, Some(t.page.t(key)), vec![]));
    t.refused(status)
}

/// The contents of the file field; `None` when no file was chosen. An error carries the status
/// the multipart parser gives (413 when the upload is over [`UPLOAD_LIMIT`]).
async fn read_file(multipart: &mut Multipart) -> Result<Option<axum::body::Bytes>, StatusCode> {
    while let Some(field) = multipart.next_field().await.map_err(|e| e.status())? {
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let named = field.file_name().is_some_and(|n| !n.is_empty());
        let data = field.bytes().await.map_err(|e| e.status())?;
        // A form submitted without choosing a file sends an empty, nameless part.
        return Ok(if data.is_empty() && !named { None } else { Some(data) });
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use broedplaats_core::organisation::import::{parse_organisations, parse_people};
    use broedplaats_domain::{OrganisationKind, Role};

    /// The values the page lists are the values the import accepts, and it lists all of them.
    #[test]
    fn listed_kinds_and_roles_are_accepted() {
        let mut csv = String::from("naam;soort\n");
        for (i, (dutch, english)) in KINDS.iter().enumerate() {
            csv.push_str(&format!("NL {i};{dutch}\nEN {i};{english}\n"));
        }
        let rows = parse_organisations(csv.as_bytes(), &[]).expect("every listed kind is accepted");
        for (i, kind) in OrganisationKind::ALL.iter().enumerate() {
            assert_eq!(KINDS[i].0, kind.code(), "listed in the order of OrganisationKind::ALL");
            assert_eq!((rows[2 * i].kind, rows[2 * i + 1].kind), (*kind, *kind), "{:?}", KINDS[i]);
        }
        assert_eq!(KINDS.len(), OrganisationKind::ALL.len());

        let mut csv = String::from("naam;rol\n");
        for (dutch, code) in ROLES {
            csv.push_str(&format!("A;{dutch}\nB;{code}\n"));
        }
        let rows = parse_people(csv.as_bytes(), &[]).expect("every listed role is accepted");
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(ROLES[i].1, role.code());
            assert_eq!((rows[2 * i].role, rows[2 * i + 1].role), (Some(*role), Some(*role)), "{:?}", ROLES[i]);
        }
        assert_eq!(ROLES.len(), Role::ALL.len());
    }
}
