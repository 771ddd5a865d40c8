//! A process's overview: the seven phases in order, each with its plan, what happens and who may
//! do what, the current one marked; for the coordinator the plan forms, the step to the next
//! phase (with a confirmation), writing the concept and adopting the agenda.
use super::{
    Flash, Head, Proc, Tab, flash_to, phase_from_slug, phase_line, phase_name, phase_slug, refused, shown_errors,
};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Link, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{PhaseInput, PhasePlanInput};
use broedplaats_domain::{FieldErrors, Phase};

/// One phase as the timeline shows it.
pub(super) struct PhaseShown {
    number: usize,
    name: &'static str,
    slug: &'static str,
    /// current, done or upcoming
    state: &'static str,
    state_label: &'static str,
    dates: String,
    what: String,
    who: String,
    explanation: Vec<String>,
    links: Vec<Link>,
    /// The plan form as typed (or as saved).
    starts_on: String,
    ends_on: String,
    plan_text: String,
    /// The plan form of this phase was refused: open it, with the messages per field.
    open: bool,
    err_starts: Option<String>,
    err_ends: Option<String>,
    err_text: Option<String>,
}

#[derive(Template)]
#[template(path = "cocreation/process.html")]
struct OverviewTemplate {
    page: Page,
    title: String,
    head: Head,
    description: Vec<String>,
    facts: Vec<(&'static str, String)>,
    concept: Option<Link>,
    adopted: Option<Link>,
    phases: Vec<PhaseShown>,
    /// The coordinator may still plan the phases (not after the adoption).
    plannable: bool,
    /// The coordinator's next step: where it goes and what it says.
    next: Option<Link>,
    /// Writing (again) the concept agenda is possible now.
    concept_action: Option<String>,
    trace: Vec<Link>,
    errors: FormErrors,
}

/// The plan form that was refused: its phase, what was typed, and the errors.
struct PlanRefused {
    phase: Phase,
    starts_on: String,
    ends_on: String,
    explanation: String,
}

/// The planned dates, and when the phase began; "not planned" only for a phase still to come.
fn dates(page: &Page, starts: Option<&str>, ends: Option<&str>, entered: Option<&str>) -> String {
    let planned = match (starts, ends) {
        (Some(s), Some(e)) => Some(page.tr.f("cc.phase.dates", &[("from", &page.date(s)), ("to", &page.date(e))])),
        (Some(s), None) => Some(page.f1("cc.phase.from", "date", page.date(s))),
        (None, Some(e)) => Some(page.f1("cc.phase.until", "date", page.date(e))),
        (None, None) => None,
    };
    let entered = entered.map(|d| page.f1("cc.phase.entered", "date", page.date(d)));
    match (planned, entered) {
        (Some(p), Some(e)) => format!("{p} · {e}"),
        (Some(p), None) => p,
        (None, Some(e)) => e,
        (None, None) => page.t("cc.phase.unplanned").to_owned(),
    }
}

/// The sub-pages that matter in a phase.
fn phase_links(page: &Page, proc: &Proc, p: Phase) -> Vec<Link> {
    let base = proc.base();
    let slug = &proc.tenant.slug;
    let link = |path: &str, key: &str| Link { href: format!("{base}{path}"), label: page.t(key).to_owned() };
    match p {
        Phase::Pitching => vec![link("/pitches", "cc.link.pitches")],
        Phase::Clustering => vec![link("/clusters", "cc.link.clusters"), link("/dwarsverbanden", "cc.link.concerns")],
        Phase::Prioritising => vec![link("/prioriteren", "cc.link.votes")],
        Phase::Elaborating => vec![link("/clusters", "cc.link.elaborate")],
        Phase::Concept => proc
            .view
            .concept_version
            .map(|n| Link {
                href: format!("/werkplaatsen/{slug}/agenda/versies/{n}"),
                label: page.f1("cc.link.concept", "n", n),
            })
            .into_iter()
            .collect(),
        Phase::Amending => vec![link("/amendementen", "cc.link.amendments")],
        Phase::Adopted => {
            let mut out: Vec<Link> = proc
                .view
                .adopted_version
                .map(|n| Link {
                    href: format!("/werkplaatsen/{slug}/agenda/versies/{n}"),
                    label: page.f1("cc.link.adopted", "n", n),
                })
                .into_iter()
                .collect();
            out.push(link("/herkomst", "cc.link.trace"));
            out
        }
    }
}

fn overview_template(
    page: Page,
    proc: &Proc,
    flash: Option<String>,
    refused_plan: Option<PlanRefused>,
    errors: FormErrors,
) -> OverviewTemplate {
    let v = &proc.view;
    let base = proc.base();
    let mut phases: Vec<&broedplaats_core::cocreation::PhaseView> = v.phases.iter().collect();
    phases.sort_by_key(|p| p.phase);
    let phases = phases
        .into_iter()
        .map(|ph| {
            let p = ph.phase;
            let (state, state_label) = if ph.current {
                ("current", "cc.phase.state.current")
            } else if ph.done {
                ("done", "cc.phase.state.done")
            } else {
                ("upcoming", "cc.phase.state.upcoming")
            };
            let typed = refused_plan.as_ref().filter(|r| r.phase == p);
            let err = |field: &str| {
                typed.and_then(|_| errors.get(&format!("plan-{}-{field}", phase_slug(p))).map(str::to_owned))
            };
            PhaseShown {
                number: p.number(),
                name: phase_name(&page, p),
                slug: phase_slug(p),
                state,
                state_label: page.t(state_label),
                dates: dates(&page, ph.starts_on.as_deref(), ph.ends_on.as_deref(), ph.entered_at.as_deref()),
                what: page.t(&format!("cc.phase.{}.what", p.code())).to_owned(),
                who: page.f1(&format!("cc.phase.{}.who", p.code()), "n", v.points_per_participant),
                explanation: paragraphs(&ph.explanation),
                links: phase_links(&page, proc, p),
                starts_on: typed
                    .map(|t| t.starts_on.clone())
                    .unwrap_or_else(|| ph.starts_on.clone().unwrap_or_default()),
                ends_on: typed.map(|t| t.ends_on.clone()).unwrap_or_else(|| ph.ends_on.clone().unwrap_or_default()),
                plan_text: typed.map(|t| t.explanation.clone()).unwrap_or_else(|| ph.explanation.clone()),
                open: typed.is_some(),
                err_starts: err("starts_on"),
                err_ends: err("ends_on"),
                err_text: err("explanation"),
            }
        })
        .collect();
    let slug = &proc.tenant.slug;
    let version_link = |n: i64, key: &str| Link {
        href: format!("/werkplaatsen/{slug}/agenda/versies/{n}"),
        label: page.f1(key, "n", n),
    };
    let yes_no = |b: bool| page.t(if b { "cc.yes" } else { "cc.no" }).to_owned();
    let facts = vec![
        ("cc.fact.period", v.period.clone()),
        ("cc.fact.points", v.points_per_participant.to_string()),
        ("cc.fact.anonymous", yes_no(v.anonymous_votes)),
        ("cc.fact.pitches", v.pitches.to_string()),
        ("cc.fact.clusters", v.clusters.to_string()),
        ("cc.fact.amendments", v.amendments.to_string()),
        ("cc.fact.started", page.date(&v.created_at)),
    ];
    let manager = proc.manager();
    let next = match (manager, v.phase, v.phase.next()) {
        (true, Phase::Amending, _) => {
            Some(Link { href: format!("{base}/vaststellen"), label: page.t("cc.adopt.button").to_owned() })
        }
        (true, _, Some(n)) => {
            Some(Link { href: format!("{base}/fase"), label: page.f1("cc.next.button", "name", phase_name(&page, n)) })
        }
        _ => None,
    };
    let concept_action = (manager && matches!(v.phase, Phase::Elaborating | Phase::Concept))
        .then(|| page.t(if v.concept_version.is_some() { "cc.concept.again" } else { "cc.concept.write" }).to_owned());
    let trace = vec![
        Link { href: format!("{base}/herkomst"), label: page.t("cc.link.trace").to_owned() },
        Link { href: format!("{base}/verslag"), label: page.t("cc.link.report").to_owned() },
    ];
    OverviewTemplate {
        title: v.title.clone(),
        head: proc.head(&page, Tab::Overview, v.title.clone(), flash),
        description: paragraphs(&v.description),
        facts,
        concept: v.concept_version.map(|n| version_link(n, "cc.link.concept")),
        adopted: v.adopted_version.map(|n| version_link(n, "cc.link.adopted")),
        phases,
        plannable: manager && v.phase != Phase::Adopted,
        next,
        concept_action,
        trace,
        errors,
        page,
    }
}

pub(super) async fn overview(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&overview_template(page, &proc, flash, None, FormErrors::default())))
}

