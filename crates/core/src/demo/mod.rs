//! Demo data: the real knowledge and development agenda 2023-2026 of Werkplaats Sociaal Domein
//! Zuid-Holland Zuid (from `shared/seeds/kennisagenda-zhz-2023-2026.txt`, kept in `testdata/`; text as written there),
//! plus a clearly fictional second werkplaats. All organisations and people are fictional.
use crate::agenda::record_version_as;
use crate::kernel::secret::hash_password;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{AgendaStatus, Role};
use broedplaats_store::{Conn, StoreError, Tenant, ThemeFields, accounts, agenda as q, werkplaats};
use chrono::Datelike;

mod cocreation;
mod collections;
mod education;
mod grants;
mod knowledge;
mod lemniscate;

pub use collections::DEMO_COLLECTION;
pub use education::STUDENT_EMAIL;
pub use lemniscate::NATIONAL_PARTNER_EMAIL;

/// Password of every demo account; printed in the README. Demo data is for trying things out only.
pub const DEMO_PASSWORD: &str = "broedplaats-demo";
const ASSOCIATION: &str = "Associatie Werkplaatsen Sociaal Domein";

struct Theme {
    title: &'static str,
    level: Option<&'static str>,
    introduction: &'static str,
    questions: &'static [&'static str],
    options: &'static [&'static str],
    funding: Option<&'static str>,
}

const ZHZ_THEMES: &[Theme] = &[
    Theme {
        title: "Samen leven",
        level: Some("collectief"),
        introduction: "Er wordt steeds meer verwacht van het samen oplossen van maatschappelijke vraagstukken. \
                       Dit vraagt om een sterke sociale basis.",
        questions: &[
            "Wat is er collectief mogelijk? Of nog meer mogelijk?",
            "Wat werkt er en wat niet.",
            "Welke voorwaarden zijn nodig.",
            "Hoe kunnen sociaal professionals daar samen met burgers en andere relevante actoren een rol spelen.",
        ],
        options: &[
            "Samenzorgzaamheid.",
            "Burgerinitiatieven.",
            "Samenlevingsopbouw/sociale basis.",
            "Meer vertrouwen als basis.",
            "Sociale duurzaamheid.",
            "Structureel en integraal werken.",
            "Collectiveren/collectieve belangbehartiging.",
        ],
        funding: None,
    },
    Theme {
        title: "Weerbaarheid",
        level: Some("doelgroep"),
        introduction: "Elke crisis heeft zijn weerslag op met name kwetsbare groepen in de samenleving.",
        questions: &[
            "Welke oude en nieuwe groepen blijken kwetsbaar voor welke ontwikkelingen?",
            "En welke tonen juist in deze omstandigheden weerbaarheid?",
            "Hoe is weerbaarheid te vergroten?",
            "Hoe ervaren mensen die het nodig hebben de manier waarop zij worden ondersteund.",
            "Welke mogelijkheden zien zijzelf om hun situatie te verbeteren?",
            "En welke aanpakken en werkwijzen sluiten daarbij aan?",
            "Wat werkt in welke context?",
        ],
        options: &[
            "Armoede en sociale ongelijkheid.",
            "Nieuwe armen.",
            "Klimaatadaptatie.",
            "Vluchtelingen.",
            "Gezondheidsverschillen.",
            "Woonomgeving.",
            "Jongeren en mentale gezondheid.",
        ],
        funding: None,
    },
    Theme {
        title: "Professionele veerkracht",
        level: Some("professioneel"),
        introduction: "We zullen het in de toekomst met minder professionele handen moeten doen.",
        questions: &[
            "Wat doet dat met kwaliteit van leven, volgens burgers en professionals?",
            "Hoe is kwaliteit van welzijn en zorg te behouden?",
            "Welke samenwerking vraagt dat met informele krachten?",
            "Welke rol kan technologie eventueel spelen?",
            "Wat vraagt dit alles van professionals en hoe staan zij daar zelf tegenover?",
            "Wat zijn hun ideeën om kwaliteit van het beroep te bewaken en toch door te ontwikkelen?",
            "Welke kansen zien zij?",
        ],
        options: &[
            "Omgaan met technologie.",
            "Interprofessioneel en transdisciplinair werken.",
            "Structureel en integraal werken.",
            "Samenwerken tussen professionals- informele krachten.",
            "Methodiekontwikkeling en implementatie onder deze condities.",
        ],
        funding: None,
    },
    Theme {
        title: "Thuiswonende ouderen",
        level: None,
        introduction: "Het ministerie van VWS heeft ondertussen een extra subsidie beschikbaar gesteld onder de vlag \
                       van de werkplaats rondom 'langer thuiswonen van ouderen'. We kunnen als werkplaats hiervoor een \
                       apart voorstel indienen. De looptijd is drie jaar en er is een aantal bijzondere inhoudelijke \
                       voorwaarden aan verbonden. Daarmee wordt het thema 'ouderen' een apart extra thema op de agenda \
                       van de werkplaats sociaal domein.",
        questions: &[],
        options: &[],
        funding: Some(
            "Extra thema, dat via een aparte aan de werkplaats verbonden subsidie verloopt: subsidie van het \
             ministerie van VWS 'langer thuiswonen van ouderen', looptijd drie jaar, jaarlijks maximaal 200.000 euro. \
             De systematiek van de werkplaats is hetzelfde: een deel subsidie en evenredige delen inzet van de \
             hogeschool en partners.",
        ),
    },
];

