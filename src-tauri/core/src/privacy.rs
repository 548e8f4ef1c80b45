//! A person's data on request: everything the dialogue holds about one representative as one
//! JSON file (GDPR access), and the person erased from the whole file (GDPR erasure).
//!
//! Personal data lives in `people` only, but a person's name or e-mail address can turn up in
//! any free text (a rationale, a note, an agenda question) and in the audit log's copies of
//! earlier versions. Both functions therefore sweep every free-text column of every table;
//! `FREE_TEXT` lists them, and a test fails when a migration adds a column it does not cover.
//!
//! What counts as naming the person: their full name and their e-mail address, ignoring case,
//! as whole words (not inside a longer word, so "Anna de Vries" is not found in "Hanna de
//! Vriesland"), with any run of spaces or line breaks between the name's words. Parts of the
//! name on their own ("Anna", "Bakker") are left alone: they name other people and ordinary
//! words just as often, and rewriting them would damage texts the working group still needs.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Lang, Result};
use crate::model::{AuditEntry, ChainRole, Person, SessionKind};
use crate::store::Store;

/// What an erased person's name becomes, and what replaces their name and e-mail address in
/// every text. One marker in both languages: a dialogue file is shared between facilitators
/// whose windows may speak different languages, and its texts are Dutch (the sector's working
/// language); the window can still translate the marker when it shows a person.
pub const ERASED: &str = "[verwijderd]";

/// The columns that hold free text, per table. Every other TEXT column holds an id, a time or
/// a code from a fixed list, which no name can be (see the test `every_text_column_is_classified`).
/// The `search_index` tables are not here: they are rebuilt from these columns after an erasure.
pub(crate) const FREE_TEXT: &[(&str, &[&str])] = &[
    ("dialogue", &["title", "description"]),
    ("bouwstenen", &["name", "description"]),
    ("topics", &["code", "title", "description"]),
    ("parties", &["name", "short_name", "notes", "segment"]),
    ("people", &["name", "email", "role_title"]),
    ("sessions", &["title", "location", "notes"]),
    ("positions", &["rationale", "condition", "quote", "recorded_by"]),
    ("topic_verdicts", &["note", "marked_by"]),
    ("actions", &["title", "notes"]),
    ("agenda_items", &["title", "question"]),
    ("audit_log", &["actor", "before", "after"]),
];

/// Audit-log columns that hold records as JSON: searched string by string, so an escape
/// (`\n`, `\"`) never hides a name and the JSON stays valid after a rewrite.
const JSON_COLUMNS: &[(&str, &str)] = &[("audit_log", "before"), ("audit_log", "after")];

// ---- finding the person in a text -----------------------------------------------------------

/// The texts that name one person: the full name and the e-mail address.
#[derive(Debug, Clone)]
pub(crate) struct Needles(Vec<Vec<char>>);

