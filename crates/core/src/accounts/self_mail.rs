//! The emails of the self-service part of accounts, sent by one job (`mail.account`): the
//! password reset link, the notice that a password changed, and around an email change the link
//! to the new address and the notices to the old one.
//!
//! A link's secret exists only here: the job makes it when it sends and stores its hash, so no
//! plaintext secret lies in the queue. A job that runs twice sends two working links, which is
//! harmless (each is single-use and short-lived); using one ends the others.
use crate::kernel::BoxFuture;
use crate::kernel::jobs::{JobError, JobHandler};
use crate::kernel::mail::OutgoingMail;
use crate::kernel::secret::{hash_secret, new_secret};
use crate::kernel::time::stored;
use crate::{Core, Result};
use broedplaats_domain::escape_html as escape;
use broedplaats_store::accounts::links;
use broedplaats_store::{Conn, jobs};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The job that sends the emails of this module.
pub const MAIL_ACCOUNT: &str = "mail.account";

/// Sends the emails of `mail.account` jobs.
pub const SELF_MAIL_JOB: JobHandler = JobHandler { name: MAIL_ACCOUNT, run: run_mail };

pub(super) const RESET_VALID: Duration = Duration::hours(1);
pub(super) const CHANGE_EMAIL_VALID: Duration = Duration::hours(24);

/// What to send, as the job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(super) enum AccountMail {
    /// A reset link to the account's address.
    ResetLink { account_id: i64 },
    /// "Your password was changed", to the account's address.
    PasswordChanged { account_id: i64 },
    /// The confirmation link, to the new address.
    EmailChangeLink { account_id: i64, new_email: String },
    /// "A change of address was asked", to the old address.
    EmailChangeRequested { account_id: i64, to: String, new_email: String },
    /// "Your address was changed", to the old address.
    EmailChanged { account_id: i64, to: String, new_email: String },
}

/// Enqueues an email in the caller's transaction.
pub(super) async fn enqueue(conn: &mut Conn, mail: &AccountMail) -> Result<()> {
    let payload = crate::kernel::audit::json(mail)?;
    jobs::enqueue(conn, MAIL_ACCOUNT, &payload, None, &stored(Utc::now())).await?;
    Ok(())
}

fn run_mail<'a>(core: &'a Core, job: &'a jobs::JobRow, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(async move {
        let mail: AccountMail = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Permanent(format!("invalid payload of job {}: {e}", job.id)))?;
        let outgoing = core.account_mail(&mail, now).await.map_err(|e| JobError::Retry(e.to_string()))?;
        let Some(outgoing) = outgoing else {
            tracing::info!(job = job.id, "account gone or address erased; mail not sent");
            return Ok(());
        };
        core.mailer.send(&core.mail_from, &outgoing).await.map_err(JobError::Retry)?;
        tracing::info!(job = job.id, "account mail sent");
        Ok(())
    })
}

