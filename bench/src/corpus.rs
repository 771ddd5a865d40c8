//! Synthetic Dutch knowledge items at any scale (moved from the `corpus` binary so the search
//! benchmark can generate items in memory). See bench/search/README.md.

pub const MIN_BODY_WORDS: usize = 80;

/// SplitMix64: tiny, fast, good enough for test data, and stable for a given seed forever
/// (rand's StdRng may change its algorithm between versions; benchmarks must be reproducible).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_5EED)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (multiply-shift; the bias is far below anything a benchmark can see).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }
    pub fn range(&mut self, lo: u32, hi_inclusive: u32) -> u32 {
        lo + self.below(hi_inclusive - lo + 1)
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// Zipf-like choice from a list: weight of rank r (0-based) is 1 / (r + 1)^s.
struct Zipf<T: 'static> {
    items: &'static [T],
    cumulative: Vec<u32>,
}

impl<T> Zipf<T> {
    fn new(items: &'static [T], s: f64) -> Zipf<T> {
        assert!(!items.is_empty());
        let weights: Vec<f64> = (0..items.len()).map(|r| 1.0 / ((r + 1) as f64).powf(s)).collect();
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                acc += w;
                ((acc / total) * f64::from(u32::MAX)) as u32
            })
            .collect();
        Zipf { items, cumulative }
    }
    fn pick(&self, rng: &mut Rng) -> &'static T {
        let r = (rng.next_u64() >> 32) as u32;
        let i = self.cumulative.partition_point(|&c| c < r).min(self.items.len() - 1);
        &self.items[i]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Order matters: earlier entries are drawn more often.

const KWESTIES: [&str; 10] = [
    "armoede en schulden",
    "eenzaamheid",
    "gezondheid en welzijn",
    "jeugd en gezin",
    "mantelzorg",
    "participatie en werk",
    "multiproblematiek",
    "wonen en dakloosheid",
    "vertrouwen",
    "digitale inclusie",
];

/// Subjects per kwestie (same order as KWESTIES).
const SUBJECTS: [&[&str]; 10] = [
    &[
        "schulden",
        "armoede",
        "geldzorgen",
        "schuldhulpverlening",
        "problematische schulden",
        "betalingsachterstanden",
        "het armoedebeleid",
        "bestaanszekerheid",
        "kinderarmoede",
        "financiële problemen",
        "schuldsanering",
        "budgetcoaching",
        "energiearmoede",
        "minimaregelingen",
        "huurachterstanden",
        "beschermingsbewind",
        "de bijzondere bijstand",
        "werkende armen",
        "het niet-gebruik van regelingen",
        "financiële zelfredzaamheid",
        "gokschulden",
        "de vroegsignalering van schulden",
        "bestaansonzekerheid",
        "de kosten van levensonderhoud",
    ],
    &[
        "eenzaamheid",
        "sociaal isolement",
        "eenzaamheid onder ouderen",
        "de eenzaamheidsaanpak",
        "ontmoeting in de buurt",
        "eenzaamheid onder jongeren",
        "buurtkamers",
        "maatjesprojecten",
        "sociale netwerken",
        "zingeving",
        "emotionele eenzaamheid",
        "ontmoetingsplekken",
        "verlies en rouw",
        "alleenwonenden",
    ],
    &[
        "positieve gezondheid",
        "gezondheidsverschillen",
        "welzijn op recept",
        "psychische kwetsbaarheid",
        "de verbinding tussen sociaal en gezond",
        "mentale gezondheid",
        "valpreventie",
        "leefstijl",
        "bewegen in de wijk",
        "hittestress",
        "de GGZ in de wijk",
        "gezond opgroeien",
        "ouderenzorg",
        "de zorg voor ouderen",
        "langer thuis wonen",
        "klimaatadaptatie",
    ],
    &[
        "opvoedondersteuning",
        "jeugdhulp",
        "het jongerenwerk",
        "de mentale gezondheid van jongeren",
        "huiselijk geweld",
        "vechtscheidingen",
        "schoolmaatschappelijk werk",
        "prestatiedruk",
        "wachtlijsten in de jeugdzorg",
        "jonge ouders",
        "kindermishandeling",
        "ouderbetrokkenheid",
        "tienermoeders",
        "kansengelijkheid",
        "de overgang naar volwassenheid",
    ],
    &[
        "mantelzorg",
        "mantelzorgers",
        "respijtzorg",
        "overbelasting van mantelzorgers",
        "jonge mantelzorgers",
        "mantelzorgondersteuning",
        "werkende mantelzorgers",
        "dementie",
        "informele zorg",
        "mantelzorgwaardering",
        "de mantelzorger als partner",
        "samenzorgzaamheid",
    ],
    &[
        "vrijwilligerswerk",
        "reïntegratie",
        "de Participatiewet",
        "ervaringsdeskundigheid",
        "taalmaatjes",
        "statushouders",
        "re-integratie",
        "inburgering",
        "beschut werk",
        "dagbesteding",
        "jobcoaching",
        "werkervaringsplaatsen",
        "vrijwillige inzet",
        "meedoen naar vermogen",
        "de bijstand",
    ],
    &[
        "multiproblematiek",
        "integraal werken",
        "casusregie",
        "meervoudige problematiek",
        "zorgmijding",
        "het doorbraakoverleg",
        "bemoeizorg",
        "één gezin, één plan",
        "vastgelopen casussen",
        "vroegsignalering",
        "de zelfredzaamheidswijzer",
        "interprofessioneel samenwerken",
    ],
    &[
        "dakloosheid",
        "beschermd wonen",
        "huisuitzettingen",
        "thuisloze jongeren",
        "woningnood",
        "Housing First",
        "de maatschappelijke opvang",
        "zelfstandig wonen",
        "buurtbemiddeling",
        "woonoverlast",
        "dakloze arbeidsmigranten",
        "de uitstroom uit beschermd wonen",
        "hospitaverhuur",
    ],
    &[
        "vertrouwen in de overheid",
        "wantrouwen",
        "herstel van vertrouwen",
        "cliëntondersteuning",
        "cliëntenraden",
        "burgerinitiatieven",
        "bewonersparticipatie",
        "de toeslagenaffaire",
        "de menselijke maat",
        "begrijpelijke brieven",
        "de ideeën van bewoners",
    ],
    &[
        "digitale inclusie",
        "digitale vaardigheden",
        "laaggeletterdheid",
        "beeldbellen",
        "zorgtechnologie",
        "de digitale overheid",
        "online oplichting",
        "digitale uitsluiting",
        "toegankelijke websites",
        "hulp bij DigiD",
    ],
];

