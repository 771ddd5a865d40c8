//! Practice questions (praktijkvragen) of a werkplaats: the list with filters, a question, its
//! form, deleting one.
use super::practice::{
    ListParams, given, kwestie_checks, kwestie_links, kwesties_of, md, select_id, shown_errors, status_label,
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
use broedplaats_core::knowledge::{QuestionFilter, QuestionInput, QuestionView};
use broedplaats_domain::QuestionStatus;
use broedplaats_store::Tenant;

struct QuestionLine {
    href: String,
    title: String,
    status: String,
    status_code: String,
    kwesties: Vec<Link>,
    project: Option<String>,
}

#[derive(Template)]
#[template(path = "knowledge/questions.html")]
struct QuestionsTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    flash: Option<String>,
    can_create: bool,
    kwesties: Vec<Opt>,
    statuses: Vec<Opt>,
    filtered: bool,
    items: Vec<QuestionLine>,
}

pub(super) async fn questions(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let params = ListParams::of(q);
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    let all = state.core.questions(actor, &tenant, &QuestionFilter::default()).await?;
    let kwestie = given(&params.kwestie).and_then(|k| k.parse::<i64>().ok());
    let status = given(&params.status).filter(|s| QuestionStatus::CODES.contains(s));
    // The kwesties to filter on: those the questions here name.
    let mut kwesties: Vec<Opt> = Vec::new();
    for k in all.iter().flat_map(|q| q.kwesties.iter()) {
        if !kwesties.iter().any(|o| o.value == k.id.to_string()) {
            kwesties.push(Opt { value: k.id.to_string(), label: k.name.clone(), selected: kwestie == Some(k.id) });
        }
    }
    kwesties.sort_by_key(|o| o.label.to_lowercase());
    let statuses = QuestionStatus::CODES
        .iter()
        .map(|c| Opt { value: (*c).into(), label: status_label(&page, c), selected: status == Some(*c) })
        .collect();
    let items = all
        .into_iter()
        .filter(|q| status.is_none_or(|s| q.status == s))
        .filter(|q| kwestie.is_none_or(|k| q.kwesties.iter().any(|x| x.id == k)))
        .map(|q| QuestionLine {
            href: q.url.clone(),
            status: status_label(&page, &q.status),
            kwesties: kwestie_links(&q.kwesties),
            project: q.project.map(|p| p.name),
            status_code: q.status,
            title: q.title,
        })
        .collect();
    Ok(render(&QuestionsTemplate {
        title: page.t("pq.questions.title").into(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        flash: params.flash(&page),
        can_create: state.core.may_write_practice(actor, &tenant),
        kwesties,
        statuses,
        filtered: kwestie.is_some() || status.is_some(),
        items,
        page,
    }))
}

#[derive(Template)]
#[template(path = "knowledge/question.html")]
struct QuestionTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    flash: Option<String>,
    q: QuestionView,
    status: String,
    explanation: Option<SafeHtml>,
    project: Option<Link>,
    kwesties: Vec<Link>,
}

pub(super) async fn question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let params = ListParams::of(q);
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.question(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&QuestionTemplate {
        title: v.title.clone(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        flash: params.flash(&page),
        status: status_label(&page, &v.status),
        explanation: md(&v.explanation),
        project: v
            .project
            .as_ref()
            .map(|p| Link { href: format!("/werkplaatsen/{}/projecten/{}", tenant.slug, p.id), label: p.name.clone() }),
        kwesties: kwestie_links(&v.kwesties),
        q: v,
        page,
    }))
}

/// The question form as typed.
#[derive(Default)]
struct QuestionForm {
    title: String,
    explanation: String,
    project_id: Option<i64>,
    status: String,
    kwesties: Vec<String>,
    visibility: String,
}

