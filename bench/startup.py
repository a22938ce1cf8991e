"""Start-up: a one-shot ``speechdiff diff`` and ``--help``, against the bare imports.

Usage: python bench/startup.py [--rounds N] [A B]

Each command runs in a fresh interpreter (``python -m compare …``, what the
console script does), ``--rounds`` times, the commands interleaved so that the
machine's load hits them alike; the figure is the median wall time. Printed:

- the baseline: a bare ``import numpy, rapidfuzz, networkx`` (the libraries any
  diff needs), and the interpreter alone;
- ``speechdiff diff A B`` (default: seeds 000 and 001, text output) as a ratio to
  the baseline (target: at most 1.5);
- ``speechdiff --help`` and ``speechdiff diff --help`` in seconds (target for
  ``--help``: under 0.1 s);
- where the diff's time goes: ``python -X importtime`` of one run, the largest
  imports by cumulative time (``lap`` is imported by the aligner's assignment
  step: its share is shown apart, with the ratio the diff would have without it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DEFAULT_A = SEEDS / "000_44149a710ae6c111.txt"
DEFAULT_B = SEEDS / "001_201c1d1fe805fb54.txt"


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _importtime(cmd: list[str]) -> dict[str, float]:
    """Cumulative import time in seconds per module of one run (``-X importtime``)."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    out: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split("|"))
        if cumulative.isdigit():
            out[name.strip()] = int(cumulative) / 1e6
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", nargs="?", default=str(DEFAULT_A))
    ap.add_argument("b", nargs="?", default=str(DEFAULT_B))
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    py = sys.executable
    env_cols = {"COLUMNS": "120"}
    os.environ.update(env_cols)
    # An installed package has its .pyc files (pip compiles them): with bytecode
    # writing turned off (PYTHONDONTWRITEBYTECODE), every run would time the compiler
    # on the modules changed since their .pyc was written, not the start-up.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import numpy, rapidfuzz, networkx": [py, "-c", "import numpy, rapidfuzz, networkx"],
        "… + lap": [py, "-c", "import numpy, rapidfuzz, networkx, lap"],
        "speechdiff diff A B": [py, "-m", "compare", "diff", args.a, args.b],
        "speechdiff --help": [py, "-m", "compare", "--help"],
        "speechdiff diff --help": [py, "-m", "compare", "diff", "--help"],
    }
    for cmd in commands.values():  # warm the file cache and .pyc files
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, cmd in commands.items():
            times[name].append(_time(cmd))
    med = {name: statistics.median(v) for name, v in times.items()}
    base = med["import numpy, rapidfuzz, networkx"]
    print(
        f"median of {args.rounds} runs each, fresh interpreters ({Path(args.a).name} vs "
        f"{Path(args.b).name})"
    )
    for name, value in med.items():
        print(f"  {name:<36} {value * 1000:7.0f} ms   {value / base:5.2f}x baseline")
    lap_share = med["… + lap"] - base
    diff = med["speechdiff diff A B"]
    imports = _importtime(commands["speechdiff diff A B"])
    print()
    print(f"diff / baseline:                     {diff / base:.2f}  (target <= 1.5)")
    print(
        f"lap on top of baseline:              {lap_share * 1000:.0f} ms  "
        f"(imported by the aligner; diff without it: {(diff - lap_share) / base:.2f}x)"
    )
    print(
        f"--help:                              {med['speechdiff --help'] * 1000:.0f} ms  "
        "(target < 100 ms)"
    )
    print(f"diff --help:                         {med['speechdiff diff --help'] * 1000:.0f} ms")
    print()
    print("largest imports of one diff run (cumulative, -X importtime):")
    top = (
        "lap",
        "networkx",
        "numpy",
        "rapidfuzz",
        "compare.align",
        "compare.parse",
        "compare.graph",
        "compare.batch.template",
        "compare.render.text",
    )
    for name in top:
        if name in imports:
            print(f"  {name:<28} {imports[name] * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
