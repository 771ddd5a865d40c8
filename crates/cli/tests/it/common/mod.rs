//! Shared harness for the CLI tests: the real `broedplaats` binary against a fresh database —
//! SQLite in a temporary data directory (default), or a fresh PostgreSQL database when
//! `BROEDPLAATS_TEST_DB=postgres` (server at `BROEDPLAATS_TEST_PG_URL`, default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards.
#![allow(dead_code)]

use broedplaats_core::Core;
use broedplaats_store::Store;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

enum Db {
    Sqlite,
    Postgres { admin_url: String, name: String },
}

/// A temporary working directory and a database of its own, for one test.
pub struct Env {
    pub dir: tempfile::TempDir,
    db: Db,
    url: String,
}

pub fn backend() -> String {
    std::env::var("BROEDPLAATS_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

impl Env {
    pub async fn new() -> Self {
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

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs `broedplaats <args>` with `stdin` as its standard input.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
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
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
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
    pub fn fails(&self, args: &[&str], stdin: &str) -> String {
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

    pub async fn core(&self) -> Core {
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

pub fn create_werkplaats(env: &Env) -> String {
    env.ok(&["admin", "create-werkplaats", "--slug", "test", "--name", "Werkplaats Test", "--region", "Testregio"], "")
}
