//! Pol.is conversations: an export folder (`comments.csv`, `participants-votes.csv`) imported
//! as topics, parties and positions, all or nothing.
//!
//! Each statement not moderated out (−1) becomes a topic whose code is its comment-id (a
//! topic with that code already there is reused, so a second import adds nothing); each
//! participant becomes a party "Deelnemer N" whose group-id is its segment; each vote becomes
//! a position in one session: 1 → +1, −1 → −1, 0 (pass) → no position, blank → nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{self, Store};

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

fn read(dir: &Path, name: &str) -> Result<String> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(path.display().to_string()),
        _ => Error::Io(e),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|_| file_error(name, 1, "is geen UTF-8".into(), "is not UTF-8".into()))
}

fn column(headers: &csv::StringRecord, file: &str, name: &'static str) -> Result<usize> {
    headers.iter().position(|h| h.trim() == name).ok_or_else(|| Error::Import {
        line: 1,
        column: Some(name),
        nl: format!("{file}: de kolom {name} ontbreekt"),
        en: format!("{file}: the column {name} is missing"),
    })
}

fn comments(dir: &Path) -> Result<Vec<Comment>> {
    let text = read(dir, "comments.csv")?;
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().map_err(|e| file_error("comments.csv", 1, e.to_string(), e.to_string()))?.clone();
    let (id, body, moderated, ts) = (
        column(&h, "comments.csv", "comment-id")?,
        column(&h, "comments.csv", "comment-body")?,
        column(&h, "comments.csv", "moderated")?,
        column(&h, "comments.csv", "timestamp")?,
    );
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| file_error("comments.csv", line, e.to_string(), e.to_string()))?;
        if rec.get(moderated).map(str::trim) == Some("-1") {
            continue;
        }
        let cid = rec.get(id).unwrap_or("").trim().to_owned();
        if cid.is_empty() || cid.parse::<u64>().is_err() {
            return Err(file_error(
                "comments.csv",
                line,
                format!("ongeldig comment-id \"{cid}\""),
                format!("invalid comment-id \"{cid}\""),
            ));
        }
        let at =
            rec.get(ts).and_then(|t| t.trim().parse::<i64>().ok()).and_then(DateTime::<Utc>::from_timestamp_millis);
        out.push(Comment { id: cid, body: rec.get(body).unwrap_or("").trim().to_owned(), at });
    }
    Ok(out)
}

/// Imports the Pol.is export in `dir` into `store`, in one transaction.
pub fn import(store: &mut Store, dir: &Path) -> Result<PolisReport> {
    let comments = comments(dir)?;
    let votes_text = read(dir, "participants-votes.csv")?;
    let mut r = csv::Reader::from_reader(votes_text.as_bytes());
    let h = r.headers().map_err(|e| file_error("participants-votes.csv", 1, e.to_string(), e.to_string()))?.clone();
    let participant = column(&h, "participants-votes.csv", "participant")?;
    let group = column(&h, "participants-votes.csv", "group-id")?;
    let vote_columns: Vec<(usize, String)> = h
        .iter()
        .enumerate()
        .filter(|(_, name)| name.trim().parse::<u64>().is_ok())
        .map(|(i, n)| (i, n.trim().to_owned()))
        .collect();
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| file_error("participants-votes.csv", line, e.to_string(), e.to_string()))?;
        let who = rec.get(participant).unwrap_or("").trim().to_owned();
        if who.is_empty() {
            return Err(file_error(
                "participants-votes.csv",
                line,
                "deelnemer ontbreekt".into(),
                "participant missing".into(),
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
                        nl: format!("participants-votes.csv, kolom {cid}: \"{other}\" is geen stem (1, -1, 0 of leeg)"),
                        en: format!(
                            "participants-votes.csv, column {cid}: \"{other}\" is not a vote (1, -1, 0 or empty)"
                        ),
                    });
                }
            };
            votes.push((cid.clone(), stance));
        }
        rows.push((who, rec.get(group).unwrap_or("").trim().to_owned(), votes));
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
