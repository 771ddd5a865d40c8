//! `broedplaats`: one binary to serve, migrate and administer. Thin: parse settings, build the
//! core, hand over to the web crate or a use case.
mod settings;

use anyhow::Context;
use broedplaats_core::{Core, CoreError};
use clap::{Parser, Subcommand};
use settings::Settings;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "broedplaats", version, about = "Broedplaats: software for a Werkplaats Sociaal Domein")]
struct Cli {
    /// Data directory (SQLite database, later the search index). Default ./data.
    #[arg(long, global = true, env = "BROEDPLAATS_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Optional TOML settings file (default: broedplaats.toml in the working directory, if present).
    #[arg(long, global = true, env = "BROEDPLAATS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (runs migrations first).
    Serve {
        /// Load the demo data (ZHZ agenda 2023-2026 and a fictional werkplaats) if not present.
        #[arg(long)]
        demo: bool,
        /// Address to listen on. Default 127.0.0.1:8080.
        #[arg(long, env = "BROEDPLAATS_BIND")]
        bind: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Write a consistent backup of the whole installation (database and uploaded files) to one
    /// archive, also while the server runs.
    Backup {
        /// The archive to write (a ZIP file; replaced if it exists).
        file: PathBuf,
    },
    /// Restore a backup into an empty installation (SQLite or PostgreSQL, whichever
    /// `DATABASE_URL` names) and rebuild the search index. Refused when the database has rows.
    Restore {
        /// The archive `broedplaats backup` wrote.
        file: PathBuf,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Import organisations or people from a CSV file into a werkplaats (all or nothing).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// OAI-PMH sources this installation harvests (other installations, repositories).
    Harvest {
        #[command(subcommand)]
        command: HarvestCommand,
    },
}

#[derive(Subcommand)]
enum HarvestCommand {
    /// Register a source by its OAI-PMH base URL; prints its id.
    Add {
        url: String,
        /// Harvest only this OAI-PMH set.
        #[arg(long)]
        set: Option<String>,
        /// Shown with every record ("van …"); the host name when omitted.
        #[arg(long)]
        name: Option<String>,
        /// The werkplaats the source is registered for (slug); the oldest werkplaats when omitted.
        #[arg(long)]
        werkplaats: Option<String>,
    },
    /// Harvest now (every enabled source, or one) and print per source what was done.
    Run {
        #[arg(long)]
        source: Option<i64>,
    },
    /// List the sources: id, name, URL, set, records and the last error.
    List,
}

/// CSV files with a header line (Dutch or English column names, `;` or `,`), UTF-8. The whole file
/// is checked first; if any line is wrong, every problem is listed and nothing is imported.
#[derive(Subcommand)]
enum ImportCommand {
    /// Organisations: naam/name, soort/kind (required), plaats/city, website, email.
    Organisations {
        /// The CSV file.
        file: PathBuf,
        /// Slug of the werkplaats, e.g. zhz.
        #[arg(long)]
        werkplaats: String,
    },
    /// People: naam/name (required), email, organisatie/organisation (must exist), rol/role.
    People {
        /// The CSV file.
        file: PathBuf,
        /// Slug of the werkplaats, e.g. zhz.
        #[arg(long)]
        werkplaats: String,
    },
    /// Knowledge products from CSV (soort, titel, samenvatting required; tekst, jaar, datum,
    /// themas, kwesties, organisaties, zichtbaarheid, status, licentie, taal, doelgroep, 4o;
    /// lists separated by `|`) or JSON (an array of objects as `POST …/knowledge-products` takes).
    KnowledgeProducts {
        /// The .csv or .json file.
        file: PathBuf,
        /// Slug of the werkplaats, e.g. zhz.
        #[arg(long)]
        werkplaats: String,
    },
}

// The CLI contract names these `create-…`; the shared prefix is the point.
#[allow(clippy::enum_variant_names)]
#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account with a role in a werkplaats (password read from stdin).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        werkplaats: String,
        /// One of: programme-coordinator, lector, teacher-researcher, theme-lead, project-support,
        /// consortium-member, professional, student, citizen, national-partner.
        #[arg(long)]
        role: String,
    },
    /// Create a bearer API token for an account and print it (shown once; stored hashed).
    CreateToken {
        #[arg(long)]
        email: String,
        /// Days the token stays valid (1–3650); without it the token lasts until revoked.
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// Revoke bearer API tokens: one (`--token`) or all of an account (`--email`).
    RevokeToken {
        #[arg(long, conflicts_with = "email", required_unless_present = "email")]
        token: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Rebuild the search index from the database (it is derived data; `serve` also rebuilds it
    /// when it is missing or of an older version).
    Reindex,
    /// National knowledge partners (landelijke kennispartners): an installation-wide role, no role
    /// in any werkplaats. They see the national agenda and move the questions handed to them.
    NationalPartner {
        #[command(subcommand)]
        command: NationalPartnerCommand,
    },
    /// Create a werkplaats with an empty concept agenda.
    CreateWerkplaats {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        region: String,
        #[arg(long, default_value = "2023-2026")]
        period: String,
        #[arg(long, default_value = "")]
        motto: String,
        #[arg(long, default_value = "sociale kwaliteit voor de brede basis")]
        national_theme: String,
    },
}

#[derive(Subcommand)]
enum NationalPartnerCommand {
    /// Make an account a national partner of an organisation. A new account's password is read
    /// from stdin; an existing account is granted the role without one (its password unchanged).
    Add {
        #[arg(long)]
        email: String,
        /// The name of a new account (an existing account keeps its name).
        #[arg(long)]
        name: String,
        /// The national knowledge institute, e.g. "Movisie".
        #[arg(long)]
        organisation: String,
    },
    /// Take the role away; the account stays.
    Remove {
        #[arg(long)]
        email: String,
    },
    /// List the national partners: organisation, name and email, one a line.
    List,
}

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref(), cli.data_dir.as_deref())?;
    settings::init_tracing(&settings);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(cli.command, settings, started))
}

