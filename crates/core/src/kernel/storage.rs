//! File storage for uploaded files (ENGINEERING: "a storage trait: local directory by default;
//! S3-compatible object storage for multi-instance").
//!
//! Like [`crate::kernel::mail::Mailer`] this is an enum rather than a `dyn` trait: the backends are few
//! and known. The local directory is the default; several instances behind one address share an
//! S3-compatible bucket instead (the `Object` variant, through the `object_store` crate), because a
//! file uploaded through one instance must be downloadable through every other.
//!
//! Storage is content-addressed: the key of a file is the SHA-256 (hex) of its bytes, so the same
//! file uploaded twice is stored once and a key never changes meaning. Whoever deletes a key must
//! first make sure nothing refers to it any more.
use object_store::ObjectStoreExt;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Largest uploaded file (a report's or a knowledge product's).
pub const MAX_FILE_SIZE: usize = 20 * 1024 * 1024;
/// Most files attached to one activity report.
pub const MAX_FILES: i64 = 10;

/// Characters that reorder text for display (U+202E turns `gpj.exe` into what reads `exe.jpg`):
/// a file name never needs them, and they make a name lie about its type.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A file name as the uploader's system gave it, made safe to keep and show: without any
/// directory part, control characters and bidirectional formatting characters, trimmed, 1–200 characters, with the extension of the
/// detected type appended when the name does not already end in it.
pub fn clean_filename(raw: &str, extension: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = base.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).collect::<String>();
    name = name.trim().to_owned();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return None;
    }
    let lower = name.to_lowercase();
    let matches = lower.ends_with(&format!(".{extension}")) || (extension == "jpg" && lower.ends_with(".jpeg"));
    if !matches {
        name = format!("{name}.{extension}");
    }
    (name.chars().count() <= 200).then_some(name)
}

#[derive(Clone)]
pub enum Storage {
    /// A directory on the local disk, `<data_dir>/files`; a key `abcd…` is the file `ab/cd…`.
    Local(PathBuf),
    /// In memory, for tests and development.
    Memory(Arc<Mutex<HashMap<String, Vec<u8>>>>),
    /// An object store (S3 or compatible, see [`Storage::s3`]), shared by every instance. A key
    /// `abcd…` is the object `<prefix>/ab/cd…`: the same layout as the local directory, so existing
    /// files move to a bucket by copying the tree of `<data_dir>/files`.
    Object { store: Arc<dyn object_store::ObjectStore>, prefix: object_store::path::Path },
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Storage::Local(dir) => f.debug_tuple("Local").field(dir).finish(),
            Storage::Memory(m) => f.debug_tuple("Memory").field(&m.lock().map(|m| m.len()).unwrap_or(0)).finish(),
            // The store's `Display` names the backend and bucket, never credentials.
            Storage::Object { store, prefix } => {
                f.debug_struct("Object").field("store", &store.to_string()).field("prefix", prefix).finish()
            }
        }
    }
}

/// The storage key of some content: its SHA-256 in lower-case hex.
pub fn key_for(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Keys are SHA-256 hex; anything else never reaches the file system (no path tricks).
fn valid_key(key: &str) -> io::Result<()> {
    if key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "storage key is not a SHA-256 hex digest"))
    }
}

impl Storage {
    pub fn memory() -> Self {
        Storage::Memory(Default::default())
    }

