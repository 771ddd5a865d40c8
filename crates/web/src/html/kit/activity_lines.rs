//! Activities as other pages list them: the next activities on the home and werkplaats pages, a
//! body's meetings on its page, and the activity agenda itself. Times are shown in
//! Europe/Amsterdam.
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::Page;
use broedplaats_core::Actor;
use broedplaats_core::activities::{ActivityView, ListQuery};
use broedplaats_core::organisation::BodyView;
use broedplaats_domain::ActivityKind;
use broedplaats_store::Tenant;
use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use chrono_tz::Europe::Amsterdam;
use chrono_tz::Tz;

pub(crate) fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&Amsterdam)
}

pub(crate) fn day(page: &Page, d: &DateTime<Tz>) -> String {
    format!(
        "{} {} {} {}",
        page.t(&format!("act.wd.{}", d.weekday().number_from_monday())),
        d.day(),
        page.t(&format!("act.mon.{}", d.month())),
        d.year()
    )
}

/// "do 17 dec 2026, 15:00–17:00" in Amsterdam time; both days when it runs past midnight.
pub(crate) fn when(page: &Page, starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    let (s, e) = (local(starts), local(ends));
    if s.date_naive() == e.date_naive() {
        format!("{}, {}–{}", day(page, &s), s.format("%H:%M"), e.format("%H:%M"))
    } else {
        format!("{}, {} – {}, {}", day(page, &s), s.format("%H:%M"), day(page, &e), e.format("%H:%M"))
    }
}

/// RFC 3339 with the Amsterdam offset, for `<time datetime>` and JSON-LD.
pub(crate) fn offset_time(t: DateTime<Utc>) -> String {
    local(t).to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub(crate) fn kind_label(page: &Page, code: &str) -> String {
    if ActivityKind::CODES.contains(&code) { page.t(&format!("act.kind.{code}")).into() } else { code.into() }
}

pub(crate) fn place(page: &Page, a: &ActivityView) -> String {
    match (&a.location, &a.online_url) {
        (Some(l), Some(_)) => page.f1("act.place.hybrid", "location", l),
        (Some(l), None) => l.clone(),
        (None, Some(_)) => page.t("act.place.online").into(),
        (None, None) => String::new(),
    }
}

/// The state of an activity in one badge: cancelled, full, or the places left.
pub(crate) fn badge(page: &Page, a: &ActivityView, now: DateTime<Utc>) -> Option<(&'static str, String)> {
    if a.is_cancelled() {
        return Some(("act-badge-cancelled", page.t("act.badge.cancelled").into()));
    }
    if a.is_past(now) {
        return None;
    }
    match a.places_left {
        Some(0) => Some(("act-badge-full", page.t("act.badge.full").into())),
        Some(1) => Some(("act-badge-places", page.t("act.badge.one_place").into())),
        Some(n) => Some(("act-badge-places", page.f1("act.badge.places", "n", n))),
        None => None,
    }
}

pub(crate) fn activity_href(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/activiteiten/{id}")
}

/// One activity in a list (agenda, home page, a body's meetings).
pub(crate) struct ActivityLine {
    pub(crate) href: String,
    pub(crate) title: String,
    pub(crate) when: String,
    pub(crate) datetime: String,
    pub(crate) kind: String,
    pub(crate) place: String,
    /// (CSS class, text)
    pub(crate) badge: Option<(&'static str, String)>,
}

impl ActivityLine {
    pub(crate) fn new(page: &Page, slug: &str, a: &ActivityView, now: DateTime<Utc>) -> Self {
        ActivityLine {
            href: activity_href(slug, a.id),
            title: a.title.clone(),
            when: when(page, a.starts(), a.ends()),
            datetime: offset_time(a.starts()),
            kind: kind_label(page, &a.kind),
            place: place(page, a),
            badge: badge(page, a, now),
        }
    }
}

/// The next `n` activities the actor may see (public ones for `None`), for the home and
/// werkplaats pages.
pub(crate) async fn upcoming(
    state: &AppState,
    page: &Page,
    actor: Option<&Actor>,
    tenant: &Tenant,
    n: i64,
) -> Result<Vec<ActivityLine>, HtmlError> {
    let now = Utc::now();
    let q = ListQuery { from: Some(now), limit: n, ..Default::default() };
    let list = state.core.activities(actor, tenant, &q).await?;
    Ok(list.items.iter().map(|a| ActivityLine::new(page, &tenant.slug, a, now)).collect())
}

/// The meetings of a body (MT, consortium): its activities, upcoming and recent.
pub(crate) struct Meetings {
    pub(crate) upcoming: Vec<ActivityLine>,
    pub(crate) past: Vec<ActivityLine>,
    /// "Overleg plannen", for those who may plan activities.
    pub(crate) plan_href: Option<String>,
    /// The agenda of earlier meetings of this kind.
    pub(crate) all_past: String,
}

impl Meetings {
    pub(crate) async fn load(
        state: &AppState,
        page: &Page,
        tenant: &Tenant,
        body: &BodyView,
    ) -> Result<Self, HtmlError> {
        let now = Utc::now();
        let kind = body_meeting_kind(body);
        let actor = page.actor.as_ref();
        let list = |q: ListQuery| async move {
            let items = state.core.activities(actor, tenant, &q).await?.items;
            Ok::<_, HtmlError>(
                items
                    .iter()
                    .filter(|a| a.body_id == Some(body.id))
                    .map(|a| ActivityLine::new(page, &tenant.slug, a, now))
                    .collect::<Vec<_>>(),
            )
        };
        let kind_code = kind;
        let kind = Some(kind.to_owned());
        let upcoming = list(ListQuery { from: Some(now), kind: kind.clone(), limit: 50, ..Default::default() }).await?;
        let past = list(ListQuery { to: Some(now), kind, descending: true, limit: 6, ..Default::default() }).await?;
        let plan_href = state
            .core
            .may_plan_activities(actor, tenant)
            .then(|| format!("/werkplaatsen/{}/activiteiten/nieuw?body={}", tenant.slug, body.id));
        let all_past = format!("/werkplaatsen/{}/activiteiten?wanneer=afgelopen&soort={}", tenant.slug, kind_code);
        Ok(Meetings { upcoming, past, plan_href, all_past })
    }
}

pub(crate) fn body_meeting_kind(body: &BodyView) -> &'static str {
    if body.kind == "mt" { ActivityKind::MtOverleg.code() } else { ActivityKind::Consortiumoverleg.code() }
}
