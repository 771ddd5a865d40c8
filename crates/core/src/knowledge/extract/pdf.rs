//! How far a PDF's streams inflate, measured before any PDF library sees the file.
//!
//! A PDF stream can be compressed by a chain of filters; a few hundred kilobytes of FlateDecode
//! inflate to gigabytes. lopdf (under pdf-extract) inflates every stream it decodes into memory at
//! once, and its `load` already does so for cross-reference and object streams, so the check has to
//! come first and work on the raw bytes. It finds every `N G obj << … >> stream` (forward from each
//! `obj` keyword, with a small tokenizer that knows strings, names and nesting, so a dictionary
//! cannot hide its `/Filter` inside a string), and pushes the data through the same filters lopdf
//! would use (FlateDecode, LZWDecode, ASCII85Decode, in order) as *streaming* decoders whose output
//! is only counted, never kept. `/Length` is not trusted: the data is read to where its encoding
//! ends. Every count, and the work itself, is bounded.

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

/// At most this much may come out of one stream (its last filter).
pub(super) const MAX_STREAM: u64 = 16 << 20;
/// At most this much may come out of all streams of one file together.
pub(super) const MAX_INFLATED: u64 = 64 << 20;
/// Most bytes the tokenizer may read in one file (each real dictionary is read once; this bounds
/// files crafted to make it read the same bytes again and again).
const MAX_PARSED: u64 = 64 << 20;
/// Longest stream dictionary read; longer is not a real PDF.
const MAX_DICT: usize = 1 << 20;
/// Most bytes fed to decoders in one file (streams are read to where their encoding ends, so
/// overlapping "streams" in a crafted file could otherwise be read many times).
const MAX_FED: u64 = 256 << 20;
/// Deepest nesting of arrays and dictionaries followed.
const MAX_DEPTH: usize = 32;

/// Why a PDF is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Every stream stays within the limits.
    Fine,
    /// A stream, or all of them together, inflates beyond the limits (or the file makes the check
    /// itself work too hard).
    TooLarge,
    /// Encrypted: its streams cannot be measured without decrypting them, so it is not read.
    Encrypted,
}

/// Measures every stream of `bytes` (see the module comment).
pub(super) fn check(bytes: &[u8]) -> Verdict {
    let mut budget = Budget { inflated: MAX_INFLATED, parsed: MAX_PARSED, fed: MAX_FED };
    // A classic trailer names the encryption dictionary; a cross-reference stream's dictionary
    // (after an `obj`, below) does the same.
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"trailer") {
        at += found + 7;
        if stream_dict(bytes, at, &mut budget.parsed).is_some_and(|d| d.encrypt) {
            return Verdict::Encrypted;
        }
    }
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"obj") {
        let start = at + found + 3;
        at = start;
        let Some(dict) = stream_dict(bytes, start, &mut budget.parsed) else {
            if budget.parsed == 0 {
                return Verdict::TooLarge;
            }
            continue;
        };
        if dict.encrypt {
            return Verdict::Encrypted;
        }
        at = dict.end;
        let Some(data) = dict.data else { continue };
        let limit = MAX_STREAM.min(budget.inflated);
        let (out, fed) = measure(&bytes[data..], &dict.filters, dict.early_change, limit);
        budget.fed = budget.fed.saturating_sub(fed);
        if out > limit || budget.fed == 0 {
            return Verdict::TooLarge;
        }
        budget.inflated -= out;
    }
    Verdict::Fine
}

struct Budget {
    inflated: u64,
    parsed: u64,
    fed: u64,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw,
    Ascii85,
}

/// A dictionary after an `obj` keyword: where it ends, and, if a stream follows, where its data
/// starts and the filters lopdf would apply.
struct Dict {
    end: usize,
    data: Option<usize>,
    filters: Vec<Filter>,
    early_change: bool,
    encrypt: bool,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Past white space and comments.
fn skip_space(b: &[u8], mut i: usize) -> usize {
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i < b.len() && b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            return i;
        }
    }
}

/// A name starting at `i` (at its `/`): its end and its bytes with `#xx` escapes decoded.
fn name(b: &[u8], i: usize) -> (usize, Vec<u8>) {
    let mut j = i + 1;
    let mut out = Vec::new();
    while j < b.len() && !is_space(b[j]) && !is_delimiter(b[j]) {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[j] == b'#'
            && let (Some(h), Some(l)) = (b.get(j + 1).and_then(|&c| hex(c)), b.get(j + 2).and_then(|&c| hex(c)))
        {
            out.push((h * 16 + l) as u8);
            j += 3;
            continue;
        }
        out.push(b[j]);
        j += 1;
    }
    (j, out)
}

