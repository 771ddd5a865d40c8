//! Pages of practice questions (praktijkvragen), approaches and working factors (aanpakken,
//! werkzame factoren) of a werkplaats, and the kwesties shared by every werkplaats.
//!
//! Everything here is public to read. Authorisation stays in the use cases (`core::practice`);
//! handlers check early only where a form would otherwise be shown to someone who cannot send it.
use super::kit::markdown::{self, SafeHtml};
use super::kit::{Check, FormErrors, Link, Opt, Pairs, delete_page_at, redirect, render, unprocessable};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::Ref;
use broedplaats_core::practice::{
    ApproachFilter, ApproachInput, ApproachView, KwestieInput, QuestionFilter, QuestionInput, QuestionView,
};
use broedplaats_domain::{ApproachKind, FieldErrors, QuestionStatus, Recognition};
use broedplaats_store::Tenant;
use serde::Deserialize;

type PageResult = Result<Response, HtmlError>;

pub(crate) fn routes() -> Router<AppState> {
    let q = "/werkplaatsen/{slug}/praktijkvragen";
    let a = "/werkplaatsen/{slug}/aanpakken";
    Router::new()
        .route(q, get(questions).post(create_question))
        .route(&format!("{q}/nieuw"), get(new_question))
        .route(&format!("{q}/{{id}}"), get(question).post(update_question))
        .route(&format!("{q}/{{id}}/bewerken"), get(edit_question))
        .route(&format!("{q}/{{id}}/verwijderen"), get(delete_question_form).post(delete_question))
        .route(a, get(approaches).post(create_approach))
        .route(&format!("{a}/nieuw"), get(new_approach))
        .route(&format!("{a}/{{id}}"), get(approach).post(update_approach))
        .route(&format!("{a}/{{id}}/bewerken"), get(edit_approach))
        .route(&format!("{a}/{{id}}/verwijderen"), get(delete_approach_form).post(delete_approach))
        .route("/kwesties", get(kwesties))
        .route("/kwesties/{id}", get(kwestie).post(update_kwestie))
        .route("/kwesties/{id}/bewerken", get(edit_kwestie))
}

// ---- shared --------------------------------------------------------------------------------------

/// `?opgeslagen=1` / `?verwijderd=1` after a redirect, and the list filters.
#[derive(Deserialize, Default)]
struct ListParams {
    opgeslagen: Option<String>,
    verwijderd: Option<String>,
    kwestie: Option<String>,
    status: Option<String>,
    soort: Option<String>,
    erkenning: Option<String>,
}

impl ListParams {
    fn of(q: Result<Query<ListParams>, QueryRejection>) -> Self {
        q.map(|Query(p)| p).unwrap_or_default()
    }
    fn flash(&self, page: &Page) -> Option<String> {
        if self.opgeslagen.is_some() {
            Some(page.t("pq.flash.saved").to_owned())
        } else if self.verwijderd.is_some() {
            Some(page.t("pq.flash.deleted").to_owned())
        } else {
            None
        }
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn status_label(page: &Page, code: &str) -> String {
    if QuestionStatus::CODES.contains(&code) { page.t(&format!("pq.status.{code}")).into() } else { code.into() }
}

fn kind_label(page: &Page, code: &str) -> String {
    if ApproachKind::CODES.contains(&code) { page.t(&format!("pq.kind.{code}")).into() } else { code.into() }
}

fn recognition_label(page: &Page, code: &str) -> String {
    if Recognition::CODES.contains(&code) { page.t(&format!("pq.recognition.{code}")).into() } else { code.into() }
}

fn md(s: &str) -> Option<SafeHtml> {
    Some(s).filter(|s| !s.trim().is_empty()).map(markdown::to_html)
}

fn kwestie_links(items: &[broedplaats_core::knowledge::Named]) -> Vec<Link> {
    items.iter().map(|k| Link { href: format!("/kwesties/{}", k.id), label: k.name.clone() }).collect()
}

/// Early check before showing a form: anonymous visitors log in, others without rights get 403.
fn require(page: &Page, allowed: bool) -> Result<(), HtmlError> {
    match (&page.actor, allowed) {
        (None, _) => Err(HtmlError(ErrorPage::Unauthenticated)),
        (Some(_), false) => Err(HtmlError(ErrorPage::Forbidden)),
        (Some(_), true) => Ok(()),
    }
}

/// Fields whose errors the summary links to the first box of a group, or to another element.
fn anchor_of(field: &str) -> String {
    match field {
        "kwesties" => "nieuwe_kwesties".into(),
        "status" | "kind" | "themes" => format!("{field}-0"),
        f => f.to_owned(),
    }
}

/// The errors of a form in words; `approach` names the title field of the approach form.
fn shown_errors(page: &Page, errors: &FieldErrors, approach: bool) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let key = if approach && e.field == "title" { "approach_title" } else { e.field.as_str() };
        let name = page.t(&format!("pq.field.{key}"));
        let name = if name == "??" { e.field.clone() } else { name.to_owned() };
        out.push(&e.field, anchor_of(&e.field), name, field_message(&page.tr, &e.kind));
    }
    out
}

