//! CSV import of contributions (inzet), the same way organisations are imported (`kernel::csv`):
//! UTF-8 or Windows-1252, `;` or `,`, Dutch or English column names, the whole file validated
//! first with every bad row reported in Dutch with its line number, then all rows written in one
//! transaction — or none, when any row is bad. A dry run validates and writes nothing.
//!
//! Columns (Dutch / English; * required): `organisatie`/`organisation`* (name or id of an
//! organisation of this werkplaats), `jaar`/`year`*, `soort`/`kind`* (`geld`/`cash`,
//! `natura`/`in_kind`), `bedrag`/`amount`* (euros: `1.234,56`, `1234,56`, `1234.56`, `€ 1.234`),
//! `status`* (`gepland`/`planned`, `gerealiseerd`/`realised`), `subsidie`/`grant` (title or id),
//! `project` (title or id), `uren`/`hours`, `tarief`/`rate` (euros per hour),
//! `toelichting`/`justification`.
//!
//! Hostile input: at most [`MAX_BYTES`] and [`MAX_ROWS`] rows, no line longer than
//! [`MAX_LINE`] characters, and no cell that a spreadsheet would run as a formula.
use super::contributions::write;
use super::inputs::{ContributionInput, NameOrId};
use super::manage::load_grants;
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::csv::{Column, RowError, file_error, parse_file, quote};
use crate::kernel::tx::commit;
use crate::{Core, CoreError};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::organisation as org_q;
use broedplaats_store::{StoreError, Tenant};
use serde::Serialize;

/// Largest file accepted, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most data rows in one file.
pub const MAX_ROWS: usize = 5000;
/// Longest line, in characters.
pub const MAX_LINE: usize = 4000;

/// What a (dry) run of the import found or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContributionImport {
    /// Contributions written (0 on a dry run).
    pub created: usize,
    /// Valid rows: what was, or on a dry run would be, created.
    pub valid: usize,
    pub dry_run: bool,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has bad rows (every one of them, up to `kernel::csv::MAX_ERRORS`); nothing was written.
    #[error("the file has {} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Core(CoreError::from(e))
    }
}

/// A valid row: its line and the contribution it becomes.
#[derive(Debug, Clone)]
pub struct ImportedRow {
    pub line: usize,
    pub input: ContributionInput,
    /// The organisation's name as stored, for a preview.
    pub organisation: String,
    /// The grant's title, if any, for a preview.
    pub grant: Option<String>,
}

/// What the rows may refer to: (id, name) of organisations, (id, title, first year, last year)
/// of grants, (id, title) of projects — all of this werkplaats.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    pub organisations: Vec<(i64, String)>,
    pub grants: Vec<(i64, String, i64, i64)>,
    pub projects: Vec<(i64, String)>,
}

const ORGANISATION: &str = "organisation";
const YEAR: &str = "year";
const KIND: &str = "kind";
const AMOUNT: &str = "amount";
const STATUS: &str = "status";
const GRANT: &str = "grant";
const PROJECT: &str = "project";
const HOURS: &str = "hours";
const RATE: &str = "rate";
const JUSTIFICATION: &str = "justification";

pub const COLUMNS: &[Column] = &[
    Column { key: ORGANISATION, names: &["organisatie", "organisation"], required: true },
    Column { key: YEAR, names: &["jaar", "year"], required: true },
    Column { key: KIND, names: &["soort", "kind"], required: true },
    Column { key: AMOUNT, names: &["bedrag", "amount"], required: true },
    Column { key: STATUS, names: &["status"], required: true },
    Column { key: GRANT, names: &["subsidie", "grant"], required: false },
    Column { key: PROJECT, names: &["project"], required: false },
    Column { key: HOURS, names: &["uren", "hours"], required: false },
    Column { key: RATE, names: &["tarief", "rate"], required: false },
    Column { key: JUSTIFICATION, names: &["toelichting", "justification"], required: false },
];

