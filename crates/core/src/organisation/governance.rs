//! Governance checks (DOMAIN §3, §9): the werkplaats's own rules from chapter 4 of the ZHZ agenda,
//! evaluated live. [`evaluate`] is a pure function of [`Facts`] and [`Settings`]: the use case
//! loads the facts in a fixed number of queries, so evaluation cost does not grow with round trips.
use broedplaats_domain::{OrganisationKind, Role};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// Size of a project (DOMAIN §3: "van groot en langdurig tot klein en eenmalig").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSize {
    Groot,
    Middel,
    Klein,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Idee,
    InVoorbereiding,
    Lopend,
    Afgerond,
    Gestopt,
}

#[derive(Debug, Clone)]
pub struct OrganisationFact {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
}

#[derive(Debug, Clone)]
pub struct PersonFact {
    pub id: i64,
    pub name: String,
    pub organisation_id: Option<i64>,
    /// What the person does in the werkplaats (lector, teacher-researcher, programme-coordinator…).
    pub functions: Vec<Role>,
    /// Manager or director (leidinggevende/bestuurder) at their organisation.
    pub is_manager: bool,
    /// Days a week given to the werkplaats, if recorded.
    pub days_per_week: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ThemeFact {
    pub id: i64,
    pub title: String,
    /// Funded outside the core grant (e.g. "Thuiswonende ouderen"); not counted as a main theme.
    pub separately_funded: bool,
}

#[derive(Debug, Clone)]
pub struct ThemeGroupFact {
    pub id: i64,
    pub theme_id: i64,
    /// Display name: the theme's title.
    pub name: String,
    /// The themaleider.
    pub lead_person_id: Option<i64>,
    /// Partner organisations of the group.
    pub organisation_ids: Vec<i64>,
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct ProjectFact {
    pub id: i64,
    pub title: String,
    pub theme_id: i64,
    pub size: ProjectSize,
    pub status: ProjectStatus,
    pub organisation_ids: Vec<i64>,
    pub person_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct LetterFact {
    pub id: i64,
    pub organisation_id: i64,
    /// The manager/director who represents the partner in the consortium.
    pub representative_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct BodyFact {
    pub id: i64,
    pub member_ids: Vec<i64>,
    pub meetings: Vec<NaiveDate>,
}

/// Everything the rules look at, for one werkplaats and its current period.
#[derive(Debug, Clone)]
pub struct Facts {
    pub today: NaiveDate,
    pub organisations: Vec<OrganisationFact>,
    pub people: Vec<PersonFact>,
    /// Themes of the current agenda.
    pub themes: Vec<ThemeFact>,
    pub theme_groups: Vec<ThemeGroupFact>,
    pub projects: Vec<ProjectFact>,
    pub letters: Vec<LetterFact>,
    pub mt: Option<BodyFact>,
    pub consortium: Option<BodyFact>,
    /// Knowledge-sharing activities per theme group id, once activities are recorded at all;
    /// `None` while the werkplaats has no activity records (rule 8 is then not assessable).
    pub knowledge_sharing_per_group: Option<std::collections::HashMap<i64, u32>>,
}

/// Thresholds; a werkplaats may have other agreements. Defaults are the ZHZ ones (chapter 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Settings {
    /// Partners in a theme group besides the hogescholen ("de hogescholen plus minstens twee").
    pub theme_group_min_other_partners: u32,
    /// Minimum days a week of a docent-onderzoeker ("minimaal één dag in de week").
    pub teacher_researcher_min_days: f64,
    /// The MT must have met in each of this many complete calendar months before today.
    pub mt_months_checked: u32,
    /// Main themes on the agenda ("3 of 4 is haalbaar").
    pub min_main_themes: u32,
    pub max_main_themes: u32,
    /// Lectoren leading the werkplaats ("geleid door twee lectoren").
    pub lectoren: u32,
    /// A partner takes part in at least this many large projects, or `min_small_projects` smaller ones.
    pub min_large_projects: u32,
    pub min_small_projects: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme_group_min_other_partners: 2,
            teacher_researcher_min_days: 1.0,
            mt_months_checked: 3,
            min_main_themes: 3,
            max_main_themes: 4,
            lectoren: 2,
            min_large_projects: 1,
            min_small_projects: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Warning,
    Violation,
    NotAssessable,
}

/// An entity a check is about, with enough to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Subject {
    /// `organisation`, `person`, `theme_group`, `project`, `letter_of_intent`, `body`, `theme`, `agenda`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Check {
    /// Stable rule id, e.g. `theme_group_min_partners`.
    pub rule: &'static str,
    pub status: CheckStatus,
    /// Plain Dutch: what the rule says (quoted from the agenda) and what is wrong, if anything.
    pub message: String,
    pub subjects: Vec<Subject>,
}

/// The stable ids of the rules, in the order they are reported.
pub const RULES: [&str; 9] = [
    "theme_group_min_partners",
    "theme_group_lead",
    "hogeschool_theme_lead",
    "teacher_researcher_time",
    "mt_composition_and_meetings",
    "letter_of_intent_commitments",
    "agenda_theme_count",
    "theme_group_knowledge_sharing",
    "two_lectoren",
];

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/// Messages stay readable in a list: at most this many characters.
const MAX_MESSAGE_CHARS: usize = 600;
/// Names listed in one enumeration before "en N andere".
const MAX_NAMES: usize = 5;
/// Upper bound on the months rule 5 looks back, whatever the settings say (keeps evaluation cheap).
const MAX_MONTHS_CHECKED: u32 = 1200;

const MONTHS_NL: [&str; 12] = [
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

// Short quotes from chapter 4 "Organisatie werkplaats" of the ZHZ agenda.
const Q_PARTNERS: &str =
    "“De themagroepen bestaan uit minimaal drie partners (de hogescholen plus minstens twee andere partners).”";
const Q_LEAD: &str = "“Een van de docent-onderzoekers is themaleider en coördineert de themagroep.”";
const Q_HOGESCHOOL_LEAD: &str = "“In ieder geval één docent-onderzoeker per hogeschool heeft binnen een thema een \
     coördinerend rol (themaleider)” en “De themaleiders, van elke hogeschool minstens één, nemen deel aan het \
     managementteam”.";
const Q_TIME: &str =
    "“Vanuit beide hogescholen werken docent-onderzoekers minimaal één dag in de week voor de werkplaats.”";
const Q_MT: &str =
    "“Het MT bestaat uit lectoren, programmacoördinator, themaleiders.” en “Zij hebben minimaal maandelijks overleg”.";
const Q_LETTERS: &str = "“De deelnemende partners committeren zich aan de werkplaats door middel van een \
     intentieovereenkomst.”";
const Q_THEMES: &str = "“Op de kennisagenda staat een beperkt aantal hoofdthema's (3 of 4 is haalbaar).”";
const Q_SHARING: &str = "“In ieder geval organiseren de themagroepen kennisdelingsactiviteiten gericht op \
     doorwerking in de deelnemende organisaties.”";
const Q_LECTOREN: &str = "“De werkplaats wordt geleid door twee lectoren.”";

/// Evaluates every rule in [`RULES`] against the facts: exactly one [`Check`] per rule, in order.
///
/// Only theme groups and projects whose theme is on the current agenda count, and stopped
/// (`Gestopt`) projects never count.
pub fn evaluate(facts: &Facts, settings: &Settings) -> Vec<Check> {
    let cx = Context::new(facts);
    vec![
        theme_group_min_partners(&cx, settings),
        theme_group_lead(&cx),
        hogeschool_theme_lead(&cx),
        teacher_researcher_time(&cx, settings),
        mt_composition_and_meetings(&cx, settings),
        letter_of_intent_commitments(&cx, settings),
        agenda_theme_count(&cx, settings),
        theme_group_knowledge_sharing(&cx),
        two_lectoren(&cx, settings),
    ]
}

/// The facts indexed once, and the subsets the rules share.
struct Context<'a> {
    facts: &'a Facts,
    organisations: HashMap<i64, &'a OrganisationFact>,
    people: HashMap<i64, &'a PersonFact>,
    hogescholen: Vec<&'a OrganisationFact>,
    main_themes: Vec<&'a ThemeFact>,
    /// Theme groups whose theme is on the current agenda.
    groups: Vec<&'a ThemeGroupFact>,
    /// Projects whose theme is on the current agenda and that are not stopped.
    projects: Vec<&'a ProjectFact>,
    /// Distinct themaleiders of the counted groups, in group order.
    theme_leads: Vec<i64>,
}

impl<'a> Context<'a> {
    fn new(facts: &'a Facts) -> Self {
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

    fn person_name(&self, id: i64) -> String {
        self.people.get(&id).map_or_else(|| format!("persoon #{id}"), |p| p.name.clone())
    }

    fn organisation_name(&self, id: i64) -> String {
        self.organisations.get(&id).map_or_else(|| format!("organisatie #{id}"), |o| o.name.clone())
    }

    fn has_function(&self, id: i64, role: Role) -> bool {
        self.people.get(&id).is_some_and(|p| p.functions.contains(&role))
    }

    fn people_with(&self, role: Role) -> Vec<&'a PersonFact> {
        self.facts.people.iter().filter(|p| p.functions.contains(&role)).collect()
    }

