//! Invitations to a werkplaats (issue 13). A coordinator invites with any role, a lector with any
//! role but programme coordinator, and a themaleider (a member whose person record leads the
//! theme group, as `organisation` decides it) only into a theme group they lead and only with a
//! role that leads nothing. The mail goes out through the job queue (`jobs::MAIL_INVITATION`),
//! which makes the link's secret when it sends, so no usable secret is ever at rest; a resend
//! makes a new one (the old link stops working). A link is single use and valid 14 days.
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::kernel::paging::Paged;
use crate::kernel::secret::{hash_secret, new_secret};
use crate::kernel::time::{parse_stored, stored};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{Email, FieldErrorKind, FieldErrors, Role};
use broedplaats_store::accounts::{self as accounts_q, invitations as q, members as m};
use broedplaats_store::organisation as org_q;
use broedplaats_store::{Conn, Tenant, jobs};
use chrono::{Duration, Utc};
use serde::Serialize;

/// How long a link is valid after its mail went out.
pub const INVITATION_DAYS: i64 = 14;
/// The least time between two mails of one invitation.
pub const RESEND_MINUTES: i64 = 10;

/// Roles a themaleider may invite with: none of them leads anything.
pub const THEME_LEAD_ROLES: [Role; 6] = [
    Role::Professional,
    Role::Student,
    Role::Citizen,
    Role::TeacherResearcher,
    Role::ProjectSupport,
    Role::ConsortiumMember,
];

#[derive(Debug, Clone, Default)]
pub struct InvitationInput {
    pub email: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub theme_group_id: Option<i64>,
}

/// An invitation as the members page and the API show it (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct InvitationView {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub invited_by: Option<String>,
    pub created_at: String,
    pub sent_at: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
    /// `open`, `accepted`, `expired` or `revoked`.
    pub status: &'static str,
}

/// What the invitation page shows to the person who opened the link.
#[derive(Debug, Clone)]
pub struct InvitationInfo {
    pub id: i64,
    pub werkplaats_slug: String,
    pub werkplaats_name: String,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<String>,
    pub expires_at: String,
    /// An account with the invited address exists already (then it signs in to accept).
    pub account_exists: bool,
}

/// Who invites, which decides the roles they may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inviter {
    Coordinator,
    Lector,
    ThemeLead,
}

impl Inviter {
    fn may_give(self, role: Role) -> bool {
        match self {
            Inviter::Coordinator => true,
            Inviter::Lector => role != Role::ProgrammeCoordinator,
            Inviter::ThemeLead => THEME_LEAD_ROLES.contains(&role),
        }
    }
}

/// Coordinators and lectoren manage invitations; a themaleider invites into a group they lead.
async fn inviter(conn: &mut Conn, t: &Tenant, actor: Option<&Actor>, group: Option<i64>) -> Result<Inviter> {
    let a = actor.ok_or(CoreError::Unauthenticated)?;
    let roles: Vec<Role> = a.roles_in(&t.slug).collect();
    if roles.contains(&Role::ProgrammeCoordinator) {
        return Ok(Inviter::Coordinator);
    }
    if roles.contains(&Role::Lector) {
        return Ok(Inviter::Lector);
    }
    if !roles.is_empty()
        && let Some(g) = group
        && q::leads_group(conn, t, a.account_id, &a.email, g).await?
    {
        return Ok(Inviter::ThemeLead);
    }
    Err(CoreError::Forbidden)
}

fn require_manager_of_invitations<'a>(actor: Option<&'a Actor>, t: &Tenant) -> Result<&'a Actor> {
    crate::kernel::actor::require_manager(actor, t)
}

/// Who may handle one invitation: a coordinator or lector, or the themaleider of its group.
/// A missing invitation is `NotFound` only for who could handle some invitation.
async fn handler_of<'a>(
    conn: &mut Conn,
    t: &Tenant,
    actor: Option<&'a Actor>,
    id: i64,
) -> Result<(&'a Actor, q::InvitationRow)> {
    let a = actor.ok_or(CoreError::Unauthenticated)?;
    let row = q::invitation(conn, t, id).await?;
    inviter(conn, t, actor, row.as_ref().and_then(|r| r.theme_group_id)).await?;
    Ok((a, row.ok_or(CoreError::NotFound)?))
}

