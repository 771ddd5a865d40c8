//! Pages of activities (DOMAIN §6): the agenda of a werkplaats, an activity with its registration
//! form and report, the cancel link from the confirmation email, and for organisers the activity
//! form, cancelling, registrations with attendance, and the report form.
//!
//! Times are shown and entered in Europe/Amsterdam. Authorisation stays in the use cases
//! (`core::activities`); handlers only check early where a form would otherwise be shown to
//! someone who cannot send it.
use super::kit::activity_lines::{
    ActivityLine, activity_href, body_meeting_kind, kind_label, local, offset_time, place, when,
};
use super::kit::{
    Check, Ctx, FormErrors, Link, Opt, Pairs, encode_query, four_o_checks, four_o_label, markdown, paragraphs,
    redirect, render, script_json, unprocessable,
};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use broedplaats_core::CoreError;
use broedplaats_core::activities::{
    ActionInput, ActivityInput, ActivityView, AttendanceInput, FileView, ListQuery, ProductLink, Registered,
    RegistrationInput, RegistrationView, ReportInput, ReportView, Scope, parse_moment,
};
use broedplaats_core::auth::Actor;
use broedplaats_core::organisation::BodyView;
use broedplaats_domain::{ActivityKind, Audience, FieldErrorKind, FieldErrors, RegistrationStatus};
use broedplaats_store::Tenant;
use chrono::{DateTime, Datelike, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

type PageResult = Result<Response, HtmlError>;

/// Activities per page of the agenda.
const PAGE_SIZE: i64 = 20;

pub(crate) fn routes() -> Router<AppState> {
    let base = "/werkplaatsen/{slug}/activiteiten";
    Router::new()
        .route(base, get(agenda).post(create))
        .route(&format!("{base}/nieuw"), get(new_form))
        .route(&format!("{base}/agenda-link"), get(calendar_link_get).post(calendar_link))
        .route(&format!("{base}/{{id}}"), get(show).post(update))
        .route(&format!("{base}/{{id}}/bewerken"), get(edit_form))
        .route(&format!("{base}/{{id}}/aanmelden"), get(show_again).post(register))
        .route(&format!("{base}/{{id}}/annuleren"), get(cancel_form).post(cancel))
        .route(&format!("{base}/{{id}}/afmelden/{{token}}"), get(unregister_page).post(unregister))
        .route(&format!("{base}/{{id}}/aanmeldingen"), get(registrations))
        .route(&format!("{base}/{{id}}/aanwezigheid"), get(show_registrations).post(attendance))
        .route(&format!("{base}/{{id}}/verslag"), get(report_form).post(save_report))
        .route(
            &format!("{base}/{{id}}/bijlagen"),
            post(upload_file).layer(DefaultBodyLimit::max(crate::files::FILE_UPLOAD_LIMIT)),
        )
        .route(&format!("{base}/{{id}}/bijlagen/{{file_id}}"), get(download_file))
        .route(&format!("{base}/{{id}}/bijlagen/{{file_id}}/verwijderen"), post(delete_file))
}

// ---- time and labels -----------------------------------------------------------------------------

/// The value of a `datetime-local` field: Amsterdam time without offset.
fn input_time(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%dT%H:%M").to_string()
}

fn audience_label(page: &Page, code: &str) -> String {
    if Audience::CODES.contains(&code) { page.t(&format!("act.audience.{code}")).into() } else { code.into() }
}

// ---- errors --------------------------------------------------------------------------------------

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
fn shown_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
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
fn refusal(errors: &FieldErrors) -> Option<&'static str> {
    match errors.for_field("activity") {
        Some(FieldErrorKind::Refused { key }) => Some(key),
        _ => None,
    }
}

/// A page with one message, e.g. an unknown cancel link or a refused registration.
#[derive(Template)]
#[template(path = "act_message.html")]
struct MessageTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    text: String,
    /// (href, label)
    links: Vec<Link>,
}

fn message_page(
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
fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn theme_titles(state: &AppState, tenant: &Tenant) -> Result<Vec<(i64, String)>, HtmlError> {
    match state.core.current_agenda(tenant).await {
        Ok(a) => Ok(a.themes.into_iter().map(|t| (t.id, t.title)).collect()),
        Err(CoreError::NotFound) => Ok(vec![]),
        Err(e) => Err(e.into()),
    }
}

fn feed_href(slug: &str) -> String {
    format!("/api/v1/werkplaatsen/{slug}/activities.ics")
}

// ---- agenda --------------------------------------------------------------------------------------

/// Query of the agenda page; unknown or unparsable values are ignored, never a 400.
#[derive(Deserialize, Default)]
struct AgendaQuery {
    wanneer: Option<String>,
    soort: Option<String>,
    thema: Option<String>,
    na: Option<String>,
}

#[derive(Template)]
#[template(path = "act_agenda.html")]
struct AgendaTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    past: bool,
    upcoming_href: String,
    past_href: String,
    kinds: Vec<Opt>,
    themes: Vec<Opt>,
    filtered: bool,
    items: Vec<ActivityLine>,
    next_href: Option<String>,
    first_href: Option<String>,
    can_plan: bool,
    feed: String,
    signed_in: bool,
}

fn agenda_href(slug: &str, past: bool, kind: Option<&str>, theme: Option<i64>, cursor: Option<&str>) -> String {
    let mut q = Vec::new();
    if past {
        q.push("wanneer=afgelopen".to_owned());
    }
    if let Some(k) = kind {
        q.push(format!("soort={}", encode_query(k)));
    }
    if let Some(t) = theme {
        q.push(format!("thema={t}"));
    }
    if let Some(c) = cursor {
        q.push(format!("na={}", encode_query(c)));
    }
    let base = format!("/werkplaatsen/{slug}/activiteiten");
    if q.is_empty() { base } else { format!("{base}?{}", q.join("&")) }
}

async fn agenda(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<AgendaQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let theme_list = theme_titles(&state, &tenant).await?;
    let past = q.wanneer.as_deref() == Some("afgelopen");
    let kind = q.soort.filter(|k| ActivityKind::CODES.contains(&k.as_str()));
    let theme = q.thema.and_then(|t| t.trim().parse::<i64>().ok()).filter(|t| theme_list.iter().any(|(id, _)| id == t));
    let now = Utc::now();
    let query = ListQuery {
        from: (!past).then_some(now),
        to: past.then_some(now),
        kind: kind.clone(),
        theme_id: theme,
        descending: past,
        cursor: q.na.clone(),
        limit: PAGE_SIZE,
    };
    let list = state.core.activities(page.actor.as_ref(), &tenant, &query).await?;
    let slug = tenant.slug.clone();
    let kinds = ActivityKind::CODES
        .iter()
        .map(|k| Opt { value: (*k).into(), label: kind_label(&page, k), selected: kind.as_deref() == Some(*k) })
        .collect();
    let themes = theme_list
        .iter()
        .map(|(id, t)| Opt { value: id.to_string(), label: t.clone(), selected: theme == Some(*id) })
        .collect();
    Ok(render(&AgendaTemplate {
        title: page.t("act.agenda.title"),
        upcoming_href: agenda_href(&slug, false, kind.as_deref(), theme, None),
        past_href: agenda_href(&slug, true, kind.as_deref(), theme, None),
        next_href: list.next_cursor.as_deref().map(|c| agenda_href(&slug, past, kind.as_deref(), theme, Some(c))),
        first_href: q.na.is_some().then(|| agenda_href(&slug, past, kind.as_deref(), theme, None)),
        items: list.items.iter().map(|a| ActivityLine::new(&page, &slug, a, now)).collect(),
        filtered: kind.is_some() || theme.is_some(),
        kinds,
        themes,
        past,
        can_plan: state.core.may_plan_activities(page.actor.as_ref(), &tenant),
        feed: feed_href(&slug),
        signed_in: page.actor.is_some(),
        tenant_name: tenant.name,
        slug,
        page,
    }))
}

