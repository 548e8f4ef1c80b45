//! The dialogue's vocabulary as Rust types: records, their inputs, and the fixed code lists.
//!
//! Every type here crosses IPC and is generated for TypeScript (see `bindings`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Declares a fixed code list stored as TEXT: one place for the Rust enum, its code string,
/// and the full list (the SQL CHECK constraints in the migrations repeat the same codes).
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::from_code(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} code {s:?}", stringify!($name)).into()))
            }
        }
    };
}
pub(crate) use code_enum;

code_enum!(
    /// A party's role in the production and exploitation chain.
    ChainRole {
        Producer = "producer",
        Maker = "maker",
        PublicBroadcaster = "public_broadcaster",
        CommercialBroadcaster = "commercial_broadcaster",
        Streamer = "streamer",
        Distributor = "distributor",
        Cinema = "cinema",
        Fund = "fund",
        Festival = "festival",
        Training = "training",
        Development = "development",
        CableOperator = "cable_operator",
        Government = "government",
        Other = "other",
    }
);

code_enum!(
    /// The kinds of audiovisual production whose economics differ.
    ProductionType {
        Series = "series",
        FeatureFilm = "feature_film",
        Documentary = "documentary",
        Animation = "animation",
        InnovativeMedia = "innovative_media",
    }
);

code_enum!(
    /// What a topic is: a problem, a precondition, a way forward, or a shared goal.
    TopicKind {
        Bottleneck = "bottleneck",
        Precondition = "precondition",
        SolutionDirection = "solution_direction",
        Ambition = "ambition",
    }
);

code_enum!(
    /// The kind of meeting.
    SessionKind {
        WorkingGroup = "working_group",
        Bilateral = "bilateral",
        Nff = "nff",
    }
);

code_enum!(
    /// The facilitator's own marking of a topic.
    Marking {
        Consensus = "consensus",
        ConsensusWithReservations = "consensus_with_reservations",
        Divergence = "divergence",
        Open = "open",
    }
);

code_enum!(
    /// Where a follow-up action stands.
    ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
        Dropped = "dropped",
    }
);

/// The file's one dialogue: what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dialogue {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DialogueInput {
    pub title: String,
    pub description: String,
}

/// A theme of the plan; shown in `position` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Bouwsteen {
    pub id: Uuid,
    pub position: i64,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BouwsteenInput {
    pub name: String,
    pub description: String,
}

/// Something the parties take positions on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Topic {
    pub id: Uuid,
    pub bouwsteen_id: Uuid,
    /// A short reference such as "2.3", unique in the dialogue when set.
    pub code: String,
    pub kind: TopicKind,
    pub title: String,
    pub description: String,
    /// 1 low, 2 normal, 3 high.
    pub priority: i64,
    pub production_types: Vec<ProductionType>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TopicInput {
    pub bouwsteen_id: Uuid,
    pub code: String,
    pub kind: TopicKind,
    pub title: String,
    pub description: String,
    pub priority: i64,
    pub production_types: Vec<ProductionType>,
}

/// An organisation at the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Party {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub chain_role: ChainRole,
    /// A grouping beside the chain role (a Pol.is opinion group, a caucus); may be empty.
    pub segment: String,
    pub production_types: Vec<ProductionType>,
    /// `#rrggbb`, used to tell parties apart in charts.
    pub colour: String,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartyInput {
    pub name: String,
    pub short_name: String,
    pub chain_role: ChainRole,
    #[serde(default)]
    #[ts(optional)]
    pub segment: Option<String>,
    pub production_types: Vec<ProductionType>,
    pub colour: String,
    pub notes: String,
}

/// A representative of a party: the only personal data in a dialogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: Uuid,
    pub party_id: Uuid,
    pub name: String,
    pub email: String,
    pub role_title: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub party_id: Uuid,
    pub name: String,
    pub email: String,
    pub role_title: String,
}

/// A meeting. Times are stored in UTC and shown in Europe/Amsterdam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Session {
    pub id: Uuid,
    pub title: String,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub notes: String,
    /// The parties present, by id.
    pub attendee_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionInput {
    pub title: String,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub notes: String,
    pub attendee_ids: Vec<Uuid>,
}

/// One party's stance on one topic at one session. `stance` is −2..=2, or `None` for
/// "no position / abstain", which is recorded but never counted as neutral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Position {
    pub id: Uuid,
    pub topic_id: Uuid,
    pub party_id: Uuid,
    pub session_id: Uuid,
    pub stance: Option<i8>,
    pub rationale: String,
    /// The "mits …" of conditional support.
    pub condition: String,
    pub quote: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PositionInput {
    pub topic_id: Uuid,
    pub party_id: Uuid,
    pub session_id: Uuid,
    pub stance: Option<i8>,
    pub rationale: String,
    pub condition: String,
    pub quote: String,
}

