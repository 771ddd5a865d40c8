//! The PDF read with poppler: text in reading order, Dutch formatting, fonts embedded.

use crate::peers::{pdffonts, pdftotext, poppler};
use crate::sample::{self, BIG_ROWS};
use broedplaats_report::svg::format_value;

fn position(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the PDF text"))
}

/// Every font line of `pdffonts` says "emb yes" (the columns from the right: object ID (2), uni,
/// sub, emb).
pub fn assert_fonts_embedded(fonts: &str) {
    let lines: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no fonts: {fonts}");
    for line in lines {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        assert!(tokens.len() >= 6, "unexpected pdffonts line: {line}");
        assert_eq!(tokens[tokens.len() - 5], "yes", "a font is not embedded: {line}");
    }
}

#[test]
fn pdftotext_reads_the_report_in_order_with_dutch_figures_and_embedded_fonts() {
    if !poppler() {
        return;
    }
    let report = sample::report(BIG_ROWS);
    let bytes = broedplaats_report::to_pdf(&report).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("verslag.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let text = pdftotext(&path);

    // Title page, then the sections in order.
    let title = position(&text, "Jaarverslag 2024");
    let werkplaats = position(&text, "Werkplaats Sociaal Domein Zuid-Holland Zuid");
    assert!(text.contains("6 december 2026"), "the Dutch date");
    let intro = position(&text, "Inleiding #1 *niet vet*");
    let finance = position(&text, "Financiën");
    let partners = position(&text, "Inzet van partners");
    assert!(werkplaats < title || title < intro, "title page first");
    assert!(title < intro && intro < finance && finance < partners, "sections in order");

    // The hostile narrative is shown literally (typst did not read it as markup).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for piece in
        ["#set page(width: 1cm)", "*vet*", "_schuin_", "$x^2$", "<label>", "@ref", "[link]", "// geen commentaar"]
    {
        assert!(flat.contains(piece), "{piece:?} is missing from the narrative: {flat:.2000}");
    }
    assert!(flat.contains("Een tweede alinea over de werkplaats."));

    // Dutch money, the budget table and its total row.
    assert!(text.contains("€ 185.000"), "whole euros without cents");
    assert!(text.contains("€ 1.234,50"), "cents after a comma");
    assert!(text.contains("€ 88.123,45"));
    let totals: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("Totaal")).collect();
    assert_eq!(totals.len(), 3, "one total row per table (not repeated on every page): {totals:?}");
    assert!(totals[0].contains("€ 185.000") && totals[0].contains("€ 173.858,45"), "{}", totals[0]);
    assert!(totals[1].contains("€ 555.000") && totals[1].contains("€ 452.500"), "{}", totals[1]);
    let expected: i64 = (1..=BIG_ROWS).map(sample::contribution_cents).sum();
    assert!(totals[2].contains(&format_value(expected, true)), "{} vs {}", totals[2], format_value(expected, true));
    assert!(finance < position(&text, "Coördinatie") && position(&text, "Coördinatie") < partners);

    // The big table: rows in order, over many pages, the header repeated on every page.
    let mut last = partners;
    for i in [1, 2, 3, 500, 5_000, 9_999, BIG_ROWS] {
        let at = position(&text, &format!("Partner {i:05}"));
        assert!(at > last, "row {i} is out of order");
        last = at;
    }
    assert!(text.rfind("Totaal").expect("present") > last, "the total row comes after the last row");
    let pages = text.matches('\u{c}').count();
    assert!(pages > 100, "10,000 rows take many pages, found {pages}");
    let headers = text.lines().filter(|l| l.contains("Organisatie") && l.contains("Bedrag")).count();
    assert!(headers > 100, "the header row repeats on every page of the table: {headers}");

    // Every font embedded, and the file says it is PDF/A-2b.
    assert_fonts_embedded(&pdffonts(&path));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfaid:part") && raw.contains("pdfaid:conformance"), "PDF/A metadata");
    assert!(raw.contains("/Lang"), "the document language");
}
