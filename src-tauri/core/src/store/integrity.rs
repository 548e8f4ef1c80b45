//! SQLite's whole-file check (`PRAGMA integrity_check`) in the background. On a sector-scale
//! file it reads about a gigabyte: 7–8 s on two cores, which the window spent waiting before
//! it could list anything. Here it runs on a reader connection of its own (under WAL it sees
//! one consistent state) while the store reads beside it, and every write waits for it: no
//! byte is written to a file before it has passed.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::InterruptHandle;

use crate::db;
use crate::error::{Error, Result};

/// Where a file's whole-file check stands.
#[derive(Debug)]
pub enum Integrity {
    /// Passed, or checked before the file was opened.
    Passed,
    Running,
    /// The check found damage (or could not read the file); the error to report.
    Failed(Error),
}

pub(crate) struct BackgroundCheck {
    shared: Arc<Shared>,
    interrupt: InterruptHandle,
    thread: Option<JoinHandle<()>>,
}

/// A handle to wait on a background check without holding the store (nor whatever holds the
/// store: the app waits on it outside its workspace lock, so reads go on meanwhile).
#[derive(Clone)]
pub struct IntegrityWait(Arc<Shared>);

#[derive(Default)]
struct Shared {
    /// `None` while the check runs.
    outcome: Mutex<Option<Result<(), Error>>>,
    done: Condvar,
}

impl Shared {
    fn outcome(&self) -> std::sync::MutexGuard<'_, Option<Result<(), Error>>> {
        self.outcome.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wait(&self) -> std::sync::MutexGuard<'_, Option<Result<(), Error>>> {
        let mut outcome = self.outcome();
        while outcome.is_none() {
            outcome = self.done.wait(outcome).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        outcome
    }
}

impl IntegrityWait {
    /// Returns once the check has ended (passed or not).
    pub fn wait(&self) {
        drop(self.0.wait());
    }
}

impl BackgroundCheck {
    /// Starts checking `path` on a reader of its own. `before` runs on the thread first (the
    /// tests hold the check there; the app passes nothing to do).
    pub(crate) fn start(path: &Path, before: impl FnOnce() + Send + 'static) -> Result<BackgroundCheck> {
        let conn = db::open_reader(path)?;
        // The check reads the file through a memory map rather than the page cache. The
        // bundled SQLite keeps one page cache for all the app's connections (it is built with
        // SQLITE_ENABLE_MEMORY_MANAGEMENT), so while the window reads beside the check, each
        // statement's cache came and went through the check's pages: at 1M it read 18.9 million
        // pages instead of 0.6 million and took 17–19 s in the app instead of 7. Mapped, a page
        // costs no copy and no cache slot. Only this connection maps the file, and only while
        // it checks; nothing shortens the file meanwhile (every write, the erasure's VACUUM
        // included, waits for the check), and SQLite maps at most its 2 GB limit.
        conn.pragma_update(None, "mmap_size", i64::MAX)?;
        let interrupt = conn.get_interrupt_handle();
        let shared = Arc::new(Shared::default());
        let thread = {
            let (shared, path) = (shared.clone(), path.to_owned());
            std::thread::Builder::new().name("ketentafel-integrity".into()).spawn(move || {
                // Whatever happens here, an outcome is given: a waiter must never wait forever.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    before();
                    db::integrity_check(&conn).map_err(|e| match e {
                        Error::Sqlite(e) => db::opening_error(&path, e),
                        other => other,
                    })
                }))
                .unwrap_or_else(|_| Err(Error::Internal("the integrity check stopped unexpectedly".into())));
                // The reader closes before anyone hears the outcome, so a passed file is not
                // held open by a connection nobody uses.
                drop(conn);
                *shared.outcome() = Some(outcome);
                shared.done.notify_all();
            })?
        };
        Ok(BackgroundCheck { shared, interrupt, thread: Some(thread) })
    }

    pub(crate) fn state(&self) -> Integrity {
        state_of(self.shared.outcome().as_ref())
    }

    /// Waits for the check: `Ok` once it has passed, else the error to report.
    pub(crate) fn passed(&self) -> Result<()> {
        match state_of(self.shared.wait().as_ref()) {
            Integrity::Failed(e) => Err(e),
            _ => Ok(()),
        }
    }

    pub(crate) fn waiter(&self) -> IntegrityWait {
        IntegrityWait(self.shared.clone())
    }
}

fn state_of(outcome: Option<&Result<(), Error>>) -> Integrity {
    match outcome {
        None => Integrity::Running,
        Some(Ok(())) => Integrity::Passed,
        Some(Err(e)) => Integrity::Failed(reported(e)),
    }
}

/// The check's error as it is reported, each time it is asked for (`Error` is not `Clone`):
/// damage as damage, a failing disk as the I/O error it was, a check that stopped as the
/// fault it is, anything else as damage with SQLite's words, since the file could not be
/// vouched for.
fn reported(e: &Error) -> Error {
    match e {
        Error::Corrupt(detail) => Error::Corrupt(detail.clone()),
        Error::NotADialogue(path) => Error::NotADialogue(path.clone()),
        Error::Io(io) => Error::Io(std::io::Error::new(io.kind(), io.to_string())),
        Error::Internal(what) => Error::Internal(what.clone()),
        other => Error::Corrupt(other.to_string()),
    }
}

