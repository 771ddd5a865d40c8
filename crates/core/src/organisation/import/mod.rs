//! CSV import of organisations and people: pure parsing and whole-file validation, no IO
//! (the shared machinery is `kernel::csv`); `case` writes a validated import in one transaction.
//!
//! A file is validated as a whole: every bad row is reported (up to [`MAX_ERRORS`]), and the rows
//! come back only when there is none, so the use case can import all or nothing. Column names may
//! be Dutch or English, in any case; the delimiter (`,` or `;`) is taken from the header line, so
//! files saved by a Dutch spreadsheet (`;`) and by everything else (`,`) both work. Messages are
//! Dutch and carry only the reason; the line number is in [`RowError::line`].
mod case;
#[cfg(test)]
mod tests;

pub use crate::kernel::csv::{MAX_ERRORS, RowError};
pub use case::{ADMIN_ACTOR_NAME, ImportError, ImportReport, PROGRESS_EVERY, Progress, function_for};

use crate::kernel::csv::{Column, parse_file, quote};
use broedplaats_domain::{Email, OrganisationKind, Role};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Longest name of an organisation or person, in characters.
pub const NAME_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationRow {
    pub line: usize,
    pub name: String,
    pub kind: OrganisationKind,
    pub city: Option<String>,
    pub website: Option<String>,
    /// Lowercased, as [`Email::parse`] returns it.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    pub line: usize,
    pub name: String,
    /// Lowercased, as [`Email::parse`] returns it.
    pub email: Option<String>,
    /// The organisation's name as spelled in `existing_organisations`.
    pub organisation: Option<String>,
    pub role: Option<Role>,
}