// ---- personal calendar link ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "act_calendar_link.html")]
struct CalendarLinkTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    url: String,
}

/// Makes a new personal calendar link and shows it once (the database keeps only its hash).
async fn calendar_link(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let token = state.core.new_calendar_token(page.actor.as_ref()).await?;
    Ok(no_store(render(&CalendarLinkTemplate {
        title: page.t("act.calendar.title"),
        url: format!("{}/api/v1/calendar/{token}.ics", state.core.public_url.trim_end_matches('/')),
        slug: tenant.slug,
        tenant_name: tenant.name,
        page,
    })))
}

/// The link is made by a POST; a GET (a reload, a bookmark) goes back to the agenda.
async fn calendar_link_get(HtmlPath(slug): HtmlPath<String>) -> Response {
    redirect(&format!("/werkplaatsen/{}/activiteiten#mijn-agenda", encode_query(&slug)))
}

// ---- one activity --------------------------------------------------------------------------------

/// An activity as its page shows it.
pub(crate) struct Shown {
    id: i64,
    kind: String,
    when: String,
    start: String,
    cancelled: bool,
    cancel_reason: Option<String>,
    past: bool,
    location: Option<String>,
    online_url: Option<String>,
    audience: String,
    /// "30 plaatsen, nog 12 vrij", or `None` without a limit
    places: Option<String>,
    waitlisted: i64,
    themes: Vec<Link>,
    group: Option<Link>,
    project: Option<Link>,
    body: Option<Link>,
    four_os: Vec<String>,
    /// Names of people for members only; `href` empty where there is no page.
    organiser_people: Vec<Link>,
    organiser_orgs: Vec<Link>,
    description: Vec<String>,
    in_series: bool,
    attendance_count: Option<i64>,
    present_orgs: Vec<Link>,
}

impl Shown {
    async fn load(state: &AppState, page: &Page, ctx: &Ctx, v: &ActivityView) -> Result<Self, HtmlError> {
        let base = ctx.base();
        let actor = page.actor.as_ref();
        let group = match v.theme_group_id {
            Some(id) => state.core.theme_groups(&ctx.tenant).await?.into_iter().find(|g| g.id == id).map(|g| Link {
                href: format!("{base}/themagroepen/{id}"),
                label: page.f1("grp.group.title", "theme", &g.name),
            }),
            None => None,
        };
        let project = match v.project_id {
            Some(id) => state
                .core
                .projects(actor, &ctx.tenant, None)
                .await?
                .into_iter()
                .find(|p| p.id == id)
                .map(|p| Link { href: format!("{base}/projecten/{id}"), label: p.title }),
            None => None,
        };
        // bodies are for members; the public sees a body's meetings only if they are public
        let body = match (v.body_id, ctx.is_member()) {
            (Some(id), true) => state
                .core
                .bodies(actor, &ctx.tenant)
                .await?
                .into_iter()
                .find(|b| b.id == id)
                .map(|b| Link { href: format!("{base}/organen/{id}"), label: b.name }),
            _ => None,
        };
        let now = Utc::now();
        let places = v.capacity.map(|c| match v.places_left {
            Some(0) => page.f1("act.places.full", "n", c),
            Some(left) => page.tr.f("act.places.left", &[("n", &c), ("left", &left)]),
            None => c.to_string(),
        });
        Ok(Shown {
            id: v.id,
            kind: kind_label(page, &v.kind),
            when: when(page, v.starts(), v.ends()),
            start: offset_time(v.starts()),
            cancelled: v.is_cancelled(),
            cancel_reason: v.cancel_reason.clone(),
            past: v.is_past(now),
            location: v.location.clone(),
            online_url: v.online_url.clone(),
            audience: audience_label(page, &v.audience),
            places,
            waitlisted: v.waitlisted,
            themes: v
                .theme_ids
                .iter()
                .map(|id| Link { href: format!("{base}/themas/{id}"), label: ctx.theme_title(*id) })
                .collect(),
            group,
            project,
            body,
            four_os: v.four_os.iter().map(|o| four_o_label(page, o)).collect(),
            organiser_people: if ctx.is_member() {
                v.organiser_person_ids
                    .iter()
                    .map(|id| Link { href: format!("{base}/mensen/{id}"), label: ctx.person_name(*id) })
                    .collect()
            } else {
                vec![]
            },
            organiser_orgs: v.organiser_organisation_ids.iter().map(|id| ctx.org_link(*id)).collect(),
            description: paragraphs(&v.description),
            in_series: v.series_id.is_some(),
            attendance_count: v.attendance_count,
            present_orgs: v.present_organisation_ids.iter().map(|id| ctx.org_link(*id)).collect(),
        })
    }
}

