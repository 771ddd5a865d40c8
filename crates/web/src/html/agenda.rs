//! Pages of the knowledge agenda: home, werkplaats agenda, themes, history, comparison, people.
use super::kit::{ActivityLine, GovernanceNotice, encode_query, governance_notice, render, upcoming};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broedplaats_core::CoreError;
use broedplaats_core::agenda::{AgendaView, Change, DiffLabels, LineChange, ThemeView, VersionMeta};
use broedplaats_core::auth::require_member;
use broedplaats_domain::{AgendaStatus, FieldErrors, RawTheme, ThemeInput, ThemeLevel};
use broedplaats_store::Tenant;
use serde::Deserialize;

type PageResult = Result<Response, HtmlError>;

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    page: Page,
    title: &'static str,
    /// Each werkplaats, with the governance notice for those the visitor manages and its next
    /// public activities.
    werkplaatsen: Vec<(broedplaats_store::WerkplaatsRow, Option<GovernanceNotice>, Vec<ActivityLine>)>,
}

pub(crate) async fn home(State(state): State<AppState>, page: Page) -> PageResult {
    let mut werkplaatsen = Vec::new();
    for w in state.core.werkplaatsen().await? {
        let tenant = state.core.tenant(&w.slug).await?;
        // Only coordinators and lectoren get a notice; for everyone else this costs no query.
        let notice = match page.actor.as_ref().filter(|a| a.may_edit_agenda(&w.slug)) {
            Some(_) => governance_notice(&state, &page, &tenant).await,
            None => None,
        };
        let upcoming = upcoming(&state, &page, None, &tenant, 3).await?;
        werkplaatsen.push((w, notice, upcoming));
    }
    let title = page.t("home.title");
    Ok(render(&HomeTemplate { page, title, werkplaatsen }))
}

/// `?opgeslagen=N` after a save, `?verwijderd=N` after a delete: a one-line confirmation.
#[derive(Deserialize, Default)]
pub(crate) struct Flash {
    opgeslagen: Option<i64>,
    verwijderd: Option<i64>,
    status: Option<i64>,
}

impl Flash {
    fn message(&self, page: &Page) -> Option<String> {
        if let Some(n) = self.opgeslagen {
            Some(page.f1("theme.saved", "n", n))
        } else if let Some(n) = self.verwijderd {
            Some(page.f1("delete.done", "n", n))
        } else {
            self.status.map(|n| page.f1("history.status_changed", "n", n))
        }
    }
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    agenda: AgendaView,
    can_edit: bool,
    is_member: bool,
    flash: Option<String>,
    /// Open governance violations, for coordinators and lectoren only (see `organisation`).
    governance: Option<GovernanceNotice>,
    /// The next activities the visitor may see.
    activities: Vec<ActivityLine>,
}

fn can_edit(page: &Page, tenant: &Tenant) -> bool {
    page.actor.as_ref().is_some_and(|a| a.may_edit_agenda(&tenant.slug))
}

pub(crate) async fn werkplaats(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let agenda = state.core.current_agenda(&tenant).await?;
    let governance = governance_notice(&state, &page, &tenant).await;
    let activities = upcoming(&state, &page, page.actor.as_ref(), &tenant, 3).await?;
    Ok(render(&AgendaTemplate {
        governance,
        activities,
        title: tenant.name.clone(),
        can_edit: can_edit(&page, &tenant),
        is_member: page.actor.as_ref().is_some_and(|a| a.is_member(&tenant.slug)),
        flash: flash.message(&page),
        slug: tenant.slug,
        tenant_name: tenant.name,
        agenda,
        page,
    }))
}

#[derive(Template)]
#[template(path = "theme.html")]
struct ThemeTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    theme: ThemeView,
    can_edit: bool,
    flash: Option<String>,
}

impl ThemeTemplate {
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.theme.introduction.split('\n').filter(|p| !p.trim().is_empty())
    }
}

