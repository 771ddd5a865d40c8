//! The grants demo (issue 18): the two grants of the ZHZ kennisagenda — the core grant of the
//! ministry of VWS (4 × € 185.000, 2023–2026) and the extra grant "langer thuiswonen van ouderen"
//! (3 years, at most € 200.000 a year) — with their budget lines, the contributions of the demo
//! partners for 2023–2026 (realised up to 2025, planned and partly realised in 2026), outcomes
//! linked to the demo's products and activities, and the narratives of the 2024 report.
//! Deterministic: fixed texts, amounts and years, made through the same use cases as the API.
use super::demo_actor;
use crate::grants::{
    AmountInput, BudgetLineInput, ContributionInput, EvidenceInput, FigureInput, GrantInput, LineAmountInput, NameOrId,
    NarrativesInput, OutcomeInput,
};
use crate::{Core, Result};
use broedplaats_store::{Tenant, grants as q, organisation, werkplaats};

const VWS: &str = "Ministerie van VWS";
const CORE_GRANT: &str = "Werkplaats Sociaal Domein Zuid-Holland Zuid 2023–2026";
const ELDERLY_GRANT: &str = "Langer thuiswonen van ouderen";

/// Budget lines: (name, planned per year of the grant, realised per year).
type Line = (&'static str, &'static [i64], &'static [i64]);

const CORE_LINES: &[Line] = &[
    ("Coördinatie", &[60_000, 60_000, 62_000, 62_000], &[58_400, 61_150, 62_900, 51_300]),
    ("Onderzoekers", &[90_000, 90_000, 88_000, 88_000], &[91_250, 87_600, 86_900, 70_100]),
    ("Activiteiten", &[25_000, 25_000, 25_000, 25_000], &[21_300, 26_480, 24_700, 18_650]),
    ("Communicatie", &[10_000, 10_000, 10_000, 10_000], &[9_800, 9_450, 10_350, 7_200]),
];

const ELDERLY_LINES: &[Line] = &[
    ("Coördinatie", &[16_000, 20_000, 20_000], &[15_200, 19_800, 16_400]),
    ("Onderzoekers", &[96_000, 120_000, 120_000], &[94_700, 121_300, 98_000]),
    ("Living labs en activiteiten", &[36_000, 45_000, 45_000], &[33_950, 44_100, 35_300]),
    ("Communicatie", &[12_000, 15_000, 15_000], &[11_400, 14_650, 10_900]),
];

/// A contribution per year: (organisation index in the ZHZ demo, grant: 0 core / 1 elderly, kind,
/// hours, rate, cash amount when no hours, justification).
type Share = (usize, usize, &'static str, Option<f64>, Option<f64>, Option<f64>, &'static str);

const SHARES: &[Share] = &[
    (0, 0, "in_kind", Some(1_000.0), Some(85.0), None, "Lector en docent-onderzoekers (samen 0,7 fte)"),
    (1, 0, "in_kind", Some(700.0), Some(85.0), None, "Docent-onderzoekers Social Work"),
    (2, 0, "cash", None, None, Some(25_000.0), "Bijdrage aan kenniscafés en onderzoek in de wijken"),
    (3, 0, "in_kind", Some(150.0), Some(65.0), None, "Opbouwwerkers in projectgroepen en leercirkels"),
    (4, 0, "in_kind", Some(120.0), Some(70.0), None, "Wijkverpleegkundigen in de themagroep"),
    (5, 0, "in_kind", None, None, Some(1_200.0), "Zaalruimte voor bewonersbijeenkomsten"),
    (4, 1, "in_kind", Some(900.0), Some(70.0), None, "Zorgprofessionals in de living labs"),
    (0, 1, "in_kind", Some(700.0), Some(85.0), None, "Lector en onderzoekers ouderenzorg"),
    (2, 1, "cash", None, None, Some(80_000.0), "Cofinanciering vanuit het programma langer thuis"),
];

/// An outcome: (year, title, description, status, beneficiaries, product title prefixes, activity
/// evidence, figure (label, value, source), four O's).
type DemoOutcome = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    bool,
    Option<(&'static str, f64, &'static str)>,
    &'static [&'static str],
);

