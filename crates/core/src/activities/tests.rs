use super::*;
use crate::kernel::time::{parse_moment, stored};
use broedplaats_domain::FieldErrorKind;
use chrono_tz::Europe::Amsterdam;

#[test]
fn local_times_are_amsterdam_and_offsets_are_kept() {
    // Winter: UTC+1; summer: UTC+2.
    assert_eq!(stored(parse_moment("2026-12-17T15:00").expect("valid")), "2026-12-17T14:00:00Z");
    assert_eq!(stored(parse_moment("2026-06-18T15:00").expect("valid")), "2026-06-18T13:00:00Z");
    assert_eq!(stored(parse_moment("2026-06-18T15:00:00Z").expect("valid")), "2026-06-18T15:00:00Z");
    // 02:30 on the last Sunday of March does not exist in Amsterdam.
    assert_eq!(parse_moment("2026-03-29T02:30"), Err(FieldErrorKind::Invalid));
    assert_eq!(parse_moment(""), Err(FieldErrorKind::Required));
    assert_eq!(parse_moment("morgen"), Err(FieldErrorKind::Invalid));
}

#[test]
fn a_monthly_series_keeps_its_local_time_across_dst() {
    let first = parse_moment("2026-01-15T15:00").expect("valid");
    let dates = expand_rule("FREQ=MONTHLY;BYDAY=3TH;COUNT=12", first).expect("valid");
    assert_eq!(dates.len(), 12);
    for d in &dates {
        assert_eq!(d.with_timezone(&Amsterdam).format("%H:%M").to_string(), "15:00");
    }
    assert_eq!(stored(dates[1]), "2026-02-19T14:00:00Z");
    assert_eq!(stored(dates[5]), "2026-06-18T13:00:00Z");
}

#[test]
fn unbounded_or_huge_series_are_refused() {
    let first = parse_moment("2026-01-15T15:00").expect("valid");
    assert!(expand_rule("FREQ=DAILY;COUNT=400", first).is_err());
    assert!(expand_rule("FREQ=NONSENSE", first).is_err());
    let input = ActivityInput {
        kind: "kenniscafe".into(),
        title: "Kenniscafé".into(),
        starts_at: "2026-01-15T15:00".into(),
        ends_at: "2026-01-15T17:00".into(),
        audience: "public".into(),
        recurrence: Some("FREQ=MONTHLY".into()),
        ..Default::default()
    };
    assert!(input.validate().is_err());
}

#[test]
fn spreadsheet_formulas_are_defused() {
    assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(spreadsheet_safe("Anouk de Vries"), "Anouk de Vries");
}

#[test]
fn end_before_start_is_refused_with_its_own_message() {
    let input = ActivityInput {
        kind: "symposium".into(),
        title: "Symposium".into(),
        starts_at: "2026-11-17T13:00".into(),
        ends_at: "2026-11-17T12:00".into(),
        audience: "public".into(),
        ..Default::default()
    };
    let e = input.validate().expect_err("refused");
    assert_eq!(e.for_field("ends_at"), Some(&FieldErrorKind::Refused { key: "activity.error.ends_before_start" }));
}
