//! Reports (verslagen) of activities: text, decisions, action points, linked products, files.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::access;
use crate::kernel::error::refused;
use crate::kernel::storage::{MAX_FILE_SIZE, MAX_FILES, clean_filename};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;
use broedplaats_store::activities::{self as q};

impl Core {
    /// The report of an activity: readable by whoever may see the activity.
    pub async fn report(&self, actor: Option<&Actor>, tenant: &Tenant, activity_id: i64) -> Result<Option<ReportView>> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        let Some(r) = q::report(&mut conn, tenant, activity_id).await? else { return Ok(None) };
        let actions = q::actions(&mut conn, tenant, activity_id).await?;
        Ok(Some(ReportView {
            minutes: r.minutes,
            decisions: serde_json::from_str(&r.decisions).unwrap_or_default(),
            actions: actions
                .into_iter()
                .map(|a| ActionView {
                    id: a.id,
                    description: a.description,
                    owner: a.owner,
                    due_on: a.due_on,
                    done: a.done != 0,
                })
                .collect(),
            products: q::product_links(&mut conn, tenant, activity_id)
                .await?
                .into_iter()
                .map(|p| ProductLink { title: p.title, url: p.url })
                .collect(),
            files: q::files(&mut conn, tenant, activity_id)
                .await?
                .into_iter()
                .map(|f| FileView::of(tenant, f))
                .collect(),
            author_name: r.author_name,
            updated_at: r.updated_at,
        }))
    }

    /// Writes the report (organisers only).
    pub async fn save_report(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: &ReportInput,
    ) -> Result<ReportView> {
        let mut e = FieldErrors::new();
        let minutes = opt_text::<100_000>(&mut e, "minutes", Some(&input.minutes)).unwrap_or_default();
        let mut decisions = Vec::new();
        for d in input.decisions.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            if let Some(d) = e.take("decisions", BoundedText::<2000>::parse(d)) {
                decisions.push(d.into_inner());
            }
        }
        let mut actions = Vec::new();
        for (i, a) in input.actions.iter().enumerate() {
            let description = e.take(&format!("actions[{i}].description"), BoundedText::<1000>::parse(&a.description));
            let owner = e.take(&format!("actions[{i}].owner"), BoundedText::<200>::parse(&a.owner));
            let due_on = match a.due_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => None,
                Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
                    Err(_) => {
                        e.push(format!("actions[{i}].due_on"), FieldErrorKind::Invalid);
                        None
                    }
                },
            };
            if let (Some(d), Some(o)) = (description, owner) {
                actions.push((d.into_inner(), o.into_inner(), due_on, a.done));
            }
        }
        let mut products = Vec::new();
        for (i, p) in input.products.iter().enumerate() {
            let title = e.take(&format!("products[{i}].title"), BoundedText::<300>::parse(&p.title));
            let url = p.url.trim();
            let url_ok = (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
                && !url.starts_with("//")
                && url.len() <= 1000
                && !url.chars().any(char::is_whitespace);
            if !url_ok {
                e.push(format!("products[{i}].url"), FieldErrorKind::Invalid);
            }
            if let Some(t) = title.filter(|_| url_ok) {
                products.push((t.into_inner(), url.to_owned()));
            }
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        q::replace_product_links(&mut tx, tenant, activity_id, &products).await?;
        let decisions_json = serde_json::to_string(&decisions).map_err(|e| CoreError::Internal(e.to_string()))?;
        q::upsert_report(&mut tx, tenant, activity_id, &minutes, &decisions_json, &actor.name).await?;
        let fields: Vec<q::ActionFields> = actions
            .iter()
            .map(|(d, o, due, done)| q::ActionFields { description: d, owner: o, due_on: due.as_deref(), done: *done })
            .collect();
        q::replace_actions(&mut tx, tenant, activity_id, &fields).await?;
        commit(tx).await?;
        self.report(Some(actor), tenant, activity_id).await?.ok_or(CoreError::NotFound)
    }

    /// Attaches a file to the report (organisers only). The type is judged by the content, never
    /// by the name; the bytes go into the storage first, then the row is written.
    pub async fn add_report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        filename: &str,
        bytes: &[u8],
    ) -> Result<FileView> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        if bytes.len() > MAX_FILE_SIZE {
            return Err(refused("file", "activity.file.too_large"));
        }
        let Some((content_type, extension)) = crate::kernel::storage::detect(bytes) else {
            return Err(refused("file", "activity.file.type"));
        };
        let Some(filename) = clean_filename(filename, extension) else {
            return Err(refused("file", "activity.file.name"));
        };
        if q::files(&mut tx, tenant, activity_id).await?.len() as i64 >= MAX_FILES {
            return Err(refused("file", "activity.file.too_many"));
        }
        let key = crate::kernel::storage::key_for(bytes);
        self.storage.put(&key, bytes).await.map_err(|e| CoreError::Internal(format!("storing a file: {e}")))?;
        // Locked and counted again, so two uploads at once cannot pass the limit together.
        q::lock_activity(&mut tx, tenant, activity_id).await?;
        if q::files(&mut tx, tenant, activity_id).await?.len() as i64 >= MAX_FILES {
            drop(tx);
            self.forget_blob(&key).await;
            return Err(refused("file", "activity.file.too_many"));
        }
        let new = q::NewFile {
            filename: &filename,
            content_type,
            size: bytes.len() as i64,
            storage_key: &key,
            author_name: &actor.name,
        };
        let id = q::insert_file(&mut tx, tenant, activity_id, &new).await?;
        let row = q::file(&mut tx, tenant, activity_id, id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        Ok(FileView::of(tenant, row))
    }

    /// The files of a report: readable by whoever may see the activity.
    pub async fn report_files(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Vec<FileView>> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        Ok(q::files(&mut conn, tenant, activity_id).await?.into_iter().map(|f| FileView::of(tenant, f)).collect())
    }

    /// One file of a report with its bytes, for whoever may see the activity.
    pub async fn report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        file_id: i64,
    ) -> Result<(FileView, Vec<u8>)> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        let row = q::file(&mut conn, tenant, activity_id, file_id).await?.ok_or(CoreError::NotFound)?;
        drop(conn);
        let bytes = self.storage.get(&row.storage_key).await.map_err(|e| CoreError::Internal(e.to_string()))?;
        let Some(bytes) = bytes else {
            return Err(CoreError::Internal(format!("file {} of activity {activity_id}: blob missing", row.id)));
        };
        Ok((FileView::of(tenant, row), bytes))
    }

    /// Removes a file from the report (organisers only). The stored bytes go too, unless another
    /// row (the same file attached elsewhere) still refers to them.
    pub async fn delete_report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        file_id: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut tx, actor, tenant, &a).await?;
        let row = q::file(&mut tx, tenant, activity_id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::delete_file(&mut tx, tenant, activity_id, file_id).await?;
        commit(tx).await?;
        self.forget_blob(&row.storage_key).await;
        Ok(())
    }
}
