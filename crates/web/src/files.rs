//! Uploaded files over HTTP, shared by the pages and the API: reading the one file of a multipart
//! upload, and answering a download safely (stored content type, `attachment`, no sniffing).
use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use broedplaats_core::activities::FileView;
use broedplaats_core::kernel::storage::MAX_FILE_SIZE;

/// Body limit of the routes that take a report file: the largest file plus room for the
/// multipart framing. The rest of the site allows [`crate::BODY_LIMIT`].
pub const FILE_UPLOAD_LIMIT: usize = MAX_FILE_SIZE + 1024 * 1024;

/// The name of the file field, in the upload form and in the API.
pub const FILE_FIELD: &str = "file";

/// The file of the `file` field: its name as the browser sent it and its bytes; `None` when no
/// file was chosen. An error carries the status the multipart parser gives (413 when the body is
/// over the route's limit).
pub async fn read_upload(multipart: &mut Multipart) -> Result<Option<(String, Bytes)>, StatusCode> {
    while let Some(field) = multipart.next_field().await.map_err(|e| e.status())? {
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let data = field.bytes().await.map_err(|e| e.status())?;
        // A form submitted without choosing a file sends an empty, nameless part.
        return Ok(if data.is_empty() && name.is_empty() { None } else { Some((name, data)) });
    }
    Ok(None)
}

/// `Content-Disposition: attachment` with an ASCII fallback name and the real name in UTF-8
/// (RFC 6266 with RFC 5987 encoding), so no name can break out of the header.
pub fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A stored file as a download: its detected content type, never rendered inline or sniffed,
/// and kept out of shared caches (it may be members-only).
pub fn download(file: &FileView, bytes: Vec<u8>) -> Response {
    download_as(&file.content_type, &file.filename, bytes)
}

/// A download of `bytes` under `filename` with the stored (detected) `content_type`.
pub fn download_as(content_type: &str, filename: &str, bytes: Vec<u8>) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, content_type);
    if let Ok(v) = HeaderValue::from_str(&content_disposition(filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_is_safe_for_any_name() {
        assert_eq!(
            content_disposition("verslag.pdf"),
            "attachment; filename=\"verslag.pdf\"; filename*=UTF-8''verslag.pdf"
        );
        assert_eq!(
            content_disposition("Café \"x\".pdf"),
            "attachment; filename=\"Caf_ _x_.pdf\"; filename*=UTF-8''Caf%C3%A9%20%22x%22.pdf"
        );
        assert!(HeaderValue::from_str(&content_disposition("a\r\nSet-Cookie: x.pdf")).is_ok());
    }
}
