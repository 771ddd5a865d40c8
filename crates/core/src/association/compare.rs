//! A werkplaats compares its agenda with the others': for each theme of its current agenda the
//! kwesties it touches, and which other werkplaatsen work on those (with whom to call); with its
//! priorities and joint projects, and what its coordinators need to change them.
use super::views::{
    CellCounts, JointProjectView, PriorityItemView, PriorityView, cell_url, item_view, joint_projects, werkplaats_lines,
};
use super::{manages, reader_level};
use crate::kernel::actor::Actor;
use crate::{Core, Result};
use broedplaats_store::Tenant;
use broedplaats_store::association::{self as q, ItemKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// Another werkplaats on the same kwestie: its counts and whom to call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Elsewhere {
    pub slug: String,
    pub name: String,
    pub projects: i64,
    pub questions: i64,
    pub products: i64,
    /// The list behind the counts.
    pub url: String,
    /// Its programme coordinators.
    pub contacts: Vec<String>,
}

/// A kwestie one of our themes touches.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwestieElsewhere {
    pub id: i64,
    pub label: String,
    /// What we have on it.
    pub ours: CellCounts,
    /// The other werkplaatsen with something on it, most items first.
    pub elsewhere: Vec<Elsewhere>,
}

/// A theme of our current agenda and the kwesties it touches (through its projects' questions
/// and products, and the products linked to the theme).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeComparison {
    pub id: i64,
    pub title: String,
    pub kwesties: Vec<KwestieElsewhere>,
}

/// Our agenda beside the others', as far as the reader may read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComparisonView {
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub themes: Vec<ThemeComparison>,
    /// The priorities of our association, each with the projects and questions of ours that serve it.
    pub priorities: Vec<PriorityView>,
    /// Our projects with partner werkplaatsen, and the projects of others we are a partner in.
    pub joint_projects: Vec<JointProjectView>,
    /// Whether the reader links our items to priorities and sets partners (coordinator or lector).
    pub may_manage: bool,
}

/// An item to choose in a form.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: i64,
    pub title: String,
}

/// What the coordinator's forms on the comparison page need.
#[derive(Debug, Clone, Default)]
pub struct ComparisonForms {
    pub projects: Vec<Choice>,
    pub questions: Vec<Choice>,
    /// Per priority: our (projects, questions) that serve it.
    pub linked: HashMap<i64, (Vec<i64>, Vec<i64>)>,
    /// Per project of ours with partners: their slugs.
    pub partners: HashMap<i64, Vec<String>>,
    /// The other werkplaatsen: (slug, name), by name.
    pub others: Vec<(String, String)>,
}

