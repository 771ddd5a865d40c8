//! The XLSX rendering with rust_xlsxwriter: a sheet "Overzicht" with the texts, then one sheet per
//! table (numbers as numbers, euro/percent/date formats, a frozen bold header, a `SUM` total row
//! with its value cached) and a native chart for every chart, on the sheet of its table.

use crate::error::ReportError;
use crate::format::{cell_nl, date_nl};
use crate::model::{Block, Cell, Chart, ChartKind, ColumnKind, Report, Table};
use rust_xlsxwriter::{
    Chart as XlsxChart, ChartType, ColNum, Format, FormatAlign, Formula, RowNum, Workbook, Worksheet,
};
use std::collections::HashSet;

/// Excel's format for euros; Excel shows it with the reader's separators ("€ 1.234,50" in NL).
pub const EURO_FORMAT: &str = "€ #,##0.00";
const PERCENT_FORMAT: &str = "0.0%";
const INTEGER_FORMAT: &str = "#,##0";
const DATE_FORMAT: &str = "d-m-yyyy";
/// Excel refuses longer strings in a cell.
const MAX_CELL_CHARS: usize = 32_000;

struct Formats {
    bold: Format,
    header: Format,
    title: Format,
    wrap: Format,
    euro: Format,
    euro_total: Format,
    percent: Format,
    integer: Format,
    integer_total: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(16),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            euro: Format::new().set_num_format(EURO_FORMAT),
            euro_total: Format::new().set_num_format(EURO_FORMAT).set_bold(),
            percent: Format::new().set_num_format(PERCENT_FORMAT),
            integer: Format::new().set_num_format(INTEGER_FORMAT),
            integer_total: Format::new().set_num_format(INTEGER_FORMAT).set_bold(),
            date: Format::new().set_num_format(DATE_FORMAT),
        }
    }
}

/// The report as an XLSX workbook.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, ReportError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let tables: Vec<&Table> = report.tables().collect();
    let names = sheet_names(&tables);
    overview(workbook.add_worksheet(), report, &tables, &names, &formats)?;
    for (table, name) in tables.iter().zip(&names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, table, &formats)?;
        let charts = report.charts().filter(|c| c.table == table.name);
        let mut next_col = table.columns.len() as ColNum + 1;
        for chart in charts {
            next_col = write_chart(sheet, chart, name, next_col, &formats)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// Sheet names as Excel accepts them: no `[]:*?/\`, at most 31 characters, unique regardless of
/// case, and not "Overzicht".
pub(crate) fn sheet_names(tables: &[&Table]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from(["overzicht".to_string()]);
    tables
        .iter()
        .enumerate()
        .map(|(i, table)| {
            let clean: String = table
                .name
                .chars()
                .map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c })
                .collect::<String>()
                .trim_matches(|c: char| c == '\'' || c.is_whitespace())
                .chars()
                .take(31)
                .collect();
            let base = if clean.is_empty() { format!("Tabel {}", i + 1) } else { clean };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                let suffix = format!(" ({n})");
                let keep = 31 - suffix.chars().count();
                name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
                n += 1;
            }
            name
        })
        .collect()
}

fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        out.push('…');
        out
    }
}

fn overview(
    sheet: &mut Worksheet,
    report: &Report,
    tables: &[&Table],
    names: &[String],
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.set_name("Overzicht")?;
    sheet.set_column_width(0, 100)?;
    sheet.write_string_with_format(0, 0, clip(&report.title), &f.title)?;
    sheet.write_string(1, 0, clip(&report.werkplaats))?;
    sheet.write_string(2, 0, clip(&report.subtitle))?;
    sheet.write_string(3, 0, date_nl(report.generated_on))?;
    let mut row: RowNum = 5;
    for section in &report.sections {
        sheet.write_string_with_format(row, 0, clip(&section.heading), &f.bold)?;
        row += 1;
        let narrative = section.narrative.as_deref().unwrap_or("");
        let paragraphs = narrative.replace("\r\n", "\n");
        let texts = paragraphs.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
        let blocks = section.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        });
        for text in texts.chain(blocks) {
            sheet.write_string_with_format(row, 0, clip(text), &f.wrap)?;
            row += 1;
        }
        row += 1;
    }
    if !tables.is_empty() {
        sheet.write_string_with_format(row, 0, "Tabellen in deze werkmap", &f.bold)?;
        row += 1;
        for (table, name) in tables.iter().zip(names) {
            let link = format!("internal:'{}'!A1", name.replace('\'', "''"));
            sheet.write_url_with_text(row, 0, link.as_str(), clip(&format!("{name}: {}", table.caption)))?;
            row += 1;
        }
    }
    Ok(())
}

