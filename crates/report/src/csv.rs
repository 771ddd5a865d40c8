//! CSV per table, written for Excel in the Netherlands and for programs alike:
//! - UTF-8 with a byte order mark (so Excel does not read "€" and "ë" as Latin-1),
//! - `;` between fields and CRLF line ends (Excel-NL splits on `;`, since `,` is the decimal sign),
//! - numbers without thousands separators and with a decimal comma: euros "1234,50" (always two
//!   decimals, no "€"), integers "1234", percentages "12,5%" (Excel-NL reads that as 0,125),
//! - dates ISO "2024-03-01" (Excel recognises them; unambiguous for programs),
//! - fields quoted with `"` when they hold `;`, `"` or a line break; text that Excel would take
//!   for a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`,
//! - a last line "Totaal" with the sums, when the table has a total row.
//!
//! A program reads it with `csv.reader(f, delimiter=';')` after decoding `utf-8-sig`, and turns a
//! number into a decimal with `replace(',', '.')`.

use crate::error::ReportError;
use crate::model::{Cell, ColumnKind, Report, Table};
use crate::xlsx::sheet_names;
use std::io::{Cursor, Write};

const BOM: &str = "\u{feff}";

/// One table as CSV text (with BOM), see the module documentation for the format.
pub fn to_csv(table: &Table) -> String {
    let mut out = String::from(BOM);
    let n = table.columns.len();
    line(&mut out, table.columns.iter().map(|c| text_field(&c.header)));
    for row in &table.rows {
        line(&mut out, (0..n).map(|i| row.get(i).map(cell_field).unwrap_or_default()));
    }
    if table.total_row {
        let mut labelled = false;
        let total = table.columns.iter().enumerate().map(|(i, column)| match column.kind {
            ColumnKind::Euro => euro_field(table.column_total(i)),
            ColumnKind::Integer => table.column_total(i).to_string(),
            _ if !labelled => {
                labelled = true;
                "Totaal".to_string()
            }
            _ => String::new(),
        });
        line(&mut out, total);
    }
    out
}

/// Every table of the report as a CSV file (`<sheet name>.csv`, the names of the XLSX sheets) in
/// one ZIP archive.
pub fn to_csv_zip(report: &Report) -> Result<Vec<u8>, ReportError> {
    let tables: Vec<&Table> = report.tables().collect();
    let names = sheet_names(&tables);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(false);
    let err = |e: &dyn std::fmt::Display| ReportError::Zip(e.to_string());
    for (table, name) in tables.iter().zip(&names) {
        zip.start_file(format!("{name}.csv"), options).map_err(|e| err(&e))?;
        zip.write_all(to_csv(table).as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields.collect();
    out.push_str(&fields.join(";"));
    out.push_str("\r\n");
}

fn cell_field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text_field(text),
        Cell::Integer(v) => v.to_string(),
        Cell::Euro(cents) => euro_field(*cents),
        Cell::Percent(f) if f.is_finite() => {
            let hundredths = (f * 10_000.0).round() as i64; // percent with two decimals
            let sign = if hundredths < 0 { "-" } else { "" };
            let abs = hundredths.unsigned_abs();
            let (whole, rest) = (abs / 100, abs % 100);
            if rest == 0 {
                format!("{sign}{whole}%")
            } else {
                let decimals = format!("{rest:02}");
                format!("{sign}{whole},{}%", decimals.trim_end_matches('0'))
            }
        }
        Cell::Percent(_) => String::new(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// Cents as "1234,50".
fn euro_field(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

fn text_field(text: &str) -> String {
    let mut text = text.to_string();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([';', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Column;

    #[test]
    fn dutch_csv_with_bom_quotes_and_formula_guard() {
        let table = Table {
            name: "t".into(),
            caption: "T".into(),
            columns: vec![
                Column { header: "Naam".into(), kind: ColumnKind::Text },
                Column { header: "Bedrag".into(), kind: ColumnKind::Euro },
                Column { header: "Aandeel".into(), kind: ColumnKind::Percent },
            ],
            rows: vec![
                vec![Cell::Text("a;b \"c\"".into()), Cell::Euro(123_450), Cell::Percent(0.125)],
                vec![Cell::Text("=HYPERLINK(1)".into()), Cell::Euro(5), Cell::Percent(1.0)],
            ],
            total_row: true,
        };
        let csv = to_csv(&table);
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "Naam;Bedrag;Aandeel");
        assert_eq!(lines[1], "\"a;b \"\"c\"\"\";1234,50;12,5%");
        assert_eq!(lines[2], "'=HYPERLINK(1);0,05;100%");
        assert_eq!(lines[3], "Totaal;1234,55;");
        assert_eq!(lines[4], "");
    }
}
