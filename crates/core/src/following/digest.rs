//! The digests: a scheduler that queues one digest job per person and period, and the job that
//! collects what is new in what they follow and may read, and mails it.
//!
//! Periods are days (daily) or ISO weeks (weekly) in Amsterdam time, starting at [`DIGEST_HOUR`]:
//! the daily digest goes out from 07:00, the weekly one from Monday 07:00. The scheduler claims
//! the people whose period changed and enqueues their jobs in the same transaction, each with the
//! dedupe key `digest:{account}:{period}`, so running it twice (or on two instances) sends once.
//! A digest covers `[last digest, now)`; no mail when nothing is new, but the window moves on.
use super::Frequency;
use super::manage::unsubscribe_token;
use crate::kernel::BoxFuture;
use crate::kernel::actor::{Actor, load_actor, may_read_question};
use crate::kernel::jobs::{JobError, JobHandler, Scheduler};
use crate::kernel::mail::OutgoingMail;
use crate::kernel::search::{allowed, viewer_tokens};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::escape_html;
use broedplaats_store::following::{self as q, Target};
use broedplaats_store::{Conn, StoreError, Tenant, jobs};
use chrono::{DateTime, Datelike, Duration, Utc};
use std::collections::{BTreeMap, HashSet};

/// The job that mails one person's digest; payload `{"account_id", "period"}`.
pub const DIGEST: &str = "mail.digest";

/// The hour (Amsterdam time) at which a new digest period starts.
pub const DIGEST_HOUR: i64 = 7;

/// At most this many items of each sort per follow: a digest is a pointer, not an archive.
const PER_FOLLOW: i64 = 20;

pub const DIGEST_JOB: JobHandler = JobHandler { name: DIGEST, run: run_digest };

/// Queues the digests of the people whose period has begun.
pub const DIGESTS: Scheduler = Scheduler { name: "digests", run: run_schedule };

fn run_digest<'a>(core: &'a Core, job: &'a jobs::JobRow, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_digest(job, now))
}

fn run_schedule(core: &Core, now: DateTime<Utc>) -> BoxFuture<'_, Result<()>> {
    Box::pin(core.schedule_digests(now))
}

