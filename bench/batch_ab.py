"""Batch speed of this tree against an earlier commit, on one corpus, runs alternated.

Usage: python bench/batch_ab.py --base REV --corpus DIR [--rounds 2] [--workers N]

The shared machine's speed drifts by 10-25 % from day to day, so a figure from an
earlier stop says little about a change. This runs ``speechdiff batch`` on the same
corpus with the code at ``REV`` (a temporary ``git worktree``) and with this tree, one
after the other, ``--rounds`` times, and prints each run's total and stage times (from
``run.json``), the ratio of the medians, and whether the two reports are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tree: Path, corpus: Path, out: Path, workers: int | None) -> dict[str, object]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "compare.cli", "batch", str(corpus), "--out", str(out), "--quiet"]
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"batch failed in {tree} ({proc.returncode}): {proc.stderr[-500:]}")
    info: dict[str, object] = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return info


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the commit to compare against")
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="speechdiff-ab-"))
    base_tree = work / "base"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
        check=True,
        capture_output=True,
    )
    totals: dict[str, list[float]] = {"base": [], "this": []}
    try:
        for _ in range(args.rounds):
            for name, tree in (("base", base_tree), ("this", ROOT)):
                info = run(tree, args.corpus, work / f"out-{name}", args.workers)
                secs = info["seconds"]
                assert isinstance(secs, dict)
                total = float(str(info["seconds_total"]))
                totals[name].append(total)
                stages = ", ".join(f"{k} {float(v):.1f}" for k, v in secs.items())
                print(f"{name:5} {total:6.1f} s   {stages}", flush=True)
        same = (work / "out-base" / "report.json").read_bytes() == (
            work / "out-this" / "report.json"
        ).read_bytes()
        b, t = statistics.median(totals["base"]), statistics.median(totals["this"])
        print(f"median: base {b:.1f} s, this tree {t:.1f} s, ratio {t / b:.3f}")
        print(f"reports identical: {same}")
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
