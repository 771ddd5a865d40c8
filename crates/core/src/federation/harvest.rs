//! One harvest run of a source: Identify (once, for the granularity), then ListRecords with
//! `oai_dc`, the set and `from`, page after page along the resumptionTokens. Each page is applied
//! in its own transaction together with the token of the next page, so an interrupted run goes on
//! where it stopped; the last page stores the responseDate of the run's first page as the `from`
//! of the next run.
use super::oai::{self, Item};
use super::{HarvestError, documents::HARVESTED, fetch};
use crate::{Core, Result};
use broedplaats_store::harvest::{self as q, SourceRow, Upsert};
use reqwest::Url;

/// Most pages one run reads; a source that never stops sending tokens is cut off here.
const MAX_PAGES: usize = 10_000;

/// What a run did, for the command line and the log.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RunReport {
    pub source_id: i64,
    pub name: String,
    pub added: i64,
    pub updated: i64,
    pub deleted: i64,
    /// Dutch; `None` when the run completed.
    pub error: Option<String>,
}

impl Core {
    /// Harvests every enabled source, one after another; one failing source never stops the others.
    pub async fn harvest_all(&self) -> Result<Vec<RunReport>> {
        let sources = {
            let mut conn = self.store.conn().await?;
            q::sources(&mut conn).await?
        };
        let mut reports = Vec::new();
        for s in sources.into_iter().filter(|s| s.enabled != 0) {
            reports.push(self.harvest_source(s.id).await?);
        }
        Ok(reports)
    }

    /// Harvests one source. A problem of the source is in the report (and on the source); only a
    /// failing database is an `Err`.
    pub async fn harvest_source(&self, id: i64) -> Result<RunReport> {
        let source = {
            let mut conn = self.store.conn().await?;
            q::source(&mut conn, id).await?.ok_or(crate::CoreError::NotFound)?
        };
        let started = broedplaats_store::now_text();
        let mut report = RunReport { source_id: id, name: source.name.clone(), ..RunReport::default() };
        {
            let mut conn = self.store.conn().await?;
            if !q::claim_run(&mut conn, id, &started, &lease_end()).await? {
                // Another run (the hourly one, a queued one, another worker) is busy with it: this one
                // leaves the source as it is.
                report.error = Some("Deze bron wordt op dit moment al geoogst; probeer het later opnieuw.".into());
                return Ok(report);
            }
        }
        let outcome = self.harvest_pages(&source, &mut report).await;
        let mut conn = self.store.conn().await?;
        q::release_run(&mut conn, id).await?;
        let outcome = outcome?;
        if let Err(e) = &outcome {
            q::fail_run(&mut conn, id, &e.message, e.forget_token).await?;
            report.error = Some(e.message.clone());
            tracing::warn!(source = id, error = %e.message, "harvest failed");
        }
        q::insert_run(
            &mut conn,
            &q::RunLog {
                source_id: id,
                started_at: &started,
                added: report.added,
                updated: report.updated,
                deleted: report.deleted,
                error: report.error.as_deref(),
            },
        )
        .await?;
        Ok(report)
    }

