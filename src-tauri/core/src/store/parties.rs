//! The `parties` table and its production types.

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::{Error, Result};
use crate::model::{Party, ProductionType};

const COLUMNS: &str = "id, name, short_name, chain_role, colour, notes, created_at, updated_at, segment";

fn from_row(r: &Row) -> rusqlite::Result<Party> {
    Ok(Party {
        id: uuid_at(r, 0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        chain_role: r.get(3)?,
        segment: r.get(8)?,
        production_types: Vec::new(),
        colour: r.get(4)?,
        notes: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Party> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM parties WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    let mut p = found(r, "party", id)?;
    let mut stmt = conn.prepare_cached("SELECT production_type FROM party_production_types WHERE party_id = ?1")?;
    p.production_types = stmt.query_map([id.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    p.production_types.sort();
    Ok(p)
}

/// All parties by name (case-insensitive).
pub(crate) fn list(conn: &Connection) -> Result<Vec<Party>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM parties ORDER BY name COLLATE NOCASE"))?;
    let mut parties: Vec<Party> = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    let mut types = std::collections::HashMap::<Uuid, Vec<ProductionType>>::new();
    let mut stmt = conn.prepare_cached("SELECT party_id, production_type FROM party_production_types")?;
    for row in stmt.query_map([], |r| Ok((uuid_at(r, 0)?, r.get::<_, ProductionType>(1)?)))? {
        let (id, pt) = row?;
        types.entry(id).or_default().push(pt);
    }
    for p in &mut parties {
        p.production_types = types.remove(&p.id).unwrap_or_default();
        p.production_types.sort();
    }
    Ok(parties)
}

fn write_types(conn: &Connection, p: &Party) -> Result<()> {
    conn.prepare_cached("DELETE FROM party_production_types WHERE party_id = ?1")?.execute([p.id.to_string()])?;
    let mut ins =
        conn.prepare_cached("INSERT INTO party_production_types (party_id, production_type) VALUES (?1, ?2)")?;
    for pt in &p.production_types {
        ins.execute(params![p.id.to_string(), pt])?;
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, p: &Party) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO parties ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"))?
        .execute(params![
            p.id.to_string(),
            p.name,
            p.short_name,
            p.chain_role,
            p.colour,
            p.notes,
            p.created_at,
            p.updated_at,
            p.segment
        ])?;
    write_types(conn, p)
}

pub(crate) fn update(conn: &Connection, p: &Party) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE parties SET name = ?2, short_name = ?3, chain_role = ?4, colour = ?5, notes = ?6, updated_at = ?7, segment = ?8 WHERE id = ?1")?
        .execute(params![p.id.to_string(), p.name, p.short_name, p.chain_role, p.colour, p.notes, p.updated_at, p.segment])?;
    if n == 0 {
        return Err(Error::not_found("party", p.id));
    }
    write_types(conn, p)
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM parties WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
