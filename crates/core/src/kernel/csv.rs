//! Whole-file CSV validation, shared by every import: a file is validated as a whole, every bad
//! row is reported (up to [`MAX_ERRORS`]), and the rows come back only when there is none, so the
//! use case can import all or nothing. Column names may be Dutch or English, in any case; the
//! delimiter (`,` or `;`) is taken from the header line, so files saved by a Dutch spreadsheet
//! (`;`) and by everything else (`,`) both work. Messages are Dutch and carry only the reason;
//! the line number is in [`RowError::line`]. Pure: no IO.

/// At most this many errors are listed; one more error then says how many were left out.
pub const MAX_ERRORS: usize = 1000;
/// Echoed values longer than this are shortened in messages.
pub const ECHO_MAX: usize = 60;

/// One problem in an import file. `line` is the 1-based file line (the header is line 1); 0 means
/// the file as a whole. `message` is Dutch and holds only the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// A column of an import format.
pub struct Column {
    pub key: &'static str,
    /// Accepted header names, lowercase; the first is the Dutch one used in messages.
    pub names: &'static [&'static str],
    pub required: bool,
}

/// Where each known column sits in a record.
pub struct Layout {
    /// `(column key, field index)` for every column present in the header.
    fields: Vec<(&'static str, usize)>,
    /// Fields whose header is empty (e.g. a trailing delimiter): ignored, but they must stay empty.
    nameless: Vec<usize>,
    width: usize,
}

pub fn layout(header: &csv::StringRecord, columns: &[Column]) -> Result<Layout, Vec<String>> {
    let mut fields: Vec<(&'static str, usize)> = Vec::new();
    let mut nameless = Vec::new();
    let mut unknown = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in header.iter().enumerate() {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            nameless.push(index);
            continue;
        }
        match columns.iter().find(|c| c.names.contains(&name.as_str())) {
            None => unknown.push(quote(raw.trim())),
            Some(c) if fields.iter().any(|(k, _)| *k == c.key) => {
                problems.push(format!("kolom {} komt meer dan één keer voor", quote(raw.trim())));
            }
            Some(c) => fields.push((c.key, index)),
        }
    }
    if !unknown.is_empty() {
        let allowed: Vec<String> = columns.iter().map(|c| c.names.join("/")).collect();
        let what = if unknown.len() == 1 { "onbekende kolom" } else { "onbekende kolommen" };
        problems.insert(0, format!("{what} {}; toegestaan zijn: {}", unknown.join(", "), allowed.join(", ")));
    }
    for c in columns.iter().filter(|c| c.required) {
        if !fields.iter().any(|(k, _)| *k == c.key) {
            let alternatives: Vec<String> = c.names.iter().map(|n| quote(n)).collect();
            problems.push(format!("verplichte kolom {} ontbreekt", alternatives.join(" of ")));
        }
    }
    if problems.is_empty() { Ok(Layout { fields, nameless, width: header.len() }) } else { Err(problems) }
}

/// Collects errors, keeping the first [`MAX_ERRORS`] and counting the rest.
#[derive(Default)]
pub struct Errors {
    list: Vec<RowError>,
    left_out: usize,
}

impl Errors {
    pub fn push(&mut self, line: usize, message: String) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(RowError { line, message });
        } else {
            self.left_out += 1;
        }
    }
    pub fn finish(mut self) -> Vec<RowError> {
        if self.left_out > 0 {
            let n = self.left_out;
            let message = if n == 1 {
                "nog 1 fout is weggelaten; herstel eerst de fouten hierboven".to_owned()
            } else {
                format!("nog {n} fouten zijn weggelaten; herstel eerst de fouten hierboven")
            };
            self.list.push(RowError { line: 0, message });
        }
        self.list
    }
}

pub fn file_error(message: &str) -> Vec<RowError> {
    vec![RowError { line: 0, message: message.to_owned() }]
}

/// The file as text: UTF-8 (with or without byte-order mark) as it is; otherwise Windows-1252,
/// what Excel writes for "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows,
/// converted — unless the bytes cannot be that (UTF-16, a byte Windows-1252 leaves undefined,
/// control characters), which gets a message on how to save the file as CSV UTF-8.
pub fn decode(data: &[u8]) -> Result<std::borrow::Cow<'_, str>, Vec<RowError>> {
    if let Ok(text) = std::str::from_utf8(data) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    const SAVE_AS: &str = "Het bestand is geen UTF-8-tekst en ook geen Windows-1252 (de oude Excel-standaard). \
         Sla het in Excel op met ‘Opslaan als’ en kies ‘CSV UTF-8 (door komma's gescheiden)’.";
    let utf16 = data.starts_with(&[0xff, 0xfe]) || data.starts_with(&[0xfe, 0xff]);
    let undefined = data.iter().any(|b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d));
    let control = data.iter().any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'));
    if utf16 || undefined || control {
        return Err(file_error(SAVE_AS));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(data);
    Ok(text)
}