fn write_table(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), ReportError> {
    let n = table.columns.len();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.header.chars().count().min(40)).collect();
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as ColNum, clip(&column.header), &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as RowNum + 1;
        for (c, cell) in row.iter().take(n).enumerate() {
            let col = c as ColNum;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(r, col, clip(text))?;
                }
                Cell::Integer(v) => {
                    sheet.write_number_with_format(r, col, *v as f64, &f.integer)?;
                }
                Cell::Euro(cents) => {
                    sheet.write_number_with_format(r, col, *cents as f64 / 100.0, &f.euro)?;
                }
                Cell::Percent(v) if v.is_finite() => {
                    sheet.write_number_with_format(r, col, *v, &f.percent)?;
                }
                Cell::Percent(_) => {}
                Cell::Date(d) => {
                    sheet.write_datetime_with_format(r, col, d, &f.date)?;
                }
            }
            widths[c] = widths[c].max(cell_nl(cell).chars().count());
        }
    }
    if table.total_row {
        write_total(sheet, table, f)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as ColNum, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    Ok(())
}

/// "Totaal" in the first text column and `=SUM(…)` under every Euro and Integer column, with the
/// exact total cached as the formula's result (readers that do not calculate show it).
fn write_total(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), ReportError> {
    let last = table.rows.len() as RowNum; // the last data row (0-based), header is row 0
    let row = last + 1;
    let mut labelled = false;
    for (c, column) in table.columns.iter().enumerate() {
        let col = c as ColNum;
        match column.kind {
            ColumnKind::Euro | ColumnKind::Integer => {
                let total = table.column_total(c);
                let (result, format) = if column.kind == ColumnKind::Euro {
                    (cents_decimal(total), &f.euro_total)
                } else {
                    (total.to_string(), &f.integer_total)
                };
                if table.rows.is_empty() {
                    sheet.write_number_with_format(row, col, 0.0, format)?;
                } else {
                    let letter = column_letter(col);
                    let formula = Formula::new(format!("=SUM({letter}2:{letter}{})", last + 1)).set_result(result);
                    sheet.write_formula_with_format(row, col, formula, format)?;
                }
            }
            _ if !labelled => {
                labelled = true;
                sheet.write_string_with_format(row, col, "Totaal", &f.bold)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Cents as an exact decimal string: 123450 → "1234.5", -5 → "-0.05".
pub(crate) fn cents_decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    if rest == 0 {
        format!("{sign}{euros}")
    } else if rest % 10 == 0 {
        format!("{sign}{euros}.{}", rest / 10)
    } else {
        format!("{sign}{euros}.{rest:02}")
    }
}

/// 0 → "A", 25 → "Z", 26 → "AA".
fn column_letter(col: ColNum) -> String {
    let mut n = col as u32 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Writes the chart's figures in a small block right of the table (the chart refers to cells)
/// and the native chart under it; returns the first free column after the block.
fn write_chart(
    sheet: &mut Worksheet,
    chart: &Chart,
    sheet_name: &str,
    first_col: ColNum,
    f: &Formats,
) -> Result<ColNum, ReportError> {
    let value_format = if chart.money { &f.euro } else { &f.integer };
    sheet.write_string_with_format(0, first_col, clip(&chart.title), &f.bold)?;
    for (s, series) in chart.series.iter().enumerate() {
        sheet.write_string_with_format(1, first_col + 1 + s as ColNum, clip(&series.name), &f.bold)?;
    }
    for (i, category) in chart.categories.iter().enumerate() {
        let row = 2 + i as RowNum;
        sheet.write_string(row, first_col, clip(category))?;
        for (s, series) in chart.series.iter().enumerate() {
            let v = series.values.get(i).copied().unwrap_or(0);
            let value = if chart.money { v as f64 / 100.0 } else { v as f64 };
            sheet.write_number_with_format(row, first_col + 1 + s as ColNum, value, value_format)?;
        }
    }
    let last_row = 1 + chart.categories.len().max(1) as RowNum;
    let mut native = XlsxChart::new(match chart.kind {
        ChartKind::Column => ChartType::Column,
        ChartKind::Bar => ChartType::Bar,
    });
    native.title().set_name(&clip(&chart.title));
    native.set_alt_text(clip(&chart.description));
    for s in 0..chart.series.len() {
        let col = first_col + 1 + s as ColNum;
        native
            .add_series()
            .set_name((sheet_name, 1, col))
            .set_categories((sheet_name, 2, first_col, last_row, first_col))
            .set_values((sheet_name, 2, col, last_row, col));
    }
    native.y_axis().set_num_format(if chart.money { EURO_FORMAT } else { INTEGER_FORMAT });
    if chart.kind == ChartKind::Bar {
        native.x_axis().set_num_format(if chart.money { EURO_FORMAT } else { INTEGER_FORMAT });
    }
    native.set_width(640).set_height(360);
    sheet.set_column_width(first_col, 24)?;
    sheet.insert_chart(last_row + 2, first_col, &native)?;
    // The next chart's data starts right of this one (a chart is ~10 default columns wide).
    Ok(first_col + (chart.series.len() as ColNum + 1).max(10) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_decimals() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(cents_decimal(123_450), "1234.5");
        assert_eq!(cents_decimal(123_456), "1234.56");
        assert_eq!(cents_decimal(-5), "-0.05");
        assert_eq!(cents_decimal(0), "0");
    }
}
