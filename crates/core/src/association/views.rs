//! The association view (`/vereniging`, `GET /api/v1/association`) and the list behind one count.
use super::matrix::Matrix;
use super::{manages, reader_level};
use crate::kernel::actor::Actor;
use crate::{Core, CoreError, Result};
use broedplaats_store::Conn;
use broedplaats_store::association::{self as q, WerkplaatsLine};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::ToSchema;

/// A werkplaats of the association: who it is, what it works on, whom to call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WerkplaatsSummary {
    pub slug: String,
    pub name: String,
    pub region: String,
    /// The werkplaats's page.
    pub url: String,
    /// The themes of its current agenda, in order.
    pub themes: Vec<String>,
    /// Its programme coordinators: whom to contact.
    pub contacts: Vec<String>,
    /// On how many kwesties it has something the reader may read.
    pub kwesties: i64,
    /// How many records it harvested from other installations and repositories (all public).
    pub harvested: i64,
}

/// What one werkplaats has on one kwestie, counted as far as the reader may read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellCounts {
    pub slug: String,
    /// Projects with a question or published product on the kwestie.
    pub projects: i64,
    pub questions: i64,
    /// Published knowledge products.
    pub products: i64,
    /// The page listing them; `null` when there is nothing to list.
    pub url: Option<String>,
}

/// A kwestie with what every werkplaats has on it, in the order of `werkplaatsen`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwestieRow {
    pub id: i64,
    pub label: String,
    pub werkplaatsen: Vec<CellCounts>,
}

/// A project or practice question that serves a priority.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityItemView {
    /// `project` or `question`
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub url: String,
    pub werkplaats: String,
    pub werkplaats_name: String,
}

/// A collective priority of the association with what serves it (what the reader may read).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub items: Vec<PriorityItemView>,
    /// Whether the reader may change or delete it.
    pub may_manage: bool,
}

/// A partner werkplaats of a joint project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerView {
    pub slug: String,
    pub name: String,
}

/// A project of one werkplaats with partner werkplaatsen.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JointProjectView {
    pub id: i64,
    pub title: String,
    pub url: String,
    /// The werkplaats that owns the project.
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub partners: Vec<PartnerView>,
}

/// The association seen whole.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssociationView {
    pub werkplaatsen: Vec<WerkplaatsSummary>,
    /// The matrix werkplaats × kwestie: kwesties on which the reader may read something, by label.
    pub kwesties: Vec<KwestieRow>,
    pub priorities: Vec<PriorityView>,
    pub joint_projects: Vec<JointProjectView>,
    /// Whether the reader may add priorities (a coordinator or lector of a werkplaats).
    pub may_add_priority: bool,
    /// Education involvement per werkplaats (public figures only), in the order of `werkplaatsen`.
    pub education: Vec<crate::education::EducationLine>,
}

/// A linked item of a werkplaats.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellItem {
    pub id: i64,
    pub title: String,
    pub url: String,
}

/// What one werkplaats has on one kwestie: the lists behind a count of the matrix.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellView {
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub kwestie_id: i64,
    pub kwestie: String,
    pub projects: Vec<CellItem>,
    pub questions: Vec<CellItem>,
    pub products: Vec<CellItem>,
}

pub(super) fn project_url(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/projecten/{id}")
}

pub(super) fn question_url(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/praktijkvragen/{id}")
}

fn product_url(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/kennis/{id}")
}

/// The page behind a cell of the matrix.
pub(super) fn cell_url(slug: &str, kwestie: i64) -> String {
    format!("/werkplaatsen/{slug}/kwesties/{kwestie}")
}

/// Values grouped by werkplaats slug, in the order read.
fn by_slug<T>(rows: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for (slug, v) in rows {
        out.entry(slug).or_default().push(v);
    }
    out
}

