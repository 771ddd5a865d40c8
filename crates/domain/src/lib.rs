//! Domain types of Broedplaats. Values here are parsed once at the edge and are valid by
//! construction afterwards ("parse, don't validate"). No IO, no HTTP, no SQL.

mod activity;
mod agenda;
mod cocreation;
mod collections;
mod education;
mod error;
mod grants;
mod ids;
mod knowledge;
mod lemniscate;
mod role;
mod text;

pub use activity::{ActivityKind, Audience, FourO, RegistrationStatus};
pub use agenda::{AgendaStatus, ProjectOptionInput, RawTheme, ThemeInput, ThemeLevel, limits};
pub use cocreation::{AmendmentDecision, AmendmentSection, Phase, PitchRole, cocreation_limits};
pub use collections::{CollectionItemType, CollectionVisibility, collection_limits};
pub use education::{ApplicationStatus, AssignmentKind, AssignmentLevel, AssignmentStatus, education_limits};
pub use error::{FieldError, FieldErrorKind, FieldErrors};
pub use grants::{
    Beneficiary, ContributionKind, ContributionStatus, GrantType, MAX_CENTS, MatchingStatus, MatchingYear,
    OutcomeStatus, YEARS, assess_matching, cents_to_euros, euros_to_cents, parse_euros_text, parse_ratio,
};
pub use ids::{Email, OrganisationKind, Slug};
pub use knowledge::{
    ApproachKind, ConsentUse, NarratorRole, ProductAudience, ProductKind, ProductStatus, QuestionStatus, Recognition,
    SocialQualityFactor, Visibility, kwestie_key,
};
pub use lemniscate::{CrossLinkDecision, Movement, MoverKind, Step, lemniscate_limits};
pub use role::Role;
pub use text::{BoundedText, escape_html};
