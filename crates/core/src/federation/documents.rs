//! Harvested records in the search index: public, typed `harvested`, with the original URL as the
//! hit's `url` and no werkplaats facet (they are no werkplaats's own work); the outbox row and a
//! rebuild carry them under the werkplaats their source was registered for.
use crate::Result;
use crate::kernel::BoxFuture;
use crate::kernel::search::DocSource;
use broedplaats_search::{Doc, Facets};
use broedplaats_store::harvest as q;
use broedplaats_store::{Conn, Tenant};

pub const HARVESTED: &str = "harvested";
pub const HARVESTED_SOURCE: DocSource = DocSource { doc_type: HARVESTED, ids: record_ids, build: record_doc };

fn record_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move { Ok(q::record_ids(conn, tenant).await?) })
}

fn record_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let Some(r) = q::record(conn, tenant, id).await? else { return Ok(None) };
        let year = r.date.get(..4).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1000..=9999).contains(y));
        let date = chrono::NaiveDate::parse_from_str(r.date.get(..10).unwrap_or_default(), "%Y-%m-%d").ok();
        let body = [r.creators.as_str(), r.subjects.as_str()].join("\n");
        Ok(Some(Doc {
            doc_type: HARVESTED.into(),
            id: r.id,
            werkplaats: String::new(),
            title: r.title,
            summary: r.description,
            body,
            attachments: String::new(),
            url: r.url,
            date,
            facets: Facets { year, organisations: vec![r.source_name], ..Facets::default() },
            acl: vec!["public".into()],
        }))
    })
}
