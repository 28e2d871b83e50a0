#![no_main]
//! TCX decoding of arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = runlog_core::import::tcx::decode(data);
});
