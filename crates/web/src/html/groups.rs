//! Pages of theme groups, projects, bodies (MT, consortium), the relations map and the audit log.
//!
//! Authorisation stays in the use cases (`core::organisation`); handlers only check early where a
//! form would otherwise be shown to someone who cannot send it. Names of people are for members:
//! the public sees that a themaleider is appointed, not who.
use super::kit::markdown;
use super::kit::svg as map;
use super::kit::{
    Check, Ctx, FormErrors, Link, Opt, Pairs, ShownError, delete_page, four_o_checks, four_o_label, paragraphs,
    redirect, render, unprocessable,
};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use broedplaats_core::CoreError;
use broedplaats_core::agenda::LineChange;
use broedplaats_core::governance::{ProjectSize, ProjectStatus};
use broedplaats_core::organisation::{
    self as org, Access, BodyInput, BodyView, METHODS, ProjectInput, ProjectOrganisationInput, ProjectPersonInput,
    ProjectView, ThemeGroupInput, ThemeGroupView,
};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

type PageResult = Result<Response, HtmlError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/werkplaatsen/{slug}/themagroepen", get(groups_index).post(group_create))
        .route("/werkplaatsen/{slug}/themagroepen/nieuw", get(group_new))
        .route("/werkplaatsen/{slug}/themagroepen/{id}", get(group_show).post(group_update))
        .route("/werkplaatsen/{slug}/themagroepen/{id}/bewerken", get(group_edit))
        .route("/werkplaatsen/{slug}/themagroepen/{id}/verwijderen", get(group_delete_form).post(group_delete))
        .route("/werkplaatsen/{slug}/projecten", get(projects_index).post(project_create))
        .route("/werkplaatsen/{slug}/projecten/nieuw", get(project_new))
        .route("/werkplaatsen/{slug}/projecten/{id}", get(project_show).post(project_update))
        .route("/werkplaatsen/{slug}/projecten/{id}/bewerken", get(project_edit))
        .route("/werkplaatsen/{slug}/projecten/{id}/verwijderen", get(project_delete_form).post(project_delete))
        .route("/werkplaatsen/{slug}/projecten/{id}/plan/vergelijken", get(plan_compare))
        .route("/werkplaatsen/{slug}/organen", get(bodies_index).post(body_create))
        .route("/werkplaatsen/{slug}/organen/nieuw", get(body_new))
        .route("/werkplaatsen/{slug}/organen/{id}", get(body_show).post(body_update))
        .route("/werkplaatsen/{slug}/organen/{id}/bewerken", get(body_edit))
        .route("/werkplaatsen/{slug}/organen/{id}/verwijderen", get(body_delete_form).post(body_delete))
        .route("/werkplaatsen/{slug}/relaties", get(relations))
        .route("/werkplaatsen/{slug}/logboek", get(audit_log))
}

// ---- shared --------------------------------------------------------------------------------------

/// Query parameters of the pages here; unknown or unparsable values are ignored, never a 400.
#[derive(Deserialize, Default)]
struct PageQuery {
    thema: Option<String>,
    voor: Option<String>,
    opgeslagen: Option<String>,
    verwijderd: Option<String>,
}

