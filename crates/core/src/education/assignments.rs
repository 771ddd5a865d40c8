//! Offering, editing, reading and listing assignments; who manages one.
use super::{AssignmentInput, AssignmentPage, AssignmentQuery, AssignmentView};
use crate::kernel::actor::{Access, Actor, access};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    AssignmentKind, AssignmentLevel, AssignmentStatus, BoundedText, FieldErrorKind, FieldErrors, Role,
    education_limits as lim,
};
use broedplaats_store::education::{self as q, AssignmentFields, AssignmentFilter, AssignmentRow};
use broedplaats_store::organisation::{self as org_q, Table};
use broedplaats_store::{Conn, Tenant};
use chrono::NaiveDate;

/// Page size of the list across werkplaatsen.
pub const PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 50;

/// Whether `actor` manages the assignment: a coordinator or lector of the werkplaats, its
/// supervisor, or a project lead of its project.
pub(super) async fn manages(conn: &mut Conn, t: &Tenant, actor: Option<&Actor>, row: &AssignmentRow) -> Result<bool> {
    let Some(a) = actor else { return Ok(false) };
    if access(Some(a), t) == Access::Manager {
        return Ok(true);
    }
    let Some(person) = q::person_of_account(conn, t, a.account_id, &a.email).await? else { return Ok(false) };
    if row.supervisor_person_id == Some(person) {
        return Ok(true);
    }
    match row.project_id {
        Some(p) => Ok(q::has_project_role(conn, t, p, person, "projectleider").await?),
        None => Ok(false),
    }
}

/// Whether `actor` may read the assignment at all.
pub(super) async fn may_read(conn: &mut Conn, t: &Tenant, actor: Option<&Actor>, row: &AssignmentRow) -> Result<bool> {
    if row.visibility == "public" {
        return Ok(true);
    }
    if actor.is_some_and(|a| a.is_member(&t.slug)) {
        return Ok(true);
    }
    manages(conn, t, actor, row).await
}

/// Requires that `actor` manages the assignment: 401 without an actor, 404 when they may not even
/// read it, 403 otherwise.
pub(super) async fn require_manages<'a>(
    conn: &mut Conn,
    t: &Tenant,
    actor: Option<&'a Actor>,
    row: &AssignmentRow,
) -> Result<&'a Actor> {
    let a = actor.ok_or(CoreError::Unauthenticated)?;
    if manages(conn, t, Some(a), row).await? {
        Ok(a)
    } else if may_read(conn, t, Some(a), row).await? {
        Err(CoreError::Forbidden)
    } else {
        Err(CoreError::NotFound)
    }
}

/// Whether `actor` may offer an assignment (for `project_id`, when given).
async fn may_offer(conn: &mut Conn, t: &Tenant, a: &Actor, project_id: Option<i64>) -> Result<bool> {
    if access(Some(a), t) == Access::Manager
        || a.roles_in(&t.slug).any(|r| matches!(r, Role::TeacherResearcher | Role::ThemeLead))
    {
        return Ok(true);
    }
    match (project_id, q::person_of_account(conn, t, a.account_id, &a.email).await?) {
        (Some(p), Some(person)) => Ok(q::has_project_role(conn, t, p, person, "projectleider").await?),
        _ => Ok(false),
    }
}

fn date(e: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
        Err(_) => {
            e.push(field, FieldErrorKind::Invalid);
            None
        }
    }
}

/// The input, parsed and checked against the werkplaats.
struct Parsed {
    kind: AssignmentKind,
    title: String,
    description: String,
    question: String,
    deliverables: String,
    level: AssignmentLevel,
    places: i64,
    programmes: Vec<String>,
    project_id: Option<i64>,
    theme_id: Option<i64>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    location: String,
    status: AssignmentStatus,
    visibility: String,
}

