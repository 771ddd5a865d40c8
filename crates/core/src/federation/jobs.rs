//! Harvest runs as jobs: queued by a coordinator (`queue_harvest`) or every hour for every
//! enabled source (the `HOURLY` scheduler, one job per source and hour by its dedupe key). A run
//! whose source failed is retried with the worker's back-off.
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler, Scheduler};
use crate::{Core, CoreError, Result};
use broedplaats_store::Conn;
use broedplaats_store::harvest as q;
use broedplaats_store::jobs::{self as jobs_q, JobRow};
use chrono::{DateTime, Utc};

pub const HARVEST: &str = "harvest.run";
pub const HARVEST_JOB: JobHandler = JobHandler { name: HARVEST, run: run_harvest };
pub const HOURLY: Scheduler = Scheduler { name: "harvest", run: schedule_hourly };

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    source_id: i64,
}

pub(super) async fn enqueue_run(conn: &mut Conn, source_id: i64, dedupe: &str) -> Result<()> {
    let payload = serde_json::to_string(&Payload { source_id }).map_err(|e| CoreError::Internal(e.to_string()))?;
    jobs_q::enqueue(conn, HARVEST, &payload, Some(dedupe), &broedplaats_store::now_text()).await?;
    Ok(())
}

fn schedule_hourly(core: &Core, now: DateTime<Utc>) -> BoxFuture<'_, Result<()>> {
    Box::pin(async move {
        let hour = now.format("%Y-%m-%dT%H").to_string();
        let mut tx = core.store.begin().await?;
        for s in q::sources(&mut tx).await?.into_iter().filter(|s| s.enabled != 0) {
            enqueue_run(&mut tx, s.id, &format!("harvest:{}:hourly:{hour}", s.id)).await?;
        }
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        Ok(())
    })
}

fn run_harvest<'a>(core: &'a Core, job: &'a JobRow, _now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(async move {
        let p: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        match core.harvest_source(p.source_id).await {
            Ok(report) => match report.error {
                None => Ok(()),
                Some(error) => Err(JobError::Retry(error)),
            },
            // The source was removed meanwhile: nothing to do.
            Err(CoreError::NotFound) => Ok(()),
            Err(e) => Err(JobError::Retry(e.to_string())),
        }
    })
}