impl PageQuery {
    fn flash(&self, page: &Page) -> Option<String> {
        if self.opgeslagen.is_some() {
            Some(page.t("grp.flash.saved").to_owned())
        } else if self.verwijderd.is_some() {
            Some(page.t("grp.flash.deleted").to_owned())
        } else {
            None
        }
    }
    fn theme(&self) -> Option<i64> {
        self.thema.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

/// A date as typed, `YYYY-MM-DD` or `dd-mm-jjjj` (also with `/` or `.`), as `YYYY-MM-DD`;
/// anything else comes back unchanged so the use case reports it.
fn normalise_date(raw: &str) -> String {
    let s = raw.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
        && d.len() <= 2
        && m.len() <= 2
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
        && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
    {
        return date.format("%Y-%m-%d").to_string();
    }
    s.to_owned()
}

fn opt_date(raw: &str) -> Option<String> {
    let s = normalise_date(raw);
    (!s.is_empty()).then_some(s)
}

/// Fields whose input is a group of checkboxes: the summary links to the first box.
const CHECKBOX_FIELDS: [&str; 7] =
    ["four_os", "methods", "organisations", "people", "organisation_ids", "member_ids", "visibility"];
/// Fields with a name in the catalogue (`grp.field.…`).
const NAMED_FIELDS: [&str; 20] = [
    "title",
    "theme_id",
    "questions",
    "higher_goal",
    "four_os",
    "methods",
    "size",
    "status",
    "starts_on",
    "ends_on",
    "visibility",
    "plan",
    "organisations",
    "people",
    "change_note",
    "lead_person_id",
    "description",
    "organisation_ids",
    "member_ids",
    "meetings",
];

impl FormErrors {
    fn from(page: &Page, errors: &FieldErrors, dates: Option<(&str, &str)>) -> Self {
        let mut list: Vec<ShownError> = Vec::new();
        for e in &errors.0 {
            if list.iter().any(|s| s.field == e.field) {
                continue;
            }
            let field = e.field.as_str();
            let name = if NAMED_FIELDS.contains(&field) || matches!(field, "kind" | "name") {
                page.t(&format!("grp.field.{field}")).to_owned()
            } else {
                field.to_owned()
            };
            let message = match (field, &e.kind) {
                ("theme_id", FieldErrorKind::Duplicate) => page.t("grp.error.theme_taken").to_owned(),
                ("theme_id", _) => page.t("grp.error.theme").to_owned(),
                ("kind", FieldErrorKind::Duplicate) => page.t("grp.error.kind_taken").to_owned(),
                ("four_os", FieldErrorKind::Required) => page.t("grp.error.four_os").to_owned(),
                ("ends_on", FieldErrorKind::Invalid)
                    if dates
                        .is_some_and(|(s, e)| is_iso_date(&normalise_date(s)) && is_iso_date(&normalise_date(e))) =>
                {
                    page.t("grp.error.end_before_start").to_owned()
                }
                ("starts_on" | "ends_on", FieldErrorKind::Invalid) => page.t("grp.error.date").to_owned(),
                ("meetings", FieldErrorKind::Invalid) => page.t("grp.error.meetings").to_owned(),
                ("organisations" | "people" | "organisation_ids" | "member_ids" | "lead_person_id", _) => {
                    page.t("grp.error.choice").to_owned()
                }
                _ => field_message(&page.tr, &e.kind),
            };
            let anchor = if CHECKBOX_FIELDS.contains(&field) { format!("{field}-0") } else { field.to_owned() };
            list.push(ShownError { field: field.to_owned(), anchor, name, message });
        }
        FormErrors { list }
    }
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn ordered_groups(ctx: &Ctx, mut groups: Vec<ThemeGroupView>) -> Vec<ThemeGroupView> {
    groups.sort_by_key(|g| (ctx.theme_pos(g.theme_id), g.id));
    groups
}

// ---- theme groups --------------------------------------------------------------------------------

pub(crate) struct GroupCard {
    id: i64,
    theme_id: i64,
    theme: String,
    lead: String,
    description: Vec<String>,
    orgs: Vec<Link>,
    members: Vec<String>,
    member_count: usize,
    projects: Vec<Link>,
    can_edit: bool,
}

impl GroupCard {
    fn new(page: &Page, ctx: &Ctx, g: &ThemeGroupView, groups: &[ThemeGroupView], projects: &[ProjectView]) -> Self {
        let lead = match (g.lead_person_id, ctx.is_member()) {
            (Some(id), true) => ctx.person_name(id),
            (Some(_), false) => page.t("grp.group.lead_set").to_owned(),
            (None, _) => page.t("grp.group.lead_none").to_owned(),
        };
        let mut members: Vec<String> =
            if ctx.is_member() { g.member_ids.iter().map(|id| ctx.person_name(*id)).collect() } else { vec![] };
        members.sort();
        GroupCard {
            id: g.id,
            theme_id: g.theme_id,
            theme: g.name.clone(),
            lead,
            description: paragraphs(&g.description),
            orgs: g.organisation_ids.iter().map(|id| ctx.org_link(*id)).collect(),
            members,
            member_count: g.member_ids.len(),
            projects: projects
                .iter()
                .filter(|p| p.theme_id == g.theme_id)
                .map(|p| Link { href: format!("{}/projecten/{}", ctx.base(), p.id), label: p.title.clone() })
                .collect(),
            can_edit: ctx.is_manager() || ctx.leads(groups, g.theme_id),
        }
    }
}

#[derive(Template)]
#[template(path = "grp_groups.html")]
struct GroupsTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    groups: Vec<GroupCard>,
    is_member: bool,
    can_create: bool,
    flash: Option<String>,
}

async fn groups_index(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let groups = ordered_groups(&ctx, state.core.theme_groups(&ctx.tenant).await?);
    let projects = state.core.projects(page.actor.as_ref(), &ctx.tenant, None).await?;
    let cards = groups.iter().map(|g| GroupCard::new(&page, &ctx, g, &groups, &projects)).collect();
    Ok(render(&GroupsTemplate {
        title: page.t("grp.groups.title"),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        groups: cards,
        is_member: ctx.is_member(),
        can_create: ctx.is_manager(),
        flash: q.flash(&page),
        page,
    }))
}

#[derive(Template)]
#[template(path = "grp_group.html")]
struct GroupTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    group: GroupCard,
    is_member: bool,
    can_delete: bool,
    flash: Option<String>,
}

async fn group_show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let g = groups.iter().find(|g| g.id == id).ok_or(HtmlError(ErrorPage::NotFound))?;
    let projects = state.core.projects(page.actor.as_ref(), &ctx.tenant, Some(g.theme_id)).await?;
    let card = GroupCard::new(&page, &ctx, g, &groups, &projects);
    Ok(render(&GroupTemplate {
        title: page.f1("grp.group.title", "theme", &card.theme),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        group: card,
        is_member: ctx.is_member(),
        can_delete: ctx.is_manager(),
        flash: q.flash(&page),
        page,
    }))
}

/// The theme group form as typed.
#[derive(Default)]
struct GroupForm {
    theme_id: String,
    lead_person_id: String,
    description: String,
    organisation_ids: Vec<i64>,
    member_ids: Vec<i64>,
}

impl GroupForm {
    fn from_view(g: &ThemeGroupView) -> Self {
        GroupForm {
            theme_id: g.theme_id.to_string(),
            lead_person_id: g.lead_person_id.map(|i| i.to_string()).unwrap_or_default(),
            description: g.description.clone(),
            organisation_ids: g.organisation_ids.clone(),
            member_ids: g.member_ids.clone(),
        }
    }
    fn from_pairs(p: &Pairs) -> (Self, Result<ThemeGroupInput, FieldErrors>) {
        let mut e = FieldErrors::new();
        let organisation_ids = p.ids("organisation_ids").unwrap_or_else(|| {
            e.push("organisation_ids", FieldErrorKind::Invalid);
            vec![]
        });
        let member_ids = p.ids("member_ids").unwrap_or_else(|| {
            e.push("member_ids", FieldErrorKind::Invalid);
            vec![]
        });
        let form = GroupForm {
            theme_id: p.one("theme_id").trim().to_owned(),
            lead_person_id: p.one("lead_person_id").trim().to_owned(),
            description: p.one("description"),
            organisation_ids,
            member_ids,
        };
        let theme_id = form.theme_id.parse::<i64>().ok();
        if theme_id.is_none() {
            e.push("theme_id", FieldErrorKind::Required);
        }
        let lead = match form.lead_person_id.as_str() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.push("lead_person_id", FieldErrorKind::Invalid);
                    None
                }
            },
        };
        match theme_id {
            Some(theme_id) if e.is_empty() => {
                let input = ThemeGroupInput {
                    theme_id,
                    lead_person_id: lead,
                    description: form.description.clone(),
                    organisation_ids: form.organisation_ids.clone(),
                    member_ids: form.member_ids.clone(),
                };
                (form, Ok(input))
            }
            _ => (form, Err(e)),
        }
    }
}

#[derive(Template)]
#[template(path = "grp_group_form.html")]
struct GroupFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    /// Managers choose the theme; a themaleider sees it fixed.
    themes: Vec<Opt>,
    fixed_theme: Option<(String, String)>,
    leads: Vec<Opt>,
    description: String,
    orgs: Vec<Check>,
    members: Vec<Check>,
    errors: FormErrors,
}

