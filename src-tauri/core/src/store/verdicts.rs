//! The `topic_verdicts` table: the facilitator's current marking per topic.

use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::uuid_at;
use crate::error::Result;
use crate::model::Verdict;

const COLUMNS: &str = "topic_id, marking, note, marked_by, marked_at";

fn from_row(r: &Row) -> rusqlite::Result<Verdict> {
    Ok(Verdict {
        topic_id: uuid_at(r, 0)?,
        marking: r.get(1)?,
        note: r.get(2)?,
        marked_by: r.get(3)?,
        marked_at: r.get(4)?,
    })
}

pub(crate) fn get(conn: &Connection, topic_id: Uuid) -> Result<Option<Verdict>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM topic_verdicts WHERE topic_id = ?1"))?
        .query_row([topic_id.to_string()], from_row)
        .optional()?)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Verdict>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM topic_verdicts ORDER BY topic_id"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn upsert(conn: &Connection, v: &Verdict) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO topic_verdicts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (topic_id) DO UPDATE SET marking = excluded.marking, note = excluded.note,
             marked_by = excluded.marked_by, marked_at = excluded.marked_at"
    ))?
    .execute(params![v.topic_id.to_string(), v.marking, v.note, v.marked_by, v.marked_at])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, topic_id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM topic_verdicts WHERE topic_id = ?1")?.execute([topic_id.to_string()])?;
    Ok(())
}
