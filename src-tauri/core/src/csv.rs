//! Positions as a spreadsheet: CSV export, and an all-or-nothing CSV import that creates the
//! bouwstenen, topics, parties and sessions it does not know yet.
//!
//! Columns: `bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at`
//! (`chain_role`, `rationale`, `condition`, `session` and `recorded_at` may be left out).
//! UTF-8 with or without BOM; `,` or `;` (as Dutch Excel writes it).

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::labels::parse_chain_role;
use crate::model::*;
use crate::store::{self, Ctx, MAX_NAME, MAX_TEXT, Store};

pub const COLUMNS: [&str; 9] =
    ["bouwsteen", "topic", "party", "chain_role", "stance", "rationale", "condition", "session", "recorded_at"];
const REQUIRED: [&str; 4] = ["bouwsteen", "topic", "party", "stance"];

/// The session positions go to when a row names none: one per import.
fn default_session_title(now: DateTime<Utc>) -> String {
    format!("Import {}", now.format("%Y-%m-%d %H:%M"))
}

/// Reads a stance as −2..2, `--`/`-`/`0`/`+`/`++`, or empty for "no position" (`Some(None)`);
/// `None` when the text is none of these.
pub fn parse_stance(s: &str) -> Option<Option<i8>> {
    let s = s.trim().replace('\u{2212}', "-");
    Some(match s.as_str() {
        "" => None,
        "--" | "-2" => Some(-2),
        "-" | "-1" => Some(-1),
        "0" => Some(0),
        "+" | "1" | "+1" => Some(1),
        "++" | "2" | "+2" => Some(2),
        _ => return None,
    })
}

/// Spreadsheets run a cell that starts with `= + - @` (or a tab or carriage return) as a
/// formula; a leading apostrophe makes it text (OWASP's advice for CSV injection).
///
/// The rule, so that export → import gives back exactly what was typed: a cell gets one
/// apostrophe in front when, after any apostrophes it already starts with, it starts with a
/// formula character (`=1` → `'=1`, and `'=1` → `''=1`); import takes exactly one such
/// apostrophe off again ([`unneutralise`]). Any other text, `'t Hooft` included, is left alone.
pub fn neutralise(cell: &str) -> String {
    if starts_formula(cell.trim_start_matches('\'')) { format!("'{cell}") } else { cell.to_owned() }
}

/// Undoes [`neutralise`]: `unneutralise(&neutralise(x)) == x` for every text `x`.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

fn starts_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn row_error(line: u64, column: &'static str, nl: String, en: String) -> Error {
    Error::Import { line, column: Some(column), nl, en }
}

/// One data row, parsed but not yet matched against the dialogue.
struct Row {
    line: u64,
    bouwsteen: String,
    topic: String,
    party: String,
    chain_role: Option<ChainRole>,
    stance: Option<i8>,
    rationale: String,
    condition: String,
    session: String,
    recorded_at: Option<DateTime<Utc>>,
}

/// Imports positions from a CSV file: every row or none.
pub fn import_positions(store: &mut Store, path: &Path) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(path.display().to_string()),
        _ => Error::Io(e),
    })?;
    import_positions_bytes(store, &bytes)
}

/// Imports positions from CSV bytes: every row or none.
pub fn import_positions_bytes(store: &mut Store, bytes: &[u8]) -> Result<ImportReport> {
    let rows = parse(bytes)?;
    store.write(|tx, ctx| apply(tx, ctx, &rows))
}

