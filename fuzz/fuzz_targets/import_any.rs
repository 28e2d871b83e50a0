#![no_main]
//! Whole-file import of arbitrary bytes under any name runlog reads: the
//! first byte picks the extension (gzip and zip included).
use runlog_core::import::{Kind, archive, parse_bytes};

const NAMES: &[&str] = &["a.fit", "a.gpx", "a.tcx", "a.fit.gz", "a.gpx.gz", "a.tcx.gz", "a.zip"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    match Kind::of_name(name) {
        Some(kind) => {
            let _ = parse_bytes(rest, kind);
        }
        None => {
            let _ = archive::walk(std::io::Cursor::new(rest), &mut |item| {
                if let archive::Item::Activity { kind, bytes, .. } = item {
                    let _ = parse_bytes(&bytes, kind);
                }
            });
        }
    }
});
