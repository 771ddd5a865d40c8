//! The mail to a werkplaats's coordinators when a national partner hands a question back
//! (verrijken): one job per coordinator, enqueued in the transaction that records the move.
use super::*;
use crate::Core;
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::simple_mail;
use broedplaats_store::jobs::{self as jobs_q, JobRow};
use broedplaats_store::knowledge as kq;
use broedplaats_store::lemniscate as q;
use broedplaats_store::{Conn, werkplaats};
use chrono::{DateTime, Utc};

pub const HANDED_BACK: &str = "mail.lemniscate_handed_back";
pub const HANDED_BACK_JOB: JobHandler = JobHandler { name: HANDED_BACK, run: run_handed_back };

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    werkplaats: String,
    question_id: i64,
    move_id: i64,
    email: String,
}

pub(super) async fn enqueue_handed_back(
    conn: &mut Conn,
    tenant: &Tenant,
    question_id: i64,
    move_id: i64,
) -> Result<()> {
    let now = broedplaats_store::now_text();
    for email in q::coordinator_addresses(conn, tenant).await? {
        let dedupe = format!("lemniscate:{move_id}:{email}");
        let payload = Payload { werkplaats: tenant.slug.clone(), question_id, move_id, email };
        let payload = serde_json::to_string(&payload).map_err(|e| CoreError::Internal(e.to_string()))?;
        jobs_q::enqueue(conn, HANDED_BACK, &payload, Some(&dedupe), &now).await?;
    }
    Ok(())
}

fn run_handed_back<'a>(core: &'a Core, job: &'a JobRow, _now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_handed_back(job))
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

impl Core {
    async fn mail_handed_back(&self, job: &JobRow) -> Result<(), JobError> {
        let p: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else { return Ok(()) };
        let Some(question) = kq::question(&mut conn, &tenant, p.question_id).await.map_err(retry)? else {
            return Ok(());
        };
        let Some(m) = q::move_by_id(&mut conn, &tenant, p.move_id).await.map_err(retry)? else { return Ok(()) };
        drop(conn);
        let url = format!("{}/werkplaatsen/{}/praktijkvragen/{}/pad", self.public_url, tenant.slug, question.id);
        let mut paragraphs = vec![format!(
            "{} heeft de praktijkvraag ‘{}’ van {} teruggegeven aan de werkplaats (verrijken).",
            m.by_name, question.title, tenant.name
        )];
        if !m.note.is_empty() {
            paragraphs.push(m.note.clone());
        }
        paragraphs
            .push("Op de pagina van de vraag ziet u wat er is meegegeven aan kennis en werkzame factoren.".into());
        let subject = format!("Teruggegeven: {}", question.title);
        let mail = simple_mail(&p.email, subject, &paragraphs, Some(("Naar het pad van de vraag", &url)));
        self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, question = question.id, "handed-back mail sent");
        Ok(())
    }
}