/// Opens the database and the search index. Beside a running server (which holds the index's
/// lock) commands that do not need the index work on the database alone; `index_required`
/// commands (serve, reindex) refuse with the reason.
async fn open(settings: &Settings, index_required: bool) -> anyhow::Result<Core> {
    let url = settings.database_url()?;
    let store = broedplaats_store::Store::connect(&url)
        .await
        .with_context(|| format!("cannot open the database ({})", settings::redact(&url)))?;
    store.migrate().await.context("database migration failed")?;
    let core = Core::new(store)
        .with_public_url(settings.public_url.clone())
        .with_storage(settings.storage()?)
        .with_require_2fa_for_managers(settings.require_2fa_for_managers)
        .with_harvest_settings(settings.harvest())
        .with_oai_settings(broedplaats_core::dissemination::OaiSettings {
            repository_name: settings.oai_repository_name.clone(),
            admin_email: settings.oai_admin_email.clone().filter(|e| !e.trim().is_empty()),
        });
    let (index, fresh) = match broedplaats_search::SearchIndex::open_or_create(&settings.data_dir.join("search")) {
        Ok(opened) => opened,
        // A running server owns the index: write the database and its outbox only; the server
        // applies the outbox within half a second. Serving or rebuilding needs the index itself.
        Err(e) if e.is_locked() && !index_required => {
            tracing::info!("the search index is in use by a running server, which will bring it up to date");
            return Ok(core.with_detached_search());
        }
        Err(e) if e.is_locked() => {
            anyhow::bail!(
                "the search index is in use by another process (a running `broedplaats serve`?); stop it first"
            )
        }
        Err(e) => return Err(e).context("cannot open the search index"),
    };
    let core = core.with_search(index);
    if fresh {
        let n = core.rebuild_search(|_, _| {}).await.map_err(explain)?;
        tracing::info!(documents = n, "search index built from the database");
    }
    Ok(core)
}

