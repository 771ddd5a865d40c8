//! The processes of a werkplaats and, for the coordinator and lectoren, the form to start one.
use super::{Flash, flash_to, opt, phase_line, refused, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::ProcessInput;
use broedplaats_core::kernel::actor::{Access, access};
use broedplaats_domain::{FieldErrorKind, cocreation_limits};
use broedplaats_store::Tenant;

pub(super) struct Row {
    href: String,
    title: String,
    phase: String,
    period: String,
    pitches: usize,
    started: String,
}

/// The start form as typed.
pub(super) struct StartForm {
    title: String,
    points: String,
    anonymous: bool,
    description: String,
}

impl Default for StartForm {
    fn default() -> Self {
        StartForm {
            title: String::new(),
            points: cocreation_limits::DEFAULT_POINTS.to_string(),
            anonymous: true,
            description: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "cocreation/list.html")]
struct ListTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    rows: Vec<Row>,
    manager: bool,
    form: StartForm,
    errors: FormErrors,
    flash: Option<String>,
    max_points: i64,
}

async fn list_page(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    form: StartForm,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<ListTemplate, crate::error::HtmlError> {
    let processes = state.core.processes(page.actor.as_ref(), tenant).await?;
    let rows = processes
        .into_iter()
        .map(|p| Row {
            href: format!("/werkplaatsen/{}/cocreatie/{}", tenant.slug, p.id),
            phase: phase_line(&page, p.phase),
            period: p.period,
            pitches: p.pitches,
            started: page.date(&p.created_at),
            title: p.title,
        })
        .collect();
    Ok(ListTemplate {
        title: page.t("cc.list.title").to_owned(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        rows,
        manager: access(page.actor.as_ref(), tenant) == Access::Manager,
        form,
        errors,
        flash,
        max_points: cocreation_limits::MAX_POINTS,
        page,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let flash = flash.message(&page);
    let t = list_page(&state, page, &tenant, StartForm::default(), FormErrors::default(), flash).await?;
    Ok(render(&t))
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = Pairs(pairs);
    let form = StartForm {
        title: p.one("title"),
        points: p.one("points_per_participant").trim().to_owned(),
        anonymous: p.one("anonymous_votes") == "1",
        description: p.one("description"),
    };
    // A number that does not read is sent as 0, which the use case refuses, so every other
    // field is checked too; its message then says what is wrong with what was typed.
    let unreadable = !form.points.is_empty() && form.points.parse::<i64>().is_err();
    let points = if form.points.is_empty() { None } else { Some(form.points.parse::<i64>().unwrap_or(0)) };
    let input = ProcessInput {
        title: form.title.clone(),
        period: None,
        points_per_participant: points,
        anonymous_votes: Some(form.anonymous),
        description: opt(&p, "description"),
    };
    let result = state.core.create_process(page.actor.as_ref(), &tenant, &input).await;
    match result {
        Ok(id) => {
            Ok(redirect(&flash_to(&format!("/werkplaatsen/{}/cocreatie/{id}", tenant.slug), "process_created", None)))
        }
        Err(e) => {
            let mut errors = refused(e)?;
            for e in errors.0.iter_mut().filter(|e| unreadable && e.field == "points_per_participant") {
                e.kind = FieldErrorKind::Invalid;
            }
            let fields = ["title", "points_per_participant", "description"];
            let shown = shown_errors(&page, &errors, "start", &fields, &[], "start-title");
            let t = list_page(&state, page, &tenant, form, shown, None).await?;
            Ok(unprocessable(&t))
        }
    }
}

#[derive(Template)]
#[template(path = "cocreation/edit.html")]
struct EditTemplate {
    page: Page,
    title: String,
    slug: String,
    id: i64,
    process_title: String,
    form: StartForm,
    errors: FormErrors,
    max_points: i64,
    points_fixed: bool,
}

/// The form that changes a process's title, points, anonymity and description (coordinator and
/// lectoren, until adoption).
pub(super) async fn edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let process = state.core.process(page.actor.as_ref(), &tenant, id).await?;
    if !process.may_manage {
        return Err(crate::error::HtmlError(crate::error::ErrorPage::Forbidden));
    }
    let form = StartForm {
        title: process.title.clone(),
        points: process.points_per_participant.to_string(),
        anonymous: process.anonymous_votes,
        description: process.description.clone(),
    };
    Ok(render(&edit_page(page, &tenant, &process, form, FormErrors::default())))
}

fn edit_page(
    page: Page,
    tenant: &Tenant,
    process: &broedplaats_core::cocreation::ProcessView,
    form: StartForm,
    errors: FormErrors,
) -> EditTemplate {
    EditTemplate {
        title: page.t("cc.edit.title").to_owned(),
        slug: tenant.slug.clone(),
        id: process.id,
        process_title: process.title.clone(),
        form,
        errors,
        max_points: cocreation_limits::MAX_POINTS,
        points_fixed: process.phase >= broedplaats_domain::Phase::Prioritising,
        page,
    }
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let process = state.core.process(page.actor.as_ref(), &tenant, id).await?;
    let p = Pairs(pairs);
    let form = StartForm {
        title: p.one("title"),
        points: p.one("points_per_participant").trim().to_owned(),
        anonymous: p.one("anonymous_votes") == "1",
        description: p.one("description"),
    };
    let unreadable = !form.points.is_empty() && form.points.parse::<i64>().is_err();
    let points = if form.points.is_empty() { None } else { Some(form.points.parse::<i64>().unwrap_or(0)) };
    let input = ProcessInput {
        title: form.title.clone(),
        period: None,
        points_per_participant: points,
        anonymous_votes: Some(form.anonymous),
        description: Some(form.description.clone()),
    };
    match state.core.update_process(page.actor.as_ref(), &tenant, id, &input).await {
        Ok(()) => {
            Ok(redirect(&flash_to(&format!("/werkplaatsen/{}/cocreatie/{id}", tenant.slug), "process_updated", None)))
        }
        Err(e) => {
            let mut errors = refused(e)?;
            for e in errors.0.iter_mut().filter(|e| unreadable && e.field == "points_per_participant") {
                e.kind = FieldErrorKind::Invalid;
            }
            let fields = ["title", "points_per_participant", "description"];
            let shown = shown_errors(&page, &errors, "start", &fields, &["phase"], "start-title");
            Ok(unprocessable(&edit_page(page, &tenant, &process, form, shown)))
        }
    }
}
