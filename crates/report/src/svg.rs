//! Accessible SVG charts: `role="img"` with a title and description, every bar labelled with its
//! value, and colours that differ in lightness (also readable in grey print). The figures are
//! always repeated in a table next to the chart.

use crate::model::{Chart, ChartKind};
use std::fmt::Write;

const COLOURS: [&str; 4] = ["#1f4e79", "#c55a11", "#548235", "#7f6000"];

/// An inline SVG of the chart, safe to embed in HTML (all text is escaped).
pub fn chart(chart: &Chart) -> String {
    let bar_h = 14.0;
    let group_gap = 10.0;
    let label_w = if chart.kind == ChartKind::Bar { 180.0 } else { 120.0 };
    let plot_w = 360.0;
    let series = chart.series.len().max(1) as f64;
    let group_h = bar_h * series + group_gap;
    let legend_h = 20.0 * chart.series.len() as f64;
    let height = group_h * chart.categories.len() as f64 + legend_h + 10.0;
    let width = label_w + plot_w + 110.0;
    let max = chart.series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0).max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{id}-t chart-{id}-d" class="chart"><title id="chart-{id}-t">{title}</title><desc id="chart-{id}-d">{desc}</desc>"#,
        id = escape(&chart.table),
        title = escape(&chart.title),
        desc = escape(&chart.description),
    );
    for (c, category) in chart.categories.iter().enumerate() {
        let y0 = c as f64 * group_h;
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="end" font-size="12"><title>{full}</title>{label}</text>"#,
            x = label_w - 6.0,
            y = y0 + bar_h * series / 2.0 + 4.0,
            full = escape(category),
            label = escape(&fit(category, label_w)),
        );
        for (s, serie) in chart.series.iter().enumerate() {
            let value = serie.values.get(c).copied().unwrap_or(0);
            let w = (value.max(0) as f64 / max) * plot_w;
            let y = y0 + s as f64 * bar_h;
            let _ = write!(
                out,
                r#"<rect x="{label_w}" y="{y}" width="{w:.1}" height="{h}" fill="{fill}"/><text x="{tx:.1}" y="{ty}" font-size="11">{v}</text>"#,
                h = bar_h - 2.0,
                fill = COLOURS[s % COLOURS.len()],
                tx = label_w + w + 4.0,
                ty = y + bar_h - 4.0,
                v = escape(&format_value(value, chart.money)),
            );
        }
    }
    let ly = group_h * chart.categories.len() as f64 + 4.0;
    for (s, serie) in chart.series.iter().enumerate() {
        let y = ly + s as f64 * 20.0;
        let _ = write!(
            out,
            r#"<rect x="{label_w}" y="{y}" width="12" height="12" fill="{fill}"/><text x="{tx}" y="{ty}" font-size="12">{name}</text>"#,
            fill = COLOURS[s % COLOURS.len()],
            tx = label_w + 18.0,
            ty = y + 10.0,
            name = escape(&serie.name),
        );
    }
    out.push_str("</svg>");
    out
}

/// The label shortened with "…" to what fits in `width` pixels at 12 px (about 6.5 px a character),
/// so that a long grant or post name is not cut off at the chart's left edge; the full name is the
/// text's tooltip and in the table beside the chart.
fn fit(label: &str, width: f64) -> String {
    let max = ((width - 12.0) / 6.5) as usize;
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(max.saturating_sub(1)).collect();
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

/// "€ 185.000" for whole euros, "€ 1.234,50" otherwise; counts as "1.234".
pub fn format_value(value: i64, money: bool) -> String {
    if !money {
        return group_thousands(value);
    }
    let euros = value / 100;
    let cents = (value % 100).abs();
    let sign = if value < 0 && euros == 0 { "-" } else { "" };
    if cents == 0 {
        format!("€ {sign}{}", group_thousands(euros))
    } else {
        format!("€ {sign}{},{cents:02}", group_thousands(euros))
    }
}

fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if value < 0 { format!("-{out}") } else { out }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Series;

    #[test]
    fn long_labels_are_shortened_to_fit() {
        assert_eq!(fit("Coördinatie", 180.0), "Coördinatie");
        let long = "Werkplaats Sociaal Domein Zuid-Holland Zuid 2023-2026";
        let short = fit(long, 180.0);
        assert!(short.ends_with('…') && short.chars().count() == 25, "{short}");
        assert!(long.starts_with(short.trim_end_matches('…')));
    }

    #[test]
    fn money_is_dutch() {
        assert_eq!(format_value(18_500_000, true), "€ 185.000");
        assert_eq!(format_value(123_450, true), "€ 1.234,50");
        assert_eq!(format_value(-50, true), "€ -0,50");
        assert_eq!(format_value(1234, false), "1.234");
    }

    #[test]
    fn chart_escapes_and_labels_every_bar() {
        let svg = chart(&Chart {
            title: "Subsidie <en> matching".into(),
            description: "Per jaar".into(),
            kind: ChartKind::Column,
            categories: vec!["2023".into(), "2024".into()],
            series: vec![Series { name: "Subsidie".into(), values: vec![18_500_000, 18_500_000] }],
            money: true,
            table: "matching".into(),
        });
        assert!(svg.contains("Subsidie &lt;en&gt; matching"));
        assert_eq!(svg.matches("€ 185.000").count(), 2);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
