//! A theme of the agenda: its page, the form to add or change one, deleting and moving it.
use super::{Flash, can_edit, require_editor};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broedplaats_core::CoreError;
use broedplaats_core::agenda::{Change, ThemeView};
use broedplaats_core::collections::CollectionLine;
use broedplaats_core::education::ThemeEducation;
use broedplaats_domain::{FieldErrors, RawTheme, ThemeInput, ThemeLevel};
use broedplaats_store::Tenant;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "agenda/theme.html")]
struct ThemeTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    theme: ThemeView,
    can_edit: bool,
    flash: Option<String>,
    follow: crate::html::kit::follow::FollowButton,
    education: ThemeEducation,
    collections: Vec<CollectionLine>,
}

impl ThemeTemplate {
    /// The kind of an assignment in words.
    fn kind_label(&self, code: &str) -> &'static str {
        self.page.t(&format!("edu.kind.{code}"))
    }
    /// The status of an assignment in words.
    fn status_label(&self, code: &str) -> &'static str {
        self.page.t(&format!("edu.status.{code}"))
    }
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
    let target = broedplaats_core::following::FollowTarget::Theme(tenant.slug.clone(), id);
    let follow = crate::html::kit::follow::follow_button(&state, &page, target).await;
    // Education in the theme: assembled here from two capabilities (education, collections).
    let education = state.core.theme_education(page.actor.as_ref(), &tenant, id).await?;
    let collections = state.core.theme_collections(page.actor.as_ref(), id).await?;
    Ok(render(&ThemeTemplate {
        follow,
        education,
        collections,
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
#[template(path = "agenda/theme_form.html")]
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
#[template(path = "agenda/theme_delete.html")]
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
