//! Rendering the yearly report of a national-scale werkplaats (500 partners × 4 years, 10,000
//! contribution rows, 2,000 outcome rows, the budget and the matching with their charts) to PDF
//! (typst) and XLSX (rust_xlsxwriter), and CSV for comparison. Prints time and peak memory per
//! rendering as a Markdown table for docs/PERFORMANCE.md.
//!
//!   cargo run --release -p broedplaats-bench --bin report_render [runs]
//!
//! Peak memory is the process's `VmHWM` from /proc/self/status, reset before every rendering by
//! writing 5 to /proc/self/clear_refs; the report itself is built before the reset.
//!
//! It needs only broedplaats-report, so it also runs without building the whole application in
//! release mode: `cargo run --release -p broedplaats-report --example report_render [runs]`
//! (crates/report/examples/report_render.rs includes this file).
use broedplaats_report::{Block, Cell, Chart, ChartKind, Column, ColumnKind, Report, Section, Series, Table};
use chrono::NaiveDate;
use std::time::Instant;

const PARTNERS: usize = 500;
const YEARS: [i32; 4] = [2023, 2024, 2025, 2026];
const CONTRIBUTIONS: usize = 10_000;
const OUTCOMES: usize = 2_000;
const LINES: [&str; 6] = ["Coördinatie", "Onderzoekers", "Activiteiten", "Communicatie", "Evaluatie", "Overig"];

/// A small deterministic generator (xorshift64*), so the figures are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn gen_range(&mut self, range: std::ops::Range<i64>) -> i64 {
        range.start + (self.next() % (range.end - range.start) as u64) as i64
    }

    fn gen_bool(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
}

fn col(header: &str, kind: ColumnKind) -> Column {
    Column { header: header.into(), kind }
}