const TARGET_GROUPS: &[&str] = &[
    "bewoners",
    "ouderen",
    "jongeren",
    "gezinnen",
    "cliënten",
    "mantelzorgers",
    "alleenstaande ouders",
    "inwoners met een laag inkomen",
    "jongvolwassenen",
    "kwetsbare inwoners",
    "thuiswonende ouderen",
    "statushouders",
    "kinderen",
    "studenten",
    "huurders",
    "mensen met psychische klachten",
    "laaggeletterde inwoners",
    "zzp'ers",
    "arbeidsmigranten",
    "nieuwkomers",
    "senioren",
    "mensen met een licht verstandelijke beperking",
    "tieners",
    "dak- en thuislozen",
    "werkzoekenden",
    "vrijwilligers",
];

const PROFESSIONALS: &[&str] = &[
    "sociaal werkers",
    "wijkteammedewerkers",
    "vrijwilligers",
    "jongerenwerkers",
    "wijkverpleegkundigen",
    "huisartsen",
    "schuldhulpverleners",
    "beleidsmedewerkers",
    "opbouwwerkers",
    "docent-onderzoekers",
    "studenten Social Work",
    "praktijkondersteuners",
    "mantelzorgconsulenten",
    "klantmanagers",
    "ervaringsdeskundigen",
    "ouderenadviseurs",
    "budgetcoaches",
    "buurtteamleden",
    "coördinatoren",
    "pedagogisch medewerkers",
    "bibliotheekmedewerkers",
    "jeugdverpleegkundigen",
    "bemoeizorgers",
    "wijkagenten",
    "casemanagers dementie",
    "lectoren",
];

const PLACES: &[&str] = &[
    "Merwedam",
    "Lingehaven",
    "Dijkwaard",
    "Veenwolde",
    "Amstelhoven",
    "Domvliet",
    "Geulerveld",
    "Oostervaart",
    "Kromstede",
    "Heuvelrade",
    "Zandhove",
    "Eemwaarde",
    "Vlietmonde",
    "Hoogmeer",
    "Laagwolde",
    "Berkenrade",
    "Lindewaard",
    "Wilgenhaven",
    "Rivierstede",
    "Kempenrade",
    "Duinwolde",
    "Heidemonde",
    "Brugwaard",
    "Graswaard",
    "Elzenhove",
];

const NEIGHBOURHOODS: &[&str] = &[
    "De Vennen",
    "Havenkwartier",
    "De Akkers",
    "Noordhoek",
    "De Bongerd",
    "Sterrenbuurt",
    "Oude Dorp",
    "De Weiden",
    "Stationskwartier",
    "De Hoven",
    "Bloemenbuurt",
    "Molenwijk",
];

const ORGANISATIONS: &[&str] = &[
    "welzijnsorganisatie Vierhoven",
    "het buurtteam",
    "de gemeente",
    "stichting Buurtkracht",
    "de woningcorporatie",
    "zorggroep Lindehof",
    "de bibliotheek",
    "het steunpunt mantelzorg",
    "de GGD",
    "vrijwilligersorganisatie Thuis in Geld",
    "de kredietbank",
    "het jeugdteam",
    "de vrijwilligerscentrale",
    "stichting Samen Thuis",
    "het werkbedrijf",
    "de huisartsenpraktijk",
    "de thuiszorg",
    "de cliëntenraad",
];

const SCHOOLS: &[&str] = &[
    "Hogeschool Merwelanden",
    "Hogeschool Domstede",
    "Hogeschool Noordkust",
    "Hogeschool Heuvelland",
    "Hogeschool Amstelkade",
];

const METHODS: &[&str] = &[
    "praktijkgericht onderzoek",
    "een leerkring",
    "actieleren",
    "huisbezoeken",
    "een kenniscafé",
    "intervisie",
    "een werksessie",
    "outreachend werken",
    "een experiment",
    "casuïstiekbesprekingen",
    "een reflectiebijeenkomst",
    "een masterclass",
    "training op de werkplek",
    "netwerkversterking",
    "motiverende gespreksvoering",
    "de presentiebenadering",
    "oplossingsgericht werken",
    "een themabijeenkomst",
];

const ELEMENTS: &[&str] = &[
    "een vast gezicht",
    "nabijheid",
    "tijd voor het gesprek",
    "ruimte voor maatwerk",
    "aansluiten bij de leefwereld",
    "een warme overdracht",
    "korte lijnen",
    "continuïteit",
    "vertrouwen",
    "erkenning van ervaringskennis",
    "samenwerking met vrijwilligers",
    "een laagdrempelige plek",
    "geduld",
    "eenvoudige taal",
    "een gezamenlijk plan",
    "oog voor schaamte",
];

