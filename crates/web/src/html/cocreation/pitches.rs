//! Pitches: the list with the form to submit one (while pitching), and one pitch with its text,
//! people, versions and clusters, the form for its authors, supporting and co-pitching, and the
//! coordinator's reason why it was not taken up.
use super::{Flash, Head, Proc, Tab, flash_to, opt, refused, shown_errors};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Link, Opt, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{PitchDetail, PitchInput, PitchView, ReasonInput};
use broedplaats_domain::{Phase, PitchRole};
use broedplaats_store::Tenant;

/// The organisations of the werkplaats, by name, for the select.
pub(super) async fn organisations(state: &AppState, tenant: &Tenant) -> Result<Vec<(i64, String)>, HtmlError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let p = state.core.organisations(tenant, None, cursor.as_deref(), 200).await?;
        out.extend(p.items.into_iter().map(|o| (o.id, o.name)));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    out.sort_by_key(|o| o.1.to_lowercase());
    Ok(out)
}

/// The pitch form as typed.
#[derive(Default)]
pub(super) struct PitchForm {
    title: String,
    question: String,
    why: String,
    for_whom: String,
    organisation: String,
}

impl PitchForm {
    fn from_pairs(p: &Pairs) -> Self {
        PitchForm {
            title: p.one("title"),
            question: p.one("question"),
            why: p.one("why"),
            for_whom: p.one("for_whom"),
            organisation: p.one("organisation").trim().to_owned(),
        }
    }
    fn from_pitch(p: &PitchView, orgs: &[(i64, String)]) -> Self {
        let organisation = p
            .organisation
            .as_ref()
            .and_then(|name| orgs.iter().find(|(_, n)| n == name))
            .map(|(id, _)| id.to_string())
            .unwrap_or_default();
        PitchForm {
            title: p.title.clone(),
            question: p.question.clone(),
            why: p.why.clone(),
            for_whom: p.for_whom.clone(),
            organisation,
        }
    }
    fn input(&self, p: &Pairs) -> PitchInput {
        PitchInput {
            title: self.title.clone(),
            question: self.question.clone(),
            why: opt(p, "why"),
            for_whom: opt(p, "for_whom"),
            organisation: Some(self.organisation.clone()).filter(|o| !o.is_empty()),
        }
    }
    fn options(&self, orgs: &[(i64, String)]) -> Vec<Opt> {
        orgs.iter()
            .map(|(id, name)| Opt {
                value: id.to_string(),
                label: name.clone(),
                selected: id.to_string() == self.organisation,
            })
            .collect()
    }
}

const PITCH_FIELDS: [&str; 5] = ["title", "question", "why", "for_whom", "organisation"];

/// A pitch as a line of the list.
pub(super) struct PitchLine {
    href: String,
    title: String,
    question: String,
    /// Authors and co-pitchers, with their organisation.
    by: String,
    organisation: Option<String>,
    supporters: usize,
    cluster: Option<Link>,
    mine: Option<&'static str>,
    not_taken_up: Option<String>,
}

