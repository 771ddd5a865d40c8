//! The collections demo (issue 19): one public reading list of the ZHZ demo, "Module Armoede en
//! schulden — jaar 2", built by the demo lector from the demo knowledge base through the same use
//! case as the pages. Needs `load_demo_knowledge`; loads once (by its title).
use crate::collections::{CollectionInput, ItemInput};
use crate::kernel::actor::load_actor;
use crate::{Core, CoreError, Result};
use broedplaats_store::knowledge::{self as kq, KnowledgeTable};
use broedplaats_store::{accounts, collections, werkplaats};

/// The demo collection's title.
pub const DEMO_COLLECTION: &str = "Module Armoede en schulden — jaar 2";

/// (type, title of the demo item, note for students)
const ITEMS: &[(&str, &str, &str)] = &[
    (
        "knowledge_product",
        "Nieuwe armen in beeld: werkende huishoudens met schulden (fictief)",
        "Lees dit eerst (week 1). Let op wie er in de cijfers ontbreken.",
    ),
    (
        "approach",
        "Vroeg erop af bij geldzorgen (fictief)",
        "Week 2: bespreek in uw werkgroep welke werkzame factoren u in uw stage herkent.",
    ),
    (
        "story",
        "Eindelijk durfde ik hulp te vragen (fictief)",
        "Week 3: wat maakte dat de verteller hulp durfde te vragen? Neem dit mee naar het gesprek met de opbouwwerker.",
    ),
    (
        "knowledge_product",
        "Keukentafelgesprek over geldzorgen (fictief)",
        "Verdieping voor de eindopdracht (week 4): oefen het gesprek in tweetallen.",
    ),
];

impl Core {
    /// Loads the demo collection unless it exists. Returns whether it loaded.
    pub async fn load_demo_collections(&self) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        let Some(zhz) = werkplaats::tenant(&mut conn, "zhz").await? else { return Ok(false) };
        if collections::collections(&mut conn, &zhz, true, 0, 1000).await?.iter().any(|c| c.title == DEMO_COLLECTION) {
            return Ok(false);
        }
        let a = accounts::account_by_email(&mut conn, "lector@zhz.example")
            .await?
            .ok_or_else(|| CoreError::Internal("demo account lector@zhz.example missing".into()))?;
        let lector = load_actor(&mut conn, a.id, a.email, a.name).await?;
        let mut products = Vec::new();
        for id in kq::all_ids(&mut conn, &zhz, KnowledgeTable::Products).await? {
            if let Some(p) = kq::product(&mut conn, &zhz, id).await? {
                products.push((p.title, id));
            }
        }
        let approaches: Vec<(String, i64)> =
            kq::approaches(&mut conn, &zhz).await?.into_iter().map(|r| (r.title, r.id)).collect();
        let stories: Vec<(String, i64)> =
            kq::stories(&mut conn, &zhz).await?.into_iter().map(|r| (r.title, r.id)).collect();
        drop(conn);
        let mut items = Vec::new();
        for (kind, title, note) in ITEMS {
            let pool = match *kind {
                "knowledge_product" => &products,
                "approach" => &approaches,
                _ => &stories,
            };
            let Some((_, id)) = pool.iter().find(|(t, _)| t == title) else {
                return Err(CoreError::Internal(format!("demo item {title:?} missing")));
            };
            items.push(ItemInput { item_type: (*kind).into(), id: *id, note: Some((*note).into()) });
        }
        let input = CollectionInput {
            title: DEMO_COLLECTION.into(),
            description: Some(
                "Leeslijst voor de module Armoede en schulden in het tweede jaar van Social Work: kennis, een \
                 aanpak en een verhaal van een bewoner uit de werkplaats Zuid-Holland Zuid."
                    .into(),
            ),
            visibility: "public".into(),
            programme: Some("Social Work".into()),
            werkplaats: Some("zhz".into()),
            items,
        };
        self.create_collection(Some(&lector), &input).await?;
        Ok(true)
    }
}
