//! Full-text search over the `search_index` FTS5 table: migration 2's triggers keep topics,
//! verdict notes and actions in it; positions are indexed here in batches ([`flush`]): the new
//! ones the audit log records (migration 6), the changed and deleted ones migration 5's
//! triggers queue.

use rusqlite::{Connection, Row};

use super::opt_uuid_at;
use crate::error::Result;
use crate::model::SearchHit;

/// Marks around matched words in a snippet: private-use characters, never in user text.
pub(crate) const MARK_START: char = '\u{E000}';
pub(crate) const MARK_END: char = '\u{E001}';

/// Turns what a person typed into an FTS5 query: every word must occur, each as a prefix,
/// quoted so FTS5 operators and punctuation in the input mean nothing.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn from_row(r: &Row) -> rusqlite::Result<SearchHit> {
    Ok(SearchHit {
        kind: r.get(0)?,
        topic_id: opt_uuid_at(r, 1)?,
        bouwsteen_id: opt_uuid_at(r, 2)?,
        party_id: opt_uuid_at(r, 3)?,
        session_id: opt_uuid_at(r, 4)?,
        action_id: opt_uuid_at(r, 5)?,
        snippet: r.get(6)?,
    })
}

/// How many matches of position texts a search ranks at most: the most recently indexed
/// ones. bm25 reads every match's statistics, so ranking the 130,000 matches a common word has
/// in a million positions takes a quarter of a second; topics, verdict notes and actions (negative
/// rowids, migration 5) are always ranked in full.
pub(crate) const RANKED_POSITION_MATCHES: i64 = 5_000;

/// Up to `limit` hits, best first. Each hit names its topic and bouwsteen where it has one.
/// Queued positions must have been indexed first ([`flush`]).
pub(crate) fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    // The lowest rowid of the newest matching position texts: walking the matches newest first
    // stops after RANKED_POSITION_MATCHES, without reading any match's statistics.
    let floor: i64 = conn
        .prepare_cached(
            "SELECT coalesce(min(rowid), 0) FROM (
                 SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid > 0 ORDER BY rowid DESC LIMIT ?2
             )",
        )?
        .query_row(rusqlite::params![query, RANKED_POSITION_MATCHES], |r| r.get(0))?;
    // Rank first and take the best `limit`; only then the snippets and the joins, for those
    // alone. A floor of 0 (no position text matches) leaves the second scan empty.
    let floor = floor.max(1);
    let mut stmt = conn.prepare_cached(
        // Two scans, each with a rowid range FTS5 applies itself (it does not for an OR).
        // The text comes from the index's own content by rowid, not through snippet(): that
        // would run the (prefix) query again for every hit.
        "WITH top AS (
             SELECT fts_rowid, rank FROM (
                 SELECT rowid AS fts_rowid, bm25(search_index) AS rank FROM search_index
                 WHERE search_index MATCH ?1 AND rowid < 0
                 UNION ALL
                 SELECT rowid, bm25(search_index) FROM search_index
                 WHERE search_index MATCH ?1 AND rowid >= ?3
             )
             ORDER BY rank LIMIT ?2
         ), hits AS (
             SELECT m.kind, m.ref_id, top.rank, c.c0 AS body
             FROM top JOIN search_map m ON m.fts_rowid = top.fts_rowid
             JOIN search_index_content c ON c.id = top.fts_rowid -- FTS5's own copy of the text
         )
         SELECT h.kind,
                coalesce(p.topic_id, a.topic_id, CASE WHEN h.kind IN ('topic', 'verdict_note') THEN h.ref_id END) AS topic_id,
                t.bouwsteen_id, p.party_id, p.session_id,
                CASE WHEN h.kind = 'action' THEN h.ref_id END,
                h.body
         FROM hits h
         LEFT JOIN positions p ON h.kind IN ('rationale', 'condition', 'quote') AND p.id = h.ref_id
         LEFT JOIN actions a ON h.kind = 'action' AND a.id = h.ref_id
         LEFT JOIN topics t ON t.id = coalesce(p.topic_id, a.topic_id, CASE WHEN h.kind IN ('topic', 'verdict_note') THEN h.ref_id END)
         ORDER BY h.rank",
    )?;
    let terms = query_terms(input);
    let rows = stmt.query_map(rusqlite::params![query, limit as i64, floor], |r| {
        let mut hit = from_row(r)?;
        hit.snippet = snippet(&hit.snippet, &terms, SNIPPET_WORDS);
        Ok(hit)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Words a snippet shows, as FTS5's snippet() was asked for.
const SNIPPET_WORDS: usize = 16;

/// The words of a query as the index compares them: folded, at most 12 (as `fts_query`).
fn query_terms(input: &str) -> Vec<String> {
    input.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(12).map(fold).collect()
}

/// Lower case without the accents of Latin letters, as the `unicode61 remove_diacritics 2`
/// tokenizer compares words (for marking them; the matching itself is FTS5's).
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            other => other,
        })
        .collect()
}