    /// The pages of a run; the outer `Result` is the database's, the inner the source's.
    async fn harvest_pages(&self, source: &SourceRow, report: &mut RunReport) -> Result<Result<(), HarvestError>> {
        let base = match fetch::parse_url(&source.url) {
            Ok(u) => u,
            Err(e) => return Ok(Err(e)),
        };
        let mut token = source.resume_token.clone().filter(|t| !t.is_empty());
        let mut run_started = source.resume_started.clone();
        let mut first_url = None;
        if token.is_none() {
            run_started = None;
            let granularity = match &source.granularity {
                Some(g) => g.clone(),
                None => {
                    let page = match self.fetch_page(with_query(&base, &[("verb", "Identify")])).await {
                        Ok(p) => p,
                        Err(e) => return Ok(Err(e)),
                    };
                    if let Some((code, message)) = page.error {
                        return Ok(Err(HarvestError::new(format!(
                            "De bron meldt bij Identify de OAI-PMH-fout {code}: {message}"
                        ))));
                    }
                    let g = page.granularity.unwrap_or_else(|| "YYYY-MM-DD".into());
                    let mut conn = self.store.conn().await?;
                    q::set_granularity(&mut conn, source.id, &g).await?;
                    g
                }
            };
            let mut query = vec![("verb", "ListRecords".to_owned()), ("metadataPrefix", "oai_dc".to_owned())];
            if !source.set_spec.is_empty() {
                query.push(("set", source.set_spec.clone()));
            }
            if let Some(from) = &source.last_success_datestamp {
                let from = if granularity.contains("hh") { from.clone() } else { from.chars().take(10).collect() };
                query.push(("from", from));
            }
            let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            first_url = Some(with_query(&base, &pairs));
        }
        for _ in 0..MAX_PAGES {
            let url = match (&first_url.take(), &token) {
                (Some(u), _) => u.clone(),
                (None, Some(t)) => with_query(&base, &[("verb", "ListRecords"), ("resumptionToken", t)]),
                (None, None) => break,
            };
            let page = match self.fetch_page(url).await {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let started = run_started.get_or_insert_with(|| {
                if page.response_date.is_empty() { broedplaats_store::now_text() } else { page.response_date.clone() }
            });
            let started = started.clone();
            let (items, next) = match page.error {
                None => (page.items, page.token.filter(|t| !t.is_empty())),
                Some((code, _)) if code == "noRecordsMatch" => (Vec::new(), None),
                Some((code, message)) if code == "badResumptionToken" => {
                    let mut e = HarvestError::new(format!(
                        "De bron kent het hervattingspunt niet (meer) ({message}); de volgende oogst begint opnieuw \
                         vanaf de laatste volledige oogst."
                    ));
                    e.forget_token = true;
                    return Ok(Err(e));
                }
                Some((code, message)) => {
                    return Ok(Err(HarvestError::new(format!("De bron meldt de OAI-PMH-fout {code}: {message}"))));
                }
            };
            self.apply_page(source.id, items, next.as_deref(), &started, report).await?;
            match next {
                Some(t) => token = Some(t),
                None => return Ok(Ok(())),
            }
        }
        Ok(Err(HarvestError::new(format!("De bron stuurt meer dan {MAX_PAGES} pagina's; de oogst is afgebroken."))))
    }

    async fn fetch_page(&self, url: Url) -> Result<oai::Page, HarvestError> {
        let body = fetch::get(&self.harvest, url).await?;
        oai::parse(&body)
    }

    /// One page in one transaction: the records, their outbox rows, and where the run stands.
    async fn apply_page(
        &self,
        source_id: i64,
        items: Vec<Item>,
        next: Option<&str>,
        started: &str,
        report: &mut RunReport,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let tenant = q::source_tenant(&mut tx, source_id).await?.ok_or(crate::CoreError::NotFound)?;
        let mut changed = Vec::new();
        let (mut added, mut updated, mut deleted) = (0, 0, 0);
        for item in items {
            match item {
                Item::Record(r) => match q::upsert_record(&mut tx, source_id, &r).await? {
                    Upsert::Added(id) => {
                        added += 1;
                        changed.push(id);
                    }
                    Upsert::Updated(id) => {
                        updated += 1;
                        changed.push(id);
                    }
                    Upsert::Unchanged => {}
                },
                Item::Deleted(identifier) => {
                    if let Some(id) = q::delete_record(&mut tx, source_id, &identifier).await? {
                        deleted += 1;
                        changed.push(id);
                    }
                }
            }
        }
        q::extend_claim(&mut tx, source_id, &lease_end()).await?;
        match next {
            Some(token) => q::save_progress(&mut tx, source_id, token, started).await?,
            None => q::finish_run(&mut tx, source_id, started).await?,
        }
        for id in changed {
            broedplaats_store::knowledge::outbox_push(&mut tx, &tenant, HARVESTED, id).await?;
        }
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        report.added += added;
        report.updated += updated;
        report.deleted += deleted;
        self.index_now().await;
        Ok(())
    }
}

/// How long a run holds its source after its start or its last page: far longer than one page may
/// take (the fetcher gives up after a minute), so only a crashed run's claim ever expires.
fn lease_end() -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(10)).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn with_query(base: &Url, pairs: &[(&str, &str)]) -> Url {
    let mut url = base.clone();
    url.query_pairs_mut().extend_pairs(pairs);
    url
}
