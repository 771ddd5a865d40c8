//! Forms described as data: a list of [`Field`]s drawn by one template, `kit/fields_form.html`,
//! so labels, hints, error messages and `aria-*` wiring are the same everywhere (organisations,
//! people, letters of intent, knowledge products). A refused form comes back with a 422, the typed
//! values and an error summary whose links lead to the fields.
use super::page::{PageResult, render};
use crate::error::field_message;
use crate::extract::Page;
use askama::Template;
use axum::http::StatusCode;
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;

/// A submitted form as name/value pairs, so repeated fields (checkboxes) arrive intact.
#[derive(Default)]
pub(crate) struct FormData(pub(crate) Vec<(String, String)>);

impl FormData {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
    pub(crate) fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_owned(), value.into()));
    }
    pub(crate) fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_owned()).filter(|s| !s.trim().is_empty())
    }
}

pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

/// One form control with its label, hint and error.
pub(crate) struct Field {
    /// Form name and element id.
    name: &'static str,
    label: &'static str,
    /// text, email, url, date, select, textarea, checkbox, checkboxes
    kind: &'static str,
    required: bool,
    hint: Option<&'static str>,
    value: String,
    options: Vec<Choice>,
    autocomplete: &'static str,
    inputmode: &'static str,
    maxlength: usize,
    error: Option<String>,
}

impl Field {
    pub(crate) fn new(page: &Page, name: &'static str, kind: &'static str, data: &FormData) -> Self {
        Self::labelled(page, name, kind, data, &format!("org.field.{name}"))
    }
    /// A field whose label is the catalogue entry `label_key`.
    pub(crate) fn labelled(
        page: &Page,
        name: &'static str,
        kind: &'static str,
        data: &FormData,
        label_key: &str,
    ) -> Self {
        Self {
            name,
            label: page.t(label_key),
            kind,
            required: false,
            hint: None,
            value: data.get(name).to_owned(),
            options: vec![],
            autocomplete: "",
            inputmode: "",
            maxlength: 0,
            error: None,
        }
    }
    pub(crate) fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub(crate) fn hint(mut self, page: &Page, key: &str) -> Self {
        self.hint = Some(page.t(key));
        self
    }
    pub(crate) fn autocomplete(mut self, v: &'static str) -> Self {
        self.autocomplete = v;
        self
    }
    pub(crate) fn inputmode(mut self, v: &'static str) -> Self {
        self.inputmode = v;
        self
    }
    pub(crate) fn max(mut self, n: usize) -> Self {
        self.maxlength = n;
        self
    }
    /// A select; `none` is the label of the empty first option.
    pub(crate) fn choices(mut self, none: Option<&str>, options: Vec<(String, String)>) -> Self {
        let current = self.value.clone();
        if let Some(none) = none {
            self.options.push(Choice { value: String::new(), label: none.to_owned(), selected: current.is_empty() });
        }
        self.options.extend(options.into_iter().map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        }));
        self
    }
    /// Checkboxes of one name; `checked` are the values ticked.
    pub(crate) fn boxes(mut self, options: Vec<(String, String)>, checked: &[String]) -> Self {
        self.options = options
            .into_iter()
            .map(|(value, label)| Choice { selected: checked.contains(&value), value, label })
            .collect();
        self
    }
    /// Where the error summary links to: the control itself, or the first box of a group.
    fn anchor(&self) -> String {
        match (self.kind, self.options.first()) {
            ("checkboxes", Some(first)) => format!("{}-{}", self.name, first.value),
            _ => self.name.to_owned(),
        }
    }
    fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
    fn checked(&self) -> bool {
        !self.value.is_empty()
    }
}

/// A line of the error summary.
pub(crate) struct SummaryItem {
    pub(crate) anchor: Option<String>,
    pub(crate) label: String,
    pub(crate) message: String,
}

/// A field error in words, with wording for these forms where the general text does not fit.
fn error_text(page: &Page, field: &str, kind: &FieldErrorKind) -> String {
    use FieldErrorKind as K;
    let key = match (field, kind) {
        (_, K::Required) => return field_message(&page.tr, kind),
        ("name", K::Duplicate) => "org.error.duplicate_name",
        ("organisation_id", K::Duplicate) => "org.error.duplicate_letter",
        ("kind", _) => "org.error.kind",
        ("functions", _) => "org.error.functions",
        ("website", K::Invalid) => "org.error.website",
        ("email", K::Invalid) => "org.error.email",
        ("days_per_week", K::Invalid) => "org.error.days_per_week",
        ("signed_on", K::Invalid) => "org.error.signed_on",
        ("estimated_hours", K::Invalid) => "org.error.estimated_hours",
        ("organisation_id" | "representative_id", K::Invalid) => "org.error.choice",
        _ => return field_message(&page.tr, kind),
    };
    page.t(key).to_owned()
}

/// Puts the errors on their fields and builds the summary, in the order of the form.
fn attach_errors(page: &Page, fields: &mut [Field], errors: &FieldErrors) -> Vec<SummaryItem> {
    let mut summary = Vec::new();
    for f in fields.iter_mut() {
        if let Some(kind) = errors.for_field(f.name) {
            let message = error_text(page, f.name, kind);
            summary.push(SummaryItem { anchor: Some(f.anchor()), label: f.label.to_owned(), message: message.clone() });
            f.error = Some(message);
        }
    }
    // Anything the form has no field for is still shown, without a link.
    for e in errors.0.iter().filter(|e| !fields.iter().any(|f| f.name == e.field)) {
        summary.push(SummaryItem {
            anchor: None,
            label: page.t("org.field.other").to_owned(),
            message: error_text(page, &e.field, &e.kind),
        });
    }
    summary
}

/// An empty select or required field is "required", whatever a parser made of the empty value.
pub(crate) fn mark_required(errors: &mut FieldErrors, data: &FormData, names: &[&str]) {
    for e in errors.0.iter_mut() {
        if names.contains(&e.field.as_str()) && data.get(&e.field).trim().is_empty() {
            e.kind = FieldErrorKind::Required;
        }
    }
}

#[derive(Template)]
#[template(path = "kit/fields_form.html")]
pub(crate) struct FormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    fields: Vec<Field>,
    summary: Vec<SummaryItem>,
}

impl FormTemplate {
    pub(crate) fn new(
        page: Page,
        tenant: &Tenant,
        title: String,
        action: String,
        cancel: String,
        fields: Vec<Field>,
    ) -> Self {
        Self {
            page,
            title,
            slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            action,
            cancel,
            fields,
            summary: vec![],
        }
    }
    pub(crate) fn ok(self) -> PageResult {
        Ok(render(&self))
    }
    pub(crate) fn refused(mut self, errors: &FieldErrors) -> PageResult {
        self.summary = attach_errors(&self.page, &mut self.fields, errors);
        let mut r = render(&self);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok(r)
    }
}

#[derive(Template)]
#[template(path = "kit/fields_delete.html")]
struct DeleteTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    warning: &'static str,
    action: String,
    cancel: String,
}

/// Asks to confirm the delete of what is at `base` (the form posts to `{base}/verwijderen`);
/// `warning` is a catalogue key.
pub(crate) fn confirm_delete(page: Page, tenant: &Tenant, title: String, warning: &str, base: &str) -> PageResult {
    Ok(render(&DeleteTemplate {
        warning: page.t(warning),
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action: format!("{base}/verwijderen"),
        cancel: base.to_owned(),
        page,
    }))
}
