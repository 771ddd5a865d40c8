//! The mail to a student when their application is accepted or declined: one job per decision,
//! enqueued in the deciding transaction with the dedupe key `education:decision:<id>`.
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::simple_mail;
use crate::{Core, CoreError, Result};
use broedplaats_store::education as q;
use broedplaats_store::jobs::{self as jobs_q, JobRow};
use broedplaats_store::{Conn, Tenant, werkplaats};
use chrono::{DateTime, Utc};

pub const DECISION: &str = "mail.education_decision";
pub const DECISION_JOB: JobHandler = JobHandler { name: DECISION, run: run_decision };

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    werkplaats: String,
    application_id: i64,
}

pub(super) async fn enqueue_decision(conn: &mut Conn, tenant: &Tenant, application_id: i64) -> Result<()> {
    let payload = Payload { werkplaats: tenant.slug.clone(), application_id };
    let payload = serde_json::to_string(&payload).map_err(|e| CoreError::Internal(e.to_string()))?;
    let dedupe = format!("education:decision:{application_id}");
    jobs_q::enqueue(conn, DECISION, &payload, Some(&dedupe), &broedplaats_store::now_text()).await?;
    Ok(())
}

fn run_decision<'a>(core: &'a Core, job: &'a JobRow, _now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_decision(job))
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

impl Core {
    async fn mail_decision(&self, job: &JobRow) -> Result<(), JobError> {
        let p: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else { return Ok(()) };
        let Some(app) = q::application(&mut conn, &tenant, p.application_id).await.map_err(retry)? else {
            return Ok(());
        };
        let Some(a) = q::assignment(&mut conn, &tenant, app.assignment_id).await.map_err(retry)? else {
            return Ok(());
        };
        drop(conn);
        let url = format!("{}/werkplaatsen/{}/opdrachten/{}", self.public_url, tenant.slug, a.id);
        let (subject, first) = match app.status.as_str() {
            "accepted" => (
                format!("Aangenomen: {}", a.title),
                format!(
                    "Goed nieuws: u bent aangenomen voor de opdracht ‘{}’ van {}. U staat nu in het team van het project.",
                    a.title, tenant.name
                ),
            ),
            "declined" => (
                format!("Niet aangenomen: {}", a.title),
                format!("Helaas: u bent niet aangenomen voor de opdracht ‘{}’ van {}.", a.title, tenant.name),
            ),
            _ => return Ok(()),
        };
        let mut paragraphs = vec![first];
        if !app.decision_message.is_empty() {
            paragraphs.push(format!("Bericht van de begeleider: {}", app.decision_message));
        }
        let mail = simple_mail(&app.email, subject, &paragraphs, Some(("Naar de opdracht", &url)));
        self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, application = app.id, "education decision mail sent");
        Ok(())
    }
}
