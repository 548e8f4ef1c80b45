//! Exchange between facilitators: a whole dialogue as one versioned JSON bundle, and the merge
//! of such a bundle into an open dialogue.
//!
//! The merge works by record id, in one transaction (all or nothing), and is a function of the
//! two versions of each record only — never of which side is local — so merging copy A's
//! bundle into B and B's into A gives the same dialogue, and importing a bundle twice changes
//! nothing the second time. The rules (README, "Exchanging dialogues between facilitators"):
//!
//! - A record only one side holds is kept; deletions are not propagated.
//! - Two versions of one record: the later `updated_at` (`recorded_at` for positions,
//!   `marked_at` for verdicts) wins; on an exact tie, the greater JSON of the record. The dialogue
//!   row itself: a row never edited since its file was made yields to an edited one, then the
//!   same rule. Production types and attendees are the union of both versions.
//! - Records the schema keeps unique — parties by name (case-insensitive), topics by a non-empty
//!   code, positions by (topic, party, session), verdicts by topic — are one record when the
//!   sides hold them under different ids: it keeps the smallest id and the winning version's
//!   fields, and every reference follows. Bouwstenen are matched by name the same way (as the
//!   CSV import matches them), but only when each side has one of that name the other lacks, so
//!   a new file's four default bouwstenen meet the bundle's, and a dialogue that holds two of one
//!   name keeps them.
//! - Whatever loses (a version, or an id merged into another) is written to the audit log as an
//!   update from the losing version to the kept one, under the losing id, with the importer as
//!   actor ("… (bundle import)"); versions that differ in more than their timestamps are listed as
//!   conflicts in the [`MergeReport`]. An import remembers ids it merged (in the audit log), so a
//!   bundle that still holds such an id maps it the same way next time.
//! - Agenda items (`agenda_items`, optional in a bundle: version-1 bundles written before the
//!   agenda read as having none) follow the same rules by id; an item's panel is an ordered list
//!   and comes with the winning version, not as a union. Afterwards each session's items are
//!   numbered 0..n−1 again, in the order of (position, id) of their merged versions; an item
//!   whose position that changes gets `updated_at` one microsecond after its merged version's,
//!   so that on the next exchange the renumbered version wins against the ones it came from.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::agenda::{self, AgendaItem};
use crate::error::{Error, Lang, Result};
use crate::model::*;
use crate::store::audit::{self, Audited};
use crate::store::{self, Ctx, MAX_NAME, MAX_TEXT, Store};
use crate::store::{actions, bouwstenen, dialogue, parties, people, positions, sessions, topics, verdicts};

/// The `format` of every bundle.
pub const FORMAT: &str = "ketentafel-bundle";
/// The bundle version this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// Added to the actor of the audit rows an import writes.
const IMPORT_NOTE: &str = "bundle import";

/// A whole dialogue as exchanged between facilitators. Each list is ordered by id, so two equal
/// dialogues give equal bundles (but for `exported_at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this build.
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The Ketentafel version that wrote the bundle.
    #[serde(default)]
    pub app_version: String,
    pub dialogue: Dialogue,
    #[serde(default)]
    pub bouwstenen: Vec<Bouwsteen>,
    #[serde(default)]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub positions: Vec<Position>,
    #[serde(default)]
    pub verdicts: Vec<Verdict>,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Every session's agenda. Optional: a version-1 bundle written before agendas existed
    /// reads as having none (and adds none).
    #[serde(default)]
    pub agenda_items: Vec<AgendaItem>,
    /// Where each record starts in the file it was read from, for error messages.
    #[serde(skip)]
    origin: Origin,
}

/// Which side's version of a record the merge kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeSide {
    /// The open dialogue's own version.
    Local,
    /// The bundle's version.
    Bundle,
}

/// A number per kind of record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct MergeCounts {
    pub dialogue: i64,
    pub bouwstenen: i64,
    pub topics: i64,
    pub parties: i64,
    pub people: i64,
    pub sessions: i64,
    pub positions: i64,
    pub verdicts: i64,
    pub actions: i64,
    pub agenda_items: i64,
}

/// A record whose two versions differed (in more than their timestamps): the version that was
/// not kept is in the audit log, and here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conflict {
    /// The audit log's entity name: `party`, `position`, `verdict`, …
    pub entity: String,
    /// The record as it is now (a verdict: its topic's id).
    pub id: Uuid,
    /// A readable name: the party's name, "2.2 … · party · session" for a position.
    pub label: String,
    /// Whose version the dialogue now holds.
    pub kept: MergeSide,
    /// The version that was not kept, as JSON.
    pub other_json: String,
}

/// What a bundle import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct MergeReport {
    /// Records the dialogue did not have.
    pub added: MergeCounts,
    /// Records of the dialogue that changed: a later version, a merged set, a reference that
    /// followed a merged record, or an id merged into another.
    pub updated: MergeCounts,
    /// Records whose bundle version lost against the dialogue's own (now in the audit log).
    pub kept: MergeCounts,
    pub conflicts: Vec<Conflict>,
}

// ---- reading and writing ---------------------------------------------------------------

/// The whole dialogue as a bundle, read in one consistent snapshot.
pub fn export(store: &Store) -> Result<Bundle> {
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Deferred)?;
    snapshot(&tx)
}

/// Exports the dialogue to `path` as pretty-printed JSON, through a temporary file beside it
/// and a rename, so a failure leaves no half file. Returns what was written.
pub fn write(store: &Store, path: &Path) -> Result<Bundle> {
    if let Some(own) = store.path()
        && same_file(own, path)
    {
        return Err(Error::invalid("path", "the bundle must go to another file than the dialogue"));
    }
    let bundle = export(store)?;
    write_atomically(path, &to_bytes(&bundle)?)?;
    Ok(bundle)
}

/// Reads and checks a bundle file: its format, its version, and every record's own fields.
/// References are checked on import, against the bundle and the dialogue together.
pub fn read(path: &Path) -> Result<Bundle> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(path.display().to_string()),
        _ => Error::Io(e),
    })?;
    from_bytes(&bytes)
}

/// The bundle as written to a file: pretty-printed UTF-8 JSON with a final newline.
pub fn to_bytes(bundle: &Bundle) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(bundle).map_err(|e| Error::Internal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Parses and checks a bundle (see [`read`]).
pub fn from_bytes(bytes: &[u8]) -> Result<Bundle> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The header first: another format or a newer version is named as such, not as a field
    // this version does not know.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let unreadable = |e: serde_json::Error| Error::Import {
        line: e.line().max(1) as u64,
        column: None,
        nl: format!("dit is geen leesbare JSON ({e}); is het bestand beschadigd of afgebroken?"),
        en: format!("this is not readable JSON ({e}); is the file damaged or cut off?"),
    };
    if !bytes.trim_ascii_start().starts_with(b"{") {
        // Valid JSON that is no object (serde would read an array as a struct) is another format.
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(unreadable)?;
        return Err(not_a_bundle(1));
    }
    let head: Head = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => not_a_bundle(1),
        _ => unreadable(e),
    })?;
    let lines = Arc::new(scan(bytes));
    let at = |key: &str| lines.values.get(key).copied().unwrap_or(1);
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_a_bundle(at("format")));
    }
    check_version(head.version.as_ref().and_then(|v| v.as_u64()), at("version"))?;
    let mut bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| Error::Import {
        line: e.line().max(1) as u64,
        column: None,
        nl: format!("ongeldige bundel: {e}"),
        en: format!("invalid bundle: {e}"),
    })?;
    bundle.origin = Origin(Some(lines));
    validate(&bundle)?;
    Ok(bundle)
}

fn not_a_bundle(line: u64) -> Error {
    Error::Import {
        line,
        column: Some("format"),
        nl: format!("dit is geen Ketentafel-bundel (verwacht: \"format\": \"{FORMAT}\")"),
        en: format!("this is not a Ketentafel bundle (expected \"format\": \"{FORMAT}\")"),
    }
}

