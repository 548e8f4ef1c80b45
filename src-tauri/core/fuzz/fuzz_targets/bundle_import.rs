#![no_main]
//! Reading and merging a bundle (`bundle_import`) from arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ketentafel_fuzz::with_store(|s| {
        let bundle = ketentafel_core::bundle::from_bytes(data)?;
        ketentafel_core::bundle::import(s, &bundle)
    });
});
