"""``speechdiff batch`` on the command line: exit statuses, one-line errors, stdout/stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from batch_support import ROOT, SEEDS, batch

SEED_000 = SEEDS / "000_44149a710ae6c111.txt"


def test_ok_with_per_file_failures(tmp_path: Path) -> None:
    (tmp_path / "bad.bin").write_bytes(b"\x00" * 64)
    run = batch(SEED_000, tmp_path / "bad.bin", tmp_path / "missing.txt", out=tmp_path / "out")
    assert run.code == 0
    assert run.stderr == ""  # --quiet, and failures go to the report, not to stderr
    assert "speeches" in run.stdout and "2 errors" in run.stdout
    assert len(run.report["errors"]) == 2


def test_nothing_matched_is_a_usage_error(tmp_path: Path) -> None:
    run = batch(tmp_path / "nope.txt", tmp_path / "*.missing", out=tmp_path / "out")
    assert run.code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "no input files matched" in lines[0] and "nope.txt" in lines[0]
    assert run.stdout == ""


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = batch(tmp_path / "empty", out=tmp_path / "out")
    assert run.code == 2 and "no input files matched" in run.stderr


def test_unwritable_out_dir_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    run = batch(SEED_000, out=blocker / "out")  # a folder cannot live inside a file
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "cannot write" in run.stderr


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(SEED_000, out=out, workers=0).code == 2
    scheduler = batch(SEED_000, out=out, extra=("--scheduler", "tcp://127.0.0.1:1"))
    assert scheduler.code == 2 and "--engine dask" in scheduler.stderr
    threshold = batch(SEED_000, out=out, extra=("--family-threshold", "1.5"))
    assert threshold.code == 2


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    run = batch(
        SEED_000,
        out=tmp_path / "out",
        extra=("--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"),
    )
    assert run.code == 2
    assert "cannot reach dask scheduler" in run.stderr.strip().splitlines()[-1]


def test_subprocess_streams_and_quiet_progress(tmp_path: Path) -> None:
    """stdout carries the summary only; stderr stays empty when it is not a terminal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "compare",
            "batch",
            str(SEED_000),
            "--out",
            str(tmp_path / "o"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("speechdiff batch: report in ")
    assert (tmp_path / "o" / "report.json").exists()


def test_parse_does_not_load_the_batch_engine() -> None:
    code = (
        "import sys; from compare.cli import build_parser; build_parser(); "
        "import compare.commands.parse; "
        "bad = [m for m in ('dask', 'distributed', 'datasketch', 'textual', 'rich', "
        "'compare.batch.pipeline') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_batch_package_never_imports_terminal_libraries() -> None:
    code = (
        "import sys, compare.batch.pipeline, compare.batch.report, compare.batch.report_html, "
        "compare.batch.engines; print([m for m in ('textual', 'rich') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_dask_engine_without_the_extra_says_how_to_get_it(tmp_path: Path) -> None:
    """dask is an extra (speechdiff[dask]): asking for it without it is one clear line."""
    code = (
        "import sys; sys.modules['distributed'] = None\n"  # as if the extra were not installed
        "from compare.cli import main\n"
        f"sys.exit(main(['batch', {str(SEED_000)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--engine', 'dask', '--quiet']))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert run.returncode == 2
    assert run.stderr == (
        "speechdiff: batch: --engine dask needs dask.distributed, which is not installed: "
        "pip install 'speechdiff[dask]' (or use --engine local)\n"
    )
    assert not (tmp_path / "out").exists()


def test_o_is_short_for_out_as_in_diff(tmp_path: Path) -> None:
    from compare.cli import main

    out = tmp_path / "out"
    code = main(["batch", str(SEED_000), "-o", str(out), "--workers", "1", "--quiet"])
    assert code == 0
    assert (out / "run.json").is_file() and (out / "report.json").is_file()
