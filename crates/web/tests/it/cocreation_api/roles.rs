//! Who may do what: anonymous callers sign in first, another werkplaats's coordinator is refused
//! everything, a member takes part but does not manage, a citizen pitches and votes, and the ids
//! of another werkplaats's process are unknown here. And the mail a phase change sends.
use super::*;

/// Every route of the API on one process, with a body of the right shape.
fn every_route(id: i64, pid: i64, cid: i64) -> Vec<(Method, String, Option<Value>)> {
    let p = |tail: &str| format!("{BASE}/{id}{tail}");
    let pitch = json!({ "title": "Nog een", "question": "Wat?" });
    vec![
        (Method::GET, BASE.to_owned(), None),
        (Method::POST, BASE.to_owned(), Some(json!({ "title": "Van elders" }))),
        (Method::GET, p(""), None),
        (Method::PUT, p(""), Some(json!({ "title": "Overgenomen" }))),
        (Method::PUT, p("/phase"), Some(json!({ "phase": "clustering" }))),
        (Method::PUT, p("/phases/clustering"), Some(json!({ "explanation": "Elders" }))),
        (Method::GET, p("/pitches"), None),
        (Method::POST, p("/pitches"), Some(pitch.clone())),
        (Method::GET, p(&format!("/pitches/{pid}")), None),
        (Method::PUT, p(&format!("/pitches/{pid}")), Some(pitch)),
        (Method::POST, p(&format!("/pitches/{pid}/support")), Some(json!({ "role": "supporter" }))),
        (Method::DELETE, p(&format!("/pitches/{pid}/support")), None),
        (Method::PUT, p(&format!("/pitches/{pid}/reason")), Some(json!({ "reason": "Elders" }))),
        (Method::PUT, p(&format!("/pitches/{pid}/cluster")), Some(json!({ "cluster_id": null }))),
        (Method::GET, p("/cluster-suggestions"), None),
        (Method::GET, p("/cluster-history"), None),
        (Method::GET, p("/clusters"), None),
        (Method::POST, p("/clusters"), Some(json!({ "title": "Elders", "pitch_ids": [] }))),
        (Method::POST, p("/clusters/merge"), Some(json!({ "cluster_ids": [cid, cid], "title": "Elders" }))),
        (Method::PUT, p(&format!("/clusters/{cid}")), Some(json!({ "title": "Elders" }))),
        (Method::POST, p(&format!("/clusters/{cid}/split")), Some(json!({ "pitch_ids": [pid], "title": "Elders" }))),
        (Method::PUT, p(&format!("/clusters/{cid}/reason")), Some(json!({ "reason": "Elders" }))),
        (Method::GET, p(&format!("/clusters/{cid}/texts")), None),
        (Method::POST, p(&format!("/clusters/{cid}/texts")), Some(json!({ "title": "Elders" }))),
        (Method::PUT, p("/votes"), Some(json!({ "allocations": [] }))),
        (Method::GET, p("/results"), None),
        (Method::GET, p("/concerns"), None),
        (Method::POST, p("/concerns"), Some(json!({ "title": "Elders" }))),
        (Method::PUT, p("/concerns/1"), Some(json!({ "title": "Elders" }))),
        (Method::POST, p("/concept"), None),
        (Method::GET, p("/amendments"), None),
        (
            Method::POST,
            p("/amendments"),
            Some(json!({ "theme_id": 1, "section": "title", "text": "X", "reason": "Y" })),
        ),
        (Method::POST, p("/amendments/1/answer"), Some(json!({ "decision": "accepted", "answer": "Ja" }))),
        (Method::POST, p("/adopt"), None),
        (Method::GET, p("/trace"), None),
        (Method::GET, p("/report"), None),
    ]
}

/// A process in clustering with one pitch in one cluster: (process, pitch, cluster).
async fn clustering(co: &Co) -> (i64, i64, i64) {
    let id = co.create_process("Agenda 2027").await;
    let pid = co.pitch(id, &co.member, "Buurtzorg", Some(WELZIJN)).await;
    co.phase(id, "clustering").await;
    let cid = co.cluster(id, "Zorg", &[pid]).await;
    (id, pid, cid)
}

