//! The path of a practice question through the lemniscate: its moves as a timeline (movement,
//! step, when, by whom, the note, what was handed over, where it crossed the middle), where it
//! stands now, and — for those who may move it — the form to record a move, with the knowledge
//! products and approaches they may hand over, grouped per werkplaats and narrowed by a search.
use super::{Params, moment, side};
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::markdown::{SafeHtml, to_html};
use crate::html::kit::{FormErrors, Link, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::lemniscate::{HandoverGroup, ItemRef, MoveInput, MoveView, PathView};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Movement};
use broedplaats_store::Tenant;

/// A move as the timeline shows it.
struct MoveShown {
    id: i64,
    code: String,
    movement: String,
    side: String,
    step: Option<String>,
    at: (String, String),
    by: String,
    by_kind: String,
    note: Option<SafeHtml>,
    /// "Kruist het midden: van de werkplaats naar landelijk", when the move crossed.
    crossed: Option<String>,
    products: Vec<Link>,
    approaches: Vec<Link>,
    hidden: Option<String>,
}

/// A choice among radio buttons or checkboxes.
struct Choice {
    value: String,
    label: String,
    hint: String,
    checked: bool,
}

/// The steps of one movement, as an option group of the step select.
struct StepGroup {
    movement: String,
    label: String,
    steps: Vec<Choice>,
}

/// The hand-over choices of one werkplaats.
struct ItemGroup {
    name: String,
    own: bool,
    open: bool,
    products: Vec<Choice>,
    approaches: Vec<Choice>,
    more: usize,
}

/// The form of a move, as typed (or fresh).
struct MoveForm {
    movements: Vec<Choice>,
    steps: Vec<StepGroup>,
    note: String,
    /// `None` for national partners: they move as their organisation.
    organisation: Option<String>,
    groups: Vec<ItemGroup>,
    search: String,
    /// The movement asked for in the address (`?beweging=verrijken` from the national agenda).
    movement_param: String,
}

#[derive(Template)]
#[template(path = "lemniscate/path.html")]
struct PathTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    path: PathView,
    current: String,
    current_side: String,
    status: String,
    moves: Vec<MoveShown>,
    form: Option<MoveForm>,
    errors: FormErrors,
    flash: Option<String>,
}

/// What was typed in the form (or asked for in the address).
#[derive(Default)]
struct Typed {
    movement: String,
    step: String,
    note: String,
    organisation: String,
    products: Vec<i64>,
    approaches: Vec<i64>,
}

const FLASHES: [&str; 2] = ["recorded", "taken_up"];

fn links(items: &[ItemRef], werkplaats_names: &[(String, String)]) -> Vec<Link> {
    items
        .iter()
        .map(|i| {
            let name = werkplaats_names.iter().find(|(s, _)| *s == i.werkplaats).map_or(&i.werkplaats, |(_, n)| n);
            Link { href: i.url.clone(), label: format!("{} ({name})", i.title) }
        })
        .collect()
}

fn shown(page: &Page, m: MoveView, names: &[(String, String)], before: Option<Movement>) -> MoveShown {
    let movement = Movement::parse(&m.movement).ok();
    let crossed = match (m.crosses, movement) {
        (true, Some(to)) => Some(
            page.t(if to.is_national() && before.is_none_or(|b| !b.is_national()) {
                "lem.path.crossed_out"
            } else {
                "lem.path.crossed_back"
            })
            .to_owned(),
        ),
        _ => None,
    };
    MoveShown {
        id: m.id,
        side: movement.map(|x| side(page, x)).unwrap_or_default().to_owned(),
        movement: page.movement_name(&m.movement).to_owned(),
        step: m.step.as_deref().map(|s| page.step_name(s).to_owned()),
        at: moment(page, &m.at),
        by_kind: page.t(&format!("lem.by.{}", m.by.kind)).to_owned(),
        by: m.by.name,
        note: Some(&m.note).filter(|n| !n.trim().is_empty()).map(|n| to_html(n)),
        crossed,
        products: links(&m.knowledge_products, names),
        approaches: links(&m.approaches, names),
        hidden: (m.hidden_items > 0).then(|| page.f1("lem.path.hidden", "n", m.hidden_items)),
        code: m.movement,
    }
}

