//! Finding the external readers, and running them.

use std::path::Path;
use std::process::Command;

/// The python with openpyxl, or `None` (with a SKIPPED line) when run by hand without it.
pub fn python() -> Option<String> {
    match std::env::var("BROEDPLAATS_TEST_PY") {
        Ok(python) => Some(python),
        Err(_) => {
            eprintln!("SKIPPED: BROEDPLAATS_TEST_PY is not set (a python with openpyxl; scripts/test sets it)");
            None
        }
    }
}

/// Whether poppler's tools are there. Under scripts/test (BROEDPLAATS_TEST_PY set) they must be.
pub fn poppler() -> bool {
    let there = ["pdftotext", "pdffonts"].iter().all(|tool| Command::new(tool).arg("-v").output().is_ok());
    if !there {
        assert!(
            std::env::var("BROEDPLAATS_TEST_PY").is_err(),
            "poppler-utils (pdftotext, pdffonts) is missing, but scripts/test should have installed it"
        );
        eprintln!("SKIPPED: poppler-utils (pdftotext, pdffonts) is not installed");
    }
    there
}

fn run(command: &mut Command) -> String {
    let out = command.output().expect("run the reader");
    assert!(
        out.status.success(),
        "{command:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `pdftotext -layout file -`.
pub fn pdftotext(pdf: &Path) -> String {
    run(Command::new("pdftotext").arg("-layout").arg("-enc").arg("UTF-8").arg(pdf).arg("-"))
}

/// `pdffonts file`.
pub fn pdffonts(pdf: &Path) -> String {
    run(Command::new("pdffonts").arg(pdf))
}

/// Runs a python script with the arguments and parses its stdout as JSON.
pub fn python_json(python: &str, script: &str, args: &[&Path]) -> serde_json::Value {
    let out = run(Command::new(python).arg("-c").arg(script).args(args));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("python printed no JSON ({e}): {out}"))
}
