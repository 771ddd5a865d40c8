//! Dutch analysis: tokenize → remove long tokens → lowercase → ASCII-fold → Dutch stop words →
//! decompound → Dutch Snowball stemmer.
//!
//! The stemmer is the classic Snowball Dutch (Porter) algorithm, not tantivy's
//! `Stemmer::new(Language::Dutch)`: that one is the newer Kraaij-Pohlmann variant, which strips
//! ge- prefixes and infixes (gezondheid → zon, geldzorgen → ldzorg, burgerinitiatief →
//! burrinitieer) and stems schulden to schul but schuld to schuld. A few stems are overridden
//! (ouderen must not meet ouders).
//!
//! Decompounding keeps the original token and adds its parts at the same position (and with the
//! same offsets, so snippets highlight the whole word), e.g. `schuldhulpverlening` →
//! `schuldhulpverlening`, `schuld`, `hulp`, `verlening`; after stemming a search for `schulden`
//! (stem `schuld`) finds it, and `ouderenzorg` → `ouderenzorg`, `ouderen`, `zorg` meets
//! "zorg voor ouderen".
use crate::dict;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the analyzer is registered with the index.
pub const DUTCH: &str = "nl";

/// Tokens longer than this (in bytes) are dropped (base64 junk, URLs).
const MAX_TOKEN_LEN: usize = 48;
/// Only words at least this long are candidates for splitting.
const MIN_COMPOUND_LEN: usize = 7;
/// Shortest part (the only two-letter part is the prefix "re").
const MIN_PART_LEN: usize = 2;

/// The full Dutch analyzer.
pub fn dutch_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(dutch_stop_words())
        .filter(Decompounder::shared())
        .filter(DutchStemmer)
        .build()
}

/// [`dutch_analyzer`] without its last step: the words (and compound parts) before stemming, so
/// a caller can stem them itself and still show a stem as a word a person wrote
/// (`crate::cluster` labels). Keep the two chains equal up to the stemmer.
pub(crate) fn unstemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(dutch_stop_words())
        .filter(Decompounder::shared())
        .build()
}

fn dutch_stop_words() -> StopWordFilter {
    StopWordFilter::new(Language::Dutch).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

/// The stemmer [`DutchStemmer`] uses; pass it to [`stem_with`].
pub(crate) fn new_stemmer() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::DutchPorter)
}

/// Stems that Snowball gets wrong for this domain: (word, stem).
const STEM_OVERRIDES: &[(&str, &str)] = &[("ouderen", "ouderen"), ("oudere", "ouderen")];

/// Stems one word (lower case, folded) like the analyzer does.
pub fn stem_word(word: &str) -> String {
    stem_with(&new_stemmer(), word)
}

/// Stems one word (lower case, folded) with a stemmer from [`new_stemmer`].
pub(crate) fn stem_with(stemmer: &frostem::Stemmer, word: &str) -> String {
    match STEM_OVERRIDES.iter().find(|(w, _)| *w == word) {
        Some((_, s)) => (*s).to_owned(),
        None => {
            // Dutch f/v and s/z alternation: brief / brieven, huis / huizen. No native Dutch word
            // ends in v or z, so stems ending in one are mapped to the singular spelling.
            let mut stem = stemmer.stem(word).into_owned();
            if stem.len() > 3 {
                if stem.ends_with('v') {
                    stem.pop();
                    stem.push('f');
                } else if stem.ends_with('z') {
                    stem.pop();
                    stem.push('s');
                }
            }
            stem
        }
    }
}

/// Snowball Dutch (Porter) stemming with [`STEM_OVERRIDES`].
#[derive(Clone, Copy)]
pub struct DutchStemmer;

