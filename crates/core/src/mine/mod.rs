//! "Mijn werkplaats" (issue 14 item 9): the personal overview a signed-in person lands on. Their
//! registrations for coming activities (with the link to cancel), the knowledge products they made
//! and where each stands in review, what waits for their review, the theme groups and projects
//! they take part in, and their applications for assignments — across every werkplaats.
//!
//! It only reads, and only what concerns the actor: rows are selected by their account (and, for
//! registrations and person records, their email address, as the privacy export does); what waits
//! for review comes from the knowledge capability's own rule of who reviews.
//!
//! Interface: [`Overview`] and `Core::my_overview`.
use crate::kernel::actor::{Access, Actor, access};
use crate::kernel::time::stored;
use crate::knowledge::ProductLine;
use crate::{Core, CoreError, Result};
use broedplaats_domain::Role;
use broedplaats_store::mine as q;
use chrono::Utc;

/// One registration, with the path of its cancel page.
#[derive(Debug, Clone)]
pub struct MyRegistration {
    pub werkplaats: String,
    pub activity_id: i64,
    pub title: String,
    pub starts_at: String,
    /// `registered` or `waitlisted`.
    pub status: String,
    /// `/werkplaatsen/{slug}/activiteiten/{id}/afmelden/{token}`, when it can still be cancelled.
    pub cancel_path: Option<String>,
}

/// Products offered for review in one werkplaats that the actor may publish or send back.
#[derive(Debug, Clone)]
pub struct ToReview {
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub products: Vec<ProductLine>,
}

/// Everything on the overview.
#[derive(Debug, Clone)]
pub struct Overview {
    pub registrations: Vec<MyRegistration>,
    pub products: Vec<q::MyProduct>,
    pub to_review: Vec<ToReview>,
    pub places: Vec<q::MyPlace>,
    pub applications: Vec<q::MyApplication>,
    /// The werkplaatsen the actor has a role in: (slug, name).
    pub werkplaatsen: Vec<(String, String)>,
}

impl Core {
    /// The overview of the signed-in `actor` (401 without one).
    pub async fn my_overview(&self, actor: Option<&Actor>) -> Result<Overview> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let (rows, products, places, applications) = {
            let mut conn = self.store.conn().await?;
            let now = stored(Utc::now());
            (
                q::registrations(&mut conn, actor.account_id, &actor.email, &now).await?,
                q::products(&mut conn, actor.account_id).await?,
                q::places(&mut conn, actor.account_id, &actor.email).await?,
                q::applications(&mut conn, actor.account_id).await?,
            )
        };
        let mut registrations = Vec::with_capacity(rows.len());
        for r in rows {
            let tenant = self.tenant(&r.werkplaats).await?;
            let cancel_path = self.my_registration(Some(actor), &tenant, r.activity_id).await?.map(|(_, token)| {
                format!("/werkplaatsen/{}/activiteiten/{}/afmelden/{token}", r.werkplaats, r.activity_id)
            });
            registrations.push(MyRegistration {
                werkplaats: r.werkplaats,
                activity_id: r.activity_id,
                title: r.title,
                starts_at: r.starts_at,
                status: r.status,
                cancel_path,
            });
        }
        let mut slugs: Vec<&str> = actor.roles.iter().map(|(slug, _)| slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        let mut to_review = Vec::new();
        let mut werkplaatsen = Vec::new();
        for slug in slugs {
            let Ok(tenant) = self.tenant(slug).await else { continue };
            werkplaatsen.push((tenant.slug.clone(), tenant.name.clone()));
            let reviewer =
                access(Some(actor), &tenant) == Access::Manager || actor.roles_in(slug).any(|r| r == Role::ThemeLead);
            if reviewer {
                let products = self.products_to_review(actor, &tenant).await?;
                if !products.is_empty() {
                    to_review.push(ToReview {
                        werkplaats: tenant.slug.clone(),
                        werkplaats_name: tenant.name.clone(),
                        products,
                    });
                }
            }
        }
        Ok(Overview { registrations, products, to_review, places, applications, werkplaatsen })
    }
}
