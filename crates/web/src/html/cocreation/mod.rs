//! Pages of agenda co-creation (DOMAIN §4, issue 15), all for members of the werkplaats under
//! `/werkplaatsen/{slug}/cocreatie`: the processes and starting one, a process's overview with
//! its seven phases, pitches, clusters (with suggestions, moving, merging and splitting),
//! prioritising by points, cross-cutting concerns, theme texts, the concept, amendments and the
//! adoption; and where the adopted agenda came from (`…/herkomst`) with the printable process
//! report (`…/verslag`), in `trace`.
//!
//! Authorisation stays in the use cases (`core::cocreation`); a page asks the process first
//! (`Proc::load`, members only), so visitors log in and others get 403 before any form is shown.
//! Every form posts back and redirects with a `?melding=` confirmation; a refused form is shown
//! again (422) with the error summary and what was typed.
mod amendments;
mod clusters;
mod concerns;
mod list;
mod overview;
mod pitches;
mod texts;
mod trace;
mod votes;

use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::Page;
use crate::html::kit::{FormErrors, Pairs};
use crate::routes::{Routes, get, post};
use broedplaats_core::cocreation::ProcessView;
use broedplaats_domain::{FieldErrorKind, FieldErrors, Phase};
use broedplaats_store::Tenant;
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    let base = "/werkplaatsen/{slug}/cocreatie";
    let p = format!("{base}/{{id}}");
    Routes::new()
        .route(base, get(list::list).post(list::create))
        .route(&p, get(overview::overview))
        .route(&format!("{p}/bewerken"), get(list::edit).post(list::update))
        .route(&format!("{p}/fase"), get(overview::next_phase_form).post(overview::next_phase))
        .route(&format!("{p}/fasen/{{phase}}"), post(overview::plan_phase))
        .route(&format!("{p}/concept"), post(overview::concept))
        .route(&format!("{p}/vaststellen"), get(overview::adopt_form).post(overview::adopt))
        .route(&format!("{p}/pitches"), get(pitches::list).post(pitches::submit))
        .route(&format!("{p}/pitches/{{pid}}"), get(pitches::show).post(pitches::update))
        .route(&format!("{p}/pitches/{{pid}}/steun"), post(pitches::join))
        .route(&format!("{p}/pitches/{{pid}}/reden"), post(pitches::reason))
        .route(&format!("{p}/clusters"), get(clusters::page).post(clusters::create))
        .route(&format!("{p}/clusters/overnemen"), post(clusters::adopt_suggestion))
        .route(&format!("{p}/clusters/verplaatsen"), post(clusters::move_pitch))
        .route(&format!("{p}/clusters/samenvoegen"), post(clusters::merge))
        .route(&format!("{p}/clusters/{{cid}}"), post(clusters::rename))
        .route(&format!("{p}/clusters/{{cid}}/splitsen"), post(clusters::split))
        .route(&format!("{p}/clusters/{{cid}}/reden"), post(clusters::reason))
        .route(&format!("{p}/clusters/{{cid}}/uitwerken"), get(texts::page).post(texts::save))
        .route(&format!("{p}/prioriteren"), get(votes::page).post(votes::save))
        .route(&format!("{p}/dwarsverbanden"), get(concerns::page).post(concerns::create))
        .route(&format!("{p}/dwarsverbanden/{{kid}}"), post(concerns::update))
        .route(&format!("{p}/amendementen"), get(amendments::page).post(amendments::propose))
        .route(&format!("{p}/amendementen/{{aid}}"), post(amendments::answer))
        .route(&format!("{p}/herkomst"), get(trace::trace))
        .route(&format!("{p}/verslag"), get(trace::report))
}

/// The Dutch word of a phase in addresses (`…/fasen/clusteren`), the same in every language.
const PHASE_SLUGS: [(Phase, &str); 7] = [
    (Phase::Pitching, "inventariseren"),
    (Phase::Clustering, "clusteren"),
    (Phase::Prioritising, "prioriteren"),
    (Phase::Elaborating, "uitwerken"),
    (Phase::Concept, "concept"),
    (Phase::Amending, "amenderen"),
    (Phase::Adopted, "vastgesteld"),
];

pub(super) fn phase_slug(p: Phase) -> &'static str {
    PHASE_SLUGS.iter().find(|(x, _)| *x == p).map(|(_, s)| *s).unwrap_or("inventariseren")
}

/// The phase an address names: its Dutch word, or the code the API uses.
fn phase_from_slug(s: &str) -> Option<Phase> {
    PHASE_SLUGS.iter().find(|(_, x)| *x == s).map(|(p, _)| *p).or_else(|| Phase::parse(s).ok())
}

