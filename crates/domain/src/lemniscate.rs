//! Words of the knowledge lemniscate and the association (DOMAIN §8, §10): the four movements a
//! practice question makes between the werkplaats and the national knowledge partners, the steps
//! within each, who made a move, and a coordinator's decision on a suggested cross-link.
use crate::{FieldErrorKind, QuestionStatus, code_enum};

/// Limits on lemniscate and association text.
pub mod lemniscate_limits {
    /// A note on a move.
    pub const NOTE: usize = 4_000;
    /// The name of an organisation that made a move.
    pub const ORGANISATION: usize = 200;
    /// Knowledge products or approaches handed over with one move.
    pub const ITEMS_PER_MOVE: usize = 20;
    /// Moves on one question: far above any real path, low enough to page nothing.
    pub const MOVES_PER_QUESTION: usize = 500;
    pub const PRIORITY_TITLE: usize = 200;
    pub const PRIORITY_TEXT: usize = 4_000;
    pub const PRIORITIES: usize = 50;
}

code_enum! {
    /// The four movements of the lemniscate. Ontwikkelen and verrijken happen in the werkplaats
    /// (the left loop), verspreiden and opschalen nationally (the right loop).
    Movement {
        Develop => "ontwikkelen",
        Disseminate => "verspreiden",
        ScaleUp => "opschalen",
        Enrich => "verrijken",
    }
}

impl Movement {
    /// Whether this movement is on the national side (right loop) of the figure-eight.
    pub fn is_national(self) -> bool {
        matches!(self, Self::Disseminate | Self::ScaleUp)
    }
    /// Whether a move from `before` to `self` crosses the middle of the eight.
    pub fn crosses_from(self, before: Option<Self>) -> bool {
        before.is_some_and(|b| b.is_national() != self.is_national())
    }
    /// The steps within this movement (position paper).
    pub fn steps(self) -> &'static [Step] {
        match self {
            Self::Develop => &[Step::Explicate, Step::Research, Step::Apply],
            Self::Disseminate => &[Step::Agenda, Step::BuildKnowledgeBase, Step::Communicate],
            Self::ScaleUp => &[Step::ConnectKwestie, Step::AnalyseWorkingFactors, Step::ValidateYield],
            Self::Enrich => &[Step::FlowBack],
        }
    }
}

code_enum! {
    /// A step within a movement.
    Step {
        Explicate => "expliciteren",
        Research => "onderzoeken",
        Apply => "toepassen",
        Agenda => "agenderen",
        BuildKnowledgeBase => "kennisbasis_opbouwen",
        Communicate => "communiceren",
        ConnectKwestie => "verbinden_met_kwestie",
        AnalyseWorkingFactors => "werkzame_factoren_analyseren",
        ValidateYield => "opbrengst_valideren",
        FlowBack => "terugvloeien",
    }
}

impl Step {
    /// The movement this step belongs to.
    pub fn movement(self) -> Movement {
        Movement::ALL.iter().copied().find(|m| m.steps().contains(&self)).unwrap_or(Movement::Develop)
    }
    /// The local status (DOMAIN §7) a develop step sets; other steps leave it as it is.
    pub fn question_status(self) -> Option<QuestionStatus> {
        match self {
            Self::Explicate => Some(QuestionStatus::Explicated),
            Self::Research => Some(QuestionStatus::Researched),
            Self::Apply => Some(QuestionStatus::Applied),
            _ => None,
        }
    }
    /// The develop step that records a local status.
    pub fn for_status(status: QuestionStatus) -> Self {
        match status {
            QuestionStatus::Explicated => Self::Explicate,
            QuestionStatus::Researched => Self::Research,
            QuestionStatus::Applied => Self::Apply,
        }
    }
    /// Parses a step and checks that it belongs to `movement`.
    pub fn parse_for(movement: Movement, raw: &str) -> Result<Self, FieldErrorKind> {
        let step = Self::parse(raw)?;
        if step.movement() == movement {
            Ok(step)
        } else {
            Err(FieldErrorKind::UnknownValue { allowed: movement.steps().iter().map(|s| s.code()).collect() })
        }
    }
}

code_enum! {
    /// Who made a move.
    MoverKind {
        Person => "person",
        Organisation => "organisation",
        Werkplaats => "werkplaats",
        NationalPartner => "national_partner",
    }
}

code_enum! {
    /// A coordinator's decision on a suggested cross-link (dwarsverband).
    CrossLinkDecision {
        Confirmed => "confirmed",
        Dismissed => "dismissed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_belongs_to_exactly_one_movement() {
        for s in Step::ALL {
            let owners: Vec<_> = Movement::ALL.iter().filter(|m| m.steps().contains(s)).collect();
            assert_eq!(owners.len(), 1, "{s:?}");
            assert_eq!(Step::parse_for(s.movement(), s.code()), Ok(*s));
        }
        assert!(Step::parse_for(Movement::Enrich, "agenderen").is_err());
    }

    #[test]
    fn crossing_is_a_change_of_side() {
        use Movement::*;
        assert!(!Develop.crosses_from(None));
        assert!(Disseminate.crosses_from(Some(Develop)));
        assert!(!ScaleUp.crosses_from(Some(Disseminate)));
        assert!(Enrich.crosses_from(Some(ScaleUp)));
        assert!(!Develop.crosses_from(Some(Enrich)));
        assert!(ScaleUp.crosses_from(Some(Enrich)));
    }

    #[test]
    fn develop_steps_and_local_status_map_both_ways() {
        for st in [QuestionStatus::Explicated, QuestionStatus::Researched, QuestionStatus::Applied] {
            assert_eq!(Step::for_status(st).question_status(), Some(st));
        }
        assert_eq!(Step::FlowBack.question_status(), None);
    }
}