fn key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A euro amount as Dutch and English spreadsheets write it: `1.234,56`, `1234,56`, `1234.56`,
/// `1.234` (a thousand two hundred thirty-four), with an optional `€` and spaces.
pub fn parse_amount(raw: &str) -> Option<f64> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}').collect();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')) {
        return None;
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    if digits.contains('-') || digits.is_empty() {
        return None;
    }
    let thousands_ok = |int: &str| {
        let groups: Vec<&str> = int.split('.').collect();
        groups.len() == 1 || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3))
    };
    let plain = if let Some((int, frac)) = digits.split_once(',') {
        // Dutch: `.` groups thousands, `,` is the decimal comma.
        if frac.contains(',') || frac.contains('.') || !thousands_ok(int) || int.is_empty() {
            return None;
        }
        format!("{}.{frac}", int.replace('.', ""))
    } else if digits.matches('.').count() == 1 && !digits.ends_with('.') && digits.split('.').nth(1)?.len() != 3 {
        digits.to_owned() // 1234.56: a decimal point
    } else if thousands_ok(digits) {
        digits.replace('.', "")
    } else {
        return None;
    };
    let v: f64 = plain.parse().ok()?;
    Some(if neg { -v } else { v })
}

fn parse_kind(raw: &str) -> Option<&'static str> {
    match key(raw).as_str() {
        "geld" | "cash" | "contant" => Some("cash"),
        "natura" | "in natura" | "in_kind" | "in kind" | "in-kind" => Some("in_kind"),
        _ => None,
    }
}

fn parse_status(raw: &str) -> Option<&'static str> {
    match key(raw).as_str() {
        "gepland" | "planned" | "toegezegd" => Some("planned"),
        "gerealiseerd" | "realised" | "realized" => Some("realised"),
        _ => None,
    }
}

/// A cell a spreadsheet would run as a formula.
fn formula(value: &str) -> bool {
    value.starts_with(['=', '+', '@']) || value.starts_with('-') && parse_amount(value).is_none()
}

/// Finds an item by id (`12`) or by name, case-insensitive.
fn find<'a, T>(items: &'a [T], raw: &str, id: impl Fn(&T) -> i64, name: impl Fn(&T) -> &str) -> Option<&'a T> {
    if let Ok(n) = raw.trim().parse::<i64>()
        && let Some(found) = items.iter().find(|i| id(i) == n)
    {
        return Some(found);
    }
    let k = key(raw);
    items.iter().find(|i| key(name(i)) == k)
}

/// The Dutch column name of a field of `ContributionInput`.
fn column_of(field: &str) -> &'static str {
    match field {
        "organisation" => "organisatie",
        "year" => "jaar",
        "kind" => "soort",
        "amount" => "bedrag",
        "status" => "status",
        "grant_id" => "subsidie",
        "project_id" => "project",
        "hours" => "uren",
        "rate" => "tarief",
        _ => "toelichting",
    }
}

/// A field error of a contribution in Dutch words, naming the column.
pub fn dutch(field: &str, kind: &FieldErrorKind) -> String {
    let column = column_of(field);
    let reason = match kind {
        FieldErrorKind::Required => "ontbreekt".to_owned(),
        FieldErrorKind::TooLong { max } => format!("is te lang (hoogstens {max} tekens)"),
        FieldErrorKind::TooShort { min } => format!("is te kort (minstens {min} tekens)"),
        FieldErrorKind::TooMany { max } => format!("heeft te veel waarden (hoogstens {max})"),
        FieldErrorKind::Invalid => "is ongeldig".to_owned(),
        FieldErrorKind::Duplicate => "komt dubbel voor".to_owned(),
        FieldErrorKind::UnknownValue { allowed } => format!("is onbekend; kies uit: {}", allowed.join(", ")),
        FieldErrorKind::Refused { key } => match *key {
            "grants.refused.negative" => "kan niet negatief zijn".to_owned(),
            "grants.refused.too_large" => "is te groot (hoogstens € 1.000.000.000)".to_owned(),
            "grants.refused.year_outside" => "valt buiten de looptijd van de subsidie".to_owned(),
            "grants.refused.organisation_unknown" => "is geen partner van deze werkplaats".to_owned(),
            _ => "wordt geweigerd".to_owned(),
        },
    };
    format!("{column} {reason}")
}

