//! The core's one error type, and the flat `{ code, message }` shape it takes at every boundary.

use serde::Serialize;
use ts_rs::TS;

/// Stable, machine-readable error codes. The UI and scripts branch on these, never on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The file is not an SQLite database, or an SQLite database of another program.
    NotADialogue,
    /// The file is a dialogue but damaged (truncated, garbled, failed integrity check).
    Corrupt,
    /// The file was written by a newer Ketentafel; opening it could damage it.
    NewerVersion,
    /// The file does not exist or cannot be read.
    FileNotFound,
    /// The file exists already where a new one was to be created.
    FileExists,
    /// A record the request names does not exist (any more).
    NotFound,
    /// The request itself is wrong: an empty name, an unknown code, an end before a start.
    InvalidInput,
    /// The change would break a uniqueness rule, such as two parties with one name.
    Conflict,
    /// The record is still used elsewhere (a bouwsteen that holds topics).
    InUse,
    /// A command needs an open dialogue and none is open.
    NoDialogueOpen,
    /// An imported file has a bad row or column; nothing was written.
    ImportFailed,
    /// Reading or writing a file failed (permissions, full disk…).
    Io,
    /// The window named a file the user did not choose in a file dialog.
    NotPermitted,
    /// Anything else; a bug.
    Internal,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::NotADialogue,
        ErrorCode::Corrupt,
        ErrorCode::NewerVersion,
        ErrorCode::FileNotFound,
        ErrorCode::FileExists,
        ErrorCode::NotFound,
        ErrorCode::InvalidInput,
        ErrorCode::Conflict,
        ErrorCode::InUse,
        ErrorCode::NoDialogueOpen,
        ErrorCode::ImportFailed,
        ErrorCode::Io,
        ErrorCode::NotPermitted,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotADialogue => "not_a_dialogue",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::NewerVersion => "newer_version",
            ErrorCode::FileNotFound => "file_not_found",
            ErrorCode::FileExists => "file_exists",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InUse => "in_use",
            ErrorCode::NoDialogueOpen => "no_dialogue_open",
            ErrorCode::ImportFailed => "import_failed",
            ErrorCode::Io => "io",
            ErrorCode::NotPermitted => "not_permitted",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The error every core function returns. `message` texts are for logs and the CLI; the
/// window translates by `code` (and shows `detail` where one helps).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not a Ketentafel dialogue: {0}")]
    NotADialogue(String),
    #[error("the dialogue file is damaged: {0}")]
    Corrupt(String),
    #[error("this dialogue was saved by a newer Ketentafel (schema {found}, this app knows up to {known})")]
    NewerVersion { found: i64, known: i64 },
    #[error("file not found: {0}")]
    FileNotFound(String),
    #[error("a file already exists at {0}")]
    FileExists(String),
    #[error("{entity} not found: {id}")]
    NotFound { entity: &'static str, id: String },
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    InUse(String),
    #[error("{}{en}", import_place(*line, *column, Lang::En))]
    Import { line: u64, column: Option<&'static str>, nl: String, en: String },
    #[error("no dialogue is open")]
    NoDialogueOpen,
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration error: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0} was not chosen in a file dialog; open or save it through the File menu")]
    NotPermitted(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Invalid { field, reason: reason.into() }
    }

    pub fn not_found(entity: &'static str, id: impl ToString) -> Self {
        Error::NotFound { entity, id: id.to_string() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotADialogue(_) => ErrorCode::NotADialogue,
            Error::Corrupt(_) => ErrorCode::Corrupt,
            Error::NewerVersion { .. } => ErrorCode::NewerVersion,
            Error::FileNotFound(_) => ErrorCode::FileNotFound,
            Error::FileExists(_) => ErrorCode::FileExists,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::InUse(_) => ErrorCode::InUse,
            Error::Import { .. } => ErrorCode::ImportFailed,
            Error::NoDialogueOpen => ErrorCode::NoDialogueOpen,
            Error::Io(_) => ErrorCode::Io,
            Error::Sqlite(e) => sqlite_code(e),
            Error::Migration(_) => ErrorCode::Corrupt,
            Error::NotPermitted(_) => ErrorCode::NotPermitted,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The field a validation error is about, so a form can put the message beside it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            Error::Import { column, .. } => *column,
            _ => None,
        }
    }

    /// A one-line message for a person, in Dutch or English (the CLI prints this).
    pub fn localized(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Nl => match self {
                Error::NotADialogue(p) => format!("{p} is geen Ketentafel-dialoog."),
                Error::Corrupt(d) => format!("Het dialoogbestand is beschadigd: {d}"),
                Error::NewerVersion { found, known } => format!(
                    "Deze dialoog is opgeslagen met een nieuwere versie van Ketentafel (schema {found}; deze versie kent tot en met {known}). Werk Ketentafel bij om hem te openen; het bestand is niet gewijzigd."
                ),
                Error::FileNotFound(p) => format!("Bestand niet gevonden: {p}"),
                Error::FileExists(p) => format!("Er bestaat al een bestand op {p}"),
                Error::NotFound { entity, id } => format!("{} niet gevonden: {id}", entity_nl(entity)),
                Error::Invalid { field, reason } => format!("Ongeldige invoer bij {field}: {reason}"),
                Error::Conflict(m) | Error::InUse(m) => m.clone(),
                Error::Import { line, column, nl, .. } => format!("{}{nl}", import_place(*line, *column, Lang::Nl)),
                Error::NoDialogueOpen => "Er is geen dialoog geopend.".into(),
                Error::Io(e) => format!("Bestandsfout: {e}"),
                Error::Sqlite(e) => format!("Databasefout: {e}"),
                Error::Migration(e) => format!("Bijwerken van het bestand mislukt: {e}"),
                Error::NotPermitted(p) => {
                    format!("{p} is niet in een bestandsvenster gekozen; open of bewaar het via het menu Bestand.")
                }
                Error::Internal(m) => format!("Interne fout: {m}"),
            },
        }
    }
}

