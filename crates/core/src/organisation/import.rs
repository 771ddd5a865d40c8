//! CSV import of organisations and people: pure parsing and whole-file validation, no IO.
//!
//! A file is validated as a whole: every bad row is reported (up to [`MAX_ERRORS`]), and the rows
//! come back only when there is none, so the use case can import all or nothing. Column names may
//! be Dutch or English, in any case; the delimiter (`,` or `;`) is taken from the header line, so
//! files saved by a Dutch spreadsheet (`;`) and by everything else (`,`) both work. Messages are
//! Dutch and carry only the reason; the line number is in [`RowError::line`].
use broedplaats_domain::{Email, OrganisationKind, Role};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// At most this many errors are listed; one more error then says how many were left out.
pub const MAX_ERRORS: usize = 1000;
/// Longest name of an organisation or person, in characters.
pub const NAME_MAX: usize = 200;
/// Echoed values longer than this are shortened in messages.
const ECHO_MAX: usize = 60;

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

/// One problem in an import file. `line` is the 1-based file line (the header is line 1); 0 means
/// the file as a whole. `message` is Dutch and holds only the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub message: String,
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

// ---------------------------------------------------------------------------------------------
// Columns

/// Canonical column keys; the index into a format's column list.
const NAME: &str = "name";
const KIND: &str = "kind";
const CITY: &str = "city";
const WEBSITE: &str = "website";
const EMAIL: &str = "email";
const ORGANISATION: &str = "organisation";
const ROLE: &str = "role";

struct Column {
    key: &'static str,
    /// Accepted header names, lowercase; the first is the Dutch one used in messages.
    names: &'static [&'static str],
    required: bool,
}

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

/// Where each known column sits in a record.
struct Layout {
    /// `(column key, field index)` for every column present in the header.
    fields: Vec<(&'static str, usize)>,
    /// Fields whose header is empty (e.g. a trailing delimiter): ignored, but they must stay empty.
    nameless: Vec<usize>,
    width: usize,
}

fn layout(header: &csv::StringRecord, columns: &[Column]) -> Result<Layout, Vec<String>> {
    let mut fields: Vec<(&'static str, usize)> = Vec::new();
    let mut nameless = Vec::new();
    let mut unknown = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in header.iter().enumerate() {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            nameless.push(index);
            continue;
        }
        match columns.iter().find(|c| c.names.contains(&name.as_str())) {
            None => unknown.push(quote(raw.trim())),
            Some(c) if fields.iter().any(|(k, _)| *k == c.key) => {
                problems.push(format!("kolom {} komt meer dan één keer voor", quote(raw.trim())));
            }
            Some(c) => fields.push((c.key, index)),
        }
    }
    if !unknown.is_empty() {
        let allowed: Vec<String> = columns.iter().map(|c| c.names.join("/")).collect();
        let what = if unknown.len() == 1 { "onbekende kolom" } else { "onbekende kolommen" };
        problems.insert(0, format!("{what} {}; toegestaan zijn: {}", unknown.join(", "), allowed.join(", ")));
    }
    for c in columns.iter().filter(|c| c.required) {
        if !fields.iter().any(|(k, _)| *k == c.key) {
            let alternatives: Vec<String> = c.names.iter().map(|n| quote(n)).collect();
            problems.push(format!("verplichte kolom {} ontbreekt", alternatives.join(" of ")));
        }
    }
    if problems.is_empty() { Ok(Layout { fields, nameless, width: header.len() }) } else { Err(problems) }
}

// ---------------------------------------------------------------------------------------------
// The file

/// Collects errors, keeping the first [`MAX_ERRORS`] and counting the rest.
#[derive(Default)]
struct Errors {
    list: Vec<RowError>,
    left_out: usize,
}

impl Errors {
    fn push(&mut self, line: usize, message: String) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(RowError { line, message });
        } else {
            self.left_out += 1;
        }
    }
    fn finish(mut self) -> Vec<RowError> {
        if self.left_out > 0 {
            let n = self.left_out;
            let message = if n == 1 {
                "nog 1 fout is weggelaten; herstel eerst de fouten hierboven".to_owned()
            } else {
                format!("nog {n} fouten zijn weggelaten; herstel eerst de fouten hierboven")
            };
            self.list.push(RowError { line: 0, message });
        }
        self.list
    }
}

