//! Governance evaluation time: the ZHZ demo and a generated national-scale werkplaats
//! (500 organisations, 5,000 people, 400 projects), on SQLite and PostgreSQL side by side.
//! Times the whole use case (load the facts + evaluate the nine rules), as the page and API do.
//!
//!   cargo run --release -p broedplaats-bench --bin governance [runs]
//!
//! PostgreSQL: BROEDPLAATS_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
//! a fresh database is created and dropped.
use broedplaats_core::Actor;
use broedplaats_core::Core;
use broedplaats_domain::Role;
use broedplaats_store::organisation::{self as o, Links};
use broedplaats_store::{Store, Tenant};
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

const ORGANISATIONS: usize = 500;
const PEOPLE: usize = 5_000;
const PROJECTS: usize = 400;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let pg_admin = std::env::var("BROEDPLAATS_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let dir = std::env::temp_dir().join(format!("bp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let pg_name = format!("bp_bench_{}", std::process::id());
    let admin = Store::connect(&pg_admin).await?;
    admin.execute_admin(&format!("CREATE DATABASE {pg_name}")).await?;
    let pg_url = format!("{}/{pg_name}", pg_admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&pg_admin));

    println!(
        "| backend | werkplaats | evaluation | organisations | people | projects | runs | p50 (ms) | p99 (ms) | max (ms) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (backend, url) in [("SQLite", sqlite_url.as_str()), ("PostgreSQL", pg_url.as_str())] {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        let core = Core::new(store);
        core.load_demo().await?;
        let zhz = core.tenant("zhz").await?;
        let actor = member_of("zhz");
        report(backend, "ZHZ demo", "full", (6, 18, 4), time_full(&core, &zhz, runs).await?);
        report(backend, "ZHZ demo", "cached", (6, 18, 4), time_cached(&core, &actor, &zhz, runs).await?);
        let national = generate(&core).await?;
        let actor = member_of("landelijk");
        let scale = (ORGANISATIONS, PEOPLE, PROJECTS);
        report(backend, "generated", "full", scale, time_full(&core, &national, runs).await?);
        report(backend, "generated", "cached", scale, time_cached(&core, &actor, &national, runs).await?);
        core.store.close().await;
    }
    admin.execute_admin(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")).await?;
    admin.close().await;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn member_of(slug: &str) -> Actor {
    Actor {
        account_id: 0,
        email: "bench@example.org".into(),
        name: "bench".into(),
        roles: vec![(slug.into(), Role::Lector)],
        national_partner: None,
    }
}

/// Full evaluation: load every fact and evaluate the rules (what a change costs the next view).
async fn time_full(core: &Core, tenant: &Tenant, runs: usize) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    let mut conn = core.store.conn().await?;
    let today = chrono::Utc::now().date_naive();
    let settings = Default::default();
    broedplaats_core::organisation::load_facts(&mut conn, tenant, today).await?; // warm-up
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let facts = broedplaats_core::organisation::load_facts(&mut conn, tenant, today).await?;
        let checks = broedplaats_core::organisation::governance::evaluate(&facts, &settings);
        out.push(start.elapsed());
        assert_eq!(checks.len(), 9);
    }
    out.sort();
    Ok(out)
}

/// The use case as pages and the API call it: unchanged data is served from the cache.
async fn time_cached(
    core: &Core,
    actor: &Actor,
    tenant: &Tenant,
    runs: usize,
) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    core.governance(Some(actor), tenant).await?; // fills the cache
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let report = core.governance(Some(actor), tenant).await?;
        out.push(start.elapsed());
        assert_eq!(report.checks.len(), 9);
    }
    out.sort();
    Ok(out)
}

fn report(
    backend: &str,
    what: &str,
    mode: &str,
    (orgs, people, projects): (usize, usize, usize),
    times: Vec<Duration>,
) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1).min(times.len() - 1)]);
    println!(
        "| {backend} | {what} | {mode} | {orgs} | {people} | {projects} | {} | {:.2} | {:.2} | {:.2} |",
        times.len(),
        pct(0.50),
        pct(0.99),
        ms(times[times.len() - 1])
    );
}

