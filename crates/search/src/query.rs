//! From user text to a tantivy query.
//!
//! The text is analyzed like the documents. Each query word becomes a *group*: its stem (in
//! title, summary, body and attachments, with field boosts), or — for a compound — all of its
//! parts, or — for a word the index does not know — fuzzy alternatives (Levenshtein automaton on
//! the stem, and stems of one-edit corrections that do occur), with a lower boost so exact
//! matches rank first. Groups are combined conjunctively; when that finds too few docs, the
//! disjunction is used, with the conjunction as a bonus so docs with all words rank first.
use crate::Fields;
use crate::analysis::{self, DUTCH};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::Searcher;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};

/// Field boosts: title, summary, body, attachments.
pub(crate) const TITLE_BOOST: f32 = 3.0;
pub(crate) const SUMMARY_BOOST: f32 = 2.0;
pub(crate) const BODY_BOOST: f32 = 1.0;
pub(crate) const ATTACHMENTS_BOOST: f32 = 0.7;
/// Weight of compound parts relative to the whole word (also in `crate::cluster`).
pub(crate) const PART_WEIGHT: f32 = 0.6;
/// Weight of fuzzy alternatives relative to an exact match.
const FUZZY_WEIGHT: f32 = 0.5;
/// Bonus for docs that contain every group, in the disjunctive fallback.
const ALL_WORDS_BONUS: f32 = 1.0;
/// Below this many conjunctive hits, the disjunctive query is used.
pub(crate) const CONJUNCTIVE_MIN_HITS: u64 = 10;
/// A compound is also searched as the conjunction of its parts ("zorg voor ouderen" for
/// ouderenzorg) only while the compound itself occurs in fewer docs than this: a frequent
/// compound has plenty of direct hits, and the conjunction of two frequent parts (jongeren ∧
/// werk) matches a large part of a big index, which costs latency and adds mostly noise.
const PARTS_MAX_WHOLE_DF: u64 = 100;
/// At most this many one-edit corrections per unknown word.
const MAX_CORRECTIONS: usize = 3;

#[derive(Debug, Clone)]
struct Group {
    whole: String,
    parts: Vec<String>,
    /// Folded, unstemmed surface form (for corrections).
    surface: String,
    /// Fuzzy alternatives: `(term, distance)` automata and corrected terms.
    fuzzy: Option<(u8, Vec<String>)>,
}

pub(crate) struct TextQuery {
    groups: Vec<Group>,
    fields: [(Field, f32); 4],
    fuzzy_fields: [(Field, f32); 3],
}

fn surface_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// All strings one edit (insertion, deletion, substitution, transposition) away from `w`.
fn one_edit(w: &str) -> BTreeSet<String> {
    let chars: Vec<char> = w.chars().collect();
    let mut out = BTreeSet::new();
    let alphabet = "abcdefghijklmnopqrstuvwxyz";
    for i in 0..=chars.len() {
        for c in alphabet.chars() {
            let mut v = chars.clone();
            v.insert(i, c);
            out.insert(v.into_iter().collect());
        }
        if i < chars.len() {
            let mut v = chars.clone();
            v.remove(i);
            out.insert(v.into_iter().collect());
            for c in alphabet.chars() {
                let mut v = chars.clone();
                v[i] = c;
                out.insert(v.into_iter().collect());
            }
            if i + 1 < chars.len() {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                out.insert(v.into_iter().collect());
            }
        }
    }
    out.remove(w);
    out
}

impl TextQuery {
    /// `None` when the text has no searchable word.
    pub(crate) fn build(searcher: &Searcher, f: &Fields, text: &str) -> Option<TextQuery> {
        let fields = [
            (f.title, TITLE_BOOST),
            (f.summary, SUMMARY_BOOST),
            (f.body, BODY_BOOST),
            (f.attachments, ATTACHMENTS_BOOST),
        ];
        let fuzzy_fields = [(f.title, TITLE_BOOST), (f.summary, SUMMARY_BOOST), (f.body, BODY_BOOST)];
        let mut analyzer = searcher.index().tokenizers().get(DUTCH).unwrap_or_else(analysis::dutch_analyzer);
        // Surface forms by byte offset.
        let mut surfaces = BTreeMap::new();
        let mut sa = surface_analyzer();
        let mut ss = sa.token_stream(text);
        while let Some(t) = ss.next() {
            surfaces.insert(t.offset_from, t.text.clone());
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut last_pos = None;
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            if last_pos == Some(t.position) {
                if let Some(g) = groups.last_mut()
                    && !g.parts.contains(&t.text)
                    && g.whole != t.text
                {
                    g.parts.push(t.text.clone());
                }
            } else {
                last_pos = Some(t.position);
                let surface = surfaces.get(&t.offset_from).cloned().unwrap_or_else(|| t.text.clone());
                groups.push(Group { whole: t.text.clone(), parts: Vec::new(), surface, fuzzy: None });
            }
        }
        // The same word twice counts once.
        let mut seen = BTreeSet::new();
        groups.retain(|g| seen.insert(g.whole.clone()));
        if groups.is_empty() {
            return None;
        }
        let df = |term: &str, fields: &[(Field, f32)]| -> u64 {
            fields.iter().map(|(field, _)| searcher.doc_freq(&Term::from_field_text(*field, term)).unwrap_or(0)).sum()
        };
        for g in &mut groups {
            let whole_df = df(&g.whole, &fields);
            if whole_df >= PARTS_MAX_WHOLE_DF {
                g.parts.clear();
            }
            if g.parts.is_empty() && whole_df == 0 {
                let len = g.surface.chars().count();
                let distance = match len {
                    0..5 => 0,
                    5..9 => 1,
                    _ => 2,
                };
                if distance == 0 {
                    continue;
                }
                let mut corrections: Vec<(u64, String)> = one_edit(&g.surface)
                    .into_iter()
                    .map(|v| analysis::stem_word(&v))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .filter(|s| *s != g.whole)
                    .map(|s| (df(&s, &fuzzy_fields), s))
                    .filter(|(n, _)| *n > 0)
                    .collect();
                corrections.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                corrections.truncate(MAX_CORRECTIONS);
                g.fuzzy = Some((distance, corrections.into_iter().map(|(_, s)| s).collect()));
            }
        }
        Some(TextQuery { groups, fields, fuzzy_fields })
    }

    pub(crate) fn groups(&self) -> usize {
        self.groups.len()
    }

    fn term_in_fields(&self, term: &str, weight: f32) -> Box<dyn Query> {
        let clauses = self
            .fields
            .iter()
            .map(|(field, boost)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs)),
                    boost * weight,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn group_query(&self, g: &Group) -> Box<dyn Query> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, self.term_in_fields(&g.whole, 1.0))];
        if !g.parts.is_empty() {
            let all_parts: Vec<(Occur, Box<dyn Query>)> =
                g.parts.iter().map(|p| (Occur::Must, self.term_in_fields(p, PART_WEIGHT))).collect();
            alternatives.push((Occur::Should, Box::new(BooleanQuery::new(all_parts))));
        }
        if let Some((distance, corrections)) = &g.fuzzy {
            for (field, boost) in &self.fuzzy_fields {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(*field, &g.whole), *distance, true);
                alternatives.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), boost * FUZZY_WEIGHT))));
            }
            for c in corrections {
                alternatives.push((Occur::Should, self.term_in_fields(c, FUZZY_WEIGHT)));
            }
        }
        if alternatives.len() == 1
            && let Some((_, q)) = alternatives.pop()
        {
            return q;
        }
        Box::new(BooleanQuery::new(alternatives))
    }

    /// Every group must match.
    pub(crate) fn conjunctive(&self) -> Box<dyn Query> {
        if self.groups.len() == 1 {
            return self.group_query(&self.groups[0]);
        }
        Box::new(BooleanQuery::new(self.groups.iter().map(|g| (Occur::Must, self.group_query(g))).collect()))
    }

    /// At least one group must match; docs with all groups get a bonus.
    pub(crate) fn disjunctive(&self) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.groups.iter().map(|g| (Occur::Should, self.group_query(g))).collect();
        if self.groups.len() > 1 {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(self.conjunctive(), ALL_WORDS_BONUS))));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_variants() {
        let v = one_edit("ab");
        assert!(v.contains("ba"));
        assert!(v.contains("a"));
        assert!(v.contains("abc"));
        assert!(v.contains("xb"));
        assert!(!v.contains("ab"));
    }
}
