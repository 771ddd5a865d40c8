//! Bad input to the lemniscate API: every refusal is a 422 naming the field with a Dutch message,
//! and nothing is written — the path, the question's position and status, and the job queue stay
//! as they were. Bad query strings of the views are refused the same way.
use super::*;

/// What a refused move must leave unchanged.
async fn state(t: &Lem, base: &str, q: i64) -> (Value, Value, i64) {
    let path = t.path(base, q, Some(&t.coord)).await;
    let question = t.get(&format!("{base}/questions/{q}"), Some(&t.coord)).await;
    (path, question, t.pending_jobs().await)
}

fn fields_of(r: &TestResponse) -> Vec<String> {
    let errors = field_errors(r);
    for (field, message) in &errors {
        assert!(!message.is_empty() && !message.contains("??"), "{field}: a Dutch message, not {message:?}");
    }
    errors.into_iter().map(|(f, _)| f).collect()
}

#[tokio::test]
async fn bad_moves_are_refused_and_change_nothing() {
    let t = Lem::new().await;
    let q = t.question(ZHZ, &t.coord, "Wat werkt bij laaggeletterdheid?", "public", &["Laaggeletterdheid"]).await;
    let hidden = t.product(VOORBEELD, &t.other, "Alleen voor partners van voorbeeld", "partners").await;
    let public = t.product(VOORBEELD, &t.other, "Openbaar van voorbeeld", "public").await;
    let draft = json!({ "kind": "werkvorm", "title": "Concept van voorbeeld", "summary": "Nog niet af." });
    let draft = t.create(&format!("{VOORBEELD}/knowledge-products"), &t.other, draft).await;
    let before = state(&t, ZHZ, q).await;

    let long = "x".repeat(4_001);
    let many: Vec<i64> = (0..21).map(|_| public).collect();
    let cases = [
        (json!({ "movement": "vliegen" }), "movement"),
        (json!({ "movement": "" }), "movement"),
        (json!({ "movement": "verrijken", "step": "agenderen" }), "step"),
        (json!({ "movement": "ontwikkelen", "step": "vliegen" }), "step"),
        (json!({ "movement": "verspreiden", "note": long }), "note"),
        (json!({ "movement": "verspreiden", "organisation": "o".repeat(201) }), "organisation"),
        (json!({ "movement": "verspreiden", "knowledge_product_ids": many }), "knowledge_product_ids"),
        (json!({ "movement": "verspreiden", "knowledge_product_ids": [999_999] }), "knowledge_product_ids"),
        (json!({ "movement": "verspreiden", "knowledge_product_ids": [hidden] }), "knowledge_product_ids"),
        (json!({ "movement": "verspreiden", "knowledge_product_ids": [draft] }), "knowledge_product_ids"),
        (json!({ "movement": "verspreiden", "knowledge_product_ids": [public, public] }), "knowledge_product_ids"),
        (json!({ "movement": "verspreiden", "approach_ids": [999_999] }), "approach_ids"),
    ];
    for (body, field) in &cases {
        let r = t.try_move(ZHZ, q, Some(&t.coord), body.clone()).await;
        assert_eq!(fields_of(&r), [*field], "{body}: {}", r.body);
    }
    // Several problems at once are all named.
    let r =
        t.try_move(ZHZ, q, Some(&t.coord), json!({ "movement": "verrijken", "step": "agenderen", "note": long })).await;
    assert_eq!(fields_of(&r), ["note", "step"]);
    // A body of the wrong shape: a 422 in our format, also before any rule.
    let r = t.try_move(ZHZ, q, Some(&t.coord), json!({ "movement": "verspreiden", "kleur": "rood" })).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".to_owned()), "{}", r.body);
    assert_eq!(state(&t, ZHZ, q).await, before, "nothing was written");

    // A national partner: never in ontwikkelen, never for an organisation of their choosing.
    t.move_(ZHZ, q, &t.coord, json!({ "movement": "verspreiden" })).await;
    let before = state(&t, ZHZ, q).await;
    let national = Some(t.national.as_str());
    let r = t.try_move(ZHZ, q, national, json!({ "movement": "ontwikkelen", "step": "toepassen" })).await;
    assert_eq!(fields_of(&r), ["movement"]);
    // The rule's own message, not the general one.
    let message = r.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.contains("??") && !message.contains("zie de velden"), "{}", r.body);
    let r = t.try_move(ZHZ, q, national, json!({ "movement": "opschalen", "organisation": "Een ander" })).await;
    assert_eq!(fields_of(&r), ["organisation"]);
    let r = t.try_move(ZHZ, q, national, json!({ "movement": "opschalen", "knowledge_product_ids": [hidden] })).await;
    assert_eq!(fields_of(&r), ["knowledge_product_ids"]);
    let r = t.try_move(ZHZ, q, national, json!({ "movement": "verrijken", "note": long })).await;
    assert_eq!(fields_of(&r), ["note"]);
    assert_eq!(state(&t, ZHZ, q).await, before, "nothing was written, no mail enqueued");
    // The same partner with a valid body is heard.
    t.move_(ZHZ, q, &t.national, json!({ "movement": "opschalen", "knowledge_product_ids": [public] })).await;
}

#[tokio::test]
async fn bad_queries_of_the_views_are_refused() {
    let t = Lem::new().await;
    let refused = async |path: &str| {
        let r = t.call(Method::GET, path, None, None).await;
        fields_of(&r)
    };
    assert_eq!(refused("/api/v1/lemniscate?from=2024-13-01").await, ["from"]);
    assert_eq!(refused("/api/v1/lemniscate?to=gisteren").await, ["to"]);
    assert_eq!(refused("/api/v1/lemniscate?from=2025-02-01&to=2025-01-31").await, ["to"]);
    assert_eq!(refused("/api/v1/lemniscate?kwestie=armoede").await, ["kwestie"]);
    assert_eq!(refused("/api/v1/lemniscate/questions?movement=vliegen").await, ["movement"]);
    assert_eq!(refused("/api/v1/lemniscate/questions?crossed=misschien").await, ["crossed"]);
    assert_eq!(refused("/api/v1/lemniscate/questions?movement=opschalen&crossed=true").await, ["crossed"]);
    assert_eq!(refused("/api/v1/lemniscate/questions?movement=x&from=2024-02-30").await, ["from", "movement"]);
    for path in ["/api/v1/lemniscate?werkplaats=bestaat-niet", "/api/v1/lemniscate/questions?werkplaats=bestaat-niet"] {
        let r = t.call(Method::GET, path, None, None).await;
        assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()), "{path}");
    }
    let r = t.call(Method::GET, "/api/v1/werkplaatsen/bestaat-niet/questions/1/path", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Empty parameters are none; a single day is a period.
    let all = t.get("/api/v1/lemniscate?werkplaats=&kwestie=&from=&to=", None).await;
    assert_eq!(all, t.get("/api/v1/lemniscate", None).await);
    let day = t.get("/api/v1/lemniscate?from=2025-01-31&to=2025-01-31", None).await;
    assert_eq!((day["from"].as_str(), day["to"].as_str()), (Some("2025-01-31"), Some("2025-01-31")));
    // A query string that cannot be read at all: a 400 in our format.
    let r = t.call(Method::GET, "/api/v1/lemniscate?werkplaats=zhz&werkplaats=voorbeeld", None, None).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::BAD_REQUEST, "invalid_query".to_owned()), "{}", r.body);
}
