//! Plain text from uploaded files, so that what is in them can be found by search.
//!
//! The type is judged by content ([`crate::kernel::storage::detect`]), never by the name a person gave
//! the file. Uploads are untrusted: nothing here inflates more than a bounded amount. A PDF's
//! streams are measured with streaming decoders before the PDF parser sees the file ([`pdf`]); a
//! ZIP's entry count, each entry read and their total are bounded, and so is how far an entry may
//! inflate relative to its compressed size. A file beyond those bounds is refused (stored by the
//! caller without its text); a PDF parser that panics is caught. Anything else that cannot be read
//! gives an empty text, never an error or a panic.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

mod pdf;

/// At most this much text (in bytes, cut at a character boundary) is returned.
pub const MAX_TEXT: usize = 1 << 20;
/// At most this much is decompressed from one ZIP entry; a larger entry refuses the file.
const MAX_ENTRY: u64 = 32 << 20;
/// At most this much is decompressed from one ZIP file altogether.
const MAX_TOTAL: u64 = 96 << 20;
/// Most entries in a ZIP file (its central directory is held in memory while it is read).
const MAX_ENTRIES: usize = 10_000;
/// An entry inflating to more than [`RATIO_FLOOR`] bytes may be at most this many times its
/// compressed size (XML compresses 5 to 30 times; deflate's ceiling is about 1000).
const MAX_RATIO: u64 = 200;
const RATIO_FLOOR: u64 = 1 << 20;

/// What reading a file's text gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// The text (possibly empty: images, unknown types, unreadable files).
    Text(String),
    /// Not read, on purpose: the file would take more than is allowed to read.
    Refused(Refusal),
}

/// Why a file's text was not read; the file is then stored without it and found by its product
/// only, not by its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// It inflates beyond the limits (a decompression bomb, or simply too big to read).
    TooLarge,
    /// An encrypted PDF: its streams cannot be measured before decrypting them.
    Encrypted,
    /// Reading took longer than allowed.
    TooSlow,
}

impl Extracted {
    /// The text, empty when refused.
    pub fn text(&self) -> &str {
        match self {
            Extracted::Text(t) => t,
            Extracted::Refused(_) => "",
        }
    }
}

/// The plain text of a PDF, DOCX, PPTX, XLSX, ODT or ODP file: words separated by single spaces,
/// lines by single newlines, at most [`MAX_TEXT`] bytes. Images, unknown types and anything
/// unreadable give `""`; a file beyond the bounds gives `""` too (see [`extract`] for why).
pub fn extract_text(bytes: &[u8]) -> String {
    match extract(bytes) {
        Extracted::Text(t) => t,
        Extracted::Refused(_) => String::new(),
    }
}

/// As [`extract_text`], but says whether a file was refused for going beyond the bounds.
pub fn extract(bytes: &[u8]) -> Extracted {
    let raw = match crate::kernel::storage::detect(bytes).map(|(_, ext)| ext) {
        Some("pdf") => pdf_text(bytes),
        Some("docx") => office(bytes, Office::Docx),
        Some("pptx") => office(bytes, Office::Pptx),
        Some("xlsx") => office(bytes, Office::Xlsx),
        Some("odt" | "odp") => office(bytes, Office::OpenDocument),
        _ => Ok(None),
    };
    match raw {
        Ok(text) => Extracted::Text(text.map(|text| normalise(&text)).unwrap_or_default()),
        Err(why) => Extracted::Refused(why),
    }
}

fn pdf_text(bytes: &[u8]) -> Result<Option<String>, Refusal> {
    match pdf::check(bytes) {
        pdf::Verdict::Fine => {}
        pdf::Verdict::TooLarge => return Err(Refusal::TooLarge),
        pdf::Verdict::Encrypted => return Err(Refusal::Encrypted),
    }
    // PDF parsers are known to panic on malformed input; a panic must not take the upload down.
    Ok(std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes).ok()).ok().flatten())
}

#[derive(Clone, Copy)]
enum Office {
    Docx,
    Pptx,
    Xlsx,
    OpenDocument,
}

/// Which XML elements hold text, which end a line, and which stand for a space. Elements are
/// matched by local name, so the namespace prefix a producer chose does not matter.
struct Tags {
    text: &'static [&'static str],
    line: &'static [&'static str],
    space: &'static [&'static str],
}

