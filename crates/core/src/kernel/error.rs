use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The request conflicts with the current state (e.g. a concurrent change).
    #[error("conflict")]
    Conflict,
    /// Cannot be removed while other records depend on it; the message (Dutch) says which.
    #[error("in use: {0}")]
    InUse(String),
    #[error("too many attempts")]
    RateLimited,
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<FieldErrors> for CoreError {
    fn from(e: FieldErrors) -> Self {
        CoreError::Invalid(e)
    }
}

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => CoreError::NotFound,
            // Constraint names map to the field a person can fix.
            StoreError::Conflict(c) if c.contains("themes_title_key") || c.contains("themes.title") => {
                CoreError::Invalid(FieldErrors::single("title", FieldErrorKind::Duplicate))
            }
            StoreError::Conflict(c)
                if c.contains("project_options_title_key") || c.contains("project_options.title") =>
            {
                CoreError::Invalid(FieldErrors::single("title", FieldErrorKind::Duplicate))
            }
            StoreError::Conflict(c) if c.contains("accounts_email_key") || c.contains("accounts.email") => {
                CoreError::Invalid(FieldErrors::single("email", FieldErrorKind::Duplicate))
            }
            StoreError::Conflict(_) => CoreError::Conflict,
            other => CoreError::Store(other),
        }
    }
}

/// A field refused for a reason the interface explains with `key` (e.g. an unsupported file type).
pub fn refused(field: &str, key: &'static str) -> CoreError {
    CoreError::Invalid(FieldErrors::single(field, FieldErrorKind::Refused { key }))
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