/// What the registration block offers.
pub(crate) enum Registration {
    /// Registration is closed, with the reason.
    Closed(&'static str),
    /// A signed-in visitor registers with one click.
    OneClick(String),
    /// A visitor without an account fills in the form.
    Form,
    /// The signed-in visitor is registered already: the status message and their cancel page.
    Mine(&'static str, String),
}

/// The registration form as typed.
#[derive(Default)]
pub(crate) struct RegForm {
    name: String,
    email: String,
    organisation: String,
    accessibility_needs: String,
}

impl RegForm {
    fn from_pairs(p: &Pairs) -> Self {
        RegForm {
            name: p.one("name"),
            email: p.one("email").trim().to_owned(),
            organisation: p.one("organisation"),
            accessibility_needs: p.one("accessibility_needs"),
        }
    }
    fn input(&self) -> RegistrationInput {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        RegistrationInput {
            name: self.name.clone(),
            email: self.email.clone(),
            organisation: opt(&self.organisation),
            accessibility_needs: opt(&self.accessibility_needs),
        }
    }
}

pub(crate) struct ActionShown {
    description: String,
    owner: String,
    due: String,
    done: bool,
}

/// A report as the activity page shows it.
pub(crate) struct ReportShown {
    minutes: Option<markdown::SafeHtml>,
    decisions: Vec<String>,
    actions: Vec<ActionShown>,
    products: Vec<Link>,
    byline: String,
}

impl ReportShown {
    fn new(page: &Page, r: ReportView) -> Self {
        ReportShown {
            minutes: Some(&r.minutes).filter(|m| !m.trim().is_empty()).map(|m| markdown::to_html(m)),
            decisions: r.decisions,
            actions: r
                .actions
                .into_iter()
                .map(|a| ActionShown {
                    description: a.description,
                    owner: a.owner,
                    due: a.due_on.map(|d| page.date(&d)).unwrap_or_default(),
                    done: a.done,
                })
                .collect(),
            products: r.products.into_iter().map(|p| Link { href: p.url, label: p.title }).collect(),
            byline: page.tr.f("act.report.byline", &[("name", &r.author_name), ("date", &page.date(&r.updated_at))]),
        }
    }
}

#[derive(Template)]
#[template(path = "act_activity.html")]
struct ActivityTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    a: Shown,
    /// schema.org Event, for public activities only; JSON escaped for a `<script>` element.
    json_ld: Option<String>,
    ics: String,
    /// After an organiser's change, at the top.
    flash: Option<String>,
    /// After registering, in the registration block.
    reg_flash: Option<String>,
    /// After saving the report, in the report.
    report_flash: Option<String>,
    registration: Registration,
    full: bool,
    form: RegForm,
    errors: FormErrors,
    organiser: bool,
    report: Option<ReportShown>,
    /// Files attached to the report (shown even before the report itself is written).
    files: Vec<FileShown>,
}

impl ActivityTemplate {
    async fn load(
        state: &AppState,
        page: Page,
        ctx: &Ctx,
        id: i64,
        form: RegForm,
        errors: FormErrors,
    ) -> Result<Self, HtmlError> {
        let actor = page.actor.as_ref();
        let v = state.core.activity(actor, &ctx.tenant, id).await?;
        let organiser = state.core.may_organise(actor, &ctx.tenant, id).await?;
        let report = state.core.report(actor, &ctx.tenant, id).await?.map(|r| ReportShown::new(&page, r));
        let files = state.core.report_files(actor, &ctx.tenant, id).await?;
        let files = files.iter().map(|f| FileShown::new(&page, f)).collect();
        let a = Shown::load(state, &page, ctx, &v).await?;
        let mine = state.core.my_registration(actor, &ctx.tenant, id).await?;
        let registration = match (&page.actor, a.cancelled, a.past) {
            (_, true, _) => Registration::Closed("activity.refused.cancelled"),
            (_, _, true) => Registration::Closed("activity.refused.past"),
            (Some(actor), _, _) => match mine {
                Some((status, token)) => Registration::Mine(
                    if status == RegistrationStatus::Waitlisted { "act.reg.mine_waitlisted" } else { "act.reg.mine" },
                    format!("/werkplaatsen/{}/activiteiten/{id}/afmelden/{token}", ctx.slug()),
                ),
                None => Registration::OneClick(actor.name.clone()),
            },
            (None, _, _) => Registration::Form,
        };
        let json_ld = (v.audience == Audience::Public.code()).then(|| json_ld(state, ctx, &v));
        Ok(ActivityTemplate {
            title: v.title.clone(),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            json_ld,
            ics: format!("/api/v1/werkplaatsen/{}/activities/{id}.ics", ctx.slug()),
            flash: None,
            reg_flash: None,
            report_flash: None,
            full: v.places_left == Some(0),
            registration,
            form,
            errors,
            organiser,
            report,
            files,
            a,
            page,
        })
    }
}

/// schema.org Event as JSON-LD, for a `<script type="application/ld+json">` element (data, not
/// script: the CSP does not apply to it and browsers do not run it).
fn json_ld(state: &AppState, ctx: &Ctx, v: &ActivityView) -> String {
    let base = state.core.public_url.trim_end_matches('/');
    let mode = match (&v.location, &v.online_url) {
        (Some(_), Some(_)) => "Mixed",
        (None, Some(_)) => "Online",
        _ => "Offline",
    };
    let mut locations: Vec<Value> = Vec::new();
    if let Some(l) = &v.location {
        locations.push(json!({ "@type": "Place", "name": l, "address": l }));
    }
    if let Some(u) = &v.online_url {
        locations.push(json!({ "@type": "VirtualLocation", "url": u }));
    }
    let organizer: Vec<Value> = if v.organiser_organisation_ids.is_empty() {
        vec![json!({ "@type": "Organization", "name": ctx.tenant.name, "url": format!("{base}{}", ctx.base()) })]
    } else {
        v.organiser_organisation_ids
            .iter()
            .map(|id| {
                let l = ctx.org_link(*id);
                json!({ "@type": "Organization", "name": l.label, "url": format!("{base}{}", l.href) })
            })
            .collect()
    };
    let status = if v.is_cancelled() { "EventCancelled" } else { "EventScheduled" };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": v.title,
        "startDate": offset_time(v.starts()),
        "endDate": offset_time(v.ends()),
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": format!("https://schema.org/{mode}EventAttendanceMode"),
        "organizer": organizer,
        "url": format!("{base}{}", activity_href(ctx.slug(), v.id)),
    });
    if !v.description.trim().is_empty() {
        ld["description"] = json!(v.description);
    }
    match locations.len() {
        0 => {}
        1 => ld["location"] = locations.remove(0),
        _ => ld["location"] = Value::Array(locations),
    }
    script_json(&ld)
}

/// Query of the activity page: which confirmation to show after a redirect.
#[derive(Deserialize, Default)]
struct ShowQuery {
    aanmelding: Option<String>,
    plaats: Option<String>,
    opgeslagen: Option<String>,
    reeks: Option<String>,
    geannuleerd: Option<String>,
    verslag: Option<String>,
}

impl ShowQuery {
    /// The outcome of a registration, shown in the registration block it came from.
    fn registration(&self, page: &Page) -> Option<String> {
        let place = self.plaats.as_deref().and_then(|s| s.parse::<i64>().ok()).filter(|n| *n > 0);
        Some(match self.aanmelding.as_deref()? {
            "aangemeld" => page.t("act.reg.done").into(),
            "wachtlijst" => match place {
                Some(n) => page.f1("act.reg.waitlisted", "n", n),
                None => page.t("act.reg.waitlisted_plain").into(),
            },
            "al_aangemeld" => page.t("act.reg.already").into(),
            "al_wachtlijst" => page.t("act.reg.already_waitlisted").into(),
            _ => return None,
        })
    }
    /// A confirmation after an organiser's change, shown at the top.
    fn flash(&self, page: &Page) -> Option<String> {
        if let Some(n) = self.reeks.as_deref().and_then(|s| s.parse::<i64>().ok()).filter(|n| *n > 0) {
            Some(page.f1("act.flash.series", "n", n))
        } else if self.opgeslagen.is_some() {
            Some(page.t("act.flash.saved").into())
        } else if self.geannuleerd.is_some() {
            Some(page.t("act.flash.cancelled").into())
        } else {
            None
        }
    }
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let (flash, reg_flash) = (q.flash(&page), q.registration(&page));
    let report_flash = q.verslag.is_some().then(|| page.t("act.flash.report").to_owned());
    let mut t = ActivityTemplate::load(&state, page, &ctx, id, RegForm::default(), FormErrors::default()).await?;
    (t.flash, t.reg_flash, t.report_flash) = (flash, reg_flash, report_flash);
    Ok(render(&t))
}

/// The registration form posts to `…/aanmelden`; a GET there (a reload) shows the activity.
async fn show_again(HtmlPath((slug, id)): HtmlPath<(String, i64)>) -> Response {
    redirect(&activity_href(&encode_query(&slug), id))
}

