//! The relations map: which organisations take part in which theme groups and projects, as an
//! SVG and as a table with the same links.
use super::common::{PageQuery, ordered_groups};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::svg as map;
use crate::html::kit::{Ctx, Link, Opt, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::organisation::{ProjectView, ThemeGroupView};

pub(crate) struct RelationRow {
    org: Link,
    groups: Vec<Link>,
    projects: Vec<Link>,
}

#[derive(Template)]
#[template(path = "organisation/relations.html")]
struct RelationsTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    themes: Vec<Opt>,
    svg: String,
    rows: Vec<RelationRow>,
}

pub(super) async fn relations(
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