/// A national-scale werkplaats, deterministic (seeded), written in one transaction.
async fn generate(core: &Core) -> Result<Tenant, Box<dyn std::error::Error>> {
    core.create_werkplaats(&broedplaats_core::demo::NewWerkplaats {
        slug: "landelijk",
        name: "Gegenereerde werkplaats (benchmark)",
        region: "Nederland",
        period: "2023-2026",
        motto: "Benchmark",
        national_theme: "sociale kwaliteit voor de brede basis",
    })
    .await?;
    let tenant = core.tenant("landelijk").await?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut tx = core.store.begin().await?;
    let agenda = broedplaats_store::agenda::current(&mut tx, &tenant).await?.ok_or("no agenda")?;
    let mut themes = Vec::new();
    for (i, title) in
        ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen"].iter().enumerate()
    {
        let fields = broedplaats_store::ThemeFields {
            title,
            level: None,
            introduction: "",
            questions_json: "[]",
            funding: (i == 3).then_some("apart"),
        };
        themes.push(broedplaats_store::agenda::insert_theme(&mut tx, &tenant, agenda.id, &fields).await?);
    }
    let kinds = ["gemeente", "welzijn", "zorg", "opleiding", "burger_clientorganisatie", "overig"];
    let mut orgs = Vec::new();
    for i in 0..ORGANISATIONS {
        let kind = if i < 2 { "hogeschool" } else { kinds[i % kinds.len()] };
        let name = format!("Organisatie {i:03}");
        let f = o::OrganisationFields { name: &name, kind, city: None, website: None, email: None };
        orgs.push(o::insert_organisation_full(&mut tx, &tenant, &f).await?);
    }
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        let name = format!("Persoon {i:04}");
        let org = orgs[i % ORGANISATIONS];
        let f = o::PersonFields {
            name: &name,
            email: None,
            organisation_id: Some(org),
            position: None,
            is_manager: i % 10 == 0,
            days_per_week: (i < 60).then_some(1.0),
        };
        let id = o::insert_person_full(&mut tx, &tenant, &f).await?;
        let function = match i {
            0 | 1 => "lector",
            2 => "programme-coordinator",
            3..60 => "teacher-researcher",
            _ => "professional",
        };
        o::set_functions(&mut tx, &tenant, id, &[function]).await?;
        people.push(id);
    }
    for (i, theme) in themes.iter().enumerate() {
        let g = o::insert_theme_group(&mut tx, &tenant, *theme, Some(people[3 + i]), "").await?;
        let member_orgs: Vec<i64> =
            orgs.iter().copied().filter(|_| rng.gen_bool(0.1)).chain([orgs[0], orgs[1]]).collect();
        let mut member_orgs = member_orgs;
        member_orgs.sort_unstable();
        member_orgs.dedup();
        o::replace_links(&mut tx, &tenant, Links::ThemeGroupOrganisations, g, &member_orgs).await?;
        let members: Vec<i64> = people.iter().copied().skip(i).step_by(20).collect();
        o::replace_links(&mut tx, &tenant, Links::ThemeGroupMembers, g, &members).await?;
    }
    let sizes = ["groot", "middel", "klein"];
    let statuses = ["idee", "in_voorbereiding", "lopend", "afgerond", "gestopt"];
    for i in 0..PROJECTS {
        let title = format!("Project {i:03}");
        let f = o::ProjectFields {
            theme_id: themes[i % themes.len()],
            title: &title,
            questions_json: "[]",
            higher_goal: "",
            four_os_json: r#"["onderzoek"]"#,
            methods_json: "[]",
            size: sizes[i % 3],
            starts_on: None,
            ends_on: None,
            status: statuses[i % 5],
            visibility: "public",
            plan: "",
        };
        let id = o::insert_project(&mut tx, &tenant, &f).await?;
        let porgs: Vec<(i64, String, String)> =
            (0..5).map(|k| (orgs[(i * 7 + k * 31) % ORGANISATIONS], String::new(), String::new())).collect();
        let ppl: Vec<(i64, String)> = (0..8).map(|k| (people[(i * 13 + k * 97) % PEOPLE], String::new())).collect();
        let mut porgs = porgs;
        porgs.sort();
        porgs.dedup_by_key(|p| p.0);
        let mut ppl = ppl;
        ppl.sort();
        ppl.dedup_by_key(|p| p.0);
        o::replace_project_participants(&mut tx, &tenant, id, &porgs, &ppl).await?;
    }
    for (i, org) in orgs.iter().enumerate().skip(2).step_by(3) {
        let f = o::LetterFields {
            organisation_id: *org,
            signed_on: "2023-01-01",
            representative_id: Some(people[i]),
            estimated_hours: Some(100),
            estimated_note: None,
        };
        o::insert_letter(&mut tx, &tenant, &f).await?;
    }
    let mt = o::insert_body(&mut tx, &tenant, "mt", "MT").await?;
    o::replace_links(&mut tx, &tenant, Links::BodyMembers, mt, &people[0..8]).await?;
    let today = chrono::Utc::now().date_naive();
    let meetings: Vec<String> = (1..=12)
        .filter_map(|m| today.checked_sub_months(chrono::Months::new(m)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    for d in &meetings {
        broedplaats_core::demo::body_meeting(&mut tx, &tenant, mt, "mt_overleg", "MT-overleg", d).await?;
    }
    let consortium = o::insert_body(&mut tx, &tenant, "consortium", "Consortium").await?;
    let managers: Vec<i64> = people.iter().copied().step_by(10).take(150).collect();
    o::replace_links(&mut tx, &tenant, Links::BodyMembers, consortium, &managers).await?;
    tx.commit().await?;
    Ok(tenant)
}
