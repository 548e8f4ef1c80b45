//! Rotating snapshots of each dialogue file in the app's data folder, taken in the background
//! on open and every few minutes of editing, and putting one back in place of the file.
//!
//! `<data dir>/backups/<file name>-<hash of its path>/20261126T141503.120Z.ketentafel`: one
//! folder per dialogue file (two `werkgroep.ketentafel` in different folders keep apart), at
//! most `KEEP` snapshots in it, the oldest removed first. A snapshot is `VACUUM INTO` a
//! `.part` file renamed when complete, so the folder never shows a half one.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, EXTENSION};
use crate::error::{Error, Result};
use crate::model::Counts;

/// Snapshots kept per dialogue file. Ten five-minute steps cover the last meeting hour; on a
/// sector-scale file of 1 GB they take 10 GB, so not more.
pub const KEEP: usize = 10;

/// At most one snapshot per this much editing time.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

/// One snapshot, as the restore dialog lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The snapshot's file name; what `backup_restore` takes.
    pub id: String,
    pub taken_at: DateTime<Utc>,
    /// Bytes on disk.
    pub size: u64,
    /// What it holds; `null` when the snapshot cannot be read (it is then not offered).
    pub counts: Option<Counts>,
}

/// The snapshots of the open dialogue, newest first, and where they are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupList {
    pub folder: String,
    /// How many are kept before the oldest goes.
    pub keep: u32,
    pub backups: Vec<BackupInfo>,
}

/// The folder holding the snapshots of the dialogue at `dialogue`.
pub fn folder(data_dir: &Path, dialogue: &Path) -> PathBuf {
    let full = dialogue.canonicalize().unwrap_or_else(|_| dialogue.to_owned());
    let name: String = dialogue
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("dialoog")
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ') { c } else { '_' })
        .take(60)
        .collect();
    data_dir.join("backups").join(format!("{name}-{:016x}", fnv1a(full.as_os_str().as_encoded_bytes())))
}

/// A stable 64-bit hash (FNV-1a): the folder name must not change between app versions,
/// which `std`'s hasher does not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// When a snapshot file was taken, from its name; `None` for anything else in the folder.
fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_suffix(&format!(".{EXTENSION}"))?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok().map(|t| t.and_utc())
}

/// Refuses anything but a snapshot's own file name (no folders, no `..`).
pub fn check_id(id: &str) -> Result<()> {
    if taken_at(id).is_some() && !id.contains(['/', '\\']) {
        Ok(())
    } else {
        Err(Error::invalid("id", "not a backup of this dialogue"))
    }
}

/// Writes a snapshot of `conn`'s database into `folder` and drops the oldest beyond `KEEP`.
pub fn snapshot(conn: &Connection, folder: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let mut at = Utc::now();
    // Two snapshots in one millisecond (a restore right after opening) get distinct names.
    let (target, part) = loop {
        let name = format!("{}.{EXTENSION}", at.format(STAMP));
        let target = folder.join(&name);
        if !target.exists() {
            break (target, folder.join(format!(".{name}.part")));
        }
        at += chrono::Duration::milliseconds(1);
    };
    let _ = std::fs::remove_file(&part);
    let written = db::vacuum_into(conn, &part).and_then(|_| Ok(std::fs::rename(&part, &target)?));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    prune(folder, KEEP)?;
    Ok(target)
}

/// Takes a snapshot of the file at `dialogue` on a thread of its own, through its own
/// read-only connection, so the window never waits for a large file to be copied.
pub fn snapshot_in_background(dialogue: PathBuf, folder: PathBuf) -> JoinHandle<Result<PathBuf>> {
    std::thread::spawn(move || {
        let conn = db::open_reader(&dialogue)?;
        snapshot(&conn, &folder)
    })
}

/// Removes all but the newest `keep` snapshots, and `.part` files a crash left behind.
pub fn prune(folder: &Path, keep: usize) -> Result<()> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if taken_at(&name).is_some() {
            names.push(name);
        } else if name.starts_with('.') && name.ends_with(".part") {
            let _ = std::fs::remove_file(folder.join(&name));
        }
    }
    // The names sort by time.
    names.sort();
    let excess = names.len().saturating_sub(keep);
    for name in &names[..excess] {
        std::fs::remove_file(folder.join(name))?;
    }
    Ok(())
}

/// The snapshots in `folder`, newest first; an empty list when there is no folder yet.
pub fn list(folder: &Path) -> Result<BackupList> {
    let mut backups = Vec::new();
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => Some(e),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    for entry in entries.into_iter().flatten() {
        let entry = entry?;
        let id = entry.file_name().to_string_lossy().into_owned();
        let Some(taken_at) = taken_at(&id) else { continue };
        let size = entry.metadata()?.len();
        let counts = db::open_reader(&entry.path()).and_then(|c| crate::store::counts(&c)).ok();
        backups.push(BackupInfo { id, taken_at, size, counts });
    }
    backups.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(BackupList { folder: folder.display().to_string(), keep: KEEP as u32, backups })
}

/// Copies `backup` to a hidden file beside `dialogue` and flushes it to disk, so the switch
/// itself can be one rename on the same disk. The caller removes it if it is not used.
pub fn stage(backup: &Path, dialogue: &Path) -> Result<PathBuf> {
    let name = dialogue.file_name().and_then(|n| n.to_str()).unwrap_or("dialoog");
    let staged = dialogue.with_file_name(format!(".{name}.restore.part"));
    let _ = std::fs::remove_file(&staged);
    let copied =
        std::fs::copy(backup, &staged).and_then(|_| std::fs::OpenOptions::new().write(true).open(&staged)?.sync_all());
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&staged);
        return Err(e.into());
    }
    Ok(staged)
}

