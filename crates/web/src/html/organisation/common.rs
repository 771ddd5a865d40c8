//! What the organisation pages share: access checks, the query strings of the lists, numbers and
//! labels in the page's language, and the error wording of the theme group, project and body forms.
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::Page;
use crate::html::kit::{Ctx, FormErrors, PageResult, ShownError};
use crate::i18n::Lang;
use axum::response::{IntoResponse, Redirect};
use broedplaats_core::CoreError;
use broedplaats_core::kernel::actor::{Access, access};
use broedplaats_core::organisation::ThemeGroupView;
use broedplaats_domain::{FieldErrorKind, FieldErrors, OrganisationKind, Role};
use broedplaats_store::Tenant;
use broedplaats_store::organisation::OrganisationRow;
use serde::Deserialize;

// ---- organisations, people, letters of intent, governance ----------------------------------------

/// Forms and management links are for managers; others get the login page or "no access".
pub(super) fn require_manager(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    match (page.actor.as_ref(), access(page.actor.as_ref(), tenant)) {
        (None, _) => Err(CoreError::Unauthenticated.into()),
        (_, Access::Manager) => Ok(()),
        _ => Err(CoreError::Forbidden.into()),
    }
}

pub(super) fn require_member(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    broedplaats_core::kernel::actor::require_member(page.actor.as_ref(), tenant).map(|_| ()).map_err(HtmlError::from)
}

pub(super) fn is_manager(page: &Page, tenant: &Tenant) -> bool {
    access(page.actor.as_ref(), tenant) == Access::Manager
}

pub(super) fn is_member(page: &Page, tenant: &Tenant) -> bool {
    access(page.actor.as_ref(), tenant) != Access::Public
}

pub(super) fn redirect(to: &str) -> PageResult {
    Ok(Redirect::to(to).into_response())
}

/// `?opgeslagen=1` after a save, `?verwijderd=1` after a delete; `soort` and `na` for the list.
#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    pub(super) opgeslagen: Option<String>,
    pub(super) verwijderd: Option<String>,
    pub(super) soort: Option<String>,
    pub(super) na: Option<String>,
    /// Preselects the organisation in a new person or letter form.
    pub(super) organisatie: Option<String>,
}

impl ListQuery {
    /// The confirmation line for `what` (`organisation`, `person`, `letter`), if any.
    pub(super) fn flash(&self, page: &Page, what: &str) -> Option<String> {
        if self.opgeslagen.is_some() {
            Some(page.t(&format!("org.flash.saved.{what}")).to_owned())
        } else if self.verwijderd.is_some() {
            Some(page.t(&format!("org.flash.deleted.{what}")).to_owned())
        } else {
            None
        }
    }
}

/// A number in the page's language: "1,5" in Dutch, "1.5" in English; at most two decimals.
pub(super) fn decimal(page: &Page, v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if page.tr.lang == Lang::Nl { s.replace('.', ",") } else { s.to_owned() }
}

/// A whole number with thousands grouped: "1.200" in Dutch, "1,200" in English.
fn grouped(page: &Page, n: i64) -> String {
    let sep = if page.tr.lang == Lang::Nl { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// "1,5 dag per week", "2 dagen per week" / "1.5 days a week", "1 day a week".
pub(super) fn days_text(page: &Page, v: f64) -> String {
    let singular = match page.tr.lang {
        Lang::Nl => v == 1.0 || v.fract() != 0.0,
        Lang::En => v == 1.0,
    };
    let key = if singular { "org.days.one" } else { "org.days.other" };
    page.f1(key, "n", decimal(page, v))
}

pub(super) fn hours_text(page: &Page, n: i64) -> String {
    let key = if n == 1 { "org.hours.one" } else { "org.hours.other" };
    page.f1(key, "n", grouped(page, n))
}

/// Days a week as typed: "1,5" and "1.5" both mean one and a half; empty is "not recorded".
pub(super) fn parse_days(raw: &str) -> Result<Option<f64>, ()> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let norm = t.replace(',', ".");
    if norm.chars().all(|c| c.is_ascii_digit() || c == '.') {
        norm.parse::<f64>().map(Some).map_err(|_| ())
    } else {
        Err(())
    }
}

pub(super) fn kind_label(page: &Page, code: &str) -> String {
    match OrganisationKind::parse(code) {
        Ok(k) => page.t(&format!("org.kind.{}", k.code())).to_owned(),
        Err(_) => code.to_owned(),
    }
}

pub(super) fn role_label(page: &Page, code: &str) -> String {
    match Role::parse(code) {
        Ok(r) => page.t(&format!("org.role.{}", r.code())).to_owned(),
        Err(_) => code.to_owned(),
    }
}

/// The functions a person form offers: every role except themaleider, which follows from the
/// theme groups.
pub(super) const FUNCTIONS: [Role; 9] = [
    Role::ProgrammeCoordinator,
    Role::Lector,
    Role::TeacherResearcher,
    Role::ProjectSupport,
    Role::ConsortiumMember,
    Role::Professional,
    Role::Student,
    Role::Citizen,
    Role::NationalPartner,
];

/// Every organisation of the werkplaats, by name (for selects and name look-ups).
pub(super) async fn all_organisations(state: &AppState, tenant: &Tenant) -> Result<Vec<OrganisationRow>, CoreError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = state.core.organisations(tenant, None, cursor.as_deref(), 200).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(all),
        }
    }
}

pub(super) fn name_of(list: &[(i64, String)], id: i64) -> Option<&str> {
    list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.as_str())
}