const FINDINGS: &[&str] = &[
    "de drempel naar hulp hoog is",
    "schaamte een grote rol speelt",
    "een vaste contactpersoon het verschil maakt",
    "hulp vaak te laat op gang komt",
    "regels en formulieren mensen afschrikken",
    "informele steun onmisbaar is",
    "professionals te weinig tijd hebben voor het gesprek",
    "vertrouwen de basis is voor samenwerking",
    "signalen wel worden gezien maar niet worden gedeeld",
    "de financiële zorgen van ouders ook de kinderen raken",
    "mensen het overzicht kwijtraken door het grote aantal loketten",
    "ervaringsdeskundigen mensen bereiken die professionals niet bereiken",
    "de eerste stap het moeilijkst is",
    "bewoners zelf veel ideeën hebben",
];

/// "… noemde de deurwaarder als voorbeeld van {example}".
const EXAMPLES: &[&str] = &[
    "wat er misgaat als hulp te laat komt",
    "hoe klein het begin van grote problemen kan zijn",
    "waar de regels knellen",
    "wat wel werkt",
    "hoe ingewikkeld het systeem is geworden",
    "de zorgen die mensen dagelijks hebben",
    "een drempel die niemand had gezien",
    "steun die er al is in de buurt",
];

const ADVICE: &[&str] = &[
    "één aanspreekpunt per huishouden in te richten",
    "signalen eerder met elkaar te delen",
    "te investeren in ontmoetingsplekken in de wijk",
    "vrijwilligers beter te ondersteunen",
    "regelingen te vereenvoudigen en waar mogelijk automatisch toe te kennen",
    "professionals meer ruimte te geven om af te wijken van regels",
    "ervaringsdeskundigen structureel in te zetten",
    "mantelzorgers eerder te betrekken",
    "brieven in begrijpelijke taal te schrijven",
    "de samenwerking met de woningcorporatie vast te leggen",
    "studenten vaker in de wijk te laten leren",
    "de resultaten jaarlijks met partners te bespreken",
];

const RESULTS: &[&str] = &[
    "zij zich beter gehoord voelden",
    "problemen eerder werden opgemerkt",
    "de samenwerking tussen organisaties was verbeterd",
    "minder mensen afhaakten",
    "zij meer grip hadden op hun situatie",
    "de wachttijd korter werd",
    "professionals elkaar beter wisten te vinden",
    "zij nieuwe contacten in de buurt hadden opgedaan",
    "zij minder stress ervoeren",
];

const OBSTACLES: &[&str] = &[
    "de versnipperde financiering",
    "privacyregels bij het delen van informatie",
    "het verloop onder professionals",
    "de lange wachtlijsten",
    "de beperkte tijd van huisartsen",
    "onduidelijkheid over wie verantwoordelijk is",
    "de administratieve lasten",
    "het tekort aan betaalbare woningen",
    "wisselende regels van landelijke instanties",
];

const CONTENTS: &[&str] = &[
    "een stappenplan, gespreksvragen en voorbeelden uit de praktijk",
    "cijfers, citaten van bewoners en aanbevelingen",
    "een draaiboek en een evaluatieformulier",
    "casussen met vragen voor de bespreking",
    "een overzicht van voorzieningen in de regio",
    "lesplannen, opdrachten en beoordelingscriteria",
    "tips voor de eerste kennismaking",
];

const GOALS: &[&str] = &[
    "de ondersteuning dichter bij bewoners te brengen",
    "problemen eerder te signaleren",
    "de eigen kracht van bewoners te versterken",
    "de samenwerking in de wijk te verbeteren",
    "kennis uit de praktijk beter te benutten",
    "de drempel naar hulp te verlagen",
    "professionals te ondersteunen in hun handelen",
];

/// Compound heads and tails (with the article of the compound): the generator glues them into Dutch compounds
/// (schuldhulpverlening, buurtteam, mantelzorgspreekuur…) so that compound splitting matters.
const COMPOUND_HEADS: &[&str] = &[
    "schuld",
    "buurt",
    "wijk",
    "jongeren",
    "ouderen",
    "mantelzorg",
    "armoede",
    "jeugd",
    "gezins",
    "vrijwilligers",
    "welzijns",
    "zorg",
    "geld",
    "taal",
    "woon",
    "gezondheids",
    "eenzaamheids",
    "opvoed",
    "participatie",
    "energie",
    "cliënt",
    "ervarings",
    "school",
    "budget",
    "thuis",
    "straat",
    "dorps",
    "bewoners",
    "dementie",
    "senioren",
    "studenten",
    "statushouders",
    "schulden",
    "inkomens",
    "opvang",
    "leer",
    "kennis",
    "ontmoetings",
    "sport",
    "beweeg",
    "voedsel",
    "huur",
    "gemeente",
    "regio",
];