async fn parse(conn: &mut Conn, t: &Tenant, input: &AssignmentInput) -> Result<Parsed> {
    let mut e = FieldErrors::new();
    let kind = e.take("kind", AssignmentKind::parse(&input.kind));
    let title = e.take("title", BoundedText::<{ lim::TITLE }>::parse(&input.title));
    let description = e.take("description", BoundedText::<{ lim::TEXT }>::parse(&input.description));
    let question = e.take("question", BoundedText::<{ lim::TEXT }>::parse_optional(input.question.as_deref()));
    let deliverables =
        e.take("deliverables", BoundedText::<{ lim::TEXT }>::parse_optional(input.deliverables.as_deref()));
    let location = e.take("location", BoundedText::<{ lim::LOCATION }>::parse_optional(input.location.as_deref()));
    let level = match input.level.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(AssignmentLevel::HboBachelor),
        Some(raw) => e.take("level", AssignmentLevel::parse(raw)),
    };
    let status = match input.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(AssignmentStatus::Open),
        Some(raw) => e.take("status", AssignmentStatus::parse(raw)),
    };
    let visibility = match input.visibility.as_deref().map(str::trim).unwrap_or("public") {
        v @ ("public" | "members") => v.to_owned(),
        "" => "public".to_owned(),
        _ => {
            e.push("visibility", FieldErrorKind::UnknownValue { allowed: vec!["public", "members"] });
            String::new()
        }
    };
    if !(1..=lim::MAX_PLACES).contains(&input.places) {
        e.push("places", FieldErrorKind::Invalid);
    }
    let mut programmes = Vec::new();
    if input.programmes.len() > lim::PROGRAMMES {
        e.push("programmes", FieldErrorKind::TooMany { max: lim::PROGRAMMES });
    } else {
        for raw in &input.programmes {
            match BoundedText::<{ lim::PROGRAMME }>::parse(raw) {
                Ok(p) if programmes.contains(&p.as_str().to_owned()) => e.push("programmes", FieldErrorKind::Duplicate),
                Ok(p) => programmes.push(p.into_inner()),
                Err(k) => e.push("programmes", k),
            }
        }
    }
    let starts_on = date(&mut e, "starts_on", input.starts_on.as_deref());
    let ends_on = date(&mut e, "ends_on", input.ends_on.as_deref());
    if let (Some(s), Some(en)) = (&starts_on, &ends_on)
        && en < s
    {
        e.push("ends_on", FieldErrorKind::Invalid);
    }
    let one = |id: Option<i64>| id.into_iter().collect::<Vec<_>>();
    check_refs(conn, t, &mut e, "project_id", Table::Projects, &one(input.project_id)).await?;
    check_refs(conn, t, &mut e, "theme_id", Table::Themes, &one(input.theme_id)).await?;
    check_refs(conn, t, &mut e, "organisation_id", Table::Organisations, &one(input.organisation_id)).await?;
    check_refs(conn, t, &mut e, "supervisor_person_id", Table::People, &one(input.supervisor_person_id)).await?;
    check_refs(conn, t, &mut e, "contact_person_id", Table::People, &one(input.contact_person_id)).await?;
    let theme_id = match input.project_id {
        Some(p) if e.is_empty() => org_q::project(conn, t, p).await?.map(|p| p.theme_id),
        _ => input.theme_id,
    };
    let (Some(kind), Some(title), Some(description), Some(question), Some(deliverables), Some(location)) =
        (kind, title, description, question, deliverables, location)
    else {
        return Err(e.into());
    };
    let (Some(level), Some(status)) = (level, status) else { return Err(e.into()) };
    if !e.is_empty() {
        return Err(e.into());
    }
    Ok(Parsed {
        kind,
        title: title.into_inner(),
        description: description.into_inner(),
        question: question.map(BoundedText::into_inner).unwrap_or_default(),
        deliverables: deliverables.map(BoundedText::into_inner).unwrap_or_default(),
        level,
        places: input.places,
        programmes,
        project_id: input.project_id,
        theme_id,
        starts_on,
        ends_on,
        location: location.map(BoundedText::into_inner).unwrap_or_default(),
        status,
        visibility,
    })
}

