//! The background work of activities: the registration emails (a job per mail) and, once per
//! worker round, the reminders of tomorrow's activities.
use crate::activities::mail::{self as activity_mail, MailEvent};
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler, Scheduler};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_store::jobs::{self, JobRow};
use broedplaats_store::{StoreError, activities as q};
use chrono::{DateTime, Duration, Utc};

/// The job that emails a registrant; payload `{"werkplaats", "registration_id", "event"}`.
pub const MAIL_REGISTRATION: &str = "mail.registration";

/// How far ahead reminders go out: "the day before".
const REMINDER_HORIZON: Duration = Duration::hours(24);

/// Sends the emails of `mail.registration` jobs.
pub const MAIL_JOB: JobHandler = JobHandler { name: MAIL_REGISTRATION, run: run_mail };

/// Enqueues the reminders of activities that start within a day.
pub const REMINDERS: Scheduler = Scheduler { name: "reminders", run: run_reminders };

fn run_mail<'a>(core: &'a Core, job: &'a JobRow, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_registration(job, now))
}

fn run_reminders(core: &Core, now: DateTime<Utc>) -> BoxFuture<'_, Result<()>> {
    Box::pin(core.schedule_reminders(now))
}

#[derive(serde::Deserialize)]
struct RegistrationPayload {
    werkplaats: String,
    registration_id: i64,
    event: String,
}

impl Core {
    /// Enqueues one reminder per registered person (who did not opt out) of every activity that
    /// starts within the next 24 hours. Claiming the activities and enqueuing happen in one
    /// transaction: either every reminder of an activity is queued, or the activity stays due.
    async fn schedule_reminders(&self, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let due = q::claim_due_reminders(&mut tx, &stored(now), &stored(now + REMINDER_HORIZON)).await?;
        for (slug, activity_id) in &due {
            // The tenant is looked up on the transaction's connection: on SQLite this transaction
            // holds the write lock, and a second connection would only add a wait.
            let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut tx, slug).await? else { continue };
            let Some(activity) = q::activity(&mut tx, &tenant, *activity_id).await? else { continue };
            for r in q::registrations(&mut tx, &tenant, *activity_id).await? {
                if r.status != "registered" || r.reminders == 0 {
                    continue;
                }
                let payload = serde_json::json!({
                    "werkplaats": tenant.slug, "registration_id": r.id, "event": MailEvent::Reminder.code(),
                });
                // Keyed on the start too: an activity moved to another day gets a fresh reminder.
                let dedupe = format!("reminder:{}:{}", r.id, activity.starts_at);
                jobs::enqueue(&mut tx, MAIL_REGISTRATION, &payload.to_string(), Some(&dedupe), &stored(now)).await?;
            }
        }
        tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))?;
        if !due.is_empty() {
            tracing::info!(activities = due.len(), "reminders scheduled");
        }
        Ok(())
    }

    async fn mail_registration(&self, job: &JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        let payload: RegistrationPayload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let event = MailEvent::parse(&payload.event)
            .ok_or_else(|| JobError::Permanent(format!("unknown mail event {:?}", payload.event)))?;
        let mail = self
            .registration_mail(&payload.werkplaats, payload.registration_id)
            .await
            .map_err(|e| JobError::Retry(format!("cannot load registration: {e}")))?;
        // Personal data stays out of the logs: the registration id identifies the mail enough.
        let Some(mail) = mail else {
            tracing::info!(job = job.id, registration = payload.registration_id, "registration gone; mail not sent");
            return Ok(());
        };
        // An erased person's registration keeps no address (`….invalid`): nothing to send.
        if mail.to_email.ends_with(".invalid") {
            tracing::info!(job = job.id, registration = payload.registration_id, "address erased; mail not sent");
            return Ok(());
        }
        if !event.applies(&mail, now) {
            tracing::info!(
                job = job.id,
                registration = payload.registration_id,
                event = event.code(),
                "no longer applies; mail not sent"
            );
            return Ok(());
        }
        let outgoing = activity_mail::render(event, &mail);
        self.mailer.send(&self.mail_from, &outgoing).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, registration = payload.registration_id, event = event.code(), "mail sent");
        Ok(())
    }
}