async fn register(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let form = RegForm::from_pairs(&Pairs(pairs));
    // Signed in: with the name and address of the account, in one click.
    let input = page.actor.is_none().then(|| form.input());
    let errors = match state.core.register(page.actor.as_ref(), &ctx.tenant, id, input.as_ref()).await {
        Ok(r) => return Ok(redirect(&registered_location(&state, &page, &ctx, id, &r).await?)),
        Err(CoreError::Invalid(e)) => e,
        Err(e) => return Err(e.into()),
    };
    let shown = shown_errors(&page, &errors);
    match ActivityTemplate::load(&state, page.clone(), &ctx, id, form, shown).await {
        Ok(t) => Ok(unprocessable(&t)),
        // Not visible to this visitor (members only): say why on a page of its own.
        Err(HtmlError(ErrorPage::NotFound)) if refusal(&errors).is_some() => {
            let text = page.t(refusal(&errors).unwrap_or("activity.refused.members_only"));
            let login = Link {
                href: format!("/inloggen?terug={}", encode_query(&activity_href(ctx.slug(), id))),
                label: page.t("nav.login").into(),
            };
            let title = page.t("act.reg.refused_title");
            Ok(message_page(page, &ctx.tenant, title, text, vec![login], StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

/// Where to go after registering: the activity page with the confirmation that fits.
async fn registered_location(
    state: &AppState,
    page: &Page,
    ctx: &Ctx,
    id: i64,
    r: &Registered,
) -> Result<String, HtmlError> {
    let href = activity_href(ctx.slug(), id);
    Ok(match (r.status, r.created) {
        (RegistrationStatus::Waitlisted, true) => {
            // a new registration joins the end of the waiting list
            let v = state.core.activity(page.actor.as_ref(), &ctx.tenant, id).await?;
            format!("{href}?aanmelding=wachtlijst&plaats={}#aanmelden", v.waitlisted)
        }
        (RegistrationStatus::Waitlisted, false) => format!("{href}?aanmelding=al_wachtlijst#aanmelden"),
        (_, true) => format!("{href}?aanmelding=aangemeld#aanmelden"),
        (_, false) => format!("{href}?aanmelding=al_aangemeld#aanmelden"),
    })
}

// ---- cancelling a registration by its link -------------------------------------------------------

#[derive(Deserialize, Default)]
struct UnregisterQuery {
    herinneringen: Option<String>,
}

#[derive(Template)]
#[template(path = "act_unregister.html")]
struct UnregisterTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    place: String,
    name: String,
    waitlisted: bool,
    cancelled: bool,
    /// Offer "no more reminders" (the link in a reminder email).
    offer_stop_reminders: bool,
    reminders_stopped: bool,
    action: String,
}

fn unknown_link(page: Page, tenant: &Tenant) -> Response {
    let title = page.t("act.unreg.unknown_title");
    let text = page.t("act.unreg.unknown_text");
    let back = Link {
        href: format!("/werkplaatsen/{}/activiteiten", tenant.slug),
        label: page.t("act.back_to_agenda").into(),
    };
    no_store(message_page(page, tenant, title, text, vec![back], StatusCode::NOT_FOUND))
}

/// Shows what the link cancels and asks to confirm: a GET changes nothing, as mail scanners
/// follow links in emails.
async fn unregister_page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, token)): HtmlPath<(String, i64, String)>,
    Query(q): Query<UnregisterQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (r, a) = match state.core.registration_for_token(&tenant, &token).await {
        Ok((r, a)) if a.id == id => (r, a),
        Ok(_) | Err(CoreError::NotFound) => return Ok(unknown_link(page, &tenant)),
        Err(e) => return Err(e.into()),
    };
    let cancelled = r.status == RegistrationStatus::Cancelled.code();
    let title = if cancelled {
        page.t("act.unreg.done_title").to_owned()
    } else {
        page.f1("act.unreg.title", "title", &a.title)
    };
    Ok(no_store(render(&UnregisterTemplate {
        title,
        activity_href: activity_href(&tenant.slug, a.id),
        when: when(&page, a.starts(), a.ends()),
        place: place(&page, &a),
        activity_title: a.title,
        name: r.name,
        waitlisted: r.status == RegistrationStatus::Waitlisted.code(),
        offer_stop_reminders: !cancelled && q.herinneringen.as_deref() == Some("uit"),
        reminders_stopped: q.herinneringen.as_deref() == Some("gestopt"),
        cancelled,
        action: format!("{}/afmelden/{}", activity_href(&tenant.slug, id), encode_query(&token)),
        slug: tenant.slug,
        tenant_name: tenant.name,
        page,
    })))
}

async fn unregister(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, token)): HtmlPath<(String, i64, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let here = format!("{}/afmelden/{}", activity_href(&tenant.slug, id), encode_query(&token));
    // the token must belong to this activity, for stopping reminders as for cancelling
    match state.core.registration_for_token(&tenant, &token).await {
        Ok((_, a)) if a.id == id => {}
        Ok(_) | Err(CoreError::NotFound) => return Ok(unknown_link(page, &tenant)),
        Err(e) => return Err(e.into()),
    }
    let outcome = if Pairs(pairs).one("herinneringen") == "uit" {
        state.core.stop_reminders(&tenant, &token).await.map(|_| format!("{here}?herinneringen=gestopt"))
    } else {
        state.core.cancel_registration(&tenant, Some(id), &token).await.map(|_| here)
    };
    match outcome {
        Ok(to) => Ok(redirect(&to)),
        Err(CoreError::NotFound) => Ok(unknown_link(page, &tenant)),
        Err(e) => Err(e.into()),
    }
}

// ---- the activity form ----------------------------------------------------------------------------

/// The activity form as typed, so a refused form comes back intact.
#[derive(Default)]
pub(crate) struct ActivityForm {
    kind: String,
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
    location: String,
    online_url: String,
    capacity: String,
    audience: String,
    theme_ids: Vec<i64>,
    theme_group_id: String,
    project_id: String,
    body_id: String,
    four_os: Vec<String>,
    organiser_person_ids: Vec<i64>,
    organiser_organisation_ids: Vec<i64>,
    repeat: String,
    repeat_count: String,
    scope: String,
}

const REPEATS: [&str; 4] = ["none", "weekly", "monthly_weekday", "monthly_date"];

impl ActivityForm {
    fn new_default(page: &Page, body: Option<&BodyView>) -> Self {
        let mut f = ActivityForm {
            kind: ActivityKind::Kenniscafe.code().into(),
            audience: Audience::Public.code().into(),
            repeat: "none".into(),
            repeat_count: "6".into(),
            scope: "occurrence".into(),
            ..Default::default()
        };
        if let Some(b) = body {
            f.kind = body_meeting_kind(b).into();
            f.title = page.f1("act.body.meeting_title", "name", &b.name);
            f.body_id = b.id.to_string();
            f.audience = Audience::Members.code().into();
        }
        f
    }

    fn from_view(v: &ActivityView) -> Self {
        let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
        ActivityForm {
            kind: v.kind.clone(),
            title: v.title.clone(),
            description: v.description.clone(),
            starts_at: input_time(v.starts()),
            ends_at: input_time(v.ends()),
            location: v.location.clone().unwrap_or_default(),
            online_url: v.online_url.clone().unwrap_or_default(),
            capacity: v.capacity.map(|c| c.to_string()).unwrap_or_default(),
            audience: v.audience.clone(),
            theme_ids: v.theme_ids.clone(),
            theme_group_id: id(v.theme_group_id),
            project_id: id(v.project_id),
            body_id: id(v.body_id),
            four_os: v.four_os.clone(),
            organiser_person_ids: v.organiser_person_ids.clone(),
            organiser_organisation_ids: v.organiser_organisation_ids.clone(),
            repeat: "none".into(),
            repeat_count: "6".into(),
            scope: "occurrence".into(),
        }
    }

    /// The form as typed, the input for the use case, and the problems the form itself finds.
    fn from_pairs(p: &Pairs) -> (Self, ActivityInput, Scope, FieldErrors) {
        let mut e = FieldErrors::new();
        let mut ids = |field: &str| {
            p.ids(field).unwrap_or_else(|| {
                e.push(field, FieldErrorKind::Invalid);
                vec![]
            })
        };
        let form = ActivityForm {
            kind: p.one("kind").trim().to_owned(),
            title: p.one("title"),
            description: p.one("description"),
            starts_at: p.one("starts_at").trim().to_owned(),
            ends_at: p.one("ends_at").trim().to_owned(),
            location: p.one("location"),
            online_url: p.one("online_url").trim().to_owned(),
            capacity: p.one("capacity").trim().to_owned(),
            audience: p.one("audience").trim().to_owned(),
            theme_ids: ids("theme_ids"),
            theme_group_id: p.one("theme_group_id").trim().to_owned(),
            project_id: p.one("project_id").trim().to_owned(),
            body_id: p.one("body_id").trim().to_owned(),
            four_os: p.all("four_os"),
            organiser_person_ids: ids("organiser_person_ids"),
            organiser_organisation_ids: ids("organiser_organisation_ids"),
            repeat: p.one("repeat").trim().to_owned(),
            repeat_count: p.one("repeat_count").trim().to_owned(),
            scope: p.one("scope").trim().to_owned(),
        };
        let input = ActivityInput {
            kind: form.kind.clone(),
            title: form.title.clone(),
            description: opt_text(&form.description),
            starts_at: form.starts_at.clone(),
            ends_at: form.ends_at.clone(),
            location: opt_text(&form.location),
            online_url: opt_text(&form.online_url),
            capacity: opt_number(&mut e, "capacity", &form.capacity),
            audience: form.audience.clone(),
            theme_ids: form.theme_ids.clone(),
            theme_group_id: opt_number(&mut e, "theme_group_id", &form.theme_group_id),
            project_id: opt_number(&mut e, "project_id", &form.project_id),
            body_id: opt_number(&mut e, "body_id", &form.body_id),
            four_os: form.four_os.clone(),
            organiser_person_ids: form.organiser_person_ids.clone(),
            organiser_organisation_ids: form.organiser_organisation_ids.clone(),
            recurrence: recurrence(&mut e, &form.repeat, &form.repeat_count, &form.starts_at),
        };
        let scope = if form.scope == "series" { Scope::Series } else { Scope::Occurrence };
        (form, input, scope, e)
    }
}

