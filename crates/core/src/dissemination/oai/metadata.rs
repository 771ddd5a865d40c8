//! What an item looks like as an OAI-PMH record: its `oai_dc` and `oai_openaire` metadata and its
//! sets, or `None` when the item may not be disseminated (deleted, concept or in review,
//! partner-only, theme-group-only, story without publication consent or withdrawn). Who may see
//! an item is the knowledge capability's rule (its access lists): only `public` goes out.
use crate::Result;
use crate::dissemination::xml::Xml;
use crate::knowledge::{APPROACH, PRODUCT, STORY, product_acl, story_acl};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks};
use broedplaats_store::{Conn, Tenant};

/// The rendered record of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub oai_dc: String,
    pub oai_openaire: String,
    /// (setSpec, Dutch setName), sorted by spec.
    pub sets: Vec<(String, String)>,
}

/// The item types of the provider, as in identifiers.
pub const ITEM_TYPES: [&str; 3] = [PRODUCT, APPROACH, STORY];

/// What every format says of an item, gathered once.
struct Item {
    title: String,
    creators: Vec<String>,
    subjects: Vec<String>,
    description: String,
    /// `YYYY-MM-DD` or `YYYY`.
    date: String,
    /// ISO 639-1.
    language: String,
    licence: String,
    publisher: String,
    url: String,
    /// The kind code (set `kind:{kind}`) and its Dutch name.
    kind: (String, String),
    /// COAR resource type: (label, uri id, resourceTypeGeneral).
    coar: (&'static str, &'static str, &'static str),
}

/// A setSpec part from free text: letters, digits and `-_.!~*'()` only, spaces as `-`.
pub fn spec_part(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The Dutch name of a kind code (product kinds, approach kinds, `verhaal`).
fn kind_name(code: &str) -> String {
    let name = match code {
        "advies" => "Advies",
        "werkvorm" => "Werkvorm",
        "methodiek" => "Methodiek",
        "instrument" => "Instrument",
        "publicatie" => "Publicatie",
        "onderwijsmateriaal" => "Onderwijsmateriaal",
        "beroepsproduct" => "Beroepsproduct",
        "factsheet" => "Factsheet",
        "verslag" => "Verslag",
        "video" => "Video",
        "verhalenbundel" => "Verhalenbundel",
        "aanpak" => "Aanpak",
        "werkzame_factor" => "Werkzame factor",
        "verhaal" => "Verhaal",
        _ => "Overig",
    };
    name.to_owned()
}

/// COAR resource type (label, id under `http://purl.org/coar/resource_type/`, OpenAIRE general type).
fn coar(code: &str) -> (&'static str, &'static str, &'static str) {
    match code {
        "advies" => ("policy report", "c_186u", "literature"),
        "publicatie" | "verhalenbundel" | "verhaal" => ("text", "c_18cf", "literature"),
        "onderwijsmateriaal" => ("learning object", "c_e059", "literature"),
        "factsheet" => ("other type of report", "c_18wq", "literature"),
        "verslag" => ("report", "c_93fc", "literature"),
        // A student's report, advice or product: COAR has no closer type than "report".
        "beroepsproduct" => ("report", "c_93fc", "literature"),
        "video" => ("video", "c_12ce", "other"),
        _ => ("other", "c_1843", "other"),
    }
}

fn licence_uri(licence: &str) -> Option<&'static str> {
    Some(match licence {
        "CC BY 4.0" => "https://creativecommons.org/licenses/by/4.0/",
        "CC BY-SA 4.0" => "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC BY-NC 4.0" => "https://creativecommons.org/licenses/by-nc/4.0/",
        "CC BY-NC-SA 4.0" => "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "CC0 1.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
        _ => return None,
    })
}

/// ISO 639-3 (OpenAIRE) of an ISO 639-1 code.
fn language3(code: &str) -> &'static str {
    match code {
        "en" => "eng",
        "de" => "deu",
        "fr" => "fra",
        "fy" => "fry",
        _ => "nld",
    }
}

