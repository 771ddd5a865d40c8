//! Reports as plain data and their renderings (issue 18).
//!
//! A use case (e.g. the grant accountability in `broedplaats-core`) assembles a [`Report`] from the
//! database; this crate turns it into files without knowing where the figures came from:
//! - [`svg::chart`]: an accessible SVG chart (also used on the dashboard pages),
//! - PDF, XLSX and CSV renderings (added by the report work of issue 18).
//!
//! Money is carried in euro **cents** (`i64`) so totals are exact; renderings format it Dutch
//! ("€ 185.000" / "€ 1.234,50").

pub mod model;
pub mod svg;

pub use model::{Block, Cell, Chart, ChartKind, Column, ColumnKind, Report, Section, Series, Table};