fn file_error(message: &str) -> Vec<RowError> {
    vec![RowError { line: 0, message: message.to_owned() }]
}

/// The fields of one data row, by column key.
struct Fields<'a> {
    record: &'a csv::StringRecord,
    layout: &'a Layout,
}

impl<'a> Fields<'a> {
    /// The trimmed value of a column, `None` if the column is absent or the value empty.
    fn get(&self, key: &str) -> Option<&'a str> {
        let index = self.layout.fields.iter().find(|(k, _)| *k == key)?.1;
        self.record.get(index).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Reads the file and calls `row` for every non-empty data row with its line number, its fields,
/// and a list to push the row's problems into. A row counts only if it returns `Some` and pushed
/// no problem, so `row` may return a half-filled value after reporting one.
fn parse_file<T>(
    data: &[u8],
    columns: &[Column],
    mut row: impl FnMut(usize, &Fields<'_>, &mut Vec<String>) -> Option<T>,
) -> Result<Vec<T>, Vec<RowError>> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Err(file_error("Het bestand is geen geldige UTF-8-tekst."));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(file_error("Het bestand is leeg."));
    }
    let (header_line, delimiter) = detect_header(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).flexible(true).from_reader(text.as_bytes());
    let layout = match reader.headers() {
        Ok(header) => layout(header, columns),
        Err(_) => Err(vec!["de kopregel kan niet worden gelezen".to_owned()]),
    };
    let layout = match layout {
        Ok(layout) => layout,
        Err(problems) => {
            return Err(problems.into_iter().map(|message| RowError { line: header_line, message }).collect());
        }
    };

    let mut errors = Errors::default();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = lines.line_at(e.position().map_or(before, csv::Position::byte));
                errors.push(line, "deze regel kan niet worden gelezen".to_owned());
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = lines.line_at(record.position().map_or(before, csv::Position::byte));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // an empty line, or one with only delimiters, as spreadsheets write them
        }
        if record.len() != layout.width {
            let message = format!("deze regel heeft {} velden, de kopregel {}", record.len(), layout.width);
            errors.push(line, message);
            continue;
        }
        problems.clear();
        for &index in &layout.nameless {
            if record.get(index).is_some_and(|f| !f.trim().is_empty()) {
                problems.push(format!("veld {} heeft een waarde maar de kolom heeft geen naam", index + 1));
            }
        }
        let parsed = row(line, &Fields { record: &record, layout: &layout }, &mut problems);
        match parsed {
            Some(value) if problems.is_empty() => rows.push(value),
            _ => {
                if problems.is_empty() {
                    problems.push("deze regel is ongeldig".to_owned());
                }
                for message in problems.drain(..) {
                    errors.push(line, message);
                }
            }
        }
    }
    let errors = errors.finish();
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Turns the byte offset the csv reader gives a record into the line the record starts on.
///
/// The reader stamps a record with the position where the previous record ended, before it skips
/// blank lines (and, in CRLF files, before the `\n`); so its `line()` can be too small. We skip
/// line ends from that offset ourselves and count newlines, incrementally: O(file) in total.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Byte offset up to which newlines have been counted, and the line number there.
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self { text, offset: 0, line: 1 }
    }

    fn line_at(&mut self, byte: u64) -> usize {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.text[self.offset..start].iter().filter(|&&b| b == b'\n').count();
        self.offset = start;
        self.line
    }
}

/// The header's line number (blank lines before it are skipped, as the csv reader does) and the
/// delimiter: `;` if the header has more semicolons than commas outside quotes, else `,`.
fn detect_header(text: &str) -> (usize, u8) {
    let (index, header) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()).unwrap_or((0, ""));
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    (index + 1, if semicolons > commas { b';' } else { b',' })
}

// ---------------------------------------------------------------------------------------------
// Fields

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

/// A value between typographic quotes, shortened if long.
fn quote(value: &str) -> String {
    if value.chars().count() > ECHO_MAX {
        let short: String = value.chars().take(ECHO_MAX).collect();
        format!("‘{short}…’")
    } else {
        format!("‘{value}’")
    }
}

