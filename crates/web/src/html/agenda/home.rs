//! The home page: every werkplaats with its next public activities, and for coordinators and
//! lectoren the governance notice and the questions national knowledge partners handed back.
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{ActivityLine, GovernanceNotice, PageResult, governance_notice, render, upcoming};
use askama::Template;
use axum::extract::State;
use broedplaats_core::lemniscate::HandedBack;

#[derive(Template)]
#[template(path = "agenda/home.html")]
struct HomeTemplate {
    page: Page,
    title: &'static str,
    /// Each werkplaats, with the governance notice for those the visitor manages and its next
    /// public activities.
    werkplaatsen: Vec<(broedplaats_store::WerkplaatsRow, Option<GovernanceNotice>, Vec<ActivityLine>)>,
    /// Per werkplaats (same order), the questions national partners handed back lately: for
    /// its coordinators and lectoren only, empty for everyone else.
    handed_back: Vec<Vec<HandedBack>>,
}

pub(crate) async fn home(State(state): State<AppState>, page: Page) -> PageResult {
    let mut werkplaatsen = Vec::new();
    let mut handed_back = Vec::new();
    for w in state.core.werkplaatsen().await? {
        let tenant = state.core.tenant(&w.slug).await?;
        // Only coordinators and lectoren get a notice; for everyone else this costs no query.
        let (notice, back) = match page.actor.as_ref().filter(|a| a.may_edit_agenda(&w.slug)) {
            Some(_) => (
                governance_notice(&state, &page, &tenant).await,
                state.core.handed_back(page.actor.as_ref(), &tenant).await?,
            ),
            None => (None, vec![]),
        };
        handed_back.push(back);
        let upcoming = upcoming(&state, &page, None, &tenant, 3).await?;
        werkplaatsen.push((w, notice, upcoming));
    }
    let title = page.t("home.title");
    Ok(render(&HomeTemplate { page, title, werkplaatsen, handed_back }))
}
