//! Keyset pagination: a list page carries an opaque cursor to the next page, so page 1,000 costs
//! the same as page 1.
use base64::Engine;

/// One page of a list with an opaque cursor to the next page (keyset pagination: page 1,000
/// costs the same as page 1).
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub fn encode_cursor(name: &str, id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{id}\u{1f}{name}"))
}

pub fn decode_cursor(c: &str) -> Option<(String, i64)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (id, name) = s.split_once('\u{1f}')?;
    Some((name.to_owned(), id.parse().ok()?))
}