async fn run(command: Command, settings: Settings, started: Instant) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, bind } => {
            // Checked before anything else, so a production server with a mail backend that
            // delivers nothing stops right away with the reason.
            let mailer = settings.mailer()?;
            let web_config = settings.web_config()?;
            let oidc_providers = settings.oidc_providers()?;
            let core = open(&settings, true)
                .await?
                .with_mailer(mailer, settings.mail_from.clone())
                .with_oidc_providers(oidc_providers);
            for warning in settings.production_warnings()? {
                tracing::warn!("{warning}");
            }
            // Not fatal (a bucket policy may refuse the probe yet allow uploads), but said at once.
            if let Err(e) = core.storage.check().await {
                tracing::warn!(storage = ?core.storage, "the file storage cannot be reached: {e}");
            }
            if demo && core.load_demo().await.map_err(explain)? {
                tracing::info!(
                    "demo data loaded; demo accounts use password '{}'",
                    broedplaats_core::demo::DEMO_PASSWORD
                );
            }
            if demo {
                // Separate from the rest of the demo so databases made by an earlier version get it too.
                core.load_demo_knowledge().await.map_err(explain)?;
                core.load_demo_lemniscate().await.map_err(explain)?;
                core.load_demo_education().await.map_err(explain)?;
                core.load_demo_collections().await.map_err(explain)?;
                core.load_demo_grants().await.map_err(explain)?;
            }
            // Catch up with the outbox before serving: a change committed just before a crash (whose
            // own sync never ran) is findable from the first request on.
            let caught_up = core.sync_search().await.map_err(explain)?;
            if caught_up > 0 {
                tracing::info!(documents = caught_up, "search index caught up with the database");
            }
            let bind = bind.unwrap_or_else(|| settings.bind.clone());
            let listener =
                tokio::net::TcpListener::bind(&bind).await.with_context(|| format!("cannot listen on {bind}"))?;
            let addr = listener.local_addr()?;
            let state = broedplaats_web::AppState::new(core.clone(), web_config);
            tracing::info!(
                "Broedplaats serving on http://{addr} (ready in {} ms, {:?} database)",
                started.elapsed().as_millis(),
                core.store.backend()
            );
            // The job worker (emails, reminders) runs beside the server. It is stopped after the
            // server has answered its last request and awaited, so a mail being sent is finished
            // (not sent twice after a restart) before the database closes.
            let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
            let worker = tokio::spawn(core.clone().run_worker(async {
                let _ = worker_stopped.await;
            }));
            // Keeps the search index current with changes made by other instances.
            let (stop_search, search_stopped) = tokio::sync::oneshot::channel::<()>();
            let search = tokio::spawn(core.clone().run_search_sync(async {
                let _ = search_stopped.await;
            }));
            broedplaats_web::serve(listener, state, shutdown_signal()).await?;
            let _ = stop_worker.send(());
            let _ = stop_search.send(());
            if let Err(e) = search.await {
                tracing::error!(error = %e, "search sync ended abnormally");
            }
            if let Err(e) = worker.await {
                tracing::error!(error = %e, "job worker ended abnormally");
            }
            core.store.close().await;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            open(&settings, false).await?;
            println!("migrations applied");
        }
        Command::Backup { file } => {
            let core = open(&settings, false).await?;
            let result = core.backup(&file).await;
            core.store.close().await;
            let m = result?;
            println!(
                "backup geschreven naar {}: {} tabellen, {} rijen, {} bestanden (schemaversie {}, {})",
                file.display(),
                m.tables.len(),
                m.rows(),
                m.files(),
                m.schema_version,
                m.source_engine
            );
        }
        Command::Restore { file } => {
            // Checked before the database is opened (and migrated): a damaged archive changes nothing.
            broedplaats_core::kernel::backup::verify(&file)?;
            let core = open(&settings, true).await?;
            let m = match core.restore(&file).await {
                Ok(m) => m,
                Err(e) => {
                    core.store.close().await;
                    return Err(e.into());
                }
            };
            println!(
                "hersteld uit {}: {} tabellen, {} rijen, {} bestanden (gemaakt {} op {})",
                file.display(),
                m.tables.len(),
                m.rows(),
                m.files(),
                m.created_at,
                m.source_engine
            );
            let n = core.rebuild_search(|_, _| {}).await.map_err(explain)?;
            core.store.close().await;
            println!("zoekindex opnieuw opgebouwd: {n} documenten");
        }
        Command::Admin { command } => admin(command, &settings).await?,
        Command::Import { command } => import(command, &settings).await?,
        Command::Harvest { command } => harvest(command, &settings).await?,
    }
    Ok(())
}