// ---------------------------------------------------------------------------------------------
// Knowledge products

const PRODUCT_COLUMNS: &[Column] = &[
    Column { key: "kind", names: &["soort", "kind"], required: true },
    Column { key: "title", names: &["titel", "title"], required: true },
    Column { key: "summary", names: &["samenvatting", "summary"], required: true },
    Column { key: "body", names: &["tekst", "body"], required: false },
    Column { key: "year", names: &["jaar", "year"], required: false },
    Column { key: "date", names: &["datum", "date"], required: false },
    Column { key: "themes", names: &["themas", "thema's", "thema", "themes"], required: false },
    Column { key: "kwesties", names: &["kwesties", "kwestie"], required: false },
    Column { key: "organisations", names: &["organisaties", "organisatie", "organisations"], required: false },
    Column { key: "visibility", names: &["zichtbaarheid", "visibility"], required: false },
    Column { key: "status", names: &["status"], required: false },
    Column { key: "licence", names: &["licentie", "licence", "license"], required: false },
    Column { key: "language", names: &["taal", "language"], required: false },
    Column { key: "audiences", names: &["doelgroep", "doelgroepen", "audiences"], required: false },
    Column { key: "four_os", names: &["4o", "four_os"], required: false },
];

/// A list in one cell: values separated by `|`.
fn cell_list(v: Option<&str>) -> Vec<String> {
    v.map(|v| v.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

/// Parses a knowledge-products CSV file into inputs with their line numbers. Only the shape is
/// checked here (columns, numbers); the use case validates the content as it does for the API.
/// The Dutch column of a knowledge product field (`kind` → `soort`), for messages about a CSV
/// file; a field without a column is returned as it is.
pub fn product_column(field: &str) -> &str {
    PRODUCT_COLUMNS.iter().find(|c| c.key == field).map_or(field, |c| c.names[0])
}

/// Themes, kwesties, organisations, audiences and 4 O's are lists separated by `|`.
pub fn parse_products(data: &[u8]) -> Result<Vec<(usize, crate::knowledge::ProductInput)>, Vec<RowError>> {
    use crate::knowledge::{ProductInput, Ref};
    parse_file(data, PRODUCT_COLUMNS, |line, f, errors| {
        let year = match f.get("year") {
            None => None,
            Some(y) => match y.parse::<i64>() {
                Ok(y) => Some(y),
                Err(_) => {
                    errors.push(format!("jaar {} is geen jaartal", quote(y)));
                    None
                }
            },
        };
        let text = |k: &str| f.get(k).map(str::to_owned);
        Some((
            line,
            ProductInput {
                kind: text("kind").unwrap_or_default(),
                title: text("title").unwrap_or_default(),
                summary: text("summary").unwrap_or_default(),
                body: text("body"),
                year,
                date: text("date"),
                themes: cell_list(f.get("themes")).into_iter().map(Ref::Name).collect(),
                kwesties: cell_list(f.get("kwesties")),
                organisations: cell_list(f.get("organisations")).into_iter().map(Ref::Name).collect(),
                visibility: text("visibility"),
                status: text("status"),
                licence: text("licence"),
                language: text("language"),
                audiences: cell_list(f.get("audiences")),
                four_os: cell_list(f.get("four_os")),
                ..ProductInput::default()
            },
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn org_errors(data: &str, existing: &[&str]) -> Vec<RowError> {
        parse_organisations(data.as_bytes(), &names(existing)).expect_err("expected errors")
    }

    fn people_errors(data: &str, existing: &[&str]) -> Vec<RowError> {
        parse_people(data.as_bytes(), &names(existing)).expect_err("expected errors")
    }

    fn lines(errors: &[RowError]) -> Vec<usize> {
        errors.iter().map(|e| e.line).collect()
    }

    /// Asserts there is exactly one error, on `line`, whose message contains `needle`.
    #[track_caller]
    fn one_error(errors: &[RowError], line: usize, needle: &str) {
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].line, line, "{errors:#?}");
        assert!(errors[0].message.contains(needle), "{:?} lacks {needle:?}", errors[0].message);
    }

    // --- organisations: valid files -------------------------------------------------------

    #[test]
    fn organisations_dutch_semicolon() {
        let data = "naam;soort;plaats;website;email\n\
                    Gemeente Dordrecht;gemeente;Dordrecht;https://www.dordrecht.nl;Info@Dordrecht.nl\n\
                    Hogeschool Rotterdam;hogeschool;Rotterdam;;\n\
                    \"Stichting Wijk; Welzijn\";Welzijn;;http://wijk.example;\n";
        let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
        assert_eq!(
            rows,
            vec![
                OrganisationRow {
                    line: 2,
                    name: "Gemeente Dordrecht".into(),
                    kind: OrganisationKind::Gemeente,
                    city: Some("Dordrecht".into()),
                    website: Some("https://www.dordrecht.nl".into()),
                    email: Some("info@dordrecht.nl".into()),
                },
                OrganisationRow {
                    line: 3,
                    name: "Hogeschool Rotterdam".into(),
                    kind: OrganisationKind::Hogeschool,
                    city: Some("Rotterdam".into()),
                    website: None,
                    email: None,
                },
                OrganisationRow {
                    line: 4,
                    name: "Stichting Wijk; Welzijn".into(),
                    kind: OrganisationKind::Welzijn,
                    city: None,
                    website: Some("http://wijk.example".into()),
                    email: None,
                },
            ]
        );
    }

    #[test]
    fn organisations_english_comma_any_case_and_order_and_whitespace() {
        let data = " Kind , NAME ,City\r\n  care ,  Zorggroep Alblasserwaard  , Sliedrecht \r\n\
                    other,\"Iets, anders\",\r\n";
        let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Zorggroep Alblasserwaard");
        assert_eq!(rows[0].kind, OrganisationKind::Zorg);
        assert_eq!(rows[0].city.as_deref(), Some("Sliedrecht"));
        assert_eq!(rows[1].name, "Iets, anders");
        assert_eq!(rows[1].kind, OrganisationKind::Overig);
        assert_eq!(rows[1].city, None);
        assert_eq!((rows[0].line, rows[1].line), (2, 3));
    }

    #[test]
    fn organisations_with_bom() {
        let data = "\u{feff}naam;soort\nGemeente Gorinchem;gemeente\n";
        let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
        assert_eq!(rows[0].name, "Gemeente Gorinchem");
    }

    #[test]
    fn header_only_is_ok_and_empty() {
        assert_eq!(parse_organisations(b"naam,soort\n", &[]), Ok(vec![]));
        assert_eq!(parse_people(b"naam", &[]), Ok(vec![]));
    }

    #[test]
    fn every_kind_spelling() {
        use OrganisationKind as K;
        let cases: &[(&str, K)] = &[
            ("gemeente", K::Gemeente),
            ("Municipality", K::Gemeente),
            ("welzijn", K::Welzijn),
            ("welfare", K::Welzijn),
            ("ZORG", K::Zorg),
            ("care", K::Zorg),
            ("hogeschool", K::Hogeschool),
            ("university_of_applied_sciences", K::Hogeschool),
            ("University of Applied  Sciences", K::Hogeschool),
            ("lectoraat", K::Lectoraat),
            ("research_group", K::Lectoraat),
            ("lectorate", K::Lectoraat),
            ("opleiding", K::Opleiding),
            ("education", K::Opleiding),
            ("programme", K::Opleiding),
            ("burger_clientorganisatie", K::BurgerClientorganisatie),
            ("Burger-/cliëntorganisatie", K::BurgerClientorganisatie),
            ("burger-/clie\u{308}ntorganisatie", K::BurgerClientorganisatie),
            ("burgerorganisatie", K::BurgerClientorganisatie),
            ("cliëntorganisatie", K::BurgerClientorganisatie),
            ("clientorganisatie", K::BurgerClientorganisatie),
            ("citizen_client_organisation", K::BurgerClientorganisatie),
            ("citizen organisation", K::BurgerClientorganisatie),
            ("Client Organisation", K::BurgerClientorganisatie),
            ("landelijke_kennispartner", K::LandelijkeKennispartner),
            ("landelijke kennispartner", K::LandelijkeKennispartner),
            ("national_knowledge_partner", K::LandelijkeKennispartner),
            ("overig", K::Overig),
            ("Other", K::Overig),
        ];
        let mut data = String::from("naam;soort\n");
        for (i, (raw, _)) in cases.iter().enumerate() {
            writeln!(data, "Org {i};{raw}").expect("write");
        }
        let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
        for (row, (raw, kind)) in rows.iter().zip(cases) {
            assert_eq!(row.kind, *kind, "{raw}");
        }
        for k in OrganisationKind::ALL {
            assert_eq!(parse_kind(k.code()), Some(k));
        }
    }

    // --- organisations: errors --------------------------------------------------------------

    #[test]
    fn unknown_kind_lists_choices() {
        let errors =
            org_errors("naam;soort\nA;gemeente\nB;gemeente\nC;gemeente\nD;gemeente\nE;gemeente\nF;bank\n", &[]);
        one_error(&errors, 7, "soort ‘bank’ is onbekend; kies uit: gemeente, welzijn, zorg, hogeschool");
        assert!(errors[0].message.ends_with("landelijke_kennispartner, overig"));
    }

    #[test]
    fn missing_kind_and_name_values() {
        let errors = org_errors("naam;soort\n;gemeente\nA;\n", &[]);
        assert_eq!(lines(&errors), [2, 3]);
        assert_eq!(errors[0].message, "naam ontbreekt");
        assert!(errors[1].message.starts_with("soort ontbreekt; kies uit: gemeente"));
    }

    #[test]
    fn bad_email_and_website() {
        let errors =
            org_errors("naam,soort,website,email\nA,zorg,www.a.nl,a@a.nl\nB,zorg,https://b.nl,b-at-b.nl\n", &[]);
        assert_eq!(lines(&errors), [2, 3]);
        assert_eq!(errors[0].message, "website ‘www.a.nl’ moet beginnen met http:// of https://");
        assert_eq!(errors[1].message, "e-mailadres ‘b-at-b.nl’ is ongeldig");
        for bad in ["https://", "ftp://x.nl", "https://a b.nl"] {
            assert!(!valid_website(bad), "{bad}");
        }
        assert!(valid_website("HTTPS://X.NL/pad?q=1"));
    }

    #[test]
    fn all_problems_of_one_row_are_reported() {
        let errors = org_errors("naam;soort;website;email\n;bank;x;y\n", &[]);
        assert_eq!(lines(&errors), [2, 2, 2, 2]);
        let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(all[0].starts_with("naam ontbreekt"));
        assert!(all[1].starts_with("soort ‘bank’"));
        assert!(all[2].starts_with("e-mailadres ‘y’"));
        assert!(all[3].starts_with("website ‘x’"));
    }

    #[test]
    fn name_too_long() {
        let ok = format!("naam;soort\n{};zorg\n", "é".repeat(NAME_MAX));
        assert!(parse_organisations(ok.as_bytes(), &[]).is_ok());
        let long = format!("naam;soort\n{};zorg\n", "é".repeat(NAME_MAX + 1));
        one_error(&org_errors(&long, &[]), 2, "naam is te lang: 201 tekens (hoogstens 200)");
    }

    #[test]
    fn duplicate_names_in_file_are_an_error_on_the_later_line() {
        let errors = org_errors("naam;soort\nZorgpartners;zorg\nAnders;zorg\n zorgPARTNERS ;zorg\n", &[]);
        one_error(&errors, 4, "organisatie ‘zorgPARTNERS’ staat al op regel 2");
    }

    #[test]
    fn names_that_exist_in_the_werkplaats() {
        let errors = org_errors("naam;soort\nGEMEENTE DORDRECHT;gemeente\nNieuw;zorg\n", &["Gemeente Dordrecht"]);
        one_error(&errors, 2, "organisatie ‘GEMEENTE DORDRECHT’ bestaat al in deze werkplaats");
    }

    #[test]
    fn unknown_columns_are_named() {
        let errors = org_errors("naam;soort;wbesite;Telefoon\nA;zorg;x;y\n", &[]);
        one_error(&errors, 1, "onbekende kolommen ‘wbesite’, ‘Telefoon’; toegestaan zijn: naam/name, soort/kind");
        let errors = org_errors("naam;soort;plaatss\nA;zorg;x\n", &[]);
        one_error(&errors, 1, "onbekende kolom ‘plaatss’;");
    }

    #[test]
    fn missing_required_columns() {
        let errors = org_errors("naam;plaats\nA;Dordrecht\n", &[]);
        one_error(&errors, 1, "verplichte kolom ‘soort’ of ‘kind’ ontbreekt");
        let errors = org_errors("plaats\nDordrecht\n", &[]);
        assert_eq!(lines(&errors), [1, 1]);
        let errors = people_errors("email,rol\na@b.nl,lector\n", &[]);
        one_error(&errors, 1, "verplichte kolom ‘naam’ of ‘name’ ontbreekt");
    }

    #[test]
    fn duplicate_columns() {
        let errors = org_errors("naam;soort;Name\nA;zorg;B\n", &[]);
        one_error(&errors, 1, "kolom ‘Name’ komt meer dan één keer voor");
    }

    #[test]
    fn header_errors_after_blank_lines_point_at_the_header() {
        let errors = org_errors("\n\nnaam;soortt\nA;zorg\n", &[]);
        assert_eq!(lines(&errors), [3, 3]);
    }

    #[test]
    fn wrong_number_of_fields() {
        let errors = org_errors("naam;soort;plaats\nA;zorg\nB;zorg;Dordrecht;extra\nC;zorg;Dordrecht\n", &[]);
        assert_eq!(lines(&errors), [2, 3]);
        assert_eq!(errors[0].message, "deze regel heeft 2 velden, de kopregel 3");
        assert_eq!(errors[1].message, "deze regel heeft 4 velden, de kopregel 3");
    }

    #[test]
    fn empty_lines_and_delimiter_only_lines_are_skipped() {
        let data = "naam;soort\n\nA;zorg\n\r\n;\n   \nB;welzijn\n\n";
        let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 7]);
    }

    #[test]
    fn nameless_trailing_column_is_ignored_unless_filled() {
        let rows = parse_organisations(b"naam;soort;\nA;zorg;\n", &[]).expect("valid");
        assert_eq!(rows.len(), 1);
        let errors = org_errors("naam;soort;\nA;zorg;iets\n", &[]);
        one_error(&errors, 2, "veld 3 heeft een waarde maar de kolom heeft geen naam");
    }

    #[test]
    fn line_numbers_after_a_multi_line_quoted_field() {
        let data = "naam;soort;plaats\n\
                    \"Stichting\nmet een\nlange naam\";zorg;Dordrecht\n\
                    B;bank;\n\
                    \"C\";zorg;\"Papendrecht\r\nNoord\"\n\
                    D;bank;\n";
        let errors = org_errors(data, &[]);
        assert_eq!(lines(&errors), [5, 8]);
        // And the rows themselves carry the line where they start.
        let ok = data.replace("bank", "zorg");
        let rows = parse_organisations(ok.as_bytes(), &[]).expect("valid");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5, 6, 8]);
        assert_eq!(rows[0].name, "Stichting\nmet een\nlange naam");
    }

    #[test]
    fn line_numbers_in_a_crlf_file_with_blank_lines_and_multi_line_fields() {
        let data = "\u{feff}naam;soort;plaats\r\n\r\n\
                    A;bank;\r\n\
                    \r\n\r\n\
                    \"B\r\nmet\r\nregels\";zorg;\"x\r\ny\"\r\n\
                    \"C\r\n\";bank;\r\n\
                    \r\n\
                    D;zorg\r\n\
                    E;\"\r\nbank\r\n\";\r\n";
        let errors = org_errors(data, &[]);
        assert_eq!(lines(&errors), [3, 10, 13, 14], "{errors:#?}");
        assert!(errors[2].message.starts_with("deze regel heeft 2 velden"));
    }

    #[test]
    fn not_utf8() {
        let data = b"naam;soort\nGemeente \xe9\xe9n;gemeente\n";
        assert_eq!(
            parse_organisations(data, &[]),
            Err(vec![RowError { line: 0, message: "Het bestand is geen geldige UTF-8-tekst.".into() }])
        );
        assert_eq!(parse_people(b"\xff\xfen\x00", &[]).map_err(|e| e[0].line), Err(0));
    }

    #[test]
    fn empty_file() {
        let empty = Err(vec![RowError { line: 0, message: "Het bestand is leeg.".into() }]);
        assert_eq!(parse_organisations(b"", &[]), empty);
        assert_eq!(parse_organisations("\u{feff}".as_bytes(), &[]), empty);
        assert_eq!(parse_organisations(b" \r\n\n", &[]), empty);
        assert_eq!(parse_people(b"", &[]), Err(vec![RowError { line: 0, message: "Het bestand is leeg.".into() }]));
    }

    #[test]
    fn errors_are_capped() {
        let mut data = String::from("naam;soort\n");
        for i in 0..1500 {
            writeln!(data, "Org {i};bank").expect("write");
        }
        let errors = org_errors(&data, &[]);
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert_eq!(errors[MAX_ERRORS - 1].line, MAX_ERRORS + 1);
        let last = &errors[MAX_ERRORS];
        assert_eq!(last.line, 0);
        assert_eq!(last.message, "nog 500 fouten zijn weggelaten; herstel eerst de fouten hierboven");

        let mut exact = String::from("naam;soort\n");
        for i in 0..MAX_ERRORS {
            writeln!(exact, "Org {i};bank").expect("write");
        }
        assert_eq!(org_errors(&exact, &[]).len(), MAX_ERRORS);
        writeln!(exact, "Nog een;bank").expect("write");
        let errors = org_errors(&exact, &[]);
        assert_eq!(errors[MAX_ERRORS].message, "nog 1 fout is weggelaten; herstel eerst de fouten hierboven");
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let data = format!("naam;soort\nA;{}\n", "x".repeat(500));
        let errors = org_errors(&data, &[]);
        assert!(errors[0].message.starts_with(&format!("soort ‘{}…’ is onbekend", "x".repeat(ECHO_MAX))));
    }

    #[test]
    fn ten_thousand_rows_quickly() {
        let start = std::time::Instant::now();
        let mut orgs = String::from("naam;soort;plaats;website;email\n");
        let mut people = String::from("name,email,organisation,role\n");
        let kinds = OrganisationKind::ALL;
        let roles = Role::ALL;
        for i in 0..10_000 {
            let kind = kinds[i % kinds.len()].code();
            writeln!(orgs, "Organisatie {i};{kind};Plaats {i};https://org{i}.example;info@org{i}.example")
                .expect("write");
            let role = roles[i % roles.len()].code();
            writeln!(people, "Persoon {i},p{i}@example.nl,organisatie {},{role}", i % 100).expect("write");
        }
        let rows = parse_organisations(orgs.as_bytes(), &[]).expect("valid");
        assert_eq!(rows.len(), 10_000);
        assert_eq!(rows[9_999].line, 10_001);
        let existing: Vec<String> = (0..100).map(|i| format!("Organisatie {i}")).collect();
        let people = parse_people(people.as_bytes(), &existing).expect("valid");
        assert_eq!(people.len(), 10_000);
        assert_eq!(people[42].organisation.as_deref(), Some("Organisatie 42"));
        // Generous for debug builds on a busy machine; a release build takes a few milliseconds.
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "took {:?}", start.elapsed());
    }

    // --- people -----------------------------------------------------------------------------

    #[test]
    fn people_dutch_semicolon() {
        let data = "\u{feff}Naam;E-mail;Organisatie;Rol\n\
                    Anna de Vries;Anna@Example.NL;hogeschool rotterdam;Lector\n\
                    Bert;;;\n\
                    Carla;carla@example.nl;Gemeente Dordrecht;programmacoördinator\n";
        let rows =
            parse_people(data.as_bytes(), &names(&["Hogeschool Rotterdam", "Gemeente Dordrecht"])).expect("valid");
        assert_eq!(
            rows,
            vec![
                PersonRow {
                    line: 2,
                    name: "Anna de Vries".into(),
                    email: Some("anna@example.nl".into()),
                    organisation: Some("Hogeschool Rotterdam".into()),
                    role: Some(Role::Lector),
                },
                PersonRow { line: 3, name: "Bert".into(), email: None, organisation: None, role: None },
                PersonRow {
                    line: 4,
                    name: "Carla".into(),
                    email: Some("carla@example.nl".into()),
                    organisation: Some("Gemeente Dordrecht".into()),
                    role: Some(Role::ProgrammeCoordinator),
                },
            ]
        );
    }

    #[test]
    fn people_english_comma_without_optional_columns() {
        let rows = parse_people(b"NAME\r\n\"Jansen, Piet\"\r\nKlaas\r\n", &[]).expect("valid");
        assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Jansen, Piet", "Klaas"]);
        let rows = parse_people(b"name,role,organisation\nAnna,teacher-researcher,The Org\n", &names(&["the org"]))
            .expect("valid");
        assert_eq!(rows[0].role, Some(Role::TeacherResearcher));
        assert_eq!(rows[0].organisation.as_deref(), Some("the org"));
    }

    #[test]
    fn every_role_spelling() {
        let cases: &[(&str, Role)] = &[
            ("programmacoördinator", Role::ProgrammeCoordinator),
            ("Programmacoordinator", Role::ProgrammeCoordinator),
            ("programme_coordinator", Role::ProgrammeCoordinator),
            ("lector", Role::Lector),
            ("docent-onderzoeker", Role::TeacherResearcher),
            ("themaleider", Role::ThemeLead),
            ("projectondersteuner", Role::ProjectSupport),
            ("consortiumlid", Role::ConsortiumMember),
            ("professional", Role::Professional),
            ("Student", Role::Student),
            ("burger", Role::Citizen),
            ("landelijke kennispartner", Role::NationalPartner),
            ("landelijke_kennispartner", Role::NationalPartner),
        ];
        for (raw, role) in cases {
            assert_eq!(parse_role(raw), Some(*role), "{raw}");
        }
        for role in Role::ALL {
            assert_eq!(parse_role(role.code()), Some(role));
            assert_eq!(parse_role(&role.code().to_uppercase()), Some(role));
        }
        assert_eq!(parse_role("baas"), None);
    }

    #[test]
    fn people_errors_each_kind() {
        let data = "naam;email;organisatie;rol\n\
                    ;a@example.nl;;\n\
                    Bea;geen-adres;;\n\
                    Cor;c@example.nl;Onbekende Stichting;\n\
                    Dirk;d@example.nl;;baas\n\
                    Eva;C@EXAMPLE.NL;;\n\
                    Fenna;f@example.nl;Bekend;lector;te veel\n";
        let errors = people_errors(data, &["Bekend"]);
        assert_eq!(lines(&errors), [2, 3, 4, 5, 6, 7], "{errors:#?}");
        assert_eq!(errors[0].message, "naam ontbreekt");
        assert_eq!(errors[1].message, "e-mailadres ‘geen-adres’ is ongeldig");
        assert_eq!(
            errors[2].message,
            "organisatie ‘Onbekende Stichting’ bestaat niet in deze werkplaats en staat ook niet in deze import"
        );
        assert!(errors[3].message.starts_with("rol ‘baas’ is onbekend; kies uit: programme-coordinator, lector"));
        assert_eq!(errors[4].message, "e-mailadres ‘c@example.nl’ staat al op regel 4");
        assert_eq!(errors[5].message, "deze regel heeft 5 velden, de kopregel 4");
    }

    #[test]
    fn people_unknown_column() {
        let errors = people_errors("naam;emial\nAnna;a@b.nl\n", &[]);
        one_error(
            &errors,
            1,
            "onbekende kolom ‘emial’; toegestaan zijn: naam/name, email/e-mail, organisatie/organisation",
        );
    }

    #[test]
    fn people_without_email_are_not_duplicates() {
        let rows = parse_people(b"naam;email\nAnna;\nAnna;\n", &[]).expect("valid");
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn row_error_serialises() {
        let e = RowError { line: 3, message: "naam ontbreekt".into() };
        assert_eq!(serde_json::to_string(&e).expect("json"), r#"{"line":3,"message":"naam ontbreekt"}"#);
    }
}
