//! Planning activities through the API: who may plan and see what, the list and its filters,
//! the iCalendar feeds, series edits, reports with attendance and report files.

use super::{BASE, Ctx, activity_body, at, feed, parse_calendar, prop, summaries, text, third_thursday, tzid};
use crate::common::{LECTOR, MEMBER, OTHER_COORDINATOR, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, NaiveDate};
use ical::parser::ical::component::IcalEvent;
use serde_json::{Value, json};

// ---- 4. roles ------------------------------------------------------------------------------------

#[tokio::test]
async fn who_may_plan_organise_and_see() {
    let c = Ctx::new().await;
    let body = activity_body("Themabijeenkomst Rollen", "public", None, at(14));
    let r = c.call(Method::POST, "/activities", None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let member = c.app.token(MEMBER).await;
    let r = c.call(Method::POST, "/activities", Some(&member), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let other = c.app.token(OTHER_COORDINATOR).await;
    let r = c.call(Method::POST, "/activities", Some(&other), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a coordinator of another werkplaats: {}", r.body);
    let id = c.create(body).await;
    let lector = c.app.token(LECTOR).await;
    let r = c
        .call(Method::POST, "/activities", Some(&lector), Some(activity_body("Leerkring", "public", None, at(15))))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Registrations are for organisers only.
    let path = format!("/activities/{id}/registrations");
    assert_eq!(c.call(Method::GET, &path, None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(c.call(Method::GET, &path, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.call(Method::GET, &format!("{path}?format=csv"), Some(&member), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(c.call(Method::GET, &path, Some(&lector), None).await.status, StatusCode::OK);
    // Only organisers change or cancel it.
    let r = c.call(Method::POST, &format!("/activities/{id}/cancel"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let mut changed = activity_body("Gekaapt", "public", None, at(14));
    changed["kind"] = json!("symposium");
    let r = c.call(Method::PUT, &format!("/activities/{id}"), Some(&member), Some(changed)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Members-only activities do not exist for the public.
    let closed = c.create(activity_body("Besloten Leerkring", "members", None, at(16))).await;
    for token in [None, Some(other.as_str())] {
        assert!(c.titled("Besloten Leerkring", token).await.is_empty());
        let r = c.call(Method::GET, &format!("/activities/{closed}"), token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = c.call(Method::GET, &format!("/activities/{closed}.ics"), token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
    assert_eq!(c.titled("Besloten Leerkring", Some(&member)).await.len(), 1);
    assert_eq!(c.call(Method::GET, &format!("/activities/{closed}"), Some(&member), None).await.status, StatusCode::OK);
    // Nonsense ids are JSON 404s.
    for path in ["/activities/abc", "/activities/abc.ics", "/activities/999999", "/activities/999999.ics"] {
        let r = c.call(Method::GET, path, None, None).await;
        assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()), "{path}");
    }
}

#[tokio::test]
async fn the_list_filters_by_time_kind_and_theme_and_pages() {
    let c = Ctx::new().await;
    let day = third_thursday(2, 3);
    let theme = c.app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("theme");
    let starts = |h: u32| format!("{}T{h:02}:00:00+01:00", day.format("%Y-%m-%d"));
    for (i, kind) in ["kenniscafe", "symposium", "masterclass"].iter().enumerate() {
        let h = 10 + 2 * i as u32;
        let body = json!({
            "kind": kind, "title": format!("Filter {kind}"), "starts_at": starts(h), "ends_at": starts(h + 1),
            "audience": "public", "theme_ids": if i == 0 { vec![theme] } else { vec![] },
        });
        c.create(body).await;
    }
    let date = day.format("%Y-%m-%d");
    let titles = |r: &TestResponse| -> Vec<String> {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|a| a["title"].as_str().expect("t").to_owned())
            .collect()
    };
    let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}"), None, None).await;
    assert_eq!(titles(&r), ["Filter kenniscafe", "Filter symposium", "Filter masterclass"], "a whole day, inclusive");
    let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}&order=desc"), None, None).await;
    assert_eq!(titles(&r), ["Filter masterclass", "Filter symposium", "Filter kenniscafe"]);
    let r = c.call(Method::GET, &format!("/activities?from={date}&kind=symposium"), None, None).await;
    assert_eq!(titles(&r), ["Filter symposium"]);
    let r = c.call(Method::GET, &format!("/activities?from={date}&theme={theme}"), None, None).await;
    assert_eq!(titles(&r), ["Filter kenniscafe"]);
    let from = urlencode(&starts(12));
    let r = c.call(Method::GET, &format!("/activities?from={from}&to={date}"), None, None).await;
    assert_eq!(titles(&r), ["Filter symposium", "Filter masterclass"], "RFC 3339 bounds");
    // Pages of one, following next_cursor.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}&limit=1{cursor}"), None, None).await;
        seen.extend(titles(&r));
        match r.json()["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Filter kenniscafe", "Filter symposium", "Filter masterclass"]);
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

// ---- 5. iCalendar --------------------------------------------------------------------------------

#[tokio::test]
async fn the_calendar_feeds_are_valid_icalendar_with_series_and_overrides() {
    let c = Ctx::new().await;
    let first = third_thursday(1, 1);
    let local = |d: NaiveDate| format!("{}T150000", d.format("%Y%m%d"));
    let mut body = activity_body("Kenniscafé Reeks", "public", Some(30), at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", first.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T17:00:00+01:00", first.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=6");
    let first_id = c.create(body).await;
    let occurrences = c.titled("Kenniscafé Reeks", None).await;
    assert_eq!(occurrences.len(), 6);
    assert_eq!(occurrences[0]["id"], first_id);
    c.create(activity_body("Besloten MT-voorbereiding", "members", None, at(3))).await;

    let cal = feed(&c, None).await;
    assert_eq!(cal.timezones.len(), 1, "a VTIMEZONE");
    assert_eq!(
        cal.timezones[0].properties.iter().find(|p| p.name == "TZID").and_then(|p| p.value.as_deref()),
        Some("Europe/Amsterdam")
    );
    let series: Vec<&IcalEvent> =
        cal.events.iter().filter(|e| prop(e, "SUMMARY") == Some("Kenniscafé Reeks")).collect();
    assert_eq!(series.len(), 1, "one VEVENT for the whole series");
    let master = series[0];
    let rrule = prop(master, "RRULE").expect("RRULE");
    assert!(rrule.contains("FREQ=MONTHLY") && rrule.contains("BYDAY=3TH") && rrule.contains("COUNT=6"), "{rrule}");
    assert_eq!(prop(master, "DTSTART"), Some(local(first).as_str()));
    assert_eq!(tzid(master, "DTSTART").as_deref(), Some("Europe/Amsterdam"));
    assert!(!summaries(&cal).contains(&"Besloten MT-voorbereiding"), "members-only stays out of the public feed");
    assert!(summaries(&feed(&c, Some(&c.token)).await).contains(&"Besloten MT-voorbereiding"));

    // Cancel the third occurrence: an override with RECURRENCE-ID and STATUS:CANCELLED.
    let third = occurrences[2]["id"].as_i64().expect("id");
    let r = c
        .call(
            Method::POST,
            &format!("/activities/{third}/cancel"),
            Some(&c.token),
            Some(json!({ "scope": "occurrence" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = feed(&c, None).await;
    let uid = |e: &IcalEvent| prop(e, "UID").map(str::to_owned);
    let master_uid = cal
        .events
        .iter()
        .find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"))
        .and_then(uid);
    let overrides: Vec<&IcalEvent> =
        cal.events.iter().filter(|e| uid(e) == master_uid && prop(e, "RECURRENCE-ID").is_some()).collect();
    assert_eq!(overrides.len(), 1);
    assert_eq!(prop(overrides[0], "RECURRENCE-ID"), Some(local(third_thursday(1, 3)).as_str()));
    assert_eq!(prop(overrides[0], "STATUS"), Some("CANCELLED"));
    assert_eq!(c.titled("Kenniscafé Reeks", None).await.iter().filter(|a| a["status"] == "cancelled").count(), 1);

    // One activity.
    let r = c.call(Method::GET, &format!("/activities/{first_id}.ics"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    let one = parse_calendar(&r.body);
    assert_eq!(summaries(&one), ["Kenniscafé Reeks"]);
    assert_eq!(one.timezones.len(), 1);
    assert_eq!(prop(&one.events[0], "DTSTART"), Some(local(first).as_str()));

    // The fourth occurrence becomes members-only: the public feed excludes it from the rule
    // (EXDATE) instead of letting the rule show it under the series title.
    let fourth = &occurrences[3];
    let mut input = input_of(fourth, "Kenniscafé Reeks");
    input["audience"] = json!("members");
    let id = fourth["id"].as_i64().expect("id");
    let r = c.call(Method::PUT, &format!("/activities/{id}?scope=occurrence"), Some(&c.token), Some(input)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = feed(&c, None).await;
    let master =
        cal.events.iter().find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"));
    let exdate = master.and_then(|m| prop(m, "EXDATE")).expect("EXDATE for the hidden occurrence");
    assert_eq!(exdate, local(third_thursday(1, 4)));
    let members = feed(&c, Some(&c.token)).await;
    let master =
        members.events.iter().find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"));
    assert!(master.and_then(|m| prop(m, "EXDATE")).is_none(), "members see every occurrence");
}

#[tokio::test]
async fn a_series_whose_start_does_not_fit_its_rule_starts_at_its_first_occurrence() {
    let c = Ctx::new().await;
    // A Tuesday, for "every third Thursday": the Tuesday is no occurrence.
    let tuesday = third_thursday(1, 1) - Duration::days(2);
    let mut body = activity_body("Leerkring Dinsdag", "public", None, at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", tuesday.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T16:30:00+01:00", tuesday.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=3");
    c.create(body).await;
    let occurrences = c.titled("Leerkring Dinsdag", None).await;
    assert_eq!(occurrences.len(), 3);
    let cal = feed(&c, None).await;
    let master = cal.events.iter().find(|e| prop(e, "SUMMARY") == Some("Leerkring Dinsdag")).expect("series");
    let first = third_thursday(1, 1);
    assert_eq!(prop(master, "DTSTART"), Some(format!("{}T150000", first.format("%Y%m%d")).as_str()));
    assert_eq!(occurrences[0]["starts_at"], format!("{}T14:00:00Z", first.format("%Y-%m-%d")));
}

#[tokio::test]
async fn the_personal_feed_lists_only_the_members_own_activities() {
    let c = Ctx::new().await;
    let member = c.app.token(MEMBER).await;
    let mine = c.create(activity_body("Kenniscafé Voor Pim", "public", None, at(21))).await;
    c.create(activity_body("Kenniscafé Zonder Pim", "public", None, at(22))).await;
    let partners = c.create(activity_body("Werksessie Partners", "partners", None, at(23))).await;
    for id in [mine, partners] {
        let r = c.call(Method::POST, &format!("/activities/{id}/registrations"), Some(&member), Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    c.register(mine, "Iemand Anders", "anders@example.org").await;

    assert_eq!(c.app.api(Method::POST, "/api/v1/me/calendar-token", None, None).await.status, StatusCode::UNAUTHORIZED);
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = r.json()["url"].as_str().expect("url").to_owned();
    let path = url.strip_prefix(&c.app.core.public_url).expect("absolute URL").to_owned();
    assert!(path.starts_with("/api/v1/calendar/") && path.ends_with(".ics"), "{path}");
    let r = c.app.get(&path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    let mut titles = summaries(&parse_calendar(&r.body)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    titles.sort();
    assert_eq!(titles, ["Kenniscafé Voor Pim", "Werksessie Partners"]);

    // A new URL replaces the old one; made-up ones do not exist.
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    let fresh = r.json()["url"].as_str().expect("url").to_owned();
    assert_ne!(fresh, url);
    assert_eq!(c.app.get(&path).await.status, StatusCode::NOT_FOUND);
    for bad in ["/api/v1/calendar/verzonnen.ics", "/api/v1/calendar/verzonnen", "/api/v1/calendar/.ics"] {
        let r = c.app.get(bad).await;
        assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()), "{bad}");
    }
}

// ---- 6. series edits -----------------------------------------------------------------------------

fn input_of(a: &Value, title: &str) -> Value {
    json!({
        "kind": a["kind"], "title": title, "description": a["description"], "starts_at": a["starts_at"],
        "ends_at": a["ends_at"], "location": a["location"], "online_url": a["online_url"], "capacity": a["capacity"],
        "audience": a["audience"], "theme_ids": a["theme_ids"],
    })
}

#[tokio::test]
async fn a_series_edit_changes_every_occurrence_not_edited_on_its_own() {
    let c = Ctx::new().await;
    let first = third_thursday(1, 2);
    let mut body = activity_body("Leerkring Reeks", "public", None, at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", first.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T17:00:00+01:00", first.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=4");
    c.create(body).await;
    let occ = c.titled("Leerkring Reeks", None).await;
    assert_eq!(occ.len(), 4);
    let ids: Vec<i64> = occ.iter().map(|a| a["id"].as_i64().expect("id")).collect();

    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{}?scope=occurrence", ids[1]),
            Some(&c.token),
            Some(input_of(&occ[1], "Leerkring Apart")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["title"].as_str(), r.json()["detached"].as_bool()), (Some("Leerkring Apart"), Some(true)));
    for i in [0, 2, 3] {
        assert_eq!(c.activity(ids[i]).await["title"], "Leerkring Reeks", "occurrence {i} untouched");
    }

    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{}?scope=series", ids[0]),
            Some(&c.token),
            Some(input_of(&occ[0], "Leerkring Nieuw")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "Leerkring Nieuw");
    for (i, want) in [(0, "Leerkring Nieuw"), (1, "Leerkring Apart"), (2, "Leerkring Nieuw"), (3, "Leerkring Nieuw")] {
        let a = c.activity(ids[i]).await;
        assert_eq!(a["title"], want, "occurrence {i}");
        assert_eq!(a["starts_at"], occ[i]["starts_at"], "occurrence {i} keeps its date");
    }

    let r = c
        .call(Method::PUT, &format!("/activities/{}?scope=alles", ids[0]), Some(&c.token), Some(input_of(&occ[0], "X")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["scope"].is_string());
    let mut again = input_of(&occ[0], "Leerkring Nieuw");
    again["recurrence"] = json!("FREQ=WEEKLY;COUNT=2");
    let r = c.call(Method::PUT, &format!("/activities/{}", ids[0]), Some(&c.token), Some(again)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("activity.error.recurrence_on_update"));
}

// ---- 7. reports and attendance -------------------------------------------------------------------

#[tokio::test]
async fn organisers_write_the_report_and_everyone_who_sees_the_activity_reads_it() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Themabijeenkomst Verslag", "public", Some(40), at(-3))).await;
    let path = format!("/activities/{id}/report");
    let r = c.call(Method::GET, &path, None, None).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()));
    let report = json!({
        "minutes": "## Verslag\n\nDe deelnemers bespraken **mantelzorg** in de wijk.",
        "decisions": ["We organiseren in het voorjaar een vervolg."],
        "actions": [{ "description": "Uitnodiging vervolg versturen", "owner": "Carla", "due_on": "2030-03-01" }],
        "products": [{ "title": "Factsheet mantelzorg", "url": "https://example.org/factsheet.pdf" }],
    });
    let member = c.app.token(MEMBER).await;
    let r = c.call(Method::PUT, &path, Some(&member), Some(report.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(c.call(Method::PUT, &path, None, Some(report.clone())).await.status, StatusCode::UNAUTHORIZED);
    let r = c.call(Method::PUT, &path, Some(&c.token), Some(report)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.call(Method::GET, &path, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got = r.json();
    assert!(got["minutes"].as_str().is_some_and(|m| m.contains("**mantelzorg**")));
    assert_eq!(got["decisions"], json!(["We organiseren in het voorjaar een vervolg."]));
    assert_eq!(got["actions"][0]["owner"], "Carla");
    assert_eq!(got["actions"][0]["due_on"], "2030-03-01");
    assert_eq!(got["actions"][0]["done"], false);
    assert_eq!(
        got["products"],
        json!([{ "title": "Factsheet mantelzorg", "url": "https://example.org/factsheet.pdf" }])
    );
    assert!(got["author_name"].as_str().is_some_and(|n| n.starts_with("Carla")));
    let r = c
        .call(
            Method::PUT,
            &path,
            Some(&c.token),
            Some(json!({ "products": [{ "title": "Los", "url": "javascript:alert(1)" }] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["products[0].url"].is_string());

    // Attendance: a head count and the organisations present.
    let org = c.call(Method::GET, "/organisations?limit=1", None, None).await.json()["items"][0]["id"].clone();
    let attendance = json!({ "count": 35, "organisation_ids": [org] });
    let r = c.call(Method::PUT, &format!("/activities/{id}/attendance"), Some(&member), Some(attendance.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = c.call(Method::PUT, &format!("/activities/{id}/attendance"), Some(&c.token), Some(attendance)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let a = c.activity(id).await;
    assert_eq!((a["attendance_count"].clone(), a["present_organisation_ids"].clone()), (json!(35), json!([org])));
    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{id}/attendance"),
            Some(&c.token),
            Some(json!({ "present_registration_ids": [999999] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn organisers_download_the_registrations_as_csv() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Symposium Lijst", "public", Some(1), at(11))).await;
    c.register(id, "Anna; de \"Vries\"", "anna@example.org").await;
    c.register(id, "Bert", "bert@example.org").await;
    let check = |r: &TestResponse| {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(r.headers[header::CONTENT_DISPOSITION], format!("attachment; filename=\"aanmeldingen-{id}.csv\""));
        let lines: Vec<&str> = r.body.lines().collect();
        assert!(lines[0].starts_with("naam,e-mail,organisatie"), "{}", r.body);
        assert!(lines[1].starts_with("\"Anna; de \"\"Vries\"\"\",anna@example.org") && lines[1].contains("aangemeld"));
        assert!(lines[2].contains("wachtlijst"));
    };
    check(&c.call(Method::GET, &format!("/activities/{id}/registrations?format=csv"), Some(&c.token), None).await);
    let req = Request::get(format!("{BASE}/activities/{id}/registrations"))
        .header(header::AUTHORIZATION, format!("Bearer {}", c.token))
        .header(header::ACCEPT, "text/csv")
        .body(Body::empty())
        .expect("request");
    check(&c.app.send(req).await);
}

#[tokio::test]
async fn the_personal_feed_spans_werkplaatsen_without_duplicates() {
    let c = Ctx::new().await;
    let member = c.app.token(MEMBER).await;
    let other = c.app.token(OTHER_COORDINATOR).await;
    // Interleaved ids: zhz, voorbeeld, zhz.
    let first = c.create(activity_body("Kenniscafé Zuid 1", "public", None, at(31))).await;
    let r = c
        .app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/voorbeeld/activities",
            Some(&other),
            Some(activity_body("Kenniscafé Voorbeeld", "public", None, at(32))),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let elsewhere = r.json()["id"].as_i64().expect("id");
    let last = c.create(activity_body("Kenniscafé Zuid 2", "public", None, at(33))).await;
    for (slug, id) in [("zhz", first), ("voorbeeld", elsewhere), ("zhz", last)] {
        let path = format!("/api/v1/werkplaatsen/{slug}/activities/{id}/registrations");
        let r = c.app.api(Method::POST, &path, Some(&member), Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    let url = r.json()["url"].as_str().expect("url").to_owned();
    let r = c.app.get(url.strip_prefix(&c.app.core.public_url).expect("absolute")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = parse_calendar(&r.body);
    let mut titles = summaries(&cal);
    titles.sort_unstable();
    assert_eq!(titles, ["Kenniscafé Voorbeeld", "Kenniscafé Zuid 1", "Kenniscafé Zuid 2"]);
    let mut uids: Vec<&str> = cal.events.iter().filter_map(|e| prop(e, "UID")).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 3, "every event once");
}

// ---- report files --------------------------------------------------------------------------------

const BOUNDARY: &str = "----broedplaats-api-bijlage-4Zx";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
trailer << /Size 3 /Root 1 0 R >>\n%%EOF\n"
        .to_vec()
}

/// Posts one file (field `file`) as multipart/form-data with a bearer token.
async fn post_file(c: &Ctx, id: i64, token: Option<&str>, filename: &str, data: &[u8]) -> TestResponse {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut req = Request::post(format!("{BASE}/activities/{id}/report/files"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    c.app.send(req.body(Body::from(body)).expect("request")).await
}

#[tokio::test]
async fn organisers_attach_files_to_the_report_through_the_api() {
    let c = Ctx::new().await;
    let public = c.create(activity_body("Themabijeenkomst Bijlagen", "public", None, at(-3))).await;
    let members = c.create(activity_body("Intervisie Bijlagen", "members", None, at(-3))).await;
    let member = c.app.token(MEMBER).await;

    // Refused by content, with the Dutch message; nothing stored.
    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", b"<html><body>geen pdf</body></html>").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.type"));
    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", b"\x7fELF\x02\x01\x01\x00").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    // Only organisers: a professional member gets 403, nobody signed in 401.
    assert_eq!(post_file(&c, public, Some(&member), "verslag.pdf", &pdf()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post_file(&c, public, None, "verslag.pdf", &pdf()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let file = r.json();
    let file_id = file["id"].as_i64().expect("id");
    assert_eq!(file["filename"], "verslag.pdf");
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["size"], pdf().len() as i64);
    assert_eq!(file["url"], format!("/werkplaatsen/zhz/activiteiten/{public}/bijlagen/{file_id}"));

    // Part of the report once there is one.
    let r = c.call(Method::PUT, &format!("/activities/{public}/report"), Some(&c.token), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["files"], json!([file]));

    // Anyone who sees the activity downloads it.
    let download = format!("/activities/{public}/report/files/{file_id}");
    let r = c.call(Method::GET, &download, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.as_bytes(), &pdf()[..]);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"verslag.pdf\"; filename*=UTF-8''verslag.pdf"
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::CACHE_CONTROL], "private");

    // Members-only: not for anonymous visitors (404), fine for a member.
    let r = post_file(&c, members, Some(&c.token), "notulen.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = format!("/activities/{members}/report/files/{}", r.json()["id"]);
    assert_eq!(c.call(Method::GET, &secret, None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.call(Method::GET, &secret, Some(&member), None).await.status, StatusCode::OK);
    // A file id of another activity is not found under this one.
    let crossed = format!("/activities/{public}/report/files/{}", r.json()["id"]);
    assert_eq!(c.call(Method::GET, &crossed, None, None).await.status, StatusCode::NOT_FOUND);

    // Delete: organisers only; the shared blob stays until its last file is gone.
    assert_eq!(c.call(Method::DELETE, &download, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.call(Method::DELETE, &download, Some(&c.token), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(c.call(Method::GET, &download, None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.call(Method::DELETE, &download, Some(&c.token), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.app.core.storage.memory_len(), Some(1));
    assert_eq!(c.call(Method::DELETE, &secret, Some(&c.token), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    // At most ten files per report.
    for n in 0..10 {
        let r = post_file(&c, public, Some(&c.token), &format!("deel {n}.pdf"), &pdf()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = post_file(&c, public, Some(&c.token), "elf.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.too_many"));
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_it_is_stored() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Themabijeenkomst Groot", "public", None, at(-3))).await;
    let mut big = pdf();
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let r = post_file(&c, id, Some(&c.token), "groot.pdf", &big).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.too_large"));
    big.resize(22 * 1024 * 1024, b' ');
    let r = post_file(&c, id, Some(&c.token), "groter.pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));
}
