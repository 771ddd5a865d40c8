//! Backup and restore of a whole installation: the database and the uploaded files, in one ZIP
//! archive that either engine can restore (docs/ARCHITECTURE.md, "Backups").
//!
//! ```text
//! manifest.json          format, versions, source engine, tables (columns, row counts), and the
//!                        SHA-256 and size of every other member
//! db/<table>.jsonl       one JSON object per row, columns by name, in the order tables are restored
//! files/<storage key>    every stored file a row refers to (a column named `storage_key`)
//! ```
//!
//! A backup is taken in one read transaction ([`broedplaats_store::Store::begin_snapshot`]), so it
//! is one consistent moment even while the server writes. Files are content-addressed and written
//! before the row that names them, so every file a row of the snapshot names is on disk.
//!
//! A restore checks everything before writing anything: the manifest, every checksum, the schema
//! version (the archive's must be this binary's), the tables and columns, and that the database is
//! empty. It then stores the files and inserts every row in one transaction.
//!
//! The archive is read and written with blocking file I/O: these are one-shot CLI commands in
//! their own process, not work inside a serving runtime.
use crate::Core;
use crate::kernel::error::CoreError;
use crate::kernel::storage::key_for;
use broedplaats_store::backup::{self as db, Column, Row};
use broedplaats_store::{Backend, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The archive format; a restore refuses any other.
pub const FORMAT: &str = "broedplaats-backup";
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
/// A column with this name holds a storage key; its files go into the archive.
const STORAGE_KEY_COLUMN: &str = "storage_key";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The version of the `broedplaats` binary that wrote it (informative).
    pub app_version: String,
    /// The newest applied migration; a restore needs the same.
    pub schema_version: i64,
    pub created_at: String,
    /// `sqlite` or `postgres`.
    pub source_engine: String,
    /// In restore order (a table after those it refers to).
    pub tables: Vec<TableEntry>,
    /// Every other member of the archive: name → checksum and size.
    pub members: BTreeMap<String, Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub rows: u64,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub sha256: String,
    pub bytes: u64,
}

impl Manifest {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    pub fn files(&self) -> usize {
        self.members.keys().filter(|m| m.starts_with("files/")).count()
    }
}

/// Why a backup or restore did not happen. The messages are Dutch: they reach the terminal.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("De database is niet leeg (tabel {0} heeft rijen); herstellen kan alleen in een lege installatie.")]
    NotEmpty(String),
    #[error("Het archief is onbruikbaar: {0}. Er is niets hersteld.")]
    Archive(String),
    #[error(
        "Het archief heeft schemaversie {archive}, deze versie van broedplaats schemaversie {binary}; \
         herstel het met de versie die het maakte."
    )]
    Schema { archive: i64, binary: i64 },
    #[error("Het bestand {key} ontbreekt in de opslag (verwijderd tijdens de backup?); probeer het opnieuw.")]
    MissingFile { key: String },
    #[error("Lezen of schrijven mislukt ({path}): {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<StoreError> for BackupError {
    fn from(e: StoreError) -> Self {
        BackupError::Core(e.into())
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    key_for(bytes)
}

fn engine_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

fn archive_error(e: impl std::fmt::Display) -> BackupError {
    BackupError::Archive(e.to_string())
}

/// Writes members into a ZIP file next to the target, renamed into place when complete, so a
/// failed backup never leaves a file that looks whole.
struct Writer {
    zip: zip::ZipWriter<std::fs::File>,
    part: PathBuf,
    members: BTreeMap<String, Member>,
}

impl Writer {
    fn create(target: &Path) -> Result<Self, BackupError> {
        let part = target.with_extension("part");
        let file = std::fs::File::create(&part).map_err(|source| BackupError::Io { path: part.clone(), source })?;
        Ok(Writer { zip: zip::ZipWriter::new(file), part, members: BTreeMap::new() })
    }

    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), BackupError> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(bytes.len() as u64 >= u32::MAX as u64);
        let io = |source| BackupError::Io { path: self.part.clone(), source };
        self.zip.start_file(name, options).map_err(|e| io(std::io::Error::other(e)))?;
        self.zip.write_all(bytes).map_err(io)?;
        if name != MANIFEST {
            self.members.insert(name.to_owned(), Member { sha256: sha256_hex(bytes), bytes: bytes.len() as u64 });
        }
        Ok(())
    }

    fn finish(self, target: &Path) -> Result<(), BackupError> {
        let part = self.part.clone();
        let io = |source| BackupError::Io { path: part.clone(), source };
        let file = self.zip.finish().map_err(|e| io(std::io::Error::other(e)))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&part, target).map_err(|source| BackupError::Io { path: target.to_path_buf(), source })
    }
}

