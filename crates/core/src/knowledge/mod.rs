//! The knowledge base (DOMAIN §7): knowledge products with their review workflow and files,
//! practice questions, approaches and working factors, kwesties shared by all werkplaatsen, and
//! citizens' stories with recorded consent; the text inside uploaded files; what each of these
//! looks like in the search index.
//!
//! Interface for other capabilities: the inputs, views and constants re-exported below, and the
//! search document sources (`*_SOURCE`).
mod documents;
mod extract;
mod import;
mod practice;
mod products;
mod review_mail;
mod stories;

pub use documents::{
    APPROACH, APPROACH_SOURCE, PRODUCT, PRODUCT_SOURCE, QUESTION, QUESTION_SOURCE, STORY, STORY_SOURCE, product_acl,
    story_acl,
};
pub use extract::{Extracted, Refusal, extract, extract_text};
pub use import::{parse_products, product_column};
pub use practice::{
    ApproachFilter, ApproachInput, ApproachView, KwestieDetail, KwestieInput, KwestieItem, KwestieView,
    MAX_APPROACH_TITLE, MAX_KWESTIE, MAX_LINKS, MAX_QUESTION, MAX_SUMMARY, QuestionFilter, QuestionInput, QuestionView,
};
pub use products::{
    LANGUAGES, LICENCES, LinkInput, MAX_IMPORT, MAX_PRODUCT_FILES, Named, ProductFileView, ProductInput, ProductLine,
    ProductView, Ref,
};
/// For a capability whose use case owns the transaction (education: a student's result).
pub(crate) use products::{insert_product_in, review_product_in};
pub use review_mail::{REVIEW_MAIL, REVIEW_MAIL_JOB};
pub use stories::{ConsentView, StoryInput, StoryView};

use crate::kernel::actor::{Access, Actor, access};
use broedplaats_store::{Conn, Tenant};

/// The project an item belongs to, as the reader may see it: a members-only project's title is
/// not shown to the public (it is left out, as if there were none).
async fn project_of(
    conn: &mut Conn,
    actor: Option<&Actor>,
    tenant: &Tenant,
    id: Option<i64>,
) -> crate::Result<Option<products::Named>> {
    let Some(id) = id else { return Ok(None) };
    let Some(p) = broedplaats_store::organisation::project(conn, tenant, id).await? else { return Ok(None) };
    if p.visibility != "public" && access(actor, tenant) == Access::Public {
        return Ok(None);
    }
    Ok(Some(products::Named { id: p.id, name: p.title }))
}
