//! Approaches and working factors (aanpakken, werkzame factoren) of a werkplaats, as in the
//! databank: the list with filters, an approach with its sections, its form, deleting one.
use super::practice::{
    ListParams, given, kind_label, kwestie_checks, kwestie_links, kwesties_of, md, recognition_label, select_id,
    shown_errors,
};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::markdown::SafeHtml;
use crate::html::kit::{
    Check, FormErrors, Link, Opt, PageResult, Pairs, delete_page_at, redirect, render, require, unprocessable,
};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::Ref;
use broedplaats_core::knowledge::{ApproachFilter, ApproachInput, ApproachView};
use broedplaats_domain::{ApproachKind, Recognition};
use broedplaats_store::Tenant;

struct ApproachLine {
    href: String,
    title: String,
    summary: String,
    kind: String,
    kind_code: String,
    recognition: String,
    approach: Option<Link>,
    kwesties: Vec<Link>,
}

#[derive(Template)]
#[template(path = "knowledge/approaches.html")]
struct ApproachesTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    flash: Option<String>,
    can_create: bool,
    kinds: Vec<Opt>,
    recognitions: Vec<Opt>,
    filtered: bool,
    items: Vec<ApproachLine>,
}

fn approach_href(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/aanpakken/{id}")
}

pub(super) async fn approaches(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let params = ListParams::of(q);
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    let kind = given(&params.soort).filter(|k| ApproachKind::CODES.contains(k));
    let recognition = given(&params.erkenning).filter(|r| Recognition::CODES.contains(r));
    let filter = ApproachFilter { kind: kind.map(str::to_owned), recognition: recognition.map(str::to_owned) };
    let items = state
        .core
        .approaches(actor, &tenant, &filter)
        .await?
        .into_iter()
        .map(|a| ApproachLine {
            href: a.url.clone(),
            kind: kind_label(&page, &a.kind),
            recognition: recognition_label(&page, &a.recognition),
            approach: a
                .approach
                .as_ref()
                .map(|p| Link { href: approach_href(&tenant.slug, p.id), label: p.name.clone() }),
            kwesties: kwestie_links(&a.kwesties),
            kind_code: a.kind,
            summary: a.summary,
            title: a.title,
        })
        .collect();
    let kinds = ApproachKind::CODES
        .iter()
        .map(|c| Opt { value: (*c).into(), label: kind_label(&page, c), selected: kind == Some(*c) })
        .collect();
    let recognitions = Recognition::CODES
        .iter()
        .map(|c| Opt { value: (*c).into(), label: recognition_label(&page, c), selected: recognition == Some(*c) })
        .collect();
    Ok(render(&ApproachesTemplate {
        title: page.t("pq.approaches.title").into(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        flash: params.flash(&page),
        can_create: state.core.may_write_practice(actor, &tenant),
        kinds,
        recognitions,
        filtered: kind.is_some() || recognition.is_some(),
        items,
        page,
    }))
}

/// A Markdown field of an approach, with its heading.
struct Section {
    heading: &'static str,
    hint: &'static str,
    html: SafeHtml,
}

#[derive(Template)]
#[template(path = "knowledge/approach.html")]
struct ApproachTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    flash: Option<String>,
    a: ApproachView,
    kind: String,
    recognition: String,
    approach: Option<Link>,
    factors: Vec<Link>,
    themes: Vec<String>,
    kwesties: Vec<Link>,
    sections: Vec<Section>,
}

/// The databank fields of an approach: (name, catalogue key of the heading).
const TEXT_FIELDS: [&str; 8] =
    ["goal", "target_group", "method", "working_elements", "rationale", "research", "preconditions", "context"];

fn text_of<'a>(v: &'a ApproachView, field: &str) -> &'a str {
    match field {
        "goal" => &v.goal,
        "target_group" => &v.target_group,
        "method" => &v.method,
        "working_elements" => &v.working_elements,
        "rationale" => &v.rationale,
        "research" => &v.research,
        "preconditions" => &v.preconditions,
        "context" => &v.context,
        _ => "",
    }
}

