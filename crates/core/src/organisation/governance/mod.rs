//! Governance checks (DOMAIN §3, §9): the werkplaats's own rules from chapter 4 of the ZHZ agenda,
//! evaluated live. [`evaluate`] is a pure function of [`Facts`] and [`Settings`]: the use case
//! loads the facts in a fixed number of queries, so evaluation cost does not grow with round trips.
//!
//! `context` holds the facts indexed for the rules and the Dutch sentence helpers; `rules` the
//! nine rules of chapter 4 plus the matching of grants (issue 18), each a function from the context
//! to one [`Check`].
mod context;
mod rules;
#[cfg(test)]
mod tests;

use broedplaats_domain::{OrganisationKind, Role};
use chrono::NaiveDate;
use context::Context;
use rules::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Size of a project (DOMAIN §3: "van groot en langdurig tot klein en eenmalig").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSize {
    Groot,
    Middel,
    Klein,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Idee,
    InVoorbereiding,
    Lopend,
    Afgerond,
    Gestopt,
}

#[derive(Debug, Clone)]
pub struct OrganisationFact {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
}

#[derive(Debug, Clone)]
pub struct PersonFact {
    pub id: i64,
    pub name: String,
    pub organisation_id: Option<i64>,
    /// What the person does in the werkplaats (lector, teacher-researcher, programme-coordinator…).
    pub functions: Vec<Role>,
    /// Manager or director (leidinggevende/bestuurder) at their organisation.
    pub is_manager: bool,
    /// Days a week given to the werkplaats, if recorded.
    pub days_per_week: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ThemeFact {
    pub id: i64,
    pub title: String,
    /// Funded outside the core grant (e.g. "Thuiswonende ouderen"); not counted as a main theme.
    pub separately_funded: bool,
}

#[derive(Debug, Clone)]
pub struct ThemeGroupFact {
    pub id: i64,
    pub theme_id: i64,
    /// Display name: the theme's title.
    pub name: String,
    /// The themaleider.
    pub lead_person_id: Option<i64>,
    /// Partner organisations of the group.
    pub organisation_ids: Vec<i64>,
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct ProjectFact {
    pub id: i64,
    pub title: String,
    pub theme_id: i64,
    pub size: ProjectSize,
    pub status: ProjectStatus,
    pub organisation_ids: Vec<i64>,
    pub person_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct LetterFact {
    pub id: i64,
    pub organisation_id: i64,
    /// The manager/director who represents the partner in the consortium.
    pub representative_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct BodyFact {
    pub id: i64,
    pub member_ids: Vec<i64>,
    pub meetings: Vec<NaiveDate>,
}

/// Everything the rules look at, for one werkplaats and its current period.
#[derive(Debug, Clone)]
pub struct Facts {
    pub today: NaiveDate,
    pub organisations: Vec<OrganisationFact>,
    pub people: Vec<PersonFact>,
    /// Themes of the current agenda.
    pub themes: Vec<ThemeFact>,
    pub theme_groups: Vec<ThemeGroupFact>,
    pub projects: Vec<ProjectFact>,
    pub letters: Vec<LetterFact>,
    pub mt: Option<BodyFact>,
    pub consortium: Option<BodyFact>,
    /// Knowledge-sharing activities per theme group id, once activities are recorded at all;
    /// `None` while the werkplaats has no activity records (rule 8 is then not assessable).
    pub knowledge_sharing_per_group: Option<std::collections::HashMap<i64, u32>>,
    /// Grants with their matching per year (issue 18); empty while the werkplaats records none.
    pub grants: Vec<GrantFact>,
}

/// A grant and the assessment of its matching per year of its period.
#[derive(Debug, Clone)]
pub struct GrantFact {
    pub id: i64,
    pub title: String,
    pub years: Vec<broedplaats_domain::MatchingYear>,
}

/// Thresholds; a werkplaats may have other agreements. Defaults are the ZHZ ones (chapter 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Settings {
    /// Partners in a theme group besides the hogescholen ("de hogescholen plus minstens twee").
    pub theme_group_min_other_partners: u32,
    /// Minimum days a week of a docent-onderzoeker ("minimaal één dag in de week").
    pub teacher_researcher_min_days: f64,
    /// The MT must have met in each of this many complete calendar months before today.
    pub mt_months_checked: u32,
    /// Main themes on the agenda ("3 of 4 is haalbaar").
    pub min_main_themes: u32,
    pub max_main_themes: u32,
    /// Lectoren leading the werkplaats ("geleid door twee lectoren").
    pub lectoren: u32,
    /// A partner takes part in at least this many large projects, or `min_small_projects` smaller ones.
    pub min_large_projects: u32,
    pub min_small_projects: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme_group_min_other_partners: 2,
            teacher_researcher_min_days: 1.0,
            mt_months_checked: 3,
            min_main_themes: 3,
            max_main_themes: 4,
            lectoren: 2,
            min_large_projects: 1,
            min_small_projects: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Warning,
    Violation,
    NotAssessable,
}

/// An entity a check is about, with enough to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Subject {
    /// `organisation`, `person`, `theme_group`, `project`, `letter_of_intent`, `body`, `theme`, `agenda`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Check {
    /// Stable rule id, e.g. `theme_group_min_partners`.
    pub rule: &'static str,
    pub status: CheckStatus,
    /// Plain Dutch: what the rule says (quoted from the agenda) and what is wrong, if anything.
    pub message: String,
    pub subjects: Vec<Subject>,
}

/// The stable ids of the rules, in the order they are reported.
pub const RULES: [&str; 10] = [
    "theme_group_min_partners",
    "theme_group_lead",
    "hogeschool_theme_lead",
    "teacher_researcher_time",
    "mt_composition_and_meetings",
    "letter_of_intent_commitments",
    "agenda_theme_count",
    "theme_group_knowledge_sharing",
    "two_lectoren",
    "grant_matching",
];

/// Evaluates every rule in [`RULES`] against the facts: exactly one [`Check`] per rule, in order.
///
/// Only theme groups and projects whose theme is on the current agenda count, and stopped
/// (`Gestopt`) projects never count.
pub fn evaluate(facts: &Facts, settings: &Settings) -> Vec<Check> {
    let cx = Context::new(facts);
    vec![
        theme_group_min_partners(&cx, settings),
        theme_group_lead(&cx),
        hogeschool_theme_lead(&cx),
        teacher_researcher_time(&cx, settings),
        mt_composition_and_meetings(&cx, settings),
        letter_of_intent_commitments(&cx, settings),
        agenda_theme_count(&cx, settings),
        theme_group_knowledge_sharing(&cx),
        two_lectoren(&cx, settings),
        grant_matching(&cx),
    ]
}
