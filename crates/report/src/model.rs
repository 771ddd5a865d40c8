//! The report model: what a report says, independent of its format.

use chrono::NaiveDate;

/// A whole report, e.g. "Jaarverslag 2024 — Werkplaats Sociaal Domein Zuid-Holland Zuid".
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// E.g. the grant and the year the report covers.
    pub subtitle: String,
    /// The werkplaats's name.
    pub werkplaats: String,
    /// The date the report was generated (shown on the title page).
    pub generated_on: NaiveDate,
    /// The language of the texts, as a BCP 47 tag ("nl"), for the PDF's metadata.
    pub lang: String,
    pub sections: Vec<Section>,
}

/// A chapter: a heading, an optional narrative (plain text, paragraphs separated by blank lines,
/// written by the coordinator and saved with a report version) and generated blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub narrative: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Table(Table),
    Chart(Chart),
}

/// A table. In XLSX each table is a sheet and in CSV a file, both named by `name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short, unique within the report, usable as a sheet/file name (≤ 31 chars, no `[]:*?/\`).
    pub name: String,
    /// The caption shown above the table.
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Whether renderings add a "Totaal" row that sums every `Euro` and `Integer` column
    /// (in XLSX as a SUM formula).
    pub total_row: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    /// Euro cents.
    Euro,
    /// A fraction (0.5 = 50 %).
    Percent,
    Date,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    /// Euro cents.
    Euro(i64),
    /// A fraction (0.5 = 50 %).
    Percent(f64),
    Date(NaiveDate),
}

impl Table {
    /// The sum of a numeric column (`Integer` or `Euro` cells), as the total row shows it.
    pub fn column_total(&self, column: usize) -> i64 {
        self.rows
            .iter()
            .filter_map(|row| match row.get(column) {
                Some(Cell::Integer(v) | Cell::Euro(v)) => Some(*v),
                _ => None,
            })
            .sum()
    }
}

/// A bar chart drawn from figures that also appear in a table (every chart has its table).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// A one-sentence text alternative for screen readers.
    pub description: String,
    pub kind: ChartKind,
    /// Category labels along one axis, e.g. years or budget lines.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Whether values are euro cents (axis and labels formatted as money) or plain counts.
    pub money: bool,
    /// The `name` of the table in the same report that holds these figures.
    pub table: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical grouped bars (one group per category).
    Column,
    /// Horizontal grouped bars (long category labels).
    Bar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// One value per category.
    pub values: Vec<i64>,
}

impl Report {
    /// Every table of the report, in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }

    /// Every chart of the report, in reading order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
            Block::Chart(chart) => Some(chart),
            _ => None,
        })
    }
}
