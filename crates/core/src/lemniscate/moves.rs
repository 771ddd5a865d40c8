//! Recording a move and reading a question's path.
use super::*;
use crate::Core;
use crate::kernel::actor::may_read_question;
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, MoverKind, Step, lemniscate_limits as limits};
use broedplaats_store::knowledge::{self as kq, QuestionRow};
use broedplaats_store::lemniscate::{self as q, MoveRow, NewMove};
use broedplaats_store::{Conn, werkplaats};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A move as recorded through the API and the forms. Named `LemniscateMoveInput` in the OpenAPI
/// document, whose schemas share one namespace with co-creation's `MoveInput` (of a pitch).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = LemniscateMoveInput)]
pub struct MoveInput {
    /// ontwikkelen, verspreiden, opschalen or verrijken
    pub movement: String,
    /// A step of that movement: expliciteren, onderzoeken, toepassen (ontwikkelen); agenderen,
    /// kennisbasis_opbouwen, communiceren (verspreiden); verbinden_met_kwestie,
    /// werkzame_factoren_analyseren, opbrengst_valideren (opschalen); terugvloeien (verrijken).
    pub step: Option<String>,
    /// What happened, at most 4,000 characters.
    pub note: Option<String>,
    /// The organisation that made the move, when not the person recording it (members of the
    /// werkplaats only; a national partner moves as its organisation).
    pub organisation: Option<String>,
    /// Knowledge products handed over or brought back (any werkplaats; at most 20).
    #[serde(default)]
    pub knowledge_product_ids: Vec<i64>,
    /// Approaches and working factors handed over or brought back (any werkplaats; at most 20).
    #[serde(default)]
    pub approach_ids: Vec<i64>,
}

/// Who made a move.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MoverView {
    pub name: String,
    /// person, organisation, werkplaats or national_partner
    pub kind: String,
}

/// Something handed over with a move, as far as the viewer may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemRef {
    pub id: i64,
    pub title: String,
    pub url: String,
    /// The werkplaats it belongs to.
    pub werkplaats: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MoveView {
    pub id: i64,
    pub movement: String,
    pub step: Option<String>,
    /// UTC, RFC 3339.
    pub at: String,
    pub by: MoverView,
    /// Markdown.
    pub note: String,
    /// Whether the move crossed the middle of the eight (werkplaats ↔ national).
    pub crosses: bool,
    pub knowledge_products: Vec<ItemRef>,
    /// Approaches and working factors.
    pub approaches: Vec<ItemRef>,
    /// Items handed over that the viewer may not see (only counted).
    pub hidden_items: usize,
}

/// A question's path through the lemniscate, in time order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathView {
    pub question_id: i64,
    pub title: String,
    pub werkplaats: String,
    /// The question's page.
    pub url: String,
    /// geexpliciteerd, onderzocht or toegepast: the local status, in step with the path.
    pub status: String,
    /// public or members
    pub visibility: String,
    /// The movement of the last move.
    pub current: String,
    pub moves: Vec<MoveView>,
    /// The movements the viewer may record now (empty: may not move it).
    pub may_move: Vec<String>,
}

/// A question a national partner handed back, for the coordinator's home page.
#[derive(Debug, Clone, Serialize)]
pub struct HandedBack {
    pub question_id: i64,
    pub title: String,
    pub url: String,
    pub by: String,
    pub at: String,
}

struct ValidMove {
    movement: Movement,
    step: Option<Step>,
    note: String,
    organisation: Option<String>,
    products: Vec<(i64, Tenant)>,
    approaches: Vec<(i64, Tenant)>,
}

fn question_url(tenant: &Tenant, id: i64) -> String {
    format!("/werkplaatsen/{}/praktijkvragen/{id}", tenant.slug)
}

