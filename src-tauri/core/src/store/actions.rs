//! The `actions` table: follow-up with an owner and a due date.

use rusqlite::{Connection, Row, params};

use super::{opt_uuid_at, uuid_at};
use crate::error::Result;
use crate::model::Action;

const COLUMNS: &str = "id, title, owner_party_id, topic_id, due_date, status, notes, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Action> {
    Ok(Action {
        id: uuid_at(r, 0)?,
        title: r.get(1)?,
        owner_party_id: opt_uuid_at(r, 2)?,
        topic_id: opt_uuid_at(r, 3)?,
        due_date: r.get(4)?,
        status: r.get(5)?,
        notes: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

/// All actions, soonest due first (undated last).
pub(crate) fn list(conn: &Connection) -> Result<Vec<Action>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM actions ORDER BY due_date IS NULL, due_date, title"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, a: &Action) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO actions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"))?
        .execute(params![
            a.id.to_string(),
            a.title,
            a.owner_party_id.map(|u| u.to_string()),
            a.topic_id.map(|u| u.to_string()),
            a.due_date,
            a.status,
            a.notes,
            a.created_at,
            a.updated_at
        ])?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: uuid::Uuid) -> Result<Action> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM actions WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    super::found(r, "action", id)
}

pub(crate) fn update(conn: &Connection, a: &Action) -> Result<()> {
    conn.prepare_cached(
        "UPDATE actions SET title = ?2, owner_party_id = ?3, topic_id = ?4, due_date = ?5, status = ?6, notes = ?7, updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        a.id.to_string(),
        a.title,
        a.owner_party_id.map(|u| u.to_string()),
        a.topic_id.map(|u| u.to_string()),
        a.due_date,
        a.status,
        a.notes,
        a.updated_at
    ])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: uuid::Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM actions WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