impl Core {
    /// The association seen whole, as far as `actor` may read it (everyone may look).
    pub async fn association(&self, actor: Option<&Actor>) -> Result<AssociationView> {
        let mut conn = self.store.conn().await?;
        let matrix = self.matrix(&mut conn).await?;
        let mut view = assemble(&mut conn, actor, matrix).await?;
        drop(conn);
        view.education = self.education_overview().await?;
        Ok(view)
    }

    /// [`Core::association`] with the matrix counted afresh, past the cache: the benchmark's baseline.
    pub async fn association_uncached(&self, actor: Option<&Actor>) -> Result<AssociationView> {
        let mut conn = self.store.conn().await?;
        let matrix = Arc::new(Matrix::compute(&mut conn).await?);
        let mut view = assemble(&mut conn, actor, matrix).await?;
        drop(conn);
        view.education = self.education_overview().await?;
        Ok(view)
    }

    /// What werkplaats `tenant` has on kwestie `kwestie` that `actor` may read. 404 when that is
    /// nothing: a kwestie's label may itself say what is being worked on.
    pub async fn kwestie_cell(
        &self,
        actor: Option<&Actor>,
        tenant: &broedplaats_store::Tenant,
        kwestie: i64,
    ) -> Result<CellView> {
        let mut conn = self.store.conn().await?;
        let label = broedplaats_store::knowledge::kwestie(&mut conn, kwestie).await?.ok_or(CoreError::NotFound)?.label;
        let level = reader_level(actor, &tenant.slug);
        let slug = tenant.slug.as_str();
        let visible = |rows: Vec<q::ItemLine>, url: fn(&str, i64) -> String| -> Vec<CellItem> {
            rows.into_iter()
                .filter(|r| r.level <= level)
                .map(|r| CellItem { url: url(slug, r.id), id: r.id, title: r.title })
                .collect()
        };
        let projects = visible(q::kwestie_projects(&mut conn, tenant, kwestie).await?, project_url);
        let questions = visible(q::kwestie_questions(&mut conn, tenant, kwestie).await?, question_url);
        let products = visible(q::kwestie_products(&mut conn, tenant, kwestie).await?, product_url);
        if projects.is_empty() && questions.is_empty() && products.is_empty() {
            return Err(CoreError::NotFound);
        }
        Ok(CellView {
            werkplaats: tenant.slug.clone(),
            werkplaats_name: tenant.name.clone(),
            kwestie_id: kwestie,
            kwestie: label,
            projects,
            questions,
            products,
        })
    }
}

/// The werkplaatsen with their current themes and coordinators.
pub(super) async fn werkplaats_lines(
    conn: &mut Conn,
) -> Result<(Vec<WerkplaatsLine>, HashMap<String, Vec<String>>, HashMap<String, Vec<String>>)> {
    let werkplaatsen = q::werkplaatsen(conn).await?;
    let themes = by_slug(q::current_themes(conn).await?.into_iter().map(|(s, _, title)| (s, title)).collect());
    let contacts = by_slug(q::coordinators(conn).await?);
    Ok((werkplaatsen, themes, contacts))
}

