//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document generated from these
//! handlers (`/api/v1/openapi.json`). Authentication: `Authorization: Bearer <token>` (see
//! `broedplaats admin create-token`) or the session cookie plus an `X-CSRF-Token` header.
//!
//! One module per capability — `agenda`, `organisation`, `activities`, `knowledge`, `privacy`,
//! `session`, `accounts`, `cocreation`, `lemniscate`, `association` — and `kit` for what several of them share. This module
//! assembles the routes and the OpenAPI document (`ApiDoc`), whose order of paths and schemas is
//! the published document's.
mod accounts;
mod activities;
mod agenda;
mod association;
mod cocreation;
mod collections;
mod crosslinks;
mod education;
mod federation;
mod following;
mod grants;
mod kit;
mod knowledge;
mod lemniscate;
pub(crate) mod oai;
mod organisation;
mod privacy;
mod session;

pub use knowledge::products::parse_import as parse_product_import;

use crate::error::{ApiError, ErrorBody, ErrorDetail};
use crate::routes::{Routes, delete, get, post, put};
use axum::Json;
use knowledge::{practice, products, search, stories};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Broedplaats API",
        version = "1.0.0",
        description = "Kennis- en ontwikkelagenda's van de Werkplaatsen Sociaal Domein. Fouten hebben altijd de vorm \
                       `{ \"error\": { \"code\", \"message\", \"fields\"? } }` met een Nederlandse melding."
    ),
    paths(
        agenda::list_werkplaatsen,
        agenda::get_agenda,
        agenda::list_versions,
        agenda::get_version,
        agenda::create_theme,
        agenda::get_theme,
        agenda::update_theme,
        agenda::delete_theme,
        agenda::reorder_themes,
        agenda::create_project_option,
        agenda::update_project_option,
        agenda::delete_project_option,
        agenda::set_status,
        organisation::list_people,
        organisation::list_organisations,
        organisation::get_organisation,
        organisation::create_organisation,
        organisation::update_organisation,
        organisation::delete_organisation,
        organisation::get_person,
        organisation::create_person,
        organisation::update_person,
        organisation::delete_person,
        organisation::list_letters,
        organisation::get_letter,
        organisation::create_letter,
        organisation::update_letter,
        organisation::delete_letter,
        organisation::list_theme_groups,
        organisation::get_theme_group,
        organisation::create_theme_group,
        organisation::update_theme_group,
        organisation::delete_theme_group,
        organisation::list_projects,
        organisation::get_project,
        organisation::list_plan_versions,
        organisation::create_project,
        organisation::update_project,
        organisation::delete_project,
        organisation::list_bodies,
        organisation::get_body,
        organisation::create_body,
        organisation::update_body,
        organisation::delete_body,
        organisation::governance,
        organisation::governance_settings,
        organisation::set_governance_settings,
        organisation::audit_log,
        activities::list_activities,
        activities::create_activity,
        activities::get_activity,
        activities::activity_ics,
        activities::update_activity,
        activities::cancel_activity,
        activities::register,
        activities::list_registrations,
        activities::cancel_registration,
        activities::set_attendance,
        activities::get_report,
        activities::save_report,
        activities::add_report_file,
        activities::get_report_file,
        activities::delete_report_file,
        activities::werkplaats_calendar,
        session::me,
        activities::new_calendar_token,
        activities::personal_calendar,
        practice::list_questions,
        practice::create_question,
        practice::get_question,
        practice::update_question,
        practice::delete_question,
        practice::list_approaches,
        practice::create_approach,
        practice::get_approach,
        practice::update_approach,
        practice::delete_approach,
        practice::list_kwesties,
        practice::get_kwestie,
        practice::update_kwestie,
        stories::list_stories,
        stories::create_story,
        stories::get_story,
        stories::update_story,
        stories::withdraw_consent,
        privacy::my_data,
        privacy::erase_me,
        accounts::password_reset::request_reset,
        accounts::password_reset::confirm_reset,
        accounts::me::change_password,
        accounts::me::change_email,
        accounts::me::confirm_email,
        accounts::me::list_sessions,
        accounts::me::end_sessions,
        accounts::me::end_session,
        accounts::me::list_tokens,
        accounts::me::create_token,
        accounts::me::revoke_token,
        accounts::me::start_two_factor,
        accounts::me::confirm_two_factor,
        accounts::me::disable_two_factor,
        products::list_products,
        products::create_products,
        products::get_product,
        products::update_product,
        products::delete_product,
        products::set_status,
        products::upload_file,
        search::search,
        search::related,
        accounts::invitations::create_invitation,
        accounts::invitations::list_invitations,
        accounts::invitations::revoke_invitation,
        accounts::invitations::resend_invitation,
        accounts::invitations::accept_invitation,
        accounts::members::list_members,
        accounts::members::set_roles,
        accounts::members::set_self_registration,
        accounts::members::register,
        crosslinks::question_links,
        crosslinks::decide_question_link,
        crosslinks::project_links,
        crosslinks::decide_project_link,
        cocreation::process::list_processes,
        cocreation::process::create_process,
        cocreation::process::get_process,
        cocreation::process::update_process,
        cocreation::process::set_phase,
        cocreation::process::plan_phase,
        cocreation::pitches::list_pitches,
        cocreation::pitches::submit_pitch,
        cocreation::pitches::get_pitch,
        cocreation::pitches::update_pitch,
        cocreation::pitches::join_pitch,
        cocreation::pitches::leave_pitch,
        cocreation::pitches::set_pitch_reason,
        cocreation::pitches::move_pitch,
        cocreation::clusters::cluster_suggestions,
        cocreation::clusters::list_clusters,
        cocreation::clusters::create_cluster,
        cocreation::clusters::update_cluster,
        cocreation::clusters::merge_clusters,
        cocreation::clusters::split_cluster,
        cocreation::clusters::set_cluster_reason,
        cocreation::clusters::cluster_history,
        cocreation::votes::vote,
        cocreation::votes::results,
        cocreation::texts::list_texts,
        cocreation::texts::write_text,
        cocreation::texts::list_concerns,
        cocreation::texts::create_concern,
        cocreation::texts::update_concern,
        cocreation::amendments::create_concept,
        cocreation::amendments::list_amendments,
        cocreation::amendments::propose_amendment,
        cocreation::amendments::answer_amendment,
        cocreation::amendments::adopt,
        cocreation::trace::trace,
        cocreation::trace::report,
        lemniscate::record_move,
        lemniscate::question_path,
        lemniscate::counts,
        lemniscate::questions,
        lemniscate::national_agenda,
        association::association,
        association::create_priority,
        association::update_priority,
        association::delete_priority,
        association::set_priority_items,
        association::set_partners,
        association::comparison,
        association::kwestie_cell,
        education::list_assignments,
        education::create_assignment,
        education::get_assignment,
        education::update_assignment,
        education::delete_assignment,
        education::apply,
        education::list_applications,
        education::get_application,
        education::decide,
        education::figures,
        education::submit_result,
        education::list_results,
        education::review_result,
        education::list_programmes,
        education::add_programme,
        education::delete_programme,
        collections::list_collections,
        collections::create_collection,
        collections::get_collection,
        collections::update_collection,
        collections::delete_collection,
        following::list_follows,
        following::create_follow,
        following::delete_follow,
        following::set_digest,
        grants::list_grants,
        grants::create_grant,
        grants::get_grant,
        grants::update_grant,
        grants::delete_grant,
        grants::list_budget_lines,
        grants::create_budget_line,
        grants::update_budget_line,
        grants::delete_budget_line,
        grants::matching,
        grants::list_contributions,
        grants::create_contribution,
        grants::get_contribution,
        grants::update_contribution,
        grants::delete_contribution,
        grants::import_contributions,
        grants::list_outcomes,
        grants::create_outcome,
        grants::get_outcome,
        grants::update_outcome,
        grants::delete_outcome,
        grants::annual_report,
        grants::list_report_versions,
        grants::save_report_version,
        federation::create_source,
        federation::list_sources,
        federation::run_source,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth),
    tags(
        (name = "werkplaatsen", description = "Werkplaatsen (tenants)"),
        (name = "agenda", description = "Kennis- en ontwikkelagenda, thema's, projectopties en versies"),
        (name = "mensen", description = "Mensen van een werkplaats (alleen voor leden)"),
        (name = "organisatie", description = "Partners, intentieovereenkomsten, themagroepen, projecten, MT en consortium, governance-checks"),
        (name = "activiteiten", description = "Kennisdeling: activiteiten en reeksen, aanmelden met wachtlijst, aanwezigheid, verslagen, iCalendar-feeds"),
        (name = "account", description = "Het eigen account"),
        (name = "leden", description = "Leden van een werkplaats en hun rollen, uitnodigingen, zelf registreren"),
        (name = "kennisbank", description = "Kennisbank: opbrengsten en zoeken, verhalen, praktijkvragen, aanpakken en werkzame factoren, kwesties (gedeeld door alle werkplaatsen)"),
        (name = "cocreatie", description = "Co-creatie van de agenda: pitches, clusters, punten verdelen, themateksten, conceptagenda, amendementen en vaststellen, met het spoor van elk thema terug naar de pitches (alleen voor leden)"),
        (name = "vereniging", description = "De vereniging: alle werkplaatsen naast elkaar (werkplaats × kwestie), gezamenlijke prioriteiten, gezamenlijke projecten, het vergelijken van agenda's en dwarsverbanden tussen werkplaatsen"),
        (name = "federatie", description = "Federatie: OAI-PMH-bronnen die deze installatie oogst (andere installaties, repositories), met hun laatste oogst en fouten (alleen voor programmacoördinatoren)"),
        (name = "onderwijs", description = "Onderwijs: opdrachten voor studenten in de projecten van werkplaatsen, solliciteren, besluiten over sollicitaties (alleen de student en de begeleiders), de cijfers van betrokkenheid en collecties (leeslijsten) voor het onderwijs"),
        (name = "subsidies", description = "Subsidies, begrotingsposten, inzet van partners (matching), resultaten, de matchingscheck en het jaarverslag (alleen voor programmacoördinatoren en lectoren)"),
        (name = "lemniscaat", description = "De kennislemniscaat: het pad van een praktijkvraag door ontwikkelen, verspreiden, opschalen en verrijken, de aantallen per beweging en de landelijke agenda"),
    )
)]
pub struct ApiDoc;

