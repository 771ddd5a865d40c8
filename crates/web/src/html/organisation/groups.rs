//! Theme groups: one per theme of the agenda, with a themaleider, partner organisations and
//! members. Names of people are for members: the public sees that a themaleider is appointed, not
//! who.
use super::common::{PageQuery, form_errors, ordered_groups};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Check, Ctx, FormErrors, Link, Opt, PageResult, Pairs, delete_page, paragraphs, redirect, render, unprocessable,
};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::organisation::{ProjectView, ThemeGroupInput, ThemeGroupView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};

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
#[template(path = "organisation/groups.html")]
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

pub(super) async fn groups_index(
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
#[template(path = "organisation/group.html")]
struct GroupTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    group: GroupCard,
    is_member: bool,
    can_delete: bool,
    /// Core says the visitor may invite people into this group (coordinator, lector, its themaleider).
    can_invite: bool,
    flash: Option<String>,
}

pub(super) async fn group_show(
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
    let can_invite = state.core.may_invite_to_group(page.actor.as_ref(), &ctx.tenant, id).await?;
    Ok(render(&GroupTemplate {
        title: page.f1("grp.group.title", "theme", &card.theme),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        group: card,
        is_member: ctx.is_member(),
        can_delete: ctx.is_manager(),
        can_invite,
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
#[template(path = "organisation/group_form.html")]
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

pub(super) async fn group_new(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let groups = state.core.theme_groups(&ctx.tenant).await?;
    Ok(render(&GroupFormTemplate::new(page, &ctx, &groups, None, GroupForm::default(), FormErrors::default())))
}

pub(super) async fn group_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_group(state, page, ctx, None, Pairs(pairs)).await
}

pub(super) async fn group_update(
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
    let errors = form_errors(&page, &errors, None);
    Ok(unprocessable(&GroupFormTemplate::new(page, &ctx, &groups, editing.as_ref(), form, errors)))
}

pub(super) async fn group_edit(
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

pub(super) async fn group_delete_form(
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

pub(super) async fn group_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_theme_group(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/themagroepen?verwijderd=1", tenant.slug)))
}