/// The period `now` falls in for this frequency: `2026-12-16` (daily), `2026-W51` (weekly).
pub fn period(frequency: Frequency, now: DateTime<Utc>) -> String {
    let local = now.with_timezone(&chrono_tz::Europe::Amsterdam) - Duration::hours(DIGEST_HOUR);
    match frequency {
        Frequency::Daily => local.format("%Y-%m-%d").to_string(),
        Frequency::Weekly => {
            let week = local.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Frequency::Off => String::new(),
    }
}

#[derive(serde::Deserialize)]
struct DigestPayload {
    account_id: i64,
    period: String,
}

/// What is new for one person, deduplicated across their follows.
#[derive(Default)]
struct News {
    products: Vec<(String, String)>,
    activities: Vec<(String, String)>,
    moves: Vec<(String, String)>,
}

impl News {
    fn is_empty(&self) -> bool {
        self.products.is_empty() && self.activities.is_empty() && self.moves.is_empty()
    }
}

impl Core {
    async fn schedule_digests(&self, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let mut queued = 0;
        for frequency in [Frequency::Daily, Frequency::Weekly] {
            let p = period(frequency, now);
            for account_id in q::claim_due_digests(&mut tx, frequency.code(), &p).await? {
                let payload = serde_json::json!({ "account_id": account_id, "period": p });
                let dedupe = format!("digest:{account_id}:{p}");
                jobs::enqueue(&mut tx, DIGEST, &payload.to_string(), Some(&dedupe), &stored(now)).await?;
                queued += 1;
            }
        }
        tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))?;
        if queued > 0 {
            tracing::info!(digests = queued, "digests queued");
        }
        Ok(())
    }

    async fn mail_digest(&self, job: &jobs::JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        let payload: DigestPayload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let retry = |e: CoreError| JobError::Retry(format!("digest {}: {e}", payload.account_id));
        let mut conn = self.store.conn().await.map_err(|e| retry(e.into()))?;
        let Some(settings) = q::settings(&mut conn, payload.account_id).await.map_err(|e| retry(e.into()))? else {
            return Ok(());
        };
        if settings.frequency == "off" {
            tracing::info!(job = job.id, period = %payload.period, "digest off; not sent");
            return Ok(());
        }
        let account = broedplaats_store::accounts::account_by_id(&mut conn, payload.account_id)
            .await
            .map_err(|e| retry(e.into()))?;
        // An erased person keeps no address (`….invalid`), and a gone account nothing at all.
        let Some(account) = account.filter(|a| !a.email.ends_with(".invalid")) else { return Ok(()) };
        let actor =
            load_actor(&mut conn, account.id, account.email.clone(), account.name.clone()).await.map_err(retry)?;
        let until = stored(now);
        let news = self.collect_digest(&mut conn, &actor, &settings.last_digest_at, &until).await.map_err(retry)?;
        if !news.is_empty() {
            let token = unsubscribe_token(&mut conn, account.id).await.map_err(retry)?;
            let mail = self.render_digest(&account.email, &account.name, &news, &token, &settings.frequency);
            self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
            tracing::info!(job = job.id, period = %payload.period, "digest sent");
        }
        q::set_last_digest(&mut conn, account.id, &until).await.map_err(|e| retry(e.into()))?;
        Ok(())
    }

    /// What is new in `[since, until)` in what the person follows, as far as they may read it.
    async fn collect_digest(&self, conn: &mut Conn, actor: &Actor, since: &str, until: &str) -> Result<News> {
        let tokens = viewer_tokens(conn, Some(actor)).await?;
        let mut tenants: BTreeMap<String, Option<Tenant>> = BTreeMap::new();
        let mut seen = HashSet::new();
        let mut news = News::default();
        let base = &self.public_url;
        for f in q::follows(conn, actor.account_id).await? {
            if f.name.is_none() {
                continue;
            }
            let tenant = match &f.werkplaats {
                Some(slug) => tenant_of(conn, &mut tenants, slug).await?,
                None => None,
            };
            let target = match (f.kind.as_str(), tenant.as_ref()) {
                ("werkplaats", Some(t)) => Target::Werkplaats(t),
                ("theme", Some(t)) => Target::Theme(t, f.target_id),
                ("project", Some(t)) => Target::Project(t, f.target_id),
                ("kwestie", _) => Target::Kwestie(f.target_id),
                _ => continue,
            };
            for p in q::new_products(conn, target, since, until, PER_FOLLOW).await? {
                let Some(t) = tenant_of(conn, &mut tenants, &p.werkplaats).await? else { continue };
                let acl = crate::knowledge::product_acl(&t, &p.visibility, p.theme_group_id);
                if allowed(&tokens, &acl) && seen.insert(("p", p.werkplaats.clone(), p.id)) {
                    news.products.push((p.title, format!("{base}/werkplaatsen/{}/kennis/{}", p.werkplaats, p.id)));
                }
            }
            for a in q::new_activities(conn, target, since, until, PER_FOLLOW).await? {
                let acl = if a.audience == "public" { "public".to_owned() } else { format!("wp:{}", a.werkplaats) };
                if allowed(&tokens, &[acl]) && seen.insert(("a", a.werkplaats.clone(), a.id)) {
                    let when = amsterdam(&a.starts_at);
                    news.activities.push((
                        format!("{} ({when})", a.title),
                        format!("{base}/werkplaatsen/{}/activiteiten/{}", a.werkplaats, a.id),
                    ));
                }
            }
            for m in q::new_moves(conn, target, since, until, PER_FOLLOW).await? {
                if may_read_question(Some(actor), &m.werkplaats, &m.visibility, m.handed_national)
                    && seen.insert(("q", m.werkplaats.clone(), m.question_id))
                {
                    news.moves.push((
                        format!("{}: {}", m.title, movement_label(&m.movement)),
                        format!("{base}/werkplaatsen/{}/praktijkvragen/{}", m.werkplaats, m.question_id),
                    ));
                }
            }
        }
        Ok(news)
    }

    fn render_digest(&self, to: &str, name: &str, news: &News, token: &str, frequency: &str) -> OutgoingMail {
        let base = &self.public_url;
        let unsubscribe = format!("{base}/volgen/afmelden/{token}");
        let manage = format!("{base}/account/volgen");
        let count = news.products.len() + news.activities.len() + news.moves.len();
        let when = if frequency == "daily" { "vandaag" } else { "deze week" };
        let subject = format!("Nieuw in wat u volgt: {count} {}", if count == 1 { "bericht" } else { "berichten" });
        let greeting = if name.trim().is_empty() { "Beste,".to_owned() } else { format!("Beste {},", name.trim()) };
        let intro = format!("Dit is {when} nieuw in wat u volgt in Broedplaats.");
        let mut text = format!("{greeting}\n\n{intro}\n\n");
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
             <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a\">\n<p>{}</p>\n<p>{}</p>\n",
            escape_html(&subject),
            escape_html(&greeting),
            escape_html(&intro)
        );
        for (heading, items) in [
            ("Nieuwe kennisproducten", &news.products),
            ("Nieuwe activiteiten", &news.activities),
            ("Vragen in beweging", &news.moves),
        ] {
            if items.is_empty() {
                continue;
            }
            text.push_str(&format!("{heading}\n{}\n", "-".repeat(heading.chars().count())));
            html.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape_html(heading)));
            for (label, url) in items {
                text.push_str(&format!("- {label}\n  {url}\n"));
                html.push_str(&format!("<li><a href=\"{}\">{}</a></li>\n", escape_html(url), escape_html(label)));
            }
            text.push('\n');
            html.push_str("</ul>\n");
        }
        text.push_str(&format!(
            "Wat u volgt en hoe vaak u deze mail krijgt, kiest u op {manage}\n\
             Geen samenvattingen meer ontvangen? Meld u af: {unsubscribe}\n\n\
             Met vriendelijke groet,\nBroedplaats\n"
        ));
        html.push_str(&format!(
            "<p>Wat u volgt en hoe vaak u deze mail krijgt, kiest u op <a href=\"{}\">uw accountpagina</a>.</p>\n\
             <p>Geen samenvattingen meer ontvangen? <a href=\"{}\">Afmelden</a></p>\n\
             <p>Met vriendelijke groet,<br>Broedplaats</p>\n</body>\n</html>\n",
            escape_html(&manage),
            escape_html(&unsubscribe)
        ));
        OutgoingMail {
            to_email: to.to_owned(),
            to_name: name.to_owned(),
            subject,
            text,
            html,
            attachments: vec![],
            headers: vec![
                ("List-Unsubscribe".into(), format!("<{unsubscribe}>")),
                ("List-Unsubscribe-Post".into(), "List-Unsubscribe=One-Click".into()),
            ],
        }
    }
}

