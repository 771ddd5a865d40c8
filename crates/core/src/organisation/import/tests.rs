use super::*;
use crate::kernel::csv::ECHO_MAX;
use std::fmt::Write as _;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn org_errors(data: &str, existing: &[&str]) -> Vec<RowError> {
    parse_organisations(data.as_bytes(), &names(existing)).expect_err("expected errors")
}

fn people_errors(data: &str, existing: &[&str]) -> Vec<RowError> {
    parse_people(data.as_bytes(), &names(existing)).expect_err("expected errors")
}

fn lines(errors: &[RowError]) -> Vec<usize> {
    errors.iter().map(|e| e.line).collect()
}

/// Asserts there is exactly one error, on `line`, whose message contains `needle`.
#[track_caller]
fn one_error(errors: &[RowError], line: usize, needle: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, line, "{errors:#?}");
    assert!(errors[0].message.contains(needle), "{:?} lacks {needle:?}", errors[0].message);
}

// --- organisations: valid files -------------------------------------------------------

#[test]
fn organisations_dutch_semicolon() {
    let data = "naam;soort;plaats;website;email\n\
                Gemeente Dordrecht;gemeente;Dordrecht;https://www.dordrecht.nl;Info@Dordrecht.nl\n\
                Hogeschool Rotterdam;hogeschool;Rotterdam;;\n\
                \"Stichting Wijk; Welzijn\";Welzijn;;http://wijk.example;\n";
    let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
    assert_eq!(
        rows,
        vec![
            OrganisationRow {
                line: 2,
                name: "Gemeente Dordrecht".into(),
                kind: OrganisationKind::Gemeente,
                city: Some("Dordrecht".into()),
                website: Some("https://www.dordrecht.nl".into()),
                email: Some("info@dordrecht.nl".into()),
            },
            OrganisationRow {
                line: 3,
                name: "Hogeschool Rotterdam".into(),
                kind: OrganisationKind::Hogeschool,
                city: Some("Rotterdam".into()),
                website: None,
                email: None,
            },
            OrganisationRow {
                line: 4,
                name: "Stichting Wijk; Welzijn".into(),
                kind: OrganisationKind::Welzijn,
                city: None,
                website: Some("http://wijk.example".into()),
                email: None,
            },
        ]
    );
}

#[test]
fn organisations_english_comma_any_case_and_order_and_whitespace() {
    let data = " Kind , NAME ,City\r\n  care ,  Zorggroep Alblasserwaard  , Sliedrecht \r\n\
                other,\"Iets, anders\",\r\n";
    let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].name, "Zorggroep Alblasserwaard");
    assert_eq!(rows[0].kind, OrganisationKind::Zorg);
    assert_eq!(rows[0].city.as_deref(), Some("Sliedrecht"));
    assert_eq!(rows[1].name, "Iets, anders");
    assert_eq!(rows[1].kind, OrganisationKind::Overig);
    assert_eq!(rows[1].city, None);
    assert_eq!((rows[0].line, rows[1].line), (2, 3));
}

#[test]
fn organisations_with_bom() {
    let data = "\u{feff}naam;soort\nGemeente Gorinchem;gemeente\n";
    let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
    assert_eq!(rows[0].name, "Gemeente Gorinchem");
}

#[test]
fn header_only_is_ok_and_empty() {
    assert_eq!(parse_organisations(b"naam,soort\n", &[]), Ok(vec![]));
    assert_eq!(parse_people(b"naam", &[]), Ok(vec![]));
}

