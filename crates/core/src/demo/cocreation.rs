//! The ZHZ co-creation of 2022 reconstructed (seed: "Totstandkoming van de kennis- en
//! ontwikkelagenda — Stand van zaken oktober 2022"): two sessions in May and June 2022, 11
//! pitches clustered into the four main themes the seed names, the cross-cutting concern
//! vertrouwen, elaboration in small groups, the concept of 20 October, amendments, and the
//! definitive agenda of 3 November that the demo already holds (versions 1 and 2).
//!
//! The seed names the sessions, the count of pitches, the four clusters, vertrouwen and the dates;
//! it is silent on the pitches' texts, their people, the votes and the amendments, so those are
//! illustrative (pitches carry the `illustrative` mark; people are fictional). How the four
//! clusters became the agenda's three levels is a reconstruction too: Samenlevingsopbouw and Kloof
//! tussen burger en overheid merge into "Samen leven".
use crate::Result;
use broedplaats_domain::{Phase, ThemeLevel};
use broedplaats_store::cocreation::{self as q, PitchFields};
use broedplaats_store::{Conn, Tenant, agenda};

const LECTOREN: &str = "Richard de Brabander en Erna Hooghiemstra (lectoren)";

/// (title, question, why, for whom, author, organisation index, cluster index)
const PITCHES: &[(&str, &str, &str, &str, &str, usize, usize)] = &[
    (
        "Bewonersinitiatieven die blijven",
        "Hoe ondersteunen we bewonersinitiatieven zo dat ze niet na een jaar doodbloeden?",
        "Veel initiatieven in de wijk starten met energie en stoppen als de trekkers afhaken.",
        "Actieve bewoners en opbouwwerkers",
        "Henk Visser (fictief)",
        5,
        0,
    ),
    (
        "Ontmoeting in de wijk",
        "Welke plekken en vormen van ontmoeting versterken de sociale samenhang in wijken met veel verloop?",
        "Buurthuizen sluiten, terwijl de behoefte aan ontmoeting groeit.",
        "Bewoners, welzijnswerkers en de gemeente",
        "Anna Jansen (fictief)",
        3,
        0,
    ),
    (
        "Samen zorgen voor de buurt",
        "Hoe krijgen informele zorg en vrijwilligers een vaste plek naast de professionele ondersteuning?",
        "De formele zorg kan niet alles; de buurt kan meer dan we denken.",
        "Vrijwilligers, mantelzorgers en professionals",
        "Bram de Wit (fictief)",
        4,
        0,
    ),
    (
        "Regels die mensen niet begrijpen",
        "Hoe maken we regelingen en brieven van de gemeente begrijpelijk voor wie er het meest van afhangt?",
        "Mensen haken af bij de eerste brief en komen pas terug als de problemen groot zijn.",
        "Inwoners met weinig geld of lage taalvaardigheid",
        "Fatima El Amrani (fictief)",
        2,
        1,
    ),
    (
        "Vertrouwen in de overheid herstellen",
        "Wat is er nodig om het vertrouwen van inwoners in de gemeente en in hulpverleners te herstellen?",
        "Na de toeslagenaffaire is het wantrouwen groot, ook in onze regio.",
        "Inwoners en beleidsmakers",
        "Henk Visser (fictief)",
        5,
        1,
    ),
    (
        "Meedoen aan beleid",
        "Hoe geven we bewoners en cliëntvertegenwoordigers echt een stem bij het maken van beleid?",
        "Inspraak voelt nu vaak als een formaliteit achteraf.",
        "Cliëntraden, bewonersplatforms en beleidsmakers",
        "Mirjam Manager (fictief)",
        2,
        1,
    ),
    (
        "Kwetsbaar door krapte",
        "Hoe houden we de ondersteuning van kwetsbare inwoners op peil nu er steeds minder professionals zijn?",
        "De tekorten op de arbeidsmarkt raken de mensen die het meest afhankelijk zijn van hulp.",
        "Kwetsbare inwoners en hun professionals",
        "Bram de Wit (fictief)",
        4,
        2,
    ),
    (
        "Armoede en schulden voorkomen",
        "Hoe signaleren we geldzorgen eerder, voordat schulden zich opstapelen?",
        "Schuldhulpverlening komt nu vaak te laat.",
        "Huishoudens met geldzorgen",
        "Fatima El Amrani (fictief)",
        2,
        2,
    ),
    (
        "Jongeren die uit beeld raken",
        "Wat helpt jongeren die tussen wal en schip vallen om weer mee te doen?",
        "Na de coronajaren zien scholen en jongerenwerk meer jongeren uitvallen.",
        "Jongeren van 16 tot 27 jaar",
        "Anna Jansen (fictief)",
        3,
        2,
    ),
    (
        "De generalist in het wijkteam",
        "Wat vraagt generalistisch werken in het wijkteam van professionals, en hoe leren ze dat?",
        "Wijkteams zoeken naar hun rol tussen specialist en generalist.",
        "Professionals in wijkteams en hun opleiders",
        "Dirk Docent (fictief)",
        0,
        3,
    ),
    (
        "Professionele ruimte en werkplezier",
        "Hoe houden professionals ruimte om te doen wat nodig is, en houden ze plezier in hun werk?",
        "Uitval en verloop zijn hoog; regeldruk neemt toe.",
        "Professionals in zorg en welzijn",
        "Roos Onderzoeker (fictief)",
        1,
        3,
    ),
];

