//! Co-creating the agenda (DOMAIN §4; issue 15): a process per werkplaats that runs in phases —
//! pitches are inventoried, clustered (with suggestions from the Dutch text analysis of the search
//! engine), prioritised by dot voting, elaborated into theme texts, turned into a concept agenda
//! version, amended, and adopted as a definitief version — with every step kept, so each theme of
//! the adopted agenda can be followed back to its clusters, pitches, people and organisations.
//!
//! Who may do what: every member of the werkplaats (any role, including citizens invited with the
//! role `citizen`) takes part — pitches, support, votes, theme texts, amendments; the coordinator
//! and lectoren (`require_agenda_editor`) manage the process — phases, clusters, concerns, the
//! concept, answers and adoption. Nothing is visible outside the werkplaats's members.
//!
//! Nothing is destroyed: merges and splits make new clusters and keep the originals with their
//! membership history; pitches and texts keep versions; rejected amendments stay with their answer.
//!
//! Interface for other capabilities: the inputs and views re-exported below, `PHASE_MAIL_JOB`,
//! and `ReportView` (the process report, for accountability).
mod clusters;
mod concept;
mod inputs;
mod jobs;
mod pitches;
mod process;
mod texts;
mod trace;
mod views;
mod votes;

pub use inputs::{
    Allocation, AmendmentInput, AnswerInput, ClusterInput, ClusterUpdate, ConcernInput, MergeInput, PhaseInput,
    PhasePlanInput, PitchInput, ProcessInput, ReasonInput, SplitInput, TextInput, VotesInput,
};
pub use jobs::{PHASE_MAIL, PHASE_MAIL_JOB};
pub use views::{
    AmendmentRef, AmendmentView, ClusterRef, ClusterStatus, ClusterView, ConcernView, EventView, MembershipView,
    NotTakenUp, PersonRef, PhaseView, PitchDetail, PitchTrace, PitchVersionView, PitchView, ProcessSummary,
    ProcessView, ReportView, ResultRow, Results, SuggestedCluster, Suggestions, TextView, ThemeTrace, TraceView,
};

use crate::kernel::actor::Actor;
use crate::{CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, Phase};
use broedplaats_store::cocreation::{self as q, ProcessRow};
use broedplaats_store::{Conn, StoreError, Tenant};

/// A request refused by a rule of the process; `key` names the Dutch message.
fn refused(field: &str, key: &'static str) -> CoreError {
    FieldErrors::single(field, FieldErrorKind::Refused { key }).into()
}

fn corrupt(what: &str) -> CoreError {
    CoreError::Store(StoreError::Corrupt(what.to_owned()))
}

fn phase_of(row: &ProcessRow) -> Result<Phase> {
    Phase::parse(&row.phase).map_err(|_| corrupt("phase"))
}

/// The process with `id` in this werkplaats.
async fn load(conn: &mut Conn, tenant: &Tenant, id: i64) -> Result<ProcessRow> {
    q::process(conn, tenant, id).await?.ok_or(CoreError::NotFound)
}

/// The process, locked for the rest of the transaction.
async fn load_locked(conn: &mut Conn, tenant: &Tenant, id: i64) -> Result<ProcessRow> {
    q::lock(conn, tenant, id).await.map_err(|e| match e {
        StoreError::NotFound => CoreError::NotFound,
        e => e.into(),
    })?;
    load(conn, tenant, id).await
}

/// Refuses the request unless the process is in one of `phases`; `key` says which phase it needs.
fn require_phase(row: &ProcessRow, phases: &[Phase], key: &'static str) -> Result<Phase> {
    let phase = phase_of(row)?;
    if phase == Phase::Adopted && !phases.contains(&Phase::Adopted) {
        return Err(refused("phase", "cocreation.refused.adopted"));
    }
    if phases.contains(&phase) { Ok(phase) } else { Err(refused("phase", key)) }
}

fn who(actor: &Actor) -> (Option<i64>, &str) {
    (Some(actor.account_id), actor.name.as_str())
}

async fn event(
    conn: &mut Conn,
    tenant: &Tenant,
    process_id: i64,
    kind: &str,
    summary: &str,
    actor: &Actor,
) -> Result<()> {
    q::insert_event(conn, tenant, process_id, kind, summary, who(actor), None).await?;
    Ok(())
}

/// A required text within `MAX` characters, trimmed.
fn text<const MAX: usize>(e: &mut FieldErrors, field: &str, raw: &str) -> String {
    match BoundedText::<MAX>::parse(raw) {
        Ok(t) => t.into_inner(),
        Err(k) => {
            e.push(field, k);
            String::new()
        }
    }
}

/// An optional text within `MAX` characters, trimmed; empty is "".
fn optional_text<const MAX: usize>(e: &mut FieldErrors, field: &str, raw: Option<&str>) -> String {
    match BoundedText::<MAX>::parse_optional(raw) {
        Ok(t) => t.map(BoundedText::into_inner).unwrap_or_default(),
        Err(k) => {
            e.push(field, k);
            String::new()
        }
    }
}

fn done(e: FieldErrors) -> Result<()> {
    if e.0.is_empty() { Ok(()) } else { Err(e.into()) }
}

fn unique(ids: &[i64]) -> bool {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.len() == ids.len()
}
