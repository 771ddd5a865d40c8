//! What the activity pages share: field errors in words, the one-message page, `no-store`, reading
//! form values, radio buttons and checkboxes, and the organiser check.
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::Page;
use crate::html::kit::{Check, Ctx, FormErrors, Link, render};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use broedplaats_core::activities::ActivityView;
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;

/// Fields with a name in the catalogue (`act.field.…`).
const NAMED_FIELDS: [&str; 28] = [
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "capacity",
    "audience",
    "theme_ids",
    "theme_group_id",
    "project_id",
    "body_id",
    "four_os",
    "organiser_person_ids",
    "organiser_organisation_ids",
    "recurrence",
    "repeat_count",
    "reason",
    "name",
    "email",
    "organisation",
    "accessibility_needs",
    "count",
    "present_registration_ids",
    "organisation_ids",
    "minutes",
    "decisions",
];

/// Groups of checkboxes or radio buttons: the summary links to the first one.
const GROUP_FIELDS: [&str; 9] = [
    "audience",
    "theme_ids",
    "four_os",
    "organiser_person_ids",
    "organiser_organisation_ids",
    "repeat",
    "scope",
    "present_registration_ids",
    "organisation_ids",
];

fn field_name(page: &Page, field: &str) -> String {
    if NAMED_FIELDS.contains(&field) {
        return page.t(&format!("act.field.{field}")).into();
    }
    // report rows: `action_description_2`, `product_url_0`
    for (prefix, key) in [("action_", "act.report.action_n"), ("product_", "act.report.product_n")] {
        if let Some(rest) = field.strip_prefix(prefix)
            && let Some((part, n)) = rest.rsplit_once('_')
            && let Ok(n) = n.parse::<usize>()
        {
            let part = page.t(&format!("act.report.{prefix}{part}"));
            return format!("{}: {part}", page.f1(key, "n", n + 1));
        }
    }
    match field {
        "repeat" => return page.t("act.field.recurrence").into(),
        "activity" => return page.t("act.reg.heading").into(),
        "file" => return page.t("act.file.add").into(),
        _ => {}
    }
    field.to_owned()
}

fn field_error_message(page: &Page, field: &str, kind: &FieldErrorKind) -> String {
    use FieldErrorKind::Invalid;
    match (field, kind) {
        ("email", Invalid) => page.t("act.error.email").into(),
        ("starts_at" | "ends_at", Invalid) => page.t("act.error.moment").into(),
        ("online_url", Invalid) => page.t("act.error.url").into(),
        ("capacity", Invalid) => page.t("act.error.capacity").into(),
        ("count", Invalid) => page.t("act.error.count").into(),
        (f, Invalid) if f.starts_with("product_url_") => page.t("act.error.product_url").into(),
        (f, Invalid) if f.starts_with("action_due_") => page.t("act.error.date").into(),
        (
            "theme_ids"
            | "theme_group_id"
            | "project_id"
            | "body_id"
            | "organiser_person_ids"
            | "organiser_organisation_ids"
            | "organisation_ids"
            | "present_registration_ids",
            _,
        ) => page.t("grp.error.choice").into(),
        _ => field_message(&page.tr, kind),
    }
}

/// Field errors in words, each linked from the summary to its field.
pub(super) fn shown_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        // the rule of a series is made from the "Herhalen" fieldset
        let field = if e.field == "recurrence" { "repeat" } else { e.field.as_str() };
        let anchor = match field {
            // a refusal of the registration as a whole: the heading of the registration block
            "activity" => "aanmelden".to_owned(),
            f if GROUP_FIELDS.contains(&f) => format!("{f}-0"),
            f => f.to_owned(),
        };
        out.push(field, anchor, field_name(page, &e.field), field_error_message(page, field, &e.kind));
    }
    out
}

/// The refusal of a domain rule about the activity as a whole (past, cancelled, members only).
pub(super) fn refusal(errors: &FieldErrors) -> Option<&'static str> {
    match errors.for_field("activity") {
        Some(FieldErrorKind::Refused { key }) => Some(key),
        _ => None,
    }
}

/// A page with one message, e.g. an unknown cancel link or a refused registration.
#[derive(Template)]
#[template(path = "activities/message.html")]
struct MessageTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    text: String,
    /// (href, label)
    links: Vec<Link>,
}

pub(super) fn message_page(
    page: Page,
    tenant: &Tenant,
    title: &str,
    text: &str,
    links: Vec<Link>,
    status: StatusCode,
) -> Response {
    let mut r = render(&MessageTemplate {
        title: title.to_owned(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        text: text.to_owned(),
        links,
        page,
    });
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

/// Pages with a secret in their address or content are not kept by caches or the browser.
pub(super) fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub(super) fn opt_text(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(super) fn opt_number(e: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    raw.parse().map_err(|_| e.push(field, FieldErrorKind::Invalid)).ok()
}

/// A radio button.
pub(super) struct Radio {
    pub(super) value: &'static str,
    pub(super) label: String,
    pub(super) hint: Option<&'static str>,
    pub(super) checked: bool,
}

pub(super) fn checks(items: impl Iterator<Item = (i64, String)>, checked: &[i64]) -> Vec<Check> {
    items
        .map(|(id, label)| Check { value: id.to_string(), label, checked: checked.contains(&id), extras: vec![] })
        .collect()
}

pub(super) fn radios(page: &Page, values: &[&'static str], key: &str, hints: bool, current: &str) -> Vec<Radio> {
    values
        .iter()
        .map(|v| Radio {
            value: v,
            label: page.t(&format!("{key}.{v}")).into(),
            hint: hints.then(|| page.t(&format!("{key}_hint.{v}"))),
            checked: current == *v,
        })
        .collect()
}

/// The activity, if the actor may organise it: else 401 (anonymous) or 403.
pub(super) async fn organised(state: &AppState, page: &Page, ctx: &Ctx, id: i64) -> Result<ActivityView, HtmlError> {
    let v = state.core.activity(page.actor.as_ref(), &ctx.tenant, id).await?;
    let may = state.core.may_organise(page.actor.as_ref(), &ctx.tenant, id).await?;
    ctx.require(page, may)?;
    Ok(v)
}