impl Core {
    /// Writes a backup of the whole installation to `target` (see the module comment) and
    /// returns its manifest. Runs beside a serving instance.
    pub async fn backup(&self, target: &Path) -> Result<Manifest, BackupError> {
        let backend = self.store.backend();
        let mut writer = Writer::create(target)?;
        let result = self.write_backup(&mut writer, backend).await;
        match result {
            Ok(manifest) => {
                writer.finish(target)?;
                Ok(manifest)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&writer.part);
                Err(e)
            }
        }
    }

    async fn write_backup(&self, writer: &mut Writer, backend: Backend) -> Result<Manifest, BackupError> {
        let mut tx = self.store.begin_snapshot().await?;
        let schema_version = db::schema_version(&mut tx).await?;
        let created_at = broedplaats_store::now_text();
        let tables = db::tables(&mut tx, backend).await?;
        let mut entries = Vec::with_capacity(tables.len());
        let mut keys = BTreeSet::new();
        for table in &tables {
            let rows = db::rows(&mut tx, table).await?;
            let mut jsonl = Vec::new();
            for row in &rows {
                serde_json::to_writer(&mut jsonl, row).map_err(|e| CoreError::Internal(e.to_string()))?;
                jsonl.push(b'\n');
                if let Some(key) = row.get(STORAGE_KEY_COLUMN).and_then(|v| v.as_str()) {
                    keys.insert(key.to_owned());
                }
            }
            writer.add(&format!("db/{}.jsonl", table.name), &jsonl)?;
            entries.push(TableEntry {
                name: table.name.clone(),
                rows: rows.len() as u64,
                columns: table.columns.clone(),
            });
        }
        // The snapshot ends here; the files it names are never rewritten (content-addressed).
        tx.rollback().await.map_err(StoreError::from)?;
        for key in keys {
            let bytes = self
                .storage
                .get(&key)
                .await
                .map_err(|e| CoreError::Internal(format!("storage: {e}")))?
                .ok_or_else(|| BackupError::MissingFile { key: key.clone() })?;
            writer.add(&format!("files/{key}"), &bytes)?;
        }
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            created_at,
            source_engine: engine_name(backend).into(),
            tables: entries,
            members: writer.members.clone(),
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| CoreError::Internal(e.to_string()))?;
        writer.add(MANIFEST, &json)?;
        Ok(manifest)
    }

    /// Restores the backup at `source` into this installation, which must be empty (migrated,
    /// no rows). Checks the whole archive before writing anything. The search index is not
    /// touched here: the caller rebuilds it ([`Core::rebuild_search`]).
    pub async fn restore(&self, source: &Path) -> Result<Manifest, BackupError> {
        let (manifest, mut zip) = verify(source)?;
        let binary = self.store.binary_schema_version();
        if manifest.schema_version != binary {
            return Err(BackupError::Schema { archive: manifest.schema_version, binary });
        }
        let backend = self.store.backend();
        let mut tx = self.store.begin().await?;
        let tables = db::tables(&mut tx, backend).await?;
        let ours: BTreeMap<&str, &db::Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
        let theirs: BTreeMap<&str, &TableEntry> = manifest.tables.iter().map(|t| (t.name.as_str(), t)).collect();
        if ours.keys().collect::<Vec<_>>() != theirs.keys().collect::<Vec<_>>() {
            return Err(BackupError::Archive(format!(
                "de tabellen verschillen van die van deze database ({:?} tegenover {:?})",
                theirs.keys().collect::<Vec<_>>(),
                ours.keys().collect::<Vec<_>>()
            )));
        }
        for table in &tables {
            let entry = theirs[table.name.as_str()];
            let mut a: Vec<&Column> = table.columns.iter().collect();
            let mut b: Vec<&Column> = entry.columns.iter().collect();
            a.sort_by(|x, y| x.name.cmp(&y.name));
            b.sort_by(|x, y| x.name.cmp(&y.name));
            if a != b {
                return Err(BackupError::Archive(format!("de kolommen van tabel {} verschillen", table.name)));
            }
        }
        if let Some(table) = db::first_table_with_rows(&mut tx, &tables).await? {
            return Err(BackupError::NotEmpty(table));
        }
        // Files first, rows after: a row never names a file that is not there (as in uploads).
        for name in manifest.members.keys() {
            if let Some(key) = name.strip_prefix("files/") {
                let bytes = read_member(&mut zip, name)?;
                self.storage.put(key, &bytes).await.map_err(|e| CoreError::Internal(format!("storage: {e}")))?;
            }
        }
        for table in &tables {
            let entry = theirs[table.name.as_str()];
            let text = read_member(&mut zip, &format!("db/{}.jsonl", table.name))?;
            let rows: Vec<Row> = text
                .split(|b| *b == b'\n')
                .filter(|line| !line.is_empty())
                .map(serde_json::from_slice)
                .collect::<Result<_, _>>()
                .map_err(|e| archive_error(format!("db/{}.jsonl: {e}", table.name)))?;
            if rows.len() as u64 != entry.rows {
                return Err(BackupError::Archive(format!(
                    "db/{}.jsonl heeft {} rijen, het manifest noemt er {}",
                    table.name,
                    rows.len(),
                    entry.rows
                )));
            }
            db::insert(&mut tx, table, &rows).await?;
        }
        db::reset_sequences(&mut tx, backend, &tables).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(manifest)
    }
}

