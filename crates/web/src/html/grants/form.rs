//! The grant form (new and edit) and the delete with its confirmation step. Amounts per year are
//! one textarea, a line per year ("2024: 185.000"), so the form works without JavaScript for any
//! period; Dutch amounts ("185.000", "185000,50") are read by `parse_euros_text`.
use super::{euro_input, parse_euros, require_manager, shown_errors, type_label};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, confirm_delete, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::grants::{AmountInput, GrantInput, GrantView, NameOrId};
use broedplaats_domain::{FieldErrorKind, FieldErrors, GrantType};
use broedplaats_store::Tenant;

/// The form as sent; every field a text, so the use case and this module name what is wrong.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct GrantForm {
    funder: String,
    title: String,
    #[serde(rename = "type")]
    grant_type: String,
    reference: String,
    starts_on: String,
    ends_on: String,
    amounts: String,
    matching_ratio: String,
    part_of: String,
    conditions: String,
}

impl GrantForm {
    fn from_view(g: &GrantView) -> Self {
        GrantForm {
            funder: g.funder.clone().unwrap_or_default(),
            title: g.title.clone(),
            grant_type: g.grant_type.clone(),
            reference: g.reference.clone().unwrap_or_default(),
            starts_on: g.starts_on.clone(),
            ends_on: g.ends_on.clone(),
            amounts: g
                .amounts
                .iter()
                .map(|a| format!("{}: {}", a.year, euro_input(a.amount)))
                .collect::<Vec<_>>()
                .join("\n"),
            matching_ratio: g.matching_ratio.map(|r| r.to_string().replace('.', ",")).unwrap_or_default(),
            part_of: g.part_of.map(|p| p.to_string()).unwrap_or_default(),
            conditions: g.conditions.clone(),
        }
    }

    /// The input for the use case, or the errors this form can tell without the database.
    fn input(&self) -> Result<GrantInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut amounts = Vec::new();
        for line in self.amounts.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let Some((year, amount)) = line.split_once(':') else {
                e.push("amounts", FieldErrorKind::Refused { key: "grants.refused.amount_line" });
                continue;
            };
            let Ok(year) = year.trim().parse::<i64>() else {
                e.push("amounts", FieldErrorKind::Refused { key: "grants.refused.amount_line" });
                continue;
            };
            if let Some(amount) = parse_euros(&mut e, "amounts", amount) {
                amounts.push(AmountInput { year, amount });
            }
        }
        let matching_ratio = match self.matching_ratio.trim() {
            "" => None,
            raw => match raw.trim_start_matches("1:").replace(',', ".").parse::<f64>() {
                Ok(r) => Some(r),
                Err(_) => {
                    e.push("matching_ratio", FieldErrorKind::Invalid);
                    None
                }
            },
        };
        let part_of = match self.part_of.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(p) => Some(p),
                Err(_) => {
                    e.push("part_of", FieldErrorKind::Invalid);
                    None
                }
            },
        };
        if !e.is_empty() {
            return Err(e);
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(GrantInput {
            funder: NameOrId::Name(self.funder.trim().to_owned()),
            title: self.title.clone(),
            grant_type: self.grant_type.clone(),
            reference: opt(&self.reference),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            amounts,
            matching_ratio,
            part_of,
            conditions: opt(&self.conditions),
        })
    }
}

/// A use case's field (`amounts[1].year`, `type`) → the form field that shows it.
fn anchor(field: &str) -> String {
    match field {
        f if f.starts_with("amounts") => "amounts".into(),
        "type" => "grant_type".into(),
        f => f.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "grants/form.html")]
struct GrantFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    f: GrantForm,
    types: Vec<Opt>,
    parents: Vec<Opt>,
    funders: Vec<String>,
    errors: FormErrors,
}

async fn template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    f: GrantForm,
    errors: FormErrors,
) -> Result<GrantFormTemplate, crate::HtmlError> {
    let grants = state.core.grants(page.actor.as_ref(), tenant).await?;
    let types = GrantType::ALL
        .iter()
        .map(|t| Opt {
            value: t.code().into(),
            label: type_label(&page, t.code()).into(),
            selected: f.grant_type == t.code(),
        })
        .collect();
    let parents = grants
        .iter()
        .filter(|g| Some(g.id) != id)
        .map(|g| Opt { value: g.id.to_string(), label: g.title.clone(), selected: f.part_of == g.id.to_string() })
        .collect();
    let mut funders = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let p = state.core.organisations(tenant, None, cursor.as_deref(), 200).await?;
        funders.extend(p.items.into_iter().map(|o| o.name));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let base = format!("/werkplaatsen/{}/subsidies", tenant.slug);
    let (title, action, cancel) = match id {
        None => (page.t("grants.new").to_owned(), format!("{base}/nieuw"), base),
        Some(id) => {
            (page.f1("grants.edit.title", "title", &f.title), format!("{base}/{id}/bewerken"), format!("{base}/{id}"))
        }
    };
    Ok(GrantFormTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action,
        cancel,
        f,
        types,
        parents,
        funders,
        errors,
        page,
    })
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let f = GrantForm { grant_type: "grant".into(), ..GrantForm::default() };
    Ok(render(&template(&state, page, &tenant, None, f, FormErrors::default()).await?))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let g = state.core.grant(page.actor.as_ref(), &tenant, id).await?;
    Ok(render(&template(&state, page, &tenant, Some(id), GrantForm::from_view(&g), FormErrors::default()).await?))
}

async fn save(state: AppState, page: Page, slug: String, id: Option<i64>, f: GrantForm) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    if let Some(id) = id {
        state.core.grant(page.actor.as_ref(), &tenant, id).await?;
    }
    let result = match f.input() {
        Ok(input) => state.core.save_grant(page.actor.as_ref(), &tenant, id, &input).await,
        Err(e) => Err(CoreError::Invalid(e)),
    };
    match result {
        Ok(g) => Ok(redirect(&format!("/werkplaatsen/{}/subsidies/{}", tenant.slug, g.id))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e, anchor);
            Ok(unprocessable(&template(&state, page, &tenant, id, f, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    form: Result<HtmlForm<GrantForm>, crate::HtmlError>,
) -> PageResult {
    let HtmlForm(f) = form?;
    save(state, page, slug, None, f).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    form: Result<HtmlForm<GrantForm>, crate::HtmlError>,
) -> PageResult {
    let HtmlForm(f) = form?;
    save(state, page, slug, Some(id), f).await
}

pub(super) async fn delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let g = state.core.grant(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("grants.delete.title", "title", &g.title);
    confirm_delete(page, &tenant, title, "grants.delete.warning", &format!("/werkplaatsen/{slug}/subsidies/{id}"))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_grant(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{}/subsidies?verwijderd=1", tenant.slug)))
}