/// Puts the staged copy in place of `dialogue`, which must be closed. A `-wal` beside it
/// means another program still has it open (its unsaved pages would be replayed onto the
/// restored file), so that refuses, leaving everything as it was.
pub fn put_in_place(staged: &Path, dialogue: &Path) -> Result<()> {
    let beside = |suffix: &str| {
        let mut s = dialogue.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    if std::fs::metadata(beside("-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(Error::Locked { path: dialogue.display().to_string(), owner: None });
    }
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(beside(suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::rename(staged, dialogue)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn party(store: &mut Store, name: &str) {
        store
            .create_party(crate::model::PartyInput {
                name: name.into(),
                short_name: String::new(),
                chain_role: crate::model::ChainRole::Producer,
                segment: None,
                production_types: vec![],
                colour: "#000000".into(),
                notes: String::new(),
            })
            .unwrap();
    }

    #[test]
    fn folders_differ_per_path_and_ids_are_checked() {
        let data = Path::new("/data");
        let a = folder(data, Path::new("/a/werkgroep.ketentafel"));
        let b = folder(data, Path::new("/b/werkgroep.ketentafel"));
        assert_ne!(a, b);
        assert!(a.file_name().unwrap().to_str().unwrap().starts_with("werkgroep-"));
        assert_eq!(a, folder(data, Path::new("/a/werkgroep.ketentafel")), "stable");
        check_id("20261126T141503.120Z.ketentafel").unwrap();
        for bad in ["../x.ketentafel", "a/20261126T141503.120Z.ketentafel", "notes.txt", ""] {
            assert_eq!(check_id(bad).unwrap_err().code(), crate::ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn rotation_keeps_the_newest_and_lists_newest_first_with_counts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("d.ketentafel")).unwrap();
        let folder = dir.path().join("backups");
        let mut taken = Vec::new();
        for i in 0..KEEP + 3 {
            party(&mut store, &format!("Partij {i}"));
            taken.push(snapshot(store.conn(), &folder).unwrap());
        }
        std::fs::write(folder.join(".20000101T000000.000Z.ketentafel.part"), b"half").unwrap();
        prune(&folder, KEEP).unwrap();
        let listed = list(&folder).unwrap();
        assert_eq!(listed.backups.len(), KEEP, "bounded");
        assert_eq!(listed.keep as usize, KEEP);
        let newest = taken.last().unwrap().file_name().unwrap().to_str().unwrap();
        assert_eq!(listed.backups[0].id, newest);
        assert_eq!(listed.backups[0].counts.as_ref().unwrap().parties, (KEEP + 3) as i64);
        // The three oldest went; what is left is the last KEEP in order.
        let expected: Vec<String> =
            taken.iter().rev().take(KEEP).map(|p| p.file_name().unwrap().to_str().unwrap().to_owned()).collect();
        assert_eq!(listed.backups.iter().map(|b| b.id.clone()).collect::<Vec<_>>(), expected);
        assert!(listed.backups.windows(2).all(|w| w[0].taken_at > w[1].taken_at));
        assert!(listed.backups.iter().all(|b| b.size > 0));
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), KEEP, "no .part file left");
    }

    #[test]
    fn a_background_snapshot_reads_its_own_consistent_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.ketentafel");
        let mut store = Store::create(&path).unwrap();
        party(&mut store, "Eerste");
        let taken = snapshot_in_background(path.clone(), dir.path().join("b")).join().unwrap().unwrap();
        let (conn, _) = db::open_read_only(&taken).unwrap();
        assert_eq!(crate::store::counts(&conn).unwrap().parties, 1);
    }

    /// On a large file (`KETENTAFEL_BIG_FILE`, a copy: it is written to), how long a
    /// background snapshot takes and how long the app's writes take meanwhile:
    /// `KETENTAFEL_BIG_FILE=/tmp/big.ketentafel cargo test -p ketentafel-core --lib big_file -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn big_file_snapshot_beside_writes() {
        let Some(path) = std::env::var_os("KETENTAFEL_BIG_FILE").map(PathBuf::from) else { return };
        let mut store = Store::open(&path).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let job = snapshot_in_background(path.clone(), folder.path().to_owned());
        let mut slowest = Duration::ZERO;
        let mut writes = 0;
        while !job.is_finished() {
            let t = std::time::Instant::now();
            party(&mut store, &format!("Schrijver {writes}"));
            slowest = slowest.max(t.elapsed());
            writes += 1;
        }
        let taken = job.join().unwrap().unwrap();
        let size = std::fs::metadata(&taken).unwrap().len();
        eprintln!(
            "snapshot of {} MB in {:.1} s; {writes} writes meanwhile, slowest {:.1} ms",
            size / 1_000_000,
            started.elapsed().as_secs_f64(),
            slowest.as_secs_f64() * 1e3
        );
    }

    #[test]
    fn put_in_place_refuses_while_another_connection_has_a_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.ketentafel");
        let mut store = Store::create(&path).unwrap();
        let snap = snapshot(store.conn(), &dir.path().join("b")).unwrap();
        party(&mut store, "Later");
        let staged = stage(&snap, &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        assert_eq!(put_in_place(&staged, &path).unwrap_err().code(), crate::ErrorCode::Locked);
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file was not touched");
        drop(store);
        put_in_place(&staged, &path).unwrap();
        assert_eq!(Store::open(&path).unwrap().counts().unwrap().parties, 0);
    }
}
