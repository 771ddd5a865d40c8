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
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
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

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref(), cli.data_dir.as_deref())?;
    settings::init_tracing(&settings);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(cli.command, settings, started))
}

async fn open(settings: &Settings) -> anyhow::Result<Core> {
    let url = settings.database_url()?;
    let store = broedplaats_store::Store::connect(&url)
        .await
        .with_context(|| format!("cannot open the database ({})", settings::redact(&url)))?;
    store.migrate().await.context("database migration failed")?;
    Ok(Core::new(store))
}

async fn run(command: Command, settings: Settings, started: Instant) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, bind } => {
            let core = open(&settings).await?;
            if demo && core.load_demo().await.map_err(explain)? {
                tracing::info!(
                    "demo data loaded; demo accounts use password '{}'",
                    broedplaats_core::demo::DEMO_PASSWORD
                );
            }
            let bind = bind.unwrap_or_else(|| settings.bind.clone());
            let listener =
                tokio::net::TcpListener::bind(&bind).await.with_context(|| format!("cannot listen on {bind}"))?;
            let addr = listener.local_addr()?;
            let state = broedplaats_web::AppState::new(
                core.clone(),
                broedplaats_web::WebConfig { secure_cookies: settings.secure_cookies },
            );
            tracing::info!(
                "Broedplaats serving on http://{addr} (ready in {} ms, {:?} database)",
                started.elapsed().as_millis(),
                core.store.backend()
            );
            broedplaats_web::serve(listener, state, shutdown_signal()).await?;
            core.store.close().await;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            open(&settings).await?;
            println!("migrations applied");
        }
        Command::Admin { command } => admin(command, &settings).await?,
    }
    Ok(())
}

async fn admin(command: AdminCommand, settings: &Settings) -> anyhow::Result<()> {
    let core = open(settings).await?;
    match command {
        AdminCommand::CreateUser { email, name, werkplaats, role } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']);
            core.create_user(&email, &name, &werkplaats, &role, password).await.map_err(explain)?;
            println!("account {email} has role {role} in werkplaats {werkplaats}");
        }
        AdminCommand::CreateToken { email } => {
            let token = core.create_api_token(&email).await.map_err(explain)?;
            println!("{token}");
        }
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