type Archive = zip::ZipArchive<std::fs::File>;

fn read_member(zip: &mut Archive, name: &str) -> Result<Vec<u8>, BackupError> {
    let mut file = zip.by_name(name).map_err(|e| archive_error(format!("{name}: {e}")))?;
    let mut bytes = Vec::with_capacity(file.size() as usize);
    file.read_to_end(&mut bytes).map_err(|e| archive_error(format!("{name}: {e}")))?;
    Ok(bytes)
}

/// Opens an archive and checks it whole: a readable manifest of this format, every member listed
/// with the right SHA-256 and size, nothing unlisted, and every file's name its own checksum.
pub fn verify(path: &Path) -> Result<(Manifest, Archive), BackupError> {
    let file = std::fs::File::open(path).map_err(|source| BackupError::Io { path: path.to_path_buf(), source })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| archive_error(format!("geen ZIP-bestand ({e})")))?;
    let manifest: Manifest = serde_json::from_slice(&read_member(&mut zip, MANIFEST)?)
        .map_err(|e| archive_error(format!("{MANIFEST} is ongeldig ({e})")))?;
    if manifest.format != FORMAT || manifest.format_version != FORMAT_VERSION {
        return Err(archive_error(format!(
            "onbekend formaat {} versie {} (verwacht {FORMAT} versie {FORMAT_VERSION})",
            manifest.format, manifest.format_version
        )));
    }
    let names: Vec<String> =
        zip.file_names().map(|n| n.map(|n| n.into_owned())).collect::<Result<_, _>>().map_err(archive_error)?;
    let present: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    for name in &names {
        if name != MANIFEST && !manifest.members.contains_key(name) {
            return Err(archive_error(format!("{name} staat niet in het manifest")));
        }
    }
    for (name, member) in &manifest.members {
        if !present.contains(name.as_str()) {
            return Err(archive_error(format!("{name} ontbreekt")));
        }
        let sha = (|| -> Result<(String, u64), BackupError> {
            let mut file = zip.by_name(name).map_err(|e| archive_error(format!("{name}: {e}")))?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 64 * 1024];
            let mut total = 0u64;
            loop {
                let n = file.read(&mut buf).map_err(|e| archive_error(format!("{name}: {e}")))?;
                if n == 0 {
                    break;
                }
                total += n as u64;
                hasher.update(&buf[..n]);
            }
            Ok((hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(), total))
        })()?;
        if sha.0 != member.sha256 || sha.1 != member.bytes {
            return Err(archive_error(format!("de controlesom van {name} klopt niet")));
        }
        if let Some(key) = name.strip_prefix("files/")
            && key != member.sha256
        {
            return Err(archive_error(format!("{name} heeft niet de inhoud die zijn naam noemt")));
        }
    }
    for t in &manifest.tables {
        if !manifest.members.contains_key(&format!("db/{}.jsonl", t.name)) {
            return Err(archive_error(format!("db/{}.jsonl ontbreekt", t.name)));
        }
    }
    Ok((manifest, zip))
}