/// The Dutch word for an entity a `NotFound` names ("person" → "Persoon").
fn entity_nl(entity: &str) -> &'static str {
    match entity {
        "person" => "Persoon",
        "party" => "Partij",
        "topic" => "Onderwerp",
        "bouwsteen" => "Bouwsteen",
        "session" => "Sessie",
        "agenda item" => "Agendapunt",
        "action" => "Vervolgactie",
        "audit entry" => "Logregel",
        _ => "Gegeven",
    }
}

/// "Regel 7, kolom stance: " — where in an imported file the problem is.
fn import_place(line: u64, column: Option<&str>, lang: Lang) -> String {
    match (lang, column) {
        (Lang::Nl, Some(c)) => format!("Regel {line}, kolom {c}: "),
        (Lang::Nl, None) => format!("Regel {line}: "),
        (Lang::En, Some(c)) => format!("Line {line}, column {c}: "),
        (Lang::En, None) => format!("Line {line}: "),
    }
}

/// SQLite's own "this is not a database" and "malformed" results mean a damaged or foreign
/// file, not a bug.
fn sqlite_code(e: &rusqlite::Error) -> ErrorCode {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => ErrorCode::NotADialogue,
        Some(C::DatabaseCorrupt) => ErrorCode::Corrupt,
        Some(C::CannotOpen) => ErrorCode::Io,
        Some(C::ReadOnly) | Some(C::DiskFull) | Some(C::SystemIoFailure) | Some(C::PermissionDenied) => ErrorCode::Io,
        Some(C::ConstraintViolation) => ErrorCode::Conflict,
        _ => ErrorCode::Internal,
    }
}

/// The two languages Ketentafel speaks. Dutch is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// From a locale string such as `en_GB.UTF-8`; anything not English is Dutch.
    pub fn from_locale(s: &str) -> Lang {
        if s.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Nl }
    }
}

/// The shape an error takes when it leaves the core: across IPC, in `--json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    /// A description in the user's language, shown as the detail line; the UI translates `code`.
    pub message: String,
    /// For `invalid_input`: the field the message is about.
    pub field: Option<String>,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        ErrorPayload { code: e.code(), message: e.to_string(), field: e.field().map(str::to_owned) }
    }
}

impl ErrorPayload {
    /// The payload with its message in the user's language.
    pub fn localized(e: &Error, lang: Lang) -> Self {
        ErrorPayload { message: e.localized(lang), ..ErrorPayload::from(e) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_string() {
        for code in
            [ErrorCode::NotADialogue, ErrorCode::NewerVersion, ErrorCode::InvalidInput, ErrorCode::NoDialogueOpen]
        {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
        }
    }

    #[test]
    fn payload_carries_field_of_validation_errors() {
        let p = ErrorPayload::from(&Error::invalid("name", "empty"));
        assert_eq!(p.code, ErrorCode::InvalidInput);
        assert_eq!(p.field.as_deref(), Some("name"));
        assert!(Error::NoDialogueOpen.localized(Lang::Nl).contains("geen dialoog"));
        let gone = Error::not_found("person", "0190");
        assert_eq!(gone.localized(Lang::Nl), "Persoon niet gevonden: 0190");
        assert_eq!(gone.localized(Lang::En), "person not found: 0190");
    }

    #[test]
    fn locale_detection() {
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("nl_NL.UTF-8"), Lang::Nl);
        assert_eq!(Lang::from_locale("C"), Lang::Nl);
    }
}
