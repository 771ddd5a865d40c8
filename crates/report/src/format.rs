//! Dutch formatting of cells for the text renderings (PDF): "€ 185.000", "€ 1.234,50",
//! "12,5%", "6 december 2026", "1.234".

use crate::model::Cell;
use crate::svg::format_value;
use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "6 december 2026".
pub fn date_nl(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

/// A fraction as a Dutch percentage with at most one decimal: 0.5 → "50%", 0.125 → "12,5%".
pub fn percent_nl(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".into();
    }
    let tenths = (fraction * 1000.0).round() as i64;
    let (whole, rest) = (tenths / 10, (tenths % 10).abs());
    let sign = if tenths < 0 && whole == 0 { "-" } else { "" };
    if rest == 0 { format!("{sign}{whole}%") } else { format!("{sign}{whole},{rest}%") }
}

/// A cell as the PDF shows it.
pub fn cell_nl(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Integer(v) => format_value(*v, false),
        Cell::Euro(cents) => format_value(*cents, true),
        Cell::Percent(f) => percent_nl(*f),
        Cell::Date(d) => date_nl(*d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_dates_and_percentages() {
        assert_eq!(date_nl(NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date")), "6 december 2026");
        assert_eq!(date_nl(NaiveDate::from_ymd_opt(2024, 3, 1).expect("a date")), "1 maart 2024");
        assert_eq!(percent_nl(0.5), "50%");
        assert_eq!(percent_nl(0.125), "12,5%");
        assert_eq!(percent_nl(1.0), "100%");
        assert_eq!(percent_nl(-0.004), "-0,4%");
        assert_eq!(percent_nl(-0.0004), "0%");
        assert_eq!(percent_nl(f64::NAN), "–");
        assert_eq!(cell_nl(&Cell::Euro(123_450)), "€ 1.234,50");
        assert_eq!(cell_nl(&Cell::Integer(-1234)), "-1.234");
    }
}
