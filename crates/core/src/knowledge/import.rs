//! CSV import of knowledge products: the columns and their parsing; the use case validates the
//! content as it does for the API.
use crate::kernel::csv::{Column, RowError, parse_file, quote};

const PRODUCT_COLUMNS: &[Column] = &[
    Column { key: "kind", names: &["soort", "kind"], required: true },
    Column { key: "title", names: &["titel", "title"], required: true },
    Column { key: "summary", names: &["samenvatting", "summary"], required: true },
    Column { key: "body", names: &["tekst", "body"], required: false },
    Column { key: "year", names: &["jaar", "year"], required: false },
    Column { key: "date", names: &["datum", "date"], required: false },
    Column { key: "themes", names: &["themas", "thema's", "thema", "themes"], required: false },
    Column { key: "kwesties", names: &["kwesties", "kwestie"], required: false },
    Column { key: "organisations", names: &["organisaties", "organisatie", "organisations"], required: false },
    Column { key: "visibility", names: &["zichtbaarheid", "visibility"], required: false },
    Column { key: "status", names: &["status"], required: false },
    Column { key: "licence", names: &["licentie", "licence", "license"], required: false },
    Column { key: "language", names: &["taal", "language"], required: false },
    Column { key: "audiences", names: &["doelgroep", "doelgroepen", "audiences"], required: false },
    Column { key: "four_os", names: &["4o", "four_os"], required: false },
];

/// A list in one cell: values separated by `|`.
fn cell_list(v: Option<&str>) -> Vec<String> {
    v.map(|v| v.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

/// Parses a knowledge-products CSV file into inputs with their line numbers. Only the shape is
/// checked here (columns, numbers); the use case validates the content as it does for the API.
/// The Dutch column of a knowledge product field (`kind` → `soort`), for messages about a CSV
/// file; a field without a column is returned as it is.
pub fn product_column(field: &str) -> &str {
    PRODUCT_COLUMNS.iter().find(|c| c.key == field).map_or(field, |c| c.names[0])
}

/// Themes, kwesties, organisations, audiences and 4 O's are lists separated by `|`.
pub fn parse_products(data: &[u8]) -> Result<Vec<(usize, super::ProductInput)>, Vec<RowError>> {
    use super::{ProductInput, Ref};
    parse_file(data, PRODUCT_COLUMNS, |line, f, errors| {
        let year = match f.get("year") {
            None => None,
            Some(y) => match y.parse::<i64>() {
                Ok(y) => Some(y),
                Err(_) => {
                    errors.push(format!("jaar {} is geen jaartal", quote(y)));
                    None
                }
            },
        };
        let text = |k: &str| f.get(k).map(str::to_owned);
        Some((
            line,
            ProductInput {
                kind: text("kind").unwrap_or_default(),
                title: text("title").unwrap_or_default(),
                summary: text("summary").unwrap_or_default(),
                body: text("body"),
                year,
                date: text("date"),
                themes: cell_list(f.get("themes")).into_iter().map(Ref::Name).collect(),
                kwesties: cell_list(f.get("kwesties")),
                organisations: cell_list(f.get("organisations")).into_iter().map(Ref::Name).collect(),
                visibility: text("visibility"),
                status: text("status"),
                licence: text("licence"),
                language: text("language"),
                audiences: cell_list(f.get("audiences")),
                four_os: cell_list(f.get("four_os")),
                ..ProductInput::default()
            },
        ))
    })
}
