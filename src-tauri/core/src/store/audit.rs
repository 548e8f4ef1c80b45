//! The audit log: an append-only record of every insert, update and delete, with the record
//! before and after as JSON.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Ctx;
use crate::error::{Error, Result};
use crate::model::AuditEntry;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Insert,
    Update,
    Delete,
}

impl AuditAction {
    fn code(self) -> &'static str {
        match self {
            AuditAction::Insert => "insert",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }
}

fn json<T: Serialize>(v: Option<&T>) -> Result<Option<String>> {
    v.map(|v| serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()))).transpose()
}

pub(crate) fn record<B: Serialize, A: Serialize>(
    conn: &Connection,
    ctx: &Ctx,
    entity: &str,
    entity_id: &str,
    action: AuditAction,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![ctx.now, ctx.actor, entity, entity_id, action.code(), json(before)?, json(after)?])?;
    Ok(())
}

pub(crate) fn list_for(conn: &Connection, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log WHERE entity_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity_id], |r| {
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
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
