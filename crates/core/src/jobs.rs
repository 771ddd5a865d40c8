//! The background worker: works the database job queue (`broedplaats_store::jobs`) and schedules
//! the reminders of tomorrow's activities.
//!
//! Jobs are enqueued by use cases in their writing transaction, so a job exists exactly when its
//! cause was committed. Running one is at-least-once: a worker that dies after sending but before
//! marking the job done sends again once the lock expires. Handlers therefore re-read the current
//! state and skip what no longer applies, and dedupe keys keep a cause from being enqueued twice.
//!
//! Several instances may run a worker against one database: claiming is a conditional update.
use crate::activities::stored;
use crate::activity_mail::{self, MailEvent};
use crate::{Core, CoreError, Result};
use broedplaats_store::{StoreError, activities as q, jobs};
use chrono::{DateTime, Duration, Utc};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

/// The job that emails a registrant; payload `{"werkplaats", "registration_id", "event"}`.
pub const MAIL_REGISTRATION: &str = "mail.registration";

/// How far ahead reminders go out: "the day before".
const REMINDER_HORIZON: Duration = Duration::hours(24);

/// How long a claimed job is left alone by other workers. Longer than one job can take (an SMTP
/// send times out after 30 s per command), so a slow job is not run twice at once.
const LOCK: Duration = Duration::minutes(10);

/// How often the worker looks for due work when idle.
const POLL: std::time::Duration = std::time::Duration::from_secs(15);

/// Waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th failure the job is given up and
/// keeps its last error for an operator. Spread over hours so a mail server that is down for
/// maintenance does not cost anyone their confirmation.
const BACKOFF_MINUTES: [i64; 4] = [1, 5, 30, 120];

/// When to try a job again after its `attempts`-th failed attempt; `None`: give up.
pub fn retry_at(attempts: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let index = usize::try_from(attempts.max(1) - 1).ok()?;
    BACKOFF_MINUTES.get(index).map(|m| now + Duration::minutes(*m))
}

/// Why a job did not succeed.
#[derive(Debug)]
enum JobError {
    /// Perhaps better later (the mail server or database is unavailable).
    Retry(String),
    /// Will never work (a malformed payload): retrying only delays the operator seeing it.
    Permanent(String),
}

#[derive(serde::Deserialize)]
struct RegistrationPayload {
    werkplaats: String,
    registration_id: i64,
    event: String,
}

impl Core {
    /// Schedules due reminders, then runs every due job one by one until none is left. Returns how
    /// many jobs ran (sent, skipped or failed). `now` is a parameter so tests can move time.
    pub async fn run_due_jobs(&self, now: DateTime<Utc>) -> Result<usize> {
        self.run_jobs_until(now, &AtomicBool::new(false)).await
    }

    /// [`Core::run_due_jobs`], but starts no further job once `stop` is set.
    async fn run_jobs_until(&self, now: DateTime<Utc>, stop: &AtomicBool) -> Result<usize> {
        self.schedule_reminders(now).await?;
        let mut ran = 0;
        while !stop.load(Ordering::Relaxed) {
            let job = {
                let mut conn = self.store.conn().await?;
                jobs::claim(&mut conn, &stored(now), &stored(now + LOCK)).await?
            };
            let Some(job) = job else { break };
            ran += 1;
            let outcome = self.run_job(&job, now).await;
            let mut conn = self.store.conn().await?;
            match outcome {
                Ok(()) => jobs::complete(&mut conn, job.id, &stored(now)).await?,
                Err(JobError::Retry(error)) => {
                    let again = retry_at(job.attempts, now);
                    match again {
                        Some(at) => tracing::warn!(job = job.id, name = %job.name, attempt = job.attempts,
                            retry_at = %stored(at), %error, "job failed; will retry"),
                        None => tracing::error!(job = job.id, name = %job.name, attempt = job.attempts,
                            %error, "job failed; giving up"),
                    }
                    jobs::fail(&mut conn, job.id, &error, again.map(stored).as_deref(), &stored(now)).await?;
                }
                Err(JobError::Permanent(error)) => {
                    tracing::error!(job = job.id, name = %job.name, %error, "job cannot run; giving up");
                    jobs::fail(&mut conn, job.id, &error, None, &stored(now)).await?;
                }
            }
        }
        Ok(ran)
    }

    /// Runs the worker until `shutdown` resolves: due jobs now, then every 15 seconds. On shutdown
    /// the job in progress is finished (stopping halfway would send its mail twice later) and no
    /// further one starts; the rest waits in the queue for the next start.
    /// Errors are logged and the loop goes on: a database that is briefly away must not end it.
    pub async fn run_worker(self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        let stop = AtomicBool::new(false);
        tracing::info!(mailer = ?self.mailer, "job worker started");
        loop {
            let result = {
                let mut run = std::pin::pin!(self.run_jobs_until(Utc::now(), &stop));
                tokio::select! {
                    result = &mut run => result,
                    () = &mut shutdown => {
                        stop.store(true, Ordering::Relaxed);
                        run.await
                    }
                }
            };
            match result {
                Ok(0) => {}
                Ok(n) => tracing::debug!(jobs = n, "jobs ran"),
                Err(e) => tracing::error!(error = %e, "job worker could not run the queue"),
            }
            // `shutdown` has completed and must not be polled again.
            if stop.load(Ordering::Relaxed) {
                break;
            }
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(POLL) => {}
            }
        }
        tracing::info!("job worker stopped");
    }

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

    async fn run_job(&self, job: &jobs::JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        match job.name.as_str() {
            MAIL_REGISTRATION => self.mail_registration(job, now).await,
            // Retried rather than given up: during a rolling upgrade a newer instance that knows
            // this job may pick it up.
            other => Err(JobError::Retry(format!("unknown job {other:?}"))),
        }
    }

    async fn mail_registration(&self, job: &jobs::JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn backoff_then_give_up_after_five_attempts() {
        let now = Utc.with_ymd_and_hms(2026, 12, 16, 12, 0, 0).single().expect("valid time");
        let waits: Vec<Option<i64>> =
            (1..=6).map(|attempt| retry_at(attempt, now).map(|at| (at - now).num_minutes())).collect();
        assert_eq!(waits, [Some(1), Some(5), Some(30), Some(120), None, None]);
    }
}