impl GroupFormTemplate {
    fn new(
        page: Page,
        ctx: &Ctx,
        groups: &[ThemeGroupView],
        editing: Option<&ThemeGroupView>,
        form: GroupForm,
        errors: FormErrors,
    ) -> Self {
        let base = ctx.base();
        let (title, action, cancel) = match editing {
            Some(g) => (
                page.f1("grp.group.edit_title", "theme", &g.name),
                format!("{base}/themagroepen/{}", g.id),
                format!("{base}/themagroepen/{}", g.id),
            ),
            None => (
                page.t("grp.group.new_title").to_owned(),
                format!("{base}/themagroepen"),
                format!("{base}/themagroepen"),
            ),
        };
        // Each theme has at most one group: offer the themes still free (and the group's own).
        let themes = ctx
            .themes
            .iter()
            .filter(|(id, _)| !groups.iter().any(|g| g.theme_id == *id && Some(g.id) != editing.map(|e| e.id)))
            .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: form.theme_id == id.to_string() })
            .collect();
        let fixed_theme = match editing {
            Some(g) if !ctx.is_manager() => Some((g.theme_id.to_string(), g.name.clone())),
            _ => None,
        };
        let leads = ctx
            .people
            .iter()
            .map(|p| Opt {
                value: p.id.to_string(),
                label: p.name.clone(),
                selected: form.lead_person_id == p.id.to_string(),
            })
            .collect();
        let orgs = ctx
            .orgs
            .iter()
            .map(|o| Check {
                value: o.id.to_string(),
                label: o.name.clone(),
                checked: form.organisation_ids.contains(&o.id),
                extras: vec![],
            })
            .collect();
        let members = ctx
            .people
            .iter()
            .map(|p| Check {
                value: p.id.to_string(),
                label: p.name.clone(),
                checked: form.member_ids.contains(&p.id),
                extras: vec![],
            })
            .collect();
        GroupFormTemplate {
            title,
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            action,
            cancel,
            themes,
            fixed_theme,
            leads,
            description: form.description,
            orgs,
            members,
            errors,
            page,
        }
    }
}

async fn group_new(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    Ok(render(&GroupFormTemplate::new(page, &ctx, &groups, None, GroupForm::default(), FormErrors::default())))
}

async fn group_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_group(state, page, ctx, None, Pairs(pairs)).await
}

async fn group_update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_group(state, page, ctx, Some(id), Pairs(pairs)).await
}

async fn save_group(state: AppState, page: Page, ctx: Ctx, id: Option<i64>, pairs: Pairs) -> PageResult {
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let editing = match id {
        Some(id) => Some(groups.iter().find(|g| g.id == id).cloned().ok_or(HtmlError(ErrorPage::NotFound))?),
        None => None,
    };
    let (form, parsed) = GroupForm::from_pairs(&pairs);
    let errors = match parsed {
        Ok(input) => match state.core.save_theme_group(page.actor.as_ref(), &ctx.tenant, id, &input).await {
            Ok(saved) => return Ok(redirect(&format!("{}/themagroepen/{}?opgeslagen=1", ctx.base(), saved.id))),
            Err(CoreError::Invalid(e)) => e,
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            // Refuse early for those who may not save at all, as the use case would.
            ctx.require(&page, ctx.is_member())?;
            e
        }
    };
    let errors = FormErrors::from(&page, &errors, None);
    Ok(unprocessable(&GroupFormTemplate::new(page, &ctx, &groups, editing.as_ref(), form, errors)))
}

async fn group_edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let g = groups.iter().find(|g| g.id == id).ok_or(HtmlError(ErrorPage::NotFound))?;
    ctx.require(&page, ctx.is_manager() || ctx.leads(&groups, g.theme_id))?;
    let form = GroupForm::from_view(g);
    Ok(render(&GroupFormTemplate::new(page, &ctx, &groups, Some(g), form, FormErrors::default())))
}

async fn group_delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let g = state.core.theme_group(&ctx.tenant, id).await?;
    let title = page.f1("grp.group.delete_title", "theme", &g.name);
    let action = format!("{}/themagroepen/{id}/verwijderen", ctx.base());
    Ok(delete_page(page, &ctx, title, "grp.group.delete_warning", action))
}

async fn group_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_theme_group(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/themagroepen?verwijderd=1", tenant.slug)))
}

// ---- projects ------------------------------------------------------------------------------------

fn status_code(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Idee => "idee",
        ProjectStatus::InVoorbereiding => "in_voorbereiding",
        ProjectStatus::Lopend => "lopend",
        ProjectStatus::Afgerond => "afgerond",
        ProjectStatus::Gestopt => "gestopt",
    }
}

fn size_code(s: ProjectSize) -> &'static str {
    match s {
        ProjectSize::Groot => "groot",
        ProjectSize::Middel => "middel",
        ProjectSize::Klein => "klein",
    }
}

const STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Idee,
    ProjectStatus::InVoorbereiding,
    ProjectStatus::Lopend,
    ProjectStatus::Afgerond,
    ProjectStatus::Gestopt,
];
const SIZES: [ProjectSize; 3] = [ProjectSize::Groot, ProjectSize::Middel, ProjectSize::Klein];

fn status_label(page: &Page, code: &str) -> String {
    match code {
        "idee" | "in_voorbereiding" | "lopend" | "afgerond" | "gestopt" => page.t(&format!("grp.status.{code}")).into(),
        other => other.to_owned(),
    }
}

fn size_label(page: &Page, code: &str) -> String {
    match code {
        "groot" | "middel" | "klein" => page.t(&format!("grp.size.{code}")).into(),
        other => other.to_owned(),
    }
}

fn method_label(page: &Page, code: &str) -> String {
    match METHODS.iter().position(|m| *m == code) {
        Some(i) => page.t(&format!("grp.method.{i}")).into(),
        None => code.to_owned(),
    }
}

pub(crate) struct ProjectLine {
    id: i64,
    title: String,
    theme: String,
    status: String,
    status_code: &'static str,
    size: String,
    four_os: String,
    members_only: bool,
}

#[derive(Template)]
#[template(path = "grp_projects.html")]
struct ProjectsTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    themes: Vec<Opt>,
    filtered: bool,
    projects: Vec<ProjectLine>,
    can_create: bool,
    flash: Option<String>,
}

