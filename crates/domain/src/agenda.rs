use crate::{BoundedText, FieldErrorKind, FieldErrors};
use serde::{Deserialize, Serialize};

/// Limits on agenda text. Generous for real use, small enough that nobody stores a book by accident.
pub mod limits {
    pub const TITLE: usize = 200;
    pub const INTRODUCTION: usize = 10_000;
    pub const QUESTION: usize = 1_000;
    pub const QUESTIONS: usize = 40;
    pub const PROJECT_OPTION: usize = 300;
    pub const PROJECT_OPTIONS: usize = 60;
    pub const FUNDING: usize = 2_000;
    pub const CHANGE_NOTE: usize = 1_000;
}

/// The level a theme addresses (DOMAIN §4; ZHZ agenda: collectief / doelgroep / professioneel niveau).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThemeLevel {
    Collectief,
    Doelgroep,
    Professioneel,
}

impl ThemeLevel {
    pub const ALL: [Self; 3] = [Self::Collectief, Self::Doelgroep, Self::Professioneel];
    pub fn code(self) -> &'static str {
        match self {
            Self::Collectief => "collectief",
            Self::Doelgroep => "doelgroep",
            Self::Professioneel => "professioneel",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        Self::ALL
            .into_iter()
            .find(|l| l.code() == raw)
            .ok_or_else(|| FieldErrorKind::UnknownValue { allowed: Self::ALL.iter().map(|l| l.code()).collect() })
    }
}

/// Status of an agenda version (DOMAIN §4: concept → definitief).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgendaStatus {
    Concept,
    Definitief,
}

impl AgendaStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Concept => "concept",
            Self::Definitief => "definitief",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        match raw {
            "concept" => Ok(Self::Concept),
            "definitief" => Ok(Self::Definitief),
            _ => Err(FieldErrorKind::UnknownValue { allowed: vec!["concept", "definitief"] }),
        }
    }
}

/// A theme as a person submits it, parsed: every field within its limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeInput {
    pub title: BoundedText<{ limits::TITLE }>,
    pub level: Option<ThemeLevel>,
    pub introduction: String,
    pub questions: Vec<String>,
    pub funding: Option<String>,
    /// `None` leaves the project options as they are; `Some` replaces them (matched by title).
    pub project_options: Option<Vec<String>>,
}

/// Raw theme fields, as they arrive from a form or JSON body.
#[derive(Debug, Default)]
pub struct RawTheme<'a> {
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub introduction: &'a str,
    pub questions: Vec<&'a str>,
    pub funding: Option<&'a str>,
    pub project_options: Option<Vec<&'a str>>,
}

impl ThemeInput {
    pub fn parse(raw: RawTheme<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.take("title", BoundedText::parse(raw.title));
        let level = match raw.level.map(str::trim).filter(|l| !l.is_empty()) {
            None => Some(None),
            Some(l) => errors.take("level", ThemeLevel::parse(l).map(Some)),
        };
        let introduction = errors
            .take("introduction", BoundedText::<{ limits::INTRODUCTION }>::parse_optional(Some(raw.introduction)))
            .map(|t| t.map(BoundedText::into_inner).unwrap_or_default());
        let questions = errors.take("questions", lines::<{ limits::QUESTION }>(&raw.questions, limits::QUESTIONS));
        let funding = errors
            .take("funding", BoundedText::<{ limits::FUNDING }>::parse_optional(raw.funding))
            .map(|t| t.map(BoundedText::into_inner));
        let project_options = match raw.project_options {
            None => Some(None),
            Some(items) => errors
                .take("project_options", lines::<{ limits::PROJECT_OPTION }>(&items, limits::PROJECT_OPTIONS))
                .map(Some),
        };
        match (title, level, introduction, questions, funding, project_options) {
            (Some(title), Some(level), Some(introduction), Some(questions), Some(funding), Some(project_options))
                if errors.is_empty() =>
            {
                Ok(Self { title, level, introduction, questions, funding, project_options })
            }
            _ => Err(errors),
        }
    }
}

impl<'a> RawTheme<'a> {
    /// Splits a textarea with one item per line, as the HTML form sends it.
    pub fn split_lines(text: &'a str) -> Vec<&'a str> {
        text.lines().collect()
    }
}

/// A project option title, parsed.
pub struct ProjectOptionInput(pub BoundedText<{ limits::PROJECT_OPTION }>);

impl ProjectOptionInput {
    pub fn parse(raw: &str) -> Result<Self, FieldErrors> {
        BoundedText::parse(raw).map(Self).map_err(|k| FieldErrors::single("title", k))
    }
}

/// Parses a list of short texts: blanks dropped, each bounded, at most `max_items`, no duplicates.
fn lines<const MAX: usize>(items: &[&str], max_items: usize) -> Result<Vec<String>, FieldErrorKind> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if let Some(t) = BoundedText::<MAX>::parse_optional(Some(item))? {
            let t = t.into_inner();
            if out.contains(&t) {
                return Err(FieldErrorKind::Duplicate);
            }
            out.push(t);
        }
    }
    if out.len() > max_items { Err(FieldErrorKind::TooMany { max: max_items }) } else { Ok(out) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>() -> RawTheme<'a> {
        RawTheme {
            title: "Samen leven",
            level: Some("collectief"),
            introduction: "Intro.",
            questions: vec!["Wat werkt?", "  ", "Voor wie?"],
            funding: Some(""),
            project_options: Some(vec!["Burgerinitiatieven.", ""]),
        }
    }

    #[test]
    fn parses_a_valid_theme() {
        let t = ThemeInput::parse(raw()).expect("valid");
        assert_eq!(t.title.as_str(), "Samen leven");
        assert_eq!(t.level, Some(ThemeLevel::Collectief));
        assert_eq!(t.questions, vec!["Wat werkt?", "Voor wie?"]);
        assert_eq!(t.funding, None);
        assert_eq!(t.project_options, Some(vec!["Burgerinitiatieven.".to_owned()]));
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let long = "x".repeat(limits::TITLE + 1);
        let many: Vec<String> = (0..=limits::QUESTIONS).map(|i| format!("vraag {i}")).collect();
        let e = ThemeInput::parse(RawTheme {
            title: &long,
            level: Some("wijk"),
            questions: many.iter().map(String::as_str).collect(),
            project_options: Some(vec!["a", "a"]),
            ..raw()
        })
        .expect_err("invalid");
        assert_eq!(e.for_field("title"), Some(&FieldErrorKind::TooLong { max: limits::TITLE }));
        assert!(matches!(e.for_field("level"), Some(FieldErrorKind::UnknownValue { .. })));
        assert_eq!(e.for_field("questions"), Some(&FieldErrorKind::TooMany { max: limits::QUESTIONS }));
        assert_eq!(e.for_field("project_options"), Some(&FieldErrorKind::Duplicate));
    }

    #[test]
    fn empty_title_is_required() {
        let e = ThemeInput::parse(RawTheme { title: "   ", ..raw() }).expect_err("invalid");
        assert_eq!(e.for_field("title"), Some(&FieldErrorKind::Required));
    }
}
