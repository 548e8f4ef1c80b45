#![no_main]
//! The CSV import (`positions_import_csv`) on arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ketentafel_fuzz::with_store(|s| ketentafel_core::csv::import_positions_bytes(s, data));
});
