//! Demo of the knowledge lemniscate and the association (issue 16): a third fictional werkplaats,
//! a national knowledge partner (a fictional person at Movisie), practice questions in the other
//! werkplaatsen with kwesties that overlap those of ZHZ, and paths that put questions at every
//! point of the eight — one of them all the way round. The paths are told with dates in the past,
//! so the lemniscate views have something to count per period.
use super::demo_actor;
use super::{DEMO_PASSWORD, Theme, insert_themes};
use crate::agenda::record_version_as;
use crate::association::{PartnersInput, PriorityInput, PriorityItemsInput};
use crate::kernel::actor::Actor;
use crate::kernel::secret::hash_password;
use crate::knowledge::QuestionInput;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{AgendaStatus, Movement, MoverKind, Role, Step};
use broedplaats_store::lemniscate::{self as lq, NewMove};
use broedplaats_store::{Conn, StoreError, Tenant, accounts, agenda as q, werkplaats};

pub const NATIONAL_PARTNER_EMAIL: &str = "kennispartner@landelijk.example";
const OOST_COORDINATOR: &str = "coordinator@oost.example";

const OOST_THEMES: &[Theme] = &[
    Theme {
        title: "Bestaanszekerheid (fictief)",
        level: Some("doelgroep"),
        introduction: "Een fictief thema: huishoudens met geldzorgen eerder en beter helpen.",
        questions: &["Hoe bereiken we werkende huishoudens met schulden?"],
        options: &["Vroegsignalering met werkgevers."],
        funding: None,
    },
    Theme {
        title: "Mantelzorg en ontmoeting (fictief)",
        level: Some("collectief"),
        introduction: "Een fictief thema: mantelzorgers ontlasten en eenzaamheid in de buurt tegengaan.",
        questions: &["Wat houdt mantelzorgers op de been?"],
        options: &["Respijtzorg in de wijk."],
        funding: None,
    },
];

/// The collective priorities of the association, after the position paper (DOMAIN §10).
const PRIORITIES: &[(&str, &str)] = &[
    (
        "Lerende gemeenschappen als instrument",
        "Leergemeenschappen doorontwikkelen: wat werkt erin, wanneer en hoe (hun werkzame factoren).",
    ),
    (
        "Sociale inclusie van burgers in kwetsbare situaties",
        "Krachten bundelen rond thema's, met de sociale inclusie van burgers in kwetsbare situaties centraal.",
    ),
    (
        "Verankering in het beroepsonderwijs",
        "Het werk van de werkplaatsen verankeren in het hbo-onderwijs en de lectoraten met elkaar verbinden.",
    ),
    (
        "Kennis laten stromen tussen regio en land",
        "Regionale en landelijke kennis met elkaar verbinden, zoals in de pilot Integraal Werken in de Wijk met drie werkplaatsen.",
    ),
];

/// A question the demo makes in a werkplaats: (title, kwestie, visibility).
const VOORBEELD_QUESTIONS: &[(&str, &str, &str)] = &[
    ("Hoe voorkomen we dat jongeren met schulden uit beeld raken? (fictief)", "Armoede en schulden", "public"),
    ("Welke signalen van eenzaamheid missen huisartsen? (fictief)", "Eenzaamheid", "members"),
];
const OOST_QUESTIONS: &[(&str, &str, &str)] = &[
    ("Hoe houden mantelzorgers van mensen met dementie het vol? (fictief)", "Mantelzorg", "public"),
    ("Wat werkt in ontmoetingsplekken voor eenzame ouderen? (fictief)", "Eenzaamheid", "public"),
    ("Hoe helpen werkgevers werknemers met geldzorgen? (fictief)", "Armoede en schulden", "public"),
];

