//! The registrations of an activity, for organisers (also as CSV), and the attendance form.
use super::common::{checks, no_store, opt_number, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, when};
use crate::html::kit::{Check, Ctx, FormErrors, PageResult, Pairs, encode_query, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use broedplaats_core::CoreError;
use broedplaats_core::activities::{ActivityView, AttendanceInput, RegistrationView};
use broedplaats_domain::{FieldErrorKind, FieldErrors, RegistrationStatus};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(super) struct RegistrationsQuery {
    format: Option<String>,
    opgeslagen: Option<String>,
}

pub(super) struct RegLine {
    name: String,
    email: String,
    organisation: String,
    needs: String,
    date: String,
}

#[derive(Template)]
#[template(path = "activities/registrations.html")]
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

pub(super) async fn registrations(
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
pub(super) async fn show_registrations(HtmlPath((slug, id)): HtmlPath<(String, i64)>) -> Response {
    redirect(&format!("{}/aanmeldingen", activity_href(&encode_query(&slug), id)))
}

pub(super) async fn attendance(
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
