//! Clustering: the suggested clusters (each taken over with one button), the coordinator's
//! clusters with their pitches, and the forms to make, fill, rename, merge and split them — a
//! select per pitch ("Verplaats naar") is the keyboard way to move one. Closed (merged or split)
//! clusters stay in a collapsed history with where they came from and went.
use super::{Flash, Head, Proc, Tab, flash_to, ids, key_of, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{Check, FormErrors, Link, Opt, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{
    ClusterInput, ClusterStatus, ClusterUpdate, ClusterView, MergeInput, PitchView, ReasonInput, SplitInput,
};
use broedplaats_core::kernel::actor::require_agenda_editor;
use broedplaats_domain::{FieldErrorKind, FieldErrors, Phase};
use std::collections::HashMap;

/// A pitch inside a cluster (or not yet in one), with the select to move it.
pub(super) struct PitchItem {
    id: i64,
    title: String,
    href: String,
    /// Where it can go: other active clusters, and "no cluster" (value "").
    moves: Vec<Opt>,
    move_error: Option<String>,
}

pub(super) struct ClusterShown {
    id: i64,
    title: String,
    origin: &'static str,
    byline: String,
    status: &'static str,
    closed: Option<String>,
    pitches: Vec<PitchItem>,
    sources: Vec<Link>,
    successors: Vec<Link>,
    reason: Option<String>,
    text: Option<String>,
    text_href: String,
    /// The theme of the agenda this cluster became.
    theme: Option<Link>,
    /// Forms as typed and their errors, when one of them was refused.
    rename: String,
    rename_error: Option<String>,
    rename_open: bool,
    split_checks: Vec<Check>,
    split_title: String,
    split_rest: String,
    split_errors: [Option<String>; 3],
    split_open: bool,
    reason_text: String,
    reason_error: Option<String>,
    reason_open: bool,
}

pub(super) struct SuggestionShown {
    index: usize,
    title: String,
    /// Pitches not yet in a cluster: these are taken over.
    free: Vec<(i64, String)>,
    /// Pitches already in a cluster: skipped.
    taken: Vec<String>,
    error: Option<String>,
}

/// What a refused form sent, to show it again.
#[derive(Default)]
pub(super) enum Typed {
    #[default]
    Nothing,
    New {
        title: String,
        ids: Vec<i64>,
    },
    Suggestion {
        index: usize,
        title: String,
    },
    Merge {
        title: String,
        ids: Vec<i64>,
    },
    Rename {
        cid: i64,
        title: String,
    },
    Split {
        cid: i64,
        title: String,
        rest: String,
        ids: Vec<i64>,
    },
    Reason {
        cid: i64,
        reason: String,
    },
    Move,
}

#[derive(Template)]
#[template(path = "cocreation/clusters.html")]
struct ClustersTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    clustering: bool,
    /// Renaming runs from clustering to elaborating.
    renaming: bool,
    manager: bool,
    /// The coordinator may still record why something was not taken up (until the adoption).
    reasons: bool,
    elaborating: bool,
    suggestions: Vec<SuggestionShown>,
    active: Vec<ClusterShown>,
    closed: Vec<ClusterShown>,
    free: Vec<PitchItem>,
    new_title: String,
    new_checks: Vec<Check>,
    merge_title: String,
    merge_checks: Vec<Check>,
    pitch_count: usize,
}

fn origin_label(page: &Page, origin: &str) -> &'static str {
    match origin {
        "manual" | "suggestion" | "merge" | "split" => page.t(&format!("cc.origin.{origin}")),
        _ => page.t("cc.origin.manual"),
    }
}

/// What drawing a cluster or a pitch needs: the page, every cluster and pitch, where pitches can
/// move to, and a refused form with its errors.
struct Drawing<'a> {
    page: &'a Page,
    proc: &'a Proc,
    clusters: &'a [ClusterView],
    pitches: HashMap<i64, &'a PitchView>,
    move_targets: Vec<(i64, String)>,
    typed: &'a Typed,
    errors: &'a FormErrors,
}