fn opt_text(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|s| !s.is_empty())
}

fn opt_number(e: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    raw.parse().map_err(|_| e.push(field, FieldErrorKind::Invalid)).ok()
}

/// The RRULE of the "Herhalen" choice: weekly, monthly on the same weekday of the month (the
/// 3rd Thursday, or the last one when the start is in the month's last week past the 4th), or
/// monthly on the same date; always with its number of occurrences.
fn recurrence(e: &mut FieldErrors, repeat: &str, count: &str, starts_at: &str) -> Option<String> {
    if !REPEATS.contains(&repeat) || repeat == "none" {
        if !repeat.is_empty() && repeat != "none" {
            e.push("repeat", FieldErrorKind::Invalid);
        }
        return None;
    }
    let n = match count.trim().parse::<usize>() {
        Ok(n) if (2..=broedplaats_core::activities::MAX_OCCURRENCES).contains(&n) => n,
        _ => {
            e.push("repeat_count", FieldErrorKind::Refused { key: "act.error.repeat_count" });
            return None;
        }
    };
    match repeat {
        "weekly" => Some(format!("FREQ=WEEKLY;COUNT={n}")),
        "monthly_date" => Some(format!("FREQ=MONTHLY;COUNT={n}")),
        // without a valid start the use case reports the start; the rule waits until then
        _ => parse_moment(starts_at).ok().map(|s| format!("FREQ=MONTHLY;BYDAY={};COUNT={n}", nth_weekday(s))),
    }
}

/// The weekday of the month of a start in Amsterdam, as RRULE: `3TH` for the third Thursday,
/// `-1TH` for a fifth Thursday (which not every month has: "the last Thursday" is meant).
fn nth_weekday(start: DateTime<Utc>) -> String {
    let d = local(start);
    let n = (d.day() - 1) / 7 + 1;
    let wd = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d.weekday().num_days_from_monday() as usize];
    if n >= 5 { format!("-1{wd}") } else { format!("{n}{wd}") }
}

/// A radio button.
pub(crate) struct Radio {
    value: &'static str,
    label: String,
    hint: Option<&'static str>,
    checked: bool,
}

#[derive(Template)]
#[template(path = "act_form.html")]
struct FormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    form: ActivityForm,
    kinds: Vec<Opt>,
    audiences: Vec<Radio>,
    themes: Vec<Check>,
    groups: Vec<Opt>,
    projects: Vec<Opt>,
    bodies: Vec<Opt>,
    four_os: Vec<Check>,
    people: Vec<Check>,
    orgs: Vec<Check>,
    /// "Herhalen" when creating; `None` when editing.
    repeats: Option<Vec<Radio>>,
    /// "Alleen deze" / "Hele reeks" when editing an occurrence of a series.
    scopes: Option<Vec<Radio>>,
    errors: FormErrors,
}

fn opts(items: impl Iterator<Item = (i64, String)>, selected: &str) -> Vec<Opt> {
    items.map(|(id, label)| Opt { selected: selected == id.to_string(), value: id.to_string(), label }).collect()
}

fn checks(items: impl Iterator<Item = (i64, String)>, checked: &[i64]) -> Vec<Check> {
    items
        .map(|(id, label)| Check { value: id.to_string(), label, checked: checked.contains(&id), extras: vec![] })
        .collect()
}

fn radios(page: &Page, values: &[&'static str], key: &str, hints: bool, current: &str) -> Vec<Radio> {
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

impl FormTemplate {
    async fn new(
        state: &AppState,
        page: Page,
        ctx: &Ctx,
        editing: Option<&ActivityView>,
        form: ActivityForm,
        errors: FormErrors,
    ) -> Result<Self, HtmlError> {
        let actor = page.actor.as_ref();
        let base = ctx.base();
        let (title, action, cancel) = match editing {
            Some(v) => (
                page.f1("act.form.edit_title", "title", &v.title),
                activity_href(ctx.slug(), v.id),
                activity_href(ctx.slug(), v.id),
            ),
            None => (
                page.t("act.form.new_title").to_owned(),
                format!("{base}/activiteiten"),
                format!("{base}/activiteiten"),
            ),
        };
        let groups = state.core.theme_groups(&ctx.tenant).await?;
        let projects = state.core.projects(actor, &ctx.tenant, None).await?;
        let bodies = if ctx.is_member() { state.core.bodies(actor, &ctx.tenant).await? } else { vec![] };
        let kinds = ActivityKind::CODES
            .iter()
            .map(|k| Opt { value: (*k).into(), label: kind_label(&page, k), selected: form.kind == *k })
            .collect();
        let four_os = four_o_checks(&page, &form.four_os);
        Ok(FormTemplate {
            title,
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            action,
            cancel,
            kinds,
            audiences: radios(&page, Audience::CODES, "act.audience", true, &form.audience),
            themes: checks(ctx.themes.iter().cloned(), &form.theme_ids),
            groups: opts(
                groups.iter().map(|g| (g.id, page.f1("grp.group.title", "theme", &g.name))),
                &form.theme_group_id,
            ),
            projects: opts(projects.into_iter().map(|p| (p.id, p.title)), &form.project_id),
            bodies: opts(bodies.into_iter().map(|b| (b.id, b.name)), &form.body_id),
            four_os,
            people: checks(ctx.people.iter().map(|p| (p.id, p.name.clone())), &form.organiser_person_ids),
            orgs: checks(ctx.orgs.iter().map(|o| (o.id, o.name.clone())), &form.organiser_organisation_ids),
            repeats: editing.is_none().then(|| radios(&page, &REPEATS, "act.repeat", false, &form.repeat)),
            scopes: editing
                .filter(|v| v.series_id.is_some())
                .map(|_| radios(&page, &["occurrence", "series"], "act.scope", true, &form.scope)),
            form,
            errors,
            page,
        })
    }
}

#[derive(Deserialize, Default)]
struct NewQuery {
    body: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<NewQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, state.core.may_plan_activities(page.actor.as_ref(), &ctx.tenant))?;
    let body = match q.body.and_then(|b| b.trim().parse::<i64>().ok()) {
        Some(id) => state.core.bodies(page.actor.as_ref(), &ctx.tenant).await?.into_iter().find(|b| b.id == id),
        None => None,
    };
    let form = ActivityForm::new_default(&page, body.as_ref());
    Ok(render(&FormTemplate::new(&state, page, &ctx, None, form, FormErrors::default()).await?))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    ctx.require(&page, state.core.may_plan_activities(page.actor.as_ref(), &ctx.tenant))?;
    let (form, input, scope, local) = ActivityForm::from_pairs(&Pairs(pairs));
    let errors = match save_activity(&state, &page, &ctx.tenant, None, &input, scope, local).await? {
        Ok(id) => {
            let flash = match input.recurrence {
                Some(_) => format!("reeks={}", form.repeat_count),
                None => "opgeslagen=1".into(),
            };
            return Ok(redirect(&format!("{}?{flash}", activity_href(ctx.slug(), id))));
        }
        Err(e) => shown_errors(&page, &e),
    };
    Ok(unprocessable(&FormTemplate::new(&state, page, &ctx, None, form, errors).await?))
}

/// Creates (`id` is `None`) or updates an activity; the id saved, or every problem of the input.
async fn save_activity(
    state: &AppState,
    page: &Page,
    tenant: &Tenant,
    id: Option<i64>,
    input: &ActivityInput,
    scope: Scope,
    local: FieldErrors,
) -> Result<Result<i64, FieldErrors>, HtmlError> {
    let actor = page.actor.as_ref();
    if !local.is_empty() {
        return Ok(Err(with_use_case_errors(state, actor, tenant, id, input, local).await?));
    }
    let saved = match id {
        None => state.core.create_activity(actor, tenant, input).await,
        Some(id) => state.core.update_activity(actor, tenant, id, input, scope).await.map(|()| id),
    };
    match saved {
        Ok(id) => Ok(Ok(id)),
        Err(CoreError::Invalid(e)) => Ok(Err(in_form_order(e))),
        Err(e) => Err(e.into()),
    }
}

fn in_form_order(mut errors: FieldErrors) -> FieldErrors {
    errors.0.sort_by_key(|f| FORM_ORDER.iter().position(|o| *o == f.field).unwrap_or(FORM_ORDER.len()));
    errors
}

/// Fields of the activity form in the order the form shows them (and the summary lists them).
const FORM_ORDER: [&str; 21] = [
    "scope",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "repeat",
    "recurrence",
    "repeat_count",
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
    "activity",
];

/// Adds the use case's own complaints to those the form found, so the visitor sees every problem
/// at once rather than a second list after fixing the first. This asks the use case with the kind
/// left empty: it validates before it writes anything (bad input changes nothing) and always
/// refuses an empty kind, so the probe is never saved.
async fn with_use_case_errors(
    state: &AppState,
    actor: Option<&Actor>,
    tenant: &Tenant,
    id: Option<i64>,
    input: &ActivityInput,
    mut errors: FieldErrors,
) -> Result<FieldErrors, HtmlError> {
    let blank_kind = ActivityKind::CODES.contains(&input.kind.trim());
    let kind = if blank_kind { String::new() } else { input.kind.clone() };
    let probe = ActivityInput { kind, recurrence: None, ..input.clone() };
    let refused = match id {
        None => state.core.create_activity(actor, tenant, &probe).await.map(|_| ()),
        Some(id) => state.core.update_activity(actor, tenant, id, &probe, Scope::Occurrence).await,
    };
    match refused {
        Err(CoreError::Invalid(e)) => errors.0.extend(e.0.into_iter().filter(|f| !(blank_kind && f.field == "kind"))),
        Err(e) => return Err(e.into()),
        Ok(()) => {
            tracing::error!("an activity without a kind was accepted");
            return Err(HtmlError(ErrorPage::Internal));
        }
    }
    Ok(in_form_order(errors))
}

/// The activity, if the actor may organise it: else 401 (anonymous) or 403.
async fn organised(state: &AppState, page: &Page, ctx: &Ctx, id: i64) -> Result<ActivityView, HtmlError> {
    let v = state.core.activity(page.actor.as_ref(), &ctx.tenant, id).await?;
    let may = state.core.may_organise(page.actor.as_ref(), &ctx.tenant, id).await?;
    ctx.require(page, may)?;
    Ok(v)
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let form = ActivityForm::from_view(&v);
    Ok(render(&FormTemplate::new(&state, page, &ctx, Some(&v), form, FormErrors::default()).await?))
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let (mut form, mut input, scope, local) = ActivityForm::from_pairs(&Pairs(pairs));
    // the "Herhalen" fieldset is not on the edit form
    (form.repeat, input.recurrence) = ("none".into(), None);
    let errors = match save_activity(&state, &page, &ctx.tenant, Some(id), &input, scope, local).await? {
        Ok(_) => return Ok(redirect(&format!("{}?opgeslagen=1", activity_href(ctx.slug(), id)))),
        Err(e) => e,
    };
    let errors = shown_errors(&page, &errors);
    Ok(unprocessable(&FormTemplate::new(&state, page, &ctx, Some(&v), form, errors).await?))
}

// ---- cancelling an activity ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "act_cancel.html")]
struct CancelTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    /// people registered or waiting, who get an email
    affected: i64,
    reason: String,
    scopes: Option<Vec<Radio>>,
    scope_label: String,
    /// The second step: everything filled in, asking "are you sure?".
    confirming: bool,
    errors: FormErrors,
}