const COMPOUND_TAILS: &[(&str, &str)] = &[
    ("hulpverlening", "de"),
    ("team", "het"),
    ("aanpak", "de"),
    ("beleid", "het"),
    ("werk", "het"),
    ("coach", "de"),
    ("netwerk", "het"),
    ("spreekuur", "het"),
    ("project", "het"),
    ("ondersteuning", "de"),
    ("overleg", "het"),
    ("loket", "het"),
    ("plan", "het"),
    ("regeling", "de"),
    ("consulent", "de"),
    ("preventie", "de"),
    ("signalering", "de"),
    ("monitor", "de"),
    ("kring", "de"),
    ("café", "het"),
    ("punt", "het"),
    ("scan", "de"),
    ("agenda", "de"),
    ("hulp", "de"),
    ("huis", "het"),
    ("kamer", "de"),
    ("groep", "de"),
    ("maatje", "het"),
    ("dienst", "de"),
    ("traject", "het"),
    ("fonds", "het"),
    ("budget", "het"),
    ("raad", "de"),
    ("tafel", "de"),
    ("route", "de"),
    ("model", "het"),
    ("wijzer", "de"),
    ("training", "de"),
    ("cursus", "de"),
    ("bank", "de"),
    ("winkel", "de"),
    ("centrum", "het"),
    ("platform", "het"),
];

/// The long tail: everyday things of the social domain that come up in passing. Most of them are
/// rare, as in real text.
const TERMS: &[&str] = &[
    "de huurtoeslag",
    "de zorgtoeslag",
    "het eigen risico",
    "de voedselbank",
    "het keukentafelgesprek",
    "de huisarts",
    "de energierekening",
    "de Wmo",
    "de bijstandsuitkering",
    "het buurthuis",
    "de wachttijd",
    "de zorgverzekering",
    "de Jeugdwet",
    "de kinderopvangtoeslag",
    "het huisbezoek",
    "de betalingsregeling",
    "de deurwaarder",
    "de bewindvoerder",
    "de AOW",
    "het ondersteuningsplan",
    "de intake",
    "het casusoverleg",
    "de doorverwijzing",
    "de kledingbank",
    "de kringloopwinkel",
    "het wijkcentrum",
    "het consultatiebureau",
    "de kinderopvang",
    "de basisschool",
    "het mbo",
    "de sportvereniging",
    "het jongerencentrum",
    "de woningcorporatie",
    "de incassokosten",
    "het beslag op het loon",
    "de beslagvrije voet",
    "de budgetcursus",
    "het leefgeld",
    "de vaste lasten",
    "de boodschappen",
    "het schoolreisje",
    "de zwemles",
    "de laptop",
    "de databundel",
    "de berichtenbox",
    "het aanvraagformulier",
    "de bezwaarprocedure",
    "de klachtencommissie",
    "de toestemming",
    "de meldcode",
    "de wijkagent",
    "de GGZ-behandelaar",
    "de fysiotherapeut",
    "de logeeropvang",
    "het verpleeghuis",
    "de rollator",
    "de traplift",
    "de woningaanpassing",
    "de mantelzorgwoning",
    "de buurtbus",
    "de regiotaxi",
    "het openbaar vervoer",
    "de moestuin",
    "de buurttuin",
    "het repair café",
    "de weggeefkast",
    "de gezamenlijke maaltijd",
    "de koffieochtend",
    "het buurtfeest",
    "de straatspeeldag",
    "de wandelgroep",
    "de leesclub",
    "de taalles",
    "het inburgeringsexamen",
    "het diploma",
    "de stageplek",
    "de werkgever",
    "de loonkostensubsidie",
    "de proefplaatsing",
    "het sollicitatiegesprek",
    "de uitzendbaan",
    "het flexcontract",
    "de ploegendienst",
    "de kinderbijslag",
    "het kindgebonden budget",
    "de alimentatie",
    "het ouderschapsplan",
    "de jeugdbescherming",
    "de gezinsvoogd",
    "de pleegzorg",
    "het gezinshuis",
    "de kamertraining",
    "de nachtopvang",
    "de dagopvang",
    "het briefadres",
    "de identiteitskaart",
    "de DigiD-machtiging",
    "de belastingaangifte",
    "de kostendelersnorm",
    "de tegenprestatie",
    "de sollicitatieplicht",
    "de arbeidsongeschiktheid",
    "de burn-out",
    "de slapeloosheid",
    "de somberheid",
    "de angstklachten",
    "de verslaving",
    "het schuldenoverzicht",
    "de schuldeiser",
    "het saneringskrediet",
    "het moratorium",
    "de stabilisatiefase",
    "de nazorg",
    "de terugval",
    "het lotgenotencontact",
    "de zelfhulpgroep",
    "het levensverhaal",
    "de rouwverwerking",
    "de pensionering",
    "de mantelzorgverklaring",
    "de vervangende zorg",
    "het zorgverlof",
    "de wijkverpleging",
    "het zorgplan",
    "de medicatie",
    "de valpartij",
    "de hittegolf",
    "de ventilator",
    "de isolatie",
    "het dubbel glas",
    "de tochtstrip",
    "de radiatorfolie",
    "de energiecoach",
    "de energietoeslag",
    "de warmtepomp",
    "het groene dak",
    "de regenton",
    "de geveltuin",
    "de koelteplek",
    "de gymles",
    "het ontbijt op school",
    "de verjaardagsbox",
    "het jeugdfonds",
    "de sporttas",
    "de bijles",
    "de huiswerkklas",
    "de brugklas",
    "het schooladvies",
    "de leerplichtambtenaar",
    "de mentor",
    "de vertrouwensinspecteur",
    "de studiefinanciering",
    "de studieschuld",
    "de bijbaan",
    "het kamerhuurcontract",
    "de huurcommissie",
    "de servicekosten",
    "de wachtlijst voor een woning",
    "de urgentieverklaring",
    "de tussenvoorziening",
    "de zelfstandigheidstraining",
    "de ambulante begeleiding",
    "de woonbegeleider",
    "de huismeester",
    "de portiekgesprekken",
    "de burenruzie",
    "de geluidsoverlast",
    "de vervuilde woning",
    "de verwaarlozing",
    "de bemoeizorgmelding",
    "de crisisdienst",
    "de spoedeisende hulp",
    "de politie",
    "de reclassering",
    "de detentie",
    "de taakstraf",
    "het herstelgesprek",
    "de slachtofferhulp",
    "het telefoonabonnement",
    "de webwinkel",
    "het achteraf betalen",
    "het flitskrediet",
    "de sportweddenschap",
    "de gokreclame",
    "de nepwebsite",
    "de phishingmail",
    "de wachtwoordmanager",
    "het beeldscherm",
    "de tablet",
    "de videoverbinding",
    "de zorgapp",
    "de slimme sensor",
    "het alarmsysteem",
    "de personenalarmering",
];

