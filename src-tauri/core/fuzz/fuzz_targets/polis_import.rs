#![no_main]
//! The Pol.is import (`positions_import_polis`): the input is comments.csv, a NUL byte, then
//! participants-votes.csv (without a NUL, all of it is both).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (comments, votes) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    ketentafel_fuzz::with_store(|s| ketentafel_core::polis::import_bytes(s, comments, votes));
});