async fn harvest(command: HarvestCommand, settings: &Settings) -> anyhow::Result<()> {
    let core = open(settings, false).await?;
    match command {
        HarvestCommand::Add { url, set, name, werkplaats } => {
            // The reason in Dutch when the address itself is refused (form, DNS, private address).
            if let Err(e) = broedplaats_core::federation::check_url(&core.harvest, &url).await {
                anyhow::bail!("{e}");
            }
            let input = broedplaats_core::federation::SourceInput { url, set, name, werkplaats };
            let id = core.add_harvest_source_as_admin(input).await.map_err(explain)?;
            println!("{id}");
        }
        HarvestCommand::Run { source } => {
            let reports = match source {
                Some(id) => vec![core.harvest_source(id).await.map_err(explain)?],
                None => core.harvest_all().await.map_err(explain)?,
            };
            let mut failed = 0;
            for r in &reports {
                match &r.error {
                    None => println!(
                        "bron {} ({}): {} toegevoegd, {} bijgewerkt, {} verwijderd",
                        r.source_id, r.name, r.added, r.updated, r.deleted
                    ),
                    Some(e) => {
                        failed += 1;
                        println!(
                            "bron {} ({}): FOUT: {e} ({} toegevoegd, {} bijgewerkt, {} verwijderd)",
                            r.source_id, r.name, r.added, r.updated, r.deleted
                        );
                    }
                }
            }
            core.store.close().await;
            if failed > 0 {
                anyhow::bail!("{failed} van {} bronnen gaven een fout", reports.len());
            }
        }
        HarvestCommand::List => {
            for v in core.harvest_sources_as_admin().await.map_err(explain)? {
                let s = v.source;
                println!(
                    "{}\t{}\t{}\t{}\t{} records\t{}",
                    s.id,
                    s.name,
                    s.url,
                    if s.set_spec.is_empty() { "-" } else { &s.set_spec },
                    s.records,
                    s.last_error.as_deref().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}

async fn admin(command: AdminCommand, settings: &Settings) -> anyhow::Result<()> {
    let core = open(settings, false).await?;
    match command {
        AdminCommand::CreateUser { email, name, werkplaats, role } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']);
            core.create_user(&email, &name, &werkplaats, &role, password).await.map_err(explain)?;
            println!("account {email} has role {role} in werkplaats {werkplaats}");
        }
        AdminCommand::Reindex if core.search.is_detached() => {
            // A running server owns the index: ask it (and every other instance) to rebuild.
            let request = core.request_search_rebuild().await.map_err(explain)?;
            println!("de draaiende server bouwt de zoekindex opnieuw op…");
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
            while !core.search_rebuild_done(request).await.map_err(explain)? {
                anyhow::ensure!(
                    std::time::Instant::now() < deadline,
                    "the running server has not finished rebuilding after 10 minutes; it goes on in the background"
                );
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
            println!("zoekindex opnieuw opgebouwd door de draaiende server");
        }
        AdminCommand::Reindex => {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documenten ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let n = core
                .rebuild_search(|done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                })
                .await
                .map_err(explain)?;
            bar.finish_and_clear();
            println!("zoekindex opnieuw opgebouwd: {n} documenten");
        }
        AdminCommand::RevokeToken { token, email } => {
            let n = core.revoke_api_tokens(token.as_deref(), email.as_deref()).await.map_err(explain)?;
            println!("{n} token(s) ingetrokken");
        }
        AdminCommand::CreateToken { email, expires_in_days } => {
            let token = core.create_api_token(&email, expires_in_days).await.map_err(explain)?;
            println!("{token}");
        }
        AdminCommand::NationalPartner { command } => national_partner(&core, command).await?,
        AdminCommand::CreateWerkplaats { slug, name, region, period, motto, national_theme } => {
            core.create_werkplaats(&broedplaats_core::demo::NewWerkplaats {
                slug: &slug,
                name: &name,
                region: &region,
                period: &period,
                motto: &motto,
                national_theme: &national_theme,
            })
            .await
            .map_err(explain)?;
            println!("werkplaats {slug} created");
        }
    }
    core.store.close().await;
    Ok(())
}

/// `admin national-partner add|remove|list`. Adding tries the existing account first, so its
/// owner's password is neither asked nor changed; only a new account reads one from stdin.
async fn national_partner(core: &Core, command: NationalPartnerCommand) -> anyhow::Result<()> {
    match command {
        NationalPartnerCommand::Add { email, name, organisation } => {
            match core.grant_national_partner(&email, &organisation).await {
                Ok(()) => println!("account {email} is a national partner of {organisation} (existing account)"),
                Err(CoreError::NotFound) => {
                    let mut password = String::new();
                    std::io::stdin().read_to_string(&mut password).context("cannot read the password from stdin")?;
                    let password = password.trim_end_matches(['\n', '\r']);
                    core.create_national_partner(&email, &name, &organisation, password).await.map_err(explain)?;
                    println!("account {email} created, a national partner of {organisation}");
                }
                Err(e) => return Err(explain(e)),
            }
        }
        NationalPartnerCommand::Remove { email } => {
            core.revoke_national_partner(&email).await.map_err(|e| match e {
                CoreError::NotFound => anyhow::anyhow!("not found: {email} is no national partner"),
                e => explain(e),
            })?;
            println!("account {email} is no longer a national partner");
        }
        NationalPartnerCommand::List => {
            let partners = core.national_partners().await.map_err(explain)?;
            if partners.is_empty() {
                println!("no national partners");
            }
            for p in partners {
                println!("{}\t{}\t{}", p.organisation, p.name, p.email);
            }
        }
    }
    Ok(())
}

/// `import organisations|people FILE --werkplaats SLUG`, as the administrator (see
/// `Core::import_organisations_as_admin`). Messages are Dutch, like the file's problem reports.
async fn import(command: ImportCommand, settings: &Settings) -> anyhow::Result<()> {
    use broedplaats_core::organisation::ImportError;
    let (people, file, slug) = match command {
        ImportCommand::Organisations { file, werkplaats } => (false, file, werkplaats),
        ImportCommand::People { file, werkplaats } => (true, file, werkplaats),
        ImportCommand::KnowledgeProducts { file, werkplaats } => {
            return import_products(&file, &werkplaats, settings).await;
        }
    };
    let data = std::fs::read(&file).with_context(|| format!("kan het bestand {} niet lezen", file.display()))?;
    let core = open(settings, false).await?;
    let tenant = match core.tenant(&slug).await {
        Ok(t) => t,
        Err(CoreError::NotFound) => {
            let known: Vec<String> = core.werkplaatsen().await.map_err(explain)?.into_iter().map(|w| w.slug).collect();
            core.store.close().await;
            let known = if known.is_empty() { "(geen)".to_owned() } else { known.join(", ") };
            anyhow::bail!("werkplaats {slug:?} bestaat niet; bekende werkplaatsen: {known}");
        }
        Err(e) => return Err(explain(e)),
    };
    // Drawn on stderr, and only when that is a terminal (indicatif hides it otherwise).
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} regels ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let result = if people {
        core.import_people_as_admin(&tenant, &data, &progress).await
    } else {
        core.import_organisations_as_admin(&tenant, &data, &progress).await
    };
    bar.finish_and_clear();
    core.store.close().await;
    match result {
        Ok(report) => {
            let n = report.created;
            let what = match (people, n) {
                (false, 1) => "organisatie",
                (false, _) => "organisaties",
                (true, 1) => "persoon",
                (true, _) => "personen",
            };
            println!("{n} {what} geïmporteerd in werkplaats {}", tenant.slug);
            Ok(())
        }
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                if e.line == 0 {
                    eprintln!("bestand: {}", e.message);
                } else {
                    eprintln!("regel {}: {}", e.line, e.message);
                }
            }
            let problems = errors.iter().filter(|e| e.line > 0).count();
            let summary = match problems {
                0 => "het bestand is niet bruikbaar".to_owned(),
                1 => "1 fout in het bestand".to_owned(),
                n => format!("{n} fouten in het bestand"),
            };
            anyhow::bail!("{summary}; er is niets geïmporteerd")
        }
        Err(ImportError::Core(e)) => Err(explain(e)),
    }
}

