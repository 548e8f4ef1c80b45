//! Pol.is conversations: an export folder (`comments.csv`, `participants-votes.csv`) imported
//! as topics, parties and positions, all or nothing.
//!
//! Each statement not moderated out (−1) becomes a topic whose code is its comment-id (a
//! topic with that code already there is reused, so a second import adds nothing); each
//! participant becomes a party "Deelnemer N" whose group-id is its segment; each vote becomes
//! a position in one session: 1 → +1, −1 → −1, 0 (pass) → no position, blank → nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::csv::{LineCounter, utf8_text};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{self, MAX_TEXT, Store};

/// What the import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct PolisReport {
    pub topics: i64,
    pub parties: i64,
    pub positions: i64,
}

struct Comment {
    id: String,
    body: String,
    at: Option<DateTime<Utc>>,
}

fn file_error(file: &str, line: u64, nl: String, en: String) -> Error {
    Error::Import { line, column: None, nl: format!("{file}: {nl}"), en: format!("{file}: {en}") }
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(path.display().to_string()),
        _ => Error::Io(e),
    })
}

fn column(headers: &csv::StringRecord, file: &str, name: &'static str) -> Result<usize> {
    headers.iter().position(|h| h.trim() == name).ok_or_else(|| Error::Import {
        line: 1,
        column: Some(name),
        nl: format!("{file}: de kolom {name} ontbreekt"),
        en: format!("{file}: the column {name} is missing"),
    })
}

/// A csv crate error with the file named in front.
fn read_error(file: &str, e: &csv::Error) -> Error {
    match crate::csv::csv_error(e) {
        Error::Import { line, column, nl, en } => {
            Error::Import { line, column, nl: format!("{file}: {nl}"), en: format!("{file}: {en}") }
        }
        other => other,
    }
}

/// The 1-based line a record starts on (the csv crate's own count is off on CRLF files).
fn line_of(lines: &mut LineCounter, rec: &csv::StringRecord) -> u64 {
    rec.position().map(|p| lines.line_at(p.byte())).unwrap_or(0)
}

/// The statements not moderated out, and the ids of all statements (votes on moderated ones
/// are expected and skipped).
fn comments(bytes: &[u8]) -> Result<(Vec<Comment>, HashSet<String>)> {
    const FILE: &str = "comments.csv";
    let text = utf8_text(bytes, Some(FILE))?;
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().map_err(|e| read_error(FILE, &e))?.clone();
    let (id, body, moderated, ts) = (
        column(&h, FILE, "comment-id")?,
        column(&h, FILE, "comment-body")?,
        column(&h, FILE, "moderated")?,
        column(&h, FILE, "timestamp")?,
    );
    let mut out = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut lines = LineCounter::new(text);
    for rec in r.records() {
        let rec = rec.map_err(|e| read_error(FILE, &e))?;
        let line = line_of(&mut lines, &rec);
        let cid = rec.get(id).unwrap_or("").trim().to_owned();
        if cid.is_empty() || cid.len() > 20 || cid.parse::<u64>().is_err() {
            return Err(file_error(
                FILE,
                line,
                format!("ongeldig comment-id \"{}\" (verwacht een geheel getal)", shorten(&cid)),
                format!("invalid comment-id \"{}\" (expected a whole number)", shorten(&cid)),
            ));
        }
        // Two statements under one id: votes could not tell them apart.
        if let Some(first) = seen.insert(cid.clone(), line) {
            return Err(file_error(
                FILE,
                line,
                format!("comment-id {cid} staat ook al op regel {first}"),
                format!("comment-id {cid} is also on line {first}"),
            ));
        }
        if rec.get(moderated).map(str::trim) == Some("-1") {
            continue;
        }
        let text = rec.get(body).unwrap_or("").trim();
        let n = text.chars().count();
        if n > MAX_TEXT {
            return Err(file_error(
                FILE,
                line,
                format!("stelling {cid} is {n} tekens lang; het maximum is {MAX_TEXT}"),
                format!("statement {cid} is {n} characters long; the most allowed is {MAX_TEXT}"),
            ));
        }
        let at =
            rec.get(ts).and_then(|t| t.trim().parse::<i64>().ok()).and_then(DateTime::<Utc>::from_timestamp_millis);
        out.push(Comment { id: cid, body: text.to_owned(), at });
    }
    let ids = seen.into_keys().collect();
    Ok((out, ids))
}

