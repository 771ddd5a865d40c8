//! Pages of the werkplaats organisation: governance, organisations, people, letters of intent.
//!
//! The three forms (organisation, person, letter of intent) are described as data — a list of
//! [`Field`]s — and drawn by one template, `org_form.html`, so labels, hints, error messages and
//! `aria-*` wiring are the same everywhere. A refused form comes back with a 422, the typed values
//! and an error summary whose links lead to the fields.
use super::kit::fields::{
    Choice, Field, FormData, FormTemplate, SummaryItem, confirm_delete as delete_page, mark_required,
};
use super::kit::{counted, render};
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::i18n::Lang;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use broedplaats_core::CoreError;
use broedplaats_core::governance::{CheckStatus, Settings, Subject};
use broedplaats_core::organisation::{Access, LetterInput, OrganisationInput, PersonInput, PersonView, access};
use broedplaats_domain::{FieldErrorKind, OrganisationKind, Role};
use broedplaats_store::Tenant;
use broedplaats_store::organisation::{LetterRow, OrganisationRow};
use serde::Deserialize;

type PageResult = Result<Response, HtmlError>;

/// Organisations per page of the list.
const PAGE_SIZE: i64 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/werkplaatsen/{slug}/governance", get(governance))
        .route(
            "/werkplaatsen/{slug}/governance/instellingen",
            get(governance_settings_page).post(save_governance_settings),
        )
        .route("/werkplaatsen/{slug}/organisaties", get(organisations).post(create_organisation))
        .route("/werkplaatsen/{slug}/organisaties/nieuw", get(new_organisation_form))
        .route("/werkplaatsen/{slug}/organisaties/{id}", get(organisation).post(update_organisation))
        .route("/werkplaatsen/{slug}/organisaties/{id}/bewerken", get(edit_organisation_form))
        .route(
            "/werkplaatsen/{slug}/organisaties/{id}/verwijderen",
            get(delete_organisation_form).post(delete_organisation),
        )
        .route("/werkplaatsen/{slug}/mensen", get(people_list).post(create_person))
        .route("/werkplaatsen/{slug}/mensen/nieuw", get(new_person_form))
        .route("/werkplaatsen/{slug}/mensen/{id}", get(person).post(update_person))
        .route("/werkplaatsen/{slug}/mensen/{id}/bewerken", get(edit_person_form))
        .route("/werkplaatsen/{slug}/mensen/{id}/verwijderen", get(delete_person_form).post(delete_person))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten", get(letters).post(create_letter))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/nieuw", get(new_letter_form))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/{id}", get(letter).post(update_letter))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/{id}/bewerken", get(edit_letter_form))
        .route(
            "/werkplaatsen/{slug}/intentieovereenkomsten/{id}/verwijderen",
            get(delete_letter_form).post(delete_letter),
        )
}

// ---- shared helpers ------------------------------------------------------------------------------

/// Forms and management links are for managers; others get the login page or "no access".
fn require_manager(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    match (page.actor.as_ref(), access(page.actor.as_ref(), tenant)) {
        (None, _) => Err(CoreError::Unauthenticated.into()),
        (_, Access::Manager) => Ok(()),
        _ => Err(CoreError::Forbidden.into()),
    }
}

fn require_member(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    broedplaats_core::auth::require_member(page.actor.as_ref(), tenant).map(|_| ()).map_err(HtmlError::from)
}

fn is_manager(page: &Page, tenant: &Tenant) -> bool {
    access(page.actor.as_ref(), tenant) == Access::Manager
}

fn is_member(page: &Page, tenant: &Tenant) -> bool {
    access(page.actor.as_ref(), tenant) != Access::Public
}

fn redirect(to: &str) -> PageResult {
    Ok(Redirect::to(to).into_response())
}

/// `?opgeslagen=1` after a save, `?verwijderd=1` after a delete; `soort` and `na` for the list.
#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    opgeslagen: Option<String>,
    verwijderd: Option<String>,
    soort: Option<String>,
    na: Option<String>,
    /// Preselects the organisation in a new person or letter form.
    organisatie: Option<String>,
}

