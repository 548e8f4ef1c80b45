//! The app's session state without a window: which dialogue is open, the settings, the
//! recent files and what happens on start. The desktop shell holds one `Workspace`.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Instant;

use chrono::Utc;

use crate::backup::{self, BackupList};
use crate::db::{self, EXTENSION};
use crate::demo;
use crate::error::{Error, ErrorCode, ErrorPayload, Lang, Result};
use crate::lock::FileLock;
use crate::model::{AppSnapshot, DialogueInfo, RecentFile};
use crate::settings::Settings;
use crate::store::{self, Integrity, IntegrityWait, Store, default_actor};

/// What the app was asked to do on start (from its command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartArgs {
    /// A dialogue file to open (e.g. a double-clicked `.ketentafel`).
    pub file: Option<PathBuf>,
    /// Open a fresh demo dialogue.
    pub demo: bool,
}

impl StartArgs {
    /// Reads `[FILE] [--demo]`, ignoring anything else (WebDriver and the OS add flags).
    pub fn parse(args: impl IntoIterator<Item = String>) -> StartArgs {
        let mut out = StartArgs::default();
        for a in args {
            if a == "--demo" {
                out.demo = true;
            } else if !a.starts_with('-') && out.file.is_none() {
                out.file = Some(PathBuf::from(a));
            }
        }
        out
    }
}

/// A dialogue shown but not yet opened for work (see `Workspace::begin_open`).
struct Pending {
    path: PathBuf,
    /// The claim on the file, handed to the store when it opens.
    lock: Option<FileLock>,
    /// What the window shows meanwhile, read through a reader.
    info: DialogueInfo,
}

pub struct Workspace {
    store: Option<Store>,
    /// This app's claim on the open file; dropped after the store, on close or another open.
    lock: Option<FileLock>,
    /// A file shown before it is opened for work, which its first use does.
    pending: Option<Pending>,
    /// The open file passed its whole-file check (see `confirm`): it is one of the recent
    /// files, and snapshots of it may be taken.
    confirmed: bool,
    /// Snapshots still being written in the background.
    backup_jobs: Vec<JoinHandle<Result<PathBuf>>>,
    /// When the last snapshot of the open file was started, and after how many writes.
    last_backup: Option<(Instant, u64)>,
    settings: Settings,
    settings_path: PathBuf,
    data_dir: PathBuf,
    reopen_error: Option<ErrorPayload>,
    version: String,
}

impl Workspace {
    /// A workspace keeping its settings and demo files in `data_dir`.
    pub fn new(data_dir: PathBuf, version: &str) -> Workspace {
        let settings_path = data_dir.join("settings.json");
        Workspace {
            store: None,
            lock: None,
            pending: None,
            confirmed: false,
            backup_jobs: Vec::new(),
            last_backup: None,
            settings: Settings::load(&settings_path),
            settings_path,
            data_dir,
            reopen_error: None,
            version: version.to_owned(),
        }
    }

    /// Opens what the command line asks for, or else the last dialogue. A failure is kept
    /// for the window to show; the app starts either way.
    pub fn start(&mut self, args: &StartArgs) {
        let result = if args.demo {
            self.open_demo().map(|_| ())
        } else if let Some(file) = &args.file {
            self.open_on_start(file)
        } else if let Some(last) = self.settings.last_file().map(Path::to_owned) {
            self.open_on_start(&last)
        } else {
            Ok(())
        };
        self.reopen_error = result.err().map(|e| ErrorPayload::from(&e));
    }

    /// Opens `path` at start (its first step, see `begin_open`). On a restart the previous app
    /// may still be exiting, holding its lock for a moment longer, so a lock is given up to
    /// 1.5 s before it is reported.
    fn open_on_start(&mut self, path: &Path) -> Result<()> {
        for _ in 0..15 {
            match self.begin_open(path) {
                Err(e) if e.code() == ErrorCode::Locked => std::thread::sleep(std::time::Duration::from_millis(100)),
                other => return other.map(|_| ()),
            }
        }
        self.begin_open(path).map(|_| ())
    }

