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
        Self::with_backend(&backend()).await
    }

    /// An environment on `engine` (`sqlite` or `postgres`) whatever engine the suite runs on, for
    /// tests that cross engines. `None`, with a message saying what is skipped, when PostgreSQL is
    /// asked for and no server answers at `BROEDPLAATS_TEST_PG_URL`.
    pub async fn on(engine: &str) -> Option<Self> {
        if engine == "postgres" {
            let admin_url = pg_admin_url();
            match Store::connect(&admin_url).await {
                Ok(admin) => admin.close().await,
                Err(e) => {
                    eprintln!("SKIPPED: the PostgreSQL part of this test: no server at {admin_url} ({e})");
                    return None;
                }
            }
        }
        Some(Self::with_backend(engine).await)
    }

    async fn with_backend(engine: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match engine {
            "sqlite" => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("data").join("broedplaats.db").display());
                Env { dir, db: Db::Sqlite, url }
            }
            "postgres" => {
                static N: AtomicU64 = AtomicU64::new(0);
                let admin_url = pg_admin_url();
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

    /// `sqlite` or `postgres`.
    pub fn engine(&self) -> &'static str {
        match self.db {
            Db::Sqlite => "sqlite",
            Db::Postgres { .. } => "postgres",
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Starts `broedplaats serve` on a free loopback port against this environment's database
    /// and data directory; returns it once it serves, with its address. Stopped when dropped.
    pub fn serve(&self) -> Server {
        self.serve_with(&[])
    }

    /// [`Env::serve`] with extra environment variables (settings such as `BROEDPLAATS_…`).
    pub fn serve_with(&self, vars: &[(&str, &str)]) -> Server {
        self.serve_in(&self.data_dir(), vars)
    }

    /// Another instance on the same database, with a data directory (search index, files) of
    /// its own, as a second machine would have.
    pub fn serve_another(&self, vars: &[(&str, &str)]) -> Server {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = self.dir.path().join(format!("instance-{}", N.fetch_add(1, Ordering::SeqCst)));
        let mut vars = vars.to_vec();
        vars.push(("DATABASE_URL", &self.url));
        self.serve_in(&dir, &vars)
    }

    /// `serve` with the given data directory and extra environment variables.
    pub fn serve_in(&self, data_dir: &std::path::Path, vars: &[(&str, &str)]) -> Server {
        let mut cmd = self.command_in(data_dir, &["serve", "--bind", "127.0.0.1:0"]);
        cmd.envs(vars.iter().copied());
        Self::started(cmd)
    }

    /// [`Env::serve`] with more arguments, e.g. `--demo`.
    pub fn serve_args(&self, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        Self::started(self.command(&args))
    }

    /// Spawns `serve` and waits until it says where it serves.
    fn started(mut cmd: Command) -> Server {
        cmd.env("BROEDPLAATS_LOG", "info").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start broedplaats serve");
        let (tx, rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in std::io::BufRead::lines(std::io::BufReader::new(stream)).map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut seen = Vec::new();
        let addr = loop {
            let line = rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("serve did not start:\n{}", seen.join("\n"))
            });
            if let Some(rest) = line.split("serving on http://").nth(1) {
                break rest.split_whitespace().next().expect("address").to_owned();
            }
            seen.push(line);
        };
        Server { child, addr, log: std::sync::Mutex::new(rx) }
    }

    fn command(&self, args: &[&str]) -> Command {
        self.command_in(&self.data_dir(), args)
    }

    fn command_in(&self, data_dir: &std::path::Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_broedplaats"));
        // No settings from the environment of whoever runs the tests, and no broedplaats.toml.
        cmd.current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("BROEDPLAATS_DATABASE_URL")
            .env_remove("BROEDPLAATS_DATA_DIR")
            .env_remove("BROEDPLAATS_CONFIG")
            .env_remove("BROEDPLAATS_BIND")
            .env_remove("BROEDPLAATS_STORAGE_URL")
            .env_remove("BROEDPLAATS_S3_ENDPOINT")
            .env("BROEDPLAATS_LOG", "warn")
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Db::Postgres { .. } = self.db {
            cmd.env("DATABASE_URL", &self.url);
        }
        cmd
    }

    /// Runs `broedplaats <args>` with `stdin` as its standard input.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self.command(args).spawn().expect("start broedplaats");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("broedplaats ran")
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
        self.ok_with(args, &[], stdin)
    }

    /// [`Env::ok`] with extra environment variables (settings such as `BROEDPLAATS_…`).
    pub fn ok_with(&self, args: &[&str], vars: &[(&str, &str)], stdin: &str) -> String {
        let mut child = self.command(args).envs(vars.iter().copied()).spawn().expect("start broedplaats");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
        let out = child.wait_with_output().expect("broedplaats ran");
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

/// A running `broedplaats serve`, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
    log: std::sync::Mutex<std::sync::mpsc::Receiver<String>>,
}

impl Server {
    /// What the server has logged since it started serving (or since the last call).
    pub fn log(&self) -> String {
        self.log.lock().map(|rx| rx.try_iter().collect::<Vec<_>>().join("\n")).unwrap_or_default()
    }

    /// `GET http://addr{path}`: the status code and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, &[], "")
    }

    /// One HTTP/1.1 request with extra header lines (`("Name", "value")`) and a body: the status
    /// code and the body.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        use std::io::Read;
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect to the server");
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        write!(stream, "{head}\r\n{body}").expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }
}

impl Server {
    /// The process id of the server.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the process dies at once, mid-request, without running any of its own code.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().expect("reap the server");
    }

    /// SIGTERM: asks the server to stop gracefully (through `kill(1)`; std has no other signal).
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("run kill");
        assert!(status.success(), "kill -TERM failed: {status}");
    }

    /// Waits up to `limit` for the process to end; its exit status, or `None` if it still runs.
    pub fn wait_exit(&mut self, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
        let until = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                return Some(status);
            }
            if std::time::Instant::now() >= until {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Polls `/readyz` until it answers 200 (at most 30 s).
    pub fn wait_ready(&self) {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while self.get("/readyz").0 != 200 {
            assert!(std::time::Instant::now() < until, "the server did not become ready");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// An HTTP/1.1 request with an optional bearer token and body: the status and the body bytes.
    pub fn request_bytes(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> (u16, Vec<u8>) {
        use std::io::Read;
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect to the server");
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        if let Some(t) = token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        let (content_type, bytes) = body.unwrap_or(("text/plain", b""));
        if body.is_some() {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
        stream.write_all(head.as_bytes()).expect("send");
        stream.write_all(bytes).expect("send body");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
        let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut body = response[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            let (mut out, mut rest) = (Vec::new(), &body[..]);
            while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
                let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16).expect("chunk size");
                if size == 0 {
                    break;
                }
                out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
                rest = &rest[eol + 4 + size..];
            }
            body = out;
        }
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

fn pg_admin_url() -> String {
    std::env::var("BROEDPLAATS_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn create_werkplaats(env: &Env) -> String {
    env.ok(&["admin", "create-werkplaats", "--slug", "test", "--name", "Werkplaats Test", "--region", "Testregio"], "")
}