    /// S3 or an S3-compatible service, from a URL `s3://BUCKET` or `s3://BUCKET/PREFIX`.
    /// Credentials and region come from the environment as the AWS tools read them
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, …). With an `endpoint` (an
    /// S3-compatible service such as MinIO or Garage) requests go to it with path-style addressing
    /// (`endpoint/BUCKET/key`), and plain `http://` is allowed for it. Nothing is contacted here.
    pub fn s3(url: &str, endpoint: Option<&str>) -> Result<Self, String> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| format!("{url:?} is not an s3://BUCKET URL"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!("{url:?} names no bucket: use s3://BUCKET"));
        }
        let prefix = object_store::path::Path::parse(prefix.trim_matches('/'))
            .map_err(|e| format!("{url:?} has an unusable path: {e}"))?;
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = endpoint.map(str::trim).filter(|e| !e.is_empty()) {
            builder = builder
                .with_endpoint(endpoint.trim_end_matches('/'))
                .with_virtual_hosted_style_request(false)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| format!("cannot use {url:?}: {e}"))?;
        Ok(Storage::Object { store: Arc::new(store), prefix })
    }

    fn path(dir: &std::path::Path, key: &str) -> PathBuf {
        dir.join(&key[..2]).join(&key[2..])
    }

    fn object_path(prefix: &object_store::path::Path, key: &str) -> object_store::path::Path {
        prefix.clone().join(&key[..2]).join(&key[2..])
    }

    /// Whether the storage can be reached: asks an object store for an object that does not exist
    /// (not found is the good answer). Serve logs a failure at start-up, so a wrong bucket,
    /// endpoint or key shows before the first upload does.
    pub async fn check(&self) -> io::Result<()> {
        match self {
            Storage::Object { store, prefix } => match store.head(&Self::object_path(prefix, &"0".repeat(64))).await {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(io::Error::other(e)),
            },
            Storage::Local(_) | Storage::Memory(_) => Ok(()),
        }
    }

    /// Stores `bytes` under `key`. Writing the same key again is harmless (same content).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        valid_key(key)?;
        match self {
            Storage::Local(dir) => {
                let path = Self::path(dir, key);
                if tokio::fs::try_exists(&path).await? {
                    return Ok(());
                }
                let parent = path.parent().expect("a key path has a parent");
                tokio::fs::create_dir_all(parent).await?;
                // Write to a temporary file next to it, then rename: a reader never sees half a file.
                let tmp = parent.join(format!(".{}.{}.tmp", &key[2..], crate::kernel::secret::new_secret()));
                if let Err(e) = tokio::fs::write(&tmp, bytes).await {
                    let _ = tokio::fs::remove_file(&tmp).await;
                    return Err(e);
                }
                tokio::fs::rename(&tmp, &path).await.inspect_err(|_| {
                    let _ = std::fs::remove_file(&tmp);
                })
            }
            Storage::Memory(m) => {
                m.lock().map_err(|_| io::Error::other("storage lock poisoned"))?.insert(key.to_owned(), bytes.to_vec());
                Ok(())
            }
            // One PUT (files are at most MAX_FILE_SIZE, far below S3's single-request limit);
            // an object appears whole or not at all, and writing the same key again is harmless.
            Storage::Object { store, prefix } => {
                store.put(&Self::object_path(prefix, key), bytes.to_vec().into()).await.map_err(io::Error::from)?;
                Ok(())
            }
        }
    }

    /// The bytes stored under `key`, or `None` when there are none.
    pub async fn get(&self, key: &str) -> io::Result<Option<Vec<u8>>> {
        valid_key(key)?;
        match self {
            Storage::Local(dir) => match tokio::fs::read(Self::path(dir, key)).await {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            Storage::Memory(m) => {
                Ok(m.lock().map_err(|_| io::Error::other("storage lock poisoned"))?.get(key).cloned())
            }
            Storage::Object { store, prefix } => match store.get(&Self::object_path(prefix, key)).await {
                Ok(found) => Ok(Some(found.bytes().await.map_err(io::Error::from)?.to_vec())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(io::Error::from(e)),
            },
        }
    }

    /// Removes what is stored under `key`; removing what is not there is not an error.
    pub async fn delete(&self, key: &str) -> io::Result<()> {
        valid_key(key)?;
        match self {
            Storage::Local(dir) => match tokio::fs::remove_file(Self::path(dir, key)).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            Storage::Memory(m) => {
                m.lock().map_err(|_| io::Error::other("storage lock poisoned"))?.remove(key);
                Ok(())
            }
            Storage::Object { store, prefix } => match store.delete(&Self::object_path(prefix, key)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(io::Error::from(e)),
            },
        }
    }

    /// How many blobs are stored (memory backend only; tests check nothing was left behind).
    pub fn memory_len(&self) -> Option<usize> {
        match self {
            Storage::Memory(m) => m.lock().ok().map(|m| m.len()),
            Storage::Local(_) | Storage::Object { .. } => None,
        }
    }
}

// ---- file types by content ---------------------------------------------------------------------

/// The file type of `bytes` judged by their content (never by the name): `(content type,
/// extension)`, or `None` for anything that is not an accepted type. Accepted: PDF, PNG, JPEG,
/// DOCX/PPTX/XLSX and ODT/ODP.
pub fn detect(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        return Some(("application/pdf", "pdf"));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", "png"));
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some(("image/jpeg", "jpg"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return detect_zip(bytes);
    }
    None
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Office documents are ZIP files. OpenDocument puts an uncompressed `mimetype` entry first;
/// Office Open XML is recognised by its entry names (`word/`, `ppt/`, `xl/`), read from the
/// local file headers and the central directory.
fn detect_zip(b: &[u8]) -> Option<(&'static str, &'static str)> {
    // OpenDocument: the first local header names `mimetype`, stored, and its content follows.
    let name_len = u16_at(b, 26)?;
    let extra_len = u16_at(b, 28)?;
    if b.get(30..30 + name_len) == Some(b"mimetype") && u16_at(b, 8)? == 0 {
        let start = 30 + name_len + extra_len;
        let content = b.get(start..start + u32_at(b, 18)?)?;
        return match content {
            b"application/vnd.oasis.opendocument.text" => Some(("application/vnd.oasis.opendocument.text", "odt")),
            b"application/vnd.oasis.opendocument.presentation" => {
                Some(("application/vnd.oasis.opendocument.presentation", "odp"))
            }
            _ => None,
        };
    }
    const OOXML: [(&[u8], &str, &str); 3] = [
        (b"word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (b"ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
        (b"xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ];
    let mut content_types = false;
    let mut found = None;
    for i in 0..b.len().saturating_sub(4) {
        // Local file header (name at 30) or central directory entry (name at 46).
        let (len_at, name_at) = match &b[i..i + 4] {
            b"PK\x03\x04" => (i + 26, i + 30),
            b"PK\x01\x02" => (i + 28, i + 46),
            _ => continue,
        };
        let Some(len) = u16_at(b, len_at) else { continue };
        let Some(name) = b.get(name_at..name_at + len) else { continue };
        if name == b"[Content_Types].xml" {
            content_types = true;
        }
        if found.is_none() {
            found = OOXML.iter().find(|(prefix, _, _)| name.starts_with(prefix)).map(|(_, t, e)| (*t, *e));
        }
        if content_types && found.is_some() {
            return found;
        }
    }
    None
}

impl crate::Core {
    /// Deletes a blob no row refers to any more. A failure only leaves an unreferenced blob
    /// behind, so it is logged rather than reported to the person who deleted the file.
    pub async fn forget_blob(&self, key: &str) {
        let in_use = match self.store.conn().await {
            Ok(mut conn) => broedplaats_store::activities::storage_key_in_use(&mut conn, key).await,
            Err(e) => Err(e),
        };
        match in_use {
            Ok(false) => {
                if let Err(e) = self.storage.delete(key).await {
                    tracing::warn!(key, "could not delete a stored file: {e}");
                }
            }
            Ok(true) => {}
            Err(e) => tracing::warn!(key, "could not check whether a stored file is in use: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_directories_controls_and_bidi_overrides() {
        assert_eq!(clean_filename("C:\\docs\\verslag.pdf", "pdf").as_deref(), Some("verslag.pdf"));
        assert_eq!(clean_filename("../../etc/passwd", "pdf").as_deref(), Some("passwd.pdf"));
        assert_eq!(clean_filename("a\u{0}b\nc.pdf", "pdf").as_deref(), Some("abc.pdf"));
        // "verslag\u{202E}fdp.exe" shows as "verslagexe.pdf" in a browser.
        assert_eq!(clean_filename("verslag\u{202E}fdp.exe", "pdf").as_deref(), Some("verslagfdp.exe.pdf"));
        assert_eq!(clean_filename("\u{2066}\u{2069}\u{200F}", "pdf"), None);
        assert_eq!(clean_filename("...", "pdf"), None);
    }

    /// A stored (uncompressed) ZIP entry: local file header, then the content.
    fn entry(name: &str, content: &[u8]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method 0, time, date, crc
        v.extend((content.len() as u32).to_le_bytes());
        v.extend((content.len() as u32).to_le_bytes());
        v.extend((name.len() as u16).to_le_bytes());
        v.extend(0u16.to_le_bytes());
        v.extend(name.as_bytes());
        v.extend(content);
        v
    }

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"%PDF-1.4\n%%EOF"), Some(("application/pdf", "pdf")));
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n...."), Some(("image/png", "png")));
        assert_eq!(detect(b"\xff\xd8\xff\xe0..JFIF"), Some(("image/jpeg", "jpg")));
        assert_eq!(detect(b"<html><script>alert(1)</script>"), None);
        assert_eq!(detect(b"MZ\x90\x00"), None);
        assert_eq!(detect(b""), None);

        let odt = entry("mimetype", b"application/vnd.oasis.opendocument.text");
        assert_eq!(detect(&odt).map(|t| t.1), Some("odt"));
        let odp =
            [entry("mimetype", b"application/vnd.oasis.opendocument.presentation"), entry("content.xml", b"<x/>")]
                .concat();
        assert_eq!(detect(&odp).map(|t| t.1), Some("odp"));
        let ods = entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(detect(&ods), None);

        let docx = [entry("[Content_Types].xml", b"<Types/>"), entry("word/document.xml", b"<w/>")].concat();
        assert_eq!(detect(&docx).map(|t| t.1), Some("docx"));
        let xlsx = [entry("[Content_Types].xml", b"<Types/>"), entry("xl/workbook.xml", b"<w/>")].concat();
        assert_eq!(detect(&xlsx).map(|t| t.1), Some("xlsx"));
        let pptx = [entry("ppt/presentation.xml", b"<p/>"), entry("[Content_Types].xml", b"<Types/>")].concat();
        assert_eq!(detect(&pptx).map(|t| t.1), Some("pptx"));
        // A plain ZIP (or a JAR) is not an office document.
        assert_eq!(detect(&entry("evil.exe", b"MZ")), None);
        assert_eq!(detect(&entry("word/x", b"")), None, "no [Content_Types].xml");
    }

    #[tokio::test]
    async fn every_backend_round_trips() {
        let dir = tempfile::tempdir().expect("temp dir");
        let objects: Arc<dyn object_store::ObjectStore> = Arc::new(object_store::memory::InMemory::new());
        let backends = [
            Storage::Local(dir.path().join("files")),
            Storage::memory(),
            Storage::Object { store: objects.clone(), prefix: "uploads".into() },
            Storage::Object { store: objects.clone(), prefix: Default::default() },
        ];
        for s in backends {
            let key = key_for(b"hallo");
            assert_eq!(s.get(&key).await.expect("storage"), None);
            s.put(&key, b"hallo").await.expect("storage");
            s.put(&key, b"hallo").await.expect("storage");
            assert_eq!(s.get(&key).await.expect("storage").as_deref(), Some(&b"hallo"[..]));
            s.delete(&key).await.expect("storage");
            s.delete(&key).await.expect("storage");
            assert_eq!(s.get(&key).await.expect("storage"), None);
            assert!(s.get("../../etc/passwd").await.is_err());
        }
        assert!(dir.path().join("files").join(&key_for(b"hallo")[..2]).is_dir());

        // Objects are laid out like the local directory, under the prefix.
        let key = key_for(b"inhoud");
        let s = Storage::Object { store: objects.clone(), prefix: "uploads".into() };
        s.put(&key, b"inhoud").await.expect("storage");
        let path = object_store::path::Path::from(format!("uploads/{}/{}", &key[..2], &key[2..]));
        assert_eq!(&objects.get(&path).await.expect("object").bytes().await.expect("bytes")[..], b"inhoud");
        s.check().await.expect("reachable");
    }

    #[test]
    fn s3_urls_name_a_bucket() {
        let Ok(Storage::Object { store, prefix }) = Storage::s3("s3://broedplaats/zhz/", Some("http://127.0.0.1:9000"))
        else {
            panic!("an s3 URL with an endpoint")
        };
        assert_eq!(prefix.as_ref(), "zhz");
        assert!(store.to_string().contains("broedplaats"), "{store}");
        assert!(
            matches!(Storage::s3("s3://broedplaats", None), Ok(Storage::Object { prefix, .. }) if prefix.as_ref().is_empty())
        );
        let Ok(Storage::Object { prefix, .. }) = Storage::s3("s3://broedplaats/a/b", None) else {
            panic!("two levels")
        };
        assert_eq!(
            Storage::object_path(&prefix, &key_for(b"x")).as_ref(),
            format!("a/b/{}/{}", &key_for(b"x")[..2], &key_for(b"x")[2..])
        );
        assert!(Storage::s3("s3://", None).is_err());
        assert!(Storage::s3("gs://broedplaats", None).is_err());
    }
}
