//! `broedplaats import organisations|people FILE --werkplaats SLUG` as a real process: a good
//! file, a file with one bad line among good ones (every problem reported with its line, non-zero
//! exit, nothing written), an unknown werkplaats, and 10,000 rows. SQLite by default; PostgreSQL
//! with `BROEDPLAATS_TEST_DB=postgres` (helpers as in `cli.rs`).
use broedplaats_store::organisation as q;
use std::fmt::Write as _;
use std::time::Instant;

use crate::common::{Env, backend, create_werkplaats};

fn write(env: &Env, name: &str, contents: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, contents).expect("write the import file");
    path.display().to_string()
}

async fn organisation_names(env: &Env) -> Vec<String> {
    let core = env.core().await;
    let tenant = core.tenant("test").await.expect("tenant");
    let mut conn = core.store.conn().await.expect("conn");
    let names = q::all_organisation_names(&mut conn, &tenant).await.expect("names");
    drop(conn);
    core.store.close().await;
    names.into_iter().map(|(_, n)| n).collect()
}

async fn people_and_functions(env: &Env) -> (Vec<q::PersonFull>, Vec<(i64, String)>, Vec<(i64, String)>) {
    let core = env.core().await;
    let tenant = core.tenant("test").await.expect("tenant");
    let mut conn = core.store.conn().await.expect("conn");
    let people = q::people_full(&mut conn, &tenant).await.expect("people");
    let functions = q::all_functions(&mut conn, &tenant).await.expect("functions");
    let organisations = q::all_organisation_names(&mut conn, &tenant).await.expect("names");
    drop(conn);
    core.store.close().await;
    (people, functions, organisations)
}

async fn import_audits(env: &Env) -> Vec<q::AuditRow> {
    let core = env.core().await;
    let tenant = core.tenant("test").await.expect("tenant");
    let mut conn = core.store.conn().await.expect("conn");
    let rows = q::audit_log(&mut conn, &tenant, None, 200).await.expect("audit");
    drop(conn);
    core.store.close().await;
    rows.into_iter().filter(|a| a.entity_type == "import").collect()
}

const ORGANISATIONS: &str = "naam;soort;plaats;website;email\n\
    Gemeente Testdorp (fictief);gemeente;Testdorp;https://testdorp.example;info@testdorp.example\n\
    Welzijn Testdorp (fictief);welzijn;Testdorp;;\n\
    Hogeschool Test (fictief);Hogeschool;;;\n";

