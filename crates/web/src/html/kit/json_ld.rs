//! JSON-LD (schema.org) for search engines: data in a `<script type="application/ld+json">`.
use serde_json::Value;

/// JSON for a `<script>` element: `<`, `>` and `&` as JSON escapes, so no text can end it.
pub(crate) fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_ld_cannot_end_its_script_element() {
        let s = script_json(&json!({ "name": "</script><script>alert(1)</script> & co" }));
        assert!(!s.contains('<') && !s.contains('>'));
        let back: Value = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }
}