impl TokenFilter for DutchStemmer {
    type Tokenizer<T: Tokenizer> = DutchStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DutchStemmerFilter<T> {
        DutchStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct DutchStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DutchStemmerFilter<T> {
    type TokenStream<'a> = DutchStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DutchStemmerStream { stemmer: new_stemmer(), tail: self.inner.token_stream(text) }
    }
}

pub struct DutchStemmerStream<T> {
    stemmer: frostem::Stemmer,
    tail: T,
}

impl<T: TokenStream> TokenStream for DutchStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = stem_with(&self.stemmer, &token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Tokens of `text` as the index sees them: `(position, term)`, parts after their whole word.
pub fn analyze(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = dutch_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// Splits compounds with a curated dictionary of social-domain word parts. Greedy longest match
/// first with backtracking; linking morphemes (-s-, -e-, -en-) are allowed between parts, an
/// inflection ending after the last one; every part must be in the dictionary. A word that is a
/// dictionary entry itself (or one plus an inflection ending) stays whole.
#[derive(Clone)]
pub struct Decompounder {
    inner: Arc<Dictionary>,
}

struct Dictionary {
    parts: HashSet<&'static str>,
    atomic: HashSet<&'static str>,
}

impl Dictionary {
    fn is_part(&self, s: &str) -> bool {
        s.len() >= MIN_PART_LEN && self.parts.contains(s)
    }

    /// A known word: an entry, or an entry plus an inflection ending.
    fn is_word(&self, s: &str) -> bool {
        self.parts.contains(s)
            || self.atomic.contains(s)
            || dict::TAIL_SUFFIXES.iter().any(|suf| {
                s.strip_suffix(suf)
                    .is_some_and(|stem| stem.len() >= 3 && (self.parts.contains(stem) || self.atomic.contains(stem)))
            })
    }

    fn segment(&self, w: &str, start: usize, parts: &mut Vec<Range<usize>>) -> bool {
        let rest = &w[start..];
        if start > 0 && rest.len() >= 3 && self.is_word(rest) {
            parts.push(start..w.len());
            return true;
        }
        // Leave at least three bytes for the next part.
        let max_end = w.len().saturating_sub(3);
        let mut end = max_end;
        while end >= start + MIN_PART_LEN {
            if w.is_char_boundary(end) && self.is_part(&w[start..end]) {
                for link in std::iter::once("").chain(dict::LINKERS.iter().copied()) {
                    let next = end + link.len();
                    if w[end..].starts_with(link) && next <= max_end {
                        parts.push(start..end);
                        if self.segment(w, next, parts) {
                            return true;
                        }
                        parts.pop();
                    }
                }
            }
            end -= 1;
        }
        false
    }
}

impl Decompounder {
    /// The process-wide decompounder over the built-in dictionary.
    pub fn shared() -> Decompounder {
        static SHARED: OnceLock<Arc<Dictionary>> = OnceLock::new();
        let inner = SHARED
            .get_or_init(|| {
                Arc::new(Dictionary {
                    parts: dict::PARTS.iter().copied().collect(),
                    atomic: dict::ATOMIC.iter().copied().collect(),
                })
            })
            .clone();
        Decompounder { inner }
    }

    /// The parts of a (lower-case, folded) word, or `None` when it is not a compound.
    pub fn split<'w>(&self, word: &'w str) -> Option<Vec<&'w str>> {
        self.split_ranges(word).map(|ranges| ranges.into_iter().map(|r| &word[r]).collect())
    }

    fn split_ranges(&self, word: &str) -> Option<Vec<Range<usize>>> {
        if word.len() < MIN_COMPOUND_LEN || self.inner.is_word(word) {
            return None;
        }
        let mut parts = Vec::new();
        (self.inner.segment(word, 0, &mut parts) && parts.len() >= 2).then_some(parts)
    }
}

impl TokenFilter for Decompounder {
    type Tokenizer<T: Tokenizer> = DecompoundFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DecompoundFilter<T> {
        DecompoundFilter { dict: self, inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct DecompoundFilter<T> {
    dict: Decompounder,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DecompoundFilter<T> {
    type TokenStream<'a> = DecompoundStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DecompoundStream {
            dict: self.dict.clone(),
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
            current: None,
        }
    }
}

pub struct DecompoundStream<T> {
    dict: Decompounder,
    tail: T,
    /// Parts still to emit, in reverse order.
    pending: Vec<Token>,
    /// The part being emitted (when not emitting `tail.token()`).
    current: Option<Token>,
}

impl<T: TokenStream> TokenStream for DecompoundStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(part) = self.pending.pop() {
            self.current = Some(part);
            return true;
        }
        self.current = None;
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        if let Some(ranges) = self.dict.split_ranges(&token.text) {
            for r in ranges.into_iter().rev() {
                self.pending.push(Token { text: token.text[r].to_owned(), ..token.clone() });
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.current.as_ref().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.current.as_mut() {
            Some(t) => t,
            None => self.tail.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|(_, t)| t).collect()
    }

    fn stem(word: &str) -> String {
        terms(word).into_iter().next().expect("a token")
    }

    #[test]
    fn stemming_joins_inflections() {
        assert_eq!(stem("mantelzorger"), stem("mantelzorgers"));
        assert_eq!(stem("schuld"), stem("schulden"));
        assert_eq!(stem("leerkring"), stem("leerkringen"));
        assert_eq!(stem("burgerinitiatief"), stem("burgerinitiatieven"));
    }

    #[test]
    fn folding_and_case() {
        assert_eq!(terms("Cliënten"), terms("clienten"));
        assert_eq!(terms("coördinator"), terms("Coordinator"));
        assert_eq!(terms("reïntegratie"), terms("reintegratie"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(terms("de zorg voor het kind"), terms("zorg kind"));
    }

    #[test]
    fn compounds_are_split_and_kept_whole() {
        let d = Decompounder::shared();
        assert_eq!(d.split("schuldhulpverlening"), Some(vec!["schuld", "hulp", "verlening"]));
        assert_eq!(d.split("ouderenzorg"), Some(vec!["ouderen", "zorg"]));
        assert_eq!(d.split("vrijwilligerswerk"), Some(vec!["vrijwilligers", "werk"]));
        assert_eq!(d.split("buurtteams"), Some(vec!["buurt", "teams"]));
        assert_eq!(d.split("gokschulden"), Some(vec!["gok", "schulden"]));
        assert_eq!(d.split("mantelzorgondersteuning"), Some(vec!["mantelzorg", "ondersteuning"]));
        assert_eq!(d.split("multiproblematiek"), Some(vec!["multi", "problematiek"]));
        assert_eq!(d.split("eenzaamheidsaanpak"), Some(vec!["eenzaamheid", "aanpak"]));
        // Whole words and protected compounds stay whole; junk is not split.
        assert_eq!(d.split("mantelzorg"), None);
        assert_eq!(d.split("mantelzorgers"), None);
        assert_eq!(d.split("schuldgevoel"), None);
        assert_eq!(d.split("vertrouwenspersoon"), None);
        assert_eq!(d.split("armoede"), None);
        assert_eq!(d.split("zorgvuldig"), None);
        assert_eq!(d.split("werkelijkheid"), None);
    }

    #[test]
    fn the_analyzer_emits_whole_and_parts_at_one_position() {
        let tokens = analyze("schuldhulpverlening helpt");
        let at0: Vec<&str> = tokens.iter().filter(|(p, _)| *p == 0).map(|(_, t)| t.as_str()).collect();
        assert_eq!(at0.len(), 4, "{tokens:?}");
        assert!(at0.contains(&stem("schulden").as_str()), "{tokens:?}");
        assert!(at0.contains(&stem("hulp").as_str()), "{tokens:?}");
        assert!(tokens.iter().any(|(p, _)| *p == 1));
        let ouderenzorg = terms("ouderenzorg");
        for t in terms("zorg voor ouderen") {
            assert!(ouderenzorg.contains(&t), "{t} in {ouderenzorg:?}");
        }
    }
}
