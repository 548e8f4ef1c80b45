//! The `positions` table: one row per party, topic and session.

use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::Result;
use crate::model::Position;

const COLUMNS: &str =
    "id, topic_id, party_id, session_id, stance, rationale, condition, quote, recorded_at, recorded_by";
/// The same columns of `positions` aliased `p`, for the queries that join it.
const P_COLUMNS: &str = "p.id, p.topic_id, p.party_id, p.session_id, p.stance, p.rationale, p.condition, p.quote, p.recorded_at, p.recorded_by";

fn from_row(r: &Row) -> rusqlite::Result<Position> {
    from_row_at(r, 0)
}

/// The position whose columns start at column `at`.
fn from_row_at(r: &Row, at: usize) -> rusqlite::Result<Position> {
    Ok(Position {
        id: uuid_at(r, at)?,
        topic_id: uuid_at(r, at + 1)?,
        party_id: uuid_at(r, at + 2)?,
        session_id: uuid_at(r, at + 3)?,
        stance: r.get(at + 4)?,
        rationale: r.get(at + 5)?,
        condition: r.get(at + 6)?,
        quote: r.get(at + 7)?,
        recorded_at: r.get(at + 8)?,
        recorded_by: r.get(at + 9)?,
    })
}

/// Whether the topic, party and session exist.
pub(crate) struct Links {
    pub topic: bool,
    pub party: bool,
    pub session: bool,
}

/// The entry for (`topic`, `party`, `session`), if any, and in the same statement whether
/// the three exist: a recording asks both, and one statement is one trip through SQLite's
/// machinery instead of two.
pub(crate) fn find_with_links(
    conn: &Connection,
    topic: Uuid,
    party: Uuid,
    session: Uuid,
) -> Result<(Links, Option<Position>)> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM topics WHERE id = ?1), EXISTS (SELECT 1 FROM parties WHERE id = ?2),
                    EXISTS (SELECT 1 FROM sessions WHERE id = ?3), {P_COLUMNS}
             FROM (SELECT 1) LEFT JOIN positions p ON p.topic_id = ?1 AND p.party_id = ?2 AND p.session_id = ?3"
        ))?
        .query_row(params![topic.to_string(), party.to_string(), session.to_string()], |r| {
            let links = Links { topic: r.get(0)?, party: r.get(1)?, session: r.get(2)? };
            let found = r.get_ref(3)?.as_str_or_null()?.is_some();
            Ok((links, if found { Some(from_row_at(r, 3)?) } else { None }))
        })?)
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Position> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM positions WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    found(r, "position", id)
}

pub(crate) fn find(conn: &Connection, topic: Uuid, party: Uuid, session: Uuid) -> Result<Option<Position>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM positions WHERE topic_id = ?1 AND party_id = ?2 AND session_id = ?3"
        ))?
        .query_row(params![topic.to_string(), party.to_string(), session.to_string()], from_row)
        .optional()?)
}

fn list_where(conn: &Connection, clause: &str, arg: Option<Uuid>) -> Result<Vec<Position>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM positions {clause} ORDER BY recorded_at, id"))?;
    let rows = match arg {
        Some(id) => stmt.query_map([id.to_string()], from_row)?.collect::<rusqlite::Result<_>>()?,
        None => stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Position>> {
    list_where(conn, "", None)
}

pub(crate) fn list_for_topic(conn: &Connection, id: Uuid) -> Result<Vec<Position>> {
    list_where(conn, "WHERE topic_id = ?1", Some(id))
}

pub(crate) fn list_for_party(conn: &Connection, id: Uuid) -> Result<Vec<Position>> {
    list_where(conn, "WHERE party_id = ?1", Some(id))
}

pub(crate) fn insert(conn: &Connection, p: &Position) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO positions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?
    .execute(params![
        p.id.to_string(),
        p.topic_id.to_string(),
        p.party_id.to_string(),
        p.session_id.to_string(),
        p.stance,
        p.rationale,
        p.condition,
        p.quote,
        p.recorded_at,
        p.recorded_by
    ])?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, p: &Position) -> Result<()> {
    conn.prepare_cached(
        "UPDATE positions SET stance = ?2, rationale = ?3, condition = ?4, quote = ?5, recorded_at = ?6, recorded_by = ?7 WHERE id = ?1",
    )?
    .execute(params![p.id.to_string(), p.stance, p.rationale, p.condition, p.quote, p.recorded_at, p.recorded_by])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM positions WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}

pub(crate) fn list_for_session(conn: &Connection, id: Uuid) -> Result<Vec<Position>> {
    list_where(conn, "WHERE session_id = ?1", Some(id))
}

/// One topic's entries in one session: what meeting mode shows at a time (at most one per
/// party). The `+` keeps SQLite on the (topic, party, session) key, a topic's thousand
/// entries at sector scale; left to itself it walks the session's index, some 45,000 (80 ms).
const FOR_SESSION_TOPIC: &str = "FROM positions WHERE topic_id = ?1 AND +session_id = ?2 ORDER BY recorded_at, id";

pub(crate) fn list_for_session_topic(conn: &Connection, session: Uuid, topic: Uuid) -> Result<Vec<Position>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} {FOR_SESSION_TOPIC}"))?;
    let rows = stmt.query_map([topic.to_string(), session.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each party's current position per topic: the entry of the most recent session (by start)
/// in which the party has an entry on the topic, the last recorded one on a tie. An explicit
/// "no position" entry counts: a party can withdraw a stance.
pub(crate) fn list_current(conn: &Connection) -> Result<Vec<Position>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM (
             SELECT {P_COLUMNS}, row_number() OVER (
                 PARTITION BY p.topic_id, p.party_id ORDER BY s.starts_at DESC, p.recorded_at DESC
             ) AS rn
             FROM positions p JOIN sessions s ON s.id = p.session_id
         ) WHERE rn = 1 ORDER BY topic_id, party_id"
    ))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// A party's entries on a topic with their sessions, earliest session first.
pub(crate) fn list_history(
    conn: &Connection,
    topic: Uuid,
    party: Uuid,
) -> Result<Vec<(Position, String, chrono::DateTime<chrono::Utc>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {P_COLUMNS}, s.title, s.starts_at FROM positions p JOIN sessions s ON s.id = p.session_id
         WHERE p.topic_id = ?1 AND p.party_id = ?2 ORDER BY s.starts_at, p.recorded_at"
    ))?;
    let rows =
        stmt.query_map(params![topic.to_string(), party.to_string()], |r| Ok((from_row(r)?, r.get(10)?, r.get(11)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_topic_in_a_session_is_found_by_the_topic_key() {
        let store = crate::Store::in_memory("plan").unwrap();
        let mut stmt =
            store.conn().prepare(&format!("EXPLAIN QUERY PLAN SELECT id {}", super::FOR_SESSION_TOPIC)).unwrap();
        let plan: Vec<String> =
            stmt.query_map(["t", "s"], |r| r.get(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        assert!(plan.iter().any(|l| l.contains("(topic_id=?)") && !l.contains("positions_session")), "{plan:#?}");
    }

    #[test]
    fn aliased_columns_are_the_same_columns() {
        let aliased: Vec<String> = super::COLUMNS.split(", ").map(|c| format!("p.{c}")).collect();
        assert_eq!(super::P_COLUMNS, aliased.join(", "));
    }
}