fn check_version(version: Option<u64>, line: u64) -> Result<()> {
    match version {
        Some(v) if (1..=VERSION as u64).contains(&v) => Ok(()),
        Some(v) if v > VERSION as u64 => Err(Error::Import {
            line,
            column: Some("version"),
            nl: format!(
                "deze bundel komt uit een nieuwere Ketentafel (bundelversie {v}; deze versie leest tot en met {VERSION}). Werk Ketentafel bij om hem in te lezen; er is niets gewijzigd."
            ),
            en: format!(
                "this bundle comes from a newer Ketentafel (bundle version {v}; this app reads up to {VERSION}). Update Ketentafel to import it; nothing was changed."
            ),
        }),
        _ => Err(Error::Import {
            line,
            column: Some("version"),
            nl: "de bundelversie ontbreekt of is geen geheel getal vanaf 1".into(),
            en: "the bundle version is missing or not a whole number from 1".into(),
        }),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().ok_or_else(|| Error::invalid("path", "names no file"))?;
    let tmp = path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(written?)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Every record of the dialogue, each list ordered by id.
fn snapshot(conn: &Connection) -> Result<Bundle> {
    fn by_id<T: Rec>(mut v: Vec<T>) -> Vec<T> {
        v.sort_by_key(Rec::id);
        v
    }
    Ok(Bundle {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: Utc::now(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        dialogue: dialogue::get(conn)?,
        bouwstenen: by_id(bouwstenen::list(conn)?),
        topics: by_id(topics::list(conn)?),
        parties: by_id(parties::list(conn)?),
        people: by_id(people::list(conn)?),
        sessions: by_id(sessions::list(conn)?),
        positions: by_id(positions::list(conn)?),
        verdicts: by_id(verdicts::list(conn)?),
        actions: by_id(actions::list(conn)?),
        agenda_items: by_id(agenda::rows::list_all(conn)?),
        origin: Origin::default(),
    })
}

// ---- where records are in the file -------------------------------------------------------

/// Line numbers of a bundle's text: where each top-level value and each element of a top-level
/// array starts.
#[derive(Debug, Default)]
struct Lines {
    values: HashMap<String, u64>,
    elements: HashMap<String, Vec<u64>>,
}

#[derive(Debug, Clone, Default)]
struct Origin(Option<Arc<Lines>>);

impl PartialEq for Origin {
    /// Where a bundle came from is no part of what it says.
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

/// One pass over valid JSON text, tracking strings, depth and the current top-level key.
fn scan(text: &[u8]) -> Lines {
    let mut lines = Lines::default();
    let (mut line, mut depth) = (1u64, 0usize);
    let (mut in_string, mut escaped, mut is_key, mut string_start) = (false, false, false, 0usize);
    let mut key = String::new();
    let mut array: Option<String> = None;
    let (mut want_value, mut want_element) = (false, false);
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if is_key {
                    key = String::from_utf8_lossy(&text[string_start + 1..i]).into_owned();
                }
            }
            continue;
        }
        let starts_value = matches!(b, b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n');
        if starts_value {
            if want_value {
                lines.values.insert(key.clone(), line);
            }
            if want_element && let Some(a) = &array {
                lines.elements.entry(a.clone()).or_default().push(line);
            }
        }
        match b {
            b'"' => {
                is_key = depth == 1 && !want_value;
                in_string = true;
                string_start = i;
            }
            b'{' | b'[' => {
                depth += 1;
                if b == b'[' && depth == 2 && want_value {
                    array = Some(key.clone());
                    want_value = false;
                    want_element = true;
                    continue;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth <= 1 {
                    array = None;
                }
            }
            b':' if depth == 1 => {
                want_value = true;
                continue;
            }
            b',' if depth == 2 && array.is_some() => {
                want_element = true;
                continue;
            }
            _ => {}
        }
        if starts_value {
            want_value = false;
            want_element = false;
        }
    }
    lines
}

impl Bundle {
    /// The line of a top-level value (`index` None) or of one record of a list, in the file the
    /// bundle was read from, or else as [`to_bytes`] would write it.
    fn line(&self, section: &str, index: Option<usize>) -> u64 {
        let computed;
        let lines = match &self.origin.0 {
            Some(l) => l.as_ref(),
            None => {
                computed = scan(&to_bytes(self).unwrap_or_default());
                &computed
            }
        };
        let found = match index {
            Some(i) => lines.elements.get(section).and_then(|v| v.get(i)).copied(),
            None => lines.values.get(section).copied(),
        };
        found.unwrap_or(1)
    }

    fn error(&self, section: &str, index: Option<usize>, column: &'static str, nl: String, en: String) -> Error {
        Error::Import { line: self.line(section, index), column: Some(column), nl, en }
    }
}

// ---- checks ------------------------------------------------------------------------------

/// The checks that need nothing but the bundle: header, unique ids, and each record's fields
/// as the schema and the store's validation require them.
fn validate(b: &Bundle) -> Result<()> {
    if b.format != FORMAT {
        return Err(not_a_bundle(b.line("format", None)));
    }
    check_version(Some(b.version as u64), b.line("version", None))?;
    let name = |section: &str, i: Option<usize>, column: &'static str, v: &str| -> Result<()> {
        if v.trim().is_empty() {
            return Err(b.error(section, i, column, "mag niet leeg zijn".into(), "must not be empty".into()));
        }
        if v.chars().count() > MAX_NAME {
            return Err(b.error(
                section,
                i,
                column,
                format!("langer dan {MAX_NAME} tekens"),
                format!("longer than {MAX_NAME} characters"),
            ));
        }
        Ok(())
    };
    // Free text as long as the store accepts it, so a bundle cannot bring in what no form
    // could (a 10 MB rationale).
    let text = |section: &str, i: Option<usize>, column: &'static str, v: &str| -> Result<()> {
        let n = v.chars().count();
        if n > MAX_TEXT {
            return Err(b.error(
                section,
                i,
                column,
                format!("{n} tekens; het maximum is {MAX_TEXT}"),
                format!("{n} characters; the most allowed is {MAX_TEXT}"),
            ));
        }
        Ok(())
    };
    name("dialogue", None, "title", &b.dialogue.title)?;
    text("dialogue", None, "description", &b.dialogue.description)?;
    for (i, x) in b.bouwstenen.iter().enumerate() {
        text("bouwstenen", Some(i), "description", &x.description)?;
    }
    for (i, x) in b.topics.iter().enumerate() {
        text("topics", Some(i), "description", &x.description)?;
    }
    for (i, x) in b.parties.iter().enumerate() {
        for (column, v) in [("short_name", &x.short_name), ("segment", &x.segment)] {
            text("parties", Some(i), column, v)?;
        }
        text("parties", Some(i), "notes", &x.notes)?;
    }
    for (i, x) in b.people.iter().enumerate() {
        text("people", Some(i), "email", &x.email)?;
        text("people", Some(i), "role_title", &x.role_title)?;
    }
    for (i, x) in b.sessions.iter().enumerate() {
        text("sessions", Some(i), "location", &x.location)?;
        text("sessions", Some(i), "notes", &x.notes)?;
    }
    for (i, x) in b.positions.iter().enumerate() {
        for (column, v) in [("rationale", &x.rationale), ("condition", &x.condition), ("quote", &x.quote)] {
            text("positions", Some(i), column, v)?;
        }
        text("positions", Some(i), "recorded_by", &x.recorded_by)?;
    }
    for (i, x) in b.verdicts.iter().enumerate() {
        text("verdicts", Some(i), "note", &x.note)?;
        text("verdicts", Some(i), "marked_by", &x.marked_by)?;
    }
    for (i, x) in b.actions.iter().enumerate() {
        text("actions", Some(i), "notes", &x.notes)?;
    }
    unique(b, "bouwstenen", "id", b.bouwstenen.iter().map(|x| x.id))?;
    for (i, x) in b.bouwstenen.iter().enumerate() {
        name("bouwstenen", Some(i), "name", &x.name)?;
    }
    unique(b, "topics", "id", b.topics.iter().map(|x| x.id))?;
    for (i, x) in b.topics.iter().enumerate() {
        name("topics", Some(i), "title", &x.title)?;
        if !(1..=3).contains(&x.priority) {
            return Err(b.error(
                "topics",
                Some(i),
                "priority",
                format!("{} is geen prioriteit; gebruik 1, 2 of 3", x.priority),
                format!("{} is not a priority; use 1, 2 or 3", x.priority),
            ));
        }
        if x.code.chars().count() > 20 {
            return Err(b.error(
                "topics",
                Some(i),
                "code",
                "langer dan 20 tekens".into(),
                "longer than 20 characters".into(),
            ));
        }
    }
    unique(b, "parties", "id", b.parties.iter().map(|x| x.id))?;
    for (i, x) in b.parties.iter().enumerate() {
        name("parties", Some(i), "name", &x.name)?;
        let c = &x.colour;
        if !(c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())) {
            return Err(b.error(
                "parties",
                Some(i),
                "colour",
                format!("\"{c}\" is geen kleur zoals #1f77b4"),
                format!("\"{c}\" is not a colour such as #1f77b4"),
            ));
        }
    }
    unique(b, "people", "id", b.people.iter().map(|x| x.id))?;
    for (i, x) in b.people.iter().enumerate() {
        name("people", Some(i), "name", &x.name)?;
    }
    unique(b, "sessions", "id", b.sessions.iter().map(|x| x.id))?;
    for (i, x) in b.sessions.iter().enumerate() {
        name("sessions", Some(i), "title", &x.title)?;
        if x.ends_at < x.starts_at {
            return Err(b.error(
                "sessions",
                Some(i),
                "ends_at",
                "het einde ligt voor het begin".into(),
                "the end lies before the start".into(),
            ));
        }
    }
    unique(b, "positions", "id", b.positions.iter().map(|x| x.id))?;
    for (i, x) in b.positions.iter().enumerate() {
        if let Some(s) = x.stance
            && !(-2..=2).contains(&s)
        {
            return Err(b.error(
                "positions",
                Some(i),
                "stance",
                format!("{s} ligt buiten −2..+2"),
                format!("{s} is outside −2..+2"),
            ));
        }
    }
    unique(b, "verdicts", "topic_id", b.verdicts.iter().map(|x| x.topic_id))?;
    unique(b, "actions", "id", b.actions.iter().map(|x| x.id))?;
    for (i, x) in b.actions.iter().enumerate() {
        name("actions", Some(i), "title", &x.title)?;
    }
    unique(b, "agenda_items", "id", b.agenda_items.iter().map(|x| x.id))?;
    for (i, x) in b.agenda_items.iter().enumerate() {
        let error = |column, nl: String, en: String| Err(b.error("agenda_items", Some(i), column, nl, en));
        if x.title.trim().is_empty() {
            return error("title", "mag niet leeg zijn".into(), "must not be empty".into());
        }
        for (column, text) in [("title", &x.title), ("question", &x.question)] {
            if text.chars().count() > agenda::MAX_TEXT {
                return error(
                    column,
                    format!("langer dan {} tekens", agenda::MAX_TEXT),
                    format!("longer than {} characters", agenda::MAX_TEXT),
                );
            }
        }
        if !(1..=agenda::MAX_MINUTES).contains(&x.minutes) {
            return error(
                "minutes",
                format!("{} ligt buiten 1..{}", x.minutes, agenda::MAX_MINUTES),
                format!("{} is outside 1..{}", x.minutes, agenda::MAX_MINUTES),
            );
        }
        if x.position < 0 {
            return error("position", "mag niet negatief zijn".into(), "must not be negative".into());
        }
        let mut seen = HashSet::new();
        if let Some(p) = x.party_ids.iter().find(|p| !seen.insert(**p)) {
            return error(
                "party_ids",
                format!("de partij {p} staat twee keer in het panel"),
                format!("the party {p} is in the panel twice"),
            );
        }
    }
    Ok(())
}

fn unique(b: &Bundle, section: &str, column: &'static str, ids: impl Iterator<Item = Uuid>) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(b.error(
                section,
                Some(i),
                column,
                format!("{id} staat twee keer in de bundel"),
                format!("{id} appears twice in the bundle"),
            ));
        }
    }
    Ok(())
}

/// Every reference of the bundle must name a record of the bundle or of the dialogue (or an id
/// an earlier import merged into another).
fn check_references(b: &Bundle, local: &Bundle, maps: &Maps) -> Result<()> {
    fn known<T: Rec>(a: &[T], b: &[T], merged: &HashMap<Uuid, Uuid>) -> HashSet<Uuid> {
        a.iter().chain(b).map(Rec::id).chain(merged.keys().copied()).collect()
    }
    let none = HashMap::new();
    let bouwstenen = known(&local.bouwstenen, &b.bouwstenen, &maps.bouwstenen);
    let topics = known(&local.topics, &b.topics, &maps.topics);
    let parties = known(&local.parties, &b.parties, &maps.parties);
    let sessions = known(&local.sessions, &b.sessions, &none);
    let missing = |section: &str, i: usize, column: &'static str, what: (&str, &str), id: Uuid| {
        b.error(
            section,
            Some(i),
            column,
            format!("{} {id} staat niet in de bundel en niet in deze dialoog", what.0),
            format!("{} {id} is in neither the bundle nor this dialogue", what.1),
        )
    };
    const BOUWSTEEN: (&str, &str) = ("de bouwsteen", "the bouwsteen");
    const TOPIC: (&str, &str) = ("het onderwerp", "the topic");
    const PARTY: (&str, &str) = ("de partij", "the party");
    const SESSION: (&str, &str) = ("de sessie", "the session");
    for (i, t) in b.topics.iter().enumerate() {
        if !bouwstenen.contains(&t.bouwsteen_id) {
            return Err(missing("topics", i, "bouwsteen_id", BOUWSTEEN, t.bouwsteen_id));
        }
    }
    for (i, p) in b.people.iter().enumerate() {
        if !parties.contains(&p.party_id) {
            return Err(missing("people", i, "party_id", PARTY, p.party_id));
        }
    }
    for (i, s) in b.sessions.iter().enumerate() {
        if let Some(p) = s.attendee_ids.iter().find(|p| !parties.contains(p)) {
            return Err(missing("sessions", i, "attendee_ids", PARTY, *p));
        }
    }
    for (i, p) in b.positions.iter().enumerate() {
        if !topics.contains(&p.topic_id) {
            return Err(missing("positions", i, "topic_id", TOPIC, p.topic_id));
        }
        if !parties.contains(&p.party_id) {
            return Err(missing("positions", i, "party_id", PARTY, p.party_id));
        }
        if !sessions.contains(&p.session_id) {
            return Err(missing("positions", i, "session_id", SESSION, p.session_id));
        }
    }
    for (i, v) in b.verdicts.iter().enumerate() {
        if !topics.contains(&v.topic_id) {
            return Err(missing("verdicts", i, "topic_id", TOPIC, v.topic_id));
        }
    }
    for (i, a) in b.actions.iter().enumerate() {
        if let Some(p) = a.owner_party_id.filter(|p| !parties.contains(p)) {
            return Err(missing("actions", i, "owner_party_id", PARTY, p));
        }
        if let Some(t) = a.topic_id.filter(|t| !topics.contains(t)) {
            return Err(missing("actions", i, "topic_id", TOPIC, t));
        }
    }
    for (i, a) in b.agenda_items.iter().enumerate() {
        if !sessions.contains(&a.session_id) {
            return Err(missing("agenda_items", i, "session_id", SESSION, a.session_id));
        }
        if let Some(t) = a.topic_id.filter(|t| !topics.contains(t)) {
            return Err(missing("agenda_items", i, "topic_id", TOPIC, t));
        }
        if let Some(p) = a.party_ids.iter().find(|p| !parties.contains(p)) {
            return Err(missing("agenda_items", i, "party_ids", PARTY, *p));
        }
    }
    Ok(())
}

// ---- the merge -------------------------------------------------------------------------

/// Merges `bundle` into the open dialogue in one transaction (see the module documentation for
/// the rules). On any error nothing is written.
pub fn import(store: &mut Store, bundle: &Bundle) -> Result<MergeReport> {
    validate(bundle)?;
    let actor = match store.actor().trim() {
        "" => IMPORT_NOTE.to_owned(),
        a => format!("{a} ({IMPORT_NOTE})"),
    };
    store.write(|tx, ctx| {
        let ctx = Ctx { actor: &actor, now: ctx.now };
        let local = snapshot(tx)?;
        let earlier = merged_earlier(tx)?;
        check_references(bundle, &local, &earlier)?;
        let merge = merge(&local, bundle, earlier.clone());
        apply(tx, &ctx, &local, bundle, &merge, &earlier)
    })
}

/// The kinds of record, in the order the merge and the report take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Dialogue,
    Bouwsteen,
    Topic,
    Party,
    Person,
    Session,
    Position,
    Verdict,
    Action,
    AgendaItem,
}

impl MergeCounts {
    fn slot(&mut self, kind: Kind) -> &mut i64 {
        match kind {
            Kind::Dialogue => &mut self.dialogue,
            Kind::Bouwsteen => &mut self.bouwstenen,
            Kind::Topic => &mut self.topics,
            Kind::Party => &mut self.parties,
            Kind::Person => &mut self.people,
            Kind::Session => &mut self.sessions,
            Kind::Position => &mut self.positions,
            Kind::Verdict => &mut self.verdicts,
            Kind::Action => &mut self.actions,
            Kind::AgendaItem => &mut self.agenda_items,
        }
    }

    fn values(&self) -> [(Kind, i64); 10] {
        [
            (Kind::Dialogue, self.dialogue),
            (Kind::Bouwsteen, self.bouwstenen),
            (Kind::Topic, self.topics),
            (Kind::Party, self.parties),
            (Kind::Person, self.people),
            (Kind::Session, self.sessions),
            (Kind::Position, self.positions),
            (Kind::Verdict, self.verdicts),
            (Kind::Action, self.actions),
            (Kind::AgendaItem, self.agenda_items),
        ]
    }

    /// All kinds together.
    pub fn total(&self) -> i64 {
        self.values().iter().map(|(_, n)| n).sum()
    }
}

/// Ids merged into another record, old → surviving, per kind that others refer to.
#[derive(Debug, Clone, Default)]
struct Maps {
    bouwstenen: HashMap<Uuid, Uuid>,
    topics: HashMap<Uuid, Uuid>,
    parties: HashMap<Uuid, Uuid>,
}

fn via(map: &HashMap<Uuid, Uuid>, id: Uuid) -> Uuid {
    map.get(&id).copied().unwrap_or(id)
}

/// Adds the ids one kind's merge absorbed, and points earlier entries at their new target.
fn absorb(map: &mut HashMap<Uuid, Uuid>, absorbed: &HashMap<Uuid, Uuid>) {
    for target in map.values_mut() {
        if let Some(next) = absorbed.get(target) {
            *target = *next;
        }
    }
    map.extend(absorbed.iter().map(|(k, v)| (*k, *v)));
}

