//! The six verbs and every error code the provider answers with.
use super::*;
use crate::common::TestApp;

fn host_id(app: &TestApp, rest: &str) -> String {
    let host = broedplaats_core::dissemination::oai::host_of(&app.core.public_url);
    format!("oai:{host}:{rest}")
}

#[tokio::test]
async fn identify_formats_and_sets() {
    let app = TestApp::spawn().await;
    let id = publish(&app, "Buurtgesprek met <ruwe> tekst & meer", json!({})).await;
    let xml = oai(&app, "verb=Identify").await;
    assert_eq!(error_code(&xml), None, "{xml}");
    assert_eq!(texts(&xml, "repositoryName"), ["Broedplaats"]);
    assert_eq!(texts(&xml, "baseURL"), [format!("{}/oai", app.core.public_url)]);
    assert_eq!(texts(&xml, "protocolVersion"), ["2.0"]);
    assert_eq!(texts(&xml, "deletedRecord"), ["persistent"]);
    assert_eq!(texts(&xml, "granularity"), ["YYYY-MM-DDThh:mm:ssZ"]);
    assert_eq!(texts(&xml, "adminEmail"), ["noreply@broedplaats.invalid"]);
    assert!(xml.contains("<request verb=\"Identify\">"), "{xml}");

    let xml = oai(&app, "verb=ListMetadataFormats").await;
    assert_eq!(texts(&xml, "metadataPrefix"), ["oai_dc", "oai_openaire"]);
    let item = host_id(&app, &format!("zhz/knowledge_product/{id}"));
    let xml = oai(&app, &format!("verb=ListMetadataFormats&identifier={item}")).await;
    assert_eq!(texts(&xml, "metadataPrefix"), ["oai_dc", "oai_openaire"]);

    let xml = oai(&app, "verb=ListSets").await;
    let specs = texts(&xml, "setSpec");
    assert!(specs.contains(&"werkplaats:zhz".to_owned()), "{xml}");
    assert!(specs.contains(&"kind:werkvorm".to_owned()), "{xml}");
    assert!(texts(&xml, "setName").contains(&"Soort: Werkvorm".to_owned()), "{xml}");
    assert!(!specs.iter().any(|s| s.contains(' ')), "{specs:?}");

    let xml = oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={item}")).await;
    assert_eq!(error_code(&xml), None, "{xml}");
    assert!(xml.contains("<dc:title>Buurtgesprek met &lt;ruwe&gt; tekst &amp; meer</dc:title>"), "{xml}");
    assert!(xml.contains("<dc:type>knowledge_product</dc:type>"), "{xml}");
    assert!(xml.contains("<setSpec>werkplaats:zhz</setSpec>"), "{xml}");
    let rich = oai(&app, &format!("verb=GetRecord&metadataPrefix=oai_openaire&identifier={item}")).await;
    assert!(rich.contains("<oaire:resourceType"), "{rich}");
    assert!(rich.contains("<datacite:title xml:lang=\"nl\">Buurtgesprek"), "{rich}");

    // POST with a form answers the same.
    let posted = oai_post(&app, &format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={item}")).await;
    assert_eq!(texts(&posted, "dc:title"), texts(&xml, "dc:title"));
}

#[tokio::test]
async fn every_error_code_where_it_applies() {
    let app = TestApp::spawn().await;
    let id = publish(&app, "Foutenproef", json!({})).await;
    let item = host_id(&app, &format!("zhz/knowledge_product/{id}"));
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "badVerb"),
        ("verb=Harvest".into(), "badVerb"),
        ("verb=Identify&verb=Identify".into(), "badVerb"),
        ("verb=Identify&set=x".into(), "badArgument"),
        ("verb=ListRecords".into(), "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc".into(), "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z".into(), "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=gisteren".into(), "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-02&until=2025-01-01".into(), "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=met%20spatie".into(), "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=abc".into(), "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc".into(), "badArgument"),
        ("verb=ListRecords&resumptionToken=bm9uc2Vuc2U".into(), "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=%3Cx%3E".into(), "badResumptionToken"),
        ("verb=ListSets&resumptionToken=abc".into(), "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=marcxml".into(), "cannotDisseminateFormat"),
        (format!("verb=GetRecord&metadataPrefix=mods&identifier={item}"), "cannotDisseminateFormat"),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elders.nl:zhz/knowledge_product/1".into(),
            "idDoesNotExist",
        ),
        (
            format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={}", host_id(&app, "zhz/question/1")),
            "idDoesNotExist",
        ),
        (
            format!("verb=GetRecord&metadataPrefix=oai_dc&identifier={}", host_id(&app, "nergens/story/1")),
            "idDoesNotExist",
        ),
        (format!("verb=ListMetadataFormats&identifier={}", host_id(&app, "zhz/story/999999")), "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=werkplaats:bestaat-niet".into(), "noRecordsMatch"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01".into(), "noRecordsMatch"),
    ];
    let mut all = Vec::new();
    for (query, code) in &cases {
        let xml = oai(&app, query).await;
        assert_eq!(error_code(&xml).as_deref(), Some(*code), "{query}: {xml}");
        assert!(!xml.contains("noSetHierarchy"));
        // badVerb and badArgument echo only the base URL.
        if matches!(*code, "badVerb" | "badArgument") {
            assert!(xml.contains("<request>"), "{query}: {xml}");
        } else {
            assert!(xml.contains("<request verb="), "{query}: {xml}");
        }
        all.push(xml);
    }
    // A body that is not a form is an unreadable request.
    let req = Request::builder().method(Method::POST).uri("/oai").body(Body::from("verb=Identify")).expect("request");
    let r = app.send(req).await;
    assert_eq!(error_code(&r.body).as_deref(), Some("badArgument"), "{}", r.body);
    if let Some(py) = python() {
        validate(&py, &all);
    }
}

