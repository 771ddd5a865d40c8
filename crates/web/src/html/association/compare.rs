//! `/werkplaatsen/{slug}/vergelijken`: our agenda beside the others' — per theme the kwesties it
//! touches and who else works on them (whom to call) — with our priorities and joint projects,
//! and for our coordinators and lectoren the forms that link our projects and questions to a
//! priority and set the partner werkplaatsen of our projects.
use super::{Flash, flash_to, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{Check, FormErrors, Opt, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::association::{
    Choice, ComparisonForms, ComparisonView, JointProjectView, PartnersInput, PriorityItemView, PriorityItemsInput,
    ThemeComparison,
};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;

/// The form linking our projects and questions to one priority.
struct ItemsForm {
    id: String,
    action: String,
    projects: Vec<Check>,
    questions: Vec<Check>,
    open: bool,
}

struct PriorityBlock {
    id: i64,
    title: String,
    description: String,
    items: Vec<PriorityItemView>,
    form: Option<ItemsForm>,
}

/// The partner werkplaatsen of one project (`id` is `partners-{project}`, or `partners-new` with a
/// choice of project).
struct PartnersForm {
    id: String,
    project_id: i64,
    projects: Vec<Opt>,
    checks: Vec<Check>,
    open: bool,
}

struct JointBlock {
    project: JointProjectView,
    form: Option<PartnersForm>,
}

#[derive(Template)]
#[template(path = "association/compare.html")]
struct CompareTemplate {
    page: Page,
    title: String,
    flash: Option<&'static str>,
    errors: FormErrors,
    slug: String,
    name: String,
    themes: Vec<ThemeComparison>,
    priorities: Vec<PriorityBlock>,
    joint: Vec<JointBlock>,
    new_partners: Option<PartnersForm>,
}

impl CompareTemplate {
    /// The error of `field` in form `form`, if it was refused.
    fn field_error(&self, form: &str, field: &str) -> Option<&str> {
        self.errors.get(&format!("{form}-{field}"))
    }
}

/// What a refused form sent back: which form, and its ticked values.
enum Typed {
    Items { priority: i64, projects: Vec<i64>, questions: Vec<i64> },
    Partners { project: Option<i64>, werkplaatsen: Vec<String> },
}

fn checks(choices: &[Choice], checked: &[i64]) -> Vec<Check> {
    choices
        .iter()
        .map(|c| Check {
            value: c.id.to_string(),
            label: c.title.clone(),
            checked: checked.contains(&c.id),
            extras: vec![],
        })
        .collect()
}

fn werkplaats_checks(forms: &ComparisonForms, checked: &[String]) -> Vec<Check> {
    forms
        .others
        .iter()
        .map(|(slug, name)| Check {
            value: slug.clone(),
            label: name.clone(),
            checked: checked.contains(slug),
            extras: vec![],
        })
        .collect()
}

async fn compare_page(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    flash: Option<&'static str>,
    typed: Option<Typed>,
    errors: FormErrors,
) -> Result<CompareTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let view: ComparisonView = state.core.comparison(actor, tenant).await?;
    let forms = state.core.comparison_forms(actor, tenant).await?;
    let base = format!("/werkplaatsen/{}/vergelijken", tenant.slug);
    let priorities = view
        .priorities
        .into_iter()
        .map(|p| {
            let form = view.may_manage.then(|| {
                let (ps, qs, open) = match &typed {
                    Some(Typed::Items { priority, projects, questions }) if *priority == p.id => {
                        (projects.clone(), questions.clone(), true)
                    }
                    _ => {
                        let (ps, qs) = forms.linked.get(&p.id).cloned().unwrap_or_default();
                        (ps, qs, false)
                    }
                };
                ItemsForm {
                    id: format!("items-{}", p.id),
                    action: format!("{base}/prioriteiten/{}", p.id),
                    projects: checks(&forms.projects, &ps),
                    questions: checks(&forms.questions, &qs),
                    open,
                }
            });
            PriorityBlock { id: p.id, title: p.title, description: p.description, items: p.items, form }
        })
        .collect();
    let partners_typed = match &typed {
        Some(Typed::Partners { project, werkplaatsen }) => Some((*project, werkplaatsen.clone())),
        _ => None,
    };
    let joint = view
        .joint_projects
        .into_iter()
        .map(|j| {
            let form = (view.may_manage && j.werkplaats == tenant.slug).then(|| {
                let (checked, open) = match &partners_typed {
                    Some((Some(p), w)) if *p == j.id => (w.clone(), true),
                    _ => (forms.partners.get(&j.id).cloned().unwrap_or_default(), false),
                };
                PartnersForm {
                    id: format!("partners-{}", j.id),
                    project_id: j.id,
                    projects: vec![],
                    checks: werkplaats_checks(&forms, &checked),
                    open,
                }
            });
            JointBlock { project: j, form }
        })
        .collect();
    let new_partners = view.may_manage.then(|| {
        let (chosen, checked, open) = match &partners_typed {
            Some((p, w)) if !p.is_some_and(|p| forms.partners.contains_key(&p)) => (*p, w.clone(), true),
            _ => (None, vec![], false),
        };
        PartnersForm {
            id: "partners-new".into(),
            project_id: 0,
            projects: forms
                .projects
                .iter()
                .filter(|p| !forms.partners.contains_key(&p.id))
                .map(|p| Opt { value: p.id.to_string(), label: p.title.clone(), selected: Some(p.id) == chosen })
                .collect(),
            checks: werkplaats_checks(&forms, &checked),
            open,
        }
    });
    Ok(CompareTemplate {
        title: page.f1("assoc.compare.title", "werkplaats", &tenant.name),
        flash,
        errors,
        slug: tenant.slug.clone(),
        name: tenant.name.clone(),
        themes: view.themes,
        priorities,
        joint,
        new_partners,
        page,
    })
}

pub(crate) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let flash = flash.message(&page);
    Ok(render(&compare_page(&state, page, &tenant, flash, None, FormErrors::default()).await?))
}