pub(super) async fn approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let params = ListParams::of(q);
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.approach(page.actor.as_ref(), &tenant, id).await?;
    let sections = TEXT_FIELDS
        .iter()
        .filter_map(|f| {
            md(text_of(&v, f)).map(|html| Section {
                heading: page.t(&format!("pq.field.{f}")),
                hint: page.t(&format!("pq.hint.{f}")),
                html,
            })
        })
        .collect();
    Ok(render(&ApproachTemplate {
        title: v.title.clone(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        flash: params.flash(&page),
        kind: kind_label(&page, &v.kind),
        recognition: recognition_label(&page, &v.recognition),
        approach: v.approach.as_ref().map(|p| Link { href: approach_href(&tenant.slug, p.id), label: p.name.clone() }),
        factors: v
            .factors
            .iter()
            .map(|f| Link { href: approach_href(&tenant.slug, f.id), label: f.name.clone() })
            .collect(),
        themes: v.themes.iter().map(|t| t.name.clone()).collect(),
        kwesties: kwestie_links(&v.kwesties),
        sections,
        a: v,
        page,
    }))
}

/// A textarea of the approach form.
struct TextArea {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    rows: usize,
}

#[derive(Default)]
struct ApproachForm {
    kind: String,
    title: String,
    summary: String,
    texts: Vec<(&'static str, String)>,
    recognition: String,
    approach_id: Option<i64>,
    themes: Vec<i64>,
    kwesties: Vec<String>,
}

impl ApproachForm {
    fn from_pairs(pairs: &Pairs) -> Self {
        ApproachForm {
            kind: pairs.one("kind"),
            title: pairs.one("title"),
            summary: pairs.one("summary"),
            texts: TEXT_FIELDS.iter().map(|f| (*f, pairs.one(f))).collect(),
            recognition: pairs.one("recognition"),
            approach_id: select_id(&pairs.one("approach_id")),
            themes: pairs.all("themes").iter().map(|t| t.parse().unwrap_or(-1)).collect(),
            kwesties: kwesties_of(pairs),
        }
    }
    fn of(v: &ApproachView) -> Self {
        ApproachForm {
            kind: v.kind.clone(),
            title: v.title.clone(),
            summary: v.summary.clone(),
            texts: TEXT_FIELDS.iter().map(|f| (*f, text_of(v, f).to_owned())).collect(),
            recognition: v.recognition.clone(),
            approach_id: v.approach.as_ref().map(|a| a.id),
            themes: v.themes.iter().map(|t| t.id).collect(),
            kwesties: v.kwesties.iter().map(|k| k.name.clone()).collect(),
        }
    }
    fn text(&self, field: &str) -> Option<String> {
        self.texts.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone())
    }
    fn input(&self) -> ApproachInput {
        ApproachInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: Some(self.summary.clone()),
            goal: self.text("goal"),
            target_group: self.text("target_group"),
            method: self.text("method"),
            working_elements: self.text("working_elements"),
            rationale: self.text("rationale"),
            research: self.text("research"),
            preconditions: self.text("preconditions"),
            context: self.text("context"),
            recognition: Some(self.recognition.clone()),
            approach_id: self.approach_id,
            themes: self.themes.iter().map(|t| Ref::Id(*t)).collect(),
            kwesties: self.kwesties.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "knowledge/approach_form.html")]
struct ApproachFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    errors: FormErrors,
    form: ApproachForm,
    kinds: Vec<Check>,
    texts: Vec<TextArea>,
    recognitions: Vec<Opt>,
    parents: Vec<Opt>,
    themes: Vec<Check>,
    kwesties: Vec<Check>,
    new_kwesties: String,
}

