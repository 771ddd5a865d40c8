//! What comes in, and its checks that need no database: texts, codes, dates, euros.
use broedplaats_domain::{
    Beneficiary, BoundedText, ContributionKind, ContributionStatus, FieldErrorKind, FieldErrors, FourO, GrantType,
    OutcomeStatus, YEARS, euros_to_cents, parse_ratio,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An organisation by id or by name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum NameOrId {
    Id(i64),
    Name(String),
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountInput {
    pub year: i64,
    /// Euros.
    pub amount: f64,
}

/// A grant. `funder` is the name or id of an organisation; an unknown name creates a funder
/// organisation (kind `overig`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub funder: NameOrId,
    pub title: String,
    /// programme, call, tender, gift, internal_funding, contract, award, grant
    #[serde(rename = "type")]
    pub grant_type: String,
    pub reference: Option<String>,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD
    pub ends_on: String,
    #[serde(default)]
    pub amounts: Vec<AmountInput>,
    /// Euros of matching asked per euro of grant (1 = one to one).
    pub matching_ratio: Option<f64>,
    pub part_of: Option<i64>,
    /// The conditions in words.
    pub conditions: Option<String>,
}

pub(super) struct ValidGrant {
    pub title: String,
    pub grant_type: GrantType,
    pub reference: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// (year, cents), by year.
    pub amounts: Vec<(i64, i64)>,
    pub matching_ratio: Option<f64>,
    pub conditions: String,
}

fn date(e: &mut FieldErrors, field: &str, raw: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok().filter(|d| YEARS.contains(&d.year()));
    if d.is_none() {
        e.push(field, if raw.trim().is_empty() { FieldErrorKind::Required } else { FieldErrorKind::Invalid });
    }
    d
}

pub(super) fn text<const N: usize>(e: &mut FieldErrors, field: &str, raw: &str) -> Option<String> {
    e.take(field, BoundedText::<N>::parse(raw)).map(BoundedText::into_inner)
}

pub(super) fn opt_text<const N: usize>(e: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => text::<N>(e, field, s),
    }
}

pub(super) fn year(e: &mut FieldErrors, field: &str, y: i64) -> Option<i64> {
    if YEARS.contains(&(y as i32)) && y <= i64::from(i32::MAX) {
        Some(y)
    } else {
        e.push(field, FieldErrorKind::Invalid);
        None
    }
}

pub(super) fn euros(e: &mut FieldErrors, field: &str, v: f64) -> Option<i64> {
    e.take(field, euros_to_cents(v))
}

/// The longest free texts.
pub const MAX_CONDITIONS: usize = 5000;
pub const MAX_DESCRIPTION: usize = 10_000;
/// At most this many years, budget lines' years, evidence items or links in one input.
pub const MAX_ITEMS: usize = 50;

