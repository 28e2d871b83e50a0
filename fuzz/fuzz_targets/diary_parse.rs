#![no_main]
//! The pain-diary reader on arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = runlog_core::diary::parse(data, "pain.csv");
});
