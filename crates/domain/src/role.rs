use crate::FieldErrorKind;
use serde::Serialize;

/// A role a person holds within one werkplaats (DOMAIN §2, §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    ProgrammeCoordinator,
    Lector,
    TeacherResearcher,
    ThemeLead,
    ProjectSupport,
    ConsortiumMember,
    Professional,
    Student,
    Citizen,
    NationalPartner,
}

impl Role {
    pub const ALL: [Self; 10] = [
        Self::ProgrammeCoordinator,
        Self::Lector,
        Self::TeacherResearcher,
        Self::ThemeLead,
        Self::ProjectSupport,
        Self::ConsortiumMember,
        Self::Professional,
        Self::Student,
        Self::Citizen,
        Self::NationalPartner,
    ];

    /// The kebab-case name used on the CLI, in the API and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::ProgrammeCoordinator => "programme-coordinator",
            Self::Lector => "lector",
            Self::TeacherResearcher => "teacher-researcher",
            Self::ThemeLead => "theme-lead",
            Self::ProjectSupport => "project-support",
            Self::ConsortiumMember => "consortium-member",
            Self::Professional => "professional",
            Self::Student => "student",
            Self::Citizen => "citizen",
            Self::NationalPartner => "national-partner",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|r| r.code()).collect() })
    }

    /// Roles that lead the werkplaats and may change its knowledge agenda (DOMAIN §3: the
    /// lectoren lead; the programme coordinator runs it).
    pub fn may_edit_agenda(self) -> bool {
        matches!(self, Self::ProgrammeCoordinator | Self::Lector)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_is_refused() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(r));
        }
        assert!(matches!(Role::parse("admin"), Err(FieldErrorKind::UnknownValue { .. })));
    }

    #[test]
    fn only_leaders_edit_the_agenda() {
        let editors: Vec<_> = Role::ALL.into_iter().filter(|r| r.may_edit_agenda()).collect();
        assert_eq!(editors, vec![Role::ProgrammeCoordinator, Role::Lector]);
    }
}
