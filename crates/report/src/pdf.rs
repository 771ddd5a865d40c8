//! The PDF rendering, set by the typst typesetting engine used as a library.
//!
//! An in-memory [`World`] holds two files: the fixed template `/main.typ` (`report.typ`) and
//! `/data.json`, the report with every cell already formatted Dutch. The template reads the data
//! with `json()`, so user text is never concatenated into markup. No file system, no network, no
//! packages: any other path is "not found". The fonts are typst-assets' embedded fonts, and all of
//! them end up embedded (subset) in the PDF, which is PDF/A-2b.

use crate::error::ReportError;
use crate::format::{cell_nl, date_nl};
use crate::model::{Block, ColumnKind, Report, Table};
use crate::svg;
use chrono::Datelike;
use serde_json::{Value, json};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

const TEMPLATE: &str = include_str!("report.typ");

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("a fixed, valid virtual path")))
}

struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The report as a PDF/A-2b document (Dutch, tagged, fonts embedded).
pub fn to_pdf(report: &Report) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_vec(&document_data(report))
        .map_err(|e| ReportError::Pdf(format!("gegevens niet te schrijven: {e}")))?;
    let d = report.generated_on;
    let today = Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .ok_or_else(|| ReportError::Pdf("ongeldige datum".into()))?;
    let world = ReportWorld {
        main: Source::new(file_id("/main.typ"), TEMPLATE.to_string()),
        data_id: file_id("/data.json"),
        data: Bytes::new(data),
        today,
    };
    let result = typst::compile::<PagedDocument>(&world).output;
    let document = result.map_err(|errors| ReportError::Typeset(messages(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("{}/{}", report.werkplaats, report.title)),
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| ReportError::Pdf(messages(&errors)));
    // typst memoises layouts between compilations; a server writes unrelated reports, so keeping
    // them would only hold memory.
    comemo::evict(0);
    pdf
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// The report as the template reads it: only strings, already formatted Dutch.
fn document_data(report: &Report) -> Value {
    let sections: Vec<Value> = report
        .sections
        .iter()
        .map(|section| {
            let blocks: Vec<Value> = section.blocks.iter().map(block_data).collect();
            json!({
                "heading": section.heading,
                "narrative": section.narrative.as_deref().map(paragraphs).unwrap_or_default(),
                "blocks": blocks,
            })
        })
        .collect();
    json!({
        "title": report.title,
        "subtitle": report.subtitle,
        "werkplaats": report.werkplaats,
        "date": date_nl(report.generated_on),
        "lang": language(&report.lang),
        "year": report.generated_on.year(),
        "month": report.generated_on.month(),
        "day": report.generated_on.day(),
        "sections": sections,
    })
}

/// The ISO 639 language of a BCP 47 tag ("nl-NL" → "nl"), as typst wants it; Dutch otherwise.
fn language(tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
    if valid { primary } else { "nl".into() }
}

/// Paragraphs are separated by blank lines; single newlines inside one are spaces.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn block_data(block: &Block) -> Value {
    match block {
        Block::Paragraph(text) => json!({ "kind": "paragraph", "text": text }),
        Block::Table(table) => table_data(table),
        Block::Chart(chart) => json!({
            "kind": "chart",
            "title": chart.title,
            "description": chart.description,
            "svg": svg::chart(chart),
        }),
    }
}

fn table_data(table: &Table) -> Value {
    let n = table.columns.len();
    let align: Vec<&str> = table
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Integer | ColumnKind::Euro | ColumnKind::Percent => "right",
            ColumnKind::Text | ColumnKind::Date => "left",
        })
        .collect();
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    // Every row exactly as wide as the header, so a short row cannot shift the cells after it.
    let rows: Vec<Vec<String>> =
        table.rows.iter().map(|row| (0..n).map(|i| row.get(i).map(cell_nl).unwrap_or_default()).collect()).collect();
    let total = table.total_row.then(|| total_cells(table));
    json!({
        "kind": "table",
        "caption": table.caption,
        "headers": headers,
        "align": align,
        "rows": rows,
        "total": total,
    })
}

/// The total row as text: "Totaal" in the first text column, the sums of the Euro and Integer columns.
pub(crate) fn total_cells(table: &Table) -> Vec<String> {
    let mut labelled = false;
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| match column.kind {
            ColumnKind::Euro => svg::format_value(table.column_total(i), true),
            ColumnKind::Integer => svg::format_value(table.column_total(i), false),
            _ if !labelled => {
                labelled = true;
                "Totaal".to_string()
            }
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_paragraphs() {
        assert_eq!(language("nl"), "nl");
        assert_eq!(language("nl-NL"), "nl");
        assert_eq!(language("EN_gb"), "en");
        assert_eq!(language(""), "nl");
        assert_eq!(language("#set"), "nl");
        assert_eq!(paragraphs("a\nb\r\n\r\n\n\nc  d"), vec!["a b", "c d"]);
    }
}
