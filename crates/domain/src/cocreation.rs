//! Words of agenda co-creation (DOMAIN §4): the phases of a process, the people of a pitch, and
//! the sections and answers of an amendment.
use crate::FieldErrorKind;
use serde::{Deserialize, Serialize};

/// Limits on co-creation text.
pub mod cocreation_limits {
    pub const TITLE: usize = 200;
    pub const TEXT: usize = 4_000;
    pub const EXPLANATION: usize = 2_000;
    pub const REASON: usize = 2_000;
    pub const PITCHES_PER_CLUSTER: usize = 1_000;
    /// Pitches in one process: far above a real round (the ZHZ round had 11), low enough that
    /// suggesting clusters stays a matter of milliseconds for any member who asks.
    pub const PITCHES_PER_PROCESS: usize = 1_000;
    pub const MAX_POINTS: i64 = 100;
    pub const DEFAULT_POINTS: i64 = 10;
}

/// The phases of a co-creation process, in order. The API speaks the English names; the pages
/// show the Dutch ones (inventariseren, clusteren, prioriteren, uitwerken, concept, amenderen,
/// vastgesteld).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Pitching,
    Clustering,
    Prioritising,
    Elaborating,
    Concept,
    Amending,
    Adopted,
}

impl Phase {
    pub const ALL: [Self; 7] = [
        Self::Pitching,
        Self::Clustering,
        Self::Prioritising,
        Self::Elaborating,
        Self::Concept,
        Self::Amending,
        Self::Adopted,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Pitching => "pitching",
            Self::Clustering => "clustering",
            Self::Prioritising => "prioritising",
            Self::Elaborating => "elaborating",
            Self::Concept => "concept",
            Self::Amending => "amending",
            Self::Adopted => "adopted",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|p| p.code()).collect() })
    }
    /// 1-based position in the process.
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1
    }
    /// The phase after this one; `None` after adoption.
    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.number()).copied()
    }
}

/// How a person is named on a pitch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PitchRole {
    Author,
    CoPitcher,
    Supporter,
}

impl PitchRole {
    pub const ALL: [Self; 3] = [Self::Author, Self::CoPitcher, Self::Supporter];
    pub fn code(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::CoPitcher => "co_pitcher",
            Self::Supporter => "supporter",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|p| p.code()).collect() })
    }
}

/// The part of a theme an amendment proposes new text for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentSection {
    Title,
    Introduction,
    /// One guiding question per line.
    Questions,
    /// One project option per line.
    ProjectOptions,
}

impl AmendmentSection {
    pub const ALL: [Self; 4] = [Self::Title, Self::Introduction, Self::Questions, Self::ProjectOptions];
    pub fn code(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Introduction => "introduction",
            Self::Questions => "questions",
            Self::ProjectOptions => "project_options",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|p| p.code()).collect() })
    }
}

/// The coordinator's answer to an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentDecision {
    Accepted,
    Rejected,
    PartlyAccepted,
}

impl AmendmentDecision {
    pub const ALL: [Self; 3] = [Self::Accepted, Self::Rejected, Self::PartlyAccepted];
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::PartlyAccepted => "partly_accepted",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|p| p.code()).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_run_in_order_and_round_trip() {
        let mut p = Phase::Pitching;
        let mut seen = vec![p];
        while let Some(n) = p.next() {
            assert!(n > p);
            seen.push(n);
            p = n;
        }
        assert_eq!(seen, Phase::ALL.to_vec());
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.code()), Ok(p));
        }
        assert!(Phase::parse("vastgesteld").is_err());
    }

    #[test]
    fn sections_and_decisions_round_trip() {
        for s in AmendmentSection::ALL {
            assert_eq!(AmendmentSection::parse(s.code()), Ok(s));
        }
        for d in AmendmentDecision::ALL {
            assert_eq!(AmendmentDecision::parse(d.code()), Ok(d));
        }
        for r in PitchRole::ALL {
            assert_eq!(PitchRole::parse(r.code()), Ok(r));
        }
        assert!(AmendmentDecision::parse("maybe").is_err());
    }
}