const VERTROUWEN: &str = "Vertrouwen als basis om gezamenlijk te werken aan versterken van sociale kwaliteit. \
     In de uitwerking van projecten en activiteiten op subthema's zal vertrouwen een plek gegeven worden. \
     Overstijgend zal gereflecteerd worden op dit begrip.";

/// Fictional partner organisations of the ZHZ demo: (name, kind, city).
const ZHZ_ORGANISATIONS: &[(&str, &str, &str)] = &[
    ("Hogeschool Maasoever (fictief)", "hogeschool", "Rotterdam"),
    ("Hogeschool Rijnmond-Zuid (fictief)", "hogeschool", "Rotterdam"),
    ("Gemeente Merwestad (fictief)", "gemeente", "Merwestad"),
    ("Welzijn Drechtoevers (fictief)", "welzijn", "Merwestad"),
    ("Zorggroep De Linde (fictief)", "zorg", "Lindewaard"),
    ("Bewonersplatform Eilandzicht (fictief)", "burger_clientorganisatie", "Eilandzicht"),
];

/// Fictional demo accounts: (email, name, werkplaats, role, organisation index).
const DEMO_ACCOUNTS: &[(&str, &str, &str, Role, Option<usize>)] = &[
    ("coordinator@zhz.example", "Carla Coördinator (fictief)", "zhz", Role::ProgrammeCoordinator, Some(0)),
    ("lector@zhz.example", "Lars Lector (fictief)", "zhz", Role::Lector, Some(1)),
    ("lid@zhz.example", "Pim Professional (fictief)", "zhz", Role::Professional, Some(3)),
    ("coordinator@voorbeeld.example", "Vera Voorbeeld (fictief)", "voorbeeld", Role::ProgrammeCoordinator, None),
];

impl Core {
    /// Loads the demo data unless a werkplaats `zhz` already exists. Returns whether it loaded.
    pub async fn load_demo(&self) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        if werkplaats::tenant(&mut tx, "zhz").await?.is_some() {
            return Ok(false);
        }
        let zhz = werkplaats::insert(
            &mut tx,
            &werkplaats::NewWerkplaats {
                slug: "zhz",
                name: "Werkplaats Sociaal Domein Zuid-Holland Zuid",
                region: "Zuid-Holland Zuid",
                association: ASSOCIATION,
            },
        )
        .await?;
        let agenda = q::insert(
            &mut tx,
            &zhz,
            ("2023-2026", 2023, 2026),
            "Met elkaar werken aan duurzame sociale kwaliteit",
            "sociale kwaliteit voor de brede basis",
        )
        .await?;
        insert_themes(&mut tx, &zhz, agenda.id, ZHZ_THEMES).await?;
        q::insert_cross_cutting(&mut tx, &zhz, agenda.id, "vertrouwen", VERTROUWEN, 1).await?;
        let authors = "Richard de Brabander en Erna Hooghiemstra (lectoren)";
        // The seed keeps only the definitive text, so version 1 carries that same text as concept.
        record_version_as(
            &mut tx,
            &zhz,
            None,
            authors,
            "Concept agenda voorgelegd aan de (kandidaat) deelnemers van de werkplaats.",
            Some(AgendaStatus::Concept),
            Some("2022-10-20"),
        )
        .await?;
        record_version_as(
            &mut tx,
            &zhz,
            None,
            authors,
            "Op 20 oktober 2022 voorgestelde aanpassingen verwerkt; definitieve agenda.",
            Some(AgendaStatus::Definitief),
            Some("2022-11-03"),
        )
        .await?;

