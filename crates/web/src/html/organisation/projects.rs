//! Projects of a werkplaats: the list (by theme), a project with its plan and the plan's versions,
//! two plan versions compared. The project form is in `project_form`.
use super::common::PageQuery;
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{
    Ctx, Link, Opt, PageResult, RelatedLine, four_o_label, markdown, paragraphs, related_lines, render,
};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::agenda::LineChange;
use broedplaats_core::kernel::actor::Access;
use broedplaats_core::organisation::METHODS;
use broedplaats_core::organisation::governance::{ProjectSize, ProjectStatus};
use serde::Deserialize;

pub(super) fn status_code(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Idee => "idee",
        ProjectStatus::InVoorbereiding => "in_voorbereiding",
        ProjectStatus::Lopend => "lopend",
        ProjectStatus::Afgerond => "afgerond",
        ProjectStatus::Gestopt => "gestopt",
    }
}

pub(super) fn size_code(s: ProjectSize) -> &'static str {
    match s {
        ProjectSize::Groot => "groot",
        ProjectSize::Middel => "middel",
        ProjectSize::Klein => "klein",
    }
}

pub(super) const STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Idee,
    ProjectStatus::InVoorbereiding,
    ProjectStatus::Lopend,
    ProjectStatus::Afgerond,
    ProjectStatus::Gestopt,
];
pub(super) const SIZES: [ProjectSize; 3] = [ProjectSize::Groot, ProjectSize::Middel, ProjectSize::Klein];

pub(super) fn status_label(page: &Page, code: &str) -> String {
    match code {
        "idee" | "in_voorbereiding" | "lopend" | "afgerond" | "gestopt" => page.t(&format!("grp.status.{code}")).into(),
        other => other.to_owned(),
    }
}

pub(super) fn size_label(page: &Page, code: &str) -> String {
    match code {
        "groot" | "middel" | "klein" => page.t(&format!("grp.size.{code}")).into(),
        other => other.to_owned(),
    }
}

pub(super) fn method_label(page: &Page, code: &str) -> String {
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
#[template(path = "organisation/projects.html")]
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

pub(super) async fn projects_index(
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
#[template(path = "organisation/project.html")]
struct ProjectTemplate {
    page: Page,
    follow: crate::html::kit::follow::FollowButton,
    related: Vec<RelatedLine>,
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

pub(super) async fn project_show(
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
    let related = related_lines(&state, &page, "project", id).await?;
    let target = broedplaats_core::following::FollowTarget::Project(ctx.slug().to_owned(), id);
    let follow = crate::html::kit::follow::follow_button(&state, &page, target).await;
    Ok(render(&ProjectTemplate {
        follow,
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
#[template(path = "organisation/plan_diff.html")]
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
    /// (change kind, segments (emphasised, text)), as `agenda/diff.html` shows them
    lines: Vec<(&'static str, Vec<(bool, String)>)>,
}

#[derive(Deserialize)]
pub(super) struct PlanCompareQuery {
    van: Option<String>,
    naar: Option<String>,
}

/// Two versions of a project plan side by side as a line diff, like the agenda's comparison.
/// Whoever may see the project may compare; an unknown or missing version is a 404.
pub(super) async fn plan_compare(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PlanCompareQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let is_member = broedplaats_core::kernel::actor::access(page.actor.as_ref(), &tenant) != Access::Public;
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
