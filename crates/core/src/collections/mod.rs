//! Collections (issue 19, DOMAIN §5, §10): reading lists of teaching material that lecturers build
//! for a course ("Module Armoede en schulden — jaar 2"): knowledge products, approaches, citizens'
//! stories and activity reports, in an order, each with a note for students. A collection belongs
//! to a werkplaats and is exported as a reading list (HTML for print, CSV) and an Atom feed.
//!
//! Who is who (decided here, DOMAIN §4):
//! - **Build** a collection: the roles of a werkplaats that write knowledge — programme
//!   coordinators, lectoren, docent-onderzoekers, theme leads and project support (the same set
//!   that writes practice questions and approaches).
//! - **Change and delete** it: its author (while still such a role) and the werkplaats's
//!   coordinators and lectoren.
//! - **Read** it: `public` — everyone, without an account. `programme` — signed in as a member of
//!   the werkplaats (any role), or as a student: an account with the role `student` anywhere or an
//!   account without any role (students register themselves without one). For everyone else it
//!   does not exist (404).
//! - **Items** are checked per reader with the item's own capability (`Core::product`, `approach`,
//!   `story`, `activity` + `report`): an item the reader may not read is left out, without its
//!   title. An author may only add items they may read themselves.
//!
//! Interface: the inputs and views below and the `Core` methods of `manage` and `read`
//! (`collection_csv`, `collection_feed`).
mod export;
mod manage;
mod read;

pub use export::type_label;
pub use manage::ITEM_UNAVAILABLE;

use broedplaats_domain::Role;
use serde::{Deserialize, Serialize};

use crate::kernel::actor::Actor;
use broedplaats_store::Tenant;

/// A collection as written through the API or a form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CollectionInput {
    pub title: String,
    pub description: Option<String>,
    /// `public` (everyone) or `programme` (signed-in members and students).
    pub visibility: String,
    /// The study programme a `programme` collection is for, e.g. "Social Work".
    pub programme: Option<String>,
    /// The werkplaats (slug) the collection belongs to; by default the author's only werkplaats
    /// where they may build collections. Ignored on update.
    pub werkplaats: Option<String>,
    /// The items in their order.
    #[serde(default)]
    pub items: Vec<ItemInput>,
}

/// An item of a collection as written.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ItemInput {
    /// `knowledge_product`, `approach`, `story` or `activity_report` (the id is the activity's).
    #[serde(rename = "type")]
    pub item_type: String,
    pub id: i64,
    /// A note for students.
    pub note: Option<String>,
}

/// An item as the reader sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    #[serde(rename = "type")]
    pub item_type: String,
    pub id: i64,
    pub title: String,
    /// The item's page.
    pub url: String,
    pub summary: String,
    pub note: String,
    pub werkplaats: String,
    pub added_at: String,
}

/// A collection with the items the reader may see.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectionView {
    pub id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub title: String,
    pub description: String,
    pub visibility: String,
    pub programme: String,
    /// The reading list's page.
    pub url: String,
    pub items: Vec<ItemView>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the reader may change and delete it.
    pub may_edit: bool,
}

/// A collection in a list (without its items).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectionLine {
    pub id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub title: String,
    pub description: String,
    pub visibility: String,
    pub programme: String,
    pub url: String,
    pub updated_at: String,
}

/// One page of collections.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectionPage {
    pub items: Vec<CollectionLine>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// Which collections to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct CollectionQuery {
    /// A werkplaats slug.
    pub werkplaats: Option<String>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1–50, default 20.
    pub limit: Option<i64>,
}

/// Whether `actor` may build collections in `tenant`.
fn may_build(actor: &Actor, slug: &str) -> bool {
    actor.roles_in(slug).any(|r| {
        matches!(
            r,
            Role::ProgrammeCoordinator
                | Role::Lector
                | Role::TeacherResearcher
                | Role::ThemeLead
                | Role::ProjectSupport
        )
    })
}

/// Whether `actor` reads collections for a programme of `tenant`.
fn may_read_programme(actor: Option<&Actor>, tenant: &Tenant) -> bool {
    actor.is_some_and(|a| {
        a.is_member(&tenant.slug)
            || (a.roles.is_empty() && !a.is_national_partner())
            || a.roles.iter().any(|(_, r)| *r == Role::Student)
    })
}

#[cfg(test)]
mod tests {
    use broedplaats_domain::CollectionItemType;

    /// The item types are the search index's document types, so a search hit can be added as is.
    #[test]
    fn item_types_are_the_index_types() {
        assert_eq!(CollectionItemType::KnowledgeProduct.code(), crate::knowledge::PRODUCT);
        assert_eq!(CollectionItemType::Approach.code(), crate::knowledge::APPROACH);
        assert_eq!(CollectionItemType::Story.code(), crate::knowledge::STORY);
    }
}