impl ListQuery {
    /// The confirmation line for `what` (`organisation`, `person`, `letter`), if any.
    fn flash(&self, page: &Page, what: &str) -> Option<String> {
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
fn decimal(page: &Page, v: f64) -> String {
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
fn days_text(page: &Page, v: f64) -> String {
    let singular = match page.tr.lang {
        Lang::Nl => v == 1.0 || v.fract() != 0.0,
        Lang::En => v == 1.0,
    };
    let key = if singular { "org.days.one" } else { "org.days.other" };
    page.f1(key, "n", decimal(page, v))
}

fn hours_text(page: &Page, n: i64) -> String {
    let key = if n == 1 { "org.hours.one" } else { "org.hours.other" };
    page.f1(key, "n", grouped(page, n))
}

/// Days a week as typed: "1,5" and "1.5" both mean one and a half; empty is "not recorded".
fn parse_days(raw: &str) -> Result<Option<f64>, ()> {
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

fn kind_label(page: &Page, code: &str) -> String {
    match OrganisationKind::parse(code) {
        Ok(k) => page.t(&format!("org.kind.{}", k.code())).to_owned(),
        Err(_) => code.to_owned(),
    }
}

fn role_label(page: &Page, code: &str) -> String {
    match Role::parse(code) {
        Ok(r) => page.t(&format!("org.role.{}", r.code())).to_owned(),
        Err(_) => code.to_owned(),
    }
}

/// The functions a person form offers: every role except themaleider, which follows from the
/// theme groups.
const FUNCTIONS: [Role; 9] = [
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
async fn all_organisations(state: &AppState, tenant: &Tenant) -> Result<Vec<OrganisationRow>, CoreError> {
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

fn name_of(list: &[(i64, String)], id: i64) -> Option<&str> {
    list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.as_str())
}

// ---- governance ------------------------------------------------------------------------------------

/// One check as a card on the governance page.
struct CheckCard {
    rule: &'static str,
    title: String,
    /// CSS modifier: `ok`, `warning`, `violation`, `not-assessable`.
    status_class: &'static str,
    status_label: &'static str,
    message: String,
    /// (link, kind label, name); no link for subjects without a page.
    subjects: Vec<(Option<String>, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "governance.html")]
struct GovernanceTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    /// RFC 3339, for `<time datetime>`.
    evaluated_at: String,
    evaluated_text: String,
    summary: String,
    checks: Vec<CheckCard>,
    /// The check messages are written in Dutch; on English pages they are marked `lang="nl"`.
    message_lang: Option<&'static str>,
    /// "Drempels opgeslagen" after the thresholds were changed.
    flash: Option<&'static str>,
    /// "Drempels aanpassen" for managers, "Drempels bekijken" for other members.
    settings_link: &'static str,
}

fn status_rank(s: CheckStatus) -> u8 {
    match s {
        CheckStatus::Violation => 0,
        CheckStatus::Warning => 1,
        CheckStatus::Ok | CheckStatus::NotAssessable => 2,
    }
}

fn status_parts(page: &Page, s: CheckStatus) -> (&'static str, &'static str) {
    let class = match s {
        CheckStatus::Ok => "ok",
        CheckStatus::Warning => "warning",
        CheckStatus::Violation => "violation",
        CheckStatus::NotAssessable => "not-assessable",
    };
    (class, page.t(&format!("gov.status.{class}")))
}

/// Where a subject of a check can be seen and fixed.
fn subject_link(slug: &str, s: &Subject) -> Option<String> {
    let section = match s.kind.as_str() {
        "organisation" => "organisaties",
        "person" => "mensen",
        "theme_group" => "themagroepen",
        "project" => "projecten",
        "letter_of_intent" => "intentieovereenkomsten",
        "body" => "organen",
        "theme" => "themas",
        "agenda" => return Some(format!("/werkplaatsen/{slug}")),
        _ => return None,
    };
    Some(format!("/werkplaatsen/{slug}/{section}/{}", s.id))
}

fn subject_kind_label(page: &Page, kind: &str) -> &'static str {
    match kind {
        "organisation" | "person" | "theme_group" | "project" | "letter_of_intent" | "body" | "theme" | "agenda" => {
            page.t(&format!("gov.subject.{kind}"))
        }
        _ => page.t("gov.subject.other"),
    }
}

async fn governance(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let report = state.core.governance(page.actor.as_ref(), &tenant).await?;
    let summary = page.tr.f(
        "gov.summary",
        &[
            ("violations", &counted(&page, "gov.violations", report.violations())),
            ("warnings", &counted(&page, "gov.warnings", report.warnings())),
            ("total", &report.checks.len()),
        ],
    );
    let time = report.evaluated_at.get(11..16).unwrap_or_default();
    let evaluated_text = page.tr.f("gov.evaluated_at", &[("date", &page.date(&report.evaluated_at)), ("time", &time)]);
    let mut checks = report.checks;
    // Stable: the order of RULES is kept within each group.
    checks.sort_by_key(|c| status_rank(c.status));
    let checks = checks
        .into_iter()
        .map(|c| {
            let (status_class, status_label) = status_parts(&page, c.status);
            let title = match page.t(&format!("gov.rule.{}", c.rule)) {
                "??" => c.rule.to_owned(),
                t => t.to_owned(),
            };
            CheckCard {
                rule: c.rule,
                title,
                status_class,
                status_label,
                message: c.message,
                subjects: c
                    .subjects
                    .iter()
                    .map(|s| (subject_link(&tenant.slug, s), subject_kind_label(&page, &s.kind), s.name.clone()))
                    .collect(),
            }
        })
        .collect();
    Ok(render(&GovernanceTemplate {
        title: page.t("gov.title"),
        message_lang: (page.tr.lang != Lang::Nl).then_some("nl"),
        flash: q.opgeslagen.is_some().then(|| page.t("gov.settings.saved")),
        settings_link: page.t(if is_manager(&page, &tenant) {
            "gov.settings.link.manage"
        } else {
            "gov.settings.link.view"
        }),
        slug: tenant.slug,
        tenant_name: tenant.name,
        evaluated_at: report.evaluated_at,
        evaluated_text,
        summary,
        checks,
        page,
    }))
}

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
#[template(path = "governance_settings.html")]
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
async fn governance_settings_page(
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

async fn save_governance_settings(
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

// ---- organisations ---------------------------------------------------------------------------------

struct OrgListRow {
    id: i64,
    name: String,
    kind: String,
    city: String,
}

#[derive(Template)]
#[template(path = "org_list.html")]
struct OrgListTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    rows: Vec<OrgListRow>,
    kinds: Vec<Choice>,
    filtered: bool,
    next: Option<String>,
    can_manage: bool,
    is_member: bool,
    flash: Option<String>,
}

async fn organisations(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    // An unknown kind is no filter rather than an empty list.
    let kind = q.soort.as_deref().and_then(|k| OrganisationKind::parse(k).ok());
    let list = state.core.organisations(&tenant, kind.map(|k| k.code()), q.na.as_deref(), PAGE_SIZE).await?;
    let next = list.next_cursor.map(|c| {
        let filter = kind.map(|k| format!("soort={}&", k.code())).unwrap_or_default();
        format!("/werkplaatsen/{}/organisaties?{filter}na={}", tenant.slug, super::encode_query(&c))
    });
    let kinds = OrganisationKind::ALL
        .iter()
        .map(|k| Choice { value: k.code().to_owned(), label: kind_label(&page, k.code()), selected: Some(*k) == kind })
        .collect();
    let rows = list
        .items
        .into_iter()
        .map(|o| OrgListRow {
            kind: kind_label(&page, &o.kind),
            city: o.city.unwrap_or_default(),
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(render(&OrgListTemplate {
        title: page.t("org.list.title"),
        can_manage: is_manager(&page, &tenant),
        is_member: is_member(&page, &tenant),
        flash: q.flash(&page, "organisation"),
        filtered: kind.is_some(),
        slug: tenant.slug,
        tenant_name: tenant.name,
        rows,
        kinds,
        next,
        page,
    }))
}

#[derive(Template)]
#[template(path = "org_detail.html")]
struct OrgDetailTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    org: OrganisationRow,
    kind: String,
    can_manage: bool,
    is_member: bool,
    /// (id, signed on, written out)
    letter: Option<(i64, String)>,
    people: Vec<(i64, String)>,
    flash: Option<String>,
}

async fn organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let org = state.core.organisation(&tenant, id).await?;
    let member = is_member(&page, &tenant);
    let (letter, people) = if member {
        let letter = state
            .core
            .letters(page.actor.as_ref(), &tenant)
            .await?
            .into_iter()
            .find(|l| l.organisation_id == id)
            .map(|l| (l.id, page.date(&l.signed_on)));
        let people = state
            .core
            .people_full(page.actor.as_ref(), &tenant)
            .await?
            .into_iter()
            .filter(|p| p.organisation_id == Some(id))
            .map(|p| (p.id, p.name))
            .collect();
        (letter, people)
    } else {
        (None, vec![])
    };
    Ok(render(&OrgDetailTemplate {
        title: org.name.clone(),
        kind: kind_label(&page, &org.kind),
        can_manage: is_manager(&page, &tenant),
        is_member: member,
        flash: q.flash(&page, "organisation"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        org,
        letter,
        people,
        page,
    }))
}

fn organisation_data(o: &OrganisationRow) -> FormData {
    let mut d = FormData::default();
    d.set("name", &o.name);
    d.set("kind", &o.kind);
    d.set("city", o.city.clone().unwrap_or_default());
    d.set("website", o.website.clone().unwrap_or_default());
    d.set("email", o.email.clone().unwrap_or_default());
    d
}

fn organisation_fields(page: &Page, d: &FormData) -> Vec<Field> {
    let kinds = OrganisationKind::ALL.iter().map(|k| (k.code().to_owned(), kind_label(page, k.code()))).collect();
    vec![
        Field::new(page, "name", "text", d).required().max(200).autocomplete("organization"),
        Field::new(page, "kind", "select", d).required().choices(Some(page.t("org.form.choose_kind")), kinds),
        Field::new(page, "city", "text", d).max(200).autocomplete("address-level2"),
        Field::new(page, "website", "url", d).max(500).hint(page, "org.hint.website").autocomplete("url"),
        Field::new(page, "email", "email", d).max(320).hint(page, "org.hint.org_email").autocomplete("email"),
    ]
}

fn organisation_input(d: &FormData) -> OrganisationInput {
    OrganisationInput {
        name: d.get("name").to_owned(),
        kind: d.get("kind").to_owned(),
        city: d.opt("city"),
        website: d.opt("website"),
        email: d.opt("email"),
    }
}

fn org_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/organisaties", tenant.slug)
}

async fn new_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let fields = organisation_fields(&page, &FormData::default());
    let title = page.t("org.form.new").to_owned();
    FormTemplate::new(page, &tenant, title, org_base(&tenant), org_base(&tenant), fields).ok()
}

async fn create_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_organisation(page.actor.as_ref(), &tenant, None, &organisation_input(&d)).await {
        Ok(o) => redirect(&format!("{}/{}?opgeslagen=1", org_base(&tenant), o.id)),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["kind"]);
            let fields = organisation_fields(&page, &d);
            let title = page.t("org.form.new").to_owned();
            FormTemplate::new(page, &tenant, title, org_base(&tenant), org_base(&tenant), fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let org = state.core.organisation(&tenant, id).await?;
    let fields = organisation_fields(&page, &organisation_data(&org));
    let title = page.f1("org.form.edit", "name", &org.name);
    let base = format!("{}/{id}", org_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

async fn update_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", org_base(&tenant));
    match state.core.save_organisation(page.actor.as_ref(), &tenant, Some(id), &organisation_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["kind"]);
            let org = state.core.organisation(&tenant, id).await?;
            let fields = organisation_fields(&page, &d);
            let title = page.f1("org.form.edit", "name", &org.name);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_organisation_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let org = state.core.organisation(&tenant, id).await?;
    let title = page.f1("org.delete.title", "name", &org.name);
    let base = format!("{}/{id}", org_base(&tenant));
    delete_page(page, &tenant, title, "org.delete.warning", &base)
}

async fn delete_organisation(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_organisation(page.actor.as_ref(), &tenant, id).await?;
    redirect(&format!("{}?verwijderd=1", org_base(&tenant)))
}

// ---- people ----------------------------------------------------------------------------------------

/// The people of a werkplaats, for members.
#[derive(Template)]
#[template(path = "organisation/people.html")]
struct PeopleTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    people: Vec<broedplaats_store::PersonRow>,
    next: Option<String>,
    can_manage: bool,
}

#[derive(Deserialize)]
struct CursorQuery {
    na: Option<String>,
}

async fn people_list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<CursorQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let list = state.core.people(page.actor.as_ref(), &tenant, q.na.as_deref(), 50).await?;
    Ok(render(&PeopleTemplate {
        title: page.t("people.title"),
        // agenda editors (coordinators, lectoren) get the management links here
        can_manage: page.actor.as_ref().is_some_and(|a| a.may_edit_agenda(&tenant.slug)),
        next: list.next_cursor.map(|c| format!("/werkplaatsen/{}/mensen?na={}", tenant.slug, super::encode_query(&c))),
        slug: tenant.slug,
        tenant_name: tenant.name,
        people: list.items,
        page,
    }))
}

#[derive(Template)]
#[template(path = "org_person.html")]
struct PersonTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    person: PersonView,
    organisation: Option<(i64, String)>,
    roles: Vec<String>,
    days: Option<String>,
    /// Theme groups this person leads: (group id, name).
    leads: Vec<(i64, String)>,
    can_manage: bool,
    flash: Option<String>,
}

async fn person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let person = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let organisation = match person.organisation_id {
        Some(o) => match state.core.organisation(&tenant, o).await {
            Ok(org) => Some((org.id, org.name)),
            Err(CoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let leads = state
        .core
        .theme_groups(&tenant)
        .await?
        .into_iter()
        .filter(|g| g.lead_person_id == Some(id))
        .map(|g| (g.id, g.name))
        .collect();
    Ok(render(&PersonTemplate {
        title: person.name.clone(),
        roles: person.functions.iter().map(|f| role_label(&page, f)).collect(),
        days: person.days_per_week.map(|d| days_text(&page, d)),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "person"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        person,
        organisation,
        leads,
        page,
    }))
}

fn person_data(page: &Page, p: &PersonView) -> FormData {
    let mut d = FormData::default();
    d.set("name", &p.name);
    d.set("email", p.email.clone().unwrap_or_default());
    d.set("organisation_id", p.organisation_id.map(|o| o.to_string()).unwrap_or_default());
    d.set("position", p.position.clone().unwrap_or_default());
    if p.is_manager {
        d.set("is_manager", "ja");
    }
    d.set("days_per_week", p.days_per_week.map(|v| decimal(page, v)).unwrap_or_default());
    for f in &p.functions {
        d.set("functions", f);
    }
    d
}

fn person_fields(page: &Page, d: &FormData, orgs: &[OrganisationRow]) -> Vec<Field> {
    let orgs = orgs.iter().map(|o| (o.id.to_string(), o.name.clone())).collect();
    let functions = FUNCTIONS.iter().map(|r| (r.code().to_owned(), role_label(page, r.code()))).collect();
    vec![
        Field::new(page, "name", "text", d).required().max(200).autocomplete("name"),
        Field::new(page, "email", "email", d).max(320).autocomplete("email"),
        Field::new(page, "organisation_id", "select", d).choices(Some(page.t("org.form.no_organisation")), orgs),
        Field::new(page, "position", "text", d)
            .max(200)
            .hint(page, "org.hint.position")
            .autocomplete("organization-title"),
        Field::new(page, "is_manager", "checkbox", d).hint(page, "org.hint.is_manager"),
        Field::new(page, "days_per_week", "text", d).max(10).inputmode("decimal").hint(page, "org.hint.days_per_week"),
        Field::new(page, "functions", "checkboxes", d).boxes(functions, &d.all("functions")),
    ]
}

fn person_input(d: &FormData) -> PersonInput {
    PersonInput {
        name: d.get("name").to_owned(),
        email: d.opt("email"),
        // Not a number (only by tampering): 0 is no organisation of this werkplaats and is refused.
        organisation_id: d.opt("organisation_id").map(|v| v.trim().parse().unwrap_or(0)),
        position: d.opt("position"),
        is_manager: d.has("is_manager"),
        // Unreadable input becomes a value the use case refuses, so every error shows at once.
        days_per_week: parse_days(d.get("days_per_week")).unwrap_or(Some(-1.0)),
        functions: d.all("functions"),
    }
}

fn people_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/mensen", tenant.slug)
}

async fn new_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let orgs = all_organisations(&state, &tenant).await?;
    let mut d = FormData::default();
    if let Some(o) = q.organisatie.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        d.set("organisation_id", o.to_string());
    }
    let fields = person_fields(&page, &d, &orgs);
    let title = page.t("org.person_form.new").to_owned();
    FormTemplate::new(page, &tenant, title, people_base(&tenant), people_base(&tenant), fields).ok()
}

