"""One huge file (a report repeated many times) in a batch: it finishes, says what it does,
times every stage, and does not stall the other files.

The issue's case is 200 MB (the Shanghai report 3,322 times); CI builds the same
kind of file 60 times over (3.6 MB) from the fixture, which takes the same paths
(one task for the whole file, a near-copy group verified through its representative,
diff pages bounded). The full size is measured by ``python bench/hostile.py huge``.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from batch_support import GWR, SEEDS
from cli_support import GIB, run_cli

from compare.batch.progress import Progress

REPORT = GWR / "2026_上海市_政府工作报告.txt"
COPIES = 60


@pytest.fixture(scope="module")
def huge_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("huge")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "report_repeated.txt").write_bytes(REPORT.read_bytes() * COPIES)
    for src in SEEDS.glob("00[0-2]*.txt"):
        (corpus / src.name).write_bytes(src.read_bytes())
    out = root / "out"
    done = run_cli(
        "batch",
        corpus,
        "--out",
        out,
        "--progress",
        "--diff-seconds",
        "3",
        "--workers",
        "2",
        timeout=300,
        memory=3 * GIB,
    )
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def test_the_huge_file_and_the_others_are_all_read(huge_run: tuple[Path, str]) -> None:
    out, _ = huge_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sources = [d["source"] for d in report["documents"]]
    assert sum(s.endswith("report_repeated.txt") for s in sources) == COPIES
    assert {Path(s).name for s in sources} >= {p.name for p in SEEDS.glob("00[0-2]*.txt")}
    assert report["errors"] == []


def test_the_copies_are_one_near_copy_group_reported_as_a_star(
    huge_run: tuple[Path, str],
) -> None:
    out, _ = huge_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    copies = [d["id"] for d in report["documents"] if d["source"].endswith("report_repeated.txt")]
    pairs = {
        (n["a"], n["b"]) for n in report["near_duplicates"] if n["a"] in copies and n["b"] in copies
    }
    assert pairs == {(copies[0], c) for c in copies[1:]}  # each with the representative
    assert all(n["similarity"] == 1.0 for n in report["near_duplicates"] if n["a"] in copies)


def test_every_stage_is_timed_and_the_run_is_marked_complete(huge_run: tuple[Path, str]) -> None:
    out, _ = huge_run
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["complete"] is True
    stages = {"read", "near", "families", "passages", "diff_pages", "writing"}
    assert set(info["seconds"]) >= stages
    assert all(info["seconds"][s] >= 0 for s in stages)
    pages = info["diff_pages"]
    assert (
        pages["rendered"] + pages["out_of_time"] + pages["too_long"] + pages["failed"]
        == (pages["wanted"])
    )


def test_progress_is_visible_when_stderr_is_not_a_terminal(huge_run: tuple[Path, str]) -> None:
    _, stderr = huge_run
    lines = stderr.splitlines()
    stages = ("reading", "near copies", "passages", "shared phrasing", "skeletons", "families")
    for stage in (*stages, "diff pages", "writing"):
        assert f"speechdiff: batch: {stage}: started" in "\n".join(lines), stage
        assert any(line.startswith(f"speechdiff: batch: {stage}: done") for line in lines), stage
    # The grouping stage runs the family sub-stages and sums them up under its own name.
    assert any(
        line.startswith("speechdiff: batch: grouping: done") and line.endswith("families")
        for line in lines
    )


def test_a_long_stage_prints_a_line_now_and_then_off_a_terminal() -> None:
    piped = io.StringIO()
    progress = Progress(stream=piped, interval=0.2)
    progress.stage("reading", 1, unit="files")
    time.sleep(1.0)  # one long task: no advance() for a while
    progress.advance()
    progress.end()
    progress.close()
    beats = [line for line in piped.getvalue().splitlines() if "elapsed" in line]
    assert beats and all(b.startswith("speechdiff: batch: reading: 0/1 files, ") for b in beats)
    short = io.StringIO()
    quick = Progress(stream=short)  # the default interval: a short run prints nothing
    quick.stage("reading", 1)
    quick.advance()
    quick.end()
    quick.close()
    assert short.getvalue() == ""
    muted = io.StringIO()
    off = Progress(stream=muted, quiet=True, lines=True, interval=0.1)
    off.stage("reading", 1)
    time.sleep(0.3)
    off.end()
    off.close()
    assert muted.getvalue() == ""
