//! Mail about the review of a knowledge product (issue 14 item 2): when a product is offered for
//! review, its reviewers hear of it; when it is published or sent back, its maker does, with the
//! reviewer's note. One job per step, enqueued in the transaction that takes the step; a job
//! whose product has moved on since (another step came first) sends nothing. Nobody is mailed
//! about their own step.
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::simple_mail;
use crate::{Core, CoreError, Result};
use broedplaats_store::jobs::{self as jobs_q, JobRow};
use broedplaats_store::knowledge as q;
use broedplaats_store::{Conn, Tenant, werkplaats};
use chrono::{DateTime, Utc};

pub const REVIEW_MAIL: &str = "mail.knowledge_review";
pub const REVIEW_MAIL_JOB: JobHandler = JobHandler { name: REVIEW_MAIL, run };

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    werkplaats: String,
    product_id: i64,
    /// The status the step led to.
    status: String,
    /// Who took the step (not mailed).
    by: i64,
}

pub(super) async fn enqueue(conn: &mut Conn, tenant: &Tenant, product_id: i64, status: &str, by: i64) -> Result<()> {
    let now = broedplaats_store::now_text();
    let payload = Payload { werkplaats: tenant.slug.clone(), product_id, status: status.to_owned(), by };
    let payload = serde_json::to_string(&payload).map_err(|e| CoreError::Internal(e.to_string()))?;
    let dedupe = format!("knowledge:review:{}:{product_id}:{status}:{now}", tenant.slug);
    jobs_q::enqueue(conn, REVIEW_MAIL, &payload, Some(&dedupe), &now).await?;
    Ok(())
}

fn run<'a>(core: &'a Core, job: &'a JobRow, _now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_review_step(job))
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

impl Core {
    async fn mail_review_step(&self, job: &JobRow) -> Result<(), JobError> {
        let p: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else { return Ok(()) };
        let Some(product) = q::product(&mut conn, &tenant, p.product_id).await.map_err(retry)? else { return Ok(()) };
        if product.status != p.status {
            return Ok(());
        }
        let url = format!("{}/werkplaatsen/{}/kennis/{}", self.public_url, tenant.slug, product.id);
        let by_email = q::account_email(&mut conn, p.by).await.map_err(retry)?;
        let (to, subject, paragraphs): (Vec<String>, String, Vec<String>) = match p.status.as_str() {
            "review" => (
                q::reviewer_emails(&mut conn, &tenant, product.theme_group_id).await.map_err(retry)?,
                format!("Ter beoordeling: {}", product.title),
                vec![format!(
                    "Het kennisproduct ‘{}’ van {} is aangeboden ter beoordeling. U kunt het publiceren of met een opmerking terugsturen.",
                    product.title, tenant.name
                )],
            ),
            "published" | "concept" => {
                let Some(maker) = product.created_by else { return Ok(()) };
                let Some(email) = q::account_email(&mut conn, maker).await.map_err(retry)? else { return Ok(()) };
                let (subject, first) = if p.status == "published" {
                    (
                        format!("Gepubliceerd: {}", product.title),
                        format!(
                            "Uw kennisproduct ‘{}’ is gepubliceerd in de kennisbank van {}.",
                            product.title, tenant.name
                        ),
                    )
                } else {
                    (
                        format!("Teruggestuurd: {}", product.title),
                        format!(
                            "Uw kennisproduct ‘{}’ is teruggezet naar concept. U kunt het aanpassen en opnieuw aanbieden.",
                            product.title
                        ),
                    )
                };
                let mut paragraphs = vec![first];
                if let Some(note) = product.review_note.as_deref().filter(|n| !n.trim().is_empty()) {
                    paragraphs.push(format!("Opmerking van de beoordelaar: {note}"));
                }
                (vec![email], subject, paragraphs)
            }
            _ => return Ok(()),
        };
        drop(conn);
        let mut sent = 0;
        for address in to.iter().filter(|a| Some(*a) != by_email.as_ref()) {
            let mail = simple_mail(address, subject.clone(), &paragraphs, Some(("Naar het kennisproduct", &url)));
            self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
            sent += 1;
        }
        tracing::info!(job = job.id, product = product.id, status = %p.status, sent, "knowledge review mail sent");
        Ok(())
    }
}