/// The kwesties of a form: the boxes ticked and the new labels, one per line.
fn kwesties_of(pairs: &Pairs) -> Vec<String> {
    let mut out = pairs.all("kwesties");
    out.extend(pairs.one("nieuwe_kwesties").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned));
    out
}

/// An id from a select; something that is not a number becomes an id that exists nowhere, so
/// the use case reports it with the other problems.
fn select_id(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() { None } else { Some(raw.parse().unwrap_or(-1)) }
}

/// Every kwestie of the installation as checkboxes, `selected` (labels) ticked; labels that are
/// not a kwestie yet stay in the "new" field.
async fn kwestie_checks(state: &AppState, selected: &[String]) -> Result<(Vec<Check>, String), HtmlError> {
    let all = state.core.kwesties().await?;
    let key = broedplaats_domain::kwestie_key;
    let checks = all
        .iter()
        .map(|k| Check {
            value: k.label.clone(),
            label: k.label.clone(),
            checked: selected.iter().any(|s| key(s) == key(&k.label)),
            extras: vec![],
        })
        .collect();
    let new = selected.iter().filter(|s| !all.iter().any(|k| key(&k.label) == key(s))).cloned().collect::<Vec<_>>();
    Ok((checks, new.join("\n")))
}

// ---- questions -----------------------------------------------------------------------------------

struct QuestionLine {
    href: String,
    title: String,
    status: String,
    status_code: String,
    kwesties: Vec<Link>,
    project: Option<String>,
}

#[derive(Template)]
#[template(path = "kb_questions.html")]
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

async fn questions(
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
#[template(path = "kb_question.html")]
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

async fn question(
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
}

impl QuestionForm {
    fn from_pairs(pairs: &Pairs) -> Self {
        QuestionForm {
            title: pairs.one("title"),
            explanation: pairs.one("explanation"),
            project_id: select_id(&pairs.one("project_id")),
            status: pairs.one("status"),
            kwesties: kwesties_of(pairs),
        }
    }
    fn of(v: &QuestionView) -> Self {
        QuestionForm {
            title: v.title.clone(),
            explanation: v.explanation.clone(),
            project_id: v.project.as_ref().map(|p| p.id),
            status: v.status.clone(),
            kwesties: v.kwesties.iter().map(|k| k.name.clone()).collect(),
        }
    }
    fn input(&self) -> QuestionInput {
        QuestionInput {
            title: self.title.clone(),
            explanation: Some(self.explanation.clone()),
            project_id: self.project_id,
            status: Some(self.status.clone()),
            kwesties: self.kwesties.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "kb_question_form.html")]
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
    let (kwesties, new_kwesties) = kwestie_checks(state, &form.kwesties).await?;
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

async fn new_question(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_write_practice(page.actor.as_ref(), &tenant))?;
    let t = question_form(&state, page, &tenant, None, QuestionForm::default(), FormErrors::default()).await?;
    Ok(render(&t))
}

async fn edit_question(
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

async fn create_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_question(state, page, slug, None, pairs).await
}

async fn update_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_question(state, page, slug, Some(id), pairs).await
}