    pub fn snapshot(&self) -> Result<AppSnapshot> {
        Ok(AppSnapshot {
            version: self.version.clone(),
            lang: self.settings.lang,
            dialogue: self.info().ok(),
            recent: self.settings.recent_files(),
            reopen_error: self.reopen_error.clone(),
        })
    }

    /// Creates a new dialogue file (with the four default bouwstenen, or the whole demo) and
    /// makes it the open one.
    pub fn create(&mut self, path: &Path, with_demo: bool) -> Result<DialogueInfo> {
        let path = with_extension(path);
        let mut store = Store::create(&path)?;
        let lock = FileLock::acquire(&path, &default_actor())?;
        if with_demo {
            demo::populate(&mut store)?;
        }
        self.replace(store, lock)
    }

    /// Opens an existing file. On failure the dialogue that was open stays open. A file
    /// another Ketentafel has open is refused (`Locked`, naming who); the one open here
    /// already is simply kept.
    /// Waits for the whole-file check (`checked`).
    pub fn open(&mut self, path: &Path) -> Result<DialogueInfo> {
        self.begin_open(path)?;
        self.checked()
    }

    /// The first step of `open`, all that the window needs to show the dialogue: the header is
    /// checked, the lock taken, and the title and counts read through a reader. The store opens
    /// on first use (`finish_open`), and SQLite's integrity check, which reads the whole file
    /// (seconds on a sector-scale file), runs beside it from then on: reads go on, writes wait
    /// for it, and when it fails the file is closed and its error returned (`checked`, `store`).
    /// A file that needs an upgrade, or whose overview cannot be read, is opened and checked
    /// whole at once (the check comes before any upgrade).
    pub fn begin_open(&mut self, path: &Path) -> Result<DialogueInfo> {
        if self.open_path().is_some_and(|open| same_file(open, path)) {
            return self.info();
        }
        // Not a dialogue at all: say so before leaving a lock file beside it.
        db::inspect_raw(path)?;
        let lock = FileLock::acquire(path, &default_actor())?;
        let Ok(info) = preview(path) else {
            let store = Store::open(path)?;
            return self.replace(store, lock);
        };
        // The old store closes before its lock goes, so nobody else opens it half-closed. The
        // recent files (and the file reopened on the next start) wait for `finish_open`.
        self.store = None;
        self.lock = None;
        self.pending = Some(Pending { path: path.to_owned(), lock, info: info.clone() });
        self.reopen_error = None;
        self.last_backup = None;
        Ok(info)
    }

    /// Opens the file `begin_open` showed for work, its integrity check starting in the
    /// background (see `checked`). Without one waiting, the open dialogue's info.
    pub fn finish_open(&mut self) -> Result<DialogueInfo> {
        let Some(pending) = self.pending.take() else { return self.info() };
        let store = Store::open_checking(&pending.path)?;
        self.replace(store, pending.lock)
    }

    /// Waits for the open file's whole-file check. Once it has passed the file is one of the
    /// recent files (and the one reopened on the next start) and its first snapshot is taken;
    /// when it fails, the file is closed and the check's error returned. The app waits on
    /// [`Workspace::integrity_wait`] first, outside its lock, so reads go on meanwhile.
    pub fn checked(&mut self) -> Result<DialogueInfo> {
        self.finish_open()?;
        let store = self.store.as_ref().ok_or(Error::NoDialogueOpen)?;
        if let Err(e) = store.wait_checked() {
            self.close();
            return Err(e);
        }
        self.backup_if_due(Instant::now());
        self.info()
    }

    /// A handle to wait on the open file's whole-file check with (opening the shown file for
    /// work first), while it runs; `None` once it has ended, or when it ran before opening.
    pub fn integrity_wait(&mut self) -> Result<Option<IntegrityWait>> {
        self.finish_open()?;
        let store = self.store.as_ref().ok_or(Error::NoDialogueOpen)?;
        Ok(store.integrity_wait().filter(|_| matches!(store.integrity(), Integrity::Running)))
    }

