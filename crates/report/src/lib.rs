//! Reports as plain data and their renderings (issue 18).
//!
//! A use case (e.g. the grant accountability in `broedplaats-core`) assembles a [`Report`] from the
//! database; this crate turns it into files without knowing where the figures came from:
//! - [`svg::chart`]: an accessible SVG chart (also used on the dashboard pages),
//! - [`to_pdf`]: PDF/A-2b set by typst (title page, sections, tables with repeated headers and a
//!   total row, the charts), Dutch number and date formatting,
//! - [`to_xlsx`]: one sheet per table with number formats, `SUM` totals and native charts,
//! - [`to_csv`] per table and [`to_csv_zip`] for all tables of a report.
//!
//! Money is carried in euro **cents** (`i64`) so totals are exact; renderings format it Dutch
//! ("€ 185.000" / "€ 1.234,50").

pub mod csv;
pub mod error;
pub mod format;
pub mod model;
pub mod pdf;
pub mod svg;
pub mod xlsx;

pub use csv::{to_csv, to_csv_zip};
pub use error::ReportError;
pub use model::{Block, Cell, Chart, ChartKind, Column, ColumnKind, Report, Section, Series, Table};
pub use pdf::to_pdf;
pub use xlsx::to_xlsx;
