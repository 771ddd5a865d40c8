//! Adding, changing and deleting an outcome without JavaScript: beneficiaries and the 4 O's as
//! checkboxes, evidence as a multiple select of knowledge products, one of activities, web
//! addresses one per line, and [`FIGURE_ROWS`] rows of figure label, value and source.
use super::outcomes::{BENEFICIARIES, figure_value};
use super::{code_options, id_of, number, options, require_manager, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Check, FormErrors, Opt, PageResult, Pairs, delete_page_at, four_o_checks, redirect, render, unprocessable,
};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::grants::{EvidenceInput, FigureInput, OutcomeInput, OutcomeView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;

/// Empty figure rows offered (more after saving, one per recorded figure plus these).
pub(super) const FIGURE_ROWS: usize = 3;

/// One figure row as typed.
pub(super) struct FigureRow {
    index: usize,
    /// The ids of its three controls.
    ids: [String; 3],
    label: String,
    value: String,
    source: String,
}

/// The form as typed.
#[derive(Default)]
pub(super) struct OutcomeForm {
    title: String,
    description: String,
    year: String,
    status: String,
    project_id: String,
    beneficiaries: Vec<String>,
    four_os: Vec<String>,
    products: Vec<i64>,
    activities: Vec<i64>,
    urls: String,
    figures: Vec<FigureRow>,
}

impl FigureRow {
    fn new(index: usize, label: String, value: String, source: String) -> Self {
        let ids = ["label", "value", "source"].map(|part| format!("figure_{index}_{part}"));
        FigureRow { index, ids, label, value, source }
    }
}

impl OutcomeForm {
    fn of(o: &OutcomeView) -> Self {
        let mut f = OutcomeForm {
            title: o.title.clone(),
            description: o.description.clone(),
            year: o.year.to_string(),
            status: o.status.clone(),
            project_id: o.project_id.map(|p| p.to_string()).unwrap_or_default(),
            beneficiaries: o.beneficiaries.clone(),
            four_os: o.four_os.clone(),
            ..OutcomeForm::default()
        };
        let mut urls = Vec::new();
        for e in &o.evidence {
            if let Some(id) = e.knowledge_product_id {
                f.products.push(id);
            } else if let Some(id) = e.activity_id {
                f.activities.push(id);
            } else if let Some(u) = &e.url {
                urls.push(u.clone());
            } else if let Some(fig) = &e.figure {
                f.figures.push(FigureRow::new(
                    f.figures.len(),
                    fig.label.clone(),
                    figure_value(fig.value).replace('.', ""),
                    fig.source.clone().unwrap_or_default(),
                ));
            }
        }
        f.urls = urls.join("\n");
        f.pad();
        f
    }

    /// Adds empty figure rows up to the recorded ones plus [`FIGURE_ROWS`].
    fn pad(&mut self) {
        let filled = self.figures.iter().filter(|r| !r.label.is_empty() || !r.value.is_empty()).count();
        while self.figures.len() < filled + FIGURE_ROWS {
            let index = self.figures.len();
            self.figures.push(FigureRow::new(index, String::new(), String::new(), String::new()));
        }
    }

    fn from_pairs(p: &Pairs) -> Self {
        let ids = |key: &str| p.all(key).iter().filter_map(|v| v.parse().ok()).collect();
        let mut figures = Vec::new();
        for index in 0..50 {
            let label = p.one(&format!("figure_{index}_label"));
            let value = p.one(&format!("figure_{index}_value"));
            let source = p.one(&format!("figure_{index}_source"));
            if !p.0.iter().any(|(k, _)| k.starts_with(&format!("figure_{index}_"))) {
                break;
            }
            figures.push(FigureRow::new(index, label, value, source));
        }
        let mut f = OutcomeForm {
            title: p.one("title"),
            description: p.one("description"),
            year: p.one("year"),
            status: p.one("status"),
            project_id: p.one("project_id"),
            beneficiaries: p.all("beneficiaries"),
            four_os: p.all("four_os"),
            products: ids("products"),
            activities: ids("activities"),
            urls: p.one("urls"),
            figures,
        };
        f.pad();
        f
    }

    /// The input, with the form control each evidence item came from (for the error summary).
    fn input(&self) -> Result<(OutcomeInput, Vec<String>), FieldErrors> {
        let mut e = FieldErrors::new();
        let year = match self.year.trim() {
            "" => {
                e.push("year", FieldErrorKind::Required);
                0
            }
            y => y.parse().unwrap_or_else(|_| {
                e.push("year", FieldErrorKind::Invalid);
                0
            }),
        };
        let mut evidence = Vec::new();
        let mut anchors = Vec::new();
        let none = EvidenceInput { knowledge_product_id: None, activity_id: None, url: None, figure: None };
        for id in &self.products {
            evidence.push(EvidenceInput { knowledge_product_id: Some(*id), ..none.clone() });
            anchors.push("products".to_owned());
        }
        for id in &self.activities {
            evidence.push(EvidenceInput { activity_id: Some(*id), ..none.clone() });
            anchors.push("activities".to_owned());
        }
        for url in self.urls.lines().map(str::trim).filter(|u| !u.is_empty()) {
            evidence.push(EvidenceInput { url: Some(url.to_owned()), ..none.clone() });
            anchors.push("urls".to_owned());
        }
        for row in &self.figures {
            if row.label.trim().is_empty() && row.value.trim().is_empty() && row.source.trim().is_empty() {
                continue;
            }
            let value = match number(&row.value.replace('.', "")) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    e.push(format!("figure_{}_value", row.index), FieldErrorKind::Required);
                    0.0
                }
                Err(()) => {
                    e.push(format!("figure_{}_value", row.index), FieldErrorKind::Invalid);
                    0.0
                }
            };
            let source = Some(row.source.trim().to_owned()).filter(|s| !s.is_empty());
            let figure = FigureInput { label: row.label.clone(), value, source };
            evidence.push(EvidenceInput { figure: Some(figure), ..none.clone() });
            anchors.push(format!("figure_{}_label", row.index));
        }
        let input = OutcomeInput {
            title: self.title.clone(),
            description: self.description.clone(),
            year,
            beneficiaries: self.beneficiaries.clone(),
            evidence,
            project_id: id_of(&self.project_id),
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            contribution_ids: vec![],
            four_os: self.four_os.clone(),
        };
        if e.is_empty() { Ok((input, anchors)) } else { Err(e) }
    }
}