impl GrantInput {
    pub(super) fn validate(&self) -> Result<ValidGrant, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = text::<300>(&mut e, "title", &self.title);
        let grant_type = e.take("type", GrantType::parse(&self.grant_type));
        let reference = opt_text::<100>(&mut e, "reference", self.reference.as_deref());
        let starts_on = date(&mut e, "starts_on", &self.starts_on);
        let ends_on = date(&mut e, "ends_on", &self.ends_on);
        if let (Some(s), Some(t)) = (starts_on, ends_on)
            && t < s
        {
            e.push("ends_on", FieldErrorKind::Refused { key: "grants.refused.ends_before_start" });
        }
        let conditions =
            opt_text::<MAX_CONDITIONS>(&mut e, "conditions", self.conditions.as_deref()).unwrap_or_default();
        let matching_ratio = match self.matching_ratio {
            None => None,
            Some(r) => e.take("matching_ratio", parse_ratio(r)),
        };
        let mut amounts = Vec::new();
        if self.amounts.len() > MAX_ITEMS {
            e.push("amounts", FieldErrorKind::TooMany { max: MAX_ITEMS });
        }
        for (i, a) in self.amounts.iter().take(MAX_ITEMS).enumerate() {
            let (Some(y), Some(c)) = (
                year(&mut e, &format!("amounts[{i}].year"), a.year),
                euros(&mut e, &format!("amounts[{i}].amount"), a.amount),
            ) else {
                continue;
            };
            if amounts.iter().any(|(other, _)| *other == y) {
                e.push(format!("amounts[{i}].year"), FieldErrorKind::Duplicate);
            } else if let (Some(s), Some(t)) = (starts_on, ends_on)
                && !(i64::from(s.year())..=i64::from(t.year())).contains(&y)
            {
                e.push(format!("amounts[{i}].year"), FieldErrorKind::Refused { key: "grants.refused.year_outside" });
            }
            amounts.push((y, c));
        }
        amounts.sort_unstable();
        match (title, grant_type, starts_on, ends_on) {
            (Some(title), Some(grant_type), Some(starts_on), Some(ends_on)) if e.is_empty() => {
                Ok(ValidGrant { title, grant_type, reference, starts_on, ends_on, amounts, matching_ratio, conditions })
            }
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineAmountInput {
    pub year: i64,
    /// Euros planned.
    pub planned: f64,
    /// Euros realised (default 0).
    #[serde(default)]
    pub realised: f64,
}

/// A budget line of a grant (coördinatie, onderzoekers, activiteiten, communicatie, …).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineInput {
    pub name: String,
    #[serde(default)]
    pub amounts: Vec<LineAmountInput>,
}

/// A budget line's name and its (year, planned, realised) in cents.
pub(super) type ValidLine = (String, Vec<(i64, i64, i64)>);

impl BudgetLineInput {
    /// The name and (year, planned, realised) in cents, by year.
    pub(super) fn validate(&self) -> Result<ValidLine, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = text::<200>(&mut e, "name", &self.name);
        if self.amounts.len() > MAX_ITEMS {
            e.push("amounts", FieldErrorKind::TooMany { max: MAX_ITEMS });
        }
        let mut amounts: Vec<(i64, i64, i64)> = Vec::new();
        for (i, a) in self.amounts.iter().take(MAX_ITEMS).enumerate() {
            let y = year(&mut e, &format!("amounts[{i}].year"), a.year);
            let p = euros(&mut e, &format!("amounts[{i}].planned"), a.planned);
            let r = euros(&mut e, &format!("amounts[{i}].realised"), a.realised);
            if let (Some(y), Some(p), Some(r)) = (y, p, r) {
                if amounts.iter().any(|(other, ..)| *other == y) {
                    e.push(format!("amounts[{i}].year"), FieldErrorKind::Duplicate);
                }
                amounts.push((y, p, r));
            }
        }
        amounts.sort_unstable();
        match name {
            Some(name) if e.is_empty() => Ok((name, amounts)),
            _ => Err(e),
        }
    }
}

/// A partner's contribution. `organisation` is the name or id of an organisation of the werkplaats.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionInput {
    pub organisation: NameOrId,
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
    /// Hours behind an in-kind figure (no hour sheets: one number).
    pub hours: Option<f64>,
    /// The agreed rate per hour, euros.
    pub rate: Option<f64>,
    pub justification: Option<String>,
}

pub(super) struct ValidContribution {
    pub year: i64,
    pub kind: ContributionKind,
    pub amount: i64,
    pub status: ContributionStatus,
    pub hours: Option<f64>,
    pub rate: Option<i64>,
    pub justification: String,
}

impl ContributionInput {
    pub(super) fn validate(&self) -> Result<ValidContribution, FieldErrors> {
        let mut e = FieldErrors::new();
        let year = year(&mut e, "year", self.year);
        let kind = e.take("kind", ContributionKind::parse(&self.kind));
        let amount = euros(&mut e, "amount", self.amount);
        let status = e.take("status", ContributionStatus::parse(&self.status));
        let hours = match self.hours {
            Some(h) if !h.is_finite() || h > 1_000_000.0 => {
                e.push("hours", FieldErrorKind::Invalid);
                None
            }
            Some(h) if h < 0.0 => {
                e.push("hours", FieldErrorKind::Refused { key: "grants.refused.negative" });
                None
            }
            h => h,
        };
        let rate = self.rate.and_then(|r| euros(&mut e, "rate", r));
        let justification =
            opt_text::<2000>(&mut e, "justification", self.justification.as_deref()).unwrap_or_default();
        match (year, kind, amount, status) {
            (Some(year), Some(kind), Some(amount), Some(status)) if e.is_empty() => {
                Ok(ValidContribution { year, kind, amount, status, hours, rate, justification })
            }
            _ => Err(e),
        }
    }
}

/// A figure as evidence: what was counted, the number, and where it comes from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureInput {
    pub label: String,
    pub value: f64,
    pub source: Option<String>,
}