pub(super) async fn plan_phase(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, phase)): HtmlPath<(String, i64, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let phase = phase_from_slug(&phase).ok_or(HtmlError(ErrorPage::NotFound))?;
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let input = PhasePlanInput {
        starts_on: Some(p.one("starts_on")),
        ends_on: Some(p.one("ends_on")),
        explanation: p.one("explanation"),
    };
    match state.core.plan_phase(page.actor.as_ref(), &proc.tenant, id, phase.code(), &input).await {
        Ok(()) => {
            Ok(redirect(&format!("{}#fase-{}", flash_to(&proc.base(), "phase_planned", None), phase_slug(phase))))
        }
        Err(e) => {
            let errors = refused(e)?;
            let form = format!("plan-{}", phase_slug(phase));
            let fields = ["starts_on", "ends_on", "explanation"];
            let shown = shown_errors(&page, &errors, &form, &fields, &[], &format!("{form}-starts_on"));
            let typed = PlanRefused {
                phase,
                starts_on: input.starts_on.unwrap_or_default(),
                ends_on: input.ends_on.unwrap_or_default(),
                explanation: input.explanation,
            };
            Ok(unprocessable(&overview_template(page, &proc, None, Some(typed), shown)))
        }
    }
}

pub(super) async fn concept(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    match state.core.create_concept(page.actor.as_ref(), &proc.tenant, id).await {
        Ok(version) => Ok(redirect(&flash_to(&proc.base(), "concept_written", Some(version)))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "concept", &[], &[], "concept");
            Ok(unprocessable(&overview_template(page, &proc, None, None, shown)))
        }
    }
}

