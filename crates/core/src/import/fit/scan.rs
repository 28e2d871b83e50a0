//! A quick walk over a FIT file's framing (headers, definitions, message
//! sizes) before a decoder reads it.
//!
//! Random bytes after a sound start still parse as "messages" of random
//! layout (fitparser prints an `ERROR:` line for each). Walking the framing
//! first lets runlog stop at the first byte that cannot be FIT, say so in
//! its own words, and count the field definitions whose size does not fit
//! their type (a real Coros quirk), so they become one warning. Both
//! decoders then read the same sound part, which keeps them comparable.

/// What the walk found.
use super::BASE_SIZES;

#[derive(Debug, Default, PartialEq)]
pub struct Scan {
    /// Bytes up to here are structurally sound; decoding stops here.
    pub sound_until: usize,
    /// Why the walk stopped early, if it did.
    pub stopped: Option<String>,
    /// Definitions with a field size that is not a multiple of its type's.
    pub misaligned: usize,
    pub first_misaligned_at: Option<usize>,
    /// Bytes after the last complete file that do not start another one
    /// (padding, junk): ignored with a warning, not damage.
    pub trailing: usize,
}

pub fn scan(b: &[u8]) -> Scan {
    let mut s = Scan::default();
    let mut pos = 0;
    while pos < b.len() {
        match scan_file(b, pos, &mut s) {
            Ok(next) => pos = next,
            // Only a header can fail at a file's first byte.
            Err((at, _)) if at == pos && pos > 0 => {
                s.sound_until = pos;
                s.trailing = b.len() - pos;
                return s;
            }
            Err((at, why)) => {
                s.sound_until = at.min(b.len());
                s.stopped = Some(why);
                return s;
            }
        }
        s.sound_until = pos.min(b.len());
    }
    s
}

type Stop = (usize, String);

/// Walk one (possibly chained) FIT file from `start`; returns where the
/// next one would begin.
fn scan_file(b: &[u8], start: usize, s: &mut Scan) -> Result<usize, Stop> {
    let hsize = b[start] as usize;
    let header_ok = (hsize == 12 || hsize == 14) && b.get(start + 8..start + 12) == Some(b".FIT");
    if !header_ok {
        return Err((start, format!("no FIT header at byte {start}")));
    }
    if start + hsize > b.len() {
        return Err((
            start,
            format!("the file is cut off in its header at byte {start}"),
        ));
    }
    let data_size =
        u32::from_le_bytes(b[start + 4..start + 8].try_into().unwrap_or([0; 4])) as usize;
    let declared_end = (start + hsize).saturating_add(data_size);
    let data_end = declared_end.min(b.len());
    let mut defs: [Option<usize>; 16] = [None; 16];
    let mut data_seen = false;
    let mut p = start + hsize;
    let mut at = p;
    while p < data_end {
        let h = b[p];
        at = p;
        p += 1;
        if h & 0x80 == 0 && h & 0x40 != 0 {
            let (size, next) = definition(b, p, h, at, data_seen, s)?;
            defs[(h & 0x0F) as usize] = Some(size);
            p = next;
        } else {
            let local = if h & 0x80 != 0 {
                (h >> 5) & 0x03
            } else {
                h & 0x0F
            };
            let size = defs[local as usize]
                .ok_or_else(|| (at, format!("a data message at byte {at} uses local message {local}, which was never defined")))?;
            p += size;
            data_seen = true;
        }
    }
    if p > declared_end {
        return Err((
            at,
            format!(
                "the message at byte {at} runs past the end of the data the header declares (byte {declared_end})"
            ),
        ));
    }
    // Decoders get whole messages only: the sound part ends where the
    // cut-off one begins.
    if p > b.len() {
        return Err((
            at,
            format!("the file is cut off inside a message at byte {}", b.len()),
        ));
    }
    Ok((data_end + 2).min(b.len().max(data_end)))
}