/// `import knowledge-products FILE --werkplaats SLUG`: the whole file is checked (its shape here,
/// its content by the use case, as for the API) and nothing is written when any item is wrong.
async fn import_products(file: &std::path::Path, slug: &str, settings: &Settings) -> anyhow::Result<()> {
    let data = std::fs::read(file).with_context(|| format!("kan het bestand {} niet lezen", file.display()))?;
    let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // Where each item came from: a line of the CSV file, or a position in the JSON array.
    let (inputs, origins): (Vec<_>, Vec<String>) = if json {
        let value: serde_json::Value =
            serde_json::from_slice(&data).map_err(|e| anyhow::anyhow!("het bestand is geen geldige JSON: {e}"))?;
        let items = value.as_array().map_or(1, Vec::len);
        let origins: Vec<String> = (1..=items).map(|n| format!("item {n}")).collect();
        match broedplaats_web::api::parse_product_import(value) {
            Ok((inputs, _)) => (inputs, origins),
            Err(e) => match e.fields {
                Some(fields) => return report_item_errors(fields.into_iter(), &origins, false),
                None => anyhow::bail!("{}", e.message()),
            },
        }
    } else {
        match broedplaats_core::knowledge::parse_products(&data) {
            Ok(rows) => rows.into_iter().map(|(line, input)| (input, format!("regel {line}"))).unzip(),
            Err(errors) => {
                for e in &errors {
                    if e.line == 0 {
                        eprintln!("bestand: {}", e.message)
                    } else {
                        eprintln!("regel {}: {}", e.line, e.message)
                    }
                }
                anyhow::bail!("{} fout(en) in het bestand; er is niets geïmporteerd", errors.len());
            }
        }
    };
    let core = open(settings, false).await?;
    let tenant = core.tenant(slug).await.map_err(|_| anyhow::anyhow!("werkplaats {slug:?} bestaat niet"))?;
    let bar = indicatif::ProgressBar::new(inputs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} opbrengsten ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let result = core.import_products_as_admin(&tenant, &inputs, &|done, _| bar.set_position(done as u64)).await;
    bar.finish_and_clear();
    core.store.close().await;
    match result {
        Ok(ids) => {
            println!("{} opbrengst(en) geïmporteerd in werkplaats {}", ids.len(), tenant.slug);
            Ok(())
        }
        Err(CoreError::Invalid(fields)) => {
            let tr = broedplaats_web::i18n::Tr::default();
            let errors = fields.0.iter().map(|f| (f.field.clone(), broedplaats_web::field_message(&tr, &f.kind)));
            report_item_errors(errors, &origins, !json)
        }
        Err(e) => Err(explain(e)),
    }
}

