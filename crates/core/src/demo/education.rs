//! The education demo (issue 19): assignments of both demo hogescholen in the ZHZ projects, a
//! demo student without a role (as after self-registration) with two applications, one accepted,
//! and the accepted student's result under review.
//! Deterministic: fixed texts and dates, made through the same use cases as the pages.
use super::DEMO_PASSWORD;
use crate::education::{ApplicationInput, AssignmentInput, DecisionInput, ResultInput};
use crate::kernel::actor::{Actor, load_actor};
use crate::kernel::secret::hash_password;
use crate::{Core, CoreError, Result};
use broedplaats_store::{accounts, werkplaats};

/// The demo student's account.
pub const STUDENT_EMAIL: &str = "student@zhz.example";

async fn actor(conn: &mut broedplaats_store::Conn, email: &str) -> Result<Actor> {
    let a = accounts::account_by_email(conn, email)
        .await?
        .ok_or_else(|| CoreError::Internal(format!("demo account {email} missing")))?;
    load_actor(conn, a.id, a.email, a.name).await
}

/// (title, kind, project title prefix, hogeschool index, supervisor name prefix, programmes,
/// places, starts, ends, question, description, deliverables)
type DemoAssignment<'a> =
    (&'a str, &'a str, &'a str, usize, &'a str, &'a [&'a str], i64, &'a str, &'a str, &'a str, &'a str, &'a str);

const ASSIGNMENTS: &[DemoAssignment] = &[
    (
        "Bewoners aan het woord: zorgzaamheid in Merwestad (fictief)",
        "afstudeeropdracht",
        "Samen zorgzaam",
        0,
        "Dirk Docent",
        &["Social Work"],
        2,
        "2025-09-01",
        "2026-06-30",
        "Wat maakt dat bewoners van Merwestad naar elkaar omzien, en wat houdt hen tegen?",
        "U houdt gesprekken met bewoners en opbouwwerkers, analyseert ze samen met de projectgroep en schrijft er uw bachelorproef over.",
        "Een bachelorproef en een korte factsheet voor de wijkteams.",
    ),
    (
        "Stage: armoede in beeld bij het wijkteam (fictief)",
        "stage",
        "Nieuwe armen",
        1,
        "Roos Onderzoeker",
        &["Social Work", "Toegepaste Psychologie"],
        1,
        "2025-09-01",
        "2026-01-30",
        "Hoe bereiken we werkende huishoudens die net boven de armoedegrens leven?",
        "U loopt mee met het wijkteam, voert gesprekken met huishoudens en helpt een signaleringslijst te testen.",
        "Een stageverslag en een advies aan het wijkteam.",
    ),
    (
        "Praktijkopdracht: technologie bespreken met wijkverpleegkundigen (fictief)",
        "praktijkopdracht",
        "Technologie in de wijkverpleging",
        0,
        "Sanne de Jong",
        &["Pedagogiek"],
        3,
        "2026-02-02",
        "2026-06-26",
        "Hoe praten wijkverpleegkundigen met ouderen over zorgtechnologie?",
        "In een groepje van drie bereidt u een werkvorm voor, test die in twee teams en verbetert hem.",
        "Een werkvorm met handleiding.",
    ),
];

