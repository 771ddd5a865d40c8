//! An OAI-PMH request: the arguments as they came (GET query or POST form) checked into a typed
//! request, or the protocol error the spec names for them.
use super::token::Token;

/// A protocol error: its code (`badVerb`, `badArgument`, …) and an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaiError {
    pub code: &'static str,
    pub message: String,
}

impl OaiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// `badVerb` and `badArgument` answer with the base URL only; the others echo the arguments.
    pub fn echoes_arguments(&self) -> bool {
        !matches!(self.code, "badVerb" | "badArgument")
    }
}

/// A moment of a `from` or `until` argument, as a stored datestamp, and its granularity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub stamp: String,
    pub day: bool,
}

/// Which records a list wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub prefix: String,
    pub set: Option<String>,
    /// Inclusive bounds as stored datestamps (`YYYY-MM-DDThh:mm:ssZ`).
    pub from: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListArgs {
    Fresh(ListFilter),
    Resume(Token),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OaiRequest {
    Identify,
    ListMetadataFormats {
        identifier: Option<String>,
    },
    ListSets,
    GetRecord {
        identifier: String,
        prefix: String,
    },
    /// ListIdentifiers (`headers_only`) or ListRecords.
    List {
        headers_only: bool,
        args: ListArgs,
    },
}

/// Most arguments a request may carry, and the longest value: anything beyond is not OAI-PMH.
const MAX_ARGS: usize = 16;
const MAX_VALUE: usize = 2048;

const VERBS: [&str; 6] = ["Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"];

/// The verb of a request, when it names exactly one known verb (for the `request` element).
pub fn verb_of(params: &[(String, String)]) -> Option<&'static str> {
    let mut verbs = params.iter().filter(|(k, _)| k == "verb");
    let (_, v) = verbs.next()?;
    if verbs.next().is_some() {
        return None;
    }
    VERBS.iter().copied().find(|known| *known == v)
}

/// Whether `s` matches the setSpec pattern of the OAI-PMH schema.
pub fn is_set_spec(s: &str) -> bool {
    !s.is_empty()
        && s.split(':')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c)))
}

fn is_prefix(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c))
}

/// A `from`/`until` value: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`.
pub fn parse_bound(s: &str, until: bool) -> Option<Bound> {
    if s.len() == 10 {
        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        let time = if until { "23:59:59" } else { "00:00:00" };
        return Some(Bound { stamp: format!("{}T{time}Z", d.format("%Y-%m-%d")), day: true });
    }
    if s.len() == 20 && s.ends_with('Z') {
        let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").ok()?;
        return Some(Bound { stamp: t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), day: false });
    }
    None
}

fn bad(message: impl Into<String>) -> OaiError {
    OaiError::new("badArgument", message)
}