const THEMES: &[&str] = &[
    "Weerbaarheid",
    "Samen leven",
    "Professionele veerkracht",
    "Armoede en sociale ongelijkheid",
    "Samenzorgzaamheid",
    "Integraal werken",
    "Jongeren en mentale gezondheid",
    "Sociale basis",
    "Thuiswonende ouderen",
    "Burgerinitiatieven",
    "Omgaan met technologie",
    "Vertrouwen",
    "Woonomgeving",
    "Gezondheidsverschillen",
    "Klimaatadaptatie",
    "Vluchtelingen",
];

const KINDS: &[&str] = &[
    "publicatie",
    "advies",
    "werkvorm",
    "verslag",
    "methodiek",
    "instrument",
    "factsheet",
    "video",
    "onderwijsmateriaal",
    "verhalenbundel",
    "overig",
];
/// "deze publicatie", "dit advies"… in the same order as KINDS.
const KIND_NOUNS: [&str; 11] = [
    "deze publicatie",
    "dit advies",
    "deze werkvorm",
    "dit verslag",
    "deze methodiek",
    "dit instrument",
    "deze factsheet",
    "deze video",
    "dit lesmateriaal",
    "deze verhalenbundel",
    "dit document",
];

const WERKPLAATSEN: &[&str] = &["zhz", "utrecht", "amsterdam", "groningen", "limburg"];
const AUDIENCES: &[&str] = &["professionals", "beleid", "onderwijs", "burgers"];
const FOUR_OS: &[&str] = &["onderzoek", "ontwikkeling", "ondersteuning", "onderwijs"];

// Templates: `{slot}` is filled from the vocabulary; a capitalised slot name (`{Prof}`) capitalises
// the first letter of what is filled in.
const TITLES: &[&str] = &[
    "{Main} in {place}: {subject2} en {element}",
    "{Main} bij {group}",
    "Samen werken aan {main}",
    "Wat werkt bij {main}?",
    "{Main} in de wijk {wijk}",
    "Van signaal tot steun: {main} in {place}",
    "{Barecompound} voor {group}",
    "{Main} en {subject2}: lessen uit {place}",
    "{Compound} van {place}",
    "{Group} over {main}",
];

const SUMMARIES: &[&str] = &[
    "{Kind} gaat over {main} en is bedoeld voor {prof} in {place}.",
    "{Kind} beschrijft hoe {prof} en {prof2} samen werken aan {main}.",
    "Een {kindword} van {org} en {school} over {main} bij {group}.",
    "{Kind} laat zien wat {group} nodig hebben als het gaat om {main}.",
    "Ervaringen met {main} in {place}, met aandacht voor {subject2}.",
];

const SENTENCES: &[&str] = &[
    "In {place} werken {org} en {school} samen aan {subject}.",
    "{Prof} zien in hun dagelijkse werk dat {group} vaak te maken hebben met {subject}.",
    "Uit gesprekken met {n} {group} blijkt dat {finding}.",
    "Belangrijke werkzame elementen zijn {element}, {element2} en {element3}.",
    "We adviseren de gemeente om {advice}.",
    "{Kind} bevat {contents}.",
    "{Kind} is bedoeld voor {prof} en {prof2} die werken met {group}.",
    "In {year} startte in de wijk {wijk} een experiment met {method}.",
    "Na een jaar gaven deelnemers aan dat {result}.",
    "Een knelpunt is {obstacle}.",
    "Ook {subject2} kwam aan bod, omdat het sterk samenhangt met {subject}.",
    "{Compound} speelt daarin een belangrijke rol.",
    "Het doel is om {goal}.",
    "Via {method} leerden {prof} van elkaar en van {group}.",
    "Veel {group} zoeken pas hulp als {subject} al tot grote problemen heeft geleid.",
    "{Compound} en {compound2} werken daarbij nauw samen.",
    "{Prof} van {org} merken dat {finding}.",
    "De aanpak is ontwikkeld met {prof}, {group} en {school}.",
    "Tegelijk blijkt dat {finding}.",
    "Wie zich met {subject} bezighoudt, ontdekt al snel dat {finding}.",
    "Samen met {prof2} zoeken zij naar manieren om {goal}.",
    "De opbrengsten zijn gedeeld tijdens {method} met {prof} uit de regio.",
    "Daarbij kwamen ook {term}, {term} en {term} ter sprake.",
    "In de gesprekken ging het onder meer over {term} en {term}.",
    "Een deelnemer noemde {term} als voorbeeld van {finding2}.",
    "{Term} en {term} bleken voor {group} belangrijker dan gedacht.",
    "Voor {barecompound} en {barecompound} is in {place} nu een vast aanspreekpunt.",
];

