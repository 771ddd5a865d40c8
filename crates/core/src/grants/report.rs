//! The annual report: the activity report (activities realised, goals and outcomes, products,
//! compliance with the grant conditions, plan vs realised) and the financial report (budget vs
//! realised per line, matching), assembled from the data as a `broedplaats_report::Report` for one
//! year, for the whole werkplaats or one grant. Narratives per section are saved as versions; the
//! newest is used.
use super::inputs::{MAX_DESCRIPTION, NarrativesInput};
use super::manage::{load_grants, load_lines};
use super::matching::{load_sums, matching_of};
use super::{GrantView, MatchingView};
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::{audit, json};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, YEARS};
use broedplaats_report::{Block, Cell, Chart, ChartKind, Column, ColumnKind, Report, Section, Series, Table};
use broedplaats_store::grants::{self as q, ReportVersionRow};
use broedplaats_store::{Conn, Tenant};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The sections that take a narrative, in report order, with their Dutch headings.
pub const SECTION_KEYS: [(&str, &str); 7] = [
    ("activities", "Gerealiseerde activiteiten"),
    ("outcomes", "Doelen en resultaten"),
    ("products", "Kennisproducten"),
    ("conditions", "Naleving van de subsidievoorwaarden"),
    ("plan", "Plan en realisatie"),
    ("budget", "Financieel verslag: begroting en realisatie"),
    ("matching", "Matching: inzet van hogescholen en partners"),
];

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportVersionView {
    pub id: i64,
    pub year: i64,
    pub grant_id: Option<i64>,
    pub narratives: BTreeMap<String, String>,
    pub saved_by: String,
    pub saved_at: String,
}

fn version_view(r: ReportVersionRow) -> ReportVersionView {
    ReportVersionView {
        id: r.id,
        year: r.year,
        grant_id: r.grant_id,
        narratives: serde_json::from_str(&r.narratives).unwrap_or_default(),
        saved_by: r.saved_by_name,
        saved_at: r.saved_at,
    }
}

fn check_year(year: i64) -> Result<()> {
    if YEARS.contains(&(year as i32)) {
        Ok(())
    } else {
        Err(FieldErrors::single("year", FieldErrorKind::Invalid).into())
    }
}

async fn check_grant(conn: &mut Conn, t: &Tenant, grant_id: Option<i64>) -> Result<()> {
    if let Some(g) = grant_id
        && !q::exists(conn, t, q::Ref::Grant, g).await?
    {
        return Err(FieldErrors::single("grant_id", FieldErrorKind::Invalid).into());
    }
    Ok(())
}

fn cents(euros: f64) -> i64 {
    (euros * 100.0).round() as i64
}

fn col(header: &str, kind: ColumnKind) -> Column {
    Column { header: header.to_owned(), kind }
}

fn table(name: &str, caption: String, columns: Vec<Column>, rows: Vec<Vec<Cell>>, total_row: bool) -> Table {
    Table { name: name.to_owned(), caption, columns, rows, total_row }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn status_nl(code: &str) -> &'static str {
    match code {
        "ok" => "voldaan",
        "warning" => "let op",
        "violation" => "niet voldaan",
        "not_assessable" => "niet te beoordelen",
        "planned" => "gepland",
        "in_progress" => "bezig",
        "achieved" => "behaald",
        "realised" => "gerealiseerd",
        _ => "onbekend",
    }
}

fn kind_nl(code: &str) -> String {
    match code {
        "burger_clientorganisatie" => "burger- of cliëntorganisatie".into(),
        "landelijke_kennispartner" => "landelijke kennispartner".into(),
        other => other.replace('_', " "),
    }
}

