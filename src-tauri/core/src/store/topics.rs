//! The `topics` table and its production types.

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{found, uuid_at};
use crate::error::{Error, Result};
use crate::model::{ProductionType, Topic};

const COLUMNS: &str =
    "t.id, t.bouwsteen_id, t.code, t.kind, t.title, t.description, t.priority, t.created_at, t.updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Topic> {
    Ok(Topic {
        id: uuid_at(r, 0)?,
        bouwsteen_id: uuid_at(r, 1)?,
        code: r.get(2)?,
        kind: r.get(3)?,
        title: r.get(4)?,
        description: r.get(5)?,
        priority: r.get(6)?,
        production_types: Vec::new(),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn production_types(conn: &Connection, id: Uuid) -> Result<Vec<ProductionType>> {
    let mut stmt = conn.prepare_cached("SELECT production_type FROM topic_production_types WHERE topic_id = ?1")?;
    Ok(stmt.query_map([id.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Topic> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM topics t WHERE t.id = ?1"))?
        .query_row([id.to_string()], from_row);
    let mut t = found(r, "topic", id)?;
    t.production_types = production_types(conn, id)?;
    t.production_types.sort();
    Ok(t)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Topic>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM topics t JOIN bouwstenen b ON b.id = t.bouwsteen_id ORDER BY b.position, t.code, t.title"
    ))?;
    let mut topics: Vec<Topic> = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    // One pass over the link table instead of one query per topic.
    let mut types = std::collections::HashMap::<Uuid, Vec<ProductionType>>::new();
    let mut stmt = conn.prepare_cached("SELECT topic_id, production_type FROM topic_production_types")?;
    for row in stmt.query_map([], |r| Ok((uuid_at(r, 0)?, r.get::<_, ProductionType>(1)?)))? {
        let (id, pt) = row?;
        types.entry(id).or_default().push(pt);
    }
    for t in &mut topics {
        t.production_types = types.remove(&t.id).unwrap_or_default();
        t.production_types.sort();
    }
    Ok(topics)
}

pub(crate) fn count_in_bouwsteen(conn: &Connection, bouwsteen_id: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM topics WHERE bouwsteen_id = ?1")?
        .query_row([bouwsteen_id.to_string()], |r| r.get(0))?)
}

fn write_types(conn: &Connection, t: &Topic) -> Result<()> {
    conn.prepare_cached("DELETE FROM topic_production_types WHERE topic_id = ?1")?.execute([t.id.to_string()])?;
    let mut ins =
        conn.prepare_cached("INSERT INTO topic_production_types (topic_id, production_type) VALUES (?1, ?2)")?;
    for pt in &t.production_types {
        ins.execute(params![t.id.to_string(), pt])?;
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, t: &Topic) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO topics (id, bouwsteen_id, code, kind, title, description, priority, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        t.id.to_string(),
        t.bouwsteen_id.to_string(),
        t.code,
        t.kind,
        t.title,
        t.description,
        t.priority,
        t.created_at,
        t.updated_at
    ])?;
    write_types(conn, t)
}

pub(crate) fn update(conn: &Connection, t: &Topic) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE topics SET bouwsteen_id = ?2, code = ?3, kind = ?4, title = ?5, description = ?6, priority = ?7, updated_at = ?8
             WHERE id = ?1",
        )?
        .execute(params![t.id.to_string(), t.bouwsteen_id.to_string(), t.code, t.kind, t.title, t.description, t.priority, t.updated_at])?;
    if n == 0 {
        return Err(Error::not_found("topic", t.id));
    }
    write_types(conn, t)
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM topics WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}
