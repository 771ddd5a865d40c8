//! The CSRF token of an upload form, read from the body rather than the address: our multipart
//! forms send the hidden `csrf` field first, so the middleware reads only the start of the body
//! (at most [`HEAD_LIMIT`]), takes the field's value, and hands the whole body on unchanged,
//! streamed, to the handler that parses the upload. A token in the address would end up in the
//! address bar, the history and server logs.
use axum::body::{Body, Bytes};
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::BodyExt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How much of the body is read to find the token: the field comes first, so a few hundred
/// bytes suffice; a form that puts it later is refused.
pub(crate) const HEAD_LIMIT: usize = 16 * 1024;

/// The `csrf` field of a `multipart/form-data` body, and the body to hand on.
pub(crate) async fn token(content_type: &str, body: Body) -> (Option<String>, Body) {
    let Some(boundary) = boundary(content_type) else {
        return (None, body);
    };
    let mut body = body;
    let mut head = Vec::new();
    let mut found = None;
    while head.len() < HEAD_LIMIT {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    head.extend_from_slice(&data);
                }
            }
            _ => break,
        }
        if let Some(t) = first_field(&head, &boundary, "csrf") {
            found = Some(t);
            break;
        }
    }
    (found, Body::new(Prefixed { head: Some(Bytes::from(head)), rest: body }))
}

fn boundary(content_type: &str) -> Option<String> {
    let b = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?;
    let b = b.trim_matches('"');
    (!b.is_empty()).then(|| b.to_owned())
}

/// The value of the first part of the body when that part is the field `name` and is complete.
fn first_field(head: &[u8], boundary: &str, name: &str) -> Option<String> {
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // The first part is text; what follows may be a binary file cut off mid-character.
        let valid = std::str::from_utf8(head).err()?.valid_up_to();
        std::str::from_utf8(&head[..valid]).ok()
    })?;
    let delimiter = format!("--{boundary}");
    let rest = text.strip_prefix(&delimiter)?.strip_prefix("\r\n")?;
    let (headers, rest) = rest.split_once("\r\n\r\n")?;
    let disposition = headers
        .split("\r\n")
        .find(|h| h.to_ascii_lowercase().starts_with("content-disposition:"))?
        .to_ascii_lowercase();
    let named = disposition.split(';').any(|p| p.trim() == format!("name=\"{name}\""));
    if !named {
        return None;
    }
    let (value, _) = rest.split_once(&format!("\r\n{delimiter}"))?;
    Some(value.to_owned())
}

/// The bytes already read, then the rest of the body.
struct Prefixed {
    head: Option<Bytes>,
    rest: Body,
}

impl HttpBody for Prefixed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Some(head) = self.head.take().filter(|h| !h.is_empty()) {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn size_hint(&self) -> SizeHint {
        let head = self.head.as_ref().map_or(0, |h| h.len() as u64);
        let rest = self.rest.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower() + head);
        if let Some(upper) = rest.upper() {
            hint.set_upper(upper + head);
        }
        hint
    }

    fn is_end_stream(&self) -> bool {
        self.head.as_ref().is_none_or(|h| h.is_empty()) && self.rest.is_end_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(first: &str, value: &str) -> String {
        format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"{first}\"\r\n\r\n{value}\r\n--XyZ\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nnaam\r\nA\r\n--XyZ--\r\n"
        )
    }

    #[tokio::test]
    async fn the_first_field_is_read_and_the_body_kept_whole() {
        let raw = form("csrf", "abc123");
        let (token, body) = super::token("multipart/form-data; boundary=XyZ", Body::from(raw.clone())).await;
        assert_eq!(token.as_deref(), Some("abc123"));
        let back = body.collect().await.expect("body").to_bytes();
        assert_eq!(back, raw.as_bytes());
    }

    #[tokio::test]
    async fn another_first_field_or_a_cut_value_gives_no_token() {
        let (token, _) = super::token("multipart/form-data; boundary=XyZ", Body::from(form("file", "abc"))).await;
        assert_eq!(token, None);
        let (token, _) = super::token(
            "multipart/form-data; boundary=\"XyZ\"",
            Body::from("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc"),
        )
        .await;
        assert_eq!(token, None, "the value must end with the next delimiter");
        let (token, _) = super::token("multipart/form-data", Body::from(form("csrf", "abc"))).await;
        assert_eq!(token, None, "no boundary");
    }
}