async fn projects_index(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let theme = q.theme().filter(|t| ctx.themes.iter().any(|(id, _)| id == t));
    let mut projects = state.core.projects(page.actor.as_ref(), &ctx.tenant, theme).await?;
    projects.sort_by(|a, b| (ctx.theme_pos(a.theme_id), &a.title).cmp(&(ctx.theme_pos(b.theme_id), &b.title)));
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let lines = projects
        .iter()
        .map(|p| ProjectLine {
            id: p.id,
            title: p.title.clone(),
            theme: ctx.theme_title(p.theme_id),
            status: status_label(&page, status_code(p.status)),
            status_code: status_code(p.status),
            size: size_label(&page, size_code(p.size)),
            four_os: p.four_os.iter().map(|o| four_o_label(&page, o)).collect::<Vec<_>>().join(", "),
            members_only: p.visibility != "public",
        })
        .collect();
    let themes = ctx
        .themes
        .iter()
        .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: Some(*id) == theme })
        .collect();
    Ok(render(&ProjectsTemplate {
        title: page.t("grp.projects.title"),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        themes,
        filtered: theme.is_some(),
        projects: lines,
        can_create: ctx.is_manager() || groups.iter().any(|g| ctx.me.is_some() && g.lead_person_id == ctx.me),
        flash: q.flash(&page),
        page,
    }))
}

pub(crate) struct PlanVersionLine {
    number: i64,
    date: String,
    author: String,
    note: String,
    plan: Vec<String>,
}

#[derive(Template)]
#[template(path = "grp_project.html")]
struct ProjectTemplate {
    page: Page,
    related: Vec<super::kit::RelatedLine>,
    title: String,
    slug: String,
    tenant_name: String,
    id: i64,
    theme: Link,
    group: Option<Link>,
    status: String,
    status_code: &'static str,
    size: String,
    members_only: bool,
    period: Option<String>,
    questions: Vec<String>,
    higher_goal: Vec<String>,
    four_os: Vec<String>,
    methods: Vec<String>,
    /// (organisation, contribution, planning)
    orgs: Vec<(Link, String, String)>,
    /// (name, role); empty for the public
    people: Vec<(String, String)>,
    is_member: bool,
    /// The plan rendered from Markdown; `None` when there is no plan.
    plan: Option<markdown::SafeHtml>,
    versions: Vec<PlanVersionLine>,
    /// Preselected in the compare form: the version before the latest, and the latest.
    compare_from: i64,
    compare_to: i64,
    can_edit: bool,
    flash: Option<String>,
}

async fn project_show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let p = state.core.project(page.actor.as_ref(), &ctx.tenant, id).await?;
    let versions = state.core.plan_versions(page.actor.as_ref(), &ctx.tenant, id).await?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    let base = ctx.base();
    let period = match (&p.starts_on, &p.ends_on) {
        (Some(s), Some(e)) => Some(page.tr.f("grp.project.period", &[("from", &page.date(s)), ("to", &page.date(e))])),
        (Some(s), None) => Some(page.f1("grp.project.from", "date", page.date(s))),
        (None, Some(e)) => Some(page.f1("grp.project.until", "date", page.date(e))),
        (None, None) => None,
    };
    let mut versions: Vec<PlanVersionLine> = versions
        .into_iter()
        .map(|v| PlanVersionLine {
            number: v.number,
            date: page.date(&v.created_at),
            author: v.author_name,
            note: v.change_note,
            plan: paragraphs(&v.plan),
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.number));
    let compare_to = versions.first().map_or(0, |v| v.number);
    let compare_from = versions.get(1).map_or(compare_to, |v| v.number);
    let related = super::kit::related_lines(&state, &page, "project", id).await?;
    Ok(render(&ProjectTemplate {
        related,
        title: p.title.clone(),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        id: p.id,
        theme: Link { href: format!("{base}/themas/{}", p.theme_id), label: ctx.theme_title(p.theme_id) },
        group: groups.iter().find(|g| g.theme_id == p.theme_id).map(|g| Link {
            href: format!("{base}/themagroepen/{}", g.id),
            label: page.f1("grp.group.title", "theme", &g.name),
        }),
        status: status_label(&page, status_code(p.status)),
        status_code: status_code(p.status),
        size: size_label(&page, size_code(p.size)),
        members_only: p.visibility != "public",
        period,
        questions: p.questions.clone(),
        higher_goal: paragraphs(&p.higher_goal),
        four_os: p.four_os.iter().map(|o| four_o_label(&page, o)).collect(),
        methods: p.methods.iter().map(|m| method_label(&page, m)).collect(),
        orgs: {
            let mut orgs: Vec<(Link, String, String)> = p
                .organisations
                .iter()
                .map(|o| (ctx.org_link(o.organisation_id), o.contribution.clone(), o.planning.clone()))
                .collect();
            orgs.sort_by(|a, b| a.0.label.cmp(&b.0.label));
            orgs
        },
        people: if ctx.is_member() {
            let mut people: Vec<(String, String)> =
                p.people.iter().map(|x| (ctx.person_name(x.person_id), x.role.clone())).collect();
            people.sort();
            people
        } else {
            vec![]
        },
        is_member: ctx.is_member(),
        plan: Some(&p.plan).filter(|s| !s.trim().is_empty()).map(|s| markdown::to_html(s)),
        versions,
        compare_from,
        compare_to,
        can_edit: ctx.is_manager() || ctx.leads(&groups, p.theme_id),
        flash: q.flash(&page),
        page,
    }))
}

