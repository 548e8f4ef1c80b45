//! The `dialogue` table: the file's single row saying what the dialogue is.

use rusqlite::{Connection, params};

use super::{found, uuid_at};
use crate::error::Result;
use crate::model::Dialogue;

pub(crate) fn get(conn: &Connection) -> Result<Dialogue> {
    let r = conn
        .prepare_cached("SELECT id, title, description, created_at, updated_at FROM dialogue LIMIT 1")?
        .query_row([], |r| {
            Ok(Dialogue {
                id: uuid_at(r, 0)?,
                title: r.get(1)?,
                description: r.get(2)?,
                created_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        });
    found(r, "dialogue", "")
}

pub(crate) fn insert(conn: &Connection, d: &Dialogue) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO dialogue (id, title, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![d.id.to_string(), d.title, d.description, d.created_at, d.updated_at])?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, d: &Dialogue) -> Result<()> {
    conn.prepare_cached("UPDATE dialogue SET title = ?2, description = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![d.id.to_string(), d.title, d.description, d.updated_at])?;
    Ok(())
}

/// Replaces the one row wholesale, id and creation time included: a bundle import that adopts
/// the other copy's dialogue (`bundle.rs`).
pub(crate) fn replace(conn: &Connection, d: &Dialogue) -> Result<()> {
    conn.prepare_cached("UPDATE dialogue SET id = ?1, title = ?2, description = ?3, created_at = ?4, updated_at = ?5")?
        .execute(params![d.id.to_string(), d.title, d.description, d.created_at, d.updated_at])?;
    Ok(())
}
