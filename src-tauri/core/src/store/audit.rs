//! The audit log: an append-only record of every insert, update and delete, with the record
//! before and after as JSON.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Ctx;
use crate::error::{Error, Result};
use crate::model::{Action, AuditEntry, Bouwsteen, Dialogue, Party, Person, Position, Session, Topic, Verdict};

/// A record the audit log can name: its entity kind and its id.
pub(crate) trait Audited: Serialize {
    const ENTITY: &'static str;
    fn audit_id(&self) -> String;
}

macro_rules! audited {
    ($($t:ty => $entity:literal, $id:ident);+ $(;)?) => {
        $(impl Audited for $t {
            const ENTITY: &'static str = $entity;
            fn audit_id(&self) -> String { self.$id.to_string() }
        })+
    };
}

audited! {
    Dialogue => "dialogue", id;
    Bouwsteen => "bouwsteen", id;
    Topic => "topic", id;
    Party => "party", id;
    Person => "person", id;
    Session => "session", id;
    Position => "position", id;
    Verdict => "verdict", topic_id;
    Action => "action", id;
}

fn json<T: Serialize>(v: Option<&T>) -> Result<Option<String>> {
    v.map(|v| serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()))).transpose()
}

fn record<T: Audited>(conn: &Connection, ctx: &Ctx, action: &str, before: Option<&T>, after: Option<&T>) -> Result<()> {
    let Some(id) = after.or(before).map(Audited::audit_id) else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![ctx.now, ctx.actor, T::ENTITY, id, action, json(before)?, json(after)?])?;
    Ok(())
}

pub(crate) fn inserted<T: Audited>(conn: &Connection, ctx: &Ctx, after: &T) -> Result<()> {
    record(conn, ctx, "insert", None, Some(after))
}

pub(crate) fn updated<T: Audited>(conn: &Connection, ctx: &Ctx, before: &T, after: &T) -> Result<()> {
    record(conn, ctx, "update", Some(before), Some(after))
}

pub(crate) fn deleted<T: Audited>(conn: &Connection, ctx: &Ctx, before: &T) -> Result<()> {
    record(conn, ctx, "delete", Some(before), None)
}

/// One version replaced by another, perhaps under another id (a bundle import keeping the later
/// of two versions, or merging two records into one): an update logged under `before`'s id.
pub(crate) fn replaced<T: Audited>(conn: &Connection, ctx: &Ctx, before: &T, after: &T) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ctx.now,
        ctx.actor,
        T::ENTITY,
        before.audit_id(),
        "update",
        json(Some(before))?,
        json(Some(after))?
    ])?;
    Ok(())
}

/// Whether the log already holds exactly this version of the record, before or after a change.
pub(crate) fn knows<T: Audited>(conn: &Connection, record: &T) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE entity = ?1 AND entity_id = ?2 AND (before = ?3 OR after = ?3))",
        )?
        .query_row(params![T::ENTITY, record.audit_id(), json(Some(record))?], |r| r.get(0))?)
}

/// The ids of `entity` that were merged into another record (old id, surviving id): the updates
/// whose after-record carries another id, which only `replaced` writes.
pub(crate) fn merged_ids(conn: &Connection, entity: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity_id, json_extract(after, '$.id') FROM audit_log
         WHERE entity = ?1 AND action = 'update' AND json_extract(after, '$.id') <> entity_id ORDER BY id",
    )?;
    let rows = stmt.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<AuditEntry> {
    let r = conn
        .prepare_cached("SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log WHERE id = ?1")?
        .query_row([id], from_row);
    super::found(r, "audit entry", id)
}

pub(crate) fn list_for(conn: &Connection, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log WHERE entity_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