const OUTCOMES: &[DemoOutcome] = &[
    (
        2024,
        "Geldzorgen bespreekbaar aan de keukentafel (fictief)",
        "Consulenten van het wijkteam gebruiken een gespreksleidraad om geldzorgen vroeg te bespreken.",
        "achieved",
        &["professionals", "citizens"],
        &["Keukentafelgesprek over geldzorgen"],
        false,
        Some(("Consulenten die de leidraad gebruiken", 34.0, "Registratie wijkteam Merwestad")),
        &["ontwikkeling", "ondersteuning"],
    ),
    (
        2024,
        "Opbouwwerkers werken met een methodiek voor samenzorgzaamheid (fictief)",
        "De methodiek is in drie wijken beproefd en opgenomen in het werkplan van het welzijnswerk.",
        "achieved",
        &["professionals", "organisations"],
        &["Samenzorgzaamheid in de buurt", "Buurtkamer-monitor"],
        false,
        None,
        &["onderzoek", "ontwikkeling"],
    ),
    (
        2025,
        "Werkende huishoudens met schulden eerder in beeld (fictief)",
        "Wijkteams en huisartsen signaleren geldzorgen bij werkende huishoudens eerder en verwijzen door.",
        "in_progress",
        &["citizens", "professionals"],
        &["Nieuwe armen in beeld", "Vroegsignalering van geldzorgen"],
        false,
        Some(("Doorverwijzingen door huisartsen", 61.0, "Schuldhulpverlening Merwestad, jaarcijfers 2025")),
        &["onderzoek", "ondersteuning"],
    ),
    (
        2025,
        "Mantelzorgers van ouderen vinden steun in de buurt (fictief)",
        "Mantelzorgers in Lindewaard kennen de steunpunten en gebruiken ze vaker.",
        "in_progress",
        &["citizens"],
        &["Mantelzorgers van thuiswonende ouderen", "Verslag kenniscafé: zorg voor ouderen"],
        false,
        None,
        &["onderzoek"],
    ),
    (
        2026,
        "Studenten Social Work leren omgaan met morele stress (fictief)",
        "De lesmodule is opgenomen in het derde jaar van de opleiding Social Work.",
        "in_progress",
        &["education", "professionals"],
        &["Lesmodule morele stress"],
        true,
        Some(("Studenten die de module volgden", 120.0, "Opleiding Social Work, Hogeschool Maasoever")),
        &["onderwijs"],
    ),
    (
        2026,
        "Een netwerk van living labs voor langer thuis wonen (fictief)",
        "In twee wijken werken ouderen, zorgprofessionals en studenten samen in een living lab.",
        "planned",
        &["citizens", "organisations", "education"],
        &[],
        true,
        None,
        &["ontwikkeling", "onderwijs"],
    ),
];

const NARRATIVES_2024: &[(&str, &str)] = &[
    (
        "activities",
        "In 2024 organiseerde de werkplaats vier kenniscafés, een symposium en twee leercirkels. \
         De opkomst was het hoogst bij de bijeenkomsten in de wijken zelf.",
    ),
    (
        "outcomes",
        "Het jaar waarin wijkteams en opbouwwerkers gingen werken met wat de werkplaats samen met bewoners ontwikkelde: \
         een gespreksleidraad over geldzorgen en een methodiek voor samenzorgzaamheid.",
    ),
    (
        "conditions",
        "De werkplaats voldeed aan de voorwaarden: een meerjarige kennisagenda, themagroepen met hogescholen en \
         partners, en een evenredige inzet van hogescholen en partners naast de subsidie.",
    ),
    (
        "budget",
        "De uitgaven bleven binnen de begroting. Iets meer dan begroot ging naar activiteiten, iets minder naar onderzoekers.",
    ),
    (
        "matching",
        "De hogescholen en partners zetten in 2024 samen meer in dan de subsidie, grotendeels in natura; \
         de gemeente droeg in geld bij.",
    ),
];

