//! A small XML writer over quick-xml: elements with attributes and escaped text, nothing else.
//! No input is ever parsed here, so no entity can be expanded.
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

pub(super) struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    pub(super) fn new() -> Self {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        // Writing into a Vec cannot fail.
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        Xml { w }
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        BytesStart::new(name).with_attributes(attrs.iter().copied())
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.w.write_event(Event::Start(Self::start(name, attrs)));
    }

    pub(super) fn close(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.w.write_event(Event::Empty(Self::start(name, attrs)));
    }

    /// `<name attrs>text</name>`, the text escaped; characters XML 1.0 forbids are dropped.
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        let clean: String = text.chars().filter(|c| allowed(*c)).collect();
        self.open(name, attrs);
        let _ = self.w.write_event(Event::Text(BytesText::new(&clean)));
        self.close(name);
    }

    pub(super) fn finish(self) -> String {
        let mut s = String::from_utf8(self.w.into_inner()).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Whether XML 1.0 allows the character (a stray control character would make the feed unreadable).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_control_characters_dropped() {
        let mut x = Xml::new();
        x.open("a", &[("href", "x?a=1&b=\"2\"")]);
        x.leaf("t", &[], "<b>&\u{1}</b>");
        x.close("a");
        let s = x.finish();
        assert!(s.contains("href=\"x?a=1&amp;b=&quot;2&quot;\""), "{s}");
        assert!(s.contains("<t>&lt;b&gt;&amp;&lt;/b&gt;</t>"), "{s}");
    }
}
