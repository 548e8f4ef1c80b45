#![no_main]
//! The Excel import (`positions_import_xlsx`) on arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ketentafel_fuzz::with_store(|s| ketentafel_core::xlsx::import_positions_bytes(s, data));
});