/// Body limit of a knowledge-product import: a thousand products with long texts.
const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/openapi.json", get(openapi))
        .merge(accounts::routes())
        .merge(cocreation::routes())
        .merge(crosslinks::routes())
        .merge(lemniscate::routes())
        .merge(association::routes())
        .merge(education::routes())
        .merge(collections::routes())
        .merge(following::routes())
        .merge(grants::routes())
        .merge(federation::routes())
        .route("/me", get(session::me))
        .route("/me/calendar-token", post(activities::new_calendar_token))
        .route("/calendar/{file}", get(activities::personal_calendar))
        .route("/werkplaatsen", get(agenda::list_werkplaatsen))
        .route("/werkplaatsen/{slug}/agenda", get(agenda::get_agenda))
        .route("/werkplaatsen/{slug}/agenda/versions", get(agenda::list_versions))
        .route("/werkplaatsen/{slug}/agenda/versions/{n}", get(agenda::get_version))
        .route("/werkplaatsen/{slug}/agenda/status", put(agenda::set_status))
        .route("/werkplaatsen/{slug}/agenda/theme-order", put(agenda::reorder_themes))
        .route("/werkplaatsen/{slug}/agenda/themes", post(agenda::create_theme))
        .route(
            "/werkplaatsen/{slug}/agenda/themes/{id}",
            get(agenda::get_theme).put(agenda::update_theme).delete(agenda::delete_theme),
        )
        .route("/werkplaatsen/{slug}/agenda/themes/{id}/project-options", post(agenda::create_project_option))
        .route(
            "/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id}",
            put(agenda::update_project_option).delete(agenda::delete_project_option),
        )
        .route("/werkplaatsen/{slug}/people", get(organisation::list_people).post(organisation::create_person))
        .route(
            "/werkplaatsen/{slug}/people/{id}",
            get(organisation::get_person).put(organisation::update_person).delete(organisation::delete_person),
        )
        .route(
            "/werkplaatsen/{slug}/organisations",
            get(organisation::list_organisations).post(organisation::create_organisation),
        )
        .route(
            "/werkplaatsen/{slug}/organisations/{id}",
            get(organisation::get_organisation)
                .put(organisation::update_organisation)
                .delete(organisation::delete_organisation),
        )
        .route(
            "/werkplaatsen/{slug}/letters-of-intent",
            get(organisation::list_letters).post(organisation::create_letter),
        )
        .route(
            "/werkplaatsen/{slug}/letters-of-intent/{id}",
            get(organisation::get_letter).put(organisation::update_letter).delete(organisation::delete_letter),
        )
        .route(
            "/werkplaatsen/{slug}/theme-groups",
            get(organisation::list_theme_groups).post(organisation::create_theme_group),
        )
        .route(
            "/werkplaatsen/{slug}/theme-groups/{id}",
            get(organisation::get_theme_group)
                .put(organisation::update_theme_group)
                .delete(organisation::delete_theme_group),
        )
        .route("/werkplaatsen/{slug}/projects", get(organisation::list_projects).post(organisation::create_project))
        .route(
            "/werkplaatsen/{slug}/projects/{id}",
            get(organisation::get_project).put(organisation::update_project).delete(organisation::delete_project),
        )
        .route("/werkplaatsen/{slug}/projects/{id}/plan-versions", get(organisation::list_plan_versions))
        .route("/werkplaatsen/{slug}/bodies", get(organisation::list_bodies).post(organisation::create_body))
        .route(
            "/werkplaatsen/{slug}/bodies/{id}",
            get(organisation::get_body).put(organisation::update_body).delete(organisation::delete_body),
        )
        .route("/werkplaatsen/{slug}/governance", get(organisation::governance))
        .route(
            "/werkplaatsen/{slug}/governance/settings",
            get(organisation::governance_settings).put(organisation::set_governance_settings),
        )
        .route("/werkplaatsen/{slug}/audit-log", get(organisation::audit_log))
        .route("/werkplaatsen/{slug}/activities", get(activities::list_activities).post(activities::create_activity))
        .route("/werkplaatsen/{slug}/activities.ics", get(activities::werkplaats_calendar))
        .route(
            "/werkplaatsen/{slug}/activities/{id}",
            get(activities::get_activity_or_ics).put(activities::update_activity),
        )
        .route("/werkplaatsen/{slug}/activities/{id}/cancel", post(activities::cancel_activity))
        .route(
            "/werkplaatsen/{slug}/activities/{id}/registrations",
            get(activities::list_registrations).post(activities::register),
        )
        .route("/werkplaatsen/{slug}/activities/{id}/registrations/{token}", delete(activities::cancel_registration))
        .route("/werkplaatsen/{slug}/activities/{id}/attendance", put(activities::set_attendance))
        .route("/werkplaatsen/{slug}/activities/{id}/report", get(activities::get_report).put(activities::save_report))
        .route(
            "/werkplaatsen/{slug}/activities/{id}/report/files",
            post(activities::add_report_file).body_limit(crate::files::FILE_UPLOAD_LIMIT),
        )
        .route(
            "/werkplaatsen/{slug}/activities/{id}/report/files/{file_id}",
            get(activities::get_report_file).delete(activities::delete_report_file),
        )
        .route("/werkplaatsen/{slug}/questions", get(practice::list_questions).post(practice::create_question))
        .route(
            "/werkplaatsen/{slug}/questions/{id}",
            get(practice::get_question).put(practice::update_question).delete(practice::delete_question),
        )
        .route("/werkplaatsen/{slug}/approaches", get(practice::list_approaches).post(practice::create_approach))
        .route(
            "/werkplaatsen/{slug}/approaches/{id}",
            get(practice::get_approach).put(practice::update_approach).delete(practice::delete_approach),
        )
        .route("/kwesties", get(practice::list_kwesties))
        .route("/kwesties/{id}", get(practice::get_kwestie).put(practice::update_kwestie))
        .route("/werkplaatsen/{slug}/stories", get(stories::list_stories).post(stories::create_story))
        .route("/werkplaatsen/{slug}/stories/{id}", get(stories::get_story).put(stories::update_story))
        .route("/werkplaatsen/{slug}/stories/{id}/withdraw-consent", post(stories::withdraw_consent))
        .route("/me/data", get(privacy::my_data))
        .route("/me/erasure", post(privacy::erase_me))
        .route("/search", get(search::search))
        .route("/search/related", get(search::related))
        .route(
            "/werkplaatsen/{slug}/knowledge-products",
            get(products::list_products).post(products::create_products).body_limit(IMPORT_LIMIT),
        )
        .route(
            "/werkplaatsen/{slug}/knowledge-products/{id}",
            get(products::get_product).put(products::update_product).delete(products::delete_product),
        )
        .route("/werkplaatsen/{slug}/knowledge-products/{id}/status", post(products::set_status))
        .route(
            "/werkplaatsen/{slug}/knowledge-products/{id}/files",
            post(products::upload_file).body_limit(crate::files::FILE_UPLOAD_LIMIT),
        )
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}

/// The OpenAPI document.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn api_not_found() -> ApiError {
    ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "Dit API-pad bestaat niet.")
}

async fn api_method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Deze methode is hier niet toegestaan.",
    )
}
