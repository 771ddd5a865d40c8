//! The renderings read back by tools no one here wrote: openpyxl for the XLSX, poppler's
//! pdftotext/pdffonts for the PDF, and a property test that every total equals the sum of its rows.
//!
//! Under scripts/test the peers are there (BROEDPLAATS_TEST_PY names a python with openpyxl, and
//! poppler-utils is installed) and these tests must run; run by hand without them they print
//! "SKIPPED: …" and pass.

mod pdf;
mod peers;
mod sample;
mod totals;
mod xlsx;