    /// Once the open file has passed its check: makes it a recent file, once. Whether it has.
    fn confirm(&mut self) -> bool {
        if self.confirmed {
            return true;
        }
        let Some(store) = self.store.as_ref() else { return false };
        if !matches!(store.integrity(), Integrity::Passed) {
            return false;
        }
        self.confirmed = true;
        if let Some(p) = store.path().map(Path::to_owned) {
            self.touch_recent(&p);
        }
        true
    }

    /// The open or shown dialogue's path.
    fn open_path(&self) -> Option<&Path> {
        self.pending.as_ref().map(|p| p.path.as_path()).or_else(|| self.store.as_ref().and_then(Store::path))
    }

    /// Creates a fresh demo dialogue in the data folder and opens it.
    pub fn open_demo(&mut self) -> Result<DialogueInfo> {
        std::fs::create_dir_all(&self.data_dir)?;
        let mut n = 1;
        let path = loop {
            let name = if n == 1 {
                format!("Voorbeelddialoog.{EXTENSION}")
            } else {
                format!("Voorbeelddialoog {n}.{EXTENSION}")
            };
            let p = self.data_dir.join(name);
            if !p.exists() {
                break p;
            }
            n += 1;
        };
        self.create(&path, true)
    }

    /// Makes `store` the open dialogue. One checked as it opened is a recent file at once and
    /// gets its first snapshot; one still being checked waits for that (see `confirm`).
    fn replace(&mut self, store: Store, lock: Option<FileLock>) -> Result<DialogueInfo> {
        let info = store.info()?;
        // The old store closes before its lock goes, so nobody else opens it half-closed.
        self.pending = None;
        self.store = Some(store);
        self.lock = lock;
        self.confirmed = false;
        self.reopen_error = None;
        self.last_backup = None;
        self.backup_if_due(Instant::now());
        Ok(info)
    }

    pub fn close(&mut self) {
        self.pending = None;
        self.store = None;
        self.lock = None;
        self.confirmed = false;
        self.last_backup = None;
    }

    fn touch_recent(&mut self, path: &Path) {
        self.settings.touch_recent(path, Utc::now());
        // Settings are a convenience: failing to write them must not fail the open.
        let _ = self.settings.save(&self.settings_path);
    }

    // ---- backups -------------------------------------------------------------------------

    /// Starts a snapshot of the open file in the background when none was taken since it was
    /// opened, or when it was written to and the last one is `backup::INTERVAL` old. The app
    /// calls this on a timer; opening calls it too. None of a file that has not passed its
    /// whole-file check: a snapshot of a damaged file could push a good one out. Returns
    /// whether one was started.
    pub fn backup_if_due(&mut self, now: Instant) -> bool {
        self.backup_jobs.retain(|j| !j.is_finished());
        if !self.confirm() {
            return false;
        }
        let Some(store) = self.store.as_ref() else { return false };
        let Some(path) = store.path() else { return false };
        let writes = store.write_count();
        if let Some((at, written)) = self.last_backup
            && (written == writes || now.saturating_duration_since(at) < backup::INTERVAL)
        {
            return false;
        }
        // One at a time: a second copy of a large file would only slow the first down.
        if !self.backup_jobs.is_empty() {
            return false;
        }
        let folder = backup::folder(&self.data_dir, path);
        self.backup_jobs.push(backup::snapshot_in_background(path.to_owned(), folder));
        self.last_backup = Some((now, writes));
        true
    }

    /// Waits for the snapshots being written; returns where each went, or why it failed.
    pub fn wait_for_backups(&mut self) -> Vec<Result<PathBuf>> {
        self.backup_jobs
            .drain(..)
            .map(|j| j.join().unwrap_or_else(|_| Err(Error::Internal("the backup thread panicked".into()))))
            .collect()
    }

    /// Where the open dialogue's snapshots are kept.
    fn backup_folder(&self) -> Result<PathBuf> {
        let path = self.open_path().ok_or(Error::NoDialogueOpen)?;
        Ok(backup::folder(&self.data_dir, path))
    }

    /// The open dialogue's snapshots, newest first.
    pub fn list_backups(&self) -> Result<BackupList> {
        backup::list(&self.backup_folder()?)
    }

