//! The werkplaats as pages of organisation and activities need it, loaded once per request.
use super::controls::Link;
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::Page;
use broedplaats_core::CoreError;
use broedplaats_core::kernel::actor::Access;
use broedplaats_core::organisation::{PersonView, ThemeGroupView};
use broedplaats_store::Tenant;
use broedplaats_store::organisation::OrganisationRow;

/// The werkplaats as the pages here need it: agenda themes, organisations, and (for members) people.
pub(crate) struct Ctx {
    pub(crate) tenant: Tenant,
    pub(crate) access: Access,
    pub(crate) themes: Vec<(i64, String)>,
    pub(crate) orgs: Vec<OrganisationRow>,
    /// Empty for the public: names of people are for members only.
    pub(crate) people: Vec<PersonView>,
    /// The actor's own person record in this werkplaats.
    pub(crate) me: Option<i64>,
}

impl Ctx {
    pub(crate) async fn load(state: &AppState, page: &Page, slug: &str) -> Result<Self, HtmlError> {
        let tenant = state.core.tenant(slug).await?;
        let access = broedplaats_core::kernel::actor::access(page.actor.as_ref(), &tenant);
        let themes = match state.core.current_agenda(&tenant).await {
            Ok(a) => a.themes.into_iter().map(|t| (t.id, t.title)).collect(),
            Err(CoreError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        };
        let mut orgs = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let p = state.core.organisations(&tenant, None, cursor.as_deref(), 200).await?;
            orgs.extend(p.items);
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let people = if access == Access::Public {
            vec![]
        } else {
            state.core.people_full(page.actor.as_ref(), &tenant).await?
        };
        let me = page
            .actor
            .as_ref()
            .and_then(|a| people.iter().find(|p| p.email.as_deref() == Some(a.email.as_str())).map(|p| p.id));
        Ok(Ctx { tenant, access, themes, orgs, people, me })
    }
    pub(crate) fn slug(&self) -> &str {
        &self.tenant.slug
    }
    pub(crate) fn base(&self) -> String {
        format!("/werkplaatsen/{}", self.tenant.slug)
    }
    pub(crate) fn is_member(&self) -> bool {
        self.access != Access::Public
    }
    pub(crate) fn is_manager(&self) -> bool {
        self.access == Access::Manager
    }
    pub(crate) fn theme_title(&self, id: i64) -> String {
        self.themes.iter().find(|t| t.0 == id).map(|t| t.1.clone()).unwrap_or_else(|| "—".into())
    }
    pub(crate) fn theme_pos(&self, id: i64) -> usize {
        self.themes.iter().position(|t| t.0 == id).unwrap_or(usize::MAX)
    }
    pub(crate) fn org_name(&self, id: i64) -> String {
        self.orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_else(|| format!("#{id}"))
    }
    pub(crate) fn org_link(&self, id: i64) -> Link {
        Link { href: format!("{}/organisaties/{id}", self.base()), label: self.org_name(id) }
    }
    pub(crate) fn person_name(&self, id: i64) -> String {
        self.people.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_else(|| format!("#{id}"))
    }
    /// Whether the actor is the themaleider of the group of `theme_id`.
    pub(crate) fn leads(&self, groups: &[ThemeGroupView], theme_id: i64) -> bool {
        self.me.is_some() && groups.iter().any(|g| g.theme_id == theme_id && g.lead_person_id == self.me)
    }
    /// Early check before showing a form: anonymous visitors log in, others without rights get 403.
    pub(crate) fn require(&self, page: &Page, allowed: bool) -> Result<(), HtmlError> {
        super::form::require(page, allowed)
    }
}
