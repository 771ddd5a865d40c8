//! One question carried round the whole figure-eight through the API: the zhz coordinator
//! explicates it and puts it on the national agenda (verspreiden), the national partner connects
//! it with the kwestie and a public product of voorbeeld (opschalen) and hands it back
//! (verrijken), the coordinator applies it (toepassen). The path keeps the moves in time order
//! with who, what and where it crossed; the local status keeps step; the coordinators get mail.
use super::*;
use crate::common::COORDINATOR;

#[tokio::test]
async fn a_question_goes_round_the_whole_eight() {
    let t = Lem::new().await;
    let title = "Hoe blijven mantelzorgers van ouderen in beeld?";
    let q = t.question(ZHZ, &t.coord, title, "public", &["Eenzaamheid"]).await;

    // Creating it is the first develop move, made by the coordinator.
    let path = t.path(ZHZ, q, None).await;
    assert_eq!(movements(&path), ["ontwikkelen"]);
    assert_eq!(path["moves"][0]["step"], "expliciteren");
    assert_eq!(path["moves"][0]["by"]["kind"], "person");
    assert_eq!(path["current"], "ontwikkelen");
    assert_eq!(path["status"], "geexpliciteerd");
    assert_eq!(path["may_move"], json!([]), "anonymous visitors move nothing");
    let may = t.path(ZHZ, q, Some(&t.coord)).await["may_move"].clone();
    assert_eq!(may, json!(["ontwikkelen", "verspreiden", "opschalen", "verrijken"]));
    assert_eq!(t.path(ZHZ, q, Some(&t.national)).await["may_move"], json!([]), "not yet handed over");
    assert!(!t.ids("/api/v1/national-agenda", Some(&t.national)).await.contains(&q));

    // Voorbeeld publishes what the national partner will bring along; and a working factor.
    let product = t.product(VOORBEELD, &t.other, "Werkvorm Mantelzorgcafé", "public").await;
    let factor = json!({ "kind": "werkzame_factor", "title": "Vaste contactpersoon" });
    let approach = t.create(&format!("{VOORBEELD}/approaches"), &t.other, factor).await;

    // Ontwikkelen → verspreiden: across the middle, onto the national agenda.
    let to_national = json!({ "movement": "verspreiden", "step": "agenderen",
                              "note": "Speelt in **meer regio's**; landelijk agenderen." });
    t.move_(ZHZ, q, &t.coord, to_national).await;
    let question = t.get(&format!("{ZHZ}/questions/{q}"), None).await;
    assert_eq!(question["movement"], "verspreiden");
    assert_eq!(question["status"], "geexpliciteerd", "a national move leaves the local status");
    assert!(t.ids("/api/v1/national-agenda", Some(&t.national)).await.contains(&q));
    let may = t.path(ZHZ, q, Some(&t.national)).await["may_move"].clone();
    assert_eq!(may, json!(["verspreiden", "opschalen", "verrijken"]), "a national partner never develops");

    // The national partner takes it up and hands it back with voorbeeld's product.
    let take_up = json!({ "movement": "opschalen", "step": "verbinden_met_kwestie",
                          "note": "Verbonden met de kwestie eenzaamheid.", "knowledge_product_ids": [product] });
    t.move_(ZHZ, q, &t.national, take_up).await;
    let coordinators = t.get(&format!("{ZHZ}/members?limit=200"), Some(&t.coord)).await["items"]
        .as_array()
        .expect("members")
        .iter()
        .filter(|m| m["roles"].as_array().is_some_and(|r| r.contains(&json!("programme-coordinator"))))
        .map(|m| m["email"].as_str().expect("email").to_owned())
        .collect::<Vec<_>>();
    assert!(coordinators.iter().any(|c| c == COORDINATOR), "{coordinators:?}");
    t.app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    let (jobs_before, mails_before) = (t.pending_jobs().await, t.app.core.mailer.sent().len());
    let back = json!({ "movement": "verrijken", "step": "terugvloeien",
                       "note": "Terug met wat werkt: een vaste contactpersoon.",
                       "knowledge_product_ids": [product], "approach_ids": [approach] });
    t.move_(ZHZ, q, &t.national, back).await;
    assert_eq!(
        t.pending_jobs().await - jobs_before,
        coordinators.len() as i64,
        "one handed-back mail job per coordinator of zhz, enqueued with the move"
    );
    t.app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    let mails: Vec<_> = t.app.core.mailer.sent().into_iter().skip(mails_before).collect();
    let to_coordinator = mails.iter().find(|m| m.to.contains(COORDINATOR)).expect("a mail to the coordinator");
    assert_eq!(to_coordinator.subject, format!("Teruggegeven: {title}"));
    assert!(to_coordinator.text.contains(NATIONAL_NAME), "{}", to_coordinator.text);
    assert!(to_coordinator.text.contains(&format!("/werkplaatsen/zhz/praktijkvragen/{q}/pad")));
    assert_eq!(mails.len(), coordinators.len(), "only the coordinators: {:?}", mails.iter().map(|m| &m.to));
    assert!(!t.ids("/api/v1/national-agenda", None).await.contains(&q), "back in the werkplaats");

    // Back in the werkplaats the coordinator applies it: the local status follows.
    let jobs_before = t.pending_jobs().await;
    t.move_(ZHZ, q, &t.coord, json!({ "movement": "ontwikkelen", "step": "toepassen" })).await;
    assert_eq!(t.pending_jobs().await, jobs_before, "only a national partner's hand-back mails");
    let question = t.get(&format!("{ZHZ}/questions/{q}"), None).await;
    assert_eq!((question["status"].as_str(), question["movement"].as_str()), (Some("toegepast"), Some("ontwikkelen")));

    // The whole path, in time order, as anyone sees it.
    let path = t.path(ZHZ, q, None).await;
    assert_eq!(movements(&path), ["ontwikkelen", "verspreiden", "opschalen", "verrijken", "ontwikkelen"]);
    let moves = path["moves"].as_array().expect("moves");
    let steps: Vec<&str> = moves.iter().map(|m| m["step"].as_str().unwrap_or("")).collect();
    assert_eq!(steps, ["expliciteren", "agenderen", "verbinden_met_kwestie", "terugvloeien", "toepassen"]);
    let crosses: Vec<bool> = moves.iter().map(|m| m["crosses"].as_bool().expect("crosses")).collect();
    assert_eq!(crosses, [false, true, false, true, false], "the middle is crossed going out and coming back");
    let kinds: Vec<&str> = moves.iter().map(|m| m["by"]["kind"].as_str().unwrap_or("")).collect();
    assert_eq!(kinds, ["person", "person", "national_partner", "national_partner", "person"]);
    assert_eq!(moves[2]["by"]["name"], format!("{NATIONAL_NAME} ({NATIONAL_ORG})"));
    let at: Vec<&str> = moves.iter().map(|m| m["at"].as_str().expect("at")).collect();
    let ids: Vec<i64> = moves.iter().map(id).collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]) && ids.windows(2).all(|w| w[0] < w[1]), "{at:?} {ids:?}");
    assert!(at.iter().all(|a| chrono::DateTime::parse_from_rfc3339(a).is_ok()), "{at:?}");
    assert_eq!(moves[1]["note"], "Speelt in **meer regio's**; landelijk agenderen.", "notes are Markdown as given");
    for m in &moves[2..4] {
        let products = m["knowledge_products"].as_array().expect("products");
        assert_eq!(products.len(), 1, "{m}");
        assert_eq!(
            (products[0]["id"].as_i64(), products[0]["werkplaats"].as_str()),
            (Some(product), Some("voorbeeld"))
        );
        assert_eq!(products[0]["url"], format!("/werkplaatsen/voorbeeld/kennis/{product}"));
        assert_eq!(m["hidden_items"], 0);
    }
    assert_eq!(moves[3]["approaches"][0]["id"], approach);
    assert_eq!(moves[3]["approaches"][0]["title"], "Vaste contactpersoon");
    assert_eq!(path["current"], "ontwikkelen");
    assert_eq!(path["status"], "toegepast");
    assert_eq!(path["url"], format!("/werkplaatsen/zhz/praktijkvragen/{q}"));

    // The question counts where it stands, and crossed twice.
    let kwestie = question["kwesties"][0]["id"].as_i64().expect("kwestie id");
    let counts = t.get(&format!("/api/v1/lemniscate?werkplaats=zhz&kwestie={kwestie}"), None).await;
    assert_eq!(counts["movements"]["ontwikkelen"], 1, "{counts}");
    assert_eq!(counts["crossings"], 2, "{counts}");
    let crossed = t.ids(&format!("/api/v1/lemniscate/questions?crossed=true&kwestie={kwestie}"), None).await;
    assert_eq!(crossed, [q], "a question that crossed twice is listed once");
}