/// Euro amounts per year for `years` starting at `first`.
fn amounts(first: i64, values: &[i64]) -> Vec<AmountInput> {
    values.iter().enumerate().map(|(i, v)| AmountInput { year: first + i as i64, amount: *v as f64 }).collect()
}

impl Core {
    /// Loads the grants demo unless the ZHZ werkplaats has grants already. Needs `load_demo` and
    /// `load_demo_knowledge`. Returns whether it loaded.
    pub async fn load_demo_grants(&self) -> Result<bool> {
        let (zhz, coordinator) = {
            let mut conn = self.store.conn().await?;
            let Some(zhz) = werkplaats::tenant(&mut conn, "zhz").await? else { return Ok(false) };
            if !q::grants(&mut conn, &zhz).await?.is_empty() {
                return Ok(false);
            }
            (zhz, demo_actor(&mut conn, "coordinator@zhz.example").await?)
        };
        let actor = Some(&coordinator);
        let core_grant = self
            .save_grant(
                actor,
                &zhz,
                None,
                &GrantInput {
                    funder: NameOrId::Name(VWS.into()),
                    title: CORE_GRANT.into(),
                    grant_type: "grant".into(),
                    reference: Some("VWS-WSD-2023-ZHZ (fictief)".into()),
                    starts_on: "2023-01-01".into(),
                    ends_on: "2026-12-31".into(),
                    amounts: amounts(2023, &[185_000; 4]),
                    matching_ratio: Some(1.0),
                    part_of: None,
                    conditions: Some(
                        "Organisatorische en inhoudelijke ondersteuning (coördinatie, inzet van onderzoekers). \
                         Een evenredige investering van de hogescholen en externe partners, in geld of in natura; \
                         outcome-resultaten maken de inzet zichtbaar (geen urenverantwoording)."
                            .into(),
                    ),
                },
            )
            .await?
            .id;
        let elderly_grant = self
            .save_grant(
                actor,
                &zhz,
                None,
                &GrantInput {
                    funder: NameOrId::Name(VWS.into()),
                    title: ELDERLY_GRANT.into(),
                    grant_type: "grant".into(),
                    reference: Some("VWS-LTO-2024-ZHZ (fictief)".into()),
                    starts_on: "2024-01-01".into(),
                    ends_on: "2026-12-31".into(),
                    amounts: amounts(2024, &[160_000, 200_000, 200_000]),
                    matching_ratio: Some(1.0),
                    part_of: None,
                    conditions: Some(
                        "Extra thema 'ouderen' onder de vlag van de werkplaats, met bijzondere inhoudelijke \
                         voorwaarden; jaarlijks maximaal € 200.000; evenredige inzet van hogeschool en partners."
                            .into(),
                    ),
                },
            )
            .await?
            .id;
        for (grant, first, lines) in [(core_grant, 2023, CORE_LINES), (elderly_grant, 2024, ELDERLY_LINES)] {
            for (name, planned, realised) in lines {
                let amounts = planned
                    .iter()
                    .zip(realised.iter())
                    .enumerate()
                    .map(|(i, (p, r))| LineAmountInput {
                        year: first + i as i64,
                        planned: *p as f64,
                        realised: *r as f64,
                    })
                    .collect();
                let line = BudgetLineInput { name: (*name).into(), amounts };
                self.save_budget_line(actor, &zhz, grant, None, &line).await?;
            }
        }
        self.load_demo_contributions(&zhz, &coordinator, [core_grant, elderly_grant]).await?;
        self.load_demo_outcomes(&zhz, &coordinator).await?;
        let narratives = NARRATIVES_2024.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.save_report_narratives(actor, &zhz, &NarrativesInput { year: 2024, grant_id: None, narratives }).await?;
        Ok(true)
    }

