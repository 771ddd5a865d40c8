//! What knowledge products, stories, practice questions and approaches look like in the search
//! index, and who may find them (their access lists).
use crate::Result;
use crate::kernel::BoxFuture;
use crate::kernel::search::{DocSource, plain_text};
use broedplaats_search::{Doc, Facets};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks, KnowledgeTable};
use broedplaats_store::{Conn, Tenant};
use chrono::NaiveDate;

/// Document types in the index.
pub const PRODUCT: &str = "knowledge_product";
pub const STORY: &str = "story";
pub const QUESTION: &str = "question";
pub const APPROACH: &str = "approach";

pub const PRODUCT_SOURCE: DocSource = DocSource { doc_type: PRODUCT, ids: product_ids, build: product_doc };
pub const STORY_SOURCE: DocSource = DocSource { doc_type: STORY, ids: story_ids, build: story_doc };
pub const QUESTION_SOURCE: DocSource = DocSource { doc_type: QUESTION, ids: question_ids, build: question_doc };
pub const APPROACH_SOURCE: DocSource = DocSource { doc_type: APPROACH, ids: approach_ids, build: approach_doc };

fn product_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move { Ok(q::all_ids(conn, tenant, KnowledgeTable::Products).await?) })
}

fn story_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move { Ok(q::all_ids(conn, tenant, KnowledgeTable::Stories).await?) })
}

fn question_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move { Ok(q::all_ids(conn, tenant, KnowledgeTable::Questions).await?) })
}

fn approach_ids<'a>(conn: &'a mut Conn, tenant: &'a Tenant) -> BoxFuture<'a, Result<Vec<i64>>> {
    Box::pin(async move { Ok(q::all_ids(conn, tenant, KnowledgeTable::Approaches).await?) })
}

/// The access list of a knowledge product's visibility.
pub fn product_acl(tenant: &Tenant, visibility: &str, theme_group_id: Option<i64>) -> Vec<String> {
    match (visibility, theme_group_id) {
        ("public", _) => vec!["public".into()],
        ("theme_group", Some(g)) => vec![format!("tg:{g}"), format!("mgr:{}", tenant.slug)],
        _ => vec![format!("wp:{}", tenant.slug)],
    }
}

/// The access list of a story: published stories are public, others for partners; withdrawn
/// stories for nobody.
/// Who finds a question: everyone, or the werkplaats's members (and national partners once it
/// was handed to the national side).
pub fn question_acl(tenant: &Tenant, visibility: &str, handed_national: bool) -> Vec<String> {
    if visibility == "public" {
        return vec!["public".into()];
    }
    let mut acl = vec![format!("wp:{}", tenant.slug)];
    if handed_national {
        acl.push("national".into());
    }
    acl
}

pub fn story_acl(tenant: &Tenant, s: &q::StoryRow) -> Vec<String> {
    if s.withdrawn_at.is_some() {
        vec![]
    } else if s.consent_use == "publication" {
        vec!["public".into()]
    } else {
        vec![format!("wp:{}", tenant.slug)]
    }
}

fn json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn names(links: Vec<(i64, String)>) -> Vec<String> {
    links.into_iter().map(|(_, n)| n).collect()
}