#[derive(Template)]
#[template(path = "grp_plan_diff.html")]
struct PlanDiffTemplate {
    page: Page,
    title: String,
    project_title: String,
    slug: String,
    tenant_name: String,
    id: i64,
    from_line: String,
    to_line: String,
    no_changes: bool,
    /// (change kind, segments (emphasised, text)), as `diff.html` shows them
    lines: Vec<(&'static str, Vec<(bool, String)>)>,
}

#[derive(Deserialize)]
struct PlanCompareQuery {
    van: Option<String>,
    naar: Option<String>,
}

/// Two versions of a project plan side by side as a line diff, like the agenda's comparison.
/// Whoever may see the project may compare; an unknown or missing version is a 404.
async fn plan_compare(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PlanCompareQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let is_member = org::access(page.actor.as_ref(), &tenant) != Access::Public;
    // `project` refuses (404) a members-only project to the public before any version is read
    let p = state.core.project(page.actor.as_ref(), &tenant, id).await?;
    let versions = state.core.plan_versions(page.actor.as_ref(), &tenant, id).await?;
    let number = |s: Option<&String>| s.and_then(|s| s.trim().parse::<i64>().ok());
    let find = |n: Option<i64>| n.and_then(|n| versions.iter().find(|v| v.number == n));
    let (Some(old), Some(new)) = (find(number(q.van.as_ref())), find(number(q.naar.as_ref()))) else {
        return Err(HtmlError(ErrorPage::NotFound));
    };
    let line = |v: &broedplaats_store::organisation::PlanVersionRow| {
        let mut s = format!("{}: {}", page.f1("grp.project.version", "n", v.number), page.date(&v.created_at));
        if is_member {
            s.push_str(&format!(" · {}", v.author_name));
        }
        if !v.change_note.is_empty() {
            s.push_str(&format!(" — {}", v.change_note));
        }
        s
    };
    let diff = broedplaats_core::agenda::text_diff(&old.plan, &new.plan);
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
    Ok(render(&PlanDiffTemplate {
        title: page.tr.f("grp.plan_diff.title", &[("from", &old.number), ("to", &new.number)]),
        project_title: p.title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        id: p.id,
        from_line: line(old),
        to_line: line(new),
        no_changes,
        lines,
        page,
    }))
}

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
#[template(path = "grp_project_form.html")]
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

async fn project_new(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
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

async fn project_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_project(state, page, ctx, None, Pairs(pairs)).await
}

async fn project_update(
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
    let errors = FormErrors::from(&page, &errors, Some((&form.starts_on, &form.ends_on)));
    Ok(unprocessable(&ProjectFormTemplate::new(page, &ctx, &groups, editing.as_ref(), form, errors)))
}

async fn project_edit(
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

async fn project_delete_form(
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

async fn project_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_project(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/projecten?verwijderd=1", tenant.slug)))
}

// ---- bodies (MT, consortium) ---------------------------------------------------------------------

const BODY_KINDS: [&str; 2] = ["mt", "consortium"];

fn kind_label(page: &Page, kind: &str) -> String {
    if BODY_KINDS.contains(&kind) { page.t(&format!("grp.body.kind.{kind}")).into() } else { kind.to_owned() }
}

pub(crate) struct BodyCard {
    id: i64,
    name: String,
    kind: String,
    members: Vec<String>,
    /// Meeting dates (of its MT- or consortiumoverleg activities), newest first.
    meetings: Vec<String>,
    next_meeting: Option<String>,
}

impl BodyCard {
    fn new(page: &Page, ctx: &Ctx, b: &BodyView) -> Self {
        // meetings are activity starts in UTC (`…T14:00:00Z`), sorted; compare them as such
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut members: Vec<String> = b.member_ids.iter().map(|id| ctx.person_name(*id)).collect();
        members.sort();
        BodyCard {
            id: b.id,
            name: b.name.clone(),
            kind: kind_label(page, &b.kind),
            members,
            meetings: b.meetings.iter().rev().map(|d| page.date(d)).collect(),
            next_meeting: b.meetings.iter().find(|d| **d >= now).map(|d| page.date(d)),
        }
    }
}

#[derive(Template)]
#[template(path = "grp_bodies.html")]
struct BodiesTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    bodies: Vec<BodyCard>,
    can_create: bool,
    flash: Option<String>,
}

async fn bodies_index(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let mut bodies = state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?;
    bodies.sort_by_key(|b| (BODY_KINDS.iter().position(|k| *k == b.kind), b.id));
    Ok(render(&BodiesTemplate {
        title: page.t("grp.bodies.title"),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        can_create: ctx.is_manager() && bodies.len() < BODY_KINDS.len(),
        bodies: bodies.iter().map(|b| BodyCard::new(&page, &ctx, b)).collect(),
        flash: q.flash(&page),
        page,
    }))
}

#[derive(Template)]
#[template(path = "grp_body.html")]
struct BodyTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    body: BodyCard,
    /// The body's meetings: activities linked to it, upcoming and past.
    meetings: super::kit::Meetings,
    can_edit: bool,
    flash: Option<String>,
}

async fn body_show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let b = state.core.body(page.actor.as_ref(), &ctx.tenant, id).await?;
    let card = BodyCard::new(&page, &ctx, &b);
    let meetings = super::kit::Meetings::load(&state, &page, &ctx.tenant, &b).await?;
    Ok(render(&BodyTemplate {
        title: card.name.clone(),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        body: card,
        meetings,
        can_edit: ctx.is_manager(),
        flash: q.flash(&page),
        page,
    }))
}

/// The body form: meetings are not edited here but planned as activities of the body.
#[derive(Default)]
struct BodyForm {
    kind: String,
    name: String,
    member_ids: Vec<i64>,
}

impl BodyForm {
    fn from_view(b: &BodyView) -> Self {
        BodyForm { kind: b.kind.clone(), name: b.name.clone(), member_ids: b.member_ids.clone() }
    }
    fn from_pairs(p: &Pairs, fixed_kind: Option<&str>) -> (Self, Result<BodyInput, FieldErrors>) {
        let mut e = FieldErrors::new();
        let member_ids = p.ids("member_ids").unwrap_or_else(|| {
            e.push("member_ids", FieldErrorKind::Invalid);
            vec![]
        });
        let form = BodyForm {
            kind: fixed_kind.map(str::to_owned).unwrap_or_else(|| p.one("kind").trim().to_owned()),
            name: p.one("name"),
            member_ids,
        };
        if !e.is_empty() {
            return (form, Err(e));
        }
        let input = BodyInput { kind: form.kind.clone(), name: form.name.clone(), member_ids: form.member_ids.clone() };
        (form, Ok(input))
    }
}

#[derive(Template)]
#[template(path = "grp_body_form.html")]
struct BodyFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    /// Choosable kinds when creating; `None` when editing (the kind is fixed).
    kinds: Option<Vec<Opt>>,
    fixed_kind: String,
    name: String,
    members: Vec<Check>,
    errors: FormErrors,
}