/// Read one definition message after its header byte; returns the size of
/// the data messages it defines and where the next message starts.
fn definition(
    b: &[u8],
    p: usize,
    h: u8,
    at: usize,
    data_seen: bool,
    s: &mut Scan,
) -> Result<(usize, usize), Stop> {
    let cut = || {
        (
            at,
            format!("the file is cut off in a definition at byte {at}"),
        )
    };
    let fixed = b.get(p..p + 5).ok_or_else(cut)?;
    if fixed[1] > 1 {
        return Err((
            at,
            format!(
                "the definition at byte {at} has an impossible byte order ({})",
                fixed[1]
            ),
        ));
    }
    let n = fixed[4] as usize;
    let mut q = p + 5;
    let fields = b.get(q..q + 3 * n).ok_or_else(cut)?;
    let mut size = 0;
    for f in fields.chunks_exact(3) {
        let base = (f[2] & 0x1F) as usize;
        let unit = BASE_SIZES.get(base).map(|&u| u as usize).ok_or((
            at,
            format!("the definition at byte {at} names an unknown base type"),
        ))?;
        if !(f[1] as usize).is_multiple_of(unit) {
            // Before any data this is noise, not a quirk of a real device.
            if !data_seen {
                return Err((
                    at,
                    format!(
                        "the definition at byte {at} is garbled (field size {} for a {unit}-byte type)",
                        f[1]
                    ),
                ));
            }
            s.misaligned += 1;
            s.first_misaligned_at.get_or_insert(at);
        }
        size += f[1] as usize;
    }
    q += 3 * n;
    if h & 0x20 != 0 {
        let nd = *b.get(q).ok_or_else(cut)? as usize;
        let dev = b.get(q + 1..q + 1 + 3 * nd).ok_or_else(cut)?;
        size += dev.chunks_exact(3).map(|f| f[1] as usize).sum::<usize>();
        q += 1 + 3 * nd;
    }
    Ok((size, q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_after_a_header_stop_at_once() {
        let mut f = vec![14, 0x20, 0, 0, 0xff, 0, 0, 0, b'.', b'F', b'I', b'T', 0, 0];
        f.extend([0x40, 0, 0, 20, 0, 1, 3, 5, 0x86]); // uint32 field of 5 bytes
        let s = scan(&f);
        assert_eq!(s.sound_until, 14);
        assert!(s.stopped.unwrap().contains("garbled"));
    }

    #[test]
    fn a_message_past_the_declared_end_stops_before_it() {
        let mut f = vec![12, 0x10, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T'];
        f.extend([0x40, 0, 0, 20, 0, 1, 253, 4, 0x86]); // record: one uint32
        f.extend([0x00, 1, 2, 3, 4]); // a 5-byte data message
        f[4] = 9 + 3; // the header's data size ends inside it
        f.extend([0xAA, 0xBB, 0xCC]);
        let s = scan(&f);
        assert_eq!(s.sound_until, 12 + 9);
        assert!(s.stopped.unwrap().contains("runs past the end"));
    }

    #[test]
    fn a_message_cut_off_by_the_end_of_the_file_is_left_out() {
        let mut f = vec![12, 0x10, 0, 0, 100, 0, 0, 0, b'.', b'F', b'I', b'T'];
        f.extend([0x40, 0, 0, 20, 0, 1, 253, 4, 0x86]);
        f.extend([0x00, 1, 2, 3, 4, 0x00, 1, 2]);
        let s = scan(&f);
        assert_eq!(s.sound_until, 12 + 9 + 5);
        assert!(s.stopped.unwrap().contains("cut off inside a message"));
    }

    #[test]
    fn an_undefined_local_message_stops_the_walk() {
        let mut f = vec![12, 0x10, 0, 0, 4, 0, 0, 0, b'.', b'F', b'I', b'T'];
        f.extend([0x03, 1, 2, 3]);
        let s = scan(&f);
        assert_eq!(s.sound_until, 12);
        assert!(s.stopped.unwrap().contains("never defined"));
    }
}