impl QuestionForm {
    fn from_pairs(pairs: &Pairs) -> Self {
        QuestionForm {
            title: pairs.one("title"),
            explanation: pairs.one("explanation"),
            project_id: select_id(&pairs.one("project_id")),
            status: pairs.one("status"),
            kwesties: kwesties_of(pairs),
            visibility: pairs.one("visibility"),
        }
    }
    fn of(v: &QuestionView) -> Self {
        QuestionForm {
            title: v.title.clone(),
            explanation: v.explanation.clone(),
            project_id: v.project.as_ref().map(|p| p.id),
            status: v.status.clone(),
            kwesties: v.kwesties.iter().map(|k| k.name.clone()).collect(),
            visibility: v.visibility.clone(),
        }
    }
    fn input(&self) -> QuestionInput {
        QuestionInput {
            title: self.title.clone(),
            explanation: Some(self.explanation.clone()),
            project_id: self.project_id,
            status: Some(self.status.clone()),
            kwesties: self.kwesties.clone(),
            visibility: Some(self.visibility.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "knowledge/question_form.html")]
struct QuestionFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    errors: FormErrors,
    form: QuestionForm,
    projects: Vec<Opt>,
    statuses: Vec<Check>,
    kwesties: Vec<Check>,
    new_kwesties: String,
}

async fn question_form(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    form: QuestionForm,
    errors: FormErrors,
) -> Result<QuestionFormTemplate, HtmlError> {
    let projects = state
        .core
        .projects(page.actor.as_ref(), tenant, None)
        .await?
        .into_iter()
        .map(|p| Opt { value: p.id.to_string(), label: p.title, selected: form.project_id == Some(p.id) })
        .collect();
    let current = if form.status.is_empty() { QuestionStatus::Explicated.code() } else { form.status.as_str() };
    let statuses = QuestionStatus::CODES
        .iter()
        .map(|c| Check { value: (*c).into(), label: status_label(&page, c), checked: *c == current, extras: vec![] })
        .collect();
    let (kwesties, new_kwesties) = kwestie_checks(state, &page, &form.kwesties).await?;
    let base = format!("/werkplaatsen/{}/praktijkvragen", tenant.slug);
    let (title, action, cancel) = match id {
        None => (page.t("pq.question.new").to_owned(), base.clone(), base),
        Some(id) => (page.t("pq.question.edit").to_owned(), format!("{base}/{id}"), format!("{base}/{id}")),
    };
    Ok(QuestionFormTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action,
        cancel,
        errors,
        form,
        projects,
        statuses,
        kwesties,
        new_kwesties,
        page,
    })
}

pub(super) async fn new_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_write_practice(page.actor.as_ref(), &tenant))?;
    let t = question_form(&state, page, &tenant, None, QuestionForm::default(), FormErrors::default()).await?;
    Ok(render(&t))
}

pub(super) async fn edit_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.question(page.actor.as_ref(), &tenant, id).await?;
    require(&page, v.may_edit)?;
    let t = question_form(&state, page, &tenant, Some(id), QuestionForm::of(&v), FormErrors::default()).await?;
    Ok(render(&t))
}

async fn save_question(
    state: AppState,
    page: Page,
    slug: String,
    id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    require(&page, state.core.may_write_practice(actor, &tenant))?;
    let form = QuestionForm::from_pairs(&Pairs(pairs));
    let saved = match id {
        None => state.core.create_question(actor, &tenant, &form.input()).await,
        Some(id) => state.core.update_question(actor, &tenant, id, &form.input()).await.map(|()| id),
    };
    match saved {
        Ok(id) => Ok(redirect(&format!("/werkplaatsen/{}/praktijkvragen/{id}?opgeslagen=1", tenant.slug))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e, false);
            Ok(unprocessable(&question_form(&state, page, &tenant, id, form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_question(state, page, slug, None, pairs).await
}

pub(super) async fn update_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_question(state, page, slug, Some(id), pairs).await
}

pub(super) async fn delete_question_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.question(page.actor.as_ref(), &tenant, id).await?;
    require(&page, v.may_delete)?;
    let action = format!("{}/verwijderen", v.url);
    let title = page.f1("pq.question.delete_title", "title", &v.title);
    Ok(delete_page_at(page, &tenant, title, "pq.question.delete_warning", action, v.url))
}

pub(super) async fn delete_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_question(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/praktijkvragen?verwijderd=1", tenant.slug)))
}
