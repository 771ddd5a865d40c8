//! Demo knowledge base: knowledge products, practice questions, an approach with its working
//! factors and citizens' stories (with consent) for the demo werkplaatsen. Everything is
//! fictional and goes through the same use cases as the pages and the API, so the search index
//! and the audit log see it as they would see real work.
use super::demo_actor;
use crate::knowledge::StoryInput;
use crate::knowledge::{ApproachInput, QuestionInput};
use crate::knowledge::{ProductInput, Ref};
use crate::{Core, Result};
use broedplaats_store::knowledge::{KnowledgeTable, all_ids};
use broedplaats_store::werkplaats;

struct DemoProduct {
    kind: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    year: i64,
    theme: &'static str,
    kwesties: &'static [&'static str],
    organisations: &'static [&'static str],
    audiences: &'static [&'static str],
    four_os: &'static [&'static str],
    visibility: &'static str,
}

const ZHZ_PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        kind: "werkvorm",
        title: "Keukentafelgesprek over geldzorgen (fictief)",
        summary: "Een werkvorm voor sociaal werkers en schuldhulpverleners om geldzorgen vroeg en zonder \
                  schaamte bespreekbaar te maken.",
        body: "## Doel\n\nGeldzorgen eerder signaleren, voordat schulden oplopen.\n\n## Werkwijze\n\n\
               1. Begin bij wat goed gaat in het huishouden.\n2. Vraag naar vaste lasten en onverwachte uitgaven.\n\
               3. Maak samen een eerste stap: een afspraak bij de schuldhulpverlening of de formulierenbrigade.\n\n\
               Getest met bewoners van twee wijken in Merwestad.",
        year: 2024,
        theme: "Weerbaarheid",
        kwesties: &["Armoede en schulden"],
        organisations: &["Welzijn Drechtoevers (fictief)", "Hogeschool Rijnmond-Zuid (fictief)"],
        audiences: &["professionals", "onderwijs"],
        four_os: &["ontwikkeling", "ondersteuning"],
        visibility: "public",
    },
    DemoProduct {
        kind: "publicatie",
        title: "Nieuwe armen in beeld: werkende huishoudens met schulden (fictief)",
        summary: "Verkennend onderzoek naar huishoudens die ondanks werk in financiële problemen komen, \
                  en wat zij van gemeente en welzijn nodig hebben.",
        body: "Steeds meer werkende huishoudens hebben moeite rond te komen. Zij zoeken laat hulp en vallen \
               vaak buiten regelingen. Uit 24 interviews blijkt dat vertrouwen in de hulpverlener de doorslag \
               geeft. Aanbevelingen voor vroegsignalering, laagdrempelige inloop en samenwerking tussen \
               schuldhulpverlening en werkgevers.",
        year: 2025,
        theme: "Weerbaarheid",
        kwesties: &["Armoede en schulden", "Bestaanszekerheid"],
        organisations: &["Hogeschool Rijnmond-Zuid (fictief)", "Gemeente Merwestad (fictief)"],
        audiences: &["beleid", "professionals"],
        four_os: &["onderzoek"],
        visibility: "public",
    },
    DemoProduct {
        kind: "factsheet",
        title: "Mantelzorgers van thuiswonende ouderen in Lindewaard (fictief)",
        summary: "Cijfers en ervaringen van mantelzorgers die zorgen voor een ouder die thuis woont: \
                  belasting, steun en wat helpt.",
        body: "Een op de drie mantelzorgers voelt zich zwaar belast. Respijtzorg is bekend, maar wordt weinig \
               gebruikt. Mantelzorgers vragen om één vast aanspreekpunt in de wijk en om erkenning door \
               professionals in de ouderenzorg.",
        year: 2025,
        theme: "Thuiswonende ouderen",
        kwesties: &["Mantelzorg", "Langer thuis wonen"],
        organisations: &["Zorggroep De Linde (fictief)"],
        audiences: &["professionals", "beleid", "burgers"],
        four_os: &["onderzoek", "ondersteuning"],
        visibility: "public",
    },
    DemoProduct {
        kind: "methodiek",
        title: "Samenzorgzaamheid in de buurt: een methodiek voor opbouwwerk (fictief)",
        summary: "Hoe opbouwwerkers, bewoners en vrijwilligers samen zorg dragen voor buren die \
                  eenzaam zijn of hulp nodig hebben.",
        body: "De methodiek beschrijft vier stappen: verkennen, verbinden, versterken en verduurzamen. \
               Centraal staat de sociale basis: ontmoeting, burgerinitiatieven en vertrouwen tussen bewoners \
               en professionals. Met voorbeelden uit het project Samen zorgzaam in Merwestad.",
        year: 2024,
        theme: "Samen leven",
        kwesties: &["Eenzaamheid", "Sociale basis"],
        organisations: &["Welzijn Drechtoevers (fictief)", "Bewonersplatform Eilandzicht (fictief)"],
        audiences: &["professionals", "burgers"],
        four_os: &["ontwikkeling"],
        visibility: "public",
    },
    DemoProduct {
        kind: "onderwijsmateriaal",
        title: "Lesmodule morele stress bij sociaal professionals (fictief)",
        summary: "Een lesmodule voor studenten social work over morele stress, veerkracht en intervisie.",
        body: "Vier bijeenkomsten met casussen uit de wijkverpleging en het sociaal werk. Studenten leren \
               morele stress herkennen en bespreekbaar maken in intervisie.",
        year: 2026,
        theme: "Professionele veerkracht",
        kwesties: &["Werkdruk in zorg en welzijn"],
        organisations: &["Hogeschool Maasoever (fictief)"],
        audiences: &["onderwijs"],
        four_os: &["onderwijs"],
        visibility: "partners",
    },
    DemoProduct {
        kind: "verslag",
        title: "Verslag kenniscafé: zorg voor ouderen die thuis wonen (fictief)",
        summary: "Wat bewoners, wijkverpleegkundigen en beleidsmakers zeiden over langer thuis wonen \
                  en de rol van de buurt.",
        body: "Veertig deelnemers bespraken hoe de zorg voor ouderen in de wijk beter kan aansluiten op wat \
               ouderen zelf willen. Thema's: eenzaamheid, technologie thuis en steun aan mantelzorgers.",
        year: 2025,
        theme: "Thuiswonende ouderen",
        kwesties: &["Langer thuis wonen", "Eenzaamheid"],
        organisations: &["Gemeente Merwestad (fictief)"],
        audiences: &["professionals", "burgers"],
        four_os: &["ondersteuning"],
        visibility: "public",
    },
];