    fn person(&self, id: i64) -> Subject {
        subject("person", id, self.person_name(id))
    }

    fn organisation(&self, id: i64) -> Subject {
        subject("organisation", id, self.organisation_name(id))
    }
}

fn subject(kind: &str, id: i64, name: impl Into<String>) -> Subject {
    Subject { kind: kind.to_owned(), id, name: name.into() }
}

fn group_subject(g: &ThemeGroupFact) -> Subject {
    subject("theme_group", g.id, g.name.clone())
}

fn body_subject(body: &BodyFact, name: &str) -> Subject {
    subject("body", body.id, name)
}

/// What one rule found: sentences for the message and the entities concerned.
#[derive(Default)]
struct Findings {
    sentences: Vec<String>,
    subjects: Vec<Subject>,
}

impl Findings {
    fn say(&mut self, sentence: String) {
        self.sentences.push(sentence);
    }

    fn about(&mut self, s: Subject) {
        if !self.subjects.iter().any(|t| t.kind == s.kind && t.id == s.id) {
            self.subjects.push(s);
        }
    }

    fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The check: `problem` if anything was found, otherwise ok with `ok_text`.
    fn check(self, rule: &'static str, problem: CheckStatus, quote: &str, ok_text: &str) -> Check {
        if self.is_empty() {
            Check { rule, status: CheckStatus::Ok, message: compose(quote, &[ok_text.to_owned()]), subjects: vec![] }
        } else {
            self.check_as(rule, problem, quote)
        }
    }