impl Core {
    /// Our agenda beside the others' (everyone may look: members see their own werkplaats's
    /// members-only work too, others the public version).
    pub async fn comparison(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<ComparisonView> {
        let mut conn = self.store.conn().await?;
        let matrix = self.matrix(&mut conn).await?;
        let (lines, _, contacts) = werkplaats_lines(&mut conn).await?;
        let level = reader_level(actor, &tenant.slug);
        let labels: HashMap<i64, &str> = matrix.kwesties.iter().map(|(id, l)| (*id, l.as_str())).collect();

        // The lowest level per (theme, kwestie): the kwestie shows when the reader may read one way.
        let mut touched: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        for (theme, kwestie, l) in q::theme_kwesties(&mut conn, tenant).await? {
            let e = touched.entry((theme, kwestie)).or_insert(l);
            *e = (*e).min(l);
        }
        let themes = match broedplaats_store::agenda::current(&mut conn, tenant).await? {
            Some(a) => broedplaats_store::agenda::themes(&mut conn, tenant, a.id).await?,
            None => vec![],
        };
        let themes = themes
            .into_iter()
            .map(|t| {
                let mut kwesties: Vec<KwestieElsewhere> = touched
                    .range((t.id, i64::MIN)..=(t.id, i64::MAX))
                    .filter(|(_, l)| **l <= level)
                    .filter_map(|((_, k), _)| {
                        let label = labels.get(k)?;
                        let (projects, questions, products) = matrix.cell(&tenant.slug, *k).visible(level);
                        let some = projects + questions + products > 0;
                        let ours = CellCounts {
                            slug: tenant.slug.clone(),
                            projects,
                            questions,
                            products,
                            url: some.then(|| cell_url(&tenant.slug, *k)),
                        };
                        let mut elsewhere: Vec<Elsewhere> = lines
                            .iter()
                            .filter(|w| w.slug != tenant.slug)
                            .filter_map(|w| {
                                let (p, qn, pr) = matrix.cell(&w.slug, *k).visible(reader_level(actor, &w.slug));
                                (p + qn + pr > 0).then(|| Elsewhere {
                                    url: cell_url(&w.slug, *k),
                                    contacts: contacts.get(&w.slug).cloned().unwrap_or_default(),
                                    slug: w.slug.clone(),
                                    name: w.name.clone(),
                                    projects: p,
                                    questions: qn,
                                    products: pr,
                                })
                            })
                            .collect();
                        elsewhere.sort_by(|a, b| {
                            (b.projects + b.questions + b.products)
                                .cmp(&(a.projects + a.questions + a.products))
                                .then_with(|| a.name.cmp(&b.name))
                        });
                        Some(KwestieElsewhere { id: *k, label: (*label).to_owned(), ours, elsewhere })
                    })
                    .collect();
                kwesties.sort_by(|a, b| a.label.cmp(&b.label));
                ThemeComparison { id: t.id, title: t.title, kwesties }
            })
            .collect();

        // Our association's priorities with our items.
        let association = q::association_of(&mut conn, tenant).await?;
        let may_manage = actor.is_some_and(|a| manages(a, &tenant.slug));
        let mut items: HashMap<i64, Vec<PriorityItemView>> = HashMap::new();
        for i in matrix.priority_items.iter().filter(|i| i.werkplaats == tenant.slug && i.level <= level) {
            items.entry(i.priority_id).or_default().push(item_view(i));
        }
        let priorities = q::priorities(&mut conn)
            .await?
            .into_iter()
            .filter(|p| Some(p.association_id) == association)
            .map(|p| PriorityView {
                items: items.remove(&p.id).unwrap_or_default(),
                may_manage,
                id: p.id,
                title: p.title,
                description: p.description,
            })
            .collect();

        let joint = joint_projects(&matrix, actor, Some(&tenant.slug));
        Ok(ComparisonView {
            werkplaats: tenant.slug.clone(),
            werkplaats_name: tenant.name.clone(),
            themes,
            priorities,
            joint_projects: joint,
            may_manage,
        })
    }

    /// What the coordinator's forms need: our projects and questions, what serves each priority,
    /// the partners of our projects, the other werkplaatsen. Empty for anyone else.
    pub async fn comparison_forms(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<ComparisonForms> {
        if !actor.is_some_and(|a| manages(a, &tenant.slug)) {
            return Ok(ComparisonForms::default());
        }
        let mut conn = self.store.conn().await?;
        let (projects, questions) = q::own_items(&mut conn, tenant).await?;
        let choice = |r: q::ItemLine| Choice { id: r.id, title: r.title };
        let mut linked = HashMap::new();
        for p in q::priorities(&mut conn).await? {
            let ps = q::own_priority_items(&mut conn, tenant, p.id, ItemKind::Project).await?;
            let qs = q::own_priority_items(&mut conn, tenant, p.id, ItemKind::Question).await?;
            linked.insert(p.id, (ps, qs));
        }
        let mut partners: HashMap<i64, Vec<String>> = HashMap::new();
        for r in q::joint_projects(&mut conn).await? {
            if r.werkplaats == tenant.slug {
                partners.entry(r.project_id).or_default().push(r.partner);
            }
        }
        let others = q::werkplaatsen(&mut conn)
            .await?
            .into_iter()
            .filter(|w| w.slug != tenant.slug)
            .map(|w| (w.slug, w.name))
            .collect();
        Ok(ComparisonForms {
            projects: projects.into_iter().map(choice).collect(),
            questions: questions.into_iter().map(choice).collect(),
            linked,
            partners,
            others,
        })
    }
}
