//! The background worker: works the database job queue (`broedplaats_store::jobs`). What a job
//! does is the business of the capability that enqueues it: each registers a [`JobHandler`] by
//! name, and periodic work (e.g. scheduling tomorrow's reminders) as a [`Scheduler`], in the
//! composition root (`crate::JOB_HANDLERS`, `crate::SCHEDULERS`).
//!
//! Jobs are enqueued by use cases in their writing transaction, so a job exists exactly when its
//! cause was committed. Running one is at-least-once: a worker that dies after sending but before
//! marking the job done sends again once the lock expires. Handlers therefore re-read the current
//! state and skip what no longer applies, and dedupe keys keep a cause from being enqueued twice.
//!
//! Several instances may run a worker against one database: claiming is a conditional update.
use crate::kernel::BoxFuture;
use crate::kernel::time::stored;
use crate::{Core, Result};
use broedplaats_store::jobs::{self, JobRow};
use chrono::{DateTime, Duration, Utc};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

/// How long a claimed job is left alone by other workers. Longer than one job can take (an SMTP
/// send times out after 30 s per command), so a slow job is not run twice at once.
const LOCK: Duration = Duration::minutes(10);

/// How often the worker looks for due work when idle.
const POLL: std::time::Duration = std::time::Duration::from_secs(15);

/// Waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th failure the job is given up and
/// keeps its last error for an operator. Spread over hours so a mail server that is down for
/// maintenance does not cost anyone their confirmation.
const BACKOFF_MINUTES: [i64; 4] = [1, 5, 30, 120];

/// Runs one job of a kind.
pub type RunJob = for<'a> fn(&'a Core, &'a JobRow, DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>>;

/// A kind of job: its name in the queue and what running one does.
pub struct JobHandler {
    pub name: &'static str,
    pub run: RunJob,
}

/// Periodic work the worker does before it runs the queue, e.g. enqueueing due reminders.
pub struct Scheduler {
    pub name: &'static str,
    pub run: for<'a> fn(&'a Core, DateTime<Utc>) -> BoxFuture<'a, Result<()>>,
}

/// When to try a job again after its `attempts`-th failed attempt; `None`: give up.
pub fn retry_at(attempts: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let index = usize::try_from(attempts.max(1) - 1).ok()?;
    BACKOFF_MINUTES.get(index).map(|m| now + Duration::minutes(*m))
}

/// Why a job did not succeed.
#[derive(Debug)]
pub enum JobError {
    /// Perhaps better later (the mail server or database is unavailable).
    Retry(String),
    /// Will never work (a malformed payload): retrying only delays the operator seeing it.
    Permanent(String),
}

impl Core {
    /// Schedules due reminders, then runs every due job one by one until none is left. Returns how
    /// many jobs ran (sent, skipped or failed). `now` is a parameter so tests can move time.
    pub async fn run_due_jobs(&self, now: DateTime<Utc>) -> Result<usize> {
        self.run_jobs_until(now, &AtomicBool::new(false)).await
    }

    /// [`Core::run_due_jobs`], but starts no further job once `stop` is set.
    async fn run_jobs_until(&self, now: DateTime<Utc>, stop: &AtomicBool) -> Result<usize> {
        for scheduler in crate::SCHEDULERS {
            (scheduler.run)(self, now).await?;
        }
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

    async fn run_job(&self, job: &JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        match crate::JOB_HANDLERS.iter().find(|h| h.name == job.name) {
            Some(handler) => (handler.run)(self, job, now).await,
            // Retried rather than given up: during a rolling upgrade a newer instance that knows
            // this job may pick it up.
            None => Err(JobError::Retry(format!("unknown job {:?}", job.name))),
        }
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
