//! Files on a product, with their text extracted for search (bounded in size, time and how many
//! at once).
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::error::refused;
use crate::kernel::storage::{MAX_FILE_SIZE, clean_filename};
use crate::kernel::tx::commit;
use crate::knowledge::documents::PRODUCT;
use crate::knowledge::extract::{Extracted, Refusal};
use crate::{Core, CoreError, Result};
use broedplaats_store::Tenant;
use broedplaats_store::knowledge::{self as q};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// At most this many extractions run at once in the process (half the cores, at least one), each
/// on a blocking thread; others wait for a place. The place is given back when the work ends, not
/// when the caller stops waiting, so runaway extractions cannot pile up.
fn extractions() -> &'static Arc<Semaphore> {
    static PLACES: OnceLock<Arc<Semaphore>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Arc::new(Semaphore::new((cores / 2).max(1)))
    })
}

/// The file's text, read on a blocking thread once a place is free; refused as too slow when
/// waiting and reading take longer than [`EXTRACT_TIMEOUT`].
async fn extract_bounded(bytes: Vec<u8>) -> Result<Extracted> {
    let work = async move {
        let place = extractions().clone().acquire_owned().await.map_err(|e| CoreError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let _place = place;
            crate::knowledge::extract::extract(&bytes)
        })
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))
    };
    match tokio::time::timeout(EXTRACT_TIMEOUT, work).await {
        Ok(done) => done,
        Err(_) => Ok(Extracted::Refused(Refusal::TooSlow)),
    }
}

impl Core {
    /// Attaches a file (PDF, DOCX, ODT, PPTX, ODP, XLSX, PNG, JPEG; type judged by content) and
    /// makes its text searchable.
    pub async fn add_product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        filename: &str,
        bytes: Vec<u8>,
    ) -> Result<ProductFileView> {
        {
            let mut conn = self.store.conn().await?;
            let p = load_readable(&mut conn, actor, tenant, id).await?;
            if !may_edit(&mut conn, actor, tenant, &p).await? {
                return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
            }
        }
        if bytes.len() > MAX_FILE_SIZE {
            return Err(refused("file", "activity.file.too_large"));
        }
        let Some((content_type, extension)) = crate::kernel::storage::detect(&bytes) else {
            return Err(refused("file", "activity.file.type"));
        };
        let Some(filename) = clean_filename(filename, extension) else {
            return Err(refused("file", "activity.file.name"));
        };
        let key = crate::kernel::storage::key_for(&bytes);
        self.storage.put(&key, &bytes).await.map_err(|e| CoreError::Internal(format!("storing a file: {e}")))?;
        let size = bytes.len() as i64;
        // A file whose text cannot be read within the bounds (a decompression bomb, an encrypted
        // PDF) or in time is still stored; it is then found by its product only, not by its
        // contents, and the answer says so.
        let extracted = extract_bounded(bytes).await?;
        let (text, text_skipped) = match extracted {
            Extracted::Text(t) => (t, None),
            Extracted::Refused(why) => {
                tracing::warn!(product = id, reason = ?why, "text not extracted; the file is stored without its text");
                (String::new(), Some(why))
            }
        };
        let mut tx = self.store.begin().await?;
        // Counted under the product's write, so two uploads at once cannot pass the limit.
        q::touch_product(&mut tx, tenant, id).await?;
        if q::files(&mut tx, tenant, id).await?.len() >= MAX_PRODUCT_FILES {
            drop(tx);
            self.forget_blob(&key).await;
            return Err(refused("file", "knowledge.file.too_many"));
        }
        let file_id = q::insert_file(
            &mut tx,
            tenant,
            id,
            &q::NewProductFile { storage_key: &key, filename: &filename, content_type, size, extracted_text: &text },
        )
        .await?;
        let row = q::file(&mut tx, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(ProductFileView { text_skipped, ..ProductFileView::of(tenant, row) })
    }

    /// A file with its bytes, for whoever may read the product.
    pub async fn product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        file_id: i64,
    ) -> Result<(ProductFileView, Vec<u8>)> {
        let mut conn = self.store.conn().await?;
        load_readable(&mut conn, actor, tenant, id).await?;
        let row = q::file(&mut conn, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        drop(conn);
        let bytes = self.storage.get(&row.storage_key).await.map_err(|e| CoreError::Internal(e.to_string()))?;
        let bytes =
            bytes.ok_or_else(|| CoreError::Internal(format!("file {file_id} of product {id}: blob missing")))?;
        Ok((ProductFileView::of(tenant, row), bytes))
    }

    pub async fn delete_product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        file_id: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &p).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let row = q::file(&mut tx, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::delete_file(&mut tx, tenant, id, file_id).await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.forget_blob(&row.storage_key).await;
        self.index_now().await;
        Ok(())
    }
}