fn json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// The record of `(item_type, id)` as it is now, or `None` when it may not be disseminated.
pub async fn render(
    conn: &mut Conn,
    t: &Tenant,
    item_type: &str,
    id: i64,
    public_url: &str,
) -> Result<Option<Rendered>> {
    let base = format!("{public_url}/werkplaatsen/{}", t.slug);
    let (item, themes, kwesties) = match item_type {
        PRODUCT => {
            let Some(p) = q::product(conn, t, id).await? else { return Ok(None) };
            if p.status != "published" || !product_acl(t, &p.visibility, p.theme_group_id).iter().any(|a| a == "public")
            {
                return Ok(None);
            }
            let mut creators = json_list(&p.author_names);
            for (_, name) in q::linked(conn, t, KnowledgeLinks::ProductPeople, id).await? {
                if !creators.contains(&name) {
                    creators.push(name);
                }
            }
            let date = p
                .published_on
                .clone()
                .or_else(|| p.year.map(|y| y.to_string()))
                .unwrap_or_else(|| p.created_at.get(..10).unwrap_or_default().to_owned());
            let item = Item {
                title: p.title,
                creators,
                subjects: Vec::new(),
                description: p.summary,
                date,
                language: p.language,
                licence: p.licence,
                publisher: t.name.clone(),
                url: format!("{base}/kennis/{id}"),
                coar: coar(&p.kind),
                kind: (p.kind.clone(), kind_name(&p.kind)),
            };
            let themes = q::linked(conn, t, KnowledgeLinks::ProductThemes, id).await?;
            (item, themes, q::linked(conn, t, KnowledgeLinks::ProductKwesties, id).await?)
        }
        APPROACH => {
            let Some(a) = q::approach(conn, t, id).await? else { return Ok(None) };
            let item = Item {
                title: a.title,
                creators: Vec::new(),
                subjects: Vec::new(),
                description: a.summary,
                date: a.created_at.get(..10).unwrap_or_default().to_owned(),
                language: "nl".into(),
                licence: String::new(),
                publisher: t.name.clone(),
                url: format!("{base}/aanpakken/{id}"),
                coar: coar(&a.kind),
                kind: (a.kind.clone(), kind_name(&a.kind)),
            };
            let themes = q::linked(conn, t, KnowledgeLinks::ApproachThemes, id).await?;
            (item, themes, q::linked(conn, t, KnowledgeLinks::ApproachKwesties, id).await?)
        }
        STORY => {
            let Some(s) = q::story(conn, t, id).await? else { return Ok(None) };
            if !story_acl(t, &s).iter().any(|a| a == "public") {
                return Ok(None);
            }
            // The narrator's name only where they chose to have it shown.
            let creators = match (&s.narrator_name, s.show_name) {
                (Some(name), 1) if !name.trim().is_empty() => vec![name.trim().to_owned()],
                _ => Vec::new(),
            };
            let item = Item {
                title: s.title,
                creators,
                subjects: Vec::new(),
                description: s.social_quality,
                date: s.created_at.get(..10).unwrap_or_default().to_owned(),
                language: "nl".into(),
                licence: String::new(),
                publisher: t.name.clone(),
                url: format!("{base}/verhalen/{id}"),
                coar: coar("verhaal"),
                kind: ("verhaal".into(), kind_name("verhaal")),
            };
            let themes = q::linked(conn, t, KnowledgeLinks::StoryThemes, id).await?;
            (item, themes, q::linked(conn, t, KnowledgeLinks::StoryKwesties, id).await?)
        }
        _ => return Ok(None),
    };
    let mut item = item;
    item.subjects = themes.iter().chain(&kwesties).map(|(_, n)| n.clone()).collect();
    let mut sets = vec![
        (format!("werkplaats:{}", spec_part(&t.slug)), format!("Werkplaats {}", t.name)),
        (format!("kind:{}", spec_part(&item.kind.0)), format!("Soort: {}", item.kind.1)),
    ];
    for (_, label) in &kwesties {
        let key = spec_part(&broedplaats_domain::kwestie_key(label));
        if !key.is_empty() {
            sets.push((format!("kwestie:{key}"), format!("Kwestie: {label}")));
        }
    }
    for (theme_id, title) in &themes {
        sets.push((format!("theme:{}:{theme_id}", spec_part(&t.slug)), format!("Thema: {title} ({})", t.name)));
    }
    sets.sort();
    sets.dedup_by(|a, b| a.0 == b.0);
    Ok(Some(Rendered { oai_dc: oai_dc(&item, item_type), oai_openaire: openaire(&item), sets }))
}

fn oai_dc(item: &Item, item_type: &str) -> String {
    let mut x = Xml::new();
    x.open(
        "oai_dc:dc",
        &[
            ("xmlns:oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            ),
        ],
    );
    x.some("dc:title", &item.title);
    for c in &item.creators {
        x.some("dc:creator", c);
    }
    for s in &item.subjects {
        x.some("dc:subject", s);
    }
    x.some("dc:description", &item.description);
    x.some("dc:publisher", &item.publisher);
    x.some("dc:date", &item.date);
    // Typed: the COAR type a harvester can map, then what this installation calls it.
    x.some("dc:type", &format!("http://purl.org/coar/resource_type/{}", item.coar.1));
    x.some("dc:type", item_type);
    x.some("dc:type", &item.kind.1);
    x.some("dc:identifier", &item.url);
    x.some("dc:language", &item.language);
    x.some("dc:rights", &item.licence);
    x.close("oai_dc:dc");
    x.out
}

fn openaire(item: &Item) -> String {
    let mut x = Xml::new();
    x.open(
        "oaire:resource",
        &[
            ("xmlns:oaire", "http://namespace.openaire.eu/schema/oaire/"),
            ("xmlns:datacite", "http://datacite.org/schema/kernel-4"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://namespace.openaire.eu/schema/oaire/ https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd",
            ),
        ],
    );
    x.open("datacite:titles", &[]).text("datacite:title", &[("xml:lang", &item.language)], item.title.trim());
    x.close("datacite:titles");
    if !item.creators.is_empty() {
        x.open("datacite:creators", &[]);
        for c in &item.creators {
            x.open("datacite:creator", &[]).text("datacite:creatorName", &[], c.trim()).close("datacite:creator");
        }
        x.close("datacite:creators");
    }
    x.text("datacite:identifier", &[("identifierType", "URL")], &item.url);
    x.text("datacite:rights", &[("rightsURI", "http://purl.org/coar/access_right/c_abf2")], "open access");
    if !item.subjects.is_empty() {
        x.open("datacite:subjects", &[]);
        for s in &item.subjects {
            x.text("datacite:subject", &[], s.trim());
        }
        x.close("datacite:subjects");
    }
    if !item.date.is_empty() {
        x.open("datacite:dates", &[]).text("datacite:date", &[("dateType", "Issued")], &item.date);
        x.close("datacite:dates");
    }
    x.some("dc:language", language3(&item.language));
    x.some("dc:publisher", &item.publisher);
    x.text(
        "oaire:resourceType",
        &[
            ("resourceTypeGeneral", item.coar.2),
            ("uri", &format!("http://purl.org/coar/resource_type/{}", item.coar.1)),
        ],
        item.coar.0,
    );
    x.some("dc:description", &item.description);
    if let Some(uri) = licence_uri(&item.licence) {
        x.text("oaire:licenseCondition", &[("uri", uri)], &item.licence);
    }
    x.close("oaire:resource");
    x.out
}