fn parse(bytes: &[u8]) -> Result<Vec<Row>> {
    let text = utf8_text(bytes, None)?;
    if text.trim().is_empty() {
        return Err(Error::Import {
            line: 1,
            column: None,
            nl: format!("het bestand is leeg; verwacht een kopregel met {}", COLUMNS.join(", ")),
            en: format!("the file is empty; expected a header with {}", COLUMNS.join(", ")),
        });
    }
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    unclosed_quote(text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(&e))?.clone();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase();
        match COLUMNS.iter().find(|c| **c == h) {
            Some(c) if index.contains_key(c) => {
                return Err(Error::Import {
                    line: 1,
                    column: Some(c),
                    nl: format!("de kolom {c} staat er twee keer in"),
                    en: format!("the column {c} appears twice"),
                });
            }
            Some(c) => {
                index.insert(c, i);
            }
            None if h.is_empty() => {}
            None => {
                return Err(Error::Import {
                    line: 1,
                    column: None,
                    nl: format!("onbekende kolom \"{h}\"; verwacht: {}", COLUMNS.join(", ")),
                    en: format!("unknown column \"{h}\"; expected: {}", COLUMNS.join(", ")),
                });
            }
        }
    }
    for c in REQUIRED {
        if !index.contains_key(c) {
            return Err(Error::Import {
                line: 1,
                column: Some(c),
                nl: format!("de kolom {c} ontbreekt"),
                en: format!("the column {c} is missing"),
            });
        }
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        // Counted from the byte offset: the csv crate's own line count is off on CRLF files.
        let line = record.position().map(|p| lines.line_at(p.byte())).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // Spreadsheets leave empty rows at the end.
        }
        if record.len() > headers.len() {
            return Err(Error::Import {
                line,
                column: None,
                nl: format!("{} cellen, maar de kopregel heeft er {}", record.len(), headers.len()),
                en: format!("{} cells, but the header has {}", record.len(), headers.len()),
            });
        }
        let cell = |c: &'static str| -> String {
            index.get(c).and_then(|i| record.get(*i)).map(|v| unneutralise(v.trim()).to_owned()).unwrap_or_default()
        };
        for c in ["bouwsteen", "topic", "party"] {
            if cell(c).is_empty() {
                return Err(row_error(line, c, "mag niet leeg zijn".into(), "must not be empty".into()));
            }
        }
        let stance = parse_stance(&cell("stance")).ok_or_else(|| {
            row_error(
                line,
                "stance",
                format!("\"{}\" is geen standpunt; gebruik −2 t/m 2, --, -, 0, +, ++ of laat leeg", cell("stance")),
                format!("\"{}\" is not a stance; use −2 to 2, --, -, 0, +, ++ or leave it empty", cell("stance")),
            )
        })?;
        let role_text = cell("chain_role");
        let chain_role = if role_text.is_empty() {
            None
        } else {
            Some(parse_chain_role(&role_text).ok_or_else(|| {
                row_error(
                    line,
                    "chain_role",
                    format!("\"{role_text}\" is geen bekende ketenrol"),
                    format!("\"{role_text}\" is not a known chain role"),
                )
            })?)
        };
        let at = cell("recorded_at");
        let recorded_at = if at.is_empty() {
            None
        } else {
            Some(DateTime::parse_from_rfc3339(&at).map(|d| d.with_timezone(&Utc)).map_err(|_| {
                row_error(
                    line,
                    "recorded_at",
                    format!("\"{at}\" is geen tijdstip zoals 2022-06-14T10:00:00Z"),
                    format!("\"{at}\" is not a time such as 2022-06-14T10:00:00Z"),
                )
            })?)
        };
        for (c, max) in [
            ("bouwsteen", MAX_NAME),
            ("topic", MAX_NAME),
            ("party", MAX_NAME),
            ("session", MAX_NAME),
            ("rationale", MAX_TEXT),
            ("condition", MAX_TEXT),
        ] {
            let n = cell(c).chars().count();
            if n > max {
                return Err(row_error(
                    line,
                    c,
                    format!("{n} tekens; het maximum is {max}"),
                    format!("{n} characters; the most allowed is {max}"),
                ));
            }
        }
        // One position per topic, party and session: two rows for one would silently keep
        // only the last, so the file is refused instead.
        let same = (key(&cell("topic")), key(&cell("party")), key(&cell("session")));
        if let Some(first) = seen.insert(same, line) {
            return Err(row_error(
                line,
                "party",
                format!(
                    "dezelfde partij, hetzelfde onderwerp en dezelfde sessie als regel {first}; een partij heeft één standpunt per onderwerp per sessie"
                ),
                format!(
                    "the same party, topic and session as line {first}; a party has one position per topic per session"
                ),
            ));
        }
        rows.push(Row {
            line,
            bouwsteen: cell("bouwsteen"),
            topic: cell("topic"),
            party: cell("party"),
            chain_role,
            stance,
            rationale: cell("rationale"),
            condition: cell("condition"),
            session: cell("session"),
            recorded_at,
        });
    }
    Ok(rows)
}

