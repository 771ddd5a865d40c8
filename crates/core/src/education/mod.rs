//! Education (issue 19, DOMAIN §5, §10): assignments (opdrachten) that projects, theme groups and
//! partner organisations offer to students, found across werkplaatsen; students apply with a
//! motivation; the assignment's managers accept or decline (a mail job to the student); accepted
//! students join the project's team, places count down, and a full assignment is `filled`; and
//! the figures of education involvement for accountability.
//!
//! Who is who (decided here, DOMAIN §4): an assignment's **managers** are the werkplaats's
//! coordinators and lectoren, its supervising docent-onderzoeker (the person record linked to the
//! account) and the project leads (`projectleider`) of its project. Coordinators, lectoren,
//! docent-onderzoekers, theme leads and project leads may **offer** an assignment. Anyone signed
//! in may **apply** (students register without a role). An **application** is read only by its
//! applicant and the assignment's managers; for everyone else it does not exist (404).
//! An assignment with visibility `public` is public, also once it is filled or closed (its page
//! keeps showing its published results; lists show open ones unless asked otherwise); one with
//! visibility `members` is for the werkplaats's members.
//!
//! A student's **result** is a knowledge product linked to the assignment (see `results`).
//!
//! The **study programmes** a werkplaats works with are listed per hogeschool (one of its
//! organisations of kind `hogeschool`); anyone reads them, its coordinators and lectoren add and
//! remove them. Assignments name programmes by text; a programme counts the assignments naming it
//! (case-insensitively).
//!
//! Interface: the inputs and views below, `ASSIGNMENT_SOURCE`, `DECISION_JOB`, and the `Core`
//! methods of `assignments`, `applications`, `results`, `figures`, `programmes` and
//! `involvement` (a theme's education, the association's figures per werkplaats).
mod applications;
mod assignments;
mod documents;
mod figures;
mod involvement;
mod jobs;
mod programmes;
mod results;

pub use documents::{ASSIGNMENT, ASSIGNMENT_SOURCE};
pub use figures::{Count, EducationFigures};
pub use jobs::{DECISION, DECISION_JOB};
pub use programmes::NOT_A_HOGESCHOOL;

use serde::{Deserialize, Serialize};

/// An assignment as written through the API or a form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssignmentInput {
    /// `stage`, `afstudeeropdracht`, `minor`, `praktijkopdracht` or `onderzoeksopdracht`.
    pub kind: String,
    pub title: String,
    /// What the student will do.
    pub description: String,
    /// How many students may take it on (1–50).
    pub places: i64,
    /// Names of the study programmes, e.g. "Social Work".
    #[serde(default)]
    pub programmes: Vec<String>,
    pub project_id: Option<i64>,
    /// The theme (of a theme group) offering it; taken from the project when one is given.
    pub theme_id: Option<i64>,
    /// The partner organisation offering it or hosting the student.
    pub organisation_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// The supervising docent-onderzoeker (a person of the werkplaats).
    pub supervisor_person_id: Option<i64>,
    /// The contact at the partner organisation (a person of the werkplaats).
    pub contact_person_id: Option<i64>,
    /// The practice question behind it.
    pub question: Option<String>,
    /// What the student delivers.
    pub deliverables: Option<String>,
    /// `hbo_bachelor` (default), `hbo_master` or `mbo`.
    pub level: Option<String>,
    pub location: Option<String>,
    /// `open` (default), `filled` or `closed`.
    pub status: Option<String>,
    /// `public` (default) or `members`.
    pub visibility: Option<String>,
}

/// An assignment as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub kind: String,
    pub title: String,
    pub question: String,
    pub description: String,
    pub deliverables: String,
    pub level: String,
    pub places: i64,
    /// Places not yet taken by an accepted application.
    pub places_left: i64,
    pub programmes: Vec<String>,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    pub theme_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub location: String,
    pub supervisor_person_id: Option<i64>,
    pub supervisor_name: Option<String>,
    pub contact_person_id: Option<i64>,
    pub contact_name: Option<String>,
    pub status: String,
    pub visibility: String,
    /// The page of the assignment.
    pub url: String,
    /// Whether the reader manages it (sees applications, decides, edits).
    pub may_manage: bool,
}

