//! The `sessions` table and who attended.

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::{Error, Result};
use crate::model::Session;

const COLUMNS: &str = "id, title, kind, starts_at, ends_at, location, notes, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Session> {
    Ok(Session {
        id: uuid_at(r, 0)?,
        title: r.get(1)?,
        kind: r.get(2)?,
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        location: r.get(5)?,
        notes: r.get(6)?,
        attendee_ids: Vec::new(),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn attendees(conn: &Connection, id: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt =
        conn.prepare_cached("SELECT party_id FROM session_attendees WHERE session_id = ?1 ORDER BY party_id")?;
    Ok(stmt.query_map([id.to_string()], |r| uuid_at(r, 0))?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Session> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    let mut s = found(r, "session", id)?;
    s.attendee_ids = attendees(conn, id)?;
    Ok(s)
}

/// All sessions, earliest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM sessions ORDER BY starts_at, title"))?;
    let mut sessions: Vec<Session> = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    // One pass over the link table instead of one query per session.
    let mut by_session = std::collections::HashMap::<Uuid, Vec<Uuid>>::new();
    let mut stmt = conn.prepare_cached("SELECT session_id, party_id FROM session_attendees ORDER BY party_id")?;
    for row in stmt.query_map([], |r| Ok((uuid_at(r, 0)?, uuid_at(r, 1)?)))? {
        let (session, party) = row?;
        by_session.entry(session).or_default().push(party);
    }
    for s in &mut sessions {
        s.attendee_ids = by_session.remove(&s.id).unwrap_or_default();
    }
    Ok(sessions)
}

fn write_attendees(conn: &Connection, s: &Session) -> Result<()> {
    conn.prepare_cached("DELETE FROM session_attendees WHERE session_id = ?1")?.execute([s.id.to_string()])?;
    let mut ins = conn.prepare_cached("INSERT INTO session_attendees (session_id, party_id) VALUES (?1, ?2)")?;
    for p in &s.attendee_ids {
        ins.execute(params![s.id.to_string(), p.to_string()])?;
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, s: &Session) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO sessions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"))?
        .execute(params![
            s.id.to_string(),
            s.title,
            s.kind,
            s.starts_at,
            s.ends_at,
            s.location,
            s.notes,
            s.created_at,
            s.updated_at
        ])?;
    write_attendees(conn, s)
}

pub(crate) fn update(conn: &Connection, s: &Session) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE sessions SET title = ?2, kind = ?3, starts_at = ?4, ends_at = ?5, location = ?6, notes = ?7, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![s.id.to_string(), s.title, s.kind, s.starts_at, s.ends_at, s.location, s.notes, s.updated_at])?;
    if n == 0 {
        return Err(Error::not_found("session", s.id));
    }
    write_attendees(conn, s)
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