/// Builds views of rows, looking up names once.
pub(super) async fn views(
    conn: &mut Conn,
    t: &Tenant,
    actor: Option<&Actor>,
    rows: Vec<AssignmentRow>,
) -> Result<Vec<AssignmentView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let programmes = q::programmes(conn, t).await?;
    let people = q::person_names(conn, t).await?;
    let projects = org_q::projects(conn, t, None, true).await?;
    let name = |id: Option<i64>| id.and_then(|id| people.iter().find(|(p, _)| *p == id).map(|(_, n)| n.clone()));
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let may_manage = manages(conn, t, actor, &r).await?;
        out.push(AssignmentView {
            id: r.id,
            werkplaats: t.slug.clone(),
            werkplaats_name: t.name.clone(),
            kind: r.kind.clone(),
            title: r.title.clone(),
            question: r.question.clone(),
            description: r.description.clone(),
            deliverables: r.deliverables.clone(),
            level: r.level.clone(),
            places: r.places,
            places_left: (r.places - r.accepted).max(0),
            programmes: programmes.iter().filter(|(a, _)| *a == r.id).map(|(_, p)| p.clone()).collect(),
            project_id: r.project_id,
            project_title: r.project_id.and_then(|p| projects.iter().find(|x| x.id == p).map(|x| x.title.clone())),
            theme_id: r.theme_id,
            organisation_id: r.organisation_id,
            starts_on: r.starts_on.clone(),
            ends_on: r.ends_on.clone(),
            location: r.location.clone(),
            supervisor_person_id: r.supervisor_person_id,
            supervisor_name: name(r.supervisor_person_id),
            contact_person_id: r.contact_person_id,
            contact_name: name(r.contact_person_id),
            status: r.status.clone(),
            visibility: r.visibility.clone(),
            url: format!("/werkplaatsen/{}/opdrachten/{}", t.slug, r.id),
            may_manage,
        });
    }
    Ok(out)
}