impl Needles {
    pub(crate) fn of(person: &Person) -> Needles {
        let mut v: Vec<Vec<char>> = [person.name.as_str(), person.email.as_str()]
            .iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty() && s != ERASED)
            .map(|s| s.chars().collect())
            .collect();
        // The longer first, so an e-mail address that contains the name is replaced whole.
        v.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Needles(v)
    }

    /// `text` with every mention replaced by `ERASED`, or `None` when it names nobody.
    pub(crate) fn replace(&self, text: &str) -> Option<String> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = String::new();
        let mut copied = 0; // byte offset up to which `text` is in `out`
        let mut i = 0;
        let mut found = false;
        while i < chars.len() {
            let at_boundary = i == 0 || !chars[i - 1].1.is_alphanumeric();
            let hit = if at_boundary { self.0.iter().find_map(|n| match_at(&chars, i, n)) } else { None };
            match hit {
                Some(end) => {
                    out.push_str(&text[copied..chars[i].0]);
                    out.push_str(ERASED);
                    copied = chars.get(end).map(|c| c.0).unwrap_or(text.len());
                    found = true;
                    i = end;
                }
                None => i += 1,
            }
        }
        found.then(|| {
            out.push_str(&text[copied..]);
            out
        })
    }

    /// `json` with every string in it that names the person rewritten; keys, order and the
    /// escapes of untouched strings stay as they were.
    pub(crate) fn replace_in_json(&self, json: &str) -> Option<String> {
        let bytes = json.as_bytes();
        let mut out = String::new();
        let mut copied = 0;
        let mut found = false;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'"' {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let end = (i + 1).min(bytes.len());
            i = end;
            let literal = &json[start..end];
            let Ok(value) = serde_json::from_str::<String>(literal) else { continue };
            if let Some(new) = self.replace(&value) {
                out.push_str(&json[copied..start]);
                out.push_str(&serde_json::to_string(&new).unwrap_or_else(|_| format!("\"{ERASED}\"")));
                copied = end;
                found = true;
            }
        }
        found.then(|| {
            out.push_str(&json[copied..]);
            out
        })
    }

    /// For each needle its longest run of ASCII letters and digits, lower-cased: a cheap filter
    /// every text that names the person passes. `None` when a needle has no such run.
    fn ascii_fragments(&self) -> Option<Vec<String>> {
        self.0
            .iter()
            .map(|n| {
                let s: String = n.iter().collect();
                // The first of the longest, so an address gives its local part, not its domain.
                s.split(|c: char| !c.is_ascii_alphanumeric())
                    .rev()
                    .max_by_key(|w| w.len())
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_ascii_lowercase())
            })
            .collect()
    }

    fn mentioned_in(&self, text: &str, json: bool) -> bool {
        if json { self.replace_in_json(text).is_some() } else { self.replace(text).is_some() }
    }
}

/// Where `needle` matches `chars` from `i` on (case-insensitively, any whitespace run for a
/// space, ending at a word boundary): the index just past the match.
fn match_at(chars: &[(usize, char)], i: usize, needle: &[char]) -> Option<usize> {
    let mut j = i;
    for &n in needle {
        if n == ' ' {
            let from = j;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j == from {
                return None;
            }
            continue;
        }
        let c = chars.get(j)?.1;
        if c != n && !c.to_lowercase().eq(n.to_lowercase()) {
            return None;
        }
        j += 1;
    }
    let at_boundary = j >= chars.len() || !chars[j].1.is_alphanumeric();
    at_boundary.then_some(j)
}

// ---- the sweep over every free-text column ----------------------------------------------------

/// One free text that names the person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub table: &'static str,
    pub column: &'static str,
    /// The record's id (for verdicts: the topic's; for the audit log: the entry's number).
    pub record_id: String,
    pub text: String,
}

fn is_json(table: &str, column: &str) -> bool {
    JSON_COLUMNS.contains(&(table, column))
}

/// The id column a table's records are known by in a mention.
fn key_column(table: &str) -> &'static str {
    match table {
        "topic_verdicts" => "topic_id",
        _ => "id",
    }
}

/// Every free text naming the person, with the rowid it sits in.
fn sweep(conn: &Connection, needles: &Needles) -> Result<Vec<(i64, Mention)>> {
    // SQLite narrows the rows down first (its lower() folds ASCII only, so it looks for each
    // needle's longest ASCII word, which every match contains); Rust then decides on the rest.
    let fragments = needles.ascii_fragments();
    let mut found = Vec::new();
    for (table, columns) in FREE_TEXT {
        for column in *columns {
            let narrow = match &fragments {
                Some(f) => {
                    let any: Vec<String> = (1..=f.len()).map(|i| format!("instr(lower({column}), ?{i}) > 0")).collect();
                    format!(" AND ({})", any.join(" OR "))
                }
                None => String::new(),
            };
            let mut stmt = conn.prepare(&format!(
                "SELECT rowid, CAST({key} AS TEXT), {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''{narrow}",
                key = key_column(table)
            ))?;
            let params = rusqlite::params_from_iter(fragments.iter().flatten());
            let rows =
                stmt.query_map(params, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
            for row in rows {
                let (rowid, record_id, text) = row?;
                if needles.mentioned_in(&text, is_json(table, column)) {
                    found.push((rowid, Mention { table, column, record_id, text }));
                }
            }
        }
    }
    Ok(found)
}

// ---- export ---------------------------------------------------------------------------------

/// The person's party, as the export names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartySummary {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub chain_role: ChainRole,
}

/// A session the person's party attended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub id: Uuid,
    pub title: String,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
}

