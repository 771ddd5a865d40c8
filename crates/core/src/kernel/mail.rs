//! Sending email. Production speaks SMTP (lettre); development and tests use a directory of
//! `.eml` files or an in-memory list, which `serve` refuses in production so that nobody
//! believes mail went out when it did not.
//!
//! Every message has the same shape, so mail clients show it well and calendar invitations are
//! recognised: multipart/mixed( multipart/alternative(text/plain, text/html), attachments… ).
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One email to one person, as rendered by a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
    /// Extra header fields (name, value), e.g. `List-Unsubscribe`; ASCII names without `:`.
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// A full MIME type, parameters included (e.g. `text/calendar; charset=utf-8; method=PUBLISH`).
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The content type of an iCalendar attachment: `method=PUBLISH` makes mail clients offer "add
/// to calendar" rather than treat it as a meeting request that expects an answer.
pub const ICS_CONTENT_TYPE: &str = "text/calendar; charset=utf-8; method=PUBLISH";

/// A message kept by [`Mailer::Memory`], for tests to inspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
    /// The full RFC 5322 message, as it would have gone over the wire.
    pub raw: String,
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or in tests.
    None,
    /// Connect in plain text, then upgrade (port 587); refuses to continue without TLS.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl SmtpTls {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Self::None),
            "starttls" => Ok(Self::StartTls),
            "tls" => Ok(Self::Tls),
            other => Err(format!("unknown smtp_tls {other:?}: use starttls, tls or none")),
        }
    }
}

/// Where and how to reach the SMTP server.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// An SMTP connection configuration, ready to send. Holds the credentials, so its `Debug` shows
/// only where it sends to.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    host: String,
    port: u16,
    tls: SmtpTls,
    authenticated: bool,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("authenticated", &self.authenticated)
            .finish()
    }
}

/// Sends email; cheap to clone.
#[derive(Clone)]
pub enum Mailer {
    Smtp(SmtpMailer),
    /// Writes each message as `<timestamp>-<n>.eml` into this directory (development).
    File(PathBuf),
    /// Keeps every message in memory (tests).
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(s) => f.debug_tuple("Smtp").field(s).finish(),
            Mailer::File(dir) => f.debug_tuple("File").field(dir).finish(),
            Mailer::Memory(sent) => f.debug_struct("Memory").field("sent", &lock(sent).len()).finish(),
        }
    }
}