impl Drawing<'_> {
    fn cluster(&self, c: &ClusterView) -> ClusterShown {
        let (page, proc, typed, errors) = (self.page, self.proc, self.typed, self.errors);
        let base = proc.base();
        let titles: HashMap<i64, &str> = self.clusters.iter().map(|c| (c.id, c.title.as_str())).collect();
        let link = |id: &i64| Link {
            href: format!("#cluster-{id}"),
            label: titles.get(id).map(|t| (*t).to_owned()).unwrap_or_default(),
        };
        let items: Vec<PitchItem> =
            c.pitch_ids.iter().filter_map(|p| self.pitches.get(p)).map(|p| self.pitch(p, Some(c.id))).collect();
        let cid = c.id;
        let (rename, rename_open) = match typed {
            Typed::Rename { cid: x, title } if *x == cid => (title.clone(), true),
            _ => (c.title.clone(), false),
        };
        let (split_title, split_rest, split_ids, split_open) = match typed {
            Typed::Split { cid: x, title, rest, ids } if *x == cid => (title.clone(), rest.clone(), ids.clone(), true),
            _ => (String::new(), String::new(), vec![], false),
        };
        let (reason_text, reason_open) = match typed {
            Typed::Reason { cid: x, reason } if *x == cid => (reason.clone(), true),
            _ => (c.not_taken_up_reason.clone().unwrap_or_default(), false),
        };
        let err = |form: &str, field: &str| errors.get(&key_of(&format!("{form}-{cid}"), field)).map(str::to_owned);
        ClusterShown {
            id: cid,
            title: c.title.clone(),
            origin: origin_label(page, &c.origin),
            byline: page.tr.f("cc.cluster.byline", &[("name", &c.created_by), ("date", &page.date(&c.created_at))]),
            status: page.t(match c.status {
                ClusterStatus::Active => "cc.status.active",
                ClusterStatus::Merged => "cc.status.merged",
                ClusterStatus::Split => "cc.status.split",
            }),
            closed: c.closed_at.as_deref().map(|d| page.date(d)),
            split_checks: c
                .pitch_ids
                .iter()
                .filter_map(|p| self.pitches.get(p))
                .map(|p| Check {
                    value: p.id.to_string(),
                    label: p.title.clone(),
                    checked: split_ids.contains(&p.id),
                    extras: vec![],
                })
                .collect(),
            pitches: items,
            sources: c.source_ids.iter().map(link).collect(),
            successors: c.successor_ids.iter().map(link).collect(),
            reason: c.not_taken_up_reason.clone(),
            text: c.text.as_ref().map(|t| {
                page.tr.f(
                    "cc.cluster.text",
                    &[("n", &t.number), ("name", &t.author), ("date", &page.date(&t.recorded_at))],
                )
            }),
            text_href: format!("{base}/clusters/{cid}/uitwerken"),
            theme: c.theme_id.map(|t| Link {
                href: format!("/werkplaatsen/{}/themas/{t}", proc.tenant.slug),
                label: page.t("cc.cluster.theme").to_owned(),
            }),
            rename,
            rename_error: err("rename", "title"),
            rename_open,
            split_title,
            split_rest,
            split_errors: [err("split", "pitch_ids"), err("split", "title"), err("split", "rest_title")],
            split_open,
            reason_text,
            reason_error: err("reden", "reason"),
            reason_open,
        }
    }

    /// A pitch with the clusters it can move to (not the one it is in; "none" if it is in one).
    fn pitch(&self, p: &PitchView, current: Option<i64>) -> PitchItem {
        let mut moves: Vec<Opt> = self
            .move_targets
            .iter()
            .filter(|(id, _)| Some(*id) != current)
            .map(|(id, title)| Opt { value: id.to_string(), label: title.clone(), selected: false })
            .collect();
        if current.is_some() {
            moves.push(Opt {
                value: String::new(),
                label: self.page.t("cc.cluster.move_out").to_owned(),
                selected: false,
            });
        }
        PitchItem {
            id: p.id,
            title: p.title.clone(),
            href: format!("{}/pitches/{}", self.proc.base(), p.id),
            moves,
            move_error: self.errors.get(&format!("move-{}", p.id)).map(str::to_owned),
        }
    }
}

