//! Registration with capacity and a waiting list, cancel links, attendance, the registrations list.
//!
//! Registration is the one place where many people write at once: a registration locks its
//! activity row for the rest of its transaction, so capacity is never exceeded and the waiting
//! list keeps its order, on SQLite and PostgreSQL alike.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::time::{parse_stored, stored};
use crate::kernel::tx::{check_refs, commit};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrorKind, FieldErrors, RegistrationStatus};
use broedplaats_store::activities::{self as q, ActivityLinks};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant, jobs};
use chrono::Utc;

// ---- tokens ------------------------------------------------------------------------------------

/// The cancel token of a registration: an HMAC of its id and queue time under an installation
/// secret. It can be computed again (so registering twice returns the same link) but not
/// forged; the database keeps only its hash.
pub(super) async fn cancel_token(conn: &mut Conn, registration_id: i64, queued_at: &str) -> Result<String> {
    use base64::Engine;
    use hmac::Mac;
    let secret = q::installation_secret(conn, "registration-cancel", &crate::kernel::secret::new_secret()).await?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    mac.update(format!("{registration_id}:{queued_at}").as_bytes());
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

impl Core {
    /// Registers someone. Without an account only for public activities; with one, the name and
    /// address of the account are used. Registering twice returns the first registration.
    pub async fn register(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: Option<&RegistrationInput>,
    ) -> Result<Registered> {
        let (name, email, organisation, needs) = match (input, actor) {
            (Some(i), _) => {
                let mut e = FieldErrors::new();
                let name = e.take("name", BoundedText::<200>::parse(&i.name)).map(BoundedText::into_inner);
                let email = e.take("email", Email::parse(&i.email));
                let organisation = opt_text::<200>(&mut e, "organisation", i.organisation.as_deref());
                let needs = opt_text::<1000>(&mut e, "accessibility_needs", i.accessibility_needs.as_deref());
                match (name, email) {
                    (Some(n), Some(m)) if e.is_empty() => (n, m.as_str().to_owned(), organisation, needs),
                    _ => return Err(e.into()),
                }
            }
            (None, Some(a)) => (a.name.clone(), a.email.clone(), None, None),
            (None, None) => return Err(CoreError::Unauthenticated),
        };
        let access = access(actor, tenant);
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        if !may_see(access, &a) {
            // Answered as for a missing id: a hint ("members only") would tell which hidden ids
            // exist. The activity page itself asks an anonymous visitor to sign in.
            return Err(CoreError::NotFound);
        }
        if a.status == "cancelled" {
            return Err(refused("activity", "activity.refused.cancelled"));
        }
        if parse_stored(&a.starts_at)? <= Utc::now() {
            return Err(refused("activity", "activity.refused.past"));
        }
        if a.audience == "members"
            && access != Access::Manager
            && let Some(actor) = actor
            && q::is_group_member(&mut tx, tenant, &a, actor.account_id).await? == Some(false)
            && !q::is_organiser(&mut tx, tenant, a.id, actor.account_id).await?
        {
            return Err(refused("activity", "activity.refused.group_only"));
        }
        // Only a signed-in person registering their own address learns the cancel link here;
        // anyone else gets it by email.
        let own = actor.is_some_and(|a| a.email.eq_ignore_ascii_case(&email));
        q::lock_activity(&mut tx, tenant, a.id).await?;
        let registered = q::count_registered(&mut tx, tenant, a.id).await?;
        let status = match a.capacity {
            Some(c) if registered >= c => RegistrationStatus::Waitlisted,
            _ => RegistrationStatus::Registered,
        };
        let existing = q::registration_by_email(&mut tx, tenant, a.id, &email).await?;
        if let Some(r) = existing.as_ref().filter(|r| r.status != "cancelled") {
            let current = RegistrationStatus::parse(&r.status).map_err(|_| CoreError::Internal("status".into()))?;
            if own {
                let token = cancel_token(&mut tx, r.id, &r.queued_at).await?;
                commit(tx).await?;
                return Ok(Registered {
                    registration_id: r.id,
                    status: current,
                    cancel_token: Some(token),
                    created: false,
                });
            }
            // The confirmation (with the cancel link) goes to the address again, at most once an
            // hour; the caller hears what a new registration would hear now.
            let hour = Utc::now().format("%Y-%m-%dT%H");
            enqueue_mail(&mut tx, tenant, r.id, "confirmation", &format!("confirmation-again:{}:{hour}", r.id)).await?;
            commit(tx).await?;
            return Ok(Registered { registration_id: r.id, status, cancel_token: None, created: true });
        }
        let placeholder = crate::kernel::secret::new_secret();
        let new = q::NewRegistration {
            account_id: actor.map(|a| a.account_id),
            name: &name,
            email: &email,
            organisation: organisation.as_deref(),
            accessibility_needs: needs.as_deref(),
            status: status.code(),
            cancel_token_hash: &placeholder,
        };
        let id = match existing {
            Some(r) => {
                q::renew_registration(&mut tx, tenant, r.id, &new).await?;
                r.id
            }
            None => q::insert_registration(&mut tx, tenant, a.id, &new).await?,
        };
        let row = q::registration(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let token = cancel_token(&mut tx, id, &row.queued_at).await?;
        q::set_token_hash(&mut tx, tenant, id, &crate::kernel::secret::hash_secret(&token)).await?;
        enqueue_mail(&mut tx, tenant, id, "confirmation", &format!("confirmation:{id}:{}", row.queued_at)).await?;
        commit(tx).await?;
        Ok(Registered { registration_id: id, status, cancel_token: own.then_some(token), created: true })
    }

    /// The signed-in person's own registration for an activity, if it is active: its status and
    /// the token of its cancel link (so the page can offer "afmelden").
    pub async fn my_registration(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Option<(RegistrationStatus, String)>> {
        let Some(actor) = actor else { return Ok(None) };
        let mut conn = self.store.conn().await?;
        let Some(r) = q::registration_by_email(&mut conn, tenant, activity_id, &actor.email).await? else {
            return Ok(None);
        };
        let Ok(status) = RegistrationStatus::parse(&r.status) else { return Ok(None) };
        if status == RegistrationStatus::Cancelled {
            return Ok(None);
        }
        Ok(Some((status, cancel_token(&mut conn, r.id, &r.queued_at).await?)))
    }

    /// The registration a cancel token belongs to, with its activity (for the cancel page).
    pub async fn registration_for_token(
        &self,
        tenant: &Tenant,
        token: &str,
    ) -> Result<(RegistrationView, ActivityView)> {
        let mut conn = self.store.conn().await?;
        let r = q::registration_by_token(&mut conn, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        let a = q::activity(&mut conn, tenant, r.activity_id).await?.ok_or(CoreError::NotFound)?;
        Ok((registration_view(r), view(&mut conn, tenant, a).await?))
    }

    /// Cancels the registration a token belongs to; the first on the waiting list moves up. An
    /// unknown token changes nothing. Cancelling twice is fine.
    pub async fn cancel_registration(&self, tenant: &Tenant, activity_id: Option<i64>, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let r = q::registration_by_token(&mut tx, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .filter(|r| activity_id.is_none_or(|a| a == r.activity_id))
            .ok_or(CoreError::NotFound)?;
        if r.status == "cancelled" {
            return Ok(());
        }
        q::lock_activity(&mut tx, tenant, r.activity_id).await?;
        q::set_registration_status(&mut tx, tenant, r.id, "cancelled").await?;
        self.promote_waitlist(&mut tx, tenant, r.activity_id).await?;
        commit(tx).await
    }

    /// Stops reminder emails for the registration a token belongs to.
    pub async fn stop_reminders(&self, tenant: &Tenant, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let r = q::registration_by_token(&mut tx, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        q::set_reminders(&mut tx, tenant, r.id, false).await?;
        commit(tx).await
    }

    /// Fills free places from the waiting list, in order, and tells those who moved up.
    /// Frees the places of a person who erases their data: their registrations for activities
    /// still to come are cancelled (without a mail: the address is being erased) and the waiting
    /// lists move up, in the caller's transaction.
    pub async fn release_registrations_of(&self, conn: &mut Conn, account_id: i64, email: &str) -> Result<usize> {
        let live = q::upcoming_of(conn, account_id, &email.to_lowercase(), &stored(Utc::now())).await?;
        for (slug, registration, activity) in &live {
            let Some(tenant) = broedplaats_store::werkplaats::tenant(conn, slug).await? else { continue };
            q::lock_activity(conn, &tenant, *activity).await?;
            q::set_registration_status(conn, &tenant, *registration, "cancelled").await?;
            self.promote_waitlist(conn, &tenant, *activity).await?;
        }
        Ok(live.len())
    }

    pub(super) async fn promote_waitlist(&self, conn: &mut Conn, tenant: &Tenant, activity_id: i64) -> Result<()> {
        let Some(a) = q::activity(conn, tenant, activity_id).await? else { return Ok(()) };
        if a.status == "cancelled" {
            return Ok(());
        }
        let free = match a.capacity {
            Some(c) => c - q::count_registered(conn, tenant, activity_id).await?,
            None => i64::MAX,
        };
        if free <= 0 {
            return Ok(());
        }
        for r in q::waitlist_head(conn, tenant, activity_id, free.min(10_000)).await? {
            q::set_registration_status(conn, tenant, r.id, "registered").await?;
            enqueue_mail(conn, tenant, r.id, "promoted", &format!("promoted:{}:{}", r.id, r.queued_at)).await?;
        }
        Ok(())
    }

    /// The registrations of an activity (organisers only).
    pub async fn registrations(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Vec<RegistrationView>> {
        let mut conn = self.store.conn().await?;
        let a = q::activity(&mut conn, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut conn, actor, tenant, &a).await?;
        Ok(q::registrations(&mut conn, tenant, activity_id).await?.into_iter().map(registration_view).collect())
    }

    /// The registrations as CSV (organisers only), for a sign-in sheet or a badge printer.
    pub async fn registrations_csv(&self, actor: Option<&Actor>, tenant: &Tenant, activity_id: i64) -> Result<String> {
        let rows = self.registrations(actor, tenant, activity_id).await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| CoreError::Internal(e.to_string());
        w.write_record(["naam", "e-mail", "organisatie", "toegankelijkheid", "status", "aanwezig", "aangemeld op"])
            .map_err(internal)?;
        for r in rows {
            let status = match r.status.as_str() {
                "registered" => "aangemeld",
                "waitlisted" => "wachtlijst",
                _ => "afgemeld",
            };
            let cells = [
                r.name.as_str(),
                &r.email,
                r.organisation.as_deref().unwrap_or(""),
                r.accessibility_needs.as_deref().unwrap_or(""),
            ]
            .map(spreadsheet_safe);
            w.write_record([
                cells[0].as_str(),
                &cells[1],
                &cells[2],
                &cells[3],
                status,
                if r.attended { "ja" } else { "nee" },
                &r.registered_at,
            ])
            .map_err(internal)?;
        }
        String::from_utf8(w.into_inner().map_err(|e| CoreError::Internal(e.to_string()))?)
            .map_err(|e| CoreError::Internal(e.to_string()))
    }

    /// Records who attended, how many came, and which organisations were present.
    pub async fn set_attendance(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: &AttendanceInput,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        let mut e = FieldErrors::new();
        if input.count.is_some_and(|c| !(0..=1_000_000).contains(&c)) {
            e.push("count", FieldErrorKind::Invalid);
        }
        let known: Vec<i64> = q::registrations(&mut tx, tenant, activity_id).await?.iter().map(|r| r.id).collect();
        if input.present_registration_ids.iter().any(|id| !known.contains(id)) {
            e.push("present_registration_ids", FieldErrorKind::Invalid);
        }
        check_refs(&mut tx, tenant, &mut e, "organisation_ids", Table::Organisations, &input.organisation_ids).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        q::set_attended(&mut tx, tenant, activity_id, &input.present_registration_ids).await?;
        q::set_attendance_count(&mut tx, tenant, activity_id, input.count).await?;
        q::replace_links(&mut tx, tenant, ActivityLinks::PresentOrganisations, activity_id, &input.organisation_ids)
            .await?;
        let after = q::activity(&mut tx, tenant, activity_id).await?;
        audit(&mut tx, tenant, actor, ("activity", activity_id), "update", Some(&a), after.as_ref()).await?;
        commit(tx).await
    }

    /// What the mail job needs to write to a registrant; `None` when the registration is gone.
    pub async fn registration_mail(&self, slug: &str, registration_id: i64) -> Result<Option<RegistrationMail>> {
        let tenant = match self.tenant(slug).await {
            Ok(t) => t,
            Err(CoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut conn = self.store.conn().await?;
        let Some(r) = q::registration(&mut conn, &tenant, registration_id).await? else { return Ok(None) };
        let Some(a) = q::activity(&mut conn, &tenant, r.activity_id).await? else { return Ok(None) };
        let token = cancel_token(&mut conn, r.id, &r.queued_at).await?;
        let base = self.public_url.trim_end_matches('/');
        let activity_url = format!("{base}/werkplaatsen/{}/activiteiten/{}", tenant.slug, a.id);
        let cancel_url = format!("{activity_url}/afmelden/{token}");
        let view = view(&mut conn, &tenant, a).await?;
        let ics = super::ical::single(&tenant, &view, base);
        Ok(Some(RegistrationMail {
            to_name: r.name,
            to_email: r.email,
            status: r.status,
            reminders: r.reminders != 0,
            activity_title: view.title.clone(),
            activity_status: view.status.clone(),
            cancel_reason: view.cancel_reason.clone(),
            starts_at: view.starts(),
            ends_at: view.ends(),
            location: view.location.clone(),
            online_url: view.online_url.clone(),
            activity_url,
            cancel_url,
            ics,
            werkplaats_name: tenant.name.clone(),
        }))
    }
}

/// Anyone may register, so names are untrusted: a cell starting with `=`, `+`, `-`, `@` or a tab
/// would run as a formula in a spreadsheet. A leading apostrophe makes it text (OWASP's advice).
pub(super) fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() }
}

pub(super) fn registration_view(r: q::RegistrationRow) -> RegistrationView {
    RegistrationView {
        id: r.id,
        name: r.name,
        email: r.email,
        organisation: r.organisation,
        accessibility_needs: r.accessibility_needs,
        status: r.status,
        attended: r.attended != 0,
        registered_at: r.created_at,
    }
}

/// Enqueues an email to a registrant in the writing transaction; `dedupe` makes it once-only.
pub(super) async fn enqueue_mail(
    conn: &mut Conn,
    tenant: &Tenant,
    registration_id: i64,
    event: &str,
    dedupe: &str,
) -> Result<()> {
    let payload = serde_json::json!({ "werkplaats": tenant.slug, "registration_id": registration_id, "event": event });
    jobs::enqueue(conn, "mail.registration", &payload.to_string(), Some(dedupe), &stored(Utc::now())).await?;
    Ok(())
}
