use super::*;
use crate::knowledge::extract::{Extracted, Refusal, extract};
use flate2::Compression;
use flate2::write::ZlibEncoder;

/// A one-page PDF whose page content says `(Geheim) Tj`, followed by `pad` spaces, compressed
/// with FlateDecode (`twice`: compressed once more, with `[/FlateDecode /FlateDecode]`).
pub(crate) fn pdf_with_content(pad: u64, twice: bool) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    z.write_all(b"BT /F1 12 Tf 72 712 Td (Geheim) Tj ET\n").expect("write");
    let spaces = vec![b' '; 1 << 16];
    let mut left = pad;
    while left > 0 {
        let n = left.min(spaces.len() as u64) as usize;
        z.write_all(&spaces[..n]).expect("write");
        left -= n as u64;
    }
    let mut data = z.finish().expect("finish");
    let mut filter = "/FlateDecode".to_owned();
    if twice {
        let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
        z.write_all(&data).expect("write");
        data = z.finish().expect("finish");
        filter = "[/FlateDecode /FlateDecode]".to_owned();
    }
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [format!("<< /Length {} /Filter {filter} >>\nstream\n", data.len()).as_bytes(), &data, b"\nendstream"].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

/// A PDF of these objects (numbered from 1), with a correct cross-reference table.
pub(crate) fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn flate(data: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(data).expect("write");
    z.finish().expect("finish")
}

#[test]
fn pdf_small_stream_is_read() {
    // The same PDF the bomb tests use, with a little padding: read, text found. So what refuses
    // the bombs below is their size.
    let small = pdf_with_content(1000, false);
    assert_eq!(check(&small), Verdict::Fine);
    assert_eq!(extract(&small), Extracted::Text("Geheim".to_owned()));
    let twice = pdf_with_content(1000, true);
    assert_eq!(extract(&twice), Extracted::Text("Geheim".to_owned()));
}

#[test]
fn pdf_stream_inflating_past_the_stream_limit_is_refused() {
    let bomb = pdf_with_content(MAX_STREAM + 1, false);
    assert!(bomb.len() < 100 << 10, "{}", bomb.len());
    assert_eq!(check(&bomb), Verdict::TooLarge);
    assert_eq!(extract(&bomb), Extracted::Refused(Refusal::TooLarge));
    assert_eq!(crate::knowledge::extract::extract_text(&bomb), "");
}

#[test]
fn pdf_doubly_compressed_bomb_is_refused() {
    // Deflate twice: a few kilobytes for 17 MB, past what one inflation would show.
    let bomb = pdf_with_content(MAX_STREAM + 1, true);
    assert!(bomb.len() < 4 << 10, "{}", bomb.len());
    assert_eq!(extract(&bomb), Extracted::Refused(Refusal::TooLarge));
}

#[test]
fn pdf_streams_together_past_the_file_limit_are_refused() {
    // Each stream within the stream limit, together past the file limit.
    let per = MAX_STREAM - 1;
    let count = MAX_INFLATED / per + 1;
    let one = flate(&vec![b' '; per as usize]);
    let mut objects = vec![b"<< /Type /Catalog >>".to_vec()];
    for _ in 0..count {
        objects.push(
            [format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", one.len()).as_bytes(), &one, b"\nendstream"]
                .concat(),
        );
    }
    assert_eq!(check(&pdf_of(&objects)), Verdict::TooLarge);
    objects.pop();
    objects.pop();
    assert_eq!(check(&pdf_of(&objects)), Verdict::Fine);
}

#[test]
fn pdf_filter_hidden_from_a_naive_reader_is_still_found() {
    // A string holding `>> stream`, an escaped name, a lying /Length and a decoy nested /Filter:
    // the tokenizer follows the dictionary as lopdf does.
    let data = flate(&vec![0u8; (MAX_STREAM + 10) as usize]);
    let dict =
        "<< /X (a >> stream\n\\( obj) /Length 3 /DecodeParms << /Filter /DCTDecode >> /Filter /Flate#44ecode >>\nstream\r\n"
            .to_owned();
    let bomb = pdf_of(&[[dict.as_bytes(), &data, b"\nendstream"].concat()]);
    assert_eq!(check(&bomb), Verdict::TooLarge);
    // With a filter lopdf does not decode first, nothing is inflated.
    let jpeg = dict.replace("/Flate#44ecode", "[/DCTDecode /FlateDecode]");
    assert_eq!(check(&pdf_of(&[[jpeg.as_bytes(), &data, b"\nendstream"].concat()])), Verdict::Fine);
}

#[test]
fn pdf_ascii85_and_lzw_chains_are_measured() {
    // ASCII85 of a Flate bomb: `z` groups and plain groups both decode.
    let data = flate(&vec![0u8; (MAX_STREAM + 10) as usize]);
    let mut a85 = Vec::new();
    for group in data.chunks(4) {
        let mut g = [0u8; 4];
        g[..group.len()].copy_from_slice(group);
        let mut v = u32::from_be_bytes(g);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (v % 85) as u8 + b'!';
            v /= 85;
        }
        a85.extend_from_slice(&digits[..group.len() + 1]);
    }
    a85.extend_from_slice(b"~>");
    let dict = b"<< /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n";
    assert_eq!(check(&pdf_of(&[[&dict[..], &a85, b"\nendstream"].concat()])), Verdict::TooLarge);
    let (out, _) = measure(&a85, &[Filter::Ascii85, Filter::Flate], true, u64::MAX);
    assert_eq!(out, MAX_STREAM + 10);

    // LZW: the same bytes lopdf's decoder would give, counted.
    let plain = b"Wandelen in de wijk, wandelen in de wijk.".repeat(100);
    let lzw = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8).encode(&plain).expect("lzw");
    assert_eq!(measure(&lzw, &[Filter::Lzw], true, u64::MAX).0, plain.len() as u64);
}

#[test]
fn pdf_stream_is_read_only_to_the_end_of_its_encoding() {
    // Not to the end of the file: otherwise many streams in one big file would each be fed the rest.
    let one = flate(b"BT (Hallo) Tj ET");
    let rest = vec![b'x'; 1 << 20];
    let (out, fed) = measure(&[&one[..], &rest].concat(), &[Filter::Flate], true, u64::MAX);
    assert_eq!(out, 16);
    assert!(fed < 1 << 16, "{fed}");
}

#[test]
fn pdf_encrypted_is_not_read() {
    let mut pdf = pdf_with_content(10, false);
    let at = find(&pdf, b"/Root 1 0 R").expect("trailer");
    pdf.splice(at..at, b"/Encrypt << /Filter /Standard /V 1 >> ".iter().copied());
    assert_eq!(extract(&pdf), Extracted::Refused(Refusal::Encrypted));
}

#[test]
fn pdf_endless_dictionaries_are_bounded() {
    // Many `obj <<` that never close: the tokenizer's work is bounded and the file refused, or
    // read quickly; never stuck.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(b"1 0 obj << /A [ (".iter().chain(b"x 0 obj << /B [ ".repeat(200_000).iter()));
    assert_eq!(check(&pdf), Verdict::TooLarge);
    assert_eq!(check(b"%PDF-1.4\n1 0 obj << /A"), Verdict::Fine);
}