#[derive(Template)]
#[template(path = "cocreation/confirm.html")]
struct ConfirmTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    /// What will happen, paragraph by paragraph.
    text: Vec<String>,
    warning: Option<String>,
    /// Where the form posts; `None` when the step cannot be taken (only the explanation shows).
    action: Option<String>,
    fields: Vec<(&'static str, String)>,
    button: String,
    cancel: String,
}

/// The confirmation of the step to the next phase.
fn next_phase_page(page: Page, proc: &Proc, errors: FormErrors) -> ConfirmTemplate {
    let v = &proc.view;
    let base = proc.base();
    let title = page.t("cc.next.title").to_owned();
    let head = proc.head(&page, Tab::None, title.clone(), None);
    let mut text = Vec::new();
    let (action, fields, button) = match v.phase.next() {
        Some(n) if proc.manager() => {
            text.push(
                page.tr.f("cc.next.text", &[("from", &phase_line(&page, v.phase)), ("to", &phase_line(&page, n))]),
            );
            text.push(page.t(&format!("cc.phase.{}.what", n.code())).to_owned());
            if n == Phase::Concept {
                text.push(page.t("cc.next.concept").to_owned());
            }
            text.push(page.t("cc.next.mail").to_owned());
            (
                Some(format!("{base}/fase")),
                vec![("naar", n.code().to_owned())],
                page.f1("cc.next.confirm", "name", phase_name(&page, n)),
            )
        }
        Some(_) => {
            text.push(page.t("cc.next.managers_only").to_owned());
            (None, vec![], String::new())
        }
        None => {
            text.push(page.t("cc.next.none").to_owned());
            (None, vec![], String::new())
        }
    };
    let warning = (v.phase == Phase::Concept && v.concept_version.is_none())
        .then(|| page.t("cocreation.refused.no_concept").to_owned());
    ConfirmTemplate { title, head, errors, text, warning, action, fields, button, cancel: base, page }
}