/// A quote that is opened and never closed makes the rest of the file one cell; the csv crate
/// reads that without complaint, so it is found here and named by the line it opens on.
fn unclosed_quote(text: &str, delimiter: u8) -> Result<()> {
    // The line the quoted cell being read opened on; the line of one that just closed (a
    // second quote right after it is a doubled quote inside the cell, which reopens it).
    let (mut open, mut just_closed, mut line) = (None::<u64>, None::<u64>, 1u64);
    let mut field_start = true;
    for b in text.bytes() {
        if b == b'"' {
            if let Some(l) = open {
                open = None;
                just_closed = Some(l);
            } else if let Some(l) = just_closed.take() {
                open = Some(l);
            } else if field_start {
                open = Some(line);
            }
        } else {
            just_closed = None;
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = open.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
    }
    match open {
        Some(line) => Err(Error::Import {
            line,
            column: None,
            nl: "een aanhalingsteken (\") opent hier een cel die nergens wordt gesloten".into(),
            en: "a quote (\") opens a cell here that is never closed".into(),
        }),
        None => Ok(()),
    }
}

/// Line numbers for records read in order, counting each newline once (linear in the file).
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter { bytes: text.as_bytes(), counted_to: 0, newlines: 0 }
    }

    /// The 1-based line of a record the csv crate places at byte `offset`. On CRLF files it
    /// places a record at the `\n` that ends the line before, so that byte counts as passed.
    /// Blank lines before a record are skipped by the csv crate but not by its position, so
    /// they are passed over here before counting.
    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = (offset as usize).min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.counted_to {
            self.newlines += self.bytes[self.counted_to..start].iter().filter(|b| **b == b'\n').count() as u64;
            self.counted_to = start;
        }
        self.newlines + 1
    }
}

/// The bytes as text: UTF-8 with or without BOM. Anything else is refused with the line of
/// the first bad byte and what to do about it; `file` names the file in the message.
pub(crate) fn utf8_text<'a>(bytes: &'a [u8], file: Option<&str>) -> Result<&'a str> {
    let prefix = file.map(|f| format!("{f}: ")).unwrap_or_default();
    // Excel's "Unicode text" is UTF-16 with a byte-order mark: say so rather than "not UTF-8".
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Error::Import {
            line: 1,
            column: None,
            nl: format!("{prefix}het bestand is UTF-16 (\"Unicode-tekst\"), geen UTF-8; sla het op als \"CSV UTF-8\""),
            en: format!("{prefix}the file is UTF-16 (\"Unicode text\"), not UTF-8; save it as \"CSV UTF-8\""),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        Error::Import {
            line,
            column: None,
            nl: format!(
                "{prefix}het bestand is geen UTF-8 (byte {} is dat niet, bijvoorbeeld een é in Latin-1); sla het op als \"CSV UTF-8\"",
                e.valid_up_to() + 1
            ),
            en: format!(
                "{prefix}the file is not UTF-8 (byte {} is not, such as an é in Latin-1); save it as \"CSV UTF-8\"",
                e.valid_up_to() + 1
            ),
        }
    })
}

