"""How alignment time and memory grow with document size, against a baseline in-process.

Usage: python bench/align_scale.py [--max 64] [--big 20000] [--rounds 3]

1. **Scaling table**: k reports concatenated into one document (k = 1, 2, 4 … 64;
   the 31 provincial reports of ``../shared/corpora`` when present, else the eight of
   ``fixtures/gwr``, cycled), aligned against an edited copy (3% of sections deleted,
   12% with a body cut and a sentence added, some lists reordered). For each size:
   sections, characters, wall and CPU time of ``align`` (inline diffs included), the
   peak of Python allocations (tracemalloc), and the same for the baseline — the
   heading-only aligner of bench/align.py (an n × m rapidfuzz matrix and one
   assignment), which is quadratic by construction. The growth exponent is the slope
   of log(time) against log(sections) from 4x to the largest size.
2. **Big documents**, each in a child process so its peak RSS is its own: 20,000
   sections (400 parts of 50, bodies made of real sentences) against an edited copy,
   and the same as one flat list of 20,000 items.

Targets (issue 8): 64 concatenated national-size reports in at most 5 s, 20,000
sections against an edited copy in at most 60 s and 2 GiB, exponent at most 1.3.
"""

from __future__ import annotations

import os

# As the command line does (compare/cli.py): one BLAS thread for small products.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse
import json
import math
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align import baseline_pairs, clear_caches

from compare.align import align
from compare.model import Document, Section
from compare.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora" / "gwr_provincial_2026"


def reports() -> list[Document]:
    folder = SHARED if SHARED.is_dir() else ROOT / "fixtures" / "gwr"
    return [parse_file(p).documents[0] for p in sorted(folder.glob("*.txt"))]


def renumber(sections: Iterable[Section], prefix: str = "") -> tuple[Section, ...]:
    return tuple(
        replace(s, id=f"{prefix}{k}", children=renumber(s.children, f"{prefix}{k}."))
        for k, s in enumerate(sections, 1)
    )


def concatenated(docs: list[Document], k: int) -> Document:
    sections = [s for n in range(k) for s in docs[n % len(docs)].sections]
    return Document(index=0, title=f"{k} reports", span=(0, 0), sections=renumber(sections))


