//! The objects the matrix's path parameters name: the demo data of zhz and voorbeeld (with the
//! demo knowledge base), three more accounts, and a few objects made for the purpose.
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;

pub const CITIZEN: &str = "burger@zhz.example";
pub const LEAD: &str = "themaleider@zhz.example";
pub const NATIONAL: &str = "kennispartner@landelijk.example";
const ZHZ: &str = "/api/v1/werkplaatsen/zhz";

/// Path parameter values by "kind" or "kind:fixture".
pub struct Fixtures(HashMap<String, String>);

async fn items(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let r = app.api(Method::GET, path, Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.json()["items"].as_array().cloned().unwrap_or_else(|| panic!("{path}: no items: {}", r.body))
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let r = app.api(Method::POST, path, Some(token), Some(body)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r.json()
}

fn id(v: &Value) -> String {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id: {v}")).to_string()
}

impl Fixtures {
    pub async fn build(app: &TestApp) -> Fixtures {
        assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));
        let core = &app.core;
        core.create_user(CITIZEN, "Bea Burger (account)", "zhz", "citizen", PASSWORD).await.expect("citizen");
        core.create_user(LEAD, "Tom Themaleider (account)", "zhz", "theme-lead", PASSWORD).await.expect("lead");
        core.create_national_partner(NATIONAL, "Nina Kennispartner (account)", "Landelijk Kennisinstituut", PASSWORD)
            .await
            .expect("national partner");
        let coord = app.token(COORDINATOR).await;
        let other = app.token(OTHER_COORDINATOR).await;
        let mut fx = HashMap::new();
        let mut put = |k: &str, v: String| {
            fx.insert(k.to_owned(), v);
        };

        // The themaleider leads "Samen leven"; `group:other` is a group they do not lead.
        let people = items(app, &coord, &format!("{ZHZ}/people?limit=200")).await;
        let lead_person = people.iter().find(|p| p["email"] == LEAD).expect("lead's person record")["id"].clone();
        let groups = items(app, &coord, &format!("{ZHZ}/theme-groups")).await;
        let named = |n: &str| groups.iter().find(|g| g["name"] == n).cloned().expect("group");
        let (samen, weerbaar) = (named("Samen leven"), named("Weerbaarheid"));
        let body = json!({
            "theme_id": samen["theme_id"], "lead_person_id": lead_person, "description": samen["description"],
            "organisation_ids": samen["organisation_ids"], "member_ids": samen["member_ids"],
        });
        let r = app.api(Method::PUT, &format!("{ZHZ}/theme-groups/{}", samen["id"]), Some(&coord), Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        put("group", id(&samen));
        put("samen_theme", samen["theme_id"].to_string());
        put("other_theme", weerbaar["theme_id"].to_string());
        put("lead_person", lead_person.to_string());
        put("group:other", id(&weerbaar));
        put("group:del", id(&named("Professionele veerkracht")));
        put("group:del2", id(&named("Thuiswonende ouderen")));

        // Themes: a fresh one per destroying row, so no theme group or project hangs on it.
        let agenda = app.agenda("zhz").await;
        let theme = &agenda["themes"][0];
        put("theme", id(theme));
        put("option", id(&theme["project_options"][0]));
        for (n, key) in ["theme:del", "theme:del2"].iter().enumerate() {
            let t = created(app, &coord, &format!("{ZHZ}/agenda/themes"), new_theme(n)).await;
            put(key, id(&t["theme"]));
            put(&key.replace("theme", "option"), id(&t["theme"]["project_options"][0]));
        }

        // Projects in the themaleider's theme and in another one.
        let projects = items(app, &coord, &format!("{ZHZ}/projects")).await;
        let in_theme = |t: &Value| projects.iter().filter(|p| p["theme_id"] == *t).cloned().collect::<Vec<_>>();
        put("project", id(&in_theme(&samen["theme_id"])[0]));
        put("project:other", id(&in_theme(&weerbaar["theme_id"])[0]));
        let members_only = json!({ "theme_id": samen["theme_id"], "title": "Besloten", "four_os": ["onderzoek"],
                                   "size": "klein", "status": "idee", "visibility": "members" });
        put("project:members", id(&created(app, &coord, &format!("{ZHZ}/projects"), members_only).await));
        for key in ["project:del", "project:del2"] {
            let body = json!({ "theme_id": samen["theme_id"], "title": key, "four_os": ["onderzoek"],
                               "size": "klein", "status": "idee", "visibility": "public" });
            put(key, id(&created(app, &coord, &format!("{ZHZ}/projects"), body).await));
        }

        // Organisations, people, letters, bodies: the first, and made ones to destroy.
        let orgs = items(app, &coord, &format!("{ZHZ}/organisations")).await;
        put("organisation", id(&orgs[0]));
        for key in ["organisation:del", "organisation:del2"] {
            let body = json!({ "name": key, "kind": "overig" });
            put(key, id(&created(app, &coord, &format!("{ZHZ}/organisations"), body).await));
        }
        put("person", id(&people[0]));
        for key in ["person:del", "person:del2"] {
            let body = json!({ "name": key });
            put(key, id(&created(app, &coord, &format!("{ZHZ}/people"), body).await));
        }
        let letters = items(app, &coord, &format!("{ZHZ}/letters-of-intent")).await;
        put("letter", id(&letters[0]));
        put("letter:del", id(&letters[1]));
        put("letter:del2", id(&letters[2]));
        let bodies = items(app, &coord, &format!("{ZHZ}/bodies")).await;
        put("body", id(&bodies[0]));
        put("body:del", id(&bodies[bodies.len() - 1]));
        put("body:del2", id(&bodies[bodies.len() - 2]));
        let voorbeeld_people = items(app, &other, "/api/v1/werkplaatsen/voorbeeld/people?limit=200").await;
        put("person:foreign", id(&voorbeeld_people[0]));

        // Activities: a public one with a registration (for the cancel link), a members-only one.
        let activities = items(app, &coord, &format!("{ZHZ}/activities")).await;
        let upcoming = |a: &&Value| {
            a["starts_at"].as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                > Some(chrono::Utc::now().into())
        };
        let public: Vec<&Value> = activities.iter().filter(|a| a["audience"] == "public").filter(upcoming).collect();
        let members = activities.iter().find(|a| a["audience"] == "members").expect("a members-only activity");
        put("activity", id(public[0]));
        put("activity:members", id(members));
        let theirs = json!({ "kind": "kenniscafe", "title": "Elders", "starts_at": "2031-03-04T10:00",
                             "ends_at": "2031-03-04T11:00", "audience": "public" });
        let path = "/api/v1/werkplaatsen/voorbeeld/activities";
        put("activity:foreign", id(&created(app, &other, path, theirs).await));
        put("activity:del", id(public[1]));
        put("activity:del2", id(public[2]));
        for (key, a) in [("token", public[0]), ("token:del", public[1]), ("token:del2", public[2])] {
            let activity = a["id"].as_i64().expect("id");
            let body = json!({ "name": "Rita Registrant", "email": "rita@voorbeeld.example" });
            created(app, &coord, &format!("{ZHZ}/activities/{activity}/registrations"), body).await;
            let url = app.cancel_url("zhz", activity, "rita@voorbeeld.example").await;
            let token = url.rsplit("/afmelden/").next().and_then(|t| t.split('?').next()).expect("token");
            put(key, token.to_owned());
        }

        // Knowledge products: public, members-only ("partners"), a draft, and one of voorbeeld.
        let products = items(app, &coord, &format!("{ZHZ}/knowledge-products?limit=100")).await;
        let by_visibility = |v: &str| products.iter().find(|p| p["visibility"] == v).cloned().expect("product");
        put("product", id(&by_visibility("public")));
        put("product:members", id(&by_visibility("partners")));
        let draft = json!({ "kind": "werkvorm", "title": "Concept", "summary": "Nog niet gepubliceerd." });
        put("product:draft", id(&created(app, &coord, &format!("{ZHZ}/knowledge-products"), draft).await));
        for key in ["product:del", "product:del2"] {
            let body = json!({ "kind": "werkvorm", "title": key, "summary": "Om te verwijderen.",
                               "status": "published" });
            put(key, id(&created(app, &coord, &format!("{ZHZ}/knowledge-products"), body).await));
        }
        let theirs = json!({ "kind": "werkvorm", "title": "Elders", "summary": "Van een andere werkplaats.",
                             "status": "published" });
        let path = "/api/v1/werkplaatsen/voorbeeld/knowledge-products";
        put("product:foreign", id(&created(app, &other, path, theirs).await));

        // Questions, approaches, stories and kwesties of the demo knowledge base.
        for (kind, path) in [("question", "questions"), ("approach", "approaches"), ("story", "stories")] {
            let list = items(app, &coord, &format!("{ZHZ}/{path}")).await;
            put(kind, id(&list[0]));
            // What anonymous visitors see of it: for stories, one with consent for publication.
            let public = app.api(Method::GET, &format!("{ZHZ}/{path}"), None, None).await.json();
            put(&format!("{kind}:public"), id(&public["items"][0]));
            put(&format!("{kind}:del"), id(&list[list.len() - 1]));
            put(&format!("{kind}:del2"), id(&list[list.len() - 2]));
        }
        let kwesties = items(app, &coord, "/api/v1/kwesties").await;
        put("kwestie", id(&kwesties[0]));
        // Accounts and invitations (issue 13): the member's account, another werkplaats's
        // coordinator's, and invitations aged past the resend limit, one per writing row.
        let members = items(app, &coord, &format!("{ZHZ}/members?limit=200")).await;
        let lid = members.iter().find(|m| m["email"] == crate::common::MEMBER).expect("member account");
        put("account", lid["account_id"].to_string());
        let theirs = items(app, &other, "/api/v1/werkplaatsen/voorbeeld/members?limit=200").await;
        put("account:foreign", theirs[0]["account_id"].to_string());
        let tenant = core.tenant("zhz").await.expect("zhz");
        // Into the themaleider's group, so they handle them as the coordinator does.
        let group = samen["id"].as_i64().expect("group id");
        for (n, key) in ["invitation", "invitation:del", "invitation:del2", "invitation:del3"].iter().enumerate() {
            let body =
                json!({ "email": format!("uitgenodigd{n}@zhz.example"), "role": "student", "theme_group_id": group });
            let made = created(app, &coord, &format!("{ZHZ}/invitations"), body).await;
            let id = made["id"].as_i64().expect("invitation id");
            core.age_invitation_for_tests(&tenant, id, "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z")
                .await
                .expect("aged");
            put(key, id.to_string());
        }
        let body = json!({ "email": "elders@voorbeeld.example", "role": "student" });
        put("invitation:foreign", id(&created(app, &other, "/api/v1/werkplaatsen/voorbeeld/invitations", body).await));

        // A third made theme for the project option a destroying row deletes (del3).
        let t = created(app, &coord, &format!("{ZHZ}/agenda/themes"), new_theme(3)).await;
        put("theme:del3", id(&t["theme"]));
        put("option:del3", id(&t["theme"]["project_options"][0]));
        // The coordinator's own API tokens and sessions (no one else's: they answer 404).
        let coord_actor = core.actor_for_api_token(&coord).await.expect("query").expect("coordinator");
        for key in ["apitoken", "apitoken:del", "apitoken:del2"] {
            let made = core.create_my_token(Some(&coord_actor), "Autorisatietest", None).await.expect("token");
            put(key, made.id.to_string());
        }
        for _ in 0..2 {
            core.login(COORDINATOR, PASSWORD, None).await.expect("a session of the coordinator");
        }
        let sessions = core.my_sessions(Some(&coord_actor), None).await.expect("sessions");
        put("session:del", sessions[0].id.to_string());
        put("session:del2", sessions[1].id.to_string());
        for (key, value) in cocreation(app, &coord_actor).await {
            put(&key, value);
        }
        // The lemniscate (issue 16): a question for zhz's members only, one for members only that
        // the coordinator handed to the national side (so the national partner reads and moves
        // it), and one of voorbeeld.
        let members_only = json!({ "title": "Besloten praktijkvraag", "visibility": "members" });
        put("question:members", id(&created(app, &coord, &format!("{ZHZ}/questions"), members_only.clone()).await));
        let handed = created(app, &coord, &format!("{ZHZ}/questions"), members_only).await;
        let to_national = json!({ "movement": "verspreiden", "step": "agenderen" });
        created(app, &coord, &format!("{ZHZ}/questions/{}/moves", id(&handed)), to_national).await;
        put("question:national", id(&handed));
        let theirs = json!({ "title": "Een vraag van elders" });
        put("question:foreign", id(&created(app, &other, "/api/v1/werkplaatsen/voorbeeld/questions", theirs).await));
        for (key, value) in association(app, &coord).await {
            put(&key, value);
        }
        // Following (issue 17): two follows of the coordinator, one per destroying row; anyone
        // else's attempt on them answers 404.
        use broedplaats_core::following::FollowTarget;
        let zhz_follow =
            core.follow(Some(&coord_actor), &FollowTarget::Werkplaats("zhz".into())).await.expect("follow");
        put("follow:del", zhz_follow.0.to_string());
        let theme_id: i64 = fx_theme(&agenda);
        let theme_follow =
            core.follow(Some(&coord_actor), &FollowTarget::Theme("zhz".into(), theme_id)).await.expect("follow");
        put("follow:del2", theme_follow.0.to_string());
        // A harvest source (issue 17) on a public address; the matrix never runs it.
        let source = json!({ "url": "http://203.0.114.1/oai", "name": "Autorisatiebron" });
        put("harvest_source", id(&created(app, &coord, "/api/v1/harvest-sources", source).await));

        // Education (issue 19): a public, open assignment with an application by an account that
        // is none of the actors (so only the managers may read it), and two to delete.
        let offer = |t: &str| json!({ "kind": "stage", "title": t, "description": "Autorisatietest.", "places": 2 });
        let assignment = id(&created(app, &coord, &format!("{ZHZ}/assignments"), offer("Autorisatie-opdracht")).await);
        for key in ["assignment:del", "assignment:del2"] {
            put(key, id(&created(app, &coord, &format!("{ZHZ}/assignments"), offer(key)).await));
        }
        core.create_user("matrixstudent@elders.example", "Mara Student (account)", "voorbeeld", "student", PASSWORD)
            .await
            .expect("student");
        let student = app.token("matrixstudent@elders.example").await;
        let path = format!("{ZHZ}/assignments/{assignment}/applications");
        put("application", id(&created(app, &student, &path, json!({ "motivation": "Graag." })).await));
        put("assignment", assignment);
        // A result in review (issue 19): of a second assignment, by that student once accepted.
        let with_result =
            id(&created(app, &coord, &format!("{ZHZ}/assignments"), offer("Autorisatie-resultaat")).await);
        let path = format!("{ZHZ}/assignments/{with_result}/applications");
        let accepted = id(&created(app, &student, &path, json!({ "motivation": "Graag." })).await);
        created(app, &coord, &format!("{ZHZ}/applications/{accepted}/decision"), json!({ "decision": "accepted" }))
            .await;
        let result = json!({ "title": "Autorisatie-resultaat", "summary": "Alleen voor de autorisatietest." });
        put("result", id(&created(app, &student, &format!("{ZHZ}/assignments/{with_result}/results"), result).await));
        put("assignment:result", with_result);
        // Study programmes (issue 19): one to read, two to delete (API del, page del2), of a demo
        // hogeschool.
        for key in ["programme", "programme:del", "programme:del2"] {
            let body = json!({ "name": format!("Autorisatie-opleiding {key}"),
                "organisation": "Hogeschool Maasoever (fictief)" });
            put(key, id(&created(app, &coord, &format!("{ZHZ}/programmes"), body).await));
        }
        // Collections (issue 19): a public one, one for a programme, two to delete; all the
        // coordinator's, without items (the items' rules have their own tests).
        let collection = |t: &str, v: &str| {
            json!({ "title": t, "visibility": v, "programme": "Social Work",
            "werkplaats": "zhz", "items": [] })
        };
        for (key, visibility) in [
            ("collection", "public"),
            ("collection:members", "programme"),
            ("collection:del", "public"),
            ("collection:del2", "public"),
        ] {
            put(key, id(&created(app, &coord, "/api/v1/collections", collection(key, visibility)).await));
        }
        // Grants (issue 18): one to read and change, two to delete (one with a budget line to
        // delete), a contribution and an outcome each to keep and to delete, and a grant of voorbeeld.
        let grant = |title: &str| {
            json!({ "funder": "Ministerie van VWS", "title": title, "type": "grant",
            "starts_on": "2023-01-01", "ends_on": "2026-12-31", "amounts": [{ "year": 2024, "amount": 185000 }],
            "matching_ratio": 1 })
        };
        let g = id(&created(app, &coord, &format!("{ZHZ}/grants"), grant("Autorisatiesubsidie")).await);
        put("grant:del", id(&created(app, &coord, &format!("{ZHZ}/grants"), grant("Weg 1")).await));
        let g2 = id(&created(app, &coord, &format!("{ZHZ}/grants"), grant("Weg 2")).await);
        let line = json!({ "name": "Coördinatie", "amounts": [{ "year": 2024, "planned": 1000 }] });
        put("budget_line", id(&created(app, &coord, &format!("{ZHZ}/grants/{g}/budget-lines"), line.clone()).await));
        put("budget_line:del2", id(&created(app, &coord, &format!("{ZHZ}/grants/{g2}/budget-lines"), line).await));
        put("grant:del2", g2);
        // The pages (`/subsidies`) delete their own: a grant (del3) and a budget line of another (del4).
        put("grant:del3", id(&created(app, &coord, &format!("{ZHZ}/grants"), grant("Weg 3")).await));
        let g4 = id(&created(app, &coord, &format!("{ZHZ}/grants"), grant("Weg 4")).await);
        let line4 = json!({ "name": "Communicatie", "amounts": [{ "year": 2024, "planned": 500 }] });
        put("budget_line:del4", id(&created(app, &coord, &format!("{ZHZ}/grants/{g4}/budget-lines"), line4).await));
        put("grant:del4", g4);
        let contribution = json!({ "organisation": orgs[0]["id"].clone(), "year": 2024, "kind": "cash", "amount": 10,
            "status": "realised", "grant_id": g.parse::<i64>().ok() });
        for key in ["contribution", "contribution:del", "contribution:del2"] {
            put(key, id(&created(app, &coord, &format!("{ZHZ}/contributions"), contribution.clone()).await));
        }
        let outcome = json!({ "title": "Autorisatieresultaat", "year": 2024, "beneficiaries": ["citizens"] });
        for key in ["outcome", "outcome:del", "outcome:del2"] {
            put(key, id(&created(app, &coord, &format!("{ZHZ}/outcomes"), outcome.clone()).await));
        }
        put("grant", g);
        let theirs = json!({ "funder": "Provincie", "title": "Elders", "type": "grant",
            "starts_on": "2024-01-01", "ends_on": "2024-12-31" });
        put("grant:foreign", id(&created(app, &other, "/api/v1/werkplaatsen/voorbeeld/grants", theirs).await));
        Fixtures(fx)
    }

    /// The body a write to `pattern` sends: it has the shape the route reads, so extraction passes
    /// and authorisation decides, but its content is refused (an empty title, an unknown
    /// reference), so whoever passes authorisation gets `invalid` and nothing changes. Where no
    /// such body exists the write is harmless (a reorder, a status back to `concept`).
    /// HTML routes get form pairs, API routes JSON.
    /// The fixture `move` names the themaleider's object but a theme they do not lead; `handover`
    /// their group with someone else as its lead.
    pub fn body(&self, pattern: &str, fixture: &str) -> String {
        let theme = if fixture == "move" { &self.0["other_theme"] } else { &self.0["samen_theme"] };
        let lead = if fixture == "handover" { &self.0["person"] } else { &self.0["lead_person"] };
        let org = &self.0["organisation"];
        let last = pattern.rsplit('/').find(|s| !s.starts_with('{')).unwrap_or_default();
        if !pattern.starts_with("/api/") {
            return match last {
                "verplaatsen" => "richting=omlaag".to_owned(),
                "status" if pattern.contains("/kennis/") => "status=published".to_owned(),
                "status" => "status=onbekend".to_owned(),
                "rollen" => "roles=onbekend".to_owned(),
                // The themaleider's group: they get past authorisation, the empty address is refused.
                "uitnodigingen" => format!("theme_group_id={}&email=&role=student", self.0["group"]),
                "verwijderen" if pattern.starts_with("/account") => "confirm_email=x%40x.invalid".to_owned(),
                _ if pattern.ends_with("/themagroepen") || pattern.ends_with("/themagroepen/{id}") => {
                    format!("theme_id={theme}&lead_person_id={lead}&organisation_ids=999999")
                }
                "prioriteiten" if pattern.contains("/vergelijken/") => "projects=999999".to_owned(),
                _ if pattern.ends_with("/projecten") || pattern.ends_with("/projecten/{id}") => format!(
                    "theme_id={theme}&title=Autorisatietest&higher_goal=Doel&four_os=onderzoek&size=klein\
                     &status=idee&visibility=public&organisations=999999"
                ),
                _ => String::new(),
            };
        }
        if pattern.contains("/cocreation") {
            return cocreation_body(last, fixture).to_string();
        }
        let v = match last {
            "status" if pattern.contains("/agenda/") => json!({ "status": "concept" }),
            "status" => json!({ "status": "published" }),
            "theme-order" => json!({ "theme_ids": [] }),
            "themes" => json!({ "title": "", "introduction": "" }),
            "project-options" => json!({ "title": "" }),
            // Another werkplaats's person gets a valid body: only tenant isolation may refuse it.
            "people" if fixture == "foreign" => json!({ "name": "Overschreven", "is_manager": false }),
            "people" => json!({ "name": "", "is_manager": false }),
            "organisations" => json!({ "name": "", "kind": "overig" }),
            "letters-of-intent" => json!({ "organisation_id": org.parse::<i64>().ok(), "signed_on": "" }),
            "theme-groups" => json!({ "theme_id": theme.parse::<i64>().ok(), "description": "",
                                      "lead_person_id": lead.parse::<i64>().ok(), "organisation_ids": [999999],
                                      "member_ids": [] }),
            "projects" => json!({ "theme_id": theme.parse::<i64>().ok(), "title": "", "higher_goal": "",
                                  "questions": [], "four_os": [], "methods": [], "organisations": [], "people": [],
                                  "size": "klein", "status": "idee", "visibility": "public", "plan": "" }),
            "bodies" => json!({ "kind": "mt", "name": "" }),
            // Activities parse before they ask who acts: a valid one (to a far date), so the
            // answer is authorisation's.
            "activities" => json!({ "kind": "kenniscafe", "title": "Autorisatietest",
                                    "starts_at": "2031-03-04T10:00", "ends_at": "2031-03-04T11:00",
                                    "audience": "public" }),
            "questions" => json!({ "title": "" }),
            // A move of voorbeeld's question is valid: only tenant isolation may refuse it.
            "moves" if fixture == "foreign" => json!({ "movement": "ontwikkelen", "note": "Overgenomen" }),
            "moves" => json!({ "movement": "" }),
            "approaches" => json!({ "kind": "", "title": "" }),
            "kwesties" => json!({ "label": "" }),
            "stories" => json!({ "title": "", "narrator_role": "", "show_name": false, "text": "",
                                 "consent_use": "", "consent_given_by": "" }),
            "erasure" => json!({ "confirm_email": "x@x.invalid" }),
            "roles" => json!({ "roles": ["onbekend"] }),
            "self-registration" => json!({ "enabled": false }),
            "knowledge-products" => json!({ "kind": "werkvorm", "title": "", "summary": "" }),
            "items" => json!({ "projects": [999_999] }),
            "partner-werkplaatsen" => json!({ "werkplaatsen": ["bestaat-niet"] }),
            "assignments" => json!({ "kind": "stage", "title": "", "description": "", "places": 0 }),
            "collections" => json!({ "title": "", "visibility": "public", "items": [] }),
            "applications" => json!({ "motivation": "" }),
            "programmes" => json!({ "name": "", "organisation": "" }),
            "results" => json!({ "title": "", "summary": "" }),
            "review" => json!({ "status": "" }),
            "decision" => json!({ "decision": "" }),
            "grants" => json!({ "funder": "", "title": "", "type": "", "starts_on": "", "ends_on": "" }),
            "budget-lines" => json!({ "name": "" }),
            "contributions" => json!({ "organisation": "", "year": 0, "kind": "", "amount": 0, "status": "" }),
            "outcomes" => json!({ "title": "", "year": 0 }),
            "versions" => json!({ "year": 0 }),
            _ => json!({}),
        };
        v.to_string()
    }

    /// `pattern` with its parameters filled for `fixture`.
    pub fn path(&self, pattern: &str, fixture: &str) -> String {
        let segments: Vec<&str> = pattern.split('/').collect();
        let mut out = Vec::new();
        for (i, seg) in segments.iter().enumerate() {
            let value = match *seg {
                "{slug}" => "zhz".to_owned(),
                "{n}" => "1".to_owned(),
                "{lang}" => "en".to_owned(),
                // The matrix's installation configures no OpenID Connect provider.
                "{provider}" => "default".to_owned(),
                "{file}" if pattern.starts_with("/static") => "broedplaats.css".to_owned(),
                "{file}" => "onbekend.ics".to_owned(),
                // No report file or product file is made: these name one that does not exist.
                "{file_id}" => "999999".to_owned(),
                "{token}" => self.get("token", fixture, false),
                "{option_id}" => self.get("option", fixture, false),
                "{line_id}" => self.get("budget_line", fixture, false),
                "{account_id}" => self.get("account", fixture, true),
                // Co-creation: the pitch, cluster, concern or amendment of the fixture's process.
                "{pid}" => self.get("pitch", fixture, false),
                "{cid}" => self.get("cluster", fixture, false),
                "{kid}" => self.get("concern", fixture, false),
                "{aid}" => self.get("amendment", fixture, false),
                "{phase}" => "clustering".to_owned(),
                // A student's result (issue 19), with the assignment of fixture `result`.
                "{product}" => self.get("result", fixture, false),
                "{id}" => self.get(kind(segments[i - 1]), fixture, true),
                s => s.to_owned(),
            };
            out.push(value);
        }
        let path = out.join("/");
        // Routes that read a query string get one that names real things.
        if pattern.ends_with("/search/related") {
            format!("{path}?type=knowledge_product&id={}", self.get("product", "-", true))
        } else if pattern.ends_with("/reports/annual") {
            format!("{path}?year=2024&format=csv")
        } else if pattern.ends_with("/reports/annual/versions") {
            format!("{path}?year=2024")
        } else if pattern.ends_with("/agenda/vergelijken") {
            format!("{path}?van=1&naar=2")
        } else {
            path
        }
    }

    /// The value for `kind` under `fixture`; the fixture names the `{id}` (`strict`), the other
    /// parameters fall back to their one value.
    fn get(&self, kind: &str, fixture: &str, strict: bool) -> String {
        let fixture = if fixture == "move" || fixture == "handover" { "-" } else { fixture };
        let keyed = format!("{kind}:{fixture}");
        self.0
            .get(&keyed)
            .or_else(|| if fixture == "-" || !strict { self.0.get(kind) } else { None })
            .unwrap_or_else(|| panic!("no fixture {keyed}"))
            .clone()
    }
}

/// The kind of object the path segment before `{id}` names.
fn kind(segment: &str) -> &'static str {
    match segment {
        "themas" | "themes" => "theme",
        "organisaties" | "organisations" => "organisation",
        "mensen" | "people" => "person",
        "intentieovereenkomsten" | "letters-of-intent" => "letter",
        "themagroepen" | "theme-groups" => "group",
        "projecten" | "projects" => "project",
        "organen" | "bodies" => "body",
        "activiteiten" | "activities" => "activity",
        "kennis" | "knowledge-products" => "product",
        "praktijkvragen" | "questions" => "question",
        "aanpakken" | "approaches" => "approach",
        "verhalen" | "stories" => "story",
        "kwesties" => "kwestie",
        "volgen" | "follows" => "follow",
        "invitations" | "uitnodigingen" => "invitation",
        "tokens" => "apitoken",
        "sessies" | "sessions" => "session",
        "cocreation" | "cocreatie" => "process",
        "priorities" | "prioriteiten" => "priority",
        "harvest-sources" | "oogsten" => "harvest_source",
        "opdrachten" | "assignments" => "assignment",
        "collecties" | "collections" => "collection",
        "sollicitaties" | "applications" => "application",
        "opleidingen" | "programmes" => "programme",
        "grants" | "subsidies" => "grant",
        "contributions" | "inzet" => "contribution",
        "outcomes" | "resultaten" => "outcome",
        other => panic!("no fixture kind for path segment {other:?}"),
    }
}

