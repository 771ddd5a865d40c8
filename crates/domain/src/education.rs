//! Education (issue 19, DOMAIN §5, §10): assignments for students and their applications. Closed
//! sets with stable Dutch codes; the API and the database hold the codes.
use crate::code_enum;

code_enum! {
    /// What kind of assignment (opdracht) a student takes on.
    AssignmentKind {
        Stage => "stage",
        /// A bachelor thesis (bachelorproef).
        Afstudeeropdracht => "afstudeeropdracht",
        Minor => "minor",
        Praktijkopdracht => "praktijkopdracht",
        Onderzoeksopdracht => "onderzoeksopdracht",
    }
}

code_enum! {
    /// The level of education an assignment is for.
    AssignmentLevel {
        HboBachelor => "hbo_bachelor",
        HboMaster => "hbo_master",
        Mbo => "mbo",
    }
}

code_enum! {
    /// Where an assignment stands: students apply while it is open; it is filled when every place
    /// is taken, closed by hand.
    AssignmentStatus {
        Open => "open",
        Filled => "filled",
        Closed => "closed",
    }
}

code_enum! {
    /// Where an application stands.
    ApplicationStatus {
        Submitted => "submitted",
        Accepted => "accepted",
        Declined => "declined",
    }
}

/// Limits of education input.
pub mod education_limits {
    pub const TITLE: usize = 200;
    pub const TEXT: usize = 10_000;
    pub const LOCATION: usize = 200;
    pub const PROGRAMME: usize = 100;
    pub const PROGRAMMES: usize = 10;
    pub const MAX_PLACES: i64 = 50;
    pub const MOTIVATION: usize = 2_000;
    pub const MESSAGE: usize = 2_000;
}
