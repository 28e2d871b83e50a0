//! Series packs: one file per import holding every time series it wrote.
//!
//! A pack is the series' Parquet files, each whole, one after another:
//! `activities.parquet` names, for each activity, its pack, the byte where
//! its series starts and its length, and `SUMS` the BLAKE3 of those bytes.
//! A series is read back by reading exactly its bytes, checking them and
//! handing them to polars, as a file of its own would be. An import of
//! 1,500 runs so creates one file instead of 1,500 (creating and renaming
//! them cost about 0.5 s of a 3.4 s cold import, see BENCHMARKS.md) and
//! never modifies a pack once it is named: a pack is
//! written under a temporary name and renamed when whole, and removed only
//! once no generation on disk names any series in it.

use crate::error::{Error, Result};
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Where one series lies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    /// The pack's file name under `series/`.
    pub(crate) pack: String,
    /// The byte its series starts at.
    pub(crate) offset: u64,
    /// The series' length in bytes.
    pub(crate) len: u64,
}

/// The extension of a pack's file name.
pub(super) const PACK_EXT: &str = "pack";

/// A pack being written: a temporary file in `series/`, renamed by
/// [`PackWriter::finish`].
pub(super) struct PackWriter {
    file: tempfile::NamedTempFile,
    written: u64,
    /// (id, offset, length) of each series in it.
    members: Vec<(String, u64, u64)>,
    /// The pack's name: a hash of its series' hashes, in order.
    name: blake3::Hasher,
}

impl PackWriter {
    pub(super) fn create(dir: &Path) -> Result<PackWriter> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let file = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        Ok(PackWriter {
            file,
            written: 0,
            members: Vec::new(),
            name: blake3::Hasher::new(),
        })
    }

    /// Append one series' bytes; `sum` is their BLAKE3, in hex.
    pub(super) fn append(&mut self, id: &str, bytes: &[u8], sum: &str) -> Result<()> {
        let path = self.file.path().to_path_buf();
        self.file
            .as_file_mut()
            .write_all(bytes)
            .map_err(|e| Error::io(&path, e))?;
        self.members
            .push((id.to_string(), self.written, bytes.len() as u64));
        self.written += bytes.len() as u64;
        self.name.update(sum.as_bytes());
        Ok(())
    }

    /// Flush the pack (to disk too when `sync`), give it its name, and
    /// return where each of its series lies.
    pub(super) fn finish(self, dir: &Path, sync: bool) -> Result<Vec<(String, Location)>> {
        let name = format!("{}.{PACK_EXT}", &self.name.finalize().to_hex()[..32]);
        let path = dir.join(&name);
        if sync {
            self.file
                .as_file()
                .sync_all()
                .map_err(|e| Error::io(&path, e))?;
        }
        self.file
            .persist(&path)
            .map_err(|e| Error::io(&path, e.error))?;
        Ok(self
            .members
            .into_iter()
            .map(|(id, offset, len)| {
                let at = Location {
                    pack: name.clone(),
                    offset,
                    len,
                };
                (id, at)
            })
            .collect())
    }
}

/// The bytes of the series at `at` in the pack at `path`: exactly its
/// length, or an error (a pack cut short reads as damaged, not as a
/// shorter series).
pub(super) fn read_member(path: &Path, at: &Location) -> std::io::Result<Vec<u8>> {
    let mut file = fs::File::open(path)?;
    file.seek(SeekFrom::Start(at.offset))?;
    let len = usize::try_from(at.len).map_err(std::io::Error::other)?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Whether the pack at `path` is there and long enough for `at` (a `stat`).
pub(super) fn holds(path: &Path, at: &Location) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= at.offset + at.len)
}

/// The path of a series file under `series/`: a pack, or the file of its
/// own a store from before packs wrote for each activity.
pub(super) fn own_file(series: &Path, id: &str) -> PathBuf {
    series.join(format!("{id}.parquet"))
}