    fn check_as(self, rule: &'static str, status: CheckStatus, quote: &str) -> Check {
        let subjects = if status == CheckStatus::Ok { Vec::new() } else { self.subjects };
        Check { rule, status, message: compose(quote, &self.sentences), subjects }
    }
}

/// `quote` followed by as many sentences as fit in [`MAX_MESSAGE_CHARS`]; the rest is counted.
fn compose(quote: &str, sentences: &[String]) -> String {
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

fn truncate_chars(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// "A", "A en B", "A, B en C", … "A, B, C, D, E en 3 andere".
fn list<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_owned(),
        n if n <= MAX_NAMES => format!("{} en {}", names[..n - 1].join(", "), names[n - 1]),
        n => format!("{} en {} andere", names[..MAX_NAMES].join(", "), n - MAX_NAMES),
    }
}

/// ‘name’, the way titles of themes and theme groups are quoted.
fn titled(name: &str) -> String {
    format!("‘{name}’")
}

/// "Themagroep … heeft" or "Themagroepen … hebben".
fn groups_verb(n: usize) -> (&'static str, &'static str) {
    if n == 1 { ("Themagroep", "heeft") } else { ("Themagroepen", "hebben") }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Days with a decimal comma: 1 → "1", 0.5 → "0,5", 1.25 → "1,25".
fn days(d: f64) -> String {
    let s = format!("{d:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

fn days_per_week(d: f64) -> String {
    format!("{} {} per week", days(d), if d > 1.0 { "dagen" } else { "dag" })
}

fn month_name(year: i32, month: u32) -> String {
    let name = MONTHS_NL.get(month.saturating_sub(1) as usize).copied().unwrap_or("?");
    format!("{name} {year}")
}

/// The `n` complete calendar months before `today`, oldest first.
fn complete_months_before(today: NaiveDate, n: u32) -> Vec<(i32, u32)> {
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

// --- rule 1 -----------------------------------------------------------------------------------

fn theme_group_min_partners(cx: &Context, settings: &Settings) -> Check {
    let mut f = Findings::default();
    let grouped: HashSet<i64> = cx.groups.iter().map(|g| g.theme_id).collect();
    let without: Vec<&&ThemeFact> = cx.main_themes.iter().filter(|t| !grouped.contains(&t.id)).collect();
    if !without.is_empty() {
        let names: Vec<String> = without.iter().map(|t| titled(&t.title)).collect();
        let lead = if cx.groups.is_empty() { "Er is nog geen enkele themagroep. " } else { "" };
        f.say(format!("{lead}Elk thema heeft een themagroep nodig; nog zonder themagroep: {}.", list(&names)));
        for t in without {
            f.about(subject("theme", t.id, t.title.clone()));
        }
    }

    let min_other = settings.theme_group_min_other_partners as usize;
    let hogeschool_names: Vec<String> = cx.hogescholen.iter().map(|h| h.name.clone()).collect();
    let need = if cx.hogescholen.is_empty() {
        format!(
            "nodig: de hogescholen (er is geen hogeschool geregistreerd) plus minstens {}",
            plural(min_other, "andere partner", "andere partners")
        )
    } else {
        format!(
            "nodig: de hogescholen ({}) plus minstens {}",
            list(&hogeschool_names),
            plural(min_other, "andere partner", "andere partners")
        )
    };
    for g in &cx.groups {
        let mut partners: Vec<i64> = Vec::new();
        for id in &g.organisation_ids {
            if !partners.contains(id) {
                partners.push(*id);
            }
        }
        let missing_h: Vec<&&OrganisationFact> = cx.hogescholen.iter().filter(|h| !partners.contains(&h.id)).collect();
        let others = partners.iter().filter(|id| !cx.hogescholen.iter().any(|h| h.id == **id)).count();
        let other_short = min_other.saturating_sub(others);
        let total_short = 3usize.saturating_sub(partners.len() + missing_h.len() + other_short);
        if missing_h.is_empty() && other_short == 0 && total_short == 0 {
            continue;
        }
        let mut parts: Vec<String> = missing_h.iter().map(|h| h.name.clone()).collect();
        if other_short > 0 {
            parts.push(format!("nog {}", plural(other_short, "andere partner", "andere partners")));
        }
        if total_short > 0 {
            parts.push(format!("nog {} om aan minimaal drie te komen", plural(total_short, "partner", "partners")));
        }
        f.say(format!(
            "Themagroep {} heeft {}; {need}. Ontbreekt: {}.",
            titled(&g.name),
            plural(partners.len(), "partner", "partners"),
            list(&parts)
        ));
        f.about(group_subject(g));
        for h in missing_h {
            f.about(cx.organisation(h.id));
        }
    }
    let ok = if cx.groups.is_empty() {
        "In orde: er zijn geen hoofdthema's die een themagroep nodig hebben.".to_owned()
    } else {
        format!(
            "In orde: elk hoofdthema heeft een themagroep en {} de hogescholen plus minstens {}.",
            if cx.groups.len() == 1 {
                "de themagroep heeft".to_owned()
            } else {
                format!("alle {} themagroepen hebben", cx.groups.len())
            },
            plural(min_other, "andere partner", "andere partners")
        )
    };
    f.check(RULES[0], CheckStatus::Violation, Q_PARTNERS, &ok)
}

// --- rule 2 -----------------------------------------------------------------------------------

fn theme_group_lead(cx: &Context) -> Check {
    let mut f = Findings::default();
    let mut no_lead = Vec::new();
    for g in &cx.groups {
        match g.lead_person_id {
            None => {
                no_lead.push(titled(&g.name));
                f.about(group_subject(g));
            }
            Some(lead) if !cx.has_function(lead, Role::TeacherResearcher) => {
                f.say(format!(
                    "Themaleider {} van themagroep {} is geen docent-onderzoeker.",
                    cx.person_name(lead),
                    titled(&g.name)
                ));
                f.about(group_subject(g));
                f.about(cx.person(lead));
            }
            Some(_) => {}
        }
    }
    if !no_lead.is_empty() {
        let (groups, verb) = groups_verb(no_lead.len());
        f.sentences.insert(0, format!("{groups} {} {verb} geen themaleider.", list(&no_lead)));
    }
    let ok = if cx.groups.is_empty() {
        "In orde: er zijn nog geen themagroepen."
    } else {
        "In orde: elke themagroep heeft een docent-onderzoeker als themaleider."
    };
    f.check(RULES[1], CheckStatus::Violation, Q_LEAD, ok)
}

// --- rule 3 -----------------------------------------------------------------------------------

fn hogeschool_theme_lead(cx: &Context) -> Check {
    let mut f = Findings::default();
    let mut without = Vec::new();
    for h in &cx.hogescholen {
        let leads = cx.theme_leads.iter().any(|id| {
            cx.people
                .get(id)
                .is_some_and(|p| p.organisation_id == Some(h.id) && p.functions.contains(&Role::TeacherResearcher))
        });
        if !leads {
            without.push(h.name.clone());
            f.about(cx.organisation(h.id));
        }
    }
    if !without.is_empty() {
        let verb = if without.len() == 1 { "heeft" } else { "hebben" };
        f.say(format!("{} {verb} geen docent-onderzoeker die themaleider is.", list(&without)));
    }

    let members: &[i64] = cx.facts.mt.as_ref().map_or(&[], |mt| &mt.member_ids);
    let outside: Vec<i64> = cx.theme_leads.iter().copied().filter(|id| !members.contains(id)).collect();
    if !outside.is_empty() {
        let names: Vec<String> = outside.iter().map(|id| cx.person_name(*id)).collect();
        match &cx.facts.mt {
            None => f.say(format!(
                "Er is geen managementteam vastgelegd, dus themaleiders {} zitten niet in het MT.",
                list(&names)
            )),
            Some(mt) => {
                let who = if names.len() == 1 { "themaleider" } else { "themaleiders" };
                f.say(format!("Niet in het MT: {who} {}.", list(&names)));
                f.about(body_subject(mt, "Managementteam"));
            }
        }
        for id in outside {
            f.about(cx.person(id));
        }
    }

    if cx.hogescholen.is_empty() {
        let status = if f.is_empty() { CheckStatus::Warning } else { CheckStatus::Violation };
        f.sentences.insert(0, "Er is geen hogeschool geregistreerd.".to_owned());
        return f.check_as(RULES[2], status, Q_HOGESCHOOL_LEAD);
    }
    f.check(
        RULES[2],
        CheckStatus::Violation,
        Q_HOGESCHOOL_LEAD,
        "In orde: elke hogeschool levert een themaleider en alle themaleiders zitten in het MT.",
    )
}

// --- rule 4 -----------------------------------------------------------------------------------

fn teacher_researcher_time(cx: &Context, settings: &Settings) -> Check {
    let researchers = cx.people_with(Role::TeacherResearcher);
    if researchers.is_empty() {
        let mut f = Findings::default();
        f.say("Er is nog geen docent-onderzoeker geregistreerd.".to_owned());
        return f.check_as(RULES[3], CheckStatus::Violation, Q_TIME);
    }
    let min = settings.teacher_researcher_min_days;
    let mut f = Findings::default();
    let mut below = Vec::new();
    let mut unknown = Vec::new();
    for p in &researchers {
        match p.days_per_week.filter(|d| d.is_finite()) {
            Some(d) if d < min => below.push((*p, d)),
            Some(_) => {}
            None => unknown.push(*p),
        }
    }
    if !below.is_empty() {
        let names: Vec<String> = below.iter().map(|(p, d)| format!("{} ({})", p.name, days_per_week(*d))).collect();
        f.say(format!("Minder dan {}: {}.", days_per_week(min), list(&names)));
        for (p, _) in &below {
            f.about(cx.person(p.id));
        }
    }
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|p| p.name.clone()).collect();
        f.say(format!("Niet vastgelegd hoeveel dagen per week: {}.", list(&names)));
        for p in &unknown {
            f.about(cx.person(p.id));
        }
    }
    let status = if !below.is_empty() {
        CheckStatus::Violation
    } else if !unknown.is_empty() {
        CheckStatus::Warning
    } else {
        CheckStatus::Ok
    };
    let ok = format!(
        "In orde: {} werkt minstens {}.",
        if researchers.len() == 1 {
            "de docent-onderzoeker".to_owned()
        } else {
            format!("elk van de {} docent-onderzoekers", researchers.len())
        },
        days_per_week(min)
    );
    if status == CheckStatus::Ok {
        f.check(RULES[3], status, Q_TIME, &ok)
    } else {
        f.check_as(RULES[3], status, Q_TIME)
    }
}

// --- rule 5 -----------------------------------------------------------------------------------

fn mt_composition_and_meetings(cx: &Context, settings: &Settings) -> Check {
    let mut f = Findings::default();
    let Some(mt) = &cx.facts.mt else {
        f.say("Er is geen managementteam vastgelegd.".to_owned());
        return f.check_as(RULES[4], CheckStatus::Violation, Q_MT);
    };

    // Who must be in the MT, with why, in a stable order.
    let mut required: Vec<(i64, Vec<&str>)> = Vec::new();
    let mut require = |id: i64, why: &'static str| match required.iter_mut().find(|(r, _)| *r == id) {
        Some((_, whys)) => whys.push(why),
        None => required.push((id, vec![why])),
    };
    for p in cx.people_with(Role::Lector) {
        require(p.id, "lector");
    }
    for p in cx.people_with(Role::ProgrammeCoordinator) {
        require(p.id, "programmacoördinator");
    }
    for id in &cx.theme_leads {
        require(*id, "themaleider");
    }
    let missing: Vec<&(i64, Vec<&str>)> = required.iter().filter(|(id, _)| !mt.member_ids.contains(id)).collect();
    if !missing.is_empty() {
        let names: Vec<String> =
            missing.iter().map(|(id, whys)| format!("{} ({})", cx.person_name(*id), whys.join(", "))).collect();
        f.say(format!("Niet in het MT: {}.", list(&names)));
        f.about(body_subject(mt, "Managementteam"));
        for (id, _) in missing {
            f.about(cx.person(*id));
        }
    }

    let months = complete_months_before(cx.facts.today, settings.mt_months_checked);
    let met: HashSet<(i32, u32)> = mt.meetings.iter().map(|d| (d.year(), d.month())).collect();
    let unmet: Vec<String> = months.iter().filter(|m| !met.contains(m)).map(|(y, m)| month_name(*y, *m)).collect();
    if !unmet.is_empty() {
        f.say(format!("Het MT kwam niet bijeen in {}.", list(&unmet)));
        f.about(body_subject(mt, "Managementteam"));
    }
    let ok = match (months.first(), months.last()) {
        (Some(first), Some(last)) if months.len() > 1 => format!(
            "In orde: het MT is compleet en kwam elke maand bijeen van {} tot en met {}.",
            month_name(first.0, first.1),
            month_name(last.0, last.1)
        ),
        (Some(only), _) => format!("In orde: het MT is compleet en kwam bijeen in {}.", month_name(only.0, only.1)),
        _ => "In orde: het MT is compleet.".to_owned(),
    };
    f.check(RULES[4], CheckStatus::Violation, Q_MT, &ok)
}

// --- rule 6 -----------------------------------------------------------------------------------

fn letter_of_intent_commitments(cx: &Context, settings: &Settings) -> Check {
    let mut f = Findings::default();
    if cx.facts.letters.is_empty() {
        f.say("Nog geen intentieovereenkomsten vastgelegd.".to_owned());
        return f.check_as(RULES[5], CheckStatus::Warning, Q_LETTERS);
    }
    let consortium: HashSet<i64> =
        cx.facts.consortium.as_ref().map_or_else(HashSet::new, |c| c.member_ids.iter().copied().collect());
    // Once for all letters: organisations with staff in a theme group, and per organisation the
    // (large, smaller) projects it takes part in, directly or through its staff.
    let org_of = |person: &i64| cx.people.get(person).and_then(|p| p.organisation_id);
    let orgs_in_groups: HashSet<i64> = cx.groups.iter().flat_map(|g| g.member_ids.iter().filter_map(org_of)).collect();
    let mut project_counts: HashMap<i64, (u32, u32)> = HashMap::new();
    for p in &cx.projects {
        let mut orgs: Vec<i64> =
            p.organisation_ids.iter().copied().chain(p.person_ids.iter().filter_map(org_of)).collect();
        orgs.sort_unstable();
        orgs.dedup();
        for o in orgs {
            let c = project_counts.entry(o).or_default();
            match p.size {
                ProjectSize::Groot => c.0 += 1,
                ProjectSize::Middel | ProjectSize::Klein => c.1 += 1,
            }
        }
    }
    for letter in &cx.facts.letters {
        let org = letter.organisation_id;
        let org_name = cx.organisation_name(org);
        let mut unmet = Vec::new();

        // (a) a manager/director in the consortium.
        let rep = letter.representative_id.map(|id| (id, cx.people.get(&id)));
        let a = match rep {
            None => Some("geen vertegenwoordiger (leidinggevende/bestuurder) vastgelegd".to_owned()),
            Some((id, None)) => Some(format!("vertegenwoordiger {} is onbekend", cx.person_name(id))),
            Some((_, Some(p))) if p.organisation_id.is_some_and(|o| o != org) => {
                Some(format!("vertegenwoordiger {} werkt niet bij deze organisatie", p.name))
            }
            Some((_, Some(p))) if !p.is_manager => {
                Some(format!("vertegenwoordiger {} is geen leidinggevende of bestuurder", p.name))
            }
            Some((_, Some(p))) if cx.facts.consortium.is_none() => {
                Some(format!("{} zit niet in het consortium (er is geen consortium vastgelegd)", p.name))
            }
            Some((_, Some(p))) if !consortium.contains(&p.id) => {
                Some(format!("vertegenwoordiger {} zit niet in het consortium", p.name))
            }
            Some(_) => None,
        };
        if let Some(a) = a {
            unmet.push(format!("(a) {a}"));
            if let Some((id, Some(_))) = rep {
                f.about(cx.person(id));
            }
        }

        // (b) staff think along in at least one theme group.
        if !orgs_in_groups.contains(&org) {
            unmet.push("(b) geen medewerker in een themagroep".to_owned());
        }

        // (c) at least one larger project or several smaller ones.
        let (large, small) = project_counts.get(&org).copied().unwrap_or_default();
        if large < settings.min_large_projects && small < settings.min_small_projects {
            unmet.push(format!(
                "(c) te weinig projecten: {large} groot en {small} middel/klein (nodig: {} groot of {} kleinere)",
                settings.min_large_projects, settings.min_small_projects
            ));
        }

        if !unmet.is_empty() {
            f.say(format!("{org_name}: {}.", unmet.join("; ")));
            f.about(subject("letter_of_intent", letter.id, format!("Intentieovereenkomst {org_name}")));
            f.about(cx.organisation(org));
        }
    }
    let ok = format!(
        "In orde: {} {} wat is toegezegd (leidinggevende in het consortium, meedenken in een themagroep, \
         deelname aan projecten).",
        if cx.facts.letters.len() == 1 {
            "de partner met een intentieovereenkomst".to_owned()
        } else {
            format!("alle {} partners met een intentieovereenkomst", cx.facts.letters.len())
        },
        if cx.facts.letters.len() == 1 { "doet" } else { "doen" }
    );
    f.check(RULES[5], CheckStatus::Warning, Q_LETTERS, &ok)
}

// --- rule 7 -----------------------------------------------------------------------------------

fn agenda_theme_count(cx: &Context, settings: &Settings) -> Check {
    let mut f = Findings::default();
    let n = cx.main_themes.len();
    let (min, max) = (settings.min_main_themes as usize, settings.max_main_themes as usize);
    let range = if min == max { format!("precies {min}") } else { format!("{min} tot en met {max}") };
    if n < min || n > max {
        f.say(format!(
            "De agenda heeft {}; afgesproken is {range} (apart gefinancierde thema's tellen niet mee).",
            plural(n, "hoofdthema", "hoofdthema's")
        ));
        for t in &cx.main_themes {
            f.about(subject("theme", t.id, t.title.clone()));
        }
    }
    let ok = format!("In orde: de agenda heeft {} (afgesproken: {range}).", plural(n, "hoofdthema", "hoofdthema's"));
    f.check(RULES[6], CheckStatus::Warning, Q_THEMES, &ok)
}

// --- rule 8 -----------------------------------------------------------------------------------

fn theme_group_knowledge_sharing(cx: &Context) -> Check {
    let Some(per_group) = &cx.facts.knowledge_sharing_per_group else {
        return Check {
            rule: RULES[7],
            status: CheckStatus::NotAssessable,
            message: compose(
                "Nog niet te beoordelen: er zijn nog geen kennisdelingsactiviteiten vastgelegd.",
                &[Q_SHARING.to_owned()],
            ),
            subjects: vec![],
        };
    };
    let mut f = Findings::default();
    let mut without = Vec::new();
    for g in &cx.groups {
        if per_group.get(&g.id).copied().unwrap_or(0) == 0 {
            without.push(titled(&g.name));
            f.about(group_subject(g));
        }
    }
    if !without.is_empty() {
        let (groups, verb) = groups_verb(without.len());
        f.say(format!("{groups} {} {verb} nog geen kennisdelingsactiviteit georganiseerd.", list(&without)));
    }
    let ok = if cx.groups.is_empty() {
        "In orde: er zijn nog geen themagroepen."
    } else {
        "In orde: elke themagroep heeft kennisdelingsactiviteiten georganiseerd."
    };
    f.check(RULES[7], CheckStatus::Violation, Q_SHARING, ok)
}

// --- rule 9 -----------------------------------------------------------------------------------

fn two_lectoren(cx: &Context, settings: &Settings) -> Check {
    let mut f = Findings::default();
    let lectoren = cx.people_with(Role::Lector);
    let expected = settings.lectoren as usize;
    let names: Vec<String> = lectoren.iter().map(|p| p.name.clone()).collect();
    if lectoren.len() != expected {
        let found = match lectoren.len() {
            0 => "Er is geen lector geregistreerd".to_owned(),
            1 => format!("Er is 1 lector geregistreerd ({})", names[0]),
            n => format!("Er zijn {n} lectoren geregistreerd ({})", list(&names)),
        };
        f.say(format!("{found}; afgesproken: {}.", plural(expected, "lector", "lectoren")));
        for p in &lectoren {
            f.about(cx.person(p.id));
        }
    }
    let ok = format!("In orde: de werkplaats heeft {} ({}).", plural(expected, "lector", "lectoren"), list(&names));
    f.check(RULES[8], CheckStatus::Violation, Q_LECTOREN, &ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS_NOORD: i64 = 1;
    const HS_ZUID: i64 = 2;
    const GEMEENTE: i64 = 3;
    const WELZIJN: i64 = 4;
    const ZORG: i64 = 5;

    const LECTOR_A: i64 = 10;
    const LECTOR_B: i64 = 11;
    const COORDINATOR: i64 = 12;
    const DOCENT_1: i64 = 20; // Hogeschool Noord, leads Samen leven
    const DOCENT_2: i64 = 21; // Hogeschool Zuid, leads Weerbaarheid
    const DOCENT_3: i64 = 22; // Hogeschool Noord, leads Professionele veerkracht
    const MANAGER_GEMEENTE: i64 = 30;
    const MANAGER_WELZIJN: i64 = 31;
    const MANAGER_ZORG: i64 = 32;
    const PRO_GEMEENTE: i64 = 40;
    const PRO_WELZIJN: i64 = 41;
    const PRO_ZORG: i64 = 42;

    const SAMEN_LEVEN: i64 = 100;
    const WEERBAARHEID: i64 = 101;
    const VEERKRACHT: i64 = 102;
    const OUDEREN: i64 = 103;

    const GROUP_SAMEN: i64 = 200;
    const GROUP_WEER: i64 = 201;
    const GROUP_VEER: i64 = 202;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn org(id: i64, name: &str, kind: OrganisationKind) -> OrganisationFact {
        OrganisationFact { id, name: name.to_owned(), kind }
    }

    fn person(id: i64, name: &str, org: i64, functions: &[Role], manager: bool, days: Option<f64>) -> PersonFact {
        PersonFact {
            id,
            name: name.to_owned(),
            organisation_id: Some(org),
            functions: functions.to_vec(),
            is_manager: manager,
            days_per_week: days,
        }
    }

    fn theme(id: i64, title: &str, separately_funded: bool) -> ThemeFact {
        ThemeFact { id, title: title.to_owned(), separately_funded }
    }

    fn group(id: i64, theme_id: i64, name: &str, lead: i64, orgs: &[i64], members: &[i64]) -> ThemeGroupFact {
        ThemeGroupFact {
            id,
            theme_id,
            name: name.to_owned(),
            lead_person_id: Some(lead),
            organisation_ids: orgs.to_vec(),
            member_ids: members.to_vec(),
        }
    }

    fn project(id: i64, theme_id: i64, size: ProjectSize, orgs: &[i64], people: &[i64]) -> ProjectFact {
        ProjectFact {
            id,
            title: format!("Project {id}"),
            theme_id,
            size,
            status: ProjectStatus::Lopend,
            organisation_ids: orgs.to_vec(),
            person_ids: people.to_vec(),
        }
    }

    /// A werkplaats that meets every rule on 23 November 2026.
    fn baseline() -> Facts {
        use OrganisationKind::*;
        use Role::*;
        Facts {
            today: date(2026, 11, 23),
            organisations: vec![
                org(HS_NOORD, "Hogeschool Noord", Hogeschool),
                org(HS_ZUID, "Hogeschool Zuid", Hogeschool),
                org(GEMEENTE, "Gemeente Rivierstad", Gemeente),
                org(WELZIJN, "Welzijn Waardland", Welzijn),
                org(ZORG, "Zorggroep Polder", Zorg),
            ],
            people: vec![
                person(LECTOR_A, "Anna Lector", HS_NOORD, &[Lector], false, None),
                person(LECTOR_B, "Bram Lector", HS_ZUID, &[Lector], false, None),
                person(COORDINATOR, "Cora Coördinator", HS_NOORD, &[ProgrammeCoordinator], false, None),
                person(DOCENT_1, "Dirk Docent", HS_NOORD, &[TeacherResearcher, ThemeLead], false, Some(1.0)),
                person(DOCENT_2, "Eva Docent", HS_ZUID, &[TeacherResearcher, ThemeLead], false, Some(1.5)),
                person(DOCENT_3, "Fien Docent", HS_NOORD, &[TeacherResearcher, ThemeLead], false, Some(2.0)),
                person(MANAGER_GEMEENTE, "Gert Manager", GEMEENTE, &[ConsortiumMember], true, None),
                person(MANAGER_WELZIJN, "Hanna Manager", WELZIJN, &[ConsortiumMember], true, None),
                person(MANAGER_ZORG, "Ivo Manager", ZORG, &[ConsortiumMember], true, None),
                person(PRO_GEMEENTE, "Jet Professional", GEMEENTE, &[Professional], false, None),
                person(PRO_WELZIJN, "Kees Professional", WELZIJN, &[Professional], false, None),
                person(PRO_ZORG, "Lot Professional", ZORG, &[Professional], false, None),
            ],
            themes: vec![
                theme(SAMEN_LEVEN, "Samen leven", false),
                theme(WEERBAARHEID, "Weerbaarheid", false),
                theme(VEERKRACHT, "Professionele veerkracht", false),
                theme(OUDEREN, "Thuiswonende ouderen", true),
            ],
            theme_groups: vec![
                group(
                    GROUP_SAMEN,
                    SAMEN_LEVEN,
                    "Samen leven",
                    DOCENT_1,
                    &[HS_NOORD, HS_ZUID, GEMEENTE, WELZIJN],
                    &[DOCENT_1, PRO_GEMEENTE, PRO_WELZIJN],
                ),
                group(
                    GROUP_WEER,
                    WEERBAARHEID,
                    "Weerbaarheid",
                    DOCENT_2,
                    &[HS_NOORD, HS_ZUID, WELZIJN, ZORG],
                    &[DOCENT_2, PRO_WELZIJN, PRO_ZORG],
                ),
                group(
                    GROUP_VEER,
                    VEERKRACHT,
                    "Professionele veerkracht",
                    DOCENT_3,
                    &[HS_NOORD, HS_ZUID, GEMEENTE, ZORG],
                    &[DOCENT_3, PRO_GEMEENTE, PRO_ZORG],
                ),
            ],
            projects: vec![
                project(300, SAMEN_LEVEN, ProjectSize::Groot, &[HS_NOORD, GEMEENTE, WELZIJN], &[DOCENT_1]),
                project(301, WEERBAARHEID, ProjectSize::Klein, &[HS_ZUID, ZORG], &[DOCENT_2]),
                // Zorg takes part through a person only.
                project(302, VEERKRACHT, ProjectSize::Middel, &[HS_NOORD], &[DOCENT_3, PRO_ZORG]),
            ],
            letters: vec![
                LetterFact { id: 500, organisation_id: GEMEENTE, representative_id: Some(MANAGER_GEMEENTE) },
                LetterFact { id: 501, organisation_id: WELZIJN, representative_id: Some(MANAGER_WELZIJN) },
                LetterFact { id: 502, organisation_id: ZORG, representative_id: Some(MANAGER_ZORG) },
            ],
            mt: Some(BodyFact {
                id: 600,
                member_ids: vec![LECTOR_A, LECTOR_B, COORDINATOR, DOCENT_1, DOCENT_2, DOCENT_3],
                meetings: vec![date(2026, 8, 12), date(2026, 9, 9), date(2026, 10, 14), date(2026, 11, 11)],
            }),
            consortium: Some(BodyFact {
                id: 601,
                member_ids: vec![MANAGER_GEMEENTE, MANAGER_WELZIJN, MANAGER_ZORG, LECTOR_A, LECTOR_B],
                meetings: vec![date(2026, 10, 1)],
            }),
            knowledge_sharing_per_group: Some(HashMap::from([(GROUP_SAMEN, 1), (GROUP_WEER, 1), (GROUP_VEER, 1)])),
        }
    }

    fn run(facts: &Facts) -> Vec<Check> {
        evaluate(facts, &Settings::default())
    }

    fn rule(facts: &Facts, id: &str) -> Check {
        rule_with(facts, &Settings::default(), id)
    }

    fn rule_with(facts: &Facts, settings: &Settings, id: &str) -> Check {
        evaluate(facts, settings).into_iter().find(|c| c.rule == id).expect("every rule is reported")
    }

    fn has_subject(check: &Check, kind: &str, id: i64) -> bool {
        check.subjects.iter().any(|s| s.kind == kind && s.id == id)
    }

    fn person_mut(facts: &mut Facts, id: i64) -> &mut PersonFact {
        facts.people.iter_mut().find(|p| p.id == id).expect("person in baseline")
    }

    fn group_mut(facts: &mut Facts, id: i64) -> &mut ThemeGroupFact {
        facts.theme_groups.iter_mut().find(|g| g.id == id).expect("group in baseline")
    }

    fn mt_mut(facts: &mut Facts) -> &mut BodyFact {
        facts.mt.as_mut().expect("baseline has an MT")
    }

    // --- whole evaluation ---------------------------------------------------------------------

    #[test]
    fn baseline_is_all_ok() {
        for check in run(&baseline()) {
            assert_eq!(check.status, CheckStatus::Ok, "{}: {}", check.rule, check.message);
            assert!(check.subjects.is_empty(), "{}", check.rule);
            assert!(check.message.contains("In orde"), "{}: {}", check.rule, check.message);
        }
    }

    #[test]
    fn one_check_per_rule_in_rules_order() {
        let rules: Vec<&str> = run(&baseline()).iter().map(|c| c.rule).collect();
        assert_eq!(rules, RULES);
        // Also when almost everything is missing.
        let empty = Facts {
            today: date(2026, 1, 1),
            organisations: vec![],
            people: vec![],
            themes: vec![],
            theme_groups: vec![],
            projects: vec![],
            letters: vec![],
            mt: None,
            consortium: None,
            knowledge_sharing_per_group: None,
        };
        let checks = run(&empty);
        assert_eq!(checks.iter().map(|c| c.rule).collect::<Vec<_>>(), RULES);
        for c in &checks {
            assert!(!c.message.is_empty());
        }
    }

    #[test]
    fn messages_quote_the_agenda() {
        let agenda = include_str!("../../testdata/kennisagenda-zhz-2023-2026.txt");
        for check in run(&baseline()) {
            let start = check.message.find('“').expect("a quote") + '“'.len_utf8();
            let end = check.message[start..].find('”').expect("closing quote") + start;
            let quoted = check.message[start..end].trim_end_matches('.');
            assert!(agenda.contains(quoted), "{}: not in the agenda: {quoted}", check.rule);
        }
    }

    #[test]
    fn messages_stay_short_with_many_problems() {
        let mut facts = baseline();
        for i in 0..40 {
            let id = 1000 + i;
            facts.themes.push(theme(id, &format!("Een nogal lang extra thema nummer {i}"), false));
            facts.theme_groups.push(ThemeGroupFact {
                id: 2000 + i,
                theme_id: id,
                name: format!("Een nogal lang extra thema nummer {i}"),
                lead_person_id: Some(PRO_ZORG),
                organisation_ids: vec![GEMEENTE],
                member_ids: vec![],
            });
            facts.people.push(person(
                3000 + i,
                &format!("Docent {i}"),
                HS_ZUID,
                &[Role::TeacherResearcher],
                false,
                Some(0.2),
            ));
            facts.letters.push(LetterFact { id: 4000 + i, organisation_id: 5000 + i, representative_id: None });
        }
        facts.knowledge_sharing_per_group = Some(HashMap::new());
        for check in run(&facts) {
            assert!(check.message.chars().count() <= MAX_MESSAGE_CHARS, "{}: {}", check.rule, check.message);
        }
        let partners = rule(&facts, "theme_group_min_partners");
        assert!(partners.message.contains("andere punten"), "{}", partners.message);
        assert!(has_subject(&partners, "theme_group", 2039), "all subjects are kept, even when not all are named");
        let time = rule(&facts, "teacher_researcher_time");
        assert!(time.message.contains("en 35 andere"), "{}", time.message);
    }

    #[test]
    fn lists_name_at_most_five() {
        assert_eq!(list::<&str>(&[]), "");
        assert_eq!(list(&["A"]), "A");
        assert_eq!(list(&["A", "B"]), "A en B");
        assert_eq!(list(&["A", "B", "C"]), "A, B en C");
        assert_eq!(list(&["A", "B", "C", "D", "E", "F", "G"]), "A, B, C, D, E en 2 andere");
        assert_eq!(days(0.5), "0,5");
        assert_eq!(days(1.0), "1");
        assert_eq!(days(1.25), "1,25");
    }

    // --- rule 1: theme_group_min_partners -----------------------------------------------------

    #[test]
    fn partners_ok_and_separately_funded_theme_needs_no_group() {
        let check = rule(&baseline(), "theme_group_min_partners");
        assert_eq!(check.status, CheckStatus::Ok, "{}", check.message);
        assert!(check.message.starts_with("“De themagroepen bestaan uit minimaal drie partners"));
    }

    #[test]
    fn partners_missing_hogeschool_and_other_partner() {
        let mut facts = baseline();
        group_mut(&mut facts, GROUP_WEER).organisation_ids = vec![HS_NOORD, WELZIJN];
        let check = rule(&facts, "theme_group_min_partners");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(
            check.message.contains(
                "Themagroep ‘Weerbaarheid’ heeft 2 partners; nodig: de hogescholen (Hogeschool Noord en \
                 Hogeschool Zuid) plus minstens 2 andere partners. Ontbreekt: Hogeschool Zuid en nog 1 andere partner."
            ),
            "{}",
            check.message
        );
        assert!(has_subject(&check, "theme_group", GROUP_WEER));
        assert!(has_subject(&check, "organisation", HS_ZUID));
        assert!(!has_subject(&check, "theme_group", GROUP_SAMEN));
    }

    #[test]
    fn partners_main_theme_without_group() {
        let mut facts = baseline();
        facts.theme_groups.retain(|g| g.id != GROUP_VEER);
        let check = rule(&facts, "theme_group_min_partners");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("‘Professionele veerkracht’"), "{}", check.message);
        assert_eq!(check.subjects, vec![subject("theme", VEERKRACHT, "Professionele veerkracht")]);
    }

    #[test]
    fn partners_no_groups_at_all() {
        let mut facts = baseline();
        facts.theme_groups.clear();
        let check = rule(&facts, "theme_group_min_partners");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Elk thema heeft een themagroep"), "{}", check.message);
        assert!(check.message.contains("geen enkele themagroep"), "{}", check.message);
        assert!(has_subject(&check, "theme", SAMEN_LEVEN));
        assert!(!has_subject(&check, "theme", OUDEREN), "separately funded themes need no group");
    }

    #[test]
    fn partners_groups_of_themes_not_on_the_agenda_do_not_count() {
        let mut facts = baseline();
        facts.theme_groups.push(group(299, 999, "Oud thema", PRO_ZORG, &[], &[]));
        assert_eq!(rule(&facts, "theme_group_min_partners").status, CheckStatus::Ok);
        assert_eq!(rule(&facts, "theme_group_lead").status, CheckStatus::Ok);
    }

    #[test]
    fn partners_setting_changes_the_outcome() {
        let settings = Settings { theme_group_min_other_partners: 3, ..Settings::default() };
        let check = rule_with(&baseline(), &settings, "theme_group_min_partners");
        assert_eq!(check.status, CheckStatus::Violation);
        assert_eq!(check.subjects.len(), 3, "{:?}", check.subjects);
    }

    // --- rule 2: theme_group_lead -------------------------------------------------------------

    #[test]
    fn lead_ok() {
        assert_eq!(rule(&baseline(), "theme_group_lead").status, CheckStatus::Ok);
    }

    #[test]
    fn lead_missing() {
        let mut facts = baseline();
        group_mut(&mut facts, GROUP_SAMEN).lead_person_id = None;
        let check = rule(&facts, "theme_group_lead");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Themagroep ‘Samen leven’ heeft geen themaleider."), "{}", check.message);
        assert_eq!(check.subjects, vec![subject("theme_group", GROUP_SAMEN, "Samen leven")]);
    }

    #[test]
    fn lead_not_a_teacher_researcher() {
        let mut facts = baseline();
        group_mut(&mut facts, GROUP_WEER).lead_person_id = Some(PRO_WELZIJN);
        let check = rule(&facts, "theme_group_lead");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(
            check
                .message
                .contains("Themaleider Kees Professional van themagroep ‘Weerbaarheid’ is geen docent-onderzoeker."),
            "{}",
            check.message
        );
        assert!(has_subject(&check, "person", PRO_WELZIJN));
        assert!(has_subject(&check, "theme_group", GROUP_WEER));
    }

    // --- rule 3: hogeschool_theme_lead --------------------------------------------------------

    #[test]
    fn hogeschool_lead_ok() {
        assert_eq!(rule(&baseline(), "hogeschool_theme_lead").status, CheckStatus::Ok);
    }

    #[test]
    fn hogeschool_without_theme_lead() {
        let mut facts = baseline();
        group_mut(&mut facts, GROUP_WEER).lead_person_id = Some(DOCENT_3);
        let check = rule(&facts, "hogeschool_theme_lead");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Hogeschool Zuid heeft geen docent-onderzoeker die themaleider is."));
        assert_eq!(check.subjects, vec![subject("organisation", HS_ZUID, "Hogeschool Zuid")]);
    }

    #[test]
    fn hogeschool_theme_lead_not_in_mt() {
        let mut facts = baseline();
        mt_mut(&mut facts).member_ids.retain(|id| *id != DOCENT_2);
        let check = rule(&facts, "hogeschool_theme_lead");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Niet in het MT: themaleider Eva Docent."), "{}", check.message);
        assert!(has_subject(&check, "person", DOCENT_2));
    }

    #[test]
    fn hogeschool_none_registered_is_a_warning() {
        let mut facts = baseline();
        for o in &mut facts.organisations {
            if o.kind == OrganisationKind::Hogeschool {
                o.kind = OrganisationKind::Opleiding;
            }
        }
        let check = rule(&facts, "hogeschool_theme_lead");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(check.message.contains("Er is geen hogeschool geregistreerd"), "{}", check.message);
    }

    // --- rule 4: teacher_researcher_time ------------------------------------------------------

    #[test]
    fn time_ok() {
        assert_eq!(rule(&baseline(), "teacher_researcher_time").status, CheckStatus::Ok);
    }

    #[test]
    fn time_below_minimum() {
        let mut facts = baseline();
        person_mut(&mut facts, DOCENT_2).days_per_week = Some(0.5);
        person_mut(&mut facts, DOCENT_3).days_per_week = None;
        let check = rule(&facts, "teacher_researcher_time");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Eva Docent (0,5 dag per week)"), "{}", check.message);
        assert!(check.message.contains("Niet vastgelegd hoeveel dagen per week: Fien Docent."), "{}", check.message);
        assert!(has_subject(&check, "person", DOCENT_2));
    }

    #[test]
    fn time_not_recorded_is_a_warning() {
        let mut facts = baseline();
        person_mut(&mut facts, DOCENT_3).days_per_week = None;
        let check = rule(&facts, "teacher_researcher_time");
        assert_eq!(check.status, CheckStatus::Warning);
        assert_eq!(check.subjects, vec![subject("person", DOCENT_3, "Fien Docent")]);
    }

    #[test]
    fn time_no_teacher_researchers() {
        let mut facts = baseline();
        for p in &mut facts.people {
            p.functions.retain(|r| *r != Role::TeacherResearcher);
        }
        let check = rule(&facts, "teacher_researcher_time");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.starts_with("“Vanuit beide hogescholen werken docent-onderzoekers"));
        assert!(check.message.contains("geen docent-onderzoeker geregistreerd"));
    }

    #[test]
    fn time_setting_changes_the_outcome() {
        let settings = Settings { teacher_researcher_min_days: 1.5, ..Settings::default() };
        let check = rule_with(&baseline(), &settings, "teacher_researcher_time");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(has_subject(&check, "person", DOCENT_1));
        assert!(!has_subject(&check, "person", DOCENT_2), "exactly the minimum is enough");
    }

    // --- rule 5: mt_composition_and_meetings --------------------------------------------------

    #[test]
    fn mt_ok() {
        let check = rule(&baseline(), "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Ok, "{}", check.message);
        assert!(check.message.contains("van augustus 2026 tot en met oktober 2026"), "{}", check.message);
    }

    #[test]
    fn mt_missing() {
        let mut facts = baseline();
        facts.mt = None;
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Er is geen managementteam vastgelegd."));
    }

    #[test]
    fn mt_missing_members() {
        let mut facts = baseline();
        mt_mut(&mut facts).member_ids.retain(|id| ![LECTOR_B, COORDINATOR, DOCENT_1].contains(id));
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(
            check.message.contains(
                "Niet in het MT: Bram Lector (lector), Cora Coördinator (programmacoördinator) en Dirk Docent (themaleider)."
            ),
            "{}",
            check.message
        );
        assert!(has_subject(&check, "body", 600));
        for id in [LECTOR_B, COORDINATOR, DOCENT_1] {
            assert!(has_subject(&check, "person", id));
        }
    }

    #[test]
    fn mt_missed_a_month() {
        let mut facts = baseline();
        mt_mut(&mut facts).meetings.retain(|d| d.month() != 9);
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Het MT kwam niet bijeen in september 2026."), "{}", check.message);
        assert_eq!(check.subjects, vec![subject("body", 600, "Managementteam")]);
    }

    #[test]
    fn mt_meeting_this_month_does_not_count_but_is_fine() {
        let mut facts = baseline();
        // Only meetings this month: the three months before are all missing.
        mt_mut(&mut facts).meetings = vec![date(2026, 11, 2), date(2026, 11, 20)];
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("augustus 2026, september 2026 en oktober 2026"), "{}", check.message);
        assert!(!check.message.contains("november"), "{}", check.message);
    }

    #[test]
    fn mt_month_boundaries() {
        let mut facts = baseline();
        // Today is the first of the month: November is not complete, so August–October are checked.
        facts.today = date(2026, 11, 1);
        mt_mut(&mut facts).meetings = vec![date(2026, 8, 1), date(2026, 9, 30), date(2026, 10, 31)];
        assert_eq!(rule(&facts, "mt_composition_and_meetings").status, CheckStatus::Ok);

        // A meeting on the last day of July or on today (1 November) does not cover August.
        mt_mut(&mut facts).meetings = vec![date(2026, 7, 31), date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)];
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("niet bijeen in augustus 2026."), "{}", check.message);

