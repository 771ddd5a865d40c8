//! Settings: defaults → optional TOML file → `BROEDPLAATS_*` environment → command-line flags.
//! `DATABASE_URL` (the common convention) selects the database; without it, SQLite in the data dir.
use anyhow::Context;
use broedplaats_core::accounts::{OidcProvider, check_oidc_providers};
use broedplaats_core::kernel::mail::{Mailer, SmtpConfig, SmtpTls};
use broedplaats_core::kernel::storage::Storage;
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
    /// Where uploaded files are kept: unset for `<data_dir>/files`, or `s3://BUCKET[/PREFIX]` for
    /// S3-compatible object storage shared by several instances (credentials and region from
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`).
    pub storage_url: Option<String>,
    /// The endpoint of an S3-compatible service (MinIO, Garage, …), e.g. `http://minio:9000`;
    /// unset for Amazon S3 itself.
    pub s3_endpoint: Option<String>,
    /// `human` or `json`.
    pub log_format: String,
    /// Set `Secure` on cookies; turn on behind HTTPS.
    pub secure_cookies: bool,
    /// `development` or `production`. Production refuses settings that only make sense on a
    /// developer's machine (mail that is never delivered).
    pub environment: String,
    /// Where people reach this installation; the base of links in emails and calendar feeds.
    pub public_url: String,
    /// `smtp`, `file` (each message as an `.eml` file in `<data_dir>/mail`) or `memory`.
    pub mail_backend: String,
    /// The sender of every email, e.g. `Werkplaats ZHZ <noreply@example.org>`.
    pub mail_from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `starttls` (upgrade, port 587), `tls` (TLS from the start, port 465) or `none`.
    pub smtp_tls: String,
    pub smtp_username: Option<String>,
    /// Never printed (see `Debug`).
    pub smtp_password: Option<String>,
    /// Reverse proxies (addresses or networks, e.g. `10.0.0.2, 10.1.0.0/16`) whose
    /// `X-Forwarded-For` names the client, for sign-in throttling per client. Empty: none.
    pub trusted_proxies: String,
    /// Clients that may read `/metrics` without the token; loopback by default.
    pub metrics_allow: String,
    /// A bearer token that opens `/metrics` from anywhere. Never printed (see `Debug`).
    pub metrics_token: Option<String>,
    /// Programme coordinators and lectoren must use two-step verification (TOTP) to sign in
    /// with a password; without it they set it up as the second step of signing in.
    pub require_2fa_for_managers: bool,
    /// `BROEDPLAATS_HARVEST_ALLOW_PRIVATE_ADDRESSES`: the harvester may reach sources on loopback
    /// and private addresses (off: a source there is refused, against SSRF).
    pub harvest_allow_private_addresses: bool,
    /// OpenID Connect providers people may sign in with (`[[oidc_providers]]` in the TOML file).
    pub oidc_providers: Vec<OidcProviderSettings>,
    /// The OAI-PMH provider's `repositoryName` (Identify at `/oai`).
    pub oai_repository_name: String,
    /// The OAI-PMH provider's `adminEmail`; the address of `mail_from` when unset.
    pub oai_admin_email: Option<String>,
    /// One more provider from the environment, with id `default`: `BROEDPLAATS_OIDC_ISSUER`,
    /// `BROEDPLAATS_OIDC_CLIENT_ID`, `BROEDPLAATS_OIDC_CLIENT_SECRET`, `BROEDPLAATS_OIDC_NAME`.
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    /// Never printed (see `Debug`).
    pub oidc_client_secret: Option<String>,
    pub oidc_name: Option<String>,
}

/// One OpenID Connect provider in the settings file:
/// `[[oidc_providers]]` with `id` (a slug, in the redirect URI), `name` (the button text),
/// `issuer`, `client_id` and `client_secret`.
#[derive(Clone, Serialize, Deserialize)]
pub struct OidcProviderSettings {
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    /// Never printed (see `Debug`).
    #[serde(default)]
    pub client_secret: String,
}