/// The view around a matrix: the small tables are read fresh.
async fn assemble(conn: &mut Conn, actor: Option<&Actor>, matrix: Arc<Matrix>) -> Result<AssociationView> {
    let (lines, mut themes, mut contacts) = werkplaats_lines(conn).await?;
    let levels: Vec<i64> = lines.iter().map(|w| reader_level(actor, &w.slug)).collect();
    let mut kwesties = Vec::new();
    let mut per_werkplaats = vec![0_i64; lines.len()];
    for (id, label) in &matrix.kwesties {
        let mut any = false;
        let cells: Vec<CellCounts> = lines
            .iter()
            .zip(&levels)
            .enumerate()
            .map(|(i, (w, level))| {
                let (projects, questions, products) = matrix.cell(&w.slug, *id).visible(*level);
                let some = projects + questions + products > 0;
                if some {
                    any = true;
                    per_werkplaats[i] += 1;
                }
                CellCounts {
                    url: some.then(|| cell_url(&w.slug, *id)),
                    slug: w.slug.clone(),
                    projects,
                    questions,
                    products,
                }
            })
            .collect();
        if any {
            kwesties.push(KwestieRow { id: *id, label: label.clone(), werkplaatsen: cells });
        }
    }
    let level_of: HashMap<&str, i64> = lines.iter().map(|w| w.slug.as_str()).zip(levels.iter().copied()).collect();
    let readable = |slug: &str, level: i64| level <= level_of.get(slug).copied().unwrap_or(0);

    // Priorities with what serves them.
    let mut items: HashMap<i64, Vec<PriorityItemView>> = HashMap::new();
    for i in matrix.priority_items.iter().filter(|i| readable(&i.werkplaats, i.level)) {
        items.entry(i.priority_id).or_default().push(item_view(i));
    }
    let managed: Vec<i64> = match actor {
        Some(a) => lines.iter().filter(|w| manages(a, &w.slug)).filter_map(|w| w.association_id).collect(),
        None => vec![],
    };
    let priorities = q::priorities(conn)
        .await?
        .into_iter()
        .map(|p| PriorityView {
            items: items.remove(&p.id).unwrap_or_default(),
            may_manage: managed.contains(&p.association_id),
            id: p.id,
            title: p.title,
            description: p.description,
        })
        .collect();

    let joint = joint_projects(&matrix, actor, None);

    let werkplaatsen = lines
        .into_iter()
        .zip(per_werkplaats)
        .map(|(w, n)| WerkplaatsSummary {
            url: format!("/werkplaatsen/{}", w.slug),
            themes: themes.remove(&w.slug).unwrap_or_default(),
            contacts: contacts.remove(&w.slug).unwrap_or_default(),
            kwesties: n,
            harvested: matrix.harvested.get(&w.slug).copied().unwrap_or(0),
            slug: w.slug,
            name: w.name,
            region: w.region,
        })
        .collect();
    Ok(AssociationView {
        werkplaatsen,
        kwesties,
        priorities,
        joint_projects: joint,
        may_add_priority: !managed.is_empty(),
        education: Vec::new(),
    })
}

/// The joint projects the reader may read (`involving`: only those the werkplaats owns or is a
/// partner in), by title, each with its partners.
pub(super) fn joint_projects(matrix: &Matrix, actor: Option<&Actor>, involving: Option<&str>) -> Vec<JointProjectView> {
    let mut joint: Vec<JointProjectView> = Vec::new();
    // One row per partner, a project's rows together.
    for r in matrix.joint.iter().filter(|r| r.level <= reader_level(actor, &r.werkplaats)) {
        let partner = PartnerView { slug: r.partner.clone(), name: r.partner_name.clone() };
        match joint.last_mut() {
            Some(j) if j.id == r.project_id => j.partners.push(partner),
            _ => joint.push(JointProjectView {
                id: r.project_id,
                url: project_url(&r.werkplaats, r.project_id),
                title: r.title.clone(),
                werkplaats: r.werkplaats.clone(),
                werkplaats_name: r.werkplaats_name.clone(),
                partners: vec![partner],
            }),
        }
    }
    if let Some(slug) = involving {
        joint.retain(|j| j.werkplaats == slug || j.partners.iter().any(|p| p.slug == slug));
    }
    joint
}

/// A priority's item as shown.
pub(super) fn item_view(i: &q::PriorityItemRow) -> PriorityItemView {
    let url = if i.kind == "project" {
        project_url(&i.werkplaats, i.item_id)
    } else {
        question_url(&i.werkplaats, i.item_id)
    };
    PriorityItemView {
        url,
        kind: i.kind.clone(),
        id: i.item_id,
        title: i.title.clone(),
        werkplaats: i.werkplaats.clone(),
        werkplaats_name: i.werkplaats_name.clone(),
    }
}