/// About `words` words of `body` around the first word a query term begins, each such word
/// between [`MARK_START`] and [`MARK_END`], with `…` where text was left out.
fn snippet(body: &str, terms: &[String], words: usize) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in body.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, body.len()));
    }
    let hit = |&(a, b): &(usize, usize)| {
        let w = fold(&body[a..b]);
        terms.iter().any(|t| w.starts_with(t.as_str()))
    };
    if spans.is_empty() {
        return body.to_owned();
    }
    let first = spans.iter().position(hit).unwrap_or(0);
    let from = first.saturating_sub(words / 4).min(spans.len().saturating_sub(words));
    let to = (from + words).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    // From the text's very start when nothing is cut there: leading marks ("<", quotes) stay.
    let mut at = if from == 0 { 0 } else { spans[from].0 };
    for span in &spans[from..to] {
        out.push_str(&body[at..span.0]);
        if hit(span) {
            out.push(MARK_START);
            out.push_str(&body[span.0..span.1]);
            out.push(MARK_END);
        } else {
            out.push_str(&body[span.0..span.1]);
        }
        at = span.1;
    }
    if to < spans.len() {
        out.push('…');
    } else {
        out.push_str(&body[at..]);
    }
    out
}

/// Queued positions past which a write indexes them itself, in its own transaction, so the
/// queue stays short and an import leaves nothing behind for the first search.
pub(crate) const FLUSH_AT: i64 = 500;

/// The positions the audit log records as new since the last batch (migration 6): their
/// entries lie above `search_progress.audit_id`, a range of the log's own ids. The `+` keeps
/// SQLite off the (entity, entity_id) index, which it prefers and which would walk every
/// position entry the log ever held.
const LOGGED_SINCE: &str = "FROM audit_log
    WHERE id > (SELECT audit_id FROM search_progress) AND +entity = 'position' AND action = 'insert'";

/// How many positions wait to be indexed: new ones in the audit log, changed ones queued.
pub(crate) fn queued(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT entity_id {LOGGED_SINCE} UNION SELECT position_id FROM search_queue)"
        ))?
        .query_row([], |r| r.get(0))?)
}

/// The new positions join the queue for the batch (a position inserted and then changed or
/// deleted since is there once).
fn queue_logged(conn: &Connection) -> Result<()> {
    conn.prepare_cached(&format!("INSERT OR IGNORE INTO search_queue (position_id) SELECT entity_id {LOGGED_SINCE}"))?
        .execute([])?;
    Ok(())
}

// The three statements that read the queue walk the queue and probe the map or the positions
// by key: `CROSS JOIN` keeps the queue outside. Left to itself, SQLite's planner put the
// million-row table outside and probed the queue (a full scan of `positions` and of the map
// for every flush: 1.3 s of a 20,000-row import at sector scale, and a pause every 500
// recordings). `flush_never_scans_the_big_tables` holds this.

/// The index rows of the queued positions' earlier texts.
const UNINDEX_QUEUED: &str = "DELETE FROM search_index WHERE rowid IN (
    SELECT m.fts_rowid FROM search_queue q CROSS JOIN search_map m
    ON m.kind IN ('rationale', 'condition', 'quote') AND m.ref_id = q.position_id
)";

/// Their map rows.
const UNMAP_QUEUED: &str = "DELETE FROM search_map WHERE kind IN ('rationale', 'condition', 'quote')
    AND ref_id IN (SELECT position_id FROM search_queue)";

/// Their texts as they are now (none for a position that is gone), in recording order.
const QUEUED_TEXTS: &str =
    "SELECT p.id, p.rationale, p.condition, p.quote FROM search_queue q CROSS JOIN positions p ON p.id = q.position_id
     ORDER BY p.rowid";