/// Which assignments to list across werkplaatsen; empty means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct AssignmentQuery {
    /// Only open assignments (the default for pages).
    pub open: Option<bool>,
    pub kind: Option<String>,
    pub programme: Option<String>,
    /// A werkplaats slug.
    pub werkplaats: Option<String>,
    /// A theme id (with `werkplaats`).
    pub theme: Option<i64>,
    /// A year the assignment runs in.
    pub year: Option<i64>,
    /// A kwestie id: assignments whose theme or project touches it (through published knowledge
    /// products and practice questions).
    pub kwestie: Option<i64>,
    /// `YYYY-MM-DD`: assignments still running on or after this day.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: assignments that start on or before this day.
    pub until: Option<String>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1–50, default 20.
    pub limit: Option<i64>,
}

/// One page of assignments.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentPage {
    pub items: Vec<AssignmentView>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// A student's application.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ApplicationInput {
    pub motivation: String,
}

/// A decision on an application.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DecisionInput {
    /// `accepted` or `declined`.
    pub decision: String,
    pub message: Option<String>,
}

/// An application as its applicant and the assignment's managers see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApplicationView {
    pub id: i64,
    pub assignment_id: i64,
    pub name: String,
    pub email: String,
    pub motivation: String,
    /// `submitted`, `accepted` or `declined`.
    pub status: String,
    pub decision_message: String,
    pub decided_at: Option<String>,
    pub created_at: String,
}

/// A student's result of an assignment, submitted through the API or the form; it becomes a
/// knowledge product in review.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    pub title: String,
    /// One to three sentences (or `description`).
    pub summary: Option<String>,
    /// Taken as the summary when `summary` is absent.
    pub description: Option<String>,
    /// Markdown.
    pub body: Option<String>,
    /// A knowledge product kind; default `beroepsproduct`.
    pub kind: Option<String>,
    pub year: Option<i64>,
    /// `public` (default), `partners` or `theme_group`.
    pub visibility: Option<String>,
    /// Default `CC BY 4.0`.
    pub licence: Option<String>,
    /// Where the result is (a report online, a video).
    #[serde(default)]
    pub links: Vec<crate::knowledge::LinkInput>,
    /// The assignment's managers only: link this existing knowledge product instead.
    pub product_id: Option<i64>,
}

/// A result of an assignment as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultView {
    /// The knowledge product's id.
    pub id: i64,
    /// The knowledge product's page.
    pub url: String,
    pub assignment_id: i64,
    pub assignment_title: String,
    pub assignment_url: String,
    /// The student who made it (absent when a manager linked a product).
    pub student_name: Option<String>,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// `concept`, `review` or `published`.
    pub status: String,
    /// The reviewer's note when it was sent back.
    pub review_note: Option<String>,
    pub reviewed_at: Option<String>,
    /// Whether the reader may publish it or send it back.
    pub may_review: bool,
}

/// A review step on a result.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ResultReviewInput {
    /// `published` or `concept` (send back).
    pub status: String,
    pub note: Option<String>,
}

/// An organisation by id or by name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum OrganisationRef {
    Id(i64),
    Name(String),
}

/// A study programme as added through the API or the form.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    /// The programme's name, e.g. "Social Work" (1–120 characters).
    pub name: String,
    /// The hogeschool offering it: an organisation of kind `hogeschool` of this werkplaats, by
    /// name or id.
    pub organisation: OrganisationRef,
}

/// A study programme the werkplaats works with.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProgrammeView {
    pub id: i64,
    pub name: String,
    /// The hogeschool's organisation id.
    pub organisation_id: i64,
    /// The hogeschool's name.
    pub organisation: String,
    /// Assignments of the werkplaats naming this programme that the reader may see (public, open
    /// ones for whoever is not a member).
    pub assignments: i64,
}

/// Education in a theme: the assignments the reader may see with their programmes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemeEducation {
    /// The programmes of those assignments, each once, by name.
    pub programmes: Vec<String>,
    pub assignments: Vec<AssignmentView>,
}

/// Education involvement of one werkplaats as the association shows it (public figures only).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EducationLine {
    /// The werkplaats's slug.
    pub werkplaats: String,
    pub werkplaats_name: String,
    /// Study programmes it works with.
    pub programmes: i64,
    /// Open public assignments.
    pub open_assignments: i64,
    /// Distinct students accepted this calendar year (a count only).
    pub students: i64,
    /// Public collections.
    pub collections: i64,
}