async fn clusters_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    typed: Typed,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<ClustersTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let id = proc.view.id;
    let pitches = state.core.pitches(actor, &proc.tenant, id).await?;
    let clusters = state.core.clusters(actor, &proc.tenant, id).await?;
    let phase = proc.phase();
    let clustering = phase == Phase::Clustering;
    let drawing = Drawing {
        page: &page,
        proc,
        clusters: &clusters,
        pitches: pitches.iter().map(|p| (p.id, p)).collect(),
        move_targets: clusters
            .iter()
            .filter(|c| c.status == ClusterStatus::Active)
            .map(|c| (c.id, c.title.clone()))
            .collect(),
        typed: &typed,
        errors: &errors,
    };
    let by_id = &drawing.pitches;
    let manager = proc.manager();
    let suggestions = if clustering {
        let s = state.core.cluster_suggestions(actor, &proc.tenant, id).await?;
        s.clusters
            .into_iter()
            .enumerate()
            .map(|(index, s)| {
                let (taken, free): (Vec<&&PitchView>, Vec<&&PitchView>) =
                    s.pitch_ids.iter().filter_map(|p| by_id.get(p)).partition(|p| p.cluster_id.is_some());
                let title = match &typed {
                    Typed::Suggestion { index: i, title } if *i == index => title.clone(),
                    _ => s.label.clone(),
                };
                SuggestionShown {
                    index,
                    title,
                    free: free.iter().map(|p| (p.id, p.title.clone())).collect(),
                    taken: taken.iter().map(|p| p.title.clone()).collect(),
                    error: errors.get(&format!("sug-{index}-title")).map(str::to_owned),
                }
            })
            .collect()
    } else {
        vec![]
    };
    let shown: Vec<ClusterShown> = clusters.iter().map(|c| drawing.cluster(c)).collect();
    let (active, closed): (Vec<ClusterShown>, Vec<ClusterShown>) =
        shown.into_iter().partition(|c| clusters.iter().any(|x| x.id == c.id && x.status == ClusterStatus::Active));
    let free_pitches: Vec<&PitchView> = pitches.iter().filter(|p| p.cluster_id.is_none()).collect();
    let (new_title, new_ids) = match &typed {
        Typed::New { title, ids } => (title.clone(), ids.clone()),
        _ => (String::new(), vec![]),
    };
    let (merge_title, merge_ids) = match &typed {
        Typed::Merge { title, ids } => (title.clone(), ids.clone()),
        _ => (String::new(), vec![]),
    };
    let title = page.t("cc.clusters.title").to_owned();
    Ok(ClustersTemplate {
        head: proc.head(&page, Tab::Clusters, title.clone(), flash),
        title: format!("{title} · {}", proc.view.title),
        clustering,
        renaming: matches!(phase, Phase::Clustering | Phase::Prioritising | Phase::Elaborating),
        manager,
        reasons: manager && phase != Phase::Adopted,
        elaborating: phase == Phase::Elaborating,
        suggestions,
        new_checks: free_pitches
            .iter()
            .map(|p| Check {
                value: p.id.to_string(),
                label: p.title.clone(),
                checked: new_ids.contains(&p.id),
                extras: vec![],
            })
            .collect(),
        free: free_pitches.iter().map(|p| drawing.pitch(p, None)).collect(),
        merge_checks: drawing
            .move_targets
            .iter()
            .map(|(id, t)| Check {
                value: id.to_string(),
                label: t.clone(),
                checked: merge_ids.contains(id),
                extras: vec![],
            })
            .collect(),
        active,
        closed,
        new_title,
        merge_title,
        pitch_count: pitches.len(),
        errors,
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
    Ok(render(&clusters_page(&state, page, &proc, Typed::Nothing, FormErrors::default(), flash).await?))
}

/// After a save: the clusters page, at `anchor`, with a confirmation.
fn done(proc: &Proc, key: &str, n: Option<i64>, anchor: &str) -> PageResult {
    Ok(redirect(&format!("{}#{anchor}", flash_to(&format!("{}/clusters", proc.base()), key, n))))
}

/// A refused form: the page again, with what was typed and the errors.
async fn again(state: &AppState, page: Page, proc: &Proc, typed: Typed, errors: FormErrors) -> PageResult {
    Ok(unprocessable(&clusters_page(state, page, proc, typed, errors, None).await?))
}

/// The form could not be read (a missing or broken field): asked who acts first, as the use
/// case would, then refused as the field errors say.
fn unreadable(page: &Page, proc: &Proc, e: FieldErrors) -> Result<FieldErrors, HtmlError> {
    require_agenda_editor(page.actor.as_ref(), &proc.tenant)?;
    Ok(e)
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let pitch_ids = ids(&p, "pitch_ids", &mut e);
    let title = p.one("title");
    let result = if e.0.is_empty() {
        let input = ClusterInput { title: title.clone(), pitch_ids: pitch_ids.clone() };
        state.core.create_cluster(page.actor.as_ref(), &proc.tenant, id, &input, false).await.map_err(refused)
    } else {
        Err(unreadable(&page, &proc, e))
    };
    match result {
        Ok(cid) => done(&proc, "cluster_created", None, &format!("cluster-{cid}")),
        Err(e) => {
            let shown = shown_errors(&page, &e?, "new", &["title"], &["pitch_ids"], "new-title");
            again(&state, page, &proc, Typed::New { title, ids: pitch_ids }, shown).await
        }
    }
}

pub(super) async fn adopt_suggestion(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let wanted = ids(&p, "pitch_ids", &mut e);
    let index: usize = p.one("index").trim().parse().unwrap_or(0);
    let title = p.one("title");
    // Pitches clustered since the page was drawn are skipped, and said so.
    let pitches = state.core.pitches(page.actor.as_ref(), &proc.tenant, id).await?;
    let free: Vec<i64> =
        wanted.iter().copied().filter(|w| pitches.iter().any(|p| p.id == *w && p.cluster_id.is_none())).collect();
    let skipped = wanted.len() - free.len();
    if e.0.is_empty() && free.is_empty() {
        e.push("title", FieldErrorKind::Refused { key: "cc.error.suggestion_taken" });
    }
    let result = if e.0.is_empty() {
        let input = ClusterInput { title: title.clone(), pitch_ids: free };
        state.core.create_cluster(page.actor.as_ref(), &proc.tenant, id, &input, true).await.map_err(refused)
    } else {
        Err(unreadable(&page, &proc, e))
    };
    match result {
        Ok(cid) if skipped > 0 => done(&proc, "suggestion_partly", Some(skipped as i64), &format!("cluster-{cid}")),
        Ok(cid) => done(&proc, "suggestion_adopted", None, &format!("cluster-{cid}")),
        Err(e) => {
            let form = format!("sug-{index}");
            let shown = shown_errors(&page, &e?, &form, &["title"], &[], &format!("{form}-title"));
            again(&state, page, &proc, Typed::Suggestion { index, title }, shown).await
        }
    }
}

pub(super) async fn move_pitch(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let pitch: Option<i64> = p.one("pitch_id").trim().parse().ok();
    let to_raw = p.one("cluster_id");
    let to: Option<i64> = match to_raw.trim() {
        "" => None,
        raw => match raw.parse() {
            Ok(c) => Some(c),
            Err(_) => {
                e.push("cluster_id", FieldErrorKind::Invalid);
                None
            }
        },
    };
    let result = match pitch {
        Some(pid) if e.0.is_empty() => {
            state.core.move_pitch(page.actor.as_ref(), &proc.tenant, id, pid, to).await.map(|()| pid).map_err(refused)
        }
        _ => {
            if pitch.is_none() {
                e.push("pitch_id", FieldErrorKind::Required);
            }
            Err(unreadable(&page, &proc, e))
        }
    };
    match result {
        Ok(pid) => done(&proc, "pitch_moved", None, &format!("pitch-{pid}")),
        Err(e) => {
            let form = format!("move-{}", pitch.unwrap_or(0));
            // One select per pitch: every message of this form goes to it.
            let mut shown = FormErrors::default();
            for x in shown_errors(&page, &e?, &form, &[], &[], &form).list {
                shown.push(&form, x.anchor, x.name, x.message);
            }
            again(&state, page, &proc, Typed::Move, shown).await
        }
    }
}

pub(super) async fn merge(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let cluster_ids = ids(&p, "cluster_ids", &mut e);
    let title = p.one("title");
    let result = if e.0.is_empty() {
        let input = MergeInput { cluster_ids: cluster_ids.clone(), title: title.clone() };
        state.core.merge_clusters(page.actor.as_ref(), &proc.tenant, id, &input).await.map_err(refused)
    } else {
        Err(unreadable(&page, &proc, e))
    };
    match result {
        Ok(cid) => done(&proc, "clusters_merged", None, &format!("cluster-{cid}")),
        Err(e) => {
            let shown = shown_errors(&page, &e?, "merge", &["title"], &["cluster_ids"], "merge-title");
            again(&state, page, &proc, Typed::Merge { title, ids: cluster_ids }, shown).await
        }
    }
}

pub(super) async fn rename(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, cid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let title = Pairs(pairs).one("title");
    let input = ClusterUpdate { title: Some(title.clone()), pitch_ids: None };
    match state.core.update_cluster(page.actor.as_ref(), &proc.tenant, id, cid, &input).await {
        Ok(()) => done(&proc, "cluster_renamed", None, &format!("cluster-{cid}")),
        Err(e) => {
            let form = format!("rename-{cid}");
            let shown = shown_errors(&page, &refused(e)?, &form, &["title"], &[], &format!("{form}-title"));
            again(&state, page, &proc, Typed::Rename { cid, title }, shown).await
        }
    }
}

pub(super) async fn split(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, cid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let p = Pairs(pairs);
    let mut e = FieldErrors::new();
    let pitch_ids = ids(&p, "pitch_ids", &mut e);
    let (title, rest) = (p.one("title"), p.one("rest_title"));
    let result = if e.0.is_empty() {
        let input = SplitInput {
            pitch_ids: pitch_ids.clone(),
            title: title.clone(),
            rest_title: Some(rest.clone()).filter(|r| !r.trim().is_empty()),
        };
        state.core.split_cluster(page.actor.as_ref(), &proc.tenant, id, cid, &input).await.map_err(refused)
    } else {
        Err(unreadable(&page, &proc, e))
    };
    match result {
        Ok((a, _)) => done(&proc, "cluster_split", None, &format!("cluster-{a}")),
        Err(e) => {
            let form = format!("split-{cid}");
            let shown =
                shown_errors(&page, &e?, &form, &["title", "rest_title"], &["pitch_ids"], &format!("{form}-title"));
            again(&state, page, &proc, Typed::Split { cid, title, rest, ids: pitch_ids }, shown).await
        }
    }
}

pub(super) async fn reason(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, cid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let reason = Pairs(pairs).one("reason");
    let input = ReasonInput { reason: reason.clone() };
    match state.core.set_cluster_reason(page.actor.as_ref(), &proc.tenant, id, cid, &input).await {
        Ok(()) => done(&proc, "reason_saved", None, &format!("cluster-{cid}")),
        Err(e) => {
            let form = format!("reden-{cid}");
            let shown = shown_errors(&page, &refused(e)?, &form, &["reason"], &[], &format!("{form}-reason"));
            again(&state, page, &proc, Typed::Reason { cid, reason }, shown).await
        }
    }
}
