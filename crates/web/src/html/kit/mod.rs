//! The bottom layer of the pages: what the pages of several capabilities share. Page rendering
//! and the error page, the page context of a werkplaats (`Ctx`), forms (submitted pairs, field
//! errors, forms as data, delete confirmation), links/options/checkboxes, Markdown, the SVG of the
//! relations map, JSON-LD, and the few reads one capability's pages show of another's: activity
//! lines, the governance notice, related items.
//!
//! Nothing here imports a capability's page module; the capabilities import from here.
pub(crate) mod activity_lines;
mod controls;
mod ctx;
mod delete;
pub(crate) mod feed;
pub(crate) mod fields;
pub(crate) mod follow;
mod form;
mod governance;
mod json_ld;
pub(crate) mod markdown;
mod page;
mod qr;
mod related;
mod session;
pub(crate) mod svg;

pub(crate) use activity_lines::{ActivityLine, Meetings, upcoming};
pub(crate) use controls::{Check, Link, Opt, four_o_checks, four_o_label, paragraphs};
pub(crate) use ctx::Ctx;
pub(crate) use delete::{delete_page, delete_page_at};
pub(crate) use fields::{FormData, FormTemplate, confirm_delete};
pub(crate) use form::{FormErrors, Pairs, ShownError, mark_failed, redirect, require, unprocessable};
pub(crate) use governance::{GovernanceNotice, counted, governance_notice};
pub(crate) use json_ld::script_json;
pub(crate) use page::{PageResult, error_page, render};
pub use page::{encode_query, safe_return_path};
pub(crate) use qr::qr_svg;
pub(crate) use related::{RelatedLine, related_lines, type_label};
pub(crate) use session::{
    PENDING_COOKIE, after_sign_in, session_meta, with_session, without_pending_step, without_session,
};
