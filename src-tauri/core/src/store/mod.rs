//! The dialogue store: one open file, every write in one transaction with its audit rows.
//!
//! Table modules hold the SQL (`get_`, `list_`, `insert_`, `update_`, `delete_`) and take a
//! `&Connection` so several compose inside one transaction; `Store` adds validation,
//! timestamps and the audit log, and is the only way in from outside the crate.

pub(crate) mod actions;
pub(crate) mod audit;
pub(crate) mod bouwstenen;
mod checkpointer;
pub(crate) mod dialogue;
mod integrity;
pub(crate) mod parties;
pub(crate) mod people;
pub(crate) mod positions;
pub(crate) mod search;
pub(crate) mod sessions;
pub(crate) mod topics;
pub(crate) mod verdicts;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, Transaction, TransactionBehavior};
use uuid::Uuid;

use crate::db;
use crate::error::{Error, Result};
use crate::model::*;

pub use integrity::{Integrity, IntegrityWait, garble_index};

/// An open dialogue.
pub struct Store {
    /// Declared before `conn`, so it stops (and closes its own connection) first.
    checkpointer: Option<checkpointer::Checkpointer>,
    /// SQLite's whole-file check when it runs beside the store ([`Store::open_checking`]),
    /// which every write waits for; `None` when the file was checked before it was opened
    /// (or is new, or in memory).
    integrity: Option<integrity::BackgroundCheck>,
    conn: Connection,
    path: Option<PathBuf>,
    actor: String,
    backup: Option<PathBuf>,
    /// The current-position grid the analysis reads, built on first use after a write.
    grid: std::cell::RefCell<Option<std::sync::Arc<crate::analysis::Grid>>>,
    /// The file cannot be written (permissions, read-only disk): every write is refused.
    read_only: bool,
    /// Which file `path` named when it was opened, to notice it being moved or replaced.
    identity: Option<FileIdentity>,
    /// Successful writes since opening, so the backups know when there is something new.
    writes: u64,
    /// An upper bound on the positions waiting in the search queue (see `write`); it starts
    /// at the threshold, so the first write counts what an earlier session left there.
    may_be_queued: u64,
}

/// A file's identity on its disk. On Linux and macOS an open file that is moved or deleted
/// stays writable through its descriptor, so every write would go to a file the user no
/// longer sees: before each write the path must still name the file we have open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
}

impl FileIdentity {
    /// `None` when nothing is at `path` (any more).
    fn of(path: &Path) -> Option<FileIdentity> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileIdentity { dev: meta.dev(), ino: meta.ino() })
        }
        // Windows does not let another program move or delete a file SQLite holds open, so
        // "still there" is the check.
        #[cfg(not(unix))]
        {
            let _ = meta;
            Some(FileIdentity {})
        }
    }
}

/// What a write knows about itself: who makes it and when.
pub(crate) struct Ctx<'a> {
    pub actor: &'a str,
    pub now: DateTime<Utc>,
}

impl Store {
    /// Creates a new dialogue file titled after its file name, with the four default bouwstenen.
    pub fn create(path: &Path) -> Result<Store> {
        let title = path.file_stem().and_then(|s| s.to_str()).unwrap_or("Dialoog").to_owned();
        let conn = db::create(path)?;
        let mut store = Store::new(conn, Some(path), None, false)?;
        store.init_dialogue(&title)?;
        // A new dialogue starts with the plan's four building blocks; they can be renamed or removed.
        for (name, description) in crate::demo::BOUWSTENEN {
            store.create_bouwsteen(BouwsteenInput { name: name.into(), description: description.into() })?;
        }
        Ok(store)
    }

    /// Opens an existing dialogue file (upgrading it after a backup when its schema is older).
    pub fn open(path: &Path) -> Result<Store> {
        let opened = db::open(path)?;
        let store = Store::new(opened.conn, Some(path), opened.backup, opened.read_only)?;
        // A valid Ketentafel file always has its dialogue row.
        dialogue::get(&store.conn)?;
        Ok(store)
    }

    /// Opens an existing dialogue file at once, while SQLite's whole-file check (seconds at
    /// sector scale) runs in the background: everything can be read meanwhile, and every write
    /// waits for the check and is refused, with nothing written, when it fails ([`Store::integrity`]
    /// says how it stands). A file that needs an upgrade, or cannot be written, is opened as
    /// [`Store::open`] opens it, checked first.
    pub fn open_checking(path: &Path) -> Result<Store> {
        Store::open_checking_after(path, || {})
    }

    /// [`Store::open_checking`], its check starting after `before` (which tests use to hold it).
    pub(crate) fn open_checking_after(path: &Path, before: impl FnOnce() + Send + 'static) -> Result<Store> {
        let Some(opened) = db::open_before_check(path)? else { return Store::open(path) };
        let check = integrity::BackgroundCheck::start(path, before)?;
        let mut store = Store::new(opened.conn, Some(path), None, false)?;
        store.integrity = Some(check);
        dialogue::get(&store.conn)?;
        Ok(store)
    }

    /// Where the file's whole-file check stands (`Passed` for one checked before it opened).
    pub fn integrity(&self) -> Integrity {
        self.integrity.as_ref().map_or(Integrity::Passed, integrity::BackgroundCheck::state)
    }

