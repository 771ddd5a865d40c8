//! The mails of invitations and self-registration. Each job makes its link's secret when it
//! sends and stores only the hash, so no usable secret waits in the queue.
use super::invitations::INVITATION_DAYS;
use super::register::VERIFY_HOURS;
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::simple_mail;
use crate::kernel::secret::{hash_secret, new_secret};
use crate::kernel::time::stored;
use crate::{Core, Result};
use broedplaats_domain::Role;
use broedplaats_store::accounts::{self as accounts_q, invitations as q, members as m};
use broedplaats_store::jobs::JobRow;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Amsterdam;

/// Payload `{"werkplaats", "invitation_id"}`.
pub const MAIL_INVITATION: &str = "mail.invitation";
/// Payload `{"werkplaats", "account_id", "kind"}`; kind `verify` (the link) or `exists` (a notice).
pub const MAIL_REGISTRATION: &str = "mail.self_registration";
pub(super) const VERIFY_PURPOSE: &str = "verify-email";

pub const INVITATION_JOB: JobHandler = JobHandler { name: MAIL_INVITATION, run: run_invitation };
pub const REGISTRATION_JOB: JobHandler = JobHandler { name: MAIL_REGISTRATION, run: run_registration };

fn run_invitation<'a>(core: &'a Core, job: &'a JobRow, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_invitation(job, now))
}

fn run_registration<'a>(core: &'a Core, job: &'a JobRow, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(core.mail_registration_link(job, now))
}

/// A role in words, as the mail says it.
pub fn role_words(role: Role) -> &'static str {
    match role {
        Role::ProgrammeCoordinator => "programmacoördinator",
        Role::Lector => "lector",
        Role::TeacherResearcher => "docent-onderzoeker",
        Role::ThemeLead => "themaleider",
        Role::ProjectSupport => "projectondersteuner",
        Role::ConsortiumMember => "consortiumlid",
        Role::Professional => "professional bij een partner",
        Role::Student => "student",
        Role::Citizen => "burger, cliënt of vertegenwoordiger",
        Role::NationalPartner => "landelijke kennispartner",
    }
}

/// A moment as the mail shows it: "21 december 2026, 15:00" in Amsterdam.
fn moment(t: DateTime<Utc>) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    use chrono::Datelike;
    let t = t.with_timezone(&Amsterdam);
    format!("{} {} {}, {}", t.day(), MONTHS[t.month0() as usize], t.year(), t.format("%H:%M"))
}

#[derive(serde::Deserialize)]
struct InvitationPayload {
    werkplaats: String,
    invitation_id: i64,
}

#[derive(serde::Deserialize)]
struct RegistrationPayload {
    werkplaats: String,
    account_id: i64,
    kind: String,
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

impl Core {
    async fn mail_invitation(&self, job: &JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        let p: InvitationPayload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else {
            return Ok(());
        };
        let Some(row) = q::invitation(&mut conn, &tenant, p.invitation_id).await.map_err(retry)? else {
            return Ok(());
        };
        if row.accepted_at.is_some() || row.revoked_at.is_some() || row.email.ends_with(".invalid") {
            tracing::info!(job = job.id, invitation = row.id, "invitation closed; mail not sent");
            return Ok(());
        }
        let token = new_secret();
        let expires = now + Duration::days(INVITATION_DAYS);
        let sent = (stored(now), stored(expires));
        if !q::set_token(&mut conn, &tenant, row.id, &hash_secret(&token), Some((&sent.0, &sent.1)))
            .await
            .map_err(retry)?
        {
            return Ok(());
        }
        drop(conn);
        let role = Role::parse(&row.role).map(role_words).unwrap_or("lid");
        let who = row.invited_by_name.clone().unwrap_or_else(|| "Een coördinator".into());
        let url = format!("{}/uitnodiging/{token}", self.public_url);
        let mail = simple_mail(
            &row.email,
            format!("Uitnodiging voor {} in Broedplaats", tenant.name),
            &[
                format!("{who} nodigt u uit voor {} in Broedplaats, als {role}.", tenant.name),
                format!(
                    "De link werkt één keer en is {INVITATION_DAYS} dagen geldig, tot {}. U maakt er een account \
                     mee aan, of u voegt de rol toe aan uw bestaande account.",
                    moment(expires)
                ),
                "Kent u deze uitnodiging niet? Dan kunt u deze e-mail negeren.".into(),
            ],
            Some(("Uitnodiging bekijken en aannemen", &url)),
        );
        self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, invitation = row.id, "invitation mail sent");
        Ok(())
    }

    async fn mail_registration_link(&self, job: &JobRow, now: DateTime<Utc>) -> Result<(), JobError> {
        let p: RegistrationPayload = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload {:?}: {e}", job.payload)))?;
        let mut conn = self.store.conn().await.map_err(retry)?;
        let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut conn, &p.werkplaats).await.map_err(retry)? else {
            return Ok(());
        };
        let Some(account) = accounts_q::account_by_id(&mut conn, p.account_id).await.map_err(retry)? else {
            return Ok(());
        };
        if account.email.ends_with(".invalid") {
            return Ok(());
        }
        let mail = match p.kind.as_str() {
            "verify" => {
                if m::email_verified_at(&mut conn, account.id).await.map_err(retry)?.is_some() {
                    return Ok(());
                }
                let token = new_secret();
                let expires = now + Duration::hours(VERIFY_HOURS);
                accounts_q::links::insert_link(
                    &mut conn,
                    account.id,
                    VERIFY_PURPOSE,
                    &hash_secret(&token),
                    None,
                    &stored(expires),
                )
                .await
                .map_err(retry)?;
                let url = format!("{}/account/bevestigen/{token}", self.public_url);
                simple_mail(
                    &account.email,
                    format!("Bevestig uw e-mailadres voor {}", tenant.name),
                    &[
                        format!(
                            "U heeft een account aangemaakt bij {} in Broedplaats. Bevestig uw e-mailadres met \
                             deze link; daarna bent u ingelogd.",
                            tenant.name
                        ),
                        format!("De link werkt één keer en is {VERIFY_HOURS} uur geldig, tot {}.", moment(expires)),
                        "Heeft u geen account aangemaakt? Dan kunt u deze e-mail negeren.".into(),
                    ],
                    Some(("E-mailadres bevestigen", &url)),
                )
            }
            "exists" => simple_mail(
                &account.email,
                format!("U heeft al een account bij Broedplaats ({})", tenant.name),
                &[
                    format!(
                        "Iemand wilde met dit e-mailadres een account aanmaken bij {} in Broedplaats. Er is al een \
                         account met dit adres, dus er is niets aangemaakt.",
                        tenant.name
                    ),
                    "Was u dat zelf? Log dan in met uw bestaande account. Bent u uw wachtwoord vergeten? Vraag \
                     dan op de inlogpagina een nieuw wachtwoord aan."
                        .into(),
                    "Was u het niet? Dan kunt u deze e-mail negeren.".into(),
                ],
                Some(("Inloggen", &format!("{}/inloggen", self.public_url))),
            ),
            other => return Err(JobError::Permanent(format!("unknown kind {other:?}"))),
        };
        drop(conn);
        self.mailer.send(&self.mail_from, &mail).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, account = account.id, kind = %p.kind, "registration mail sent");
        Ok(())
    }
}
