//! The relations map as an inline SVG, laid out here (no JavaScript, no inline styles: positions
//! are attributes, looks are CSS classes in `broedplaats.css`).
use std::fmt::Write;

pub struct MapNode {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Group(usize),
    Project(usize),
}

/// Organisations on the left; theme groups and projects on the right; edges by index.
pub struct MapData {
    pub left: Vec<MapNode>,
    pub groups: Vec<MapNode>,
    pub projects: Vec<MapNode>,
    pub edges: Vec<(usize, Target)>,
}

pub struct MapText<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    pub organisations: &'a str,
    pub groups: &'a str,
    pub projects: &'a str,
}

const WIDTH: i64 = 960;
const COL: i64 = 340;
const LEFT_X: i64 = 4;
const RIGHT_X: i64 = WIDTH - 4 - COL;
const ROW: i64 = 34;
const BOX: i64 = 26;
const TOP: i64 = 40;
const MAX_CHARS: usize = 44;

pub use broedplaats_domain::escape_html as esc;

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_CHARS {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// A node as drawn: a box with its (shortened) name.
fn node(out: &mut String, n: &MapNode, class: &str, x: i64, y: i64) {
    let _ = write!(
        out,
        r#"<g class="rel-node {class}"><rect x="{x}" y="{y}" width="{COL}" height="{BOX}" rx="4"/><text x="{tx}" y="{ty}" dominant-baseline="central">{label}</text></g>"#,
        tx = x + 10,
        ty = y + BOX / 2,
        label = esc(&shorten(&n.label)),
    );
}

/// A node's link: a transparent box over the drawn one, with the full name as tooltip.
fn link(out: &mut String, n: &MapNode, x: i64, y: i64) {
    let _ = write!(
        out,
        r#"<a href="{href}" class="rel-link" tabindex="-1"><title>{full}</title><rect class="rel-hit" x="{x}" y="{y}" width="{COL}" height="{BOX}" rx="4"/></a>"#,
        href = esc(&n.href),
        full = esc(&n.label),
    );
}

/// The SVG: a drawing with `role="img"`, a title and a description (`aria-labelledby`), one
/// path per edge; over it one link per node. The links are for pointer users: children of an
/// image are not exposed, so they are hidden from assistive technology and kept out of the tab
/// order, and the table below the map carries the same links for everyone.
pub fn relations_svg(d: &MapData, t: &MapText) -> String {
    let left_y = |i: usize| TOP + i as i64 * ROW;
    let group_y = |i: usize| TOP + i as i64 * ROW;
    let projects_heading = TOP + d.groups.len() as i64 * ROW + 22;
    let project_y = |i: usize| projects_heading + 16 + i as i64 * ROW;
    let bottom = (left_y(d.left.len())).max(project_y(d.projects.len())) + 4;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="grp-map" viewBox="0 0 {WIDTH} {bottom}"><g role="img" aria-labelledby="rel-title rel-desc"><title id="rel-title">{}</title><desc id="rel-desc">{}</desc>"#,
        esc(t.title),
        esc(t.desc),
    );
    let _ = write!(
        out,
        r#"<text class="rel-heading" x="{LEFT_X}" y="22">{}</text><text class="rel-heading" x="{RIGHT_X}" y="22">{}</text><text class="rel-heading" x="{RIGHT_X}" y="{projects_heading}">{}</text>"#,
        esc(t.organisations),
        esc(t.groups),
        esc(t.projects),
    );
    out.push_str(r#"<g class="rel-edges">"#);
    for (from, to) in &d.edges {
        let y1 = left_y(*from) + BOX / 2;
        let (y2, class) = match to {
            Target::Group(j) => (group_y(*j) + BOX / 2, "rel-edge rel-edge-group"),
            Target::Project(j) => (project_y(*j) + BOX / 2, "rel-edge rel-edge-project"),
        };
        let (x1, x2) = (LEFT_X + COL, RIGHT_X);
        let mid = (x1 + x2) / 2;
        let _ = write!(out, r#"<path class="{class}" d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}"/>"#);
    }
    out.push_str("</g>");
    let columns = [
        (&d.left, "rel-org", LEFT_X, &left_y as &dyn Fn(usize) -> i64),
        (&d.groups, "rel-group", RIGHT_X, &group_y),
        (&d.projects, "rel-project", RIGHT_X, &project_y),
    ];
    for (nodes, class, x, y) in &columns {
        for (i, n) in nodes.iter().enumerate() {
            node(&mut out, n, class, *x, y(i));
        }
    }
    out.push_str(r#"</g><g class="rel-links" aria-hidden="true">"#);
    for (nodes, _, x, y) in &columns {
        for (i, n) in nodes.iter().enumerate() {
            link(&mut out, n, *x, y(i));
        }
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(label: &str, href: &str) -> MapNode {
        MapNode { label: label.into(), href: href.into() }
    }

    fn sample() -> MapData {
        MapData {
            left: vec![n("Gemeente <Dordrecht> & \"co\"", "/o/1"), n("Welzijn 'Rivierstad'", "/o/2"), n("Los", "/o/3")],
            groups: vec![n("Samen leven", "/g/1")],
            projects: vec![n("Project A", "/p/1"), n("Project B", "/p/2")],
            edges: vec![(0, Target::Group(0)), (0, Target::Project(0)), (1, Target::Project(1)), (1, Target::Group(0))],
        }
    }

    fn text() -> MapText<'static> {
        MapText {
            title: "Relaties <ZHZ>",
            desc: "beschrijving",
            organisations: "Organisaties",
            groups: "Themagroepen",
            projects: "Projecten",
        }
    }

    #[test]
    fn one_link_per_node_and_one_path_per_edge() {
        let svg = relations_svg(&sample(), &text());
        assert_eq!(svg.matches("<a href=").count(), 6, "3 organisations + 1 group + 2 projects");
        assert_eq!(svg.matches("<rect ").count(), 12, "a drawn box and a link box per node");
        assert_eq!(svg.matches("<rect class=\"rel-hit\"").count(), 6);
        assert_eq!(svg.matches("<path class=\"rel-edge").count(), 4);
        assert_eq!(svg.matches("rel-org").count(), 3);
        assert_eq!(svg.matches("rel-group\"").count(), 1);
        assert_eq!(svg.matches("rel-project\"").count(), 2);
        for href in ["/o/1", "/o/2", "/o/3", "/g/1", "/p/1", "/p/2"] {
            assert!(svg.contains(&format!("<a href=\"{href}\"")), "{href} linked");
        }
    }

    #[test]
    fn accessible_image_with_title_and_description() {
        let svg = relations_svg(&sample(), &text());
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("<g role=\"img\" aria-labelledby=\"rel-title rel-desc\">"));
        // the image holds no links (its children are not exposed); they lie over it, hidden
        // from assistive technology and out of the tab order: the table carries them
        let links_at = svg.find("<g class=\"rel-links\" aria-hidden=\"true\">").expect("links layer");
        assert!(!svg[..links_at].contains("<a "), "no links inside the image");
        assert_eq!(svg[links_at..].matches("<a ").count(), svg[links_at..].matches("tabindex=\"-1\"").count());
        assert!(svg.contains("<title id=\"rel-title\">Relaties &lt;ZHZ&gt;</title>"));
        assert!(svg.contains("<desc id=\"rel-desc\">beschrijving</desc>"));
        assert!(svg.contains("viewBox=\"0 0 960 "));
        assert!(!svg.contains("style"), "no inline styles (CSP)");
    }

    #[test]
    fn names_are_escaped() {
        let svg = relations_svg(&sample(), &text());
        assert!(svg.contains("Gemeente &lt;Dordrecht&gt; &amp; &quot;co&quot;"));
        assert!(svg.contains("Welzijn &#39;Rivierstad&#39;"));
        assert!(!svg.contains("<Dordrecht>"));
        assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn long_names_are_shortened_but_kept_whole_in_the_tooltip() {
        let long = "Een heel lange naam van een organisatie die niet in het vak past";
        let d = MapData { left: vec![n(long, "/o/1")], groups: vec![], projects: vec![], edges: vec![] };
        let svg = relations_svg(&d, &text());
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(svg.contains('…'));
    }

    #[test]
    fn empty_map_is_still_valid() {
        let d = MapData { left: vec![], groups: vec![], projects: vec![], edges: vec![] };
        let svg = relations_svg(&d, &text());
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<a ").count(), 0);
    }
}