    /// Puts snapshot `id` in place of the open file, all or nothing: the snapshot is checked
    /// and copied beside the file first, the current state is kept as a snapshot of its own,
    /// and only then is the file closed, replaced in one rename and opened again. On any
    /// failure before the rename the file is as it was and stays open.
    pub fn restore_backup(&mut self, id: &str) -> Result<DialogueInfo> {
        backup::check_id(id)?;
        // The current state is kept as a snapshot: only once the file has passed its check.
        self.checked()?;
        let folder = self.backup_folder()?;
        let store = self.store.as_ref().ok_or(Error::NoDialogueOpen)?;
        store.check_writable()?;
        let path = store.path().ok_or(Error::NoDialogueOpen)?.to_owned();
        let chosen = folder.join(id);
        if !chosen.is_file() {
            return Err(Error::not_found("backup", id));
        }
        // No snapshot thread may read the file or prune the folder while it is swapped.
        self.wait_for_backups();
        drop(db::open_read_only(&chosen)?);
        let staged = backup::stage(&chosen, &path)?;
        let kept = match self.store.as_ref() {
            Some(store) => backup::snapshot(store.conn(), &folder),
            None => Err(Error::NoDialogueOpen),
        };
        let switched = kept.and_then(|_| {
            self.store = None;
            backup::put_in_place(&staged, &path)
        });
        if let Err(e) = switched {
            let _ = std::fs::remove_file(&staged);
            if self.store.is_none() {
                self.store = Some(Store::open(&path)?);
            }
            return Err(e);
        }
        self.store = Some(Store::open(&path)?);
        // The restored state is one of the snapshots already; the next is due after editing.
        self.last_backup = Some((Instant::now(), 0));
        self.info()
    }

    /// Erases a person from the open file ([`crate::privacy::erase_person`]) and then takes a
    /// snapshot at once, so the newest backup no longer holds them either. A snapshot still
    /// being written first finishes: it is a copy from before the erasure and would otherwise
    /// hold the file open while the erasure scrubs it. Older snapshots are left to rotate out
    /// (the confirmation says so): they are the only way back from a mistaken erasure.
    pub fn erase_person(&mut self, id: uuid::Uuid) -> Result<crate::privacy::ErasureReport> {
        self.checked()?;
        self.wait_for_backups();
        let store = self.store.as_mut().ok_or(Error::NoDialogueOpen)?;
        let report = crate::privacy::erase_person(store, id)?;
        if let Some(path) = store.path() {
            let folder = backup::folder(&self.data_dir, path);
            // The erasure is saved whatever happens here; a failed snapshot is retried on the
            // timer like any other.
            if backup::snapshot(store.conn(), &folder).is_ok() {
                self.last_backup = Some((Instant::now(), store.write_count()));
            }
        }
        Ok(report)
    }

    /// The open dialogue (opened for work first if it is only shown), or `NoDialogueOpen`.
    /// While its whole-file check runs it can be read (its writes wait); once the check has
    /// failed, the file is closed and this returns the check's error.
    pub fn store(&mut self) -> Result<&mut Store> {
        self.finish_open()?;
        if let Some(Integrity::Failed(e)) = self.store.as_ref().map(Store::integrity) {
            self.close();
            return Err(e);
        }
        self.store.as_mut().ok_or(Error::NoDialogueOpen)
    }

