//! The knowledge and development agenda (DOMAIN §4): reading the current agenda and its versions,
//! changing themes and project options, and comparing versions. Every change writes a new
//! immutable version holding a snapshot of the whole agenda, in the same transaction.
use crate::kernel::actor::{Actor, require_agenda_editor};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    AgendaStatus, BoundedText, FieldErrorKind, FieldErrors, ProjectOptionInput, ThemeInput, ThemeLevel, limits,
};
use broedplaats_store::{Conn, NewVersion, StoreError, Tenant, ThemeFields, agenda as q};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The agenda as it reads in one version. Also the JSON shape of `GET …/agenda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgendaView {
    /// The period, e.g. "2023-2026".
    pub period: String,
    /// The main motto ("hoofdmotto").
    pub motto: String,
    /// The national theme the agenda sits under.
    pub national_theme: String,
    pub status: AgendaStatus,
    /// Version number of this reading (1, 2, …).
    #[serde(default)]
    pub version: i64,
    pub themes: Vec<ThemeView>,
    pub cross_cutting_concerns: Vec<CrossCuttingView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ThemeView {
    pub id: i64,
    pub title: String,
    /// `null` for themes outside the three levels, such as a separately funded theme.
    pub level: Option<ThemeLevel>,
    pub introduction: String,
    /// Guiding questions, in order.
    pub questions: Vec<String>,
    pub project_options: Vec<ProjectOptionView>,
    /// How the theme is funded when not from the core grant; `null` otherwise.
    pub funding: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProjectOptionView {
    pub id: i64,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CrossCuttingView {
    pub title: String,
    pub description: String,
}

/// One entry of the version history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionMeta {
    pub number: i64,
    pub status: AgendaStatus,
    /// The date the version carries (ISO 8601), e.g. the date it was adopted.
    pub date: String,
    pub author: String,
    pub change_note: String,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: String,
}

/// Who made a change and why; every change to the agenda carries one.
pub struct Change<'a> {
    pub note: Option<&'a str>,
}

impl Core {
    pub async fn current_agenda(&self, tenant: &Tenant) -> Result<AgendaView> {
        let mut conn = self.store.conn().await?;
        let agenda = q::current(&mut conn, tenant).await?.ok_or(CoreError::NotFound)?;
        let row = q::latest_version(&mut conn, tenant, agenda.id).await?.ok_or(CoreError::NotFound)?;
        parse_snapshot(&row)
    }

    /// The theme with `id` as the current version reads it.
    pub async fn theme(&self, tenant: &Tenant, id: i64) -> Result<(AgendaView, ThemeView)> {
        let agenda = self.current_agenda(tenant).await?;
        let theme = agenda.themes.iter().find(|t| t.id == id).cloned().ok_or(CoreError::NotFound)?;
        Ok((agenda, theme))
    }

    pub async fn agenda_versions(&self, tenant: &Tenant) -> Result<Vec<VersionMeta>> {
        let mut conn = self.store.conn().await?;
        let agenda = q::current(&mut conn, tenant).await?.ok_or(CoreError::NotFound)?;
        q::versions(&mut conn, tenant, agenda.id).await?.iter().map(version_meta).collect()
    }

    pub async fn agenda_version(&self, tenant: &Tenant, number: i64) -> Result<(VersionMeta, AgendaView)> {
        let mut conn = self.store.conn().await?;
        let agenda = q::current(&mut conn, tenant).await?.ok_or(CoreError::NotFound)?;
        let row = q::version(&mut conn, tenant, agenda.id, number).await?.ok_or(CoreError::NotFound)?;
        Ok((version_meta(&row)?, parse_snapshot(&row)?))
    }

    pub async fn create_theme(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        input: ThemeInput,
        change: Change<'_>,
    ) -> Result<(i64, i64)> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, agenda) = self.agenda_tx(tenant).await?;
        let questions = questions_json(&input.questions)?;
        let id = q::insert_theme(&mut tx, tenant, agenda.id, &theme_fields(&input, &questions)).await?;
        if let Some(options) = &input.project_options {
            replace_options(&mut tx, tenant, id, options).await?;
        }
        let note = note.unwrap_or_else(|| format!("Thema ‘{}’ toegevoegd", input.title.as_str()));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok((id, version))
    }

    pub async fn update_theme(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: ThemeInput,
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        let questions = questions_json(&input.questions)?;
        q::update_theme(&mut tx, tenant, id, &theme_fields(&input, &questions)).await?;
        if let Some(options) = &input.project_options {
            replace_options(&mut tx, tenant, id, options).await?;
        }
        let note = note.unwrap_or_else(|| format!("Thema ‘{}’ gewijzigd", input.title.as_str()));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok(version)
    }

    pub async fn delete_theme(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        let theme = q::theme(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let has_group =
            broedplaats_store::organisation::theme_groups(&mut tx, tenant).await?.iter().any(|g| g.theme_id == id);
        let projects = broedplaats_store::organisation::projects(&mut tx, tenant, Some(id), true).await?.len();
        if has_group || projects > 0 {
            return Err(CoreError::InUse(format!(
                "Thema ‘{}’ heeft nog {}{}{}. Verwijder of verplaats die eerst.",
                theme.title,
                if has_group { "een themagroep" } else { "" },
                if has_group && projects > 0 { " en " } else { "" },
                match projects {
                    0 => String::new(),
                    1 => "1 project".to_owned(),
                    n => format!("{n} projecten"),
                }
            )));
        }
        q::delete_theme(&mut tx, tenant, id).await?;
        let note = note.unwrap_or_else(|| format!("Thema ‘{}’ verwijderd", theme.title));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok(version)
    }

    /// Puts the themes in the given order; `ids` must name every theme exactly once.
    pub async fn reorder_themes(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        ids: &[i64],
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, agenda) = self.agenda_tx(tenant).await?;
        let mut current: Vec<i64> = q::themes(&mut tx, tenant, agenda.id).await?.iter().map(|t| t.id).collect();
        let mut wanted = ids.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(FieldErrors::single("theme_ids", FieldErrorKind::Invalid).into());
        }
        for (pos, id) in ids.iter().enumerate() {
            q::set_theme_position(&mut tx, tenant, *id, pos as i64 + 1).await?;
        }
        let note = note.unwrap_or_else(|| "Volgorde van de thema's gewijzigd".to_owned());
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok(version)
    }

    /// Moves one theme a place up (`-1`) or down (`+1`); a no-op at either end.
    pub async fn move_theme(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64, delta: i64) -> Result<i64> {
        let agenda = self.current_agenda(tenant).await?;
        let mut ids: Vec<i64> = agenda.themes.iter().map(|t| t.id).collect();
        let from = ids.iter().position(|t| *t == id).ok_or(CoreError::NotFound)?;
        let to = (from as i64 + delta).clamp(0, ids.len() as i64 - 1) as usize;
        let theme = ids.remove(from);
        ids.insert(to, theme);
        let title = &agenda.themes[from].title;
        let note = format!("Thema ‘{title}’ verplaatst");
        self.reorder_themes(actor, tenant, &ids, Change { note: Some(&note) }).await
    }

    pub async fn add_project_option(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        theme_id: i64,
        input: ProjectOptionInput,
        change: Change<'_>,
    ) -> Result<(i64, i64)> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        q::theme(&mut tx, tenant, theme_id).await?.ok_or(CoreError::NotFound)?;
        let existing = q::theme_options(&mut tx, tenant, theme_id).await?;
        let position = existing.iter().map(|o| o.position).max().unwrap_or(0) + 1;
        let id = q::insert_project_option(&mut tx, tenant, theme_id, input.0.as_str(), position).await?;
        let note = note.unwrap_or_else(|| format!("Projectoptie ‘{}’ toegevoegd", input.0.as_str()));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok((id, version))
    }

    pub async fn update_project_option(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        theme_id: i64,
        option_id: i64,
        input: ProjectOptionInput,
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        let existing = q::theme_options(&mut tx, tenant, theme_id).await?;
        let option = existing.iter().find(|o| o.id == option_id).ok_or(CoreError::NotFound)?;
        q::update_project_option(&mut tx, tenant, option_id, input.0.as_str(), option.position).await?;
        let note = note.unwrap_or_else(|| format!("Projectoptie ‘{}’ gewijzigd", input.0.as_str()));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok(version)
    }

    pub async fn delete_project_option(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        theme_id: i64,
        option_id: i64,
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        let existing = q::theme_options(&mut tx, tenant, theme_id).await?;
        let option = existing.iter().find(|o| o.id == option_id).ok_or(CoreError::NotFound)?;
        q::delete_project_option(&mut tx, tenant, option_id).await?;
        let note = note.unwrap_or_else(|| format!("Projectoptie ‘{}’ verwijderd", option.title));
        let version = record_version(&mut tx, tenant, actor, &note, None).await?;
        commit(tx).await?;
        Ok(version)
    }

    /// Adopts the agenda as definitief, or puts it back to concept, as a new version.
    pub async fn set_agenda_status(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        status: AgendaStatus,
        change: Change<'_>,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let note = parse_note(change.note)?;
        let (mut tx, _) = self.agenda_tx(tenant).await?;
        let note = note.unwrap_or_else(|| match status {
            AgendaStatus::Definitief => "Agenda vastgesteld als definitief".to_owned(),
            AgendaStatus::Concept => "Agenda teruggezet naar concept".to_owned(),
        });
        let version = record_version(&mut tx, tenant, actor, &note, Some(status)).await?;
        commit(tx).await?;
        Ok(version)
    }
}

impl Core {
    /// Begins a change of the current agenda: a transaction holding the agenda's lock.
    async fn agenda_tx(
        &self,
        tenant: &Tenant,
    ) -> Result<(broedplaats_store::Tx<'static>, broedplaats_store::AgendaRow)> {
        let mut tx = self.store.begin().await?;
        let agenda = q::current(&mut tx, tenant).await?.ok_or(CoreError::NotFound)?;
        q::lock(&mut tx, tenant, agenda.id).await?;
        Ok((tx, agenda))
    }
}

fn parse_note(note: Option<&str>) -> Result<Option<String>> {
    BoundedText::<{ limits::CHANGE_NOTE }>::parse_optional(note)
        .map(|n| n.map(BoundedText::into_inner))
        .map_err(|k| FieldErrors::single("change_note", k).into())
}

fn questions_json(questions: &[String]) -> Result<String> {
    serde_json::to_string(questions).map_err(|e| CoreError::Internal(e.to_string()))
}

fn theme_fields<'a>(input: &'a ThemeInput, questions_json: &'a str) -> ThemeFields<'a> {
    ThemeFields {
        title: input.title.as_str(),
        level: input.level.map(ThemeLevel::code),
        introduction: &input.introduction,
        questions_json,
        funding: input.funding.as_deref(),
    }
}

/// Makes a theme's project options read `titles`, in order, keeping the ids of options whose
/// title stays, so links to them survive an edit.
pub(crate) async fn replace_options(conn: &mut Conn, tenant: &Tenant, theme_id: i64, titles: &[String]) -> Result<()> {
    let existing = q::theme_options(conn, tenant, theme_id).await?;
    for old in existing.iter().filter(|o| !titles.contains(&o.title)) {
        q::delete_project_option(conn, tenant, old.id).await?;
    }
    for (pos, title) in titles.iter().enumerate() {
        let position = pos as i64 + 1;
        match existing.iter().find(|o| &o.title == title) {
            Some(old) => q::update_project_option(conn, tenant, old.id, title, position).await?,
            None => {
                q::insert_project_option(conn, tenant, theme_id, title, position).await?;
            }
        }
    }
    Ok(())
}

/// Writes the next version: a snapshot of the agenda as it now reads in this transaction.
pub(crate) async fn record_version(
    conn: &mut Conn,
    tenant: &Tenant,
    actor: &Actor,
    note: &str,
    status: Option<AgendaStatus>,
) -> Result<i64> {
    record_version_as(conn, tenant, Some(actor.account_id), &actor.name, note, status, None).await
}

pub(crate) async fn record_version_as(
    conn: &mut Conn,
    tenant: &Tenant,
    author_id: Option<i64>,
    author_name: &str,
    note: &str,
    status: Option<AgendaStatus>,
    date: Option<&str>,
) -> Result<i64> {
    let agenda = q::current(conn, tenant).await?.ok_or(CoreError::NotFound)?;
    let previous = q::latest_version(conn, tenant, agenda.id).await?;
    let status = match (status, &previous) {
        (Some(s), _) => s,
        (None, Some(p)) => parse_status(&p.status)?,
        (None, None) => AgendaStatus::Concept,
    };
    let snapshot = build_snapshot(conn, tenant, &agenda, status).await?;
    let json = serde_json::to_string(&snapshot).map_err(|e| CoreError::Internal(e.to_string()))?;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let number = q::insert_version(
        conn,
        tenant,
        agenda.id,
        &NewVersion {
            status: status.code(),
            version_date: date.unwrap_or(&today),
            author_account_id: author_id,
            author_name,
            change_note: note,
            snapshot_json: &json,
        },
    )
    .await?;
    Ok(number)
}

/// Reads the live rows of an agenda into a snapshot: three queries, however many themes.
async fn build_snapshot(
    conn: &mut Conn,
    tenant: &Tenant,
    agenda: &broedplaats_store::AgendaRow,
    status: AgendaStatus,
) -> Result<AgendaView> {
    let themes = q::themes(conn, tenant, agenda.id).await?;
    let options = q::project_options(conn, tenant, agenda.id).await?;
    let concerns = q::cross_cutting(conn, tenant, agenda.id).await?;
    let themes = themes
        .into_iter()
        .map(|t| {
            Ok(ThemeView {
                id: t.id,
                level: t.level.as_deref().map(ThemeLevel::parse).transpose().map_err(|_| corrupt("level"))?,
                questions: serde_json::from_str(&t.questions).map_err(|_| corrupt("questions"))?,
                project_options: options
                    .iter()
                    .filter(|o| o.theme_id == t.id)
                    .map(|o| ProjectOptionView { id: o.id, title: o.title.clone() })
                    .collect(),
                title: t.title,
                introduction: t.introduction,
                funding: t.funding,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(AgendaView {
        period: agenda.period.clone(),
        motto: agenda.motto.clone(),
        national_theme: agenda.national_theme.clone(),
        status,
        version: 0,
        themes,
        cross_cutting_concerns: concerns
            .into_iter()
            .map(|c| CrossCuttingView { title: c.title, description: c.description })
            .collect(),
    })
}

fn corrupt(what: &str) -> CoreError {
    CoreError::Store(StoreError::Corrupt(what.to_owned()))
}

fn parse_status(s: &str) -> Result<AgendaStatus> {
    AgendaStatus::parse(s).map_err(|_| corrupt("status"))
}

fn parse_snapshot(row: &broedplaats_store::VersionRow) -> Result<AgendaView> {
    let mut view: AgendaView = serde_json::from_str(&row.snapshot).map_err(|_| corrupt("snapshot"))?;
    view.version = row.number;
    Ok(view)
}

fn version_meta(row: &broedplaats_store::VersionRow) -> Result<VersionMeta> {
    Ok(VersionMeta {
        number: row.number,
        status: parse_status(&row.status)?,
        date: row.version_date.clone(),
        author: row.author_name.clone(),
        change_note: row.change_note.clone(),
        recorded_at: row.created_at.clone(),
    })
}

async fn commit(tx: broedplaats_store::Tx<'static>) -> Result<()> {
    tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))
}

// ---- comparing versions -------------------------------------------------------------------------

/// Interface words used when an agenda is written out as text for comparison; supplied by the
/// caller so the comparison speaks the reader's language (the content stays as written).
pub struct DiffLabels<'a> {
    pub period: &'a str,
    pub motto: &'a str,
    pub national_theme: &'a str,
    pub status: &'a str,
    pub theme: &'a str,
    pub level: &'a str,
    pub introduction: &'a str,
    pub question: &'a str,
    pub project_option: &'a str,
    pub funding: &'a str,
    pub cross_cutting: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Same,
    Added,
    Removed,
    /// Unchanged lines left out between hunks.
    Gap,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    pub change: LineChange,
    /// Segments of the line; `true` marks the words that changed within a changed line.
    pub segments: Vec<(bool, String)>,
}

/// The agenda as plain lines, one fact per line, so a line diff reads like a list of changes.
pub fn agenda_lines(a: &AgendaView, l: &DiffLabels<'_>) -> Vec<String> {
    let mut out = vec![
        format!("{}: {}", l.period, a.period),
        format!("{}: {}", l.motto, a.motto),
        format!("{}: {}", l.national_theme, a.national_theme),
        format!("{}: {}", l.status, a.status.code()),
    ];
    for t in &a.themes {
        out.push(String::new());
        out.push(format!("{}: {}", l.theme, t.title));
        if let Some(level) = t.level {
            out.push(format!("  {}: {}", l.level, level.code()));
        }
        for para in t.introduction.split('\n').filter(|p| !p.trim().is_empty()) {
            out.push(format!("  {}: {}", l.introduction, para));
        }
        for q in &t.questions {
            out.push(format!("  {}: {}", l.question, q));
        }
        for o in &t.project_options {
            out.push(format!("  {}: {}", l.project_option, o.title));
        }
        if let Some(f) = &t.funding {
            out.push(format!("  {}: {}", l.funding, f));
        }
    }
    for c in &a.cross_cutting_concerns {
        out.push(String::new());
        out.push(format!("{}: {} — {}", l.cross_cutting, c.title, c.description));
    }
    out
}

/// A readable diff: changed lines with the changed words marked, three lines of context.
pub fn diff(old: &AgendaView, new: &AgendaView, labels: &DiffLabels<'_>) -> Vec<DiffLine> {
    let old_text = agenda_lines(old, labels).join("\n") + "\n";
    let new_text = agenda_lines(new, labels).join("\n") + "\n";
    text_diff(&old_text, &new_text)
}

/// The same readable diff for any two texts (such as two versions of a project plan): changed
/// lines with the changed words marked, three lines of context. Line endings (`\n` or `\r\n`)
/// are not part of the compared lines, and a missing final newline is no change.
pub fn text_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let old_text = normalise_lines(old);
    let new_text = normalise_lines(new);
    let d = similar::TextDiff::from_lines(&old_text, &new_text);
    let mut out = Vec::new();
    for (i, group) in d.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine { change: LineChange::Gap, segments: vec![] });
        }
        for op in group {
            for change in d.iter_inline_changes(op) {
                let kind = match change.tag() {
                    similar::ChangeTag::Equal => LineChange::Same,
                    similar::ChangeTag::Insert => LineChange::Added,
                    similar::ChangeTag::Delete => LineChange::Removed,
                };
                let segments = change
                    .iter_strings_lossy()
                    .map(|(emph, s)| (emph, s.trim_end_matches('\n').to_string()))
                    .filter(|(_, s)| !s.is_empty())
                    .collect();
                out.push(DiffLine { change: kind, segments });
            }
        }
    }
    out
}

/// `\n` line endings and a final newline, so only the words of lines are compared.
fn normalise_lines(text: &str) -> String {
    let mut out = text.replace("\r\n", "\n");
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: DiffLabels<'static> = DiffLabels {
        period: "Periode",
        motto: "Motto",
        national_theme: "Landelijk thema",
        status: "Status",
        theme: "Thema",
        level: "Niveau",
        introduction: "Introductie",
        question: "Vraag",
        project_option: "Projectoptie",
        funding: "Financiering",
        cross_cutting: "Dwarsdoorsnijdend thema",
    };

    fn agenda() -> AgendaView {
        AgendaView {
            period: "2023-2026".into(),
            motto: "Met elkaar".into(),
            national_theme: "sociale kwaliteit".into(),
            status: AgendaStatus::Concept,
            version: 1,
            themes: vec![ThemeView {
                id: 1,
                title: "Samen leven".into(),
                level: Some(ThemeLevel::Collectief),
                introduction: "Er wordt steeds meer verwacht.".into(),
                questions: vec!["Wat werkt?".into()],
                project_options: vec![ProjectOptionView { id: 1, title: "Burgerinitiatieven.".into() }],
                funding: None,
            }],
            cross_cutting_concerns: vec![],
        }
    }

    #[test]
    fn identical_agendas_have_no_changes() {
        assert!(diff(&agenda(), &agenda(), &L).iter().all(|l| l.change == LineChange::Same));
    }

    #[test]
    fn a_new_option_and_a_changed_status_show_as_changes() {
        let old = agenda();
        let mut new = agenda();
        new.status = AgendaStatus::Definitief;
        new.themes[0].project_options.push(ProjectOptionView { id: 2, title: "Sociale duurzaamheid.".into() });
        let lines = diff(&old, &new, &L);
        let text = |c: LineChange| -> Vec<String> {
            lines
                .iter()
                .filter(|l| l.change == c)
                .map(|l| l.segments.iter().map(|s| s.1.as_str()).collect::<String>())
                .collect()
        };
        assert_eq!(text(LineChange::Removed), vec!["Status: concept"]);
        assert_eq!(text(LineChange::Added), vec!["Status: definitief", "  Projectoptie: Sociale duurzaamheid."]);
        // the changed word is marked within the changed status line
        let status_line = lines.iter().find(|l| l.change == LineChange::Added).expect("added line");
        assert!(status_line.segments.iter().any(|(emph, s)| *emph && s.contains("definitief")));
    }

    fn texts(lines: &[DiffLine], c: LineChange) -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.change == c)
            .map(|l| l.segments.iter().map(|s| s.1.as_str()).collect::<String>())
            .collect()
    }

    #[test]
    fn text_diff_marks_added_and_removed_lines() {
        let old = "# Plan\n\nWe beginnen in maart.\n- interviews";
        let new = "# Plan\r\n\r\nWe beginnen in april.\r\n- interviews\r\n- werkplaatsbijeenkomst\r\n";
        let lines = text_diff(old, new);
        assert_eq!(texts(&lines, LineChange::Removed), vec!["We beginnen in maart."]);
        assert_eq!(texts(&lines, LineChange::Added), vec!["We beginnen in april.", "- werkplaatsbijeenkomst"]);
        assert_eq!(texts(&lines, LineChange::Same), vec!["# Plan", "", "- interviews"]);
        let changed = lines.iter().find(|l| l.change == LineChange::Added).expect("added line");
        assert!(changed.segments.iter().any(|(emph, s)| *emph && s.contains("april")));
    }

    #[test]
    fn text_diff_of_equal_texts_and_of_nothing() {
        assert!(text_diff("a\nb", "a\r\nb\n").iter().all(|l| l.change == LineChange::Same));
        assert!(text_diff("", "").is_empty());
        assert_eq!(texts(&text_diff("", "Nieuw plan"), LineChange::Added), vec!["Nieuw plan"]);
    }
}
