//! What students make counts: a student's result of an assignment (a report, advice, product) is a
//! knowledge product linked to the assignment, credited to the student and reviewed by the
//! assignment's managers through the knowledge base's review workflow.
//!
//! Who may do what (decided here): only a student whose application was **accepted** submits a
//! result; it is written `review` (ter review) straight away. The assignment's **managers** (its
//! supervisor, the project leads, the werkplaats's coordinators and lectoren) link an existing
//! product and review results: publish, send back with a note, unpublish. That review right is
//! given for the results of their own assignment only; it does not make anyone a reviewer of other
//! products. A published result is seen by whoever may see the product (its visibility); a result
//! not yet published only by its student and the assignment's managers.
use super::assignments::{manages, may_read, require_manages};
use super::{ResultInput, ResultView};
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::kernel::search;
use crate::kernel::tx::{commit, current_theme_ids};
use crate::knowledge::{ProductInput, Ref, insert_product_in, product_acl, review_product_in};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::education::{self as q, AssignmentRow, ResultRow};
use broedplaats_store::{Conn, Tenant};

fn view(t: &Tenant, r: ResultRow, may_review: bool) -> ResultView {
    ResultView {
        url: format!("/werkplaatsen/{}/kennis/{}", t.slug, r.product_id),
        assignment_url: format!("/werkplaatsen/{}/opdrachten/{}", t.slug, r.assignment_id),
        id: r.product_id,
        assignment_id: r.assignment_id,
        assignment_title: r.assignment_title,
        student_name: r.student_name,
        kind: r.kind,
        title: r.title,
        summary: r.summary,
        status: r.status,
        review_note: r.review_note.filter(|n| !n.is_empty()),
        reviewed_at: r.reviewed_at,
        may_review,
    }
}

/// What the audit log keeps of a result link.
#[derive(serde::Serialize)]
struct Audited {
    assignment_id: i64,
    knowledge_product_id: i64,
    student_account_id: Option<i64>,
}

/// Whether `actor` may see this result: a published one by the product's visibility; any by its
/// student and the assignment's managers (`manager` says whether the actor is one).
async fn sees(conn: &mut Conn, t: &Tenant, actor: Option<&Actor>, r: &ResultRow, manager: bool) -> Result<bool> {
    if manager || actor.is_some_and(|a| r.student_account_id == Some(a.account_id)) {
        return Ok(true);
    }
    Ok(r.status == "published"
        && search::may_see(conn, actor, &product_acl(t, &r.visibility, r.theme_group_id)).await?)
}

fn field(name: &str, kind: FieldErrorKind) -> CoreError {
    FieldErrors::single(name, kind).into()
}

/// The product a student's result becomes: in review, of the assignment's project and theme (when
/// the theme is on the current agenda), credited to the student, for education.
async fn product_input(
    conn: &mut Conn,
    t: &Tenant,
    a: &Actor,
    row: &AssignmentRow,
    input: &ResultInput,
) -> Result<ProductInput> {
    let themes = match row.theme_id {
        Some(th) if current_theme_ids(conn, t).await.unwrap_or_default().contains(&th) => vec![Ref::Id(th)],
        _ => Vec::new(),
    };
    let person = q::person_of_account(conn, t, a.account_id, &a.email).await?;
    let summary = match (&input.summary, &input.description) {
        (Some(s), _) if !s.trim().is_empty() => s.clone(),
        (_, Some(d)) => d.clone(),
        _ => String::new(),
    };
    Ok(ProductInput {
        kind: input.kind.clone().filter(|k| !k.trim().is_empty()).unwrap_or_else(|| "beroepsproduct".into()),
        title: input.title.clone(),
        summary,
        body: input.body.clone(),
        year: input.year,
        themes,
        people: person.into_iter().collect(),
        author_names: if person.is_none() { vec![a.name.clone()] } else { Vec::new() },
        visibility: input.visibility.clone(),
        project_id: row.project_id,
        status: Some("review".into()),
        licence: input.licence.clone(),
        audiences: vec!["onderwijs".into()],
        four_os: vec!["onderwijs".into()],
        links: input.links.clone(),
        ..ProductInput::default()
    })
}

