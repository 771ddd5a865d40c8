//! The lemniscate views: how many questions stand in each movement at the end of a period, how
//! many crossed the middle of the eight within it, the questions behind each number, and the
//! national agenda. Everything counts only the questions the viewer may read.
use super::*;
use crate::Core;
use crate::kernel::actor::may_read_question;
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::lemniscate::{self as q, PositionRow, Scope};
use broedplaats_store::werkplaats;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;
use utoipa::ToSchema;

/// Which questions a view counts: one werkplaats or all, one kwestie or all, and the period whose
/// crossings are counted (both dates inclusive; the positions are those at the end of `to`).
#[derive(Debug, Clone, Default)]
pub struct LemniscateFilter {
    pub werkplaats: Option<String>,
    pub kwestie: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl LemniscateFilter {
    /// Parses the query parameters of the API and the pages (`YYYY-MM-DD` dates; empty is none).
    pub fn parse(
        werkplaats: Option<&str>,
        kwestie: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let date = |e: &mut FieldErrors, field: &str, v: Option<&str>| match given(v) {
            None => None,
            Some(v) => e.take(field, NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| FieldErrorKind::Invalid)),
        };
        let kwestie = match given(kwestie) {
            None => None,
            Some(k) => e.take("kwestie", k.parse::<i64>().map_err(|_| FieldErrorKind::Invalid)),
        };
        let from = date(&mut e, "from", from);
        let to = date(&mut e, "to", to);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            e.push("to", FieldErrorKind::Refused { key: "lemniscate.refused.period" });
        }
        if e.is_empty() { Ok(Self { werkplaats: given(werkplaats), kwestie, from, to }) } else { Err(e) }
    }

    /// The filter as a query string for links (`werkplaats=…&kwestie=…&from=…&to=…`).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(w) = &self.werkplaats {
            parts.push(format!("werkplaats={}", urlencoding(w)));
        }
        if let Some(k) = self.kwestie {
            parts.push(format!("kwestie={k}"));
        }
        if let Some(f) = self.from {
            parts.push(format!("from={f}"));
        }
        if let Some(t) = self.to {
            parts.push(format!("to={t}"));
        }
        parts.join("&")
    }
}

/// Slugs are `[a-z0-9-]`; anything else is percent-encoded byte by byte.
fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct MovementCounts {
    pub ontwikkelen: usize,
    pub verspreiden: usize,
    pub opschalen: usize,
    pub verrijken: usize,
}

impl MovementCounts {
    pub fn get(&self, m: Movement) -> usize {
        match m {
            Movement::Develop => self.ontwikkelen,
            Movement::Disseminate => self.verspreiden,
            Movement::ScaleUp => self.opschalen,
            Movement::Enrich => self.verrijken,
        }
    }
    fn bump(&mut self, m: Movement) {
        match m {
            Movement::Develop => self.ontwikkelen += 1,
            Movement::Disseminate => self.verspreiden += 1,
            Movement::ScaleUp => self.opschalen += 1,
            Movement::Enrich => self.verrijken += 1,
        }
    }
}

/// The numbers of a lemniscate view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LemniscateCounts {
    /// Questions by the movement of their last move at the end of the period.
    pub movements: MovementCounts,
    /// Moves within the period that crossed the middle of the eight.
    pub crossings: usize,
    /// The period, as given (inclusive dates; absent is open).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Which list behind a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LemniscateList {
    /// The questions standing in this movement.
    Movement(Movement),
    /// The questions that crossed in the period.
    Crossed,
    /// Every question in scope.
    All,
}

/// A question in a lemniscate list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LemniscateQuestion {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub werkplaats: String,
    pub werkplaats_name: String,
    /// The movement of its last move at the end of the period.
    pub movement: String,
    /// When it made that move.
    pub moved_at: String,
    pub status: String,
}

struct Resolved {
    scope_tenant: Option<Tenant>,
    from: String,
    until: String,
}

