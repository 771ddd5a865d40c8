//! Amendments on the concept agenda: per theme its amendments (the proposed text beside the
//! current one, the reason, who, and the answer), the form to propose one while amending, and
//! the coordinator's answer per open amendment.
use super::{Flash, Head, Proc, Tab, flash_to, key_of, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::agenda::ThemeView;
use broedplaats_core::cocreation::{AmendmentInput, AmendmentView, AnswerInput};
use broedplaats_domain::{AmendmentDecision, AmendmentSection, FieldErrorKind, FieldErrors, Phase};

pub(super) struct AnswerForm {
    /// (value, label, checked)
    decisions: Vec<(&'static str, &'static str, bool)>,
    answer: String,
    text: String,
    errors: [Option<String>; 3],
    open: bool,
}

pub(super) struct AmendmentShown {
    id: i64,
    section: &'static str,
    proposed: Vec<String>,
    current: Vec<String>,
    reason: Vec<String>,
    byline: String,
    decision: Option<&'static str>,
    decision_code: &'static str,
    answer: Vec<String>,
    applied: Vec<String>,
    /// The agenda version that took it in: its page, its name, and the comparison with the one before.
    applied_version: Option<(String, String, String)>,
    answered: Option<String>,
    form: Option<AnswerForm>,
}

pub(super) struct ThemeShown {
    id: Option<i64>,
    title: String,
    amendments: Vec<AmendmentShown>,
}

#[derive(Template)]
#[template(path = "cocreation/amendments.html")]
struct AmendmentsTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    concept: Option<(String, String)>,
    themes: Vec<ThemeShown>,
    open: bool,
    theme_options: Vec<Opt>,
    section_options: Vec<Opt>,
    text: String,
    reason: String,
}

/// What a refused form sent.
enum Typed {
    Propose { theme: String, section: String, text: String, reason: String },
    Answer { aid: i64, decision: String, answer: String, text: String },
}

fn section_text(theme: Option<&ThemeView>, s: AmendmentSection) -> Vec<String> {
    let Some(t) = theme else { return vec![] };
    match s {
        AmendmentSection::Title => vec![t.title.clone()],
        AmendmentSection::Introduction => paragraphs(&t.introduction),
        AmendmentSection::Questions => t.questions.clone(),
        AmendmentSection::ProjectOptions => t.project_options.iter().map(|o| o.title.clone()).collect(),
    }
}

fn decision_label(page: &Page, d: AmendmentDecision) -> &'static str {
    page.t(&format!("cc.decision.{}", d.code()))
}

fn amendment_shown(
    page: &Page,
    proc: &Proc,
    a: &AmendmentView,
    theme: Option<&ThemeView>,
    answering: bool,
    typed: Option<&Typed>,
    errors: &FormErrors,
) -> AmendmentShown {
    let slug = &proc.tenant.slug;
    let form = (answering && a.decision.is_none()).then(|| {
        let mine = match typed {
            Some(Typed::Answer { aid, decision, answer, text }) if *aid == a.id => {
                Some((decision.as_str(), answer.clone(), text.clone()))
            }
            _ => None,
        };
        let form = format!("answer-{}", a.id);
        let err = |f: &str| errors.get(&key_of(&form, f)).map(str::to_owned);
        AnswerForm {
            decisions: AmendmentDecision::ALL
                .iter()
                .map(|d| (d.code(), decision_label(page, *d), mine.as_ref().is_some_and(|m| m.0 == d.code())))
                .collect(),
            answer: mine.as_ref().map(|m| m.1.clone()).unwrap_or_default(),
            text: mine.as_ref().map(|m| m.2.clone()).unwrap_or_else(|| a.text.clone()),
            errors: [err("decision"), err("answer"), err("text")],
            open: mine.is_some(),
        }
    });
    let author = match &a.organisation {
        Some(o) => format!("{} ({o})", a.author),
        None => a.author.clone(),
    };
    AmendmentShown {
        id: a.id,
        section: page.t(&format!("cc.section.{}", a.section.code())),
        proposed: a.text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        current: section_text(theme, a.section),
        reason: paragraphs(&a.reason),
        byline: page.tr.f("cc.version.byline", &[("name", &author), ("date", &page.date(&a.created_at))]),
        decision: a.decision.map(|d| decision_label(page, d)),
        decision_code: a.decision.map(|d| d.code()).unwrap_or("open"),
        answer: a.answer.as_deref().map(paragraphs).unwrap_or_default(),
        applied: a
            .applied_text
            .as_deref()
            .filter(|_| a.decision == Some(AmendmentDecision::PartlyAccepted))
            .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default(),
        applied_version: a.applied_version.map(|n| {
            (
                format!("/werkplaatsen/{slug}/agenda/versies/{n}"),
                page.f1("cc.amendments.applied_in", "n", n),
                format!("/werkplaatsen/{slug}/agenda/vergelijken?van={}&naar={n}", (n - 1).max(1)),
            )
        }),
        answered: match (&a.answered_by, &a.answered_at) {
            (Some(by), Some(at)) => {
                Some(page.tr.f("cc.amendments.answered", &[("name", by), ("date", &page.date(at))]))
            }
            _ => None,
        },
        form,
    }
}

