//! CSV import of organisations and people into a werkplaats: the use cases around the pure
//! parsing in [`super`].
//!
//! All or nothing: the whole file is validated first (inside the write transaction, against the
//! organisations as they are at that moment), and if any row is bad the row errors come back and
//! nothing is written. Otherwise every row is written in one transaction with one audit entry for
//! the whole import (entity type `import`, id 0), not one per row: a 10,000-row file would
//! otherwise drown the audit log. Managers (programme coordinator, lector) may import; so may the
//! administrator at the command line (see [`Core::import_organisations_as_admin`]).
use super::{self as import, OrganisationRow, PersonRow, RowError};
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::{Core, CoreError};
use broedplaats_domain::Role;
use broedplaats_store::organisation as q;
use broedplaats_store::{Conn, StoreError, Tenant, Tx};
use serde::Serialize;
use std::collections::HashMap;

/// Progress is reported after every this many written rows (and once at the end).
pub const PROGRESS_EVERY: usize = 100;

/// Receives `(rows written, rows to write)` while an import runs; first `(0, total)` once the file
/// is valid, then every [`PROGRESS_EVERY`] rows, and `(total, total)` at the end. `Sync` so that a
/// use case holding it stays `Send` (web handlers run on a multi-threaded runtime).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Organisations or people created.
    pub created: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has bad rows (every one of them, up to [`import::MAX_ERRORS`]); nothing was written.
    #[error("the file has {} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Core(CoreError::from(e))
    }
}

/// Who imports, for authorisation and the audit log.
#[derive(Clone, Copy)]
enum Importer<'a> {
    Manager(&'a Actor),
    /// The administrator at the command line.
    Admin,
}

/// How the command line appears in the audit log.
pub const ADMIN_ACTOR_NAME: &str = "beheerder (opdrachtregel)";

impl Importer<'_> {
    fn name(&self) -> &str {
        match self {
            Importer::Manager(a) => &a.name,
            Importer::Admin => ADMIN_ACTOR_NAME,
        }
    }
    fn account_id(&self) -> Option<i64> {
        match self {
            Importer::Manager(a) => Some(a.account_id),
            Importer::Admin => None,
        }
    }
}

/// Managers only: 401 without an actor, 403 for anyone else.
fn require_manager<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<Importer<'a>, CoreError> {
    match actor {
        None => Err(CoreError::Unauthenticated),
        Some(a) if access(Some(a), tenant) == Access::Manager => Ok(Importer::Manager(a)),
        Some(_) => Err(CoreError::Forbidden),
    }
}

/// The function a person gets for an imported role. A themaleider is not a function of its own
/// (it follows from leading a theme group, and `person_functions` does not allow it): a themaleider
/// is a docent-onderzoeker, so that is what is recorded; the group's lead is set on the group.
pub fn function_for(role: Role) -> Role {
    match role {
        Role::ThemeLead => Role::TeacherResearcher,
        other => other,
    }
}

impl Core {
    /// Imports organisations from a CSV file (see [`import::parse_organisations`] for the format).
    /// Managers of the werkplaats only.
    pub async fn import_organisations(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        let importer = require_manager(actor, tenant)?;
        self.run_organisations(importer, tenant, data, progress).await
    }

    /// Imports people from a CSV file (see [`import::parse_people`]); the organisations they name
    /// must exist in the werkplaats (import those first). Managers of the werkplaats only.
    pub async fn import_people(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        let importer = require_manager(actor, tenant)?;
        self.run_people(importer, tenant, data, progress).await
    }

    /// [`Core::import_organisations`] for the command line, which acts as the administrator with
    /// no account: whoever runs `broedplaats` has direct access to the database (its file or its
    /// `DATABASE_URL`), so checking a role would protect nothing, as with `admin create-user`. The
    /// audit log records [`ADMIN_ACTOR_NAME`]. Never call this on behalf of a web request.
    pub async fn import_organisations_as_admin(
        &self,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        self.run_organisations(Importer::Admin, tenant, data, progress).await
    }

    /// [`Core::import_people`] for the command line; see [`Core::import_organisations_as_admin`].
    pub async fn import_people_as_admin(
        &self,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        self.run_people(Importer::Admin, tenant, data, progress).await
    }

    async fn run_organisations(
        &self,
        importer: Importer<'_>,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        // Validate inside the transaction, so the names checked are the names we write next to
        // (on SQLite `begin` takes the write lock; on PostgreSQL the unique constraint catches a
        // concurrent insert of the same name, which then fails the whole import as a conflict).
        let mut tx = self.store.begin().await?;
        let existing = organisation_names(&mut tx, tenant).await?;
        let names: Vec<String> = existing.into_keys().collect();
        let rows = import::parse_organisations(data, &names).map_err(ImportError::Invalid)?;
        let total = rows.len();
        if total == 0 {
            return Ok(ImportReport { created: 0 }); // a header without rows: nothing to do
        }
        progress(0, total);
        for (i, row) in rows.iter().enumerate() {
            insert_organisation(&mut tx, tenant, row).await?;
            report(progress, i + 1, total);
        }
        audit(&mut tx, tenant, importer, &ImportAudit { organisations: Some(total), people: None, functions: None })
            .await?;
        commit(tx).await?;
        tracing::info!(werkplaats = tenant.log_id(), created = total, "organisations imported");
        Ok(ImportReport { created: total })
    }

