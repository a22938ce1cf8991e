"""The real development set scored with the aligner of another revision.

Usage: python bench/aligndev_at.py REV [REV ...]

Each revision is checked out into a temporary git worktree and its ``compare``
package aligns every pair of ``bench/aligndev/`` (with its own parser, default
options); the judgements and the loader are today's. It calibrates the set: the
issue that asked for it measured version 0.1 (``2977aaf``) on held-out real pairs
at P 0.85, R 0.56, F1 0.68; the same code on this set shows how much harder or
easier this set is than the held-out one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the worktree: its own ``compare`` first on the path, today's loader.
_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from aligndev import load_pairs, score_pairs
from compare.align import align
out = {}
for p in load_pairs(None):
    t = score_pairs(p, [(m.a, m.b) for m in align(p.a, p.b).matches])
    out[p.name] = list(t)
print(json.dumps(out))
"""


def score_at(rev: str) -> dict[str, list[int]]:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), rev],
            check=True,
        )
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, str(ROOT / "bench")],
                cwd=tree,
                env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
            )
    scores: dict[str, list[int]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return scores


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    revs = sys.argv[1:] or ["2977aaf", "HEAD"]
    print(f"{'revision':10} {'set':8} {'P':>6} {'R':>6} {'F1':>6}   (tp/fp/fn)")
    for rev in revs:
        per = score_at(rev)
        for name, keep in (
            ("all", lambda n: True),
            ("Chinese", lambda n: not n.startswith("bills")),
            ("English", lambda n: n.startswith("bills")),
        ):
            tp, fp, fn = (sum(v[k] for n, v in per.items() if keep(n)) for k in range(3))
            p, r, f = prf(tp, fp, fn)
            print(f"{rev:10} {name:8} {p:6.3f} {r:6.3f} {f:6.3f}   ({tp}/{fp}/{fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