/// One move of a demo path: (movement, step, who (kind, name), note, date).
type DemoMove = (Movement, Step, MoverKind, &'static str, &'static str, &'static str);

const MOVISIE: &str = "Nadia Landman (Movisie)";

const ROUND_TRIP_TITLE: &str = "Hoe herkennen wijkteams geldzorgen bij werkende huishoudens eerder? (fictief)";

/// The ZHZ question that goes all the way round the eight.
const ROUND_TRIP: &[DemoMove] = &[
    (
        Movement::Develop,
        Step::Explicate,
        MoverKind::Werkplaats,
        "",
        "Vraag opgehaald in de leerkring schulden.",
        "2023-03-14",
    ),
    (
        Movement::Develop,
        Step::Research,
        MoverKind::Werkplaats,
        "",
        "24 interviews met werkende huishoudens.",
        "2023-10-02",
    ),
    (
        Movement::Disseminate,
        Step::Agenda,
        MoverKind::Werkplaats,
        "",
        "Ingebracht in het landelijk overleg van de werkplaatsen: speelt ook in Oostrand en de Voorbeeldregio.",
        "2024-01-18",
    ),
    (
        Movement::Disseminate,
        Step::BuildKnowledgeBase,
        MoverKind::NationalPartner,
        MOVISIE,
        "Literatuur en praktijkvoorbeelden verzameld.",
        "2024-03-05",
    ),
    (
        Movement::ScaleUp,
        Step::ConnectKwestie,
        MoverKind::NationalPartner,
        MOVISIE,
        "Verbonden met de kwestie armoede en schulden.",
        "2024-05-21",
    ),
    (
        Movement::ScaleUp,
        Step::AnalyseWorkingFactors,
        MoverKind::NationalPartner,
        MOVISIE,
        "Werkzame factoren uit drie werkplaatsen vergeleken: vertrouwen en een vaste verwijsroute.",
        "2024-09-12",
    ),
    (
        Movement::Enrich,
        Step::FlowBack,
        MoverKind::NationalPartner,
        MOVISIE,
        "Teruggegeven met het advies van de Voorbeeldregio en de werkzame factoren.",
        "2025-01-20",
    ),
    (
        Movement::Develop,
        Step::Apply,
        MoverKind::Werkplaats,
        "",
        "Toegepast in twee wijkteams van Merwestad.",
        "2025-04-08",
    ),
];

/// Where the other demo questions are: (werkplaats, title, path).
fn paths() -> Vec<(&'static str, &'static str, Vec<DemoMove>)> {
    let w = |m, s, note, d| (m, s, MoverKind::Werkplaats, "", note, d);
    let n = |m, s, note, d| (m, s, MoverKind::NationalPartner, MOVISIE, note, d);
    vec![
        (
            "zhz",
            "Wat hebben mantelzorgers van thuiswonende ouderen nodig om het vol te houden? (fictief)",
            vec![
                w(Movement::Develop, Step::Explicate, "Uit de themagroep langer thuis.", "2024-02-01"),
                w(Movement::Disseminate, Step::Agenda, "Op de landelijke agenda gezet.", "2025-06-10"),
            ],
        ),
        (
            "zhz",
            "Hoe betrekken we eenzame bewoners bij burgerinitiatieven? (fictief)",
            vec![
                w(Movement::Develop, Step::Apply, "Toegepast in de buurtkamers.", "2024-04-15"),
                w(Movement::Disseminate, Step::Communicate, "Gedeeld op het landelijk symposium.", "2025-02-03"),
                n(Movement::ScaleUp, Step::ConnectKwestie, "Verbonden met de kwestie eenzaamheid.", "2025-05-19"),
            ],
        ),
        (
            "voorbeeld",
            VOORBEELD_QUESTIONS[0].0,
            vec![
                w(Movement::Develop, Step::Research, "Onderzocht met het jongerenwerk.", "2023-11-20"),
                w(Movement::Disseminate, Step::Agenda, "Aangemeld voor de landelijke agenda.", "2024-04-02"),
                n(
                    Movement::ScaleUp,
                    Step::ValidateYield,
                    "Opbrengst gevalideerd met twee andere regio's.",
                    "2024-10-07",
                ),
                n(Movement::Enrich, Step::FlowBack, "Terug met de factsheet jongeren en schulden.", "2025-03-11"),
            ],
        ),
        (
            "voorbeeld",
            VOORBEELD_QUESTIONS[1].0,
            vec![w(Movement::Develop, Step::Explicate, "Alleen voor leden: nog in verkenning.", "2025-09-01")],
        ),
        (
            "oost",
            OOST_QUESTIONS[0].0,
            vec![
                w(Movement::Develop, Step::Explicate, "Vraag van de mantelzorgcentrale.", "2024-01-09"),
                w(Movement::Disseminate, Step::Agenda, "Ook ZHZ werkt aan mantelzorg: samen ingebracht.", "2024-06-13"),
                n(Movement::ScaleUp, Step::AnalyseWorkingFactors, "Werkzame factoren van respijtzorg.", "2025-08-25"),
            ],
        ),
        (
            "oost",
            OOST_QUESTIONS[1].0,
            vec![w(Movement::Develop, Step::Research, "Observaties in vier ontmoetingsplekken.", "2025-03-03")],
        ),
        (
            "oost",
            OOST_QUESTIONS[2].0,
            vec![
                w(Movement::Develop, Step::Explicate, "Vraag van twee werkgevers in de regio.", "2024-09-16"),
                w(
                    Movement::Disseminate,
                    Step::BuildKnowledgeBase,
                    "Voorbeelden van werkgevers verzameld.",
                    "2025-10-06",
                ),
            ],
        ),
    ]
}

impl Core {
    /// Loads the lemniscate demo unless the national partner's account exists. Needs the rest of
    /// the demo (`load_demo` and `load_demo_knowledge`). Returns whether it loaded.
    pub async fn load_demo_lemniscate(&self) -> Result<bool> {
        let (zhz, voorbeeld) = {
            let mut conn = self.store.conn().await?;
            if accounts::account_by_email(&mut conn, NATIONAL_PARTNER_EMAIL).await?.is_some() {
                return Ok(false);
            }
            let (Some(zhz), Some(voorbeeld)) =
                (werkplaats::tenant(&mut conn, "zhz").await?, werkplaats::tenant(&mut conn, "voorbeeld").await?)
            else {
                return Ok(false);
            };
            (zhz, voorbeeld)
        };
        let oost = self.demo_oost().await?;
        self.create_national_partner(NATIONAL_PARTNER_EMAIL, "Nadia Landman (fictief)", "Movisie", DEMO_PASSWORD)
            .await?;
        let (voorbeeld_coord, oost_coord) = {
            let mut conn = self.store.conn().await?;
            (
                demo_actor(&mut conn, "coordinator@voorbeeld.example").await?,
                demo_actor(&mut conn, OOST_COORDINATOR).await?,
            )
        };
        for (t, a, questions) in
            [(&voorbeeld, &voorbeeld_coord, VOORBEELD_QUESTIONS), (&oost, &oost_coord, OOST_QUESTIONS)]
        {
            for (title, kwestie, visibility) in questions {
                let input = QuestionInput {
                    title: (*title).into(),
                    explanation: Some("Een fictieve praktijkvraag uit de demo.".into()),
                    kwesties: vec![(*kwestie).into()],
                    visibility: Some((*visibility).into()),
                    ..QuestionInput::default()
                };
                self.create_question(Some(a), t, &input).await?;
            }
        }
        let mut tx = self.store.begin().await?;
        let round_trip = ROUND_TRIP_TITLE;
        let mut all = vec![("zhz", round_trip, ROUND_TRIP.to_vec())];
        all.extend(paths());
        for (slug, title, moves) in all {
            let t = match slug {
                "zhz" => &zhz,
                "voorbeeld" => &voorbeeld,
                _ => &oost,
            };
            let id = lq::question_by_title(&mut tx, t, title)
                .await?
                .ok_or_else(|| CoreError::Internal(format!("demo question missing: {title}")))?;
            let moves = tell_path(&mut tx, t, id, &moves).await?;
            if title == round_trip {
                // What the national partner analysed and brought back: ZHZ's working factors and
                // the Voorbeeldregio's advice.
                let items = [
                    (5, &zhz, "approach", "Persoonlijk contact (fictief)"),
                    (5, &zhz, "approach", "Snelheid (fictief)"),
                    (6, &voorbeeld, "knowledge_product", "Vroegsignalering van geldzorgen via de huisarts (fictief)"),
                ];
                for (index, owner, kind, item) in items {
                    if let (Some(m), Some(item)) =
                        (moves.get(index), lq::item_by_title(&mut tx, owner, kind, item).await?)
                    {
                        lq::insert_move_item(&mut tx, *m, kind, item, owner).await?;
                    }
                }
            }
        }
        // A cross-link the ZHZ coordinator confirmed: Oostrand works on the same question.
        let (q1, o3) = (
            lq::question_by_title(&mut tx, &zhz, round_trip).await?,
            lq::question_by_title(&mut tx, &oost, OOST_QUESTIONS[2].0).await?,
        );
        let coordinator = accounts::account_by_email(&mut tx, "coordinator@zhz.example").await?;
        if let (Some(q1), Some(o3), Some(c)) = (q1, o3, coordinator) {
            broedplaats_store::crosslinks::decide(
                &mut tx,
                &zhz,
                ("question", q1),
                &oost,
                ("question", o3),
                "confirmed",
                c.id,
            )
            .await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        self.index_now().await;
        self.demo_association(&zhz, &voorbeeld, &oost, &voorbeeld_coord, &oost_coord).await?;
        tracing::info!("lemniscate demo loaded");
        Ok(true)
    }

    /// The association's collective priorities (position paper), what serves them, and a joint
    /// project of the three werkplaatsen (after the pilot "Integraal Werken in de Wijk").
    async fn demo_association(
        &self,
        zhz: &Tenant,
        voorbeeld: &Tenant,
        oost: &Tenant,
        voorbeeld_coord: &Actor,
        oost_coord: &Actor,
    ) -> Result<()> {
        let zhz_coord = {
            let mut conn = self.store.conn().await?;
            demo_actor(&mut conn, "coordinator@zhz.example").await?
        };
        let mut ids = Vec::new();
        for (title, description) in PRIORITIES {
            let input = PriorityInput {
                title: (*title).into(),
                description: Some((*description).into()),
                werkplaats: Some(zhz.slug.clone()),
            };
            ids.push(self.create_priority(Some(&zhz_coord), &input).await?);
        }
        let (projects, questions) = {
            let mut conn = self.store.conn().await?;
            let projects = broedplaats_store::organisation::projects(&mut conn, zhz, None, true).await?;
            let mut found = Vec::new();
            for (t, title) in [
                (zhz, ROUND_TRIP_TITLE),
                (zhz, "Hoe betrekken we eenzame bewoners bij burgerinitiatieven? (fictief)"),
                (voorbeeld, VOORBEELD_QUESTIONS[0].0),
                (oost, OOST_QUESTIONS[0].0),
            ] {
                found.push(lq::question_by_title(&mut conn, t, title).await?.unwrap_or_default());
            }
            (projects, found)
        };
        let joint = projects.iter().find(|p| p.title.starts_with("Nieuwe armen")).or(projects.first()).map(|p| p.id);
        let zhz_items = PriorityItemsInput { projects: joint.into_iter().collect(), questions: vec![questions[0]] };
        self.set_priority_items(Some(&zhz_coord), zhz, ids[3], &zhz_items).await?;
        let inclusion = PriorityItemsInput { projects: vec![], questions: vec![questions[1]] };
        self.set_priority_items(Some(&zhz_coord), zhz, ids[1], &inclusion).await?;
        let theirs = PriorityItemsInput { projects: vec![], questions: vec![questions[2]] };
        self.set_priority_items(Some(voorbeeld_coord), voorbeeld, ids[1], &theirs).await?;
        let theirs = PriorityItemsInput { projects: vec![], questions: vec![questions[3]] };
        self.set_priority_items(Some(oost_coord), oost, ids[0], &theirs).await?;
        if let Some(project) = joint {
            let partners = PartnersInput { werkplaatsen: vec![voorbeeld.slug.clone(), oost.slug.clone()] };
            self.set_project_partners(Some(&zhz_coord), zhz, project, &partners).await?;
        }
        Ok(())
    }

    /// The third fictional werkplaats, with a coordinator.
    async fn demo_oost(&self) -> Result<Tenant> {
        let mut tx = self.store.begin().await?;
        let oost = werkplaats::insert(
            &mut tx,
            &werkplaats::NewWerkplaats {
                slug: "oost",
                name: "Werkplaats Sociaal Domein Oostrand (fictief)",
                region: "Oostrand (fictief)",
                association: super::ASSOCIATION,
            },
        )
        .await?;
        let agenda = q::insert(
            &mut tx,
            &oost,
            ("2023-2026", 2023, 2026),
            "Dichtbij en samen (fictief voorbeeld)",
            "sociale kwaliteit voor de brede basis",
        )
        .await?;
        insert_themes(&mut tx, &oost, agenda.id, OOST_THEMES).await?;
        record_version_as(
            &mut tx,
            &oost,
            None,
            "Olga Oosterhuis (fictief)",
            "Vastgestelde agenda (fictieve demonstratie).",
            Some(AgendaStatus::Definitief),
            None,
        )
        .await?;
        let hash = hash_password(DEMO_PASSWORD)?;
        let name = "Olga Oosterhuis (fictief)";
        let id = accounts::insert_account(&mut tx, OOST_COORDINATOR, name, &hash).await?;
        accounts::grant_role(&mut tx, &oost, id, Role::ProgrammeCoordinator.code()).await?;
        accounts::insert_person(&mut tx, &oost, name, Some(OOST_COORDINATOR), None, Some(id)).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(oost)
    }
}

/// Tells a question's path: the move its creation recorded becomes the first, then the others.
/// Returns the ids of the moves in order (0 for the first, which keeps its own id).
async fn tell_path(conn: &mut Conn, t: &Tenant, question_id: i64, moves: &[DemoMove]) -> Result<Vec<i64>> {
    let mut before: Option<Movement> = None;
    let mut ids = vec![0];
    for (i, (movement, step, kind, name, note, date)) in moves.iter().enumerate() {
        let by = if *kind == MoverKind::Werkplaats { t.name.as_str() } else { name };
        let at = format!("{date}T09:00:00Z");
        let m = NewMove {
            question_id,
            movement: movement.code(),
            step: Some(step.code()),
            by_kind: kind.code(),
            by_name: by,
            account_id: None,
            note,
            crosses: movement.crosses_from(before),
            national: movement.is_national(),
            status: step.question_status().map(|s| s.code()),
            at: Some(&at),
        };
        if i == 0 {
            lq::restate_first_move(conn, t, question_id, &m).await?;
        } else {
            ids.push(lq::insert_move(conn, t, &m).await?);
        }
        before = Some(*movement);
    }
    broedplaats_store::knowledge::outbox_push(conn, t, crate::knowledge::QUESTION, question_id).await?;
    Ok(ids)
}