fn person_line(people: &[broedplaats_core::cocreation::PersonRef], roles: &[PitchRole]) -> String {
    people
        .iter()
        .filter(|p| roles.contains(&p.role))
        .map(|p| match &p.organisation {
            Some(o) => format!("{} ({o})", p.name),
            None => p.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn mine_label(page: &Page, mine: Option<PitchRole>) -> Option<&'static str> {
    mine.map(|r| page.t(&format!("cc.pitch.mine.{}", r.code())))
}

pub(super) fn pitch_line(page: &Page, proc: &Proc, p: &PitchView) -> PitchLine {
    let base = proc.base();
    PitchLine {
        href: format!("{base}/pitches/{}", p.id),
        title: p.title.clone(),
        question: p.question.clone(),
        by: person_line(&p.people, &[PitchRole::Author, PitchRole::CoPitcher]),
        organisation: p.organisation.clone(),
        supporters: p.supporters,
        cluster: p.cluster_id.map(|c| Link {
            href: format!("{base}/clusters#cluster-{c}"),
            label: p.cluster_title.clone().unwrap_or_default(),
        }),
        mine: mine_label(page, p.mine),
        not_taken_up: p.not_taken_up_reason.clone(),
    }
}

#[derive(Template)]
#[template(path = "cocreation/pitches.html")]
struct ListTemplate {
    page: Page,
    title: String,
    head: Head,
    pitches: Vec<PitchLine>,
    /// The submit form, while pitching.
    open: bool,
    form: PitchForm,
    orgs: Vec<Opt>,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    form: PitchForm,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<ListTemplate, HtmlError> {
    let pitches = state.core.pitches(page.actor.as_ref(), &proc.tenant, proc.view.id).await?;
    let orgs = organisations(state, &proc.tenant).await?;
    let title = page.t("cc.pitches.title").to_owned();
    Ok(ListTemplate {
        head: proc.head(&page, Tab::Pitches, title.clone(), flash),
        title: format!("{title} · {}", proc.view.title),
        pitches: pitches.iter().map(|p| pitch_line(&page, proc, p)).collect(),
        open: proc.phase() == Phase::Pitching,
        orgs: form.options(&orgs),
        form,
        errors,
        page,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&list_page(&state, page, &proc, PitchForm::default(), FormErrors::default(), flash).await?))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let form = PitchForm::from_pairs(&p);
    match state.core.submit_pitch(page.actor.as_ref(), &proc.tenant, id, &form.input(&p)).await {
        Ok(pid) => Ok(redirect(&flash_to(&format!("{}/pitches/{pid}", proc.base()), "pitch_submitted", None))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "pitch", &PITCH_FIELDS, &[], "pitch-title");
            Ok(unprocessable(&list_page(&state, page, &proc, form, shown, None).await?))
        }
    }
}

/// A version of the pitch as the history shows it.
pub(super) struct VersionShown {
    number: i64,
    title: String,
    question: Vec<String>,
    why: Vec<String>,
    for_whom: Vec<String>,
    organisation: Option<String>,
    byline: String,
}

pub(super) struct PersonShown {
    name: String,
    organisation: Option<String>,
    role: &'static str,
}

pub(super) struct MembershipShown {
    cluster: Link,
    added: String,
    removed: Option<String>,
}

#[derive(Template)]
#[template(path = "cocreation/pitch.html")]
struct PitchTemplate {
    page: Page,
    title: String,
    head: Head,
    pitch: PitchDetail,
    /// The latest version's number.
    version: i64,
    question: Vec<String>,
    why: Vec<String>,
    for_whom: Vec<String>,
    people: Vec<PersonShown>,
    versions: Vec<VersionShown>,
    history: Vec<MembershipShown>,
    cluster: Option<Link>,
    mine: Option<&'static str>,
    /// Supporting and co-pitching, while pitching, for everyone but its authors.
    may_join: bool,
    /// The visitor supports it (and may co-pitch instead).
    supporting: bool,
    /// The author's edit form.
    form: PitchForm,
    orgs: Vec<Opt>,
    manager: bool,
    reason: String,
    action: String,
    errors: FormErrors,
}

/// What a refused form on the pitch page sent: the author's form or the coordinator's reason.
#[derive(Default)]
struct Typed {
    form: Option<PitchForm>,
    reason: Option<String>,
}

async fn pitch_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    pid: i64,
    Typed { form, reason }: Typed,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<PitchTemplate, HtmlError> {
    let pitch = state.core.pitch(page.actor.as_ref(), &proc.tenant, proc.view.id, pid).await?;
    let orgs = organisations(state, &proc.tenant).await?;
    let base = proc.base();
    let form = form.unwrap_or_else(|| PitchForm::from_pitch(&pitch.pitch, &orgs));
    let p = &pitch.pitch;
    let people = p
        .people
        .iter()
        .map(|x| PersonShown {
            name: x.name.clone(),
            organisation: x.organisation.clone(),
            role: page.t(&format!("cc.pitch.role.{}", x.role.code())),
        })
        .collect();
    let versions = pitch
        .versions
        .iter()
        .rev()
        .map(|v| VersionShown {
            number: v.number,
            title: v.title.clone(),
            question: paragraphs(&v.question),
            why: paragraphs(&v.why),
            for_whom: paragraphs(&v.for_whom),
            organisation: v.organisation.clone(),
            byline: page.tr.f("cc.version.byline", &[("name", &v.author), ("date", &page.date(&v.recorded_at))]),
        })
        .collect();
    let history = pitch
        .history
        .iter()
        .map(|m| MembershipShown {
            cluster: Link { href: format!("{base}/clusters#cluster-{}", m.cluster_id), label: m.cluster_title.clone() },
            added: page.tr.f("cc.pitch.added", &[("name", &m.added_by), ("date", &page.date(&m.added_at))]),
            removed: m.removed_at.as_ref().map(|d| {
                page.tr.f(
                    "cc.pitch.removed",
                    &[("name", &m.removed_by.clone().unwrap_or_default()), ("date", &page.date(d))],
                )
            }),
        })
        .collect();
    let head = proc.head(&page, Tab::None, p.title.clone(), flash);
    Ok(PitchTemplate {
        title: format!("{} · {}", p.title, proc.view.title),
        head,
        question: paragraphs(&p.question),
        why: paragraphs(&p.why),
        for_whom: paragraphs(&p.for_whom),
        people,
        versions,
        history,
        cluster: p.cluster_id.map(|c| Link {
            href: format!("{base}/clusters#cluster-{c}"),
            label: p.cluster_title.clone().unwrap_or_default(),
        }),
        mine: mine_label(&page, p.mine),
        version: pitch.versions.iter().map(|v| v.number).max().unwrap_or(p.version),
        may_join: proc.phase() == Phase::Pitching && p.mine != Some(PitchRole::Author),
        supporting: p.mine == Some(PitchRole::Supporter),
        orgs: form.options(&orgs),
        form,
        manager: proc.manager() && proc.phase() != Phase::Adopted,
        reason: reason.unwrap_or_else(|| p.not_taken_up_reason.clone().unwrap_or_default()),
        action: format!("{base}/pitches/{pid}"),
        errors,
        pitch,
        page,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, pid)): HtmlPath<(String, i64, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&pitch_page(&state, page, &proc, pid, Typed::default(), FormErrors::default(), flash).await?))
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, pid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let form = PitchForm::from_pairs(&p);
    match state.core.update_pitch(page.actor.as_ref(), &proc.tenant, id, pid, &form.input(&p)).await {
        Ok(()) => Ok(redirect(&flash_to(&format!("{}/pitches/{pid}", proc.base()), "pitch_saved", None))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "pitch", &PITCH_FIELDS, &[], "pitch-title");
            Ok(unprocessable(
                &pitch_page(&state, page, &proc, pid, Typed { form: Some(form), reason: None }, shown, None).await?,
            ))
        }
    }
}