impl Core {
    async fn resolve(&self, filter: &LemniscateFilter) -> Result<Resolved> {
        let mut conn = self.store.conn().await?;
        let scope_tenant = match &filter.werkplaats {
            None => None,
            Some(slug) => Some(werkplaats::tenant(&mut conn, slug).await?.ok_or(CoreError::NotFound)?),
        };
        let from = filter.from.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string());
        let until = filter.to.and_then(|d| d.succ_opt()).map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        Ok(Resolved { scope_tenant, from, until })
    }

    /// The visible questions in scope with their positions, and the ids of those that crossed.
    async fn visible_positions(
        &self,
        actor: Option<&Actor>,
        filter: &LemniscateFilter,
    ) -> Result<(Vec<PositionRow>, HashSet<i64>)> {
        let r = self.resolve(filter).await?;
        let scope = Scope { werkplaats: r.scope_tenant.as_ref(), kwestie: filter.kwestie, until: Some(&r.until) };
        let mut conn = self.store.conn().await?;
        let rows: Vec<PositionRow> = q::positions(&mut conn, &scope)
            .await?
            .into_iter()
            .filter(|p| may_read_question(actor, &p.werkplaats, &p.visibility, p.handed_national_at.is_some()))
            .collect();
        let visible: HashSet<i64> = rows.iter().map(|p| p.id).collect();
        let crossed: HashSet<i64> =
            q::crossings(&mut conn, &scope, &r.from, &r.until).await?.into_iter().map(|(id, _)| id).collect();
        Ok((rows, crossed.intersection(&visible).copied().collect()))
    }

    /// The numbers of a lemniscate view (`NotFound` for an unknown werkplaats).
    pub async fn lemniscate_counts(
        &self,
        actor: Option<&Actor>,
        filter: &LemniscateFilter,
    ) -> Result<LemniscateCounts> {
        let r = self.resolve(filter).await?;
        let scope = Scope { werkplaats: r.scope_tenant.as_ref(), kwestie: filter.kwestie, until: Some(&r.until) };
        let mut conn = self.store.conn().await?;
        let mut movements = MovementCounts::default();
        let mut visible = HashSet::new();
        for p in q::positions(&mut conn, &scope).await? {
            if !may_read_question(actor, &p.werkplaats, &p.visibility, p.handed_national_at.is_some()) {
                continue;
            }
            visible.insert(p.id);
            if let Some(m) = p.movement.as_deref().and_then(|m| Movement::parse(m).ok()) {
                movements.bump(m);
            }
        }
        let crossings = q::crossings(&mut conn, &scope, &r.from, &r.until)
            .await?
            .into_iter()
            .filter(|(id, _)| visible.contains(id))
            .count();
        Ok(LemniscateCounts {
            movements,
            crossings,
            from: filter.from.map(|d| d.to_string()),
            to: filter.to.map(|d| d.to_string()),
        })
    }

    /// The questions behind one number of a lemniscate view. For `Crossed` a question counts once
    /// however often it crossed (the count of crossings may be higher).
    pub async fn lemniscate_questions(
        &self,
        actor: Option<&Actor>,
        filter: &LemniscateFilter,
        list: LemniscateList,
    ) -> Result<Vec<LemniscateQuestion>> {
        let (rows, crossed) = self.visible_positions(actor, filter).await?;
        Ok(rows
            .into_iter()
            .filter(|p| p.movement.is_some())
            .filter(|p| match list {
                LemniscateList::Movement(m) => p.movement.as_deref() == Some(m.code()),
                LemniscateList::Crossed => crossed.contains(&p.id),
                LemniscateList::All => true,
            })
            .map(|p| LemniscateQuestion {
                url: format!("/werkplaatsen/{}/praktijkvragen/{}", p.werkplaats, p.id),
                id: p.id,
                title: p.title,
                werkplaats: p.werkplaats,
                werkplaats_name: p.werkplaats_name,
                movement: p.movement.unwrap_or_default(),
                moved_at: p.moved_at.unwrap_or_default(),
                status: p.status,
            })
            .collect())
    }

    /// The national agenda: every question, of every werkplaats, now standing in verspreiden or
    /// opschalen that the viewer may read; longest waiting first.
    pub async fn national_agenda(&self, actor: Option<&Actor>) -> Result<Vec<LemniscateQuestion>> {
        let all = self.lemniscate_questions(actor, &LemniscateFilter::default(), LemniscateList::All).await?;
        let mut out: Vec<LemniscateQuestion> =
            all.into_iter().filter(|x| Movement::parse(&x.movement).is_ok_and(Movement::is_national)).collect();
        out.sort_by(|a, b| a.moved_at.cmp(&b.moved_at).then(a.id.cmp(&b.id)));
        Ok(out)
    }
}