pub(crate) async fn theme(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (_, theme) = state.core.theme(&tenant, id).await?;
    Ok(render(&ThemeTemplate {
        title: theme.title.clone(),
        can_edit: can_edit(&page, &tenant),
        flash: flash.message(&page),
        slug: tenant.slug,
        tenant_name: tenant.name,
        theme,
        page,
    }))
}

/// The theme form as typed, so a refused form comes back with the person's input intact.
#[derive(Deserialize, Default)]
pub(crate) struct ThemeForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    introduction: String,
    #[serde(default)]
    questions: String,
    #[serde(default)]
    project_options: String,
    #[serde(default)]
    funding: String,
    #[serde(default)]
    change_note: String,
}

impl ThemeForm {
    fn from_theme(t: &ThemeView) -> Self {
        Self {
            title: t.title.clone(),
            level: t.level.map(|l| l.code().to_owned()).unwrap_or_default(),
            introduction: t.introduction.clone(),
            questions: t.questions.join("\n"),
            project_options: t.project_options.iter().map(|o| o.title.as_str()).collect::<Vec<_>>().join("\n"),
            funding: t.funding.clone().unwrap_or_default(),
            change_note: String::new(),
        }
    }
    fn parse(&self) -> Result<ThemeInput, FieldErrors> {
        ThemeInput::parse(RawTheme {
            title: &self.title,
            level: Some(&self.level),
            introduction: &self.introduction,
            questions: RawTheme::split_lines(&self.questions),
            funding: Some(&self.funding),
            project_options: Some(RawTheme::split_lines(&self.project_options)),
        })
    }
}

#[derive(Template)]
#[template(path = "theme_form.html")]
struct ThemeFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    form: ThemeForm,
    levels: Vec<(&'static str, &'static str)>,
    /// (field id, field name, message)
    errors: Vec<(String, String, String)>,
}

impl ThemeFormTemplate {
    fn new(page: Page, tenant: &Tenant, title: String, action: String, cancel: String, form: ThemeForm) -> Self {
        let levels = ThemeLevel::ALL.iter().map(|l| (l.code(), page.level(l))).collect();
        Self {
            page,
            title,
            slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            action,
            cancel,
            form,
            levels,
            errors: vec![],
        }
    }
    fn with_errors(mut self, errors: &FieldErrors) -> Response {
        self.errors = errors
            .0
            .iter()
            .map(|e| {
                (
                    e.field.clone(),
                    self.page.t(&format!("field.name.{}", e.field)).to_owned(),
                    field_message(&self.page.tr, &e.kind),
                )
            })
            .collect();
        let mut r = render(&self);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    }
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.0 == field).map(|e| e.2.as_str())
    }
}

/// Editing pages are for agenda editors; others get the login page or "no access".
fn require_editor(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    broedplaats_core::auth::require_agenda_editor(page.actor.as_ref(), tenant).map(|_| ()).map_err(HtmlError::from)
}

pub(crate) async fn new_theme_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let title = page.t("form.new_theme").to_owned();
    let action = format!("/werkplaatsen/{}/themas", tenant.slug);
    let cancel = format!("/werkplaatsen/{}", tenant.slug);
    Ok(render(&ThemeFormTemplate::new(page, &tenant, title, action, cancel, ThemeForm::default())))
}