        // Across a year boundary.
        facts.today = date(2027, 2, 28);
        mt_mut(&mut facts).meetings = vec![date(2026, 11, 30), date(2026, 12, 1), date(2027, 2, 1)];
        let check = rule(&facts, "mt_composition_and_meetings");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("niet bijeen in januari 2027."), "{}", check.message);
    }

    #[test]
    fn mt_months_setting_changes_the_outcome() {
        let mut facts = baseline();
        mt_mut(&mut facts).meetings.retain(|d| d.month() != 8);
        assert_eq!(rule(&facts, "mt_composition_and_meetings").status, CheckStatus::Violation);
        let settings = Settings { mt_months_checked: 2, ..Settings::default() };
        assert_eq!(rule_with(&facts, &settings, "mt_composition_and_meetings").status, CheckStatus::Ok);
    }

    // --- rule 6: letter_of_intent_commitments -------------------------------------------------

    #[test]
    fn letters_ok() {
        assert_eq!(rule(&baseline(), "letter_of_intent_commitments").status, CheckStatus::Ok);
    }

    #[test]
    fn letters_none() {
        let mut facts = baseline();
        facts.letters.clear();
        let check = rule(&facts, "letter_of_intent_commitments");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(check.message.contains("Nog geen intentieovereenkomsten vastgelegd"));
    }

    #[test]
    fn letters_representative_not_a_manager_in_the_consortium() {
        let mut facts = baseline();
        person_mut(&mut facts, MANAGER_GEMEENTE).is_manager = false;
        facts.consortium.as_mut().expect("consortium").member_ids.retain(|id| *id != MANAGER_WELZIJN);
        let check = rule(&facts, "letter_of_intent_commitments");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(
            check.message.contains(
                "Gemeente Rivierstad: (a) vertegenwoordiger Gert Manager is geen leidinggevende of bestuurder."
            ),
            "{}",
            check.message
        );
        assert!(
            check
                .message
                .contains("Welzijn Waardland: (a) vertegenwoordiger Hanna Manager zit niet in het consortium."),
            "{}",
            check.message
        );
        assert!(has_subject(&check, "letter_of_intent", 500));
        assert!(has_subject(&check, "organisation", WELZIJN));
        assert!(!has_subject(&check, "letter_of_intent", 502));
    }

    #[test]
    fn letters_no_staff_in_theme_groups_and_too_few_projects() {
        let mut facts = baseline();
        for g in &mut facts.theme_groups {
            g.member_ids.retain(|id| *id != PRO_ZORG);
        }
        // Zorg takes part in 301 (Klein, as organisation) and 302 (Middel, through a person); stop 302.
        facts.projects.iter_mut().filter(|p| p.id == 302).for_each(|p| p.status = ProjectStatus::Gestopt);
        let check = rule(&facts, "letter_of_intent_commitments");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(
            check.message.contains(
                "Zorggroep Polder: (b) geen medewerker in een themagroep; (c) te weinig projecten: 0 groot en 1 \
                 middel/klein (nodig: 1 groot of 2 kleinere)."
            ),
            "{}",
            check.message
        );
        assert!(!check.message.contains("(a)"), "{}", check.message);
        assert_eq!(check.subjects.len(), 2, "{:?}", check.subjects);
    }

    #[test]
    fn letters_project_setting_changes_the_outcome() {
        let settings = Settings { min_small_projects: 3, ..Settings::default() };
        let check = rule_with(&baseline(), &settings, "letter_of_intent_commitments");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(has_subject(&check, "organisation", ZORG), "Zorg has 2 smaller projects and no large one");
        assert!(!has_subject(&check, "organisation", GEMEENTE), "Gemeente has a large project");
    }

    // --- rule 7: agenda_theme_count -----------------------------------------------------------

    #[test]
    fn themes_ok_without_counting_separately_funded() {
        let check = rule(&baseline(), "agenda_theme_count");
        assert_eq!(check.status, CheckStatus::Ok);
        assert!(check.message.contains("3 hoofdthema's"), "{}", check.message);
    }

    #[test]
    fn themes_too_many() {
        let mut facts = baseline();
        facts.themes.push(theme(104, "Vier", false));
        facts.themes.push(theme(105, "Vijf", false));
        let check = rule(&facts, "agenda_theme_count");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(check.message.contains("De agenda heeft 5 hoofdthema's; afgesproken is 3 tot en met 4"));
        assert!(!has_subject(&check, "theme", OUDEREN));
    }

    #[test]
    fn themes_too_few() {
        let mut facts = baseline();
        facts.themes.retain(|t| t.id != VEERKRACHT);
        let check = rule(&facts, "agenda_theme_count");
        assert_eq!(check.status, CheckStatus::Warning);
        assert!(check.message.contains("2 hoofdthema's"), "{}", check.message);
    }

    // --- rule 8: theme_group_knowledge_sharing ------------------------------------------------

    #[test]
    fn sharing_ok() {
        assert_eq!(rule(&baseline(), "theme_group_knowledge_sharing").status, CheckStatus::Ok);
    }

    #[test]
    fn sharing_not_assessable_without_activity_records() {
        let mut facts = baseline();
        facts.knowledge_sharing_per_group = None;
        let check = rule(&facts, "theme_group_knowledge_sharing");
        assert_eq!(check.status, CheckStatus::NotAssessable);
        assert!(check.message.starts_with("Nog niet te beoordelen: "), "{}", check.message);
        assert!(check.subjects.is_empty());
    }

    #[test]
    fn sharing_group_without_activities() {
        let mut facts = baseline();
        facts.knowledge_sharing_per_group = Some(HashMap::from([(GROUP_SAMEN, 2), (GROUP_WEER, 0)]));
        let check = rule(&facts, "theme_group_knowledge_sharing");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(
            check.message.contains("Themagroepen ‘Weerbaarheid’ en ‘Professionele veerkracht’ hebben nog geen"),
            "{}",
            check.message
        );
        assert!(has_subject(&check, "theme_group", GROUP_VEER));
        assert!(!has_subject(&check, "theme_group", GROUP_SAMEN));
    }

    // --- rule 9: two_lectoren -----------------------------------------------------------------

    #[test]
    fn lectoren_ok() {
        let check = rule(&baseline(), "two_lectoren");
        assert_eq!(check.status, CheckStatus::Ok);
        assert!(check.message.contains("Anna Lector en Bram Lector"), "{}", check.message);
    }

    #[test]
    fn lectoren_one_too_few() {
        let mut facts = baseline();
        person_mut(&mut facts, LECTOR_B).functions = vec![Role::Professional];
        let check = rule(&facts, "two_lectoren");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("Er is 1 lector geregistreerd (Anna Lector); afgesproken: 2 lectoren."));
        assert_eq!(check.subjects, vec![subject("person", LECTOR_A, "Anna Lector")]);
    }

    #[test]
    fn lectoren_setting_changes_the_outcome() {
        let settings = Settings { lectoren: 3, ..Settings::default() };
        let check = rule_with(&baseline(), &settings, "two_lectoren");
        assert_eq!(check.status, CheckStatus::Violation);
        assert!(check.message.contains("afgesproken: 3 lectoren"), "{}", check.message);

        let mut facts = baseline();
        person_mut(&mut facts, PRO_GEMEENTE).functions.push(Role::Lector);
        assert_eq!(rule_with(&facts, &settings, "two_lectoren").status, CheckStatus::Ok);
        assert_eq!(rule(&facts, "two_lectoren").status, CheckStatus::Violation);
    }
}