fn status(r: &q::InvitationRow, now: &str) -> &'static str {
    if r.accepted_at.is_some() {
        "accepted"
    } else if r.revoked_at.is_some() {
        "revoked"
    } else if r.expires_at.as_str() <= now {
        "expired"
    } else {
        "open"
    }
}

fn view(r: q::InvitationRow, now: &str) -> InvitationView {
    let status = status(&r, now);
    InvitationView {
        id: r.id,
        email: r.email,
        role: r.role,
        person_id: r.person_id,
        theme_group_id: r.theme_group_id,
        invited_by: r.invited_by_name,
        created_at: r.created_at,
        sent_at: r.sent_at,
        expires_at: r.expires_at,
        accepted_at: r.accepted_at,
        revoked_at: r.revoked_at,
        status,
    }
}

/// What the audit log keeps of an invitation: no secret, no address. The log knows the actions
/// create, update and delete; `status` tells a resend (`resent`), a revocation and an acceptance apart.
#[derive(Serialize)]
struct Audited<'a> {
    role: &'a str,
    person_id: Option<i64>,
    theme_group_id: Option<i64>,
    status: &'a str,
}

fn audited<'a>(r: &'a q::InvitationRow, status: &'a str) -> Audited<'a> {
    Audited { role: &r.role, person_id: r.person_id, theme_group_id: r.theme_group_id, status }
}

/// Enqueues the invitation mail, in the caller's transaction; the job makes the secret.
/// `placeholder` is the hash the row holds until the mail goes out: new for every mail, so the
/// dedupe key tells two mails of one invitation apart even within one second.
async fn enqueue_mail(conn: &mut Conn, t: &Tenant, id: i64, placeholder: &str, now: &str) -> Result<()> {
    let payload = serde_json::json!({ "werkplaats": t.slug, "invitation_id": id });
    let dedupe = format!("invitation:{id}:{}", &placeholder[..16]);
    jobs::enqueue(conn, super::jobs::MAIL_INVITATION, &payload.to_string(), Some(&dedupe), now).await?;
    Ok(())
}

