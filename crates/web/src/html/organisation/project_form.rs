//! The project form (new and edit) and deleting a project. A themaleider works within the
//! theme(s) of their group; managers choose any.
use super::common::{form_errors, normalise_date, opt_date};
use super::projects::{SIZES, STATUSES, method_label, size_code, size_label, status_code, status_label};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Check, Ctx, FormErrors, Opt, PageResult, Pairs, delete_page, four_o_checks, paragraphs, redirect, render,
    unprocessable,
};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::organisation::{
    self as org, METHODS, ProjectInput, ProjectOrganisationInput, ProjectPersonInput, ProjectView, ThemeGroupView,
};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use std::collections::HashMap;

/// The project form as typed, so a refused form comes back intact.
#[derive(Default)]
struct ProjectForm {
    title: String,
    theme_id: String,
    questions: String,
    higher_goal: String,
    four_os: Vec<String>,
    methods: Vec<String>,
    size: String,
    status: String,
    starts_on: String,
    ends_on: String,
    visibility: String,
    plan: String,
    organisations: Vec<i64>,
    inzet: HashMap<i64, String>,
    planning: HashMap<i64, String>,
    people: Vec<i64>,
    rol: HashMap<i64, String>,
    change_note: String,
}

impl ProjectForm {
    fn new_default() -> Self {
        ProjectForm { size: "middel".into(), status: "idee".into(), visibility: "public".into(), ..Default::default() }
    }
    fn from_view(p: &ProjectView) -> Self {
        ProjectForm {
            title: p.title.clone(),
            theme_id: p.theme_id.to_string(),
            questions: p.questions.join("\n"),
            higher_goal: p.higher_goal.clone(),
            four_os: p.four_os.clone(),
            methods: p.methods.clone(),
            size: size_code(p.size).into(),
            status: status_code(p.status).into(),
            starts_on: p.starts_on.clone().unwrap_or_default(),
            ends_on: p.ends_on.clone().unwrap_or_default(),
            visibility: p.visibility.clone(),
            plan: p.plan.clone(),
            organisations: p.organisations.iter().map(|o| o.organisation_id).collect(),
            inzet: p.organisations.iter().map(|o| (o.organisation_id, o.contribution.clone())).collect(),
            planning: p.organisations.iter().map(|o| (o.organisation_id, o.planning.clone())).collect(),
            people: p.people.iter().map(|x| x.person_id).collect(),
            rol: p.people.iter().map(|x| (x.person_id, x.role.clone())).collect(),
            change_note: String::new(),
        }
    }
    fn from_pairs(p: &Pairs) -> (Self, Result<ProjectInput, FieldErrors>) {
        let mut e = FieldErrors::new();
        let organisations = p.ids("organisations").unwrap_or_else(|| {
            e.push("organisations", FieldErrorKind::Invalid);
            vec![]
        });
        let people = p.ids("people").unwrap_or_else(|| {
            e.push("people", FieldErrorKind::Invalid);
            vec![]
        });
        let form = ProjectForm {
            title: p.one("title"),
            theme_id: p.one("theme_id").trim().to_owned(),
            questions: p.one("questions"),
            higher_goal: p.one("higher_goal"),
            four_os: p.all("four_os"),
            methods: p.all("methods"),
            size: p.one("size").trim().to_owned(),
            status: p.one("status").trim().to_owned(),
            starts_on: normalise_date(&p.one("starts_on")),
            ends_on: normalise_date(&p.one("ends_on")),
            visibility: p.one("visibility").trim().to_owned(),
            plan: p.one("plan"),
            organisations,
            inzet: p.by_id("inzet_"),
            planning: p.by_id("planning_"),
            people,
            rol: p.by_id("rol_"),
            change_note: p.one("change_note").trim().to_owned(),
        };
        let theme_id = form.theme_id.parse::<i64>().ok();
        if theme_id.is_none() {
            e.push("theme_id", FieldErrorKind::Required);
        }
        let size = org::parse_size(&form.size);
        if size.is_none() {
            e.push("size", FieldErrorKind::UnknownValue { allowed: vec!["groot", "middel", "klein"] });
        }
        let status = org::parse_status(&form.status);
        if status.is_none() {
            e.push("status", FieldErrorKind::Required);
        }
        let (Some(theme_id), Some(size), Some(status)) = (theme_id, size, status) else { return (form, Err(e)) };
        if !e.is_empty() {
            return (form, Err(e));
        }
        let text = |m: &HashMap<i64, String>, id: i64| m.get(&id).cloned().unwrap_or_default();
        let input = ProjectInput {
            theme_id,
            title: form.title.clone(),
            questions: paragraphs(&form.questions),
            higher_goal: form.higher_goal.clone(),
            four_os: form.four_os.clone(),
            methods: form.methods.clone(),
            size,
            starts_on: opt_date(&form.starts_on),
            ends_on: opt_date(&form.ends_on),
            status,
            visibility: form.visibility.clone(),
            plan: form.plan.clone(),
            organisations: form
                .organisations
                .iter()
                .map(|id| ProjectOrganisationInput {
                    organisation_id: *id,
                    contribution: text(&form.inzet, *id),
                    planning: text(&form.planning, *id),
                })
                .collect(),
            people: form
                .people
                .iter()
                .map(|id| ProjectPersonInput { person_id: *id, role: text(&form.rol, *id) })
                .collect(),
            change_note: Some(form.change_note.clone()).filter(|s| !s.is_empty()),
        };
        (form, Ok(input))
    }
}

#[derive(Template)]
#[template(path = "organisation/project_form.html")]
struct ProjectFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    form: ProjectForm,
    themes: Vec<Opt>,
    sizes: Vec<Opt>,
    statuses: Vec<Opt>,
    four_os: Vec<Check>,
    methods: Vec<Check>,
    orgs: Vec<Check>,
    people: Vec<Check>,
    errors: FormErrors,
}