#[tokio::test]
async fn private_concept_and_partner_content_never_appear() {
    let app = TestApp::spawn().await;
    let public = publish(&app, "Openbaar product", json!({})).await;
    let partners = publish(&app, "Alleen partners", json!({ "visibility": "partners" })).await;
    let concept = publish(&app, "Nog een concept", json!({ "status": "concept" })).await;
    let (ids, pages) = walk(&app, "verb=ListRecords&metadataPrefix=oai_dc").await;
    let all = pages.concat();
    assert!(ids.iter().any(|i| i.ends_with(&format!("zhz/knowledge_product/{public}"))), "{ids:?}");
    for hidden in [partners, concept] {
        assert!(!ids.iter().any(|i| i.ends_with(&format!("zhz/knowledge_product/{hidden}"))), "{ids:?}");
    }
    assert!(!all.contains("Alleen partners") && !all.contains("Nog een concept"));
    // Demo stories without publication consent are not there; approaches (public) are.
    let mut conn = app.core.store.conn().await.expect("conn");
    let zhz = app.core.tenant("zhz").await.expect("tenant");
    for s in broedplaats_store::knowledge::stories(&mut conn, &zhz).await.expect("stories") {
        let listed = ids.iter().any(|i| i.ends_with(&format!("zhz/story/{}", s.id)));
        assert_eq!(listed, s.consent_use == "publication" && s.withdrawn_at.is_none(), "story {}", s.id);
    }
    let approaches = broedplaats_store::knowledge::approaches(&mut conn, &zhz).await.expect("approaches");
    for a in approaches {
        assert!(ids.iter().any(|i| i.ends_with(&format!("zhz/approach/{}", a.id))), "approach {}", a.id);
    }
    if let Some(py) = python() {
        let mut responses = pages;
        for q in ["verb=Identify", "verb=ListSets", "verb=ListMetadataFormats"] {
            responses.push(oai(&app, q).await);
        }
        responses.extend(walk(&app, "verb=ListRecords&metadataPrefix=oai_openaire").await.1);
        responses.extend(walk(&app, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=werkplaats:zhz").await.1);
        validate(&py, &responses);
    } else {
        eprintln!("SKIPPED: schema validation (BROEDPLAATS_TEST_PY is not set)");
    }
}
