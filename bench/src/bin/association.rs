//! The association page (`/vereniging`, issue 16) at national scale: 15 werkplaatsen × 4 years
//! of work (per werkplaats per year 10 projects, 40 practice questions, 60 knowledge products;
//! kwesties from a shared pool of 25; every visibility), with collective priorities and joint
//! projects. Server time of the whole request through the router in-process (middleware,
//! extractors, use case, template; no socket): the first request (cold: the matrix computed),
//! then warm requests (the matrix from the cache), side by side with the baseline of the same
//! request with the cache emptied before each one (the matrix counted afresh every time), for a
//! visitor and a signed-in coordinator; and the JSON API. On SQLite and PostgreSQL.
//!
//!   cargo run --release -p broedplaats-bench --bin association [runs]
//!
//! PostgreSQL: BROEDPLAATS_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
//! a fresh database is created and dropped. BENCH_SQLITE_ONLY=1 skips it.
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broedplaats_core::Core;
use broedplaats_core::association::{PartnersInput, PriorityInput, PriorityItemsInput};
use broedplaats_store::knowledge::{self as k, KnowledgeLinks, ProductFields};
use broedplaats_store::organisation::{self as o, ProjectFields};
use broedplaats_store::{Store, Tenant};
use broedplaats_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const WERKPLAATSEN: usize = 15;
const YEARS: [i64; 4] = [2023, 2024, 2025, 2026];
const PROJECTS_PER_YEAR: usize = 10;
const QUESTIONS_PER_YEAR: usize = 40;
const PRODUCTS_PER_YEAR: usize = 60;
const KWESTIES: [&str; 25] = [
    "Armoede en schulden",
    "Eenzaamheid",
    "Mantelzorg",
    "Langer thuis wonen",
    "Sociale basis",
    "Bestaanszekerheid",
    "Jeugd en opvoeden",
    "Multiproblematiek",
    "Wonen en dakloosheid",
    "Digitale inclusie",
    "Laaggeletterdheid",
    "Participatie en werk",
    "Gezondheidsverschillen",
    "Mentale gezondheid jongeren",
    "Vertrouwen in de overheid",
    "Informele zorg",
    "Dementie in de wijk",
    "Huiselijk geweld",
    "Statushouders",
    "Vrijwilligerswerk",
    "Integraal werken in de wijk",
    "Professionele veerkracht",
    "Burgerinitiatief",
    "Schulden bij jongeren",
    "Samenredzaamheid",
];
const PASSWORD: &str = "benchmark-wachtwoord";