/// Everything the dialogue holds about one person: the file `export_person` writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonExport {
    /// Always "ketentafel-person-export".
    pub format: &'static str,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The dialogue's title.
    pub dialogue: String,
    /// What each part holds, in the user's language, for the person who receives the file.
    pub explanation: Vec<String>,
    pub person: Person,
    pub party: PartySummary,
    pub sessions: Vec<SessionSummary>,
    /// The audit log's entries about the person's record, and every other entry that names them.
    pub audit_log: Vec<AuditEntry>,
    /// Every other free text that names them (rationales, notes, agenda questions…).
    pub mentions: Vec<Mention>,
}

/// Collects everything the dialogue holds about the person `id`.
pub fn person_data(store: &Store, id: Uuid, lang: Lang) -> Result<PersonExport> {
    let conn = store.conn();
    let person = crate::store::people::get(conn, id)?;
    let party = store.get_party(person.party_id)?;
    let sessions = store
        .list_sessions()?
        .into_iter()
        .filter(|s| s.attendee_ids.contains(&party.id))
        .map(|s| SessionSummary {
            id: s.id,
            title: s.title,
            kind: s.kind,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            location: s.location,
        })
        .collect();
    let needles = Needles::of(&person);
    let mut audit_ids: Vec<i64> = Vec::new();
    let mut mentions = Vec::new();
    for (rowid, m) in sweep(conn, &needles)? {
        match m.table {
            "audit_log" => audit_ids.push(rowid),
            // The person's own record is exported whole above.
            "people" if m.record_id == id.to_string() => {}
            _ => mentions.push(m),
        }
    }
    let mut audit_log = store.audit_for(id)?;
    audit_log.retain(|e| e.entity == "person");
    audit_ids.sort_unstable();
    audit_ids.dedup();
    audit_ids.retain(|n| !audit_log.iter().any(|e| e.id == *n));
    for n in audit_ids {
        audit_log.push(crate::store::audit::get(conn, n)?);
    }
    audit_log.sort_by_key(|e| e.id);
    let explanation = match lang {
        Lang::Nl => vec![
            "person: de gegevens van deze persoon zoals de dialoog ze bewaart.".to_owned(),
            "party: de partij die deze persoon vertegenwoordigt.".to_owned(),
            "sessions: aanwezigheid wordt per partij vastgelegd, niet per persoon; dit zijn de sessies waarbij de partij aanwezig was.".to_owned(),
            "audit_log: de wijzigingen in de gegevens van deze persoon, en elke andere wijziging waarin naam of e-mailadres voorkomt.".to_owned(),
            "mentions: elke andere tekst in de dialoog waarin de volledige naam of het e-mailadres voorkomt.".to_owned(),
        ],
        Lang::En => vec![
            "person: this person's data as the dialogue keeps it.".to_owned(),
            "party: the party this person represents.".to_owned(),
            "sessions: attendance is recorded per party, not per person; these are the sessions the party attended.".to_owned(),
            "audit_log: the changes to this person's data, and every other change that contains their name or e-mail address.".to_owned(),
            "mentions: every other text in the dialogue that contains their full name or e-mail address.".to_owned(),
        ],
    };
    Ok(PersonExport {
        format: "ketentafel-person-export",
        version: 1,
        exported_at: Utc::now(),
        dialogue: store.dialogue()?.title,
        explanation,
        person,
        party: PartySummary {
            id: party.id,
            name: party.name,
            short_name: party.short_name,
            chain_role: party.chain_role,
        },
        sessions,
        audit_log,
        mentions,
    })
}

/// Writes the person's data to `path` as indented JSON (atomically). Never changes the dialogue.
pub fn export_person(store: &Store, id: Uuid, path: &Path, lang: Lang) -> Result<PersonExport> {
    let data = person_data(store, id, lang)?;
    let mut bytes = serde_json::to_vec_pretty(&data).map_err(|e| Error::Internal(e.to_string()))?;
    bytes.push(b'\n');
    crate::export::write_atomically(path, &bytes)?;
    Ok(data)
}