/// Prints one line per field error of an import — `regel 4: soort: Kies een van: …` — and fails.
/// Fields named `[3].title` belong to the fourth item; a CSV file's fields are named by their
/// Dutch column.
fn report_item_errors(
    errors: impl Iterator<Item = (String, String)>,
    origins: &[String],
    csv: bool,
) -> anyhow::Result<()> {
    let mut n = 0;
    for (field, message) in errors {
        let (origin, field) = match field.strip_prefix('[').and_then(|r| r.split_once("].")) {
            Some((i, field)) => (i.parse::<usize>().ok().and_then(|i| origins.get(i)).cloned(), field),
            None => (origins.first().cloned(), field.as_str()),
        };
        let origin = origin.unwrap_or_else(|| "bestand".to_owned());
        let field = if csv { broedplaats_core::knowledge::product_column(field) } else { field };
        eprintln!("{origin}: {field}: {message}");
        n += 1;
    }
    anyhow::bail!("{n} fout(en); er is niets geïmporteerd")
}

/// Turns a use-case error into a message for the terminal.
fn explain(e: CoreError) -> anyhow::Error {
    match e {
        CoreError::Invalid(fields) => {
            let lines: Vec<String> =
                fields.0.iter().map(|f| format!("  --{}: {}", f.field.replace('_', "-"), describe(&f.kind))).collect();
            anyhow::anyhow!("invalid input:\n{}", lines.join("\n"))
        }
        CoreError::NotFound => anyhow::anyhow!("not found"),
        other => anyhow::anyhow!(other),
    }
}

fn describe(kind: &broedplaats_domain::FieldErrorKind) -> String {
    use broedplaats_domain::FieldErrorKind as K;
    match kind {
        K::Required => "is required".into(),
        K::TooLong { max } => format!("at most {max} characters"),
        K::TooShort { min } => format!("at least {min} characters"),
        K::TooMany { max } => format!("at most {max} items"),
        K::Invalid => "is not valid".into(),
        K::Duplicate => "already exists".into(),
        K::UnknownValue { allowed } => format!("must be one of: {}", allowed.join(", ")),
        // The messages live in the web crate's catalogue; the key says which rule refused it.
        K::Refused { key } => format!("refused by a rule ({key})"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
