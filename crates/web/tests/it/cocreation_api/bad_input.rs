//! Bad input gets a clear Dutch message and changes nothing: each refusal is followed by reading
//! the state again.
use super::*;

const REQUIRED: &str = "Dit veld is verplicht.";
const PHASE_ORDER: &str = "Fasen volgen elkaar in vaste volgorde op; het proces kan alleen naar de volgende fase.";
const ADOPTED: &str = "De agenda is vastgesteld; in dit proces kan niets meer veranderen.";

async fn count(co: &Co, path: &str) -> usize {
    co.items(path).await.len()
}

async fn phase_of(co: &Co, id: i64) -> String {
    co.process(id).await["phase"].as_str().expect("phase").to_owned()
}

#[tokio::test]
async fn bad_processes_pitches_phases_clusters_and_votes_change_nothing() {
    let co = Co::new().await;
    let post = |body: Value| co.call(Method::POST, BASE, Some(&co.coord), Some(body));

    // A process: empty title, points out of range, another period.
    let processes = count(&co, BASE).await;
    invalid_field(&post(json!({ "title": "  " })).await, "title", REQUIRED);
    refused(
        &post(json!({ "title": "Nul punten", "points_per_participant": 0 })).await,
        "points_per_participant",
        "Het aantal punten per deelnemer ligt tussen 1 en 100.",
    );
    refused(
        &post(json!({ "title": "Later", "period": "2027-2030" })).await,
        "period",
        "Een co-creatieproces hoort bij de huidige agenda; kies de periode van die agenda.",
    );
    assert_eq!(count(&co, BASE).await, processes, "no process was made");
    let id = co.create_process("Agenda 2027").await;
    let pitches = format!("{id}/pitches");

    // A pitch: empty title, an organisation that is no partner of the werkplaats.
    let r =
        co.call(Method::POST, &pitches, Some(&co.member), Some(json!({ "title": "", "question": "Waarom?" }))).await;
    invalid_field(&r, "title", REQUIRED);
    let body = json!({ "title": "Buurtzorg", "question": "Wat werkt?", "organisation": "Onbekend BV" });
    let r = co.call(Method::POST, &pitches, Some(&co.member), Some(body)).await;
    refused(
        &r,
        "organisation",
        "Deze organisatie is geen partner van de werkplaats; kies een organisatie uit de lijst.",
    );
    assert_eq!(count(&co, &pitches).await, 0, "no pitch was made");

    // Phases: an unknown name, skipping one, going back.
    let phase_path = format!("{id}/phase");
    let phase = |p: &str| co.call(Method::PUT, &phase_path, Some(&co.coord), Some(json!({ "phase": p })));
    invalid_field(
        &phase("vastgesteld").await,
        "phase",
        "Kies een van: pitching, clustering, prioritising, elaborating, concept, amending, adopted.",
    );
    refused(&phase("prioritising").await, "phase", PHASE_ORDER);
    assert_eq!(phase_of(&co, id).await, "pitching");
    let p1 = co.pitch(id, &co.member, "Buurtzorg", Some(WELZIJN)).await;
    let p2 = co.pitch(id, &co.citizen, "Speeltuinen", None).await;
    co.phase(id, "clustering").await;
    refused(&phase("pitching").await, "phase", PHASE_ORDER);
    refused(&phase("amending").await, "phase", PHASE_ORDER);
    assert_eq!(phase_of(&co, id).await, "clustering");

    // Pitching outside the pitching phase.
    let r =
        co.call(Method::POST, &pitches, Some(&co.citizen), Some(json!({ "title": "Laat", "question": "Nog?" }))).await;
    refused(&r, "phase", "Pitches indienen kan alleen in de fase inventariseren.");
    assert_eq!(count(&co, &pitches).await, 2);

    // A pitch in two clusters: neither making nor changing a cluster can do it.
    let one_cluster = "Een pitch hoort bij hoogstens één cluster; haal hem eerst uit het andere cluster.";
    let a = co.cluster(id, "Zorg", &[p1]).await;
    let body = json!({ "title": "Ook zorg", "pitch_ids": [p1] });
    let r = co.call(Method::POST, &format!("{id}/clusters"), Some(&co.coord), Some(body)).await;
    refused(&r, "pitch_ids", one_cluster);
    assert_eq!(count(&co, &format!("{id}/clusters")).await, 1);
    let b = co.cluster(id, "Spelen", &[p2]).await;
    let r = co
        .call(Method::PUT, &format!("{id}/clusters/{b}"), Some(&co.coord), Some(json!({ "pitch_ids": [p1, p2] })))
        .await;
    refused(&r, "pitch_ids", one_cluster);
    let r = co.call(Method::PUT, &format!("{id}/clusters/{b}"), Some(&co.coord), Some(json!({ "title": "" }))).await;
    invalid_field(&r, "title", REQUIRED);
    let clusters = co.items(&format!("{id}/clusters")).await;
    let cluster = |cid: i64| clusters.iter().find(|c| c["id"] == cid).cloned().expect("cluster");
    assert_eq!((ids(&cluster(a)["pitch_ids"]), ids(&cluster(b)["pitch_ids"])), (vec![p1], vec![p2]));
    assert_eq!(cluster(b)["title"], "Spelen");
    assert_eq!(co.items(&format!("{id}/cluster-history")).await.len(), 2, "no membership changed");

    // Votes: over the limit, negative, a cluster of nothing; the allocation stays.
    co.phase(id, "prioritising").await;
    let votes = format!("{id}/votes");
    let vote = |allocations: Value| {
        co.call(Method::PUT, &votes, Some(&co.member), Some(json!({ "allocations": allocations })))
    };
    assert_eq!(vote(json!([{ "cluster_id": a, "points": 4 }])).await.status, StatusCode::OK);
    let over = vote(json!([{ "cluster_id": a, "points": 6 }, { "cluster_id": b, "points": 5 }])).await;
    refused(&over, "allocations", "U verdeelt meer punten dan u heeft.");
    let negative = vote(json!([{ "cluster_id": a, "points": -1 }, { "cluster_id": b, "points": 3 }])).await;
    refused(&negative, "allocations", "Punten kunnen niet negatief zijn.");
    let elsewhere = vote(json!([{ "cluster_id": 999_999, "points": 1 }])).await;
    refused(&elsewhere, "allocations", "Punten kunnen alleen naar de clusters van dit proces.");
    let results = co.get(&format!("{id}/results"), &co.member).await;
    assert_eq!(results["mine"], json!([[a, 4]]), "the allocation is the last accepted one");
    let points: i64 =
        results["clusters"].as_array().expect("rows").iter().map(|r| r["points"].as_i64().expect("p")).sum();
    assert_eq!(points, 4);

    // Points cannot change once voting has begun; a pitch cannot either.
    let r = co
        .call(
            Method::PUT,
            &format!("{id}"),
            Some(&co.coord),
            Some(json!({ "title": "Agenda 2027", "points_per_participant": 20 })),
        )
        .await;
    refused(
        &r,
        "points_per_participant",
        "Het aantal punten kan niet meer veranderen: het prioriteren is al begonnen.",
    );
    assert_eq!(co.process(id).await["points_per_participant"], 10);
    let r = co
        .call(
            Method::PUT,
            &format!("{id}/pitches/{p1}"),
            Some(&co.member),
            Some(json!({ "title": "Anders", "question": "?" })),
        )
        .await;
    refused(&r, "phase", "Deze pitch kan niet meer veranderen: de fase inventariseren is voorbij.");
    assert_eq!(co.get(&format!("{id}/pitches/{p1}"), &co.member).await["title"], "Buurtzorg");
}