const VOORBEELD_PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        kind: "advies",
        title: "Vroegsignalering van geldzorgen via de huisarts (fictief)",
        summary: "Advies aan gemeenten om huisartsen en schuldhulpverleners te laten samenwerken bij \
                  signalen van schulden.",
        body: "Huisartsen zien geldzorgen vaak eerder dan de gemeente. Een vaste verwijsroute naar \
               schuldhulpverlening verkort de tijd tot hulp.",
        year: 2025,
        theme: "Schulden voorkomen (fictief)",
        kwesties: &["Armoede en schulden"],
        organisations: &[],
        audiences: &["beleid"],
        four_os: &["ontwikkeling"],
        visibility: "public",
    },
    DemoProduct {
        kind: "instrument",
        title: "Buurtkamer-monitor: eenzaamheid in de wijk meten (fictief)",
        summary: "Een korte vragenlijst voor buurtkamers om te volgen of bezoekers zich minder eenzaam voelen.",
        body: "Tien vragen, af te nemen bij het eerste bezoek en na drie maanden.",
        year: 2024,
        theme: "Eenzaamheid in de wijk (fictief)",
        kwesties: &["Eenzaamheid"],
        organisations: &[],
        audiences: &["professionals"],
        four_os: &["onderzoek"],
        visibility: "public",
    },
];

