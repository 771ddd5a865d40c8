//! The knowledge lemniscate as an inline SVG figure-eight, laid out here: the werkplaats loop on
//! the left (ontwikkelen top, verrijken bottom), the national loop on the right (verspreiden top,
//! opschalen bottom), the crossing in the middle. No JavaScript, no inline styles (CSP): positions
//! are attributes, looks are classes in `lemniscate.css`. The loops differ by line (solid and
//! dashed) and by their written names, not only by colour.
use crate::html::kit::svg::esc;
use broedplaats_domain::Movement;
use std::f64::consts::PI;
use std::fmt::Write;

/// One number of the figure: a movement's questions, or the crossings.
pub(super) struct Number {
    pub(super) movement: Option<Movement>,
    /// The movement's name ("Ontwikkelen"), or the crossing's ("Gekruist").
    pub(super) name: String,
    pub(super) count: usize,
    /// The list behind the number.
    pub(super) href: String,
    /// What the number means, in words ("Ontwikkelen: 3 vragen"): the link's tooltip.
    pub(super) words: String,
}

pub(super) struct FigureText<'a> {
    pub(super) title: &'a str,
    /// Every number in words: the text alternative.
    pub(super) desc: &'a str,
    pub(super) werkplaats: &'a str,
    pub(super) national: &'a str,
}

const W: f64 = 600.0;
const H: f64 = 390.0;
const CX: f64 = W / 2.0;
const CY: f64 = H / 2.0;
/// Half the width of the eight.
const A: f64 = 284.0;
/// The lemniscate of Bernoulli is flat; stretched upwards its loops hold the numbers.
const STRETCH: f64 = 1.5;
/// Where the numbers of a loop sit: horizontally at the loop's widest point, above and below.
const LOBE_X: f64 = 0.612 * A;
const LOBE_Y: f64 = 60.0;
const R: f64 = 31.0;
/// How far the loops reach above and below the middle: the height of the lemniscate of
/// Bernoulli is a / (2√2), stretched.
const REACH: f64 = STRETCH * A * 0.353_553;

/// A point of the eight at parameter `t`.
fn point(t: f64) -> (f64, f64) {
    let d = 1.0 + t.sin() * t.sin();
    (CX + A * t.cos() / d, CY + STRETCH * A * t.sin() * t.cos() / d)
}

/// One loop as a closed path: `t` from `from` over half a turn (the loop passes the middle at
/// both ends).
fn loop_path(from: f64) -> String {
    const STEPS: usize = 64;
    let mut d = String::new();
    for i in 0..=STEPS {
        let (x, y) = point(from + PI * i as f64 / STEPS as f64);
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
    }
    d.push_str(" Z");
    d
}

/// Centre of a movement's number.
fn place(m: Movement) -> (f64, f64) {
    let x = if m.is_national() { CX + LOBE_X } else { CX - LOBE_X };
    let y = match m {
        Movement::Develop | Movement::Disseminate => CY - LOBE_Y,
        Movement::ScaleUp | Movement::Enrich => CY + LOBE_Y,
    };
    (x, y)
}

/// A number as drawn: a circle with the count, and its name.
fn number(out: &mut String, n: &Number) {
    let (x, y) = centre(n);
    let class = match n.movement {
        Some(m) if m.is_national() => "lem-num lem-num-national",
        Some(_) => "lem-num lem-num-werkplaats",
        None => "lem-num lem-num-crossing",
    };
    // The names of the movements stand outside the loops, above and below them; the middle's
    // under its number.
    let name_y = match n.movement {
        Some(_) if y < CY => CY - REACH - 12.0,
        Some(_) => CY + REACH + 28.0,
        None => CY + R + 30.0,
    };
    let _ = write!(
        out,
        r#"<g class="{class}" id="lem-figure-{code}"><circle cx="{x:.1}" cy="{y:.1}" r="{R}"/><text class="lem-count" x="{x:.1}" y="{ty:.1}" text-anchor="middle">{count}</text><text class="lem-name" x="{x:.1}" y="{name_y:.1}" text-anchor="middle">{name}</text></g>"#,
        code = code(n),
        ty = y + 10.0,
        count = n.count,
        name = esc(&n.name),
    );
}

fn code(n: &Number) -> &'static str {
    n.movement.map_or("gekruist", Movement::code)
}

fn centre(n: &Number) -> (f64, f64) {
    n.movement.map_or((CX, CY), place)
}

/// A number's link: a transparent circle over the drawn one, with what it means as tooltip.
fn link(out: &mut String, n: &Number) {
    let (x, y) = centre(n);
    let _ = write!(
        out,
        r#"<a href="{href}" class="lem-link" tabindex="-1"><title>{words}</title><circle class="lem-hit" cx="{x:.1}" cy="{y:.1}" r="{r}"/></a>"#,
        href = esc(&n.href),
        words = esc(&n.words),
        r = R + 6.0,
    );
}