#[derive(Clone, Copy)]
enum Slot {
    Main,
    Term,
    Finding2,
    Subject,
    Subject2,
    Group,
    Prof,
    Prof2,
    Place,
    Wijk,
    Org,
    School,
    Method,
    Element,
    Element2,
    Element3,
    Finding,
    Advice,
    Result,
    Obstacle,
    Contents,
    Goal,
    Compound,
    Compound2,
    BareCompound,
    Kind,
    KindWord,
    N,
    Year,
}

enum Part {
    Lit(&'static str),
    Slot(Slot, bool),
}

fn parse_template(t: &'static str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Lit(&rest[..open]));
        }
        let close = open + rest[open..].find('}').expect("template slot is closed");
        let name = &rest[open + 1..close];
        let capital = name.starts_with(|c: char| c.is_ascii_uppercase());
        let slot = match name.to_ascii_lowercase().as_str() {
            "main" => Slot::Main,
            "term" => Slot::Term,
            "finding2" => Slot::Finding2,
            "subject" => Slot::Subject,
            "subject2" => Slot::Subject2,
            "group" => Slot::Group,
            "prof" => Slot::Prof,
            "prof2" => Slot::Prof2,
            "place" => Slot::Place,
            "wijk" => Slot::Wijk,
            "org" => Slot::Org,
            "school" => Slot::School,
            "method" => Slot::Method,
            "element" => Slot::Element,
            "element2" => Slot::Element2,
            "element3" => Slot::Element3,
            "finding" => Slot::Finding,
            "advice" => Slot::Advice,
            "result" => Slot::Result,
            "obstacle" => Slot::Obstacle,
            "contents" => Slot::Contents,
            "goal" => Slot::Goal,
            "compound" => Slot::Compound,
            "compound2" => Slot::Compound2,
            "barecompound" => Slot::BareCompound,
            "kind" => Slot::Kind,
            "kindword" => Slot::KindWord,
            "n" => Slot::N,
            "year" => Slot::Year,
            other => panic!("unknown template slot {other}"),
        };
        parts.push(Part::Slot(slot, capital));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Lit(rest));
    }
    parts
}

/// What one item is about; slots are filled consistently with it.
struct Context {
    /// The subject the title and summary announce; the body returns to it now and then.
    main: &'static str,
    kwestie: usize,
    second: usize,
    kind: usize,
}

pub struct Generator {
    kwestie: Zipf<&'static str>,
    subjects: Vec<Zipf<&'static str>>,
    groups: Zipf<&'static str>,
    profs: Zipf<&'static str>,
    places: Zipf<&'static str>,
    wijken: Zipf<&'static str>,
    orgs: Zipf<&'static str>,
    schools: Zipf<&'static str>,
    methods: Zipf<&'static str>,
    elements: Zipf<&'static str>,
    findings: Zipf<&'static str>,
    advice: Zipf<&'static str>,
    results: Zipf<&'static str>,
    obstacles: Zipf<&'static str>,
    contents: Zipf<&'static str>,
    goals: Zipf<&'static str>,
    heads: Zipf<&'static str>,
    terms: Zipf<&'static str>,
    examples: Zipf<&'static str>,
    tails: Zipf<(&'static str, &'static str)>,
    themes: Zipf<&'static str>,
    kinds: Zipf<&'static str>,
    werkplaatsen: Zipf<&'static str>,
    titles: Zipf<Vec<Part>>,
    summaries: Zipf<Vec<Part>>,
    sentences: Zipf<Vec<Part>>,
}

fn templates(list: &'static [&'static str]) -> &'static [Vec<Part>] {
    // Parsed once per run; leaking a few kilobytes keeps the Zipf type simple ('static slices).
    Box::leak(list.iter().map(|t| parse_template(t)).collect::<Vec<_>>().into_boxed_slice())
}

impl Default for Generator {
    fn default() -> Self {
        Generator::new()
    }
}

impl Generator {
    pub fn new() -> Generator {
        Generator {
            kwestie: Zipf::new(&KWESTIES, 0.6),
            subjects: SUBJECTS.iter().map(|&s| Zipf::new(s, 1.0)).collect(),
            groups: Zipf::new(TARGET_GROUPS, 1.0),
            profs: Zipf::new(PROFESSIONALS, 0.9),
            places: Zipf::new(PLACES, 0.8),
            wijken: Zipf::new(NEIGHBOURHOODS, 0.8),
            orgs: Zipf::new(ORGANISATIONS, 0.9),
            schools: Zipf::new(SCHOOLS, 0.5),
            methods: Zipf::new(METHODS, 1.0),
            elements: Zipf::new(ELEMENTS, 0.9),
            findings: Zipf::new(FINDINGS, 0.9),
            advice: Zipf::new(ADVICE, 0.9),
            results: Zipf::new(RESULTS, 0.9),
            obstacles: Zipf::new(OBSTACLES, 0.9),
            contents: Zipf::new(CONTENTS, 0.8),
            goals: Zipf::new(GOALS, 0.8),
            heads: Zipf::new(COMPOUND_HEADS, 1.0),
            terms: Zipf::new(TERMS, 1.05),
            examples: Zipf::new(EXAMPLES, 0.8),
            tails: Zipf::new(COMPOUND_TAILS, 1.0),
            themes: Zipf::new(THEMES, 0.9),
            kinds: Zipf::new(KINDS, 0.7),
            werkplaatsen: Zipf::new(WERKPLAATSEN, 0.4),
            titles: Zipf::new(templates(TITLES), 0.7),
            summaries: Zipf::new(templates(SUMMARIES), 0.5),
            sentences: Zipf::new(templates(SENTENCES), 0.4),
        }
    }

