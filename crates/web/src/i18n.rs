//! The translation layer: every interface string goes through [`Tr`]. Dutch first, English
//! second. The catalogues are plain `key = value` files compiled into the binary; a test keeps
//! both languages complete. (A full Fluent stack buys plural rules we do not yet need.)
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

fn parse_catalogue(src: &'static str) -> HashMap<&'static str, &'static str> {
    src.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

/// One catalogue file per area, so parts of the interface can grow without touching each other.
macro_rules! catalogue {
    ($lang:literal) => {
        [
            include_str!(concat!("../locales/", $lang, "/core.txt")),
            include_str!(concat!("../locales/", $lang, "/organisation.txt")),
            include_str!(concat!("../locales/", $lang, "/groups.txt")),
            include_str!(concat!("../locales/", $lang, "/import.txt")),
            include_str!(concat!("../locales/", $lang, "/activities.txt")),
            include_str!(concat!("../locales/", $lang, "/knowledge.txt")),
            include_str!(concat!("../locales/", $lang, "/practice.txt")),
            include_str!(concat!("../locales/", $lang, "/stories.txt")),
            include_str!(concat!("../locales/", $lang, "/invites.txt")),
            include_str!(concat!("../locales/", $lang, "/accounts_self.txt")),
            include_str!(concat!("../locales/", $lang, "/oidc.txt")),
            include_str!(concat!("../locales/", $lang, "/cocreation.txt")),
            include_str!(concat!("../locales/", $lang, "/cocreation_pages.txt")),
            include_str!(concat!("../locales/", $lang, "/cocreation_trace.txt")),
            include_str!(concat!("../locales/", $lang, "/lemniscate.txt")),
            include_str!(concat!("../locales/", $lang, "/crosslinks.txt")),
            include_str!(concat!("../locales/", $lang, "/lemniscate_rules.txt")),
            include_str!(concat!("../locales/", $lang, "/association.txt")),
            include_str!(concat!("../locales/", $lang, "/following.txt")),
            include_str!(concat!("../locales/", $lang, "/federation.txt")),
            include_str!(concat!("../locales/", $lang, "/education.txt")),
            include_str!(concat!("../locales/", $lang, "/collections.txt")),
            include_str!(concat!("../locales/", $lang, "/grants.txt")),
            include_str!(concat!("../locales/", $lang, "/grants_inzet.txt")),
            include_str!(concat!("../locales/", $lang, "/mine.txt")),
        ]
    };
}

fn load(files: &[&'static str]) -> HashMap<&'static str, &'static str> {
    files.iter().flat_map(|f| parse_catalogue(f)).collect()
}

static NL: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| load(&catalogue!("nl")));
static EN: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| load(&catalogue!("en")));

/// Translator for one request's language.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The text for `key`; falls back to Dutch, then to the key itself (visible, never a panic).
    pub fn t(&self, key: &str) -> &'static str {
        let cat = match self.lang {
            Lang::Nl => &*NL,
            Lang::En => &*EN,
        };
        cat.get(key).or_else(|| NL.get(key)).copied().unwrap_or_else(|| {
            tracing::warn!(key, "missing translation");
            "??"
        })
    }

    /// The text for `key` with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut s = self.t(key).to_owned();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &value.to_string());
        }
        s
    }

    /// An ISO date (`2022-11-03`) written out: "3 november 2022" / "3 November 2022".
    pub fn date(&self, iso: &str) -> String {
        let mut parts = iso.get(..10).unwrap_or(iso).split('-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return iso.to_owned();
        };
        match (m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", self.t(&format!("month.{m}"))),
            _ => iso.to_owned(),
        }
    }

    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let nl: BTreeSet<_> = NL.keys().collect();
        let en: BTreeSet<_> = EN.keys().collect();
        assert_eq!(nl.difference(&en).collect::<Vec<_>>(), Vec::<&&&str>::new(), "missing in en");
        assert_eq!(en.difference(&nl).collect::<Vec<_>>(), Vec::<&&&str>::new(), "missing in nl");
        assert!(nl.len() > 100);
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(Tr::new(Lang::Nl).date("2022-11-03"), "3 november 2022");
        assert_eq!(Tr::new(Lang::En).date("2022-10-20T10:00:00Z"), "20 October 2022");
        assert_eq!(Tr::new(Lang::Nl).date("gisteren"), "gisteren");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Tr::new(Lang::Nl).f("agenda.version", &[("n", &3)]), "Versie 3");
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        // Scan sources for t("…") / f("…" and check each key is in the Dutch catalogue.
        let dirs = [concat!(env!("CARGO_MANIFEST_DIR"), "/src"), concat!(env!("CARGO_MANIFEST_DIR"), "/templates")];
        let mut missing = Vec::new();
        for dir in dirs {
            for file in walk(std::path::Path::new(dir)) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for pat in ["t(\"", "f(\""] {
                    for (i, _) in text.match_indices(pat) {
                        let rest = &text[i + pat.len()..];
                        let key = &rest[..rest.find('"').unwrap_or(0)];
                        if key.contains('.') && !key.contains('{') && !NL.contains_key(key) {
                            missing.push(format!("{}: {key}", file.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from locales/nl: {missing:#?}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
        out
    }
}