pub(super) async fn join(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, pid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let (role, flash) = match Pairs(pairs).one("rol").as_str() {
        "steunen" => (Some(PitchRole::Supporter), "supported"),
        "meepitchen" => (Some(PitchRole::CoPitcher), "co_pitching"),
        "intrekken" => (None, "withdrawn"),
        _ => {
            // Ask who acts before saying the form is wrong, as the use case would.
            broedplaats_core::kernel::actor::require_member(page.actor.as_ref(), &proc.tenant)?;
            return Err(HtmlError(ErrorPage::Invalid));
        }
    };
    match state.core.join_pitch(page.actor.as_ref(), &proc.tenant, id, pid, role).await {
        Ok(()) => Ok(redirect(&flash_to(&format!("{}/pitches/{pid}", proc.base()), flash, None))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "", &[], &[], "steun");
            Ok(unprocessable(&pitch_page(&state, page, &proc, pid, Typed::default(), shown, None).await?))
        }
    }
}

pub(super) async fn reason(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, pid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let reason = Pairs(pairs).one("reason");
    let input = ReasonInput { reason: reason.clone() };
    match state.core.set_pitch_reason(page.actor.as_ref(), &proc.tenant, id, pid, &input).await {
        Ok(()) => Ok(redirect(&flash_to(&format!("{}/pitches/{pid}", proc.base()), "reason_saved", None))),
        Err(e) => {
            let errors = refused(e)?;
            let shown = shown_errors(&page, &errors, "reden", &["reason"], &[], "reden-reason");
            Ok(unprocessable(
                &pitch_page(&state, page, &proc, pid, Typed { form: None, reason: Some(reason) }, shown, None).await?,
            ))
        }
    }
}