/// The facilitator's marking of a topic, which always wins on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Verdict {
    pub topic_id: Uuid,
    pub marking: Marking,
    pub note: String,
    pub marked_by: String,
    pub marked_at: DateTime<Utc>,
}

/// A follow-up action with an owner and a due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Action {
    pub id: Uuid,
    pub title: String,
    pub owner_party_id: Option<Uuid>,
    pub topic_id: Option<Uuid>,
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of the audit log: what changed, by whom, when, before and after (as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The numbers `check` reports and the window shows in its overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    pub bouwstenen: i64,
    pub topics: i64,
    pub parties: i64,
    pub people: i64,
    pub sessions: i64,
    pub positions: i64,
    pub verdicts: i64,
    pub actions: i64,
}

/// What the window needs to know about the open file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DialogueInfo {
    pub path: String,
    pub file_name: String,
    pub schema_version: i64,
    pub dialogue: Dialogue,
    pub counts: Counts,
    /// Set when opening upgraded the file: where the copy made before the upgrade lies.
    pub backup_path: Option<String>,
    /// The file cannot be written (its permissions or its disk): it can be read and
    /// analysed, and every change is refused with `read_only`.
    pub read_only: bool,
}

/// A file the user opened before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecentFile {
    pub path: String,
    pub file_name: String,
    pub opened_at: DateTime<Utc>,
    pub exists: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in ChainRole::ALL {
            assert_eq!(ChainRole::from_code(r.code()), Some(*r));
            assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!(r.code()));
        }
        assert_eq!(ChainRole::ALL.len(), 14);
        assert_eq!(ProductionType::ALL.len(), 5);
        assert_eq!(TopicKind::from_code("ambition"), Some(TopicKind::Ambition));
        assert_eq!(SessionKind::from_code("NFF"), None);
    }
}

/// Everything the window needs at start and after a file changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AppSnapshot {
    pub version: String,
    pub lang: crate::error::Lang,
    pub dialogue: Option<DialogueInfo>,
    pub recent: Vec<RecentFile>,
    /// Why the last file could not be reopened on start, if it could not.
    pub reopen_error: Option<crate::error::ErrorPayload>,
}

/// What a file dialog is for; decides its title, filter and default name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PickPurpose {
    New,
    Open,
    SaveCopy,
    ImportCsv,
    ExportCsv,
    /// A folder: a Pol.is export.
    ImportPolis,
    ExportMarkdown,
    ExportHtml,
    ExportDocx,
    ExportIcs,
    ExportXlsx,
    ImportXlsx,
    /// The report draft; its format follows the chosen file's extension (.docx, .html, .md).
    ExportReport,
    ExportBundle,
    ImportBundle,
    /// Everything the dialogue holds about one person (a GDPR access request), as JSON.
    ExportPerson,
}

/// Names one cell of the record: a party on a topic in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct PositionKey {
    pub topic_id: Uuid,
    pub party_id: Uuid,
    pub session_id: Uuid,
}

/// What a position write changed: enough to undo it (write `before` back, or clear when it
/// is `None`) and to redo it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PositionChange {
    pub key: PositionKey,
    pub before: Option<Position>,
    pub after: Option<Position>,
}

/// One session's position of a party on a topic, with the values it had before corrections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub session_id: Uuid,
    pub session_title: String,
    pub session_starts_at: DateTime<Utc>,
    pub position: Position,
    /// Earlier values of this same position, oldest first, from the audit log.
    pub earlier: Vec<Position>,
}

/// A follow-up action as entered or edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActionInput {
    pub title: String,
    pub owner_party_id: Option<Uuid>,
    pub topic_id: Option<Uuid>,
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub notes: String,
}

code_enum!(
    /// Where a search hit was found.
    HitKind {
        Topic = "topic",
        Rationale = "rationale",
        Condition = "condition",
        Quote = "quote",
        VerdictNote = "verdict_note",
        Action = "action",
    }
);

/// One full-text search hit. `snippet` is plain text; the matched words sit between
/// U+E000 and U+E001 so the UI can highlight them without rendering HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub kind: HitKind,
    pub topic_id: Option<Uuid>,
    pub bouwsteen_id: Option<Uuid>,
    pub party_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub action_id: Option<Uuid>,
    pub snippet: String,
}

/// What a spreadsheet import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub rows: i64,
    pub positions_written: i64,
    pub bouwstenen_created: i64,
    pub topics_created: i64,
    pub parties_created: i64,
    pub sessions_created: i64,
}
