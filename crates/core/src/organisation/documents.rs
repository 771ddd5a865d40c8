//! What a project looks like in the search index.
use crate::Result;
use crate::kernel::BoxFuture;
use crate::kernel::search::DocSource;
use broedplaats_search::{Doc, Facets};
use broedplaats_store::{Conn, Tenant};
use chrono::NaiveDate;

/// The document type of projects in the index.
pub const PROJECT: &str = "project";

pub const PROJECT_SOURCE: DocSource = DocSource { doc_type: PROJECT, ids: project_ids, build: project_doc };

fn project_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move {
        Ok(broedplaats_store::organisation::projects(conn, tenant, None, true).await?.iter().map(|p| p.id).collect())
    })
}

fn json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn project_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(p) = broedplaats_store::organisation::project(conn, tenant, id).await? else { return Ok(None) };
        let questions = json_list(&p.questions).join("\n");
        Ok(Some(Doc {
            doc_type: PROJECT.into(),
            id,
            werkplaats: slug.clone(),
            title: p.title,
            summary: p.higher_goal,
            body: questions,
            attachments: String::new(),
            url: format!("/werkplaatsen/{slug}/projecten/{id}"),
            date: p.starts_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            facets: Facets {
                four_os: json_list(&p.four_os),
                year: p.starts_on.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()),
                ..Facets::default()
            },
            acl: if p.visibility == "public" { vec!["public".into()] } else { vec![format!("wp:{slug}")] },
        }))
    })
}
