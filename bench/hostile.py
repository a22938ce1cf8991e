"""Batch on hostile corpora: one huge file, and thousands of copies of one speech.

Usage: python bench/hostile.py [huge|copies|both] [--copies N] [--repeat N]
                               [--workers N] [--work DIR]

- ``huge``: one file holding the Shanghai work report (fixtures/gwr) ``--repeat``
  times (default 3,322: 200 MB), next to the five seeds, through ``speechdiff batch``
  with default options in a fresh process, stderr piped (so progress comes as the
  periodic plain lines a log would get). Printed: wall time, peak memory of the
  process tree, the stages from run.json and the progress lines that arrived.
  Baseline, same process: reading, decoding and
  splitting the same file into lines, the least any reader does.
- ``copies``: ``--copies`` (default 2,000) lightly edited copies of seed 000 (eight
  characters changed in each), through ``speechdiff batch``. Printed: wall time and
  the near-duplicate stage; baseline, same process: the near-duplicate verification
  as it was before grouping, every LSH candidate pair verified one by one, timed on
  a sample of the pairs and extrapolated to all of them (the whole run took 14 min
  that way). Also the near-copy recall against the truth (every pair of copies is a
  near copy; a star through one representative covers them all).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from batch import run_batch

REPORT = ROOT / "fixtures" / "gwr" / "2026_上海市_政府工作报告.txt"
SEED = ROOT / "fixtures" / "seeds" / "000_44149a710ae6c111.txt"
CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB"


def _progress_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("speechdiff: batch:")]


def huge(work: Path, repeat: int, workers: int | None) -> None:
    from compare.textio import decode_bytes, read_bytes

    corpus = work / f"huge-{repeat}"
    target = corpus / "report_repeated.txt"
    if not target.exists():
        corpus.mkdir(parents=True, exist_ok=True)
        data = REPORT.read_bytes()
        with open(target, "wb") as fh:
            for _ in range(repeat):
                fh.write(data)
        for seed in (ROOT / "fixtures" / "seeds").glob("*.txt"):
            (corpus / seed.name).write_bytes(seed.read_bytes())
    size = target.stat().st_size
    t = time.monotonic()
    lines = len(decode_bytes(read_bytes(target), str(target))[0].splitlines())
    base = time.monotonic() - t
    out = work / f"huge-{repeat}-out"
    r = run_batch(corpus, out, workers, extra=())
    info = r["run"]
    progress = _progress_lines(r["stderr"])
    print(f"== one file of {size / 1e6:,.0f} MB ({repeat} copies of one report) + 5 seeds")
    print(f"baseline read+decode+splitlines of the file: {base:.1f}s ({lines:,} lines)")
    print(
        f"batch wall {r['wall']:.1f}s  (× {r['wall'] / base:.1f} the baseline)  "
        f"peak memory {_mib(r['peak_tree'])} (all processes), {_mib(r['peak_main'])} (main)"
    )
    print("stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in info["seconds"].items()))
    print(f"diff pages: {info['diff_pages']}")
    print(f"progress lines on stderr (not a terminal): {len(progress)} in {r['wall']:.0f}s:")
    for line in progress:
        print("   ", line)
    print(r["summary"].rstrip())


def _copies(corpus: Path, n: int) -> None:
    rng = random.Random(7)
    src = SEED.read_text(encoding="utf-8")
    corpus.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        chars = list(src)
        for _ in range(8):
            chars[rng.randrange(len(chars))] = rng.choice(CHARS)
        (corpus / f"copy_{k:04d}.txt").write_text("".join(chars), encoding="utf-8")


def _baseline_near(out: Path, corpus: Path, budget: float) -> dict[str, Any]:
    """Every LSH candidate pair verified one by one, as the stage did before grouping."""
    import numpy as np

    from compare.batch import pipeline
    from compare.batch.duplicates import near_candidates, verify_near
    from compare.batch.engines import make_engine
    from compare.batch.ingest import expand_inputs
    from compare.batch.progress import Progress
    from compare.batch.resume import Cache

    engine = make_engine("local", workers=1)
    cache = Cache(out, resume=True)
    try:
        records = pipeline._read_files(
            expand_inputs([str(corpus)]).files, cache, engine, Progress(quiet=True)
        )
    finally:
        engine.close()
        cache.close()
    speeches = [
        pipeline.Speech(f"d{k + 1}", r.source, r.digest, d, r.encoding)
        for k, (r, d) in enumerate((r, d) for r in records for d in r.documents)
    ]
    t = time.monotonic()
    pairs = near_candidates(np.stack([s.record.sketch for s in speeches]), range(len(speeches)))
    texts = pipeline._speech_texts(speeches, set(range(len(speeches))))
    prep = time.monotonic() - t
    random.Random(1).shuffle(pairs)
    done = 0
    t = time.monotonic()
    while done < len(pairs) and time.monotonic() - t < budget:
        verify_near(pairs[done : done + 200], texts, threshold=pipeline.NEAR_THRESHOLD)
        done += 200
    per_pair = (time.monotonic() - t) / max(1, min(done, len(pairs)))
    return {
        "pairs": len(pairs),
        "sampled": min(done, len(pairs)),
        "seconds": prep + per_pair * len(pairs),
    }


def copies(work: Path, n: int, workers: int | None) -> None:
    corpus = work / f"copies-{n}"
    if not (corpus / f"copy_{n - 1:04d}.txt").exists():
        _copies(corpus, n)
    out = work / f"copies-{n}-out"
    r = run_batch(corpus, out, workers, extra=("--quiet",))
    info = r["run"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    covered = {d for p in report["near_duplicates"] for d in (p["a"], p["b"])}
    star = len(report["near_duplicates"]) == n - 1 and len(covered) == n
    base = _baseline_near(out, corpus, budget=20.0)
    near = info["seconds"]["near"]
    print(f"== {n} lightly edited copies of one speech")
    print(
        f"batch wall {r['wall']:.1f}s, near-duplicate stage {near:.1f}s; "
        f"peak memory {_mib(r['peak_tree'])} (all processes)"
    )
    print(
        f"baseline (every candidate pair verified, {base['pairs']:,} pairs; "
        f"{base['sampled']:,} timed, one core): {base['seconds']:.0f}s "
        f"→ near stage × {base['seconds'] / max(near, 1e-9):.0f} faster"
    )
    print(
        f"near copies: {len(report['near_duplicates']):,} pairs covering {len(covered):,} of "
        f"{n} speeches (every copy linked to the representative: {star})"
    )
    print("stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in info["seconds"].items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("case", nargs="?", default="both", choices=("huge", "copies", "both"))
    ap.add_argument("--copies", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3322)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "speechdiff-hostile")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.case in ("copies", "both"):
        copies(args.work, args.copies, args.workers)
    if args.case in ("huge", "both"):
        huge(args.work, args.repeat, args.workers)


if __name__ == "__main__":
    main()
