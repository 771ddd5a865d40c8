//! The thresholds of the governance checks: members see them, coordinator and lectoren change them.
use super::common::{decimal, is_manager, parse_days, redirect, require_manager};
use crate::AppState;
use crate::error::field_message;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::fields::{FormData, SummaryItem};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::organisation::governance::Settings;
use broedplaats_domain::FieldErrorKind;
use broedplaats_store::Tenant;

/// The thresholds in the order of the form; `true` for the one that takes a decimal (days a week).
const SETTING_FIELDS: [(&str, bool); 8] = [
    ("theme_group_min_other_partners", false),
    ("teacher_researcher_min_days", true),
    ("mt_months_checked", false),
    ("min_main_themes", false),
    ("max_main_themes", false),
    ("lectoren", false),
    ("min_large_projects", false),
    ("min_small_projects", false),
];

/// The settings as the form shows them: whole numbers as digits, days in the page's language.
fn settings_values(page: &Page, s: &Settings) -> Vec<(&'static str, String)> {
    let whole = |n: u32| n.to_string();
    vec![
        ("theme_group_min_other_partners", whole(s.theme_group_min_other_partners)),
        ("teacher_researcher_min_days", decimal(page, s.teacher_researcher_min_days)),
        ("mt_months_checked", whole(s.mt_months_checked)),
        ("min_main_themes", whole(s.min_main_themes)),
        ("max_main_themes", whole(s.max_main_themes)),
        ("lectoren", whole(s.lectoren)),
        ("min_large_projects", whole(s.min_large_projects)),
        ("min_small_projects", whole(s.min_small_projects)),
    ]
}

/// Reads the form; every field that is empty or not a number (a minus sign included) is reported at
/// once, with its message. Rules between fields (minimum above maximum) are the use case's.
fn parse_settings(page: &Page, d: &FormData) -> Result<Settings, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut whole = |name: &str| -> u32 {
        let raw = d.get(name).trim();
        if raw.is_empty() {
            errors.push((name.to_owned(), field_message(&page.tr, &FieldErrorKind::Required)));
            return 0;
        }
        match raw.parse::<u32>() {
            Ok(n) if raw.chars().all(|c| c.is_ascii_digit()) => n,
            _ => {
                errors.push((name.to_owned(), page.t("gov.settings.error.whole").to_owned()));
                0
            }
        }
    };
    let mut s = Settings {
        theme_group_min_other_partners: whole("theme_group_min_other_partners"),
        teacher_researcher_min_days: 0.0,
        mt_months_checked: whole("mt_months_checked"),
        min_main_themes: whole("min_main_themes"),
        max_main_themes: whole("max_main_themes"),
        lectoren: whole("lectoren"),
        min_large_projects: whole("min_large_projects"),
        min_small_projects: whole("min_small_projects"),
    };
    match parse_days(d.get("teacher_researcher_min_days")) {
        Ok(Some(v)) => s.teacher_researcher_min_days = v,
        Ok(None) => {
            errors.push(("teacher_researcher_min_days".to_owned(), field_message(&page.tr, &FieldErrorKind::Required)))
        }
        Err(()) => {
            errors.push(("teacher_researcher_min_days".to_owned(), page.t("gov.settings.error.days").to_owned()))
        }
    }
    if errors.is_empty() { Ok(s) } else { Err(errors) }
}

/// The use case's refusals in words of this form.
fn settings_error_text(page: &Page, field: &str, kind: &FieldErrorKind) -> String {
    match (field, kind) {
        ("min_main_themes" | "max_main_themes", FieldErrorKind::Invalid) => {
            page.t("gov.settings.error.min_max").to_owned()
        }
        ("teacher_researcher_min_days", FieldErrorKind::Invalid) => page.t("gov.settings.error.days").to_owned(),
        ("mt_months_checked", FieldErrorKind::TooLong { max }) => page.f1("gov.settings.error.months", "max", max),
        _ => field_message(&page.tr, kind),
    }
}

/// One threshold of the form.
struct SettingField {
    name: &'static str,
    /// Says what the threshold means, with the ZHZ value.
    label: String,
    hint: &'static str,
    value: String,
    inputmode: &'static str,
    error: Option<String>,
}

impl SettingField {
    fn described_by(&self) -> String {
        match self.error {
            Some(_) => format!("{0}-hint {0}-error", self.name),
            None => format!("{}-hint", self.name),
        }
    }
}

#[derive(Template)]
#[template(path = "organisation/governance_settings.html")]
struct SettingsTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    action: String,
    back: String,
    can_manage: bool,
    fields: Vec<SettingField>,
    /// The ZHZ values, posted as they are by the "restore" button.
    defaults: Vec<(&'static str, String)>,
    summary: Vec<SummaryItem>,
}

impl SettingsTemplate {
    /// `value` gives what each field shows: the stored settings, or what was typed.
    fn new(page: Page, tenant: &Tenant, value: impl Fn(&str) -> String) -> Self {
        let defaults = settings_values(&page, &Settings::default());
        let fields = SETTING_FIELDS
            .iter()
            .zip(&defaults)
            .map(|(&(name, decimal), (_, zhz))| SettingField {
                name,
                label: page.f1(&format!("gov.settings.label.{name}"), "zhz", zhz),
                hint: page.t(&format!("gov.settings.hint.{name}")),
                value: value(name),
                inputmode: if decimal { "decimal" } else { "numeric" },
                error: None,
            })
            .collect();
        let base = format!("/werkplaatsen/{}/governance", tenant.slug);
        Self {
            title: page.t("gov.settings.title"),
            slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            action: format!("{base}/instellingen"),
            back: base,
            can_manage: is_manager(&page, tenant),
            fields,
            defaults,
            summary: vec![],
            page,
        }
    }

    /// 422 with the errors on their fields and in the summary, in the order of the form.
    fn refused(mut self, errors: Vec<(String, String)>) -> PageResult {
        for f in self.fields.iter_mut() {
            if let Some((_, message)) = errors.iter().find(|(name, _)| name == f.name) {
                self.summary.push(SummaryItem {
                    anchor: Some(f.name.to_owned()),
                    label: f.label.clone(),
                    message: message.clone(),
                });
                f.error = Some(message.clone());
            }
        }
        for (_, message) in errors.iter().filter(|(name, _)| !SETTING_FIELDS.iter().any(|(n, _)| n == name)) {
            self.summary.push(SummaryItem {
                anchor: None,
                label: self.page.t("org.field.other").to_owned(),
                message: message.clone(),
            });
        }
        let mut r = render(&self);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok(r)
    }
}

/// The thresholds: members see them, coordinator and lectoren change them.
pub(super) async fn governance_settings_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let settings = state.core.governance_settings(page.actor.as_ref(), &tenant).await?;
    let values = settings_values(&page, &settings);
    let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or_default();
    Ok(render(&SettingsTemplate::new(page, &tenant, value)))
}

pub(super) async fn save_governance_settings(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let errors = match parse_settings(&page, &d) {
        Ok(settings) => match state.core.set_governance_settings(page.actor.as_ref(), &tenant, &settings).await {
            Ok(_) => return redirect(&format!("/werkplaatsen/{}/governance?opgeslagen=1", tenant.slug)),
            Err(CoreError::Invalid(errors)) => {
                errors.0.iter().map(|e| (e.field.clone(), settings_error_text(&page, &e.field, &e.kind))).collect()
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    SettingsTemplate::new(page, &tenant, |name| d.get(name).to_owned()).refused(errors)
}