impl Office {
    fn tags(self) -> Tags {
        match self {
            // w:t inside w:r inside w:p; w:tab and w:br inside runs.
            Office::Docx => Tags { text: &["t"], line: &["p", "br", "cr"], space: &["tab"] },
            // a:t inside a:r inside a:p.
            Office::Pptx => Tags { text: &["t"], line: &["p", "br"], space: &["tab"] },
            // Each shared string is an si, with its text in t (directly or in rich-text runs r).
            Office::Xlsx => Tags { text: &["t"], line: &["si"], space: &[] },
            // text:span, text:a, ... nest inside text:p and text:h; text:s is one or more spaces.
            Office::OpenDocument => Tags { text: &["p", "h"], line: &["p", "h", "line-break"], space: &["s", "tab"] },
        }
    }
}

fn office(bytes: &[u8], kind: Office) -> Result<Option<String>, Refusal> {
    // The count in the end-of-central-directory record, before the ZIP reader holds the whole
    // directory in memory; then the count the reader found.
    if declared_entries(bytes).is_some_and(|n| n > MAX_ENTRIES) {
        return Err(Refusal::TooLarge);
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(None) };
    if zip.len() > MAX_ENTRIES {
        return Err(Refusal::TooLarge);
    }
    let mut budget = MAX_TOTAL;
    let entries = match kind {
        Office::Docx => vec!["word/document.xml".to_owned()],
        Office::Xlsx => vec!["xl/sharedStrings.xml".to_owned()],
        Office::OpenDocument => vec!["content.xml".to_owned()],
        Office::Pptx => slides(&zip),
    };
    let tags = kind.tags();
    let mut out = String::new();
    for name in entries {
        if out.len() > MAX_TEXT {
            break;
        }
        if let Some(xml) = read_entry(&mut zip, &name, &mut budget)? {
            xml_text(&xml, &tags, &mut out);
            out.push('\n');
        }
    }
    Ok(Some(out))
}

/// The entry count of the end-of-central-directory record (searched for from the end, past a
/// comment of at most 64 KiB); `0xFFFF` means the real count is in a ZIP64 record, and is read as
/// "too many" (no Office file has that many entries).
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let at = bytes[from..].windows(4).rposition(|w| w == b"PK\x05\x06")? + from;
    let count = bytes.get(at + 10..at + 12)?;
    Some(match u16::from_le_bytes([count[0], count[1]]) {
        0xFFFF => usize::MAX,
        n => usize::from(n),
    })
}

/// `ppt/slides/slideN.xml` in slide-number order.
fn slides(zip: &zip::ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    let mut slides: Vec<(u32, String)> = zip
        .file_names()
        .filter_map(|name| {
            let name = name.ok()?;
            let n = name.strip_prefix("ppt/slides/slide")?.strip_suffix(".xml")?.parse().ok()?;
            Some((n, name.into_owned()))
        })
        .collect();
    slides.sort();
    slides.into_iter().map(|(_, name)| name).collect()
}

/// One entry, decompressed (`None` if it is missing or broken). An entry larger than allowed (per
/// entry, what is left of the total, or relative to its compressed size) refuses the file: it is
/// read only up to the limit, whatever sizes the ZIP declares.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, Refusal> {
    let Ok(entry) = zip.by_name(name) else { return Ok(None) };
    let compressed = entry.compressed_size();
    let limit = MAX_ENTRY.min(*budget);
    let mut buf = Vec::new();
    if entry.take(limit.saturating_add(1)).read_to_end(&mut buf).is_err() {
        return Ok(None);
    }
    let read = buf.len() as u64;
    if read > limit || (read > RATIO_FLOOR && read > compressed.saturating_mul(MAX_RATIO)) {
        return Err(Refusal::TooLarge);
    }
    *budget -= read;
    Ok(Some(match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }))
}

/// Appends the text inside the `tags.text` elements of `xml` to `out`. Malformed XML ends the
/// reading; what was read until then is kept.
fn xml_text(xml: &str, tags: &Tags, out: &mut String) {
    let mut reader = quick_xml::Reader::from_str(xml);
    // How many text elements we are inside (OpenDocument paragraphs can nest, e.g. in notes).
    let mut depth = 0usize;
    loop {
        if out.len() > MAX_TEXT {
            return;
        }
        let Ok(event) = reader.read_event() else { return };
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.text.contains(&name) {
                    depth += 1;
                }
                if depth > 0 && tags.space.contains(&name) {
                    out.push(' ');
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.line.contains(&name) {
                    out.push('\n');
                } else if tags.space.contains(&name) {
                    out.push(' ');
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.text.contains(&name) {
                    depth = depth.saturating_sub(1);
                }
                if tags.line.contains(&name) {
                    out.push('\n');
                }
            }
            Event::Text(t) if depth > 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if depth > 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if depth > 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    out.push_str(s);
                }
            }
            Event::Eof => return,
            _ => {}
        }
    }
}

