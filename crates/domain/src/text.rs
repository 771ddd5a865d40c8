use crate::FieldErrorKind;

/// Trimmed text of at most `MAX` characters (Unicode scalar values), optionally required.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BoundedText<const MAX: usize>(String);

impl<const MAX: usize> BoundedText<MAX> {
    /// Parses required text: empty (after trimming) is refused.
    pub fn parse(raw: &str) -> Result<Self, FieldErrorKind> {
        let t = normalise(raw);
        if t.is_empty() {
            return Err(FieldErrorKind::Required);
        }
        Self::check(t)
    }
    /// Parses optional text: empty becomes `None`.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, FieldErrorKind> {
        match raw.map(normalise) {
            None => Ok(None),
            Some(t) if t.is_empty() => Ok(None),
            Some(t) => Self::check(t).map(Some),
        }
    }
    fn check(t: String) -> Result<Self, FieldErrorKind> {
        if t.chars().count() > MAX { Err(FieldErrorKind::TooLong { max: MAX }) } else { Ok(Self(t)) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Trims, unifies line endings and removes control characters other than newline and tab,
/// so that stored text is the text people see.
fn normalise(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Escapes text for HTML or XML element content and double-quoted attribute values (for the few
/// places that write markup without a template engine: emails, the relations map SVG).
pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            super::escape_html("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }

    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(BoundedText::<5>::parse("  abc ").map(|t| t.into_inner()), Ok("abc".into()));
        assert_eq!(BoundedText::<3>::parse("abcd"), Err(FieldErrorKind::TooLong { max: 3 }));
        assert_eq!(BoundedText::<3>::parse(" \n "), Err(FieldErrorKind::Required));
        assert_eq!(BoundedText::<3>::parse_optional(Some("  ")), Ok(None));
        // counts characters, not bytes
        assert!(BoundedText::<3>::parse("ëëë").is_ok());
        assert_eq!(BoundedText::<9>::parse("a\u{0}b").map(|t| t.into_inner()), Ok("ab".into()));
    }
}
