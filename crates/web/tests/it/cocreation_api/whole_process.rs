//! One whole process through the API: pitches by a coordinator, a member and a citizen; support;
//! clusters with a merge and a split; votes; theme texts and a concern; the concept agenda;
//! amendments answered three ways; the adoption; and the trace from every theme back to its
//! pitches, people and organisations.
use super::*;
use std::collections::BTreeSet;

fn people(pitch: &Value) -> Vec<(String, String)> {
    pitch["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| (p["name"].as_str().expect("name").to_owned(), p["role"].as_str().expect("role").to_owned()))
        .collect()
}

fn by_id(list: &[Value], id: i64) -> Value {
    list.iter().find(|x| x["id"] == id).cloned().unwrap_or_else(|| panic!("{id} in {list:?}"))
}

#[tokio::test]
async fn from_pitches_to_an_adopted_agenda_with_a_trace() {
    let co = Co::new().await;
    let coord_name = "Carla Coördinator (fictief)";
    let lector_name = "Lars Lector (fictief)";
    let member_name = "Pim Professional (fictief)";

    // Start.
    let body = json!({ "title": "Agenda 2027", "period": "2023-2026", "points_per_participant": 10 });
    let made = co.expect(StatusCode::CREATED, Method::POST, BASE, &co.coord, Some(body)).await;
    let id = made["id"].as_i64().expect("id");
    assert!(made["url"].as_str().expect("url").ends_with(&format!("/werkplaatsen/zhz/cocreatie/{id}")), "{made}");
    let list = co.get(BASE, &co.member).await;
    let summary = by_id(list["items"].as_array().expect("items"), id);
    assert_eq!(summary["phase"], "pitching");
    assert_eq!(summary["period"], "2023-2026");
    let process = co.get(&format!("{id}"), &co.member).await;
    assert_eq!(process["phase"], "pitching");
    assert_eq!(process["points_per_participant"], 10);
    assert_eq!(process["may_manage"], false, "a member takes part but does not manage");
    assert_eq!(process["phases"].as_array().expect("phases").len(), 7);

    // Pitches by the coordinator, a member and a citizen.
    let p1 = co.pitch(id, &co.coord, "Eenzaamheid onder jongeren", Some(MAASOEVER)).await;
    let p2 = co.pitch(id, &co.member, "Mantelzorgers ontlasten", Some(WELZIJN)).await;
    let p3 = co.pitch(id, &co.citizen, "Een buurtkamer in Eilandzicht", Some(BEWONERS)).await;
    let p4 = co.pitch(id, &co.member, "Schulden vroeg signaleren", None).await;
    let p5 = co.pitch(id, &co.citizen, "Een zwembad voor de wijk", None).await;
    let all = [p1, p2, p3, p4, p5];

    // Support, co-pitching and an edit by the author (a new version).
    let r = co
        .call(
            Method::POST,
            &format!("{id}/pitches/{p2}/support"),
            Some(&co.citizen),
            Some(json!({ "role": "supporter" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["supporters"], 1);
    assert_eq!(r.json()["mine"], "supporter");
    let r = co
        .call(
            Method::POST,
            &format!("{id}/pitches/{p1}/support"),
            Some(&co.lector),
            Some(json!({ "role": "co_pitcher" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(people(&r.json()), [(coord_name.into(), "author".into()), (lector_name.into(), "co_pitcher".into())]);
    let edit = json!({ "title": "Mantelzorgers ontlasten", "question": "Hoe ontlasten we mantelzorgers van jonge kinderen?",
                       "organisation": WELZIJN });
    let r = co.call(Method::PUT, &format!("{id}/pitches/{p2}"), Some(&co.member), Some(edit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let detail = r.json();
    let versions = detail["versions"].as_array().expect("versions");
    assert_eq!(versions.iter().map(|v| v["number"].as_i64().expect("n")).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(versions[0]["question"], "Wat weten we over mantelzorgers ontlasten?");
    assert_eq!(detail["question"], "Hoe ontlasten we mantelzorgers van jonge kinderen?");
    assert_eq!(detail["organisation"], WELZIJN);

    // Clustering: suggestions cover every pitch exactly once.
    co.phase(id, "clustering").await;
    let suggestions = co.get(&format!("{id}/cluster-suggestions"), &co.member).await;
    let mut suggested: Vec<i64> = Vec::new();
    for c in suggestions["clusters"].as_array().expect("clusters") {
        assert!(!c["label"].as_str().expect("label").is_empty());
        suggested.extend(ids(&c["pitch_ids"]));
    }
    suggested.sort_unstable();
    assert_eq!(suggested, all.to_vec(), "every pitch in exactly one suggestion");

    let buurt = co.cluster(id, "Samen in de buurt", &[p1, p3]).await;
    let zorg = co.cluster(id, "Zorg voor mantelzorgers", &[p2]).await;
    let geld = co.cluster(id, "Financiële zorgen", &[p4]).await;
    // A merge keeps the originals, marked merged, with their pitches and lineage.
    let body = json!({ "cluster_ids": [zorg, geld], "title": "Zorg en geld" });
    let merged =
        co.expect(StatusCode::CREATED, Method::POST, &format!("{id}/clusters/merge"), &co.coord, Some(body)).await;
    let merged = merged["id"].as_i64().expect("merged id");
    // A split too: the chosen pitches, then the rest.
    let body = json!({ "pitch_ids": [p3], "title": "Buurtkamers", "rest_title": "Eenzaamheid" });
    let split = co
        .expect(StatusCode::CREATED, Method::POST, &format!("{id}/clusters/{buurt}/split"), &co.coord, Some(body))
        .await;
    let (kamers, eenzaam) = (split["ids"][0].as_i64().expect("a"), split["ids"][1].as_i64().expect("b"));
    let clusters = co.items(&format!("{id}/clusters")).await;
    for (cid, status, pitches) in [
        (zorg, "merged", vec![p2]),
        (geld, "merged", vec![p4]),
        (buurt, "split", vec![p1, p3]),
        (merged, "active", vec![p2, p4]),
        (kamers, "active", vec![p3]),
        (eenzaam, "active", vec![p1]),
    ] {
        let c = by_id(&clusters, cid);
        assert_eq!(c["status"], status, "{c}");
        assert_eq!(ids(&c["pitch_ids"]), pitches, "{c}");
    }
    assert_eq!(ids(&by_id(&clusters, merged)["source_ids"]), [zorg, geld]);
    assert_eq!(ids(&by_id(&clusters, zorg)["successor_ids"]), [merged]);
    assert_eq!(ids(&by_id(&clusters, buurt)["successor_ids"]), [kamers, eenzaam]);
    assert_eq!(by_id(&clusters, kamers)["origin"], "split");
    let pitches = co.items(&format!("{id}/pitches")).await;
    assert_eq!(pitches.len(), 5);
    assert_eq!(by_id(&pitches, p1)["cluster_id"], eenzaam);
    assert_eq!(
        people(&by_id(&pitches, p1)),
        [(coord_name.into(), "author".into()), (lector_name.into(), "co_pitcher".into())]
    );
    assert_eq!(people(&by_id(&pitches, p2))[0], (member_name.into(), "author".into()));
    assert_eq!(people(&by_id(&pitches, p3)), [(CITIZEN_NAME.into(), "author".into())]);
    assert_eq!(by_id(&pitches, p5)["cluster_id"], Value::Null);
    let history = co.get(&format!("{id}/pitches/{p2}"), &co.member).await["history"].clone();
    let went: Vec<i64> =
        history.as_array().expect("history").iter().map(|m| m["cluster_id"].as_i64().expect("c")).collect();
    assert_eq!(went, [zorg, merged], "the pitch's way through the clusters");
    assert!(history[0]["removed_at"].is_string() && history[1]["removed_at"].is_null(), "{history}");
    assert!(co.items(&format!("{id}/cluster-history")).await.len() >= 8);
    let r = co
        .call(
            Method::PUT,
            &format!("{id}/pitches/{p5}/reason"),
            Some(&co.coord),
            Some(json!({ "reason": "Past niet bij de werkplaats." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // Prioritising: every participant's whole allocation; the results add up.
    co.phase(id, "prioritising").await;
    let votes = |allocations: Value| json!({ "allocations": allocations });
    let path = format!("{id}/votes");
    co.expect(
        StatusCode::OK,
        Method::PUT,
        &path,
        &co.coord,
        Some(votes(json!([{ "cluster_id": merged, "points": 6 }, { "cluster_id": kamers, "points": 4 }]))),
    )
    .await;
    co.expect(
        StatusCode::OK,
        Method::PUT,
        &path,
        &co.member,
        Some(votes(json!([{ "cluster_id": merged, "points": 10 }]))),
    )
    .await;
    // A second allocation replaces the first as a whole.
    co.expect(
        StatusCode::OK,
        Method::PUT,
        &path,
        &co.member,
        Some(votes(json!([{ "cluster_id": merged, "points": 5 }, { "cluster_id": eenzaam, "points": 5 }]))),
    )
    .await;
    let mine = co
        .expect(
            StatusCode::OK,
            Method::PUT,
            &path,
            &co.citizen,
            Some(votes(json!([{ "cluster_id": kamers, "points": 7 }, { "cluster_id": eenzaam, "points": 3 }]))),
        )
        .await;
    let mut own: Vec<(i64, i64)> = mine["mine"]
        .as_array()
        .expect("mine")
        .iter()
        .map(|p| (p[0].as_i64().expect("cluster"), p[1].as_i64().expect("points")))
        .collect();
    own.sort_unstable();
    let mut expected = vec![(kamers, 7), (eenzaam, 3)];
    expected.sort_unstable();
    assert_eq!(own, expected, "the answer shows the caller's own allocation");
    let results = co.get(&format!("{id}/results"), &co.member).await;
    assert_eq!(results["participants_voted"], 3);
    assert_eq!(results["points_per_participant"], 10);
    let rows = results["clusters"].as_array().expect("rows");
    let row = |cid: i64| rows.iter().find(|r| r["cluster_id"] == cid).cloned().expect("row");
    assert_eq!((row(merged)["points"].as_i64(), row(merged)["voters"].as_i64()), (Some(11), Some(2)));
    assert_eq!((row(kamers)["points"].as_i64(), row(kamers)["voters"].as_i64()), (Some(11), Some(2)));
    assert_eq!((row(eenzaam)["points"].as_i64(), row(eenzaam)["voters"].as_i64()), (Some(8), Some(2)));
    let total: i64 = rows.iter().map(|r| r["points"].as_i64().expect("points")).sum();
    assert_eq!(total, 30, "three participants, ten points each");
    let points: Vec<i64> = rows.iter().map(|r| r["points"].as_i64().expect("points")).collect();
    assert!(points.windows(2).all(|w| w[0] >= w[1]), "most points first: {points:?}");
    assert!(rows.iter().all(|r| r.get("by").is_none()), "voting is anonymous by default");

    // Elaborating: theme texts in versions by several people; a concern linked to pitches.
    co.phase(id, "elaborating").await;
    assert_eq!(co.text(id, merged, &co.member, "Zorg en geld").await, 1);
    assert_eq!(co.text(id, merged, &co.citizen, "Zorg, geld en mantelzorg").await, 2);
    assert_eq!(co.text(id, eenzaam, &co.coord, "Eenzaamheid").await, 1);
    let texts = co.items(&format!("{id}/clusters/{merged}/texts")).await;
    assert_eq!(texts.iter().map(|t| t["number"].as_i64().expect("n")).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(texts[1]["author"], CITIZEN_NAME);
    let clusters = co.items(&format!("{id}/clusters")).await;
    assert_eq!(by_id(&clusters, merged)["contributors"], json!([member_name, CITIZEN_NAME]));
    assert_eq!(by_id(&clusters, merged)["text"]["title"], "Zorg, geld en mantelzorg");
    let r = co
        .call(
            Method::PUT,
            &format!("{id}/clusters/{kamers}/reason"),
            Some(&co.coord),
            Some(json!({ "reason": "Gaat op in het thema Eenzaamheid." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let body = json!({ "title": "Digitale toegankelijkheid", "description": "Wie niet digitaal meekan, valt buiten.", "pitch_ids": [p2, p3] });
    let concern = co.expect(StatusCode::CREATED, Method::POST, &format!("{id}/concerns"), &co.coord, Some(body)).await;
    let concern = concern["id"].as_i64().expect("concern");
    let concerns = co.items(&format!("{id}/concerns")).await;
    assert_eq!(ids(&by_id(&concerns, concern)["pitch_ids"]), [p2, p3]);

    // The concept: a new agenda version with status concept.
    let before = co.app.agenda("zhz").await["version"].as_i64().expect("version");
    let concept = co.expect(StatusCode::CREATED, Method::POST, &format!("{id}/concept"), &co.coord, None).await;
    let concept = concept["version"].as_i64().expect("concept version");
    assert_eq!(concept, before + 1);
    assert_eq!(co.process(id).await["phase"], "concept");
    let agenda = co.app.agenda("zhz").await;
    assert_eq!((agenda["version"].as_i64(), agenda["status"].as_str()), (Some(concept), Some("concept")));
    let titles: Vec<&str> =
        agenda["themes"].as_array().expect("themes").iter().map(|t| t["title"].as_str().expect("t")).collect();
    assert!(titles.contains(&"Zorg, geld en mantelzorg") && titles.contains(&"Eenzaamheid"), "{titles:?}");
    assert!(!titles.contains(&"Buurtkamers"), "a cluster without a text is no theme");
    let concerns: Vec<&str> = agenda["cross_cutting_concerns"]
        .as_array()
        .expect("concerns")
        .iter()
        .map(|c| c["title"].as_str().expect("t"))
        .collect();
    assert!(concerns.contains(&"Digitale toegankelijkheid"), "{concerns:?}");
    let versions = co.get("/api/v1/werkplaatsen/zhz/agenda/versions", &co.member).await;
    let newest = &versions.as_array().expect("versions")[0];
    assert_eq!((newest["number"].as_i64(), newest["status"].as_str()), (Some(concept), Some("concept")));
    let clusters = co.items(&format!("{id}/clusters")).await;
    let zorg_theme = by_id(&clusters, merged)["theme_id"].as_i64().expect("theme of the merged cluster");
    let eenzaam_theme = by_id(&clusters, eenzaam)["theme_id"].as_i64().expect("theme");

    // Amending: accepted, rejected and partly accepted.
    co.phase(id, "amending").await;
    let amend = |theme: i64, section: &str, text: &str| json!({ "theme_id": theme, "section": section, "text": text, "reason": "Zo is het scherper." });
    let path = format!("{id}/amendments");
    let a1 = co
        .expect(
            StatusCode::CREATED,
            Method::POST,
            &path,
            &co.member,
            Some(amend(zorg_theme, "introduction", "Mantelzorg en geldzorgen gaan vaak samen.")),
        )
        .await["id"]
        .as_i64()
        .expect("a1");
    let a2 = co
        .expect(StatusCode::CREATED, Method::POST, &path, &co.citizen, Some(amend(eenzaam_theme, "title", "Alleen")))
        .await["id"]
        .as_i64()
        .expect("a2");
    let a3 = co
        .expect(
            StatusCode::CREATED,
            Method::POST,
            &path,
            &co.lector,
            Some(amend(zorg_theme, "questions", "Wat helpt mantelzorgers?\nWat kost het?")),
        )
        .await["id"]
        .as_i64()
        .expect("a3");
    let answer = |a: i64, body: Value| (format!("{id}/amendments/{a}/answer"), body);
    let (p, b) = answer(a1, json!({ "decision": "accepted", "answer": "Overgenomen." }));
    let v1 = co.expect(StatusCode::OK, Method::POST, &p, &co.coord, Some(b)).await["version"]
        .as_i64()
        .expect("a new version");
    assert_eq!(v1, concept + 1);
    let theme = |agenda: &Value, tid: i64| {
        agenda["themes"].as_array().expect("themes").iter().find(|t| t["id"] == tid).cloned().expect("theme")
    };
    let agenda = co.app.agenda("zhz").await;
    assert_eq!(agenda["version"], v1);
    assert_eq!(theme(&agenda, zorg_theme)["introduction"], "Mantelzorg en geldzorgen gaan vaak samen.");
    let (p, b) = answer(a2, json!({ "decision": "rejected", "answer": "De titel zegt al wat het is." }));
    assert_eq!(co.expect(StatusCode::OK, Method::POST, &p, &co.coord, Some(b)).await["version"], Value::Null);
    assert_eq!(co.app.agenda("zhz").await["version"], v1, "a rejection writes no version");
    assert_eq!(theme(&co.app.agenda("zhz").await, eenzaam_theme)["title"], "Eenzaamheid");
    let (p, b) = answer(
        a3,
        json!({ "decision": "partly_accepted", "answer": "De eerste vraag nemen we over.", "text": "Wat helpt mantelzorgers?" }),
    );
    let v3 =
        co.expect(StatusCode::OK, Method::POST, &p, &co.coord, Some(b)).await["version"].as_i64().expect("version");
    assert_eq!(v3, v1 + 1);
    assert_eq!(theme(&co.app.agenda("zhz").await, zorg_theme)["questions"], json!(["Wat helpt mantelzorgers?"]));
    let amendments = co.items(&path).await;
    let rejected = by_id(&amendments, a2);
    assert_eq!(rejected["decision"], "rejected");
    assert_eq!(rejected["answer"], "De titel zegt al wat het is.");
    assert_eq!(rejected["applied_version"], Value::Null);
    assert_eq!(by_id(&amendments, a1)["applied_version"], v1);
    assert_eq!(by_id(&amendments, a3)["decision"], "partly_accepted");
    assert_eq!(by_id(&amendments, a1)["organisation"], WELZIJN);

    // Adoption: a version with status definitief; the process is done.
    let adopted = co.expect(StatusCode::CREATED, Method::POST, &format!("{id}/adopt"), &co.coord, None).await;
    let adopted = adopted["version"].as_i64().expect("adopted version");
    assert_eq!(adopted, v3 + 1);
    let agenda = co.app.agenda("zhz").await;
    assert_eq!((agenda["version"].as_i64(), agenda["status"].as_str()), (Some(adopted), Some("definitief")));
    let process = co.process(id).await;
    assert_eq!(process["phase"], "adopted");
    assert_eq!(
        (process["concept_version"].as_i64(), process["adopted_version"].as_i64()),
        (Some(concept), Some(adopted))
    );
    assert!(process["phases"].as_array().expect("phases").iter().all(|p| p["entered_at"].is_string()), "{process}");

    // The trace: every pitch in a theme (with authors and organisations) or not taken up with a reason.
    let trace = co.get(&format!("{id}/trace"), &co.citizen).await;
    assert_eq!(trace["version"], adopted);
    let themes = trace["themes"].as_array().expect("themes");
    let traced = |tid: i64| themes.iter().find(|t| t["theme_id"] == tid).cloned().expect("theme in the trace");
    let zorg_trace = traced(zorg_theme);
    assert_eq!(
        ids(&Value::Array(zorg_trace["clusters"].as_array().expect("c").iter().map(|c| c["id"].clone()).collect())),
        [zorg, geld, merged]
    );
    let pitch = |t: &Value, pid: i64| {
        t["pitches"].as_array().expect("pitches").iter().find(|p| p["id"] == pid).cloned().expect("pitch")
    };
    assert_eq!(pitch(&zorg_trace, p2)["authors"], json!([member_name]));
    assert_eq!(pitch(&zorg_trace, p2)["organisations"], json!([WELZIJN]));
    assert_eq!(pitch(&zorg_trace, p4)["authors"], json!([member_name]));
    assert_eq!(zorg_trace["contributors"], json!([member_name, CITIZEN_NAME]));
    assert_eq!(zorg_trace["concerns"], json!(["Digitale toegankelijkheid"]));
    let amended: BTreeSet<i64> =
        zorg_trace["amendments"].as_array().expect("a").iter().map(|a| a["id"].as_i64().expect("id")).collect();
    assert_eq!(amended, [a1, a3].into());
    let eenzaam_trace = traced(eenzaam_theme);
    assert_eq!(pitch(&eenzaam_trace, p1)["authors"], json!([coord_name, lector_name]));
    assert_eq!(pitch(&eenzaam_trace, p1)["organisations"], json!([MAASOEVER, RIJNMOND]));
    let mut in_themes: Vec<i64> = themes
        .iter()
        .flat_map(|t| t["pitches"].as_array().expect("p").iter().map(|p| p["id"].as_i64().expect("id")))
        .collect();
    let not_taken_up = trace["not_taken_up"].as_array().expect("not taken up");
    let reason = |pid: i64| {
        not_taken_up.iter().find(|n| n["pitch_id"] == pid).map(|n| n["reason"].as_str().expect("reason").to_owned())
    };
    assert_eq!(reason(p3).as_deref(), Some("Gaat op in het thema Eenzaamheid."));
    assert_eq!(reason(p5).as_deref(), Some("Past niet bij de werkplaats."));
    in_themes.extend(not_taken_up.iter().map(|n| n["pitch_id"].as_i64().expect("id")));
    in_themes.sort_unstable();
    assert_eq!(in_themes, all.to_vec(), "every pitch exactly once: in a theme or not taken up");

    // The report counts what happened.
    let report = co.get(&format!("{id}/report"), &co.member).await;
    assert_eq!(report["pitches"], 5);
    assert_eq!(report["amendments"], 3);
    assert_eq!(report["amendments_accepted"], 2);
    assert_eq!(report["votes_cast"], 3);
    assert!(report["participants"].as_u64().expect("participants") >= 4, "{report}");
    assert!(report["organisations"].as_array().expect("organisations").contains(&json!(WELZIJN)), "{report}");
    assert!(report["events"].as_array().expect("events").iter().any(|e| e["kind"] == "adopted"), "{report}");
}