fn national_report() -> Report {
    let mut rng = Rng(0x1818_1818_1818_1818);
    let contributions = Table {
        name: "Bijdragen".into(),
        caption: "Bijdragen van partners (gerealiseerd), 2023–2026".into(),
        columns: vec![
            col("Organisatie", ColumnKind::Text),
            col("Jaar", ColumnKind::Text),
            col("Soort", ColumnKind::Text),
            col("Uren", ColumnKind::Integer),
            col("Bedrag", ColumnKind::Euro),
        ],
        rows: (0..CONTRIBUTIONS)
            .map(|i| {
                let cash = rng.gen_bool(0.3);
                vec![
                    Cell::Text(format!("Partnerorganisatie {:03}", i % PARTNERS)),
                    Cell::Text(YEARS[i % 4].to_string()),
                    Cell::Text(if cash { "geld" } else { "in natura" }.into()),
                    Cell::Integer(if cash { 0 } else { rng.gen_range(4..400) }),
                    Cell::Euro(rng.gen_range(10_000..5_000_000)),
                ]
            })
            .collect(),
        total_row: true,
    };
    let outcomes = Table {
        name: "Resultaten".into(),
        caption: "Resultaten per jaar en doelgroep".into(),
        columns: vec![
            col("Resultaat", ColumnKind::Text),
            col("Jaar", ColumnKind::Text),
            col("Voor wie", ColumnKind::Text),
            col("Status", ColumnKind::Text),
            col("Bewijs", ColumnKind::Integer),
            col("Vastgesteld", ColumnKind::Date),
        ],
        rows: (0..OUTCOMES)
            .map(|i| {
                vec![
                    Cell::Text(format!("Resultaat {i}: professionals werken met de aanpak in wijk {}", i % 90)),
                    Cell::Text(YEARS[i % 4].to_string()),
                    Cell::Text(["professionals", "inwoners", "organisaties", "onderwijs"][i % 4].into()),
                    Cell::Text(["gepland", "bezig", "bereikt"][i % 3].into()),
                    Cell::Integer(rng.gen_range(0..8)),
                    Cell::Date(
                        NaiveDate::from_ymd_opt(YEARS[i % 4], 1 + (i % 12) as u32, 1 + (i % 28) as u32)
                            .expect("a valid date"),
                    ),
                ]
            })
            .collect(),
        total_row: false,
    };
    let budget = Table {
        name: "Begroting".into(),
        caption: "Begroting en realisatie per budgetregel en jaar".into(),
        columns: vec![
            col("Budgetregel", ColumnKind::Text),
            col("Jaar", ColumnKind::Text),
            col("Begroot", ColumnKind::Euro),
            col("Gerealiseerd", ColumnKind::Euro),
            col("Realisatie", ColumnKind::Percent),
        ],
        rows: YEARS
            .iter()
            .flat_map(|y| LINES.iter().map(move |l| (*y, *l)))
            .map(|(y, l)| {
                let planned = rng.gen_range(1_000_000..10_000_000);
                let realised = rng.gen_range(planned / 2..planned * 3 / 2);
                vec![
                    Cell::Text(l.into()),
                    Cell::Text(y.to_string()),
                    Cell::Euro(planned),
                    Cell::Euro(realised),
                    Cell::Percent(realised as f64 / planned as f64),
                ]
            })
            .collect(),
        total_row: true,
    };
    let matching_values: Vec<i64> = YEARS.iter().map(|_| rng.gen_range(15_000_000..25_000_000)).collect();
    let matching = Table {
        name: "Matching".into(),
        caption: "Subsidie en matching per jaar".into(),
        columns: vec![
            col("Jaar", ColumnKind::Text),
            col("Subsidie", ColumnKind::Euro),
            col("Matching", ColumnKind::Euro),
            col("Verhouding", ColumnKind::Percent),
        ],
        rows: YEARS
            .iter()
            .zip(&matching_values)
            .map(|(y, m)| {
                vec![
                    Cell::Text(y.to_string()),
                    Cell::Euro(18_500_000),
                    Cell::Euro(*m),
                    Cell::Percent(*m as f64 / 18_500_000.0),
                ]
            })
            .collect(),
        total_row: true,
    };
    let narrative = "De werkplaats verbindt praktijk, onderwijs en onderzoek. ".repeat(40);
    Report {
        title: "Jaarverslag 2026".into(),
        subtitle: "Landelijke werkplaats — activiteiten en financiën".into(),
        werkplaats: "Landelijke Werkplaats Sociaal Domein".into(),
        generated_on: NaiveDate::from_ymd_opt(2026, 12, 7).expect("a valid date"),
        lang: "nl".into(),
        sections: vec![
            Section {
                heading: "Financiën".into(),
                narrative: Some(format!("{narrative}\n\n{narrative}")),
                blocks: vec![
                    Block::Chart(Chart {
                        title: "Subsidie en matching".into(),
                        description: "Per jaar de subsidie en de gerealiseerde matching.".into(),
                        kind: ChartKind::Column,
                        categories: YEARS.iter().map(|y| y.to_string()).collect(),
                        series: vec![
                            Series { name: "Subsidie".into(), values: vec![18_500_000; 4] },
                            Series { name: "Matching".into(), values: matching_values.clone() },
                        ],
                        money: true,
                        table: "Matching".into(),
                    }),
                    Block::Table(matching),
                    Block::Table(budget),
                ],
            },
            Section {
                heading: "Inzet van partners".into(),
                narrative: Some(narrative.clone()),
                blocks: vec![Block::Table(contributions)],
            },
            Section { heading: "Resultaten".into(), narrative: Some(narrative), blocks: vec![Block::Table(outcomes)] },
        ],
    }
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let report = national_report();
    println!("| rendering | runs | size (KB) | median (ms) | max (ms) | peak RSS, max (MB) |");
    println!("|---|---|---|---|---|---|");
    type Render = fn(&Report) -> Result<Vec<u8>, broedplaats_report::ReportError>;
    let renderings: [(&str, Render); 3] = [
        ("PDF (typst)", broedplaats_report::to_pdf),
        ("XLSX (rust_xlsxwriter)", broedplaats_report::to_xlsx),
        ("CSV (ZIP of all tables)", broedplaats_report::to_csv_zip),
    ];
    for (name, render) in renderings {
        let mut times = Vec::new();
        let mut peak: f64 = 0.0;
        let mut size = 0;
        for _ in 0..runs {
            reset_peak();
            let start = Instant::now();
            let bytes = render(&report)?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            peak = peak.max(peak_mb());
            size = bytes.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {name} | {runs} | {} | {:.0} | {:.0} | {peak:.0} |",
            size / 1024,
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
    Ok(())
}