fn product_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(p) = q::product(conn, tenant, id).await? else { return Ok(None) };
        if p.status != "published" {
            return Ok(None);
        }
        let mut organisations = names(q::linked(conn, tenant, KnowledgeLinks::ProductOrganisations, id).await?);
        let people = names(q::linked(conn, tenant, KnowledgeLinks::ProductPeople, id).await?);
        let date = p.published_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let year = p.year.and_then(|y| i32::try_from(y).ok());
        let mut body = plain_text(&p.body);
        for name in people.iter().chain(json_list(&p.author_names).iter()) {
            body.push(' ');
            body.push_str(name);
        }
        organisations.sort();
        Ok(Some(Doc {
            doc_type: PRODUCT.into(),
            id,
            werkplaats: slug.clone(),
            title: p.title,
            summary: p.summary,
            body,
            attachments: q::files_text(conn, tenant, id).await?.join("\n"),
            url: format!("/werkplaatsen/{slug}/kennis/{id}"),
            date: date.or_else(|| year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))),
            facets: Facets {
                kind: Some(p.kind),
                themes: names(q::linked(conn, tenant, KnowledgeLinks::ProductThemes, id).await?),
                kwesties: names(q::linked(conn, tenant, KnowledgeLinks::ProductKwesties, id).await?),
                year: year.or_else(|| date.map(|d| chrono::Datelike::year(&d))),
                organisations,
                four_os: json_list(&p.four_os),
                audiences: json_list(&p.audiences),
            },
            acl: product_acl(tenant, &p.visibility, p.theme_group_id),
        }))
    })
}

fn story_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(s) = q::story(conn, tenant, id).await? else { return Ok(None) };
        let acl = story_acl(tenant, &s);
        if acl.is_empty() {
            return Ok(None);
        }
        Ok(Some(Doc {
            doc_type: STORY.into(),
            id,
            werkplaats: slug.clone(),
            title: s.title,
            summary: s.social_quality,
            body: s.text,
            attachments: String::new(),
            url: format!("/werkplaatsen/{slug}/verhalen/{id}"),
            date: s.created_at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            facets: Facets {
                kind: Some(format!("verhaal_{}", s.narrator_role)),
                themes: names(q::linked(conn, tenant, KnowledgeLinks::StoryThemes, id).await?),
                kwesties: names(q::linked(conn, tenant, KnowledgeLinks::StoryKwesties, id).await?),
                year: s.created_at.get(..4).and_then(|y| y.parse().ok()),
                ..Facets::default()
            },
            acl,
        }))
    })
}

fn question_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(question) = q::question(conn, tenant, id).await? else { return Ok(None) };
        let acl = question_acl(tenant, &question.visibility, question.handed_national_at.is_some());
        Ok(Some(Doc {
            doc_type: QUESTION.into(),
            id,
            werkplaats: slug.clone(),
            title: question.title,
            summary: String::new(),
            body: plain_text(&question.explanation),
            attachments: String::new(),
            url: format!("/werkplaatsen/{slug}/praktijkvragen/{id}"),
            date: question.created_at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            facets: Facets {
                kwesties: names(q::linked(conn, tenant, KnowledgeLinks::QuestionKwesties, id).await?),
                year: question.created_at.get(..4).and_then(|y| y.parse().ok()),
                ..Facets::default()
            },
            acl,
        }))
    })
}

fn approach_doc<'a>(conn: &'a mut Conn, tenant: &'a Tenant, id: i64) -> BoxFuture<'a, Result<Option<Doc>>> {
    Box::pin(async move {
        let slug = &tenant.slug;
        let Some(a) = q::approach(conn, tenant, id).await? else { return Ok(None) };
        let body = [
            &a.goal,
            &a.target_group,
            &a.method,
            &a.working_elements,
            &a.rationale,
            &a.research,
            &a.preconditions,
            &a.context,
        ]
        .iter()
        .map(|s| plain_text(s))
        .collect::<Vec<_>>()
        .join("\n");
        Ok(Some(Doc {
            doc_type: APPROACH.into(),
            id,
            werkplaats: slug.clone(),
            title: a.title,
            summary: a.summary,
            body,
            attachments: String::new(),
            url: format!("/werkplaatsen/{slug}/aanpakken/{id}"),
            date: a.created_at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            facets: Facets {
                kind: Some(a.kind),
                themes: names(q::linked(conn, tenant, KnowledgeLinks::ApproachThemes, id).await?),
                kwesties: names(q::linked(conn, tenant, KnowledgeLinks::ApproachKwesties, id).await?),
                year: a.created_at.get(..4).and_then(|y| y.parse().ok()),
                ..Facets::default()
            },
            acl: vec!["public".into()],
        }))
    })
}