    /// Appends one item as a single JSON object (no newline) to `out`.
    pub fn item(&self, rng: &mut Rng, n: u64, out: &mut String) {
        let kwestie = self.kwestie.pick(rng);
        let kwestie = KWESTIES.iter().position(|k| k == kwestie).unwrap_or(0);
        let mut second = rng.below(KWESTIES.len() as u32) as usize;
        if second == kwestie {
            second = (second + 1) % KWESTIES.len();
        }
        let kind_name = self.kinds.pick(rng);
        let kind = KINDS.iter().position(|k| k == kind_name).unwrap_or(0);
        let main = *self.subjects[kwestie].pick(rng);
        let ctx = Context { main, kwestie, second, kind };

        let mut text = String::with_capacity(1600);
        out.push_str("{\"id\":\"g");
        push_num(out, n, 7);
        out.push_str("\",\"kind\":\"");
        out.push_str(kind_name);
        out.push_str("\",\"title\":");
        self.render(rng, &ctx, &self.titles, &mut text);
        push_json_str(out, &text);

        text.clear();
        self.render(rng, &ctx, &self.summaries, &mut text);
        if rng.chance(30) {
            text.push(' ');
            self.render(rng, &ctx, &self.sentences, &mut text);
        }
        out.push_str(",\"summary\":");
        push_json_str(out, &text);

        text.clear();
        // Mostly short bodies, a tail of long ones: 80-200 words, about 100 on average, which keeps
        // a million items near 1 GB. Below 80 words every sentence is taken; above, only sentences
        // that fit within the target.
        let target = if rng.chance(85) { rng.range(80, 105) } else { rng.range(105, 200) } as usize;
        let mut words = 0;
        loop {
            let before = text.len();
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            self.render(rng, &ctx, &self.sentences, &mut text);
            let added = text[start..].split(' ').count();
            if words >= MIN_BODY_WORDS && words + added > target {
                text.truncate(before);
                break;
            }
            words += added;
        }
        out.push_str(",\"body\":");
        push_json_str(out, &text);

        out.push_str(",\"werkplaats\":\"");
        out.push_str(self.werkplaatsen.pick(rng));
        out.push_str("\",\"themes\":[");
        let t1 = self.themes.pick(rng);
        push_json_str(out, t1);
        if rng.chance(40) {
            let t2 = self.themes.pick(rng);
            if t2 != t1 {
                out.push(',');
                push_json_str(out, t2);
            }
        }
        out.push_str("],\"kwesties\":[");
        push_json_str(out, KWESTIES[kwestie]);
        if rng.chance(45) {
            out.push(',');
            push_json_str(out, KWESTIES[second]);
        }
        out.push_str("],\"year\":");
        push_num(out, u64::from(rng.range(2019, 2026)), 1);
        out.push_str(",\"audience\":[");
        push_subset(rng, out, AUDIENCES);
        out.push_str("],\"four_os\":[");
        push_subset(rng, out, FOUR_OS);
        out.push_str("]}");
    }

    /// Picks a template from `pool` and appends it with its slots filled in.
    fn render(&self, rng: &mut Rng, ctx: &Context, pool: &Zipf<Vec<Part>>, out: &mut String) {
        let template: &'static [Part] = pool.pick(rng);
        let mut used = Used::default();
        for part in template {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Slot(slot, capital) => {
                    let start = out.len();
                    self.slot(rng, ctx, *slot, &mut used, out);
                    if *capital {
                        capitalise_from(out, start);
                    }
                }
            }
        }
    }

    fn slot(&self, rng: &mut Rng, ctx: &Context, slot: Slot, used: &mut Used, out: &mut String) {
        let word = match slot {
            // Mostly the item's own kwestie, now and then a neighbouring one: topics bleed into each other.
            Slot::Main => {
                used.push(ctx.main);
                ctx.main
            }
            Slot::Subject if rng.chance(35) && !used.contains(ctx.main) => {
                used.push(ctx.main);
                ctx.main
            }
            Slot::Subject => {
                let k = if rng.chance(85) { ctx.kwestie } else { ctx.second };
                draw(&self.subjects[k], rng, used)
            }
            Slot::Subject2 => draw(&self.subjects[ctx.second], rng, used),
            Slot::Group => draw(&self.groups, rng, used),
            Slot::Term => draw(&self.terms, rng, used),
            Slot::Finding2 => draw(&self.examples, rng, used),
            Slot::Prof | Slot::Prof2 => draw(&self.profs, rng, used),
            Slot::Place => self.places.pick(rng),
            Slot::Wijk => self.wijken.pick(rng),
            Slot::Org => draw(&self.orgs, rng, used),
            Slot::School => self.schools.pick(rng),
            Slot::Method => self.methods.pick(rng),
            Slot::Element | Slot::Element2 | Slot::Element3 => draw(&self.elements, rng, used),
            Slot::Finding => self.findings.pick(rng),
            Slot::Advice => self.advice.pick(rng),
            Slot::Result => self.results.pick(rng),
            Slot::Obstacle => self.obstacles.pick(rng),
            Slot::Contents => self.contents.pick(rng),
            Slot::Goal => self.goals.pick(rng),
            Slot::Compound | Slot::Compound2 | Slot::BareCompound => {
                let head = draw(&self.heads, rng, used);
                let (tail, article) = *self.tails.pick(rng);
                if !matches!(slot, Slot::BareCompound) {
                    out.push_str(article);
                    out.push(' ');
                }
                out.push_str(head);
                out.push_str(tail);
                return;
            }
            Slot::Kind => KIND_NOUNS[ctx.kind],
            Slot::KindWord => KINDS[ctx.kind],
            Slot::N => {
                push_num(out, u64::from(rng.range(8, 240)), 1);
                return;
            }
            Slot::Year => {
                push_num(out, u64::from(rng.range(2019, 2025)), 1);
                return;
            }
        };
        out.push_str(word);
    }
}

