//! Inputs the fuzzers (`fuzz/`) found crashing runlog, each kept as a test
//! named after what it was, so the fix stays fixed. The bytes are inline
//! (base64): the fuzz corpora are never committed.

use base64::Engine;
use runlog::import::{Kind, parse_bytes};
use runlog::model::Format;

fn bytes(b64: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// Decode directly (a panic fails the test) and through the import guard
/// (which must not report a crash either).
fn fit_is_clean(data: &[u8]) {
    let _ = runlog::import::fit::decode(data);
    let kind = Kind {
        format: Format::Fit,
        gzip: false,
    };
    if let Err(why) = parse_bytes(data, kind) {
        assert!(
            !matches!(why, runlog::error::SkipReason::Crashed(_)),
            "{why}"
        );
    }
}

/// fit_decode, 2026-11-25: a file_id whose time_created is declared a
/// float32 and holds 2.6e20; adding the FIT epoch to it overflowed. Times
/// are now read only within the uint32 range the profile gives them.
#[test]
fn fit_time_field_with_a_huge_float_value() {
    fit_is_clean(&bytes(
        "DhBGCMMCAAAuRklUiQtAAAEAAAQBAoQCAoQEBCgAAQAAAAED6WFtcGxlAABAAAEAEwcCBIb9BIYHBIYDBIUEBIUcAABFPAAfxZ+yBFG0EB0BNQp8TgT/AABHuwAfxZqSBFG17R0BNAp8WATvAABMqwAfxZVxBFG4Qhz8NQp8YgUBAAEAAQEABAECADUKfLcAAABBEQ==",
    ));
}

/// import_any and fit_decode, 2026-11-25: 13- and 12-byte files whose
/// header says it is 14 bytes long; the framing walk reported the sound
/// part as ending at byte 14, past the end of the file. A cut-off header
/// now stops the walk at its start.
#[test]
fn fit_header_longer_than_the_file() {
    let input = bytes("AA4g+TkAAAAALkZJVAM=");
    // The import_any target's first byte picks the file name (0: a.fit).
    assert_eq!(input[0], 0);
    fit_is_clean(&input[1..]);
    fit_is_clean(&bytes("DhBXCAUBAAAuRklU"));
}
