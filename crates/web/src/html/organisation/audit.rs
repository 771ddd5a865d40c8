//! The audit log: who changed what in the organisation of a werkplaats, newest first, with the
//! changed fields before and after in words.
use super::bodies::kind_label as body_kind_label;
use super::common::PageQuery;
use super::projects::{size_label, status_label};
use crate::AppState;
use crate::extract::{HtmlPath, Page};
use crate::html::kit::{Ctx, PageResult, four_o_label, render};
use askama::Template;
use axum::extract::{Query, State};
use serde_json::Value;
use std::collections::HashMap;

const AUDIT_PAGE: i64 = 50;

/// The states an invitation's entry records (`status`), each with a label.
const INVITATION_STATES: [&str; 4] = ["open", "resent", "revoked", "accepted"];

pub(crate) struct AuditLine {
    when: String,
    who: String,
    what: String,
    href: Option<String>,
    action: String,
    action_code: String,
    /// (field, before, after)
    changes: Vec<(String, String, String)>,
    changes_label: String,
}

#[derive(Template)]
#[template(path = "organisation/audit.html")]
struct AuditTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    lines: Vec<AuditLine>,
    next: Option<String>,
    first: Option<String>,
}

/// Absent, null, "" and [] all mean "nothing filled in".
fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// The keys whose values differ between before and after (blank values count as equal), `id`
/// aside; in the order of `after`, then keys only in `before`.
fn changed_keys(before: Option<&Value>, after: Option<&Value>) -> Vec<String> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| k.as_str() != "id")
        .filter(|k| {
            let (old, new) = (b.get(*k), a.get(*k));
            !(is_blank(old) && is_blank(new)) && old != new
        })
        .cloned()
        .collect()
}

/// Amsterdam time for a stored UTC timestamp: CET, or CEST from the last Sunday of March to the
/// last Sunday of October (01:00 UTC both).
fn amsterdam(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::{Datelike, NaiveDate};
    let last_sunday = |y: i32, m: u32| {
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
        next.and_then(|d| d.pred_opt()).map(|d| d - chrono::Days::new(d.weekday().num_days_from_sunday().into()))
    };
    let y = utc.year();
    let summer = match (last_sunday(y, 3), last_sunday(y, 10)) {
        (Some(s), Some(e)) => {
            let (s, e) = (s.and_hms_opt(1, 0, 0), e.and_hms_opt(1, 0, 0));
            s.is_some_and(|s| utc >= s) && e.is_some_and(|e| utc < e)
        }
        _ => false,
    };
    utc + chrono::TimeDelta::hours(if summer { 2 } else { 1 })
}

/// "3 november 2022, 14:05" (Amsterdam time) for an RFC 3339 timestamp; unparsable text as is.
fn date_time(page: &Page, at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let local = amsterdam(t.naive_utc());
            format!("{}, {}", page.date(&local.format("%Y-%m-%d").to_string()), local.format("%H:%M"))
        }
        Err(_) => at.to_owned(),
    }
}

const AUDIT_FIELDS: [&str; 43] = [
    "name",
    "title",
    "theme_id",
    "lead_person_id",
    "description",
    "organisation_ids",
    "member_ids",
    "questions",
    "higher_goal",
    "four_os",
    "methods",
    "size",
    "starts_on",
    "ends_on",
    "status",
    "visibility",
    "plan",
    "organisations",
    "people",
    "kind",
    "meetings",
    "city",
    "website",
    "email",
    "organisation_id",
    "position",
    "is_manager",
    "days_per_week",
    "functions",
    "signed_on",
    "representative_id",
    "estimated_hours",
    "estimated_note",
    "theme_title",
    "role",
    "roles",
    "person_id",
    "theme_group_id",
    "self_registration",
    "partner_werkplaatsen",
    "projects",
    "werkplaats",
    "review_note",
];

const ENTITY_TYPES: [&str; 15] = [
    "activity",
    "story",
    "question",
    "approach",
    "knowledge_product",
    "theme_group",
    "project",
    "body",
    "organisation",
    "person",
    "letter_of_intent",
    "invitation",
    "account",
    "werkplaats",
    "association_priority",
];

