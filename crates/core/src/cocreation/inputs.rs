//! What participants and the coordinator send, as JSON bodies and form fields.
use serde::Deserialize;
use utoipa::ToSchema;

/// A new co-creation process for the werkplaats's current agenda.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessInput {
    pub title: String,
    /// The agenda period, e.g. "2023-2026"; must be the current agenda's period (the default).
    pub period: Option<String>,
    /// Points each participant distributes over the clusters (1–100; default 10).
    pub points_per_participant: Option<i64>,
    /// Whether the results hide who gave which points (default true).
    pub anonymous_votes: Option<bool>,
    pub description: Option<String>,
}

/// The plan of one phase: dates (ISO 8601) and an explanation for participants.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhasePlanInput {
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    #[serde(default)]
    pub explanation: String,
}

/// `PUT …/phase`: the next phase of the process.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseInput {
    /// pitching, clustering, prioritising, elaborating, concept, amending, adopted
    pub phase: String,
}

/// A pitch: a question someone brings to the agenda.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PitchInput {
    pub title: String,
    /// The question behind it.
    pub question: String,
    /// Why now.
    pub why: Option<String>,
    /// For whom.
    pub for_whom: Option<String>,
    /// The organisation that brings it: a name or id of an organisation of the werkplaats.
    pub organisation: Option<String>,
}

/// A cluster made or changed by the coordinator.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterInput {
    pub title: String,
    /// The pitches in the cluster; none of them may be in another cluster.
    #[serde(default)]
    pub pitch_ids: Vec<i64>,
}

/// `PUT …/clusters/{cid}`: a new title and/or the cluster's whole set of pitches.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterUpdate {
    pub title: Option<String>,
    pub pitch_ids: Option<Vec<i64>>,
}

/// Merging clusters into a new one (the originals stay, marked merged).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    pub cluster_ids: Vec<i64>,
    pub title: String,
}

/// Splitting off some pitches of a cluster: the original stays, marked split, and two new
/// clusters hold the chosen pitches and the rest.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitInput {
    pub pitch_ids: Vec<i64>,
    /// Title of the cluster of the chosen pitches.
    pub title: String,
    /// Title of the cluster of the rest (default: the original title).
    pub rest_title: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub cluster_id: i64,
    pub points: i64,
}

/// `PUT …/votes`: the caller's whole allocation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VotesInput {
    pub allocations: Vec<Allocation>,
}

/// A cross-cutting concern (such as vertrouwen) and the pitches it came from.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcernInput {
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub pitch_ids: Vec<i64>,
}

/// A version of the theme text a cluster's group writes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextInput {
    pub title: String,
    /// collectief, doelgroep or professioneel
    pub level: Option<String>,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub project_options: Vec<String>,
}

/// A proposed new text for one section of a theme of the concept.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentInput {
    pub theme_id: i64,
    /// title, introduction, questions (one per line) or project_options (one per line)
    pub section: String,
    pub text: String,
    pub reason: String,
}

/// The coordinator's answer to an amendment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// accepted, rejected or partly_accepted
    pub decision: String,
    pub answer: String,
    /// For partly_accepted: the text that goes into the agenda (without it the theme is not
    /// changed by this answer).
    pub text: Option<String>,
}

/// Why a pitch or cluster was not taken up into the agenda (empty clears it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    pub reason: String,
}