type Error = Box<dyn std::error::Error>;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(500);
    let dir = std::env::temp_dir().join(format!("bp-bench-assoc-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let mut targets = vec![("SQLite", sqlite_url)];
    let pg = if std::env::var_os("BENCH_SQLITE_ONLY").is_none() {
        let admin_url = std::env::var("BROEDPLAATS_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("bp_bench_assoc_{}", std::process::id());
        let admin = Store::connect(&admin_url).await?;
        admin.execute_admin(&format!("CREATE DATABASE {name}")).await?;
        let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or_else(|| admin_url.clone());
        targets.push(("PostgreSQL", format!("{base}/{name}")));
        Some((admin, name))
    } else {
        None
    };

    println!("| backend | request | reader | mode | runs | p50 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---|---|---|---|---|---|---|");
    for (backend, url) in &targets {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        let core = Core::new(store);
        let started = Instant::now();
        let scale = generate(&core).await?;
        eprintln!("{backend}: generated {scale} in {:.1} s", started.elapsed().as_secs_f64());
        let app = broedplaats_web::app(AppState::new(core.clone(), WebConfig::default()));
        // A browser signs in with a session cookie; an integration with a bearer token (whose
        // every use records `last_used_at`: a write per request, the token's cost, not the view's).
        let token = core.create_api_token(&coordinator_email(0), None).await?;
        let session = match core.login(&coordinator_email(0), PASSWORD, None).await? {
            broedplaats_core::accounts::LoginOutcome::Signed(s) => s.token,
            _ => return Err("the coordinator signs in without a second step".into()),
        };
        // The session cookie's name (`web::extract::SESSION_COOKIE`).
        let cookie = format!("bp_session={session}");
        let readers = [
            ("page", "/vereniging", "visitor", None),
            ("page", "/vereniging", "coordinator (session)", Some((header::COOKIE, cookie.as_str()))),
            ("API", "/api/v1/association", "visitor", None),
            (
                "API",
                "/api/v1/association",
                "coordinator (token)",
                Some((header::AUTHORIZATION, &*format!("Bearer {token}"))),
            ),
        ];
        for (request, path, reader, auth) in &readers {
            let auth = auth.as_ref().map(|(h, v)| (h.clone(), v.to_string()));
            core.association_cache.clear();
            let start = Instant::now();
            let size = get(&app, path, auth.as_ref()).await?;
            report(backend, request, reader, "cold (first request)", vec![start.elapsed()]);
            let warm = time(&app, path, auth.as_ref(), runs, || {}).await?;
            report(backend, request, reader, "warm (cached matrix)", warm);
            let base = time(&app, path, auth.as_ref(), runs, || core.association_cache.clear()).await?;
            report(backend, request, reader, "baseline (no cache)", base);
            if *request == "page" && auth.is_none() {
                eprintln!("{backend}: {path} is {size} bytes");
            }
        }
        core.store.close().await;
    }
    if let Some((admin, name)) = pg {
        admin.execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
        admin.close().await;
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// One request through the whole router; the body's size. Fails on anything but 200.
async fn get(app: &axum::Router, path: &str, auth: Option<&(header::HeaderName, String)>) -> Result<usize, Error> {
    let mut req = Request::get(path);
    if let Some((name, value)) = auth {
        req = req.header(name, value);
    }
    let res = app.clone().oneshot(req.body(Body::empty())?).await?;
    let status = res.status();
    let body = res.into_body().collect().await?.to_bytes();
    if status != StatusCode::OK {
        return Err(format!("{path}: {status}: {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(body.len())
}

/// `runs` requests, each after `before` (outside the timing); sorted times.
async fn time(
    app: &axum::Router,
    path: &str,
    auth: Option<&(header::HeaderName, String)>,
    runs: usize,
    before: impl Fn(),
) -> Result<Vec<Duration>, Error> {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        before();
        let start = Instant::now();
        get(app, path, auth).await?;
        out.push(start.elapsed());
    }
    out.sort();
    Ok(out)
}

fn report(backend: &str, request: &str, reader: &str, mode: &str, times: Vec<Duration>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1).min(times.len() - 1)]);
    println!(
        "| {backend} | {request} | {reader} | {mode} | {} | {:.2} | {:.2} | {:.2} |",
        times.len(),
        pct(0.50),
        pct(0.99),
        ms(times[times.len() - 1])
    );
}

fn coordinator_email(w: usize) -> String {
    format!("coordinator{w:02}@bench.example")
}

fn pick(rng: &mut StdRng, n: usize) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    while out.len() < n {
        // Skewed towards the first kwesties of the pool: some are everyone's, some rare.
        let i = (rng.gen_range(0.0_f64..1.0).powf(1.6) * KWESTIES.len() as f64) as usize;
        let label = KWESTIES[i.min(KWESTIES.len() - 1)];
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

/// 15 werkplaatsen with 4 years of work each, deterministic (seeded); a description of the size.
async fn generate(core: &Core) -> Result<String, Error> {
    let mut rng = StdRng::seed_from_u64(16);
    let mut kwestie_ids = std::collections::HashMap::new();
    let mut tenants: Vec<Tenant> = Vec::new();
    let mut projects_of: Vec<Vec<i64>> = Vec::new();
    let mut questions_of: Vec<Vec<i64>> = Vec::new();
    let (mut n_projects, mut n_questions, mut n_products) = (0, 0, 0);
    for w in 0..WERKPLAATSEN {
        let slug = format!("wp{w:02}");
        core.create_werkplaats(&broedplaats_core::demo::NewWerkplaats {
            slug: &slug,
            name: &format!("Werkplaats Sociaal Domein Regio {w:02} (benchmark)"),
            region: &format!("Regio {w:02}"),
            period: "2023-2026",
            motto: "Benchmark",
            national_theme: "sociale kwaliteit",
        })
        .await?;
        core.create_user(
            &coordinator_email(w),
            &format!("Coördinator {w:02}"),
            &slug,
            "programme-coordinator",
            PASSWORD,
        )
        .await?;
        let tenant = core.tenant(&slug).await?;
        let mut tx = core.store.begin().await?;
        let agenda = broedplaats_store::agenda::current(&mut tx, &tenant).await?.ok_or("no agenda")?;
        let mut themes = Vec::new();
        for t in 0..5 {
            let title = format!("Thema {t} van regio {w:02}");
            let fields = broedplaats_store::ThemeFields {
                title: &title,
                level: None,
                introduction: "",
                questions_json: "[]",
                funding: None,
            };
            themes.push(broedplaats_store::agenda::insert_theme(&mut tx, &tenant, agenda.id, &fields).await?);
        }
        let (mut projects, mut questions) = (Vec::new(), Vec::new());
        for year in YEARS {
            let mut this_year = Vec::new();
            let starts_on = format!("{year}-01-15");
            for i in 0..PROJECTS_PER_YEAR {
                let title = format!("Project {year}-{i:02} van regio {w:02}");
                let f = ProjectFields {
                    theme_id: themes[i % themes.len()],
                    title: &title,
                    questions_json: "[]",
                    higher_goal: "",
                    four_os_json: r#"["onderzoek"]"#,
                    methods_json: "[]",
                    size: "middel",
                    starts_on: Some(&starts_on),
                    ends_on: None,
                    status: "lopend",
                    visibility: if rng.gen_bool(0.8) { "public" } else { "members" },
                    plan: "",
                };
                this_year.push(o::insert_project(&mut tx, &tenant, &f).await?);
            }
            for i in 0..QUESTIONS_PER_YEAR {
                let project = rng.gen_bool(0.6).then(|| this_year[i % this_year.len()]);
                let visibility = if rng.gen_bool(0.7) { "public" } else { "members" };
                let title = format!("Praktijkvraag {year}-{i:02} van regio {w:02}");
                let f = k::QuestionFields {
                    title: &title,
                    explanation: "",
                    project_id: project,
                    status: "onderzocht",
                    visibility,
                };
                let id = k::insert_question(&mut tx, &tenant, &f, None).await?;
                let n = rng.gen_range(1..=2);
                let labels = pick(&mut rng, n);
                let ids = kwestie_list(&mut tx, &mut kwestie_ids, &labels).await?;
                k::replace(&mut tx, &tenant, KnowledgeLinks::QuestionKwesties, id, &ids).await?;
                questions.push(id);
            }
            for i in 0..PRODUCTS_PER_YEAR {
                let visibility = match rng.gen_range(0..10) {
                    0..7 => "public",
                    7..9 => "partners",
                    _ => "theme_group",
                };
                let f = ProductFields {
                    kind: "werkvorm".into(),
                    title: format!("Kennisproduct {year}-{i:02} van regio {w:02}"),
                    summary: "Gegenereerd voor de benchmark.".into(),
                    body: String::new(),
                    project_id: rng.gen_bool(0.5).then(|| this_year[i % this_year.len()]),
                    theme_group_id: None,
                    year: Some(year),
                    published_on: Some(format!("{year}-06-01")),
                    licence: "CC BY 4.0".into(),
                    language: "nl".into(),
                    audiences: "[]".into(),
                    four_os: "[]".into(),
                    links: "[]".into(),
                    author_names: "[]".into(),
                    visibility: visibility.into(),
                };
                let status = if rng.gen_bool(0.85) { "published" } else { "concept" };
                let id = k::insert_product(&mut tx, &tenant, &f, status, None).await?;
                let n = rng.gen_range(1..=3);
                let labels = pick(&mut rng, n);
                let ids = kwestie_list(&mut tx, &mut kwestie_ids, &labels).await?;
                k::replace(&mut tx, &tenant, KnowledgeLinks::ProductKwesties, id, &ids).await?;
            }
            n_projects += PROJECTS_PER_YEAR;
            n_questions += QUESTIONS_PER_YEAR;
            n_products += PRODUCTS_PER_YEAR;
            projects.extend(this_year);
        }
        // Some questions went to the national side of the lemniscate.
        for q in questions.iter().step_by(10) {
            broedplaats_store::lemniscate::insert_move(
                &mut tx,
                &tenant,
                &broedplaats_store::lemniscate::NewMove {
                    question_id: *q,
                    movement: "verspreiden",
                    step: None,
                    by_kind: "werkplaats",
                    by_name: "Benchmark",
                    account_id: None,
                    note: "",
                    crosses: true,
                    national: true,
                    status: None,
                    at: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        tenants.push(tenant);
        projects_of.push(projects);
        questions_of.push(questions);
    }
    // Four collective priorities, each served by a few projects and questions of every werkplaats;
    // ten joint projects with two or three partners.
    let mut actors = Vec::new();
    for w in 0..WERKPLAATSEN {
        let token = core.create_api_token(&coordinator_email(w), None).await?;
        actors.push(core.actor_for_api_token(&token).await?.ok_or("coordinator")?);
    }
    for (p, title) in
        ["Lerende gemeenschappen", "Sociale inclusie", "Onderwijs en lectoraten", "Regionaal en landelijk"]
            .iter()
            .enumerate()
    {
        let input = PriorityInput { title: (*title).into(), description: Some("Benchmark.".into()), werkplaats: None };
        let id = core.create_priority(Some(&actors[p]), &input).await?;
        for (w, tenant) in tenants.iter().enumerate() {
            let input = PriorityItemsInput {
                projects: projects_of[w].iter().skip(p).step_by(13).copied().collect(),
                questions: questions_of[w].iter().skip(p).step_by(41).copied().collect(),
            };
            core.set_priority_items(Some(&actors[w]), tenant, id, &input).await?;
        }
    }
    for (w, projects) in projects_of.iter().enumerate().take(10) {
        let partners = (1..=2 + w % 2).map(|d| tenants[(w + d * 3) % WERKPLAATSEN].slug.clone()).collect();
        let input = PartnersInput { werkplaatsen: partners };
        core.set_project_partners(Some(&actors[w]), &tenants[w], projects[w], &input).await?;
    }
    Ok(format!(
        "{WERKPLAATSEN} werkplaatsen, {n_projects} projects, {n_questions} questions, {n_products} products, \
         {} kwesties",
        kwestie_ids.len()
    ))
}

/// The ids of kwestie labels, created once.
async fn kwestie_list(
    conn: &mut broedplaats_store::Conn,
    known: &mut std::collections::HashMap<&'static str, i64>,
    labels: &[&'static str],
) -> Result<Vec<i64>, Error> {
    let mut out = Vec::new();
    for label in labels {
        let id = match known.get(label) {
            Some(id) => *id,
            None => {
                let key = broedplaats_domain::kwestie_key(label);
                let id = k::kwestie_id_for(conn, label, &key).await?;
                known.insert(label, id);
                id
            }
        };
        out.push(id);
    }
    Ok(out)
}
