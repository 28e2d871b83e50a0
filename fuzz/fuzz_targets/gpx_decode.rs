#![no_main]
//! GPX decoding of arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = runlog::import::gpx::decode(data);
});
