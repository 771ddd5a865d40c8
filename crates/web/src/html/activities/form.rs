//! The activity form, for organisers: a new activity or series ("Herhalen"), or changing one
//! activity or its whole series. Every problem of a refused form is shown at once.
use super::common::{Radio, checks, opt_number, opt_text, organised, radios, shown_errors};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, body_meeting_kind, kind_label, local};
use crate::html::kit::{
    Check, Ctx, FormErrors, Opt, PageResult, Pairs, four_o_checks, redirect, render, unprocessable,
};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::Actor;
use broedplaats_core::CoreError;
use broedplaats_core::activities::{ActivityInput, ActivityView, Scope};
use broedplaats_core::kernel::time::parse_moment;
use broedplaats_core::organisation::BodyView;
use broedplaats_domain::{ActivityKind, Audience, FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;
use chrono::{DateTime, Datelike, Utc};
use serde::Deserialize;

/// The value of a `datetime-local` field: Amsterdam time without offset.
fn input_time(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%dT%H:%M").to_string()
}
/// The activity form as typed, so a refused form comes back intact.
#[derive(Default)]
pub(super) struct ActivityForm {
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

#[derive(Template)]
#[template(path = "activities/form.html")]
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
pub(super) struct NewQuery {
    body: Option<String>,
}

pub(super) async fn new_form(
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

pub(super) async fn create(
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

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let form = ActivityForm::from_view(&v);
    Ok(render(&FormTemplate::new(&state, page, &ctx, Some(&v), form, FormErrors::default()).await?))
}

pub(super) async fn update(
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
}