impl Core {
    /// Saves the narratives of a report as a new version (coordinator or lector).
    pub async fn save_report_narratives(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        input: &NarrativesInput,
    ) -> Result<ReportVersionView> {
        let actor = require_manager(actor, tenant)?;
        check_year(input.year)?;
        let mut e = FieldErrors::new();
        let mut clean = BTreeMap::new();
        for (key, value) in &input.narratives {
            if !SECTION_KEYS.iter().any(|(k, _)| k == key) {
                e.push(
                    format!("narratives.{}", key.chars().take(40).collect::<String>()),
                    FieldErrorKind::UnknownValue { allowed: SECTION_KEYS.iter().map(|(k, _)| *k).collect() },
                );
                continue;
            }
            if value.trim().is_empty() {
                continue;
            }
            if let Some(v) = e.take(&format!("narratives.{key}"), BoundedText::<MAX_DESCRIPTION>::parse(value)) {
                clean.insert(key.clone(), v.into_inner());
            }
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut tx = self.store.begin().await?;
        check_grant(&mut tx, tenant, input.grant_id).await?;
        let id = q::insert_report_version(
            &mut tx,
            tenant,
            (input.year, input.grant_id),
            &json(&clean)?,
            (actor.account_id, &actor.name),
        )
        .await?;
        let after = q::report_versions(&mut tx, tenant, input.year, input.grant_id)
            .await?
            .into_iter()
            .find(|v| v.id == id)
            .map(version_view)
            .ok_or(CoreError::NotFound)?;
        audit(&mut tx, tenant, actor, ("report_version", id), "create", None, Some(&after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    /// The saved versions of a report, newest first.
    pub async fn report_versions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        year: i64,
        grant_id: Option<i64>,
    ) -> Result<Vec<ReportVersionView>> {
        require_manager(actor, tenant)?;
        check_year(year)?;
        let mut conn = self.store.conn().await?;
        check_grant(&mut conn, tenant, grant_id).await?;
        Ok(q::report_versions(&mut conn, tenant, year, grant_id).await?.into_iter().map(version_view).collect())
    }

    /// Assembles the annual report of `year` (the whole werkplaats, or one grant).
    pub async fn annual_report(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        year: i64,
        grant_id: Option<i64>,
    ) -> Result<Report> {
        require_manager(actor, tenant)?;
        check_year(year)?;
        let mut conn = self.store.conn().await?;
        check_grant(&mut conn, tenant, grant_id).await?;
        assemble(&mut conn, tenant, year, grant_id, self.current_year()).await
    }
}

/// Builds the report from the data; no access check (the use case and the benchmark call it).
pub async fn assemble(
    conn: &mut Conn,
    t: &Tenant,
    year: i64,
    grant_id: Option<i64>,
    current_year: i64,
) -> Result<Report> {
    let narratives: BTreeMap<String, String> = q::report_versions(conn, t, year, grant_id)
        .await?
        .into_iter()
        .next()
        .map(|v| serde_json::from_str(&v.narratives).unwrap_or_default())
        .unwrap_or_default();
    let grants: Vec<GrantView> =
        load_grants(conn, t).await?.into_iter().filter(|g| grant_id.is_none_or(|id| g.id == id)).collect();
    let sums = load_sums(conn, t, grant_id).await?;
    let matching: Vec<MatchingView> = grants.iter().map(|g| matching_of(g, &sums, current_year)).collect();
    let lines = load_lines(conn, t, grant_id).await?;
    let contributions = q::contributions(conn, t, Some(year), grant_id).await?;
    let outcomes = q::outcomes(conn, t, Some(year)).await?;
    let activities = q::activities_of_year(conn, t, year).await?;
    let products = q::products_of_year(conn, t, year).await?;

    let mut sections: BTreeMap<&str, Vec<Block>> = BTreeMap::new();

    // Activities realised: nature, reach, attendance.
    let rows = activities
        .iter()
        .map(|a| {
            vec![
                text(a.starts_at.get(..10).unwrap_or_default()),
                text(&a.title),
                text(a.kind.replace('_', " ")),
                text(match a.audience.as_str() {
                    "public" => "openbaar",
                    "partners" => "partners",
                    _ => "leden",
                }),
                Cell::Integer(a.attendance_count.unwrap_or(a.attended)),
            ]
        })
        .collect();
    sections.entry("activities").or_default().push(Block::Table(table(
        "Activiteiten",
        format!("Activiteiten in {year}: aard, bereik en opkomst"),
        vec![
            col("Datum", ColumnKind::Text),
            col("Titel", ColumnKind::Text),
            col("Aard", ColumnKind::Text),
            col("Bereik", ColumnKind::Text),
            col("Aanwezig", ColumnKind::Integer),
        ],
        rows,
        true,
    )));

    // Outcomes, with their status as recorded (never averaged) and per beneficiary group.
    let mut per_group: BTreeMap<String, i64> = BTreeMap::new();
    let rows = outcomes
        .iter()
        .map(|o| {
            let beneficiaries: Vec<String> = serde_json::from_str(&o.beneficiaries).unwrap_or_default();
            for b in &beneficiaries {
                *per_group.entry(b.clone()).or_default() += 1;
            }
            let evidence: Vec<serde_json::Value> = serde_json::from_str(&o.evidence).unwrap_or_default();
            vec![
                text(&o.title),
                text(status_nl(&o.status)),
                text(beneficiaries.join(", ")),
                Cell::Integer(evidence.len() as i64),
            ]
        })
        .collect();
    let outcome_blocks = sections.entry("outcomes").or_default();
    outcome_blocks.push(Block::Table(table(
        "Resultaten",
        format!("Resultaten in {year} met hun stand en bewijs"),
        vec![
            col("Resultaat", ColumnKind::Text),
            col("Stand", ColumnKind::Text),
            col("Voor wie", ColumnKind::Text),
            col("Bewijsstukken", ColumnKind::Integer),
        ],
        rows,
        false,
    )));
    outcome_blocks.push(Block::Table(table(
        "Resultaten per doelgroep",
        format!("Aantal resultaten in {year} per doelgroep"),
        vec![col("Doelgroep", ColumnKind::Text), col("Resultaten", ColumnKind::Integer)],
        per_group.iter().map(|(g, n)| vec![text(g), Cell::Integer(*n)]).collect(),
        false,
    )));
    outcome_blocks.push(Block::Chart(Chart {
        title: "Resultaten per doelgroep".into(),
        description: format!("Staafdiagram van het aantal resultaten in {year} per doelgroep."),
        kind: ChartKind::Bar,
        categories: per_group.keys().cloned().collect(),
        series: vec![Series { name: "Resultaten".into(), values: per_group.values().copied().collect() }],
        money: false,
        table: "Resultaten per doelgroep".into(),
    }));

    sections.entry("products").or_default().push(Block::Table(table(
        "Kennisproducten",
        format!("Kennisproducten van {year}"),
        vec![col("Titel", ColumnKind::Text), col("Soort", ColumnKind::Text)],
        products.iter().map(|(_, title, kind)| vec![text(title), text(kind.replace('_', " "))]).collect(),
        false,
    )));

    // Grant conditions and their compliance this year.
    let conditions = sections.entry("conditions").or_default();
    for (g, m) in grants.iter().zip(&matching) {
        let status = m.years.iter().find(|y| y.year == year).map_or("niet van toepassing", |y| status_nl(&y.status));
        let ratio = g.matching_ratio.map_or("geen matchingsratio vastgelegd".to_owned(), |r| format!("matching 1:{r}"));
        let free = if g.conditions.is_empty() { String::new() } else { format!(" Voorwaarden: {}", g.conditions) };
        conditions.push(Block::Paragraph(format!("{} ({ratio}): matching in {year} {status}.{free}", g.title)));
    }

    // Plan vs realised and budget per line.
    let mut rows = Vec::new();
    for l in &lines {
        let Some(a) = l.amounts.iter().find(|a| a.year == year) else { continue };
        let title = grants.iter().find(|g| g.id == l.grant_id).map_or("", |g| g.title.as_str());
        let (p, r) = (cents(a.planned), cents(a.realised));
        rows.push(vec![text(title), text(&l.name), Cell::Euro(p), Cell::Euro(r), Cell::Euro(r - p)]);
    }
    let chart_lines: Vec<(String, i64, i64)> = rows
        .iter()
        .map(|row| match (&row[1], &row[2], &row[3]) {
            (Cell::Text(n), Cell::Euro(p), Cell::Euro(r)) => (n.clone(), *p, *r),
            _ => (String::new(), 0, 0),
        })
        .collect();
    let budget = sections.entry("budget").or_default();
    budget.push(Block::Table(table(
        "Begroting",
        format!("Begroting en realisatie per post in {year}"),
        vec![
            col("Subsidie", ColumnKind::Text),
            col("Post", ColumnKind::Text),
            col("Begroot", ColumnKind::Euro),
            col("Gerealiseerd", ColumnKind::Euro),
            col("Verschil", ColumnKind::Euro),
        ],
        rows,
        true,
    )));
    budget.push(Block::Chart(Chart {
        title: "Begroot en gerealiseerd per post".into(),
        description: format!("Staafdiagram van begrote en gerealiseerde bedragen per begrotingspost in {year}."),
        kind: ChartKind::Bar,
        categories: chart_lines.iter().map(|(n, ..)| n.clone()).collect(),
        series: vec![
            Series { name: "Begroot".into(), values: chart_lines.iter().map(|(_, p, _)| *p).collect() },
            Series { name: "Gerealiseerd".into(), values: chart_lines.iter().map(|(.., r)| *r).collect() },
        ],
        money: true,
        table: "Begroting".into(),
    }));

    // Plan: planned vs realised contributions this year.
    let (mut planned, mut realised) = (0, 0);
    for c in &contributions {
        if c.status == "realised" { realised += c.amount } else { planned += c.amount }
    }
    sections.entry("plan").or_default().push(Block::Paragraph(format!(
        "Toegezegde inzet van partners in {year}: {}; gerealiseerde inzet: {}.",
        broedplaats_report::svg::format_value(planned, true),
        broedplaats_report::svg::format_value(realised, true)
    )));

    // Matching per grant and year, contributions per kind of partner, and the contributions themselves.
    let mut rows = Vec::new();
    for (g, m) in grants.iter().zip(&matching) {
        for y in &m.years {
            rows.push(vec![
                text(&g.title),
                Cell::Integer(y.year),
                y.grant.map_or(Cell::Empty, |v| Cell::Euro(cents(v))),
                Cell::Euro(cents(y.matched_cash)),
                Cell::Euro(cents(y.matched_in_kind)),
                Cell::Euro(cents(y.matched_total)),
                y.ratio.map_or(Cell::Empty, Cell::Percent),
                text(status_nl(&y.status)),
            ]);
        }
    }
    let matching_blocks = sections.entry("matching").or_default();
    matching_blocks.push(Block::Table(table(
        "Matching",
        "Subsidie en matching per jaar (gerealiseerde inzet die de subsidie noemt)".into(),
        vec![
            col("Subsidie", ColumnKind::Text),
            col("Jaar", ColumnKind::Text),
            col("Subsidiebedrag", ColumnKind::Euro),
            col("Matching in geld", ColumnKind::Euro),
            col("Matching in natura", ColumnKind::Euro),
            col("Matching totaal", ColumnKind::Euro),
            col("Verhouding", ColumnKind::Percent),
            col("Status", ColumnKind::Text),
        ],
        rows.into_iter()
            .map(|mut r| {
                if let Cell::Integer(y) = r[1] {
                    r[1] = text(y.to_string());
                }
                r
            })
            .collect(),
        true,
    )));
    if let (Some(g), Some(m)) = (grants.first().filter(|_| grants.len() == 1), matching.first()) {
        matching_blocks.push(Block::Chart(Chart {
            title: format!("Subsidie en matching per jaar: {}", g.title),
            description: "Staafdiagram van subsidiebedrag en gerealiseerde matching per jaar.".into(),
            kind: ChartKind::Column,
            categories: m.years.iter().map(|y| y.year.to_string()).collect(),
            series: vec![
                Series { name: "Subsidie".into(), values: m.years.iter().map(|y| y.grant.map_or(0, cents)).collect() },
                Series { name: "Matching".into(), values: m.years.iter().map(|y| cents(y.matched_total)).collect() },
            ],
            money: true,
            table: "Matching".into(),
        }));
    }
    let mut per_kind: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for c in contributions.iter().filter(|c| c.status == "realised") {
        let e = per_kind.entry(kind_nl(&c.organisation_kind)).or_default();
        if c.kind == "cash" { e.0 += c.amount } else { e.1 += c.amount }
    }
    matching_blocks.push(Block::Table(table(
        "Inzet per soort partner",
        format!("Gerealiseerde inzet in {year} per soort partner"),
        vec![
            col("Soort partner", ColumnKind::Text),
            col("In geld", ColumnKind::Euro),
            col("In natura", ColumnKind::Euro),
        ],
        per_kind.iter().map(|(k, (cash, kind))| vec![text(k), Cell::Euro(*cash), Cell::Euro(*kind)]).collect(),
        true,
    )));
    matching_blocks.push(Block::Chart(Chart {
        title: "Inzet per soort partner".into(),
        description: format!(
            "Staafdiagram van de gerealiseerde inzet in {year} per soort partner, in geld en in natura."
        ),
        kind: ChartKind::Bar,
        categories: per_kind.keys().cloned().collect(),
        series: vec![
            Series { name: "In geld".into(), values: per_kind.values().map(|v| v.0).collect() },
            Series { name: "In natura".into(), values: per_kind.values().map(|v| v.1).collect() },
        ],
        money: true,
        table: "Inzet per soort partner".into(),
    }));
    // One row per partner, not per contribution: a national werkplaats records thousands of
    // contributions a year; the list itself is on the contributions page and in its export.
    let mut per_partner: BTreeMap<(&str, &str), (i64, i64, i64)> = BTreeMap::new();
    for c in &contributions {
        let e = per_partner.entry((c.organisation_name.as_str(), c.organisation_kind.as_str())).or_default();
        match (c.status.as_str(), c.kind.as_str()) {
            ("realised", "cash") => e.0 += c.amount,
            ("realised", _) => e.1 += c.amount,
            _ => e.2 += c.amount,
        }
    }
    matching_blocks.push(Block::Table(table(
        "Inzet per partner",
        format!("Inzet van partners in {year}: gerealiseerd in geld en in natura, en toegezegd"),
        vec![
            col("Organisatie", ColumnKind::Text),
            col("Soort partner", ColumnKind::Text),
            col("Gerealiseerd in geld", ColumnKind::Euro),
            col("Gerealiseerd in natura", ColumnKind::Euro),
            col("Toegezegd", ColumnKind::Euro),
        ],
        per_partner
            .iter()
            .map(|((name, kind), (cash, in_kind, planned))| {
                vec![text(*name), text(kind_nl(kind)), Cell::Euro(*cash), Cell::Euro(*in_kind), Cell::Euro(*planned)]
            })
            .collect(),
        true,
    )));

    let subtitle = match grants.first().filter(|_| grant_id.is_some()) {
        Some(g) => format!("{} — {year}", g.title),
        None => format!("Alle subsidies — {year}"),
    };
    Ok(Report {
        title: format!("Jaarverslag {year}"),
        subtitle,
        werkplaats: t.name.clone(),
        generated_on: chrono::Utc::now().date_naive(),
        lang: "nl".into(),
        sections: SECTION_KEYS
            .iter()
            .map(|(key, heading)| Section {
                heading: (*heading).to_owned(),
                narrative: narratives.get(*key).cloned(),
                blocks: sections.remove(key).unwrap_or_default(),
            })
            .collect(),
    })
}