impl Core {
    /// Submits a student's result of an assignment (a student with an accepted application): a
    /// new knowledge product in review, linked to the assignment. A manager of the assignment may
    /// instead link an existing product of the werkplaats (`product_id`).
    pub async fn submit_result(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
        input: &ResultInput,
    ) -> Result<ResultView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let row = q::assignment(&mut tx, tenant, assignment_id).await?.ok_or(CoreError::NotFound)?;
        if !may_read(&mut tx, tenant, actor, &row).await? {
            return Err(CoreError::NotFound);
        }
        let (product_id, student) = match input.product_id {
            Some(pid) => {
                require_manages(&mut tx, tenant, actor, &row).await?;
                if broedplaats_store::knowledge::product(&mut tx, tenant, pid).await?.is_none() {
                    return Err(field("product_id", FieldErrorKind::Invalid));
                }
                if q::result_of_product(&mut tx, tenant, pid).await?.is_some() {
                    return Err(field("product_id", FieldErrorKind::Duplicate));
                }
                (pid, None)
            }
            None => {
                let accepted = q::applications(&mut tx, tenant, assignment_id)
                    .await?
                    .iter()
                    .any(|x| x.account_id == a.account_id && x.status == "accepted");
                if !accepted {
                    return Err(CoreError::Forbidden);
                }
                let product = product_input(&mut tx, tenant, a, &row, input).await?;
                (insert_product_in(&mut tx, a, tenant, &product).await?, Some(a.account_id))
            }
        };
        q::insert_result(&mut tx, tenant, assignment_id, product_id, student).await?;
        let after = Audited { assignment_id, knowledge_product_id: product_id, student_account_id: student };
        audit(&mut tx, tenant, a, ("assignment_result", product_id), "create", None, Some(&after)).await?;
        let r = q::result_of_product(&mut tx, tenant, product_id).await?.ok_or(CoreError::NotFound)?;
        let may_review = manages(&mut tx, tenant, actor, &row).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(view(tenant, r, may_review))
    }

    /// The results of an assignment the reader may see, oldest first; 404 when the assignment is
    /// not theirs to read.
    pub async fn assignment_results(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
    ) -> Result<Vec<ResultView>> {
        let mut conn = self.store.conn().await?;
        let row = q::assignment(&mut conn, tenant, assignment_id).await?.ok_or(CoreError::NotFound)?;
        if !may_read(&mut conn, tenant, actor, &row).await? {
            return Err(CoreError::NotFound);
        }
        let manager = manages(&mut conn, tenant, actor, &row).await?;
        let mut out = Vec::new();
        for r in q::results(&mut conn, tenant, assignment_id).await? {
            if sees(&mut conn, tenant, actor, &r, manager).await? {
                out.push(view(tenant, r, manager));
            }
        }
        Ok(out)
    }

    /// A review step on a result by one of the assignment's managers: `published`, `concept`
    /// (send back, with a note) — the knowledge base's workflow.
    pub async fn review_result(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        assignment_id: i64,
        product_id: i64,
        to: &str,
        note: Option<&str>,
    ) -> Result<ResultView> {
        let mut tx = self.store.begin().await?;
        let row = q::assignment(&mut tx, tenant, assignment_id).await?.ok_or(CoreError::NotFound)?;
        q::result_of_product(&mut tx, tenant, product_id)
            .await?
            .filter(|r| r.assignment_id == assignment_id)
            .ok_or(CoreError::NotFound)?;
        let a = require_manages(&mut tx, tenant, actor, &row).await?;
        review_product_in(&mut tx, a, tenant, product_id, to, note).await?;
        let r = q::result_of_product(&mut tx, tenant, product_id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        self.index_now().await;
        Ok(view(tenant, r, true))
    }

    /// The assignment a knowledge product is the result of, for the product's page: only when the
    /// reader may read that assignment.
    pub async fn result_of_product(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        product_id: i64,
    ) -> Result<Option<ResultView>> {
        let mut conn = self.store.conn().await?;
        let Some(r) = q::result_of_product(&mut conn, tenant, product_id).await? else { return Ok(None) };
        let Some(row) = q::assignment(&mut conn, tenant, r.assignment_id).await? else { return Ok(None) };
        if !may_read(&mut conn, tenant, actor, &row).await? {
            return Ok(None);
        }
        let manager = manages(&mut conn, tenant, actor, &row).await?;
        Ok(Some(view(tenant, r, manager)))
    }
}