#[test]
fn every_kind_spelling() {
    use OrganisationKind as K;
    let cases: &[(&str, K)] = &[
        ("gemeente", K::Gemeente),
        ("Municipality", K::Gemeente),
        ("welzijn", K::Welzijn),
        ("welfare", K::Welzijn),
        ("ZORG", K::Zorg),
        ("care", K::Zorg),
        ("hogeschool", K::Hogeschool),
        ("university_of_applied_sciences", K::Hogeschool),
        ("University of Applied  Sciences", K::Hogeschool),
        ("lectoraat", K::Lectoraat),
        ("research_group", K::Lectoraat),
        ("lectorate", K::Lectoraat),
        ("opleiding", K::Opleiding),
        ("education", K::Opleiding),
        ("programme", K::Opleiding),
        ("burger_clientorganisatie", K::BurgerClientorganisatie),
        ("Burger-/cliëntorganisatie", K::BurgerClientorganisatie),
        ("burger-/clie\u{308}ntorganisatie", K::BurgerClientorganisatie),
        ("burgerorganisatie", K::BurgerClientorganisatie),
        ("cliëntorganisatie", K::BurgerClientorganisatie),
        ("clientorganisatie", K::BurgerClientorganisatie),
        ("citizen_client_organisation", K::BurgerClientorganisatie),
        ("citizen organisation", K::BurgerClientorganisatie),
        ("Client Organisation", K::BurgerClientorganisatie),
        ("landelijke_kennispartner", K::LandelijkeKennispartner),
        ("landelijke kennispartner", K::LandelijkeKennispartner),
        ("national_knowledge_partner", K::LandelijkeKennispartner),
        ("overig", K::Overig),
        ("Other", K::Overig),
    ];
    let mut data = String::from("naam;soort\n");
    for (i, (raw, _)) in cases.iter().enumerate() {
        writeln!(data, "Org {i};{raw}").expect("write");
    }
    let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
    for (row, (raw, kind)) in rows.iter().zip(cases) {
        assert_eq!(row.kind, *kind, "{raw}");
    }
    for k in OrganisationKind::ALL {
        assert_eq!(parse_kind(k.code()), Some(k));
    }
}

// --- organisations: errors --------------------------------------------------------------

#[test]
fn unknown_kind_lists_choices() {
    let errors = org_errors("naam;soort\nA;gemeente\nB;gemeente\nC;gemeente\nD;gemeente\nE;gemeente\nF;bank\n", &[]);
    one_error(&errors, 7, "soort ‘bank’ is onbekend; kies uit: gemeente, welzijn, zorg, hogeschool");
    assert!(errors[0].message.ends_with("landelijke_kennispartner, overig"));
}

#[test]
fn missing_kind_and_name_values() {
    let errors = org_errors("naam;soort\n;gemeente\nA;\n", &[]);
    assert_eq!(lines(&errors), [2, 3]);
    assert_eq!(errors[0].message, "naam ontbreekt");
    assert!(errors[1].message.starts_with("soort ontbreekt; kies uit: gemeente"));
}

#[test]
fn bad_email_and_website() {
    let errors = org_errors("naam,soort,website,email\nA,zorg,www.a.nl,a@a.nl\nB,zorg,https://b.nl,b-at-b.nl\n", &[]);
    assert_eq!(lines(&errors), [2, 3]);
    assert_eq!(errors[0].message, "website ‘www.a.nl’ moet beginnen met http:// of https://");
    assert_eq!(errors[1].message, "e-mailadres ‘b-at-b.nl’ is ongeldig");
    for bad in ["https://", "ftp://x.nl", "https://a b.nl"] {
        assert!(!valid_website(bad), "{bad}");
    }
    assert!(valid_website("HTTPS://X.NL/pad?q=1"));
}

#[test]
fn all_problems_of_one_row_are_reported() {
    let errors = org_errors("naam;soort;website;email\n;bank;x;y\n", &[]);
    assert_eq!(lines(&errors), [2, 2, 2, 2]);
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(all[0].starts_with("naam ontbreekt"));
    assert!(all[1].starts_with("soort ‘bank’"));
    assert!(all[2].starts_with("e-mailadres ‘y’"));
    assert!(all[3].starts_with("website ‘x’"));
}

#[test]
fn name_too_long() {
    let ok = format!("naam;soort\n{};zorg\n", "é".repeat(NAME_MAX));
    assert!(parse_organisations(ok.as_bytes(), &[]).is_ok());
    let long = format!("naam;soort\n{};zorg\n", "é".repeat(NAME_MAX + 1));
    one_error(&org_errors(&long, &[]), 2, "naam is te lang: 201 tekens (hoogstens 200)");
}

#[test]
fn duplicate_names_in_file_are_an_error_on_the_later_line() {
    let errors = org_errors("naam;soort\nZorgpartners;zorg\nAnders;zorg\n zorgPARTNERS ;zorg\n", &[]);
    one_error(&errors, 4, "organisatie ‘zorgPARTNERS’ staat al op regel 2");
}

#[test]
fn names_that_exist_in_the_werkplaats() {
    let errors = org_errors("naam;soort\nGEMEENTE DORDRECHT;gemeente\nNieuw;zorg\n", &["Gemeente Dordrecht"]);
    one_error(&errors, 2, "organisatie ‘GEMEENTE DORDRECHT’ bestaat al in deze werkplaats");
}