impl CancelTemplate {
    fn new(page: Page, ctx: &Ctx, v: &ActivityView, reason: String, scope: &str, errors: FormErrors) -> Self {
        let scope = if v.series_id.is_some() && scope == "series" { "series" } else { "occurrence" };
        CancelTemplate {
            title: page.f1("act.cancel.title", "title", &v.title),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            activity_title: v.title.clone(),
            activity_href: activity_href(ctx.slug(), v.id),
            when: when(&page, v.starts(), v.ends()),
            affected: v.registered + v.waitlisted,
            reason,
            scopes: v.series_id.map(|_| radios(&page, &["occurrence", "series"], "act.cancel_scope", false, scope)),
            scope_label: page.t(&format!("act.cancel_scope.{scope}")).into(),
            confirming: false,
            errors,
            page,
        }
    }
}

async fn cancel_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    if v.is_cancelled() {
        return Ok(redirect(&activity_href(ctx.slug(), id)));
    }
    Ok(render(&CancelTemplate::new(page, &ctx, &v, String::new(), "occurrence", FormErrors::default())))
}

/// First POST: shows what will happen and asks to confirm; the second (`bevestigd=ja`) cancels.
async fn cancel(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let p = Pairs(pairs);
    let (reason, scope) = (p.one("reason").trim().to_owned(), p.one("scope"));
    if p.one("bevestigd") != "ja" {
        let mut t = CancelTemplate::new(page, &ctx, &v, reason, &scope, FormErrors::default());
        t.confirming = true;
        return Ok(render(&t));
    }
    let s = if scope == "series" { Scope::Series } else { Scope::Occurrence };
    let reason_opt = Some(reason.as_str()).filter(|r| !r.is_empty());
    match state.core.cancel_activity(page.actor.as_ref(), &ctx.tenant, id, reason_opt, s).await {
        Ok(()) => Ok(redirect(&format!("{}?geannuleerd=1", activity_href(ctx.slug(), id)))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&CancelTemplate::new(page, &ctx, &v, reason, &scope, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- registrations and attendance ------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct RegistrationsQuery {
    format: Option<String>,
    opgeslagen: Option<String>,
}

pub(crate) struct RegLine {
    name: String,
    email: String,
    organisation: String,
    needs: String,
    date: String,
}

#[derive(Template)]
#[template(path = "act_registrations.html")]
struct RegistrationsTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    summary: String,
    registered: Vec<RegLine>,
    waitlisted: Vec<RegLine>,
    cancelled: Vec<RegLine>,
    csv_href: String,
    action: String,
    /// Attendance: one box per registration that is not cancelled.
    present: Vec<Check>,
    count: String,
    orgs: Vec<Check>,
    flash: Option<String>,
    errors: FormErrors,
}

/// The attendance form as saved or typed: registrations present, head count, organisations.
struct Attendance<'a> {
    present: &'a [i64],
    count: String,
    orgs: &'a [i64],
}

impl RegistrationsTemplate {
    fn new(
        page: Page,
        ctx: &Ctx,
        v: &ActivityView,
        regs: &[RegistrationView],
        attendance: Attendance<'_>,
        errors: FormErrors,
    ) -> Self {
        let Attendance { present, count, orgs } = attendance;
        let line = |r: &RegistrationView| RegLine {
            name: r.name.clone(),
            email: r.email.clone(),
            organisation: r.organisation.clone().unwrap_or_default(),
            needs: r.accessibility_needs.clone().unwrap_or_default(),
            date: page.date(&r.registered_at),
        };
        let of = |s: RegistrationStatus| regs.iter().filter(|r| r.status == s.code()).map(line).collect::<Vec<_>>();
        let (registered, waitlisted, cancelled) =
            (of(RegistrationStatus::Registered), of(RegistrationStatus::Waitlisted), of(RegistrationStatus::Cancelled));
        let summary = page.tr.f(
            "act.regs.summary",
            &[
                ("registered", &registered.len()),
                ("capacity", &v.capacity.map(|c| c.to_string()).unwrap_or_else(|| "—".into())),
                ("waitlisted", &waitlisted.len()),
                ("cancelled", &cancelled.len()),
            ],
        );
        let href = activity_href(ctx.slug(), v.id);
        RegistrationsTemplate {
            title: page.f1("act.regs.title", "title", &v.title),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            activity_title: v.title.clone(),
            when: when(&page, v.starts(), v.ends()),
            summary,
            registered,
            waitlisted,
            cancelled,
            csv_href: format!("{href}/aanmeldingen?format=csv"),
            action: format!("{href}/aanwezigheid"),
            present: checks(
                regs.iter()
                    .filter(|r| r.status != RegistrationStatus::Cancelled.code())
                    .map(|r| (r.id, r.name.clone())),
                present,
            ),
            count,
            orgs: checks(ctx.orgs.iter().map(|o| (o.id, o.name.clone())), orgs),
            activity_href: href,
            flash: None,
            errors,
            page,
        }
    }
}

async fn registrations(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<RegistrationsQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    if q.format.as_deref() == Some("csv") {
        let csv = state.core.registrations_csv(page.actor.as_ref(), &ctx.tenant, id).await?;
        let disposition = format!("attachment; filename=\"aanmeldingen-{}-{id}.csv\"", ctx.slug());
        return Ok(no_store(
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                csv,
            )
                .into_response(),
        ));
    }
    let regs = state.core.registrations(page.actor.as_ref(), &ctx.tenant, id).await?;
    let v = state.core.activity(page.actor.as_ref(), &ctx.tenant, id).await?;
    let present: Vec<i64> = regs.iter().filter(|r| r.attended).map(|r| r.id).collect();
    let count = v.attendance_count.map(|c| c.to_string()).unwrap_or_default();
    let attendance = Attendance { present: &present, count, orgs: &v.present_organisation_ids };
    let mut t = RegistrationsTemplate::new(page, &ctx, &v, &regs, attendance, FormErrors::default());
    t.flash = q.opgeslagen.is_some().then(|| t.page.t("act.regs.saved").to_owned());
    Ok(no_store(render(&t)))
}

/// The attendance form posts to `…/aanwezigheid`; a GET there goes to the registrations.
async fn show_registrations(HtmlPath((slug, id)): HtmlPath<(String, i64)>) -> Response {
    redirect(&format!("{}/aanmeldingen", activity_href(&encode_query(&slug), id)))
}

async fn attendance(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let mut ids = |field: &str| {
        p.ids(field).unwrap_or_else(|| {
            e.push(field, FieldErrorKind::Invalid);
            vec![]
        })
    };
    let input = AttendanceInput {
        present_registration_ids: ids("present_registration_ids"),
        organisation_ids: ids("organisation_ids"),
        count: None,
    };
    let count = p.one("count").trim().to_owned();
    let input = AttendanceInput { count: opt_number(&mut e, "count", &count), ..input };
    let result = match e.is_empty() {
        true => state.core.set_attendance(page.actor.as_ref(), &ctx.tenant, id, &input).await,
        false => Err(CoreError::Invalid(e)),
    };
    let errors = match result {
        Ok(()) => return Ok(redirect(&format!("{}/aanmeldingen?opgeslagen=1", activity_href(ctx.slug(), id)))),
        Err(CoreError::Invalid(e)) => e,
        Err(e) => return Err(e.into()),
    };
    // organisers only, also for a form that does not parse
    let regs = state.core.registrations(page.actor.as_ref(), &ctx.tenant, id).await?;
    let v = state.core.activity(page.actor.as_ref(), &ctx.tenant, id).await?;
    let errors = shown_errors(&page, &errors);
    let attendance = Attendance { present: &input.present_registration_ids, count, orgs: &input.organisation_ids };
    let t = RegistrationsTemplate::new(page, &ctx, &v, &regs, attendance, errors);
    Ok(no_store(unprocessable(&t)))
}

// ---- report ---------------------------------------------------------------------------------------

/// Empty rows offered below the existing ones, so the form needs no script to grow.
const EMPTY_ROWS: usize = 3;
/// Rows read from a form at most (a bound on what a crafted form can make us do).
const MAX_ROWS: usize = 200;

#[derive(Default, Clone)]
pub(crate) struct ActionRow {
    description: String,
    owner: String,
    due_on: String,
    done: bool,
}

#[derive(Default, Clone)]
pub(crate) struct ProductRow {
    title: String,
    url: String,
}

/// The report form as typed.
#[derive(Default)]
pub(crate) struct ReportForm {
    minutes: String,
    decisions: String,
    actions: Vec<ActionRow>,
    products: Vec<ProductRow>,
}

impl ReportForm {
    fn from_view(r: Option<ReportView>) -> Self {
        let mut f = match r {
            Some(r) => ReportForm {
                minutes: r.minutes,
                decisions: r.decisions.join("\n"),
                actions: r
                    .actions
                    .into_iter()
                    .map(|a| ActionRow {
                        description: a.description,
                        owner: a.owner,
                        due_on: a.due_on.unwrap_or_default(),
                        done: a.done,
                    })
                    .collect(),
                products: r.products.into_iter().map(|p| ProductRow { title: p.title, url: p.url }).collect(),
            },
            None => ReportForm::default(),
        };
        f.actions.extend(std::iter::repeat_n(ActionRow::default(), EMPTY_ROWS));
        f.products.extend(std::iter::repeat_n(ProductRow::default(), EMPTY_ROWS));
        f
    }

    /// The rows as typed (also the empty ones, so errors keep pointing at the right row).
    fn from_pairs(p: &Pairs) -> Self {
        let rows = |prefix: &str| {
            p.0.iter()
                .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<usize>().ok())
                .filter(|i| *i < MAX_ROWS)
                .max()
                .map_or(0, |m| m + 1)
        };
        let get = |k: String| p.one(&k).trim().to_owned();
        ReportForm {
            minutes: p.one("minutes"),
            decisions: p.one("decisions"),
            actions: (0..rows("action_description_"))
                .map(|i| ActionRow {
                    description: get(format!("action_description_{i}")),
                    owner: get(format!("action_owner_{i}")),
                    due_on: get(format!("action_due_{i}")),
                    done: !get(format!("action_done_{i}")).is_empty(),
                })
                .collect(),
            products: (0..rows("product_title_"))
                .map(|i| ProductRow { title: get(format!("product_title_{i}")), url: get(format!("product_url_{i}")) })
                .collect(),
        }
    }

    /// The input for the use case, with for each action and product the form row it came from.
    fn input(&self) -> (ReportInput, Vec<usize>, Vec<usize>) {
        let action_rows: Vec<usize> = (0..self.actions.len())
            .filter(|i| {
                let a = &self.actions[*i];
                !(a.description.is_empty() && a.owner.is_empty() && a.due_on.is_empty())
            })
            .collect();
        let product_rows: Vec<usize> = (0..self.products.len())
            .filter(|i| !(self.products[*i].title.is_empty() && self.products[*i].url.is_empty()))
            .collect();
        let input = ReportInput {
            minutes: self.minutes.clone(),
            decisions: paragraphs(&self.decisions),
            actions: action_rows
                .iter()
                .map(|i| {
                    let a = &self.actions[*i];
                    ActionInput {
                        description: a.description.clone(),
                        owner: a.owner.clone(),
                        due_on: opt_text(&a.due_on),
                        done: a.done,
                    }
                })
                .collect(),
            products: product_rows
                .iter()
                .map(|i| ProductLink { title: self.products[*i].title.clone(), url: self.products[*i].url.clone() })
                .collect(),
        };
        (input, action_rows, product_rows)
    }
}