/// Names the log's accounts entries need beyond `Ctx`: theme groups and accounts by id.
struct Names {
    groups: HashMap<i64, String>,
    accounts: HashMap<i64, String>,
}

fn role_label(page: &Page, code: &str) -> String {
    if broedplaats_domain::Role::parse(code).is_ok() {
        page.t(&format!("org.role.{code}")).to_owned()
    } else {
        code.to_owned()
    }
}

/// The name an entry is about, when its data has no `title` or `name`.
fn entry_name(page: &Page, ctx: &Ctx, names: &Names, entity: &str, id: i64, latest: Option<&Value>) -> Option<String> {
    match entity {
        "invitation" => {
            let role = latest.and_then(|v| v["role"].as_str()).map(|r| role_label(page, r))?;
            match latest.and_then(|v| v["theme_group_id"].as_i64()).and_then(|g| names.groups.get(&g)) {
                Some(g) => Some(page.tr.f("grp.audit.invitation_name", &[("role", &role), ("group", g)])),
                None => Some(role),
            }
        }
        "account" => names.accounts.get(&id).cloned(),
        "werkplaats" => Some(ctx.tenant.name.clone()),
        _ => None,
    }
}

/// A change of a knowledge product's review status in words ("gepubliceerd", "teruggezet naar
/// concept", "ingetrokken"), rather than "gewijzigd".
fn status_step(entity: &str, before: Option<&Value>, after: Option<&Value>) -> Option<&'static str> {
    if entity != "knowledge_product" {
        return None;
    }
    let from = before?.get("status")?.as_str()?;
    let to = after?.get("status")?.as_str()?;
    match (from, to) {
        (_, "published") if from != "published" => Some("grp.audit.action.published"),
        ("concept", "review") => Some("grp.audit.action.offered_for_review"),
        ("review", "concept") => Some("grp.audit.action.sent_back"),
        ("published", "concept") => Some("grp.audit.action.withdrawn"),
        _ => None,
    }
}

fn shorten_text(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max).collect::<String>() + "…" }
}

