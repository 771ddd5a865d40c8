use serde::Serialize;

/// Why a single field was refused. The web layer turns these into Dutch (or English) text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldErrorKind {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    TooMany {
        max: usize,
    },
    Invalid,
    Duplicate,
    UnknownValue {
        allowed: Vec<&'static str>,
    },
    /// A domain rule refused the input; the key names the message in the translation catalogue
    /// (e.g. `activity.refused.past`).
    Refused {
        key: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub kind: FieldErrorKind,
}

/// All field errors of one input, collected so a form can show every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("ongeldige invoer in {} veld(en)", .0.len())]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn single(field: impl Into<String>, kind: FieldErrorKind) -> Self {
        let mut e = Self::new();
        e.push(field, kind);
        e
    }
    pub fn push(&mut self, field: impl Into<String>, kind: FieldErrorKind) {
        self.0.push(FieldError { field: field.into(), kind });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Records the error of `r` under `field` and returns the value if there was none.
    pub fn take<T>(&mut self, field: &str, r: Result<T, FieldErrorKind>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(kind) => {
                self.push(field, kind);
                None
            }
        }
    }
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value()) } else { Err(self) }
    }
    pub fn for_field(&self, field: &str) -> Option<&FieldErrorKind> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.kind)
    }
}
