//! A collection exported: the reading list as CSV (through the report crate's CSV writer: `;`,
//! BOM, formulas neutralised) and as an Atom feed (through the dissemination capability's XML
//! writer). Both hold what the reader may see; the feed is what anonymous readers see, so a
//! collection for a programme has no feed.
use super::{CollectionView, ItemView};
use crate::dissemination::{Feed, Xml};
use crate::kernel::actor::Actor;
use crate::{Core, Result};
use broedplaats_report::{Cell, Column, ColumnKind, Table, to_csv};

/// The item type in Dutch words, for the CSV and the feed's categories.
pub fn type_label(code: &str) -> &'static str {
    match code {
        "knowledge_product" => "Kennisproduct",
        "approach" => "Aanpak",
        "story" => "Verhaal",
        "activity_report" => "Verslag van een activiteit",
        _ => "Item",
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

impl Core {
    /// The reading list as CSV (UTF-8 with BOM, `;`): number, type, title, address, summary, note.
    pub async fn collection_csv(&self, actor: Option<&Actor>, id: i64) -> Result<(CollectionView, String)> {
        let c = self.collection(actor, id).await?;
        let base = &self.public_url;
        let header = |h: &str| Column { header: h.to_owned(), kind: ColumnKind::Text };
        let table = Table {
            name: "Leeslijst".into(),
            caption: c.title.clone(),
            columns: vec![
                Column { header: "Nr".into(), kind: ColumnKind::Integer },
                header("Soort"),
                header("Titel"),
                header("Adres"),
                header("Samenvatting"),
                header("Notitie voor studenten"),
            ],
            rows: c
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    vec![
                        Cell::Integer(i as i64 + 1),
                        text(type_label(&it.item_type)),
                        text(&it.title),
                        text(&format!("{base}{}", it.url)),
                        text(&it.summary),
                        text(&it.note),
                    ]
                })
                .collect(),
            total_row: false,
        };
        let csv = to_csv(&table);
        Ok((c, csv))
    }

    /// The Atom feed of a collection as anonymous readers see it: one entry per visible item,
    /// newest addition first; a collection for a programme is `NotFound`.
    pub async fn collection_feed(&self, id: i64) -> Result<Feed> {
        let c = self.collection(None, id).await?;
        let base = &self.public_url;
        let page = format!("{base}/collecties/{id}");
        let self_url = format!("{page}.atom");
        let mut items: Vec<&ItemView> = c.items.iter().collect();
        items.sort_by(|a, b| b.added_at.cmp(&a.added_at));
        let updated =
            items.iter().map(|i| i.added_at.as_str()).chain([c.updated_at.as_str()]).max().unwrap_or_default();
        let updated = updated.to_owned();
        let mut x = Xml::document();
        x.open("feed", &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", "nl")]);
        x.text("id", &[], &self_url);
        x.text("title", &[("type", "text")], &c.title);
        if !c.description.is_empty() {
            x.text("subtitle", &[("type", "text")], &c.description);
        }
        x.text("updated", &[], &updated);
        x.empty("link", &[("rel", "self"), ("type", "application/atom+xml"), ("href", &self_url)]);
        x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &page)]);
        x.open("author", &[]);
        x.text("name", &[], &c.werkplaats_name);
        x.close("author");
        x.text("generator", &[("uri", base)], "Broedplaats");
        for it in items {
            let url = format!("{base}{}", it.url);
            x.open("entry", &[]);
            x.text("id", &[], &url);
            x.text("title", &[("type", "text")], &it.title);
            x.text("updated", &[], &it.added_at);
            let summary =
                if it.note.is_empty() { it.summary.clone() } else { format!("{}\n\n{}", it.note, it.summary) };
            x.text("summary", &[("type", "text")], &summary);
            x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &url)]);
            x.empty(
                "category",
                &[
                    ("term", &it.item_type),
                    ("scheme", &format!("{base}/collecties/soort")),
                    ("label", type_label(&it.item_type)),
                ],
            );
            x.close("entry");
        }
        x.close("feed");
        let xml = x.finish();
        let digest = crate::kernel::secret::hash_secret(&xml);
        Ok(Feed { etag: format!("\"{}\"", &digest[..32]), xml, updated })
    }
}