/// A reading error of the csv crate as a message in both languages, at its line.
pub(crate) fn csv_error(e: &csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => Error::Import {
            line,
            column: None,
            nl: format!("{len} cellen, maar de kopregel heeft er {expected_len}"),
            en: format!("{len} cells, but the header has {expected_len}"),
        },
        _ => {
            Error::Import { line, column: None, nl: format!("onleesbare CSV: {e}"), en: format!("unreadable CSV: {e}") }
        }
    }
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Matches every row against the dialogue, creating what is missing, and writes the positions
/// (all inside the caller's transaction).
fn apply(tx: &Connection, ctx: &Ctx, rows: &[Row]) -> Result<ImportReport> {
    let mut report = ImportReport { rows: rows.len() as i64, ..Default::default() };
    let mut bouwstenen: HashMap<String, Uuid> =
        store::list_bouwstenen_in(tx)?.into_iter().map(|b| (key(&b.name), b.id)).collect();
    let mut topics: HashMap<String, (Uuid, Uuid)> = HashMap::new();
    for t in store::list_topics_in(tx)? {
        topics.insert(key(&t.title), (t.id, t.bouwsteen_id));
        if !t.code.is_empty() {
            topics.entry(key(&t.code)).or_insert((t.id, t.bouwsteen_id));
        }
    }
    let mut parties: HashMap<String, (Uuid, ChainRole)> =
        store::list_parties_in(tx)?.into_iter().map(|p| (key(&p.name), (p.id, p.chain_role))).collect();
    let mut sessions: HashMap<String, Uuid> =
        store::list_sessions_in(tx)?.into_iter().map(|s| (key(&s.title), s.id)).collect();
    // Sessions this import creates hold no entries but its own, and the keys it wrote: in a
    // new session only a key written twice (a topic named once by title, once by code) can
    // already hold an entry, so only then is the file asked.
    let mut created_sessions: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let mut written: std::collections::HashSet<(Uuid, Uuid, Uuid)> = std::collections::HashSet::new();
    let mut checked = Vec::with_capacity(rows.len());
    let with_line = |line: u64, column: &'static str| {
        move |e: Error| match e {
            Error::Import { .. } => e,
            other => Error::Import {
                line,
                column: Some(column),
                nl: other.localized(crate::Lang::Nl),
                en: other.to_string(),
            },
        }
    };
    for row in rows {
        let bouwsteen_id = match bouwstenen.get(&key(&row.bouwsteen)) {
            Some(id) => *id,
            None => {
                let b = store::create_bouwsteen_in(
                    tx,
                    ctx,
                    BouwsteenInput { name: row.bouwsteen.clone(), description: String::new() },
                )
                .map_err(with_line(row.line, "bouwsteen"))?;
                report.bouwstenen_created += 1;
                bouwstenen.insert(key(&b.name), b.id);
                b.id
            }
        };
        let topic_id = match topics.get(&key(&row.topic)) {
            Some((id, b)) if *b == bouwsteen_id => *id,
            Some(_) => {
                return Err(row_error(
                    row.line,
                    "topic",
                    format!("het onderwerp \"{}\" hoort bij een andere bouwsteen", row.topic),
                    format!("the topic \"{}\" belongs to another bouwsteen", row.topic),
                ));
            }
            None => {
                let t = store::create_topic_in(
                    tx,
                    ctx,
                    TopicInput {
                        bouwsteen_id,
                        code: String::new(),
                        kind: TopicKind::Bottleneck,
                        title: row.topic.clone(),
                        description: String::new(),
                        priority: 2,
                        production_types: vec![],
                    },
                )
                .map_err(with_line(row.line, "topic"))?;
                report.topics_created += 1;
                topics.insert(key(&t.title), (t.id, bouwsteen_id));
                t.id
            }
        };
        let party_id = match (parties.get(&key(&row.party)), row.chain_role) {
            (Some((_, role)), Some(given)) if *role != given => {
                return Err(row_error(
                    row.line,
                    "chain_role",
                    format!("{} heeft al een andere ketenrol ({})", row.party, role.code()),
                    format!("{} already has another chain role ({})", row.party, role.code()),
                ));
            }
            (Some((id, _)), _) => *id,
            (None, None) => {
                return Err(row_error(
                    row.line,
                    "chain_role",
                    format!("de partij \"{}\" is nieuw en heeft een ketenrol nodig", row.party),
                    format!("the party \"{}\" is new and needs a chain role", row.party),
                ));
            }
            (None, Some(role)) => {
                let p = store::create_party_in(
                    tx,
                    ctx,
                    PartyInput {
                        name: row.party.clone(),
                        short_name: String::new(),
                        chain_role: role,
                        segment: None,
                        production_types: vec![],
                        colour: "#777777".into(),
                        notes: String::new(),
                    },
                )
                .map_err(with_line(row.line, "party"))?;
                report.parties_created += 1;
                parties.insert(key(&p.name), (p.id, role));
                p.id
            }
        };
        let session_title = if row.session.is_empty() { default_session_title(ctx.now) } else { row.session.clone() };
        let session_id = match sessions.get(&key(&session_title)) {
            Some(id) => *id,
            None => {
                let at = row.recorded_at.unwrap_or(ctx.now);
                let s = store::create_session_in(
                    tx,
                    ctx,
                    SessionInput {
                        title: session_title.clone(),
                        kind: SessionKind::WorkingGroup,
                        starts_at: at,
                        ends_at: at,
                        location: String::new(),
                        notes: String::new(),
                        attendee_ids: vec![],
                    },
                )
                .map_err(with_line(row.line, "session"))?;
                report.sessions_created += 1;
                created_sessions.insert(s.id);
                sessions.insert(key(&session_title), s.id);
                s.id
            }
        };
        let input = PositionInput {
            topic_id,
            party_id,
            session_id,
            stance: row.stance,
            rationale: row.rationale.clone(),
            condition: row.condition.clone(),
            quote: String::new(),
        };
        // The ids come from the maps above (read or created in this transaction), so only the
        // row's own fields need checking.
        let input = store::check_position(input).map_err(with_line(row.line, "stance"))?;
        checked.push((row.line, input, row.recorded_at.unwrap_or(ctx.now)));
    }
    // Every row is checked and resolved; now the positions go in in the order of their
    // (topic, party, session) key, the order of the table's unique index, so each index page
    // is visited once instead of at random (a stable sort: of two rows for one key, the later
    // in the file is written last and stays).
    checked.sort_by_key(|(_, p, _)| (p.topic_id, p.party_id, p.session_id));
    for (line, input, recorded_at) in checked {
        let (topic_id, party_id, session_id) = (input.topic_id, input.party_id, input.session_id);
        let fresh = written.insert((topic_id, party_id, session_id)) && created_sessions.contains(&session_id);
        let existing = if fresh { None } else { store::find_position_in(tx, topic_id, party_id, session_id)? };
        store::write_position_in(tx, ctx, input, existing, recorded_at).map_err(with_line(line, "stance"))?;
        report.positions_written += 1;
    }
    Ok(report)
}