    async fn run_people(
        &self,
        importer: Importer<'_>,
        tenant: &Tenant,
        data: &[u8],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportError> {
        let mut tx = self.store.begin().await?;
        let ids = organisation_names(&mut tx, tenant).await?;
        let names: Vec<String> = ids.keys().cloned().collect();
        let rows = import::parse_people(data, &names).map_err(ImportError::Invalid)?;
        let total = rows.len();
        if total == 0 {
            return Ok(ImportReport { created: 0 });
        }
        progress(0, total);
        let mut functions = 0;
        for (i, row) in rows.iter().enumerate() {
            functions += usize::from(insert_person(&mut tx, tenant, &ids, row).await?);
            report(progress, i + 1, total);
        }
        let summary = ImportAudit { organisations: None, people: Some(total), functions: Some(functions) };
        audit(&mut tx, tenant, importer, &summary).await?;
        commit(tx).await?;
        tracing::info!(werkplaats = tenant.log_id(), created = total, "people imported");
        Ok(ImportReport { created: total })
    }
}

/// The organisations of the werkplaats, name → id (names exactly as stored).
async fn organisation_names(conn: &mut Conn, tenant: &Tenant) -> Result<HashMap<String, i64>, ImportError> {
    Ok(q::all_organisation_names(conn, tenant).await?.into_iter().map(|(id, name)| (name, id)).collect())
}

fn report(progress: Progress<'_>, done: usize, total: usize) {
    if done.is_multiple_of(PROGRESS_EVERY) || done == total {
        progress(done, total);
    }
}

async fn insert_organisation(conn: &mut Conn, tenant: &Tenant, row: &OrganisationRow) -> Result<(), ImportError> {
    let fields = q::OrganisationFields {
        name: &row.name,
        kind: row.kind.code(),
        city: row.city.as_deref(),
        website: row.website.as_deref(),
        email: row.email.as_deref(),
    };
    q::insert_organisation_full(conn, tenant, &fields).await?;
    Ok(())
}

/// Inserts one person; returns whether they got a function.
async fn insert_person(
    conn: &mut Conn,
    tenant: &Tenant,
    organisations: &HashMap<String, i64>,
    row: &PersonRow,
) -> Result<bool, ImportError> {
    let organisation_id = match &row.organisation {
        // The parser returns the name as spelled in the list we gave it, so this always finds it.
        Some(name) => Some(
            *organisations
                .get(name)
                .ok_or_else(|| CoreError::Internal(format!("organisation {name:?} vanished during import")))?,
        ),
        None => None,
    };
    let fields = q::PersonFields {
        name: &row.name,
        email: row.email.as_deref(),
        organisation_id,
        position: None,
        is_manager: false,
        days_per_week: None,
    };
    let id = q::insert_person_full(conn, tenant, &fields).await?;
    match row.role {
        Some(role) => {
            q::set_functions(conn, tenant, id, &[function_for(role).code()]).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The audit record of one import: how many rows of what, not the rows themselves.
#[derive(Serialize)]
struct ImportAudit {
    #[serde(skip_serializing_if = "Option::is_none")]
    organisations: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<usize>,
    /// People who got a function from the `rol` column.
    #[serde(skip_serializing_if = "Option::is_none")]
    functions: Option<usize>,
}

async fn audit(
    conn: &mut Conn,
    tenant: &Tenant,
    importer: Importer<'_>,
    after: &ImportAudit,
) -> Result<(), ImportError> {
    let after = serde_json::to_string(after).map_err(|e| CoreError::Internal(e.to_string()))?;
    q::insert_audit(
        conn,
        tenant,
        &q::AuditEntry {
            actor_name: importer.name(),
            actor_account_id: importer.account_id(),
            entity_type: "import",
            entity_id: 0,
            action: "create",
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(())
}

async fn commit(tx: Tx<'static>) -> Result<(), ImportError> {
    tx.commit().await.map_err(|e| ImportError::from(StoreError::from(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_themaleider_is_recorded_as_docent_onderzoeker() {
        assert_eq!(function_for(Role::ThemeLead), Role::TeacherResearcher);
        for role in Role::ALL.into_iter().filter(|r| *r != Role::ThemeLead) {
            assert_eq!(function_for(role), role);
        }
    }

    #[test]
    fn progress_every_hundred_rows_and_at_the_end() {
        let seen = std::sync::Mutex::new(Vec::new());
        let record = |done: usize, total: usize| seen.lock().expect("lock").push((done, total));
        for done in 1..=250 {
            report(&record, done, 250);
        }
        assert_eq!(*seen.lock().expect("lock"), vec![(100, 250), (200, 250), (250, 250)]);
    }

    #[test]
    fn audit_summary_names_only_what_was_imported() {
        let orgs = ImportAudit { organisations: Some(3), people: None, functions: None };
        assert_eq!(serde_json::to_string(&orgs).expect("json"), r#"{"organisations":3}"#);
        let people = ImportAudit { organisations: None, people: Some(5), functions: Some(2) };
        assert_eq!(serde_json::to_string(&people).expect("json"), r#"{"people":5,"functions":2}"#);
    }
}
