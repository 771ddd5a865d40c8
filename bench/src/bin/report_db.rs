//! The yearly report of a national-scale werkplaats, from the database to the file: 500 partner
//! organisations, two grants over 4 years with budget lines, 10,000 contributions and 2,000
//! outcomes are written to a fresh SQLite and a fresh PostgreSQL database; then the report of one
//! year is assembled from the database (the same `grants::report::assemble` the API calls) and
//! rendered to PDF (typst), XLSX (rust_xlsxwriter) and CSV (a ZIP of the tables).
//!
//!   cargo run --release -p broedplaats-bench --bin report_db [runs]
//!
//! Every measurement runs in a child process of its own (this program started again with
//! `--child`), so its peak memory (`VmHWM`) is that of one report and nothing else.
//! PostgreSQL: BROEDPLAATS_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
//! a fresh database is created and dropped.
use broedplaats_core::Core;
use broedplaats_store::grants::{self as g, ContributionFields, GrantFields, OutcomeFields};
use broedplaats_store::organisation::{self as o};
use broedplaats_store::{Store, Tenant};
use rand::{Rng, SeedableRng};
use std::process::Command;
use std::time::Instant;

const ORGANISATIONS: usize = 500;
const YEARS: [i64; 4] = [2023, 2024, 2025, 2026];
const CONTRIBUTIONS: usize = 10_000;
const OUTCOMES: usize = 2_000;
const REPORT_YEAR: i64 = 2025;
const SLUG: &str = "landelijk";

type Error = Box<dyn std::error::Error>;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        return child(&args[2], &args[3]).await;
    }
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let pg_admin = std::env::var("BROEDPLAATS_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let dir = tempfile::tempdir()?;
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
    let pg_name = format!("bp_report_{}", std::process::id());
    let admin = Store::connect(&pg_admin).await?;
    admin.execute_admin(&format!("CREATE DATABASE {pg_name}")).await?;
    let pg_url = format!("{}/{pg_name}", pg_admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&pg_admin));

    println!("| backend | step | runs | size (KB) | median (ms) | max (ms) | peak RSS, max (MB) |");
    println!("|---|---|---|---|---|---|---|");
    for (backend, url) in [("SQLite", sqlite_url.as_str()), ("PostgreSQL", pg_url.as_str())] {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        let core = Core::new(store);
        core.load_demo().await?;
        let start = Instant::now();
        generate(&core).await?;
        eprintln!("{backend}: generated in {:.1} s", start.elapsed().as_secs_f64());
        core.store.close().await;
        for step in ["assemble", "pdf", "xlsx", "csv"] {
            let (mut times, mut peak, mut size) = (Vec::new(), 0.0_f64, 0);
            for _ in 0..runs {
                let exe = std::env::current_exe()?;
                let out = Command::new(exe).args(["--child", url, step]).output()?;
                if !out.status.success() {
                    return Err(format!("{step}: {}", String::from_utf8_lossy(&out.stderr)).into());
                }
                let line = String::from_utf8_lossy(&out.stdout);
                let mut parts = line.split_whitespace().map(|p| p.parse::<f64>().unwrap_or(f64::NAN));
                let (ms, kb, mb) = (parts.next(), parts.next(), parts.next());
                times.push(ms.unwrap_or(f64::NAN));
                size = kb.unwrap_or(0.0) as usize;
                peak = peak.max(mb.unwrap_or(f64::NAN));
            }
            times.sort_by(|a, b| a.total_cmp(b));
            println!(
                "| {backend} | {} | {runs} | {} | {:.0} | {:.0} | {peak:.0} |",
                match step {
                    "assemble" => "database → report (assemble)",
                    "pdf" => "database → PDF (typst)",
                    "xlsx" => "database → XLSX (rust_xlsxwriter)",
                    _ => "database → CSV (ZIP of all tables)",
                },
                if step == "assemble" { "–".to_owned() } else { size.to_string() },
                times[times.len() / 2],
                times[times.len() - 1]
            );
        }
    }
    admin.execute_admin(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")).await?;
    admin.close().await;
    Ok(())
}

