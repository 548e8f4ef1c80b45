//! Checkpoints in the background. In WAL mode every commit appends its pages to the `-wal`
//! file, and a checkpoint copies them back into the dialogue file. SQLite's automatic
//! checkpoint runs inside the commit that crosses 1,000 pages, so one recording in about a
//! hundred waited for a copy of some thousand pages (10–14 ms at sector scale, against a
//! median of 0.1 ms). Here the writer's own checkpoint only stands by as a safety net at
//! [`FALLBACK_PAGES`], and a thread with a connection of its own runs `PASSIVE` checkpoints
//! after writes: those copy what is committed while the writer goes on, and never wait for it.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// The writer's own automatic checkpoint, kept for when the thread falls behind (a WAL of
/// 40 MB at 4 KB pages).
pub(crate) const FALLBACK_PAGES: i64 = 10_000;

/// Rows changed by one write from which its commit leaves even the fallback to the thread.
pub(crate) const BIG_WRITE: u64 = 1_000;

/// The least time between two background checkpoints: a burst of writes (an import, a
/// benchmark loop) is copied in batches instead of after every write, and a facilitator's
/// pace of a recording every few seconds gets one checkpoint per recording.
const SPACING: Duration = Duration::from_millis(100);

pub(crate) struct Checkpointer {
    /// Tells the thread there is something new; dropped to stop it.
    nudge: Option<mpsc::SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Held while a checkpoint runs. Whoever needs the WAL to itself (the erasure's truncating
    /// checkpoints, which fail while another checkpoint runs) holds it instead.
    running: Arc<Mutex<()>>,
    /// How many checkpoints the thread has run.
    runs: Arc<AtomicU64>,
}

impl Checkpointer {
    /// Starts the thread on a connection of its own to `path`, and hands the writer's
    /// automatic checkpoint the fallback threshold.
    pub(crate) fn start(writer: &Connection, path: &Path) -> Result<Checkpointer> {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // A checkpoint never waits for the writer; this only rides out the rare moment another
        // connection holds the checkpoint lock.
        conn.busy_timeout(Duration::from_millis(100))?;
        writer.pragma_update(None, "wal_autocheckpoint", FALLBACK_PAGES)?;
        let (nudge, nudged) = mpsc::sync_channel::<()>(1);
        let running = Arc::new(Mutex::new(()));
        let runs = Arc::new(AtomicU64::new(0));
        let thread = {
            let (running, runs) = (running.clone(), runs.clone());
            std::thread::Builder::new()
                .name("ketentafel-checkpoint".into())
                .spawn(move || run(conn, nudged, running, runs))?
        };
        Ok(Checkpointer { nudge: Some(nudge), thread: Some(thread), running, runs })
    }

    /// After a commit: a checkpoint is due. Never blocks (one pending nudge is enough).
    pub(crate) fn nudge(&self) {
        if let Some(n) = &self.nudge {
            let _ = n.try_send(());
        }
    }

    /// Keeps the thread from checkpointing while the guard lives.
    pub(crate) fn pause(&self) -> MutexGuard<'_, ()> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }
}

fn run(conn: Connection, nudged: mpsc::Receiver<()>, running: Arc<Mutex<()>>, runs: Arc<AtomicU64>) {
    let mut last: Option<Instant> = None;
    // Ends when the store drops its sender.
    while nudged.recv().is_ok() {
        // Spaced out: wait out the rest of SPACING since the last one, taking in the nudges
        // that come meanwhile (a stop ends the wait).
        if let Some(due) = last.map(|l| l + SPACING) {
            while let Some(wait) = due.checked_duration_since(Instant::now()).filter(|w| !w.is_zero()) {
                if let Err(mpsc::RecvTimeoutError::Disconnected) = nudged.recv_timeout(wait) {
                    return;
                }
            }
        }
        let _running = running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // PASSIVE copies what it can without waiting for anyone; a failure (a full disk, the
        // file gone) leaves the pages in the WAL, where they are safe, and the writer finds
        // the cause on its next write.
        if conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).is_ok() {
            runs.fetch_add(1, Ordering::Relaxed);
        }
        last = Some(Instant::now());
    }
}

impl Drop for Checkpointer {
    /// Stops the thread and waits for it, so the writer's connection closes last and leaves
    /// the file complete (SQLite checkpoints and removes the WAL when its last connection
    /// closes).
    fn drop(&mut self) {
        self.nudge.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use crate::model::DialogueInput;
    use rusqlite::OptionalExtension;

    /// What a reader of the dialogue file alone (no `-wal` beside it) finds as its title.
    fn title_in_main_file(path: &Path, dir: &Path) -> String {
        let copy = dir.join("main-only.ketentafel");
        std::fs::copy(path, &copy).unwrap();
        let uri = format!("file:{}?immutable=1", copy.display());
        let conn =
            Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI).unwrap();
        conn.query_row("SELECT title FROM dialogue", [], |r| r.get(0)).optional().unwrap().unwrap_or_default()
    }

    #[test]
    fn commits_reach_the_file_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.ketentafel");
        let mut s = Store::create(&path).unwrap();
        let auto: i64 = s.conn().pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)).unwrap();
        assert_eq!(auto, FALLBACK_PAGES, "the writer's own checkpoint only stands by");
        for i in 0..50 {
            s.update_dialogue(DialogueInput { title: format!("Titel {i}"), description: String::new() }).unwrap();
        }
        // Far below the writer's own threshold, so only the thread can have copied it over.
        // Copied while the thread is held off: a copy taken while it writes pages into the
        // file can be half old, half new ("malformed").
        let deadline = Instant::now() + Duration::from_secs(20);
        while s.without_background_checkpoints(|_| title_in_main_file(&path, dir.path())) != "Titel 49" {
            assert!(Instant::now() < deadline, "the last write never reached the file");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(s.background_checkpoints() >= 1);
        drop(s);
        assert!(!dir.path().join("c.ketentafel-wal").exists(), "closed, the file is complete on its own");
    }

    #[test]
    fn no_thread_for_memory_or_read_only() {
        let mut s = Store::in_memory("m").unwrap();
        s.update_dialogue(DialogueInput { title: "x".into(), description: String::new() }).unwrap();
        assert_eq!(s.background_checkpoints(), 0);
        assert!(s.checkpointer.is_none());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.ketentafel");
        drop(Store::create(&path).unwrap());
        assert!(Store::open_read_only(&path).unwrap().checkpointer.is_none());
    }
}