/// The ids earlier imports merged into others (from the audit log), chains followed.
fn merged_earlier(conn: &Connection) -> Result<Maps> {
    let read = |entity: &str| -> Result<HashMap<Uuid, Uuid>> {
        let mut map = HashMap::new();
        for (from, to) in audit::merged_ids(conn, entity)? {
            if let (Ok(from), Ok(to)) = (Uuid::parse_str(&from), Uuid::parse_str(&to)) {
                map.insert(from, to);
            }
        }
        let resolved = map
            .keys()
            .map(|k| {
                let mut to = map[k];
                for _ in 0..64 {
                    match map.get(&to) {
                        Some(next) if next != k => to = *next,
                        _ => break,
                    }
                }
                (*k, to)
            })
            .filter(|(k, to)| k != to)
            .collect();
        Ok(resolved)
    };
    Ok(Maps { bouwstenen: read("bouwsteen")?, topics: read("topic")?, parties: read("party")? })
}

/// What the merge needs of each kind of record.
trait Rec: Clone + PartialEq + Serialize + Audited {
    const KIND: Kind;
    /// The identity kept unique besides the id (a party's folded name), if any.
    type Key: Hash + Eq;
    fn id(&self) -> Uuid;
    fn set_id(&mut self, id: Uuid);
    /// What decides which of two versions is the later one.
    fn stamp(&self) -> DateTime<Utc>;
    /// Sets every timestamp to one value, to see whether two versions differ in more.
    fn clear_stamps(&mut self);
    /// The record with its references — and, for a merged id, its own id — pointed at the
    /// surviving records; `None` when nothing changes.
    fn remapped(&self, maps: &Maps) -> Option<Self>;
    fn natural_key(&self) -> Option<Self::Key> {
        None
    }
    /// Whether records with one natural key are one record only when each side has one the
    /// other lacks (bouwstenen, whose names the schema does not keep unique: one dialogue may
    /// hold two of one name, and its own bundle must not merge them).
    const ACROSS_SIDES_ONLY: bool = false;
    /// The ids of this kind earlier imports merged into others, if others refer to this kind.
    fn earlier(_: &Maps) -> Option<&HashMap<Uuid, Uuid>> {
        None
    }
    /// Adds the other version's set members (production types, attendees).
    fn union(&mut self, _other: &Self) {}
    fn clear_sets(&mut self) {}
    fn label(&self, labels: &Labels) -> String;
    fn insert(conn: &Connection, r: &Self) -> Result<()>;
    /// Writes `after` over the row that holds `before` (same id).
    fn update(conn: &Connection, before: &Self, after: &Self) -> Result<()>;
    fn delete(conn: &Connection, id: Uuid) -> Result<()>;
}

/// Names the report uses for records that refer to others.
#[derive(Default)]
struct Labels {
    topics: HashMap<Uuid, String>,
    parties: HashMap<Uuid, String>,
    sessions: HashMap<Uuid, String>,
}

impl Labels {
    fn of(map: &HashMap<Uuid, String>, id: Uuid) -> String {
        map.get(&id).cloned().unwrap_or_else(|| id.to_string())
    }
}

fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

fn topic_label(t: &Topic) -> String {
    if t.code.is_empty() { t.title.clone() } else { format!("{} {}", t.code, t.title) }
}

const EPOCH: DateTime<Utc> = DateTime::UNIX_EPOCH;

/// The `Rec` items every record with an `id`, `created_at` and `updated_at` shares; the rest
/// (its references, its natural key, its sets) follows in braces.
macro_rules! timestamped {
    ($t:ty, $kind:ident, $table:literal, $module:ident, { $($rest:tt)* }) => {
        impl Rec for $t {
            const KIND: Kind = Kind::$kind;
            fn id(&self) -> Uuid {
                self.id
            }
            fn set_id(&mut self, id: Uuid) {
                self.id = id;
            }
            fn stamp(&self) -> DateTime<Utc> {
                self.updated_at
            }
            fn clear_stamps(&mut self) {
                (self.created_at, self.updated_at) = (EPOCH, EPOCH);
            }
            fn insert(c: &Connection, r: &Self) -> Result<()> {
                $module::insert(c, r)
            }
            fn update(c: &Connection, before: &Self, after: &Self) -> Result<()> {
                $module::update(c, after)?;
                if before.created_at != after.created_at {
                    store::set_created_at(c, $table, after.id, after.created_at)?;
                }
                Ok(())
            }
            fn delete(c: &Connection, id: Uuid) -> Result<()> {
                $module::delete(c, id)
            }
            $($rest)*
        }
    };
}

timestamped!(Bouwsteen, Bouwsteen, "bouwstenen", bouwstenen, {
    type Key = String;
    const ACROSS_SIDES_ONLY: bool = true;
    fn earlier(m: &Maps) -> Option<&HashMap<Uuid, Uuid>> {
        Some(&m.bouwstenen)
    }
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let id = via(&m.bouwstenen, self.id);
        (id != self.id).then(|| Bouwsteen { id, ..self.clone() })
    }
    fn natural_key(&self) -> Option<String> {
        Some(fold(&self.name))
    }
    fn label(&self, _: &Labels) -> String {
        self.name.clone()
    }
});

timestamped!(Topic, Topic, "topics", topics, {
    type Key = String;
    fn earlier(m: &Maps) -> Option<&HashMap<Uuid, Uuid>> {
        Some(&m.topics)
    }
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let (id, bouwsteen_id) = (via(&m.topics, self.id), via(&m.bouwstenen, self.bouwsteen_id));
        (id != self.id || bouwsteen_id != self.bouwsteen_id).then(|| Topic { id, bouwsteen_id, ..self.clone() })
    }
    fn natural_key(&self) -> Option<String> {
        let code = self.code.trim();
        (!code.is_empty()).then(|| code.to_owned())
    }
    fn union(&mut self, other: &Self) {
        self.production_types.extend(&other.production_types);
        self.production_types = sorted(std::mem::take(&mut self.production_types));
    }
    fn clear_sets(&mut self) {
        self.production_types.clear();
    }
    fn label(&self, _: &Labels) -> String {
        topic_label(self)
    }
});

timestamped!(Party, Party, "parties", parties, {
    type Key = String;
    fn earlier(m: &Maps) -> Option<&HashMap<Uuid, Uuid>> {
        Some(&m.parties)
    }
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let id = via(&m.parties, self.id);
        (id != self.id).then(|| Party { id, ..self.clone() })
    }
    fn natural_key(&self) -> Option<String> {
        Some(fold(&self.name))
    }
    fn union(&mut self, other: &Self) {
        self.production_types.extend(&other.production_types);
        self.production_types = sorted(std::mem::take(&mut self.production_types));
    }
    fn clear_sets(&mut self) {
        self.production_types.clear();
    }
    fn label(&self, _: &Labels) -> String {
        self.name.clone()
    }
});

timestamped!(Person, Person, "people", people, {
    type Key = ();
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let party_id = via(&m.parties, self.party_id);
        (party_id != self.party_id).then(|| Person { party_id, ..self.clone() })
    }
    fn label(&self, _: &Labels) -> String {
        self.name.clone()
    }
});

timestamped!(Session, Session, "sessions", sessions, {
    type Key = ();
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let attendee_ids = sorted(self.attendee_ids.iter().map(|p| via(&m.parties, *p)).collect());
        (attendee_ids != self.attendee_ids).then(|| Session { attendee_ids, ..self.clone() })
    }
    fn union(&mut self, other: &Self) {
        self.attendee_ids.extend(&other.attendee_ids);
        self.attendee_ids = sorted(std::mem::take(&mut self.attendee_ids));
    }
    fn clear_sets(&mut self) {
        self.attendee_ids.clear();
    }
    fn label(&self, _: &Labels) -> String {
        self.title.clone()
    }
});

timestamped!(Action, Action, "actions", actions, {
    type Key = ();
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let owner_party_id = self.owner_party_id.map(|p| via(&m.parties, p));
        let topic_id = self.topic_id.map(|t| via(&m.topics, t));
        (owner_party_id != self.owner_party_id || topic_id != self.topic_id).then(|| Action {
            owner_party_id,
            topic_id,
            ..self.clone()
        })
    }
    fn label(&self, _: &Labels) -> String {
        self.title.clone()
    }
});

impl Rec for Position {
    const KIND: Kind = Kind::Position;
    type Key = (Uuid, Uuid, Uuid);
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn stamp(&self) -> DateTime<Utc> {
        self.recorded_at
    }
    fn clear_stamps(&mut self) {
        self.recorded_at = EPOCH;
    }
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let (topic_id, party_id) = (via(&m.topics, self.topic_id), via(&m.parties, self.party_id));
        (topic_id != self.topic_id || party_id != self.party_id).then(|| Position {
            topic_id,
            party_id,
            ..self.clone()
        })
    }
    fn natural_key(&self) -> Option<Self::Key> {
        Some((self.topic_id, self.party_id, self.session_id))
    }
    fn label(&self, l: &Labels) -> String {
        format!(
            "{} · {} · {}",
            Labels::of(&l.topics, self.topic_id),
            Labels::of(&l.parties, self.party_id),
            Labels::of(&l.sessions, self.session_id)
        )
    }
    fn insert(c: &Connection, r: &Self) -> Result<()> {
        positions::insert(c, r)
    }
    fn update(c: &Connection, before: &Self, after: &Self) -> Result<()> {
        // The table's update keeps the cell; a position that follows a merged topic or party
        // moves to another cell. Nothing refers to positions, so it is written anew.
        if before.natural_key() != after.natural_key() {
            positions::delete(c, before.id)?;
            positions::insert(c, after)
        } else {
            positions::update(c, after)
        }
    }
    fn delete(c: &Connection, id: Uuid) -> Result<()> {
        positions::delete(c, id)
    }
}

impl Rec for Verdict {
    const KIND: Kind = Kind::Verdict;
    type Key = ();
    /// A verdict is its topic's.
    fn id(&self) -> Uuid {
        self.topic_id
    }
    fn set_id(&mut self, id: Uuid) {
        self.topic_id = id;
    }
    fn stamp(&self) -> DateTime<Utc> {
        self.marked_at
    }
    fn clear_stamps(&mut self) {
        self.marked_at = EPOCH;
    }
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let topic_id = via(&m.topics, self.topic_id);
        (topic_id != self.topic_id).then(|| Verdict { topic_id, ..self.clone() })
    }
    fn label(&self, l: &Labels) -> String {
        Labels::of(&l.topics, self.topic_id)
    }
    fn insert(c: &Connection, r: &Self) -> Result<()> {
        verdicts::upsert(c, r)
    }
    fn update(c: &Connection, _: &Self, after: &Self) -> Result<()> {
        verdicts::upsert(c, after)
    }
    fn delete(c: &Connection, id: Uuid) -> Result<()> {
        verdicts::delete(c, id)
    }
}

