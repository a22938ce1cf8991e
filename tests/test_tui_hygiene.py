"""The headless core stays headless: compare/ never loads textual, rich or tui.

The idea comes from harlequin's import-hygiene test: import the core in a fresh
interpreter and look at ``sys.modules``. A subprocess is needed because the test
session itself has long since imported textual.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import importlib, json, pkgutil, sys
import compare
names = ["compare"]
for info in pkgutil.walk_packages(compare.__path__, "compare."):
    if info.name.endswith("__main__"):
        continue  # running it would start the command line
    importlib.import_module(info.name)
    names.append(info.name)
# what "speechdiff tui" itself imports before it hands over to the entry point
from compare import cli
cli.build_parser()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich", "tui"})
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_compare_imports_neither_textual_nor_rich_nor_tui() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert "compare.commands.tui" in result["modules"]
    assert "compare.align" in result["modules"]
    assert result["loaded"] == []


def test_no_module_in_compare_names_the_ui() -> None:
    """Belt and braces: not even a lazy import inside a function."""
    offenders = []
    for path in (ROOT / "compare").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1].split(".")[0] == name for name in ("textual", "rich", "tui")
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []
