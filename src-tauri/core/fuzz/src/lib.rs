//! What the fuzz targets share: one in-memory dialogue per process, checked after every input
//! to be unchanged when the importer refused it.

use std::cell::RefCell;

use ketentafel_core::{Result, Store};

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Runs `import` on the process's dialogue (a small seeded one). A refused input must leave the
/// dialogue exactly as it was (its counts and its CSV export); an accepted one gets a fresh
/// dialogue for the next input, so the store never grows.
pub fn with_store<T>(import: impl FnOnce(&mut Store) -> Result<T>) {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let store = slot.get_or_insert_with(fresh);
        let before =
            (store.counts().expect("counts"), ketentafel_core::csv::export_positions_bytes(store).expect("export").0);
        match import(store) {
            Ok(_) => *slot = None,
            Err(e) => {
                // Every error must be one a person can read in both languages.
                assert!(!e.localized(ketentafel_core::Lang::Nl).is_empty());
                assert!(!e.localized(ketentafel_core::Lang::En).is_empty());
                let after = (
                    store.counts().expect("counts"),
                    ketentafel_core::csv::export_positions_bytes(store).expect("export").0,
                );
                assert!(before == after, "a refused input changed the dialogue: {e}");
            }
        }
    })
}

fn fresh() -> Store {
    let mut s = Store::in_memory("fuzz").expect("in-memory store");
    let seed = "bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at\n\
                Talent,Crew,Gilde,maker,+,waarom,mits,Werkgroep,2022-06-14T10:00:00Z\n";
    ketentafel_core::csv::import_positions_bytes(&mut s, seed.as_bytes()).expect("seed");
    s
}