impl Rec for AgendaItem {
    const KIND: Kind = Kind::AgendaItem;
    type Key = ();
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn stamp(&self) -> DateTime<Utc> {
        self.updated_at
    }
    fn clear_stamps(&mut self) {
        (self.created_at, self.updated_at) = (EPOCH, EPOCH);
    }
    /// The topic and the panel follow merged records; a panel in which two parties became one
    /// keeps that party at its first place.
    fn remapped(&self, m: &Maps) -> Option<Self> {
        let topic_id = self.topic_id.map(|t| via(&m.topics, t));
        let mut seen = HashSet::new();
        let party_ids: Vec<Uuid> =
            self.party_ids.iter().map(|p| via(&m.parties, *p)).filter(|p| seen.insert(*p)).collect();
        (topic_id != self.topic_id || party_ids != self.party_ids).then(|| AgendaItem {
            topic_id,
            party_ids,
            ..self.clone()
        })
    }
    fn label(&self, l: &Labels) -> String {
        format!("{} · {}", self.title, Labels::of(&l.sessions, self.session_id))
    }
    fn insert(c: &Connection, r: &Self) -> Result<()> {
        agenda::rows::insert(c, r)
    }
    fn update(c: &Connection, _: &Self, after: &Self) -> Result<()> {
        agenda::rows::replace(c, after)
    }
    fn delete(c: &Connection, id: Uuid) -> Result<()> {
        agenda::rows::delete(c, id)
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A version without what the merge does not compare: the id (one record may have had two)
/// and the sets it unites.
fn core<T: Rec>(r: &T) -> T {
    let mut c = r.clone();
    c.set_id(Uuid::nil());
    c.clear_sets();
    c
}

/// Which of two versions wins: the later stamp, then the greater JSON. Depends on the two
/// versions only, so the merge is the same from either side.
fn order<T: Rec>(a: &T, b: &T) -> Ordering {
    a.stamp().cmp(&b.stamp()).then_with(|| {
        if a == b {
            return Ordering::Equal;
        }
        let (a, b) = (core(a), core(b));
        if a == b { Ordering::Equal } else { json(&a).cmp(&json(&b)) }
    })
}

/// Whether `v` says the same as `m` apart from ids, united sets and timestamps: if not, the
/// merge did not keep what it says, and it is a conflict.
fn same_substance<T: Rec>(v: &T, m: &T) -> bool {
    if v == m {
        return true;
    }
    let (mut a, mut b) = (core(v), core(m));
    a.clear_stamps();
    b.clear_stamps();
    a == b
}

/// One version of a record: whose, with its references remapped.
struct Version<'a, T: Clone> {
    side: MergeSide,
    rec: Cow<'a, T>,
}

/// One kind, merged.
struct Outcome<T> {
    /// The resulting records, by id.
    merged: BTreeMap<Uuid, T>,
    /// Per local and per bundle record (in list order): the id of the record it is now part of.
    local_to: Vec<Uuid>,
    bundle_to: Vec<Uuid>,
    /// Per local and per bundle record: whether the merge did not keep what it says.
    local_lost: Vec<bool>,
    bundle_lost: Vec<bool>,
    /// Per resulting record: whose version it holds.
    kept: HashMap<Uuid, MergeSide>,
    /// Ids merged into another in this merge.
    absorbed: HashMap<Uuid, Uuid>,
    /// Resulting records whose position the renumbering changed (agenda items).
    renumbered: HashSet<Uuid>,
}

fn merge_kind<T: Rec>(local: &[T], bundle: &[T], maps: &Maps) -> Outcome<T> {
    let versions: Vec<Version<T>> = local
        .iter()
        .map(|r| (MergeSide::Local, r))
        .chain(bundle.iter().map(|r| (MergeSide::Bundle, r)))
        .map(|(side, raw)| Version { side, rec: raw.remapped(maps).map_or(Cow::Borrowed(raw), Cow::Owned) })
        .collect();
    let best = |idx: &[usize]| -> usize {
        idx.iter()
            .copied()
            .reduce(|a, b| if order(versions[b].rec.as_ref(), versions[a].rec.as_ref()).is_gt() { b } else { a })
            .unwrap_or(0)
    };
    let mut by_id: HashMap<Uuid, Vec<usize>> = HashMap::new();
    for (i, v) in versions.iter().enumerate() {
        by_id.entry(v.rec.id()).or_default().push(i);
    }
    // Ids whose winning versions share a natural key are one record.
    let mut keyed: HashMap<T::Key, Vec<Uuid>> = HashMap::new();
    let mut groups: Vec<Vec<Uuid>> = Vec::new();
    for (id, idx) in &by_id {
        match versions[best(idx)].rec.natural_key() {
            Some(k) => keyed.entry(k).or_default().push(*id),
            None => groups.push(vec![*id]),
        }
    }
    for members in keyed.into_values() {
        let only = |side: MergeSide| {
            members.iter().any(|id| by_id[id].iter().all(|&i| (i < local.len()) == (side == MergeSide::Local)))
        };
        if members.len() > 1 && T::ACROSS_SIDES_ONLY && !(only(MergeSide::Local) && only(MergeSide::Bundle)) {
            groups.extend(members.into_iter().map(|id| vec![id]));
        } else {
            groups.push(members);
        }
    }
    let mut out = Outcome {
        merged: BTreeMap::new(),
        local_to: vec![Uuid::nil(); local.len()],
        bundle_to: vec![Uuid::nil(); bundle.len()],
        local_lost: vec![false; local.len()],
        bundle_lost: vec![false; bundle.len()],
        kept: HashMap::new(),
        absorbed: HashMap::new(),
        renumbered: HashSet::new(),
    };
    for members in groups {
        let Some(canonical) = members.iter().min().copied() else { continue };
        let idx: Vec<usize> = members.iter().flat_map(|id| by_id[id].iter().copied()).collect();
        let mut m = versions[best(&idx)].rec.clone().into_owned();
        m.set_id(canonical);
        for &i in &idx {
            m.union(&versions[i].rec);
        }
        let local_kept =
            idx.iter().any(|&i| versions[i].side == MergeSide::Local && same_substance(versions[i].rec.as_ref(), &m));
        out.kept.insert(canonical, if local_kept { MergeSide::Local } else { MergeSide::Bundle });
        for &i in &idx {
            let lost = !same_substance(versions[i].rec.as_ref(), &m);
            if i < local.len() {
                out.local_to[i] = canonical;
                out.local_lost[i] = lost;
            } else {
                out.bundle_to[i - local.len()] = canonical;
                out.bundle_lost[i - local.len()] = lost;
            }
        }
        for id in members.into_iter().filter(|id| *id != canonical) {
            out.absorbed.insert(id, canonical);
        }
        out.merged.insert(canonical, m);
    }
    out
}

/// The whole merge: each kind after the kinds it refers to.
struct Merge {
    dialogue: Dialogue,
    bouwstenen: Outcome<Bouwsteen>,
    topics: Outcome<Topic>,
    parties: Outcome<Party>,
    people: Outcome<Person>,
    sessions: Outcome<Session>,
    positions: Outcome<Position>,
    verdicts: Outcome<Verdict>,
    actions: Outcome<Action>,
    agenda_items: Outcome<AgendaItem>,
    labels: Labels,
}

/// The dialogue row: one edited since its file was made beats one never edited (a new, empty
/// file adopts the bundle's), then the later `updated_at`, then the greater JSON.
fn merge_dialogue(a: &Dialogue, b: &Dialogue) -> Dialogue {
    let rank = |d: &Dialogue| (d.updated_at > d.created_at, d.updated_at);
    let o = rank(a).cmp(&rank(b)).then_with(|| json(a).cmp(&json(b)));
    if o.is_lt() { b.clone() } else { a.clone() }
}

fn merge(local: &Bundle, bundle: &Bundle, mut maps: Maps) -> Merge {
    let dialogue = merge_dialogue(&local.dialogue, &bundle.dialogue);
    let bouwstenen = merge_kind(&local.bouwstenen, &bundle.bouwstenen, &maps);
    absorb(&mut maps.bouwstenen, &bouwstenen.absorbed);
    let topics = merge_kind(&local.topics, &bundle.topics, &maps);
    absorb(&mut maps.topics, &topics.absorbed);
    let parties = merge_kind(&local.parties, &bundle.parties, &maps);
    absorb(&mut maps.parties, &parties.absorbed);
    let people = merge_kind(&local.people, &bundle.people, &maps);
    let sessions = merge_kind(&local.sessions, &bundle.sessions, &maps);
    let positions = merge_kind(&local.positions, &bundle.positions, &maps);
    let verdicts = merge_kind(&local.verdicts, &bundle.verdicts, &maps);
    let actions = merge_kind(&local.actions, &bundle.actions, &maps);
    let mut agenda_items = merge_kind(&local.agenda_items, &bundle.agenda_items, &maps);
    renumber_agendas(&mut agenda_items);
    let labels = Labels {
        topics: topics.merged.values().map(|t| (t.id, topic_label(t))).collect(),
        parties: parties.merged.values().map(|p| (p.id, p.name.clone())).collect(),
        sessions: sessions.merged.values().map(|s| (s.id, s.title.clone())).collect(),
    };
    Merge {
        dialogue,
        bouwstenen,
        topics,
        parties,
        people,
        sessions,
        positions,
        verdicts,
        actions,
        agenda_items,
        labels,
    }
}

/// Numbers each session's merged agenda 0..n−1 again: its items ordered by (position, id) of
/// their merged versions, then numbered in that order. A function of the merged items only, so
/// both merge directions number alike, and an agenda that is 0..n−1 already keeps its numbers.
/// An item whose position changes gets `updated_at` one microsecond after its merged version's:
/// later than every version it came from, so importing either bundle again keeps it (and its
/// place) instead of bringing the old number back against the others.
fn renumber_agendas(out: &mut Outcome<AgendaItem>) {
    let mut sessions: BTreeMap<Uuid, Vec<(i64, Uuid)>> = BTreeMap::new();
    for m in out.merged.values() {
        sessions.entry(m.session_id).or_default().push((m.position, m.id));
    }
    for mut items in sessions.into_values() {
        items.sort();
        for (i, (position, id)) in items.into_iter().enumerate() {
            if position != i as i64
                && let Some(m) = out.merged.get_mut(&id)
            {
                m.position = i as i64;
                m.updated_at += chrono::Duration::microseconds(1);
                out.renumbered.insert(id);
            }
        }
    }
}

// ---- writing the merge -------------------------------------------------------------------

/// Writes the merged dialogue over the local one, with an audit row for every change, and
/// reports what changed.
fn apply(
    tx: &Connection,
    ctx: &Ctx,
    local: &Bundle,
    bundle: &Bundle,
    m: &Merge,
    earlier: &Maps,
) -> Result<MergeReport> {
    let mut report = MergeReport::default();
    let mut conflicts: Vec<(Kind, Conflict)> = Vec::new();

    // The dialogue row. One never edited since its file was made is a placeholder: replacing
    // it is no conflict.
    let edited = |d: &Dialogue| d.updated_at > d.created_at;
    let differs = |d: &Dialogue| (&d.title, &d.description) != (&m.dialogue.title, &m.dialogue.description);
    if m.dialogue != local.dialogue {
        dialogue::replace(tx, &m.dialogue)?;
        audit::replaced(tx, ctx, &local.dialogue, &m.dialogue)?;
        report.updated.dialogue += 1;
        if edited(&local.dialogue) && differs(&local.dialogue) {
            conflicts.push((Kind::Dialogue, dialogue_conflict(&m.dialogue, &local.dialogue, MergeSide::Bundle)));
        }
    }

    // Names and codes that move between rows (or leave with a merged row) are freed first,
    // so the unique indexes hold after every statement.
    for (p, to) in local.parties.iter().zip(&m.parties.local_to) {
        if *to != p.id || m.parties.merged.get(to).is_some_and(|x| x.name != p.name) {
            parties::update(tx, &Party { name: format!("\u{1}{}", p.id), ..p.clone() })?;
        }
    }
    for (t, to) in local.topics.iter().zip(&m.topics.local_to) {
        if !t.code.is_empty() && (*to != t.id || m.topics.merged.get(to).is_some_and(|x| x.code != t.code)) {
            topics::update(tx, &Topic { code: format!("\u{1}{}", t.id), ..t.clone() })?;
        }
    }

    // Parents before children; rows merged into another leave once nothing refers to them.
    upsert(tx, ctx, &local.bouwstenen, &m.bouwstenen)?;
    upsert(tx, ctx, &local.topics, &m.topics)?;
    upsert(tx, ctx, &local.parties, &m.parties)?;
    upsert(tx, ctx, &local.people, &m.people)?;
    upsert(tx, ctx, &local.sessions, &m.sessions)?;
    remove(tx, ctx, &local.positions, &m.positions)?;
    upsert(tx, ctx, &local.positions, &m.positions)?;
    remove(tx, ctx, &local.verdicts, &m.verdicts)?;
    upsert(tx, ctx, &local.verdicts, &m.verdicts)?;
    upsert(tx, ctx, &local.actions, &m.actions)?;
    // Before merged topics and parties leave: their agenda references follow first.
    upsert(tx, ctx, &local.agenda_items, &m.agenda_items)?;
    remove(tx, ctx, &local.topics, &m.topics)?;
    remove(tx, ctx, &local.bouwstenen, &m.bouwstenen)?;
    remove(tx, ctx, &local.parties, &m.parties)?;

    // The bundle's versions that did not survive as they were: in the audit log (unless it
    // has them already, from an earlier import or the dialogue's own history) and the report.
    if m.dialogue != bundle.dialogue && edited(&bundle.dialogue) && !audit::knows(tx, &bundle.dialogue)? {
        audit::replaced(tx, ctx, &bundle.dialogue, &m.dialogue)?;
        if differs(&bundle.dialogue) {
            report.kept.dialogue += 1;
            conflicts.push((Kind::Dialogue, dialogue_conflict(&m.dialogue, &bundle.dialogue, MergeSide::Local)));
        }
    }
    let mut s = Settle { tx, ctx, labels: &m.labels, earlier, report: &mut report, conflicts: &mut conflicts };
    s.kind(&local.bouwstenen, &bundle.bouwstenen, &m.bouwstenen)?;
    s.kind(&local.topics, &bundle.topics, &m.topics)?;
    s.kind(&local.parties, &bundle.parties, &m.parties)?;
    s.kind(&local.people, &bundle.people, &m.people)?;
    s.kind(&local.sessions, &bundle.sessions, &m.sessions)?;
    s.kind(&local.positions, &bundle.positions, &m.positions)?;
    s.kind(&local.verdicts, &bundle.verdicts, &m.verdicts)?;
    s.kind(&local.actions, &bundle.actions, &m.actions)?;
    s.kind(&local.agenda_items, &bundle.agenda_items, &m.agenda_items)?;
    conflicts.sort_by(|a, b| (a.0, &a.1.label, a.1.id).cmp(&(b.0, &b.1.label, b.1.id)));
    report.conflicts = conflicts.into_iter().map(|(_, c)| c).collect();
    Ok(report)
}

fn dialogue_conflict(kept: &Dialogue, other: &Dialogue, side: MergeSide) -> Conflict {
    Conflict {
        entity: Dialogue::ENTITY.into(),
        id: kept.id,
        label: kept.title.clone(),
        kept: side,
        other_json: json(other),
    }
}

/// Counts, conflicts and the audit rows for the bundle's losing versions, kind by kind.
struct Settle<'a> {
    tx: &'a Connection,
    ctx: &'a Ctx<'a>,
    labels: &'a Labels,
    /// The ids merged before this import.
    earlier: &'a Maps,
    report: &'a mut MergeReport,
    conflicts: &'a mut Vec<(Kind, Conflict)>,
}