/// Errors of the use case (`actions[1].owner`) renamed to the form's fields (`action_owner_4`).
fn report_errors(e: FieldErrors, action_rows: &[usize], product_rows: &[usize]) -> FieldErrors {
    let rename = |field: &str| -> Option<String> {
        let (list, rest) = field.split_once('[')?;
        let (k, part) = rest.split_once("].")?;
        let k: usize = k.parse().ok()?;
        match list {
            "actions" => {
                let part = if part == "due_on" { "due" } else { part };
                Some(format!("action_{part}_{}", action_rows.get(k)?))
            }
            "products" => Some(format!("product_{part}_{}", product_rows.get(k)?)),
            _ => None,
        }
    };
    FieldErrors(
        e.0.into_iter()
            .map(|mut fe| {
                if let Some(f) = rename(&fe.field) {
                    fe.field = f;
                }
                fe
            })
            .collect(),
    )
}

#[derive(Template)]
#[template(path = "act_report_form.html")]
struct ReportFormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    form: ReportForm,
    errors: FormErrors,
    files: Vec<FileShown>,
    /// After adding or removing a file, above the list of files.
    file_flash: Option<&'static str>,
    /// Multipart: the CSRF token travels in the query string (see `middleware::csrf`).
    upload_action: String,
    max_files: i64,
}

