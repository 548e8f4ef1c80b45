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
    /// Reading or writing a file failed (permissions…).
    Io,
    /// The window named a file the user did not choose in a file dialog.
    NotPermitted,
    /// The disk is full: the change was not saved; what was saved before is intact.
    DiskFull,
    /// The file (or its folder or disk) is read-only: it can be read, not changed.
    ReadOnly,
    /// The open file was moved or deleted by another program; changes would go nowhere.
    FileGone,
    /// The file is already open in another Ketentafel window (or on another computer).
    Locked,
    /// Another program held the file's write lock longer than we wait; nothing was changed.
    Busy,
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
        ErrorCode::DiskFull,
        ErrorCode::ReadOnly,
        ErrorCode::FileGone,
        ErrorCode::Locked,
        ErrorCode::Busy,
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
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::FileGone => "file_gone",
            ErrorCode::Locked => "locked",
            ErrorCode::Busy => "busy",
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
    #[error("{}", io_message(.0, Lang::En))]
    Io(#[from] std::io::Error),
    #[error("{}", sqlite_message(.0, Lang::En))]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "{0} is read-only: you can read and analyse this dialogue, but changes cannot be saved. Save a copy elsewhere (File → Save a copy) to go on editing."
    )]
    ReadOnly(String),
    #[error(
        "{0} was moved or deleted while it was open, so changes can no longer be saved there. Nothing saved before is lost: save a copy (File → Save a copy) and open that."
    )]
    FileGone(String),
    #[error("{}", locked_message(path, owner.as_ref(), Lang::En))]
    Locked { path: String, owner: Option<crate::lock::LockOwner> },
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
            Error::Io(e) => io_code(e),
            Error::Sqlite(e) => sqlite_code(e),
            Error::ReadOnly(_) => ErrorCode::ReadOnly,
            Error::FileGone(_) => ErrorCode::FileGone,
            Error::Locked { .. } => ErrorCode::Locked,
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
                Error::Io(e) => io_message(e, Lang::Nl),
                Error::Sqlite(e) => sqlite_message(e, Lang::Nl),
                Error::ReadOnly(p) => format!(
                    "{p} is alleen-lezen: u kunt deze dialoog bekijken en analyseren, maar wijzigingen kunnen niet worden opgeslagen. Sla een kopie op een andere plek op (Bestand → Kopie opslaan) om verder te werken."
                ),
                Error::FileGone(p) => format!(
                    "{p} is verplaatst of verwijderd terwijl het open was, dus wijzigingen kunnen daar niet meer worden opgeslagen. Wat eerder is opgeslagen, gaat niet verloren: sla een kopie op (Bestand → Kopie opslaan) en open die."
                ),
                Error::Locked { path, owner } => locked_message(path, owner.as_ref(), Lang::Nl),
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
/// file, not a bug; a full disk, a read-only file and a held lock are the environment's doing.
fn sqlite_code(e: &rusqlite::Error) -> ErrorCode {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => ErrorCode::NotADialogue,
        Some(C::DatabaseCorrupt) => ErrorCode::Corrupt,
        Some(C::DiskFull) => ErrorCode::DiskFull,
        Some(C::ReadOnly) => ErrorCode::ReadOnly,
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => ErrorCode::Busy,
        Some(C::CannotOpen) | Some(C::SystemIoFailure) | Some(C::PermissionDenied) => ErrorCode::Io,
        Some(C::ConstraintViolation) => ErrorCode::Conflict,
        _ => ErrorCode::Internal,
    }
}

fn io_code(e: &std::io::Error) -> ErrorCode {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => ErrorCode::DiskFull,
        std::io::ErrorKind::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        _ => ErrorCode::Io,
    }
}

/// What a full disk means for the user's work, said the same way whichever layer noticed it.
fn disk_full_message(lang: Lang) -> String {
    match lang {
        Lang::Nl => "De schijf is vol: deze wijziging is niet opgeslagen. Alles wat eerder is opgeslagen, is nog intact. Maak ruimte vrij en probeer het opnieuw.".into(),
        Lang::En => "The disk is full: this change was not saved. Everything saved before is intact. Free up some space and try again.".into(),
    }
}

fn io_message(e: &std::io::Error, lang: Lang) -> String {
    match (io_code(e), lang) {
        (ErrorCode::DiskFull, _) => disk_full_message(lang),
        (_, Lang::Nl) => format!("Bestandsfout: {e}"),
        (_, Lang::En) => format!("file error: {e}"),
    }
}

fn sqlite_message(e: &rusqlite::Error, lang: Lang) -> String {
    match (sqlite_code(e), lang) {
        (ErrorCode::DiskFull, _) => disk_full_message(lang),
        (ErrorCode::Busy, Lang::Nl) => "Het dialoogbestand is bezet: een ander programma (of een ander Ketentafel-venster) schrijft erin en gaf het niet op tijd vrij. Er is niets gewijzigd; probeer het zo opnieuw.".into(),
        (ErrorCode::Busy, Lang::En) => "The dialogue file is busy: another program (or another Ketentafel window) is writing to it and did not let go in time. Nothing was changed; try again in a moment.".into(),
        (ErrorCode::ReadOnly, Lang::Nl) => format!("Het dialoogbestand kan niet worden gewijzigd (alleen-lezen); er is niets opgeslagen. ({e})"),
        (ErrorCode::ReadOnly, Lang::En) => format!("The dialogue file cannot be changed (read-only); nothing was saved. ({e})"),
        (_, Lang::Nl) => format!("Databasefout: {e}"),
        (_, Lang::En) => format!("database error: {e}"),
    }
}

/// "… is al geopend door anna op laptop-anna (proces 4242) sinds 26-11-2026 14:05."
fn locked_message(path: &str, owner: Option<&crate::lock::LockOwner>, lang: Lang) -> String {
    let local = |o: &crate::lock::LockOwner| o.since.with_timezone(&chrono_tz::Europe::Amsterdam);
    match (lang, owner) {
        (Lang::Nl, Some(o)) => format!(
            "{path} is al geopend in Ketentafel door {} op {} (proces {}) sinds {}. Sluit het daar eerst, of open een kopie.",
            o.user,
            o.host,
            o.pid,
            local(o).format("%d-%m-%Y %H:%M")
        ),
        (Lang::Nl, None) => {
            format!("{path} is al geopend in een ander Ketentafel-venster. Sluit het daar eerst, of open een kopie.")
        }
        (Lang::En, Some(o)) => format!(
            "{path} is already open in Ketentafel by {} on {} (process {}) since {}. Close it there first, or open a copy.",
            o.user,
            o.host,
            o.pid,
            local(o).format("%Y-%m-%d %H:%M")
        ),
        (Lang::En, None) => {
            format!("{path} is already open in another Ketentafel window. Close it there first, or open a copy.")
        }
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