async fn tenant_of(
    conn: &mut Conn,
    cache: &mut BTreeMap<String, Option<Tenant>>,
    slug: &str,
) -> Result<Option<Tenant>> {
    if let Some(t) = cache.get(slug) {
        return Ok(t.clone());
    }
    let t = broedplaats_store::werkplaats::tenant(conn, slug).await?;
    cache.insert(slug.to_owned(), t.clone());
    Ok(t)
}

/// A stored UTC time as Amsterdam date and time, e.g. `16-12-2026 19:30`.
fn amsterdam(raw: &str) -> String {
    crate::kernel::time::parse_stored(raw)
        .map(|t| t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|_| raw.to_owned())
}

fn movement_label(code: &str) -> &'static str {
    match code {
        "ontwikkelen" => "ontwikkelen",
        "verspreiden" => "verspreiden (landelijk)",
        "opschalen" => "opschalen (landelijk)",
        "verrijken" => "verrijken",
        _ => "in beweging",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn periods_start_at_seven_in_amsterdam() {
        // 2026-12-14 is a Monday; 06:00 UTC is 07:00 in Amsterdam (winter time).
        let before = Utc.with_ymd_and_hms(2026, 12, 14, 5, 59, 0).single().expect("time");
        let after = Utc.with_ymd_and_hms(2026, 12, 14, 6, 0, 0).single().expect("time");
        assert_eq!(period(Frequency::Daily, before), "2026-12-13");
        assert_eq!(period(Frequency::Daily, after), "2026-12-14");
        assert_eq!(period(Frequency::Weekly, before), "2026-W50");
        assert_eq!(period(Frequency::Weekly, after), "2026-W51");
    }
}