async fn approach_form(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    form: ApproachForm,
    errors: FormErrors,
) -> Result<ApproachFormTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let current_kind = if form.kind.is_empty() { ApproachKind::Approach.code() } else { form.kind.as_str() };
    let kinds = ApproachKind::CODES
        .iter()
        .map(|c| Check { value: (*c).into(), label: kind_label(&page, c), checked: *c == current_kind, extras: vec![] })
        .collect();
    let texts = TEXT_FIELDS
        .iter()
        .map(|f| TextArea {
            name: f,
            label: page.t(&format!("pq.field.{f}")),
            hint: page.t(&format!("pq.hint.{f}")),
            value: form.text(f).unwrap_or_default(),
            rows: 5,
        })
        .collect();
    let current_recognition =
        if form.recognition.is_empty() { Recognition::None.code() } else { form.recognition.as_str() };
    let recognitions = Recognition::CODES
        .iter()
        .map(|c| Opt { value: (*c).into(), label: recognition_label(&page, c), selected: *c == current_recognition })
        .collect();
    let filter = ApproachFilter { kind: Some(ApproachKind::Approach.code().into()), recognition: None };
    let parents = state
        .core
        .approaches(actor, tenant, &filter)
        .await?
        .into_iter()
        .filter(|a| Some(a.id) != id)
        .map(|a| Opt { value: a.id.to_string(), label: a.title, selected: form.approach_id == Some(a.id) })
        .collect();
    let themes = state
        .core
        .current_themes(tenant)
        .await?
        .into_iter()
        .map(|t| Check { value: t.id.to_string(), label: t.name, checked: form.themes.contains(&t.id), extras: vec![] })
        .collect();
    let (kwesties, new_kwesties) = kwestie_checks(state, &page, &form.kwesties).await?;
    let base = format!("/werkplaatsen/{}/aanpakken", tenant.slug);
    let (title, action, cancel) = match id {
        None => (page.t("pq.approach.new").to_owned(), base.clone(), base),
        Some(id) => (page.t("pq.approach.edit").to_owned(), format!("{base}/{id}"), format!("{base}/{id}")),
    };
    Ok(ApproachFormTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action,
        cancel,
        errors,
        form,
        kinds,
        texts,
        recognitions,
        parents,
        themes,
        kwesties,
        new_kwesties,
        page,
    })
}

pub(super) async fn new_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_write_practice(page.actor.as_ref(), &tenant))?;
    let t = approach_form(&state, page, &tenant, None, ApproachForm::default(), FormErrors::default()).await?;
    Ok(render(&t))
}

pub(super) async fn edit_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.approach(page.actor.as_ref(), &tenant, id).await?;
    require(&page, v.may_edit)?;
    let t = approach_form(&state, page, &tenant, Some(id), ApproachForm::of(&v), FormErrors::default()).await?;
    Ok(render(&t))
}

async fn save_approach(
    state: AppState,
    page: Page,
    slug: String,
    id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    require(&page, state.core.may_write_practice(actor, &tenant))?;
    let form = ApproachForm::from_pairs(&Pairs(pairs));
    let saved = match id {
        None => state.core.create_approach(actor, &tenant, &form.input()).await,
        Some(id) => state.core.update_approach(actor, &tenant, id, &form.input()).await.map(|()| id),
    };
    match saved {
        Ok(id) => Ok(redirect(&format!("{}?opgeslagen=1", approach_href(&tenant.slug, id)))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e, true);
            Ok(unprocessable(&approach_form(&state, page, &tenant, id, form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_approach(state, page, slug, None, pairs).await
}

pub(super) async fn update_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_approach(state, page, slug, Some(id), pairs).await
}

pub(super) async fn delete_approach_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.approach(page.actor.as_ref(), &tenant, id).await?;
    require(&page, v.may_delete)?;
    let action = format!("{}/verwijderen", v.url);
    let warning =
        if v.factors.is_empty() { "pq.approach.delete_warning" } else { "pq.approach.delete_warning_factors" };
    let title = page.f1("pq.approach.delete_title", "title", &v.title);
    Ok(delete_page_at(page, &tenant, title, warning, action, v.url))
}

pub(super) async fn delete_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_approach(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/aanpakken?verwijderd=1", tenant.slug)))
}
