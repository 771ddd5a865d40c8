//! The agenda page of a werkplaats with 5,000 past activities: server time to render the page
//! (upcoming, past page 1, past page 50 by cursor) and the API list, before and after adding
//! the activities, on SQLite and PostgreSQL side by side. Requests go through the whole router
//! in-process (middleware, use case, template), without a socket.
//!
//!   cargo run --release -p broedplaats-bench --bin activities [runs]
//!
//! PostgreSQL: BROEDPLAATS_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
//! a fresh database is created and dropped.
use axum::body::Body;
use axum::http::{Request, StatusCode};
use broedplaats_core::Core;
use broedplaats_core::kernel::time::stored;
use broedplaats_store::Store;
use broedplaats_store::activities::{self as a, ActivityFields, ActivityLinks};
use broedplaats_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const PAST: usize = 5_000;
const KINDS: [&str; 6] = ["kenniscafe", "themabijeenkomst", "leerkring", "masterclass", "werksessie", "symposium"];
const SUBJECTS: [&str; 8] = [
    "armoede en schulden",
    "eenzaamheid onder ouderen",
    "mantelzorg in de wijk",
    "vroegsignalering van multiproblematiek",
    "samenzorgzaamheid",
    "jongeren en bestaanszekerheid",
    "professionele veerkracht",
    "vertrouwen tussen burger en overheid",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let pg_admin = std::env::var("BROEDPLAATS_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let dir = std::env::temp_dir().join(format!("bp-bench-act-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let pg_name = format!("bp_bench_act_{}", std::process::id());
    let admin = Store::connect(&pg_admin).await?;
    admin.execute_admin(&format!("CREATE DATABASE {pg_name}")).await?;
    let pg_url = format!("{}/{pg_name}", pg_admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&pg_admin));

    println!("| backend | activities in ZHZ | request | runs | p50 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---|---|---|---|---|---|");
    for (backend, url) in [("SQLite", sqlite_url.as_str()), ("PostgreSQL", pg_url.as_str())] {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        let core = Core::new(store);
        core.load_demo().await?;
        let app = broedplaats_web::app(AppState::new(core.clone(), WebConfig::default()));
        let demo_count = count(&core).await?;
        measure(&app, backend, demo_count, runs).await?;
        generate(&core).await?;
        let total = count(&core).await?;
        measure(&app, backend, total, runs).await?;
        core.store.close().await;
    }
    admin.execute_admin(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")).await?;
    admin.close().await;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

async fn count(core: &Core) -> Result<usize, Box<dyn std::error::Error>> {
    let zhz = core.tenant("zhz").await?;
    let mut conn = core.store.conn().await?;
    let filter = a::ActivityFilter { audiences: &["public", "partners", "members"], ..Default::default() };
    Ok(a::activities(&mut conn, &zhz, &filter, None, 1_000_000).await?.len())
}

async fn measure(app: &axum::Router, backend: &str, n: usize, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    // Page 50 of the past activities: follow the cursor the way a reader would.
    let mut deep = "/werkplaatsen/zhz/activiteiten?wanneer=afgelopen".to_owned();
    for _ in 0..49 {
        let body = get(app, &deep).await?;
        match body.split("cursor=").nth(1).and_then(|rest| rest.split(['"', '&']).next()) {
            Some(c) => deep = format!("/werkplaatsen/zhz/activiteiten?wanneer=afgelopen&cursor={c}"),
            None => break,
        }
    }
    for (label, path) in [
        ("agenda page, upcoming", "/werkplaatsen/zhz/activiteiten".to_owned()),
        ("agenda page, past (page 1)", "/werkplaatsen/zhz/activiteiten?wanneer=afgelopen".to_owned()),
        ("agenda page, past (page 50 by cursor)", deep.clone()),
        ("API list, past", "/api/v1/werkplaatsen/zhz/activities?order=desc&limit=50".to_owned()),
    ] {
        get(app, &path).await?; // warm-up
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            get(app, &path).await?;
            times.push(start.elapsed());
        }
        times.sort();
        report(backend, n, label, &times);
    }
    Ok(())
}

async fn get(app: &axum::Router, path: &str) -> Result<String, Box<dyn std::error::Error>> {
    let response = app.clone().oneshot(Request::get(path).body(Body::empty())?).await?;
    if response.status() != StatusCode::OK {
        return Err(format!("GET {path}: {}", response.status()).into());
    }
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn report(backend: &str, n: usize, label: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1).min(times.len() - 1)]);
    println!(
        "| {backend} | {n} | {label} | {} | {:.2} | {:.2} | {:.2} |",
        times.len(),
        pct(0.50),
        pct(0.99),
        ms(times[times.len() - 1])
    );
}

/// 5,000 past activities over four years, mostly public, each with a theme, some with a
/// registration or two: what a busy werkplaats accumulates.
async fn generate(core: &Core) -> Result<(), Box<dyn std::error::Error>> {
    let zhz = core.tenant("zhz").await?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let mut tx = core.store.begin().await?;
    let themes = {
        let agenda = broedplaats_store::agenda::current(&mut tx, &zhz).await?.ok_or("no agenda")?;
        broedplaats_store::agenda::themes(&mut tx, &zhz, agenda.id).await?.iter().map(|t| t.id).collect::<Vec<_>>()
    };
    let now = chrono::Utc::now();
    for i in 0..PAST {
        let start = now - chrono::Duration::minutes(rng.gen_range(60 * 24..60 * 24 * 365 * 4));
        let kind = KINDS[i % KINDS.len()];
        let subject = SUBJECTS[rng.gen_range(0..SUBJECTS.len())];
        let fields = ActivityFields {
            kind: kind.into(),
            title: format!("{} over {subject}", kind[..1].to_uppercase() + &kind[1..]),
            description: format!("Professionals, studenten en bewoners delen kennis over {subject}."),
            starts_at: stored(start),
            ends_at: stored(start + chrono::Duration::hours(2)),
            location: Some("Merwestad (fictief)".into()),
            online_url: None,
            capacity: Some(40),
            audience: if i % 5 == 0 { "partners".into() } else { "public".into() },
            theme_group_id: None,
            project_id: None,
            body_id: None,
            four_os: r#"["ondersteuning"]"#.into(),
        };
        let id = a::insert_activity(&mut tx, &zhz, &fields, None, None).await?;
        a::replace_links(&mut tx, &zhz, ActivityLinks::Themes, id, &[themes[i % themes.len()]]).await?;
        for r in 0..(i % 3) {
            let email = format!("deelnemer{i}-{r}@voorbeeld.example");
            let hash = format!("bench-{i}-{r}");
            let reg = a::NewRegistration {
                account_id: None,
                name: "Deelnemer (fictief)",
                email: &email,
                organisation: None,
                accessibility_needs: None,
                status: "registered",
                cancel_token_hash: &hash,
            };
            a::insert_registration(&mut tx, &zhz, id, &reg).await?;
        }
    }
    tx.commit().await?;
    // What autovacuum would do after a bulk load; without it PostgreSQL plans for an empty table.
    core.store.execute_admin("ANALYZE").await?;
    Ok(())
}