/// At most 40 characters of a bad value, for a message.
fn shorten(s: &str) -> String {
    if s.chars().count() > 40 { s.chars().take(40).chain(['…']).collect() } else { s.to_owned() }
}

/// Imports the Pol.is export in `dir` into `store`, in one transaction.
pub fn import(store: &mut Store, dir: &Path) -> Result<PolisReport> {
    if !dir.is_dir() {
        return Err(if dir.exists() {
            Error::Import {
                line: 0,
                column: None,
                nl: format!("{} is geen map; kies de map van de Pol.is-export (met comments.csv)", dir.display()),
                en: format!(
                    "{} is not a folder; choose the folder of the Pol.is export (with comments.csv)",
                    dir.display()
                ),
            }
        } else {
            Error::FileNotFound(dir.display().to_string())
        });
    }
    let comments = read(dir, "comments.csv")?;
    let votes = read(dir, "participants-votes.csv")?;
    import_bytes(store, &comments, &votes)
}

/// Imports a Pol.is export from the contents of its `comments.csv` and
/// `participants-votes.csv`, in one transaction.
pub fn import_bytes(store: &mut Store, comments_csv: &[u8], votes_csv: &[u8]) -> Result<PolisReport> {
    const FILE: &str = "participants-votes.csv";
    let (comments, known) = comments(comments_csv)?;
    let votes_text = utf8_text(votes_csv, Some(FILE))?;
    let mut r = csv::Reader::from_reader(votes_text.as_bytes());
    let h = r.headers().map_err(|e| read_error(FILE, &e))?.clone();
    let participant = column(&h, FILE, "participant")?;
    let group = column(&h, FILE, "group-id")?;
    let vote_columns: Vec<(usize, String)> = h
        .iter()
        .enumerate()
        .filter(|(_, name)| name.trim().parse::<u64>().is_ok())
        .map(|(i, n)| (i, n.trim().to_owned()))
        .collect();
    // Every vote column must name a statement of comments.csv (once): a vote on a statement
    // that is not there would otherwise vanish without a word.
    let mut columns_seen = HashSet::new();
    for (_, cid) in &vote_columns {
        if !columns_seen.insert(cid.as_str()) {
            return Err(file_error(
                FILE,
                1,
                format!("de kolom {cid} staat er twee keer in"),
                format!("the column {cid} appears twice"),
            ));
        }
        if !known.contains(cid) {
            return Err(file_error(
                FILE,
                1,
                format!("de kolom {cid} hoort bij stelling {cid}, maar die staat niet in comments.csv"),
                format!("the column {cid} belongs to statement {cid}, which is not in comments.csv"),
            ));
        }
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut lines = LineCounter::new(votes_text);
    for rec in r.records() {
        let rec = rec.map_err(|e| read_error(FILE, &e))?;
        let line = line_of(&mut lines, &rec);
        let who = rec.get(participant).unwrap_or("").trim().to_owned();
        if who.is_empty() {
            return Err(file_error(FILE, line, "deelnemer ontbreekt".into(), "participant missing".into()));
        }
        if who.len() > 20 || who.parse::<u64>().is_err() {
            return Err(file_error(
                FILE,
                line,
                format!("ongeldig deelnemernummer \"{}\" (verwacht een geheel getal)", shorten(&who)),
                format!("invalid participant number \"{}\" (expected a whole number)", shorten(&who)),
            ));
        }
        if let Some(first) = seen.insert(who.clone(), line) {
            return Err(file_error(
                FILE,
                line,
                format!("deelnemer {who} staat ook al op regel {first}"),
                format!("participant {who} is also on line {first}"),
            ));
        }
        let group_id = rec.get(group).unwrap_or("").trim().to_owned();
        if !group_id.is_empty() && (group_id.len() > 20 || group_id.parse::<u64>().is_err()) {
            return Err(file_error(
                FILE,
                line,
                format!("ongeldige group-id \"{}\" (verwacht een geheel getal of niets)", shorten(&group_id)),
                format!("invalid group-id \"{}\" (expected a whole number or nothing)", shorten(&group_id)),
            ));
        }
        let mut votes = Vec::new();
        for (col, cid) in &vote_columns {
            let stance = match rec.get(*col).map(str::trim).unwrap_or("") {
                "" => continue,
                "1" => Some(1),
                "-1" => Some(-1),
                "0" => None,
                other => {
                    return Err(Error::Import {
                        line,
                        column: None,
                        nl: format!("{FILE}, kolom {cid}: \"{}\" is geen stem (1, -1, 0 of leeg)", shorten(other)),
                        en: format!("{FILE}, column {cid}: \"{}\" is not a vote (1, -1, 0 or empty)", shorten(other)),
                    });
                }
            };
            votes.push((cid.clone(), stance));
        }
        rows.push((who, group_id, votes));
    }
    let started = comments.iter().filter_map(|c| c.at).min().unwrap_or_else(Utc::now);
    store.write(|tx, ctx| {
        let mut report = PolisReport::default();
        let bouwsteen = match store::list_bouwstenen_in(tx)?.into_iter().find(|b| b.name == "Pol.is") {
            Some(b) => b,
            None => store::create_bouwsteen_in(
                tx,
                ctx,
                BouwsteenInput { name: "Pol.is".into(), description: "Stellingen uit een Pol.is-gesprek".into() },
            )?,
        };
        let mut topics: HashMap<String, Uuid> =
            store::list_topics_in(tx)?.into_iter().filter(|t| !t.code.is_empty()).map(|t| (t.code, t.id)).collect();
        for c in &comments {
            let code = c.id.clone();
            if topics.contains_key(&code) {
                continue;
            }
            // Titles are short; a long statement is kept whole in the description.
            let title: String = if c.body.chars().count() > 280 {
                c.body.chars().take(279).chain(['…']).collect()
            } else {
                c.body.clone()
            };
            let title = if title.is_empty() { format!("Stelling {}", c.id) } else { title };
            let t = store::create_topic_in(
                tx,
                ctx,
                TopicInput {
                    bouwsteen_id: bouwsteen.id,
                    code: code.clone(),
                    kind: TopicKind::SolutionDirection,
                    title,
                    description: c.body.clone(),
                    priority: 2,
                    production_types: vec![],
                },
            )?;
            topics.insert(code, t.id);
            report.topics += 1;
        }
        let session = match store::list_sessions_in(tx)?.into_iter().find(|s| s.title == "Pol.is-stemming") {
            Some(s) => s,
            None => store::create_session_in(
                tx,
                ctx,
                SessionInput {
                    title: "Pol.is-stemming".into(),
                    kind: SessionKind::WorkingGroup,
                    starts_at: started,
                    ends_at: started,
                    location: "Pol.is".into(),
                    notes: String::new(),
                    attendee_ids: vec![],
                },
            )?,
        };
        let mut parties: HashMap<String, Uuid> =
            store::list_parties_in(tx)?.into_iter().map(|p| (p.name, p.id)).collect();
        for (who, group, votes) in &rows {
            let name = format!("Deelnemer {who}");
            let party_id = match parties.get(&name) {
                Some(id) => *id,
                None => {
                    let p = store::create_party_in(
                        tx,
                        ctx,
                        PartyInput {
                            name: name.clone(),
                            short_name: who.clone(),
                            chain_role: ChainRole::Other,
                            segment: Some(if group.is_empty() { String::new() } else { format!("groep {group}") }),
                            production_types: vec![],
                            colour: "#777777".into(),
                            notes: String::new(),
                        },
                    )?;
                    parties.insert(name, p.id);
                    report.parties += 1;
                    p.id
                }
            };
            for (cid, stance) in votes {
                // Votes on statements that were moderated out have no topic.
                let Some(topic_id) = topics.get(cid) else { continue };
                let input = PositionInput {
                    topic_id: *topic_id,
                    party_id,
                    session_id: session.id,
                    stance: *stance,
                    rationale: String::new(),
                    condition: String::new(),
                    quote: String::new(),
                };
                store::set_position_in(tx, ctx, input, started)?;
                report.positions += 1;
            }
        }
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polis-london-youth-policing")
    }

    #[test]
    fn london_youth_policing_gives_36_topics_26_parties_and_the_column_tallies() {
        let dir = shared();
        if !dir.exists() {
            // The shared data sits beside the checkout on the project's machines and CI.
            panic!("missing {}", dir.display());
        }
        let mut s = Store::in_memory("polis").unwrap();
        let r = import(&mut s, &dir).unwrap();
        assert_eq!((r.topics, r.parties), (36, 26));
        // Tally each statement column of participants-votes.csv independently.
        let text = std::fs::read_to_string(dir.join("participants-votes.csv")).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mut tally: HashMap<String, [i64; 3]> = HashMap::new(); // agree, disagree, pass
        for line in lines {
            for (i, cell) in line.split(',').enumerate().skip(7) {
                let slot = match cell.trim() {
                    "1" => 0,
                    "-1" => 1,
                    "0" => 2,
                    _ => continue,
                };
                tally.entry(header[i].to_owned()).or_default()[slot] += 1;
            }
        }
        let topics = s.list_topics().unwrap();
        let positions = s.list_positions().unwrap();
        for t in &topics {
            let cid = t.code.as_str();
            let mine: Vec<_> = positions.iter().filter(|p| p.topic_id == t.id).collect();
            let got = [
                mine.iter().filter(|p| p.stance == Some(1)).count() as i64,
                mine.iter().filter(|p| p.stance == Some(-1)).count() as i64,
                mine.iter().filter(|p| p.stance.is_none()).count() as i64,
            ];
            assert_eq!(got, tally.get(cid).copied().unwrap_or_default(), "statement {cid}");
        }
        let segments: std::collections::BTreeSet<_> =
            s.list_parties().unwrap().into_iter().map(|p| p.segment).collect();
        assert!(segments.contains("groep 0") || segments.contains("groep 1"), "{segments:?}");
        // Importing again changes nothing.
        let counts = s.counts().unwrap();
        let again = import(&mut s, &dir).unwrap();
        assert_eq!((again.topics, again.parties), (0, 0));
        assert_eq!(s.counts().unwrap().positions, counts.positions);
    }

    #[test]
    fn a_bad_vote_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("comments.csv"), "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,1,1,0,0,1,Meer blauw op straat\n").unwrap();
        std::fs::write(
            dir.path().join("participants-votes.csv"),
            "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,1\n1,,0,0,1,1,0,1\n2,,0,0,1,1,0,ja\n",
        )
        .unwrap();
        let mut s = Store::in_memory("t").unwrap();
        let e = import(&mut s, dir.path()).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::ImportFailed);
        assert!(e.localized(crate::Lang::Nl).contains("Regel 3"), "{}", e.localized(crate::Lang::Nl));
        assert_eq!(s.counts().unwrap().topics, 0);
        assert_eq!(s.counts().unwrap().parties, 0);
        let missing = import(&mut s, &dir.path().join("nergens")).unwrap_err();
        assert_eq!(missing.code(), crate::ErrorCode::FileNotFound);
    }
}