#[test]
fn unknown_columns_are_named() {
    let errors = org_errors("naam;soort;wbesite;Telefoon\nA;zorg;x;y\n", &[]);
    one_error(&errors, 1, "onbekende kolommen ‘wbesite’, ‘Telefoon’; toegestaan zijn: naam/name, soort/kind");
    let errors = org_errors("naam;soort;plaatss\nA;zorg;x\n", &[]);
    one_error(&errors, 1, "onbekende kolom ‘plaatss’;");
}

#[test]
fn missing_required_columns() {
    let errors = org_errors("naam;plaats\nA;Dordrecht\n", &[]);
    one_error(&errors, 1, "verplichte kolom ‘soort’ of ‘kind’ ontbreekt");
    let errors = org_errors("plaats\nDordrecht\n", &[]);
    assert_eq!(lines(&errors), [1, 1]);
    let errors = people_errors("email,rol\na@b.nl,lector\n", &[]);
    one_error(&errors, 1, "verplichte kolom ‘naam’ of ‘name’ ontbreekt");
}

#[test]
fn duplicate_columns() {
    let errors = org_errors("naam;soort;Name\nA;zorg;B\n", &[]);
    one_error(&errors, 1, "kolom ‘Name’ komt meer dan één keer voor");
}

#[test]
fn header_errors_after_blank_lines_point_at_the_header() {
    let errors = org_errors("\n\nnaam;soortt\nA;zorg\n", &[]);
    assert_eq!(lines(&errors), [3, 3]);
}

#[test]
fn wrong_number_of_fields() {
    let errors = org_errors("naam;soort;plaats\nA;zorg\nB;zorg;Dordrecht;extra\nC;zorg;Dordrecht\n", &[]);
    assert_eq!(lines(&errors), [2, 3]);
    assert_eq!(errors[0].message, "deze regel heeft 2 velden, de kopregel 3");
    assert_eq!(errors[1].message, "deze regel heeft 4 velden, de kopregel 3");
}

#[test]
fn empty_lines_and_delimiter_only_lines_are_skipped() {
    let data = "naam;soort\n\nA;zorg\n\r\n;\n   \nB;welzijn\n\n";
    let rows = parse_organisations(data.as_bytes(), &[]).expect("valid");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 7]);
}

#[test]
fn nameless_trailing_column_is_ignored_unless_filled() {
    let rows = parse_organisations(b"naam;soort;\nA;zorg;\n", &[]).expect("valid");
    assert_eq!(rows.len(), 1);
    let errors = org_errors("naam;soort;\nA;zorg;iets\n", &[]);
    one_error(&errors, 2, "veld 3 heeft een waarde maar de kolom heeft geen naam");
}

#[test]
fn line_numbers_after_a_multi_line_quoted_field() {
    let data = "naam;soort;plaats\n\
                \"Stichting\nmet een\nlange naam\";zorg;Dordrecht\n\
                B;bank;\n\
                \"C\";zorg;\"Papendrecht\r\nNoord\"\n\
                D;bank;\n";
    let errors = org_errors(data, &[]);
    assert_eq!(lines(&errors), [5, 8]);
    // And the rows themselves carry the line where they start.
    let ok = data.replace("bank", "zorg");
    let rows = parse_organisations(ok.as_bytes(), &[]).expect("valid");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5, 6, 8]);
    assert_eq!(rows[0].name, "Stichting\nmet een\nlange naam");
}

#[test]
fn line_numbers_in_a_crlf_file_with_blank_lines_and_multi_line_fields() {
    let data = "\u{feff}naam;soort;plaats\r\n\r\n\
                A;bank;\r\n\
                \r\n\r\n\
                \"B\r\nmet\r\nregels\";zorg;\"x\r\ny\"\r\n\
                \"C\r\n\";bank;\r\n\
                \r\n\
                D;zorg\r\n\
                E;\"\r\nbank\r\n\";\r\n";
    let errors = org_errors(data, &[]);
    assert_eq!(lines(&errors), [3, 10, 13, 14], "{errors:#?}");
    assert!(errors[2].message.starts_with("deze regel heeft 2 velden"));
}

