//! A QR code as inline SVG (no `style` attribute, so the CSP needs nothing extra), for the
//! `otpauth://` address of two-step verification.
use qrcode::QrCode;
use qrcode::render::svg;

/// The SVG of `text`, labelled for screen readers with `label`; `None` if it does not fit a QR code.
pub(crate) fn qr_svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let svg = code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    let start = svg.find("<svg")?;
    let label = broedplaats_domain::escape_html(label);
    Some(svg[start..].replacen("<svg ", &format!("<svg class=\"qr\" role=\"img\" aria-label=\"{label}\" "), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_svg_has_no_style_and_no_xml_declaration() {
        let svg = super::qr_svg("otpauth://totp/Broedplaats:a%40b.example?secret=ABC&issuer=Broedplaats", "QR-code")
            .expect("fits");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""), "{svg}");
        assert!(!svg.contains("style"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }
}