def edited(doc: Document, rng: random.Random) -> Document:
    """A copy with sections deleted, bodies cut and extended, lists reordered."""

    def edit(sections: Iterable[Section]) -> list[Section]:
        out = []
        for s in sections:
            r = rng.random()
            if r < 0.03:
                continue
            text = s.text
            if r < 0.15 and text:
                text = text[len(text) // 3 :] + "会议强调，要抓好各项工作落实。"
            out.append(replace(s, text=text, children=tuple(edit(s.children))))
        if len(out) > 3 and rng.random() < 0.2:
            out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
        return out

    return replace(doc, title="edited", sections=renumber(edit(doc.sections)))


def measure(fn: Callable[[], Any], rounds: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds, peak traced MiB of ``fn``.

    Every round starts with the package's caches emptied (term sets, trees,
    normalised texts), as a one-shot ``speechdiff diff`` does: otherwise the sizes
    timed over several rounds would be timed warm and the big ones, timed once, cold,
    which tilts the growth exponent. Timed rounds run untraced (tracemalloc slows
    allocation-heavy code several times); the memory peak comes from one more,
    traced run.
    """
    walls, cpus = [], []
    for _ in range(rounds):
        clear_caches()
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    clear_caches()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den if den else float("nan")


def scaling(max_k: int, rounds: int) -> None:
    docs = reports()
    rng = random.Random(1)
    print(f"scaling: k reports concatenated vs an edited copy ({len(docs)} distinct reports)")
    print(
        f"  {'k':>3} {'sections':>8} {'chars':>9} | {'align s':>8} {'cpu s':>7} {'MiB':>6} |"
        f" {'baseline s':>10} {'MiB':>6} | {'align/1x':>8}"
    )
    ours: list[tuple[int, float]] = []
    first = 0.0
    k = 1
    while k <= max_k:
        a = concatenated(docs, k)
        b = edited(a, rng)
        n = sum(1 for _ in a.walk())
        chars = sum(len(s.heading) + len(s.text) for s in a.walk())
        runs = rounds if k <= 16 else 1
        wall, cpu, mib = measure(lambda a=a, b=b: align(a, b), runs)
        b_wall, _, b_mib = measure(lambda a=a, b=b: baseline_pairs(a, b), runs)
        first = first or wall
        if k >= 4:
            ours.append((n, wall))
        print(
            f"  {k:>3} {n:>8} {chars:>9} | {wall:8.2f} {cpu:7.2f} {mib:6.0f} |"
            f" {b_wall:10.2f} {b_mib:6.0f} | {wall / first:7.1f}x",
            flush=True,
        )
        k *= 2
    if len(ours) >= 2:
        print(f"  growth exponent of align time in sections, 4x..{max_k}x: {exponent(ours):.2f}")


def big_document(n: int, fan: int, seed: int) -> tuple[Document, Document]:
    """``n`` sections in parts of ``fan`` (one flat list when fan >= n) from real
    sentences, and an edited copy (2% deleted, 5% reworded, 2% inserted)."""
    sentences = [
        x
        for d in reports()
        for s in d.walk()
        for x in re.findall(r"[^。！？]+[。！？]", s.text)
        if 10 < len(x) < 120
    ]
    rng = random.Random(seed)

    def sec(
        sid: str, level: int, heading: str, text: str, kids: tuple[Section, ...] = ()
    ) -> Section:
        return Section(sid, level, "", heading, text, (0, 0), (0, 0), kids)

    if fan >= n:
        top = tuple(
            sec(str(k + 1), 1, rng.choice(sentences)[:14], "".join(rng.sample(sentences, 2)))
            for k in range(n)
        )
    else:
        top = tuple(
            sec(
                str(p + 1),
                1,
                rng.choice(sentences)[:16],
                rng.choice(sentences),
                tuple(
                    sec(
                        f"{p + 1}.{c + 1}",
                        2,
                        rng.choice(sentences)[:14],
                        "".join(rng.sample(sentences, 2)),
                    )
                    for c in range(fan - 1)
                ),
            )
            for p in range(n // fan)
        )
    a = Document(index=0, title="big", span=(0, 0), sections=top)

    def edit(sections: Iterable[Section]) -> list[Section]:
        out = []
        for s in sections:
            r = rng.random()
            if r < 0.02:
                continue
            text = s.text[: len(s.text) // 2] + rng.choice(sentences) if r < 0.07 else s.text
            out.append(replace(s, text=text, children=tuple(edit(s.children))))
            if r > 0.98:
                out.append(sec("new", s.level, rng.choice(sentences)[:12], rng.choice(sentences)))
        return out

    return a, replace(a, title="big, edited", sections=renumber(edit(a.sections)))


def big_child(n: int, fan: int) -> None:
    """Run in a child process: align one big pair, print a JSON line of figures."""
    a, b = big_document(n, fan, seed=5)
    t, c = time.perf_counter(), time.process_time()
    r = align(a, b)
    out = {
        "sections": [sum(1 for _ in a.walk()), sum(1 for _ in b.walk())],
        "wall": time.perf_counter() - t,
        "cpu": time.process_time() - c,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "matches": len(r.matches),
        "deleted": len(r.deleted),
        "inserted": len(r.inserted),
    }
    print(json.dumps(out))


def big(n: int) -> None:
    print(f"big documents ({n} sections; one child process each, peak RSS of the child)")
    for fan, label in ((50, f"{n // 50} parts of 50"), (n, "one flat list")):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(n), str(fan)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode:
            print(f"  {label}: failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"  {label:18} {got['sections'][0]:>6} vs {got['sections'][1]:>6} sections:"
            f" {got['wall']:6.1f} s (cpu {got['cpu']:6.1f} s), peak RSS {got['rss_mib']:6.0f} MiB,"
            f" {got['matches']} matches, {got['deleted']} deleted, {got['inserted']} inserted",
            flush=True,
        )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        big_child(int(sys.argv[2]), int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max", type=int, default=64, help="largest k (a power of two)")
    ap.add_argument(
        "--big", type=int, default=20000, help="sections of the big documents (0: skip)"
    )
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    scaling(args.max, args.rounds)
    if args.big:
        big(args.big)


if __name__ == "__main__":
    main()