/// One measurement: prints "milliseconds kilobytes peak-megabytes".
async fn child(url: &str, step: &str) -> Result<(), Error> {
    let store = Store::connect(url).await?;
    let core = Core::new(store);
    let tenant = core.tenant(SLUG).await?;
    let start = Instant::now();
    let mut conn = core.store.conn().await?;
    let report = broedplaats_core::grants::assemble(&mut conn, &tenant, REPORT_YEAR, None, 2026).await?;
    drop(conn);
    let bytes = match step {
        "pdf" => broedplaats_report::to_pdf(&report)?,
        "xlsx" => broedplaats_report::to_xlsx(&report)?,
        "csv" => broedplaats_report::to_csv_zip(&report)?,
        _ => Vec::new(),
    };
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("{ms:.1} {} {:.1}", bytes.len() / 1024, peak_mb());
    Ok(())
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The national-scale werkplaats: organisations, two grants with budget lines, contributions
/// spread over the partners and years, outcomes with evidence. Deterministic (seed 18).
async fn generate(core: &Core) -> Result<Tenant, Error> {
    core.create_werkplaats(&broedplaats_core::demo::NewWerkplaats {
        slug: SLUG,
        name: "Gegenereerde werkplaats (benchmark)",
        region: "Nederland",
        period: "2023-2026",
        motto: "Benchmark",
        national_theme: "sociale kwaliteit voor de brede basis",
    })
    .await?;
    let t = core.tenant(SLUG).await?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);
    let mut tx = core.store.begin().await?;
    let kinds = ["gemeente", "welzijn", "zorg", "opleiding", "burger_clientorganisatie", "overig"];
    let mut orgs = Vec::new();
    for i in 0..ORGANISATIONS {
        let kind = if i < 4 { "hogeschool" } else { kinds[i % kinds.len()] };
        let name = format!("Organisatie {i:03} (gegenereerd)");
        let f = o::OrganisationFields { name: &name, kind, city: None, website: None, email: None };
        orgs.push(o::insert_organisation_full(&mut tx, &t, &f).await?);
    }
    let funder = orgs[4];
    let mut grants = Vec::new();
    for (title, amount) in [("Kernsubsidie (gegenereerd)", 18_500_000), ("Extra subsidie (gegenereerd)", 20_000_000)] {
        let f = GrantFields {
            funder_id: funder,
            grant_type: "grant",
            reference: None,
            title,
            starts_on: "2023-01-01",
            ends_on: "2026-12-31",
            conditions: "Evenredige inzet van hogescholen en partners.",
            matching_ratio: Some(1.0),
            part_of: None,
        };
        let id = g::insert_grant(&mut tx, &t, &f).await?;
        g::set_grant_amounts(&mut tx, &t, id, &YEARS.map(|y| (y, amount))).await?;
        for line in ["Coördinatie", "Onderzoekers", "Activiteiten", "Communicatie", "Evaluatie", "Overig"] {
            let l = g::insert_budget_line(&mut tx, &t, id, line).await?;
            let amounts: Vec<(i64, i64, i64)> =
                YEARS.iter().map(|y| (*y, amount / 6, amount / 6 + rng.gen_range(-500_000..500_000))).collect();
            g::set_budget_line_amounts(&mut tx, &t, l, &amounts).await?;
        }
        grants.push(id);
    }
    for i in 0..CONTRIBUTIONS {
        let in_kind = rng.gen_bool(0.7);
        let hours = in_kind.then(|| rng.gen_range(8..400) as f64);
        let f = ContributionFields {
            organisation_id: orgs[i % ORGANISATIONS],
            year: YEARS[i % YEARS.len()],
            kind: if in_kind { "in_kind" } else { "cash" },
            amount: hours.map_or(rng.gen_range(50_000..2_000_000), |h| h as i64 * 8_500),
            status: if rng.gen_bool(0.8) { "realised" } else { "planned" },
            grant_id: Some(grants[i % 2]),
            project_id: None,
            theme_group_id: None,
            hours,
            rate: in_kind.then_some(8_500),
            justification: "Inzet van medewerkers in projectgroepen en kenniscafés",
        };
        g::insert_contribution(&mut tx, &t, &f).await?;
    }
    let groups = ["professionals", "citizens", "organisations", "education"];
    for i in 0..OUTCOMES {
        let title = format!("Resultaat {i:04}: professionals werken met een nieuwe werkwijze (gegenereerd)");
        let beneficiaries = format!("[\"{}\",\"{}\"]", groups[i % 4], groups[(i + 1) % 4]);
        let evidence = format!("[{{\"url\":\"https://example.org/bewijs/{i}\"}}]");
        let f = OutcomeFields {
            title: &title,
            description: "Wat veranderde, voor wie, en hoe we dat weten.",
            year: YEARS[i % YEARS.len()],
            status: ["planned", "in_progress", "achieved"][i % 3],
            beneficiaries: &beneficiaries,
            evidence: &evidence,
            contribution_ids: "[]",
            four_os: "[\"onderzoek\"]",
            project_id: None,
        };
        g::insert_outcome(&mut tx, &t, &f).await?;
    }
    tx.commit().await?;
    Ok(t)
}
