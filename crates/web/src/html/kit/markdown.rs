//! Markdown (project plans, approaches, reports, knowledge products), rendered safely: whatever
//! the source holds, the output has only the elements Markdown itself makes, links only to
//! http(s) and mailto, and no images.
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};
use std::fmt;

/// HTML made by [`to_html`]; the only value the templates here output unescaped (`|safe`).
pub(crate) struct SafeHtml(String);

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl SafeHtml {
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

fn allowed_link(kind: LinkType, url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    // an e-mail autolink (`<a@b.nl>`) carries the bare address; the writer adds `mailto:`
    kind == LinkType::Email || ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s))
}

/// Renders Markdown (CommonMark: headings, lists, emphasis, links, quotes, code) to HTML.
/// Raw HTML in the source is shown as text; links with another scheme (`javascript:`, `data:`,
/// relative) become their plain text; images become their alt text. Headings move one level
/// down (`#` is an `<h2>`), as the page has its own `<h1>`.
pub(crate) fn to_html(source: &str) -> SafeHtml {
    // a stack of the open links: whether each one is kept
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let keep = allowed_link(link_type, &dest_url);
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => {
            Some(Event::Start(Tag::Heading { level: lower_heading(level), id: None, classes: vec![], attrs: vec![] }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower_heading(level)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    SafeHtml(out)
}

fn lower_heading(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => H2,
        H2 => H3,
        H3 => H4,
        H4 => H5,
        H5 | H6 => H6,
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    fn html(s: &str) -> String {
        to_html(s).as_str().to_owned()
    }

    #[test]
    fn normal_markdown_renders() {
        let out = html(
            "# Aanpak\n\nWe **beginnen** in *maart*.\n\n- interviews\n- een [werkplaats](https://example.nl/a?b=1&c=2)\n\n1. een\n2. twee\n\nMail <info@example.nl> of [ons](mailto:info@example.nl).",
        );
        assert!(out.contains("<h2>Aanpak</h2>"), "{out}");
        assert!(out.contains("<strong>beginnen</strong>") && out.contains("<em>maart</em>"), "{out}");
        assert!(out.contains("<li>interviews</li>"), "{out}");
        assert!(out.contains("<a href=\"https://example.nl/a?b=1&amp;c=2\">werkplaats</a>"), "{out}");
        assert!(out.contains("<ol>") && out.contains("<li>twee</li>"), "{out}");
        assert!(out.contains("<a href=\"mailto:info@example.nl\">info@example.nl</a>"), "{out}");
        assert!(out.contains("<a href=\"mailto:info@example.nl\">ons</a>"), "{out}");
    }

    #[test]
    fn script_blocks_and_inline_html_are_text() {
        let out = html("<script>alert('x')</script>\n\nTekst met <b onclick=\"x()\">vet</b> erin.");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(out.contains("Tekst met &lt;b onclick=\"x()\"&gt;vet&lt;/b&gt; erin."), "{out}");
    }

    #[test]
    fn img_with_onerror_is_text() {
        for src in
            ["<img src=x onerror=alert(1)>", "Zie <img src=x onerror=alert(1)> hier", "<IMG SRC=x ONERROR=alert(1)>"]
        {
            let out = html(src);
            assert!(!out.to_ascii_lowercase().contains("<img"), "{src}: {out}");
            assert!(out.to_ascii_lowercase().contains("&lt;img"), "{src}: {out}");
        }
    }

    #[test]
    fn only_http_and_mailto_links() {
        for src in [
            "[klik](javascript:alert(1))",
            "[klik](JavaScript:alert(1))",
            "[klik]( javascript:alert(1) )",
            "[klik](data:text/html;base64,PHNjcmlwdD4=)",
            "[klik](vbscript:x)",
            "[klik](/relatief)",
            "[klik][r]\n\n[r]: javascript:alert(1)",
            "<javascript:alert(1)>",
        ] {
            let out = html(src);
            assert!(!out.contains("<a"), "{src}: {out}");
            assert!(!out.contains("href"), "{src}: {out}");
        }
        assert_eq!(html("[klik](javascript:alert(1))"), "<p>klik</p>\n");
        assert!(html("[a](http://example.nl)").contains("<a href=\"http://example.nl\">a</a>"));
    }

    #[test]
    fn images_become_their_alt_text() {
        let out = html("![Logo van de *werkplaats*](https://example.nl/logo.png \"t\")");
        assert!(!out.contains("<img") && !out.contains("logo.png"), "{out}");
        assert!(out.contains("Logo van de <em>werkplaats</em>"), "{out}");
        let out = html("![x\" onerror=\"alert(1)](javascript:alert(1))");
        assert!(!out.contains("<img") && !out.contains("javascript"), "{out}");
    }

    #[test]
    fn headings_move_one_level_down_and_keep_no_attributes() {
        assert_eq!(html("# Een"), "<h2>Een</h2>\n");
        assert_eq!(html("###### Zes"), "<h6>Zes</h6>\n");
        assert_eq!(html("## Twee {#x .y onclick=z}"), "<h3>Twee {#x .y onclick=z}</h3>\n");
    }
}