impl Drop for BackgroundCheck {
    /// Stops a check still running (the file is being closed) and waits for its thread. An
    /// interrupt only reaches a statement that has started, so it is repeated until the thread
    /// has ended: at most a moment, as the check stops at its next page.
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            while !thread.is_finished() {
                self.interrupt.interrupt();
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = thread.join();
        }
    }
}

/// Overwrites the first page of index `name` in the closed file at `path` with a pattern: a
/// file whose tables all read, but which SQLite's whole-file check finds damaged. For tests
/// (here and of the app's commands).
#[doc(hidden)]
pub fn garble_index(path: &Path, name: &str) -> Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    // Everything into the main file first: a page the WAL still held would be read from there.
    conn.busy_timeout(Duration::from_secs(5))?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Internal("the WAL could not be emptied".into()));
    }
    let root: i64 = conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0))?;
    let page: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    drop(conn);
    let mut bytes = std::fs::read(path)?;
    let at = (root as usize - 1) * page as usize;
    let garbled = bytes.get_mut(at..at + page as usize).ok_or_else(|| Error::Internal(format!("no page {root}")))?;
    garbled.iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7 % 251) as u8);
    Ok(std::fs::write(path, bytes)?)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;
    use crate::ErrorCode;
    use crate::Store;
    use crate::model::DialogueInput;

    /// A closed demo dialogue at `dir/name`, complete without its WAL.
    fn demo_file(dir: &Path, name: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        let mut s = Store::create(&path).unwrap();
        crate::demo::populate(&mut s).unwrap();
        drop(s);
        path
    }

    fn title(path: &Path) -> String {
        let conn = db::open_reader(path).unwrap();
        conn.query_row("SELECT title FROM dialogue", [], |r| r.get(0)).unwrap()
    }

    /// Opens `path` with its check held until the sender is used (or dropped).
    fn open_held(path: &Path) -> (Store, mpsc::Sender<()>) {
        let (release, held) = mpsc::channel::<()>();
        let store = Store::open_checking_after(path, move || {
            let _ = held.recv();
        })
        .unwrap();
        (store, release)
    }

    #[test]
    fn everything_reads_while_the_check_runs_and_writes_once_it_has_passed() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "d.ketentafel");
        let (mut store, release) = open_held(&path);
        assert!(matches!(store.integrity(), Integrity::Running));
        assert!(store.counts().unwrap().positions > 0);
        assert!(!store.list_topics().unwrap().is_empty());
        assert!(!store.grid().unwrap().row(0).iter().all(|c| c.is_empty()));
        assert!(!store.search("streaming").unwrap().is_empty());
        drop(release);
        store.update_dialogue(DialogueInput { title: "Na de controle".into(), description: String::new() }).unwrap();
        assert!(matches!(store.integrity(), Integrity::Passed));
        drop(store);
        assert_eq!(title(&path), "Na de controle");
    }

    #[test]
    fn a_write_waits_for_the_check_and_is_refused_when_it_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "d.ketentafel");
        let before = title(&path);
        garble_index(&path, "audit_log_entity").unwrap();
        let (mut store, release) = open_held(&path);
        assert_eq!(store.dialogue().unwrap().title, before, "what the damage spares reads");
        // Released just before the write: only a write that waits for the outcome sees it.
        drop(release);
        let e = store.update_dialogue(DialogueInput { title: "Anders".into(), description: String::new() });
        assert_eq!(e.unwrap_err().code(), ErrorCode::Corrupt);
        let Integrity::Failed(e) = store.integrity() else { panic!("the check failed") };
        assert_eq!(e.code(), ErrorCode::Corrupt);
        assert!(e.to_string().contains("d.ketentafel"), "names the file: {e}");
        assert_eq!(store.wait_checked().unwrap_err().code(), ErrorCode::Corrupt, "said again when asked again");
        drop(store);
        assert_eq!(title(&path), before, "nothing written");
    }

    #[test]
    fn a_check_that_stops_unexpectedly_still_ends_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "d.ketentafel");
        let before = title(&path);
        let mut store = Store::open_checking_after(&path, || panic!("the check stops here")).unwrap();
        let e = store.update_dialogue(DialogueInput { title: "Anders".into(), description: String::new() });
        assert_eq!(e.unwrap_err().code(), ErrorCode::Internal);
        assert!(matches!(store.integrity(), Integrity::Failed(_)));
        drop(store);
        assert_eq!(title(&path), before);
    }

    #[test]
    fn an_older_or_read_only_file_is_checked_before_it_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "d.ketentafel");
        garble_index(&path, "audit_log_entity").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert_eq!(Store::open_checking(&path).err().unwrap().code(), ErrorCode::Corrupt);
    }
}
