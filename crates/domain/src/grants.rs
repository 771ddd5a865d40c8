//! Grants, contributions (matching) and outcomes (DOMAIN §9, issue 18): closed sets with stable
//! codes, euro amounts in cents, and the matching assessment of one grant year as a pure function.
use crate::FieldErrorKind;
use crate::code_enum;

code_enum! {
    /// CERIF's funding types, in lower case.
    GrantType {
        Programme => "programme",
        Call => "call",
        Tender => "tender",
        Gift => "gift",
        InternalFunding => "internal_funding",
        Contract => "contract",
        Award => "award",
        Grant => "grant",
    }
}

code_enum! {
    /// How a partner contributes: money, or in kind (hours × an agreed rate, rooms, materials).
    ContributionKind {
        Cash => "cash",
        InKind => "in_kind",
    }
}

code_enum! {
    /// A contribution promised (e.g. in the letter of intent) or made.
    ContributionStatus {
        Planned => "planned",
        Realised => "realised",
    }
}

code_enum! {
    /// For whom an outcome changed something.
    Beneficiary {
        Professionals => "professionals",
        Citizens => "citizens",
        Organisations => "organisations",
        Education => "education",
    }
}

code_enum! {
    /// Where an outcome stands; shown as it is, never averaged.
    OutcomeStatus {
        Planned => "planned",
        InProgress => "in_progress",
        Achieved => "achieved",
    }
}

/// The largest amount accepted anywhere: a billion euros, in cents.
pub const MAX_CENTS: i64 = 100_000_000_000;

/// Years a grant, contribution or outcome may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Euros as a JSON number → cents. Negative, not finite, more than two decimals or more than
/// [`MAX_CENTS`] is refused.
pub fn euros_to_cents(euros: f64) -> Result<i64, FieldErrorKind> {
    if !euros.is_finite() {
        return Err(FieldErrorKind::Invalid);
    }
    if euros < 0.0 {
        return Err(FieldErrorKind::Refused { key: "grants.refused.negative" });
    }
    let cents = (euros * 100.0).round();
    if (cents - euros * 100.0).abs() > 1e-6 * cents.max(1.0) {
        return Err(FieldErrorKind::Invalid);
    }
    if cents > MAX_CENTS as f64 {
        return Err(FieldErrorKind::Refused { key: "grants.refused.too_large" });
    }
    Ok(cents as i64)
}

/// Euros as typed in a form or CSV cell, Dutch style ("€ 185.000", "1.234,56", "185000", "12,5")
/// → cents. An empty text is `Required`.
pub fn parse_euros_text(raw: &str) -> Result<i64, FieldErrorKind> {
    let s: String = raw.trim().trim_start_matches('€').chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(FieldErrorKind::Required);
    }
    if s.starts_with('-') {
        return Err(FieldErrorKind::Refused { key: "grants.refused.negative" });
    }
    let (int, frac) = match s.rsplit_once(',') {
        Some((i, f)) => (i.replace('.', ""), f.to_owned()),
        None => {
            // "185.000" and "1.234.567" are thousands; "12.5" is a decimal point.
            let groups: Vec<&str> = s.split('.').collect();
            if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
                (groups.concat(), String::new())
            } else if groups.len() == 2 {
                (groups[0].to_owned(), groups[1].to_owned())
            } else if groups.len() == 1 {
                (s.clone(), String::new())
            } else {
                return Err(FieldErrorKind::Invalid);
            }
        }
    };
    if int.is_empty()
        || int.len() > 12
        || frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(FieldErrorKind::Invalid);
    }
    let euros: i64 = int.parse().map_err(|_| FieldErrorKind::Invalid)?;
    let cents: i64 =
        if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| FieldErrorKind::Invalid)? };
    let total = euros.checked_mul(100).and_then(|e| e.checked_add(cents)).ok_or(FieldErrorKind::Invalid)?;
    if total > MAX_CENTS {
        return Err(FieldErrorKind::Refused { key: "grants.refused.too_large" });
    }
    Ok(total)
}

/// Cents → euros as a JSON number.
pub fn cents_to_euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// A matching ratio: a finite number above 0 and at most 100 (1 = one euro per euro of grant).
pub fn parse_ratio(ratio: f64) -> Result<f64, FieldErrorKind> {
    if !ratio.is_finite() {
        return Err(FieldErrorKind::Invalid);
    }
    if ratio < 0.0 {
        return Err(FieldErrorKind::Refused { key: "grants.refused.negative" });
    }
    if ratio == 0.0 || ratio > 100.0 {
        return Err(FieldErrorKind::Invalid);
    }
    Ok(ratio)
}

/// How a grant year stands on matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchingStatus {
    Ok,
    Warning,
    Violation,
    NotAssessable,
}

impl MatchingStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Violation => "violation",
            Self::NotAssessable => "not_assessable",
        }
    }
}