/// Indexes the waiting positions in one batch, inside the caller's transaction: their earlier
/// rows go, their texts as they are now come in (nothing for a position that is gone), the
/// queue is emptied and the audit log's entries so far count as indexed. Returns how many
/// positions it indexed.
pub(crate) fn flush(conn: &Connection) -> Result<usize> {
    if queued(conn)? == 0 {
        return Ok(0);
    }
    queue_logged(conn)?;
    conn.prepare_cached(UNINDEX_QUEUED)?.execute([])?;
    conn.prepare_cached(UNMAP_QUEUED)?.execute([])?;
    let mut next: i64 = conn
        .prepare_cached("SELECT max(0, coalesce(max(fts_rowid), 0)) FROM search_map")?
        .query_row([], |r| r.get(0))?;
    let mut read = conn.prepare_cached(QUEUED_TEXTS)?;
    let mut index = conn.prepare_cached("INSERT INTO search_index (rowid, body) VALUES (?1, ?2)")?;
    let mut map = conn.prepare_cached("INSERT INTO search_map (kind, ref_id, fts_rowid) VALUES (?1, ?2, ?3)")?;
    let mut rows = read.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        for (kind, col) in [("rationale", 1), ("condition", 2), ("quote", 3)] {
            let body: String = r.get(col)?;
            if !body.is_empty() {
                next += 1;
                index.execute(rusqlite::params![next, body])?;
                map.execute(rusqlite::params![kind, id, next])?;
            }
        }
        n += 1;
    }
    drop(rows);
    conn.prepare_cached("DELETE FROM search_queue")?.execute([])?;
    conn.prepare_cached("UPDATE search_progress SET audit_id = (SELECT coalesce(max(id), 0) FROM audit_log)")?
        .execute([])?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::HitKind;

    #[test]
    fn queries_are_quoted_prefixes() {
        assert_eq!(fts_query("cafe  rechten").as_deref(), Some("\"cafe\"* \"rechten\"*"));
        assert_eq!(fts_query("NEAR(\"a\" OR b)").as_deref(), Some("\"NEAR\"* \"a\"* \"OR\"* \"b\"*"));
        assert_eq!(fts_query("  -- ").as_deref(), None);
    }

    #[test]
    fn snippets_mark_folded_prefixes_and_cut_long_texts() {
        let terms = query_terms("CAFE uberreg");
        let m = |w: &str| format!("{MARK_START}{w}{MARK_END}");
        assert_eq!(
            snippet("Het café blijft, mits de Überregeling.", &terms, 16),
            format!("Het {} blijft, mits de {}.", m("café"), m("Überregeling"))
        );
        let long =
            (1..=40).map(|i| if i == 20 { "café".to_owned() } else { format!("w{i}") }).collect::<Vec<_>>().join(" ");
        let s = snippet(&long, &terms, 16);
        assert!(s.starts_with("…w16 ") && s.ends_with(" w31…"), "{s}");
        assert!(s.contains(&m("café")));
        assert_eq!(snippet("niets", &terms, 16), "niets");
        // Nothing before the first word is lost: a rationale is shown as it was typed.
        assert_eq!(snippet("<img src=x> café", &terms, 16), format!("<img src=x> {}", m("café")));
    }

    #[test]
    fn flush_never_scans_the_big_tables() {
        let store = crate::Store::in_memory("plan").unwrap();
        let plan_of = |sql: &str| -> Vec<String> {
            let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        // The new positions: a range of the audit log's ids, not its entity index.
        let logged = plan_of(&format!("SELECT entity_id {LOGGED_SINCE}"));
        assert!(logged.iter().any(|l| l == "SEARCH audit_log USING INTEGER PRIMARY KEY (rowid>?)"), "{logged:#?}");
        assert!(!logged.iter().any(|l| l.contains("audit_log_entity")), "{logged:#?}");
        for sql in [UNINDEX_QUEUED, UNMAP_QUEUED, QUEUED_TEXTS] {
            let plan = plan_of(sql);
            let scans: Vec<&String> =
                plan.iter().filter(|l| l.starts_with("SCAN") && !l.starts_with("SCAN q")).collect();
            assert!(scans.iter().all(|l| l.starts_with("SCAN search_index VIRTUAL TABLE INDEX")), "{sql}\n{plan:#?}");
            assert!(plan.iter().any(|l| l.contains("search_queue") || l.starts_with("SCAN q")), "{plan:#?}");
        }
    }

    #[test]
    fn hit_kinds_have_codes() {
        assert_eq!(HitKind::from_code("verdict_note"), Some(HitKind::VerdictNote));
    }
}
