//! The "Volgen" / "Niet meer volgen" button of the werkplaats, theme, kwestie and project pages
//! (template `kit/follow.html`); the buttons post to the `following` pages.
use crate::AppState;
use crate::extract::Page;
use broedplaats_core::following::FollowTarget;

pub(crate) struct FollowButton {
    /// `None`: not signed in (the button becomes a sign-in link).
    pub following: Option<bool>,
    /// The form's `soort`: werkplaats, thema, kwestie, project.
    pub soort: &'static str,
    pub werkplaats: String,
    pub id: String,
    pub back: String,
}

/// The button for `target` as the viewer of `page` sees it.
pub(crate) async fn follow_button(state: &AppState, page: &Page, target: FollowTarget) -> FollowButton {
    let following = match page.actor.as_ref() {
        None => None,
        // A failed lookup shows "Volgen"; following again changes nothing.
        Some(_) => Some(state.core.following(page.actor.as_ref(), &target).await.ok().flatten().is_some()),
    };
    let (soort, werkplaats, id) = match target {
        FollowTarget::Werkplaats(w) => ("werkplaats", w, String::new()),
        FollowTarget::Theme(w, id) => ("thema", w, id.to_string()),
        FollowTarget::Project(w, id) => ("project", w, id.to_string()),
        FollowTarget::Kwestie(id) => ("kwestie", String::new(), id.to_string()),
    };
    FollowButton { following, soort, werkplaats, id, back: page.here.clone() }
}