/// Ids of a checkbox group; a value that is not a number is a field error.
fn ids(p: &Pairs, key: &str, e: &mut FieldErrors) -> Vec<i64> {
    p.ids(key).unwrap_or_else(|| {
        e.push(key, FieldErrorKind::Invalid);
        vec![]
    })
}

pub(crate) async fn set_items(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let input = PriorityItemsInput { projects: ids(&p, "projects", &mut e), questions: ids(&p, "questions", &mut e) };
    let result = if e.is_empty() {
        state.core.set_priority_items(page.actor.as_ref(), &tenant, id, &input).await.map_err(refused)
    } else {
        broedplaats_core::kernel::actor::require_manager(page.actor.as_ref(), &tenant)?;
        Err(Ok(e))
    };
    let base = format!("/werkplaatsen/{slug}/vergelijken");
    match result {
        Ok(()) => Ok(redirect(&flash_to(&base, "items_saved", &format!("prioriteit-{id}")))),
        Err(e) => {
            let form = format!("items-{id}");
            let errors = shown_errors(&page, &e?, &form, &["projects", "questions"]);
            let typed = Typed::Items { priority: id, projects: input.projects, questions: input.questions };
            Ok(unprocessable(&compare_page(&state, page, &tenant, None, Some(typed), errors).await?))
        }
    }
}

pub(crate) async fn set_partners(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = Pairs(pairs);
    let project = p.one("project_id").trim().parse::<i64>().ok();
    let werkplaatsen = p.all("werkplaatsen");
    let form = match project {
        Some(id) if state.core.project_partners(&tenant, id).await?.is_empty() => "partners-new".to_owned(),
        Some(id) => format!("partners-{id}"),
        None => "partners-new".to_owned(),
    };
    let result = match project {
        Some(id) => state
            .core
            .set_project_partners(
                page.actor.as_ref(),
                &tenant,
                id,
                &PartnersInput { werkplaatsen: werkplaatsen.clone() },
            )
            .await
            .map_err(|e| match e {
                // A project that is not ours is a wrong choice on this form, not a missing page.
                broedplaats_core::CoreError::NotFound => Ok(FieldErrors::single("project_id", FieldErrorKind::Invalid)),
                e => refused(e),
            }),
        None => {
            broedplaats_core::kernel::actor::require_manager(page.actor.as_ref(), &tenant)?;
            Err(Ok(FieldErrors::single("project_id", FieldErrorKind::Invalid)))
        }
    };
    let base = format!("/werkplaatsen/{slug}/vergelijken");
    match result {
        Ok(()) => Ok(redirect(&flash_to(&base, "partners_saved", "gezamenlijke-projecten"))),
        Err(e) => {
            let errors = shown_errors(&page, &e?, &form, &["werkplaatsen"]);
            let typed = Typed::Partners { project, werkplaatsen };
            Ok(unprocessable(&compare_page(&state, page, &tenant, None, Some(typed), errors).await?))
        }
    }
}