async fn create_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_person(page.actor.as_ref(), &tenant, None, &person_input(&d)).await {
        Ok(p) => redirect(&format!("{}/{}?opgeslagen=1", people_base(&tenant), p.id)),
        Err(CoreError::Invalid(errors)) => {
            let orgs = all_organisations(&state, &tenant).await?;
            let fields = person_fields(&page, &d, &orgs);
            let title = page.t("org.person_form.new").to_owned();
            FormTemplate::new(page, &tenant, title, people_base(&tenant), people_base(&tenant), fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let orgs = all_organisations(&state, &tenant).await?;
    let fields = person_fields(&page, &person_data(&page, &p), &orgs);
    let title = page.f1("org.person_form.edit", "name", &p.name);
    let base = format!("{}/{id}", people_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

async fn update_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", people_base(&tenant));
    match state.core.save_person(page.actor.as_ref(), &tenant, Some(id), &person_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(errors)) => {
            let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
            let orgs = all_organisations(&state, &tenant).await?;
            let fields = person_fields(&page, &d, &orgs);
            let title = page.f1("org.person_form.edit", "name", &p.name);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_person_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let p = state.core.person(page.actor.as_ref(), &tenant, id).await?;
    let title = page.f1("org.person_delete.title", "name", &p.name);
    let base = format!("{}/{id}", people_base(&tenant));
    delete_page(page, &tenant, title, "org.person_delete.warning", &base)
}

async fn delete_person(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_person(page.actor.as_ref(), &tenant, id).await?;
    redirect(&people_base(&tenant))
}

// ---- letters of intent -----------------------------------------------------------------------------

struct LetterListRow {
    id: i64,
    organisation: String,
    signed: String,
    representative: Option<String>,
    volume: Option<String>,
}

#[derive(Template)]
#[template(path = "org_letters.html")]
struct LettersTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    rows: Vec<LetterListRow>,
    can_manage: bool,
    flash: Option<String>,
}

fn org_names(orgs: Vec<OrganisationRow>) -> Vec<(i64, String)> {
    orgs.into_iter().map(|o| (o.id, o.name)).collect()
}

fn people_names(people: Vec<PersonView>) -> Vec<(i64, String)> {
    people.into_iter().map(|p| (p.id, p.name)).collect()
}

async fn letters(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let letters = state.core.letters(page.actor.as_ref(), &tenant).await?;
    let orgs = org_names(all_organisations(&state, &tenant).await?);
    let people = people_names(state.core.people_full(page.actor.as_ref(), &tenant).await?);
    let mut rows: Vec<LetterListRow> = letters
        .into_iter()
        .map(|l| LetterListRow {
            id: l.id,
            organisation: name_of(&orgs, l.organisation_id).unwrap_or_default().to_owned(),
            signed: page.date(&l.signed_on),
            representative: l.representative_id.and_then(|r| name_of(&people, r)).map(str::to_owned),
            volume: l.estimated_hours.map(|h| hours_text(&page, h)),
        })
        .collect();
    rows.sort_by_key(|r| r.organisation.to_lowercase());
    Ok(render(&LettersTemplate {
        title: page.t("org.letters.title"),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "letter"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        rows,
        page,
    }))
}

#[derive(Template)]
#[template(path = "org_letter.html")]
struct LetterTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    letter: LetterRow,
    organisation: String,
    signed: String,
    representative: Option<String>,
    volume: Option<String>,
    can_manage: bool,
    flash: Option<String>,
}

async fn letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let letter = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let organisation = state.core.organisation(&tenant, letter.organisation_id).await?.name;
    let representative = match letter.representative_id {
        Some(r) => match state.core.person(page.actor.as_ref(), &tenant, r).await {
            Ok(p) => Some(p.name),
            Err(CoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    Ok(render(&LetterTemplate {
        title: page.f1("org.letter.title", "organisation", &organisation),
        signed: page.date(&letter.signed_on),
        volume: letter.estimated_hours.map(|h| hours_text(&page, h)),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "letter"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        letter,
        organisation,
        representative,
        page,
    }))
}

fn letter_data(l: &LetterRow) -> FormData {
    let mut d = FormData::default();
    d.set("organisation_id", l.organisation_id.to_string());
    d.set("signed_on", &l.signed_on);
    d.set("representative_id", l.representative_id.map(|r| r.to_string()).unwrap_or_default());
    d.set("estimated_hours", l.estimated_hours.map(|h| h.to_string()).unwrap_or_default());
    d.set("estimated_note", l.estimated_note.clone().unwrap_or_default());
    d
}

fn letter_fields(page: &Page, d: &FormData, orgs: &[(i64, String)], people: &[(i64, String)]) -> Vec<Field> {
    let orgs = orgs.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let people = people.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    vec![
        Field::new(page, "organisation_id", "select", d).required().choices(Some(page.t("org.form.choose")), orgs),
        Field::new(page, "signed_on", "date", d).required().hint(page, "org.hint.signed_on"),
        Field::new(page, "representative_id", "select", d)
            .hint(page, "org.hint.representative")
            .choices(Some(page.t("org.form.nobody")), people),
        Field::new(page, "estimated_hours", "text", d).max(10).inputmode("numeric").hint(page, "org.hint.hours"),
        Field::new(page, "estimated_note", "textarea", d).max(2000).hint(page, "org.hint.estimated_note"),
    ]
}

fn letter_input(d: &FormData) -> LetterInput {
    // Empty or unreadable ids and numbers become values the use case refuses (no such row,
    // negative hours), so every problem of the form is reported at once.
    let id = |name: &str| d.opt(name).map(|v| v.trim().parse::<i64>().unwrap_or(0));
    LetterInput {
        organisation_id: id("organisation_id").unwrap_or(0),
        signed_on: d.get("signed_on").to_owned(),
        representative_id: id("representative_id"),
        estimated_hours: d.opt("estimated_hours").map(|v| v.trim().parse::<i64>().unwrap_or(-1)),
        estimated_note: d.opt("estimated_note"),
    }
}

fn letters_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/intentieovereenkomsten", tenant.slug)
}

async fn letter_choices(
    state: &AppState,
    page: &Page,
    tenant: &Tenant,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), CoreError> {
    let orgs = org_names(all_organisations(state, tenant).await?);
    let people = people_names(state.core.people_full(page.actor.as_ref(), tenant).await?);
    Ok((orgs, people))
}

async fn new_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
    let mut d = FormData::default();
    if let Some(o) = q.organisatie.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        d.set("organisation_id", o.to_string());
    }
    let fields = letter_fields(&page, &d, &orgs, &people);
    let title = page.t("org.letter_form.new").to_owned();
    FormTemplate::new(page, &tenant, title, letters_base(&tenant), letters_base(&tenant), fields).ok()
}

async fn create_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_letter(page.actor.as_ref(), &tenant, None, &letter_input(&d)).await {
        Ok(l) => redirect(&format!("{}/{}?opgeslagen=1", letters_base(&tenant), l.id)),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["organisation_id", "signed_on"]);
            let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
            let fields = letter_fields(&page, &d, &orgs, &people);
            let title = page.t("org.letter_form.new").to_owned();
            FormTemplate::new(page, &tenant, title, letters_base(&tenant), letters_base(&tenant), fields)
                .refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
    let title = page.f1("org.letter_form.edit", "organisation", name_of(&orgs, l.organisation_id).unwrap_or_default());
    let fields = letter_fields(&page, &letter_data(&l), &orgs, &people);
    let base = format!("{}/{id}", letters_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

async fn update_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", letters_base(&tenant));
    match state.core.save_letter(page.actor.as_ref(), &tenant, Some(id), &letter_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["organisation_id", "signed_on"]);
            let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
            let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
            let title =
                page.f1("org.letter_form.edit", "organisation", name_of(&orgs, l.organisation_id).unwrap_or_default());
            let fields = letter_fields(&page, &d, &orgs, &people);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let organisation = state.core.organisation(&tenant, l.organisation_id).await?.name;
    let title = page.f1("org.letter_delete.title", "organisation", &organisation);
    let base = format!("{}/{id}", letters_base(&tenant));
    delete_page(page, &tenant, title, "org.letter_delete.warning", &base)
}

async fn delete_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_letter(page.actor.as_ref(), &tenant, id).await?;
    redirect(&format!("{}?verwijderd=1", letters_base(&tenant)))
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
}
