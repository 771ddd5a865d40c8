//! Pages of the knowledge agenda: the home page, the werkplaats page with its agenda, themes, and
//! the agenda's versions (history, one version, comparison, status).
mod home;
mod themes;
mod versions;
mod werkplaats;

use crate::error::HtmlError;
use crate::extract::Page;

use crate::routes::{Routes, get, post};
use broedplaats_store::Tenant;
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/", get(home::home))
        .route("/werkplaatsen/{slug}", get(werkplaats::werkplaats))
        .route("/werkplaatsen/{slug}/themas", post(themes::create_theme))
        .route("/werkplaatsen/{slug}/themas/nieuw", get(themes::new_theme_form))
        .route("/werkplaatsen/{slug}/themas/{id}", get(themes::theme).post(themes::update_theme))
        .route("/werkplaatsen/{slug}/themas/{id}/bewerken", get(themes::edit_theme_form))
        .route(
            "/werkplaatsen/{slug}/themas/{id}/verwijderen",
            get(themes::delete_theme_form).post(themes::delete_theme),
        )
        .route("/werkplaatsen/{slug}/themas/{id}/verplaatsen", post(themes::move_theme))
        .route("/werkplaatsen/{slug}/agenda/versies", get(versions::history))
        .route("/werkplaatsen/{slug}/agenda/versies/{n}", get(versions::version))
        .route("/werkplaatsen/{slug}/agenda/vergelijken", get(versions::compare))
        .route("/werkplaatsen/{slug}/agenda/status", post(versions::set_status))
}

/// `?opgeslagen=N` after a save, `?verwijderd=N` after a delete: a one-line confirmation.
#[derive(Deserialize, Default)]
pub(crate) struct Flash {
    opgeslagen: Option<i64>,
    verwijderd: Option<i64>,
    status: Option<i64>,
}

impl Flash {
    fn message(&self, page: &Page) -> Option<String> {
        if let Some(n) = self.opgeslagen {
            Some(page.f1("theme.saved", "n", n))
        } else if let Some(n) = self.verwijderd {
            Some(page.f1("delete.done", "n", n))
        } else {
            self.status.map(|n| page.f1("history.status_changed", "n", n))
        }
    }
}

/// Whether the visitor may edit the agenda (and so sees the editing links).
fn can_edit(page: &Page, tenant: &Tenant) -> bool {
    page.actor.as_ref().is_some_and(|a| a.may_edit_agenda(&tenant.slug))
}

/// Editing pages are for agenda editors; others get the login page or "no access".
fn require_editor(page: &Page, tenant: &Tenant) -> Result<(), HtmlError> {
    broedplaats_core::kernel::actor::require_agenda_editor(page.actor.as_ref(), tenant)
        .map(|_| ())
        .map_err(HtmlError::from)
}
