#![no_main]
//! The Excel import (`positions_import_xlsx`) on arbitrary bytes.
//!
//! The import catches a panic inside the workbook reader (calamine) and refuses the file, as
//! the app must. libfuzzer-sys's panic hook would abort on such a caught panic too, so this
//! target puts the default hook back: a panic that escapes the import still aborts the run
//! (libfuzzer-sys catches it and aborts), a caught one is the refusal it should be.
static DEFAULT_HOOK: std::sync::Once = std::sync::Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    DEFAULT_HOOK.call_once(|| drop(std::panic::take_hook()));
    ketentafel_fuzz::with_store(|s| ketentafel_core::xlsx::import_positions_bytes(s, data));
});