const CLUSTERS: [&str; 4] = [
    "Samenlevingsopbouw",
    "Kloof tussen burger en overheid",
    "Toekomstbestendigheid en kwetsbaarheid",
    "Nieuw professioneel handelen",
];

/// Loads the reconstructed process. `themes` are the agenda's themes in order (Samen leven,
/// Weerbaarheid, Professionele veerkracht, Thuiswonende ouderen); `orgs` the six demo
/// organisations; `voters` the demo accounts (id, name).
pub(super) async fn load(
    conn: &mut Conn,
    t: &Tenant,
    themes: &[i64],
    orgs: &[i64],
    voters: &[(i64, String)],
    coordinator: (i64, &str),
) -> Result<()> {
    let agenda = agenda::current(conn, t).await?.ok_or(crate::CoreError::NotFound)?;
    let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.code()).collect();
    let id = q::insert_process(
        conn,
        t,
        &q::NewProcess {
            agenda_id: agenda.id,
            title: "Kennis- en ontwikkelagenda 2023-2026",
            description: "Reconstructie van het co-creatieproces van 2022 (bron: de kennisagenda, hoofdstuk 5). \
                          De data, de elf pitches, de vier clusters en vertrouwen komen uit de bron; de teksten \
                          van de pitches, de mensen, de punten en de amendementen zijn illustratief.",
            points_per_participant: 10,
            anonymous_votes: true,
            created_by: coordinator.0,
            phases: &phases,
        },
    )
    .await?;
    let plan: [(Phase, &str, &str, &str); 7] = [
        (
            Phase::Pitching,
            "2022-05-12",
            "2022-05-12",
            "Eerste bijeenkomst met bewoners/cliëntvertegenwoordigers, beleidsprofessionals, professionals en \
             onderwijs en onderzoek: elf pitches.",
        ),
        (Phase::Clustering, "2022-05-12", "2022-05-12", "De deelnemers clusteren de pitches gezamenlijk."),
        (Phase::Prioritising, "2022-05-12", "2022-05-12", "De deelnemers prioriteren de clusters."),
        (
            Phase::Elaborating,
            "2022-05-13",
            "2022-06-27",
            "Kleine groepen verkennen de thema's; op de tweede bijeenkomst (27 juni) presenteren zij hun uitwerking.",
        ),
        (Phase::Concept, "2022-10-20", "2022-10-20", "De conceptagenda wordt voorgelegd aan de (kandidaat) partners."),
        (Phase::Amending, "2022-10-20", "2022-11-02", "Partners stellen aanpassingen voor."),
        (Phase::Adopted, "2022-11-03", "2022-11-03", "De definitieve agenda."),
    ];
    for (phase, from, to, explanation) in plan {
        q::update_phase_plan(conn, t, id, phase.code(), Some(from), Some(to), explanation).await?;
        q::set_phase_entered(conn, t, id, phase.code(), &format!("{from}T10:00:00Z")).await?;
    }
    q::set_phase(conn, t, id, Phase::Adopted.code()).await?;
    q::set_phase_entered(conn, t, id, Phase::Adopted.code(), "2022-11-03T10:00:00Z").await?;
    let at = |d: &str| format!("{d}T10:00:00Z");
    let by = (Some(coordinator.0), coordinator.1);
    q::insert_event(conn, t, id, "created", "Proces gestart", by, Some(&at("2022-05-01"))).await?;

    let mut clusters = Vec::new();
    for title in CLUSTERS {
        clusters.push(q::insert_cluster(conn, t, id, title, "manual", by).await?);
    }
    let mut pitch_ids = Vec::new();
    for (title, question, why, for_whom, author, org, cluster) in PITCHES {
        let fields = PitchFields { title, question, why, for_whom, organisation_id: orgs.get(*org).copied() };
        let p = q::insert_pitch(conn, t, id, &fields, true, Some(&at("2022-05-12"))).await?;
        q::insert_pitch_person(conn, t, p, None, author, orgs.get(*org).copied(), "author").await?;
        let snapshot = serde_json::json!({
            "title": title, "question": question, "why": why, "for_whom": for_whom, "organisation": null,
        });
        q::insert_pitch_version(conn, t, p, &snapshot.to_string(), (None, author)).await?;
        q::add_member(conn, t, clusters[*cluster], p, coordinator.1).await?;
        pitch_ids.push(p);
    }
    q::insert_event(
        conn,
        t,
        id,
        "pitch",
        "Elf pitches ingebracht op de eerste bijeenkomst",
        by,
        Some(&at("2022-05-12")),
    )
    .await?;
    q::insert_event(conn, t, id, "cluster", "Vier hoofdthema's geclusterd", by, Some(&at("2022-05-12"))).await?;

    // Prioritising: the demo accounts' points (illustrative).
    let allocations: [[i64; 4]; 3] = [[3, 3, 2, 2], [2, 2, 3, 3], [4, 1, 3, 2]];
    for ((account, _), points) in voters.iter().zip(allocations) {
        let pairs: Vec<(i64, i64)> = clusters.iter().copied().zip(points).collect();
        q::replace_votes(conn, t, id, *account, &pairs).await?;
    }

    let trust = q::insert_concern(
        conn,
        t,
        id,
        "vertrouwen",
        "Vertrouwen als basis om gezamenlijk te werken aan versterken van sociale kwaliteit.",
    )
    .await?;
    q::set_concern_pitches(conn, t, trust, &[pitch_ids[4], pitch_ids[3], pitch_ids[10]]).await?;
    q::insert_event(conn, t, id, "concern", "Overkoepelend vraagstuk benoemd: vertrouwen", by, Some(&at("2022-05-12")))
        .await?;

    // Elaboration: the first two clusters became one theme, "Samen leven", on the collective level.
    let samen = q::insert_cluster(conn, t, id, "Samen leven", "merge", by).await?;
    for c in &clusters[..2] {
        q::insert_source(conn, t, samen, *c).await?;
    }
    for (p, (.., cluster)) in pitch_ids.iter().zip(PITCHES) {
        if *cluster < 2 {
            q::end_member(conn, t, *p, coordinator.1).await?;
            q::add_member(conn, t, samen, *p, coordinator.1).await?;
        }
    }
    for c in &clusters[..2] {
        q::close_cluster(conn, t, *c, "merged").await?;
    }
    q::insert_event(
        conn,
        t,
        id,
        "merge",
        "Samenlevingsopbouw en Kloof tussen burger en overheid samengevoegd tot ‘Samen leven’",
        by,
        Some(&at("2022-06-27")),
    )
    .await?;
    let theme_clusters = [(samen, themes[0]), (clusters[2], themes[1]), (clusters[3], themes[2])];
    let groups = [
        "Voorbereidingsgroep Samen leven (fictief)",
        "Voorbereidingsgroep Weerbaarheid (fictief)",
        "Voorbereidingsgroep Professionals (fictief)",
    ];
    for ((cluster, theme), group) in theme_clusters.iter().zip(groups) {
        q::set_cluster_theme(conn, t, *cluster, *theme).await?;
        let row = agenda::theme(conn, t, *theme).await?.ok_or(crate::CoreError::NotFound)?;
        let options: Vec<String> = agenda::theme_options(conn, t, *theme).await?.into_iter().map(|o| o.title).collect();
        let options = serde_json::to_string(&options).map_err(|e| crate::CoreError::Internal(e.to_string()))?;
        let first_intro = row.introduction.split("\n\n").next().unwrap_or_default().to_owned();
        let draft = q::TextFields {
            title: &row.title,
            level: row.level.as_deref(),
            introduction: &first_intro,
            questions_json: "[]",
            project_options_json: "[]",
        };
        q::insert_text(conn, t, *cluster, &draft, (None, group)).await?;
        let full = q::TextFields {
            title: &row.title,
            level: row.level.as_deref().or(Some(ThemeLevel::Collectief.code())),
            introduction: &row.introduction,
            questions_json: &row.questions,
            project_options_json: &options,
        };
        q::insert_text(conn, t, *cluster, &full, (None, LECTOREN)).await?;
    }
    q::insert_event(
        conn,
        t,
        id,
        "text",
        "Uitwerking in kleine groepen gepresenteerd op de tweede bijeenkomst",
        by,
        Some(&at("2022-06-27")),
    )
    .await?;
    q::set_concept_version(conn, t, id, 1).await?;
    q::insert_event(
        conn,
        t,
        id,
        "concept",
        "Conceptagenda voorgelegd aan de (kandidaat) partners (versie 1)",
        by,
        Some(&at("2022-10-20")),
    )
    .await?;

    // Amendments of 20 October (illustrative), processed into the definitive version 2.
    let weerbaar = agenda::theme(conn, t, themes[1]).await?.ok_or(crate::CoreError::NotFound)?;
    let veerkracht = agenda::theme(conn, t, themes[2]).await?.ok_or(crate::CoreError::NotFound)?;
    let amendments = [
        (
            &weerbaar,
            "title",
            weerbaar.title.as_str(),
            "Illustratief: ‘Weerbaarheid’ zegt beter dan ‘Toekomstbestendigheid en kwetsbaarheid’ waar het om gaat.",
            "Fatima El Amrani (fictief)",
            "accepted",
            "Overgenomen: de titel sluit aan bij de taal van bewoners.",
            Some(weerbaar.title.as_str()),
        ),
        (
            &veerkracht,
            "introduction",
            "Illustratief: voeg een alinea toe over het aantal professionals dat de sector verlaat.",
            "Illustratief: de cijfers maken de urgentie zichtbaar.",
            "Bram de Wit (fictief)",
            "rejected",
            "Niet overgenomen: de agenda noemt geen cijfers die snel verouderen; de projecten verzamelen ze.",
            None,
        ),
    ];
    for (theme, section, text, reason, author, decision, answer, applied) in amendments {
        let aid = q::insert_amendment(
            conn,
            t,
            id,
            &q::NewAmendment {
                theme_id: theme.id,
                theme_title: &theme.title,
                section,
                text,
                reason,
                author: (None, author),
                organisation_name: None,
            },
        )
        .await?;
        q::answer_amendment(
            conn,
            t,
            aid,
            &q::Answer { decision, answer, applied_text: applied, applied_version: applied.map(|_| 2), by: LECTOREN },
        )
        .await?;
    }
    q::insert_event(
        conn,
        t,
        id,
        "answer",
        "Voorgestelde aanpassingen beantwoord en verwerkt",
        by,
        Some(&at("2022-11-02")),
    )
    .await?;
    q::set_adopted_version(conn, t, id, 2).await?;
    q::insert_event(conn, t, id, "adopted", "Definitieve agenda vastgesteld (versie 2)", by, Some(&at("2022-11-03")))
        .await?;
    q::backdate(conn, t, id, &at("2022-05-12")).await?;
    Ok(())
}