/// Numbers `.eml` files written within the same second apart.
static FILE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A poisoned lock only means a test panicked while holding it; the list itself is still whole.
fn lock(sent: &Mutex<Vec<SentMail>>) -> std::sync::MutexGuard<'_, Vec<SentMail>> {
    sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Mailer {
    pub fn memory() -> Self {
        Mailer::Memory(Arc::default())
    }

    /// Builds the SMTP transport. Nothing is connected yet: a wrong host shows up on the first send
    /// (and the job is retried), so a mail server that is briefly down does not stop the app starting.
    pub fn smtp(config: &SmtpConfig) -> Result<Self, String> {
        let host = config.host.trim();
        if host.is_empty() {
            return Err("smtp_host is required for the smtp mail backend".into());
        }
        let tls = match config.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(tls_parameters(host)?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters(host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.port)
            .tls(tls)
            // A hanging server must not hold the worker for lettre's default minute per command.
            .timeout(Some(std::time::Duration::from_secs(30)));
        let authenticated = config.username.as_deref().is_some_and(|u| !u.is_empty());
        if authenticated {
            builder = builder.credentials(Credentials::new(
                config.username.clone().unwrap_or_default(),
                config.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Mailer::Smtp(SmtpMailer {
            transport: builder.build(),
            host: host.to_owned(),
            port: config.port,
            tls: config.tls,
            authenticated,
        }))
    }

    /// File and memory backends deliver nothing: fine for development and tests, never for production.
    pub fn is_for_development(&self) -> bool {
        matches!(self, Mailer::File(_) | Mailer::Memory(_))
    }

    /// What the memory backend kept; empty for the other backends.
    pub fn sent(&self) -> Vec<SentMail> {
        match self {
            Mailer::Memory(sent) => lock(sent).clone(),
            _ => Vec::new(),
        }
    }

    /// Sends one message from `from` (e.g. `Broedplaats <noreply@example.org>`). The error is a
    /// description for logs and the job's `last_error`; it never contains credentials.
    pub async fn send(&self, from: &str, mail: &OutgoingMail) -> Result<(), String> {
        let message = build_message(from, mail)?;
        match self {
            Mailer::Smtp(smtp) => {
                smtp.transport.send(message).await.map_err(|e| format!("smtp {}:{}: {e}", smtp.host, smtp.port))?;
            }
            Mailer::File(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("cannot create mail directory {}: {e}", dir.display()))?;
                let n = FILE_COUNTER.fetch_add(1, Ordering::Relaxed);
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
                let path = dir.join(format!("{stamp}-{n}.eml"));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            Mailer::Memory(sent) => {
                let raw = String::from_utf8_lossy(&message.formatted()).into_owned();
                lock(sent).push(SentMail {
                    to: mail.to_email.clone(),
                    subject: mail.subject.clone(),
                    text: mail.text.clone(),
                    html: mail.html.clone(),
                    attachments: mail.attachments.clone(),
                    raw,
                });
            }
        }
        Ok(())
    }
}

fn tls_parameters(host: &str) -> Result<TlsParameters, String> {
    TlsParameters::new(host.to_owned()).map_err(|e| format!("cannot set up TLS for {host}: {e}"))
}

/// How long the file backend keeps its `.eml` files: they hold names and addresses.
pub const FILE_RETENTION_DAYS: i64 = 30;

/// Deletes the file backend's messages older than [`FILE_RETENTION_DAYS`], at most once an hour.
pub const PRUNE_MAIL_FILES: crate::kernel::jobs::Scheduler =
    crate::kernel::jobs::Scheduler { name: "mail.prune_files", run: run_prune };

fn run_prune(
    core: &crate::Core,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::kernel::BoxFuture<'_, crate::Result<()>> {
    static LAST_HOUR: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(i64::MIN);
    Box::pin(async move {
        let hour = now.timestamp() / 3600;
        if LAST_HOUR.swap(hour, Ordering::Relaxed) != hour {
            core.mailer.prune_files(Some(now - chrono::Duration::days(FILE_RETENTION_DAYS)), None).await;
        }
        Ok(())
    })
}

impl Mailer {
    /// Deletes `.eml` files of the file backend last written before `before`, and every one
    /// addressed to `to`; how many. The other backends keep nothing on disk.
    pub async fn prune_files(&self, before: Option<chrono::DateTime<chrono::Utc>>, to: Option<&str>) -> usize {
        let Mailer::File(dir) = self else { return 0 };
        let Ok(mut entries) = tokio::fs::read_dir(dir).await else { return 0 };
        let to = to.map(|t| t.trim().to_lowercase());
        let mut removed = 0;
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "eml") {
                continue;
            }
            let old = match (before, entry.metadata().await.and_then(|m| m.modified())) {
                (Some(before), Ok(modified)) => chrono::DateTime::<chrono::Utc>::from(modified) < before,
                _ => false,
            };
            let addressed = match &to {
                Some(to) => tokio::fs::read(&path).await.is_ok_and(|raw| {
                    // The address appears in the headers as written; headers end at the first empty line.
                    let raw = String::from_utf8_lossy(&raw).to_lowercase();
                    raw.split("\r\n\r\n").next().is_some_and(|headers| headers.contains(to.as_str()))
                }),
                None => false,
            };
            if (old || addressed) && tokio::fs::remove_file(&path).await.is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Builds the RFC 5322 message. Text parts are quoted-printable (readable in an `.eml` file and
/// safe through 7-bit relays); attachments are base64, whatever they contain.
pub fn build_message(from: &str, mail: &OutgoingMail) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("invalid from address {from:?}: {e}"))?;
    // The address stays out of the error: it ends up in logs and the job table.
    let to_address = mail.to_email.parse().map_err(|e| format!("invalid recipient address: {e}"))?;
    let to_name = mail.to_name.trim();
    let to = Mailbox::new((!to_name.is_empty()).then(|| to_name.to_owned()), to_address);

    let text = text_part(ContentType::TEXT_PLAIN, &mail.text)?;
    let html = text_part(ContentType::TEXT_HTML, &mail.html)?;
    let mut body = MultiPart::mixed().multipart(MultiPart::alternative().singlepart(text).singlepart(html));
    for a in &mail.attachments {
        let content_type = ContentType::parse(&a.content_type)
            .map_err(|e| format!("invalid content type {:?} of {}: {e}", a.content_type, a.filename))?;
        let bytes = Body::new_with_encoding(a.bytes.clone(), ContentTransferEncoding::Base64)
            .map_err(|_| format!("cannot encode attachment {}", a.filename))?;
        body = body.singlepart(lettre::message::Attachment::new(a.filename.clone()).body(bytes, content_type));
    }
    let mut builder = Message::builder().from(from).to(to).subject(mail.subject.clone());
    for (name, value) in &mail.headers {
        let name = lettre::message::header::HeaderName::new_from_ascii(name.clone())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        builder = builder.raw_header(lettre::message::header::HeaderValue::new(name, value.clone()));
    }
    builder.multipart(body).map_err(|e| format!("cannot build the message: {e}"))
}

fn text_part(content_type: ContentType, content: &str) -> Result<SinglePart, String> {
    let body = Body::new_with_encoding(content.to_owned(), ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "cannot encode the message text".to_owned())?;
    Ok(SinglePart::builder().header(content_type).body(body))
}

/// A short Dutch mail: paragraphs, then a link with its label.
pub fn simple_mail(to: &str, subject: String, paragraphs: &[String], link: Option<(&str, &str)>) -> OutgoingMail {
    let mut text = String::from("Beste,\n\n");
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a\">\n<p>Beste,</p>\n",
        broedplaats_domain::escape_html(&subject)
    );
    let mut push = |p: &str| {
        text.push_str(&format!("{p}\n\n"));
        html.push_str(&format!("<p>{}</p>\n", broedplaats_domain::escape_html(p)));
    };
    if let Some((first, rest)) = paragraphs.split_first() {
        push(first);
        if let Some((label, url)) = link {
            text.push_str(&format!("{label}:\n{url}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                broedplaats_domain::escape_html(url),
                broedplaats_domain::escape_html(label)
            ));
        }
        for p in rest {
            text.push_str(&format!("{p}\n\n"));
            html.push_str(&format!("<p>{}</p>\n", broedplaats_domain::escape_html(p)));
        }
    }
    text.push_str("Met vriendelijke groet,\nBroedplaats\n");
    html.push_str("<p>Met vriendelijke groet,<br>Broedplaats</p>\n</body>\n</html>\n");
    OutgoingMail {
        to_email: to.to_owned(),
        to_name: String::new(),
        subject,
        text,
        html,
        attachments: vec![],
        headers: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn mail() -> OutgoingMail {
        OutgoingMail {
            to_email: "jose@example.org".into(),
            to_name: "José Één".into(),
            subject: "Aanmelding: Kenniscafé over participatie".into(),
            text: "Beste José,\n\nJe bent aangemeld voor het kenniscafé. Tot ziens in ’s-Hertogenbosch!\n".into(),
            html: "<p>Beste José,</p><p>Je bent aangemeld voor het kenniscafé.</p>".into(),
            attachments: vec![Attachment {
                filename: "activiteit.ics".into(),
                content_type: ICS_CONTENT_TYPE.into(),
                bytes: b"BEGIN:VCALENDAR\r\nSUMMARY:Kenniscaf\xc3\xa9\r\nEND:VCALENDAR\r\n".to_vec(),
            }],
            headers: vec![],
        }
    }

    /// Decodes quoted-printable (RFC 2045 §6.7): soft line breaks and `=XX` escapes.
    fn decode_qp(encoded: &str) -> String {
        let joined = encoded.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 3 <= bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii escape");
                out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8 text")
    }

    /// Decodes the base64 encoded words (`=?utf-8?b?…?=`) in a header line.
    fn decode_words(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(start) = rest.find("=?utf-8?b?") {
            out.push_str(&rest[..start]);
            let word = &rest[start + 10..];
            let end = word.find("?=").expect("end of encoded word");
            let bytes = base64::engine::general_purpose::STANDARD.decode(&word[..end]).expect("base64 word");
            out.push_str(std::str::from_utf8(&bytes).expect("utf-8 word"));
            rest = &word[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The body of the part whose headers contain `marker`, up to the next boundary.
    fn part_body<'a>(raw: &'a str, marker: &str) -> &'a str {
        let start = raw.find(marker).unwrap_or_else(|| panic!("no part with {marker} in\n{raw}"));
        let rest = &raw[start..];
        let body_start = rest.find("\r\n\r\n").expect("end of part headers") + 4;
        let rest = &rest[body_start..];
        &rest[..rest.find("\r\n--").expect("boundary after the part")]
    }

    #[test]
    fn message_has_both_parts_and_the_attachment() {
        let raw = String::from_utf8(
            build_message("Broedplaats <noreply@example.org>", &mail()).expect("message").formatted(),
        )
        .expect("7-bit message");
        assert!(raw.contains("Content-Type: multipart/mixed"), "{raw}");
        assert!(raw.contains("Content-Type: multipart/alternative"), "{raw}");
        assert!(raw.contains("Content-Type: text/plain; charset=utf-8"), "{raw}");
        assert!(raw.contains("Content-Type: text/html; charset=utf-8"), "{raw}");
        // The plain part comes first: clients show the last alternative they understand.
        assert!(raw.find("text/plain") < raw.find("text/html"));
        assert!(raw.contains("Content-Disposition: attachment; filename=\"activiteit.ics\""), "{raw}");
        assert!(raw.contains("text/calendar; charset=utf-8; method=PUBLISH"), "{raw}");
        let ics = part_body(&raw, "text/calendar").replace("\r\n", "");
        let ics = base64::engine::general_purpose::STANDARD.decode(ics).expect("base64 attachment");
        assert_eq!(
            std::str::from_utf8(&ics).expect("utf-8 calendar"),
            "BEGIN:VCALENDAR\r\nSUMMARY:Kenniscafé\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn dutch_characters_survive() {
        let raw = String::from_utf8(
            build_message("Broedplaats <noreply@example.org>", &mail()).expect("message").formatted(),
        )
        .expect("7-bit message");
        // The whole message is 7-bit: accents travel encoded, in headers and bodies alike.
        assert!(raw.is_ascii(), "{raw}");
        let text = decode_qp(part_body(&raw, "text/plain"));
        assert_eq!(
            text,
            "Beste José,\r\n\r\nJe bent aangemeld voor het kenniscafé. Tot ziens in ’s-Hertogenbosch!\r\n"
        );
        let html = decode_qp(part_body(&raw, "text/html"));
        assert!(html.contains("<p>Beste José,</p>"), "{html}");
        // In headers, words with accents become RFC 2047 encoded words.
        let subject = raw.lines().find(|l| l.starts_with("Subject: ")).expect("subject header");
        assert_eq!(decode_words(subject), "Subject: Aanmelding: Kenniscafé over participatie");
        let to = raw.lines().find(|l| l.starts_with("To: ")).expect("to header");
        assert_eq!(decode_words(to), "To: José Één <jose@example.org>");
    }

    #[test]
    fn bad_addresses_are_errors_not_panics() {
        let mut m = mail();
        m.to_email = "geen adres".into();
        assert!(build_message("Broedplaats <noreply@example.org>", &m).is_err());
        assert!(build_message("nonsense", &mail()).is_err());
    }

    #[tokio::test]
    async fn memory_keeps_and_file_writes() {
        let memory = Mailer::memory();
        assert!(memory.is_for_development());
        memory.send("noreply@example.org", &mail()).await.expect("sent");
        let sent = memory.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to, "jose@example.org");
        assert_eq!(sent[0].attachments.len(), 1);
        assert!(sent[0].raw.contains("multipart/alternative"));

        let tmp = tempfile::tempdir().expect("temporary directory");
        // A directory that does not exist yet: the backend creates it.
        let dir = tmp.path().join("mail");
        let file = Mailer::File(dir.clone());
        file.send("noreply@example.org", &mail()).await.expect("sent");
        file.send("noreply@example.org", &mail()).await.expect("sent");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .expect("mail directory")
            .map(|e| e.expect("directory entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|n| n.ends_with(".eml")));
        assert!(file.sent().is_empty());

        // retention: nothing is old yet; erasure removes what was addressed to the person
        let mut other = mail();
        other.to_email = "iemand.anders@example.org".into();
        file.send("noreply@example.org", &other).await.expect("sent");
        assert_eq!(file.prune_files(Some(chrono::Utc::now() - chrono::Duration::days(30)), None).await, 0);
        assert_eq!(file.prune_files(None, Some("JOSE@example.org")).await, 2);
        assert_eq!(std::fs::read_dir(&dir).expect("mail directory").count(), 1, "the other person's mail stays");
        assert_eq!(file.prune_files(Some(chrono::Utc::now() + chrono::Duration::seconds(5)), None).await, 1);
        assert_eq!(memory.prune_files(None, Some("jose@example.org")).await, 0);
    }

    #[test]
    fn debug_hides_the_password() {
        let config = SmtpConfig {
            host: "smtp.example.org".into(),
            port: 587,
            tls: SmtpTls::StartTls,
            username: Some("bp".into()),
            password: Some("geheim".into()),
        };
        assert!(!format!("{config:?}").contains("geheim"));
        let mailer = Mailer::smtp(&config).expect("smtp mailer");
        assert!(!mailer.is_for_development());
        let shown = format!("{mailer:?}");
        assert!(shown.contains("smtp.example.org") && !shown.contains("geheim"), "{shown}");
    }
}