/// The end of the value starting at `i`, or `None` if there is none (or it is too deep).
fn skip_value(b: &[u8], i: usize, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH || i >= b.len() {
        return None;
    }
    match b[i] {
        b'<' if b.get(i + 1) == Some(&b'<') => {
            let mut j = i + 2;
            loop {
                j = skip_space(b, j);
                if b.get(j..j + 2) == Some(b">>") {
                    return Some(j + 2);
                }
                if b.get(j) != Some(&b'/') {
                    // The rest of a reference (`1 0 R` is three tokens).
                    j = skip_value(b, j, depth + 1)?;
                    continue;
                }
                j = skip_space(b, name(b, j).0);
                j = skip_value(b, j, depth + 1)?;
            }
        }
        b'<' => Some(i + 1 + b[i + 1..].iter().position(|&c| c == b'>')? + 1),
        b'(' => {
            let (mut j, mut open) = (i + 1, 1usize);
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => open += 1,
                    b')' => {
                        open -= 1;
                        if open == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        b'[' => {
            let mut j = i + 1;
            loop {
                j = skip_space(b, j);
                if b.get(j) == Some(&b']') {
                    return Some(j + 1);
                }
                j = skip_value(b, j, depth + 1)?;
            }
        }
        b'/' => Some(name(b, i).0),
        c if is_delimiter(c) => None,
        _ => {
            let mut j = i;
            while j < b.len() && !is_space(b[j]) && !is_delimiter(b[j]) {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The filters named by a `/Filter` value, as lopdf reads them: one name, or an array of names
/// (anything else, such as a reference, makes lopdf decode nothing). Filters lopdf does not know
/// end the chain, because lopdf stops there.
fn filters(b: &[u8], i: usize, end: usize) -> Vec<Filter> {
    let known = |n: &[u8]| match n {
        b"FlateDecode" => Some(Filter::Flate),
        b"LZWDecode" => Some(Filter::Lzw),
        b"ASCII85Decode" => Some(Filter::Ascii85),
        _ => None,
    };
    let b = &b[..end];
    if b.get(i) == Some(&b'/') {
        return known(&name(b, i).1).into_iter().collect();
    }
    if b.get(i) != Some(&b'[') {
        return vec![];
    }
    let mut names = Vec::new();
    let mut j = i + 1;
    loop {
        j = skip_space(b, j);
        match b.get(j) {
            Some(b'/') => {
                let (next, n) = name(b, j);
                names.push(n);
                j = next;
            }
            Some(b']') => break,
            _ => return vec![],
        }
    }
    names.iter().map_while(|n| known(n)).collect()
}

/// The dictionary right after an `obj` keyword (at `i`), if there is one, read within the parse
/// budget.
fn stream_dict(b: &[u8], i: usize, parsed: &mut u64) -> Option<Dict> {
    let open = skip_space(b, i);
    if b.get(open..open + 2) != Some(b"<<") {
        return None;
    }
    let window = &b[..b.len().min(open + MAX_DICT)];
    let end = skip_value(window, open, 0);
    let read = end.unwrap_or(window.len()) - i;
    *parsed = parsed.saturating_sub(read as u64);
    let end = match end {
        Some(end) => end,
        // A dictionary longer than any real one counts as work beyond the budget.
        None if window.len() < b.len() => {
            *parsed = 0;
            return None;
        }
        None => return None,
    };
    // The top-level keys: /Filter (the last one counts, as in lopdf's map), /DecodeParms'
    // /EarlyChange, /Encrypt.
    let (mut chain, mut early_change, mut encrypt) = (vec![], true, false);
    let mut j = open + 2;
    loop {
        j = skip_space(b, j);
        if j >= end - 2 {
            break;
        }
        if b.get(j) != Some(&b'/') {
            j = skip_value(b, j, 1).unwrap_or(end);
            continue;
        }
        let (after, key) = name(b, j);
        let value = skip_space(b, after);
        let Some(next) = skip_value(b, value, 1) else { break };
        match key.as_slice() {
            b"Filter" => chain = filters(b, value, next),
            b"DecodeParms" => {
                let text = &b[value..next];
                if let Some(k) = find(text, b"/EarlyChange") {
                    let v = skip_space(text, k + 12);
                    early_change = text.get(v) != Some(&b'0');
                }
            }
            b"Encrypt" => encrypt = true,
            _ => {}
        }
        j = next;
    }
    // `stream`, then spaces or tabs, then one end of line (as lopdf's parser wants it).
    let mut k = skip_space(b, end);
    let data = if b.get(k..k + 6) == Some(b"stream") {
        k += 6;
        while k < b.len() && matches!(b[k], b' ' | b'\t') {
            k += 1;
        }
        match b.get(k..k + 2) {
            Some(b"\r\n") => Some(k + 2),
            _ if matches!(b.get(k), Some(b'\n' | b'\r')) => Some(k + 1),
            _ => None,
        }
    } else {
        None
    };
    Some(Dict { end, data, filters: chain, early_change, encrypt })
}

/// Pushes `data` through `chain` and counts what comes out, up to `limit + 1`; also returns how
/// many bytes of `data` were fed. Decoding stops where the encoding ends or breaks.
fn measure(data: &[u8], chain: &[Filter], early_change: bool, limit: u64) -> (u64, u64) {
    if chain.is_empty() {
        return (0, 0);
    }
    let count = Rc::new(Cell::new(0u64));
    let mut w: Box<dyn Write> = Box::new(Counter { count: count.clone(), limit });
    for filter in chain.iter().rev() {
        w = match filter {
            Filter::Flate => Box::new(Flate { skip: 2, inner: flate2::write::DeflateDecoder::new(w) }),
            Filter::Lzw => Box::new(Lzw::new(w, early_change)),
            Filter::Ascii85 => Box::new(Ascii85 { inner: w, group: 0, len: 0, done: false }),
        };
    }
    let mut fed = 0usize;
    while fed < data.len() {
        let chunk = &data[fed..data.len().min(fed + (64 << 10))];
        match w.write(chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => fed += n,
        }
    }
    let _ = w.flush();
    drop(w);
    (count.get(), fed as u64)
}

/// The end of a chain: counts and refuses more than `limit` bytes.
struct Counter {
    count: Rc<Cell<u64>>,
    limit: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.count.set(self.count.get().saturating_add(buf.len() as u64));
        if self.count.get() > self.limit {
            return Err(io::Error::other("inflates beyond the limit"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// FlateDecode as lopdf does it, or more: lopdf reads zlib and, when that gives nothing, raw
/// deflate after the two header bytes. Raw deflate after those two bytes yields at least as much
/// as either (a zlib stream is a header, raw deflate, and a checksum), so that is what is counted.
struct Flate {
    skip: usize,
    inner: flate2::write::DeflateDecoder<Box<dyn Write>>,
}

impl Write for Flate {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.skip > 0 {
            let n = self.skip.min(buf.len());
            self.skip -= n;
            return Ok(n);
        }
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.try_finish()?;
        self.inner.get_mut().flush()
    }
}

struct Lzw {
    inner: Box<dyn Write>,
    decoder: weezl::decode::Decoder,
    done: bool,
}

impl Lzw {
    fn new(inner: Box<dyn Write>, early_change: bool) -> Self {
        // As lopdf: 8-bit symbols, most significant bit first; /EarlyChange 1 (the default) is
        // the TIFF size switch.
        let decoder = if early_change {
            weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
        } else {
            weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8)
        };
        Self { inner, decoder, done: false }
    }
}

impl Write for Lzw {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = [0u8; 8192];
        let mut used = 0;
        while !self.done {
            let r = self.decoder.decode_bytes(&buf[used..], &mut out);
            if r.consumed_in == 0 && r.consumed_out == 0 && r.status.is_ok() {
                break;
            }
            used += r.consumed_in;
            self.inner.write_all(&out[..r.consumed_out])?;
            match r.status {
                Ok(weezl::LzwStatus::Done) => self.done = true,
                Ok(weezl::LzwStatus::NoProgress) => break,
                Ok(weezl::LzwStatus::Ok) => {}
                Err(_) => return Err(io::Error::other("broken LZW data")),
            }
        }
        Ok(used)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// ASCII85Decode as lopdf does it: white space skipped, `z` for four zero bytes, and the first
/// byte outside `!`..=`u` ends the data.
struct Ascii85 {
    inner: Box<dyn Write>,
    group: u32,
    len: usize,
    done: bool,
}

impl Ascii85 {
    fn finish_group(&mut self) -> io::Result<()> {
        if self.len > 0 {
            for _ in self.len..5 {
                self.group = self.group.wrapping_mul(85).wrapping_add(84);
            }
            let n = self.len - 1;
            self.len = 0;
            self.inner.write_all(&self.group.to_be_bytes()[..n])?;
        }
        Ok(())
    }
}

impl Write for Ascii85 {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let mut out = Vec::with_capacity(buf.len());
        for &c in buf {
            match c {
                b'z' if self.len == 0 => out.extend_from_slice(&[0; 4]),
                c if c.is_ascii_whitespace() => {}
                b'!'..=b'u' => {
                    self.group = self.group.wrapping_mul(85).wrapping_add(u32::from(c - b'!'));
                    self.len += 1;
                    if self.len == 5 {
                        out.extend_from_slice(&self.group.to_be_bytes());
                        (self.group, self.len) = (0, 0);
                    }
                }
                _ => {
                    self.done = true;
                    break;
                }
            }
        }
        self.inner.write_all(&out)?;
        if self.done {
            self.finish_group()?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.finish_group()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests;