/// "sociaal werkers en sociaal werkers": draws again (a few times) when a sentence would repeat
/// a word it already used.
fn draw(pool: &Zipf<&'static str>, rng: &mut Rng, used: &mut Used) -> &'static str {
    let mut word = *pool.pick(rng);
    for _ in 0..4 {
        if !used.contains(word) {
            break;
        }
        word = *pool.pick(rng);
    }
    used.push(word);
    word
}

/// The words a sentence has used so far (templates have at most a handful of slots).
#[derive(Default)]
struct Used {
    words: [&'static str; 8],
    len: usize,
}

impl Used {
    fn contains(&self, word: &str) -> bool {
        self.words[..self.len].contains(&word)
    }
    fn push(&mut self, word: &'static str) {
        if self.len < self.words.len() {
            self.words[self.len] = word;
            self.len += 1;
        }
    }
}

fn capitalise_from(s: &mut String, start: usize) {
    if let Some(c) = s[start..].chars().next()
        && c.is_lowercase()
    {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(start..start + c.len_utf8(), &upper);
    }
}

/// One to three distinct entries, in list order.
fn push_subset(rng: &mut Rng, out: &mut String, list: &[&str]) {
    let first = rng.below(list.len() as u32) as usize;
    let mut mask = 1u32 << first;
    let extra = match rng.below(10) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    for _ in 0..extra {
        mask |= 1 << rng.below(list.len() as u32);
    }
    let mut comma = false;
    for (i, entry) in list.iter().enumerate() {
        if mask & (1 << i) != 0 {
            if comma {
                out.push(',');
            }
            push_json_str(out, entry);
            comma = true;
        }
    }
}

fn push_num(out: &mut String, n: u64, width: usize) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(out, "{n:0width$}");
}

fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    // Generated text never needs escaping; take the fast path and keep the slow one correct.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn generate(seed: u64, items: u64) -> String {
        let generator = Generator::new();
        let mut rng = Rng::new(seed);
        let mut out = String::new();
        for n in 1..=items {
            generator.item(&mut rng, n, &mut out);
            out.push('\n');
        }
        out
    }

    fn strings(v: &Value) -> Vec<&str> {
        v.as_array().expect("array").iter().map(|s| s.as_str().expect("string")).collect()
    }

    #[test]
    fn output_is_json_lines_with_every_field() {
        let out = generate(7, 2_000);
        assert_eq!(out.lines().count(), 2_000);
        for (i, line) in out.lines().enumerate() {
            let v: Value = serde_json::from_str(line).expect("valid JSON");
            let obj = v.as_object().expect("object");
            assert_eq!(obj.len(), 11, "{line}");
            assert_eq!(v["id"].as_str(), Some(format!("g{:07}", i + 1).as_str()));
            assert!(KINDS.contains(&v["kind"].as_str().expect("kind")));
            assert!(WERKPLAATSEN.contains(&v["werkplaats"].as_str().expect("werkplaats")));
            for field in ["title", "summary"] {
                let s = v[field].as_str().expect(field);
                assert!(!s.is_empty() && s.starts_with(|c: char| c.is_uppercase()), "{field}: {s}");
            }
            let words = v["body"].as_str().expect("body").split_whitespace().count();
            assert!((MIN_BODY_WORDS..=200).contains(&words), "body of {words} words");
            let year = v["year"].as_u64().expect("year");
            assert!((2019..=2026).contains(&year));
            let themes = strings(&v["themes"]);
            assert!(!themes.is_empty() && themes.iter().all(|t| THEMES.contains(t)));
            let kwesties = strings(&v["kwesties"]);
            assert!(!kwesties.is_empty() && kwesties.iter().all(|k| KWESTIES.contains(k)));
            let audience = strings(&v["audience"]);
            assert!((1..=3).contains(&audience.len()) && audience.iter().all(|a| AUDIENCES.contains(a)));
            let four_os = strings(&v["four_os"]);
            assert!((1..=3).contains(&four_os.len()) && four_os.iter().all(|o| FOUR_OS.contains(o)));
        }
    }

    #[test]
    fn a_seed_gives_the_same_output_and_another_seed_does_not() {
        assert_eq!(generate(7, 300), generate(7, 300));
        assert_ne!(generate(7, 300), generate(8, 300));
    }

    #[test]
    fn frequent_words_are_much_more_frequent_than_rare_ones() {
        let out = generate(1, 3_000);
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for w in out.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3) {
            *counts.entry(w).or_default() += 1;
        }
        let mut freq: Vec<usize> = counts.into_values().collect();
        freq.sort_unstable_by(|a, b| b.cmp(a));
        assert!(freq.len() > 500, "vocabulary of {} words", freq.len());
        // Zipf-like: the 10th most frequent word is far more common than the 200th.
        assert!(freq[9] > 8 * freq[199], "{} vs {}", freq[9], freq[199]);
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json_str(&mut out, "a \"b\" \\ c\n\u{1}é");
        let back: String = serde_json::from_str(&out).expect("valid JSON string");
        assert_eq!(back, "a \"b\" \\ c\n\u{1}é");
    }
}