fn fx_theme(agenda: &Value) -> i64 {
    agenda["themes"][0]["id"].as_i64().expect("a theme id")
}

fn new_theme(n: usize) -> Value {
    json!({
        "title": format!("Wegwerpthema {n}"),
        "level": "doelgroep",
        "introduction": "Alleen voor de autorisatietest.",
        "questions": ["Wat nu?"],
        "funding": null,
        "project_options": ["Een optie."],
        "change_note": "Voor de autorisatietest."
    })
}

/// The co-creation processes the rows name, made through the use cases: `process` (fixture `-`)
/// in the phase pitching with a pitch by the lector (`pitch`) and one by the member
/// (`pitch:mine`) and a concern; one process in each of the phases clustering (a pitch in no
/// cluster, a cluster), prioritising, elaborating (a cluster without a text, so the concept is
/// refused) and amending (an open amendment by the lector, so adoption is refused); and one of
/// voorbeeld (`foreign`).
async fn cocreation(app: &TestApp, coord: &broedplaats_core::Actor) -> Vec<(String, String)> {
    use broedplaats_core::cocreation::{
        AmendmentInput, ClusterInput, ConcernInput, PhaseInput, PitchInput, ProcessInput, TextInput,
    };
    let core = &app.core;
    let actor = async |email: &str| {
        let token = app.token(email).await;
        core.actor_for_api_token(&token).await.expect("query").expect("actor")
    };
    let (lector, member, other) = (actor(LECTOR).await, actor(MEMBER).await, actor(OTHER_COORDINATOR).await);
    let zhz = core.tenant("zhz").await.expect("zhz");
    let process = async |title: &str| {
        let input = ProcessInput { title: title.into(), ..Default::default() };
        core.create_process(Some(coord), &zhz, &input).await.expect("process")
    };
    let pitch = async |by: &broedplaats_core::Actor, id: i64, title: &str| {
        let input = PitchInput { title: title.into(), question: "Wat werkt?".into(), ..Default::default() };
        core.submit_pitch(Some(by), &zhz, id, &input).await.expect("pitch")
    };
    let phases = async |id: i64, to: &[&str]| {
        for phase in to {
            let input = PhaseInput { phase: (*phase).into() };
            core.set_phase(Some(coord), &zhz, id, &input).await.expect("phase");
        }
    };
    let cluster = async |id: i64, pitch_ids: Vec<i64>| {
        let input = ClusterInput { title: "Cluster".into(), pitch_ids };
        core.create_cluster(Some(coord), &zhz, id, &input, false).await.expect("cluster")
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: i64| out.push((k.to_owned(), v.to_string()));

    let pitching = process("Autorisatietest: inventariseren").await;
    put("process", pitching);
    put("process:mine", pitching);
    put("pitch", pitch(&lector, pitching, "Van de lector").await);
    put("pitch:mine", pitch(&member, pitching, "Van het lid").await);
    let concern = ConcernInput { title: "Vertrouwen".into(), ..Default::default() };
    put("concern", core.create_concern(Some(coord), &zhz, pitching, &concern).await.expect("concern"));

    let clustering = process("Autorisatietest: clusteren").await;
    let loose = pitch(&lector, clustering, "Los").await;
    let held = pitch(&lector, clustering, "In een cluster").await;
    phases(clustering, &["clustering"]).await;
    put("process:clustering", clustering);
    put("pitch:clustering", loose);
    put("cluster", cluster(clustering, vec![held]).await);

    let prioritising = process("Autorisatietest: prioriteren").await;
    let p = pitch(&lector, prioritising, "Te prioriteren").await;
    phases(prioritising, &["clustering"]).await;
    cluster(prioritising, vec![p]).await;
    phases(prioritising, &["prioritising"]).await;
    put("process:prioritising", prioritising);

    let elaborating = process("Autorisatietest: uitwerken").await;
    let p = pitch(&lector, elaborating, "Uit te werken").await;
    phases(elaborating, &["clustering"]).await;
    let c = cluster(elaborating, vec![p]).await;
    phases(elaborating, &["prioritising", "elaborating"]).await;
    put("process:elaborating", elaborating);
    put("cluster:elaborating", c);

    let amending = process("Autorisatietest: amenderen").await;
    let p = pitch(&lector, amending, "Te amenderen").await;
    phases(amending, &["clustering"]).await;
    let c = cluster(amending, vec![p]).await;
    phases(amending, &["prioritising", "elaborating"]).await;
    let text = TextInput { title: "Autorisatiethema".into(), ..Default::default() };
    core.elaborate(Some(&lector), &zhz, amending, c, &text).await.expect("text");
    phases(amending, &["concept", "amending"]).await;
    let theme = core.clusters(Some(coord), &zhz, amending).await.expect("clusters")[0].theme_id.expect("theme");
    let amendment = AmendmentInput {
        theme_id: theme,
        section: "introduction".into(),
        text: "Scherper.".into(),
        reason: "Duidelijker.".into(),
    };
    put("process:amending", amending);
    put("cluster:amending", c);
    put("amendment", core.propose_amendment(Some(&lector), &zhz, amending, &amendment).await.expect("amendment"));

    let voorbeeld = core.tenant("voorbeeld").await.expect("voorbeeld");
    let input = ProcessInput { title: "Elders".into(), ..Default::default() };
    let theirs = core.create_process(Some(&other), &voorbeeld, &input).await.expect("their process");
    let input = PitchInput { title: "Daar".into(), question: "Wat?".into(), ..Default::default() };
    put("process:foreign", theirs);
    put("pitch:foreign", core.submit_pitch(Some(&other), &voorbeeld, theirs, &input).await.expect("their pitch"));
    out
}

/// A co-creation write's body. Refused on its content for whoever gets past authorisation (an
/// empty title, an unknown role, a phase out of order, points for a cluster of nothing); for the
/// `foreign` fixture a valid one, so that only tenant isolation may refuse it.
fn cocreation_body(last: &str, fixture: &str) -> Value {
    let foreign = fixture == "foreign";
    let long = "x".repeat(2_001);
    match last {
        "cocreation" if foreign => json!({ "title": "Overgenomen" }),
        "cocreation" => json!({ "title": "" }),
        "phase" if foreign => json!({ "phase": "clustering" }),
        "phase" => json!({ "phase": "pitching" }),
        "phases" if foreign => json!({ "explanation": "Overgenomen" }),
        "phases" => json!({ "starts_on": "2026-05-01", "ends_on": "2026-04-01" }),
        "pitches" if foreign => json!({ "title": "Overgenomen", "question": "Wat?" }),
        "pitches" => json!({ "title": "", "question": "" }),
        "support" if foreign => json!({ "role": "supporter" }),
        "support" => json!({ "role": "onbekend" }),
        "reason" if foreign => json!({ "reason": "" }),
        "reason" => json!({ "reason": long }),
        "cluster" => json!({ "cluster_id": null }),
        "clusters" if foreign => json!({ "title": "Overgenomen" }),
        "clusters" => json!({ "title": "" }),
        "merge" => json!({ "cluster_ids": [], "title": "" }),
        "split" => json!({ "pitch_ids": [], "title": "" }),
        "texts" => json!({ "title": "" }),
        "votes" if foreign => json!({ "allocations": [] }),
        "votes" => json!({ "allocations": [{ "cluster_id": 999_999, "points": 1 }] }),
        "concerns" => json!({ "title": "" }),
        "amendments" => json!({ "theme_id": 0, "section": "title", "text": "", "reason": "" }),
        "answer" if foreign => json!({ "decision": "rejected", "answer": "Nee." }),
        "answer" => json!({ "decision": "onbekend", "answer": "" }),
        _ => json!({}),
    }
}

/// The association's objects: a priority (and two to delete) of zhz's coordinator, a kwestie with
/// a public question of zhz (`kwestie:zhz`) and one with only a members-only one (`kwestie:members`).
async fn association(app: &TestApp, coord: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in ["priority", "priority:del", "priority:del2"] {
        let made = created(app, coord, "/api/v1/association/priorities", json!({ "title": key })).await;
        out.push((key.to_owned(), id(&made)));
    }
    for (key, visibility) in [("kwestie:zhz", "public"), ("kwestie:members", "members")] {
        let label = format!("Autorisatiekwestie {visibility}");
        let body = json!({ "title": format!("Vraag bij {label}"), "visibility": visibility, "kwesties": [label] });
        let made = created(app, coord, &format!("{ZHZ}/questions"), body).await;
        let q = app.api(Method::GET, &format!("{ZHZ}/questions/{}", id(&made)), Some(coord), None).await.json();
        let k = q["kwesties"][0]["id"].as_i64().unwrap_or_else(|| panic!("the question's kwestie: {q}"));
        out.push((key.to_owned(), k.to_string()));
    }
    out
}