/// Writes every position (all sessions) as CSV with a header; returns the number of rows.
/// Written to a temporary file beside the target and renamed, so a failure leaves no half file.
pub fn export_positions(store: &Store, path: &Path) -> Result<i64> {
    let bytes = export_positions_bytes(store)?;
    let tmp = path.with_extension("csv.tmp");
    std::fs::write(&tmp, &bytes.0)?;
    std::fs::rename(&tmp, path)?;
    Ok(bytes.1)
}

/// The export as bytes (UTF-8, comma-separated, no BOM) and its row count.
pub fn export_positions_bytes(store: &Store) -> Result<(Vec<u8>, i64)> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record(COLUMNS).map_err(io)?;
    let rows = position_rows(store)?;
    for row in &rows {
        // Every free-text cell neutralised; the chain role code, stance and time are ours.
        let record: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| if [3, 4, 8].contains(&i) { c.clone() } else { neutralise(c) })
            .collect();
        w.write_record(&record).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Internal(e.to_string()))?;
    Ok((bytes, rows.len() as i64))
}

/// Every position as a row of the import/export columns (`COLUMNS`), values as stored:
/// sessions in time order, then bouwsteen order, topic title and party name — a stable,
/// readable sheet that a dialogue rebuilt from it (which has no topic codes) exports alike.
pub fn position_rows(store: &Store) -> Result<Vec<[String; 9]>> {
    let bouwstenen: HashMap<Uuid, Bouwsteen> = store.list_bouwstenen()?.into_iter().map(|b| (b.id, b)).collect();
    let topics: HashMap<Uuid, Topic> = store.list_topics()?.into_iter().map(|t| (t.id, t)).collect();
    let parties: HashMap<Uuid, Party> = store.list_parties()?.into_iter().map(|p| (p.id, p)).collect();
    let sessions: HashMap<Uuid, Session> = store.list_sessions()?.into_iter().map(|s| (s.id, s)).collect();
    let mut positions = store.list_positions()?;
    positions.sort_by_key(|p| {
        let t = topics.get(&p.topic_id);
        (
            sessions.get(&p.session_id).map(|s| s.starts_at),
            t.and_then(|t| bouwstenen.get(&t.bouwsteen_id)).map(|b| b.position),
            t.map(|t| t.title.to_lowercase()),
            parties.get(&p.party_id).map(|x| x.name.to_lowercase()),
        )
    });
    let mut rows = Vec::with_capacity(positions.len());
    for p in positions {
        let (Some(t), Some(party), Some(s)) =
            (topics.get(&p.topic_id), parties.get(&p.party_id), sessions.get(&p.session_id))
        else {
            continue;
        };
        let b = bouwstenen.get(&t.bouwsteen_id).map(|b| b.name.clone()).unwrap_or_default();
        rows.push([
            b,
            t.title.clone(),
            party.name.clone(),
            party.chain_role.code().to_owned(),
            p.stance.map(|s| s.to_string()).unwrap_or_default(),
            p.rationale.clone(),
            p.condition.clone(),
            s.title.clone(),
            p.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ]);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn demo() -> Store {
        let mut s = Store::in_memory("demo").unwrap();
        crate::demo::populate(&mut s).unwrap();
        s
    }

    fn assert_same(a: &[String], b: &[String]) {
        assert_eq!(a.len(), b.len(), "row counts differ");
        if let Some(i) = (0..a.len()).find(|i| a[*i] != b[*i]) {
            panic!("row {i} differs:\n  {}\n  {}", a[i], b[i]);
        }
    }

    /// Positions as comparable rows: names instead of ids.
    fn rows(store: &Store) -> Vec<String> {
        let text = String::from_utf8(export_positions_bytes(store).unwrap().0).unwrap();
        text.lines().map(str::to_owned).collect()
    }

    const GOOD: &str = "bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at
Zichtbaarheid,Filmtheaters in de regio,Filmhuis Noord,bioscoop / filmtheater,++,Publiek buiten de Randstad,,Werkgroep juni,2022-06-14T10:00:00Z
Zichtbaarheid,Filmtheaters in de regio,Omroep West,Publieke omroep,-,,mits de omroep meebetaalt,Werkgroep juni,2022-06-14T10:05:00Z
Zichtbaarheid,Filmtheaters in de regio,Stroomdienst,streamer,,,,Werkgroep juni,
";

    #[test]
    fn import_creates_what_is_missing_and_records_positions() {
        let mut s = Store::in_memory("t").unwrap();
        let r = import_positions_bytes(&mut s, GOOD.as_bytes()).unwrap();
        assert_eq!(
            r,
            ImportReport {
                rows: 3,
                positions_written: 3,
                bouwstenen_created: 1,
                topics_created: 1,
                parties_created: 3,
                sessions_created: 1
            }
        );
        let parties = s.list_parties().unwrap();
        let west = parties.iter().find(|p| p.name == "Omroep West").unwrap();
        assert_eq!(west.chain_role, ChainRole::PublicBroadcaster);
        let pos = s.list_positions().unwrap();
        let w = pos.iter().find(|p| p.party_id == west.id).unwrap();
        assert_eq!(w.stance, Some(-1));
        assert_eq!(w.condition, "mits de omroep meebetaalt");
        assert_eq!(w.recorded_at.to_rfc3339(), "2022-06-14T10:05:00+00:00");
        assert_eq!(pos.iter().filter(|p| p.stance.is_none()).count(), 1, "an empty stance is 'no position'");
    }

    #[test]
    fn a_bad_stance_on_line_7_names_it_and_writes_nothing() {
        let mut s = demo();
        let before = rows(&s);
        let counts = s.counts().unwrap();
        let mut csv = String::from("bouwsteen;topic;party;chain_role;stance\n");
        for i in 0..5 {
            csv.push_str(&format!("Zichtbaarheid;Nieuw onderwerp;Nieuwe partij {i};maker;+\n"));
        }
        csv.push_str("Zichtbaarheid;Nieuw onderwerp;Nieuwe partij;maker;heel erg voor\n"); // line 7
        let err = import_positions_bytes(&mut s, csv.as_bytes()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ImportFailed);
        assert_eq!(err.field(), Some("stance"));
        assert!(
            err.localized(crate::Lang::Nl).starts_with("Regel 7, kolom stance:"),
            "{}",
            err.localized(crate::Lang::Nl)
        );
        assert!(err.to_string().starts_with("Line 7, column stance:"));
        assert_same(&rows(&s), &before);
        assert_eq!(s.counts().unwrap(), counts);
    }

    #[test]
    fn bom_semicolons_and_dutch_labels_are_read() {
        let mut s = Store::in_memory("t").unwrap();
        let csv = "\u{FEFF}Bouwsteen;Topic;Party;Chain_role;Stance\r\nTalent;Crew;Gilde;Maker;−2\r\n;;;;\r\n";
        let r = import_positions_bytes(&mut s, csv.as_bytes()).unwrap();
        assert_eq!(r.positions_written, 1);
        assert_eq!(s.list_positions().unwrap()[0].stance, Some(-2));
    }

    #[test]
    fn clear_errors_for_broken_files() {
        let mut s = Store::in_memory("t").unwrap();
        let cases: [(&[u8], u64, Option<&str>); 6] = [
            (b"bouwsteen,topic,party\nA,B,C\n", 1, Some("stance")),
            (b"bouwsteen,topic,party,stance,colour\n", 1, None),
            (b"bouwsteen,topic,party,stance\nA,B,Nieuw,+\n", 2, Some("chain_role")),
            (b"bouwsteen,topic,party,chain_role,stance\nA,,C,maker,+\n", 2, Some("topic")),
            (b"bouwsteen,topic,party,chain_role,stance,recorded_at\nA,B,C,maker,+,gisteren\n", 2, Some("recorded_at")),
            (b"bouwsteen,topic,party,chain_role,stance\nA,B,C,maker,+\nA,B,D,bakker,+\n", 3, Some("chain_role")),
        ];
        for (bytes, line, column) in cases {
            let e = import_positions_bytes(&mut s, bytes).unwrap_err();
            match &e {
                Error::Import { line: l, column: c, .. } => {
                    assert_eq!((*l, *c), (line, column), "{}", String::from_utf8_lossy(bytes));
                }
                other => panic!("{other}"),
            }
        }
        let latin1 = b"bouwsteen,topic,party,chain_role,stance\nA,Caf\xe9,C,maker,+\n";
        let e = import_positions_bytes(&mut s, latin1).unwrap_err();
        assert!(e.localized(crate::Lang::Nl).contains("UTF-8"));
        assert_eq!(s.counts().unwrap().positions, 0);
        assert_eq!(s.counts().unwrap().parties, 0, "nothing of the first good row was kept");
    }

    #[test]
    fn export_then_import_reproduces_the_positions() {
        let mut s = demo();
        // Text that a spreadsheet would run as a formula.
        let t = s.list_topics().unwrap()[0].clone();
        let p = s.list_parties().unwrap()[0].clone();
        let sess = s.list_sessions().unwrap()[0].clone();
        s.record_position(PositionInput {
            topic_id: t.id,
            party_id: p.id,
            session_id: sess.id,
            stance: Some(-1),
            rationale: "=HYPERLINK(\"http://x\")".into(),
            condition: "+31 procent, mits".into(),
            quote: String::new(),
        })
        .unwrap();
        let (bytes, n) = export_positions_bytes(&s).unwrap();
        assert_eq!(n, s.counts().unwrap().positions);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("'=HYPERLINK"), "formulas are neutralised");
        assert!(text.contains("'+31 procent"));
        assert!(!text.lines().skip(1).any(|l| l.starts_with(['=', '+', '-', '@'])));

        // Into an empty dialogue: everything is created and exports the same.
        let mut fresh = Store::in_memory("leeg").unwrap();
        import_positions_bytes(&mut fresh, &bytes).unwrap();
        assert_same(&rows(&fresh), &rows(&s));
        assert!(fresh.list_positions().unwrap().iter().any(|p| p.rationale == "=HYPERLINK(\"http://x\")"));
        // Into the same dialogue: nothing changes.
        let before = rows(&s);
        let counts = s.counts().unwrap();
        import_positions_bytes(&mut s, &bytes).unwrap();
        assert_same(&rows(&s), &before);
        assert_eq!(s.counts().unwrap().positions, counts.positions);
    }

    #[test]
    fn line_numbers_with_crlf_and_lf() {
        let mut s = Store::in_memory("t").unwrap();
        let csv = "bouwsteen,topic,party,chain_role,stance\nA,B,C,maker,+\nA,B,D,maker,+\nA,B,E,maker,x\n";
        match import_positions_bytes(&mut s, csv.as_bytes()).unwrap_err() {
            Error::Import { line, .. } => assert_eq!(line, 4),
            other => panic!("{other}"),
        }
        let mut s = Store::in_memory("t").unwrap();
        let csv =
            "\u{FEFF}bouwsteen;topic;party;chain_role;stance\r\nA;B;C;maker;+\r\nA;B;D;maker;+\r\nA;B;E;maker;x\r\n";
        match import_positions_bytes(&mut s, csv.as_bytes()).unwrap_err() {
            Error::Import { line, .. } => assert_eq!(line, 4),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn stances() {
        for (text, want) in [
            ("--", Some(-2)),
            ("-1", Some(-1)),
            ("0", Some(0)),
            ("+", Some(1)),
            ("++", Some(2)),
            (" 2 ", Some(2)),
            ("", None),
        ] {
            assert_eq!(parse_stance(text), Some(want), "{text:?}");
        }
        for bad in ["3", "+++", "voor", "1.0"] {
            assert_eq!(parse_stance(bad), None, "{bad:?}");
        }
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(unneutralise("'@SUM"), "@SUM");
        assert_eq!(unneutralise("'t Hooft"), "'t Hooft");
        assert_eq!(neutralise("'t Hooft"), "'t Hooft");
        // Text that already starts with an apostrophe and a formula character keeps it.
        assert_eq!(neutralise("'=1"), "''=1");
        for text in ["=1", "'=1", "''-2", "'", "''", "@", "'t", "x'=", "\tx", "\rx", ""] {
            assert_eq!(unneutralise(&neutralise(text)), text, "{text:?}");
        }
    }

    #[test]
    fn duplicate_rows_and_overlong_cells_are_named() {
        let mut s = Store::in_memory("t").unwrap();
        let dup = b"bouwsteen,topic,party,chain_role,stance\nA,B,C,maker,+\nA,b,c ,maker,-\n";
        match import_positions_bytes(&mut s, dup).unwrap_err() {
            Error::Import { line, column, nl, en } => {
                assert_eq!((line, column), (3, Some("party")));
                assert!(nl.contains("regel 2") && en.contains("line 2"), "{nl} / {en}");
            }
            other => panic!("{other}"),
        }
        let long = format!("bouwsteen,topic,party,chain_role,stance,rationale\nA,B,C,maker,+,{}\n", "x".repeat(20_001));
        match import_positions_bytes(&mut s, long.as_bytes()).unwrap_err() {
            Error::Import { line, column, nl, .. } => {
                assert_eq!((line, column), (2, Some("rationale")));
                assert!(nl.contains("20001 tekens"), "{nl}");
            }
            other => panic!("{other}"),
        }
        assert_eq!(s.counts().unwrap().parties, 0);
    }
}