fn form(
    page: &Page,
    path: &PathView,
    typed: &Typed,
    groups: Vec<HandoverGroup>,
    member: bool,
    search: &str,
) -> MoveForm {
    let allowed: Vec<Movement> = path.may_move.iter().filter_map(|m| Movement::parse(m).ok()).collect();
    MoveForm {
        movements: allowed
            .iter()
            .map(|m| Choice {
                value: m.code().to_owned(),
                label: page.movement_name(m.code()).to_owned(),
                hint: page.t(&format!("lem.hint.{}", m.code())).to_owned(),
                checked: typed.movement == m.code(),
            })
            .collect(),
        steps: allowed
            .iter()
            .map(|m| StepGroup {
                movement: m.code().to_owned(),
                label: page.movement_name(m.code()).to_owned(),
                steps: m
                    .steps()
                    .iter()
                    .map(|s| Choice {
                        value: s.code().to_owned(),
                        label: page.step_name(s.code()).to_owned(),
                        hint: String::new(),
                        checked: typed.step == s.code() && typed.movement == m.code(),
                    })
                    .collect(),
            })
            .collect(),
        note: typed.note.clone(),
        organisation: member.then(|| typed.organisation.clone()),
        groups: groups
            .into_iter()
            .map(|g| {
                let check = |c: &broedplaats_core::lemniscate::HandoverChoice, ticked: &[i64], label: String| Choice {
                    value: c.id.to_string(),
                    hint: label,
                    checked: ticked.contains(&c.id),
                    label: c.title.clone(),
                };
                let products: Vec<Choice> = g
                    .products
                    .iter()
                    .map(|c| check(c, &typed.products, page.t(&format!("kb.status.{}", c.detail)).to_owned()))
                    .collect();
                let approaches: Vec<Choice> = g
                    .approaches
                    .iter()
                    .map(|c| check(c, &typed.approaches, page.t(&format!("pq.kind.{}", c.detail)).to_owned()))
                    .collect();
                let ticked = products.iter().chain(&approaches).any(|c| c.checked);
                ItemGroup {
                    open: g.own || ticked || !search.is_empty(),
                    name: g.werkplaats_name,
                    own: g.own,
                    products,
                    approaches,
                    more: g.more,
                }
            })
            .collect(),
        search: search.to_owned(),
        movement_param: typed.movement.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn path_page(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: i64,
    typed: Typed,
    search: &str,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<PathTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let path = state.core.question_path(actor, tenant, id).await?;
    let names: Vec<(String, String)> = state.core.werkplaatsen().await?.into_iter().map(|w| (w.slug, w.name)).collect();
    let form = if path.may_move.is_empty() {
        None
    } else {
        let search = Some(search).filter(|s| !s.trim().is_empty());
        let groups = state.core.handover_choices(actor, tenant, search, &typed.products, &typed.approaches).await?;
        let member = actor.is_some_and(|a| a.is_member(&tenant.slug));
        Some(form(&page, &path, &typed, groups, member, search.unwrap_or_default()))
    };
    let mut before = None;
    let mut moves = Vec::with_capacity(path.moves.len());
    for m in path.moves.clone() {
        let this = Movement::parse(&m.movement).ok();
        moves.push(shown(&page, m, &names, before));
        before = this;
    }
    let current = Movement::parse(&path.current).ok();
    Ok(PathTemplate {
        title: page.f1("lem.path.title", "question", &path.title),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        current: page.movement_name(&path.current).to_owned(),
        current_side: current.map(|m| side(&page, m)).unwrap_or_default().to_owned(),
        status: page.t(&format!("pq.status.{}", path.status)).to_owned(),
        path,
        moves,
        form,
        errors,
        flash,
        page,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let params = Params::of(q);
    let tenant = state.core.tenant(&slug).await?;
    let flash = Params::given(&params.melding)
        .filter(|m| FLASHES.contains(m))
        .map(|m| page.t(&format!("lem.flash.{m}")).to_owned());
    // `?beweging=verrijken`: the national agenda's link to hand a question back.
    let typed = Typed {
        movement: Params::given(&params.beweging).filter(|m| Movement::parse(m).is_ok()).unwrap_or_default().to_owned(),
        ..Typed::default()
    };
    let search = Params::given(&params.zoek).unwrap_or_default().to_owned();
    let t = path_page(&state, page, &tenant, id, typed, &search, FormErrors::default(), flash).await?;
    Ok(render(&t))
}

/// The ids of a checkbox group; a value that is not a number is a field error.
fn ids(p: &Pairs, key: &str, e: &mut FieldErrors) -> Vec<i64> {
    p.ids(key).unwrap_or_else(|| {
        e.push(key, FieldErrorKind::Invalid);
        vec![]
    })
}

/// Field errors in words, linked to the field (the first radio button or checkbox of a group).
fn shown_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let field = e.field.as_str();
        let (anchor, message) = match (field, &e.kind) {
            ("movement", FieldErrorKind::Refused { key }) => ("movement-0", page.t(key).to_owned()),
            ("movement", FieldErrorKind::TooMany { max }) => ("movement-0", page.f1("lem.error.moves", "max", max)),
            ("movement", _) => ("movement-0", page.t("lem.error.movement").to_owned()),
            ("step", FieldErrorKind::UnknownValue { .. } | FieldErrorKind::Invalid) => {
                ("step", page.t("lem.error.step").to_owned())
            }
            ("knowledge_product_ids" | "approach_ids", FieldErrorKind::Invalid | FieldErrorKind::Duplicate) => {
                ("meegeven", page.t("lem.error.items").to_owned())
            }
            ("knowledge_product_ids" | "approach_ids", kind) => ("meegeven", field_message(&page.tr, kind)),
            ("note" | "organisation" | "step", kind) => (field, field_message(&page.tr, kind)),
            (_, kind) => ("movement-0", field_message(&page.tr, kind)),
        };
        let name = match field {
            "movement" | "step" | "note" | "organisation" | "knowledge_product_ids" | "approach_ids" => {
                page.t(&format!("lem.field.{field}"))
            }
            _ => page.t("lem.field.form"),
        };
        out.push(field, anchor.to_owned(), name.to_owned(), message);
    }
    out
}

pub(super) async fn record(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let p = Pairs(pairs);
    let tenant = state.core.tenant(&slug).await?;
    let mut e = FieldErrors::new();
    let typed = Typed {
        movement: p.one("movement").trim().to_owned(),
        step: p.one("step").trim().to_owned(),
        note: p.one("note"),
        organisation: p.one("organisation"),
        products: ids(&p, "knowledge_product_ids", &mut e),
        approaches: ids(&p, "approach_ids", &mut e),
    };
    let input = MoveInput {
        movement: typed.movement.clone(),
        step: Some(typed.step.clone()).filter(|s| !s.is_empty()),
        note: Some(typed.note.clone()).filter(|s| !s.trim().is_empty()),
        organisation: Some(typed.organisation.clone()).filter(|s| !s.trim().is_empty()),
        knowledge_product_ids: typed.products.clone(),
        approach_ids: typed.approaches.clone(),
    };
    let result = if e.is_empty() {
        state.core.record_move(page.actor.as_ref(), &tenant, id, &input).await
    } else {
        // Who may not move the question hears that first, not what was wrong with the form.
        let path = state.core.question_path(page.actor.as_ref(), &tenant, id).await?;
        match (&page.actor, path.may_move.is_empty()) {
            (None, _) => Err(CoreError::Unauthenticated),
            (Some(_), true) => Err(CoreError::Forbidden),
            _ => Err(CoreError::Invalid(e)),
        }
    };
    match result {
        Ok(move_id) => {
            let key = if p.one("herkomst") == "agenda" { "taken_up" } else { "recorded" };
            Ok(redirect(&format!("/werkplaatsen/{}/praktijkvragen/{id}/pad?melding={key}#stap-{move_id}", tenant.slug)))
        }
        Err(CoreError::Invalid(errors)) => {
            let shown = shown_errors(&page, &errors);
            let search = p.one("zoek");
            let t = path_page(&state, page, &tenant, id, typed, &search, shown, None).await?;
            Ok(unprocessable(&t))
        }
        Err(e) => Err(e.into()),
    }
}
