//! The XLSX read with openpyxl.

use crate::peers::{python, python_json};
use crate::sample::{self, BIG_ROWS};

/// Prints, per sheet: the header, the type and number format of every cell in row 2 and in the
/// total row, the total row's formulas (as written) and cached values (as a reader without
/// calculation sees them), the charts with their series' references, and the overview's texts.
pub const READ_XLSX: &str = r#"
import json, sys
import openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)
out = {"sheets": wb.sheetnames, "tables": {}}
ov = wb["Overzicht"]
out["overview"] = [c.value for c in ov["A"] if c.value is not None]
for name in wb.sheetnames[1:]:
    ws, wc = wb[name], cached[name]
    last = ws.max_row
    # the data block of a chart sits right of the table; the table is the columns up to the first empty header
    ncols = 0
    while ws.cell(1, ncols + 1).value is not None and ncols < ws.max_column:
        ncols += 1
    def cell(ws, r, c):
        v = ws.cell(r, c)
        return {"value": v.value if not hasattr(v.value, "isoformat") else v.value.isoformat(),
                "type": type(v.value).__name__, "format": v.number_format}
    charts = []
    for ch in ws._charts:
        charts.append({"type": ch.tagname,
                       "series": [s.val.numRef.f for s in ch.series]})
    out["tables"][name] = {
        "header": [ws.cell(1, c).value for c in range(1, ncols + 1)],
        "frozen": ws.freeze_panes,
        "header_bold": [ws.cell(1, c).font.b for c in range(1, ncols + 1)],
        "max_row": last,
        "row2": [cell(ws, 2, c) for c in range(1, ncols + 1)],
        "total_formulas": [ws.cell(last, c).value for c in range(1, ncols + 1)],
        "total_cached": [wc.cell(last, c).value for c in range(1, ncols + 1)],
        "total_formats": [ws.cell(last, c).number_format for c in range(1, ncols + 1)],
        "cents_by_column": [
            round(sum(round(wc.cell(r, c).value * 100) for r in range(2, last)
                      if isinstance(wc.cell(r, c).value, (int, float))))
            for c in range(1, ncols + 1)
        ],
        "charts": charts,
    }
print(json.dumps(out))
"#;

#[test]
fn openpyxl_reads_sheets_numbers_formats_totals_and_charts() {
    let Some(python) = python() else { return };
    let report = sample::report(BIG_ROWS);
    let bytes = broedplaats_report::to_xlsx(&report).expect("xlsx");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("verslag.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let out = python_json(&python, READ_XLSX, &[&path]);

    assert_eq!(out["sheets"], serde_json::json!(["Overzicht", "Begroting", "Matching", "Bijdragen"]));
    let overview: Vec<&str> = out["overview"].as_array().expect("present").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(overview[0], "Jaarverslag 2024");
    assert!(overview.contains(&"Werkplaats Sociaal Domein Zuid-Holland Zuid"));
    assert!(overview.contains(&"6 december 2026"));
    assert!(overview.contains(&sample::HOSTILE), "the narrative is kept literally: {overview:?}");

    let big = &out["tables"]["Bijdragen"];
    assert_eq!(big["header"], serde_json::json!(["Organisatie", "Soort", "Datum", "Uren", "Bedrag"]));
    assert_eq!(big["frozen"], "A2", "the header row is frozen");
    assert!(big["header_bold"].as_array().expect("present").iter().all(|b| b == true));
    assert_eq!(big["max_row"], BIG_ROWS + 2, "header, rows and the total row");
    let row2 = &big["row2"];
    assert_eq!(row2[0]["type"], "str");
    assert_eq!(row2[2]["type"], "datetime", "dates are dates: {row2}");
    assert_eq!(row2[3]["type"], "int");
    assert!(row2[4]["type"] == "float" || row2[4]["type"] == "int", "euros are numbers: {row2}");
    assert_eq!(row2[4]["format"], broedplaats_report::xlsx::EURO_FORMAT);
    assert_eq!(row2[4]["value"].as_f64().expect("present"), sample::contribution_cents(1) as f64 / 100.0);
    assert_eq!(big["total_formulas"][0], "Totaal");
    assert_eq!(big["total_formulas"][4], format!("=SUM(E2:E{})", BIG_ROWS + 1));
    assert_eq!(big["total_formulas"][3], format!("=SUM(D2:D{})", BIG_ROWS + 1));
    assert_eq!(big["total_formats"][4], broedplaats_report::xlsx::EURO_FORMAT);
    let expected: i64 = (1..=BIG_ROWS).map(sample::contribution_cents).sum();
    let cached = big["total_cached"][4].as_f64().expect("a cached total");
    assert_eq!((cached * 100.0).round() as i64, expected, "the cached total is the sum of the records");
    assert_eq!(big["cents_by_column"][4].as_i64().expect("present"), expected, "and openpyxl's own sum agrees");
    assert!(big["charts"].as_array().expect("present").is_empty(), "no chart belongs to this table");

    let budget = &out["tables"]["Begroting"];
    assert_eq!(budget["row2"][3]["format"], "0.0%");
    assert_eq!(budget["row2"][3]["type"], "float");
    assert_eq!(budget["total_formulas"][1], "=SUM(B2:B5)");
    assert_eq!(budget["total_cached"][2].as_f64().expect("present"), 173_858.45);
    let charts = budget["charts"].as_array().expect("present");
    assert_eq!(charts.len(), 1, "the budget chart is on the budget sheet: {budget}");
    assert_eq!(charts[0]["type"], "barChart");
    assert_eq!(charts[0]["series"].as_array().expect("present").len(), 2);
    let matching = &out["tables"]["Matching"];
    assert_eq!(matching["charts"].as_array().expect("present").len(), 1);
    assert!(matching["charts"][0]["series"][0].as_str().expect("present").starts_with("Matching!"));
}
