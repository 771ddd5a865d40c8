//! The co-creation API (issue 15, tag `cocreatie`): a process that turns pitches into an adopted
//! agenda — pitching, clustering, prioritising, elaborating, concept, amending, adopted — under
//! `/api/v1/werkplaatsen/{slug}/cocreation`.
//!
//! Every handler is extract → use case → answer; the rules (who, which phase, what input) live in
//! `broedplaats_core::cocreation`. Writes ask who acts before they read the body, so an anonymous
//! caller gets 401 and a member who may not manage 403 whatever they send; the use case asks again.
use crate::AppState;
use crate::error::ApiError;
use crate::extract::MaybeActor;
use crate::routes::{Routes, get, post, put};
use broedplaats_core::kernel::actor::{require_agenda_editor, require_member};
use broedplaats_domain::Phase;
use broedplaats_store::Tenant;
use serde::Serialize;
use utoipa::ToSchema;

pub(crate) mod amendments;
pub(crate) mod clusters;
pub(crate) mod pitches;
pub(crate) mod process;
pub(crate) mod texts;
pub(crate) mod trace;
pub(crate) mod votes;

type ApiResult<T> = Result<T, ApiError>;

// ---- shapes shared by the handlers ----------------------------------------------------------------

/// All of them in one answer: a process has few pitches, clusters, concerns or amendments.
#[derive(Serialize, ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// The id of what a request made.
#[derive(Serialize, ToSchema)]
pub struct CocreationCreated {
    pub id: i64,
}

/// A new version: of an agenda (concept, adoption) or of a cluster's theme text.
#[derive(Serialize, ToSchema)]
pub struct CocreationVersion {
    pub version: i64,
}

/// The phase the process is in now.
#[derive(Serialize, ToSchema)]
pub struct PhaseSet {
    pub phase: Phase,
}

// ---- who acts -------------------------------------------------------------------------------------

/// The werkplaats, for a member of it (any role): 401 without a caller, 403 for anyone else.
async fn participant(state: &AppState, actor: &MaybeActor, slug: &str) -> ApiResult<Tenant> {
    let tenant = state.core.tenant(slug).await?;
    require_member(actor.get(), &tenant)?;
    Ok(tenant)
}

/// The werkplaats, for its coordinator or a lector: 401 without a caller, 403 for anyone else.
async fn manager(state: &AppState, actor: &MaybeActor, slug: &str) -> ApiResult<Tenant> {
    let tenant = state.core.tenant(slug).await?;
    require_agenda_editor(actor.get(), &tenant)?;
    Ok(tenant)
}

/// The process's page (the HTML pages live under the Dutch path).
fn process_url(state: &AppState, tenant: &Tenant, id: i64) -> String {
    format!("{}/werkplaatsen/{}/cocreatie/{id}", state.core.public_url.trim_end_matches('/'), tenant.slug)
}

pub(crate) fn routes() -> Routes {
    const P: &str = "/werkplaatsen/{slug}/cocreation";
    let at = |tail: &str| format!("{P}{tail}");
    Routes::new()
        .route(P, get(process::list_processes).post(process::create_process))
        .route(&at("/{id}"), get(process::get_process).put(process::update_process))
        .route(&at("/{id}/phase"), put(process::set_phase))
        .route(&at("/{id}/phases/{phase}"), put(process::plan_phase))
        .route(&at("/{id}/pitches"), get(pitches::list_pitches).post(pitches::submit_pitch))
        .route(&at("/{id}/pitches/{pid}"), get(pitches::get_pitch).put(pitches::update_pitch))
        .route(&at("/{id}/pitches/{pid}/support"), post(pitches::join_pitch).delete(pitches::leave_pitch))
        .route(&at("/{id}/pitches/{pid}/reason"), put(pitches::set_pitch_reason))
        .route(&at("/{id}/pitches/{pid}/cluster"), put(pitches::move_pitch))
        .route(&at("/{id}/cluster-suggestions"), get(clusters::cluster_suggestions))
        .route(&at("/{id}/cluster-history"), get(clusters::cluster_history))
        .route(&at("/{id}/clusters"), get(clusters::list_clusters).post(clusters::create_cluster))
        .route(&at("/{id}/clusters/merge"), post(clusters::merge_clusters))
        .route(&at("/{id}/clusters/{cid}"), put(clusters::update_cluster))
        .route(&at("/{id}/clusters/{cid}/split"), post(clusters::split_cluster))
        .route(&at("/{id}/clusters/{cid}/reason"), put(clusters::set_cluster_reason))
        .route(&at("/{id}/clusters/{cid}/texts"), get(texts::list_texts).post(texts::write_text))
        .route(&at("/{id}/votes"), put(votes::vote))
        .route(&at("/{id}/results"), get(votes::results))
        .route(&at("/{id}/concerns"), get(texts::list_concerns).post(texts::create_concern))
        .route(&at("/{id}/concerns/{kid}"), put(texts::update_concern))
        .route(&at("/{id}/concept"), post(amendments::create_concept))
        .route(&at("/{id}/amendments"), get(amendments::list_amendments).post(amendments::propose_amendment))
        .route(&at("/{id}/amendments/{aid}/answer"), post(amendments::answer_amendment))
        .route(&at("/{id}/adopt"), post(amendments::adopt))
        .route(&at("/{id}/trace"), get(trace::trace))
        .route(&at("/{id}/report"), get(trace::report))
}
