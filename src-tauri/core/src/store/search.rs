//! Full-text search over the `search_index` FTS5 table that migration 2's triggers maintain.

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

/// Up to `limit` hits, best first. Each hit names its topic and bouwsteen where it has one.
pub(crate) fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(&format!(
        "WITH hits AS (
             SELECT m.kind, m.ref_id, bm25(search_index) AS rank,
                    snippet(search_index, 0, char({start}), char({end}), '…', 16) AS snip
             FROM search_index JOIN search_map m ON m.fts_rowid = search_index.rowid
             WHERE search_index MATCH ?1
             ORDER BY rank LIMIT ?2
         )
         SELECT h.kind,
                coalesce(p.topic_id, a.topic_id, CASE WHEN h.kind IN ('topic', 'verdict_note') THEN h.ref_id END) AS topic_id,
                t.bouwsteen_id, p.party_id, p.session_id,
                CASE WHEN h.kind = 'action' THEN h.ref_id END,
                h.snip
         FROM hits h
         LEFT JOIN positions p ON h.kind IN ('rationale', 'condition', 'quote') AND p.id = h.ref_id
         LEFT JOIN actions a ON h.kind = 'action' AND a.id = h.ref_id
         LEFT JOIN topics t ON t.id = coalesce(p.topic_id, a.topic_id, CASE WHEN h.kind IN ('topic', 'verdict_note') THEN h.ref_id END)
         ORDER BY h.rank",
        start = MARK_START as u32,
        end = MARK_END as u32,
    ))?;
    let rows = stmt.query_map(rusqlite::params![query, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    fn hit_kinds_have_codes() {
        assert_eq!(HitKind::from_code("verdict_note"), Some(HitKind::VerdictNote));
    }
}