fn too_big(data: &[u8]) -> Option<Vec<RowError>> {
    if data.len() > MAX_BYTES {
        return Some(file_error(&format!(
            "Het bestand is te groot: hoogstens {} MB. Splits het in kleinere bestanden.",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    // Lines with something on them, the header included (a quoted line break counts too: a
    // conservative cap).
    let filled = data.split(|b| *b == b'\n').filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).count();
    if filled > MAX_ROWS + 1 {
        return Some(file_error(&format!(
            "Het bestand heeft meer dan {MAX_ROWS} regels. Splits het in kleinere bestanden."
        )));
    }
    let mut errors = Vec::new();
    for (i, line) in data.split(|b| *b == b'\n').enumerate() {
        if line.len() > MAX_LINE * 4 || String::from_utf8_lossy(line).chars().count() > MAX_LINE {
            errors.push(RowError {
                line: i + 1,
                message: format!("deze regel is te lang (hoogstens {MAX_LINE} tekens)"),
            });
            if errors.len() >= 20 {
                break;
            }
        }
    }
    (!errors.is_empty()).then_some(errors)
}

/// Parses and validates a contributions file against what the werkplaats has. Pure: no IO.
pub fn parse_contributions(data: &[u8], l: &Lookups) -> Result<Vec<ImportedRow>, Vec<RowError>> {
    if let Some(errors) = too_big(data) {
        return Err(errors);
    }
    let rows = parse_file(data, COLUMNS, |line, f, errors| {
        for (k, column) in
            [(ORGANISATION, "organisatie"), (GRANT, "subsidie"), (PROJECT, "project"), (JUSTIFICATION, "toelichting")]
        {
            if let Some(v) = f.get(k)
                && formula(v)
            {
                errors.push(format!(
                    "{column} {} begint met ‘{}’ en lijkt op een formule; haal de formule weg",
                    quote(v),
                    &v[..1]
                ));
            }
        }
        let organisation = match f.get(ORGANISATION) {
            None => {
                errors.push("organisatie ontbreekt".to_owned());
                None
            }
            Some(raw) => find(&l.organisations, raw, |o| o.0, |o| o.1.as_str()).or_else(|| {
                errors.push(format!(
                    "organisatie {} is geen partner van deze werkplaats; voeg haar eerst toe bij de partners",
                    quote(raw)
                ));
                None
            }),
        };
        let year = match f.get(YEAR) {
            None => {
                errors.push("jaar ontbreekt".to_owned());
                None
            }
            Some(raw) => raw.parse::<i64>().ok().or_else(|| {
                errors.push(format!("jaar {} is geen jaartal", quote(raw)));
                None
            }),
        };
        let kind = match f.get(KIND) {
            None => {
                errors.push("soort ontbreekt; kies uit: geld, natura".to_owned());
                None
            }
            Some(raw) => parse_kind(raw).or_else(|| {
                errors.push(format!("soort {} is onbekend; kies uit: geld, natura (of cash, in_kind)", quote(raw)));
                None
            }),
        };
        let status = match f.get(STATUS) {
            None => {
                errors.push("status ontbreekt; kies uit: gepland, gerealiseerd".to_owned());
                None
            }
            Some(raw) => parse_status(raw).or_else(|| {
                errors.push(format!(
                    "status {} is onbekend; kies uit: gepland, gerealiseerd (of planned, realised)",
                    quote(raw)
                ));
                None
            }),
        };
        let mut number = |k: &str, column: &str, required: bool| -> Option<f64> {
            match f.get(k) {
                None if required => {
                    errors.push(format!("{column} ontbreekt"));
                    None
                }
                None => None,
                Some(raw) => parse_amount(raw).or_else(|| {
                    errors.push(format!("{column} {} is geen bedrag of getal (bijvoorbeeld 1.234,56)", quote(raw)));
                    None
                }),
            }
        };
        let amount = number(AMOUNT, "bedrag", true);
        let hours = number(HOURS, "uren", false);
        let rate = number(RATE, "tarief", false);
        let grant = f.get(GRANT).and_then(|raw| {
            find(&l.grants, raw, |g| g.0, |g| g.1.as_str()).or_else(|| {
                errors.push(format!("subsidie {} bestaat niet in deze werkplaats", quote(raw)));
                None
            })
        });
        if let (Some(g), Some(y)) = (grant, year)
            && !(g.2..=g.3).contains(&y)
        {
            errors.push(format!("jaar {y} valt buiten de looptijd van subsidie {} ({}–{})", quote(&g.1), g.2, g.3));
        }
        let project = f.get(PROJECT).and_then(|raw| {
            find(&l.projects, raw, |p| p.0, |p| p.1.as_str()).or_else(|| {
                errors.push(format!("project {} bestaat niet in deze werkplaats", quote(raw)));
                None
            })
        });
        let input = ContributionInput {
            organisation: NameOrId::Id(organisation?.0),
            year: year?,
            kind: kind?.to_owned(),
            amount: amount?,
            status: status?.to_owned(),
            grant_id: grant.map(|g| g.0),
            project_id: project.map(|p| p.0),
            theme_group_id: None,
            hours,
            rate,
            justification: f.get(JUSTIFICATION).map(str::to_owned),
        };
        if let Err(e) = input.validate() {
            errors.extend(e.0.iter().map(|e| dutch(&e.field, &e.kind)));
            return None;
        }
        Some(ImportedRow { line, input, organisation: organisation?.1.clone(), grant: grant.map(|g| g.1.clone()) })
    })?;
    Ok(rows)
}

fn year_of(date: &str) -> i64 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

impl Core {
    /// What a contributions file may refer to in this werkplaats.
    async fn contribution_lookups(
        &self,
        conn: &mut broedplaats_store::Conn,
        tenant: &Tenant,
    ) -> Result<Lookups, CoreError> {
        let organisations = org_q::all_organisation_names(conn, tenant).await?;
        let grants = load_grants(conn, tenant)
            .await?
            .into_iter()
            .map(|g| (g.id, g.title.clone(), year_of(&g.starts_on), year_of(&g.ends_on)))
            .collect();
        let projects = org_q::projects(conn, tenant, None, true).await?.into_iter().map(|p| (p.id, p.title)).collect();
        Ok(Lookups { organisations, grants, projects })
    }

    /// Checks a contributions file without writing: the rows it would create, or every problem.
    /// Coordinators and lectoren of the werkplaats only.
    pub async fn preview_contributions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        data: &[u8],
    ) -> Result<Vec<ImportedRow>, ImportError> {
        require_manager(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let lookups = self.contribution_lookups(&mut conn, tenant).await?;
        parse_contributions(data, &lookups).map_err(ImportError::Invalid)
    }

    /// Imports contributions from a CSV file, all or nothing (see the module documentation);
    /// `dry_run` only checks. Every contribution is audited as created.
    pub async fn import_contributions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        data: &[u8],
        dry_run: bool,
    ) -> Result<ContributionImport, ImportError> {
        let actor = require_manager(actor, tenant)?;
        if dry_run {
            let rows = self.preview_contributions(Some(actor), tenant, data).await?;
            return Ok(ContributionImport { created: 0, valid: rows.len(), dry_run: true });
        }
        // Validate inside the write transaction, against the werkplaats as it is now.
        let mut tx = self.store.begin().await?;
        let lookups = self.contribution_lookups(&mut tx, tenant).await?;
        let rows = parse_contributions(data, &lookups).map_err(ImportError::Invalid)?;
        for row in &rows {
            match write(&mut tx, tenant, actor, None, &row.input).await {
                Ok(_) => {}
                Err(CoreError::Invalid(e)) => return Err(ImportError::Invalid(row_errors(row.line, &e))),
                Err(other) => return Err(other.into()),
            }
        }
        commit(tx).await?;
        tracing::info!(werkplaats = tenant.log_id(), created = rows.len(), "contributions imported");
        Ok(ContributionImport { created: rows.len(), valid: rows.len(), dry_run: false })
    }
}

fn row_errors(line: usize, e: &FieldErrors) -> Vec<RowError> {
    e.0.iter().map(|e| RowError { line, message: dutch(&e.field, &e.kind) }).collect()
}

/// Organisations by lower-cased name, for tests.
#[cfg(test)]
fn lookups(names: &[&str]) -> Lookups {
    let organisations = names.iter().enumerate().map(|(i, n)| (i as i64 + 1, (*n).to_owned())).collect();
    Lookups { organisations, grants: vec![(10, "Kernsubsidie".into(), 2023, 2026)], projects: vec![] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_amounts() {
        for (raw, v) in [
            ("1.234,56", 1234.56),
            ("1234,56", 1234.56),
            ("1234.56", 1234.56),
            ("€ 1.234", 1234.0),
            ("1.234.567", 1_234_567.0),
            ("12", 12.0),
            ("0,5", 0.5),
            ("-5", -5.0),
        ] {
            assert_eq!(parse_amount(raw), Some(v), "{raw}");
        }
        for raw in ["", "1,2,3", "12a", "1.23.4", "1.2,3,4", "--5", "=1+1", "1.23,4.5"] {
            assert_eq!(parse_amount(raw), None, "{raw}");
        }
    }

    #[test]
    fn rows_with_their_problems_in_dutch() {
        let l = lookups(&["Gemeente Dordrecht", "Hogeschool Rotterdam"]);
        let ok = "organisatie;jaar;soort;bedrag;status;subsidie;uren;tarief;toelichting\n\
                  gemeente dordrecht;2024;natura;1.234,56;gerealiseerd;Kernsubsidie;10;123,45;Uren\n\
                  2;2024;cash;1000;planned;;;;\n";
        let rows = parse_contributions(ok.as_bytes(), &l).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].input.organisation, NameOrId::Id(1));
        assert_eq!(rows[0].input.amount, 1234.56);
        assert_eq!(rows[0].input.rate, Some(123.45));
        assert_eq!(rows[0].input.grant_id, Some(10));
        assert_eq!(rows[1].organisation, "Hogeschool Rotterdam");

        let bad = "organisatie;jaar;soort;bedrag;status;subsidie\n\
                   Onbekend;2024;geld;10;gepland;\n\
                   Gemeente Dordrecht;2030;goud;-3;gepland;Kernsubsidie\n\
                   =HYPERLINK(\"x\");2024;geld;1;gepland;\n";
        let errors = parse_contributions(bad.as_bytes(), &l).expect_err("bad rows");
        let text = |line: usize| {
            errors.iter().filter(|e| e.line == line).map(|e| e.message.clone()).collect::<Vec<_>>().join(" | ")
        };
        assert!(text(2).contains("geen partner van deze werkplaats"), "{errors:?}");
        assert!(text(3).contains("soort ‘goud’ is onbekend"), "{errors:?}");
        assert!(text(3).contains("buiten de looptijd"), "{errors:?}");
        assert!(text(4).contains("lijkt op een formule"), "{errors:?}");
    }

    #[test]
    fn hostile_files_get_a_clear_error() {
        let l = lookups(&["A"]);
        let long = format!("organisatie;jaar;soort;bedrag;status\nA;2024;geld;1;gepland;{}\n", "x".repeat(MAX_LINE));
        let e = parse_contributions(long.as_bytes(), &l).expect_err("long line");
        assert!(e[0].message.contains("te lang") && e[0].line == 2, "{e:?}");
        let mut many = String::from("organisatie;jaar;soort;bedrag;status\n");
        for _ in 0..=MAX_ROWS {
            many.push_str("A;2024;geld;1;gepland\n");
        }
        let e = parse_contributions(many.as_bytes(), &l).expect_err("too many rows");
        assert_eq!(e.len(), 1, "one message for the whole file");
        assert!(e[0].message.contains("meer dan 5000 regels") && e[0].line == 0, "{e:?}");
        let e = parse_contributions(&[0xff, 0xfe, 0x41, 0x00], &l).expect_err("UTF-16");
        assert!(e[0].message.contains("UTF-8"), "{e:?}");
        // Windows-1252: ö as 0xF6.
        let cp = b"organisatie;jaar;soort;bedrag;status;toelichting\nA;2024;geld;1;gepland;co\xf6rdinatie\n";
        let rows = parse_contributions(cp, &l).expect("Windows-1252");
        assert_eq!(rows[0].input.justification.as_deref(), Some("coördinatie"));
    }
}
