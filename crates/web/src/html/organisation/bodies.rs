//! The bodies of a werkplaats (MT, consortium): their members and meetings. Meetings are
//! activities of the body, planned on the activity pages.
use super::common::{PageQuery, form_errors};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Check, Ctx, FormErrors, Meetings, Opt, PageResult, Pairs, delete_page, redirect, render, unprocessable,
};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::organisation::{BodyInput, BodyView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};

const BODY_KINDS: [&str; 2] = ["mt", "consortium"];

pub(super) fn kind_label(page: &Page, kind: &str) -> String {
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
#[template(path = "organisation/bodies.html")]
struct BodiesTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    bodies: Vec<BodyCard>,
    can_create: bool,
    flash: Option<String>,
}

pub(super) async fn bodies_index(
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
#[template(path = "organisation/body.html")]
struct BodyTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    body: BodyCard,
    /// The body's meetings: activities linked to it, upcoming and past.
    meetings: Meetings,
    can_edit: bool,
    flash: Option<String>,
}

pub(super) async fn body_show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let b = state.core.body(page.actor.as_ref(), &ctx.tenant, id).await?;
    let card = BodyCard::new(&page, &ctx, &b);
    let meetings = Meetings::load(&state, &page, &ctx.tenant, &b).await?;
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
#[template(path = "organisation/body_form.html")]
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

pub(super) async fn body_new(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, ctx.is_manager())?;
    let bodies = state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?;
    Ok(render(&BodyFormTemplate::new(page, &ctx, &bodies, None, BodyForm::default(), FormErrors::default())))
}

pub(super) async fn body_create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    save_body(state, page, ctx, None, Pairs(pairs)).await
}

pub(super) async fn body_update(
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
    let errors = form_errors(&page, &errors, None);
    Ok(unprocessable(&BodyFormTemplate::new(page, &ctx, &bodies, editing.as_ref(), form, errors)))
}

pub(super) async fn body_edit(
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

pub(super) async fn body_delete_form(
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

pub(super) async fn body_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_body(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/organen?verwijderd=1", tenant.slug)))
}
