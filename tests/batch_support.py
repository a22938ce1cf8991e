"""Helpers for the batch tests: run ``speechdiff batch`` in-process and read its report."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
GWR = ROOT / "fixtures" / "gwr"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def report(self) -> dict[str, Any]:
        return json.loads((self.out / "report.json").read_text(encoding="utf-8"))

    def doc(self, source_suffix: str, index: int = 0) -> dict[str, Any]:
        """The report's document whose source ends with ``source_suffix``."""
        found = [
            d
            for d in self.report["documents"]
            if d["source"].endswith(source_suffix) and d["index"] == index
        ]
        assert len(found) == 1, (source_suffix, index, found)
        return found[0]

    def family_of(self, source_suffix: str, index: int = 0) -> str | None:
        family: str | None = self.doc(source_suffix, index)["family"]
        return family


def batch(*args: str | Path, out: Path, workers: int = 1, extra: tuple[str, ...] = ()) -> Run:
    """``speechdiff batch ARGS --out OUT --workers N --quiet`` in this process."""
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["batch", *map(str, args), "--out", str(out), "--workers", str(workers), "--quiet"]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main([*argv, *extra])
    return Run(code, stdout.getvalue(), stderr.getvalue(), out)


def copy_fixtures(dest: Path, *names: str) -> Path:
    """Copy fixture files (paths relative to fixtures/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = ROOT / "fixtures" / name
        shutil.copy(src, dest / src.name)
    return dest


def many_files(root: Path, copies: int) -> Path:
    """``copies`` different variants of each seed and report: work that lasts a while."""
    root.mkdir()
    for src in [*SEEDS.glob("*.txt"), *GWR.glob("*.txt")]:
        text = src.read_text(encoding="utf-8")
        for k in range(copies):
            variant = text.replace("。", "。。", k + 1)  # k + 1 full stops doubled
            (root / f"{src.stem}_{k:03d}.txt").write_text(variant, encoding="utf-8")
    return root