#[tokio::test]
async fn imports_organisations_then_people() {
    let env = Env::new().await;
    create_werkplaats(&env);

    let file = write(&env, "organisaties.csv", ORGANISATIONS);
    let out = env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");
    assert_eq!(out.trim(), "3 organisaties geïmporteerd in werkplaats test");
    let mut names = organisation_names(&env).await;
    names.sort();
    assert_eq!(names, ["Gemeente Testdorp (fictief)", "Hogeschool Test (fictief)", "Welzijn Testdorp (fictief)"]);

    let people = "name,email,organisation,role\n\
                  Anna Test (fictief),anna@testdorp.example,gemeente testdorp (fictief),lector\n\
                  Bas Test (fictief),,,\n\
                  Cor Test (fictief),cor@test.example,Hogeschool Test (fictief),themaleider\n";
    let file = write(&env, "mensen.csv", people);
    let out = env.ok(&["import", "people", &file, "--werkplaats", "test"], "");
    assert_eq!(out.trim(), "3 personen geïmporteerd in werkplaats test");
    let (people, functions, organisations) = people_and_functions(&env).await;
    assert_eq!(people.len(), 3);
    let anna = people.iter().find(|p| p.name == "Anna Test (fictief)").expect("anna");
    let gemeente = organisations.iter().find(|(_, n)| n == "Gemeente Testdorp (fictief)").map(|(id, _)| *id);
    assert_eq!(anna.organisation_id, gemeente);
    assert_eq!(anna.email.as_deref(), Some("anna@testdorp.example"));
    let cor = people.iter().find(|p| p.name == "Cor Test (fictief)").expect("cor");
    let of = |id: i64| functions.iter().filter(|(p, _)| *p == id).map(|(_, f)| f.as_str()).collect::<Vec<_>>();
    assert_eq!(of(anna.id), ["lector"]);
    assert_eq!(of(cor.id), ["teacher-researcher"], "a themaleider is recorded as docent-onderzoeker");

    // one audit entry per import, by the administrator
    let audits = import_audits(&env).await;
    assert_eq!(audits.len(), 2);
    assert!(audits.iter().all(|a| a.actor_name == "beheerder (opdrachtregel)" && a.action == "create"));
    let afters: Vec<&str> = audits.iter().filter_map(|a| a.after.as_deref()).collect();
    assert!(afters.contains(&r#"{"organisations":3}"#), "{afters:?}");
    assert!(afters.contains(&r#"{"people":3,"functions":2}"#), "{afters:?}");
}

#[tokio::test]
async fn a_bad_line_imports_nothing() {
    let env = Env::new().await;
    create_werkplaats(&env);

    // six good lines and one bad one (line 7), plus a missing name on line 9
    let mut bad = String::from(ORGANISATIONS);
    bad.push_str("Zorg Test (fictief);zorg;;;\nBuurthuis Test (fictief);overig;;;\nBank Test (fictief);bank;;;\n");
    bad.push_str("Nog een (fictief);zorg;;;\n;zorg;;;\n");
    let file = write(&env, "fout.csv", &bad);
    let err = env.fails(&["import", "organisations", &file, "--werkplaats", "test"], "");
    assert!(err.contains("regel 7: soort ‘bank’ is onbekend; kies uit: gemeente, welzijn, zorg, hogeschool"), "{err}");
    assert!(err.contains("regel 9: naam ontbreekt"), "{err}");
    assert!(!err.contains("regel 2:"), "good lines are not reported: {err}");
    assert!(err.contains("2 fouten in het bestand; er is niets geïmporteerd"), "{err}");
    assert!(organisation_names(&env).await.is_empty(), "nothing written");
    assert!(import_audits(&env).await.is_empty());

    // the good lines were not written: importing them now works
    let file = write(&env, "goed.csv", ORGANISATIONS);
    let out = env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");
    assert!(out.starts_with("3 organisaties geïmporteerd"), "{out}");
    assert_eq!(organisation_names(&env).await.len(), 3);

    // and importing them twice is refused, naming every line
    let err = env.fails(&["import", "organisations", &file, "--werkplaats", "test"], "");
    for line in 2..=4 {
        assert!(err.contains(&format!("regel {line}: organisatie ‘")), "{err}");
    }
    assert!(err.contains("bestaat al in deze werkplaats"), "{err}");
    assert_eq!(organisation_names(&env).await.len(), 3);

    // people naming an organisation that does not exist
    let file = write(&env, "mensen.csv", "naam;organisatie\nAnna;Gemeente Testdorp (fictief)\nBas;Onbekend BV\n");
    let err = env.fails(&["import", "people", &file, "--werkplaats", "test"], "");
    assert!(err.contains("regel 3: organisatie ‘Onbekend BV’ bestaat niet"), "{err}");
    assert!(people_and_functions(&env).await.0.is_empty(), "Anna was not imported either");

    // a problem with the file as a whole
    let file = write(&env, "leeg.csv", "");
    let err = env.fails(&["import", "organisations", &file, "--werkplaats", "test"], "");
    assert!(err.contains("bestand: Het bestand is leeg."), "{err}");
}

#[tokio::test]
async fn unknown_werkplaats_or_file() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let file = write(&env, "organisaties.csv", ORGANISATIONS);
    let err = env.fails(&["import", "organisations", &file, "--werkplaats", "bestaat-niet"], "");
    assert!(err.contains("werkplaats \"bestaat-niet\" bestaat niet; bekende werkplaatsen: test"), "{err}");
    let missing = env.dir.path().join("weg.csv").display().to_string();
    let err = env.fails(&["import", "people", &missing, "--werkplaats", "test"], "");
    assert!(err.contains("kan het bestand") && err.contains("weg.csv"), "{err}");
    let out = env.run(&["import", "organisations", &file], "");
    assert_eq!(out.status.code(), Some(2), "--werkplaats is required");
    assert!(organisation_names(&env).await.is_empty());
}

#[tokio::test]
async fn ten_thousand_rows() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let mut organisations = String::from("naam;soort;plaats;website;email\n");
    let mut people = String::from("naam;email;organisatie;rol\n");
    let kinds = ["gemeente", "welzijn", "zorg", "hogeschool", "overig"];
    let roles = ["professional", "lector", "docent-onderzoeker", "themaleider", "student", ""];
    for i in 0..10_000 {
        let kind = kinds[i % kinds.len()];
        writeln!(
            organisations,
            "Organisatie {i} (fictief);{kind};Plaats {i};https://org{i}.example;info@org{i}.example"
        )
        .expect("write");
        let role = roles[i % roles.len()];
        writeln!(people, "Persoon {i} (fictief);p{i}@test.example;organisatie {} (fictief);{role}", i % 500)
            .expect("write");
    }
    let file = write(&env, "organisaties.csv", &organisations);
    let started = Instant::now();
    let out = env.ok(&["import", "organisations", &file, "--werkplaats", "test"], "");
    eprintln!("import of 10,000 organisations ({}): {:?}", backend(), started.elapsed());
    assert!(out.starts_with("10000 organisaties geïmporteerd"), "{out}");

    let file = write(&env, "mensen.csv", &people);
    let started = Instant::now();
    let out = env.ok(&["import", "people", &file, "--werkplaats", "test"], "");
    eprintln!("import of 10,000 people ({}): {:?}", backend(), started.elapsed());
    assert!(out.starts_with("10000 personen geïmporteerd"), "{out}");

    assert_eq!(organisation_names(&env).await.len(), 10_000);
    let (people, functions, organisations) = people_and_functions(&env).await;
    assert_eq!(people.len(), 10_000);
    assert_eq!(functions.len(), 10_000 - 10_000 / roles.len(), "everyone with a role has a function");
    let id_of = |name: &str| organisations.iter().find(|(_, n)| n == name).map(|(id, _)| *id);
    let p = people.iter().find(|p| p.name == "Persoon 9999 (fictief)").expect("last person");
    assert_eq!(p.organisation_id, id_of("Organisatie 499 (fictief)"));
    assert_eq!(import_audits(&env).await.len(), 2);
}
