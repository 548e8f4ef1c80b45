//! Faults of the machine around a dialogue file, on real files: a read-only file or disk, a
//! full disk (a small tmpfs mounted here; CI runs as root), and the file moved, deleted or
//! replaced while open. Each gives its own error, loses nothing saved, and leaves the store
//! usable.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use ketentafel_core::model::{ChainRole, PartyInput};
use ketentafel_core::{ErrorCode, Lang, Store};

fn party(name: &str, notes: usize) -> PartyInput {
    PartyInput {
        name: name.into(),
        short_name: String::new(),
        chain_role: ChainRole::Producer,
        segment: None,
        production_types: vec![],
        colour: "#000000".into(),
        // Incompressible-ish text, so each write needs fresh pages on the disk.
        notes: (0..notes).map(|i| char::from(b'a' + ((i * 7919 + name.len()) % 26) as u8)).collect(),
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped (also when the test
/// fails). `None` only when we are not root; as root a refused mount fails the test.
struct Tmpfs {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("not root: skipping the tmpfs test (CI runs it as root)");
            return None;
        }
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("mnt");
        std::fs::create_dir(&dir).unwrap();
        let status =
            Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&dir).status();
        assert!(status.as_ref().is_ok_and(|s| s.success()), "mount -t tmpfs refused while running as root: {status:?}");
        Some(Tmpfs { dir, _parent: parent })
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount").args(["-o", "remount,ro"]).arg(&self.dir).status().unwrap();
        assert!(status.success(), "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let ok = Command::new("umount").arg(&self.dir).status().is_ok_and(|s| s.success());
        if !ok {
            // Something still holds a file there (a failed assertion skipped a drop): detach
            // it now, the kernel frees it when the last file closes.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}

/// Writes zeros to `path` until the disk says it is full.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 16 * 1024];
    loop {
        match f.write_all(&chunk) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    // A last partial chunk may fit; take every byte.
    for size in [4096, 512, 1] {
        while f.write_all(&vec![0u8; size]).is_ok() {}
    }
}

#[test]
fn a_full_disk_refuses_the_change_keeps_what_was_saved_and_recovers_when_space_is_freed() {
    let Some(disk) = Tmpfs::mount("4m") else { return };
    let path = disk.dir.join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.create_party(party("Voor het vollopen", 100)).unwrap();
    // The background checkpoint after that write copies pages into the file, which grows it:
    // let it finish first, so the filler takes all the space that is left.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while store.background_checkpoints() == 0 {
        assert!(std::time::Instant::now() < deadline, "no background checkpoint ran");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Space that is certainly freed again below: the filler alone may be small, when the
    // background checkpoint grew the file while it was being written (seen under load).
    let reserve = disk.dir.join("reserve");
    std::fs::write(&reserve, vec![0u8; 512 * 1024]).unwrap();
    let filler = disk.dir.join("vulling");
    fill(&filler);

    let mut saved = 1;
    let err = loop {
        match store.create_party(party(&format!("Partij {saved}"), 3000)) {
            Ok(_) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 5000, "the disk never filled up");
    };
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    assert!(err.localized(Lang::Nl).contains("De schijf is vol"), "{}", err.localized(Lang::Nl));
    assert!(err.to_string().contains("The disk is full"));
    // The store still reads, with every change saved before the failure. While the disk stays
    // full a write is refused the same way, unless a background checkpoint has meanwhile
    // emptied the WAL for reuse: then it is saved like any other.
    assert_eq!(store.counts().unwrap().parties, saved);
    match store.create_party(party("Nog een", 3000)) {
        Ok(_) => saved += 1,
        Err(e) => assert_eq!(e.code(), ErrorCode::DiskFull, "{e}"),
    }

    std::fs::remove_file(&filler).unwrap();
    std::fs::remove_file(&reserve).unwrap();
    store.create_party(party("Na het opruimen", 3000)).unwrap();
    drop(store);
    let reopened = Store::open(&path).unwrap();
    reopened.integrity_check().unwrap();
    assert_eq!(reopened.counts().unwrap().parties, saved + 1, "nothing saved was lost");
    assert!(reopened.list_parties().unwrap().iter().any(|p| p.name == "Na het opruimen"));
}

#[test]
fn a_read_only_disk_opens_for_reading_and_analysis_and_says_why_edits_fail() {
    let Some(disk) = Tmpfs::mount("8m") else { return };
    let path = disk.dir.join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.create_party(party("Omroep", 10)).unwrap();
    drop(store);
    disk.remount_read_only();

    let mut store = Store::open(&path).unwrap();
    assert!(store.is_read_only());
    assert!(store.info().unwrap().read_only);
    assert_eq!(store.counts().unwrap().parties, 1);
    store.overview(Lang::Nl).unwrap();
    let err = store.create_party(party("Nieuw", 10)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    assert!(err.localized(Lang::Nl).contains("alleen-lezen"), "{}", err.localized(Lang::Nl));
    // A copy elsewhere can be edited.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("kopie.ketentafel");
    store.save_copy(&copy).unwrap();
    drop(store);
    Store::open(&copy).unwrap().create_party(party("Nieuw", 10)).unwrap();
}

#[test]
fn a_file_marked_read_only_is_read_but_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.create_party(party("Omroep", 10)).unwrap();
    drop(store);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut store = Store::open(&path).unwrap();
    assert!(store.is_read_only(), "marked read-only, even for root");
    assert_eq!(store.list_parties().unwrap().len(), 1);
    assert_eq!(store.create_party(party("Nieuw", 10)).unwrap_err().code(), ErrorCode::ReadOnly);
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
}

#[test]
fn a_file_moved_while_open_is_noticed_and_can_be_saved_as_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.create_party(party("Omroep", 10)).unwrap();
    std::fs::rename(&path, dir.path().join("elders.ketentafel")).unwrap();

    let err = store.create_party(party("Producent", 10)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileGone);
    assert!(err.localized(Lang::Nl).contains("verplaatst of verwijderd"), "{}", err.localized(Lang::Nl));
    assert_eq!(store.list_parties().unwrap().len(), 1, "reading goes on");
    let copy = dir.path().join("kopie.ketentafel");
    store.save_copy(&copy).unwrap();
    assert_eq!(Store::open(&copy).unwrap().counts().unwrap().parties, 1);
}

#[test]
fn a_file_deleted_while_open_is_noticed_and_its_content_saved_as_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.create_party(party("Omroep", 10)).unwrap();
    std::fs::remove_file(&path).unwrap();

    assert_eq!(store.create_party(party("Producent", 10)).unwrap_err().code(), ErrorCode::FileGone);
    assert!(!path.exists(), "the refused write did not bring back a file");
    let copy = dir.path().join("kopie.ketentafel");
    store.save_copy(&copy).unwrap();
    assert_eq!(Store::open(&copy).unwrap().list_parties().unwrap()[0].name, "Omroep");
}

#[test]
fn a_file_replaced_while_open_is_not_written_through_the_old_handle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("werkgroep.ketentafel");
    let mut store = Store::create(&path).unwrap();
    let other = dir.path().join("ander.ketentafel");
    drop(Store::create(&other).unwrap());
    std::fs::rename(&other, &path).unwrap();
    assert_eq!(store.create_party(party("Omroep", 10)).unwrap_err().code(), ErrorCode::FileGone);
}
