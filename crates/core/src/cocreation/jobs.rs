//! The mail to participants when a process enters a new phase: one job per participant,
//! enqueued in the transaction that makes the change, so a failure is retried for that person only.
use super::process::phase_words;
use super::*;
use crate::Core;
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::simple_mail;
use broedplaats_store::jobs::{self as jobs_q, JobRow};
use chrono::{DateTime, Utc};

pub const PHASE_MAIL: &str = "mail.cocreation_phase";
pub const PHASE_MAIL_JOB: JobHandler = JobHandler { name: PHASE_MAIL, run: run_phase_mail };

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    werkplaats: String,
    process_id: i64,
    phase: String,
    email: String,
}

pub(super) async fn enqueue_phase_mail(conn: &mut Conn, tenant: &Tenant, process_id: i64, phase: Phase) -> Result<()> {
    let now = broedplaats_store::now_text();
    for (email, _) in q::participant_addresses(conn, tenant).await? {
        if email.ends_with(".invalid") {
            continue;
        }
        let dedupe = format!("cocreation:{process_id}:{}:{email}", phase.code());
        let payload = Payload { werkplaats: tenant.slug.clone(), process_id, phase: phase.code().to_owned(), email };
        let payload = serde_json::to_string(&payload).map_err(|e| CoreError::Internal(e.to_string()))?;
        jobs_q::enqueue(conn, PHASE_MAIL, &payload, Some(&dedupe), &now).await?;
    }
    Ok(())
}

fn run_phase_mail<'a>(core: &'a Core, job: &'a JobRow, _now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_phase(job))
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

impl Core {
    async fn mail_phase(&self, job: &JobRow) -> Result<(), JobError> {
        let p: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let phase = Phase::parse(&p.phase).map_err(|_| JobError::Permanent(format!("unknown phase {}", p.phase)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else {
            return Ok(());
        };
        let Some(process) = q::process(&mut conn, &tenant, p.process_id).await.map_err(retry)? else {
            return Ok(());
        };
        let plan = q::phases(&mut conn, &tenant, process.id).await.map_err(retry)?;
        let plan = plan.iter().find(|x| x.phase == phase.code());
        drop(conn);
        let url = format!("{}/werkplaatsen/{}/cocreatie/{}", self.public_url, tenant.slug, process.id);
        let mut paragraphs = vec![format!(
            "Het co-creatieproces ‘{}’ van {} is in fase {} van 7: {}.",
            process.title,
            tenant.name,
            phase.number(),
            phase_words(phase)
        )];
        if let Some(plan) = plan {
            if !plan.explanation.is_empty() {
                paragraphs.push(plan.explanation.clone());
            }
            if let Some(ends) = &plan.ends_on {
                paragraphs.push(format!("Deze fase loopt tot en met {ends}."));
            }
        }
        paragraphs.push(what_you_can_do(phase).to_owned());
        let subject = format!("{}: fase ‘{}’", process.title, phase_words(phase));
        let mail = simple_mail(&p.email, subject, &paragraphs, Some(("Naar het proces", &url)));
        self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, process = process.id, "phase mail sent");
        Ok(())
    }
}

fn what_you_can_do(p: Phase) -> &'static str {
    match p {
        Phase::Pitching => "U kunt nu een pitch indienen: een vraag uit de praktijk die op de agenda hoort.",
        Phase::Clustering => "De coördinator groepeert de pitches in clusters; u kunt meekijken.",
        Phase::Prioritising => "U kunt nu uw punten verdelen over de clusters.",
        Phase::Elaborating => "Kleine groepen werken de clusters uit tot thema's; u kunt meeschrijven.",
        Phase::Concept => "De conceptagenda staat klaar om te lezen.",
        Phase::Amending => "U kunt nu amendementen indienen op de conceptagenda.",
        Phase::Adopted => "De agenda is vastgesteld. Bij elk thema ziet u waar het vandaan komt.",
    }
}
