//! Demo data: the real knowledge and development agenda 2023-2026 of Werkplaats Sociaal Domein
//! Zuid-Holland Zuid (from `shared/seeds/kennisagenda-zhz-2023-2026.txt`, text as written there),
//! plus a clearly fictional second werkplaats. All organisations and people are fictional.
use crate::agenda::record_version_as;
use crate::auth::hash_password;
use crate::{Core, Result};
use broedplaats_domain::{AgendaStatus, Role};
use broedplaats_store::{StoreError, Tenant, ThemeFields, accounts, agenda as q, werkplaats};

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
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!("demo data loaded");
        Ok(true)
    }
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