#[tokio::test]
async fn amendments_answers_and_adoption_keep_their_rules() {
    let co = Co::new().await;
    let (id, theme, _) = co.amending("Agenda 2027").await;
    let amendments = format!("{id}/amendments");
    let amend = |section: &str, text: &str| json!({ "theme_id": theme, "section": section, "text": text, "reason": "Scherper." });
    let r = co.call(Method::POST, &amendments, Some(&co.member), Some(amend("kop", "Jeugd"))).await;
    invalid_field(&r, "section", "Kies een van: title, introduction, questions, project_options.");
    let r = co.call(Method::POST, &amendments, Some(&co.member), Some(amend("title", ""))).await;
    invalid_field(&r, "text", REQUIRED);
    assert_eq!(count(&co, &amendments).await, 0);
    let a1 = co
        .expect(StatusCode::CREATED, Method::POST, &amendments, &co.member, Some(amend("title", "Jeugd en gezin")))
        .await;
    let a1 = a1["id"].as_i64().expect("id");
    let version = co.app.agenda("zhz").await["version"].clone();

    // Adopting with an open amendment.
    let r = co.call(Method::POST, &format!("{id}/adopt"), Some(&co.coord), None).await;
    refused(&r, "amendments", "Beantwoord eerst alle amendementen; daarna kan de agenda worden vastgesteld.");
    assert_eq!(phase_of(&co, id).await, "amending");
    assert_eq!(co.app.agenda("zhz").await["version"], version);

    // An unknown decision; then answering twice.
    let answer = format!("{amendments}/{a1}/answer");
    let r =
        co.call(Method::POST, &answer, Some(&co.coord), Some(json!({ "decision": "misschien", "answer": "?" }))).await;
    invalid_field(&r, "decision", "Kies een van: accepted, rejected, partly_accepted.");
    assert_eq!(co.items(&amendments).await[0]["decision"], Value::Null);
    let r = co
        .call(Method::POST, &answer, Some(&co.coord), Some(json!({ "decision": "rejected", "answer": "Nee." })))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = json!({ "decision": "accepted", "answer": "Toch wel." });
    refused(
        &co.call(Method::POST, &answer, Some(&co.coord), Some(again)).await,
        "decision",
        "Dit amendement is al beantwoord.",
    );
    let after = co.items(&amendments).await;
    assert_eq!((after[0]["decision"].as_str(), after[0]["answer"].as_str()), (Some("rejected"), Some("Nee.")));
    assert_eq!(co.app.agenda("zhz").await["version"], version, "the theme did not change");

    // Adopted: nothing changes any more.
    let adopted = co.expect(StatusCode::CREATED, Method::POST, &format!("{id}/adopt"), &co.coord, None).await;
    let adopted = adopted["version"].clone();
    let r = co.call(Method::POST, &amendments, Some(&co.member), Some(amend("title", "Jeugd en gezin"))).await;
    refused(&r, "phase", ADOPTED);
    assert_eq!(count(&co, &amendments).await, 1);
    let r = co.call(Method::PUT, &format!("{id}/phase"), Some(&co.coord), Some(json!({ "phase": "adopted" }))).await;
    refused(&r, "phase", ADOPTED);
    let r = co.call(Method::PUT, &format!("{id}"), Some(&co.coord), Some(json!({ "title": "Anders" }))).await;
    refused(&r, "phase", ADOPTED);
    let r = co.call(Method::POST, &format!("{id}/concept"), Some(&co.coord), None).await;
    refused(&r, "phase", ADOPTED);
    let process = co.process(id).await;
    assert_eq!((process["phase"].as_str(), process["title"].as_str()), (Some("adopted"), Some("Agenda 2027")));
    let agenda = co.app.agenda("zhz").await;
    assert_eq!((&agenda["version"], agenda["status"].as_str()), (&adopted, Some("definitief")));
}