    pub fn info(&self) -> Result<DialogueInfo> {
        match &self.pending {
            Some(pending) => Ok(pending.info.clone()),
            None => self.store.as_ref().ok_or(Error::NoDialogueOpen)?.info(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn set_lang(&mut self, lang: Lang) -> Result<()> {
        self.settings.lang = lang;
        self.settings.save(&self.settings_path)
    }

    /// Whether `path` is on the recent-files list (chosen in a dialog on an earlier day).
    pub fn is_recent(&self, path: &Path) -> bool {
        self.settings.recent_files().iter().any(|r| Path::new(&r.path) == path)
    }

    pub fn forget_recent(&mut self, path: &Path) -> Result<Vec<RecentFile>> {
        self.settings.forget_recent(path);
        self.settings.save(&self.settings_path)?;
        Ok(self.settings.recent_files())
    }

    /// "Ketentafel — werkgroep.ketentafel", or just "Ketentafel".
    pub fn window_title(&self) -> String {
        match self.open_path().and_then(|p| p.file_name()).and_then(|n| n.to_str()) {
            Some(name) => format!("{name} — Ketentafel"),
            None => "Ketentafel".to_owned(),
        }
    }
}

/// What `begin_open` shows: the info `Store::info` gives, read through a reader connection
/// (application id checked, no integrity check). Only for a file at this version's schema.
fn preview(path: &Path) -> Result<DialogueInfo> {
    let conn = db::open_reader(path)?;
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if schema_version != db::latest_version() {
        return Err(Error::Internal(format!("schema {schema_version}: opened whole")));
    }
    store::dialogue_info(&conn, Some(path), None, !db::is_writable(path))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Adds `.ketentafel` when the user typed a name without it.
fn with_extension(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case(EXTENSION) => path.to_owned(),
        _ => {
            let mut s = path.as_os_str().to_owned();
            s.push(".");
            s.push(EXTENSION);
            PathBuf::from(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn create_reopen_and_last_file_on_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        assert!(ws.snapshot().unwrap().dialogue.is_none());
        let info = ws.create(&dir.path().join("werkgroep"), false).unwrap();
        assert_eq!(info.file_name, "werkgroep.ketentafel");
        assert_eq!(info.counts.bouwstenen, 4, "a new dialogue has the four default bouwstenen");
        assert_eq!(ws.window_title(), "werkgroep.ketentafel — Ketentafel");
        drop(ws);
        let mut again = Workspace::new(dir.path().join("data"), "0.1.0");
        again.start(&StartArgs::default());
        let snap = again.snapshot().unwrap();
        assert_eq!(snap.dialogue.unwrap().file_name, "werkgroep.ketentafel");
        assert_eq!(snap.recent.len(), 1);
    }

    #[test]
    fn failed_open_keeps_the_open_dialogue_and_is_reported_on_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        ws.create(&dir.path().join("a.ketentafel"), false).unwrap();
        let txt = dir.path().join("notes.txt");
        std::fs::write(&txt, "not a dialogue").unwrap();
        assert_eq!(ws.open(&txt).unwrap_err().code(), ErrorCode::NotADialogue);
        assert_eq!(ws.info().unwrap().file_name, "a.ketentafel");
        ws.close();
        assert_eq!(ws.store().err().unwrap().code(), ErrorCode::NoDialogueOpen);
        let mut ws2 = Workspace::new(dir.path().join("data"), "0.1.0");
        ws2.start(&StartArgs { file: Some(txt), demo: false });
        assert_eq!(ws2.snapshot().unwrap().reopen_error.unwrap().code, ErrorCode::NotADialogue);
    }

    #[test]
    fn demo_files_do_not_overwrite_each_other_and_lang_persists() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().to_owned(), "0.1.0");
        let a = ws.open_demo().unwrap();
        let b = ws.open_demo().unwrap();
        assert_ne!(a.path, b.path);
        assert!(b.counts.parties >= 12);
        ws.set_lang(Lang::En).unwrap();
        assert_eq!(Workspace::new(dir.path().to_owned(), "0.1.0").lang(), Lang::En);
    }

    #[test]
    fn a_second_app_is_told_who_has_the_file_open_until_the_first_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("werkgroep.ketentafel");
        let mut first = Workspace::new(dir.path().join("data1"), "0.1.0");
        first.create(&path, false).unwrap();
        let mut second = Workspace::new(dir.path().join("data2"), "0.1.0");
        let err = second.open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Locked);
        let nl = err.localized(Lang::Nl);
        assert!(nl.contains("is al geopend in Ketentafel door") && nl.contains("proces"), "{nl}");
        assert!(second.store().is_err(), "no silent second writer");
        // The holder itself may open it again: it is simply kept.
        assert_eq!(first.open(&path).unwrap().file_name, "werkgroep.ketentafel");
        first.close();
        second.open(&path).unwrap();
        // An app that ends (drop) lets go too.
        drop(second);
        first.open(&path).unwrap();
    }

