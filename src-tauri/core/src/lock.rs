//! The app's claim on an open dialogue: an advisory lock on a `-lock` file beside it that
//! says who holds it, so a second Ketentafel window is told instead of writing alongside.
//!
//! The lock is the operating system's (`flock` on Linux and macOS, `LockFileEx` on Windows,
//! through `std::fs::File::try_lock`), so it dies with the process that held it: a lock file
//! left behind by a crash or a kill holds only stale text and is simply taken over. It sits on
//! a file of its own rather than on the database because SQLite's own byte-range locks on the
//! database must stay free for the CLI, which writes between the app's transactions.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Who has a dialogue open: written into the lock file, shown in the "already open" message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockOwner {
    pub pid: u32,
    pub user: String,
    pub host: String,
    pub since: DateTime<Utc>,
}

/// A held lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

/// `dialoog.ketentafel` → `dialoog.ketentafel-lock`, beside SQLite's own `-wal` and `-shm`.
pub fn lock_path(dialogue: &Path) -> PathBuf {
    let mut s = dialogue.as_os_str().to_owned();
    s.push("-lock");
    PathBuf::from(s)
}

impl FileLock {
    /// Claims `dialogue` for this process. `Err(Locked)` names the holder when another
    /// process (or another `Workspace` in this one) has it; `Ok(None)` when no lock can be
    /// taken at all (a read-only folder, a file system without locks), which must not stop
    /// the user from reading the file.
    pub fn acquire(dialogue: &Path, user: &str) -> Result<Option<FileLock>> {
        let path = lock_path(dialogue);
        // A holder that closes between our open and our lock removes the file we opened; the
        // lock we then get is on an orphan nobody else can see, so look again (a few times).
        for _ in 0..5 {
            let file = match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path) {
                Ok(f) => f,
                Err(e) if matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem) => {
                    return Ok(None);
                }
                Err(e) => return Err(e.into()),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::Locked { path: dialogue.display().to_string(), owner: read_owner(&path) });
                }
                Err(TryLockError::Error(e)) if e.kind() == ErrorKind::Unsupported => return Ok(None),
                Err(TryLockError::Error(e)) => return Err(e.into()),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let owner =
                LockOwner { pid: std::process::id(), user: user.to_owned(), host: host_name(), since: Utc::now() };
            let mut lock = FileLock { file, path };
            lock.write_owner(&owner)?;
            return Ok(Some(lock));
        }
        Err(Error::Internal(format!("could not claim {}", path.display())))
    }

    fn write_owner(&mut self, owner: &LockOwner) -> Result<()> {
        let json = serde_json::to_vec(owner).map_err(|e| Error::Internal(e.to_string()))?;
        self.file.set_len(0)?;
        let mut f = &self.file;
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(0))?;
        f.write_all(&json)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed while still held, so nobody can lock this file between the removal and the
        // unlock (a newcomer that opened it just before sees the inode change and retries).
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the holder wrote into the lock file, if it can be read. On Windows the holder's lock
/// covers the bytes too, so the message there says "another window" without naming it.
pub fn read_owner(path: &Path) -> Option<LockOwner> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// Whether the open `file` is still the one at `path` (not removed or replaced since).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Windows refuses to delete a file another process holds open, so the file at the path is
/// the one we opened whenever it exists.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The computer's name for the "already open on …" message; empty when unknown.
fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .chain(["COMPUTERNAME", "HOSTNAME"].iter().filter_map(|v| std::env::var(v).ok()))
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn second_claim_is_refused_with_the_holder_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let dialogue = dir.path().join("d.ketentafel");
        let first = FileLock::acquire(&dialogue, "anna").unwrap().expect("a lock in a writable folder");
        assert!(lock_path(&dialogue).exists());
        let err = FileLock::acquire(&dialogue, "bram").unwrap_err();
        assert_eq!(err.code(), ErrorCode::Locked);
        match &err {
            Error::Locked { owner: Some(o), .. } => {
                assert_eq!(o.user, "anna");
                assert_eq!(o.pid, std::process::id());
            }
            other => panic!("no owner in {other:?}"),
        }
        assert!(
            err.localized(crate::Lang::Nl).contains("al geopend in Ketentafel door anna"),
            "{}",
            err.localized(crate::Lang::Nl)
        );
        assert!(err.to_string().contains("already open in Ketentafel by anna"));
        drop(first);
        assert!(!lock_path(&dialogue).exists(), "the lock file goes with the lock");
        assert!(FileLock::acquire(&dialogue, "bram").unwrap().is_some());
    }

    #[test]
    fn a_stale_lock_file_without_a_holder_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let dialogue = dir.path().join("d.ketentafel");
        // What a killed app leaves behind: the text, but no process holding the lock.
        let stale = LockOwner { pid: 999_999, user: "anna".into(), host: "elders".into(), since: Utc::now() };
        std::fs::write(lock_path(&dialogue), serde_json::to_vec(&stale).unwrap()).unwrap();
        let lock = FileLock::acquire(&dialogue, "bram").unwrap().unwrap();
        assert_eq!(read_owner(lock.path()).unwrap().user, "bram");
    }

    /// A real second process holds the lock, then is killed (SIGKILL): the kernel drops its
    /// lock, and the file opens again without anyone removing the lock file.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_holder_does_not_lock_the_user_out() {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let dir = tempfile::tempdir().unwrap();
        let dialogue = dir.path().join("d.ketentafel");
        let lock_file = lock_path(&dialogue);
        // The shell opens the lock file on fd 9, flock(1) locks that open file (flock, as std
        // does), and the shell becomes `sleep` with fd 9 still open: one process to kill.
        let script = format!("exec 9>'{}' && flock -x 9 && echo ready && exec sleep 600", lock_file.display());
        let mut child = Command::new("sh").arg("-c").arg(script).stdout(Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the holder took the lock");
        assert_eq!(FileLock::acquire(&dialogue, "bram").unwrap_err().code(), ErrorCode::Locked);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(lock_file.exists(), "the killed holder left its lock file behind");
        assert!(FileLock::acquire(&dialogue, "bram").unwrap().is_some());
    }
}
