//! Grants, matching and outcomes (issue 18, DOMAIN §9): the grants of a werkplaats (CERIF Funding:
//! a funder organisation, a type, a period, amounts per year, conditions with a matching ratio,
//! nesting through `part_of`) with their budget lines; the contributions of partners (cash or in
//! kind, planned or realised); outcomes with their evidence; the matching check per grant and year;
//! and the annual report assembled as a `broedplaats_report::Report`.
//!
//! Financial figures are for the werkplaats's leaders: every read and write here needs a
//! coordinator or lector of the werkplaats (`require_manager`); members and others get 403,
//! anonymous visitors 401. Every change is audited and runs in one transaction.
//!
//! Interface: the inputs and views below and the `Core` methods of `manage`, `contributions`,
//! `outcomes`, `matching`, `report` and `import` (the CSV import of contributions).
mod choices;
mod contributions;
pub mod import;
mod inputs;
mod manage;
mod matching;
mod outcomes;
mod report;

pub use choices::EvidenceChoices;
pub use import::{ContributionImport, ImportError, ImportedRow};
pub use inputs::{
    AmountInput, BudgetLineInput, ContributionInput, EvidenceInput, FigureInput, GrantInput, LineAmountInput, NameOrId,
    NarrativesInput, OutcomeInput,
};
pub use report::{ReportVersionView, SECTION_KEYS, assemble};

use serde::Serialize;
use utoipa::ToSchema;

/// A year's amount in euros.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AmountView {
    pub year: i64,
    pub amount: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrantView {
    pub id: i64,
    pub funder_id: Option<i64>,
    /// The funder's name.
    pub funder: Option<String>,
    #[serde(rename = "type")]
    pub grant_type: String,
    pub reference: Option<String>,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub amounts: Vec<AmountView>,
    pub matching_ratio: Option<f64>,
    pub part_of: Option<i64>,
    pub conditions: String,
}

impl GrantView {
    /// The grant amount of a year in euros, if any.
    pub fn amount_of(&self, year: i64) -> Option<f64> {
        self.amounts.iter().find(|a| a.year == year).map(|a| a.amount)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LineAmountView {
    pub year: i64,
    pub planned: f64,
    pub realised: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetLineView {
    pub id: i64,
    pub grant_id: i64,
    pub name: String,
    pub amounts: Vec<LineAmountView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContributionView {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    /// The kind of partner: gemeente, hogeschool, …
    pub organisation_kind: String,
    pub year: i64,
    /// cash, in_kind
    pub kind: String,
    /// Euros.
    pub amount: f64,
    /// planned, realised
    pub status: String,
    pub grant_id: Option<i64>,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub hours: Option<f64>,
    pub rate: Option<f64>,
    pub justification: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutcomeView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub year: i64,
    /// planned, in_progress, achieved
    pub status: String,
    pub beneficiaries: Vec<String>,
    pub evidence: Vec<EvidenceInput>,
    pub project_id: Option<i64>,
    pub contribution_ids: Vec<i64>,
    pub four_os: Vec<String>,
}

/// Matching of one grant year. Amounts in euros; `ratio` = matched_total / grant.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchingYearView {
    pub year: i64,
    /// The grant amount of the year; `null` when the grant names none.
    pub grant: Option<f64>,
    pub matched_cash: f64,
    pub matched_in_kind: f64,
    pub matched_total: f64,
    pub ratio: Option<f64>,
    /// ok, warning, violation, not_assessable
    pub status: String,
    /// Matching asked: grant × matching ratio.
    pub required: Option<f64>,
    /// Planned contributions naming the grant.
    pub planned: f64,
    /// For a year not yet over that falls short: what the larger of realised and planned leaves open.
    pub expected_shortfall: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchingView {
    pub grant_id: i64,
    pub matching_ratio: Option<f64>,
    pub years: Vec<MatchingYearView>,
}