/// One piece of evidence: exactly one of the four.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knowledge_product_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<FigureInput>,
}

/// An outcome (resultaat): what changed, for whom, and the evidence.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub year: i64,
    /// professionals, citizens, organisations, education
    #[serde(default)]
    pub beneficiaries: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
    pub project_id: Option<i64>,
    /// planned (default), in_progress, achieved
    pub status: Option<String>,
    /// Contributions that made it possible.
    #[serde(default)]
    pub contribution_ids: Vec<i64>,
    /// onderzoek, ontwikkeling, onderwijs, ondersteuning
    #[serde(default)]
    pub four_os: Vec<String>,
}

pub(super) struct ValidOutcome {
    pub title: String,
    pub description: String,
    pub year: i64,
    pub status: OutcomeStatus,
    pub beneficiaries: Vec<&'static str>,
    pub evidence: Vec<EvidenceInput>,
    pub four_os: Vec<&'static str>,
}

impl OutcomeInput {
    pub(super) fn validate(&self) -> Result<ValidOutcome, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = text::<300>(&mut e, "title", &self.title);
        let description = if self.description.trim().is_empty() {
            String::new()
        } else {
            text::<MAX_DESCRIPTION>(&mut e, "description", &self.description).unwrap_or_default()
        };
        let year = year(&mut e, "year", self.year);
        let status = match self.status.as_deref() {
            None => Some(OutcomeStatus::Planned),
            Some(s) => e.take("status", OutcomeStatus::parse(s)),
        };
        let mut beneficiaries = Vec::new();
        for b in self.beneficiaries.iter().take(MAX_ITEMS) {
            if let Some(b) = e.take("beneficiaries", Beneficiary::parse(b)) {
                if beneficiaries.contains(&b.code()) {
                    e.push("beneficiaries", FieldErrorKind::Duplicate);
                }
                beneficiaries.push(b.code());
            }
        }
        let mut four_os = Vec::new();
        for o in self.four_os.iter().take(MAX_ITEMS) {
            if let Some(o) = e.take("four_os", FourO::parse(o))
                && !four_os.contains(&o.code())
            {
                four_os.push(o.code());
            }
        }
        for (field, n) in [
            ("beneficiaries", self.beneficiaries.len()),
            ("evidence", self.evidence.len()),
            ("four_os", self.four_os.len()),
        ] {
            if n > MAX_ITEMS {
                e.push(field, FieldErrorKind::TooMany { max: MAX_ITEMS });
            }
        }
        if self.contribution_ids.len() > 500 {
            e.push("contribution_ids", FieldErrorKind::TooMany { max: 500 });
        }
        let mut evidence = Vec::new();
        for (i, ev) in self.evidence.iter().take(MAX_ITEMS).enumerate() {
            let field = format!("evidence[{i}]");
            let given =
                [ev.knowledge_product_id.is_some(), ev.activity_id.is_some(), ev.url.is_some(), ev.figure.is_some()];
            if given.iter().filter(|g| **g).count() != 1 {
                e.push(field, FieldErrorKind::Refused { key: "grants.refused.evidence_one" });
                continue;
            }
            let mut clean = ev.clone();
            if let Some(url) = &ev.url {
                let url = url.trim();
                if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 2000 {
                    e.push(format!("{field}.url"), FieldErrorKind::Invalid);
                }
                clean.url = Some(url.to_owned());
            }
            if let Some(f) = &ev.figure {
                let label = text::<200>(&mut e, &format!("{field}.figure.label"), &f.label);
                if !f.value.is_finite() || f.value.abs() > 1e15 {
                    e.push(format!("{field}.figure.value"), FieldErrorKind::Invalid);
                }
                let source = opt_text::<500>(&mut e, &format!("{field}.figure.source"), f.source.as_deref());
                clean.figure = Some(FigureInput { label: label.unwrap_or_default(), value: f.value, source });
            }
            evidence.push(clean);
        }
        match (title, year, status) {
            (Some(title), Some(year), Some(status)) if e.is_empty() => {
                Ok(ValidOutcome { title, description, year, status, beneficiaries, evidence, four_os })
            }
            _ => Err(e),
        }
    }
}

/// The narratives of an annual report, per section key (see `report::SECTION_KEYS`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NarrativesInput {
    pub year: i64,
    pub grant_id: Option<i64>,
    #[serde(default)]
    pub narratives: std::collections::BTreeMap<String, String>,
}
