//! Activities (DOMAIN §6): their kinds and audiences, as closed sets with stable codes.

/// A closed set of values with a stable code each (the code is what the API and database hold).
#[macro_export]
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub const CODES: &'static [&'static str] = &[$($code),+];
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            pub fn parse(raw: &str) -> Result<Self, $crate::FieldErrorKind> {
                match raw.trim() {
                    "" => Err($crate::FieldErrorKind::Required),
                    $($code => Ok(Self::$variant),)+
                    _ => Err($crate::FieldErrorKind::UnknownValue { allowed: Self::CODES.to_vec() }),
                }
            }
        }
    };
}

code_enum! {
    /// What kind of knowledge-sharing activity this is.
    ActivityKind {
        Kenniscafe => "kenniscafe",
        Themabijeenkomst => "themabijeenkomst",
        Symposium => "symposium",
        Masterclass => "masterclass",
        Leerkring => "leerkring",
        Reflectiebijeenkomst => "reflectiebijeenkomst",
        Consortiumoverleg => "consortiumoverleg",
        MtOverleg => "mt_overleg",
        Leernetwerkbijeenkomst => "leernetwerkbijeenkomst",
        Werksessie => "werksessie",
        PresentatieBijPartner => "presentatie_bij_partner",
        TrainingOpDeWerkplek => "training_op_de_werkplek",
    }
}

impl ActivityKind {
    /// Meetings of the werkplaats's own bodies, not knowledge sharing aimed at practice.
    pub fn is_body_meeting(self) -> bool {
        matches!(self, Self::Consortiumoverleg | Self::MtOverleg)
    }
}

code_enum! {
    /// Who may see an activity and register for it.
    Audience {
        /// Everyone, also without an account.
        Public => "public",
        /// Everyone with a role in the werkplaats.
        Partners => "partners",
        /// Members of the organising theme group, project or body (or, without one, of the werkplaats).
        Members => "members",
    }
}

code_enum! {
    /// Where a registration stands.
    RegistrationStatus {
        Registered => "registered",
        Waitlisted => "waitlisted",
        Cancelled => "cancelled",
    }
}

code_enum! {
    /// The 4 O's (DOMAIN §5).
    FourO {
        Onderzoek => "onderzoek",
        Ontwikkeling => "ontwikkeling",
        Onderwijs => "onderwijs",
        Ondersteuning => "ondersteuning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldErrorKind;

    #[test]
    fn codes_round_trip_and_unknown_values_name_the_allowed_ones() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.code()), Ok(*k));
        }
        assert_eq!(Audience::parse(" public "), Ok(Audience::Public));
        assert_eq!(Audience::parse(""), Err(FieldErrorKind::Required));
        match ActivityKind::parse("borrel") {
            Err(FieldErrorKind::UnknownValue { allowed }) => assert!(allowed.contains(&"kenniscafe")),
            other => panic!("{other:?}"),
        }
        assert!(ActivityKind::MtOverleg.is_body_meeting());
        assert!(!ActivityKind::Kenniscafe.is_body_meeting());
    }
}