impl ReportFormTemplate {
    fn new(page: Page, ctx: &Ctx, v: &ActivityView, form: ReportForm, errors: FormErrors, files: &[FileView]) -> Self {
        ReportFormTemplate {
            files: files.iter().map(|f| FileShown::new(&page, f)).collect(),
            file_flash: None,
            upload_action: format!("{}/bijlagen?csrf={}", activity_href(ctx.slug(), v.id), page.csrf),
            max_files: broedplaats_core::activities::MAX_FILES,
            title: page.f1("act.report.form_title", "title", &v.title),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            activity_title: v.title.clone(),
            activity_href: activity_href(ctx.slug(), v.id),
            when: when(&page, v.starts(), v.ends()),
            form,
            errors,
            page,
        }
    }
}

/// `?bijlage=toegevoegd|verwijderd` after adding or removing a file.
#[derive(Deserialize, Default)]
pub(crate) struct FileDone {
    bijlage: Option<String>,
}

async fn report_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(done): Query<FileDone>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let report = state.core.report(page.actor.as_ref(), &ctx.tenant, id).await?;
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    let form = ReportForm::from_view(report);
    let mut t = ReportFormTemplate::new(page, &ctx, &v, form, FormErrors::default(), &files);
    t.file_flash = match done.bijlage.as_deref() {
        Some("toegevoegd") => Some(t.page.t("act.file.added")),
        Some("verwijderd") => Some(t.page.t("act.file.deleted")),
        _ => None,
    };
    Ok(render(&t))
}

async fn save_report(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let form = ReportForm::from_pairs(&Pairs(pairs));
    let (input, action_rows, product_rows) = form.input();
    let errors = match state.core.save_report(page.actor.as_ref(), &ctx.tenant, id, &input).await {
        Ok(_) => return Ok(redirect(&format!("{}?verslag=1#verslag", activity_href(ctx.slug(), id)))),
        Err(CoreError::Invalid(e)) => report_errors(e, &action_rows, &product_rows),
        Err(e) => return Err(e.into()),
    };
    let errors = shown_errors(&page, &errors);
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    Ok(unprocessable(&ReportFormTemplate::new(page, &ctx, &v, form, errors, &files)))
}

// ---- report files ---------------------------------------------------------------------------------

/// A file attached to a report, as the pages list it.
pub(crate) struct FileShown {
    href: String,
    filename: String,
    /// The format, e.g. `PDF`.
    kind: &'static str,
    /// e.g. `12 kB`
    size: String,
}

impl FileShown {
    fn new(page: &Page, f: &FileView) -> Self {
        FileShown {
            href: f.url.clone(),
            filename: f.filename.clone(),
            kind: file_kind(&f.content_type),
            size: page.f1("act.file.size_kb", "n", f.size_kb()),
        }
    }
}

/// The name of a format people know it by (the same in every language).
fn file_kind(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PowerPoint",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.presentation" => "ODP",
        _ => "—",
    }
}

/// Adds a file to the report (organisers). A refused file re-renders the report form with the
/// reason at the file input; nothing is stored.
async fn upload_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    // Refuse before reading a possibly large body.
    let v = organised(&state, &page, &ctx, id).await?;
    let Ok(mut multipart) = multipart else { return Err(HtmlError(ErrorPage::Invalid)) };
    let refused = |key| FieldErrors::single("file", FieldErrorKind::Refused { key });
    let (errors, status) = match crate::files::read_upload(&mut multipart).await {
        Ok(Some((name, data))) => {
            match state.core.add_report_file(page.actor.as_ref(), &ctx.tenant, id, &name, &data).await {
                Ok(_) => {
                    return Ok(redirect(&format!(
                        "{}/verslag?bijlage=toegevoegd#bijlagen",
                        activity_href(ctx.slug(), id)
                    )));
                }
                Err(CoreError::Invalid(e)) => (e, StatusCode::UNPROCESSABLE_ENTITY),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None) => (FieldErrors::single("file", FieldErrorKind::Required), StatusCode::UNPROCESSABLE_ENTITY),
        Err(StatusCode::PAYLOAD_TOO_LARGE) => (refused("activity.file.too_large"), StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => (refused("activity.file.unreadable"), StatusCode::BAD_REQUEST),
    };
    let errors = shown_errors(&page, &errors);
    let report = state.core.report(page.actor.as_ref(), &ctx.tenant, id).await?;
    let files = state.core.report_files(page.actor.as_ref(), &ctx.tenant, id).await?;
    let mut r = render(&ReportFormTemplate::new(page, &ctx, &v, ReportForm::from_view(report), errors, &files));
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    Ok(r)
}

/// A file of a report, for whoever may see the activity.
async fn download_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (file, bytes) = state.core.report_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(crate::files::download(&file, bytes))
}

/// Removes a file from the report (organisers).
async fn delete_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_report_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(redirect(&format!("{}/verslag?bijlage=verwijderd#bijlagen", activity_href(&tenant.slug, id))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_of_the_month_as_rrule() {
        let at = |s: &str| parse_moment(s).expect("valid moment");
        assert_eq!(nth_weekday(at("2026-12-17T15:00")), "3TH");
        assert_eq!(nth_weekday(at("2026-01-01T09:00")), "1TH");
        assert_eq!(nth_weekday(at("2026-10-29T15:00")), "-1TH");
        // late in the evening in Amsterdam is the next day in UTC; the Amsterdam date counts
        assert_eq!(nth_weekday(at("2026-12-07T23:30")), "1MO");
    }

    #[test]
    fn recurrence_from_the_form() {
        let mut e = FieldErrors::new();
        assert_eq!(recurrence(&mut e, "none", "6", "2026-12-17T15:00"), None);
        assert_eq!(recurrence(&mut e, "weekly", "4", "2026-12-17T15:00").as_deref(), Some("FREQ=WEEKLY;COUNT=4"));
        assert_eq!(
            recurrence(&mut e, "monthly_weekday", "10", "2026-12-17T15:00").as_deref(),
            Some("FREQ=MONTHLY;BYDAY=3TH;COUNT=10")
        );
        assert_eq!(
            recurrence(&mut e, "monthly_date", "2", "2026-12-17T15:00").as_deref(),
            Some("FREQ=MONTHLY;COUNT=2")
        );
        assert!(e.is_empty());
        assert_eq!(recurrence(&mut e, "weekly", "61", "2026-12-17T15:00"), None);
        assert_eq!(recurrence(&mut e, "weekly", "een", "2026-12-17T15:00"), None);
        assert_eq!(recurrence(&mut e, "daily", "5", "2026-12-17T15:00"), None);
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["repeat_count", "repeat_count", "repeat"]);
    }

    #[test]
    fn report_errors_point_at_form_rows() {
        let mut e = FieldErrors::new();
        e.push("actions[1].due_on", FieldErrorKind::Invalid);
        e.push("products[0].url", FieldErrorKind::Invalid);
        e.push("minutes", FieldErrorKind::TooLong { max: 100_000 });
        let e = report_errors(e, &[0, 4], &[2]);
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["action_due_4", "product_url_2", "minutes"]);
    }
}