impl Core {
    /// Invites someone by email into a werkplaats with a role. A second open invitation for the
    /// same address and role is refused (`email`: the first can be resent instead).
    pub async fn invite(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        input: &InvitationInput,
    ) -> Result<(i64, String)> {
        let mut tx = self.store.begin().await?;
        let who = inviter(&mut tx, tenant, actor, input.theme_group_id).await?;
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut errors = FieldErrors::new();
        let email = errors.take("email", Email::parse(&input.email));
        let role = errors.take("role", Role::parse(input.role.trim()));
        if let Some(r) = role
            && !who.may_give(r)
        {
            errors.push("role", FieldErrorKind::Refused { key: "invite.refused.role" });
        }
        if let Some(p) = input.person_id
            && org_q::person(&mut tx, tenant, p).await?.is_none()
        {
            errors.push("person_id", FieldErrorKind::Invalid);
        }
        if let Some(g) = input.theme_group_id
            && org_q::theme_group(&mut tx, tenant, g).await?.is_none()
        {
            errors.push("theme_group_id", FieldErrorKind::Invalid);
        }
        let now = stored(Utc::now());
        if let (Some(e), Some(r)) = (&email, role) {
            if q::open_for(&mut tx, tenant, e.as_str(), r.code(), &now).await?.is_some() {
                errors.push("email", FieldErrorKind::Refused { key: "invite.refused.open" });
            } else if let Some(existing) = accounts_q::account_by_email(&mut tx, e.as_str()).await?
                && m::roles_of(&mut tx, tenant, existing.id).await?.iter().any(|x| x == r.code())
            {
                errors.push("email", FieldErrorKind::Refused { key: "invite.refused.has_role" });
            }
        }
        let (Some(email), Some(role)) = (email, role) else { return Err(errors.into()) };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let expires = stored(Utc::now() + Duration::days(INVITATION_DAYS));
        // Until the mail goes out the row holds the hash of a secret nobody knows.
        let placeholder = hash_secret(&new_secret());
        let id = q::insert(
            &mut tx,
            tenant,
            &q::NewInvitation {
                email: email.as_str(),
                role: role.code(),
                person_id: input.person_id,
                theme_group_id: input.theme_group_id,
                token_hash: &placeholder,
                invited_by_account_id: actor.account_id,
                now: &now,
                expires_at: &expires,
            },
        )
        .await?;
        let row = q::invitation(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        audit(&mut tx, tenant, actor, ("invitation", id), "create", None, Some(&audited(&row, "open"))).await?;
        enqueue_mail(&mut tx, tenant, id, &placeholder, &now).await?;
        commit(tx).await?;
        tracing::info!(invitation = id, werkplaats = tenant.log_id(), "invitation created");
        Ok((id, expires))
    }

    /// The invitations of a werkplaats, newest first (coordinator and lectoren).
    pub async fn invitations(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Paged<InvitationView>> {
        require_manager_of_invitations(actor, tenant)?;
        let limit = limit.clamp(1, 200);
        let before = match cursor {
            Some(c) => Some(c.parse::<i64>().map_err(|_| FieldErrors::single("cursor", FieldErrorKind::Invalid))?),
            None => None,
        };
        let mut conn = self.store.conn().await?;
        let mut rows = q::list(&mut conn, tenant, before, limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.id.to_string())
        } else {
            None
        };
        let now = stored(Utc::now());
        Ok(Paged { items: rows.into_iter().map(|r| view(r, &now)).collect(), next_cursor })
    }

    /// Whether the actor may invite people into this theme group: a coordinator or lector, or
    /// the themaleider who leads it. Never an error for a refusal: the pages ask before they offer.
    pub async fn may_invite_to_group(&self, actor: Option<&Actor>, tenant: &Tenant, group_id: i64) -> Result<bool> {
        Ok(!self.roles_to_give(actor, tenant, Some(group_id)).await?.is_empty())
    }

    /// The roles the actor may invite with (into `group_id` when given); empty when they may not invite.
    pub async fn roles_to_give(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        group_id: Option<i64>,
    ) -> Result<Vec<Role>> {
        let mut conn = self.store.conn().await?;
        if let Some(g) = group_id
            && org_q::theme_group(&mut conn, tenant, g).await?.is_none()
        {
            return Ok(vec![]);
        }
        match inviter(&mut conn, tenant, actor, group_id).await {
            Ok(who) => Ok(Role::ALL.into_iter().filter(|r| who.may_give(*r)).collect()),
            Err(CoreError::Unauthenticated | CoreError::Forbidden) => Ok(vec![]),
            Err(e) => Err(e),
        }
    }

    /// The invitations into one theme group, newest first (at most 200), for who may invite into it.
    pub async fn group_invitations(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        group_id: i64,
    ) -> Result<Vec<InvitationView>> {
        let mut conn = self.store.conn().await?;
        inviter(&mut conn, tenant, actor, Some(group_id)).await?;
        let now = stored(Utc::now());
        Ok(q::list_for_group(&mut conn, tenant, group_id, 200).await?.into_iter().map(|r| view(r, &now)).collect())
    }

    /// One invitation, for who may handle it (coordinator, lector, or the themaleider of its group).
    pub async fn invitation(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<InvitationView> {
        let mut conn = self.store.conn().await?;
        let (_, row) = handler_of(&mut conn, tenant, actor, id).await?;
        Ok(view(row, &stored(Utc::now())))
    }

    /// Sends an open invitation again with a new link (the old one stops working); at most once
    /// per ten minutes (`RateLimited`).
    pub async fn resend_invitation(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<InvitationView> {
        let mut tx = self.store.begin().await?;
        let (actor, row) = handler_of(&mut tx, tenant, actor, id).await?;
        let now_t = Utc::now();
        let now = stored(now_t);
        if row.accepted_at.is_some() || row.revoked_at.is_some() {
            return Err(crate::kernel::error::refused("invitation", "invite.refused.closed"));
        }
        if parse_stored(&row.sent_at)? > now_t - Duration::minutes(RESEND_MINUTES) {
            return Err(CoreError::RateLimited);
        }
        // The old link dies now; the job makes the new one when it sends.
        let placeholder = hash_secret(&new_secret());
        q::set_token(&mut tx, tenant, id, &placeholder, None).await?;
        q::set_sent_at(&mut tx, tenant, id, &now).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("invitation", id),
            "update",
            Some(&audited(&row, "open")),
            Some(&audited(&row, "resent")),
        )
        .await?;
        enqueue_mail(&mut tx, tenant, id, &placeholder, &now).await?;
        let row = q::invitation(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        Ok(view(row, &now))
    }

    /// Revokes an invitation that was not accepted yet; its link stops working.
    pub async fn revoke_invitation(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let (actor, row) = handler_of(&mut tx, tenant, actor, id).await?;
        let now = stored(Utc::now());
        if !q::revoke(&mut tx, tenant, id, &now).await? {
            return Err(crate::kernel::error::refused("invitation", "invite.refused.closed"));
        }
        let before = status(&row, &now);
        audit(
            &mut tx,
            tenant,
            actor,
            ("invitation", id),
            "update",
            Some(&audited(&row, before)),
            Some(&audited(&row, "revoked")),
        )
        .await?;
        commit(tx).await
    }

    /// The id of the invitation behind a link's secret, if it can still be accepted
    /// (not expired, accepted or revoked); otherwise `NotFound`.
    pub async fn invitation_id_for_token(&self, token: &str) -> Result<i64> {
        let mut conn = self.store.conn().await?;
        let found = q::open_by_token(&mut conn, &hash_secret(token.trim()), &stored(Utc::now())).await?;
        found.map(|(id, _)| id).ok_or(CoreError::NotFound)
    }

    /// What the invitation page shows; `NotFound` for every link that cannot be accepted.
    pub async fn invitation_for_token(&self, token: &str) -> Result<InvitationInfo> {
        let mut conn = self.store.conn().await?;
        let (id, slug) = q::open_by_token(&mut conn, &hash_secret(token.trim()), &stored(Utc::now()))
            .await?
            .ok_or(CoreError::NotFound)?;
        let tenant = broedplaats_store::werkplaats::tenant(&mut conn, &slug).await?.ok_or(CoreError::NotFound)?;
        let row = q::invitation(&mut conn, &tenant, id).await?.ok_or(CoreError::NotFound)?;
        let role = Role::parse(&row.role).map_err(|_| CoreError::NotFound)?;
        let account_exists = accounts_q::account_by_email(&mut conn, &row.email).await?.is_some();
        Ok(InvitationInfo {
            id,
            werkplaats_slug: tenant.slug.clone(),
            werkplaats_name: tenant.name.clone(),
            email: row.email,
            role,
            invited_by: row.invited_by_name,
            expires_at: row.expires_at,
            account_exists,
        })
    }

    /// Accepts an invitation for an existing account (after it signed in through a provider):
    /// grants the invited role, links the person record and theme group, marks it accepted.
    /// Returns the werkplaats slug; `NotFound` when the invitation is gone, used, revoked or
    /// expired (nothing changes then).
    pub async fn accept_invitation_as(&self, invitation_id: i64, account_id: i64) -> Result<String> {
        let mut tx = self.store.begin().await?;
        let slug = q::slug_of(&mut tx, invitation_id).await?.ok_or(CoreError::NotFound)?;
        let tenant = broedplaats_store::werkplaats::tenant(&mut tx, &slug).await?.ok_or(CoreError::NotFound)?;
        accept_in(&mut tx, &tenant, invitation_id, account_id).await?;
        commit(tx).await?;
        Ok(slug)
    }

    /// Accepts the invitation behind `token` as the signed-in account; returns the werkplaats slug.
    pub async fn accept_invitation(&self, actor: Option<&Actor>, token: &str) -> Result<String> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let id = self.invitation_id_for_token(token).await?;
        self.accept_invitation_as(id, actor.account_id).await
    }

    /// Accepts the invitation behind `token` with a new account for the invited address (the
    /// link proves the mailbox, so it counts as verified). Refused (`email`) when an account with
    /// that address exists: it signs in first. Returns the account id and the werkplaats slug.
    pub async fn accept_invitation_new_account(
        &self,
        token: &str,
        name: &str,
        password: &str,
    ) -> Result<(i64, String)> {
        let mut errors = FieldErrors::new();
        let name = errors.take("name", broedplaats_domain::BoundedText::<200>::parse(name));
        super::register::check_password(&mut errors, password);
        let id = self.invitation_id_for_token(token).await?;
        let Some(name) = name else { return Err(errors.into()) };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let hash = crate::kernel::secret::hash_password(password)?;
        let mut tx = self.store.begin().await?;
        let slug = q::slug_of(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        let tenant = broedplaats_store::werkplaats::tenant(&mut tx, &slug).await?.ok_or(CoreError::NotFound)?;
        let row = q::invitation(&mut tx, &tenant, id).await?.ok_or(CoreError::NotFound)?;
        if accounts_q::account_by_email(&mut tx, &row.email).await?.is_some() {
            return Err(crate::kernel::error::refused("email", "invite.refused.account_exists"));
        }
        let account_id = accounts_q::insert_account(&mut tx, &row.email, name.as_str(), &hash).await?;
        accept_in(&mut tx, &tenant, id, account_id).await?;
        commit(tx).await?;
        Ok((account_id, slug))
    }

    /// Test hook: moves an invitation's expiry and last mail to `at`, as time passing would.
    #[doc(hidden)]
    pub async fn age_invitation_for_tests(
        &self,
        tenant: &Tenant,
        id: i64,
        sent_at: &str,
        expires_at: &str,
    ) -> Result<()> {
        let mut conn = self.store.conn().await?;
        q::set_sent_at(&mut conn, tenant, id, sent_at).await?;
        q::set_expiry(&mut conn, tenant, id, expires_at).await?;
        Ok(())
    }
}

/// Grants the role, links or makes the person record, joins the theme group, marks accepted and
/// writes the audit entry, in the caller's transaction.
async fn accept_in(conn: &mut Conn, t: &Tenant, id: i64, account_id: i64) -> Result<()> {
    let row = q::invitation(conn, t, id).await?.ok_or(CoreError::NotFound)?;
    let account = accounts_q::account_by_id(conn, account_id).await?.ok_or(CoreError::NotFound)?;
    let now = stored(Utc::now());
    // Single use: the conditional update lets only the first of two racing acceptances through.
    if !q::mark_accepted(conn, t, id, account_id, &now).await? {
        return Err(CoreError::NotFound);
    }
    accounts_q::grant_role(conn, t, account_id, &row.role).await?;
    let person = match row.person_id {
        Some(p) => {
            q::link_person(conn, t, p, account_id).await?;
            p
        }
        None => match q::person_of_account(conn, t, account_id).await? {
            Some(p) => p,
            None => {
                accounts_q::insert_person(conn, t, &account.name, Some(&account.email), None, Some(account_id)).await?
            }
        },
    };
    if let Some(g) = row.theme_group_id {
        q::add_group_member(conn, t, g, person).await?;
    }
    let actor = Actor { account_id, email: account.email, name: account.name, roles: vec![], national_partner: None };
    audit(
        conn,
        t,
        &actor,
        ("invitation", id),
        "update",
        Some(&audited(&row, "open")),
        Some(&audited(&row, "accepted")),
    )
    .await?;
    tracing::info!(invitation = id, account = account_id, "invitation accepted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_gives_which_role() {
        for r in Role::ALL {
            assert!(Inviter::Coordinator.may_give(r));
            assert_eq!(Inviter::Lector.may_give(r), r != Role::ProgrammeCoordinator, "{r:?}");
        }
        let lead: Vec<Role> = Role::ALL.into_iter().filter(|r| Inviter::ThemeLead.may_give(*r)).collect();
        assert_eq!(lead.len(), 6);
        for r in [Role::ProgrammeCoordinator, Role::Lector, Role::ThemeLead, Role::NationalPartner] {
            assert!(!Inviter::ThemeLead.may_give(r), "{r:?} leads or reaches beyond the group");
        }
    }
}