/// A member cannot flood a process: at 1,000 pitches the next one is refused, and suggesting
/// clusters for that many stays quick enough to serve (milliseconds; see docs/PERFORMANCE.md).
#[tokio::test]
async fn a_process_holds_at_most_a_thousand_pitches() {
    let co = Co::new().await;
    let id = co.create_process("Grote ronde").await;
    let tenant = co.app.core.tenant("zhz").await.expect("zhz");
    // The first 999 straight into the store, in one transaction: the rule is what is tested.
    let mut tx = co.app.core.store.begin().await.expect("tx");
    for n in 0..999 {
        let title = format!("Pitch {n} over buurt, schulden of zorg");
        let fields = broedplaats_store::cocreation::PitchFields {
            title: &title,
            question: "Wat werkt?",
            why: "",
            for_whom: "",
            organisation_id: None,
        };
        broedplaats_store::cocreation::insert_pitch(&mut tx, &tenant, id, &fields, false, None).await.expect("pitch");
    }
    tx.commit().await.expect("commit");
    let path = format!("{BASE}/{id}/pitches");
    let body = json!({ "title": "De duizendste", "question": "Past hij nog?" });
    co.expect(StatusCode::CREATED, Method::POST, &path, &co.member, Some(body)).await;
    let r = co
        .call(Method::POST, &path, Some(&co.member), Some(json!({ "title": "Eén te veel", "question": "En deze?" })))
        .await;
    refused(
        &r,
        "title",
        "Dit proces heeft het hoogste aantal pitches (1000) bereikt; steun of verrijk een bestaande pitch.",
    );
    assert_eq!(count(&co, &path).await, 1000, "the refused pitch was not stored");
}
