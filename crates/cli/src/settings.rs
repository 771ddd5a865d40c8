//! Settings: defaults → optional TOML file → `BROEDPLAATS_*` environment → command-line flags.
//! `DATABASE_URL` (the common convention) selects the database; without it, SQLite in the data dir.
use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Serialize, Deserialize)]
pub struct Settings {
    pub bind: String,
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; may hold a password, so never printed (see `Debug`).
    pub database_url: Option<String>,
    /// `human` or `json`.
    pub log_format: String,
    /// Set `Secure` on cookies; turn on behind HTTPS.
    pub secure_cookies: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            log_format: "human".into(),
            secure_cookies: false,
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("log_format", &self.log_format)
            .field("secure_cookies", &self.secure_cookies)
            .finish()
    }
}

impl Settings {
    pub fn load(config: Option<&Path>, data_dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match config {
            Some(path) => {
                anyhow::ensure!(path.exists(), "settings file {} does not exist", path.display());
                fig = fig.merge(Toml::file(path));
            }
            None => fig = fig.merge(Toml::file("broedplaats.toml")),
        }
        fig = fig.merge(Env::prefixed("BROEDPLAATS_").ignore(&["config"]));
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.is_empty()
        {
            fig = fig.merge(Serialized::default("database_url", url));
        }
        if let Some(dir) = data_dir {
            fig = fig.merge(Serialized::default("data_dir", dir));
        }
        fig.extract().context("invalid settings")
    }

    /// The database to use: `DATABASE_URL`, else a SQLite file in the data directory.
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        let path = self.data_dir.join("broedplaats.db");
        Ok(format!("sqlite://{}?mode=rwc", path.display()))
    }
}

/// Hides the password in a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

pub fn init_tracing(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BROEDPLAATS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if settings.log_format == "json" { builder.json().init() } else { builder.init() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://bp:geheim@db:5432/bp"), "postgres://bp:***@db:5432/bp");
        assert_eq!(redact("postgres://db/bp"), "postgres://db/bp");
        let s = Settings { database_url: Some("postgres://u:pw@h/d".into()), ..Settings::default() };
        assert!(!format!("{s:?}").contains("pw@"));
    }
}
