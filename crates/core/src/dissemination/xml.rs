//! Writing XML by hand, carefully, for every document this capability serves (OAI-PMH responses and
//! their stored metadata, Atom feeds, sitemaps): every text and attribute value goes through
//! [`escape`], which also drops the characters XML 1.0 does not allow (control characters, U+FFFE,
//! U+FFFF), so no stored text can make a document malformed. Nothing is parsed here, so no entity
//! can be expanded.

/// `s` as XML character data or an attribute value (in double quotes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An XML document or fragment being written.
#[derive(Default)]
pub struct Xml {
    pub out: String,
}

impl Xml {
    pub fn new() -> Self {
        Self { out: String::with_capacity(4096) }
    }

    /// A whole document: the XML declaration first.
    pub fn document() -> Self {
        let mut x = Self::new();
        x.out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x
    }

    /// The document written, ending in a newline.
    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    /// `<name a="v" …>`
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push('>');
        self
    }

    /// `<name a="v" …/>`
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push_str("/>");
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// `<name …>text</name>`
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(name, attrs);
        self.out.push_str(&escape(text));
        self.close(name)
    }

    /// `<name>text</name>` unless `text` is blank.
    pub fn some(&mut self, name: &str, text: &str) -> &mut Self {
        if !text.trim().is_empty() {
            self.text(name, &[], text.trim());
        }
        self
    }

    /// Already written XML (a stored metadata fragment).
    pub fn raw(&mut self, xml: &str) -> &mut Self {
        self.out.push_str(xml);
        self
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape(v));
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(escape("a<b>&\"'\u{1}\u{FFFF}\tz"), "a&lt;b&gt;&amp;&quot;&apos;\tz");
    }
}
