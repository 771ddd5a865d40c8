use super::context::*;
use super::*;
use broedplaats_domain::{OrganisationKind, Role};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

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
        grants: vec![GrantFact {
            id: 701,
            title: "Kernsubsidie VWS".into(),
            years: vec![matched(2025, 18_500_000, 18_500_000, 0)],
        }],
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
        grants: vec![],
    };
    let checks = run(&empty);
    assert_eq!(checks.iter().map(|c| c.rule).collect::<Vec<_>>(), RULES);
    for c in &checks {
        assert!(!c.message.is_empty());
    }
}

#[test]
fn messages_quote_the_agenda() {
    let agenda = include_str!("../../../testdata/kennisagenda-zhz-2023-2026.txt");
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
            "Themagroep ‘Weerbaarheid’ heeft 2 partners (1 hogeschool en 1 andere partner); nodig: de hogescholen \
             (Hogeschool Noord en Hogeschool Zuid) plus minstens 2 andere partners, samen minstens 4. Ontbreekt: \
             Hogeschool Zuid en nog 1 andere partner."
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
            "Gemeente Rivierstad: afspraak 1: vertegenwoordiger Gert Manager is geen leidinggevende of bestuurder."
        ),
        "{}",
        check.message
    );
    assert!(
        check
            .message
            .contains("Welzijn Waardland: afspraak 1: vertegenwoordiger Hanna Manager zit niet in het consortium."),
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
            "Zorggroep Polder: afspraak 2: geen medewerker in een themagroep; afspraak 3: te weinig projecten: 0 groot en 1 \
             middel/klein (nodig: 1 groot of 2 kleinere)."
        ),
        "{}",
        check.message
    );
    assert!(!check.message.contains("afspraak 1"), "{}", check.message);
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

// --- rule 10: grant matching -------------------------------------------------------------------

/// A grant year with `grant` cents at ratio 1, `realised` cents matched (cash), `planned` cents
/// promised, assessed in 2026.
fn matched(year: i32, grant: i64, realised: i64, planned: i64) -> broedplaats_domain::MatchingYear {
    broedplaats_domain::assess_matching(year, Some(grant), Some(1.0), (realised, 0, planned), 2026)
}

fn matching_check(facts: &Facts) -> Check {
    run(facts).into_iter().find(|c| c.rule == "grant_matching").expect("grant_matching")
}

#[test]
fn rule_10_grant_matching() {
    let mut facts = baseline();
    // The current year short; the promises leave € 55.000 open: a warning with that shortfall.
    facts.grants[0].years.push(matched(2026, 18_500_000, 10_000_000, 13_000_000));
    let c = matching_check(&facts);
    assert_eq!(c.status, CheckStatus::Warning, "{}", c.message);
    assert!(c.message.contains("verwacht tekort € 55.000"), "{}", c.message);
    assert_eq!(c.subjects, vec![Subject { kind: "grant".into(), id: 701, name: "Kernsubsidie VWS".into() }]);
    // A past year short: a violation, naming the year and the amounts.
    facts.grants[0].years.push(matched(2024, 18_500_000, 18_000_000, 0));
    let c = matching_check(&facts);
    assert_eq!(c.status, CheckStatus::Violation, "{}", c.message);
    assert!(c.message.contains("‘Kernsubsidie VWS’ in 2024: € 180.000 van € 185.000 gematcht"), "{}", c.message);
    // No grant amount anywhere: not assessable.
    facts.grants[0].years = vec![broedplaats_domain::assess_matching(2025, None, Some(1.0), (0, 0, 0), 2026)];
    assert_eq!(matching_check(&facts).status, CheckStatus::NotAssessable);
    facts.grants.clear();
    assert_eq!(matching_check(&facts).status, CheckStatus::NotAssessable);
}