impl Core {
    /// Whether `actor` may offer assignments here at all (for the offer form): coordinators,
    /// lectoren, docent-onderzoekers, theme leads, and project leads of some project.
    pub async fn may_offer_assignments(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<bool> {
        let Some(a) = actor else { return Ok(false) };
        let mut conn = self.store.conn().await?;
        if may_offer(&mut conn, tenant, a, None).await? {
            return Ok(true);
        }
        for p in org_q::projects(&mut conn, tenant, None, true).await? {
            if may_offer(&mut conn, tenant, a, Some(p.id)).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Offers a new assignment.
    pub async fn create_assignment(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        input: &AssignmentInput,
    ) -> Result<AssignmentView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        if !may_offer(&mut tx, tenant, a, input.project_id).await? {
            return Err(CoreError::Forbidden);
        }
        let p = parse(&mut tx, tenant, input).await?;
        let id = q::insert_assignment(&mut tx, tenant, &fields(&p, input)).await?;
        q::replace_programmes(&mut tx, tenant, id, &p.programmes).await?;
        let row = q::assignment(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        audit(&mut tx, tenant, a, ("assignment", id), "create", None, Some(&row)).await?;
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::ASSIGNMENT, id).await?;
        let view = views(&mut tx, tenant, actor, vec![row]).await?.remove(0);
        commit(tx).await?;
        self.index_now().await;
        Ok(view)
    }

    /// Changes an assignment (its managers). A status `open` on a full assignment stays `filled`.
    pub async fn update_assignment(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &AssignmentInput,
    ) -> Result<AssignmentView> {
        let mut tx = self.store.begin().await?;
        let before = q::assignment(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let a = require_manages(&mut tx, tenant, actor, &before).await?;
        let mut p = parse(&mut tx, tenant, input).await?;
        if p.places < before.accepted {
            return Err(FieldErrors::single("places", FieldErrorKind::Invalid).into());
        }
        if p.status == AssignmentStatus::Open && p.places == before.accepted {
            p.status = AssignmentStatus::Filled;
        }
        q::update_assignment(&mut tx, tenant, id, &fields(&p, input)).await?;
        q::replace_programmes(&mut tx, tenant, id, &p.programmes).await?;
        let row = q::assignment(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        audit(&mut tx, tenant, a, ("assignment", id), "update", Some(&before), Some(&row)).await?;
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::ASSIGNMENT, id).await?;
        let view = views(&mut tx, tenant, actor, vec![row]).await?.remove(0);
        commit(tx).await?;
        self.index_now().await;
        Ok(view)
    }

    /// Removes an assignment with its applications (its managers).
    pub async fn delete_assignment(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let before = q::assignment(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let a = require_manages(&mut tx, tenant, actor, &before).await?;
        q::delete_assignment(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, a, ("assignment", id), "delete", Some(&before), None).await?;
        broedplaats_store::knowledge::outbox_push(&mut tx, tenant, super::ASSIGNMENT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    /// One assignment; 404 for whoever may not read it.
    pub async fn assignment(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<AssignmentView> {
        let mut conn = self.store.conn().await?;
        let row = q::assignment(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        if !may_read(&mut conn, tenant, actor, &row).await? {
            return Err(CoreError::NotFound);
        }
        Ok(views(&mut conn, tenant, actor, vec![row]).await?.remove(0))
    }

    /// Assignments of one werkplaats as the reader may see them (e.g. of a project or theme).
    pub async fn werkplaats_assignments(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        project_id: Option<i64>,
        theme_id: Option<i64>,
    ) -> Result<Vec<AssignmentView>> {
        let mut conn = self.store.conn().await?;
        let filter = AssignmentFilter {
            members_view: actor.is_some_and(|a| a.is_member(&tenant.slug)),
            project_id: project_id.unwrap_or(0),
            theme_id: theme_id.unwrap_or(0),
            limit: 500,
            ..AssignmentFilter::default()
        };
        let rows = q::assignments(&mut conn, tenant, &filter).await?;
        views(&mut conn, tenant, actor, rows).await
    }

    /// Assignments across werkplaatsen, newest first, a page at a time. Unknown filter values are
    /// field errors; an unknown werkplaats is an empty list.
    pub async fn find_assignments(&self, actor: Option<&Actor>, query: &AssignmentQuery) -> Result<AssignmentPage> {
        let mut e = FieldErrors::new();
        let kind = query.kind.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(k) = kind
            && let Err(kind) = AssignmentKind::parse(k)
        {
            e.push("kind", kind);
        }
        let programme = query.programme.as_deref().map(str::trim).unwrap_or_default();
        if programme.chars().count() > lim::PROGRAMME {
            e.push("programme", FieldErrorKind::TooLong { max: lim::PROGRAMME });
        }
        let before_id = match query.cursor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => 0,
            Some(c) => match c.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    e.push("cursor", FieldErrorKind::Invalid);
                    0
                }
            },
        };
        let limit = query.limit.unwrap_or(PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&limit) {
            e.push("limit", FieldErrorKind::Invalid);
        }
        let from = date(&mut e, "from", query.from.as_deref());
        let until = date(&mut e, "until", query.until.as_deref());
        if let (Some(f), Some(u)) = (&from, &until)
            && u < f
        {
            e.push("until", FieldErrorKind::Invalid);
        }
        let kwestie = query.kwestie.unwrap_or(0);
        if kwestie < 0 {
            e.push("kwestie", FieldErrorKind::Invalid);
        }
        let year = query.year.unwrap_or(0);
        if year != 0 && !(2000..=2100).contains(&year) {
            e.push("year", FieldErrorKind::Invalid);
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut conn = self.store.conn().await?;
        let wanted = query.werkplaats.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let mut all = Vec::new();
        for w in broedplaats_store::werkplaats::list(&mut conn).await? {
            if wanted.is_some_and(|s| s != w.slug) {
                continue;
            }
            let Some(t) = broedplaats_store::werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
            let filter = AssignmentFilter {
                members_view: actor.is_some_and(|a| a.is_member(&t.slug)),
                open_only: query.open.unwrap_or(false),
                kind: kind.unwrap_or_default(),
                programme,
                theme_id: query.theme.filter(|_| wanted.is_some()).unwrap_or(0),
                project_id: 0,
                year,
                before_id,
                limit: limit + 1,
                kwestie_id: kwestie,
                from: from.as_deref().unwrap_or_default(),
                until: until.as_deref().unwrap_or_default(),
            };
            let rows = q::assignments(&mut conn, &t, &filter).await?;
            all.extend(views(&mut conn, &t, actor, rows).await?);
        }
        all.sort_by_key(|a| std::cmp::Reverse(a.id));
        let more = all.len() as i64 > limit;
        all.truncate(limit as usize);
        let next_cursor = if more { all.last().map(|a| a.id.to_string()) } else { None };
        Ok(AssignmentPage { items: all, next_cursor })
    }
}

fn fields<'a>(p: &'a Parsed, input: &AssignmentInput) -> AssignmentFields<'a> {
    AssignmentFields {
        project_id: p.project_id,
        theme_id: p.theme_id,
        organisation_id: input.organisation_id,
        kind: p.kind.code(),
        title: &p.title,
        question: &p.question,
        description: &p.description,
        deliverables: &p.deliverables,
        level: p.level.code(),
        places: p.places,
        starts_on: p.starts_on.as_deref(),
        ends_on: p.ends_on.as_deref(),
        location: &p.location,
        supervisor_person_id: input.supervisor_person_id,
        contact_person_id: input.contact_person_id,
        status: p.status.code(),
        visibility: &p.visibility,
    }
}
