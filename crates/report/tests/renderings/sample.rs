//! A realistic yearly report: hostile narratives, three tables (one of 10,000 rows) and charts.

use broedplaats_report::{Block, Cell, Chart, ChartKind, Column, ColumnKind, Report, Section, Series, Table};
use chrono::NaiveDate;

/// Text a coordinator might type that is markup in typst (and in a few other languages).
pub const HOSTILE: &str = "Wij schreven #set page(width: 1cm) en *vet* en _schuin_ en $x^2$ en <label> en @ref \
     en [link] en \\ en // geen commentaar en #import \"@preview/x:0.1.0\" en =SOM(A1) & \"quotes\".";

pub const BIG_ROWS: usize = 10_000;

pub fn col(header: &str, kind: ColumnKind) -> Column {
    Column { header: header.into(), kind }
}

/// Deterministic cents for contribution row `i`.
pub fn contribution_cents(i: usize) -> i64 {
    ((i as i64 * 7_919) % 2_500_000) + 1_000 + (i as i64 % 100)
}

pub fn contributions(rows: usize) -> Table {
    Table {
        name: "Bijdragen".into(),
        caption: "Bijdragen van partners in 2024 (gerealiseerd)".into(),
        columns: vec![
            col("Organisatie", ColumnKind::Text),
            col("Soort", ColumnKind::Text),
            col("Datum", ColumnKind::Date),
            col("Uren", ColumnKind::Integer),
            col("Bedrag", ColumnKind::Euro),
        ],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    Cell::Text(format!("Partner {i:05}")),
                    Cell::Text(if i % 3 == 0 { "geld".into() } else { "in natura".into() }),
                    Cell::Date(
                        NaiveDate::from_ymd_opt(2024, 1 + (i % 12) as u32, 1 + (i % 28) as u32).expect("present"),
                    ),
                    Cell::Integer((i % 40) as i64),
                    Cell::Euro(contribution_cents(i)),
                ]
            })
            .collect(),
        total_row: true,
    }
}

pub fn budget() -> Table {
    let lines = [
        ("Coördinatie", 9_000_000, 8_812_345),
        ("Onderzoekers", 6_500_000, 6_600_000),
        ("Activiteiten", 2_000_000, 1_850_050),
        ("Communicatie", 1_000_000, 123_450),
    ];
    Table {
        name: "Begroting".into(),
        caption: "Begroting en realisatie per budgetregel, 2024".into(),
        columns: vec![
            col("Budgetregel", ColumnKind::Text),
            col("Begroot", ColumnKind::Euro),
            col("Gerealiseerd", ColumnKind::Euro),
            col("Realisatie", ColumnKind::Percent),
        ],
        rows: lines
            .iter()
            .map(|(name, planned, realised)| {
                vec![
                    Cell::Text((*name).into()),
                    Cell::Euro(*planned),
                    Cell::Euro(*realised),
                    Cell::Percent(*realised as f64 / *planned as f64),
                ]
            })
            .collect(),
        total_row: true,
    }
}

pub fn matching() -> Table {
    Table {
        name: "Matching".into(),
        caption: "Subsidie en matching per jaar".into(),
        columns: vec![
            col("Jaar", ColumnKind::Text),
            col("Subsidie", ColumnKind::Euro),
            col("Matching", ColumnKind::Euro),
            col("Verhouding", ColumnKind::Percent),
        ],
        rows: [(2023, 18_500_000, 17_000_000), (2024, 18_500_000, 19_250_000), (2025, 18_500_000, 9_000_000)]
            .iter()
            .map(|(y, g, m)| {
                vec![Cell::Text(y.to_string()), Cell::Euro(*g), Cell::Euro(*m), Cell::Percent(*m as f64 / *g as f64)]
            })
            .collect(),
        total_row: true,
    }
}

pub fn report(big_rows: usize) -> Report {
    let budget = budget();
    let matching = matching();
    Report {
        title: "Jaarverslag 2024".into(),
        subtitle: "Kernsubsidie VWS — activiteiten en financiën".into(),
        werkplaats: "Werkplaats Sociaal Domein Zuid-Holland Zuid".into(),
        generated_on: NaiveDate::from_ymd_opt(2026, 12, 6).expect("present"),
        lang: "nl".into(),
        sections: vec![
            Section {
                heading: "Inleiding #1 *niet vet*".into(),
                narrative: Some(format!("{HOSTILE}\n\nEen tweede alinea over de werkplaats.")),
                blocks: vec![Block::Paragraph("Dit verslag is gemaakt uit de gegevens in Broedplaats.".into())],
            },
            Section {
                heading: "Financiën".into(),
                narrative: Some("De begroting en de matching.".into()),
                blocks: vec![
                    Block::Chart(Chart {
                        title: "Begroot en gerealiseerd".into(),
                        description: "Per budgetregel het begrote en het gerealiseerde bedrag.".into(),
                        kind: ChartKind::Bar,
                        categories: budget.rows.iter().map(|r| text(&r[0])).collect(),
                        series: vec![
                            Series { name: "Begroot".into(), values: euros(&budget, 1) },
                            Series { name: "Gerealiseerd".into(), values: euros(&budget, 2) },
                        ],
                        money: true,
                        table: "Begroting".into(),
                    }),
                    Block::Table(budget),
                    Block::Chart(Chart {
                        title: "Subsidie en matching".into(),
                        description: "Per jaar de subsidie en de gerealiseerde matching.".into(),
                        kind: ChartKind::Column,
                        categories: matching.rows.iter().map(|r| text(&r[0])).collect(),
                        series: vec![
                            Series { name: "Subsidie".into(), values: euros(&matching, 1) },
                            Series { name: "Matching".into(), values: euros(&matching, 2) },
                        ],
                        money: true,
                        table: "Matching".into(),
                    }),
                    Block::Table(matching),
                ],
            },
            Section {
                heading: "Inzet van partners".into(),
                narrative: None,
                blocks: vec![Block::Table(contributions(big_rows))],
            },
        ],
    }
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        other => panic!("not text: {other:?}"),
    }
}

fn euros(table: &Table, column: usize) -> Vec<i64> {
    table
        .rows
        .iter()
        .map(|r| match r[column] {
            Cell::Euro(v) => v,
            _ => 0,
        })
        .collect()
}