#[derive(Template)]
#[template(path = "grants/inzet/outcome_form.html")]
struct FormTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    action: String,
    f: OutcomeForm,
    statuses: Vec<Opt>,
    beneficiaries: Vec<Check>,
    four_os: Vec<Check>,
    projects: Vec<Opt>,
    products: Vec<Opt>,
    activities: Vec<Opt>,
    errors: FormErrors,
}

async fn template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    f: OutcomeForm,
    errors: FormErrors,
) -> Result<FormTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let choices = state.core.evidence_choices(actor, tenant).await?;
    let projects = state.core.projects(actor, tenant, None).await?.into_iter().map(|p| (p.id, p.title));
    let multi = |items: Vec<(i64, String)>, chosen: &[i64]| -> Vec<Opt> {
        items
            .into_iter()
            .map(|(id, label)| Opt { value: id.to_string(), label, selected: chosen.contains(&id) })
            .collect()
    };
    let beneficiaries = BENEFICIARIES
        .iter()
        .map(|b| Check {
            value: (*b).into(),
            label: page.t(&format!("outcome.beneficiary.{b}")).into(),
            checked: f.beneficiaries.iter().any(|x| x == b),
            extras: vec![],
        })
        .collect();
    let base = format!("/werkplaatsen/{}/resultaten", tenant.slug);
    Ok(FormTemplate {
        title: page.t(if id.is_some() { "outcome.form.edit_title" } else { "outcome.form.new_title" }),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action: match id {
            Some(id) => format!("{base}/{id}/bewerken"),
            None => format!("{base}/nieuw"),
        },
        statuses: code_options(&page, &["planned", "in_progress", "achieved"], "outcome.status", &f.status),
        beneficiaries,
        four_os: four_o_checks(&page, &f.four_os),
        projects: options(projects, id_of(&f.project_id)),
        products: multi(choices.products, &f.products),
        activities: multi(choices.activities, &f.activities),
        f,
        errors,
        page,
    })
}

pub(super) async fn new(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let mut f =
        OutcomeForm { year: state.core.current_year().to_string(), status: "planned".into(), ..OutcomeForm::default() };
    f.pad();
    Ok(render(&template(&state, page, &tenant, None, f, FormErrors::default()).await?))
}

pub(super) async fn edit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let o = state.core.outcome(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&template(&state, page, &tenant, Some(id), OutcomeForm::of(&o), FormErrors::default()).await?))
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    save(state, page, slug, None, form).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    save(state, page, slug, Some(id), form).await
}

async fn save(
    state: AppState,
    page: Page,
    slug: String,
    id: Option<i64>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let HtmlForm(pairs) = form?;
    let f = OutcomeForm::from_pairs(&Pairs(pairs));
    let mut errors = FormErrors::default();
    match f.input() {
        Ok((input, anchors)) => match state.core.save_outcome(page.actor.as_ref(), &tenant, id, &input).await {
            Ok(_) => return Ok(redirect(&format!("/werkplaatsen/{}/resultaten", tenant.slug))),
            Err(CoreError::Invalid(e)) => {
                let anchor = |field: &str| evidence_anchor(field, &anchors);
                shown_errors(&page, &e, "outcome.field", anchor, &mut errors);
            }
            Err(e) => return Err(e.into()),
        },
        Err(e) => shown_errors(&page, &e, "outcome.field", str::to_owned, &mut errors),
    }
    Ok(unprocessable(&template(&state, page, &tenant, id, f, errors).await?))
}

/// `evidence[3].url` → the control evidence item 3 came from; other fields are their own control.
fn evidence_anchor(field: &str, anchors: &[String]) -> String {
    field
        .strip_prefix("evidence[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok())
        .and_then(|i| anchors.get(i).cloned())
        .unwrap_or_else(|| field.to_owned())
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let o = state.core.outcome(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("outcome.delete.title", "what", &o.title);
    let base = format!("/werkplaatsen/{}/resultaten", tenant.slug);
    Ok(delete_page_at(page, &tenant, title, "outcome.delete.warning", format!("{base}/{id}/verwijderen"), base))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    state.core.delete_outcome(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/resultaten", tenant.slug)))
}
