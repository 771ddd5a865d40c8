//! The page of one activity: what, when and where, registering (one click when signed in, a
//! form otherwise), the report once written, and JSON-LD for public activities.
use super::common::{message_page, refusal, shown_errors};
use super::report::FileShown;
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, kind_label, offset_time, when};
use crate::html::kit::{
    Ctx, FormErrors, Link, PageResult, Pairs, encode_query, four_o_label, markdown, paragraphs, redirect, render,
    script_json, unprocessable,
};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use broedplaats_core::CoreError;
use broedplaats_core::activities::{ActivityView, Registered, RegistrationInput, ReportView};
use broedplaats_domain::{Audience, RegistrationStatus};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

fn audience_label(page: &Page, code: &str) -> String {
    if Audience::CODES.contains(&code) { page.t(&format!("act.audience.{code}")).into() } else { code.into() }
}

/// An activity as its page shows it.
pub(super) struct Shown {
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
pub(super) enum Registration {
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
pub(super) struct RegForm {
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

pub(super) struct ActionShown {
    description: String,
    owner: String,
    due: String,
    done: bool,
}

/// A report as the activity page shows it.
pub(super) struct ReportShown {
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
#[template(path = "activities/activity.html")]
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
pub(super) struct ShowQuery {
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

pub(super) async fn show(
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
pub(super) async fn show_again(HtmlPath((slug, id)): HtmlPath<(String, i64)>) -> Response {
    redirect(&activity_href(&encode_query(&slug), id))
}

pub(super) async fn register(
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