    /// A handle to wait on the background check with, if one runs or ran.
    pub fn integrity_wait(&self) -> Option<IntegrityWait> {
        self.integrity.as_ref().map(integrity::BackgroundCheck::waiter)
    }

    /// Waits for the background check, if there is one: `Ok` once the file has passed.
    pub fn wait_checked(&self) -> Result<()> {
        self.integrity.as_ref().map_or(Ok(()), integrity::BackgroundCheck::passed)
    }

    /// Opens a file for reading only (the CLI's `list`); never changes a byte of it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let (conn, _) = db::open_read_only(path)?;
        Store::new(conn, Some(path), None, true)
    }

    /// A dialogue that lives in memory only.
    pub fn in_memory(title: &str) -> Result<Store> {
        let mut store = Store::new(db::open_in_memory()?, None, None, false)?;
        store.init_dialogue(title)?;
        Ok(store)
    }

    fn new(conn: Connection, path: Option<&Path>, backup: Option<PathBuf>, read_only: bool) -> Result<Store> {
        let checkpointer = match path {
            Some(path) if !read_only => Some(checkpointer::Checkpointer::start(&conn, path)?),
            _ => None,
        };
        Ok(Store {
            checkpointer,
            integrity: None,
            conn,
            path: path.map(Path::to_owned),
            actor: default_actor(),
            backup,
            grid: Default::default(),
            read_only,
            identity: path.and_then(FileIdentity::of),
            writes: 0,
            may_be_queued: search::FLUSH_AT as u64,
        })
    }

    fn init_dialogue(&mut self, title: &str) -> Result<()> {
        let title = title.to_owned();
        self.write(|tx, ctx| {
            let d = Dialogue {
                id: Uuid::now_v7(),
                title,
                description: String::new(),
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            dialogue::insert(tx, &d)?;
            audit::inserted(tx, ctx, &d)
        })
    }

    /// Who the audit log names for this store's writes (the OS user by default).
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` while no background checkpoint runs: for work that needs the WAL to itself
    /// (a truncating checkpoint fails while another connection checkpoints).
    pub(crate) fn without_background_checkpoints<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let _paused = self.checkpointer.as_ref().map(|c| c.pause());
        f(&self.conn)
    }

    /// Commits `tx`, which changed `changed` rows, and hands its pages to the background
    /// checkpoint. A big write (an import) leaves them to it altogether instead of copying them
    /// back inside its own commit, as the writer's fallback checkpoint would.
    fn commit(&self, tx: Transaction, changed: u64) -> Result<()> {
        let defer = changed >= checkpointer::BIG_WRITE && self.checkpointer.is_some();
        if defer {
            tx.pragma_update(None, "wal_autocheckpoint", 0)?;
        }
        let committed = tx.commit();
        if defer {
            self.conn.pragma_update(None, "wal_autocheckpoint", checkpointer::FALLBACK_PAGES)?;
        }
        committed?;
        self.committed();
        Ok(())
    }

    /// A transaction straight on the connection, committed as [`Store::write`] commits, but
    /// without anything the app adds (no checks, audit, search index or cache upkeep): the
    /// bench's bare inserts, the limit the app's own writes are measured against.
    pub(crate) fn bare_write(&self, f: impl FnOnce(&Connection) -> Result<()>) -> Result<()> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let changes = tx.total_changes();
        f(&tx)?;
        let changed = tx.total_changes() - changes;
        self.commit(tx, changed)
    }

    /// After a commit: the background checkpoint is due.
    pub(crate) fn committed(&self) {
        if let Some(c) = &self.checkpointer {
            c.nudge();
        }
    }

    /// How many checkpoints the background thread has run (none for a store in memory or
    /// opened read-only).
    pub fn background_checkpoints(&self) -> u64 {
        self.checkpointer.as_ref().map_or(0, |c| c.runs())
    }

    /// The grid of current positions, built once per change of the dialogue.
    pub fn grid(&self) -> Result<std::sync::Arc<crate::analysis::Grid>> {
        if let Some(g) = self.grid.borrow().as_ref() {
            return Ok(g.clone());
        }
        let g = std::sync::Arc::new(crate::analysis::Grid::load(&self.conn, None)?);
        *self.grid.borrow_mut() = Some(g.clone());
        Ok(g)
    }

    /// Forgets the cached grid, so the next analysis reads the file again: how the
    /// benchmarks time a cold analysis without reopening the file.
    #[doc(hidden)]
    pub fn drop_cached_grid(&self) {
        self.grid.take();
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock taken up front, so a second
    /// writer waits at the start rather than failing half-way), committing only on `Ok`.
    /// A file still being checked in the background is written only once it has passed.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction, &Ctx) -> Result<T>) -> Result<T> {
        self.wait_checked()?;
        self.check_writable()?;
        // Unchecked: the store never nests transactions, and `commit` needs the store beside it.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let ctx = Ctx { actor: &self.actor, now: Utc::now() };
        let changes = tx.total_changes();
        let out = f(&tx, &ctx)?;
        // An import (or a deletion of many) indexes the positions it queued for search itself.
        // The queue only grows by rows this connection changes (triggers included), so it is
        // counted only once that many could have reached the threshold, not on every write.
        let changed = tx.total_changes() - changes;
        let mut may_be_queued = self.may_be_queued + changed;
        if may_be_queued >= search::FLUSH_AT as u64 {
            may_be_queued = match search::queued(&tx)? {
                n if n >= search::FLUSH_AT => {
                    search::flush(&tx)?;
                    0
                }
                n => n as u64,
            };
        }
        self.commit(tx, changed)?;
        self.may_be_queued = may_be_queued;
        self.grid.take();
        self.writes += 1;
        Ok(out)
    }

    /// Refuses a write up front, with the reason, when it cannot reach the user's file: the
    /// file is read-only, or it was moved, deleted or replaced since it was opened.
    pub fn check_writable(&self) -> Result<()> {
        let Some(path) = self.path.as_deref() else { return Ok(()) };
        if self.read_only {
            return Err(Error::ReadOnly(path.display().to_string()));
        }
        if self.identity.is_some() && FileIdentity::of(path) != self.identity {
            return Err(Error::FileGone(path.display().to_string()));
        }
        Ok(())
    }

    /// Whether writes are refused because the file cannot be written.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// How many writes succeeded since the file was opened.
    pub fn write_count(&self) -> u64 {
        self.writes
    }

    // ---- the dialogue itself -------------------------------------------------------------

    pub fn dialogue(&self) -> Result<Dialogue> {
        dialogue::get(&self.conn)
    }

    pub fn update_dialogue(&mut self, input: DialogueInput) -> Result<Dialogue> {
        let title = required("title", &input.title)?;
        let description = input.description.trim().to_owned();
        self.write(|tx, ctx| {
            let before = dialogue::get(tx)?;
            let after = Dialogue { title, description, updated_at: ctx.now, ..before.clone() };
            dialogue::update(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    pub fn counts(&self) -> Result<Counts> {
        counts(&self.conn)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub fn info(&self) -> Result<DialogueInfo> {
        dialogue_info(&self.conn, self.path.as_deref(), self.backup.as_deref(), self.read_only)
    }

    /// Writes a consistent copy of the whole dialogue to a new file (`VACUUM INTO`).
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        if self.path.as_deref().is_some_and(|p| same_file(p, target)) {
            return Err(Error::invalid("path", "the copy must go to another file"));
        }
        db::vacuum_into(&self.conn, target)
    }

    pub fn integrity_check(&self) -> Result<()> {
        db::integrity_check(&self.conn)
    }

    // ---- bouwstenen ----------------------------------------------------------------------

    pub fn list_bouwstenen(&self) -> Result<Vec<Bouwsteen>> {
        bouwstenen::list(&self.conn)
    }

    pub fn get_bouwsteen(&self, id: Uuid) -> Result<Bouwsteen> {
        bouwstenen::get(&self.conn, id)
    }

    pub fn create_bouwsteen(&mut self, input: BouwsteenInput) -> Result<Bouwsteen> {
        self.write(|tx, ctx| create_bouwsteen_in(tx, ctx, input))
    }

    pub fn update_bouwsteen(&mut self, id: Uuid, input: BouwsteenInput) -> Result<Bouwsteen> {
        let name = required("name", &input.name)?;
        self.write(|tx, ctx| {
            let before = bouwstenen::get(tx, id)?;
            let after = Bouwsteen {
                name,
                description: input.description.trim().to_owned(),
                updated_at: ctx.now,
                ..before.clone()
            };
            bouwstenen::update(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    /// Moves a bouwsteen to `index` (0-based) in the order, shifting the others.
    pub fn move_bouwsteen(&mut self, id: Uuid, index: usize) -> Result<Vec<Bouwsteen>> {
        self.write(|tx, ctx| {
            let mut all = bouwstenen::list(tx)?;
            let from = all.iter().position(|b| b.id == id).ok_or_else(|| Error::not_found("bouwsteen", id))?;
            let moved = all.remove(from);
            all.insert(index.min(all.len()), moved);
            for (i, b) in all.iter_mut().enumerate() {
                let pos = i as i64 + 1;
                if b.position != pos {
                    let before = b.clone();
                    b.position = pos;
                    b.updated_at = ctx.now;
                    bouwstenen::update(tx, b)?;
                    audit::updated(tx, ctx, &before, &*b)?;
                }
            }
            Ok(all)
        })
    }

    pub fn delete_bouwsteen(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = bouwstenen::get(tx, id)?;
            let n = topics::count_in_bouwsteen(tx, id)?;
            if n > 0 {
                return Err(Error::InUse(format!("bouwsteen \"{}\" still holds {n} topic(s)", before.name)));
            }
            bouwstenen::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- topics --------------------------------------------------------------------------

    /// All topics, in bouwsteen order, then by code and title.
    pub fn list_topics(&self) -> Result<Vec<Topic>> {
        topics::list(&self.conn)
    }

    pub fn get_topic(&self, id: Uuid) -> Result<Topic> {
        topics::get(&self.conn, id)
    }

    pub fn create_topic(&mut self, input: TopicInput) -> Result<Topic> {
        self.write(|tx, ctx| create_topic_in(tx, ctx, input))
    }

    pub fn update_topic(&mut self, id: Uuid, input: TopicInput) -> Result<Topic> {
        let input = validate_topic(input)?;
        self.write(|tx, ctx| {
            let before = topics::get(tx, id)?;
            bouwstenen::get(tx, input.bouwsteen_id).map_err(|_| Error::invalid("bouwsteen_id", "unknown bouwsteen"))?;
            let after = Topic {
                bouwsteen_id: input.bouwsteen_id,
                code: input.code,
                kind: input.kind,
                title: input.title,
                description: input.description,
                priority: input.priority,
                production_types: input.production_types,
                updated_at: ctx.now,
                ..before.clone()
            };
            topics::update(tx, &after).map_err(|e| unique_to_conflict(e, "code", "another topic has this code"))?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    /// Deletes a topic with its positions and verdict; each removed row is in the audit log.
    pub fn delete_topic(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = topics::get(tx, id)?;
            for p in positions::list_for_topic(tx, id)? {
                audit::deleted(tx, ctx, &p)?;
            }
            if let Some(v) = verdicts::get(tx, id)? {
                audit::deleted(tx, ctx, &v)?;
            }
            topics::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- parties -------------------------------------------------------------------------

    pub fn list_parties(&self) -> Result<Vec<Party>> {
        parties::list(&self.conn)
    }

    pub fn get_party(&self, id: Uuid) -> Result<Party> {
        parties::get(&self.conn, id)
    }

    pub fn create_party(&mut self, input: PartyInput) -> Result<Party> {
        self.write(|tx, ctx| create_party_in(tx, ctx, input))
    }

    pub fn update_party(&mut self, id: Uuid, input: PartyInput) -> Result<Party> {
        let input = validate_party(input)?;
        self.write(|tx, ctx| {
            let before = parties::get(tx, id)?;
            let after = Party {
                name: input.name,
                short_name: input.short_name,
                chain_role: input.chain_role,
                // Left out of the input: kept as it was.
                segment: input.segment.unwrap_or_else(|| before.segment.clone()),
                production_types: input.production_types,
                colour: input.colour,
                notes: input.notes,
                updated_at: ctx.now,
                ..before.clone()
            };
            parties::update(tx, &after).map_err(|e| unique_to_conflict(e, "name", "another party has this name"))?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    /// Deletes a party with its people and positions; each removed row is in the audit log.
    pub fn delete_party(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = parties::get(tx, id)?;
            for p in positions::list_for_party(tx, id)? {
                audit::deleted(tx, ctx, &p)?;
            }
            for person in people::list_for_party(tx, id)? {
                audit::deleted(tx, ctx, &person)?;
            }
            parties::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- people --------------------------------------------------------------------------

    pub fn list_people(&self) -> Result<Vec<Person>> {
        people::list(&self.conn)
    }

    pub fn create_person(&mut self, input: PersonInput) -> Result<Person> {
        let name = required("name", &input.name)?;
        let email = validate_email(&input.email)?;
        self.write(|tx, ctx| {
            parties::get(tx, input.party_id).map_err(|_| Error::invalid("party_id", "unknown party"))?;
            let p = Person {
                id: Uuid::now_v7(),
                party_id: input.party_id,
                name,
                email,
                role_title: input.role_title.trim().to_owned(),
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            people::insert(tx, &p)?;
            audit::inserted(tx, ctx, &p)?;
            Ok(p)
        })
    }

    pub fn update_person(&mut self, id: Uuid, input: PersonInput) -> Result<Person> {
        let name = required("name", &input.name)?;
        let email = validate_email(&input.email)?;
        self.write(|tx, ctx| {
            let before = people::get(tx, id)?;
            parties::get(tx, input.party_id).map_err(|_| Error::invalid("party_id", "unknown party"))?;
            let after = Person {
                party_id: input.party_id,
                name,
                email,
                role_title: input.role_title.trim().to_owned(),
                updated_at: ctx.now,
                ..before.clone()
            };
            people::update(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    pub fn delete_person(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = people::get(tx, id)?;
            people::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- sessions ------------------------------------------------------------------------

    /// All sessions, earliest first.
    pub fn list_sessions(&self) -> Result<Vec<Session>> {
        sessions::list(&self.conn)
    }

    pub fn get_session(&self, id: Uuid) -> Result<Session> {
        sessions::get(&self.conn, id)
    }

    pub fn create_session(&mut self, input: SessionInput) -> Result<Session> {
        self.write(|tx, ctx| create_session_in(tx, ctx, input))
    }

    pub fn update_session(&mut self, id: Uuid, input: SessionInput) -> Result<Session> {
        let input = validate_session(input)?;
        self.write(|tx, ctx| {
            let before = sessions::get(tx, id)?;
            check_parties_exist(tx, &input.attendee_ids)?;
            let after = Session {
                title: input.title,
                kind: input.kind,
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                location: input.location,
                notes: input.notes,
                attendee_ids: input.attendee_ids,
                updated_at: ctx.now,
                ..before.clone()
            };
            sessions::update(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    /// Deletes a session with the positions recorded in it; each removed row is in the audit log.
    pub fn delete_session(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = sessions::get(tx, id)?;
            for p in positions::list_for_session(tx, id)? {
                audit::deleted(tx, ctx, &p)?;
            }
            sessions::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- positions -----------------------------------------------------------------------

    pub fn list_positions(&self) -> Result<Vec<Position>> {
        positions::list(&self.conn)
    }

    /// Records (or corrects) a party's position on a topic in a session. A correction
    /// replaces the row; the audit log keeps the earlier value.
    pub fn record_position(&mut self, input: PositionInput) -> Result<Position> {
        let change = self.set_position(input)?;
        change.after.ok_or_else(|| Error::Internal("a recorded position is missing".into()))
    }

    /// Like `record_position`, returning what was there before so the caller can undo it.
    pub fn set_position(&mut self, input: PositionInput) -> Result<PositionChange> {
        self.write(|tx, ctx| set_position_in(tx, ctx, input, ctx.now))
    }

    /// Removes the entry for `key`, if there is one (undoing a first entry).
    pub fn clear_position(&mut self, key: PositionKey) -> Result<PositionChange> {
        self.write(|tx, ctx| {
            let before = positions::find(tx, key.topic_id, key.party_id, key.session_id)?;
            if let Some(b) = &before {
                positions::delete(tx, b.id)?;
                audit::deleted(tx, ctx, b)?;
            }
            Ok(PositionChange { key, before, after: None })
        })
    }

    /// Every party's current position per topic (see `positions::list_current`).
    pub fn current_positions(&self) -> Result<Vec<Position>> {
        positions::list_current(&self.conn)
    }

    /// One topic's entries in one session (meeting mode loads a topic at a time: a whole
    /// session at sector scale is some 40,000 entries, 20 MB of JSON).
    pub fn positions_in_session(&self, session_id: Uuid, topic_id: Uuid) -> Result<Vec<Position>> {
        positions::list_for_session_topic(&self.conn, session_id, topic_id)
    }

    /// A party's positions on a topic across sessions, each with its earlier (corrected) values.
    pub fn position_history(&self, topic_id: Uuid, party_id: Uuid) -> Result<Vec<HistoryEntry>> {
        let mut out = Vec::new();
        for (position, session_title, session_starts_at) in positions::list_history(&self.conn, topic_id, party_id)? {
            let earlier = audit::list_for(&self.conn, &position.id.to_string())?
                .into_iter()
                .filter(|e| e.action == "update")
                .filter_map(|e| e.before.and_then(|b| serde_json::from_str::<Position>(&b).ok()))
                .collect();
            out.push(HistoryEntry {
                session_id: position.session_id,
                session_title,
                session_starts_at,
                position,
                earlier,
            });
        }
        Ok(out)
    }

    pub fn delete_position(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = positions::get(tx, id)?;
            positions::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- verdicts and actions ------------------------------------------------------------

    pub fn list_verdicts(&self) -> Result<Vec<Verdict>> {
        verdicts::list(&self.conn)
    }

    pub fn set_verdict(&mut self, topic_id: Uuid, marking: Marking, note: &str) -> Result<Verdict> {
        self.write(|tx, ctx| {
            topics::get(tx, topic_id)?;
            let before = verdicts::get(tx, topic_id)?;
            let v = Verdict {
                topic_id,
                marking,
                note: note.trim().to_owned(),
                marked_by: ctx.actor.to_owned(),
                marked_at: ctx.now,
            };
            verdicts::upsert(tx, &v)?;
            match &before {
                Some(b) => audit::updated(tx, ctx, b, &v)?,
                None => audit::inserted(tx, ctx, &v)?,
            }
            Ok(v)
        })
    }

    /// Removes the marking of a topic, so it shows as unmarked again.
    pub fn clear_verdict(&mut self, topic_id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            if let Some(v) = verdicts::get(tx, topic_id)? {
                verdicts::delete(tx, topic_id)?;
                audit::deleted(tx, ctx, &v)?;
            }
            Ok(())
        })
    }

    /// All follow-up actions, soonest due first.
    pub fn list_actions(&self) -> Result<Vec<Action>> {
        actions::list(&self.conn)
    }

    /// Open or in-progress actions whose due date lies before `today`.
    pub fn overdue_actions(&self, today: chrono::NaiveDate) -> Result<Vec<Action>> {
        Ok(self
            .list_actions()?
            .into_iter()
            .filter(|a| matches!(a.status, ActionStatus::Open | ActionStatus::InProgress))
            .filter(|a| a.due_date.is_some_and(|d| d < today))
            .collect())
    }

    pub fn create_action(&mut self, input: ActionInput) -> Result<Action> {
        let input = validate_action(input)?;
        self.write(|tx, ctx| {
            check_action_links(tx, &input)?;
            let a = Action {
                id: Uuid::now_v7(),
                title: input.title,
                owner_party_id: input.owner_party_id,
                topic_id: input.topic_id,
                due_date: input.due_date,
                status: input.status,
                notes: input.notes,
                created_at: ctx.now,
                updated_at: ctx.now,
            };
            actions::insert(tx, &a)?;
            audit::inserted(tx, ctx, &a)?;
            Ok(a)
        })
    }

    pub fn update_action(&mut self, id: Uuid, input: ActionInput) -> Result<Action> {
        let input = validate_action(input)?;
        self.write(|tx, ctx| {
            let before = actions::get(tx, id)?;
            check_action_links(tx, &input)?;
            let after = Action {
                title: input.title,
                owner_party_id: input.owner_party_id,
                topic_id: input.topic_id,
                due_date: input.due_date,
                status: input.status,
                notes: input.notes,
                updated_at: ctx.now,
                ..before.clone()
            };
            actions::update(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    pub fn delete_action(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = actions::get(tx, id)?;
            actions::delete(tx, id)?;
            audit::deleted(tx, ctx, &before)
        })
    }

    // ---- search --------------------------------------------------------------------------

    /// Full-text search, accent- and case-insensitive, best hits first (at most 200).
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>> {
        self.flush_search_queue();
        search::search(&self.conn, query, 200)
    }

    /// Indexes the positions written since the last search (migration 5), in one transaction.
    /// Where that cannot happen (a read-only file, a disk that is full, a file whose check
    /// still runs, which no write may wait for here) the search goes on over the index as it
    /// is: it may miss what was recorded since, never fail for it.
    fn flush_search_queue(&self) {
        if !matches!(self.integrity(), Integrity::Passed)
            || self.check_writable().is_err()
            || !matches!(search::queued(&self.conn), Ok(n) if n > 0)
        {
            return;
        }
        let flushed = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from)
            .and_then(|tx| {
                search::flush(&tx)?;
                Ok(tx.commit()?)
            });
        let _ = flushed;
    }

    // ---- audit ---------------------------------------------------------------------------

    /// The audit entries about one record, oldest first.
    pub fn audit_for(&self, entity_id: Uuid) -> Result<Vec<AuditEntry>> {
        audit::list_for(&self.conn, &entity_id.to_string())
    }
}

/// What the window shows of a dialogue, read through `c`: the store's own connection, or the
/// reader a file is first shown through (`Workspace::begin_open`).
pub(crate) fn dialogue_info(
    c: &Connection,
    path: Option<&Path>,
    backup: Option<&Path>,
    read_only: bool,
) -> Result<DialogueInfo> {
    Ok(DialogueInfo {
        path: path.map(|p| p.display().to_string()).unwrap_or_default(),
        file_name: path.and_then(|p| p.file_name()).and_then(|s| s.to_str()).unwrap_or("").to_owned(),
        schema_version: c.pragma_query_value(None, "user_version", |r| r.get(0))?,
        dialogue: dialogue::get(c)?,
        counts: counts(c)?,
        backup_path: backup.map(|p| p.display().to_string()),
        read_only,
    })
}

/// How many records of each kind a dialogue holds (also used by the read-only `check`).
pub(crate) fn counts(c: &Connection) -> Result<Counts> {
    let n =
        |table: &str| -> Result<i64> { Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?) };
    Ok(Counts {
        bouwstenen: n("bouwstenen")?,
        topics: n("topics")?,
        parties: n("parties")?,
        people: n("people")?,
        sessions: n("sessions")?,
        positions: n("positions")?,
        verdicts: n("topic_verdicts")?,
        actions: n("actions")?,
    })
}

// ---- reads and writes that compose inside one transaction (imports use them) -----------

pub(crate) fn list_bouwstenen_in(conn: &Connection) -> Result<Vec<Bouwsteen>> {
    bouwstenen::list(conn)
}

pub(crate) fn list_topics_in(conn: &Connection) -> Result<Vec<Topic>> {
    topics::list(conn)
}

pub(crate) fn list_parties_in(conn: &Connection) -> Result<Vec<Party>> {
    parties::list(conn)
}

pub(crate) fn list_sessions_in(conn: &Connection) -> Result<Vec<Session>> {
    sessions::list(conn)
}

/// Sets a record's creation time, the one column the table modules' updates never write: a
/// bundle import that merges two records into one keeps the creation time of the version that
/// won (`bundle.rs`). `table` is one of the tables with a `created_at` column.
pub(crate) fn set_created_at(conn: &Connection, table: &'static str, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    if !["bouwstenen", "topics", "parties", "people", "sessions", "actions"].contains(&table) {
        return Err(Error::Internal(format!("{table} has no created_at")));
    }
    conn.prepare_cached(&format!("UPDATE {table} SET created_at = ?2 WHERE id = ?1"))?
        .execute(rusqlite::params![id.to_string(), at])?;
    Ok(())
}

// ---- writes that compose inside one transaction (the Store methods and imports share them) ----

pub(crate) fn create_bouwsteen_in(tx: &Connection, ctx: &Ctx, input: BouwsteenInput) -> Result<Bouwsteen> {
    let name = required("name", &input.name)?;
    let b = Bouwsteen {
        id: Uuid::now_v7(),
        position: bouwstenen::next_position(tx)?,
        name,
        description: input.description.trim().to_owned(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    bouwstenen::insert(tx, &b)?;
    audit::inserted(tx, ctx, &b)?;
    Ok(b)
}

pub(crate) fn create_topic_in(tx: &Connection, ctx: &Ctx, input: TopicInput) -> Result<Topic> {
    let input = validate_topic(input)?;
    bouwstenen::get(tx, input.bouwsteen_id).map_err(|_| Error::invalid("bouwsteen_id", "unknown bouwsteen"))?;
    let t = Topic {
        id: Uuid::now_v7(),
        bouwsteen_id: input.bouwsteen_id,
        code: input.code,
        kind: input.kind,
        title: input.title,
        description: input.description,
        priority: input.priority,
        production_types: input.production_types,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    topics::insert(tx, &t).map_err(|e| unique_to_conflict(e, "code", "another topic has this code"))?;
    audit::inserted(tx, ctx, &t)?;
    Ok(t)
}

pub(crate) fn create_party_in(tx: &Connection, ctx: &Ctx, input: PartyInput) -> Result<Party> {
    let input = validate_party(input)?;
    let p = Party {
        id: Uuid::now_v7(),
        name: input.name,
        short_name: input.short_name,
        chain_role: input.chain_role,
        segment: input.segment.unwrap_or_default(),
        production_types: input.production_types,
        colour: input.colour,
        notes: input.notes,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    parties::insert(tx, &p).map_err(|e| unique_to_conflict(e, "name", "another party has this name"))?;
    audit::inserted(tx, ctx, &p)?;
    Ok(p)
}

pub(crate) fn create_session_in(tx: &Connection, ctx: &Ctx, input: SessionInput) -> Result<Session> {
    let input = validate_session(input)?;
    check_parties_exist(tx, &input.attendee_ids)?;
    let s = Session {
        id: Uuid::now_v7(),
        title: input.title,
        kind: input.kind,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        location: input.location,
        notes: input.notes,
        attendee_ids: input.attendee_ids,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    sessions::insert(tx, &s)?;
    audit::inserted(tx, ctx, &s)?;
    Ok(s)
}

/// Writes a position recorded at `recorded_at` (now, or the time an import names).
pub(crate) fn set_position_in(
    tx: &Connection,
    ctx: &Ctx,
    input: PositionInput,
    recorded_at: DateTime<Utc>,
) -> Result<PositionChange> {
    let checked = check_position(input)?;
    let (links, existing) = positions::find_with_links(tx, checked.topic_id, checked.party_id, checked.session_id)?;
    if !links.topic {
        return Err(Error::invalid("topic_id", "unknown topic"));
    }
    if !links.party {
        return Err(Error::invalid("party_id", "unknown party"));
    }
    if !links.session {
        return Err(Error::invalid("session_id", "unknown session"));
    }
    write_position_in(tx, ctx, checked, existing, recorded_at)
}

/// A position's own fields, checked and trimmed; its links are checked apart, so a bulk
/// import that resolved them itself does not ask the database again for every row.
pub(crate) fn check_position(input: PositionInput) -> Result<PositionInput> {
    if let Some(s) = input.stance
        && !(-2..=2).contains(&s)
    {
        return Err(Error::invalid("stance", format!("{s} is outside −2..+2")));
    }
    Ok(PositionInput {
        rationale: text("rationale", &input.rationale)?,
        condition: text("condition", &input.condition)?,
        quote: text("quote", &input.quote)?,
        ..input
    })
}

/// Inserts a checked position, or updates `existing` (the entry already there for its key),
/// with the audit row either way.
pub(crate) fn write_position_in(
    tx: &Connection,
    ctx: &Ctx,
    input: PositionInput,
    existing: Option<Position>,
    recorded_at: DateTime<Utc>,
) -> Result<PositionChange> {
    let p = Position {
        id: existing.as_ref().map(|e| e.id).unwrap_or_else(Uuid::now_v7),
        topic_id: input.topic_id,
        party_id: input.party_id,
        session_id: input.session_id,
        stance: input.stance,
        rationale: input.rationale,
        condition: input.condition,
        quote: input.quote,
        recorded_at,
        recorded_by: ctx.actor.to_owned(),
    };
    match &existing {
        Some(before) => {
            positions::update(tx, &p)?;
            audit::updated(tx, ctx, before, &p)?;
        }
        None => {
            positions::insert(tx, &p)?;
            audit::inserted(tx, ctx, &p)?;
        }
    }
    let key = PositionKey { topic_id: p.topic_id, party_id: p.party_id, session_id: p.session_id };
    Ok(PositionChange { key, before: existing, after: Some(p) })
}

/// An entry already recorded for this key, if any (for a bulk import's own bookkeeping).
pub(crate) fn find_position_in(tx: &Connection, topic: Uuid, party: Uuid, session: Uuid) -> Result<Option<Position>> {
    positions::find(tx, topic, party, session)
}

/// The name the audit log and "recorded by" show: the operating-system account. Processes
/// started by a service manager or a test driver may lack USER, so fall back on LOGNAME,
/// USERNAME (Windows) and the home folder's name.
pub(crate) fn default_actor() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .or_else(|| {
            let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
            std::path::Path::new(&home).file_name()?.to_str().map(str::to_owned)
        })
        .unwrap_or_default()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Longest name or title we accept: generous, but a 10 MB "name" is a broken import.
pub(crate) const MAX_NAME: usize = 300;
/// Longest free text (a description, a rationale) we accept.
pub(crate) const MAX_TEXT: usize = 20_000;

fn required(field: &'static str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if v.chars().count() > MAX_NAME {
        return Err(Error::invalid(field, format!("longer than {MAX_NAME} characters")));
    }
    Ok(v.to_owned())
}

fn text(field: &'static str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > MAX_TEXT {
        return Err(Error::invalid(field, format!("longer than {MAX_TEXT} characters")));
    }
    Ok(v.to_owned())
}

fn dedup<T: Ord + Copy>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

fn validate_topic(i: TopicInput) -> Result<TopicInput> {
    if !(1..=3).contains(&i.priority) {
        return Err(Error::invalid("priority", "must be 1 (low), 2 (normal) or 3 (high)"));
    }
    let code = i.code.trim().to_owned();
    if code.chars().count() > 20 {
        return Err(Error::invalid("code", "longer than 20 characters"));
    }
    Ok(TopicInput {
        bouwsteen_id: i.bouwsteen_id,
        code,
        kind: i.kind,
        title: required("title", &i.title)?,
        description: text("description", &i.description)?,
        priority: i.priority,
        production_types: dedup(i.production_types),
    })
}

fn validate_colour(c: &str) -> Result<String> {
    let c = c.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if !ok {
        return Err(Error::invalid("colour", "must look like #1f77b4"));
    }
    Ok(c.to_ascii_lowercase())
}

fn validate_party(i: PartyInput) -> Result<PartyInput> {
    Ok(PartyInput {
        name: required("name", &i.name)?,
        short_name: text("short_name", &i.short_name)?,
        chain_role: i.chain_role,
        segment: i.segment.as_deref().map(|s| text("segment", s)).transpose()?,
        production_types: dedup(i.production_types),
        colour: validate_colour(&i.colour)?,
        notes: text("notes", &i.notes)?,
    })
}

fn validate_email(e: &str) -> Result<String> {
    let e = e.trim();
    let looks_like_address = e.contains('@') && !e.contains(char::is_whitespace) && e.len() <= 254;
    if !e.is_empty() && !looks_like_address {
        return Err(Error::invalid("email", "is not an e-mail address"));
    }
    Ok(e.to_owned())
}

fn validate_session(i: SessionInput) -> Result<SessionInput> {
    if i.ends_at < i.starts_at {
        return Err(Error::invalid("ends_at", "the end lies before the start"));
    }
    Ok(SessionInput {
        title: required("title", &i.title)?,
        kind: i.kind,
        starts_at: i.starts_at,
        ends_at: i.ends_at,
        location: text("location", &i.location)?,
        notes: text("notes", &i.notes)?,
        attendee_ids: dedup(i.attendee_ids),
    })
}

fn validate_action(i: ActionInput) -> Result<ActionInput> {
    Ok(ActionInput { title: required("title", &i.title)?, notes: text("notes", &i.notes)?, ..i })
}

fn check_action_links(conn: &Connection, i: &ActionInput) -> Result<()> {
    if let Some(p) = i.owner_party_id {
        parties::get(conn, p).map_err(|_| Error::invalid("owner_party_id", "unknown party"))?;
    }
    if let Some(t) = i.topic_id {
        topics::get(conn, t).map_err(|_| Error::invalid("topic_id", "unknown topic"))?;
    }
    Ok(())
}

fn check_parties_exist(conn: &Connection, ids: &[Uuid]) -> Result<()> {
    for id in ids {
        parties::get(conn, *id).map_err(|_| Error::invalid("attendee_ids", format!("unknown party {id}")))?;
    }
    Ok(())
}

/// A UNIQUE violation on insert/update becomes a `Conflict` a person can act on.
fn unique_to_conflict(e: Error, _field: &'static str, message: &str) -> Error {
    match &e {
        Error::Sqlite(s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Error::Conflict(message.to_owned())
        }
        _ => e,
    }
}

// ---- row helpers shared by the table modules -----------------------------------------

/// A topic, party or session read inside a transaction (for other modules' writes).
pub(crate) fn get_topic_in(c: &Connection, id: Uuid) -> Result<Topic> {
    topics::get(c, id)
}

pub(crate) fn get_party_in(c: &Connection, id: Uuid) -> Result<Party> {
    parties::get(c, id)
}

pub(crate) fn get_session_in(c: &Connection, id: Uuid) -> Result<Session> {
    sessions::get(c, id)
}

/// Every entry on one topic, across sessions.
pub(crate) fn positions_for_topic(c: &Connection, topic: Uuid) -> Result<Vec<Position>> {
    positions::list_for_topic(c, topic)
}

pub(crate) fn uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(idx)?;
    Uuid::parse_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn opt_uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| {
        Uuid::parse_str(&s)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
    })
    .transpose()
}

/// Turns "no row" into our `NotFound`.
pub(crate) fn found<T>(r: rusqlite::Result<T>, entity: &'static str, id: impl ToString) -> Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::not_found(entity, id)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests;
