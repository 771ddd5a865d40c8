//! Governance checks through the API on the demo werkplaats: every rule of DOMAIN §3 shown both
//! satisfied and violated by changing the organisation the way a coordinator would.

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/werkplaatsen/zhz";

struct Ctx {
    app: TestApp,
    token: String,
}

impl Ctx {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let token = app.token(COORDINATOR).await;
        Ctx { app, token }
    }
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let r = self.app.api(method.clone(), &format!("{BASE}{path}"), Some(&self.token), body).await;
        assert!(r.status.is_success(), "{method} {path}: {} {}", r.status, r.body);
        if r.body.is_empty() { Value::Null } else { r.json() }
    }
    async fn status(&self, rule: &str) -> String {
        let report = self.call(Method::GET, "/governance", None).await;
        let check = report["checks"].as_array().expect("checks").iter().find(|c| c["rule"] == rule).cloned();
        let check = check.unwrap_or_else(|| panic!("no check {rule}"));
        assert!(!check["message"].as_str().expect("message").is_empty());
        check["status"].as_str().expect("status").to_owned()
    }
    async fn group(&self, name: &str) -> Value {
        let groups = self.call(Method::GET, "/theme-groups", None).await;
        groups["items"].as_array().expect("items").iter().find(|g| g["name"] == name).cloned().expect("group")
    }
    async fn person_named(&self, prefix: &str) -> Value {
        let page = self.call(Method::GET, "/people?limit=200", None).await;
        let id = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|p| p["name"].as_str().is_some_and(|n| n.starts_with(prefix)));
        let id = id.unwrap_or_else(|| panic!("person {prefix}"))["id"].as_i64().expect("id");
        self.call(Method::GET, &format!("/people/{id}"), None).await
    }
    async fn organisation_named(&self, prefix: &str) -> i64 {
        let page = self.call(Method::GET, "/organisations?limit=200", None).await;
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|o| o["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
            .expect("organisation")["id"]
            .as_i64()
            .expect("id")
    }
    /// Writes a person back with `change` applied to its input fields.
    async fn update_person(&self, prefix: &str, change: impl FnOnce(&mut Value)) {
        let p = self.person_named(prefix).await;
        let mut body = json!({
            "name": p["name"], "email": p["email"], "organisation_id": p["organisation_id"],
            "position": p["position"], "is_manager": p["is_manager"], "days_per_week": p["days_per_week"],
            "functions": p["functions"],
        });
        change(&mut body);
        self.call(Method::PUT, &format!("/people/{}", p["id"]), Some(body)).await;
    }
    async fn update_group(&self, name: &str, change: impl FnOnce(&mut Value)) {
        let g = self.group(name).await;
        let mut body = json!({
            "theme_id": g["theme_id"], "lead_person_id": g["lead_person_id"], "description": g["description"],
            "organisation_ids": g["organisation_ids"], "member_ids": g["member_ids"],
        });
        change(&mut body);
        self.call(Method::PUT, &format!("/theme-groups/{}", g["id"]), Some(body)).await;
    }
    async fn update_body(&self, kind: &str, change: impl FnOnce(&mut Value)) {
        let bodies = self.call(Method::GET, "/bodies", None).await;
        let b = bodies["items"].as_array().expect("items").iter().find(|b| b["kind"] == kind).cloned().expect("body");
        let mut body = json!({ "kind": b["kind"], "name": b["name"], "member_ids": b["member_ids"] });
        change(&mut body);
        self.call(Method::PUT, &format!("/bodies/{}", b["id"]), Some(body)).await;
    }
}

#[tokio::test]
async fn the_demo_shows_a_realistic_mix() {
    let c = Ctx::new().await;
    let report = c.call(Method::GET, "/governance", None).await;
    let statuses: Vec<(String, String)> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| (c["rule"].as_str().expect("rule").to_owned(), c["status"].as_str().expect("status").to_owned()))
        .collect();
    let rules: Vec<&str> = statuses.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(rules, broedplaats_core::organisation::governance::RULES);
    let count = |s: &str| statuses.iter().filter(|(_, st)| st == s).count();
    assert!(count("ok") >= 5, "{statuses:?}");
    assert!(count("warning") >= 1, "{statuses:?}");
    assert!(count("violation") >= 1, "{statuses:?}");
    assert!(report["evaluated_at"].as_str().expect("time").ends_with('Z'));
}

