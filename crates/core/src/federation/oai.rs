//! Reading OAI-PMH 2.0 responses (Identify and ListRecords with `oai_dc`) with quick-xml, which
//! expands no entities: a document type declaration is refused outright (no billion laughs, no
//! external entities), an unknown entity reference is malformed XML, and only the five predefined
//! entities and character references are resolved.
use super::HarvestError;
use broedplaats_store::harvest::RecordFields;
use quick_xml::events::{BytesStart, Event};

/// Deepest element nesting accepted; OAI-PMH with `oai_dc` needs about seven.
const MAX_DEPTH: usize = 64;
const MAX_TITLE: usize = 500;
const MAX_DESCRIPTION: usize = 5_000;
const MAX_VALUE: usize = 500;
const MAX_VALUES: usize = 50;

/// One record of a page: a tombstone or the record's Dublin Core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Deleted(String),
    Record(Box<RecordFields>),
}

#[derive(Debug, Default)]
pub struct Page {
    pub response_date: String,
    /// An OAI-PMH error: (code, message).
    pub error: Option<(String, String)>,
    pub items: Vec<Item>,
    /// The resumptionToken; `None` or empty on the last page.
    pub token: Option<String>,
    /// From Identify.
    pub granularity: Option<String>,
}

#[derive(Default)]
struct Current {
    identifier: String,
    datestamp: String,
    deleted: bool,
    titles: Vec<String>,
    descriptions: Vec<String>,
    creators: Vec<String>,
    subjects: Vec<String>,
    types: Vec<String>,
    dates: Vec<String>,
    languages: Vec<String>,
    identifiers: Vec<String>,
}

