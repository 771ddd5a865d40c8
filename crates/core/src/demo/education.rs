//! The education demo (issue 19): assignments of both demo hogescholen in the ZHZ projects, a
//! demo student without a role (as after self-registration) with two applications, one accepted,
//! and the accepted student's result under review; the study programmes of both hogescholen.
//! Deterministic: fixed texts and dates, made through the same use cases as the pages.
use super::DEMO_PASSWORD;
use crate::education::{
    ApplicationInput, AssignmentInput, DecisionInput, OrganisationRef, ProgrammeInput, ResultInput,
};
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

/// The study programmes of the demo hogescholen: (hogeschool index as in `ASSIGNMENTS`, name).
const PROGRAMMES: &[(usize, &str)] = &[
    (0, "Social Work"),
    (0, "Toegepaste Psychologie"),
    (0, "HBO-V"),
    (1, "Social Work"),
    (1, "Pedagogiek"),
    (1, "HBO-V"),
];

/// The demo hogescholen of ZHZ, Maasoever first, then Rijnmond-Zuid: by name, so the order does
/// not hang on ids.
async fn hogescholen(conn: &mut broedplaats_store::Conn, zhz: &broedplaats_store::Tenant) -> Result<Vec<i64>> {
    let orgs = broedplaats_store::organisation::organisations(conn, zhz, Some("hogeschool"), None, 100).await?;
    let mut named: Vec<(String, i64)> = orgs.into_iter().map(|o| (o.name, o.id)).collect();
    named.sort();
    Ok(named.into_iter().map(|(_, id)| id).collect())
}

impl Core {
    /// Adds the demo's study programmes that are missing (so also to a demo loaded before they
    /// existed); a second run changes nothing.
    async fn load_demo_programmes(&self, zhz: &broedplaats_store::Tenant, coordinator: &Actor) -> Result<()> {
        let (schools, have) = {
            let mut conn = self.store.conn().await?;
            (hogescholen(&mut conn, zhz).await?, self.programmes(Some(coordinator), zhz).await?)
        };
        for (hs, name) in PROGRAMMES {
            let Some(school) = schools.get(*hs).copied() else { continue };
            if have.iter().any(|p| p.organisation_id == school && p.name.eq_ignore_ascii_case(name)) {
                continue;
            }
            let input = ProgrammeInput { name: (*name).into(), organisation: OrganisationRef::Id(school) };
            self.add_programme(Some(coordinator), zhz, &input).await?;
        }
        Ok(())
    }

    /// Loads the education demo unless the demo student exists (the study programmes are added
    /// when missing either way). Needs `load_demo`. Returns whether the assignments loaded.
    pub async fn load_demo_education(&self) -> Result<bool> {
        let (zhz, coordinator) = {
            let mut conn = self.store.conn().await?;
            let Some(zhz) = werkplaats::tenant(&mut conn, "zhz").await? else { return Ok(false) };
            if accounts::account_by_email(&mut conn, "coordinator@zhz.example").await?.is_none() {
                return Ok(false);
            }
            let coordinator = actor(&mut conn, "coordinator@zhz.example").await?;
            let student = accounts::account_by_email(&mut conn, STUDENT_EMAIL).await?;
            drop(conn);
            self.load_demo_programmes(&zhz, &coordinator).await?;
            if student.is_some() {
                return Ok(false);
            }
            (zhz, coordinator)
        };
        let (projects, people, hogescholen) = {
            let mut conn = self.store.conn().await?;
            (
                broedplaats_store::organisation::projects(&mut conn, &zhz, None, true).await?,
                broedplaats_store::organisation::people_full(&mut conn, &zhz).await?,
                hogescholen(&mut conn, &zhz).await?,
            )
        };
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