pub(super) async fn next_phase_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    crate::html::kit::require(&page, proc.manager())?;
    if proc.phase() == Phase::Amending {
        // The last step is the adoption, with a confirmation of its own.
        return Ok(redirect(&format!("{}/vaststellen", proc.base())));
    }
    Ok(render(&next_phase_page(page, &proc, FormErrors::default())))
}

pub(super) async fn next_phase(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    // The target phase is read before the use case asks who acts: ask first.
    crate::html::kit::require(&page, proc.manager())?;
    let input = PhaseInput { phase: Pairs(pairs).one("naar") };
    match state.core.set_phase(page.actor.as_ref(), &proc.tenant, id, &input).await {
        Ok(p) => Ok(redirect(&flash_to(&proc.base(), "phase_moved", Some(p.number() as i64)))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "", &[], &[], "bevestigen");
            // The process as it is now: the step may have been taken by someone else.
            let proc = Proc::load(&state, &page, &slug, id).await?;
            Ok(unprocessable(&next_phase_page(page, &proc, shown)))
        }
    }
}

/// The confirmation of the adoption.
async fn adopt_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    errors: FormErrors,
) -> Result<ConfirmTemplate, HtmlError> {
    let base = proc.base();
    let title = page.t("cc.adopt.title").to_owned();
    let head = proc.head(&page, Tab::None, title.clone(), None);
    let open = state
        .core
        .amendments(page.actor.as_ref(), &proc.tenant, proc.view.id)
        .await?
        .iter()
        .filter(|a| a.decision.is_none())
        .count();
    let mut text = Vec::new();
    let (action, warning) = match proc.phase() {
        Phase::Adopted => {
            text.push(page.t("cocreation.refused.adopted").to_owned());
            (None, None)
        }
        Phase::Amending => {
            text.push(page.t("cc.adopt.text").to_owned());
            text.push(page.t("cc.next.mail").to_owned());
            let warning = (open > 0).then(|| page.f1("cc.adopt.open", "n", open));
            (Some(format!("{base}/vaststellen")), warning)
        }
        _ => {
            text.push(page.t("cc.adopt.not_yet").to_owned());
            (None, None)
        }
    };
    let action = action.filter(|_| proc.manager());
    Ok(ConfirmTemplate {
        title,
        head,
        errors,
        text,
        warning,
        action,
        fields: vec![],
        button: page.t("cc.adopt.confirm").to_owned(),
        cancel: base,
        page,
    })
}

pub(super) async fn adopt_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    crate::html::kit::require(&page, proc.manager())?;
    Ok(render(&adopt_page(&state, page, &proc, FormErrors::default()).await?))
}

pub(super) async fn adopt(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    match state.core.adopt(page.actor.as_ref(), &proc.tenant, id).await {
        Ok(version) => Ok(redirect(&flash_to(&proc.base(), "adopted", Some(version)))),
        Err(e) => {
            let errors: FieldErrors = refused(e)?;
            let shown = shown_errors(&page, &errors, "", &[], &[], "bevestigen");
            Ok(unprocessable(&adopt_page(&state, page, &proc, shown).await?))
        }
    }
}