impl Settle<'_> {
    fn kind<T: Rec>(&mut self, local: &[T], bundle: &[T], out: &Outcome<T>) -> Result<()> {
        // A resulting record is new when no local row went into it, and changed when one did
        // and is not that row as it was.
        let mut from_local: HashMap<Uuid, Vec<&T>> = HashMap::new();
        for (l, to) in local.iter().zip(&out.local_to) {
            from_local.entry(*to).or_default().push(l);
        }
        for (id, m) in &out.merged {
            match from_local.get(id) {
                None => *self.report.added.slot(T::KIND) += 1,
                Some(rows) if rows.len() > 1 || rows[0] != m => *self.report.updated.slot(T::KIND) += 1,
                Some(_) => {}
            }
        }
        for ((l, to), lost) in local.iter().zip(&out.local_to).zip(&out.local_lost) {
            if *lost {
                self.conflict(l, *to, out)?;
            }
        }
        for ((b, to), lost) in bundle.iter().zip(&out.bundle_to).zip(&out.bundle_lost) {
            // A losing version goes into the log unless it is there already; so does an id that
            // went into another record, unless that is remembered already: the next import of
            // a bundle that still holds it maps it the same way.
            // A version the renumbering changed goes in too (without a conflict): the next
            // import of the same bundle then knows it, and finds nothing new.
            let gone = b.id() != *to;
            let renumbered = out.renumbered.contains(to);
            if !*lost && !gone && !renumbered {
                continue;
            }
            let known = audit::knows(self.tx, b)?;
            let remembered = !gone || T::earlier(self.earlier).map_or(known, |m| m.contains_key(&b.id()));
            let new_loss = *lost && !known;
            if !new_loss && remembered && (known || !renumbered) {
                continue;
            }
            audit::replaced(self.tx, self.ctx, b, merged(out, *to)?)?;
            if new_loss {
                *self.report.kept.slot(T::KIND) += 1;
                self.conflict(b, *to, out)?;
            }
        }
        Ok(())
    }

    fn conflict<T: Rec>(&mut self, other: &T, to: Uuid, out: &Outcome<T>) -> Result<()> {
        let m = merged(out, to)?;
        self.conflicts.push((
            T::KIND,
            Conflict {
                entity: T::ENTITY.into(),
                id: to,
                label: m.label(self.labels),
                kept: out.kept.get(&to).copied().unwrap_or(MergeSide::Local),
                other_json: json(other),
            },
        ));
        Ok(())
    }
}

fn merged<T>(out: &Outcome<T>, id: Uuid) -> Result<&T> {
    out.merged.get(&id).ok_or_else(|| Error::Internal(format!("merged record {id} is missing")))
}

