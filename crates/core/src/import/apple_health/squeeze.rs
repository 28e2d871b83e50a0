//! Bounded memory for any export.xml, whatever it holds.
//!
//! quick-xml holds one event at a time: an element's tag with its
//! attributes, or the text between two elements. runlog reads only tags
//! (Apple writes everything as attributes), but a text node is held whole
//! before it is handed over, so a file with gigabytes of whitespace between
//! two elements (10 MB zipped) would be held whole. This reader sits in
//! front of quick-xml and passes at most `MAX_TEXT_BYTES` of each run of
//! text, dropping (and counting) the rest, and refuses a tag longer than
//! `MAX_TAG_BYTES`: no event, and so no import of any export, holds more.
//!
//! A run is found by its delimiters alone: text runs from a `>` to the next
//! `<`, a tag from a `<` to the next `>`. A `>` inside a comment or an
//! attribute value may make the reader take the rest for text; that text is
//! then cut only when it is longer than `MAX_TEXT_BYTES`, which no real
//! export's comment or attribute is.

use std::io::{self, BufRead, Read};

/// Text kept of one run between two tags: more than any indentation, and
/// runlog uses no text of export.xml at all.
pub(super) const MAX_TEXT_BYTES: u64 = 64 * 1024;
/// The longest tag (with its attributes) read: real ones are under a
/// kilobyte.
pub(super) const MAX_TAG_BYTES: u64 = 16 << 20;

/// A reader of export.xml's bytes that bounds every event (see above).
pub(super) struct Squeeze<R> {
    inner: R,
    in_tag: bool,
    /// Bytes of the current run (text or tag) seen so far.
    run: u64,
    /// Text bytes dropped, in all.
    pub dropped: u64,
    /// The text passed so far ends inside an entity reference (`&am`).
    in_reference: bool,
    /// Bytes to hand out before anything else (a reference closed).
    pending: &'static [u8],
}

impl<R: BufRead> Squeeze<R> {
    pub(super) fn new(inner: R) -> Squeeze<R> {
        Squeeze {
            inner,
            in_tag: false,
            run: 0,
            dropped: 0,
            in_reference: false,
            pending: b"",
        }
    }

    /// Drop text up to the next `<` (or the end of what is buffered).
    fn drop_text(&mut self) -> io::Result<bool> {
        let data = self.inner.fill_buf()?;
        if data.is_empty() {
            return Ok(false);
        }
        let (n, at_tag) = match data.iter().position(|&b| b == b'<') {
            Some(i) => (i, true),
            None => (data.len(), false),
        };
        self.inner.consume(n);
        self.dropped += n as u64;
        if at_tag {
            self.in_tag = true;
            self.run = 0;
        }
        Ok(true)
    }
}

impl<R: BufRead> Read for Squeeze<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending = &self.pending[n..];
            return Ok(n);
        }
        loop {
            let data = self.inner.fill_buf()?;
            if data.is_empty() {
                return Ok(0);
            }
            // Look no further than can be handed out now: each byte is
            // looked at once, however small the caller's buffer.
            let data = &data[..data.len().min(buf.len())];
            if self.in_tag {
                let (upto, ends) = match data.iter().position(|&b| b == b'>') {
                    Some(i) => (i + 1, true),
                    None => (data.len(), false),
                };
                let n = upto.min(buf.len());
                self.run += n as u64;
                if self.run > MAX_TAG_BYTES {
                    return Err(io::Error::other(format!(
                        "a tag longer than {} MB: no export runlog can read holds one",
                        MAX_TAG_BYTES >> 20
                    )));
                }
                buf[..n].copy_from_slice(&data[..n]);
                self.inner.consume(n);
                if ends && n == upto {
                    self.in_tag = false;
                    self.in_reference = false;
                    self.run = 0;
                }
                return Ok(n);
            }
            let (upto, at_tag) = match data.iter().position(|&b| b == b'<') {
                Some(i) => (i, true),
                None => (data.len(), false),
            };
            if upto == 0 && at_tag {
                self.in_tag = true;
                self.run = 0;
                continue;
            }
            let room = MAX_TEXT_BYTES.saturating_sub(self.run);
            if room == 0 {
                if self.in_reference {
                    // The kept text ends inside `&…`: close it, so the cut
                    // cannot make the XML malformed (runlog reads no text).
                    self.in_reference = false;
                    self.pending = b"amp;";
                    return self.read(buf);
                }
                if !self.drop_text()? {
                    return Ok(0);
                }
                continue;
            }
            let n = (upto as u64).min(room) as usize;
            buf[..n].copy_from_slice(&data[..n]);
            for &b in &data[..n] {
                match b {
                    b'&' => self.in_reference = true,
                    b';' => self.in_reference = false,
                    _ => {}
                }
            }
            self.inner.consume(n);
            self.run += n as u64;
            return Ok(n);
        }
    }
}

/// A byte count as a person reads it: `12 KB`, `48.0 MB`, `2.2 GB`.
pub(super) fn size_words(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= f64::from(1u32 << 30) {
        format!("{:.1} GB", b / f64::from(1u32 << 30))
    } else if b >= f64::from(1u32 << 20) {
        format!("{:.1} MB", b / f64::from(1u32 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeezed(text: &[u8]) -> (Vec<u8>, u64) {
        let mut s = Squeeze::new(std::io::BufReader::with_capacity(7, text));
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        (out, s.dropped)
    }

    #[test]
    fn text_runs_are_cut_and_tags_kept_whole() {
        let long = " ".repeat(MAX_TEXT_BYTES as usize + 1000);
        let doc = format!("<a x=\"1\">{long}<b/>\n<c>short</c>{long}</a>");
        let (out, dropped) = squeezed(doc.as_bytes());
        assert_eq!(dropped, 2000);
        let keep = " ".repeat(MAX_TEXT_BYTES as usize);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<a x=\"1\">{keep}<b/>\n<c>short</c>{keep}</a>")
        );
    }

    #[test]
    fn a_reference_cut_in_two_is_closed() {
        let text = "x".repeat(MAX_TEXT_BYTES as usize - 3);
        let doc = format!("<a>{text}&amp;&amp;yyyy</a>");
        let (out, dropped) = squeezed(doc.as_bytes());
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with("&amamp;</a>"), "{}", &out[out.len() - 20..]);
        assert_eq!(dropped, "p;&amp;yyyy".len() as u64);
    }

    #[test]
    fn a_tag_longer_than_the_limit_is_refused() {
        let doc = format!("<a {}>", "x".repeat(MAX_TAG_BYTES as usize + 1));
        let mut s = Squeeze::new(doc.as_bytes());
        let e = std::io::copy(&mut s, &mut std::io::sink()).unwrap_err();
        assert!(e.to_string().contains("a tag longer than 16 MB"), "{e}");
    }
}