impl std::fmt::Debug for OidcProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProviderSettings")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .finish()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            storage_url: None,
            s3_endpoint: None,
            log_format: "human".into(),
            secure_cookies: false,
            environment: "development".into(),
            public_url: "http://127.0.0.1:8080".into(),
            mail_backend: "file".into(),
            mail_from: "Broedplaats <noreply@broedplaats.invalid>".into(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: "starttls".into(),
            smtp_username: None,
            smtp_password: None,
            trusted_proxies: String::new(),
            metrics_allow: broedplaats_web::DEFAULT_METRICS_ALLOW.into(),
            metrics_token: None,
            require_2fa_for_managers: false,
            harvest_allow_private_addresses: false,
            oidc_providers: Vec::new(),
            oai_repository_name: "Broedplaats".into(),
            oai_admin_email: None,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: None,
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("storage_url", &self.storage_url)
            .field("s3_endpoint", &self.s3_endpoint)
            .field("log_format", &self.log_format)
            .field("secure_cookies", &self.secure_cookies)
            .field("environment", &self.environment)
            .field("public_url", &self.public_url)
            .field("mail_backend", &self.mail_backend)
            .field("mail_from", &self.mail_from)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &self.smtp_password.as_ref().map(|_| "***"))
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics_allow", &self.metrics_allow)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("require_2fa_for_managers", &self.require_2fa_for_managers)
            .field("harvest_allow_private_addresses", &self.harvest_allow_private_addresses)
            .field("oidc_providers", &self.oidc_providers)
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field("oidc_client_secret", &self.oidc_client_secret.as_ref().map(|_| "***"))
            .field("oidc_name", &self.oidc_name)
            .finish()
    }
}

