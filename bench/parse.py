"""Parser throughput: MB/s of Chinese text on one core, against plain read-and-split.

Usage: python bench/parse.py [--rounds N] [--corpus DIR]

Reads every seed and government work report once into memory (bytes), then times,
in the same process and on the same bytes:

- baseline: ``bytes.decode`` + ``str.splitlines`` (what any reader must do at least);
- parser:   ``compare.textio.decode_bytes`` + ``compare.parse.parse_text`` (decoding,
            cleaning, splitting into speeches, outline, section tree).

MB are megabytes (10^6) of the UTF-8 files. The figure that matters is the parser's
MB/s (target: at least 5 MB/s on one core); the ratio says what the structure costs
over merely reading lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from compare.markers import markers_at
from compare.outline import split_heading
from compare.parse import parse_text
from compare.textio import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "gwr_provincial_2026"


def _files(corpus: Path) -> list[Path]:
    files = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    if corpus.is_dir():
        files += sorted(corpus.glob("*.txt"))
    else:  # a fresh clone without ../shared: the bundled reports
        files += sorted((ROOT / "fixtures" / "gwr").glob("*.txt"))
    return files


def _baseline(blobs: list[bytes]) -> int:
    n = 0
    for data in blobs:
        n += len(data.decode("utf-8").splitlines())
    return n


def _parser(blobs: list[bytes]) -> int:
    markers_at.cache_clear()  # each round starts cold: no paragraph seen before
    split_heading.cache_clear()
    n = 0
    for data in blobs:
        text, _ = decode_bytes(data)
        parsed = parse_text(text)
        n += sum(1 for d in parsed.documents for _ in d.walk())
    return n


def _time(fn: Callable[[list[bytes]], int], blobs: list[bytes], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn(blobs)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()

    files = _files(args.corpus)
    blobs = [p.read_bytes() for p in files]
    mb = sum(len(b) for b in blobs) / 1e6
    chars = sum(len(b.decode("utf-8")) for b in blobs)
    print(f"{len(files)} files, {mb:.2f} MB, {chars:,} characters", file=sys.stderr)

    sections = _parser(blobs)  # warm up (regex compilation, caches)
    base = _time(_baseline, blobs, args.rounds)
    pars = _time(_parser, blobs, args.rounds)
    b_med, p_med = statistics.median(base), statistics.median(pars)

    print(f"{'':12} {'median s':>10} {'MB/s':>10} {'chars/s':>14}")
    print(f"{'read+split':12} {b_med:10.4f} {mb / b_med:10.1f} {chars / b_med:14,.0f}")
    print(f"{'parse':12} {p_med:10.4f} {mb / p_med:10.1f} {chars / p_med:14,.0f}")
    print(
        f"parser: {sections} sections; {p_med / b_med:.1f}x the time of read+split; "
        f"target >= 5 MB/s: {'met' if mb / p_med >= 5 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