/// Collapses runs of whitespace (and control characters) within a line to one space, drops empty
/// lines, and cuts the result at [`MAX_TEXT`] bytes.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut words = line.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        if out.len() >= MAX_TEXT {
            break;
        }
    }
    if out.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const PDF: &[u8] = include_bytes!("../../../tests/fixtures/werkvorm.pdf");
    const E2E_PDF: &[u8] = include_bytes!("../../../../../e2e/fixtures/werkvorm-schuldhulp.pdf");
    const SENTENCE: &str =
        "Deze werkvorm helpt schuldhulpverleners om met mantelzorgers in gesprek te gaan over armoede.";

    /// Whitespace of any kind as single spaces, to compare across line breaks.
    fn flat(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            let method =
                if *name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
            w.start_file(*name, SimpleFileOptions::default().compression_method(method)).expect("zip entry");
            w.write_all(content).expect("zip write");
        }
        w.finish().expect("zip finish").into_inner()
    }

    fn docx() -> Vec<u8> {
        zip_of(&[
            (
                "[Content_Types].xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
            ),
            (
                "word/document.xml",
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Kop1"/></w:pPr><w:r><w:t>Samen</w:t></w:r><w:r><w:t xml:space="preserve"> koken &amp; eten</w:t></w:r></w:p>
<w:p><w:r><w:t>Voor buurtbewoners</w:t></w:r><w:r><w:tab/><w:t>met weinig geld&#233;</w:t></w:r></w:p>
<w:p><w:r><w:delText>weggehaald</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>
</w:body></w:document>"#,
            ),
        ])
    }

    fn odt() -> Vec<u8> {
        zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:automatic-styles><style:style xmlns:style="s">niet dit</style:style></office:automatic-styles><office:body><office:text>
<text:h text:outline-level="1">Wandelen in de wijk</text:h>
<text:p>Elke week<text:s/>lopen we <text:span text:style-name="T1">samen</text:span> een rondje.</text:p>
<text:p/>
<text:p>Iedereen&#x20;is welkom</text:p>
</office:text></office:body></office:document-content>"#,
            ),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ])
    }

    #[test]
    fn extract_pdf_fixture() {
        assert_eq!(crate::kernel::storage::detect(PDF).map(|d| d.1), Some("pdf"));
        let text = extract_text(PDF);
        assert!(flat(&text).contains(SENTENCE), "{text:?}");
        assert!(text.contains("Werkvorm: in gesprek over armoede"), "{text:?}");
        assert!(PDF.len() <= 10 * 1024);
    }

    #[test]
    fn extract_e2e_fixture_is_the_same_pdf() {
        assert_eq!(E2E_PDF, PDF);
    }

    #[test]
    fn extract_docx() {
        let bytes = docx();
        assert_eq!(crate::kernel::storage::detect(&bytes).map(|d| d.1), Some("docx"));
        assert_eq!(extract_text(&bytes), "Samen koken & eten\nVoor buurtbewoners met weinig geldé");
    }

    #[test]
    fn extract_odt() {
        let bytes = odt();
        assert_eq!(crate::kernel::storage::detect(&bytes).map(|d| d.1), Some("odt"));
        assert_eq!(
            extract_text(&bytes),
            "Wandelen in de wijk\nElke week lopen we samen een rondje.\nIedereen is welkom"
        );
    }

    #[test]
    fn extract_pptx_and_xlsx() {
        let slide = |t: &str| {
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
            )
        };
        let (s1, s2, s10) = (slide("een"), slide("twee"), slide("tien"));
        let pptx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("ppt/presentation.xml", b"<p:presentation xmlns:p=\"p\"/>"),
            ("ppt/slides/slide10.xml", s10.as_bytes()),
            ("ppt/slides/slide2.xml", s2.as_bytes()),
            ("ppt/slides/slide1.xml", s1.as_bytes()),
            ("ppt/slides/_rels/slide1.xml.rels", b"<Relationships/>"),
        ]);
        assert_eq!(crate::kernel::storage::detect(&pptx).map(|d| d.1), Some("pptx"));
        assert_eq!(extract_text(&pptx), "een\ntwee\ntien");

        let xlsx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            (
                "xl/sharedStrings.xml",
                br#"<sst xmlns="x" count="2"><si><t>Naam</t></si><si><r><t>Buurt</t></r><r><t>huis</t></r></si></sst>"#,
            ),
        ]);
        assert_eq!(crate::kernel::storage::detect(&xlsx).map(|d| d.1), Some("xlsx"));
        assert_eq!(extract_text(&xlsx), "Naam\nBuurthuis");
    }

    #[test]
    fn extract_bad_input_is_empty() {
        assert_eq!(extract_text(b""), "");
        assert_eq!(extract_text(b"gewoon wat tekst"), "");
        assert_eq!(extract_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "");
        assert_eq!(extract_text(b"%PDF-1.4\n%garbage \xff\xfe (((( obj << /Length 99999 >> stream"), "");
        for cut in [10, 100, PDF.len() / 2, PDF.len() - 30] {
            // Whatever a truncated PDF gives, it must not panic; the sentence must not be whole.
            let text = extract_text(&PDF[..cut]);
            assert!(!flat(&text).contains(SENTENCE) || cut > PDF.len() / 2, "{cut}: {text:?}");
        }
        let docx = docx();
        for cut in [4, 40, docx.len() / 2, docx.len() - 10] {
            assert_eq!(extract_text(&docx[..cut]), "", "{cut}");
        }
        let odt = odt();
        assert_eq!(extract_text(&odt[..odt.len() / 2]), "");
        // A DOCX whose document.xml is not XML at all.
        let junk = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"\xff\xfe<<<&&&")]);
        assert_eq!(extract_text(&junk), "");
    }

    /// A DOCX whose document.xml holds a sentence and then `pad` spaces (written in pieces, so
    /// the test does not hold them).
    fn docx_padded(pad: usize) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("[Content_Types].xml", deflated).expect("zip entry");
        w.write_all(b"<Types/>").expect("zip write");
        w.start_file("word/document.xml", deflated.large_file(true)).expect("zip entry");
        w.write_all(br#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Geheim</w:t></w:r></w:p>"#).expect("zip write");
        let spaces = vec![b' '; 1 << 16];
        let mut left = pad;
        while left > 0 {
            let n = left.min(spaces.len());
            w.write_all(&spaces[..n]).expect("zip write");
            left -= n;
        }
        w.write_all(b"</w:body></w:document>").expect("zip write");
        w.finish().expect("zip finish").into_inner()
    }

    #[test]
    fn extract_zip_bombs_are_refused() {
        // Within the bounds the same file is read; past them it is refused, not skipped.
        assert_eq!(extract(&docx_padded(1000)), Extracted::Text("Geheim".to_owned()));
        let bomb = docx_padded(MAX_ENTRY as usize + 1);
        assert!(bomb.len() < 200 << 10, "{}", bomb.len());
        assert_eq!(extract(&bomb), Extracted::Refused(Refusal::TooLarge));
        assert_eq!(extract_text(&bomb), "");
        // Within the size limits, but inflating over 200 times its compressed size.
        assert_eq!(extract(&docx_padded(2 << 20)), Extracted::Refused(Refusal::TooLarge));

        // Too many entries: refused before the reader holds them all.
        let doc: &[u8] =
            br#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Geheim</w:t></w:r></w:p></w:body></w:document>"#;
        let names: Vec<String> = (0..MAX_ENTRIES).map(|i| format!("x/{i}.xml")).collect();
        let mut entries: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", b"<Types/>"), ("word/document.xml", doc)];
        entries.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
        let many = zip_of(&entries);
        assert_eq!(declared_entries(&many), Some(MAX_ENTRIES + 2));
        assert_eq!(extract(&many), Extracted::Refused(Refusal::TooLarge));
        entries.truncate(MAX_ENTRIES);
        assert_eq!(extract(&zip_of(&entries)), Extracted::Text("Geheim".to_owned()));
    }

    #[test]
    fn extract_caps_text_and_entries() {
        let long = "woord ".repeat(400_000);
        assert!(normalise(&long).len() <= MAX_TEXT);
        let cut = normalise(&"é".repeat(MAX_TEXT));
        assert!(cut.len() <= MAX_TEXT && !cut.is_empty());

        // An entry that inflates past what is left of the total refuses the file.
        let mut budget = 10;
        let bytes = zip_of(&[("word/document.xml", &[b' '; 100])]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
        assert_eq!(read_entry(&mut zip, "word/document.xml", &mut budget), Err(Refusal::TooLarge));
        let mut budget = 100;
        assert!(read_entry(&mut zip, "word/document.xml", &mut budget).expect("within").is_some());
        assert_eq!(budget, 0);
    }
}