/// Free-text settings taken from the environment exactly as written: figment would read a password
/// `12345` as a number and one starting with `[` as an array.
const VERBATIM: [&str; 10] = [
    "smtp_password",
    "smtp_username",
    "mail_from",
    "trusted_proxies",
    "metrics_allow",
    "metrics_token",
    "oidc_issuer",
    "oidc_client_id",
    "oidc_client_secret",
    "oidc_name",
];

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
        fig = fig.merge(Env::prefixed("BROEDPLAATS_").ignore(&[&["config"][..], &VERBATIM[..]].concat()));
        for key in VERBATIM {
            if let Ok(value) = std::env::var(format!("BROEDPLAATS_{}", key.to_ascii_uppercase())) {
                fig = fig.merge(Serialized::default(key, value));
            }
        }
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

    pub fn is_production(&self) -> anyhow::Result<bool> {
        match self.environment.trim() {
            "development" => Ok(false),
            "production" => Ok(true),
            other => anyhow::bail!("unknown environment {other:?}: use development or production"),
        }
    }

    /// The mail backend. In production only SMTP: the file and memory backends deliver nothing,
    /// and an installation that silently sends no confirmations is worse than one that does not start.
    /// How the harvester may reach OAI-PMH sources.
    pub fn harvest(&self) -> broedplaats_core::federation::HarvestSettings {
        broedplaats_core::federation::HarvestSettings {
            allow_private_addresses: self.harvest_allow_private_addresses,
            ..Default::default()
        }
    }

    pub fn mailer(&self) -> anyhow::Result<Mailer> {
        let mailer = match self.mail_backend.trim() {
            "smtp" => Mailer::smtp(&SmtpConfig {
                host: self.smtp_host.clone(),
                port: self.smtp_port,
                tls: SmtpTls::parse(&self.smtp_tls).map_err(anyhow::Error::msg)?,
                username: self.smtp_username.clone().filter(|u| !u.is_empty()),
                password: self.smtp_password.clone(),
            })
            .map_err(anyhow::Error::msg)?,
            "file" => Mailer::File(self.data_dir.join("mail")),
            "memory" => Mailer::memory(),
            other => anyhow::bail!("unknown mail_backend {other:?}: use smtp, file or memory"),
        };
        if self.is_production()? && mailer.is_for_development() {
            anyhow::bail!(
                "mail_backend = {:?} delivers no mail and is refused when environment = \"production\"; \
                 set mail_backend = \"smtp\" and smtp_host (BROEDPLAATS_MAIL_BACKEND, BROEDPLAATS_SMTP_HOST)",
                self.mail_backend
            );
        }
        Ok(mailer)
    }

    /// Where uploaded files are kept: `<data_dir>/files` unless `storage_url` names a bucket.
    pub fn storage(&self) -> anyhow::Result<Storage> {
        let endpoint = self.s3_endpoint.as_deref().map(str::trim).filter(|e| !e.is_empty());
        match self.storage_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None if endpoint.is_some() => anyhow::bail!(
                "s3_endpoint is set but storage_url is not: set BROEDPLAATS_STORAGE_URL=s3://BUCKET to use the bucket"
            ),
            None => Ok(Storage::Local(self.data_dir.join("files"))),
            Some(url) if url.starts_with("s3://") => Storage::s3(url, endpoint).map_err(anyhow::Error::msg),
            Some(other) => anyhow::bail!(
                "unknown storage_url {other:?}: use s3://BUCKET, or leave it unset for files in the data directory"
            ),
        }
    }

    /// Settings that work but are probably a mistake in production: emails would carry links
    /// nobody can open, or a sender address mail servers reject.
    pub fn production_warnings(&self) -> anyhow::Result<Vec<String>> {
        let mut warnings = Vec::new();
        if !self.is_production()? {
            return Ok(warnings);
        }
        let host = self.public_url.split("://").nth(1).unwrap_or_default();
        if host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]") {
            warnings.push(format!(
                "public_url is {}: links in emails will not work for anyone else; set BROEDPLAATS_PUBLIC_URL",
                self.public_url
            ));
        }
        let shared_database = self.database_url.as_deref().is_some_and(|u| u.starts_with("postgres"));
        if shared_database && matches!(self.storage()?, Storage::Local(_)) {
            warnings.push(
                "uploaded files are kept in this instance's data directory: with several instances on one \
                 database set BROEDPLAATS_STORAGE_URL=s3://BUCKET, or files uploaded through one cannot be \
                 downloaded through another"
                    .to_owned(),
            );
        }
        if self.mail_from.trim_end_matches('>').ends_with(".invalid") {
            warnings.push(format!(
                "mail_from is {:?}, which mail servers reject; set BROEDPLAATS_MAIL_FROM",
                self.mail_from
            ));
        }
        Ok(warnings)
    }

    /// What the web layer needs to know: cookies, proxies, who may read metrics.
    pub fn web_config(&self) -> anyhow::Result<broedplaats_web::WebConfig> {
        let networks = |name: &str, list: &str| {
            broedplaats_web::client::parse_networks(list).map_err(|e| anyhow::anyhow!("{name}: {e}"))
        };
        Ok(broedplaats_web::WebConfig {
            secure_cookies: self.secure_cookies,
            trusted_proxies: networks("trusted_proxies", &self.trusted_proxies)?,
            metrics_allow: networks("metrics_allow", &self.metrics_allow)?,
            metrics_token: self.metrics_token.clone().filter(|t| !t.trim().is_empty()),
        })
    }

    /// The OpenID Connect providers: those of the settings file, then the one from the environment
    /// (id `default`), checked (slugs, unique ids, issuer URLs, names and client ids given).
    pub fn oidc_providers(&self) -> anyhow::Result<Vec<OidcProvider>> {
        let mut providers: Vec<OidcProvider> = self
            .oidc_providers
            .iter()
            .map(|p| OidcProvider {
                id: p.id.trim().to_owned(),
                name: p.name.trim().to_owned(),
                issuer: p.issuer.trim().to_owned(),
                client_id: p.client_id.trim().to_owned(),
                client_secret: p.client_secret.clone(),
            })
            .collect();
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        match (given(&self.oidc_issuer), given(&self.oidc_client_id)) {
            (Some(issuer), Some(client_id)) => providers.push(OidcProvider {
                id: "default".into(),
                name: given(&self.oidc_name).ok_or_else(|| {
                    anyhow::anyhow!("BROEDPLAATS_OIDC_NAME is not set: the text of the sign-in button, e.g. SURFconext")
                })?,
                issuer,
                client_id,
                client_secret: self.oidc_client_secret.clone().unwrap_or_default(),
            }),
            (None, None) if given(&self.oidc_client_secret).is_none() && given(&self.oidc_name).is_none() => {}
            _ => anyhow::bail!(
                "an OpenID Connect provider from the environment needs both BROEDPLAATS_OIDC_ISSUER and \
                 BROEDPLAATS_OIDC_CLIENT_ID (and BROEDPLAATS_OIDC_CLIENT_SECRET, BROEDPLAATS_OIDC_NAME)"
            ),
        }
        check_oidc_providers(&providers).map_err(anyhow::Error::msg)?;
        Ok(providers)
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
        let s = Settings { smtp_password: Some("smtp-geheim".into()), ..Settings::default() };
        assert!(!format!("{s:?}").contains("smtp-geheim"));
    }

    #[test]
    fn mail_backends_by_environment() {
        let dev = Settings::default();
        assert!(matches!(dev.mailer().expect("file backend"), Mailer::File(dir) if dir == dev.data_dir.join("mail")));
        let memory = Settings { mail_backend: "memory".into(), ..Settings::default() };
        assert!(memory.mailer().expect("memory backend").is_for_development());

        let production = Settings { environment: "production".into(), ..Settings::default() };
        let refused = production.mailer().expect_err("refused").to_string();
        assert!(refused.contains("refused") && refused.contains("production"), "{refused}");
        let memory = Settings { mail_backend: "memory".into(), ..production.clone() };
        assert!(memory.mailer().is_err());
        let no_host = Settings { mail_backend: "smtp".into(), ..production.clone() };
        assert!(no_host.mailer().expect_err("no host").to_string().contains("smtp_host"));
        let smtp = Settings { mail_backend: "smtp".into(), smtp_host: "smtp.example.org".into(), ..production };
        assert!(!smtp.mailer().expect("smtp backend").is_for_development());

        let bad_tls =
            Settings { mail_backend: "smtp".into(), smtp_host: "h".into(), smtp_tls: "ssl".into(), ..dev.clone() };
        assert!(bad_tls.mailer().is_err());
        assert!(Settings { mail_backend: "pigeon".into(), ..dev.clone() }.mailer().is_err());
        assert!(Settings { environment: "staging".into(), ..dev }.mailer().is_err());
    }

    #[test]
    fn production_warns_about_development_defaults() {
        assert!(Settings::default().production_warnings().expect("known environment").is_empty());
        let production = Settings { environment: "production".into(), ..Settings::default() };
        assert_eq!(production.production_warnings().expect("known environment").len(), 2);
        let configured = Settings {
            public_url: "https://broedplaats.example.org".into(),
            mail_from: "Broedplaats <noreply@example.org>".into(),
            ..production
        };
        assert!(configured.production_warnings().expect("known environment").is_empty());
        let postgres = Settings { database_url: Some("postgres://db/bp".into()), ..configured };
        let warnings = postgres.production_warnings().expect("known environment");
        assert!(warnings.len() == 1 && warnings[0].contains("BROEDPLAATS_STORAGE_URL"), "{warnings:?}");
        let shared = Settings { storage_url: Some("s3://broedplaats".into()), ..postgres };
        assert!(shared.production_warnings().expect("known environment").is_empty());
    }

    #[test]
    fn oidc_providers_from_the_file_and_the_environment() {
        assert!(Settings::default().oidc_providers().expect("none").is_empty());
        let surf = OidcProviderSettings {
            id: "surfconext".into(),
            name: "SURFconext".into(),
            issuer: "https://connect.surfconext.nl".into(),
            client_id: "broedplaats".into(),
            client_secret: "surf-geheim".into(),
        };
        let env = Settings {
            oidc_providers: vec![surf.clone()],
            oidc_issuer: Some("https://login.eduid.nl".into()),
            oidc_client_id: Some("bp".into()),
            oidc_client_secret: Some("eduid-geheim".into()),
            oidc_name: Some("eduID".into()),
            ..Settings::default()
        };
        let all = env.oidc_providers().expect("valid");
        assert_eq!(all.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["surfconext", "default"]);
        assert_eq!(all[1].client_secret, "eduid-geheim");
        let printed = format!("{env:?}");
        assert!(!printed.contains("surf-geheim") && !printed.contains("eduid-geheim"), "{printed}");

        let no_name = Settings { oidc_name: None, ..env.clone() };
        assert!(no_name.oidc_providers().expect_err("no name").to_string().contains("BROEDPLAATS_OIDC_NAME"));
        let half = Settings { oidc_issuer: None, ..env.clone() };
        assert!(half.oidc_providers().expect_err("no issuer").to_string().contains("BROEDPLAATS_OIDC_ISSUER"));
        let twice = Settings { oidc_providers: vec![surf.clone(), surf.clone()], ..Settings::default() };
        assert!(twice.oidc_providers().expect_err("duplicate").to_string().contains("twice"));
        let bad_issuer = OidcProviderSettings { issuer: "connect.surfconext.nl".into(), ..surf };
        let bad = Settings { oidc_providers: vec![bad_issuer], ..Settings::default() };
        assert!(bad.oidc_providers().expect_err("bad issuer").to_string().contains("issuer"));
    }

    #[test]
    fn storage_is_local_unless_a_bucket_is_named() {
        let local = Settings::default();
        assert!(matches!(local.storage().expect("local"), Storage::Local(dir) if dir == local.data_dir.join("files")));
        let s3 = Settings {
            storage_url: Some("s3://broedplaats".into()),
            s3_endpoint: Some("http://127.0.0.1:9000".into()),
            ..Settings::default()
        };
        assert!(matches!(s3.storage().expect("s3"), Storage::Object { .. }));
        let unknown = Settings { storage_url: Some("ftp://files".into()), ..Settings::default() };
        assert!(unknown.storage().expect_err("unknown scheme").to_string().contains("s3://BUCKET"));
        let endpoint_only = Settings { s3_endpoint: Some("http://127.0.0.1:9000".into()), ..Settings::default() };
        assert!(endpoint_only.storage().expect_err("no bucket").to_string().contains("BROEDPLAATS_STORAGE_URL"));
    }
}