#[test]
fn windows_1252_is_converted() {
    // What Excel on a Dutch Windows saves as "CSV (gescheiden door lijstscheidingsteken)".
    let data = b"naam;soort\nGemeente \xe9\xe9n \x96 Caf\xe9 \x80;gemeente\n";
    let orgs = parse_organisations(data, &[]).expect("converted from Windows-1252");
    assert_eq!(orgs[0].name, "Gemeente één – Café €");
}

#[test]
fn not_utf8_nor_windows_1252() {
    for data in [&b"\xff\xfen\x00a\x00"[..], b"naam;soort\nA\x81;gemeente\n", b"naam;soort\nA\x01\xe9;gemeente\n"] {
        let errors = parse_people(data, &[]).expect_err("refused");
        assert_eq!(errors[0].line, 0);
        assert!(errors[0].message.contains("CSV UTF-8"), "{errors:?}");
    }
}

#[test]
fn empty_file() {
    let empty = Err(vec![RowError { line: 0, message: "Het bestand is leeg.".into() }]);
    assert_eq!(parse_organisations(b"", &[]), empty);
    assert_eq!(parse_organisations("\u{feff}".as_bytes(), &[]), empty);
    assert_eq!(parse_organisations(b" \r\n\n", &[]), empty);
    assert_eq!(parse_people(b"", &[]), Err(vec![RowError { line: 0, message: "Het bestand is leeg.".into() }]));
}

#[test]
fn errors_are_capped() {
    let mut data = String::from("naam;soort\n");
    for i in 0..1500 {
        writeln!(data, "Org {i};bank").expect("write");
    }
    let errors = org_errors(&data, &[]);
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert_eq!(errors[MAX_ERRORS - 1].line, MAX_ERRORS + 1);
    let last = &errors[MAX_ERRORS];
    assert_eq!(last.line, 0);
    assert_eq!(last.message, "nog 500 fouten zijn weggelaten; herstel eerst de fouten hierboven");

    let mut exact = String::from("naam;soort\n");
    for i in 0..MAX_ERRORS {
        writeln!(exact, "Org {i};bank").expect("write");
    }
    assert_eq!(org_errors(&exact, &[]).len(), MAX_ERRORS);
    writeln!(exact, "Nog een;bank").expect("write");
    let errors = org_errors(&exact, &[]);
    assert_eq!(errors[MAX_ERRORS].message, "nog 1 fout is weggelaten; herstel eerst de fouten hierboven");
}

#[test]
fn long_values_are_shortened_in_messages() {
    let data = format!("naam;soort\nA;{}\n", "x".repeat(500));
    let errors = org_errors(&data, &[]);
    assert!(errors[0].message.starts_with(&format!("soort ‘{}…’ is onbekend", "x".repeat(ECHO_MAX))));
}

#[test]
fn ten_thousand_rows_quickly() {
    let start = std::time::Instant::now();
    let mut orgs = String::from("naam;soort;plaats;website;email\n");
    let mut people = String::from("name,email,organisation,role\n");
    let kinds = OrganisationKind::ALL;
    let roles = Role::ALL;
    for i in 0..10_000 {
        let kind = kinds[i % kinds.len()].code();
        writeln!(orgs, "Organisatie {i};{kind};Plaats {i};https://org{i}.example;info@org{i}.example").expect("write");
        let role = roles[i % roles.len()].code();
        writeln!(people, "Persoon {i},p{i}@example.nl,organisatie {},{role}", i % 100).expect("write");
    }
    let rows = parse_organisations(orgs.as_bytes(), &[]).expect("valid");
    assert_eq!(rows.len(), 10_000);
    assert_eq!(rows[9_999].line, 10_001);
    let existing: Vec<String> = (0..100).map(|i| format!("Organisatie {i}")).collect();
    let people = parse_people(people.as_bytes(), &existing).expect("valid");
    assert_eq!(people.len(), 10_000);
    assert_eq!(people[42].organisation.as_deref(), Some("Organisatie 42"));
    // Generous for debug builds on a busy machine; a release build takes a few milliseconds.
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "took {:?}", start.elapsed());
}

// --- people -----------------------------------------------------------------------------