impl BodyFormTemplate {
    fn new(
        page: Page,
        ctx: &Ctx,
        bodies: &[BodyView],
        editing: Option<&BodyView>,
        form: BodyForm,
        errors: FormErrors,
    ) -> Self {
        let base = ctx.base();
        let (title, action, cancel) = match editing {
            Some(b) => (
                page.f1("grp.body.edit_title", "name", &b.name),
                format!("{base}/organen/{}", b.id),
                format!("{base}/organen/{}", b.id),
            ),
            None => (page.t("grp.body.new_title").to_owned(), format!("{base}/organen"), format!("{base}/organen")),
        };
        let kinds = match editing {
            Some(_) => None,
            None => Some(
                BODY_KINDS
                    .iter()
                    .filter(|k| !bodies.iter().any(|b| b.kind == **k))
                    .map(|k| Opt { value: (*k).into(), label: kind_label(&page, k), selected: form.kind == *k })
                    .collect(),
            ),
        };
        let members = ctx
            .people
            .iter()
            .map(|p| Check {
                value: p.id.to_string(),
                label: p.name.clone(),
                checked: form.member_ids.contains(&p.id),
                extras: vec![],
            })
            .collect();
        BodyFormTemplate {
            title,
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            action,
            cancel,
            kinds,
            fixed_kind: kind_label(&page, &form.kind),
            name: form.name,
            members,
            errors,
            page,
        }
    }
}

async fn body_new(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let bodies = state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?;
    Ok(render(&BodyFormTemplate::new(page, &ctx, &bodies, None, BodyForm::default(), FormErrors::default())))
}

async fn body_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_body(state, page, ctx, None, Pairs(pairs)).await
}

async fn body_update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_body(state, page, ctx, Some(id), Pairs(pairs)).await
}

async fn save_body(state: AppState, page: Page, ctx: Ctx, id: Option<i64>, pairs: Pairs) -> PageResult {
    let bodies = state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?;
    let editing = match id {
        Some(id) => Some(bodies.iter().find(|b| b.id == id).cloned().ok_or(HtmlError(ErrorPage::NotFound))?),
        None => None,
    };
    let (form, parsed) = BodyForm::from_pairs(&pairs, editing.as_ref().map(|b| b.kind.as_str()));
    let errors = match parsed {
        Ok(input) => match state.core.save_body(page.actor.as_ref(), &ctx.tenant, id, &input).await {
            Ok(saved) => return Ok(redirect(&format!("{}/organen/{}?opgeslagen=1", ctx.base(), saved.id))),
            Err(CoreError::Invalid(e)) => e,
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            ctx.require(&page, ctx.is_manager())?;
            e
        }
    };
    let errors = FormErrors::from(&page, &errors, None);
    Ok(unprocessable(&BodyFormTemplate::new(page, &ctx, &bodies, editing.as_ref(), form, errors)))
}

async fn body_edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let bodies = state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?;
    let b = bodies.iter().find(|b| b.id == id).ok_or(HtmlError(ErrorPage::NotFound))?;
    let form = BodyForm::from_view(b);
    Ok(render(&BodyFormTemplate::new(page, &ctx, &bodies, Some(b), form, FormErrors::default())))
}

async fn body_delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let b = state.core.body(page.actor.as_ref(), &ctx.tenant, id).await?;
    let title = page.f1("grp.body.delete_title", "name", &b.name);
    let action = format!("{}/organen/{id}/verwijderen", ctx.base());
    Ok(delete_page(page, &ctx, title, "grp.body.delete_warning", action))
}

async fn body_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_body(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/organen?verwijderd=1", tenant.slug)))
}

// ---- relations map -------------------------------------------------------------------------------

pub(crate) struct RelationRow {
    org: Link,
    groups: Vec<Link>,
    projects: Vec<Link>,
}

#[derive(Template)]
#[template(path = "grp_relations.html")]
struct RelationsTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    themes: Vec<Opt>,
    svg: String,
    rows: Vec<RelationRow>,
}

async fn relations(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let base = ctx.base();
    let theme = q.theme().filter(|t| ctx.themes.iter().any(|(id, _)| id == t));
    let groups: Vec<ThemeGroupView> = ordered_groups(&ctx, state.core.theme_groups(&ctx.tenant).await?)
        .into_iter()
        .filter(|g| theme.is_none_or(|t| g.theme_id == t))
        .collect();
    let mut projects = state.core.projects(page.actor.as_ref(), &ctx.tenant, theme).await?;
    projects.sort_by(|a, b| (ctx.theme_pos(a.theme_id), &a.title).cmp(&(ctx.theme_pos(b.theme_id), &b.title)));
    let group_link = |g: &ThemeGroupView| Link {
        href: format!("{base}/themagroepen/{}", g.id),
        label: page.f1("grp.group.title", "theme", &g.name),
    };
    let project_link = |p: &ProjectView| Link { href: format!("{base}/projecten/{}", p.id), label: p.title.clone() };
    // Without a filter every organisation shows (also those without relations); with one, only
    // the organisations connected to what is shown.
    let rows: Vec<RelationRow> = ctx
        .orgs
        .iter()
        .map(|o| RelationRow {
            org: ctx.org_link(o.id),
            groups: groups.iter().filter(|g| g.organisation_ids.contains(&o.id)).map(group_link).collect(),
            projects: projects
                .iter()
                .filter(|p| p.organisations.iter().any(|x| x.organisation_id == o.id))
                .map(project_link)
                .collect(),
        })
        .filter(|r| theme.is_none() || !r.groups.is_empty() || !r.projects.is_empty())
        .collect();
    let shown_orgs: Vec<i64> = ctx
        .orgs
        .iter()
        .map(|o| o.id)
        .filter(|id| rows.iter().any(|r| r.org.href.ends_with(&format!("/{id}"))))
        .collect();
    let mut edges = Vec::new();
    for (i, oid) in shown_orgs.iter().enumerate() {
        for (j, g) in groups.iter().enumerate() {
            if g.organisation_ids.contains(oid) {
                edges.push((i, map::Target::Group(j)));
            }
        }
        for (j, p) in projects.iter().enumerate() {
            if p.organisations.iter().any(|x| x.organisation_id == *oid) {
                edges.push((i, map::Target::Project(j)));
            }
        }
    }
    let data = map::MapData {
        left: rows.iter().map(|r| map::MapNode { label: r.org.label.clone(), href: r.org.href.clone() }).collect(),
        groups: groups
            .iter()
            .map(|g| {
                let l = group_link(g);
                map::MapNode { label: g.name.clone(), href: l.href }
            })
            .collect(),
        projects: projects
            .iter()
            .map(|p| map::MapNode { label: p.title.clone(), href: project_link(p).href })
            .collect(),
        edges,
    };
    let tr = &page.tr;
    let desc = tr.f(
        "grp.relations.svg_desc",
        &[
            ("orgs", &data.left.len()),
            ("groups", &data.groups.len()),
            ("projects", &data.projects.len()),
            ("lines", &data.edges.len()),
        ],
    );
    let svg = map::relations_svg(
        &data,
        &map::MapText {
            title: &page.f1("grp.relations.svg_title", "name", &ctx.tenant.name),
            desc: &desc,
            organisations: page.t("grp.relations.organisations"),
            groups: page.t("grp.relations.groups"),
            projects: page.t("grp.relations.projects"),
        },
    );
    let themes = ctx
        .themes
        .iter()
        .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: Some(*id) == theme })
        .collect();
    Ok(render(&RelationsTemplate {
        title: page.t("grp.relations.title"),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        themes,
        svg,
        rows,
        page,
    }))
}