    /// Every share for every year of its grant: realised up to 2025; in 2026 planned in full and
    /// realised for the part of the year that has passed (three quarters).
    async fn load_demo_contributions(&self, zhz: &Tenant, coordinator: &crate::Actor, grants: [i64; 2]) -> Result<()> {
        let orgs = {
            let mut conn = self.store.conn().await?;
            organisation::organisations(&mut conn, zhz, None, None, 100).await?
        };
        let org_id = |i: usize| {
            let name = super::ZHZ_ORGANISATIONS[i].0;
            orgs.iter().find(|o| o.name == name).map(|o| o.id)
        };
        for (index, grant, kind, hours, rate, cash, justification) in SHARES {
            let Some(org) = org_id(*index) else { continue };
            let first = if *grant == 0 { 2023 } else { 2024 };
            for year in first..=2026 {
                // A little variation per year, so the figures are not all alike.
                let factor = 1.0 + 0.02 * ((year + *index as i64) % 3) as f64;
                let hours = hours.map(|h| (h * factor).round());
                let amount = match (hours, rate, cash) {
                    (Some(h), Some(r), _) => h * r,
                    (_, _, Some(c)) => *c,
                    _ => 0.0,
                };
                let mut input = ContributionInput {
                    organisation: NameOrId::Id(org),
                    year,
                    kind: (*kind).into(),
                    amount,
                    status: if year < 2026 { "realised" } else { "planned" }.into(),
                    grant_id: Some(grants[*grant]),
                    project_id: None,
                    theme_group_id: None,
                    hours,
                    rate: *rate,
                    justification: Some((*justification).into()),
                };
                self.save_contribution(Some(coordinator), zhz, None, &input).await?;
                if year == 2026 {
                    input.status = "realised".into();
                    input.hours = hours.map(|h| (h * 0.75).round());
                    input.amount = match (input.hours, rate) {
                        (Some(h), Some(r)) => h * r,
                        _ => (amount * 0.75).round(),
                    };
                    self.save_contribution(Some(coordinator), zhz, None, &input).await?;
                }
            }
        }
        Ok(())
    }

    async fn load_demo_outcomes(&self, zhz: &Tenant, coordinator: &crate::Actor) -> Result<()> {
        let mut conn = self.store.conn().await?;
        let mut products = Vec::new();
        for year in 2024..=2026 {
            products.extend(q::products_of_year(&mut conn, zhz, year).await?);
        }
        // Past activities of the current year with their attendance: the demo's activities lie
        // around the day it is loaded.
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let activities: Vec<i64> = q::activities_of_year(&mut conn, zhz, self.current_year())
            .await?
            .into_iter()
            .filter(|a| a.starts_at.as_str() < today.as_str())
            .map(|a| a.id)
            .take(2)
            .collect();
        drop(conn);
        for (year, title, description, status, beneficiaries, product_titles, with_activities, figure, four_os) in
            OUTCOMES
        {
            let mut evidence: Vec<EvidenceInput> = product_titles
                .iter()
                .filter_map(|t| products.iter().find(|(_, title, _)| title.starts_with(t)))
                .map(|(id, ..)| EvidenceInput { knowledge_product_id: Some(*id), ..EvidenceInput::default() })
                .collect();
            if *with_activities {
                evidence.extend(
                    activities.iter().map(|id| EvidenceInput { activity_id: Some(*id), ..EvidenceInput::default() }),
                );
            }
            if let Some((label, value, source)) = figure {
                let figure = FigureInput { label: (*label).into(), value: *value, source: Some((*source).into()) };
                evidence.push(EvidenceInput { figure: Some(figure), ..EvidenceInput::default() });
            }
            let input = OutcomeInput {
                title: (*title).into(),
                description: (*description).into(),
                year: *year,
                beneficiaries: beneficiaries.iter().map(|b| (*b).to_owned()).collect(),
                evidence,
                project_id: None,
                status: Some((*status).into()),
                contribution_ids: Vec::new(),
                four_os: four_os.iter().map(|o| (*o).to_owned()).collect(),
            };
            self.save_outcome(Some(coordinator), zhz, None, &input).await?;
        }
        Ok(())
    }
}
