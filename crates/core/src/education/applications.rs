//! Applying to an assignment, the applications its managers see, and their decisions.
//!
//! Applications are private: the applicant and the assignment's managers read one; for everyone
//! else it does not exist (404), so guessing ids tells nothing.
use super::assignments::{manages, may_read, require_manages};
use super::{ApplicationInput, ApplicationView, DecisionInput};
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{ApplicationStatus, BoundedText, FieldErrorKind, FieldErrors, education_limits as lim};
use broedplaats_store::Tenant;
use broedplaats_store::education::{self as q, ApplicationRow};

fn view(r: ApplicationRow) -> ApplicationView {
    ApplicationView {
        id: r.id,
        assignment_id: r.assignment_id,
        name: r.name,
        email: r.email,
        motivation: r.motivation,
        status: r.status,
        decision_message: r.decision_message,
        decided_at: r.decided_at,
        created_at: r.created_at,
    }
}

/// What the audit log keeps of an application (not the motivation: that stays with its readers).
#[derive(serde::Serialize)]
struct Audited<'a> {
    assignment_id: i64,
    account_id: i64,
    status: &'a str,
}

fn refused(field: &str, key: &'static str) -> CoreError {
    FieldErrors::single(field, FieldErrorKind::Refused { key }).into()
}

impl Core {
    /// Applies to an open assignment with a motivation (anyone signed in; once per assignment).
    pub async fn apply(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
        input: &ApplicationInput,
    ) -> Result<ApplicationView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let motivation = BoundedText::<{ lim::MOTIVATION }>::parse(&input.motivation)
            .map_err(|k| CoreError::Invalid(FieldErrors::single("motivation", k)))?;
        let mut tx = self.store.begin().await?;
        let row = q::assignment(&mut tx, tenant, assignment_id).await?.ok_or(CoreError::NotFound)?;
        if !may_read(&mut tx, tenant, actor, &row).await? {
            return Err(CoreError::NotFound);
        }
        if row.status != "open" {
            return Err(refused("motivation", "education.refused.not_open"));
        }
        if q::applications(&mut tx, tenant, assignment_id).await?.iter().any(|x| x.account_id == a.account_id) {
            return Err(refused("motivation", "education.refused.already_applied"));
        }
        let id = q::insert_application(&mut tx, tenant, assignment_id, a.account_id, motivation.as_str()).await?;
        let after = Audited { assignment_id, account_id: a.account_id, status: "submitted" };
        audit(&mut tx, tenant, a, ("assignment_application", id), "create", None, Some(&after)).await?;
        let created = q::application(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        Ok(view(created))
    }

    /// The applications to an assignment (its managers only).
    pub async fn applications(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
    ) -> Result<Vec<ApplicationView>> {
        let mut conn = self.store.conn().await?;
        let row = q::assignment(&mut conn, tenant, assignment_id).await?.ok_or(CoreError::NotFound)?;
        require_manages(&mut conn, tenant, actor, &row).await?;
        Ok(q::applications(&mut conn, tenant, assignment_id).await?.into_iter().map(view).collect())
    }

    /// The reader's own application to an assignment, if any.
    pub async fn my_application(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
    ) -> Result<Option<ApplicationView>> {
        let Some(a) = actor else { return Ok(None) };
        let mut conn = self.store.conn().await?;
        let rows = q::applications(&mut conn, tenant, assignment_id).await?;
        Ok(rows.into_iter().find(|x| x.account_id == a.account_id).map(view))
    }

    /// One application: its applicant and the assignment's managers; 404 for everyone else.
    pub async fn application(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ApplicationView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let app = q::application(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let row = q::assignment(&mut conn, tenant, app.assignment_id).await?.ok_or(CoreError::NotFound)?;
        if app.account_id == a.account_id || manages(&mut conn, tenant, Some(a), &row).await? {
            Ok(view(app))
        } else {
            Err(CoreError::NotFound)
        }
    }

    /// Accepts or declines a submitted application (the assignment's managers), with a message
    /// mailed to the student. An accepted student gets the student role in the werkplaats and joins
    /// the project's team; the last place taken makes the assignment `filled`.
    pub async fn decide_application(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &DecisionInput,
    ) -> Result<ApplicationView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let app = q::application(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let row = q::assignment(&mut tx, tenant, app.assignment_id).await?.ok_or(CoreError::NotFound)?;
        if !manages(&mut tx, tenant, Some(a), &row).await? {
            return Err(if app.account_id == a.account_id { CoreError::Forbidden } else { CoreError::NotFound });
        }
        let mut e = FieldErrors::new();
        let decision = match input.decision.trim() {
            "accepted" => Some(ApplicationStatus::Accepted),
            "declined" => Some(ApplicationStatus::Declined),
            _ => {
                e.push("decision", FieldErrorKind::UnknownValue { allowed: vec!["accepted", "declined"] });
                None
            }
        };
        let message = e.take("message", BoundedText::<{ lim::MESSAGE }>::parse_optional(input.message.as_deref()));
        let (Some(decision), Some(message)) = (decision, message) else { return Err(e.into()) };
        let message = message.map(BoundedText::into_inner).unwrap_or_default();
        if app.status != "submitted" {
            return Err(refused("decision", "education.refused.decided"));
        }
        if decision == ApplicationStatus::Accepted && (row.status != "open" || row.accepted >= row.places) {
            return Err(refused("decision", "education.refused.full"));
        }
        if !q::decide_application(&mut tx, tenant, id, decision.code(), &message).await? {
            return Err(CoreError::Conflict);
        }
        if decision == ApplicationStatus::Accepted {
            broedplaats_store::accounts::grant_role(&mut tx, tenant, app.account_id, "student").await?;
            let person = match q::person_of_account(&mut tx, tenant, app.account_id, &app.email).await? {
                Some(p) => p,
                None => {
                    broedplaats_store::accounts::insert_person(
                        &mut tx,
                        tenant,
                        &app.name,
                        Some(&app.email),
                        None,
                        Some(app.account_id),
                    )
                    .await?
                }
            };
            if let Some(project) = row.project_id {
                q::join_project(&mut tx, tenant, project, person, "student").await?;
            }
            if row.accepted + 1 >= row.places {
                q::set_status(&mut tx, tenant, row.id, "filled").await?;
                broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::ASSIGNMENT, row.id).await?;
            }
        }
        let before = Audited { assignment_id: row.id, account_id: app.account_id, status: &app.status };
        let after = Audited { assignment_id: row.id, account_id: app.account_id, status: decision.code() };
        audit(&mut tx, tenant, a, ("assignment_application", id), "update", Some(&before), Some(&after)).await?;
        super::jobs::enqueue_decision(&mut tx, tenant, id).await?;
        let decided = q::application(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        self.index_now().await;
        Ok(view(decided))
    }
}