// ---- erasure --------------------------------------------------------------------------------

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErasureReport {
    pub person_id: Uuid,
    /// Free texts rewritten outside the audit log, per `table.column`.
    pub texts: BTreeMap<String, i64>,
    /// Audit-log entries rewritten.
    pub audit_entries: i64,
    /// Whether the file was rewritten so that no freed page and no WAL frame keeps the old
    /// bytes. `false` when another program holds the file open (the WAL could not be emptied).
    pub scrubbed: bool,
}

/// Erases the person `id`: their name becomes `ERASED`, their e-mail address and role are
/// emptied, and every text anywhere in the file that names them (audit history included) has
/// the mention replaced by `ERASED`. The party and its positions stay (same rows, same stances).
/// All in one transaction; then the search index is rebuilt and the file rewritten (`VACUUM`)
/// so that no byte of the old texts is left in it. The erasure itself is logged without the
/// personal data: an update of the person with no "before".
///
/// Backups taken before the erasure still hold the data; whoever keeps backups should replace
/// or drop them after this returns.
pub fn erase_person(store: &mut Store, id: Uuid) -> Result<ErasureReport> {
    let mut report = store.write(|tx, ctx| {
        let before = crate::store::people::get(tx, id)?;
        let needles = Needles::of(&before);
        let after =
            Person { name: ERASED.to_owned(), email: String::new(), role_title: String::new(), updated_at: ctx.now, ..before };
        crate::store::people::update(tx, &after)?;

        let mut texts: BTreeMap<String, i64> = BTreeMap::new();
        let mut audit_rows: std::collections::BTreeSet<i64> = Default::default();
        for (rowid, m) in sweep(tx, &needles)? {
            let new = if is_json(m.table, m.column) {
                needles.replace_in_json(&m.text)
            } else {
                needles.replace(&m.text)
            };
            let Some(new) = new else { continue };
            tx.execute(&format!("UPDATE {} SET {} = ?1 WHERE rowid = ?2", m.table, m.column), params![new, rowid])?;
            if m.table == "audit_log" {
                audit_rows.insert(rowid);
            } else {
                *texts.entry(format!("{}.{}", m.table, m.column)).or_default() += 1;
            }
        }
        // The person's own earlier versions: their role title too, which the sweep leaves
        // alone elsewhere (a role such as "Directeur" names nobody).
        let mut stmt = tx.prepare(
            "SELECT id, before, after FROM audit_log WHERE entity = 'person' AND entity_id = ?1 ORDER BY id",
        )?;
        let own: Vec<(i64, Option<String>, Option<String>)> =
            stmt.query_map([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        for (n, b, a) in own {
            let (b2, a2) = (b.as_deref().map(erased_record).transpose()?, a.as_deref().map(erased_record).transpose()?);
            if b2 != b || a2 != a {
                tx.execute("UPDATE audit_log SET before = ?2, after = ?3 WHERE id = ?1", params![n, b2, a2])?;
                audit_rows.insert(n);
            }
        }
        // The rewritten positions are only queued for the index (schema 5): index them now, so
        // the index's own copy of each text is the rewritten one. Old tokens can still linger in
        // the index's segments after their rows are gone; rebuilding from the texts leaves none.
        crate::store::search::flush(tx)?;
        tx.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')", [])?;
        // Logged as an update with no "before": the record as it is now, nothing it was.
        tx.execute(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) VALUES (?1, ?2, 'person', ?3, 'update', NULL, ?4)",
            params![
                ctx.now,
                format!("{} (erasure)", ctx.actor),
                id.to_string(),
                serde_json::to_string(&after).map_err(|e| Error::Internal(e.to_string()))?
            ],
        )?;
        Ok(ErasureReport { person_id: id, texts, audit_entries: audit_rows.len() as i64, scrubbed: false })
    })?;
    report.scrubbed = store.without_background_checkpoints(crate::db::scrub)?;
    Ok(report)
}

/// A person record in the audit log with its personal fields erased (other JSON as it was).
fn erased_record(json: &str) -> Result<String> {
    match serde_json::from_str::<Person>(json) {
        Ok(p) => serde_json::to_string(&Person {
            name: ERASED.to_owned(),
            email: String::new(),
            role_title: String::new(),
            ..p
        })
        .map_err(|e| Error::Internal(e.to_string())),
        Err(_) => Ok(json.to_owned()),
    }
}

#[cfg(test)]
mod tests;