#[test]
fn people_dutch_semicolon() {
    let data = "\u{feff}Naam;E-mail;Organisatie;Rol\n\
                Anna de Vries;Anna@Example.NL;hogeschool rotterdam;Lector\n\
                Bert;;;\n\
                Carla;carla@example.nl;Gemeente Dordrecht;programmacoördinator\n";
    let rows = parse_people(data.as_bytes(), &names(&["Hogeschool Rotterdam", "Gemeente Dordrecht"])).expect("valid");
    assert_eq!(
        rows,
        vec![
            PersonRow {
                line: 2,
                name: "Anna de Vries".into(),
                email: Some("anna@example.nl".into()),
                organisation: Some("Hogeschool Rotterdam".into()),
                role: Some(Role::Lector),
            },
            PersonRow { line: 3, name: "Bert".into(), email: None, organisation: None, role: None },
            PersonRow {
                line: 4,
                name: "Carla".into(),
                email: Some("carla@example.nl".into()),
                organisation: Some("Gemeente Dordrecht".into()),
                role: Some(Role::ProgrammeCoordinator),
            },
        ]
    );
}

#[test]
fn people_english_comma_without_optional_columns() {
    let rows = parse_people(b"NAME\r\n\"Jansen, Piet\"\r\nKlaas\r\n", &[]).expect("valid");
    assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Jansen, Piet", "Klaas"]);
    let rows = parse_people(b"name,role,organisation\nAnna,teacher-researcher,The Org\n", &names(&["the org"]))
        .expect("valid");
    assert_eq!(rows[0].role, Some(Role::TeacherResearcher));
    assert_eq!(rows[0].organisation.as_deref(), Some("the org"));
}

#[test]
fn every_role_spelling() {
    let cases: &[(&str, Role)] = &[
        ("programmacoördinator", Role::ProgrammeCoordinator),
        ("Programmacoordinator", Role::ProgrammeCoordinator),
        ("programme_coordinator", Role::ProgrammeCoordinator),
        ("lector", Role::Lector),
        ("docent-onderzoeker", Role::TeacherResearcher),
        ("themaleider", Role::ThemeLead),
        ("projectondersteuner", Role::ProjectSupport),
        ("consortiumlid", Role::ConsortiumMember),
        ("professional", Role::Professional),
        ("Student", Role::Student),
        ("burger", Role::Citizen),
        ("landelijke kennispartner", Role::NationalPartner),
        ("landelijke_kennispartner", Role::NationalPartner),
    ];
    for (raw, role) in cases {
        assert_eq!(parse_role(raw), Some(*role), "{raw}");
    }
    for role in Role::ALL {
        assert_eq!(parse_role(role.code()), Some(role));
        assert_eq!(parse_role(&role.code().to_uppercase()), Some(role));
    }
    assert_eq!(parse_role("baas"), None);
}

#[test]
fn people_errors_each_kind() {
    let data = "naam;email;organisatie;rol\n\
                ;a@example.nl;;\n\
                Bea;geen-adres;;\n\
                Cor;c@example.nl;Onbekende Stichting;\n\
                Dirk;d@example.nl;;baas\n\
                Eva;C@EXAMPLE.NL;;\n\
                Fenna;f@example.nl;Bekend;lector;te veel\n";
    let errors = people_errors(data, &["Bekend"]);
    assert_eq!(lines(&errors), [2, 3, 4, 5, 6, 7], "{errors:#?}");
    assert_eq!(errors[0].message, "naam ontbreekt");
    assert_eq!(errors[1].message, "e-mailadres ‘geen-adres’ is ongeldig");
    assert_eq!(
        errors[2].message,
        "organisatie ‘Onbekende Stichting’ bestaat niet in deze werkplaats en staat ook niet in deze import"
    );
    assert!(errors[3].message.starts_with("rol ‘baas’ is onbekend; kies uit: programme-coordinator, lector"));
    assert_eq!(errors[4].message, "e-mailadres ‘c@example.nl’ staat al op regel 4");
    assert_eq!(errors[5].message, "deze regel heeft 5 velden, de kopregel 4");
}

#[test]
fn people_unknown_column() {
    let errors = people_errors("naam;emial\nAnna;a@b.nl\n", &[]);
    one_error(
        &errors,
        1,
        "onbekende kolom ‘emial’; toegestaan zijn: naam/name, email/e-mail, organisatie/organisation",
    );
}

#[test]
fn people_without_email_are_not_duplicates() {
    let rows = parse_people(b"naam;email\nAnna;\nAnna;\n", &[]).expect("valid");
    assert_eq!(rows.len(), 2);
}

#[test]
fn row_error_serialises() {
    let e = RowError { line: 3, message: "naam ontbreekt".into() };
    assert_eq!(serde_json::to_string(&e).expect("json"), r#"{"line":3,"message":"naam ontbreekt"}"#);
}