/// The name of a phase in the page's language.
pub(super) fn phase_name(page: &Page, p: Phase) -> &'static str {
    page.t(&format!("cc.phase.{}", p.code()))
}

/// "Fase 2 van 7: clusteren".
pub(super) fn phase_line(page: &Page, p: Phase) -> String {
    page.tr.f("cc.phase.line", &[("n", &p.number()), ("total", &Phase::ALL.len()), ("name", &phase_name(page, p))])
}

/// A process as every page of it needs it: the werkplaats and the process (members only).
pub(super) struct Proc {
    pub(super) tenant: Tenant,
    pub(super) view: ProcessView,
}

impl Proc {
    pub(super) async fn load(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<Self, HtmlError> {
        let tenant = state.core.tenant(slug).await?;
        let view = state.core.process(page.actor.as_ref(), &tenant, id).await?;
        Ok(Proc { tenant, view })
    }
    pub(super) fn base(&self) -> String {
        format!("/werkplaatsen/{}/cocreatie/{}", self.tenant.slug, self.view.id)
    }
    pub(super) fn phase(&self) -> Phase {
        self.view.phase
    }
    pub(super) fn manager(&self) -> bool {
        self.view.may_manage
    }
    /// The top of every page of the process: where it is, its phase and its parts.
    pub(super) fn head(&self, page: &Page, tab: Tab, h1: String, flash: Option<String>) -> Head {
        let base = self.base();
        let tabs = [
            (Tab::Overview, String::new(), "cc.tab.overview"),
            (Tab::Pitches, "/pitches".into(), "cc.tab.pitches"),
            (Tab::Clusters, "/clusters".into(), "cc.tab.clusters"),
            (Tab::Votes, "/prioriteren".into(), "cc.tab.votes"),
            (Tab::Concerns, "/dwarsverbanden".into(), "cc.tab.concerns"),
            (Tab::Amendments, "/amendementen".into(), "cc.tab.amendments"),
        ]
        .into_iter()
        .map(|(t, path, key)| TabLink { href: format!("{base}{path}"), label: page.t(key), current: t == tab })
        .collect();
        Head {
            slug: self.tenant.slug.clone(),
            tenant_name: self.tenant.name.clone(),
            list_href: format!("/werkplaatsen/{}/cocreatie", self.tenant.slug),
            process: self.view.title.clone(),
            href: base,
            h1,
            phase: phase_line(page, self.view.phase),
            adopted: self.view.phase == Phase::Adopted,
            tabs,
            flash,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tab {
    Overview,
    Pitches,
    Clusters,
    Votes,
    Concerns,
    Amendments,
    /// A page below one of the tabs (a pitch, a theme text, a confirmation).
    None,
}

pub(super) struct TabLink {
    pub(super) href: String,
    pub(super) label: &'static str,
    pub(super) current: bool,
}

/// What `cocreation/head.html` shows.
pub(super) struct Head {
    pub(super) slug: String,
    pub(super) tenant_name: String,
    pub(super) list_href: String,
    pub(super) process: String,
    pub(super) href: String,
    pub(super) h1: String,
    pub(super) phase: String,
    /// After the adoption nothing changes: the pages say so instead of naming a phase.
    pub(super) adopted: bool,
    pub(super) tabs: Vec<TabLink>,
    pub(super) flash: Option<String>,
}

/// `?melding=…` after a save: a one-line confirmation, only from this list.
#[derive(Deserialize, Default)]
pub(crate) struct Flash {
    melding: Option<String>,
    n: Option<i64>,
}

const FLASHES: &[&str] = &[
    "process_created",
    "process_updated",
    "phase_planned",
    "phase_moved",
    "concept_written",
    "adopted",
    "pitch_submitted",
    "pitch_saved",
    "supported",
    "co_pitching",
    "withdrawn",
    "reason_saved",
    "cluster_created",
    "suggestion_adopted",
    "suggestion_partly",
    "pitch_moved",
    "clusters_merged",
    "cluster_split",
    "cluster_renamed",
    "votes_saved",
    "concern_saved",
    "text_saved",
    "amendment_proposed",
    "amendment_answered",
];

impl Flash {
    pub(super) fn message(&self, page: &Page) -> Option<String> {
        let key = self.melding.as_deref()?;
        if !FLASHES.contains(&key) {
            return None;
        }
        Some(page.f1(&format!("cc.flash.{key}"), "n", self.n.unwrap_or(0)))
    }
}

/// `{base}?melding={key}` (and `&n=`), the redirect after a save.
pub(super) fn flash_to(href: &str, key: &str, n: Option<i64>) -> String {
    let sep = if href.contains('?') { '&' } else { '?' };
    match n {
        Some(n) => format!("{href}{sep}melding={key}&n={n}"),
        None => format!("{href}{sep}melding={key}"),
    }
}

/// Field names in the summary (`cc.field.…`); anything else is named as the form.
const NAMED: &[&str] = &[
    "title",
    "description",
    "period",
    "points_per_participant",
    "anonymous_votes",
    "starts_on",
    "ends_on",
    "explanation",
    "phase",
    "question",
    "why",
    "for_whom",
    "organisation",
    "role",
    "reason",
    "pitch_ids",
    "cluster_ids",
    "cluster_id",
    "rest_title",
    "allocations",
    "level",
    "introduction",
    "questions",
    "project_options",
    "theme_id",
    "section",
    "text",
    "decision",
    "answer",
    "clusters",
    "amendments",
    "agenda",
    "pitch_id",
];

/// Fields that are a choice among a few codes: "make a choice" rather than the list of codes.
const CHOICES: [&str; 6] = ["level", "section", "decision", "theme_id", "cluster_id", "pitch_id"];

/// Field errors in words for one form of a page. `form` prefixes the keys and the element ids
/// (`{form}-{field}`; the plain field name when `form` is empty); `fields` are the form's own
/// fields, `groups` those drawn as checkboxes or radio buttons (the summary links to the first,
/// `…-0`); an error about anything else (the phase, the process) links to `fallback`.
pub(super) fn shown_errors(
    page: &Page,
    errors: &FieldErrors,
    form: &str,
    fields: &[&str],
    groups: &[&str],
    fallback: &str,
) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let key = key_of(form, &e.field);
        let anchor = if groups.contains(&e.field.as_str()) {
            format!("{key}-0")
        } else if fields.contains(&e.field.as_str()) {
            key.clone()
        } else {
            fallback.to_owned()
        };
        let name = if NAMED.contains(&e.field.as_str()) {
            page.t(&format!("cc.field.{}", e.field))
        } else {
            page.t("cc.field.form")
        };
        let message = match &e.kind {
            FieldErrorKind::UnknownValue { .. } | FieldErrorKind::Invalid if CHOICES.contains(&e.field.as_str()) => {
                page.t("cc.error.choose").to_owned()
            }
            FieldErrorKind::Invalid if e.field == "starts_on" || e.field == "ends_on" => {
                page.t("cc.error.date").to_owned()
            }
            FieldErrorKind::Invalid if e.field == "points_per_participant" || e.field.starts_with("points") => {
                page.t("cc.error.points").to_owned()
            }
            FieldErrorKind::Invalid if e.field == "pitch_ids" || e.field == "cluster_ids" => {
                page.t("cc.error.choose").to_owned()
            }
            kind => field_message(&page.tr, kind),
        };
        out.push(&key, anchor, name.to_owned(), message);
    }
    out
}

/// The key (and element id) of `field` in `form`.
pub(super) fn key_of(form: &str, field: &str) -> String {
    if form.is_empty() { field.to_owned() } else { format!("{form}-{field}") }
}

/// A refused use case: its field errors, or the error page for anything else.
pub(super) fn refused(e: broedplaats_core::CoreError) -> Result<FieldErrors, HtmlError> {
    match e {
        broedplaats_core::CoreError::Invalid(errors) => Ok(errors),
        e => Err(e.into()),
    }
}

/// An optional text: `None` when empty.
pub(super) fn opt(p: &Pairs, key: &str) -> Option<String> {
    Some(p.one(key)).filter(|s| !s.trim().is_empty())
}

/// Ids of a checkbox group; a value that is not a number is a field error.
pub(super) fn ids(p: &Pairs, key: &str, e: &mut FieldErrors) -> Vec<i64> {
    p.ids(key).unwrap_or_else(|| {
        e.push(key, FieldErrorKind::Invalid);
        vec![]
    })
}

/// Lines of a textarea, as the use cases take them.
pub(super) fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_owned).collect()
}

/// "collectief niveau" etc. for a theme level code, or "".
pub(super) fn level_options(page: &Page, current: &str) -> Vec<crate::html::kit::Opt> {
    broedplaats_domain::ThemeLevel::ALL
        .iter()
        .map(|l| crate::html::kit::Opt {
            value: l.code().to_owned(),
            label: page.level(l).to_owned(),
            selected: l.code() == current,
        })
        .collect()
}
