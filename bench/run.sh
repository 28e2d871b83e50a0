#!/usr/bin/env bash
# End-to-end benchmark: five years of runs through runlog, against the
# `cat` floor and Python's fitdecode. Prints a table for BENCHMARKS.md.
#
#   bench/run.sh [RUNS]        (default 1500)
#
# Needs: a Rust toolchain; /usr/bin/time (GNU time, Debian package `time`);
# python3 with pip for the fitdecode comparison (skipped if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-1500}"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/runlog-bench.XXXXXX)}"
LOG="$WORK/log"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/runlog"

# The generator is the dev-only workspace crate runlog-samples.
cargo build --release --quiet -p runlog --bin runlog -p runlog-samples --bin gen-samples
mkdir -p "$LOG"
echo "generating $RUNS runs into $LOG/exports ..." >&2
"$TARGET/release/gen-samples" --archive "$LOG/exports" --runs "$RUNS" >&2
# The log folder needs its settings first (`runlog init`, which imports too).
[ -f "$LOG/runlog.toml" ] || "$BIN" init --no-input --timezone UTC "$LOG" > /dev/null
BYTES=$(du -sb "$LOG/exports" | cut -f1)
FITS=$(find "$LOG/exports" -name '*.fit' | wc -l)
GPXS=$(find "$LOG/exports" -name '*.gpx' | wc -l)

# measure LABEL CMD...: wall seconds and peak resident memory of one run.
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || {
    cat "$WORK/stderr.txt" >&2; exit 1; }
  read -r secs kb < "$WORK/time.txt"
  printf '| %s | %s s | %s MB |\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" > "$WORK/last.txt"
}

sync
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "archive: $RUNS runs ($FITS FIT, $GPXS GPX), $((BYTES / 1000000)) MB"
echo
echo "| what | wall | peak memory |"
echo "|---|---|---|"
measure "cat (read every file: the floor)" sh -c "cat $LOG/exports/* > /dev/null"
CAT=$(cat "$WORK/last.txt")
rm -rf "$LOG/.runlog"
measure "cold import, $RUNS runs" "$BIN" import -q --dir "$LOG"
COLD=$(cat "$WORK/last.txt")
measure "no-op re-run (nothing new)" "$BIN" import -q --dir "$LOG"
"$TARGET/release/gen-samples" --archive "$WORK/more" --runs 3 --seed 99 > /dev/null
cp "$WORK"/more/* "$LOG/exports/"
measure "re-run after 3 new files" "$BIN" import -q --dir "$LOG"
measure "report over five years" "$BIN" report --dir "$LOG" --from 2021-11-01 --to 2026-11-30 --out "$WORK/report" --generated-at 2026-11-25T00:00:00Z
measure "report again (next week: per-run numbers cached)" "$BIN" report --dir "$LOG" --from 2021-11-01 --to 2026-11-30 --out "$WORK/report" --generated-at 2026-11-25T00:00:00Z

echo
echo "cold import: $(python3 -c "print(round($BYTES/1e6/$COLD))") MB/s; $(python3 -c "print(round($COLD/$CAT,1))")x the cat floor"

# fitdecode, on a sample of the FIT files (it decodes ~1-2 MB/s, so the
# whole archive would take minutes); the ratio is per byte.
if command -v python3 > /dev/null && python3 -m pip install --quiet fitdecode > /dev/null 2>&1; then
  SAMPLE=$(find "$LOG/exports" -name '*.fit' | sort | awk 'NR <= 60')
  SBYTES=$(cat $SAMPLE | wc -c)
  START=$(date +%s.%N)
  python3 - $SAMPLE <<'PY'
import sys, fitdecode
for path in sys.argv[1:]:
    with fitdecode.FitReader(path) as fit:
        for frame in fit:
            pass
PY
  END=$(date +%s.%N)
  PY_S=$(python3 -c "print($END - $START)")
  PY_MBS=$(python3 -c "print($SBYTES/1e6/$PY_S)")
  OURS_MBS=$(python3 -c "print($BYTES/1e6/$COLD)")
  echo "fitdecode: $(python3 -c "print(round($PY_MBS,2))") MB/s on $(echo "$SAMPLE" | wc -l) FIT files ($((SBYTES / 1000000)) MB); runlog's cold import is $(python3 -c "print(round($OURS_MBS/$PY_MBS))")x that per byte"
else
  echo "fitdecode: not available (no python3/pip); comparison skipped"
fi
echo "work dir: $WORK"
