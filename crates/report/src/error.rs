//! Why a rendering failed (never the user's input: a report is data the application assembled).

/// A rendering error, with a Dutch message for the log and the 500 page.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// typst could not set the document (a bug in the template or the data).
    #[error("het PDF-verslag kon niet worden opgemaakt: {0}")]
    Typeset(String),
    /// typst could not write the PDF (e.g. a PDF/A rule).
    #[error("het PDF-bestand kon niet worden geschreven: {0}")]
    Pdf(String),
    /// rust_xlsxwriter refused the workbook.
    #[error("het Excel-bestand kon niet worden geschreven: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Writing the ZIP with the CSV files failed.
    #[error("het ZIP-bestand kon niet worden geschreven: {0}")]
    Zip(String),
}
