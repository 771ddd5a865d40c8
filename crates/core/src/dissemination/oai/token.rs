//! Resumption tokens: stateless keysets. A token holds the list's arguments, the (datestamp, id)
//! of the last record sent, the list's complete size and the cursor, as base64url of a small
//! versioned JSON object. Nothing is kept on the server, so a token never expires and the next page
//! is a range scan from the last record, as cheap at any depth as the first. A token that does not
//! decode to a valid version-1 object is refused (`badResumptionToken`); one edited by hand only
//! asks for another part of the same public list.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The longest token accepted.
const MAX_TOKEN: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Format version: 1.
    pub v: u8,
    /// ListIdentifiers (`true`) or ListRecords.
    #[serde(rename = "h")]
    pub headers_only: bool,
    #[serde(rename = "m")]
    pub prefix: String,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Datestamp of the last record sent.
    #[serde(rename = "d")]
    pub last_datestamp: String,
    /// Id of the last record sent.
    #[serde(rename = "i")]
    pub last_id: i64,
    /// `completeListSize`, counted on the first page.
    #[serde(rename = "n")]
    pub size: i64,
    /// How many records were sent before the page this token asks for.
    #[serde(rename = "c")]
    pub cursor: i64,
}

fn is_stamp(s: &str) -> bool {
    s.len() == 20 && chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").is_ok()
}

impl Token {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The token, when `s` is one this provider could have made.
    pub fn decode(s: &str) -> Option<Token> {
        if s.is_empty() || s.len() > MAX_TOKEN {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
        let t: Token = serde_json::from_slice(&bytes).ok()?;
        let ok = t.v == 1
            && super::FORMATS.iter().any(|f| f.prefix == t.prefix)
            && t.set.as_deref().is_none_or(super::request::is_set_spec)
            && t.from.as_deref().is_none_or(is_stamp)
            && t.until.as_deref().is_none_or(is_stamp)
            && is_stamp(&t.last_datestamp)
            && t.last_id >= 0
            && t.size >= 0
            && t.cursor > 0;
        ok.then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_and_garbage_does_not_decode() {
        let t = Token {
            v: 1,
            headers_only: false,
            prefix: "oai_dc".into(),
            set: Some("werkplaats:zhz".into()),
            from: None,
            until: Some("2030-01-01T00:00:00Z".into()),
            last_datestamp: "2025-01-01T10:00:00Z".into(),
            last_id: 42,
            size: 250,
            cursor: 100,
        };
        assert_eq!(Token::decode(&t.encode()), Some(t.clone()));
        assert_eq!(Token::decode("not a token"), None);
        assert_eq!(Token::decode(&URL_SAFE_NO_PAD.encode(b"{\"v\":2}")), None);
        let bad = Token { last_datestamp: "yesterday".into(), ..t };
        assert_eq!(Token::decode(&bad.encode()), None);
    }
}