/// The fields of one data row, by column key.
pub struct Fields<'a> {
    record: &'a csv::StringRecord,
    layout: &'a Layout,
}

impl<'a> Fields<'a> {
    /// The trimmed value of a column, `None` if the column is absent or the value empty.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        let index = self.layout.fields.iter().find(|(k, _)| *k == key)?.1;
        self.record.get(index).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Reads the file and calls `row` for every non-empty data row with its line number, its fields,
/// and a list to push the row's problems into. A row counts only if it returns `Some` and pushed
/// no problem, so `row` may return a half-filled value after reporting one.
pub fn parse_file<T>(
    data: &[u8],
    columns: &[Column],
    mut row: impl FnMut(usize, &Fields<'_>, &mut Vec<String>) -> Option<T>,
) -> Result<Vec<T>, Vec<RowError>> {
    let text = decode(data)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(file_error("Het bestand is leeg."));
    }
    let (header_line, delimiter) = detect_header(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).flexible(true).from_reader(text.as_bytes());
    let layout = match reader.headers() {
        Ok(header) => layout(header, columns),
        Err(_) => Err(vec!["de kopregel kan niet worden gelezen".to_owned()]),
    };
    let layout = match layout {
        Ok(layout) => layout,
        Err(problems) => {
            return Err(problems.into_iter().map(|message| RowError { line: header_line, message }).collect());
        }
    };

    let mut errors = Errors::default();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = lines.line_at(e.position().map_or(before, csv::Position::byte));
                errors.push(line, "deze regel kan niet worden gelezen".to_owned());
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = lines.line_at(record.position().map_or(before, csv::Position::byte));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // an empty line, or one with only delimiters, as spreadsheets write them
        }
        if record.len() != layout.width {
            let message = format!("deze regel heeft {} velden, de kopregel {}", record.len(), layout.width);
            errors.push(line, message);
            continue;
        }
        problems.clear();
        for &index in &layout.nameless {
            if record.get(index).is_some_and(|f| !f.trim().is_empty()) {
                problems.push(format!("veld {} heeft een waarde maar de kolom heeft geen naam", index + 1));
            }
        }
        let parsed = row(line, &Fields { record: &record, layout: &layout }, &mut problems);
        match parsed {
            Some(value) if problems.is_empty() => rows.push(value),
            _ => {
                if problems.is_empty() {
                    problems.push("deze regel is ongeldig".to_owned());
                }
                for message in problems.drain(..) {
                    errors.push(line, message);
                }
            }
        }
    }
    let errors = errors.finish();
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Turns the byte offset the csv reader gives a record into the line the record starts on.
///
/// The reader stamps a record with the position where the previous record ended, before it skips
/// blank lines (and, in CRLF files, before the `\n`); so its `line()` can be too small. We skip
/// line ends from that offset ourselves and count newlines, incrementally: O(file) in total.
pub struct LineCounter<'a> {
    text: &'a [u8],
    /// Byte offset up to which newlines have been counted, and the line number there.
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        Self { text, offset: 0, line: 1 }
    }

    pub fn line_at(&mut self, byte: u64) -> usize {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.text[self.offset..start].iter().filter(|&&b| b == b'\n').count();
        self.offset = start;
        self.line
    }
}

/// The header's line number (blank lines before it are skipped, as the csv reader does) and the
/// delimiter: `;` if the header has more semicolons than commas outside quotes, else `,`.
pub fn detect_header(text: &str) -> (usize, u8) {
    let (index, header) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()).unwrap_or((0, ""));
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    (index + 1, if semicolons > commas { b';' } else { b',' })
}

/// A value between typographic quotes, shortened if long.
pub fn quote(value: &str) -> String {
    if value.chars().count() > ECHO_MAX {
        let short: String = value.chars().take(ECHO_MAX).collect();
        format!("‘{short}…’")
    } else {
        format!("‘{value}’")
    }
}