#[tokio::test]
async fn anonymous_callers_sign_in_and_another_werkplaats_is_refused_everything() {
    let co = Co::new().await;
    let (id, pid, cid) = clustering(&co).await;
    let before = co.process(id).await;
    let processes = co.items(BASE).await.len();
    for (method, path, body) in every_route(id, pid, cid) {
        let r = co.call(method.clone(), &path, None, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "anonymous {method} {path}: {}", r.body);
        let r = co.call(method.clone(), &path, Some(&co.other), body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "other werkplaats's coordinator {method} {path}: {}", r.body);
    }
    let after = co.process(id).await;
    assert_eq!(
        (&after["title"], &after["phase"], &after["pitches"]),
        (&before["title"], &before["phase"], &before["pitches"])
    );
    assert_eq!(co.items(BASE).await.len(), processes, "no process was made");
}

#[tokio::test]
async fn a_member_takes_part_but_does_not_manage() {
    let co = Co::new().await;
    let (id, pid, cid) = clustering(&co).await;
    let managing = [
        (Method::POST, BASE.to_owned(), Some(json!({ "title": "Van een lid" }))),
        (Method::PUT, format!("{id}"), Some(json!({ "title": "Van een lid" }))),
        (Method::PUT, format!("{id}/phase"), Some(json!({ "phase": "prioritising" }))),
        (Method::PUT, format!("{id}/phases/clustering"), Some(json!({ "explanation": "Zo" }))),
        (Method::PUT, format!("{id}/pitches/{pid}/reason"), Some(json!({ "reason": "Zo" }))),
        (Method::PUT, format!("{id}/pitches/{pid}/cluster"), Some(json!({ "cluster_id": null }))),
        (Method::POST, format!("{id}/clusters"), Some(json!({ "title": "Van een lid", "pitch_ids": [] }))),
        (Method::PUT, format!("{id}/clusters/{cid}"), Some(json!({ "title": "Van een lid" }))),
        (Method::POST, format!("{id}/clusters/merge"), Some(json!({ "cluster_ids": [cid], "title": "X" }))),
        (Method::POST, format!("{id}/clusters/{cid}/split"), Some(json!({ "pitch_ids": [pid], "title": "X" }))),
        (Method::PUT, format!("{id}/clusters/{cid}/reason"), Some(json!({ "reason": "Zo" }))),
        (Method::POST, format!("{id}/concerns"), Some(json!({ "title": "Van een lid" }))),
        (Method::POST, format!("{id}/concept"), None),
        (Method::POST, format!("{id}/amendments/1/answer"), Some(json!({ "decision": "accepted", "answer": "Ja" }))),
        (Method::POST, format!("{id}/adopt"), None),
    ];
    for (method, path, body) in managing {
        for token in [&co.member, &co.citizen] {
            let r = co.call(method.clone(), &path, Some(token), body.clone()).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}: {}", r.body);
            assert_eq!(r.json()["error"]["code"], "forbidden");
        }
    }
    let process = co.process(id).await;
    assert_eq!((process["title"].as_str(), process["phase"].as_str()), (Some("Agenda 2027"), Some("clustering")));
    let clusters = co.items(&format!("{id}/clusters")).await;
    assert_eq!(clusters.len(), 1);
    assert_eq!((clusters[0]["title"].as_str(), ids(&clusters[0]["pitch_ids"])), (Some("Zorg"), vec![pid]));
    // Only a pitch's authors and co-pitchers edit it; not even the coordinator.
    co.phase(id, "prioritising").await;
    let r = co
        .call(
            Method::PUT,
            &format!("{id}/pitches/{pid}"),
            Some(&co.coord),
            Some(json!({ "title": "X", "question": "Y" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn a_citizen_pitches_supports_and_votes() {
    let co = Co::new().await;
    let id = co.create_process("Agenda 2027").await;
    let own = co.pitch(id, &co.citizen, "Speeltuinen opknappen", Some(BEWONERS)).await;
    let theirs = co.pitch(id, &co.member, "Buurtzorg", None).await;
    let r = co
        .call(
            Method::POST,
            &format!("{id}/pitches/{theirs}/support"),
            Some(&co.citizen),
            Some(json!({ "role": "co_pitcher" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["may_edit"], true, "a co-pitcher may edit the pitch");
    // Their own pitch they do not support: they wrote it.
    let r = co
        .call(
            Method::POST,
            &format!("{id}/pitches/{own}/support"),
            Some(&co.citizen),
            Some(json!({ "role": "supporter" })),
        )
        .await;
    refused(&r, "role", "U bent auteur van deze pitch; meepitchen of steunen is dan niet nodig.");
    let r = co
        .call(Method::POST, &format!("{id}/pitches/{own}/support"), Some(&co.member), Some(json!({ "role": "author" })))
        .await;
    invalid_field(&r, "role", "Kies een van: co_pitcher, supporter.");
    let r = co.call(Method::DELETE, &format!("{id}/pitches/{theirs}/support"), Some(&co.citizen), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["mine"], Value::Null);
    co.phase(id, "clustering").await;
    let cluster = co.cluster(id, "Buurt", &[own, theirs]).await;
    co.phase(id, "prioritising").await;
    let body = json!({ "allocations": [{ "cluster_id": cluster, "points": 10 }] });
    let r = co.call(Method::PUT, &format!("{id}/votes"), Some(&co.citizen), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["clusters"][0]["points"], 10);
    let process = co.get(&format!("{id}"), &co.citizen).await;
    assert_eq!(process["may_manage"], false);
}

#[tokio::test]
async fn another_werkplaats_process_is_not_found_here() {
    let co = Co::new().await;
    let (id, pid, cid) = clustering(&co).await;
    // voorbeeld's coordinator runs a process of their own.
    let theirs = "/api/v1/werkplaatsen/voorbeeld/cocreation";
    let r = co.call(Method::POST, theirs, Some(&co.other), Some(json!({ "title": "Elders" }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let foreign = r.json()["id"].as_i64().expect("id");
    let r = co
        .call(
            Method::POST,
            &format!("{theirs}/{foreign}/pitches"),
            Some(&co.other),
            Some(json!({ "title": "Daar", "question": "?" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let foreign_pitch = r.json()["id"].as_i64().expect("id");
    // Under zhz's path their ids are unknown, for zhz's coordinator and members alike.
    for (method, path, body) in every_route(foreign, foreign_pitch, cid).into_iter().filter(|(_, p, _)| p != BASE) {
        for token in [&co.coord, &co.member] {
            let r = co.call(method.clone(), &path, Some(token), body.clone()).await;
            if token == &co.member && r.status == StatusCode::FORBIDDEN {
                continue; // managing: refused before the process is looked up
            }
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}: {}", r.body);
        }
    }
    // Their pitch under zhz's process is unknown too.
    let r = co.call(Method::GET, &format!("{id}/pitches/{foreign_pitch}"), Some(&co.coord), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = co
        .call(
            Method::PUT,
            &format!("{id}/pitches/{foreign_pitch}/cluster"),
            Some(&co.coord),
            Some(json!({ "cluster_id": cid })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // And zhz's coordinator has no business in voorbeeld's process.
    let r = co.call(Method::GET, &format!("{theirs}/{foreign}"), Some(&co.coord), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let theirs_now = co.get(&format!("{theirs}/{foreign}"), &co.other).await;
    assert_eq!(
        (theirs_now["title"].as_str(), theirs_now["phase"].as_str(), theirs_now["pitches"].as_i64()),
        (Some("Elders"), Some("pitching"), Some(1))
    );
    assert_eq!(co.get(&format!("{id}/pitches/{pid}"), &co.member).await["cluster_id"], cid);
}

#[tokio::test]
async fn a_phase_change_mails_every_participant() {
    let co = Co::new().await;
    let id = co.create_process("Agenda 2027").await;
    let r = co
        .call(Method::PUT, &format!("{id}/phases/clustering"), Some(&co.coord), Some(json!({ "ends_on": "2026-09-30", "explanation": "We bundelen de pitches op de bijeenkomst van september." })))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    co.app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    let before = co.app.core.mailer.sent().len();
    co.phase(id, "clustering").await;
    co.app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    let sent = co.app.core.mailer.sent();
    let phase_mails: Vec<_> = sent[before..].iter().filter(|m| m.subject == "Agenda 2027: fase ‘clusteren’").collect();
    for who in [MEMBER, CITIZEN, COORDINATOR, LECTOR] {
        let mail = phase_mails.iter().find(|m| m.to.contains(who)).unwrap_or_else(|| panic!("a phase mail to {who}"));
        assert!(mail.text.contains("fase 2 van 7: clusteren"), "{}", mail.text);
        assert!(mail.text.contains("We bundelen de pitches op de bijeenkomst van september."), "{}", mail.text);
        assert!(mail.text.contains(&format!("/werkplaatsen/zhz/cocreatie/{id}")), "{}", mail.text);
    }
    assert!(!phase_mails.iter().any(|m| m.to.contains(OTHER_COORDINATOR)), "only zhz's participants");
    // Running the queue again sends nothing twice.
    co.app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    assert_eq!(co.app.core.mailer.sent().len(), sent.len());
}