impl ProjectFormTemplate {
    fn new(
        page: Page,
        ctx: &Ctx,
        groups: &[ThemeGroupView],
        editing: Option<&ProjectView>,
        form: ProjectForm,
        errors: FormErrors,
    ) -> Self {
        let base = ctx.base();
        let (title, action, cancel) = match editing {
            Some(p) => (
                page.f1("grp.project.edit_title", "title", &p.title),
                format!("{base}/projecten/{}", p.id),
                format!("{base}/projecten/{}", p.id),
            ),
            None => {
                (page.t("grp.project.new_title").to_owned(), format!("{base}/projecten"), format!("{base}/projecten"))
            }
        };
        // A themaleider works within their own theme(s); managers choose any.
        let themes = ctx
            .themes
            .iter()
            .filter(|(id, _)| ctx.is_manager() || ctx.leads(groups, *id) || editing.is_some_and(|p| p.theme_id == *id))
            .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: form.theme_id == id.to_string() })
            .collect();
        let sizes = SIZES
            .iter()
            .map(|s| Opt {
                value: size_code(*s).into(),
                label: size_label(&page, size_code(*s)),
                selected: form.size == size_code(*s),
            })
            .collect();
        let statuses = STATUSES
            .iter()
            .map(|s| Opt {
                value: status_code(*s).into(),
                label: status_label(&page, status_code(*s)),
                selected: form.status == status_code(*s),
            })
            .collect();
        let four_os = four_o_checks(&page, &form.four_os);
        let methods = METHODS
            .iter()
            .map(|m| Check {
                value: (*m).into(),
                label: method_label(&page, m),
                checked: form.methods.iter().any(|x| x == m),
                extras: vec![],
            })
            .collect();
        let text = |m: &HashMap<i64, String>, id: i64| m.get(&id).cloned().unwrap_or_default();
        let orgs = ctx
            .orgs
            .iter()
            .map(|o| Check {
                value: o.id.to_string(),
                label: o.name.clone(),
                checked: form.organisations.contains(&o.id),
                extras: vec![
                    (format!("inzet_{}", o.id), page.t("grp.field.contribution"), text(&form.inzet, o.id)),
                    (format!("planning_{}", o.id), page.t("grp.field.planning"), text(&form.planning, o.id)),
                ],
            })
            .collect();
        let people = ctx
            .people
            .iter()
            .map(|p| Check {
                value: p.id.to_string(),
                label: p.name.clone(),
                checked: form.people.contains(&p.id),
                extras: vec![(format!("rol_{}", p.id), page.t("grp.field.role"), text(&form.rol, p.id))],
            })
            .collect();
        ProjectFormTemplate {
            title,
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            action,
            cancel,
            form,
            themes,
            sizes,
            statuses,
            four_os,
            methods,
            orgs,
            people,
            errors,
            page,
        }
    }
}

pub(super) async fn project_new(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let leads_any = ctx.me.is_some() && groups.iter().any(|g| g.lead_person_id == ctx.me);
    ctx.require(&page, ctx.is_manager() || leads_any)?;
    let mut form = ProjectForm::new_default();
    if let Some(t) = ctx.themes.iter().find(|(id, _)| ctx.is_manager() || ctx.leads(&groups, *id)) {
        form.theme_id = t.0.to_string();
    }
    Ok(render(&ProjectFormTemplate::new(page, &ctx, &groups, None, form, FormErrors::default())))
}

pub(super) async fn project_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_project(state, page, ctx, None, Pairs(pairs)).await
}

pub(super) async fn project_update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_project(state, page, ctx, Some(id), Pairs(pairs)).await
}

async fn save_project(state: AppState, page: Page, ctx: Ctx, id: Option<i64>, pairs: Pairs) -> PageResult {
    let editing = match id {
        Some(id) => Some(state.core.project(page.actor.as_ref(), &ctx.tenant, id).await?),
        None => None,
    };
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let (form, parsed) = ProjectForm::from_pairs(&pairs);
    let errors = match parsed {
        Ok(input) => match state.core.save_project(page.actor.as_ref(), &ctx.tenant, id, &input).await {
            Ok(saved) => return Ok(redirect(&format!("{}/projecten/{}?opgeslagen=1", ctx.base(), saved.id))),
            Err(CoreError::Invalid(e)) => e,
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            ctx.require(&page, ctx.is_member())?;
            e
        }
    };
    let errors = form_errors(&page, &errors, Some((&form.starts_on, &form.ends_on)));
    Ok(unprocessable(&ProjectFormTemplate::new(page, &ctx, &groups, editing.as_ref(), form, errors)))
}

pub(super) async fn project_edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_member())?;
    let p = state.core.project(page.actor.as_ref(), &ctx.tenant, id).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    ctx.require(&page, ctx.is_manager() || ctx.leads(&groups, p.theme_id))?;
    let form = ProjectForm::from_view(&p);
    Ok(render(&ProjectFormTemplate::new(page, &ctx, &groups, Some(&p), form, FormErrors::default())))
}

pub(super) async fn project_delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_member())?;
    let p = state.core.project(page.actor.as_ref(), &ctx.tenant, id).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    ctx.require(&page, ctx.is_manager() || ctx.leads(&groups, p.theme_id))?;
    let title = page.f1("grp.project.delete_title", "title", &p.title);
    let action = format!("{}/projecten/{id}/verwijderen", ctx.base());
    Ok(delete_page(page, &ctx, title, "grp.project.delete_warning", action))
}

pub(super) async fn project_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_project(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/projecten?verwijderd=1", tenant.slug)))
}