// ---- audit log -----------------------------------------------------------------------------------

const AUDIT_PAGE: i64 = 50;

pub(crate) struct AuditLine {
    when: String,
    who: String,
    what: String,
    href: Option<String>,
    action: String,
    action_code: String,
    /// (field, before, after)
    changes: Vec<(String, String, String)>,
    changes_label: String,
}

#[derive(Template)]
#[template(path = "grp_audit.html")]
struct AuditTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    lines: Vec<AuditLine>,
    next: Option<String>,
    first: Option<String>,
}

/// Absent, null, "" and [] all mean "nothing filled in".
fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// The keys whose values differ between before and after (blank values count as equal), `id`
/// aside; in the order of `after`, then keys only in `before`.
pub(crate) fn changed_keys(before: Option<&Value>, after: Option<&Value>) -> Vec<String> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| k.as_str() != "id")
        .filter(|k| {
            let (old, new) = (b.get(*k), a.get(*k));
            !(is_blank(old) && is_blank(new)) && old != new
        })
        .cloned()
        .collect()
}

/// Amsterdam time for a stored UTC timestamp: CET, or CEST from the last Sunday of March to the
/// last Sunday of October (01:00 UTC both).
fn amsterdam(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::{Datelike, NaiveDate};
    let last_sunday = |y: i32, m: u32| {
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
        next.and_then(|d| d.pred_opt()).map(|d| d - chrono::Days::new(d.weekday().num_days_from_sunday().into()))
    };
    let y = utc.year();
    let summer = match (last_sunday(y, 3), last_sunday(y, 10)) {
        (Some(s), Some(e)) => {
            let (s, e) = (s.and_hms_opt(1, 0, 0), e.and_hms_opt(1, 0, 0));
            s.is_some_and(|s| utc >= s) && e.is_some_and(|e| utc < e)
        }
        _ => false,
    };
    utc + chrono::TimeDelta::hours(if summer { 2 } else { 1 })
}

/// "3 november 2022, 14:05" (Amsterdam time) for an RFC 3339 timestamp; unparsable text as is.
fn date_time(page: &Page, at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let local = amsterdam(t.naive_utc());
            format!("{}, {}", page.date(&local.format("%Y-%m-%d").to_string()), local.format("%H:%M"))
        }
        Err(_) => at.to_owned(),
    }
}

const AUDIT_FIELDS: [&str; 34] = [
    "name",
    "title",
    "theme_id",
    "lead_person_id",
    "description",
    "organisation_ids",
    "member_ids",
    "questions",
    "higher_goal",
    "four_os",
    "methods",
    "size",
    "starts_on",
    "ends_on",
    "status",
    "visibility",
    "plan",
    "organisations",
    "people",
    "kind",
    "meetings",
    "city",
    "website",
    "email",
    "organisation_id",
    "position",
    "is_manager",
    "days_per_week",
    "functions",
    "signed_on",
    "representative_id",
    "estimated_hours",
    "estimated_note",
    "theme_title",
];

const ENTITY_TYPES: [&str; 6] = ["theme_group", "project", "body", "organisation", "person", "letter_of_intent"];

fn shorten_text(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max).collect::<String>() + "…" }
}

