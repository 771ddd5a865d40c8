//! Collections (issue 19, DOMAIN §5, §10): reading lists of teaching material that lecturers
//! build for a course. Closed sets with stable codes; the API and the database hold the codes.
use crate::code_enum;

code_enum! {
    /// What an item of a collection is. The codes are the search index's document types
    /// (`knowledge::PRODUCT`, `APPROACH`, `STORY`); an activity report is named by its activity.
    CollectionItemType {
        KnowledgeProduct => "knowledge_product",
        /// An approach or working factor (aanpak, werkzame factor) of the practice base.
        Approach => "approach",
        /// A citizen's story (verhaal).
        Story => "story",
        /// The report (verslag) of an activity; the item's id is the activity's.
        ActivityReport => "activity_report",
    }
}

code_enum! {
    /// Who reads a collection: everyone, or the people of a study programme (signed in).
    CollectionVisibility {
        Public => "public",
        Programme => "programme",
    }
}

/// Limits of collection input.
pub mod collection_limits {
    pub const TITLE: usize = 200;
    pub const DESCRIPTION: usize = 5_000;
    pub const PROGRAMME: usize = 100;
    pub const NOTE: usize = 2_000;
    pub const ITEMS: usize = 100;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_types_round_trip_and_unknown_is_refused() {
        for t in CollectionItemType::ALL {
            assert_eq!(CollectionItemType::parse(t.code()), Ok(*t));
        }
        assert!(CollectionItemType::parse("question").is_err());
        assert!(CollectionVisibility::parse("members").is_err());
    }
}
