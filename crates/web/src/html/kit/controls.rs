//! What pages show and forms offer, as values for the templates: links, select options,
//! checkboxes, paragraphs, and the labels of the 4 O's that several capabilities use.
use crate::extract::Page;
use broedplaats_core::organisation::FOUR_OS;

/// A link as shown: where to and what it says.
pub(crate) struct Link {
    pub(crate) href: String,
    pub(crate) label: String,
}

/// An option of a select.
pub(crate) struct Opt {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

/// The 4 O's as checkboxes, `selected` ticked.
pub(crate) fn four_o_checks(page: &Page, selected: &[String]) -> Vec<Check> {
    FOUR_OS
        .iter()
        .map(|o| Check {
            value: (*o).into(),
            label: four_o_label(page, o),
            checked: selected.iter().any(|x| x == o),
            extras: vec![],
        })
        .collect()
}

/// A checkbox of a group, with an optional text field or two next to it (contribution, role).
pub(crate) struct Check {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) checked: bool,
    /// (name, label, value) of extra text fields tied to this box.
    pub(crate) extras: Vec<(String, &'static str, String)>,
}

/// The name of one of the 4 O's (`grp.four_o.…`); an unknown code as it is.
pub(crate) fn four_o_label(page: &Page, code: &str) -> String {
    match FOUR_OS.iter().position(|o| *o == code) {
        Some(_) => page.t(&format!("grp.four_o.{code}")).into(),
        None => code.to_owned(),
    }
}

/// Splits text into non-empty paragraphs (one per line).
pub(crate) fn paragraphs(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}
