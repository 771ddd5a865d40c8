use crate::FieldErrorKind;
use serde::{Deserialize, Serialize};

/// URL-safe identifier of a werkplaats: lowercase letters, digits and single hyphens, 2-40 long.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        let ok = (2..=40).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if ok { Ok(Self(raw.to_owned())) } else { Err(FieldErrorKind::Invalid) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, lowercased. Deliberately modest: one `@`, a non-empty local part, a domain
/// with a dot, no spaces, at most 254 characters. Deliverability is proven by mail, not by regex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        let e = raw.trim().to_lowercase();
        if e.is_empty() {
            return Err(FieldErrorKind::Required);
        }
        let valid = e.len() <= 254
            && !e.chars().any(|c| c.is_whitespace() || c.is_control())
            && match e.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid { Ok(Self(e)) } else { Err(FieldErrorKind::Invalid) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Kind of partner organisation (DOMAIN §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Gemeente,
    Welzijn,
    Zorg,
    Hogeschool,
    Lectoraat,
    Opleiding,
    BurgerClientorganisatie,
    LandelijkeKennispartner,
    Overig,
}

impl OrganisationKind {
    pub const ALL: [Self; 9] = [
        Self::Gemeente,
        Self::Welzijn,
        Self::Zorg,
        Self::Hogeschool,
        Self::Lectoraat,
        Self::Opleiding,
        Self::BurgerClientorganisatie,
        Self::LandelijkeKennispartner,
        Self::Overig,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Gemeente => "gemeente",
            Self::Welzijn => "welzijn",
            Self::Zorg => "zorg",
            Self::Hogeschool => "hogeschool",
            Self::Lectoraat => "lectoraat",
            Self::Opleiding => "opleiding",
            Self::BurgerClientorganisatie => "burger_clientorganisatie",
            Self::LandelijkeKennispartner => "landelijke_kennispartner",
            Self::Overig => "overig",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|k| k.code()).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("zhz").is_ok());
        assert!(Slug::parse("noord-oost-2").is_ok());
        for bad in ["", "a", "ZHZ", "-zhz", "zhz-", "z--h", "zh z", "zh/z", &"a".repeat(41)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(Email::parse(" Anna@Example.NL ").map(|e| e.0), Ok("anna@example.nl".into()));
        assert_eq!(Email::parse(""), Err(FieldErrorKind::Required));
        for bad in ["anna", "anna@", "@x.nl", "a b@x.nl", "a@x", "a@@x.nl", "a@x.nl."] {
            assert_eq!(Email::parse(bad), Err(FieldErrorKind::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn organisation_kinds_round_trip() {
        for k in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(k.code()), Ok(k));
        }
        assert!(OrganisationKind::parse("bank").is_err());
    }
}
