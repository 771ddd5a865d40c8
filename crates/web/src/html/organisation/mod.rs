//! Pages of the werkplaats organisation: partner organisations, people, letters of intent, the
//! governance checks and their thresholds, theme groups, projects, bodies (MT, consortium), the
//! relations map, the audit log and the CSV import.
//!
//! Authorisation stays in the use cases (`core::organisation`, `core::governance`); handlers only
//! check early where a form would otherwise be shown to someone who cannot send it.
mod audit;
mod bodies;
mod common;
mod governance;
mod governance_settings;
mod groups;
pub(crate) mod import;
mod letters;
mod organisations;
mod people;
mod project_form;
mod projects;
mod relations;

use crate::routes::{Routes, get};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/governance", get(governance::governance))
        .route(
            "/werkplaatsen/{slug}/governance/instellingen",
            get(governance_settings::governance_settings_page).post(governance_settings::save_governance_settings),
        )
        .route(
            "/werkplaatsen/{slug}/organisaties",
            get(organisations::organisations).post(organisations::create_organisation),
        )
        .route("/werkplaatsen/{slug}/organisaties/nieuw", get(organisations::new_organisation_form))
        .route(
            "/werkplaatsen/{slug}/organisaties/{id}",
            get(organisations::organisation).post(organisations::update_organisation),
        )
        .route("/werkplaatsen/{slug}/organisaties/{id}/bewerken", get(organisations::edit_organisation_form))
        .route(
            "/werkplaatsen/{slug}/organisaties/{id}/verwijderen",
            get(organisations::delete_organisation_form).post(organisations::delete_organisation),
        )
        .route("/werkplaatsen/{slug}/mensen", get(people::people_list).post(people::create_person))
        .route("/werkplaatsen/{slug}/mensen/nieuw", get(people::new_person_form))
        .route("/werkplaatsen/{slug}/mensen/{id}", get(people::person).post(people::update_person))
        .route("/werkplaatsen/{slug}/mensen/{id}/bewerken", get(people::edit_person_form))
        .route(
            "/werkplaatsen/{slug}/mensen/{id}/verwijderen",
            get(people::delete_person_form).post(people::delete_person),
        )
        .route("/werkplaatsen/{slug}/intentieovereenkomsten", get(letters::letters).post(letters::create_letter))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/nieuw", get(letters::new_letter_form))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/{id}", get(letters::letter).post(letters::update_letter))
        .route("/werkplaatsen/{slug}/intentieovereenkomsten/{id}/bewerken", get(letters::edit_letter_form))
        .route(
            "/werkplaatsen/{slug}/intentieovereenkomsten/{id}/verwijderen",
            get(letters::delete_letter_form).post(letters::delete_letter),
        )
        .route("/werkplaatsen/{slug}/themagroepen", get(groups::groups_index).post(groups::group_create))
        .route("/werkplaatsen/{slug}/themagroepen/nieuw", get(groups::group_new))
        .route("/werkplaatsen/{slug}/themagroepen/{id}", get(groups::group_show).post(groups::group_update))
        .route("/werkplaatsen/{slug}/themagroepen/{id}/bewerken", get(groups::group_edit))
        .route(
            "/werkplaatsen/{slug}/themagroepen/{id}/verwijderen",
            get(groups::group_delete_form).post(groups::group_delete),
        )
        .route("/werkplaatsen/{slug}/projecten", get(projects::projects_index).post(project_form::project_create))
        .route("/werkplaatsen/{slug}/projecten/nieuw", get(project_form::project_new))
        .route("/werkplaatsen/{slug}/projecten/{id}", get(projects::project_show).post(project_form::project_update))
        .route("/werkplaatsen/{slug}/projecten/{id}/bewerken", get(project_form::project_edit))
        .route(
            "/werkplaatsen/{slug}/projecten/{id}/verwijderen",
            get(project_form::project_delete_form).post(project_form::project_delete),
        )
        .route("/werkplaatsen/{slug}/projecten/{id}/plan/vergelijken", get(projects::plan_compare))
        .route("/werkplaatsen/{slug}/organen", get(bodies::bodies_index).post(bodies::body_create))
        .route("/werkplaatsen/{slug}/organen/nieuw", get(bodies::body_new))
        .route("/werkplaatsen/{slug}/organen/{id}", get(bodies::body_show).post(bodies::body_update))
        .route("/werkplaatsen/{slug}/organen/{id}/bewerken", get(bodies::body_edit))
        .route("/werkplaatsen/{slug}/organen/{id}/verwijderen", get(bodies::body_delete_form).post(bodies::body_delete))
        .route("/werkplaatsen/{slug}/relaties", get(relations::relations))
        .route("/werkplaatsen/{slug}/logboek", get(audit::audit_log))
        .merge(import::routes())
}