/// What one grant year asks and what came in, in cents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchingYear {
    pub year: i32,
    /// The grant amount of the year; `None` when the grant names none.
    pub grant: Option<i64>,
    /// Matching required: grant × ratio, rounded to cents; `None` when not assessable.
    pub required: Option<i64>,
    pub matched_cash: i64,
    pub matched_in_kind: i64,
    /// Planned contributions naming the grant (cash and in kind).
    pub planned: i64,
    pub status: MatchingStatus,
    /// For a year not yet over and short: required − max(realised, planned), at least 0.
    pub expected_shortfall: Option<i64>,
}

impl MatchingYear {
    pub fn matched_total(&self) -> i64 {
        self.matched_cash + self.matched_in_kind
    }
    /// matched_total / grant as a fraction; `None` without a grant amount.
    pub fn ratio(&self) -> Option<f64> {
        self.grant.filter(|g| *g > 0).map(|g| self.matched_total() as f64 / g as f64)
    }
}

/// Assesses one grant year. Only realised contributions count as matched. Without a grant amount
/// (or without a matching ratio) the year is `not_assessable`; a year before `current_year` that
/// falls short is a `violation`; the current or a later year that falls short is a `warning` with
/// the expected shortfall (what the larger of realised and planned leaves open).
pub fn assess_matching(
    year: i32,
    grant: Option<i64>,
    ratio: Option<f64>,
    (matched_cash, matched_in_kind, planned): (i64, i64, i64),
    current_year: i32,
) -> MatchingYear {
    let required = match (grant.filter(|g| *g > 0), ratio) {
        (Some(g), Some(r)) => Some((g as f64 * r).round() as i64),
        _ => None,
    };
    let realised = matched_cash + matched_in_kind;
    let (status, expected_shortfall) = match required {
        None => (MatchingStatus::NotAssessable, None),
        Some(req) if realised >= req => (MatchingStatus::Ok, None),
        Some(_) if year < current_year => (MatchingStatus::Violation, None),
        Some(req) => (MatchingStatus::Warning, Some((req - realised.max(planned)).max(0))),
    };
    MatchingYear { year, grant, required, matched_cash, matched_in_kind, planned, status, expected_shortfall }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_from_numbers() {
        assert_eq!(euros_to_cents(185_000.0), Ok(18_500_000));
        assert_eq!(euros_to_cents(0.1), Ok(10));
        assert_eq!(euros_to_cents(12.34), Ok(1234));
        assert_eq!(euros_to_cents(-1.0), Err(FieldErrorKind::Refused { key: "grants.refused.negative" }));
        assert_eq!(euros_to_cents(1.234), Err(FieldErrorKind::Invalid));
        assert_eq!(euros_to_cents(f64::NAN), Err(FieldErrorKind::Invalid));
        assert!(euros_to_cents(2e9).is_err());
    }

    #[test]
    fn euros_from_dutch_text() {
        assert_eq!(parse_euros_text("€ 185.000"), Ok(18_500_000));
        assert_eq!(parse_euros_text("1.234,56"), Ok(123_456));
        assert_eq!(parse_euros_text("185000"), Ok(18_500_000));
        assert_eq!(parse_euros_text("12,5"), Ok(1250));
        assert_eq!(parse_euros_text("12.5"), Ok(1250));
        assert_eq!(parse_euros_text(""), Err(FieldErrorKind::Required));
        assert!(matches!(parse_euros_text("-5"), Err(FieldErrorKind::Refused { .. })));
        assert_eq!(parse_euros_text("12,345"), Err(FieldErrorKind::Invalid));
        assert_eq!(parse_euros_text("abc"), Err(FieldErrorKind::Invalid));
        assert_eq!(parse_euros_text("1.2.3"), Err(FieldErrorKind::Invalid));
    }

    #[test]
    fn matching_statuses() {
        let past = assess_matching(2024, Some(10000), Some(1.0), (5000, 4000, 0), 2026);
        assert_eq!(past.status, MatchingStatus::Violation);
        assert_eq!(past.matched_total(), 9000);
        assert_eq!(past.ratio(), Some(0.9));
        let ok = assess_matching(2024, Some(10000), Some(1.0), (5000, 5000, 0), 2026);
        assert_eq!(ok.status, MatchingStatus::Ok);
        let now = assess_matching(2026, Some(10000), Some(1.0), (1000, 0, 7000), 2026);
        assert_eq!(now.status, MatchingStatus::Warning);
        assert_eq!(now.expected_shortfall, Some(3000));
        let half = assess_matching(2027, Some(10000), Some(0.5), (5000, 0, 0), 2026);
        assert_eq!(half.status, MatchingStatus::Ok);
        assert_eq!(assess_matching(2024, None, Some(1.0), (0, 0, 0), 2026).status, MatchingStatus::NotAssessable);
        assert_eq!(assess_matching(2024, Some(1), None, (0, 0, 0), 2026).status, MatchingStatus::NotAssessable);
    }
}
