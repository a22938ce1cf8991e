"""``speechdiff tui`` and ``speechdiff A B`` from the command line: bad input never starts the UI.

Each case must print exactly one line on stderr naming the file and the reason,
exit with status 2, and never show a traceback. These run the real console
script in a subprocess, so the entry point lookup is exercised too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import SEED_000, SEED_001, SEED_003

from tui import launch

ROOT = Path(__file__).resolve().parent.parent


def _speechdiff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compare", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "names", "reason"),
    [
        (["tui", "missing.txt", SEED_000], "missing.txt", "no such file"),
        (["missing.txt", SEED_000], "missing.txt", "no such file"),
        (["tui", SEED_000, "/bin/sh"], "/bin/sh", "not text"),
        (["tui", SEED_003, SEED_000, "--doc-a", "17"], SEED_003, "out of range"),
        (["tui", SEED_000, SEED_003, "--doc-b", "-1"], SEED_003, "out of range"),
        (["tui", SEED_000, SEED_001, "--theme", "nope"], "nope", "unknown theme"),
    ],
)
def test_bad_input_is_one_line_and_status_two(args: list[str], names: str, reason: str) -> None:
    done = _speechdiff(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert names in lines[0] and reason in lines[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_bad_keymap_is_reported_before_the_ui(tmp_path: Path) -> None:
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keymap]\n"speechdiff.next_chang" = "x"\n', encoding="utf-8")
    done = _speechdiff("tui", SEED_000, SEED_001, "--keymap", str(keymap))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert str(keymap) in done.stderr and "speechdiff.next_chang" in done.stderr


def test_empty_file_is_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = _speechdiff("tui", str(empty), SEED_000)
    assert done.returncode == 2 and str(empty) in done.stderr


def test_launch_returns_zero_after_quit(monkeypatch: pytest.MonkeyPatch) -> None:
    """run() builds the app through the factory and returns 0 when the user quits."""
    ran = []

    def fake_run(self: object) -> None:
        ran.append(self)

    monkeypatch.setattr("tui.app.SpeechDiffApp.run", fake_run)
    args = argparse.Namespace(
        a=SEED_000, b=SEED_001, doc_a=None, doc_b=None, keymap=None, theme=None
    )
    assert launch.run(args) == 0
    assert len(ran) == 1
    app = ran[0]
    assert app.files is not None  # parsed before the UI, handed to the app  # type: ignore[attr-defined]
