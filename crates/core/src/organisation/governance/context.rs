//! The facts indexed for the rules, and the helpers that write their Dutch sentences.
use super::*;
use broedplaats_domain::{OrganisationKind, Role};
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/// Messages stay readable in a list: at most this many characters.
pub(super) const MAX_MESSAGE_CHARS: usize = 600;

/// Names listed in one enumeration before "en N andere".
pub(super) const MAX_NAMES: usize = 5;

/// Upper bound on the months rule 5 looks back, whatever the settings say (keeps evaluation cheap).
pub(super) const MAX_MONTHS_CHECKED: u32 = 1200;

pub(super) const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The facts indexed once, and the subsets the rules share.
pub(super) struct Context<'a> {
    pub(super) facts: &'a Facts,
    pub(super) organisations: HashMap<i64, &'a OrganisationFact>,
    pub(super) people: HashMap<i64, &'a PersonFact>,
    pub(super) hogescholen: Vec<&'a OrganisationFact>,
    pub(super) main_themes: Vec<&'a ThemeFact>,
    /// Theme groups whose theme is on the current agenda.
    pub(super) groups: Vec<&'a ThemeGroupFact>,
    /// Projects whose theme is on the current agenda and that are not stopped.
    pub(super) projects: Vec<&'a ProjectFact>,
    /// Distinct themaleiders of the counted groups, in group order.
    pub(super) theme_leads: Vec<i64>,
}

impl<'a> Context<'a> {
    pub(super) fn new(facts: &'a Facts) -> Self {
        let theme_ids: HashSet<i64> = facts.themes.iter().map(|t| t.id).collect();
        let groups: Vec<_> = facts.theme_groups.iter().filter(|g| theme_ids.contains(&g.theme_id)).collect();
        let mut theme_leads = Vec::new();
        for lead in groups.iter().filter_map(|g| g.lead_person_id) {
            if !theme_leads.contains(&lead) {
                theme_leads.push(lead);
            }
        }
        Self {
            facts,
            organisations: facts.organisations.iter().map(|o| (o.id, o)).collect(),
            people: facts.people.iter().map(|p| (p.id, p)).collect(),
            hogescholen: facts.organisations.iter().filter(|o| o.kind == OrganisationKind::Hogeschool).collect(),
            main_themes: facts.themes.iter().filter(|t| !t.separately_funded).collect(),
            projects: facts
                .projects
                .iter()
                .filter(|p| theme_ids.contains(&p.theme_id) && p.status != ProjectStatus::Gestopt)
                .collect(),
            groups,
            theme_leads,
        }
    }

    pub(super) fn person_name(&self, id: i64) -> String {
        self.people.get(&id).map_or_else(|| format!("persoon #{id}"), |p| p.name.clone())
    }

    pub(super) fn organisation_name(&self, id: i64) -> String {
        self.organisations.get(&id).map_or_else(|| format!("organisatie #{id}"), |o| o.name.clone())
    }

    pub(super) fn has_function(&self, id: i64, role: Role) -> bool {
        self.people.get(&id).is_some_and(|p| p.functions.contains(&role))
    }

    pub(super) fn people_with(&self, role: Role) -> Vec<&'a PersonFact> {
        self.facts.people.iter().filter(|p| p.functions.contains(&role)).collect()
    }

    pub(super) fn person(&self, id: i64) -> Subject {
        subject("person", id, self.person_name(id))
    }

    pub(super) fn organisation(&self, id: i64) -> Subject {
        subject("organisation", id, self.organisation_name(id))
    }
}

pub(super) fn subject(kind: &str, id: i64, name: impl Into<String>) -> Subject {
    Subject { kind: kind.to_owned(), id, name: name.into() }
}

pub(super) fn group_subject(g: &ThemeGroupFact) -> Subject {
    subject("theme_group", g.id, g.name.clone())
}

pub(super) fn body_subject(body: &BodyFact, name: &str) -> Subject {
    subject("body", body.id, name)
}

/// What one rule found: sentences for the message and the entities concerned.
#[derive(Default)]
pub(super) struct Findings {
    pub(super) sentences: Vec<String>,
    pub(super) subjects: Vec<Subject>,
}

impl Findings {
    pub(super) fn say(&mut self, sentence: String) {
        self.sentences.push(sentence);
    }

    pub(super) fn about(&mut self, s: Subject) {
        if !self.subjects.iter().any(|t| t.kind == s.kind && t.id == s.id) {
            self.subjects.push(s);
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The check: `problem` if anything was found, otherwise ok with `ok_text`.
    pub(super) fn check(self, rule: &'static str, problem: CheckStatus, quote: &str, ok_text: &str) -> Check {
        if self.is_empty() {
            Check { rule, status: CheckStatus::Ok, message: compose(quote, &[ok_text.to_owned()]), subjects: vec![] }
        } else {
            self.check_as(rule, problem, quote)
        }
    }

    pub(super) fn check_as(self, rule: &'static str, status: CheckStatus, quote: &str) -> Check {
        let subjects = if status == CheckStatus::Ok { Vec::new() } else { self.subjects };
        Check { rule, status, message: compose(quote, &self.sentences), subjects }
    }
}

/// `quote` followed by as many sentences as fit in [`MAX_MESSAGE_CHARS`]; the rest is counted.
pub(super) fn compose(quote: &str, sentences: &[String]) -> String {
    const TAIL_RESERVE: usize = 40;
    let mut message = quote.to_owned();
    let mut shown = 0;
    for sentence in sentences {
        let len = message.chars().count() + 1 + sentence.chars().count();
        let last = shown + 1 == sentences.len();
        let limit = if last { MAX_MESSAGE_CHARS } else { MAX_MESSAGE_CHARS - TAIL_RESERVE };
        if shown > 0 && len > limit {
            break;
        }
        if !message.is_empty() {
            message.push(' ');
        }
        message.push_str(sentence);
        shown += 1;
    }
    let rest = sentences.len() - shown;
    if rest > 0 {
        message.push_str(&format!(" En nog {rest} {}.", if rest == 1 { "ander punt" } else { "andere punten" }));
    }
    truncate_chars(message, MAX_MESSAGE_CHARS)
}

pub(super) fn truncate_chars(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// "A", "A en B", "A, B en C", … "A, B, C, D, E en 3 andere".
pub(super) fn list<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_owned(),
        n if n <= MAX_NAMES => format!("{} en {}", names[..n - 1].join(", "), names[n - 1]),
        n => format!("{} en {} andere", names[..MAX_NAMES].join(", "), n - MAX_NAMES),
    }
}

/// ‘name’, the way titles of themes and theme groups are quoted.
pub(super) fn titled(name: &str) -> String {
    format!("‘{name}’")
}

/// "Themagroep … heeft" or "Themagroepen … hebben".
pub(super) fn groups_verb(n: usize) -> (&'static str, &'static str) {
    if n == 1 { ("Themagroep", "heeft") } else { ("Themagroepen", "hebben") }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Days with a decimal comma: 1 → "1", 0.5 → "0,5", 1.25 → "1,25".
pub(super) fn days(d: f64) -> String {
    let s = format!("{d:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

pub(super) fn days_per_week(d: f64) -> String {
    format!("{} {} per week", days(d), if d > 1.0 { "dagen" } else { "dag" })
}

pub(super) fn month_name(year: i32, month: u32) -> String {
    let name = MONTHS_NL.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
    format!("{name} {year}")
}

/// The `n` complete calendar months before `today`, oldest first.
pub(super) fn complete_months_before(today: NaiveDate, n: u32) -> Vec<(i32, u32)> {
    let (mut year, mut month) = (today.year(), today.month());
    let mut months = Vec::new();
    for _ in 0..n.min(MAX_MONTHS_CHECKED) {
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
        months.push((year, month));
    }
    months.reverse();
    months
}