async fn amendments_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    typed: Option<Typed>,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<AmendmentsTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let id = proc.view.id;
    let amendments = state.core.amendments(actor, &proc.tenant, id).await?;
    let clusters = state.core.clusters(actor, &proc.tenant, id).await?;
    let agenda = match state.core.current_agenda(&proc.tenant).await {
        Ok(a) => a.themes,
        Err(CoreError::NotFound) => vec![],
        Err(e) => return Err(e.into()),
    };
    let open = proc.phase() == Phase::Amending;
    let answering = open && proc.manager();
    // The themes the concept made, in the order of the agenda.
    let made: Vec<i64> = clusters.iter().filter_map(|c| c.theme_id).collect();
    let mut themes: Vec<ThemeShown> = agenda
        .iter()
        .filter(|t| made.contains(&t.id))
        .map(|t| ThemeShown {
            id: Some(t.id),
            title: t.title.clone(),
            amendments: amendments
                .iter()
                .filter(|a| a.theme_id == Some(t.id))
                .map(|a| amendment_shown(&page, proc, a, Some(t), answering, typed.as_ref(), &errors))
                .collect(),
        })
        .collect();
    let orphans: Vec<AmendmentShown> = amendments
        .iter()
        .filter(|a| !themes.iter().any(|t| t.id.is_some() && t.id == a.theme_id))
        .map(|a| {
            let theme = agenda.iter().find(|t| Some(t.id) == a.theme_id);
            amendment_shown(&page, proc, a, theme, answering, typed.as_ref(), &errors)
        })
        .collect();
    if !orphans.is_empty() {
        themes.push(ThemeShown { id: None, title: page.t("cc.amendments.other").to_owned(), amendments: orphans });
    }
    let (theme, section, text, reason) = match &typed {
        Some(Typed::Propose { theme, section, text, reason }) => {
            (theme.clone(), section.clone(), text.clone(), reason.clone())
        }
        _ => Default::default(),
    };
    let slug = &proc.tenant.slug;
    let title = page.t("cc.amendments.title").to_owned();
    Ok(AmendmentsTemplate {
        head: proc.head(&page, Tab::Amendments, title.clone(), flash),
        title: format!("{title} · {}", proc.view.title),
        errors,
        concept: proc
            .view
            .concept_version
            .map(|n| (format!("/werkplaatsen/{slug}/agenda/versies/{n}"), page.f1("cc.link.concept", "n", n))),
        open,
        theme_options: themes
            .iter()
            .filter_map(|t| t.id.map(|id| (id, t.title.clone())))
            .map(|(id, label)| Opt { selected: id.to_string() == theme, value: id.to_string(), label })
            .collect(),
        section_options: AmendmentSection::ALL
            .iter()
            .map(|s| Opt {
                value: s.code().to_owned(),
                label: page.t(&format!("cc.section.{}", s.code())).to_owned(),
                selected: s.code() == section,
            })
            .collect(),
        themes,
        text,
        reason,
        page,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&amendments_page(&state, page, &proc, None, FormErrors::default(), flash).await?))
}

pub(super) async fn propose(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let (theme, section, text, reason) = (p.one("theme_id"), p.one("section"), p.one("text"), p.one("reason"));
    let result = match theme.trim().parse::<i64>() {
        Ok(theme_id) => {
            let input =
                AmendmentInput { theme_id, section: section.clone(), text: text.clone(), reason: reason.clone() };
            state.core.propose_amendment(page.actor.as_ref(), &proc.tenant, id, &input).await.map_err(refused)
        }
        Err(_) => {
            broedplaats_core::kernel::actor::require_member(page.actor.as_ref(), &proc.tenant)?;
            Err(Ok(FieldErrors::single("theme_id", FieldErrorKind::Required)))
        }
    };
    match result {
        Ok(aid) => Ok(redirect(&format!(
            "{}#amendement-{aid}",
            flash_to(&format!("{}/amendementen", proc.base()), "amendment_proposed", None)
        ))),
        Err(e) => {
            let fields = ["theme_id", "section", "text", "reason"];
            let shown = shown_errors(&page, &e?, "amend", &fields, &[], "amend-theme_id");
            let typed = Typed::Propose { theme, section, text, reason };
            Ok(unprocessable(&amendments_page(&state, page, &proc, Some(typed), shown, None).await?))
        }
    }
}

pub(super) async fn answer(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, aid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let (decision, answer, text) = (p.one("decision"), p.one("answer"), p.one("text"));
    let input = AnswerInput {
        decision: decision.clone(),
        answer: answer.clone(),
        // The agenda takes this text only for a partly accepted amendment.
        text: Some(text.clone()).filter(|_| decision == AmendmentDecision::PartlyAccepted.code()),
    };
    match state.core.answer_amendment(page.actor.as_ref(), &proc.tenant, id, aid, &input).await {
        Ok(_) => Ok(redirect(&format!(
            "{}#amendement-{aid}",
            flash_to(&format!("{}/amendementen", proc.base()), "amendment_answered", None)
        ))),
        Err(e) => {
            let form = format!("answer-{aid}");
            let shown =
                shown_errors(&page, &refused(e)?, &form, &["answer", "text"], &["decision"], &format!("{form}-answer"));
            let typed = Typed::Answer { aid, decision, answer, text };
            Ok(unprocessable(&amendments_page(&state, page, &proc, Some(typed), shown, None).await?))
        }
    }
}
