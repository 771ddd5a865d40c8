//! The nine rules of chapter 4, each quoting the agenda's own words, and the grant matching rule (issue 18).
use super::context::*;
use super::*;
use broedplaats_domain::Role;
use chrono::Datelike;
use std::collections::{HashMap, HashSet};

// Short quotes from chapter 4 "Organisatie werkplaats" of the ZHZ agenda.
pub(super) const Q_PARTNERS: &str =
    "“De themagroepen bestaan uit minimaal drie partners (de hogescholen plus minstens twee andere partners).”";

pub(super) const Q_LEAD: &str = "“Een van de docent-onderzoekers is themaleider en coördineert de themagroep.”";

pub(super) const Q_HOGESCHOOL_LEAD: &str = "“In ieder geval één docent-onderzoeker per hogeschool heeft binnen een thema een \
     coördinerend rol (themaleider)” en “De themaleiders, van elke hogeschool minstens één, nemen deel aan het \
     managementteam”.";

pub(super) const Q_TIME: &str =
    "“Vanuit beide hogescholen werken docent-onderzoekers minimaal één dag in de week voor de werkplaats.”";

pub(super) const Q_MT: &str =
    "“Het MT bestaat uit lectoren, programmacoördinator, themaleiders.” en “Zij hebben minimaal maandelijks overleg”.";

pub(super) const Q_LETTERS: &str = "“De deelnemende partners committeren zich aan de werkplaats door middel van een \
     intentieovereenkomst.”";

pub(super) const Q_THEMES: &str = "“Op de kennisagenda staat een beperkt aantal hoofdthema's (3 of 4 is haalbaar).”";

pub(super) const Q_SHARING: &str = "“In ieder geval organiseren de themagroepen kennisdelingsactiviteiten gericht op \
     doorwerking in de deelnemende organisaties.”";

pub(super) const Q_LECTOREN: &str = "“De werkplaats wordt geleid door twee lectoren.”";

// --- rule 1 -----------------------------------------------------------------------------------

pub(super) fn theme_group_min_partners(cx: &Context, settings: &Settings) -> Check {
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
        // Say what was counted, so "heeft 3 partners" never reads as enough when 4 are needed.
        let hs_in = partners.len() - others;
        let counted = format!(
            "{} en {}",
            plural(hs_in, "hogeschool", "hogescholen"),
            plural(others, "andere partner", "andere partners")
        );
        let needed = (cx.hogescholen.len() + min_other).max(3);
        f.say(format!(
            "Themagroep {} heeft {} ({counted}); {need}, samen minstens {needed}. Ontbreekt: {}.",
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

pub(super) fn theme_group_lead(cx: &Context) -> Check {
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

pub(super) fn hogeschool_theme_lead(cx: &Context) -> Check {
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

pub(super) fn teacher_researcher_time(cx: &Context, settings: &Settings) -> Check {
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

pub(super) fn mt_composition_and_meetings(cx: &Context, settings: &Settings) -> Check {
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

pub(super) fn letter_of_intent_commitments(cx: &Context, settings: &Settings) -> Check {
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

        // 1. a manager/director in the consortium.
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
            unmet.push(format!("afspraak 1: {a}"));
            if let Some((id, Some(_))) = rep {
                f.about(cx.person(id));
            }
        }

        // 2. staff think along in at least one theme group.
        if !orgs_in_groups.contains(&org) {
            unmet.push("afspraak 2: geen medewerker in een themagroep".to_owned());
        }

        // 3. at least one larger project or several smaller ones.
        let (large, small) = project_counts.get(&org).copied().unwrap_or_default();
        if large < settings.min_large_projects && small < settings.min_small_projects {
            unmet.push(format!(
                "afspraak 3: te weinig projecten: {large} groot en {small} middel/klein (nodig: {} groot of {} kleinere)",
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

pub(super) fn agenda_theme_count(cx: &Context, settings: &Settings) -> Check {
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

pub(super) fn theme_group_knowledge_sharing(cx: &Context) -> Check {
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

pub(super) fn two_lectoren(cx: &Context, settings: &Settings) -> Check {
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

// --- rule 10 (issue 18) -----------------------------------------------------------------------

const Q_MATCHING: &str = "“Tegenover de subsidie vraagt het ministerie een evenredige investering van zowel de hogescholen als externe partijen.”";

/// Euros in Dutch notation, whole euros: "€ 20.000".
fn euros(cents: i64) -> String {
    let whole = (cents + 50) / 100;
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("€ {}{out}", if whole < 0 { "-" } else { "" })
}

/// A past year whose realised matching falls short of grant × ratio is a violation; the current or
/// a later year that falls short is a warning with the expected shortfall; without any assessable
/// year (no grant amounts or no matching ratio) the rule is not assessable.
pub(super) fn grant_matching(cx: &Context) -> Check {
    use broedplaats_domain::MatchingStatus as M;
    let mut violations = Vec::new();
    let mut warnings = Vec::new();
    let mut subjects = Vec::new();
    let mut assessable = false;
    for g in &cx.facts.grants {
        let mut about = false;
        for y in &g.years {
            let required = y.required.unwrap_or(0);
            match y.status {
                M::Violation => {
                    violations.push(format!(
                        "{} in {}: {} van {} gematcht",
                        titled(&g.title),
                        y.year,
                        euros(y.matched_total()),
                        euros(required)
                    ));
                    about = true;
                }
                M::Warning => {
                    let expected = y.expected_shortfall.unwrap_or(0);
                    warnings.push(if expected > 0 {
                        format!(
                            "{} in {}: {} van {} gematcht; verwacht tekort {}",
                            titled(&g.title),
                            y.year,
                            euros(y.matched_total()),
                            euros(required),
                            euros(expected)
                        )
                    } else {
                        format!(
                            "{} in {}: {} van {} gematcht; de toezeggingen dekken de rest",
                            titled(&g.title),
                            y.year,
                            euros(y.matched_total()),
                            euros(required)
                        )
                    });
                    about = true;
                }
                M::Ok => {}
                M::NotAssessable => continue,
            }
            assessable = true;
        }
        if about {
            subjects.push(Subject { kind: "grant".into(), id: g.id, name: g.title.clone() });
        }
    }
    let (status, found) = if !violations.is_empty() {
        let mut text = format!("Te weinig matching: {}.", violations.join("; "));
        if !warnings.is_empty() {
            text.push_str(&format!(" Nog niet afgelopen: {}.", warnings.join("; ")));
        }
        (CheckStatus::Violation, text)
    } else if !warnings.is_empty() {
        (CheckStatus::Warning, format!("Nog niet afgelopen en nog te weinig matching: {}.", warnings.join("; ")))
    } else if !assessable {
        (
            CheckStatus::NotAssessable,
            "Niet te beoordelen: er is geen subsidie met een bedrag per jaar en een matchingsratio.".to_owned(),
        )
    } else {
        (CheckStatus::Ok, "In orde: elke subsidie is in elk jaar voldoende gematcht.".to_owned())
    };
    let mut message = format!("{Q_MATCHING} {found}");
    if message.chars().count() > MAX_MESSAGE_CHARS {
        message = message.chars().take(MAX_MESSAGE_CHARS - 1).collect::<String>() + "…";
    }
    Check { rule: RULES[9], status, message, subjects }
}
