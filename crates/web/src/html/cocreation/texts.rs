//! The theme text of a cluster: the form (while elaborating) prefilled with the latest version,
//! every version, and everyone who wrote one.
use super::{Flash, Head, Proc, Tab, flash_to, level_options, lines, refused, shown_errors};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Link, Opt, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{ClusterStatus, TextInput, TextView};
use broedplaats_domain::Phase;

/// The text form as typed (or the latest version).
#[derive(Default)]
pub(super) struct TextForm {
    title: String,
    level: String,
    introduction: String,
    questions: String,
    project_options: String,
}

impl TextForm {
    fn from_pairs(p: &Pairs) -> Self {
        TextForm {
            title: p.one("title"),
            level: p.one("level").trim().to_owned(),
            introduction: p.one("introduction"),
            questions: p.one("questions"),
            project_options: p.one("project_options"),
        }
    }
    fn from_text(t: &TextView) -> Self {
        TextForm {
            title: t.title.clone(),
            level: t.level.map(|l| l.code().to_owned()).unwrap_or_default(),
            introduction: t.introduction.clone(),
            questions: t.questions.join("\n"),
            project_options: t.project_options.join("\n"),
        }
    }
}

pub(super) struct VersionShown {
    number: i64,
    title: String,
    level: Option<&'static str>,
    introduction: Vec<String>,
    questions: Vec<String>,
    project_options: Vec<String>,
    byline: String,
}

#[derive(Template)]
#[template(path = "cocreation/text.html")]
struct TextTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    open: bool,
    closed_reason: Option<&'static str>,
    pitches: Vec<(Link, String)>,
    form: TextForm,
    levels: Vec<Opt>,
    action: String,
    back: String,
    versions: Vec<VersionShown>,
    contributors: Vec<String>,
}

async fn text_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    cid: i64,
    typed: Option<TextForm>,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<TextTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let id = proc.view.id;
    let clusters = state.core.clusters(actor, &proc.tenant, id).await?;
    let cluster = clusters.into_iter().find(|c| c.id == cid).ok_or(HtmlError(ErrorPage::NotFound))?;
    let texts = state.core.cluster_texts(actor, &proc.tenant, id, cid).await?;
    let pitches = state.core.pitches(actor, &proc.tenant, id).await?;
    let base = proc.base();
    let form = typed.unwrap_or_else(|| match texts.last() {
        Some(t) => TextForm::from_text(t),
        None => TextForm { title: cluster.title.clone(), ..TextForm::default() },
    });
    let active = cluster.status == ClusterStatus::Active;
    let closed_reason = match (proc.phase(), active) {
        (Phase::Adopted, _) => Some("cocreation.refused.adopted"),
        (_, false) => Some("cocreation.refused.cluster_closed"),
        (Phase::Elaborating, true) => None,
        _ => Some("cocreation.refused.not_elaborating"),
    };
    let h1 = page.f1("cc.text.title", "title", &cluster.title);
    Ok(TextTemplate {
        head: proc.head(&page, Tab::None, h1.clone(), flash),
        title: format!("{h1} · {}", proc.view.title),
        errors,
        open: closed_reason.is_none(),
        closed_reason,
        pitches: cluster
            .pitch_ids
            .iter()
            .filter_map(|p| pitches.iter().find(|x| x.id == *p))
            .map(|p| (Link { href: format!("{base}/pitches/{}", p.id), label: p.title.clone() }, p.question.clone()))
            .collect(),
        levels: level_options(&page, &form.level),
        form,
        action: format!("{base}/clusters/{cid}/uitwerken"),
        back: format!("{base}/clusters#cluster-{cid}"),
        versions: texts
            .iter()
            .rev()
            .map(|t| VersionShown {
                number: t.number,
                title: t.title.clone(),
                level: t.level.as_ref().map(|l| page.level(l)),
                introduction: paragraphs(&t.introduction),
                questions: t.questions.clone(),
                project_options: t.project_options.clone(),
                byline: page.tr.f("cc.version.byline", &[("name", &t.author), ("date", &page.date(&t.recorded_at))]),
            })
            .collect(),
        contributors: cluster.contributors.clone(),
        page,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, cid)): HtmlPath<(String, i64, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&text_page(&state, page, &proc, cid, None, FormErrors::default(), flash).await?))
}

pub(super) async fn save(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, cid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let form = TextForm::from_pairs(&Pairs(pairs));
    let input = TextInput {
        title: form.title.clone(),
        level: Some(form.level.clone()).filter(|l| !l.is_empty()),
        introduction: form.introduction.clone(),
        questions: lines(&form.questions),
        project_options: lines(&form.project_options),
    };
    match state.core.elaborate(page.actor.as_ref(), &proc.tenant, id, cid, &input).await {
        Ok(n) => Ok(redirect(&flash_to(&format!("{}/clusters/{cid}/uitwerken", proc.base()), "text_saved", Some(n)))),
        Err(e) => {
            let errors = refused(e)?;
            let fields = ["title", "level", "introduction", "questions", "project_options"];
            let shown = shown_errors(&page, &errors, "text", &fields, &[], "text-title");
            Ok(unprocessable(&text_page(&state, page, &proc, cid, Some(form), shown, None).await?))
        }
    }
}