/// A value from the audit log in words: ids become names, codes labels, lists are joined.
fn show_value(page: &Page, ctx: &Ctx, names: &Names, entity: &str, key: &str, v: Option<&Value>) -> String {
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    };
    let Some(v) = v.filter(|v| !is_blank(Some(v))) else { return "—".into() };
    match (key, v) {
        ("theme_id", Value::Number(n)) => n.as_i64().map(|id| ctx.theme_title(id)).unwrap_or_default(),
        ("lead_person_id" | "representative_id", Value::Number(n)) => {
            n.as_i64().map(|id| ctx.person_name(id)).unwrap_or_default()
        }
        ("organisation_id", Value::Number(n)) => n.as_i64().map(|id| ctx.org_name(id)).unwrap_or_default(),
        ("organisation_ids", _) => ids(v).iter().map(|id| ctx.org_name(*id)).collect::<Vec<_>>().join(", "),
        ("member_ids", _) => ids(v).iter().map(|id| ctx.person_name(*id)).collect::<Vec<_>>().join(", "),
        ("organisations", Value::Array(a)) => a
            .iter()
            .map(|o| {
                let name = o["organisation_id"].as_i64().map(|id| ctx.org_name(id)).unwrap_or_default();
                match o["contribution"].as_str().filter(|s| !s.is_empty()) {
                    Some(c) => format!("{name} ({c})"),
                    None => name,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        ("people", Value::Array(a)) => a
            .iter()
            .map(|o| {
                let name = o["person_id"].as_i64().map(|id| ctx.person_name(id)).unwrap_or_default();
                match o["role"].as_str().filter(|s| !s.is_empty()) {
                    Some(r) => format!("{name} ({r})"),
                    None => name,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        ("status", Value::String(s)) if entity == "project" => status_label(page, s),
        ("status", Value::String(s))
            if entity == "knowledge_product" && ["concept", "review", "published"].contains(&s.as_str()) =>
        {
            page.t(&format!("kb.status.{s}")).to_owned()
        }
        ("status", Value::String(s)) if entity == "invitation" && INVITATION_STATES.contains(&s.as_str()) => {
            page.t(&format!("grp.audit.invitation.{s}")).into()
        }
        ("role", Value::String(s)) => role_label(page, s),
        ("roles", Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(|r| role_label(page, r)).collect::<Vec<_>>().join(", ")
        }
        ("person_id", Value::Number(n)) => n.as_i64().map(|id| ctx.person_name(id)).unwrap_or_default(),
        ("theme_group_id", Value::Number(n)) => {
            n.as_i64().and_then(|id| names.groups.get(&id).cloned()).unwrap_or_else(|| format!("#{n}"))
        }
        ("size", Value::String(s)) if entity == "project" => size_label(page, s),
        ("kind", Value::String(s)) if entity == "body" => body_kind_label(page, s),
        ("visibility", Value::String(s)) if matches!(s.as_str(), "public" | "members") => {
            page.t(&format!("grp.visibility.{s}")).into()
        }
        ("four_os", Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(|o| four_o_label(page, o)).collect::<Vec<_>>().join(", ")
        }
        ("meetings", Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(|d| page.date(d)).collect::<Vec<_>>().join(", ")
        }
        ("starts_on" | "ends_on" | "signed_on", Value::String(s)) => page.date(s),
        (_, Value::Bool(b)) => page.t(if *b { "grp.yes" } else { "grp.no" }).into(),
        (_, Value::String(s)) => shorten_text(s, 400),
        (_, Value::Array(a)) if a.iter().all(Value::is_string) => {
            a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
        }
        (_, other) => shorten_text(&other.to_string(), 400),
    }
}

pub(super) async fn audit_log(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let names = Names {
        groups: state.core.theme_groups(&ctx.tenant).await?.into_iter().map(|g| (g.id, g.name)).collect(),
        // Only coordinators and lectoren list accounts; others see the entry's number.
        accounts: match state.core.members(page.actor.as_ref(), &ctx.tenant, None, 200).await {
            Ok(p) => p.items.into_iter().map(|m| (m.account_id, m.name)).collect(),
            Err(_) => HashMap::new(),
        },
    };
    let before_id = q.voor.as_deref().and_then(|v| v.trim().parse::<i64>().ok()).filter(|v| *v > 0);
    let rows = state.core.audit_log(page.actor.as_ref(), &ctx.tenant, before_id, AUDIT_PAGE).await?;
    let base = ctx.base();
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok());
    let lines = rows
        .iter()
        .map(|r| {
            let (before, after) = (parse(&r.before), parse(&r.after));
            let entity = r.entity_type.as_str();
            let latest = after.as_ref().or(before.as_ref());
            let name = latest
                .and_then(|v| v.get("title").or_else(|| v.get("name")).and_then(Value::as_str).map(str::to_owned))
                .or_else(|| entry_name(&page, &ctx, &names, entity, r.entity_id, latest))
                .or_else(|| latest.and_then(|v| v["organisation_id"].as_i64()).map(|id| ctx.org_name(id)))
                // Some entries keep only the title as their data (a deleted product).
                .or_else(|| latest.and_then(Value::as_str).map(str::to_owned))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| page.f1("grp.audit.unnamed", "id", r.entity_id));
            let kind = if ENTITY_TYPES.contains(&entity) {
                page.t(&format!("grp.audit.entity.{entity}")).to_owned()
            } else {
                entity.to_owned()
            };
            let path = match entity {
                "theme_group" => Some("themagroepen"),
                "project" => Some("projecten"),
                "body" => Some("organen"),
                "organisation" => Some("organisaties"),
                "person" => Some("mensen"),
                "letter_of_intent" => Some("intentieovereenkomsten"),
                "knowledge_product" => Some("kennis"),
                "activity" => Some("activiteiten"),
                "question" => Some("praktijkvragen"),
                "approach" => Some("aanpakken"),
                "story" => Some("verhalen"),
                _ => None,
            };
            let mut keys = changed_keys(before.as_ref(), after.as_ref());
            keys.sort_by_key(|k| AUDIT_FIELDS.iter().position(|f| f == k).unwrap_or(usize::MAX));
            let changes: Vec<(String, String, String)> = keys
                .into_iter()
                .map(|k| {
                    let label = if AUDIT_FIELDS.contains(&k.as_str()) {
                        page.t(&format!("grp.audit.field.{k}")).to_owned()
                    } else {
                        k.clone()
                    };
                    let show = |v: &Option<Value>| {
                        show_value(&page, &ctx, &names, entity, &k, v.as_ref().and_then(|v| v.get(&k)))
                    };
                    (label, show(&before), show(&after))
                })
                .collect();
            let action_code = match r.action.as_str() {
                a @ ("create" | "update" | "delete") => a.to_owned(),
                _ => "other".to_owned(),
            };
            AuditLine {
                when: date_time(&page, &r.at),
                who: r.actor_name.clone(),
                what: format!("{kind}: {name}"),
                href: path.filter(|_| r.action != "delete").map(|p| format!("{base}/{p}/{}", r.entity_id)),
                action: match status_step(entity, before.as_ref(), after.as_ref()) {
                    Some(key) => page.t(key).to_owned(),
                    None if action_code == "other" => r.action.clone(),
                    None => page.t(&format!("grp.audit.action.{action_code}")).to_owned(),
                },
                changes_label: match action_code.as_str() {
                    "create" => page.f1("grp.audit.changes_create", "n", changes.len()),
                    "delete" => page.f1("grp.audit.changes_delete", "n", changes.len()),
                    _ => page.f1("grp.audit.changes", "n", changes.len()),
                },
                action_code,
                changes,
            }
        })
        .collect();
    Ok(render(&AuditTemplate {
        title: page.t("grp.audit.title"),
        next: (rows.len() as i64 == AUDIT_PAGE)
            .then(|| rows.last().map(|r| format!("{base}/logboek?voor={}", r.id)))
            .flatten(),
        first: before_id.map(|_| format!("{base}/logboek")),
        slug: ctx.slug().to_owned(),
        tenant_name: ctx.tenant.name.clone(),
        lines,
        page,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_keys_compare_before_and_after() {
        let before = json!({"id": 1, "name": "MT", "member_ids": [1, 2], "meetings": []});
        let after = json!({"id": 1, "name": "Managementteam", "member_ids": [1, 2], "meetings": ["2024-01-10"]});
        let mut keys = changed_keys(Some(&before), Some(&after));
        keys.sort();
        assert_eq!(keys, ["meetings", "name"]);
        // created: every filled-in field except the id; deleted: likewise (the empty list aside)
        let mut created = changed_keys(None, Some(&after));
        created.sort();
        assert_eq!(created, ["meetings", "member_ids", "name"]);
        let mut deleted = changed_keys(Some(&before), None);
        deleted.sort();
        assert_eq!(deleted, ["member_ids", "name"]);
        // a key that disappears counts as changed; null and absent are the same
        assert_eq!(changed_keys(Some(&json!({"a": 1, "b": null})), Some(&json!({}))), ["a"]);
        assert!(changed_keys(Some(&json!({"a": [1]})), Some(&json!({"a": [1]}))).is_empty());
        // blank is blank: nothing to report for fields left empty
        assert!(changed_keys(None, Some(&json!({"a": "", "b": [], "c": null}))).is_empty());
        assert_eq!(changed_keys(Some(&json!({"a": ""})), Some(&json!({"a": "x"}))), ["a"]);
    }

    #[test]
    fn amsterdam_time_follows_summer_time() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map(|t| t.naive_utc()).ok();
        let fmt = |t: Option<chrono::NaiveDateTime>| t.map(|t| amsterdam(t).format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(fmt(at("2024-01-15T12:00:00Z")), Some("2024-01-15 13:00".into()));
        assert_eq!(fmt(at("2024-07-15T12:00:00Z")), Some("2024-07-15 14:00".into()));
        // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC
        assert_eq!(fmt(at("2024-03-31T00:59:00Z")), Some("2024-03-31 01:59".into()));
        assert_eq!(fmt(at("2024-03-31T01:00:00Z")), Some("2024-03-31 03:00".into()));
        assert_eq!(fmt(at("2024-10-27T00:59:00Z")), Some("2024-10-27 02:59".into()));
        assert_eq!(fmt(at("2024-10-27T01:00:00Z")), Some("2024-10-27 02:00".into()));
        assert_eq!(fmt(at("2024-12-31T23:30:00Z")), Some("2025-01-01 00:30".into()));
    }
}