impl DemoProduct {
    fn input(&self) -> ProductInput {
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        ProductInput {
            kind: self.kind.into(),
            title: self.title.into(),
            summary: self.summary.into(),
            body: Some(self.body.into()),
            year: Some(self.year),
            themes: vec![Ref::Name(self.theme.into())],
            kwesties: strings(self.kwesties),
            organisations: self.organisations.iter().map(|o| Ref::Name((*o).into())).collect(),
            visibility: Some(self.visibility.into()),
            status: Some("published".into()),
            audiences: strings(self.audiences),
            four_os: strings(self.four_os),
            ..ProductInput::default()
        }
    }
}

impl Core {
    /// Loads the demo knowledge base unless it is there already (or the demo werkplaatsen are
    /// missing). Returns whether it loaded. Called after [`Core::load_demo`].
    pub async fn load_demo_knowledge(&self) -> Result<bool> {
        let (zhz, voorbeeld, lector, coordinator) = {
            let mut conn = self.store.conn().await?;
            let (Some(zhz), Some(voorbeeld)) =
                (werkplaats::tenant(&mut conn, "zhz").await?, werkplaats::tenant(&mut conn, "voorbeeld").await?)
            else {
                return Ok(false);
            };
            if !all_ids(&mut conn, &zhz, KnowledgeTable::Products).await?.is_empty() {
                return Ok(false);
            }
            let lector = demo_actor(&mut conn, "lector@zhz.example").await?;
            let coordinator = demo_actor(&mut conn, "coordinator@zhz.example").await?;
            (zhz, voorbeeld, lector, coordinator)
        };
        let none = |_: usize, _: usize| {};
        let inputs: Vec<ProductInput> = ZHZ_PRODUCTS.iter().map(DemoProduct::input).collect();
        self.import_products_as_admin(&zhz, &inputs, &none).await?;
        let inputs: Vec<ProductInput> = VOORBEELD_PRODUCTS.iter().map(DemoProduct::input).collect();
        self.import_products_as_admin(&voorbeeld, &inputs, &none).await?;

        let project = {
            let mut conn = self.store.conn().await?;
            broedplaats_store::organisation::projects(&mut conn, &zhz, None, true)
                .await?
                .into_iter()
                .find(|p| p.title.starts_with("Nieuwe armen"))
                .map(|p| p.id)
        };
        let questions = [
            (
                "Hoe herkennen wijkteams geldzorgen bij werkende huishoudens eerder? (fictief)",
                "onderzocht",
                project,
                &["Armoede en schulden"][..],
            ),
            (
                "Wat hebben mantelzorgers van thuiswonende ouderen nodig om het vol te houden? (fictief)",
                "geexpliciteerd",
                None,
                &["Mantelzorg"][..],
            ),
            (
                "Hoe betrekken we eenzame bewoners bij burgerinitiatieven? (fictief)",
                "toegepast",
                None,
                &["Eenzaamheid"][..],
            ),
        ];
        for (title, status, project_id, kwesties) in questions {
            let input = QuestionInput {
                title: title.into(),
                explanation: Some("Een fictieve praktijkvraag uit de demo.".into()),
                project_id,
                status: Some(status.into()),
                kwesties: kwesties.iter().map(|k| (*k).to_owned()).collect(),
                visibility: None,
            };
            self.create_question(Some(&coordinator), &zhz, &input).await?;
        }

        let approach = self
            .create_approach(
                Some(&lector),
                &zhz,
                &ApproachInput {
                    kind: "aanpak".into(),
                    title: "Vroeg erop af bij geldzorgen (fictief)".into(),
                    summary: Some(
                        "Outreachend werken: schuldhulpverleners gaan op huisbezoek zodra \
                                   een betalingsachterstand wordt gemeld."
                            .into(),
                    ),
                    goal: Some("Schulden voorkomen of klein houden.".into()),
                    target_group: Some("Huishoudens met een eerste betalingsachterstand.".into()),
                    method: Some("Binnen twee weken een huisbezoek; samen een plan; na drie maanden terug.".into()),
                    working_elements: Some("Snelheid, persoonlijk contact, geen wachtlijst.".into()),
                    rationale: Some("Schaamte en stress maken dat mensen zelf laat hulp zoeken.".into()),
                    research: Some("Procesevaluatie in twee gemeenten (fictief).".into()),
                    preconditions: Some("Afspraken met woningcorporaties en energieleveranciers over signalen.".into()),
                    context: Some(
                        "Werkt in wijken waar welzijn en gemeente al samenwerken; minder bij \
                                   huishoudens zonder vaste woonplek."
                            .into(),
                    ),
                    recognition: Some("goed_beschreven".into()),
                    themes: vec![Ref::Name("Weerbaarheid".into())],
                    kwesties: vec!["Armoede en schulden".into()],
                    ..ApproachInput::default()
                },
            )
            .await?;
        for (title, summary) in [
            ("Persoonlijk contact (fictief)", "Eén vaste hulpverlener die de bewoner kent en terugkomt."),
            ("Snelheid (fictief)", "Hulp binnen twee weken na het eerste signaal, voordat schulden oplopen."),
        ] {
            let input = ApproachInput {
                kind: "werkzame_factor".into(),
                title: title.into(),
                summary: Some(summary.into()),
                approach_id: Some(approach),
                kwesties: vec!["Armoede en schulden".into()],
                ..ApproachInput::default()
            };
            self.create_approach(Some(&lector), &zhz, &input).await?;
        }

        let stories = [
            (
                "Eindelijk durfde ik hulp te vragen (fictief)",
                "burger",
                "publication",
                "Jarenlang hield ik mijn schulden verborgen, ook voor mijn kinderen. Toen de opbouwwerker \
                 gewoon aan de keukentafel kwam zitten, durfde ik het te vertellen. Nu heb ik overzicht en \
                 slaap ik weer.",
                &["sociaaleconomische_zekerheid", "sociale_empowerment"][..],
                "Armoede en schulden",
                "Weerbaarheid",
            ),
            (
                "Zorgen voor mijn moeder naast mijn werk (fictief)",
                "mantelzorger",
                "publication",
                "Mijn moeder woont nog thuis. Ik doe de boodschappen, de administratie en ga elke avond langs. \
                 Sinds er een vrijwilliger op dinsdag komt, heb ik weer tijd voor mezelf.",
                &["sociale_cohesie", "sociale_inclusie"][..],
                "Mantelzorg",
                "Thuiswonende ouderen",
            ),
            (
                "Wat de buurtkamer voor mij betekent (fictief)",
                "vrijwilliger",
                "internal",
                "Na het overlijden van mijn man kwam ik de deur niet meer uit. In de buurtkamer schenk ik nu \
                 koffie en ken ik iedereen bij naam.",
                &["sociale_cohesie"][..],
                "Eenzaamheid",
                "Samen leven",
            ),
        ];
        for (title, role, consent_use, text, factors, kwestie, theme) in stories {
            let input = StoryInput {
                title: title.into(),
                narrator_role: role.into(),
                narrator_name: Some("Naam bekend bij de werkplaats (fictief)".into()),
                show_name: false,
                text: text.into(),
                social_quality: Some(
                    "Het verhaal laat zien hoe vertrouwen en ontmoeting sociale kwaliteit vergroten.".into(),
                ),
                factors: factors.iter().map(|f| (*f).to_owned()).collect(),
                themes: vec![Ref::Name(theme.into())],
                kwesties: vec![kwestie.into()],
                consent_use: consent_use.into(),
                consent_given_by: "de verteller".into(),
                consent_on: Some("2025-06-12".into()),
            };
            self.create_story(Some(&coordinator), &zhz, &input).await?;
        }
        tracing::info!("demo knowledge base loaded");
        Ok(true)
    }
}