/// Parses and validates an organisations file. `existing_names` are the organisations already in
/// the werkplaats; importing one of them again is an error.
pub fn parse_organisations(data: &[u8], existing_names: &[String]) -> Result<Vec<OrganisationRow>, Vec<RowError>> {
    let existing: HashSet<String> = existing_names.iter().map(|n| name_key(n)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    parse_file(data, ORGANISATION_COLUMNS, |line, f, errors| {
        let name = required_name(f.get(NAME), errors);
        let kind = match f.get(KIND) {
            None => {
                errors.push(format!("soort ontbreekt; kies uit: {}", kind_codes()));
                None
            }
            Some(raw) => parse_kind(raw).or_else(|| {
                errors.push(format!("soort {} is onbekend; kies uit: {}", quote(raw), kind_codes()));
                None
            }),
        };
        let email = optional_email(f.get(EMAIL), errors);
        let website = f.get(WEBSITE).and_then(|w| {
            if valid_website(w) {
                Some(w.to_owned())
            } else {
                errors.push(format!("website {} moet beginnen met http:// of https://", quote(w)));
                None
            }
        });
        if let Some(name) = &name {
            let key = name_key(name);
            if existing.contains(&key) {
                errors.push(format!("organisatie {} bestaat al in deze werkplaats", quote(name)));
            } else if let Some(first) = seen.get(&key) {
                errors.push(format!("organisatie {} staat al op regel {first}", quote(name)));
            }
            seen.entry(key).or_insert(line);
        }
        Some(OrganisationRow { line, name: name?, kind: kind?, city: f.get(CITY).map(str::to_owned), website, email })
    })
}

/// Parses and validates a people file. `existing_organisations` are the organisations a person may
/// belong to: those in the werkplaats plus those imported in the same batch.
pub fn parse_people(data: &[u8], existing_organisations: &[String]) -> Result<Vec<PersonRow>, Vec<RowError>> {
    let organisations: HashMap<String, &String> = existing_organisations.iter().map(|n| (name_key(n), n)).collect();
    let mut seen_emails: HashMap<String, usize> = HashMap::new();
    parse_file(data, PERSON_COLUMNS, |line, f, errors| {
        let name = required_name(f.get(NAME), errors);
        let email = optional_email(f.get(EMAIL), errors);
        if let Some(email) = &email {
            match seen_emails.get(email) {
                Some(first) => errors.push(format!("e-mailadres {} staat al op regel {first}", quote(email))),
                None => {
                    seen_emails.insert(email.clone(), line);
                }
            }
        }
        let organisation = f.get(ORGANISATION).and_then(|raw| match organisations.get(&name_key(raw)) {
            Some(canonical) => Some((*canonical).clone()),
            None => {
                errors.push(format!(
                    "organisatie {} bestaat niet in deze werkplaats en staat ook niet in deze import",
                    quote(raw)
                ));
                None
            }
        });
        let role = f.get(ROLE).and_then(|raw| {
            parse_role(raw).or_else(|| {
                errors.push(format!("rol {} is onbekend; kies uit: {}", quote(raw), role_codes()));
                None
            })
        });
        Some(PersonRow { line, name: name?, email, organisation, role })
    })
}

/// Canonical column keys; the index into a format's column list.
const NAME: &str = "name";
const KIND: &str = "kind";
const CITY: &str = "city";
const WEBSITE: &str = "website";
const EMAIL: &str = "email";
const ORGANISATION: &str = "organisation";
const ROLE: &str = "role";

const ORGANISATION_COLUMNS: &[Column] = &[
    Column { key: NAME, names: &["naam", "name"], required: true },
    Column { key: KIND, names: &["soort", "kind"], required: true },
    Column { key: CITY, names: &["plaats", "city"], required: false },
    Column { key: WEBSITE, names: &["website"], required: false },
    Column { key: EMAIL, names: &["email", "e-mail"], required: false },
];

const PERSON_COLUMNS: &[Column] = &[
    Column { key: NAME, names: &["naam", "name"], required: true },
    Column { key: EMAIL, names: &["email", "e-mail"], required: false },
    Column { key: ORGANISATION, names: &["organisatie", "organisation"], required: false },
    Column { key: ROLE, names: &["rol", "role"], required: false },
];

fn required_name(raw: Option<&str>, errors: &mut Vec<String>) -> Option<String> {
    let Some(name) = raw else {
        errors.push("naam ontbreekt".to_owned());
        return None;
    };
    let length = name.chars().count();
    if length > NAME_MAX {
        errors.push(format!("naam is te lang: {length} tekens (hoogstens {NAME_MAX})"));
        return None;
    }
    Some(name.to_owned())
}

fn optional_email(raw: Option<&str>, errors: &mut Vec<String>) -> Option<String> {
    let raw = raw?;
    match Email::parse(raw) {
        Ok(email) => Some(email.as_str().to_owned()),
        Err(_) => {
            errors.push(format!("e-mailadres {} is ongeldig", quote(raw)));
            None
        }
    }
}

fn valid_website(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// How names are compared: trimmed, case-insensitive.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// How coded values (kind, role) are compared: lowercase, diaeresis dropped (`ë` = `e`, composed
/// or not), runs of whitespace as one space.
fn value_key(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let folded: String = lower
        .chars()
        .filter(|&c| c != '\u{308}')
        .map(|c| match c {
            'ë' => 'e',
            'ö' => 'o',
            'ï' => 'i',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_kind(raw: &str) -> Option<OrganisationKind> {
    use OrganisationKind as K;
    let key = value_key(raw);
    if let Some(kind) = K::ALL.into_iter().find(|k| k.code() == key) {
        return Some(kind);
    }
    let kind = match key.as_str() {
        "municipality" => K::Gemeente,
        "welfare" => K::Welzijn,
        "care" => K::Zorg,
        "university_of_applied_sciences" | "university of applied sciences" => K::Hogeschool,
        "research_group" | "research group" | "lectorate" => K::Lectoraat,
        "education" | "programme" => K::Opleiding,
        "burger-/clientorganisatie"
        | "burger/clientorganisatie"
        | "burgerorganisatie"
        | "clientorganisatie"
        | "citizen_client_organisation"
        | "citizen/client organisation"
        | "citizen organisation"
        | "client organisation" => K::BurgerClientorganisatie,
        "landelijke kennispartner" | "national_knowledge_partner" | "national knowledge partner" => {
            K::LandelijkeKennispartner
        }
        "other" => K::Overig,
        _ => return None,
    };
    Some(kind)
}

fn parse_role(raw: &str) -> Option<Role> {
    let key = value_key(raw).replace('_', "-");
    if let Some(role) = Role::ALL.into_iter().find(|r| r.code() == key) {
        return Some(role);
    }
    let role = match key.as_str() {
        "programmacoordinator" => Role::ProgrammeCoordinator,
        "docent-onderzoeker" => Role::TeacherResearcher,
        "themaleider" => Role::ThemeLead,
        "projectondersteuner" => Role::ProjectSupport,
        "consortiumlid" => Role::ConsortiumMember,
        "burger" => Role::Citizen,
        "landelijke kennispartner" | "landelijke-kennispartner" => Role::NationalPartner,
        _ => return None,
    };
    Some(role)
}

fn kind_codes() -> String {
    OrganisationKind::ALL.map(OrganisationKind::code).join(", ")
}

fn role_codes() -> String {
    Role::ALL.map(Role::code).join(", ")
}