/// A value from the audit log in words: ids become names, codes labels, lists are joined.
fn show_value(page: &Page, ctx: &Ctx, entity: &str, key: &str, v: Option<&Value>) -> String {
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    };
    let Some(v) = v.filter(|v| !is_blank(Some(v))) else { return "—".into() };
    match (key, v) {
        ("theme_id", Value::Number(n)) => n.as_i64().map(|id| ctx.theme_title(id)).unwrap_or_default(),
        ("lead_person_id" | "representative_id", Value::Number(n)) => {
            n.as_i64().map(|id| ctx.person_name(id)).unwrap_or_default()
        }
        ("organisation_id", Value::Number(n)) => n.as_i64().map(|id| ctx.org_name(id)).unwrap_or_default(),
        ("organisation_ids", _) => ids(v).iter().map(|id| ctx.org_name(*id)).collect::<Vec<_>>().join(", "),
        ("member_ids", _) => ids(v).iter().map(|id| ctx.person_name(*id)).collect::<Vec<_>>().join(", "),
        ("organisations", Value::Array(a)) => a
            .iter()
            .map(|o| {
                let name = o["organisation_id"].as_i64().map(|id| ctx.org_name(id)).unwrap_or_default();
                match o["contribution"].as_str().filter(|s| !s.is_empty()) {
                    Some(c) => format!("{name} ({c})"),
                    None => name,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        ("people", Value::Array(a)) => a
            .iter()
            .map(|o| {
                let name = o["person_id"].as_i64().map(|id| ctx.person_name(id)).unwrap_or_default();
                match o["role"].as_str().filter(|s| !s.is_empty()) {
                    Some(r) => format!("{name} ({r})"),
                    None => name,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        ("status", Value::String(s)) if entity == "project" => status_label(page, s),
        ("size", Value::String(s)) if entity == "project" => size_label(page, s),
        ("kind", Value::String(s)) if entity == "body" => kind_label(page, s),
        ("visibility", Value::String(s)) if matches!(s.as_str(), "public" | "members") => {
            page.t(&format!("grp.visibility.{s}")).into()
        }
        ("four_os", Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(|o| four_o_label(page, o)).collect::<Vec<_>>().join(", ")
        }
        ("meetings", Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(|d| page.date(d)).collect::<Vec<_>>().join(", ")
        }
        ("starts_on" | "ends_on" | "signed_on", Value::String(s)) => page.date(s),
        (_, Value::Bool(b)) => page.t(if *b { "grp.yes" } else { "grp.no" }).into(),
        (_, Value::String(s)) => shorten_text(s, 400),
        (_, Value::Array(a)) if a.iter().all(Value::is_string) => {
            a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
        }
        (_, other) => shorten_text(&other.to_string(), 400),
    }
}

async fn audit_log(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let before_id = q.voor.as_deref().and_then(|v| v.trim().parse::<i64>().ok()).filter(|v| *v > 0);
    let rows = state.core.audit_log(page.actor.as_ref(), &ctx.tenant, before_id, AUDIT_PAGE).await?;
    let base = ctx.base();
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok());
    let lines = rows
        .iter()
        .map(|r| {
            let (before, after) = (parse(&r.before), parse(&r.after));
            let entity = r.entity_type.as_str();
            let latest = after.as_ref().or(before.as_ref());
            let name = latest
                .and_then(|v| v.get("title").or_else(|| v.get("name")).and_then(Value::as_str).map(str::to_owned))
                .or_else(|| latest.and_then(|v| v["organisation_id"].as_i64()).map(|id| ctx.org_name(id)))
                .unwrap_or_else(|| format!("#{}", r.entity_id));
            let kind = if ENTITY_TYPES.contains(&entity) {
                page.t(&format!("grp.audit.entity.{entity}")).to_owned()
            } else {
                entity.to_owned()
            };
            let path = match entity {
                "theme_group" => Some("themagroepen"),
                "project" => Some("projecten"),
                "body" => Some("organen"),
                "organisation" => Some("organisaties"),
                "person" => Some("mensen"),
                "letter_of_intent" => Some("intentieovereenkomsten"),
                _ => None,
            };
            let mut keys = changed_keys(before.as_ref(), after.as_ref());
            keys.sort_by_key(|k| AUDIT_FIELDS.iter().position(|f| f == k).unwrap_or(usize::MAX));
            let changes: Vec<(String, String, String)> = keys
                .into_iter()
                .map(|k| {
                    let label = if AUDIT_FIELDS.contains(&k.as_str()) {
                        page.t(&format!("grp.audit.field.{k}")).to_owned()
                    } else {
                        k.clone()
                    };
                    let show =
                        |v: &Option<Value>| show_value(&page, &ctx, entity, &k, v.as_ref().and_then(|v| v.get(&k)));
                    (label, show(&before), show(&after))
                })
                .collect();
            let action_code = match r.action.as_str() {
                a @ ("create" | "update" | "delete") => a.to_owned(),
                _ => "other".to_owned(),
            };
            AuditLine {
                when: date_time(&page, &r.at),
                who: r.actor_name.clone(),
                what: format!("{kind}: {name}"),
                href: path.filter(|_| r.action != "delete").map(|p| format!("{base}/{p}/{}", r.entity_id)),
                action: if action_code == "other" {
                    r.action.clone()
                } else {
                    page.t(&format!("grp.audit.action.{action_code}")).to_owned()
                },
                changes_label: match action_code.as_str() {
                    "create" => page.f1("grp.audit.changes_create", "n", changes.len()),
                    "delete" => page.f1("grp.audit.changes_delete", "n", changes.len()),
                    _ => page.f1("grp.audit.changes", "n", changes.len()),
                },
                action_code,
                changes,
            }
        })
        .collect();
    Ok(render(&AuditTemplate {
        title: page.t("grp.audit.title"),
        next: (rows.len() as i64 == AUDIT_PAGE)
            .then(|| rows.last().map(|r| format!("{base}/logboek?voor={}", r.id)))
            .flatten(),
        first: before_id.map(|_| format!("{base}/logboek")),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        lines,
        page,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_in_both_notations() {
        assert_eq!(normalise_date("2024-03-01"), "2024-03-01");
        assert_eq!(normalise_date(" 01-03-2024 "), "2024-03-01");
        assert_eq!(normalise_date("1-3-2024"), "2024-03-01");
        assert_eq!(normalise_date("1/3/2024"), "2024-03-01");
        assert_eq!(normalise_date("31-02-2024"), "31-02-2024", "impossible dates are left for the use case");
        assert_eq!(normalise_date("volgende week"), "volgende week");
        assert_eq!(opt_date("  "), None);
    }

    #[test]
    fn changed_keys_compare_before_and_after() {
        let before = json!({"id": 1, "name": "MT", "member_ids": [1, 2], "meetings": []});
        let after = json!({"id": 1, "name": "Managementteam", "member_ids": [1, 2], "meetings": ["2024-01-10"]});
        let mut keys = changed_keys(Some(&before), Some(&after));
        keys.sort();
        assert_eq!(keys, ["meetings", "name"]);
        // created: every filled-in field except the id; deleted: likewise (the empty list aside)
        let mut created = changed_keys(None, Some(&after));
        created.sort();
        assert_eq!(created, ["meetings", "member_ids", "name"]);
        let mut deleted = changed_keys(Some(&before), None);
        deleted.sort();
        assert_eq!(deleted, ["member_ids", "name"]);
        // a key that disappears counts as changed; null and absent are the same
        assert_eq!(changed_keys(Some(&json!({"a": 1, "b": null})), Some(&json!({}))), ["a"]);
        assert!(changed_keys(Some(&json!({"a": [1]})), Some(&json!({"a": [1]}))).is_empty());
        // blank is blank: nothing to report for fields left empty
        assert!(changed_keys(None, Some(&json!({"a": "", "b": [], "c": null}))).is_empty());
        assert_eq!(changed_keys(Some(&json!({"a": ""})), Some(&json!({"a": "x"}))), ["a"]);
    }

    #[test]
    fn amsterdam_time_follows_summer_time() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map(|t| t.naive_utc()).ok();
        let fmt = |t: Option<chrono::NaiveDateTime>| t.map(|t| amsterdam(t).format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(fmt(at("2024-01-15T12:00:00Z")), Some("2024-01-15 13:00".into()));
        assert_eq!(fmt(at("2024-07-15T12:00:00Z")), Some("2024-07-15 14:00".into()));
        // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC
        assert_eq!(fmt(at("2024-03-31T00:59:00Z")), Some("2024-03-31 01:59".into()));
        assert_eq!(fmt(at("2024-03-31T01:00:00Z")), Some("2024-03-31 03:00".into()));
        assert_eq!(fmt(at("2024-10-27T00:59:00Z")), Some("2024-10-27 02:59".into()));
        assert_eq!(fmt(at("2024-10-27T01:00:00Z")), Some("2024-10-27 02:00".into()));
        assert_eq!(fmt(at("2024-12-31T23:30:00Z")), Some("2025-01-01 00:30".into()));
    }
}