/// The question, if `actor` may read it; `NotFound` otherwise (answered alike).
async fn readable_question(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<QuestionRow> {
    let row = kq::question(conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
    if may_read_question(actor, &tenant.slug, &row.visibility, row.handed_national_at.is_some()) {
        Ok(row)
    } else {
        Err(CoreError::NotFound)
    }
}

impl MoveInput {
    async fn validate(&self, conn: &mut Conn, actor: &Actor, tenant: &Tenant) -> Result<ValidMove> {
        let mut e = FieldErrors::new();
        let movement = e.take("movement", Movement::parse(&self.movement));
        let step = match (movement, self.step.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
            (Some(m), Some(raw)) => e.take("step", Step::parse_for(m, raw)),
            _ => None,
        };
        let note = e
            .take("note", BoundedText::<{ limits::NOTE }>::parse_optional(self.note.as_deref()))
            .flatten()
            .map(BoundedText::into_inner)
            .unwrap_or_default();
        let organisation = e
            .take("organisation", BoundedText::<{ limits::ORGANISATION }>::parse_optional(self.organisation.as_deref()))
            .flatten()
            .map(BoundedText::into_inner);
        if organisation.is_some() && !is_writer(actor, tenant) {
            e.push("organisation", FieldErrorKind::Refused { key: "lemniscate.refused.organisation" });
        }
        let writer = is_writer(actor, tenant);
        let products =
            items(conn, &mut e, "knowledge_product_ids", &self.knowledge_product_ids, Item::Product { writer, tenant })
                .await?;
        let approaches = items(conn, &mut e, "approach_ids", &self.approach_ids, Item::Approach).await?;
        match movement {
            Some(movement) if e.is_empty() => {
                Ok(ValidMove { movement, step, note, organisation, products, approaches })
            }
            _ => Err(e.into()),
        }
    }
}

/// What kind of item is handed over, with what decides whether the actor may hand it over.
#[derive(Clone, Copy)]
enum Item<'a> {
    /// Published public products of every werkplaats; any product of the question's own
    /// werkplaats for those who write there.
    Product { writer: bool, tenant: &'a Tenant },
    /// Approaches and working factors are public.
    Approach,
}

impl Item<'_> {
    /// The werkplaats of item `id`, if it exists and may be handed over.
    async fn owner(self, conn: &mut Conn, id: i64) -> Result<Option<String>> {
        Ok(match self {
            Item::Product { writer, tenant } => match q::product_owner(conn, id).await? {
                Some((slug, vis, status)) if vis == "public" && status == "published" => Some(slug),
                Some((slug, _, _)) if writer && slug == tenant.slug => Some(slug),
                _ => None,
            },
            Item::Approach => q::approach_owner(conn, id).await?,
        })
    }
}

/// Checks the ids of handed-over items: at most 20, no repeats, each one that exists and may be
/// handed over. Unknown and hidden ids get the same error.
async fn items(
    conn: &mut Conn,
    e: &mut FieldErrors,
    field: &str,
    ids: &[i64],
    kind: Item<'_>,
) -> Result<Vec<(i64, Tenant)>> {
    if ids.len() > limits::ITEMS_PER_MOVE {
        e.push(field, FieldErrorKind::TooMany { max: limits::ITEMS_PER_MOVE });
        return Ok(Vec::new());
    }
    let mut out: Vec<(i64, Tenant)> = Vec::new();
    for &id in ids {
        if out.iter().any(|(x, _)| *x == id) {
            e.push(field, FieldErrorKind::Duplicate);
            break;
        }
        let Some(slug) = kind.owner(conn, id).await? else {
            e.push(field, FieldErrorKind::Invalid);
            break;
        };
        let t = werkplaats::tenant(conn, &slug).await?.ok_or(CoreError::NotFound)?;
        out.push((id, t));
    }
    Ok(out)
}

fn mover(actor: &Actor, tenant: &Tenant, organisation: Option<&str>) -> (MoverKind, String) {
    match (organisation, &actor.national_partner) {
        (Some(org), _) => (MoverKind::Organisation, org.to_owned()),
        (None, Some(org)) if !actor.is_member(&tenant.slug) => {
            (MoverKind::NationalPartner, format!("{} ({org})", actor.name))
        }
        _ => (MoverKind::Person, actor.name.clone()),
    }
}

impl Core {
    /// What was handed over with a move, as `actor` may see it: a knowledge product only when the
    /// product's own rules let them read it (drafts and theme-group products included), otherwise
    /// only counted. Items deleted since are left out.
    async fn item_refs(
        &self,
        actor: Option<&Actor>,
        items: &[&q::MoveItemRow],
    ) -> Result<(Vec<ItemRef>, Vec<ItemRef>, usize)> {
        let (mut products, mut approaches, mut hidden) = (Vec::new(), Vec::new(), 0);
        for it in items {
            let mut conn = self.store.conn().await?;
            let Some(t) = werkplaats::tenant(&mut conn, &it.werkplaats).await? else { continue };
            match it.kind.as_str() {
                "knowledge_product" => {
                    if kq::product(&mut conn, &t, it.item_id).await?.is_none() {
                        continue;
                    }
                    drop(conn);
                    match self.product(actor, &t, it.item_id).await {
                        Ok(p) => products.push(ItemRef {
                            id: p.id,
                            url: format!("/werkplaatsen/{}/kennis/{}", t.slug, p.id),
                            title: p.title,
                            werkplaats: t.slug.clone(),
                        }),
                        Err(CoreError::NotFound) => hidden += 1,
                        Err(e) => return Err(e),
                    }
                }
                _ => {
                    if let Some(a) = kq::approach(&mut conn, &t, it.item_id).await? {
                        approaches.push(ItemRef {
                            id: a.id,
                            url: format!("/werkplaatsen/{}/aanpakken/{}", t.slug, a.id),
                            title: a.title,
                            werkplaats: t.slug.clone(),
                        })
                    }
                }
            }
        }
        Ok((products, approaches, hidden))
    }
}

impl Core {
    /// Records a move of a question. Nothing is written when the input has a problem.
    pub async fn record_move(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        question_id: i64,
        input: &MoveInput,
    ) -> Result<i64> {
        let actor = require_actor(actor)?;
        let mut tx = self.store.begin().await?;
        let question = readable_question(&mut tx, Some(actor), tenant, question_id).await?;
        let allowed = movements_for(Some(actor), tenant, question.handed_national_at.is_some());
        if allowed.is_empty() {
            return Err(CoreError::Forbidden);
        }
        let v = input.validate(&mut tx, actor, tenant).await?;
        if !allowed.contains(&v.movement) {
            return Err(
                FieldErrors::single("movement", FieldErrorKind::Refused { key: "lemniscate.refused.develop" }).into()
            );
        }
        if q::count_moves(&mut tx, tenant, question_id).await? >= limits::MOVES_PER_QUESTION as i64 {
            return Err(
                FieldErrors::single("movement", FieldErrorKind::TooMany { max: limits::MOVES_PER_QUESTION }).into()
            );
        }
        let before = q::last_move(&mut tx, tenant, question_id).await?;
        let before_movement = before.as_ref().and_then(|m| Movement::parse(&m.movement).ok());
        let (kind, by_name) = mover(actor, tenant, v.organisation.as_deref());
        let id = q::insert_move(
            &mut tx,
            tenant,
            &NewMove {
                question_id,
                movement: v.movement.code(),
                step: v.step.map(Step::code),
                by_kind: kind.code(),
                by_name: &by_name,
                account_id: Some(actor.account_id),
                note: &v.note,
                crosses: v.movement.crosses_from(before_movement),
                national: v.movement.is_national(),
                status: v.step.and_then(Step::question_status).map(|s| s.code()),
                at: None,
            },
        )
        .await?;
        for (item, owner) in &v.products {
            q::insert_move_item(&mut tx, id, "knowledge_product", *item, owner).await?;
        }
        for (item, owner) in &v.approaches {
            q::insert_move_item(&mut tx, id, "approach", *item, owner).await?;
        }
        let after = q::last_move(&mut tx, tenant, question_id).await?;
        audit(&mut tx, tenant, actor, ("question_move", id), "create", None::<&MoveRow>, after.as_ref()).await?;
        kq::outbox_push(&mut tx, tenant, crate::knowledge::QUESTION, question_id).await?;
        if v.movement == Movement::Enrich && kind == MoverKind::NationalPartner {
            jobs::enqueue_handed_back(&mut tx, tenant, question_id, id).await?;
        }
        commit(tx).await?;
        self.index_now().await;
        tracing::info!(
            werkplaats = tenant.log_id(),
            question = question_id,
            movement = v.movement.code(),
            "move recorded"
        );
        Ok(id)
    }

    /// The path of a question; `NotFound` when the viewer may not read the question.
    pub async fn question_path(&self, actor: Option<&Actor>, tenant: &Tenant, question_id: i64) -> Result<PathView> {
        let mut conn = self.store.conn().await?;
        let question = readable_question(&mut conn, actor, tenant, question_id).await?;
        let rows = q::moves(&mut conn, tenant, question_id).await?;
        let items = q::move_items(&mut conn, tenant, question_id).await?;
        drop(conn);
        let mut moves = Vec::with_capacity(rows.len());
        for m in rows {
            let mine: Vec<&q::MoveItemRow> = items.iter().filter(|i| i.move_id == m.id).collect();
            let (knowledge_products, approaches, hidden_items) = self.item_refs(actor, &mine).await?;
            moves.push(MoveView {
                id: m.id,
                movement: m.movement,
                step: m.step,
                at: m.at,
                by: MoverView { name: m.by_name, kind: m.by_kind },
                note: m.note,
                crosses: m.crosses != 0,
                knowledge_products,
                approaches,
                hidden_items,
            });
        }
        let handed = question.handed_national_at.is_some();
        Ok(PathView {
            question_id,
            url: question_url(tenant, question_id),
            werkplaats: tenant.slug.clone(),
            current: question.movement,
            status: question.status,
            visibility: question.visibility,
            title: question.title,
            moves,
            may_move: movements_for(actor, tenant, handed).iter().map(|m| m.code().to_owned()).collect(),
        })
    }

    /// Questions national partners handed back in the last 30 days, for the werkplaats's
    /// coordinators and lectoren (empty for everyone else).
    pub async fn handed_back(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<HandedBack>> {
        if !actor.is_some_and(|a| a.may_edit_agenda(&tenant.slug)) {
            return Ok(Vec::new());
        }
        let since = (chrono::Utc::now() - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut conn = self.store.conn().await?;
        Ok(q::handed_back(&mut conn, tenant, &since)
            .await?
            .into_iter()
            .map(|(id, title, by, at)| HandedBack { question_id: id, url: question_url(tenant, id), title, by, at })
            .collect())
    }
}
