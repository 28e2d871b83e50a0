#![no_main]
//! FIT decoding of arbitrary bytes: an activity or a clean skip, never a
//! crash (the panic guard is bypassed here on purpose, so panics surface).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = runlog_core::import::fit::decode(data);
});