#[tokio::test]
async fn governance_is_for_members_only() {
    let c = Ctx::new().await;
    let r = c.app.get(&format!("{BASE}/governance")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let other = c.app.token(OTHER_COORDINATOR).await;
    let r = c.app.api(Method::GET, &format!("{BASE}/governance"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let member = c.app.token(MEMBER).await;
    let r = c.app.api(Method::GET, &format!("{BASE}/governance"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn rule_1_theme_group_partners() {
    let c = Ctx::new().await;
    assert_eq!(c.status("theme_group_min_partners").await, "violation");
    let welzijn = c.organisation_named("Welzijn Drechtoevers").await;
    c.update_group("Professionele veerkracht", |b| {
        b["organisation_ids"].as_array_mut().expect("ids").push(welzijn.into())
    })
    .await;
    assert_eq!(c.status("theme_group_min_partners").await, "ok");
    let hs = c.organisation_named("Hogeschool Maasoever").await;
    c.update_group("Weerbaarheid", |b| {
        b["organisation_ids"].as_array_mut().expect("ids").retain(|id| id.as_i64() != Some(hs));
    })
    .await;
    assert_eq!(c.status("theme_group_min_partners").await, "violation", "a hogeschool is missing");
}

#[tokio::test]
async fn rule_2_theme_group_lead() {
    let c = Ctx::new().await;
    assert_eq!(c.status("theme_group_lead").await, "ok");
    let pim = c.person_named("Pim").await["id"].clone();
    c.update_group("Samen leven", |b| b["lead_person_id"] = pim).await;
    assert_eq!(c.status("theme_group_lead").await, "violation", "a professional is no docent-onderzoeker");
}

#[tokio::test]
async fn rule_3_hogeschool_theme_lead_and_mt() {
    let c = Ctx::new().await;
    assert_eq!(c.status("hogeschool_theme_lead").await, "ok");
    let dirk = c.person_named("Dirk").await["id"].as_i64().expect("id");
    c.update_body("mt", |b| b["member_ids"].as_array_mut().expect("ids").retain(|id| id.as_i64() != Some(dirk))).await;
    assert_eq!(c.status("hogeschool_theme_lead").await, "violation", "a themaleider outside the MT");
}

#[tokio::test]
async fn rule_4_teacher_researcher_time() {
    let c = Ctx::new().await;
    assert_eq!(c.status("teacher_researcher_time").await, "warning", "Sanne's days are not recorded");
    c.update_person("Sanne", |b| b["days_per_week"] = json!(1.0)).await;
    assert_eq!(c.status("teacher_researcher_time").await, "ok");
    c.update_person("Dirk", |b| b["days_per_week"] = json!(0.5)).await;
    assert_eq!(c.status("teacher_researcher_time").await, "violation", "half a day a week is too little");
}

#[tokio::test]
async fn rule_5_mt_composition_and_meetings() {
    let c = Ctx::new().await;
    assert_eq!(c.status("mt_composition_and_meetings").await, "ok");
    // MT meetings are activities of the MT: cancelled meetings do not count.
    let meetings = c.call(Method::GET, "/activities?kind=mt_overleg&limit=200", None).await;
    for m in meetings["items"].as_array().expect("items") {
        c.call(Method::POST, &format!("/activities/{}/cancel", m["id"]), Some(json!({ "reason": "test" }))).await;
    }
    assert_eq!(c.status("mt_composition_and_meetings").await, "violation", "the MT has not met lately");
    // Meetings recorded afterwards for each of the last three months make it right again.
    let mt = c.call(Method::GET, "/bodies", None).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|b| b["kind"] == "mt")
        .map(|b| b["id"].clone())
        .expect("mt");
    let today = chrono::Utc::now().date_naive();
    for back in 1..=3 {
        let day = today.checked_sub_months(chrono::Months::new(back)).expect("date").format("%Y-%m-15");
        let meeting = json!({
            "kind": "mt_overleg", "title": "MT-overleg", "audience": "members", "body_id": mt,
            "starts_at": format!("{day}T10:00"), "ends_at": format!("{day}T12:00"),
        });
        c.call(Method::POST, "/activities", Some(meeting)).await;
    }
    assert_eq!(c.status("mt_composition_and_meetings").await, "ok");
}

#[tokio::test]
async fn rule_6_letter_of_intent_commitments() {
    let c = Ctx::new().await;
    assert_eq!(c.status("letter_of_intent_commitments").await, "warning", "Zorggroep has one small project");
    let zorg = c.organisation_named("Zorggroep De Linde").await;
    let projects = c.call(Method::GET, "/projects", None).await;
    let p = projects["items"].as_array().expect("items").iter().find(|p| p["size"] == "middel").cloned().expect("p");
    let mut body = p.clone();
    let obj = body.as_object_mut().expect("object");
    obj.remove("id");
    obj["organisations"].as_array_mut().expect("orgs").push(json!({ "organisation_id": zorg }));
    c.call(Method::PUT, &format!("/projects/{}", p["id"]), Some(body)).await;
    assert_eq!(c.status("letter_of_intent_commitments").await, "ok", "now in two smaller projects");
}

#[tokio::test]
async fn rule_7_agenda_theme_count() {
    let c = Ctx::new().await;
    assert_eq!(c.status("agenda_theme_count").await, "ok");
    for title in ["Vijfde thema", "Zesde thema"] {
        let r = c
            .app
            .api(Method::POST, &format!("{BASE}/agenda/themes"), Some(&c.token), Some(json!({ "title": title })))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    assert_eq!(c.status("agenda_theme_count").await, "warning", "five main themes");
}

#[tokio::test]
async fn rule_8_theme_groups_organise_knowledge_sharing() {
    let c = Ctx::new().await;
    assert_eq!(c.status("theme_group_knowledge_sharing").await, "ok", "every demo group has a theme meeting");
    let group = c.group("Professionele veerkracht").await;
    let all = c.call(Method::GET, "/activities?kind=themabijeenkomst&limit=200", None).await;
    let of_group: Vec<Value> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|a| a["theme_group_id"] == group["id"])
        .cloned()
        .collect();
    assert!(!of_group.is_empty());
    for a in &of_group {
        c.call(Method::POST, &format!("/activities/{}/cancel", a["id"]), Some(json!({}))).await;
    }
    assert_eq!(c.status("theme_group_knowledge_sharing").await, "violation", "a cancelled meeting does not count");
    // Its own meetings (an MT-overleg) are not knowledge sharing; a leerkring is.
    let starts = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%dT14:00").to_string();
    let ends = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%dT16:00").to_string();
    let activity = |kind: &str| {
        json!({ "kind": kind, "title": "Leren in de wijkverpleging", "audience": "partners",
                "theme_group_id": group["id"], "starts_at": starts, "ends_at": ends })
    };
    c.call(Method::POST, "/activities", Some(activity("mt_overleg"))).await;
    assert_eq!(c.status("theme_group_knowledge_sharing").await, "violation");
    c.call(Method::POST, "/activities", Some(activity("leerkring"))).await;
    assert_eq!(c.status("theme_group_knowledge_sharing").await, "ok");
}

#[tokio::test]
async fn rule_9_two_lectoren() {
    let c = Ctx::new().await;
    assert_eq!(c.status("two_lectoren").await, "ok");
    c.update_person("Roos", |b| b["functions"] = json!(["teacher-researcher", "lector"])).await;
    assert_eq!(c.status("two_lectoren").await, "violation", "three lectoren");
}

#[tokio::test]
async fn thresholds_are_settings_per_werkplaats() {
    let c = Ctx::new().await;
    assert_eq!(c.status("two_lectoren").await, "ok");
    c.call(Method::PUT, "/governance/settings", Some(json!({ "lectoren": 3 }))).await;
    assert_eq!(c.status("two_lectoren").await, "violation");
    let s = c.call(Method::GET, "/governance/settings", None).await;
    assert_eq!(s["lectoren"], 3);
    assert_eq!(s["min_main_themes"], 3, "missing fields keep the ZHZ defaults");
    let member = c.app.token(MEMBER).await;
    let r = c
        .app
        .api(Method::PUT, &format!("{BASE}/governance/settings"), Some(&member), Some(json!({ "lectoren": 1 })))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .app
        .api(Method::PUT, &format!("{BASE}/governance/settings"), Some(&c.token), Some(json!({ "min_main_themes": 5 })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "min above max");
}

#[tokio::test]
async fn changes_are_audited_with_before_and_after() {
    let c = Ctx::new().await;
    c.update_person("Sanne", |b| b["days_per_week"] = json!(1.0)).await;
    let log = c.call(Method::GET, "/audit-log", None).await;
    let entry = &log[0];
    assert_eq!(entry["entity_type"], "person");
    assert_eq!(entry["action"], "update");
    assert_eq!(entry["actor"], "Carla Coördinator (fictief)");
    assert_eq!(entry["before"]["days_per_week"], Value::Null);
    assert_eq!(entry["after"]["days_per_week"], 1.0);
    let member = c.app.token(MEMBER).await;
    let r = c.app.api(Method::GET, &format!("{BASE}/audit-log"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the audit log is for coordinator and lectoren");
}

#[tokio::test]
async fn the_governance_page_speaks_amsterdam_time_and_numbers_agreements_as_the_letters_do() {
    let c = Ctx::new().await;
    let mut b = c.app.logged_in(COORDINATOR).await;
    let r = b.get("/werkplaatsen/zhz/governance").await;
    assert_eq!(r.status, StatusCode::OK);
    let at = r.body.split("<time datetime=\"").nth(1).and_then(|s| s.split('"').next()).expect("a time");
    let utc = chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339");
    let local = utc.with_timezone(&chrono_tz::Europe::Amsterdam).format("om %H:%M uur").to_string();
    assert!(r.body.contains(&local), "shown in Europe/Amsterdam ({local}): {}", r.body);
    assert!(!r.body.contains("(UTC)"));
    assert!(!r.body.contains(": (a) ") && !r.body.contains("; (b) ") && !r.body.contains("; (c) "));
    assert!(!r.body.contains("Minstens drie partners per themagroep"));
}
