//! What the pages and the API show of a co-creation process.
use broedplaats_domain::{AmendmentDecision, AmendmentSection, Phase, PitchRole, ThemeLevel};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcessSummary {
    pub id: i64,
    pub title: String,
    pub phase: Phase,
    pub period: String,
    pub pitches: usize,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcessView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub period: String,
    pub phase: Phase,
    pub points_per_participant: i64,
    pub anonymous_votes: bool,
    /// The agenda version the concept step wrote, once it did.
    pub concept_version: Option<i64>,
    /// The agenda version the adoption wrote (status definitief), once adopted.
    pub adopted_version: Option<i64>,
    pub phases: Vec<PhaseView>,
    pub pitches: usize,
    pub clusters: usize,
    pub amendments: usize,
    pub created_at: String,
    /// Whether the caller may manage the process (coordinator or lector).
    pub may_manage: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseView {
    pub phase: Phase,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub explanation: String,
    /// When the process entered this phase (UTC, RFC 3339); `null` if it has not yet.
    pub entered_at: Option<String>,
    pub current: bool,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PersonRef {
    pub name: String,
    pub organisation: Option<String>,
    pub role: PitchRole,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PitchView {
    pub id: i64,
    pub title: String,
    pub question: String,
    pub why: String,
    pub for_whom: String,
    /// The organisation that brings it.
    pub organisation: Option<String>,
    /// Authors, co-pitchers and supporters, authors first.
    pub people: Vec<PersonRef>,
    pub supporters: usize,
    /// The cluster it is in now.
    pub cluster_id: Option<i64>,
    pub cluster_title: Option<String>,
    pub not_taken_up_reason: Option<String>,
    /// Demo text where the seed is silent.
    pub illustrative: bool,
    pub version: i64,
    pub created_at: String,
    /// Whether the caller may edit it now (an author, in the pitching phase).
    pub may_edit: bool,
    /// The caller's own tie to it: author, co_pitcher or supporter.
    pub mine: Option<PitchRole>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PitchVersionView {
    pub number: i64,
    pub title: String,
    pub question: String,
    pub why: String,
    pub for_whom: String,
    pub organisation: Option<String>,
    pub author: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PitchDetail {
    #[serde(flatten)]
    pub pitch: PitchView,
    pub versions: Vec<PitchVersionView>,
    /// Every cluster it has been in, oldest first.
    pub history: Vec<MembershipView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipView {
    pub cluster_id: i64,
    pub cluster_title: String,
    pub pitch_id: i64,
    pub added_at: String,
    pub added_by: String,
    pub removed_at: Option<String>,
    pub removed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClusterStatus {
    Active,
    /// Merged into a newer cluster; kept with its history.
    Merged,
    /// Split into newer clusters; kept with its history.
    Split,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClusterView {
    pub id: i64,
    pub title: String,
    pub status: ClusterStatus,
    /// manual, suggestion, merge or split
    pub origin: String,
    /// Current pitches (for a merged or split cluster: the pitches it had when it closed).
    pub pitch_ids: Vec<i64>,
    /// The clusters this one was made from by a merge or split.
    pub source_ids: Vec<i64>,
    /// The clusters this one went into.
    pub successor_ids: Vec<i64>,
    /// The agenda theme the concept made of it.
    pub theme_id: Option<i64>,
    pub not_taken_up_reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The latest elaborated text, if any.
    pub text: Option<TextView>,
    /// Everyone who wrote a version of its text.
    pub contributors: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestedCluster {
    pub label: String,
    pub pitch_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestions {
    pub clusters: Vec<SuggestedCluster>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultRow {
    pub cluster_id: i64,
    pub title: String,
    pub points: i64,
    pub voters: i64,
    /// Who gave how many points; only when voting is not anonymous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Vec<(String, i64)>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Results {
    /// Active clusters, most points first.
    pub clusters: Vec<ResultRow>,
    pub participants_voted: i64,
    pub points_per_participant: i64,
    /// The caller's own allocation: (cluster id, points).
    pub mine: Vec<(i64, i64)>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConcernView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub pitch_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TextView {
    pub number: i64,
    pub title: String,
    pub level: Option<ThemeLevel>,
    pub introduction: String,
    pub questions: Vec<String>,
    pub project_options: Vec<String>,
    pub author: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AmendmentView {
    pub id: i64,
    pub theme_id: Option<i64>,
    pub theme_title: String,
    pub section: AmendmentSection,
    /// The proposed new text of the section.
    pub text: String,
    pub reason: String,
    pub author: String,
    pub organisation: Option<String>,
    pub created_at: String,
    pub decision: Option<AmendmentDecision>,
    pub answer: Option<String>,
    pub applied_text: Option<String>,
    /// The agenda version that took it in.
    pub applied_version: Option<i64>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraceView {
    /// The agenda version traced: the adopted one, else the concept.
    pub version: Option<i64>,
    pub themes: Vec<ThemeTrace>,
    pub not_taken_up: Vec<NotTakenUp>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeTrace {
    pub theme_id: i64,
    pub title: String,
    /// The cluster that became the theme and every cluster it came from, newest first.
    pub clusters: Vec<ClusterRef>,
    pub pitches: Vec<PitchTrace>,
    /// Everyone who wrote a version of the theme text.
    pub contributors: Vec<String>,
    pub amendments: Vec<AmendmentRef>,
    /// Cross-cutting concerns that came from its pitches.
    pub concerns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClusterRef {
    pub id: i64,
    pub title: String,
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PitchTrace {
    pub id: i64,
    pub title: String,
    pub authors: Vec<String>,
    pub organisations: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AmendmentRef {
    pub id: i64,
    pub decision: Option<AmendmentDecision>,
    pub section: AmendmentSection,
    pub author: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotTakenUp {
    pub pitch_id: i64,
    pub title: String,
    pub reason: String,
}

/// The printable account of a process: what happened, who took part, by kind of organisation.
/// Named `CocreationReport` in the OpenAPI document (the activities have a `ReportView` too).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CocreationReport)]
pub struct ReportView {
    pub process: ProcessView,
    pub events: Vec<EventView>,
    /// Distinct people who pitched, supported, voted, wrote or amended.
    pub participants: usize,
    /// (organisation kind, people); people without a known organisation count as `onbekend`.
    pub by_organisation_kind: Vec<(String, usize)>,
    pub organisations: Vec<String>,
    pub pitches: usize,
    pub clusters: usize,
    pub votes_cast: usize,
    pub amendments: usize,
    pub amendments_accepted: usize,
    pub trace: TraceView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub kind: String,
    pub summary: String,
    pub by: String,
    pub at: String,
}
