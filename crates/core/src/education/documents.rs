//! What an assignment looks like in the general search. Only open, public assignments are
//! public; every other one is found by the werkplaats's members (`wp:<slug>`).
use crate::Result;
use crate::kernel::BoxFuture;
use crate::kernel::search::{DocSource, plain_text};
use broedplaats_search::{Doc, Facets};
use broedplaats_store::education::{self as q, AssignmentFilter};
use broedplaats_store::{Conn, Tenant};
use chrono::NaiveDate;

/// The document type of assignments in the index.
pub const ASSIGNMENT: &str = "assignment";

pub const ASSIGNMENT_SOURCE: DocSource = DocSource { doc_type: ASSIGNMENT, ids: assignment_ids, build: assignment_doc };

fn assignment_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move {
        let filter = AssignmentFilter { members_view: true, limit: i64::MAX, ..AssignmentFilter::default() };
        Ok(q::assignments(conn, tenant, &filter).await?.iter().map(|a| a.id).collect())
    })
}

fn assignment_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(a) = q::assignment(conn, tenant, id).await? else { return Ok(None) };
        let programmes: Vec<String> =
            q::programmes(conn, tenant).await?.into_iter().filter(|(x, _)| *x == id).map(|(_, p)| p).collect();
        let body =
            [plain_text(&a.question), plain_text(&a.description), plain_text(&a.deliverables), programmes.join(", ")]
                .join("\n");
        let public = a.visibility == "public";
        Ok(Some(Doc {
            doc_type: ASSIGNMENT.into(),
            id,
            werkplaats: slug.clone(),
            title: a.title,
            summary: format!("{} · {}", a.kind, programmes.join(", ")),
            body,
            attachments: String::new(),
            url: format!("/werkplaatsen/{slug}/opdrachten/{id}"),
            date: a.starts_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            facets: Facets {
                kind: Some(a.kind),
                four_os: vec!["onderwijs".into()],
                year: a.starts_on.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()),
                ..Facets::default()
            },
            acl: if public { vec!["public".into()] } else { vec![format!("wp:{slug}")] },
        }))
    })
}
