//! The layout rules of docs/ARCHITECTURE.md, checked on the source text (cheap, no compilation):
//!
//! - the kernel of `crates/core` imports no capability;
//! - capability folders of `crates/core` import each other without circles, and only through
//!   what a capability's `mod.rs` exports (a `crate::cap::sub::…` path must name a `pub mod`);
//! - in `crates/web`, a capability folder of `html/` or `api/` never imports another capability's
//!   folder, `kit/` imports none, and `api` never imports `html` (nor the reverse);
//! - no source file is longer than `MAX_LINES` (data tables excepted).
//!
//! Rust's privacy already refuses most reaching into another capability's private modules; these
//! checks make the remaining rules (no circles, the kernel below everything, page modules apart)
//! fail loudly with the file and line to fix.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 800;
/// Files allowed to be longer: data tables, not code a person reads top to bottom.
const LONG_FILES_ALLOWED: &[&str] = &["crates/search/src/dict.rs", "bench/src/corpus.rs"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target" && n != "node_modules") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Subfolders of `dir` (capability folders).
fn folders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("source folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Every `prefix<name>` path in the code of `file` (comments left out), with its line number.
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            // Only a whole path segment: `xcrate::` is not `crate::`.
            let before = &rest[..i];
            rest = &rest[i + prefix.len()..];
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            out.push((n + 1, &rest[..end]));
        }
    }
    out
}

fn relative(p: &Path) -> String {
    p.strip_prefix(workspace()).unwrap_or(p).to_string_lossy().into_owned()
}

/// Which capability folder (under `root`) a file belongs to, if any.
fn folder_of(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_string_lossy().into_owned();
    parts.next().map(|_| first)
}

/// Names of the `pub mod` declarations of a capability's `mod.rs`.
fn public_modules(root: &Path, capability: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root.join(capability).join("mod.rs")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').trim().to_owned())
        .collect()
}

fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Depth-first search for back edges; reports each cycle found as the path that closes it.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            out.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, out);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let (mut out, mut done) = (Vec::new(), BTreeSet::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn core_kernel_knows_no_capability_and_capabilities_form_no_circle() {
    let root = workspace().join("crates/core/src");
    let capabilities: Vec<String> = folders(&root).into_iter().filter(|f| f != "kernel").collect();
    assert!(capabilities.len() >= 5, "capability folders found: {capabilities:?}");
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("source file");
        let Some(own) = folder_of(&root, &file) else { continue };
        for (line, path) in paths_after(&text, "crate::") {
            let mut segments = path.split("::");
            let first = segments.next().unwrap_or_default();
            if !capabilities.iter().any(|c| c == first) || first == own {
                continue;
            }
            if own == "kernel" {
                problems.push(format!("{}:{line}: the kernel imports the capability `{first}`", relative(&file)));
                continue;
            }
            graph.entry(own.clone()).or_default().insert(first.to_owned());
            // `crate::cap::Item` is the interface; `crate::cap::module::…` only for a `pub mod`.
            if let Some(second) = segments.next()
                && segments.next().is_some()
                && second.starts_with(|c: char| c.is_ascii_lowercase())
                && !public_modules(&root, first).contains(second)
            {
                problems.push(format!(
                    "{}:{line}: `{own}` reaches into `crate::{first}::{second}`, which `{first}/mod.rs` does not make public",
                    relative(&file)
                ));
            }
        }
    }
    for cycle in cycles(&graph) {
        problems.push(format!("capability folders import each other in a circle: {}", cycle.join(" → ")));
    }
    assert!(problems.is_empty(), "layout rules broken:\n{}", problems.join("\n"));
}

#[test]
fn web_page_and_api_folders_stay_apart() {
    let web = workspace().join("crates/web/src");
    let mut problems = Vec::new();
    for (layer, other) in [("html", "api"), ("api", "html")] {
        let root = web.join(layer);
        let capabilities: Vec<String> = folders(&root).into_iter().filter(|f| f != "kit").collect();
        assert!(!capabilities.is_empty(), "{layer} capability folders found: {capabilities:?}");
        for file in rust_files(&root) {
            let text = std::fs::read_to_string(&file).expect("source file");
            let own = folder_of(&root, &file);
            for (line, path) in paths_after(&text, "crate::") {
                let mut segments = path.split("::");
                let first = segments.next().unwrap_or_default();
                if first == other {
                    problems.push(format!("{}:{line}: `{layer}` imports `crate::{other}`", relative(&file)));
                }
                if first != layer {
                    continue;
                }
                let target = segments.next().unwrap_or_default();
                if capabilities.iter().any(|c| c == target) && own.as_deref() != Some(target) {
                    let who = own.clone().unwrap_or_else(|| layer.to_owned());
                    if who != layer {
                        problems.push(format!(
                            "{}:{line}: `{layer}/{who}` imports another capability's module `{layer}::{target}`",
                            relative(&file)
                        ));
                    }
                }
            }
            // From inside a capability folder, `super::super::x` reaches a sibling capability.
            if own.as_deref().is_some_and(|o| o != "kit") {
                for (line, path) in paths_after(&text, "super::super::") {
                    let target = path.split("::").next().unwrap_or_default();
                    if capabilities.iter().any(|c| c == target) {
                        problems.push(format!("{}:{line}: imports `{target}` through `super::super`", relative(&file)));
                    }
                }
            }
            if own.as_deref() == Some("kit") {
                for (line, path) in paths_after(&text, "super::") {
                    let target = path.split("::").next().unwrap_or_default();
                    if capabilities.iter().any(|c| c == target) {
                        problems.push(format!("{}:{line}: `kit` imports the capability `{target}`", relative(&file)));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "layout rules broken:\n{}", problems.join("\n"));
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let root = workspace();
    let mut long = Vec::new();
    for dir in ["crates", "bench"] {
        for file in rust_files(&root.join(dir)) {
            let rel = relative(&file);
            let lines = std::fs::read_to_string(&file).expect("source file").lines().count();
            if lines > MAX_LINES && !LONG_FILES_ALLOWED.contains(&rel.as_str()) {
                long.push(format!("{rel}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines (split by page or use case):\n{}", long.join("\n"));
}

#[test]
fn the_checks_can_fail() {
    // A circle and a kernel import are found by the same functions the tests above use.
    let graph = BTreeMap::from([
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]);
    assert_eq!(cycles(&graph).len(), 1);
    let found = paths_after("use crate::activities::mail; // crate::x\nlet y = xcrate::z;", "crate::");
    assert_eq!(found, vec![(1, "activities::mail")]);
}
