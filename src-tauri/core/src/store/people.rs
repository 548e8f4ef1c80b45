//! The `people` table: a party's representatives (the dialogue's only personal data).

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::{Error, Result};
use crate::model::Person;

const COLUMNS: &str = "id, party_id, name, email, role_title, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: uuid_at(r, 0)?,
        party_id: uuid_at(r, 1)?,
        name: r.get(2)?,
        email: r.get(3)?,
        role_title: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Person> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM people WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    found(r, "person", id)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM people ORDER BY name COLLATE NOCASE"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn list_for_party(conn: &Connection, party_id: Uuid) -> Result<Vec<Person>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM people WHERE party_id = ?1 ORDER BY name COLLATE NOCASE"))?;
    Ok(stmt.query_map([party_id.to_string()], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, p: &Person) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO people ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))?.execute(
        params![p.id.to_string(), p.party_id.to_string(), p.name, p.email, p.role_title, p.created_at, p.updated_at],
    )?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, p: &Person) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE people SET party_id = ?2, name = ?3, email = ?4, role_title = ?5, updated_at = ?6 WHERE id = ?1",
        )?
        .execute(params![p.id.to_string(), p.party_id.to_string(), p.name, p.email, p.role_title, p.updated_at])?;
    if n == 0 { Err(Error::not_found("person", p.id)) } else { Ok(()) }
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