/// Checks the arguments of a request.
pub fn parse(params: &[(String, String)]) -> Result<OaiRequest, OaiError> {
    if params.len() > MAX_ARGS || params.iter().any(|(k, v)| k.len() > 64 || v.len() > MAX_VALUE) {
        return Err(bad("Te veel of te lange argumenten."));
    }
    let verbs: Vec<&str> = params.iter().filter(|(k, _)| k == "verb").map(|(_, v)| v.as_str()).collect();
    let verb = match verbs.as_slice() {
        [] => return Err(OaiError::new("badVerb", "Het argument verb ontbreekt.")),
        [v] => *v,
        _ => return Err(OaiError::new("badVerb", "Het argument verb komt meer dan eens voor.")),
    };
    let allowed: &[&str] = match verb {
        "Identify" => &[],
        "ListMetadataFormats" => &["identifier"],
        "ListSets" => &["resumptionToken"],
        "GetRecord" => &["identifier", "metadataPrefix"],
        "ListIdentifiers" | "ListRecords" => &["metadataPrefix", "from", "until", "set", "resumptionToken"],
        _ => return Err(OaiError::new("badVerb", "Onbekend verb.")),
    };
    let mut args: Vec<(&str, &str)> = Vec::new();
    for (k, v) in params.iter().filter(|(k, _)| k != "verb") {
        if !allowed.contains(&k.as_str()) {
            return Err(bad(format!("Onbekend argument voor {verb}: {k}.")));
        }
        if args.iter().any(|(seen, _)| seen == k) {
            return Err(bad(format!("Het argument {k} komt meer dan eens voor.")));
        }
        args.push((k, v));
    }
    let get = |name: &str| args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    if let Some(token) = get("resumptionToken") {
        if args.len() > 1 {
            return Err(bad("resumptionToken gaat niet samen met andere argumenten."));
        }
        if verb == "ListSets" {
            return Err(OaiError::new("badResumptionToken", "Deze lijst van sets heeft geen vervolg."));
        }
        let token = Token::decode(token)
            .filter(|t| t.headers_only == (verb == "ListIdentifiers"))
            .ok_or_else(|| OaiError::new("badResumptionToken", "Het resumptionToken is ongeldig."))?;
        return Ok(OaiRequest::List { headers_only: token.headers_only, args: ListArgs::Resume(token) });
    }
    let prefix = |required: bool| -> Result<Option<String>, OaiError> {
        match get("metadataPrefix") {
            Some(p) if is_prefix(p) => Ok(Some(p.to_owned())),
            Some(_) => Err(bad("metadataPrefix heeft een ongeldige vorm.")),
            None if required => Err(bad("Het argument metadataPrefix ontbreekt.")),
            None => Ok(None),
        }
    };
    match verb {
        "Identify" => Ok(OaiRequest::Identify),
        "ListSets" => Ok(OaiRequest::ListSets),
        "ListMetadataFormats" => {
            Ok(OaiRequest::ListMetadataFormats { identifier: get("identifier").map(str::to_owned) })
        }
        "GetRecord" => {
            let identifier = get("identifier").ok_or_else(|| bad("Het argument identifier ontbreekt."))?;
            let prefix = prefix(true)?.unwrap_or_default();
            Ok(OaiRequest::GetRecord { identifier: identifier.to_owned(), prefix })
        }
        _ => {
            let prefix = prefix(true)?.unwrap_or_default();
            let from = get("from")
                .map(|f| parse_bound(f, false).ok_or_else(|| bad("from is geen geldige datum.")))
                .transpose()?;
            let until = get("until")
                .map(|u| parse_bound(u, true).ok_or_else(|| bad("until is geen geldige datum.")))
                .transpose()?;
            if let (Some(f), Some(u)) = (&from, &until) {
                if f.day != u.day {
                    return Err(bad("from en until hebben een verschillende granulariteit."));
                }
                if f.stamp > u.stamp {
                    return Err(bad("from ligt na until."));
                }
            }
            let set = match get("set") {
                Some(s) if is_set_spec(s) => Some(s.to_owned()),
                Some(_) => return Err(bad("set heeft een ongeldige vorm.")),
                None => None,
            };
            Ok(OaiRequest::List {
                headers_only: verb == "ListIdentifiers",
                args: ListArgs::Fresh(ListFilter {
                    prefix,
                    set,
                    from: from.map(|b| b.stamp),
                    until: until.map(|b| b.stamp),
                }),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn code(pairs: &[(&str, &str)]) -> &'static str {
        parse(&p(pairs)).err().map_or("ok", |e| e.code)
    }

    #[test]
    fn arguments_are_checked_as_the_spec_says() {
        assert_eq!(code(&[]), "badVerb");
        assert_eq!(code(&[("verb", "Fly")]), "badVerb");
        assert_eq!(code(&[("verb", "Identify"), ("verb", "Identify")]), "badVerb");
        assert_eq!(code(&[("verb", "Identify")]), "ok");
        assert_eq!(code(&[("verb", "Identify"), ("x", "1")]), "badArgument");
        assert_eq!(code(&[("verb", "ListRecords")]), "badArgument");
        assert_eq!(
            code(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "oai_dc")]),
            "badArgument"
        );
        assert_eq!(code(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-01-01")]), "ok");
        let mixed = [
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("from", "2024-01-01"),
            ("until", "2024-01-02T00:00:00Z"),
        ];
        assert_eq!(code(&mixed), "badArgument");
        assert_eq!(
            code(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-13-01")]),
            "badArgument"
        );
        assert_eq!(
            code(&[("verb", "ListRecords"), ("resumptionToken", "x"), ("metadataPrefix", "oai_dc")]),
            "badArgument"
        );
        assert_eq!(code(&[("verb", "ListRecords"), ("resumptionToken", "garbage!")]), "badResumptionToken");
        assert_eq!(code(&[("verb", "ListSets"), ("resumptionToken", "x")]), "badResumptionToken");
        assert_eq!(code(&[("verb", "GetRecord"), ("identifier", "oai:x:y")]), "badArgument");
    }

    #[test]
    fn a_day_until_means_the_end_of_that_day() {
        assert_eq!(parse_bound("2024-02-29", true).map(|b| b.stamp), Some("2024-02-29T23:59:59Z".into()));
        assert_eq!(parse_bound("2024-02-29", false).map(|b| b.stamp), Some("2024-02-29T00:00:00Z".into()));
        assert_eq!(parse_bound("2024-02-29T10:11:12Z", false).map(|b| b.day), Some(false));
        assert!(parse_bound("2024-02-29T10:11:12", false).is_none());
    }
}
