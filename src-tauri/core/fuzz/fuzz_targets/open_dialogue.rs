#![no_main]
//! Opening a dialogue file (`dialogue_open`) whose bytes are arbitrary: written to a file in a
//! folder of its own, opened, and the folder emptied again. A refused file must be unchanged.
use std::sync::OnceLock;

static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir")).path();
    let path = dir.join("fuzz.ketentafel");
    std::fs::write(&path, data).expect("write");
    match ketentafel_core::Store::open(&path) {
        Ok(store) => {
            // An accepted file must be readable through the app's views.
            let _ = store.counts();
            let _ = store.list_positions();
            let _ = store.grid();
        }
        Err(e) => {
            assert!(!e.localized(ketentafel_core::Lang::Nl).is_empty());
            // Refused by the checks that run before any write: the file is as it was.
            use ketentafel_core::ErrorCode::{NewerVersion, NotADialogue};
            if matches!(e.code(), NotADialogue | NewerVersion) {
                assert!(std::fs::read(&path).expect("read") == data, "a refused file changed: {e}");
            }
        }
    }
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
});
