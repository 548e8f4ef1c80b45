//! The `bouwstenen` table: the plan's themes, in their own order.

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::{Error, Result};
use crate::model::Bouwsteen;

const COLUMNS: &str = "id, position, name, description, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Bouwsteen> {
    Ok(Bouwsteen {
        id: uuid_at(r, 0)?,
        position: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Bouwsteen> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM bouwstenen WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    found(r, "bouwsteen", id)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Bouwsteen>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM bouwstenen ORDER BY position, name"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn next_position(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(position), 0) + 1 FROM bouwstenen", [], |r| r.get(0))?)
}

pub(crate) fn insert(conn: &Connection, b: &Bouwsteen) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO bouwstenen ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"))?
        .execute(params![b.id.to_string(), b.position, b.name, b.description, b.created_at, b.updated_at])?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, b: &Bouwsteen) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE bouwstenen SET position = ?2, name = ?3, description = ?4, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![b.id.to_string(), b.position, b.name, b.description, b.updated_at])?;
    if n == 0 { Err(Error::not_found("bouwsteen", b.id)) } else { Ok(()) }
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM bouwstenen WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