pub(crate) async fn create_theme(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<ThemeForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let input = form.parse();
    let result = match input {
        Ok(input) => {
            state.core.create_theme(page.actor.as_ref(), &tenant, input, Change { note: Some(&form.change_note) }).await
        }
        Err(e) => Err(CoreError::Invalid(e)),
    };
    match result {
        Ok((id, version)) => {
            Ok(Redirect::to(&format!("/werkplaatsen/{}/themas/{id}?opgeslagen={version}", tenant.slug)).into_response())
        }
        Err(CoreError::Invalid(errors)) => {
            let title = page.t("form.new_theme").to_owned();
            let action = format!("/werkplaatsen/{}/themas", tenant.slug);
            let cancel = format!("/werkplaatsen/{}", tenant.slug);
            Ok(ThemeFormTemplate::new(page, &tenant, title, action, cancel, form).with_errors(&errors))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn edit_theme_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let (_, theme) = state.core.theme(&tenant, id).await?;
    let title = page.f1("form.edit_theme", "title", &theme.title);
    let action = format!("/werkplaatsen/{}/themas/{id}", tenant.slug);
    Ok(render(&ThemeFormTemplate::new(page, &tenant, title, action.clone(), action, ThemeForm::from_theme(&theme))))
}

pub(crate) async fn update_theme(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<ThemeForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let result = match form.parse() {
        Ok(input) => {
            state
                .core
                .update_theme(page.actor.as_ref(), &tenant, id, input, Change { note: Some(&form.change_note) })
                .await
        }
        Err(e) => Err(CoreError::Invalid(e)),
    };
    match result {
        Ok(version) => {
            Ok(Redirect::to(&format!("/werkplaatsen/{}/themas/{id}?opgeslagen={version}", tenant.slug)).into_response())
        }
        Err(CoreError::Invalid(errors)) => {
            let (_, theme) = state.core.theme(&tenant, id).await?;
            let title = page.f1("form.edit_theme", "title", &theme.title);
            let action = format!("/werkplaatsen/{}/themas/{id}", tenant.slug);
            Ok(ThemeFormTemplate::new(page, &tenant, title, action.clone(), action, form).with_errors(&errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "theme_delete.html")]
struct DeleteTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    theme_id: i64,
}

pub(crate) async fn delete_theme_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let (_, theme) = state.core.theme(&tenant, id).await?;
    Ok(render(&DeleteTemplate {
        title: page.f1("delete.title", "title", &theme.title),
        slug: tenant.slug,
        tenant_name: tenant.name,
        theme_id: id,
        page,
    }))
}

#[derive(Deserialize)]
pub(crate) struct NoteForm {
    change_note: Option<String>,
}

pub(crate) async fn delete_theme(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<NoteForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let version =
        state.core.delete_theme(page.actor.as_ref(), &tenant, id, Change { note: form.change_note.as_deref() }).await?;
    Ok(Redirect::to(&format!("/werkplaatsen/{}?verwijderd={version}", tenant.slug)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct MoveForm {
    richting: String,
}

pub(crate) async fn move_theme(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<MoveForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_editor(&page, &tenant)?;
    let delta = match form.richting.as_str() {
        "omhoog" => -1,
        "omlaag" => 1,
        _ => return Err(HtmlError(ErrorPage::Invalid)),
    };
    let version = state.core.move_theme(page.actor.as_ref(), &tenant, id, delta).await?;
    Ok(Redirect::to(&format!("/werkplaatsen/{}?opgeslagen={version}", tenant.slug)).into_response())
}

#[derive(Template)]
#[template(path = "history.html")]
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
#[template(path = "version.html")]
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
#[template(path = "diff.html")]
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

#[derive(Template)]
#[template(path = "people.html")]
struct PeopleTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    people: Vec<broedplaats_store::PersonRow>,
    next: Option<String>,
    can_manage: bool,
}

#[derive(Deserialize)]
pub(crate) struct CursorQuery {
    na: Option<String>,
}

pub(crate) async fn people(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<CursorQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(page.actor.as_ref(), &tenant)?;
    let list = state.core.people(page.actor.as_ref(), &tenant, q.na.as_deref(), 50).await?;
    Ok(render(&PeopleTemplate {
        title: page.t("people.title"),
        can_manage: can_edit(&page, &tenant),
        next: list.next_cursor.map(|c| format!("/werkplaatsen/{}/mensen?na={}", tenant.slug, encode_query(&c))),
        slug: tenant.slug,
        tenant_name: tenant.name,
        people: list.items,
        page,
    }))
}
