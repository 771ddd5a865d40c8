//! The collection pages without JavaScript: the lector builds a reading list in the form (add
//! from the list and by id, move, note, remove), saves, changes and deletes it after confirming;
//! an unknown item and an empty title are refused with the form again and nothing saved; who may
//! open the forms; the links from `/opdrachten` and the knowledge base.
use super::{HIDDEN, OPEN, setup};
use crate::common::{LECTOR, MEMBER, OTHER_COORDINATOR};
use axum::http::{Method, StatusCode};

const NEW: &str = "/collecties/nieuw";

fn base<'a>(title: &'a str, items: &[(&'a str, &'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("title", title), ("description", "Voor de module."), ("visibility", "public"), ("programme", "")];
    for (t, id, note) in items {
        f.extend([("item_type", *t), ("item_id", *id), ("note", *note)]);
    }
    f
}

#[tokio::test]
async fn a_lector_builds_changes_and_deletes_a_reading_list_in_the_pages() {
    let s = setup().await;
    let mut b = s.app.logged_in(LECTOR).await;
    let r = b.get(NEW).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("value=\"knowledge_product:{}\"", s.public)), "the list offers the product");
    let public = s.public.to_string();
    let approach = s.approach.to_string();
    // Add from the list, then by type and id.
    let choice = format!("knowledge_product:{public}");
    let mut f = base("Module schulden", &[]);
    f.extend([("add_choice", choice.as_str()), ("action", "add")]);
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(OPEN) && r.body.contains("value=\"Module schulden\""), "{}", r.body);
    let mut f = base("Module schulden", &[("knowledge_product", &public, "Eerst lezen.")]);
    f.extend([("add_choice", ""), ("add_type", "approach"), ("add_id", approach.as_str()), ("action", "add")]);
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Eerst lezen."), "the note stays");
    // Move the approach up: it comes first.
    let mut f =
        base("Module schulden", &[("knowledge_product", &public, "Eerst lezen."), ("approach", &approach, "Dan dit.")]);
    f.push(("action", "up-1"));
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::OK);
    let (a, p) = (r.body.find("Dan dit.").expect("approach"), r.body.find("Eerst lezen.").expect("product"));
    assert!(a < p, "moved up");
    // Save.
    let mut f =
        base("Module schulden", &[("approach", &approach, "Dan dit."), ("knowledge_product", &public, "Eerst lezen.")]);
    f.push(("action", "save"));
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location().to_owned();
    assert!(location.starts_with("/collecties/") && location.ends_with("?opgeslagen=1"), "{location}");
    let id: i64 = location["/collecties/".len()..location.find('?').expect("query")].parse().expect("id");
    let page = s.app.get(&format!("/collecties/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Module schulden") && page.body.contains("Dan dit."));
    let (a, p) = (page.body.find("Dan dit.").expect("approach"), page.body.find("Eerst lezen.").expect("product"));
    assert!(a < p, "the order is kept");
    assert!(!page.body.contains(&format!("/collecties/{id}/bewerken")), "anonymous visitors get no edit link");
    // Change: remove the approach.
    let edit = format!("/collecties/{id}/bewerken");
    let r = b.get(&edit).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Dan dit."));
    let mut f = base("Module schulden (nieuw)", &[("knowledge_product", &public, "Eerst lezen.")]);
    f.push(("action", "save"));
    let r = b.post_form(&edit, &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v = s.app.api(Method::GET, &format!("/api/v1/collections/{id}"), None, None).await.json();
    assert_eq!(v["title"], "Module schulden (nieuw)");
    assert_eq!(v["items"].as_array().expect("items").len(), 1);
    // Delete after confirming.
    let confirm = format!("/collecties/{id}/verwijderen");
    let r = b.get(&confirm).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Module schulden (nieuw)"));
    let r = b.post_form(&confirm, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/collecties?verwijderd=1");
    assert_eq!(s.app.get(&format!("/collecties/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_form_refuses_an_unknown_item_and_an_empty_title_and_saves_nothing() {
    let s = setup().await;
    let mut b = s.app.logged_in(LECTOR).await;
    let mut f = base("Iets", &[]);
    f.extend([("add_type", "knowledge_product"), ("add_id", "999999"), ("action", "add")]);
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Dit item bestaat niet of u mag het niet zien."), "{}", r.body);
    // The zhz lector cannot add voorbeeld's hidden product by id either; its title never shows.
    let mut f = base("Iets", &[]);
    let hidden = s.partners.to_string();
    f.extend([("add_type", "story"), ("add_id", hidden.as_str()), ("action", "add")]);
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = base("", &[("approach", "999999", "")]);
    f.push(("action", "save"));
    let r = b.post_form(NEW, &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("error-summary"), "{}", r.body);
    assert!(r.body.contains("Item 1 (Aanpak 999999)"), "the item is named: {}", r.body);
    let list = s.app.api(Method::GET, "/api/v1/collections", None, None).await.json();
    assert!(list["items"].as_array().expect("items").is_empty(), "nothing saved: {list}");
    // The anonymous reading list page never names the hidden product.
    assert!(!s.app.get("/collecties").await.body.contains(HIDDEN));
}

#[tokio::test]
async fn who_opens_the_forms_and_where_collections_are_linked() {
    let s = setup().await;
    let anon = s.app.get(NEW).await;
    assert!(anon.status.is_redirection() && anon.location().starts_with("/inloggen"), "anonymous visitors sign in");
    let mut member = s.app.logged_in(MEMBER).await;
    assert_eq!(member.get(NEW).await.status, StatusCode::FORBIDDEN);
    let id = super::build(&s, "Van de lector", "public").await;
    assert_eq!(member.get(&format!("/collecties/{id}/bewerken")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(member.get(&format!("/collecties/{id}/verwijderen")).await.status, StatusCode::FORBIDDEN);
    let mut other = s.app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(other.get(NEW).await.status, StatusCode::OK, "a coordinator of voorbeeld builds in voorbeeld");
    assert_eq!(other.get(&format!("/collecties/{id}/bewerken")).await.status, StatusCode::FORBIDDEN);
    let list = s.app.get("/collecties").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"/collecties/{id}\"")) && list.body.contains("Van de lector"));
    assert!(!list.body.contains("href=\"/collecties/nieuw\""), "no build button for anonymous visitors");
    assert!(s.app.get("/opdrachten").await.body.contains("href=\"/collecties\""));
    assert!(s.app.get("/werkplaatsen/zhz/kennis").await.body.contains("href=\"/collecties?werkplaats=zhz\""));
}