async fn delete_question_form(
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

async fn delete_question(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_question(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/praktijkvragen?verwijderd=1", tenant.slug)))
}

// ---- approaches and working factors --------------------------------------------------------------

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
#[template(path = "kb_approaches.html")]
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

async fn approaches(
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
#[template(path = "kb_approach.html")]
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

async fn approach(
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
#[template(path = "kb_approach_form.html")]
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
    let (kwesties, new_kwesties) = kwestie_checks(state, &form.kwesties).await?;
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

async fn new_approach(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, state.core.may_write_practice(page.actor.as_ref(), &tenant))?;
    let t = approach_form(&state, page, &tenant, None, ApproachForm::default(), FormErrors::default()).await?;
    Ok(render(&t))
}

async fn edit_approach(
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

async fn create_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_approach(state, page, slug, None, pairs).await
}

async fn update_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save_approach(state, page, slug, Some(id), pairs).await
}

async fn delete_approach_form(
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

async fn delete_approach(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_approach(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/aanpakken?verwijderd=1", tenant.slug)))
}

// ---- kwesties ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kb_kwesties.html")]
struct KwestiesTemplate {
    page: Page,
    title: String,
    items: Vec<broedplaats_core::practice::KwestieView>,
}

async fn kwesties(State(state): State<AppState>, page: Page) -> PageResult {
    let items = state.core.kwesties().await?;
    Ok(render(&KwestiesTemplate { title: page.t("pq.kwesties.title").into(), items, page }))
}

/// One group of things linked to a kwestie.
struct UseGroup {
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    /// (link, werkplaats name, kind label)
    items: Vec<(Link, String, String)>,
}

#[derive(Template)]
#[template(path = "kb_kwestie.html")]
struct KwestieTemplate {
    page: Page,
    title: String,
    flash: Option<String>,
    id: i64,
    uses: i64,
    description: Option<SafeHtml>,
    groups: Vec<UseGroup>,
    can_edit: bool,
}

async fn kwestie(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> PageResult {
    let params = ListParams::of(q);
    let d = state.core.kwestie(page.actor.as_ref(), id).await?;
    let group = |id,
                 heading,
                 empty,
                 items: &[broedplaats_core::practice::KwestieItem],
                 label: &dyn Fn(&str) -> String| {
        UseGroup {
            id,
            heading: page.t(heading),
            empty: page.t(empty),
            items: items
                .iter()
                .map(|i| {
                    (Link { href: i.url.clone(), label: i.title.clone() }, i.werkplaats_name.clone(), label(&i.kind))
                })
                .collect(),
        }
    };
    let product_kind = |k: &str| {
        if broedplaats_domain::ProductKind::CODES.contains(&k) {
            page.t(&format!("pq.product_kind.{k}")).into()
        } else {
            k.into()
        }
    };
    let narrator = |k: &str| {
        if broedplaats_domain::NarratorRole::CODES.contains(&k) {
            page.t(&format!("pq.narrator.{k}")).into()
        } else {
            k.into()
        }
    };
    let groups = vec![
        group("kennisproducten", "pq.kwestie.products", "pq.kwestie.no_products", &d.products, &product_kind),
        group("praktijkvragen", "pq.kwestie.questions", "pq.kwestie.no_questions", &d.questions, &|k| {
            status_label(&page, k)
        }),
        group("aanpakken", "pq.kwestie.approaches", "pq.kwestie.no_approaches", &d.approaches, &|k| {
            kind_label(&page, k)
        }),
        group("verhalen", "pq.kwestie.stories", "pq.kwestie.no_stories", &d.stories, &narrator),
    ];
    Ok(render(&KwestieTemplate {
        title: d.kwestie.label.clone(),
        flash: params.flash(&page),
        id: d.kwestie.id,
        uses: d.kwestie.uses,
        description: md(&d.kwestie.description),
        groups,
        can_edit: d.may_edit,
        page,
    }))
}

#[derive(Template)]
#[template(path = "kb_kwestie_form.html")]
struct KwestieFormTemplate {
    page: Page,
    title: String,
    id: i64,
    errors: FormErrors,
    label: String,
    description: String,
}

async fn edit_kwestie(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    let d = state.core.kwestie(page.actor.as_ref(), id).await?;
    require(&page, d.may_edit)?;
    Ok(render(&KwestieFormTemplate {
        title: page.f1("pq.kwestie.edit", "label", &d.kwestie.label),
        id,
        errors: FormErrors::default(),
        label: d.kwestie.label,
        description: d.kwestie.description,
        page,
    }))
}

async fn update_kwestie(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let pairs = Pairs(pairs);
    require(&page, state.core.may_edit_kwesties(page.actor.as_ref()))?;
    let input = KwestieInput { label: pairs.one("label"), description: Some(pairs.one("description")) };
    match state.core.update_kwestie(page.actor.as_ref(), id, &input).await {
        Ok(()) => Ok(redirect(&format!("/kwesties/{id}?opgeslagen=1"))),
        Err(CoreError::Invalid(e)) => {
            let d = state.core.kwestie(page.actor.as_ref(), id).await?;
            Ok(unprocessable(&KwestieFormTemplate {
                title: page.f1("pq.kwestie.edit", "label", &d.kwestie.label),
                id,
                errors: shown_errors(&page, &e, false),
                label: input.label,
                description: input.description.unwrap_or_default(),
                page,
            }))
        }
        Err(e) => Err(e.into()),
    }
}