impl Core {
    /// Renders (and for links, creates) the email; `None` when there is nobody to send it to.
    async fn account_mail(&self, mail: &AccountMail, now: DateTime<Utc>) -> Result<Option<OutgoingMail>> {
        let mut conn = self.store.conn().await?;
        let account_id = match mail {
            AccountMail::ResetLink { account_id }
            | AccountMail::PasswordChanged { account_id }
            | AccountMail::EmailChangeLink { account_id, .. }
            | AccountMail::EmailChangeRequested { account_id, .. }
            | AccountMail::EmailChanged { account_id, .. } => *account_id,
        };
        let Some(account) = links::self_row(&mut conn, account_id).await? else { return Ok(None) };
        let url = &self.public_url;
        let draft = match mail {
            AccountMail::ResetLink { .. } => {
                let token = new_secret();
                let expires = stored(now + RESET_VALID);
                links::insert_link(&mut conn, account.id, "password-reset", &hash_secret(&token), None, &expires)
                    .await?;
                Draft {
                    to: account.email.clone(),
                    subject: "Nieuw wachtwoord instellen".into(),
                    lines: vec![
                        "U heeft gevraagd om een nieuw wachtwoord voor uw account bij Broedplaats.".into(),
                        "Met de link hieronder stelt u een nieuw wachtwoord in. De link werkt één keer en \
                         is een uur geldig."
                            .into(),
                    ],
                    link: Some(("Nieuw wachtwoord instellen".into(), format!("{url}/wachtwoord-herstellen/{token}"))),
                    after: "Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft \
                            hetzelfde."
                        .into(),
                }
            }
            AccountMail::PasswordChanged { .. } => Draft {
                to: account.email.clone(),
                subject: "Uw wachtwoord is gewijzigd".into(),
                lines: vec![
                    "Het wachtwoord van uw account bij Broedplaats is zojuist gewijzigd. Op andere apparaten \
                     bent u uitgelogd."
                        .into(),
                ],
                link: None,
                after: format!(
                    "Heeft u dit niet zelf gedaan? Stel dan meteen een nieuw wachtwoord in via \
                     {url}/wachtwoord-vergeten en neem contact op met de coördinator van uw werkplaats."
                ),
            },
            AccountMail::EmailChangeLink { new_email, .. } => {
                let token = new_secret();
                let expires = stored(now + CHANGE_EMAIL_VALID);
                links::insert_link(
                    &mut conn,
                    account.id,
                    "change-email",
                    &hash_secret(&token),
                    Some(new_email),
                    &expires,
                )
                .await?;
                Draft {
                    to: new_email.clone(),
                    subject: "Bevestig uw nieuwe e-mailadres".into(),
                    lines: vec![
                        "U wilt dit e-mailadres gebruiken voor uw account bij Broedplaats.".into(),
                        "Bevestig dat met de link hieronder. De link werkt één keer en is 24 uur geldig.".into(),
                    ],
                    link: Some(("E-mailadres bevestigen".into(), format!("{url}/account/email/bevestigen/{token}"))),
                    after: "Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen.".into(),
                }
            }
            AccountMail::EmailChangeRequested { to, new_email, .. } => Draft {
                to: to.clone(),
                subject: "Verzoek om uw e-mailadres te wijzigen".into(),
                lines: vec![format!(
                    "Iemand heeft gevraagd om het e-mailadres van uw account bij Broedplaats te wijzigen in \
                     {new_email}. Het adres verandert pas als de link in de e-mail aan dat adres wordt gebruikt."
                )],
                link: None,
                after: format!(
                    "Heeft u dit niet zelf gedaan? Wijzig dan meteen uw wachtwoord via {url}/account/wachtwoord."
                ),
            },
            AccountMail::EmailChanged { to, new_email, .. } => Draft {
                to: to.clone(),
                subject: "Uw e-mailadres is gewijzigd".into(),
                lines: vec![format!(
                    "Het e-mailadres van uw account bij Broedplaats is gewijzigd in {new_email}. Berichten \
                     gaan voortaan naar dat adres."
                )],
                link: None,
                after: "Heeft u dit niet zelf gedaan? Neem dan meteen contact op met de coördinator van uw \
                        werkplaats."
                    .into(),
            },
        };
        // An erased person keeps no address.
        if draft.to.ends_with(".invalid") {
            return Ok(None);
        }
        Ok(Some(draft.render(&account.name)))
    }
}

struct Draft {
    to: String,
    subject: String,
    lines: Vec<String>,
    link: Option<(String, String)>,
    after: String,
}

impl Draft {
    fn render(self, name: &str) -> OutgoingMail {
        let greeting = if name.trim().is_empty() { "Beste,".to_owned() } else { format!("Beste {},", name.trim()) };
        let mut text = format!("{greeting}\n\n");
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n\
             <p>{}</p>\n",
            escape(&self.subject),
            escape(&greeting)
        );
        for l in &self.lines {
            text.push_str(&format!("{l}\n\n"));
            html.push_str(&format!("<p>{}</p>\n", escape(l)));
        }
        if let Some((label, url)) = &self.link {
            text.push_str(&format!("{label}: {url}\n\n"));
            html.push_str(&format!("<p><a href=\"{}\">{}</a></p>\n", escape(url), escape(label)));
        }
        text.push_str(&format!("{}\n\nMet vriendelijke groet,\nBroedplaats\n", self.after));
        html.push_str(&format!(
            "<p>{}</p>\n<p>Met vriendelijke groet,<br>Broedplaats</p>\n</body>\n</html>\n",
            escape(&self.after)
        ));
        OutgoingMail {
            to_email: self.to,
            to_name: name.to_owned(),
            subject: self.subject,
            text,
            html,
            attachments: Vec::new(),
            headers: Vec::new(),
        }
    }
}