    #[test]
    fn opening_a_file_takes_a_snapshot_in_the_background_and_editing_another_when_due() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        let path = dir.path().join("werkgroep.ketentafel");
        ws.create(&path, false).unwrap();
        assert!(ws.wait_for_backups().iter().all(|r| r.is_ok()));
        assert_eq!(ws.list_backups().unwrap().backups.len(), 1, "one on open");
        let start = Instant::now();
        assert!(!ws.backup_if_due(start + backup::INTERVAL), "nothing written since");
        ws.store()
            .unwrap()
            .update_dialogue(crate::model::DialogueInput { title: "Nieuw".into(), description: String::new() })
            .unwrap();
        assert!(!ws.backup_if_due(start), "written, but not yet due");
        assert!(ws.backup_if_due(start + backup::INTERVAL));
        ws.wait_for_backups().into_iter().for_each(|r| drop(r.unwrap()));
        let list = ws.list_backups().unwrap();
        assert_eq!(list.backups.len(), 2);
        assert!(list.folder.starts_with(dir.path().join("data").join("backups").to_str().unwrap()));
    }

    #[test]
    fn restore_keeps_the_current_state_as_a_backup_then_puts_the_chosen_one_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        let path = dir.path().join("werkgroep.ketentafel");
        ws.create(&path, false).unwrap();
        ws.wait_for_backups();
        let first = ws.list_backups().unwrap().backups[0].clone();
        assert_eq!(first.counts.as_ref().unwrap().bouwstenen, 4);
        let b = ws.store().unwrap().list_bouwstenen().unwrap()[0].id;
        ws.store().unwrap().delete_bouwsteen(b).unwrap();

        assert_eq!(ws.restore_backup("../settings.json").unwrap_err().code(), ErrorCode::InvalidInput);
        assert_eq!(ws.restore_backup("20000101T000000.000Z.ketentafel").unwrap_err().code(), ErrorCode::NotFound);
        let info = ws.restore_backup(&first.id).unwrap();
        assert_eq!(info.counts.bouwstenen, 4, "the chosen state is back");
        assert_eq!(ws.store().unwrap().counts().unwrap().bouwstenen, 4);
        let list = ws.list_backups().unwrap();
        assert_eq!(list.backups.len(), 2);
        assert_eq!(list.backups[0].counts.as_ref().unwrap().bouwstenen, 3, "the state before the restore was kept");
        // The reopened file is the one at the path, still locked by us, and writable.
        ws.store().unwrap().delete_bouwsteen(b).unwrap();
        let mut other = Workspace::new(dir.path().join("data2"), "0.1.0");
        assert_eq!(other.open(&path).unwrap_err().code(), ErrorCode::Locked);
        ws.close();
        assert_eq!(Store::open(&path).unwrap().counts().unwrap().bouwstenen, 3);
    }

    #[test]
    fn a_damaged_backup_is_refused_and_the_open_file_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        let path = dir.path().join("werkgroep.ketentafel");
        ws.create(&path, false).unwrap();
        ws.wait_for_backups();
        let first = ws.list_backups().unwrap().backups[0].clone();
        let file = PathBuf::from(ws.list_backups().unwrap().folder).join(&first.id);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        let b = ws.store().unwrap().list_bouwstenen().unwrap()[0].id;
        ws.store().unwrap().delete_bouwsteen(b).unwrap();
        assert_eq!(ws.restore_backup(&first.id).unwrap_err().code(), ErrorCode::Corrupt);
        assert_eq!(ws.store().unwrap().counts().unwrap().bouwstenen, 3, "still open, unchanged");
        assert_eq!(ws.list_backups().unwrap().backups.len(), 1, "no backup of the current state for nothing");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains("restore")), "{names:?}");
    }

    #[test]
    fn opening_shows_the_file_at_once_and_checks_it_whole_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("werkgroep.ketentafel");
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        let created = ws.open_demo().unwrap();
        // The snapshot's reader first, so that closing checkpoints the WAL into the file copied.
        ws.wait_for_backups();
        ws.close();
        std::fs::copy(&created.path, &path).unwrap();

        let shown = ws.begin_open(&path).unwrap();
        let recent = |ws: &Workspace| ws.snapshot().unwrap().recent.iter().any(|r| Path::new(&r.path) == path);
        assert!(!recent(&ws), "a recent file once it is opened for work");
        assert_eq!(shown.counts, created.counts);
        assert_eq!((shown.file_name.as_str(), shown.schema_version), ("werkgroep.ketentafel", db::latest_version()));
        assert_eq!(ws.snapshot().unwrap().dialogue.unwrap(), shown);
        assert_eq!(ws.window_title(), "werkgroep.ketentafel — Ketentafel");
        assert_eq!(
            Workspace::new(dir.path().join("data2"), "0.1.0").open(&path).unwrap_err().code(),
            ErrorCode::Locked
        );
        assert!(ws.wait_for_backups().is_empty(), "no snapshot before the file is opened for work");
        assert_eq!(ws.finish_open().unwrap(), shown);
        assert_eq!(ws.checked().unwrap(), shown);
        assert!(ws.integrity_wait().unwrap().is_none(), "nothing to wait for once it has passed");
        assert!(recent(&ws), "a recent file once it has passed its check");
        assert_eq!(ws.wait_for_backups().len(), 1, "the snapshot once checked");
        // Using the store opens it too; nothing is left waiting after that.
        ws.close();
        ws.begin_open(&path).unwrap();
        assert_eq!(ws.store().unwrap().counts().unwrap(), shown.counts);
        assert_eq!(ws.finish_open().unwrap(), shown);
    }

    #[test]
    fn a_damaged_file_shown_at_once_is_refused_and_closed_when_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("werkgroep.ketentafel");
        let mut maker = Workspace::new(dir.path().join("maker"), "0.1.0");
        maker.create(&path, true).unwrap();
        maker.wait_for_backups();
        drop(maker);
        // The audit log's index garbled: what the window shows reads, only the whole check sees it.
        crate::store::garble_index(&path, "audit_log_entity").unwrap();

        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        let shown = ws.begin_open(&path).unwrap();
        assert!(shown.counts.positions > 0);
        assert_eq!(ws.finish_open().unwrap(), shown, "opened at once, checked beside it");
        let e = ws.checked().unwrap_err();
        assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
        assert_eq!(ws.info().unwrap_err().code(), ErrorCode::NoDialogueOpen);
        assert_eq!(ws.store().err().unwrap().code(), ErrorCode::NoDialogueOpen);
        assert_eq!(ws.window_title(), "Ketentafel");
        assert!(ws.wait_for_backups().is_empty(), "no snapshot of a damaged file");
        assert!(!ws.snapshot().unwrap().recent.iter().any(|r| Path::new(&r.path) == path), "nor a recent file");
        // Its lock went with it: another app is told it is damaged, not that it is in use.
        let mut other = Workspace::new(dir.path().join("data2"), "0.1.0");
        assert_eq!(other.open(&path).unwrap_err().code(), ErrorCode::Corrupt);

        // Used before anyone asked for the check: the first write is refused with its error,
        // and the file is closed by then or on the next use.
        let mut ws = Workspace::new(dir.path().join("data3"), "0.1.0");
        ws.begin_open(&path).unwrap();
        let renamed = crate::model::DialogueInput { title: "Anders".into(), description: String::new() };
        let e = ws.store().and_then(|s| s.update_dialogue(renamed)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
        assert!(matches!(ws.store().err().map(|e| e.code()), Some(ErrorCode::Corrupt | ErrorCode::NoDialogueOpen)));
        assert_eq!(ws.info().unwrap_err().code(), ErrorCode::NoDialogueOpen);
        assert!(ws.wait_for_backups().is_empty());
        assert_eq!(preview(&path).unwrap().dialogue.title, shown.dialogue.title, "nothing written");
    }

    #[test]
    fn start_args() {
        let a = StartArgs::parse(["--demo".to_string()]);
        assert!(a.demo);
        let b = StartArgs::parse(["x.ketentafel".to_string(), "--foo".to_string()]);
        assert_eq!(b.file, Some(PathBuf::from("x.ketentafel")));
    }
}