// ---- theme groups, projects, bodies, relations, audit log -----------------------------------------

/// Query parameters of the pages here; unknown or unparsable values are ignored, never a 400.
#[derive(Deserialize, Default)]
pub(super) struct PageQuery {
    pub(super) thema: Option<String>,
    pub(super) voor: Option<String>,
    pub(super) opgeslagen: Option<String>,
    pub(super) verwijderd: Option<String>,
}

impl PageQuery {
    pub(super) fn flash(&self, page: &Page) -> Option<String> {
        if self.opgeslagen.is_some() {
            Some(page.t("grp.flash.saved").to_owned())
        } else if self.verwijderd.is_some() {
            Some(page.t("grp.flash.deleted").to_owned())
        } else {
            None
        }
    }
    pub(super) fn theme(&self) -> Option<i64> {
        self.thema.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

/// A date as typed, `YYYY-MM-DD` or `dd-mm-jjjj` (also with `/` or `.`), as `YYYY-MM-DD`;
/// anything else comes back unchanged so the use case reports it.
pub(super) fn normalise_date(raw: &str) -> String {
    let s = raw.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
        && d.len() <= 2
        && m.len() <= 2
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
        && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
    {
        return date.format("%Y-%m-%d").to_string();
    }
    s.to_owned()
}

pub(super) fn opt_date(raw: &str) -> Option<String> {
    let s = normalise_date(raw);
    (!s.is_empty()).then_some(s)
}

/// Fields whose input is a group of checkboxes: the summary links to the first box.
const CHECKBOX_FIELDS: [&str; 7] =
    ["four_os", "methods", "organisations", "people", "organisation_ids", "member_ids", "visibility"];
/// Fields with a name in the catalogue (`grp.field.…`).
const NAMED_FIELDS: [&str; 20] = [
    "title",
    "theme_id",
    "questions",
    "higher_goal",
    "four_os",
    "methods",
    "size",
    "status",
    "starts_on",
    "ends_on",
    "visibility",
    "plan",
    "organisations",
    "people",
    "change_note",
    "lead_person_id",
    "description",
    "organisation_ids",
    "member_ids",
    "meetings",
];

/// The errors of a theme group, project or body form in words, one per field, with the id the
/// summary links to; `dates` (start, end as typed) tell a reversed period from a bad date.
pub(super) fn form_errors(page: &Page, errors: &FieldErrors, dates: Option<(&str, &str)>) -> FormErrors {
    let mut list: Vec<ShownError> = Vec::new();
    for e in &errors.0 {
        if list.iter().any(|s| s.field == e.field) {
            continue;
        }
        let field = e.field.as_str();
        let name = if NAMED_FIELDS.contains(&field) || matches!(field, "kind" | "name") {
            page.t(&format!("grp.field.{field}")).to_owned()
        } else {
            field.to_owned()
        };
        let message = match (field, &e.kind) {
            ("theme_id", FieldErrorKind::Duplicate) => page.t("grp.error.theme_taken").to_owned(),
            ("theme_id", _) => page.t("grp.error.theme").to_owned(),
            ("kind", FieldErrorKind::Duplicate) => page.t("grp.error.kind_taken").to_owned(),
            ("four_os", FieldErrorKind::Required) => page.t("grp.error.four_os").to_owned(),
            ("ends_on", FieldErrorKind::Invalid)
                if dates.is_some_and(|(s, e)| is_iso_date(&normalise_date(s)) && is_iso_date(&normalise_date(e))) =>
            {
                page.t("grp.error.end_before_start").to_owned()
            }
            ("starts_on" | "ends_on", FieldErrorKind::Invalid) => page.t("grp.error.date").to_owned(),
            ("meetings", FieldErrorKind::Invalid) => page.t("grp.error.meetings").to_owned(),
            ("organisations" | "people" | "organisation_ids" | "member_ids" | "lead_person_id", _) => {
                page.t("grp.error.choice").to_owned()
            }
            _ => field_message(&page.tr, &e.kind),
        };
        let anchor = if CHECKBOX_FIELDS.contains(&field) { format!("{field}-0") } else { field.to_owned() };
        list.push(ShownError { field: field.to_owned(), anchor, name, message });
    }
    FormErrors { list }
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

pub(super) fn ordered_groups(ctx: &Ctx, mut groups: Vec<ThemeGroupView>) -> Vec<ThemeGroupView> {
    groups.sort_by_key(|g| (ctx.theme_pos(g.theme_id), g.id));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_with_comma_or_point() {
        assert_eq!(parse_days("1,5"), Ok(Some(1.5)));
        assert_eq!(parse_days(" 1.5 "), Ok(Some(1.5)));
        assert_eq!(parse_days("2"), Ok(Some(2.0)));
        assert_eq!(parse_days(""), Ok(None));
        for bad in ["anderhalf", "1,5,2", "-1", "1e3", "inf", "NaN", "."] {
            assert!(parse_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_in_both_notations() {
        assert_eq!(normalise_date("2024-03-01"), "2024-03-01");
        assert_eq!(normalise_date(" 01-03-2024 "), "2024-03-01");
        assert_eq!(normalise_date("1-3-2024"), "2024-03-01");
        assert_eq!(normalise_date("1/3/2024"), "2024-03-01");
        assert_eq!(normalise_date("31-02-2024"), "31-02-2024", "impossible dates are left for the use case");
        assert_eq!(normalise_date("volgende week"), "volgende week");
        assert_eq!(opt_date("  "), None);
    }
}