        let mut org_ids = Vec::new();
        for (name, kind, city) in ZHZ_ORGANISATIONS {
            org_ids.push(accounts::insert_organisation(&mut tx, &zhz, name, kind, Some(city)).await?);
        }

        let voorbeeld = werkplaats::insert(
            &mut tx,
            &werkplaats::NewWerkplaats {
                slug: "voorbeeld",
                name: "Werkplaats Sociaal Domein Voorbeeldregio (fictief)",
                region: "Voorbeeldregio (fictief)",
                association: ASSOCIATION,
            },
        )
        .await?;
        let agenda = q::insert(
            &mut tx,
            &voorbeeld,
            ("2023-2026", 2023, 2026),
            "Samen sterk in de wijk (fictief voorbeeld)",
            "sociale kwaliteit voor de brede basis",
        )
        .await?;
        insert_themes(&mut tx, &voorbeeld, agenda.id, VOORBEELD_THEMES).await?;
        record_version_as(
            &mut tx,
            &voorbeeld,
            None,
            "Vera Voorbeeld (fictief)",
            "Eerste concept (fictieve demonstratie).",
            Some(AgendaStatus::Concept),
            None,
        )
        .await?;

        // One hash for all demo accounts: hashing is deliberately slow and start-up should not be.
        let hash = hash_password(DEMO_PASSWORD)?;
        for (email, name, slug, role, org) in DEMO_ACCOUNTS {
            let tenant: &Tenant = if *slug == "zhz" { &zhz } else { &voorbeeld };
            let id = accounts::insert_account(&mut tx, email, name, &hash).await?;
            accounts::grant_role(&mut tx, tenant, id, role.code()).await?;
            let org_id = org.and_then(|i| org_ids.get(i).copied());
            accounts::insert_person(&mut tx, tenant, name, Some(email), org_id, Some(id)).await?;
        }
        for (i, name) in
            ["Anna Jansen (fictief)", "Bram de Wit (fictief)", "Fatima El Amrani (fictief)"].iter().enumerate()
        {
            accounts::insert_person(&mut tx, &zhz, name, None, org_ids.get(i + 2).copied(), None).await?;
        }
        let theme_ids = agenda_theme_ids(&mut tx, &zhz).await?;
        load_demo_organisation(&mut tx, &zhz, theme_ids.clone(), &org_ids).await?;
        let mut voters = Vec::new();
        for (email, name, ..) in DEMO_ACCOUNTS.iter().filter(|a| a.2 == "zhz") {
            let account = accounts::account_by_email(&mut tx, email).await?.ok_or(CoreError::NotFound)?;
            voters.push((account.id, (*name).to_owned()));
        }
        let coordinator = voters[0].clone();
        cocreation::load(&mut tx, &zhz, &theme_ids, &org_ids, &voters, (coordinator.0, &coordinator.1)).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.index_now().await;
        tracing::info!("demo data loaded");
        Ok(true)
    }
}

async fn agenda_theme_ids(conn: &mut broedplaats_store::Conn, t: &Tenant) -> Result<Vec<i64>> {
    let agenda = q::current(conn, t).await?.ok_or(crate::CoreError::NotFound)?;
    Ok(q::themes(conn, t, agenda.id).await?.iter().map(|th| th.id).collect())
}

