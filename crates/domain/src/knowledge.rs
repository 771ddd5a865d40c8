//! The knowledge base (DOMAIN §7): closed sets with stable codes (Dutch, as the seeds and the
//! Dutch databanks name them; the API and database hold the codes).
use crate::code_enum;

code_enum! {
    /// What kind of knowledge product (opbrengst) this is.
    ProductKind {
        Advies => "advies",
        Werkvorm => "werkvorm",
        Methodiek => "methodiek",
        Instrument => "instrument",
        Publicatie => "publicatie",
        Onderwijsmateriaal => "onderwijsmateriaal",
        /// What a student made in an assignment (report, advice, product), issue 19.
        Beroepsproduct => "beroepsproduct",
        Factsheet => "factsheet",
        Verslag => "verslag",
        Video => "video",
        Verhalenbundel => "verhalenbundel",
        Overig => "overig",
    }
}

code_enum! {
    /// Who a knowledge product is written for.
    ProductAudience {
        Professionals => "professionals",
        Beleid => "beleid",
        Onderwijs => "onderwijs",
        Burgers => "burgers",
    }
}

code_enum! {
    /// Who may find and read a knowledge product.
    Visibility {
        /// Everyone, also without an account.
        Public => "public",
        /// Everyone with a role in the werkplaats.
        Partners => "partners",
        /// Members of its theme group (and the coordinator and lectoren).
        ThemeGroup => "theme_group",
    }
}

code_enum! {
    /// The review workflow: concept → ter review → gepubliceerd.
    ProductStatus {
        Concept => "concept",
        Review => "review",
        Published => "published",
    }
}

code_enum! {
    /// Where a practice question stands on the werkplaats side of the lemniscate (DOMAIN §8).
    QuestionStatus {
        Explicated => "geexpliciteerd",
        Researched => "onderzocht",
        Applied => "toegepast",
    }
}

code_enum! {
    /// An approach (interventie/aanpak) or a working factor of one.
    ApproachKind {
        Approach => "aanpak",
        WorkingFactor => "werkzame_factor",
    }
}

code_enum! {
    /// Recognition level as the Dutch databanks (Erkenningstraject) grade it.
    Recognition {
        None => "geen",
        WellDescribed => "goed_beschreven",
        WellFounded => "goed_onderbouwd",
        EffectiveFirst => "effectief_eerste",
        EffectiveGood => "effectief_goede",
        EffectiveStrong => "effectief_sterke",
    }
}

code_enum! {
    /// Who tells a story.
    NarratorRole {
        Citizen => "burger",
        Client => "client",
        Carer => "mantelzorger",
        Volunteer => "vrijwilliger",
        Professional => "professional",
        Student => "student",
    }
}

code_enum! {
    /// The four conditional factors of social quality.
    SocialQualityFactor {
        Security => "sociaaleconomische_zekerheid",
        Cohesion => "sociale_cohesie",
        Inclusion => "sociale_inclusie",
        Empowerment => "sociale_empowerment",
    }
}

code_enum! {
    /// What the narrator consented to.
    ConsentUse {
        /// Only partners of the werkplaats may read it.
        Internal => "internal",
        /// It may be published (still without the narrator's name unless that is consented too).
        Publication => "publication",
    }
}

/// The key a kwestie is known by: lower case, diacritics folded, spaces collapsed, so that
/// "Armoede en  Schulden" and "armoede en schulden" are one kwestie.
pub fn kwestie_key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            out.push(fold(c));
        }
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ÿ' | 'ý' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldErrorKind;

    #[test]
    fn kwestie_keys_fold_case_spacing_and_diacritics() {
        assert_eq!(kwestie_key("  Armoede en   Schulden "), "armoede en schulden");
        assert_eq!(kwestie_key("Cliëntparticipatie"), "clientparticipatie");
        assert_ne!(kwestie_key("eenzaamheid"), kwestie_key("armoede"));
    }

    #[test]
    fn codes_parse_and_unknown_values_are_refused() {
        assert_eq!(ProductKind::parse("werkvorm"), Ok(ProductKind::Werkvorm));
        assert_eq!(ProductKind::parse(""), Err(FieldErrorKind::Required));
        assert!(matches!(Visibility::parse("secret"), Err(FieldErrorKind::UnknownValue { .. })));
        assert_eq!(ProductKind::ALL.len(), 12);
    }
}