impl Core {
    /// Loads the education demo unless the demo student exists. Needs `load_demo`. Returns
    /// whether it loaded.
    pub async fn load_demo_education(&self) -> Result<bool> {
        let (zhz, coordinator) = {
            let mut conn = self.store.conn().await?;
            if accounts::account_by_email(&mut conn, STUDENT_EMAIL).await?.is_some() {
                return Ok(false);
            }
            let Some(zhz) = werkplaats::tenant(&mut conn, "zhz").await? else { return Ok(false) };
            (zhz, actor(&mut conn, "coordinator@zhz.example").await?)
        };
        let (projects, people, orgs) = {
            let mut conn = self.store.conn().await?;
            (
                broedplaats_store::organisation::projects(&mut conn, &zhz, None, true).await?,
                broedplaats_store::organisation::people_full(&mut conn, &zhz).await?,
                broedplaats_store::organisation::organisations(&mut conn, &zhz, Some("hogeschool"), None, 100).await?,
            )
        };
        let mut hogescholen: Vec<(String, i64)> = orgs.iter().map(|o| (o.name.clone(), o.id)).collect();
        // Maasoever first, then Rijnmond-Zuid: by name, so the order does not hang on ids.
        hogescholen.sort();
        let hogescholen: Vec<i64> = hogescholen.into_iter().map(|(_, id)| id).collect();
        let mut ids = Vec::new();
        for (
            title,
            kind,
            project,
            hs,
            supervisor,
            programmes,
            places,
            starts,
            ends,
            question,
            description,
            deliverables,
        ) in ASSIGNMENTS
        {
            let input = AssignmentInput {
                kind: (*kind).into(),
                title: (*title).into(),
                description: (*description).into(),
                places: *places,
                programmes: programmes.iter().map(|p| (*p).to_owned()).collect(),
                project_id: projects.iter().find(|p| p.title.starts_with(project)).map(|p| p.id),
                organisation_id: hogescholen.get(*hs).copied(),
                starts_on: Some((*starts).into()),
                ends_on: Some((*ends).into()),
                supervisor_person_id: people.iter().find(|p| p.name.starts_with(supervisor)).map(|p| p.id),
                question: Some((*question).into()),
                deliverables: Some((*deliverables).into()),
                location: Some("Merwestad".into()),
                ..AssignmentInput::default()
            };
            ids.push(self.create_assignment(Some(&coordinator), &zhz, &input).await?.id);
        }
        let student = {
            let mut conn = self.store.conn().await?;
            let hash = hash_password(DEMO_PASSWORD)?;
            accounts::insert_account(&mut conn, STUDENT_EMAIL, "Sam Student (fictief)", &hash).await?;
            actor(&mut conn, STUDENT_EMAIL).await?
        };
        let first = self
            .apply(
                Some(&student),
                &zhz,
                ids[0],
                &ApplicationInput {
                    motivation: "Ik studeer Social Work in het vierde jaar en woon zelf in Merwestad. \
                                 Ik wil graag met bewoners in gesprek over zorgzaamheid."
                        .into(),
                },
            )
            .await?;
        self.apply(
            Some(&student),
            &zhz,
            ids[1],
            &ApplicationInput {
                motivation: "Armoede bij werkende gezinnen houdt mij bezig; ik wil leren signaleren.".into(),
            },
        )
        .await?;
        let decision = DecisionInput {
            decision: "accepted".into(),
            message: Some("Welkom in het project! Dirk neemt contact met u op voor een kennismaking.".into()),
        };
        self.decide_application(Some(&coordinator), &zhz, first.id, &decision).await?;
        // Accepted, the student has a role now: load the account again.
        let student = {
            let mut conn = self.store.conn().await?;
            actor(&mut conn, STUDENT_EMAIL).await?
        };
        let result = ResultInput {
            title: "Omzien in Merwestad: wat bewoners vertellen (fictief)".into(),
            summary: Some(
                "Tussenverslag van twaalf gesprekken met bewoners en opbouwwerkers over zorgzaamheid in de wijk, \
                 met drie aanbevelingen voor de wijkteams."
                    .into(),
            ),
            body: Some(
                "## Wat bewoners vertellen\n\nBewoners zien naar elkaar om als ze elkaar kennen van de school, \
                 de moskee of de voetbalclub. Wie nieuw is, blijft buiten beeld.\n"
                    .into(),
            ),
            year: Some(2026),
            ..ResultInput::default()
        };
        self.submit_result(Some(&student), &zhz, ids[0], &result).await?;
        Ok(true)
    }
}