/// Inserts the records the dialogue lacks and rewrites the ones that changed.
fn upsert<T: Rec>(tx: &Connection, ctx: &Ctx, local: &[T], out: &Outcome<T>) -> Result<()> {
    let rows: HashMap<Uuid, &T> = local.iter().map(|r| (r.id(), r)).collect();
    for (id, m) in &out.merged {
        match rows.get(id) {
            None => {
                T::insert(tx, m)?;
                audit::inserted(tx, ctx, m)?;
            }
            Some(before) if *before != m => {
                T::update(tx, before, m)?;
                audit::updated(tx, ctx, *before, m)?;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Deletes the local rows that went into a record under another id; the audit log names the
/// record they went into.
fn remove<T: Rec>(tx: &Connection, ctx: &Ctx, local: &[T], out: &Outcome<T>) -> Result<()> {
    for (l, to) in local.iter().zip(&out.local_to) {
        if !out.merged.contains_key(&l.id()) {
            T::delete(tx, l.id())?;
            audit::replaced(tx, ctx, l, merged(out, *to)?)?;
        }
    }
    Ok(())
}

// ---- the report in words -----------------------------------------------------------------

impl MergeReport {
    /// Whether the import changed nothing and found nothing new.
    pub fn is_empty(&self) -> bool {
        self.added.total() == 0 && self.updated.total() == 0 && self.kept.total() == 0 && self.conflicts.is_empty()
    }

    /// A few lines for a person: the totals, what changed per kind, and up to `max_conflicts`
    /// conflicts.
    pub fn summary(&self, lang: Lang, max_conflicts: usize) -> Vec<String> {
        let nl = lang == Lang::Nl;
        if self.is_empty() {
            return vec![if nl {
                "Bundel samengevoegd: niets veranderd; alles uit de bundel stond er al in.".into()
            } else {
                "Bundle merged: nothing changed; everything in the bundle was here already.".into()
            }];
        }
        let mut out = vec![if nl {
            format!(
                "Bundel samengevoegd: {} nieuw, {} bijgewerkt, {} eigen versie behouden, {} conflicten.",
                self.added.total(),
                self.updated.total(),
                self.kept.total(),
                self.conflicts.len()
            )
        } else {
            format!(
                "Bundle merged: {} added, {} updated, {} kept the local version, {} conflicts.",
                self.added.total(),
                self.updated.total(),
                self.kept.total(),
                self.conflicts.len()
            )
        }];
        let rows: [(&MergeCounts, &str, &str); 3] = [
            (&self.added, "nieuw", "added"),
            (&self.updated, "bijgewerkt", "updated"),
            (&self.kept, "eigen versie behouden", "kept the local version"),
        ];
        for (counts, word_nl, word_en) in rows {
            let parts: Vec<String> = counts
                .values()
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{n} {}", kind_words(*k, nl).1))
                .collect();
            if !parts.is_empty() {
                out.push(format!("  {}: {}", if nl { word_nl } else { word_en }, parts.join(", ")));
            }
        }
        for c in self.conflicts.iter().take(max_conflicts) {
            let what = entity_word(&c.entity, nl);
            out.push(match (nl, c.kept) {
                (true, MergeSide::Local) => format!(
                    "  conflict: {what} \"{}\": de eigen, latere versie is behouden; die uit de bundel staat in het auditlog",
                    c.label
                ),
                (true, MergeSide::Bundle) => format!(
                    "  conflict: {what} \"{}\": de latere versie uit de bundel is overgenomen; de eigen staat in het auditlog",
                    c.label
                ),
                (false, MergeSide::Local) => format!(
                    "  conflict: {what} \"{}\": kept the later local version; the bundle's is in the audit log",
                    c.label
                ),
                (false, MergeSide::Bundle) => format!(
                    "  conflict: {what} \"{}\": took the bundle's later version; the local one is in the audit log",
                    c.label
                ),
            });
        }
        if self.conflicts.len() > max_conflicts {
            let more = self.conflicts.len() - max_conflicts;
            out.push(if nl {
                format!("  … en nog {more} conflicten")
            } else {
                format!("  … and {more} more conflicts")
            });
        }
        out
    }
}

/// A kind's name, singular and plural.
fn kind_words(kind: Kind, nl: bool) -> (&'static str, &'static str) {
    match (kind, nl) {
        (Kind::Dialogue, true) => ("dialoog", "dialoog"),
        (Kind::Dialogue, false) => ("dialogue", "dialogue"),
        (Kind::Bouwsteen, _) => ("bouwsteen", "bouwstenen"),
        (Kind::Topic, true) => ("onderwerp", "onderwerpen"),
        (Kind::Topic, false) => ("topic", "topics"),
        (Kind::Party, true) => ("partij", "partijen"),
        (Kind::Party, false) => ("party", "parties"),
        (Kind::Person, true) => ("vertegenwoordiger", "vertegenwoordigers"),
        (Kind::Person, false) => ("person", "people"),
        (Kind::Session, true) => ("sessie", "sessies"),
        (Kind::Session, false) => ("session", "sessions"),
        (Kind::Position, true) => ("standpunt", "standpunten"),
        (Kind::Position, false) => ("position", "positions"),
        (Kind::Verdict, true) => ("oordeel", "oordelen"),
        (Kind::Verdict, false) => ("verdict", "verdicts"),
        (Kind::Action, true) => ("actie", "acties"),
        (Kind::Action, false) => ("action", "actions"),
        (Kind::AgendaItem, true) => ("agendapunt", "agendapunten"),
        (Kind::AgendaItem, false) => ("agenda item", "agenda items"),
    }
}

fn entity_word(entity: &str, nl: bool) -> &'static str {
    let kind = match entity {
        "dialogue" => Kind::Dialogue,
        "bouwsteen" => Kind::Bouwsteen,
        "topic" => Kind::Topic,
        "party" => Kind::Party,
        "person" => Kind::Person,
        "session" => Kind::Session,
        "position" => Kind::Position,
        "verdict" => Kind::Verdict,
        "agenda_item" => Kind::AgendaItem,
        _ => Kind::Action,
    };
    kind_words(kind, nl).0
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ErrorCode;
    use crate::agenda::{Agenda, AgendaItemInput, AgendaItemKind, DraftParams};

    fn demo() -> Store {
        let mut s = Store::in_memory("demo").unwrap();
        crate::demo::populate(&mut s).unwrap();
        s
    }

    fn nff(s: &Store) -> Uuid {
        s.list_sessions().unwrap().into_iter().find(|x| x.kind == SessionKind::Nff).unwrap().id
    }

    /// The demo with a drafted agenda for its NFF session.
    fn demo_with_agenda() -> Store {
        let mut s = demo();
        let session = nff(&s);
        let agenda = s.draft_agenda(session, &DraftParams::default(), Lang::Nl).unwrap();
        assert!(agenda.slots.len() >= 4, "{agenda:?}");
        s
    }

    fn agenda_item(title: &str, minutes: i64, party_ids: Vec<Uuid>) -> AgendaItemInput {
        AgendaItemInput {
            kind: AgendaItemKind::Other,
            topic_id: None,
            title: title.into(),
            question: String::new(),
            minutes,
            party_ids,
        }
    }

    /// Every session's agenda, with its times.
    fn agendas(s: &Store) -> Vec<Agenda> {
        s.list_sessions().unwrap().into_iter().map(|x| s.agenda(x.id).unwrap()).collect()
    }

    fn empty() -> Store {
        Store::in_memory("leeg").unwrap()
    }

    /// A second copy of `s` with the same ids, as a colleague gets it: a bundle imported into
    /// an empty dialogue.
    fn copy_of(s: &Store) -> Store {
        let mut c = empty();
        import(&mut c, &export(s).unwrap()).unwrap();
        c
    }

    fn audit_rows(s: &Store) -> i64 {
        s.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
    }

    fn party_input(name: &str) -> PartyInput {
        PartyInput {
            name: name.into(),
            short_name: String::new(),
            chain_role: ChainRole::Other,
            segment: None,
            production_types: vec![],
            colour: "#123456".into(),
            notes: String::new(),
        }
    }

    fn topic_input(bouwsteen_id: Uuid, code: &str, title: &str) -> TopicInput {
        TopicInput {
            bouwsteen_id,
            code: code.into(),
            kind: TopicKind::SolutionDirection,
            title: title.into(),
            description: String::new(),
            priority: 2,
            production_types: vec![],
        }
    }

    fn position(topic_id: Uuid, party_id: Uuid, session_id: Uuid, stance: Option<i8>, why: &str) -> PositionInput {
        PositionInput {
            topic_id,
            party_id,
            session_id,
            stance,
            rationale: why.into(),
            condition: String::new(),
            quote: String::new(),
        }
    }

    /// Adds a party to a session's attendees.
    fn attend(s: &mut Store, session: Uuid, party: Uuid) {
        let x = s.get_session(session).unwrap();
        let mut attendee_ids = x.attendee_ids.clone();
        attendee_ids.push(party);
        let input = SessionInput {
            title: x.title,
            kind: x.kind,
            starts_at: x.starts_at,
            ends_at: x.ends_at,
            location: x.location,
            notes: x.notes,
            attendee_ids,
        };
        s.update_session(session, input).unwrap();
    }

    fn same_list<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) {
        if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
            panic!("{what}[{i}] differs:\n  {:?}\n  {:?}", a[i], b[i]);
        }
        assert_eq!(a.len(), b.len(), "{what}: the lengths differ");
    }

    /// Every table but the audit log, compared record by record.
    fn assert_same(a: &Store, b: &Store, context: &str) {
        let (x, y) = (export(a).unwrap(), export(b).unwrap());
        assert_eq!(x.dialogue, y.dialogue, "{context}: dialogue");
        same_list(&format!("{context}: bouwstenen"), &x.bouwstenen, &y.bouwstenen);
        same_list(&format!("{context}: topics"), &x.topics, &y.topics);
        same_list(&format!("{context}: parties"), &x.parties, &y.parties);
        same_list(&format!("{context}: people"), &x.people, &y.people);
        same_list(&format!("{context}: sessions"), &x.sessions, &y.sessions);
        same_list(&format!("{context}: positions"), &x.positions, &y.positions);
        same_list(&format!("{context}: verdicts"), &x.verdicts, &y.verdicts);
        same_list(&format!("{context}: actions"), &x.actions, &y.actions);
        same_list(&format!("{context}: agenda items"), &x.agenda_items, &y.agenda_items);
        same_list(&format!("{context}: agendas"), &agendas(a), &agendas(b));
        // The search index follows, once each side has indexed what it has waiting (a search
        // does that first; when a write did it depends on each side's own history).
        let index = |s: &Store| -> (i64, i64) {
            s.search("").unwrap();
            let n = |sql: &str| s.conn().query_row(sql, [], |r| r.get(0)).unwrap();
            (n("SELECT count(*) FROM search_map"), n("SELECT count(*) FROM search_index"))
        };
        assert_eq!(index(a), index(b), "{context}: search index");
    }

    fn sound(s: &Store) {
        s.integrity_check().unwrap();
        let broken: i64 =
            s.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0, "a reference points nowhere");
        for agenda in agendas(s) {
            let positions: Vec<i64> = agenda.slots.iter().map(|x| x.item.position).collect();
            assert_eq!(positions, (0..positions.len() as i64).collect::<Vec<_>>(), "{}", agenda.session.title);
        }
    }

    #[test]
    fn export_then_import_into_an_empty_store_reproduces_every_table() {
        let a = demo_with_agenda();
        let mut b = empty();
        let report = import(&mut b, &export(&a).unwrap()).unwrap();
        assert_same(&a, &b, "copy");
        assert_eq!(b.list_bouwstenen().unwrap(), a.list_bouwstenen().unwrap());
        assert_eq!(b.list_topics().unwrap(), a.list_topics().unwrap());
        assert_eq!(b.list_parties().unwrap(), a.list_parties().unwrap());
        assert_eq!(b.list_sessions().unwrap(), a.list_sessions().unwrap());
        assert_eq!(b.list_positions().unwrap(), a.list_positions().unwrap());
        assert_eq!(b.current_positions().unwrap(), a.current_positions().unwrap());
        assert_eq!(b.search("catalogus").unwrap().len(), a.search("catalogus").unwrap().len());
        let agenda = a.agenda(nff(&a)).unwrap();
        assert_eq!(b.agenda(nff(&a)).unwrap(), agenda);
        assert!(agenda.slots.iter().any(|x| x.item.party_ids.len() > 1), "a panel in speaking order came along");
        assert_eq!(report.added.agenda_items, agenda.slots.len() as i64);
        let c = a.counts().unwrap();
        assert_eq!(report.added.positions, c.positions);
        assert_eq!(report.added.parties, c.parties);
        assert_eq!(report.updated.dialogue, 1, "the new file's placeholder dialogue took the bundle's");
        assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
        sound(&b);
    }

    #[test]
    fn importing_the_same_bundle_twice_changes_nothing_the_second_time() {
        let a = demo_with_agenda();
        let bundle = export(&a).unwrap();
        let mut b = empty();
        import(&mut b, &bundle).unwrap();
        let rows = audit_rows(&b);
        let again = import(&mut b, &bundle).unwrap();
        assert_eq!(again, MergeReport::default());
        assert_eq!(audit_rows(&b), rows, "no audit rows beyond the first import's");
        assert_same(&a, &b, "after the second import");
        // A dialogue's own bundle changes nothing in it either, even two bouwstenen of one name.
        let mut a = a;
        a.create_bouwsteen(BouwsteenInput { name: "zichtbaarheid".into(), description: String::new() }).unwrap();
        let own = export(&a).unwrap();
        let rows = audit_rows(&a);
        assert_eq!(import(&mut a, &own).unwrap(), MergeReport::default());
        assert_eq!(audit_rows(&a), rows);
        assert_eq!(a.list_bouwstenen().unwrap().len(), 5);
    }

    /// The acceptance scenario: two copies of the demo, edited apart, merged both ways.
    #[test]
    fn two_copies_edited_apart_merge_to_the_same_dialogue_either_way() {
        let mut a = demo_with_agenda();
        a.set_actor("anna");
        let mut b = copy_of(&a);
        b.set_actor("bram");
        let topic = a.list_topics().unwrap().into_iter().find(|t| t.code == "2.2").unwrap();
        let second = a.list_sessions().unwrap()[1].id;
        let parties = a.list_parties().unwrap();
        let party = |short: &str| parties.iter().find(|p| p.short_name == short).unwrap().id;
        let (ovh, pll, gsr) = (party("OVH"), party("PLL"), party("GSR"));
        let at = |party| position(topic.id, party, second, None, "");

        // A: Omroepvereniging Horizon moves once more, and a new party joins.
        a.record_position(PositionInput { stance: Some(2), rationale: "A: nu volledig voor".into(), ..at(ovh) })
            .unwrap();
        let new_a = a.create_party(party_input("Nieuwe Partij A")).unwrap();
        attend(&mut a, second, new_a.id);
        // B: another party's position on the same topic, and another new party.
        b.record_position(PositionInput { stance: Some(1), rationale: "B: iets voorzichtiger".into(), ..at(pll) })
            .unwrap();
        let new_b = b.create_party(party_input("Nieuwe Partij B")).unwrap();
        attend(&mut b, second, new_b.id);
        // Both: the same position, B later.
        let on_a = a
            .record_position(PositionInput { stance: Some(-1), rationale: "A: toch tegen".into(), ..at(gsr) })
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        let on_b =
            b.record_position(PositionInput { stance: Some(0), rationale: "B: neutraal".into(), ..at(gsr) }).unwrap();
        assert_eq!(on_a.id, on_b.id, "the same record on both sides");
        // The agenda: A moves a topic to the front and adds an item at the end; B gives the
        // wrap-up more time and adds an item at the end too (the same place as A's).
        let session = nff(&a);
        let items: Vec<AgendaItem> = a.agenda(session).unwrap().slots.into_iter().map(|x| x.item).collect();
        let (moved, wrap_up) = (items[3].clone(), items.last().unwrap().clone());
        a.move_agenda_item(moved.id, 1).unwrap();
        let extra_a = a.add_agenda_item(session, agenda_item("Extra A", 5, vec![ovh, pll])).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        b.update_agenda_item(
            wrap_up.id,
            AgendaItemInput {
                kind: wrap_up.kind,
                topic_id: wrap_up.topic_id,
                title: wrap_up.title.clone(),
                question: wrap_up.question.clone(),
                minutes: wrap_up.minutes + 20,
                party_ids: wrap_up.party_ids.clone(),
            },
        )
        .unwrap();
        let extra_b = b.add_agenda_item(session, agenda_item("Extra B", 7, vec![gsr])).unwrap();
        assert_eq!(extra_a.position, extra_b.position, "both at the end");

        let (bundle_a, bundle_b) = (export(&a).unwrap(), export(&b).unwrap());
        let into_b = import(&mut b, &bundle_a).unwrap();
        let into_a = import(&mut a, &bundle_b).unwrap();
        assert_same(&a, &b, "A+B versus B+A");
        sound(&a);
        sound(&b);
        assert_eq!(a.agenda(session).unwrap(), b.agenda(session).unwrap());
        assert_eq!((into_a.added.agenda_items, into_b.added.agenda_items), (1, 1));

        // Every agenda edit of either side is in: A's order with the extras at the end (the
        // smaller id first), B's time for the wrap-up.
        let merged: Vec<AgendaItem> = a.agenda(session).unwrap().slots.into_iter().map(|x| x.item).collect();
        assert_eq!(merged.len(), items.len() + 2);
        assert_eq!(merged[1].id, moved.id, "A's move");
        let mut order: Vec<Uuid> = items.iter().map(|x| x.id).filter(|id| *id != moved.id).collect();
        order.insert(1, moved.id);
        order.extend([extra_a.id.min(extra_b.id), extra_a.id.max(extra_b.id)]);
        assert_eq!(merged.iter().map(|x| x.id).collect::<Vec<_>>(), order);
        let wrapped = merged.iter().find(|x| x.id == wrap_up.id).unwrap();
        assert_eq!(wrapped.minutes, wrap_up.minutes + 20, "B's minutes");
        let extra = merged.iter().find(|x| x.id == extra_a.id).unwrap();
        assert_eq!((extra.title.as_str(), extra.party_ids.clone()), ("Extra A", vec![ovh, pll]), "the panel in order");
        // The original bundles again: nothing changes, not even the audit log, though the
        // renumbering gave the later extra another place than either bundle holds.
        for (s, bundle) in [(&mut a, &bundle_b), (&mut b, &bundle_a)] {
            let rows = audit_rows(s);
            assert_eq!(import(s, bundle).unwrap(), MergeReport::default());
            assert_eq!(audit_rows(s), rows);
        }

        // Nothing recorded on either side is lost.
        for s in [&a, &b] {
            let names: Vec<String> = s.list_parties().unwrap().into_iter().map(|p| p.name).collect();
            assert!(names.contains(&"Nieuwe Partij A".to_owned()) && names.contains(&"Nieuwe Partij B".to_owned()));
            let pos = s.list_positions().unwrap();
            let cell =
                |party| pos.iter().find(|p| p.topic_id == topic.id && p.party_id == party && p.session_id == second);
            assert_eq!(cell(ovh).unwrap().stance, Some(2));
            assert_eq!(cell(pll).unwrap().stance, Some(1));
            assert_eq!(cell(gsr).unwrap(), &on_b, "the later value, B's");
            let present = s.get_session(second).unwrap().attendee_ids;
            assert!(present.contains(&new_a.id) && present.contains(&new_b.id) && present.contains(&ovh), "the union");
        }
        assert_eq!((into_a.added.parties, into_b.added.parties), (1, 1));
        // A's value of the position both changed: in A's audit log and in both reports.
        let entry = a
            .audit_for(on_a.id)
            .unwrap()
            .into_iter()
            .rev()
            .find(|e| e.actor == "anna (bundle import)")
            .expect("the import logged the replaced value");
        assert_eq!(entry.action, "update");
        assert_eq!(serde_json::from_str::<Position>(entry.before.as_deref().unwrap()).unwrap(), on_a);
        assert_eq!(serde_json::from_str::<Position>(entry.after.as_deref().unwrap()).unwrap(), on_b);
        let earlier = a.position_history(topic.id, gsr).unwrap();
        assert!(earlier.iter().any(|h| h.earlier.contains(&on_a)), "the history shows A's value");
        let conflict = |r: &MergeReport| r.conflicts.iter().find(|c| c.id == on_a.id).cloned().unwrap();
        let (ca, cb) = (conflict(&into_a), conflict(&into_b));
        assert_eq!((ca.kept, cb.kept), (MergeSide::Bundle, MergeSide::Local));
        assert_eq!(serde_json::from_str::<Position>(&ca.other_json).unwrap(), on_a);
        assert_eq!(serde_json::from_str::<Position>(&cb.other_json).unwrap(), on_a);
        assert_eq!(ca.entity, "position");
        assert!(ca.label.starts_with("2.2 "), "{}", ca.label);
        // B's audit log holds A's value too, as the version that lost.
        assert!(b.audit_for(on_a.id).unwrap().iter().any(|e| e.before.as_deref() == Some(json(&on_a).as_str())));
        // And once merged, the copies agree: nothing more to exchange.
        assert_eq!(import(&mut a, &export(&b).unwrap()).unwrap(), MergeReport::default());
        assert_eq!(import(&mut b, &export(&a).unwrap()).unwrap(), MergeReport::default());
    }

    #[test]
    fn ties_are_broken_by_the_greater_json_either_way() {
        let base = export(&demo()).unwrap();
        let (mut x, mut y) = (base.clone(), base);
        // The same record, the same timestamp, other content.
        x.parties[0].notes = "Versie A".into();
        y.parties[0].notes = "Versie B".into();
        x.positions[0].rationale = "zzz".into();
        y.positions[0].rationale = "aaa".into();
        x.dialogue.title = "Titel A".into();
        y.dialogue.title = "Titel B".into();
        let (mut sx, mut sy) = (empty(), empty());
        import(&mut sx, &x).unwrap();
        import(&mut sy, &y).unwrap();
        let rx = import(&mut sx, &y).unwrap();
        let ry = import(&mut sy, &x).unwrap();
        assert_same(&sx, &sy, "tie");
        let party = sx.get_party(x.parties[0].id).unwrap();
        assert_eq!(party.notes, "Versie B");
        assert_eq!(sx.dialogue().unwrap().title, "Titel B");
        assert_eq!(sx.list_positions().unwrap().iter().find(|p| p.id == x.positions[0].id).unwrap().rationale, "zzz");
        assert_eq!(rx.conflicts.len(), 3);
        assert_eq!(ry.conflicts.len(), 3);
    }

    #[test]
    fn parties_with_one_name_and_topics_with_one_code_become_one_record() {
        let mut a = demo();
        let mut b = copy_of(&a);
        let bouwsteen = a.list_bouwstenen().unwrap()[0].id;
        let nff = a.list_sessions().unwrap()[2].id;
        let other = a.list_parties().unwrap()[0].id;
        let pa = a
            .create_party(PartyInput {
                production_types: vec![ProductionType::FeatureFilm],
                ..party_input("Filmhuis Noord")
            })
            .unwrap();
        let ta = a.create_topic(topic_input(bouwsteen, "5.1", "Regionale vertoning (A)")).unwrap();
        a.record_position(position(ta.id, pa.id, nff, Some(2), "A")).unwrap();
        a.set_verdict(ta.id, Marking::Consensus, "A").unwrap();
        let action = a
            .create_action(ActionInput {
                title: "Zalen in kaart brengen".into(),
                owner_party_id: Some(pa.id),
                topic_id: Some(ta.id),
                due_date: None,
                status: ActionStatus::Open,
                notes: String::new(),
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        let extra_a =
            a.create_bouwsteen(BouwsteenInput { name: "Internationaal".into(), description: "A".into() }).unwrap();
        let pb = b
            .create_party(PartyInput {
                production_types: vec![ProductionType::Documentary],
                ..party_input("FILMHUIS NOORD")
            })
            .unwrap();
        let tb = b.create_topic(topic_input(bouwsteen, "5.1", "Regionale vertoning (B)")).unwrap();
        let extra_b =
            b.create_bouwsteen(BouwsteenInput { name: "internationaal".into(), description: "B".into() }).unwrap();
        b.create_topic(topic_input(extra_b.id, "", "Coproducties")).unwrap();
        let later = b.record_position(position(tb.id, pb.id, nff, Some(-1), "B")).unwrap();
        b.set_verdict(tb.id, Marking::Divergence, "B").unwrap();
        // Agenda items on both sides that name the two parties (and the two topics).
        let both_panel = vec![pa.id];
        let item_a = a
            .add_agenda_item(
                nff,
                AgendaItemInput {
                    kind: AgendaItemKind::Topic,
                    topic_id: Some(ta.id),
                    ..agenda_item("A", 10, both_panel)
                },
            )
            .unwrap();
        let item_b = b
            .add_agenda_item(
                nff,
                AgendaItemInput {
                    kind: AgendaItemKind::Topic,
                    topic_id: Some(tb.id),
                    ..agenda_item("B", 10, vec![pb.id, other])
                },
            )
            .unwrap();

        let (bundle_a, bundle_b) = (export(&a).unwrap(), export(&b).unwrap());
        import(&mut a, &bundle_b).unwrap();
        import(&mut b, &bundle_a).unwrap();
        assert_same(&a, &b, "A+B versus B+A");
        sound(&a);

        let (keep_p, keep_t) = (pa.id.min(pb.id), ta.id.min(tb.id));
        let parties: Vec<Party> =
            a.list_parties().unwrap().into_iter().filter(|p| p.name.eq_ignore_ascii_case("filmhuis noord")).collect();
        assert_eq!(parties.len(), 1);
        assert_eq!(parties[0].id, keep_p, "the smallest id");
        assert_eq!(parties[0].name, "FILMHUIS NOORD", "the later version");
        assert_eq!(
            parties[0].production_types,
            vec![ProductionType::FeatureFilm, ProductionType::Documentary],
            "the union"
        );
        let extra: Vec<Bouwsteen> = a
            .list_bouwstenen()
            .unwrap()
            .into_iter()
            .filter(|x| x.name.eq_ignore_ascii_case("internationaal"))
            .collect();
        assert_eq!(extra.len(), 1, "one bouwsteen of a name the two sides each added");
        assert_eq!((extra[0].id, extra[0].description.as_str()), (extra_a.id.min(extra_b.id), "B"));
        let coproducties = a.list_topics().unwrap().into_iter().find(|t| t.title == "Coproducties").unwrap();
        assert_eq!(coproducties.bouwsteen_id, extra[0].id, "its topic follows");
        let topics: Vec<Topic> = a.list_topics().unwrap().into_iter().filter(|t| t.code == "5.1").collect();
        assert_eq!(topics.len(), 1);
        assert_eq!((topics[0].id, topics[0].title.as_str()), (keep_t, "Regionale vertoning (B)"));
        let cell: Vec<Position> =
            a.list_positions().unwrap().into_iter().filter(|p| p.session_id == nff && p.topic_id == keep_t).collect();
        assert_eq!(cell.len(), 1, "one position per cell");
        assert_eq!((cell[0].party_id, cell[0].stance, cell[0].rationale.as_str()), (keep_p, later.stance, "B"));
        assert_eq!(
            a.list_verdicts().unwrap().iter().find(|v| v.topic_id == keep_t).unwrap().marking,
            Marking::Divergence
        );
        let moved = a.list_actions().unwrap().into_iter().find(|x| x.id == action.id).unwrap();
        assert_eq!((moved.owner_party_id, moved.topic_id), (Some(keep_p), Some(keep_t)));
        let items = a.agenda(nff).unwrap().slots;
        let item = |id| items.iter().find(|x| x.item.id == id).unwrap().item.clone();
        assert_eq!((item(item_a.id).topic_id, item(item_a.id).party_ids), (Some(keep_t), vec![keep_p]));
        assert_eq!(item(item_b.id).topic_id, Some(keep_t));
        assert_eq!(item(item_b.id).party_ids, vec![keep_p, other], "the panel follows, in its order");
        // The merged ids stay merged: the old bundles change nothing any more.
        assert_eq!(import(&mut a, &bundle_b).unwrap(), MergeReport::default());
        assert_eq!(import(&mut a, &bundle_a).unwrap(), MergeReport::default());
        assert_eq!(import(&mut b, &bundle_a).unwrap(), MergeReport::default());
        assert_eq!(import(&mut b, &bundle_b).unwrap(), MergeReport::default());
    }

    /// A record both sides hold, renamed on one side to the name the other side gave another,
    /// older record: it goes into that record, and a bundle that still holds it under its old
    /// name maps it there again (the audit log remembers) instead of bringing it back.
    #[test]
    fn an_id_merged_into_another_stays_merged_on_reimport() {
        let base = demo();
        let mut b = copy_of(&base);
        let older = b.create_party(party_input("Filmhuis Noord")).unwrap();
        let mut a = copy_of(&base);
        let newer = a.create_party(party_input("Filmhuis Zuid")).unwrap();
        assert!(older.id < newer.id);
        import(&mut b, &export(&a).unwrap()).unwrap();
        let bundle_b = export(&b).unwrap(); // both parties, `newer` as "Filmhuis Zuid"
        a.update_party(newer.id, party_input("Filmhuis Noord")).unwrap();
        let report = import(&mut a, &bundle_b).unwrap();
        assert_eq!((report.added.parties, report.updated.parties), (0, 1), "{report:?}");
        let named: Vec<Party> =
            a.list_parties().unwrap().into_iter().filter(|p| p.name.starts_with("Filmhuis")).collect();
        assert_eq!(named.len(), 1, "{named:?}");
        assert_eq!((named[0].id, named[0].name.as_str()), (older.id, "Filmhuis Noord"));
        let rows = audit_rows(&a);
        assert_eq!(import(&mut a, &bundle_b).unwrap(), MergeReport::default(), "it does not come back");
        assert_eq!(audit_rows(&a), rows);
        sound(&a);
    }

    /// A bouwsteen only the bundle has goes into one of the dialogue's of the same name; that
    /// the dialogue's log already held its version (imported once, deleted since) must not stop
    /// the import from remembering where its id went.
    #[test]
    fn an_absorbed_bouwsteen_stays_absorbed_even_when_its_version_was_known() {
        let base = demo();
        let (mut a, mut b) = (copy_of(&base), copy_of(&base));
        let shared = a.list_bouwstenen().unwrap()[3].clone();
        let from_b = b.create_bouwsteen(BouwsteenInput { name: "Extra".into(), description: String::new() }).unwrap();
        import(&mut a, &export(&b).unwrap()).unwrap();
        a.delete_bouwsteen(from_b.id).unwrap();
        a.create_bouwsteen(BouwsteenInput { name: "extra".into(), description: String::new() }).unwrap();
        a.update_bouwsteen(shared.id, BouwsteenInput { name: "EXTRA".into(), description: String::new() }).unwrap();
        let bundle_b = export(&b).unwrap();
        import(&mut a, &bundle_b).unwrap();
        let named: Vec<Bouwsteen> =
            a.list_bouwstenen().unwrap().into_iter().filter(|x| x.name.eq_ignore_ascii_case("extra")).collect();
        assert_eq!(named.iter().map(|x| x.id).collect::<Vec<_>>(), vec![shared.id]);
        assert_eq!(import(&mut a, &bundle_b).unwrap(), MergeReport::default(), "it does not come back");
    }

    #[test]
    fn a_reference_to_an_unknown_record_is_refused_and_nothing_is_written() {
        let mut s = demo();
        let before = export(&s).unwrap();
        let rows = audit_rows(&s);
        let mut bad = before.clone();
        let last = bad.positions.len() - 1;
        bad.positions[last].topic_id = Uuid::now_v7();
        bad.parties[0].notes = "changed".into();
        let e = import(&mut s, &bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportFailed);
        assert_eq!(e.field(), Some("topic_id"));
        let nl = e.localized(Lang::Nl);
        assert!(nl.contains("staat niet in de bundel en niet in deze dialoog"), "{nl}");
        assert!(e.to_string().contains("is in neither the bundle nor this dialogue"), "{e}");
        // The line is where that position starts in the bundle as written.
        let text = String::from_utf8(to_bytes(&bad).unwrap()).unwrap();
        let id_line = text.lines().position(|l| l.contains(&bad.positions[last].id.to_string())).unwrap() as u64 + 1;
        assert!(nl.starts_with(&format!("Regel {}, kolom topic_id:", id_line - 1)), "{nl}");
        assert_same(&s, &demo_like(&before), "unchanged");
        assert_eq!(audit_rows(&s), rows);
        // A reference to a record the dialogue holds, though the bundle does not, is fine.
        let mut partial = before.clone();
        partial.topics.clear();
        partial.verdicts.clear();
        assert_eq!(import(&mut s, &partial).unwrap(), MergeReport::default());
    }

    /// A store holding exactly `b`.
    fn demo_like(b: &Bundle) -> Store {
        let mut s = empty();
        import(&mut s, b).unwrap();
        s
    }

    #[test]
    fn garbled_foreign_and_newer_bundles_are_refused_clearly() {
        let good = to_bytes(&export(&demo()).unwrap()).unwrap();
        let text = String::from_utf8(good.clone()).unwrap();
        let nl = |e: &Error| e.localized(Lang::Nl);
        for cut in [&good[..good.len() / 2], &[0xff, 0x00, 0x13][..], b"", b"{\"format\": \"ketentafel-bundle\","] {
            let e = from_bytes(cut).unwrap_err();
            assert_eq!(e.code(), ErrorCode::ImportFailed);
            assert!(nl(&e).contains("geen leesbare JSON"), "{}", nl(&e));
            assert!(e.to_string().contains("not readable JSON"), "{e}");
        }
        for other in [&br#"{"name": "iets anders"}"#[..], b"[1, 2, 3]", br#"{"format": "polis", "version": 1}"#] {
            let e = from_bytes(other).unwrap_err();
            assert!(nl(&e).contains("geen Ketentafel-bundel"), "{}", nl(&e));
            assert!(e.to_string().contains("not a Ketentafel bundle"), "{e}");
        }
        let newer = text.replacen("\"version\": 1", "\"version\": 2", 1);
        let e = from_bytes(newer.as_bytes()).unwrap_err();
        assert!(
            nl(&e).starts_with("Regel 3, kolom version: deze bundel komt uit een nieuwere Ketentafel"),
            "{}",
            nl(&e)
        );
        assert!(e.to_string().contains("newer Ketentafel (bundle version 2"), "{e}");
        let e = from_bytes(text.replacen("\"version\": 1", "\"version\": \"1\"", 1).as_bytes()).unwrap_err();
        assert_eq!(e.field(), Some("version"));
        // A field out of range names the line where its record starts, and the field.
        let at = text.find("\"stance\": 2").unwrap();
        let e = from_bytes(text.replacen("\"stance\": 2", "\"stance\": 7", 1).as_bytes()).unwrap_err();
        let line = text[..at].lines().count() as u64;
        let start = text[..at].lines().rev().position(|l| l.trim() == "{").unwrap() as u64;
        assert!(nl(&e).starts_with(&format!("Regel {}, kolom stance: 7 ligt buiten", line - start)), "{}", nl(&e));
        // A missing part, a wrong type.
        let e = from_bytes(text.replacen("\"dialogue\"", "\"dialoog\"", 1).as_bytes()).unwrap_err();
        assert!(nl(&e).contains("ongeldige bundel") && nl(&e).contains("dialogue"), "{}", nl(&e));
        // The same id twice.
        let mut twice = export(&demo()).unwrap();
        twice.parties.push(twice.parties[0].clone());
        let e = from_bytes(&to_bytes(&twice).unwrap()).unwrap_err();
        assert!(nl(&e).contains("staat twee keer in de bundel"), "{}", nl(&e));
        // A version-1 bundle from before the agenda has no agenda items: it reads all the same,
        // and an agenda the bundle lacks stays.
        let mut s = demo_with_agenda();
        let before = s.agenda(nff(&s)).unwrap();
        let mut old: serde_json::Value = serde_json::from_slice(&to_bytes(&export(&s).unwrap()).unwrap()).unwrap();
        old.as_object_mut().unwrap().remove("agenda_items");
        let read = from_bytes(&serde_json::to_vec_pretty(&old).unwrap()).unwrap();
        assert!(read.agenda_items.is_empty());
        assert_eq!(import(&mut s, &read).unwrap(), MergeReport::default());
        assert_eq!(s.agenda(nff(&s)).unwrap(), before);
        let mut fresh = empty();
        import(&mut fresh, &read).unwrap();
        assert!(fresh.agenda(nff(&s)).unwrap().slots.is_empty());
        // Agenda items are checked like the rest.
        let mut bad = export(&demo_with_agenda()).unwrap();
        bad.agenda_items[0].minutes = 0;
        let e = from_bytes(&to_bytes(&bad).unwrap()).unwrap_err();
        assert_eq!(e.field(), Some("minutes"));
        let mut bad = export(&demo_with_agenda()).unwrap();
        let p = bad.agenda_items[0].party_ids.clone();
        bad.agenda_items[0].party_ids = vec![p.first().copied().unwrap_or(bad.parties[0].id); 2];
        assert_eq!(from_bytes(&to_bytes(&bad).unwrap()).unwrap_err().field(), Some("party_ids"));
        let mut bad = export(&demo_with_agenda()).unwrap();
        bad.agenda_items[0].session_id = Uuid::now_v7();
        let mut s = demo();
        assert_eq!(import(&mut s, &bad).unwrap_err().field(), Some("session_id"));
        // A byte-order mark is fine.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&good);
        assert!(from_bytes(&bom).is_ok());
    }

    #[test]
    fn write_goes_through_a_temporary_file_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = demo();
        let path = dir.path().join("dialoog.json");
        let written = write(&s, &path).unwrap();
        assert_eq!(read(&path).unwrap(), written);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("dialoog.json")], "no temporary file is left");
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for key in [
            "format",
            "version",
            "exported_at",
            "app_version",
            "dialogue",
            "bouwstenen",
            "topics",
            "parties",
            "people",
            "sessions",
            "positions",
            "verdicts",
            "actions",
            "agenda_items",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        assert_eq!((v["format"].as_str(), v["version"].as_u64()), (Some(FORMAT), Some(1)));
        // Never over the dialogue's own file.
        let file = dir.path().join("d.ketentafel");
        let store = Store::create(&file).unwrap();
        assert_eq!(write(&store, &file).unwrap_err().code(), ErrorCode::InvalidInput);
        drop(store);
        Store::open(&file).unwrap();
        assert_eq!(read(&dir.path().join("nergens.json")).unwrap_err().code(), ErrorCode::FileNotFound);
    }

    #[test]
    fn scan_finds_the_lines_of_records() {
        let text = b"{\n \"format\": \"x\",\n \"a\": [\n  {\"s\": \"[,]\\\"\"},\n  {\n  }, 3\n ],\n \"b\": []\n}";
        let lines = scan(text);
        assert_eq!(lines.values.get("format"), Some(&2));
        assert_eq!(lines.values.get("a"), Some(&3));
        assert_eq!(lines.elements.get("a"), Some(&vec![4, 5, 6]));
        assert_eq!(lines.values.get("b"), Some(&8));
        assert_eq!(lines.elements.get("b"), None);
    }

    #[test]
    fn summary_speaks_dutch_and_english() {
        let mut a = demo();
        let mut b = copy_of(&a);
        a.create_party(party_input("Nieuwe Partij A")).unwrap();
        let first = a.list_parties().unwrap()[0].clone();
        a.update_party(first.id, PartyInput { notes: "A".into(), ..party_input(&first.name) }).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        b.update_party(first.id, PartyInput { notes: "B".into(), ..party_input(&first.name) }).unwrap();
        let r = import(&mut b, &export(&a).unwrap()).unwrap();
        let nl = r.summary(Lang::Nl, 10).join("\n");
        assert!(
            nl.starts_with("Bundel samengevoegd: 1 nieuw, 0 bijgewerkt, 1 eigen versie behouden, 1 conflicten."),
            "{nl}"
        );
        assert!(nl.contains("  nieuw: 1 partijen"), "{nl}");
        assert!(
            nl.contains(&format!("conflict: partij \"{}\": de eigen, latere versie is behouden", first.name)),
            "{nl}"
        );
        let en = r.summary(Lang::En, 0).join("\n");
        assert!(en.starts_with("Bundle merged: 1 added"), "{en}");
        assert!(en.contains("… and 1 more conflicts"), "{en}");
        let none = import(&mut b, &export(&a).unwrap()).unwrap();
        assert_eq!(
            none.summary(Lang::Nl, 10),
            vec!["Bundel samengevoegd: niets veranderd; alles uit de bundel stond er al in."]
        );
    }

    // ---- randomised: commutativity and idempotence --------------------------------------

    /// Seeded draws ([`crate::rng::SplitMix64`]), so every seed replays.
    struct Rng(crate::rng::SplitMix64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0.below(n.max(1) as u64) as usize
        }

        fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
            (!v.is_empty()).then(|| &v[self.below(v.len())])
        }

        fn some<T: Copy>(&mut self, v: &[T]) -> Vec<T> {
            v.iter().copied().filter(|_| self.below(2) == 0).collect()
        }
    }

    /// One random edit through the store's own API; edits the store refuses (a taken name, a
    /// bouwsteen still in use) are simply not made.
    fn random_edit(s: &mut Store, rng: &mut Rng, tag: &str) {
        const NAMES: [&str; 4] = ["Nieuwe Partij 1", "nieuwe partij 1", "Nieuwe Partij 2", "NIEUWE PARTIJ 3"];
        const CODES: [&str; 4] = ["9.1", "9.2", "9.3", ""];
        const BLOCKS: [&str; 3] = ["Extra", "extra", "Zichtbaarheid"];
        let topics = s.list_topics().unwrap();
        let parties = s.list_parties().unwrap();
        let sessions = s.list_sessions().unwrap();
        let bouwstenen = s.list_bouwstenen().unwrap();
        let positions = s.list_positions().unwrap();
        let actions = s.list_actions().unwrap();
        let people = s.list_people().unwrap();
        let items: Vec<AgendaItem> =
            sessions.iter().flat_map(|x| s.agenda(x.id).unwrap().slots).map(|x| x.item).collect();
        let party_ids: Vec<Uuid> = parties.iter().map(|p| p.id).collect();
        let text = format!("{tag} {}", rng.below(1000));
        let stance = match rng.below(6) {
            5 => None,
            n => Some(n as i8 - 2),
        };
        let party_with = |rng: &mut Rng, name: &str| PartyInput {
            chain_role: *rng.pick(ChainRole::ALL).unwrap(),
            production_types: rng.some(ProductionType::ALL),
            notes: text.clone(),
            ..party_input(name)
        };
        let agenda_input = |rng: &mut Rng| {
            let topic = if rng.below(2) == 0 { rng.pick(&topics).map(|t| t.id) } else { None };
            let mut panel = rng.some(&party_ids);
            if rng.below(2) == 0 {
                panel.reverse();
            }
            AgendaItemInput {
                kind: if topic.is_some() { AgendaItemKind::Topic } else { AgendaItemKind::Other },
                topic_id: topic,
                minutes: 1 + rng.below(60) as i64,
                ..agenda_item(&text, 0, panel)
            }
        };
        let result: Result<()> = match rng.below(19) {
            0..=3 => match (rng.pick(&topics), rng.pick(&parties), rng.pick(&sessions)) {
                (Some(t), Some(p), Some(x)) => s.record_position(position(t.id, p.id, x.id, stance, &text)).map(drop),
                _ => Ok(()),
            },
            4 => rng.pick(&positions).map_or(Ok(()), |p| s.delete_position(p.id)),
            5 => {
                let name = *rng.pick(&NAMES).unwrap();
                s.create_party(party_with(rng, name)).map(drop)
            }
            6 | 7 => match rng.pick(&parties) {
                Some(p) => {
                    let name = if rng.below(2) == 0 { rng.pick(&NAMES).unwrap().to_string() } else { p.name.clone() };
                    s.update_party(p.id, party_with(rng, &name)).map(drop)
                }
                None => Ok(()),
            },
            8 => match rng.pick(&bouwstenen) {
                Some(b) => {
                    let code = *rng.pick(&CODES).unwrap();
                    s.create_topic(TopicInput {
                        production_types: rng.some(ProductionType::ALL),
                        ..topic_input(b.id, code, &text)
                    })
                    .map(drop)
                }
                None => Ok(()),
            },
            9 => match (rng.pick(&topics), rng.pick(&bouwstenen)) {
                (Some(t), Some(b)) => {
                    let code = if rng.below(2) == 0 { rng.pick(&CODES).unwrap().to_string() } else { t.code.clone() };
                    s.update_topic(
                        t.id,
                        TopicInput {
                            production_types: rng.some(ProductionType::ALL),
                            ..topic_input(b.id, &code, &text)
                        },
                    )
                    .map(drop)
                }
                _ => Ok(()),
            },
            10 => match rng.pick(&topics) {
                Some(t) => s.set_verdict(t.id, *rng.pick(Marking::ALL).unwrap(), &text).map(drop),
                None => Ok(()),
            },
            11 => {
                let input = ActionInput {
                    title: text.clone(),
                    owner_party_id: rng.pick(&party_ids).copied(),
                    topic_id: rng.pick(&topics).map(|t| t.id),
                    due_date: chrono::NaiveDate::from_ymd_opt(2023, 1 + rng.below(12) as u32, 1),
                    status: *rng.pick(ActionStatus::ALL).unwrap(),
                    notes: text.clone(),
                };
                match rng.pick(&actions) {
                    Some(a) if rng.below(2) == 0 => s.update_action(a.id, input).map(drop),
                    _ => s.create_action(input).map(drop),
                }
            }
            12 => match rng.pick(&sessions) {
                Some(x) => s
                    .update_session(
                        x.id,
                        SessionInput {
                            title: x.title.clone(),
                            kind: x.kind,
                            starts_at: x.starts_at,
                            ends_at: x.ends_at,
                            location: x.location.clone(),
                            notes: text.clone(),
                            attendee_ids: rng.some(&party_ids),
                        },
                    )
                    .map(drop),
                None => Ok(()),
            },
            13 => {
                let name = *rng.pick(&BLOCKS).unwrap();
                s.create_bouwsteen(BouwsteenInput { name: name.into(), description: text.clone() }).map(drop)
            }
            14 => match rng.below(3) {
                0 => s.update_dialogue(DialogueInput { title: text.clone(), description: text.clone() }).map(drop),
                1 => match rng.pick(&party_ids) {
                    Some(p) => s
                        .create_person(PersonInput {
                            party_id: *p,
                            name: text.clone(),
                            email: String::new(),
                            role_title: String::new(),
                        })
                        .map(drop),
                    None => Ok(()),
                },
                _ => match (rng.pick(&people), rng.pick(&party_ids)) {
                    (Some(x), Some(p)) => s
                        .update_person(
                            x.id,
                            PersonInput {
                                party_id: *p,
                                name: text.clone(),
                                email: String::new(),
                                role_title: String::new(),
                            },
                        )
                        .map(drop),
                    _ => Ok(()),
                },
            },
            15 => match rng.pick(&bouwstenen) {
                Some(b) => s.move_bouwsteen(b.id, rng.below(5)).map(drop),
                None => Ok(()),
            },
            16 => match (rng.pick(&items).cloned(), rng.pick(&sessions).map(|x| x.id)) {
                (Some(item), _) if rng.below(2) == 0 => {
                    let input = agenda_input(rng);
                    s.update_agenda_item(item.id, input).map(drop)
                }
                (_, Some(session)) => {
                    let input = agenda_input(rng);
                    s.add_agenda_item(session, input).map(drop)
                }
                _ => Ok(()),
            },
            17 => match rng.pick(&items).cloned() {
                Some(item) if rng.below(3) == 0 => s.delete_agenda_item(item.id),
                Some(item) => s.move_agenda_item(item.id, rng.below(8)).map(drop),
                None => Ok(()),
            },
            _ => match rng.below(7) {
                0 => rng.pick(&parties).map_or(Ok(()), |p| s.delete_party(p.id)),
                1 => rng.pick(&topics).map_or(Ok(()), |t| s.delete_topic(t.id)),
                2 => rng.pick(&sessions).map_or(Ok(()), |x| s.delete_session(x.id)),
                3 => rng.pick(&people).map_or(Ok(()), |x| s.delete_person(x.id)),
                4 => rng.pick(&actions).map_or(Ok(()), |x| s.delete_action(x.id)),
                5 => rng.pick(&topics).map_or(Ok(()), |t| s.clear_verdict(t.id)),
                _ => rng.pick(&bouwstenen).map_or(Ok(()), |b| s.delete_bouwsteen(b.id)),
            },
        };
        if let Err(e) = result {
            assert!(matches!(e.code(), ErrorCode::Conflict | ErrorCode::InUse), "{tag}: {e}");
        }
    }

    #[test]
    fn random_edits_on_both_sides_merge_commutatively_and_idempotently() {
        let base = demo_with_agenda();
        // KETENTAFEL_BUNDLE_SEEDS=200 runs more of them.
        let seeds = std::env::var("KETENTAFEL_BUNDLE_SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(8u64);
        for seed in 1..=seeds {
            let mut rng = Rng(crate::rng::SplitMix64::new(seed));
            let (mut a, mut b) = (copy_of(&base), copy_of(&base));
            for _ in 0..30 {
                random_edit(&mut a, &mut rng, "A");
                random_edit(&mut b, &mut rng, "B");
            }
            let (bundle_a, bundle_b) = (export(&a).unwrap(), export(&b).unwrap());
            import(&mut a, &bundle_b).unwrap_or_else(|e| panic!("seed {seed}: B into A: {e}"));
            import(&mut b, &bundle_a).unwrap_or_else(|e| panic!("seed {seed}: A into B: {e}"));
            let context = format!("seed {seed}");
            assert_same(&a, &b, &context);
            sound(&a);
            sound(&b);
            // Idempotent: the same bundles again change nothing, not even the audit log.
            for (s, bundle) in [(&mut a, &bundle_b), (&mut b, &bundle_a)] {
                let rows = audit_rows(s);
                let again = import(s, bundle).unwrap();
                assert_eq!(again, MergeReport::default(), "{context}: a second import");
                assert_eq!(audit_rows(s), rows, "{context}: audit rows of a second import");
            }
            assert_eq!(import(&mut a, &export(&b).unwrap()).unwrap(), MergeReport::default(), "{context}");
            // Nothing lost: every record of either side is in the result or in its audit log.
            for bundle in [&bundle_a, &bundle_b] {
                let ids = bundle
                    .parties
                    .iter()
                    .map(|p| p.id)
                    .chain(bundle.topics.iter().map(|t| t.id))
                    .chain(bundle.bouwstenen.iter().map(|x| x.id))
                    .chain(bundle.positions.iter().map(|p| p.id))
                    .chain(bundle.agenda_items.iter().map(|x| x.id));
                let now = export(&a).unwrap();
                let present: HashSet<Uuid> = now
                    .parties
                    .iter()
                    .map(|p| p.id)
                    .chain(now.topics.iter().map(|t| t.id))
                    .chain(now.bouwstenen.iter().map(|x| x.id))
                    .chain(now.positions.iter().map(|p| p.id))
                    .chain(now.agenda_items.iter().map(|x| x.id))
                    .collect();
                for id in ids {
                    assert!(present.contains(&id) || !a.audit_for(id).unwrap().is_empty(), "{context}: {id} was lost");
                }
            }
        }
    }
}