fn cut(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn list(values: &[String]) -> String {
    values.iter().take(MAX_VALUES).map(|v| cut(v, MAX_VALUE)).filter(|v| !v.is_empty()).collect::<Vec<_>>().join("\n")
}

impl Current {
    fn finish(self) -> Option<Item> {
        let identifier = cut(&self.identifier, 1000);
        if identifier.is_empty() {
            return None;
        }
        if self.deleted {
            return Some(Item::Deleted(identifier));
        }
        let url = self
            .identifiers
            .iter()
            .map(|i| i.trim())
            .find(|i| {
                (i.starts_with("http://") || i.starts_with("https://"))
                    && i.len() <= 2000
                    && !i.contains(char::is_whitespace)
            })
            .unwrap_or_default()
            .to_owned();
        let title = self.titles.first().map(|t| cut(t, MAX_TITLE)).filter(|t| !t.is_empty());
        Some(Item::Record(Box::new(RecordFields {
            title: title.unwrap_or_else(|| identifier.clone()),
            identifier,
            datestamp: cut(&self.datestamp, 40),
            description: cut(&self.descriptions.join("\n"), MAX_DESCRIPTION),
            creators: list(&self.creators),
            subjects: list(&self.subjects),
            types: list(&self.types),
            date: self.dates.first().map(|d| cut(d, 40)).unwrap_or_default(),
            language: self.languages.first().map(|d| cut(d, 40)).unwrap_or_default(),
            url,
        })))
    }
}

fn malformed(reader: &quick_xml::Reader<&[u8]>) -> HarvestError {
    HarvestError::new(format!(
        "Het antwoord van de bron is geen geldige XML (fout rond byte {}).",
        reader.error_position()
    ))
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Reads one response. Malformed XML, a DOCTYPE or a response that is no OAI-PMH are errors.
pub fn parse(body: &[u8]) -> Result<Page, HarvestError> {
    let text =
        std::str::from_utf8(body).map_err(|_| HarvestError::new("Het antwoord van de bron is geen UTF-8-tekst."))?;
    let mut reader = quick_xml::Reader::from_reader(text.as_bytes());
    reader.config_mut().check_end_names = true;
    let mut page = Page::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut current: Option<Current> = None;
    let mut seen_root = false;
    loop {
        let event = reader.read_event().map_err(|_| malformed(&reader))?;
        match event {
            Event::DocType(_) => {
                return Err(HarvestError::new(
                    "Het antwoord van de bron bevat een DOCTYPE-declaratie; die weigeren we (bescherming tegen \
                     entiteitenbommen).",
                ));
            }
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() {
                    if name != "OAI-PMH" || seen_root {
                        return Err(HarvestError::new("Het antwoord van de bron is geen OAI-PMH."));
                    }
                    seen_root = true;
                }
                if path.len() >= MAX_DEPTH {
                    return Err(HarvestError::new("Het antwoord van de bron is te diep genest."));
                }
                match name.as_str() {
                    "record" if current.is_none() => current = Some(Current::default()),
                    "header" => {
                        let deleted = attribute(&e, "status").as_deref() == Some("deleted");
                        current.get_or_insert_with(Current::default).deleted = deleted;
                    }
                    "error" => page.error = Some((attribute(&e, "code").unwrap_or_default(), String::new())),
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() {
                    return Err(HarvestError::new("Het antwoord van de bron is geen OAI-PMH."));
                }
                if name == "error" {
                    page.error = Some((attribute(&e, "code").unwrap_or_default(), String::new()));
                }
                if name == "resumptionToken" {
                    page.token = Some(String::new());
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    text.push_str(s);
                } else {
                    return Err(HarvestError::new(
                        "Het antwoord van de bron gebruikt een onbekende XML-entiteit; dat lezen we niet.",
                    ));
                }
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { return Err(malformed(&reader)) };
                let value = std::mem::take(&mut text);
                let parent = path.last().map(String::as_str).unwrap_or_default();
                match name.as_str() {
                    "responseDate" if path.len() == 1 => page.response_date = value.trim().to_owned(),
                    "granularity" if parent == "Identify" => page.granularity = Some(value.trim().to_owned()),
                    "resumptionToken" => page.token = Some(value.trim().to_owned()),
                    "error" if path.len() == 1 => {
                        if let Some((_, message)) = page.error.as_mut() {
                            *message = cut(&value, 200);
                        }
                    }
                    "identifier" if parent == "header" => {
                        if let Some(c) = current.as_mut() {
                            c.identifier = value;
                        }
                    }
                    "datestamp" if parent == "header" => {
                        if let Some(c) = current.as_mut() {
                            c.datestamp = value;
                        }
                    }
                    "record" => {
                        if let Some(item) = current.take().and_then(Current::finish) {
                            page.items.push(item);
                        }
                    }
                    // A tombstone outside a record (ListIdentifiers) is a header on its own.
                    "header" if parent != "record" => {
                        if let Some(item) = current.take().and_then(Current::finish) {
                            page.items.push(item);
                        }
                    }
                    field if path.iter().any(|p| p == "metadata") => {
                        if let Some(c) = current.as_mut() {
                            let target = match field {
                                "title" => &mut c.titles,
                                "description" => &mut c.descriptions,
                                "creator" => &mut c.creators,
                                "subject" => &mut c.subjects,
                                "type" => &mut c.types,
                                "date" => &mut c.dates,
                                "language" => &mut c.languages,
                                "identifier" => &mut c.identifiers,
                                _ => continue,
                            };
                            if target.len() < MAX_VALUES * 4 {
                                target.push(value);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root || !path.is_empty() {
        return Err(HarvestError::new("Het antwoord van de bron is geen (volledig) OAI-PMH-document."));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-05-01T10:00:00Z</responseDate>
<request verb="ListRecords">https://example.org/oai</request><ListRecords>
<record><header><identifier>oai:x:1</identifier><datestamp>2026-04-01</datestamp><setSpec>a</setSpec></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Armoede &amp; schulden</dc:title><dc:creator>Jansen, A.</dc:creator><dc:creator>Pietersen, B.</dc:creator>
<dc:identifier>urn:nbn:1</dc:identifier><dc:identifier>https://example.org/item/1</dc:identifier>
<dc:description>Over &#233;&#xe9;n ding</dc:description></oai_dc:dc></metadata></record>
<record><header status="deleted"><identifier>oai:x:2</identifier><datestamp>2026-04-02</datestamp></header></record>
<resumptionToken cursor="0">abc</resumptionToken></ListRecords></OAI-PMH>"#;

    #[test]
    fn reads_records_tombstones_and_token() {
        let page = parse(PAGE.as_bytes()).expect("parses");
        assert_eq!(page.response_date, "2026-05-01T10:00:00Z");
        assert_eq!(page.token.as_deref(), Some("abc"));
        assert_eq!(page.items.len(), 2);
        let Item::Record(r) = &page.items[0] else { panic!("a record") };
        assert_eq!(r.title, "Armoede & schulden");
        assert_eq!(r.creators, "Jansen, A.\nPietersen, B.");
        assert_eq!(r.url, "https://example.org/item/1");
        assert_eq!(r.description, "Over éé n ding".replace("éé n", "één"));
        assert_eq!(page.items[1], Item::Deleted("oai:x:2".into()));
    }

    #[test]
    fn refuses_doctype_and_unknown_entities() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<OAI-PMH><responseDate>&lol2;</responseDate></OAI-PMH>"#;
        assert!(parse(bomb.as_bytes()).expect_err("refused").message.contains("DOCTYPE"));
        let unknown = "<OAI-PMH><responseDate>&lol;</responseDate></OAI-PMH>";
        assert!(parse(unknown.as_bytes()).expect_err("refused").message.contains("entiteit"));
    }

    #[test]
    fn refuses_malformed_and_other_xml() {
        assert!(parse(b"<OAI-PMH><a></b></OAI-PMH>").is_err());
        assert!(parse(b"<html><body>hoi</body></html>").is_err());
        assert!(parse(b"<OAI-PMH><responseDate>x</responseDate>").is_err());
        assert!(parse(b"").is_err());
    }
}
