//! The study programmes (opleidingen) a werkplaats works with, per hogeschool: listed for anyone,
//! added and removed by the werkplaats's coordinators and lectoren. Each programme counts the
//! werkplaats's assignments naming it (case-insensitively), as far as the reader may see them.
use super::{OrganisationRef, ProgrammeInput, ProgrammeView};
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::education::{self as q, AssignmentFilter};
use broedplaats_store::organisation as org_q;
use broedplaats_store::{Conn, Tenant};

/// Characters of a programme's name.
pub const NAME: usize = 120;
/// The message when the organisation is no hogeschool of this werkplaats.
pub const NOT_A_HOGESCHOOL: &str = "edu.refused.not_a_hogeschool";

/// The hogescholen of the werkplaats as (id, name), by name.
pub(super) async fn hogescholen(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    let rows = org_q::organisations(conn, t, Some("hogeschool"), None, 1000).await?;
    Ok(rows.into_iter().map(|o| (o.id, o.name)).collect())
}

/// The programmes of the werkplaats with the number of assignments naming each that `actor` may see.
pub(super) async fn programme_views(conn: &mut Conn, t: &Tenant, actor: Option<&Actor>) -> Result<Vec<ProgrammeView>> {
    let rows = q::werkplaats_programmes(conn, t).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let filter = AssignmentFilter {
        members_view: actor.is_some_and(|a| a.is_member(&t.slug)),
        limit: i64::MAX,
        ..AssignmentFilter::default()
    };
    let visible: Vec<i64> = q::assignments(conn, t, &filter).await?.into_iter().map(|a| a.id).collect();
    let named = q::programmes(conn, t).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let wanted = r.name.to_lowercase();
            let mut ids: Vec<i64> = named
                .iter()
                .filter(|(a, p)| p.to_lowercase() == wanted && visible.contains(a))
                .map(|(a, _)| *a)
                .collect();
            ids.dedup();
            ProgrammeView {
                id: r.id,
                name: r.name,
                organisation_id: r.organisation_id,
                organisation: r.organisation,
                assignments: ids.len() as i64,
            }
        })
        .collect())
}

impl Core {
    /// The study programmes of a werkplaats, by hogeschool and name (anyone may read them).
    pub async fn programmes(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<ProgrammeView>> {
        let mut conn = self.store.conn().await?;
        programme_views(&mut conn, tenant, actor).await
    }

    /// The hogescholen of a werkplaats as (id, name), for the form to add a programme.
    pub async fn programme_hogescholen(&self, tenant: &Tenant) -> Result<Vec<(i64, String)>> {
        let mut conn = self.store.conn().await?;
        hogescholen(&mut conn, tenant).await
    }

    /// One study programme of a werkplaats (for the delete confirmation).
    pub async fn programme(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProgrammeView> {
        let mut conn = self.store.conn().await?;
        programme_views(&mut conn, tenant, actor).await?.into_iter().find(|p| p.id == id).ok_or(CoreError::NotFound)
    }

    /// Adds a study programme of one of the werkplaats's hogescholen (coordinators and lectoren).
    pub async fn add_programme(&self, actor: Option<&Actor>, tenant: &Tenant, input: &ProgrammeInput) -> Result<i64> {
        let a = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let mut e = FieldErrors::new();
        let name = e.take("name", BoundedText::<NAME>::parse(&input.name));
        let schools = hogescholen(&mut tx, tenant).await?;
        let school = match &input.organisation {
            OrganisationRef::Id(id) => schools.iter().find(|(s, _)| s == id),
            OrganisationRef::Name(n) => schools.iter().find(|(_, s)| s.eq_ignore_ascii_case(n.trim())),
        };
        if school.is_none() {
            e.push("organisation", FieldErrorKind::Refused { key: NOT_A_HOGESCHOOL });
        }
        let (Some(name), Some((school, _))) = (name, school) else { return Err(e.into()) };
        if q::programme_exists(&mut tx, tenant, *school, name.as_str()).await? {
            return Err(FieldErrors::single("name", FieldErrorKind::Duplicate).into());
        }
        let id = q::insert_programme(&mut tx, tenant, *school, name.as_str()).await?;
        let row = q::werkplaats_programme(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, a, ("programme", id), "create", None, row.as_ref()).await?;
        commit(tx).await?;
        Ok(id)
    }

    /// Removes a study programme (coordinators and lectoren); assignments keep naming it.
    pub async fn delete_programme(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let a = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::werkplaats_programme(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        q::delete_programme(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, a, ("programme", id), "delete", Some(&before), None).await?;
        commit(tx).await?;
        Ok(())
    }
}