/// The ZHZ organisation, fictional people and partners, shaped so that the governance page shows
/// what a coordinator plausibly meets: most rules met, one theme group short of partners
/// (violation), a docent-onderzoeker whose days are not recorded and a partner not yet in enough
/// projects (warnings).
async fn load_demo_organisation(
    conn: &mut broedplaats_store::Conn,
    t: &Tenant,
    themes: Vec<i64>,
    base_orgs: &[i64],
) -> Result<()> {
    use broedplaats_store::organisation::{self as o, Links};
    let [samen, weerbaar, veerkracht, ouderen] = themes[..] else {
        return Err(crate::CoreError::Internal("demo agenda has four themes".into()));
    };
    // base_orgs: 0 HS Maasoever, 1 HS Rijnmond-Zuid, 2 Gemeente, 3 Welzijn, 4 Zorggroep, 5 Bewonersplatform
    let org = |i: usize| base_orgs[i];
    let people = o::people_full(conn, t).await?;
    let by_name = |n: &str| people.iter().find(|p| p.name.starts_with(n)).map(|p| p.id);
    let (Some(carla), Some(lars), Some(pim)) = (by_name("Carla"), by_name("Lars"), by_name("Pim")) else {
        return Err(crate::CoreError::Internal("demo accounts missing".into()));
    };
    o::set_functions(conn, t, carla, &["programme-coordinator"]).await?;
    o::set_functions(conn, t, lars, &["lector"]).await?;
    o::set_functions(conn, t, pim, &["professional"]).await?;

    let mut person =
        async |name: &str, org_i: usize, position: &str, manager: bool, days: Option<f64>, function: &str| {
            let id = o::insert_person_full(
                conn,
                t,
                &o::PersonFields {
                    name,
                    email: None,
                    organisation_id: Some(org(org_i)),
                    position: Some(position),
                    is_manager: manager,
                    days_per_week: days,
                },
            )
            .await?;
            o::set_functions(conn, t, id, &[function]).await?;
            Ok::<i64, crate::CoreError>(id)
        };
    let lotte = person("Lotte Lector (fictief)", 1, "lector", false, None, "lector").await?;
    let dirk = person("Dirk Docent (fictief)", 0, "docent-onderzoeker", false, Some(1.0), "teacher-researcher").await?;
    let roos =
        person("Roos Onderzoeker (fictief)", 1, "docent-onderzoeker", false, Some(1.5), "teacher-researcher").await?;
    let sanne = person("Sanne de Jong (fictief)", 0, "docent-onderzoeker", false, None, "teacher-researcher").await?;
    let youssef =
        person("Youssef Bakker (fictief)", 1, "docent-onderzoeker", false, Some(2.0), "teacher-researcher").await?;
    let mirjam =
        person("Mirjam Manager (fictief)", 2, "afdelingshoofd sociaal domein", true, None, "consortium-member").await?;
    let wim = person("Wim Welzijn (fictief)", 3, "directeur", true, None, "consortium-member").await?;
    let zoe = person("Zoë Zorg (fictief)", 4, "bestuurder", true, None, "consortium-member").await?;
    let bert = person("Bert Bewoner (fictief)", 5, "voorzitter", true, None, "consortium-member").await?;
    let gina = person("Gina Gemeente (fictief)", 2, "beleidsmedewerker", false, None, "professional").await?;
    let karim = person("Karim Wijkwerker (fictief)", 3, "opbouwwerker", false, None, "professional").await?;
    let ellen =
        person("Ellen Verpleegkundige (fictief)", 4, "wijkverpleegkundige", false, None, "professional").await?;
    let hanna = person("Hanna Vrijwilliger (fictief)", 5, "vrijwilliger", false, None, "citizen").await?;

    for (org_i, rep, hours, note) in [
        (2, mirjam, 400, "uren van beleidsmedewerkers en vergaderruimte"),
        (3, wim, 600, "uren van opbouwwerkers en een ruimte in het buurthuis"),
        (4, zoe, 300, "uren van wijkverpleegkundigen"),
        (5, bert, 80, "inzet naar vermogen: ervaringskennis van bewoners"),
    ] {
        o::insert_letter(
            conn,
            t,
            &o::LetterFields {
                organisation_id: org(org_i),
                signed_on: "2022-12-15",
                representative_id: Some(rep),
                estimated_hours: Some(hours),
                estimated_note: Some(note),
            },
        )
        .await?;
    }

    let groups: [(i64, i64, &[usize], &[i64]); 4] = [
        (samen, dirk, &[0, 1, 2, 3, 5], &[dirk, gina, karim, hanna, pim]),
        (weerbaar, roos, &[0, 1, 2, 3], &[roos, gina, karim]),
        // Only one partner besides the hogescholen: the violation a coordinator meets.
        (veerkracht, sanne, &[0, 1, 4], &[sanne, ellen]),
        (ouderen, youssef, &[0, 1, 2, 4], &[youssef, ellen, gina]),
    ];
    let mut group_ids = Vec::new();
    for (theme, lead, orgs, members) in groups {
        let id = o::insert_theme_group(conn, t, theme, Some(lead), "").await?;
        group_ids.push((id, theme, lead));
        let org_ids: Vec<i64> = orgs.iter().map(|i| org(*i)).collect();
        o::replace_links(conn, t, Links::ThemeGroupOrganisations, id, &org_ids).await?;
        o::replace_links(conn, t, Links::ThemeGroupMembers, id, members).await?;
    }

    type DemoProject<'a> = (i64, &'a str, &'a str, &'a str, &'a [usize], &'a [(i64, &'a str)]);
    let projects: [DemoProject; 4] = [
        (
            samen,
            "Samen zorgzaam in Merwestad (fictief)",
            "groot",
            "lopend",
            &[0, 2, 3, 5],
            &[(dirk, "projectleider"), (karim, "opbouwwerker"), (hanna, "ervaringsdeskundige")],
        ),
        (
            weerbaar,
            "Nieuwe armen in beeld (fictief)",
            "middel",
            "lopend",
            &[1, 2, 3],
            &[(roos, "projectleider"), (gina, "beleidsmedewerker")],
        ),
        // Zorggroep De Linde takes part in one small project only: the letter-of-intent warning.
        (
            veerkracht,
            "Technologie in de wijkverpleging (fictief)",
            "klein",
            "in_voorbereiding",
            &[0, 4],
            &[(sanne, "projectleider"), (ellen, "wijkverpleegkundige")],
        ),
        (ouderen, "Langer thuis in Lindewaard (fictief)", "groot", "idee", &[1, 2, 5], &[(youssef, "projectleider")]),
    ];
    for (theme, title, size, status, orgs, members) in projects {
        let id = o::insert_project(
            conn,
            t,
            &o::ProjectFields {
                theme_id: theme,
                title,
                questions_json: r#"["Wat werkt in deze wijk, volgens bewoners en professionals?"]"#,
                higher_goal: "Bijdragen aan duurzame sociale kwaliteit in de regio.",
                four_os_json: r#"["onderzoek","ontwikkeling"]"#,
                methods_json: r#"["praktijkgericht onderzoek","leerkringen"]"#,
                size,
                starts_on: Some("2023-03-01"),
                ends_on: Some("2026-12-31"),
                status,
                visibility: "public",
                plan: "Fictief projectplan voor de demonstratie.",
            },
        )
        .await?;
        broedplaats_store::knowledge::outbox_push(conn, t, crate::organisation::PROJECT, id).await?;
        let org_rows: Vec<(i64, String, String)> =
            orgs.iter().map(|i| (org(*i), "naar afspraak in het projectplan".to_owned(), String::new())).collect();
        let people: Vec<(i64, String)> = members.iter().map(|(p, r)| (*p, (*r).to_owned())).collect();
        o::replace_project_participants(conn, t, id, &org_rows, &people).await?;
        o::insert_plan_version(
            conn,
            t,
            id,
            "Fictief projectplan voor de demonstratie.",
            "demo",
            "Projectplan opgesteld",
        )
        .await?;
    }

    let mt = o::insert_body(conn, t, "mt", "Managementteam").await?;
    o::replace_links(conn, t, Links::BodyMembers, mt, &[carla, lars, lotte, dirk, roos, sanne, youssef]).await?;
    // The MT met monthly over the past year (relative to when the demo is loaded).
    let today = chrono::Utc::now().date_naive();
    let meetings: Vec<String> = (1..=12)
        .filter_map(|back| today.checked_sub_months(chrono::Months::new(back)))
        .filter_map(|d| d.with_day(10))
        .map(|d| working_day(d).format("%Y-%m-%d").to_string())
        .collect();
    for d in &meetings {
        body_meeting(conn, t, mt, "mt_overleg", "MT-overleg", d).await?;
    }
    let consortium = o::insert_body(conn, t, "consortium", "Consortium").await?;
    o::replace_links(conn, t, Links::BodyMembers, consortium, &[mirjam, wim, zoe, bert, lars, lotte, carla]).await?;
    let quarterly: Vec<String> = meetings.iter().step_by(3).cloned().collect();
    let mut last_consortium = None;
    for d in &quarterly {
        last_consortium = Some(body_meeting(conn, t, consortium, "consortiumoverleg", "Consortiumoverleg", d).await?);
    }
    let next_mt = today.checked_add_months(chrono::Months::new(1)).and_then(|d| d.with_day(10)).map(working_day);
    if let Some(d) = next_mt {
        body_meeting(conn, t, mt, "mt_overleg", "MT-overleg", &d.format("%Y-%m-%d").to_string()).await?;
    }
    if let Some(id) = last_consortium {
        demo_report(
            conn,
            t,
            id,
            "## Verslag\n\nDe lectoren lichtten de voortgang per thema toe. De partners herkennen de vragen uit \
             de praktijk en willen de **themabijeenkomsten** samen voorbereiden.",
            &["De themabijeenkomst Weerbaarheid wordt samen met Welzijn Merwestad voorbereid."],
            &[("Uitnodiging themabijeenkomst versturen", "Carla Coördinator (fictief)", 14)],
        )
        .await?;
    }
    load_demo_activities(conn, t, &group_ids, today).await
}

/// Knowledge sharing in the demo: a monthly kenniscafé (six months back, six ahead), a theme
/// meeting per theme group, and the symposium of 17 November 2022 with which the previous
/// period closed (seed, chapter 1).
async fn load_demo_activities(
    conn: &mut Conn,
    t: &Tenant,
    groups: &[(i64, i64, i64)],
    today: chrono::NaiveDate,
) -> Result<()> {
    use crate::activities::expand_rule;
    use crate::kernel::time::{parse_moment, stored};
    use broedplaats_store::activities::{self as a, ActivityFields, ActivityLinks};
    let internal = |e: broedplaats_domain::FieldErrorKind| CoreError::Internal(format!("demo time: {e:?}"));
    let fields = |kind: &str, title: &str, description: &str, audience: &str| ActivityFields {
        kind: kind.into(),
        title: title.into(),
        description: description.into(),
        starts_at: String::new(),
        ends_at: String::new(),
        location: None,
        online_url: None,
        capacity: None,
        audience: audience.into(),
        theme_group_id: None,
        project_id: None,
        body_id: None,
        four_os: r#"["ondersteuning"]"#.into(),
    };

    // The kenniscafé: third Thursday of the month, 15:00-17:00.
    let start_month = today.checked_sub_months(chrono::Months::new(6)).unwrap_or(today);
    let first_day =
        chrono::NaiveDate::from_weekday_of_month_opt(start_month.year(), start_month.month(), chrono::Weekday::Thu, 3)
            .unwrap_or(start_month);
    let first = parse_moment(&format!("{}T15:00", first_day.format("%Y-%m-%d"))).map_err(internal)?;
    let rule = "FREQ=MONTHLY;BYDAY=3TH;COUNT=13";
    let series = a::insert_series(conn, t, rule, &stored(first)).await?;
    let mut cafe = fields(
        "kenniscafe",
        "Kenniscafé",
        "Elke maand praten professionals, studenten, docenten en bewoners over een kwestie uit de praktijk. \
         Iedereen is welkom; aanmelden helpt ons bij het plannen.",
        "public",
    );
    cafe.location = Some("Bibliotheek Merwestad, Stationsplein 1, Merwestad (fictief)".into());
    cafe.capacity = Some(40);
    cafe.four_os = r#"["onderwijs","ondersteuning"]"#.into();
    let mut upcoming = None;
    for start in expand_rule(rule, first).map_err(internal)? {
        let mut f = cafe.clone();
        f.starts_at = stored(start);
        f.ends_at = stored(start + chrono::Duration::hours(2));
        let id = a::insert_activity(conn, t, &f, Some((series, &f.starts_at)), None).await?;
        if start > chrono::Utc::now() && upcoming.is_none() {
            upcoming = Some(id);
        }
    }
    // A few fictional registrations for the next one, so an organiser sees a list.
    if let Some(id) = upcoming {
        for (name, email, organisation) in [
            ("Fatima El Amrani (fictief)", "fatima@voorbeeld.example", Some("Welzijn Merwestad (fictief)")),
            ("Joost van Dam (fictief)", "joost@voorbeeld.example", None),
            ("Priya Ramdin (fictief)", "priya@voorbeeld.example", Some("Hogeschool Maasoever (fictief)")),
        ] {
            let hash = crate::kernel::secret::hash_secret(&crate::kernel::secret::new_secret());
            let r = a::NewRegistration {
                account_id: None,
                name,
                email,
                organisation,
                accessibility_needs: None,
                status: "registered",
                cancel_token_hash: &hash,
            };
            a::insert_registration(conn, t, id, &r).await?;
        }
    }

    // One theme meeting per theme group: two held, two coming.
    let titles = [
        "Themabijeenkomst Samen leven: wat kan collectief?",
        "Themabijeenkomst Weerbaarheid: nieuwe armen in beeld",
        "Themabijeenkomst Professionele veerkracht",
        "Themabijeenkomst Thuiswonende ouderen",
    ];
    for (i, ((group, theme, lead), title)) in groups.iter().zip(titles).enumerate() {
        let day = if i < 2 {
            today - chrono::Duration::days(40 - 10 * i as i64)
        } else {
            today + chrono::Duration::days(20 + 14 * i as i64)
        };
        let start = parse_moment(&format!("{}T13:30", day.format("%Y-%m-%d"))).map_err(internal)?;
        let mut f = fields("themabijeenkomst", title, "Met partners uit beleid, praktijk en onderwijs.", "partners");
        f.starts_at = stored(start);
        f.ends_at = stored(start + chrono::Duration::hours(3));
        f.location = Some("Hogeschool Maasoever, Merwestad (fictief)".into());
        f.theme_group_id = Some(*group);
        f.four_os = r#"["onderzoek","ontwikkeling"]"#.into();
        let id = a::insert_activity(conn, t, &f, None, None).await?;
        a::replace_links(conn, t, ActivityLinks::Themes, id, &[*theme]).await?;
        a::replace_links(conn, t, ActivityLinks::OrganiserPeople, id, &[*lead]).await?;
        if i == 0 {
            demo_report(
                conn,
                t,
                id,
                "Dertig deelnemers bespraken wat bewoners samen oppakken en wat zij daarvoor nodig hebben.",
                &["Het project *Samen zorgzaam* nodigt twee bewonersinitiatieven uit voor de leerkring."],
                &[("Leerkring plannen", "Dirk Docent (fictief)", 30)],
            )
            .await?;
        }
    }

    // The symposium with which the previous period closed.
    let start = parse_moment("2022-11-17T13:00").map_err(internal)?;
    let mut f = fields(
        "symposium",
        "Symposium: opbrengsten van de werkplaats 2019-2022",
        "De opbrengsten van drie werkteams (armoede en schulden, de verbinding tussen sociaal en gezond, \
         vroegtijdige aanpak van multi-problematiek) gebundeld en gepresenteerd.",
        "public",
    );
    f.starts_at = stored(start);
    f.ends_at = stored(start + chrono::Duration::hours(4));
    f.location = Some("Dordrecht".into());
    f.four_os = r#"["onderzoek","ontwikkeling","onderwijs","ondersteuning"]"#.into();
    let id = a::insert_activity(conn, t, &f, None, None).await?;
    a::set_attendance_count(conn, t, id, Some(120)).await?;
    demo_report(
        conn,
        t,
        id,
        "Het symposium sloot de periode 2019-2022 af en opende het gesprek over de nieuwe kennisagenda.",
        &["De kennisagenda 2023-2026, op 3 november vastgesteld, is het vertrekpunt voor de nieuwe periode."],
        &[],
    )
    .await?;
    Ok(())
}

async fn demo_report(
    conn: &mut Conn,
    t: &Tenant,
    activity: i64,
    minutes: &str,
    decisions: &[&str],
    actions: &[(&str, &str, i64)],
) -> Result<()> {
    use broedplaats_store::activities as a;
    let decisions = serde_json::to_string(decisions).map_err(|e| CoreError::Internal(e.to_string()))?;
    a::upsert_report(conn, t, activity, minutes, &decisions, "Carla Coördinator (fictief)").await?;
    let today = chrono::Utc::now().date_naive();
    let due: Vec<String> = actions
        .iter()
        .map(|(_, _, days)| (today + chrono::Duration::days(*days)).format("%Y-%m-%d").to_string())
        .collect();
    let fields: Vec<a::ActionFields> = actions
        .iter()
        .zip(&due)
        .map(|((d, o, _), due)| a::ActionFields { description: d, owner: o, due_on: Some(due), done: false })
        .collect();
    a::replace_actions(conn, t, activity, &fields).await?;
    Ok(())
}

/// A meeting of the MT or consortium on `date`, 10:00-12:00 Amsterdam time, for members.
pub async fn body_meeting(conn: &mut Conn, t: &Tenant, body: i64, kind: &str, title: &str, date: &str) -> Result<i64> {
    let starts =
        crate::kernel::time::parse_moment(&format!("{date}T10:00")).map_err(|_| CoreError::Internal(date.into()))?;
    let fields = broedplaats_store::activities::ActivityFields {
        kind: kind.into(),
        title: title.into(),
        description: String::new(),
        starts_at: crate::kernel::time::stored(starts),
        ends_at: crate::kernel::time::stored(starts + chrono::Duration::hours(2)),
        location: Some("Hogeschool Rotterdam, Dordrecht".into()),
        online_url: None,
        capacity: None,
        audience: "members".into(),
        theme_group_id: None,
        project_id: None,
        body_id: Some(body),
        four_os: "[]".into(),
    };
    Ok(broedplaats_store::activities::insert_activity(conn, t, &fields, None, None).await?)
}

const VOORBEELD_THEMES: &[Theme] = &[
    Theme {
        title: "Eenzaamheid in de wijk (fictief)",
        level: Some("collectief"),
        introduction: "Een fictief voorbeeldthema om te laten zien dat elke werkplaats een eigen agenda heeft.",
        questions: &["Wat helpt bewoners om elkaar te vinden?"],
        options: &["Buurtkamers.", "Maatjesprojecten."],
        funding: None,
    },
    Theme {
        title: "Schulden voorkomen (fictief)",
        level: Some("doelgroep"),
        introduction: "Nog een fictief voorbeeldthema.",
        questions: &["Hoe signaleren we geldzorgen eerder?"],
        options: &["Vroegsignalering."],
        funding: None,
    },
];

async fn insert_themes(conn: &mut broedplaats_store::Conn, t: &Tenant, agenda_id: i64, themes: &[Theme]) -> Result<()> {
    for th in themes {
        let questions = serde_json::to_string(th.questions).map_err(|e| crate::CoreError::Internal(e.to_string()))?;
        let id = q::insert_theme(
            conn,
            t,
            agenda_id,
            &ThemeFields {
                title: th.title,
                level: th.level,
                introduction: th.introduction,
                questions_json: &questions,
                funding: th.funding,
            },
        )
        .await?;
        for (pos, o) in th.options.iter().enumerate() {
            q::insert_project_option(conn, t, id, o, pos as i64 + 1).await?;
        }
    }
    Ok(())
}

/// Fields of a new werkplaats with its first agenda.
pub struct NewWerkplaats<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    /// e.g. "2023-2026"
    pub period: &'a str,
    pub motto: &'a str,
    pub national_theme: &'a str,
}

impl Core {
    /// Creates a werkplaats with an empty concept agenda (version 1), for the admin CLI.
    pub async fn create_werkplaats(&self, w: &NewWerkplaats<'_>) -> Result<()> {
        use broedplaats_domain::{FieldErrorKind, FieldErrors, Slug};
        let mut errors = FieldErrors::new();
        let slug = errors.take("slug", Slug::parse(w.slug));
        let name = errors.take("name", broedplaats_domain::BoundedText::<200>::parse(w.name));
        let region = errors.take("region", broedplaats_domain::BoundedText::<200>::parse(w.region));
        let years = w
            .period
            .split_once('-')
            .and_then(|(a, b)| Some((a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?)))
            .filter(|(a, b)| b >= a && *a > 1900);
        if years.is_none() {
            errors.push("period", FieldErrorKind::Invalid);
        }
        let (Some(slug), Some(name), Some(region), Some((start, end))) = (slug, name, region, years) else {
            return Err(errors.into());
        };
        let mut tx = self.store.begin().await?;
        let tenant = werkplaats::insert(
            &mut tx,
            &werkplaats::NewWerkplaats {
                slug: slug.as_str(),
                name: name.as_str(),
                region: region.as_str(),
                association: ASSOCIATION,
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => FieldErrors::single("slug", FieldErrorKind::Duplicate).into(),
            e => crate::CoreError::from(e),
        })?;
        q::insert(&mut tx, &tenant, (w.period, start, end), w.motto, w.national_theme).await?;
        record_version_as(
            &mut tx,
            &tenant,
            None,
            "beheer",
            "Werkplaats aangemaakt.",
            Some(AgendaStatus::Concept),
            None,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}

/// The MT meets around the 10th: on a weekday, never on a Saturday or Sunday (moved to the Monday).
fn working_day(d: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    match d.weekday() {
        chrono::Weekday::Sat => d + chrono::Days::new(2),
        chrono::Weekday::Sun => d + chrono::Days::new(1),
        _ => d,
    }
}

/// The actor of a demo account (made by `load_demo`).
async fn demo_actor(conn: &mut Conn, email: &str) -> Result<crate::Actor> {
    let a = accounts::account_by_email(conn, email)
        .await?
        .ok_or_else(|| CoreError::Internal(format!("demo account {email} missing")))?;
    crate::kernel::actor::load_actor(conn, a.id, a.email, a.name).await
}
