//! The real `broedplaats` binary against a fresh database: SQLite in a temporary data directory
//! (default), or a fresh PostgreSQL database when `BROEDPLAATS_TEST_DB=postgres` (server at
//! `BROEDPLAATS_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
use broedplaats_core::Core;
use broedplaats_domain::Role;
use broedplaats_store::Store;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";

enum Db {
    Sqlite,
    Postgres { admin_url: String, name: String },
}

/// A temporary working directory and a database of its own, for one test.
struct Env {
    dir: tempfile::TempDir,
    db: Db,
    url: String,
}

fn backend() -> String {
    std::env::var("BROEDPLAATS_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

impl Env {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend().as_str() {
            "sqlite" => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("data").join("broedplaats.db").display());
                Env { dir, db: Db::Sqlite, url }
            }
            "postgres" => {
                static N: AtomicU64 = AtomicU64::new(0);
                let admin_url = std::env::var("BROEDPLAATS_TEST_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or_default();
                let name = format!("bp_cli_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
                let admin = Store::connect(&admin_url).await.expect("PostgreSQL reachable for tests");
                admin.execute_admin(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).expect("admin url has a database");
                let url = format!("{base}/{name}");
                Env { dir, db: Db::Postgres { admin_url, name }, url }
            }
            other => panic!("unknown BROEDPLAATS_TEST_DB {other:?} (use sqlite or postgres)"),
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs `broedplaats <args>` with `stdin` as its standard input.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_broedplaats"));
        // No settings from the environment of whoever runs the tests, and no broedplaats.toml.
        cmd.current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("BROEDPLAATS_DATABASE_URL")
            .env_remove("BROEDPLAATS_DATA_DIR")
            .env_remove("BROEDPLAATS_CONFIG")
            .env_remove("BROEDPLAATS_BIND")
            .env("BROEDPLAATS_LOG", "warn")
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Db::Postgres { .. } = self.db {
            cmd.env("DATABASE_URL", &self.url);
        }
        let mut child = cmd.spawn().expect("start broedplaats");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("broedplaats ran")
    }

    /// Runs and requires success; returns stdout.
    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "broedplaats {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and requires failure; returns stderr.
    fn fails(&self, args: &[&str], stdin: &str) -> String {
        let out = self.run(args, stdin);
        assert!(
            !out.status.success(),
            "broedplaats {args:?} should fail:\nstdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_ne!(out.status.code(), Some(0));
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert!(!stderr.trim().is_empty(), "broedplaats {args:?} failed without a message");
        stderr
    }

    async fn core(&self) -> Core {
        Core::new(Store::connect(&self.url).await.expect("open the database the binary used"))
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Db::Postgres { admin_url, name } = &self.db {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) = Store::connect(&admin_url).await {
                        let _ = admin.execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

fn create_werkplaats(env: &Env) -> String {
    env.ok(&["admin", "create-werkplaats", "--slug", "test", "--name", "Werkplaats Test", "--region", "Testregio"], "")
}

fn create_user(env: &Env, email: &str, role: &str, password: &str) -> Output {
    env.run(
        &["admin", "create-user", "--email", email, "--name", "Anna", "--werkplaats", "test", "--role", role],
        &format!("{password}\n"),
    )
}

#[tokio::test]
async fn migrate_is_idempotent() {
    let env = Env::new().await;
    assert_eq!(env.ok(&["migrate"], "").trim(), "migrations applied");
    assert_eq!(env.ok(&["migrate"], "").trim(), "migrations applied");
    if backend() == "sqlite" {
        assert!(env.data_dir().join("broedplaats.db").is_file(), "the database lives in the data dir");
    }
    // the schema is there and empty
    let core = env.core().await;
    assert!(core.werkplaatsen().await.expect("query").is_empty());
    core.store.close().await;
}

#[tokio::test]
async fn create_werkplaats_once() {
    let env = Env::new().await;
    assert_eq!(create_werkplaats(&env).trim(), "werkplaats test created");
    let err =
        env.fails(&["admin", "create-werkplaats", "--slug", "test", "--name", "Nog een", "--region", "Elders"], "");
    assert!(err.contains("--slug: already exists"), "{err}");

    let err = env.fails(&["admin", "create-werkplaats", "--slug", "Geen Slug!", "--name", "X", "--region", "Y"], "");
    assert!(err.contains("--slug"), "{err}");
    let err = env.fails(
        &["admin", "create-werkplaats", "--slug", "ok", "--name", "X", "--region", "Y", "--period", "2026-2023"],
        "",
    );
    assert!(err.contains("--period"), "{err}");

    let core = env.core().await;
    let list = core.werkplaatsen().await.expect("list");
    assert_eq!(list.len(), 1, "only the first one was created");
    assert_eq!(list[0].slug, "test");
    assert_eq!(list[0].name, "Werkplaats Test");
    assert_eq!(list[0].region, "Testregio");
    let tenant = core.tenant("test").await.expect("tenant");
    let agenda = core.current_agenda(&tenant).await.expect("an empty agenda");
    assert_eq!(agenda.version, 1);
    assert_eq!(agenda.period, "2023-2026");
    assert_eq!(agenda.status, broedplaats_domain::AgendaStatus::Concept);
    assert!(agenda.themes.is_empty());
    core.store.close().await;
}

#[tokio::test]
async fn create_user_and_token() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let out = create_user(&env, "a@test.example", "programme-coordinator", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "account a@test.example has role programme-coordinator in werkplaats test"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(PASSWORD), "the password is never echoed");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(PASSWORD), "the password is never logged");

    let stdout = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the token on stdout: {stdout}");
    let token = lines[0];
    assert!(token.starts_with("bp_"), "{token}");
    assert!(token.len() > 40, "{token}");
    let second = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    assert_ne!(second.trim(), token, "every token is new");

    let core = env.core().await;
    let actor = core.actor_for_api_token(token).await.expect("query").expect("the token is valid");
    assert_eq!(actor.email, "a@test.example");
    assert_eq!(actor.name, "Anna");
    assert_eq!(actor.roles, vec![("test".to_owned(), Role::ProgrammeCoordinator)]);
    assert!(actor.may_edit_agenda("test"));
    assert!(core.actor_for_api_token(second.trim()).await.expect("query").is_some(), "both tokens work");
    assert!(core.actor_for_api_token("bp_verzonnen").await.expect("query").is_none());
    // the password works for signing in
    let session = core.login("a@test.example", PASSWORD, None).await.expect("login with the stdin password");
    assert_eq!(session.actor.email, "a@test.example");
    core.store.close().await;

    let err = env.fails(&["admin", "create-token", "--email", "niemand@test.example"], "");
    assert!(err.contains("not found"), "{err}");
}

#[tokio::test]
async fn create_user_refuses_bad_input() {
    let env = Env::new().await;
    create_werkplaats(&env);

    let out = create_user(&env, "a@test.example", "admin", PASSWORD);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--role: must be one of:"), "{err}");
    for role in Role::ALL {
        assert!(err.contains(role.code()), "allowed role {} listed: {err}", role.code());
    }

    let out = create_user(&env, "a@test.example", "lector", "kort");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--password: at least 10 characters"), "{err}");

    let out = create_user(&env, "a@test.example", "lector", "");
    assert!(!out.status.success(), "an empty password is refused");

    let out = create_user(&env, "geen-email", "lector", PASSWORD);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--email"));

    let out = env.run(
        &[
            "admin",
            "create-user",
            "--email",
            "a@test.example",
            "--name",
            "Anna",
            "--werkplaats",
            "bestaat-niet",
            "--role",
            "lector",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--werkplaats"), "{}", String::from_utf8_lossy(&out.stderr));

    // none of these created an account
    let err = env.fails(&["admin", "create-token", "--email", "a@test.example"], "");
    assert!(err.contains("not found"), "{err}");

    // missing arguments are a usage error
    let out = env.run(&["admin", "create-user", "--email", "a@test.example"], "");
    assert_eq!(out.status.code(), Some(2), "clap usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--name"));
}

#[tokio::test]
async fn adding_a_role_to_an_existing_account_needs_its_password() {
    let env = Env::new().await;
    create_werkplaats(&env);
    assert!(create_user(&env, "a@test.example", "lector", PASSWORD).status.success());

    let out = create_user(&env, "a@test.example", "programme-coordinator", "een-ander-wachtwoord");
    assert!(!out.status.success(), "no takeover by re-creating an account");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password"));

    let out = create_user(&env, "a@test.example", "programme-coordinator", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let token = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    let core = env.core().await;
    let actor = core.actor_for_api_token(token.trim()).await.expect("query").expect("valid");
    let mut roles: Vec<Role> = actor.roles_in("test").collect();
    roles.sort_by_key(|r| r.code());
    assert_eq!(roles, vec![Role::Lector, Role::ProgrammeCoordinator]);
    core.store.close().await;
}
