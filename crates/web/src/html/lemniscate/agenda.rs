//! The national agenda (`/landelijke-agenda`): every question, of every werkplaats, that stands
//! on the national side of the eight (verspreiden, opschalen), longest waiting first. A national
//! partner takes a question in verspreiden up ("Oppakken": an opschalen move with the step
//! verbinden met de kwestie, posted to the question's path) and hands one in opschalen back from
//! its path (verrijken).
use super::moment;
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::State;
use broedplaats_domain::{Movement, Step};

struct AgendaLine {
    title: String,
    href: String,
    path_href: String,
    werkplaats: String,
    since: (String, String),
}

struct Section {
    code: &'static str,
    name: &'static str,
    intro: &'static str,
    items: Vec<AgendaLine>,
}

#[derive(Template)]
#[template(path = "lemniscate/agenda.html")]
struct AgendaTemplate {
    page: Page,
    title: String,
    /// A national partner: takes questions up and hands them back.
    partner: bool,
    sections: Vec<Section>,
    take_up: (&'static str, &'static str),
}

pub(super) async fn agenda(State(state): State<AppState>, page: Page) -> PageResult {
    let items = state.core.national_agenda(page.actor.as_ref()).await?;
    let sections = [Movement::Disseminate, Movement::ScaleUp]
        .into_iter()
        .map(|m| Section {
            code: m.code(),
            name: page.movement_name(m.code()),
            intro: page.t(&format!("lem.agenda.{}", m.code())),
            items: items
                .iter()
                .filter(|q| q.movement == m.code())
                .map(|q| AgendaLine {
                    title: q.title.clone(),
                    href: q.url.clone(),
                    path_href: format!("{}/pad", q.url),
                    werkplaats: q.werkplaats_name.clone(),
                    since: moment(&page, &q.moved_at),
                })
                .collect(),
        })
        .collect();
    Ok(render(&AgendaTemplate {
        title: page.t("lem.agenda.title").to_owned(),
        partner: page.actor.as_ref().is_some_and(|a| a.is_national_partner()),
        sections,
        take_up: (Movement::ScaleUp.code(), Step::ConnectKwestie.code()),
        page,
    }))
}
