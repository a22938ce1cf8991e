"""The batch alignment task on real skeletons, against reading each speech per pair.

Usage: python bench/skeleton_align.py [--pairs N] [--rounds R]

Skeletons (``signatures.skeleton_document``) of 20 provincial reports of
``../shared/corpora/gwr_provincial_2026`` and the seeds are aligned pairwise as
batch's alignment engine does (``verify.align_pairs``: each speech's parts read
once per task) and, as the baseline in the same process, with every pair reading
both speeches' parts again (``aligned_template`` without ``indexes``). Prints both
times, their ratio and whether the scores are identical.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from compare.align import align
from compare.batch import verify
from compare.batch.signatures import skeleton_document
from compare.parse import parse_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = sorted((SHARED / "corpora/gwr_provincial_2026").glob("*.txt"))[:20]
    files += sorted((ROOT / "fixtures/seeds").glob("*.txt"))
    docs = [skeleton_document(d) for f in files for d in parse_file(f).documents]
    pairs = list(itertools.combinations(range(len(docs)), 2))[: args.pairs]
    blobs = {k: pickle.dumps(d) for k, d in enumerate(docs)}

    def per_pair() -> list[tuple[int, int, float]]:
        ds = {k: pickle.loads(b) for k, b in blobs.items()}
        out = []
        for i, j in pairs:
            a = align(ds[i], ds[j], inline=False, candidates=0, fallback=False, topics=False)
            out.append((i, j, round(verify.aligned_template(a, ds[i], ds[j]), 4)))
        return out

    print(f"{len(docs)} skeletons, {len(pairs)} pairs")
    for r in range(args.rounds):
        t = time.perf_counter()
        base = per_pair()
        t_base = time.perf_counter() - t
        t = time.perf_counter()
        task = verify.align_pairs(pairs, blobs)[0]
        t_task = time.perf_counter() - t
        print(
            f"round {r + 1}: per pair {t_base:.2f} s, per task {t_task:.2f} s, "
            f"{t_base / t_task:.2f}x, identical {base == task}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