/// The figure: an image (an `<svg role="img">` with a title and a description that names every
/// number) with the two loops and the numbers, and over it a link per number. The links are for
/// pointer users: the children of an image are not exposed, so the links lie beside it, hidden
/// from assistive technology and out of the tab order; the table the page shows below the figure
/// carries the same links for everyone (as `kit::svg` does for the relations map).
pub(super) fn figure_svg(numbers: &[Number], t: &FigureText) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="lem-figure" viewBox="0 0 {W} {H}"><svg role="img" aria-labelledby="lem-title lem-desc" width="{W}" height="{H}"><title id="lem-title">{}</title><desc id="lem-desc">{}</desc>"#,
        esc(t.title),
        esc(t.desc),
    );
    let _ = write!(
        out,
        r#"<path class="lem-loop lem-loop-werkplaats" d="{}"/><path class="lem-loop lem-loop-national" d="{}"/>"#,
        loop_path(PI / 2.0),
        loop_path(-PI / 2.0),
    );
    let _ = write!(
        out,
        r#"<text class="lem-side" x="{:.1}" y="{CY}" dy="0.35em" text-anchor="middle">{}</text><text class="lem-side" x="{:.1}" y="{CY}" dy="0.35em" text-anchor="middle">{}</text>"#,
        CX - LOBE_X,
        esc(t.werkplaats),
        CX + LOBE_X,
        esc(t.national),
    );
    for n in numbers {
        number(&mut out, n);
    }
    out.push_str(r#"</svg><g class="lem-links" aria-hidden="true">"#);
    for n in numbers {
        link(&mut out, n);
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers() -> Vec<Number> {
        let mut out: Vec<Number> = Movement::ALL
            .iter()
            .enumerate()
            .map(|(i, m)| Number {
                movement: Some(*m),
                name: format!("Naam <{}>", m.code()),
                count: i * 10 + 1,
                href: format!("/lemniscaat/vragen?beweging={}&van=2025-01-01", m.code()),
                words: format!("{}: {} vragen", m.code(), i * 10 + 1),
            })
            .collect();
        out.push(Number {
            movement: None,
            name: "Gekruist".into(),
            count: 7,
            href: "/lemniscaat/vragen?gekruist=1".into(),
            words: "7 keer gekruist".into(),
        });
        out
    }

    fn svg() -> String {
        let t = FigureText {
            title: "Lemniscaat & co",
            desc: "Alle cijfers",
            werkplaats: "Werkplaats",
            national: "Landelijk",
        };
        figure_svg(&numbers(), &t)
    }

    #[test]
    fn an_image_with_a_text_alternative_and_a_link_per_number() {
        let s = svg();
        assert!(s.starts_with("<svg "));
        assert!(s.contains(r#"<svg role="img" aria-labelledby="lem-title lem-desc""#));
        // the image holds no links (its children are not exposed); they lie beside it, hidden
        // from assistive technology and out of the tab order: the table carries them
        let links_at = s.find(r#"<g class="lem-links" aria-hidden="true">"#).expect("links layer");
        assert!(!s[..links_at].contains("<a "), "no links inside the image");
        assert_eq!(s[links_at..].matches("<a ").count(), s[links_at..].matches(r#"tabindex="-1""#).count());
        assert!(s.contains(r#"<title id="lem-title">Lemniscaat &amp; co</title>"#));
        assert!(s.contains(r#"<desc id="lem-desc">Alle cijfers</desc>"#));
        assert_eq!(s.matches("<a href=").count(), 5);
        assert!(s.contains(r#"href="/lemniscaat/vragen?beweging=verrijken&amp;van=2025-01-01""#));
        for (code, count) in [("ontwikkelen", 1), ("verspreiden", 11), ("opschalen", 21), ("verrijken", 31)] {
            let at = s.find(&format!("id=\"lem-figure-{code}\"")).expect(code);
            assert!(s[at..].contains(&format!(">{count}</text>")), "{code}");
        }
        assert!(s.contains("Naam &lt;ontwikkelen&gt;"), "names are escaped");
        assert!(!s.contains("style"), "no inline styles (CSP)");
        assert!(s.ends_with("</svg>"));
    }

    #[test]
    fn werkplaats_left_national_right_develop_and_disseminate_on_top() {
        let (dx, dy) = place(Movement::Develop);
        let (sx, sy) = place(Movement::Disseminate);
        let (ux, uy) = place(Movement::ScaleUp);
        let (ex, ey) = place(Movement::Enrich);
        assert!(dx < CX && ex < CX && sx > CX && ux > CX);
        assert!(dy < CY && sy < CY && uy > CY && ey > CY);
    }

    #[test]
    fn the_loops_meet_in_the_middle_and_stay_inside_the_picture() {
        for t in (0..=360).map(|d| f64::from(d) * PI / 180.0) {
            let (x, y) = point(t);
            assert!((0.0..=W).contains(&x) && (0.0..=H).contains(&y), "{t}: {x} {y}");
        }
        let (x, y) = point(PI / 2.0);
        assert!((x - CX).abs() < 0.01 && (y - CY).abs() < 0.01);
        // every number lies inside its loop's height, clear of the middle
        for m in Movement::ALL {
            let (x, y) = place(*m);
            assert!((x - CX).abs() - R > 60.0, "{m:?} clear of the crossing");
            assert!(y - R > 0.0 && y + R < H);
        }
        // the names outside the loops still inside the picture
        const { assert!(CY - REACH - 12.0 > 20.0 && CY + REACH + 28.0 < H - 4.0) };
        let top = (0..=720).map(|d| point(f64::from(d) * PI / 360.0).1).fold(f64::MAX, f64::min);
        assert!((top - (CY - REACH)).abs() < 1.0, "the loops reach {top}");
    }
}
