"""Engines and resume: the report does not depend on how or how often the work ran."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from batch_support import GWR, ROOT, SEEDS, batch, many_files

from compare.batch.resume import CACHE_DIR, Cache


def _report(out: Path) -> bytes:
    return (out / "report.json").read_bytes()


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("engines") / "inline"
    run = batch(SEEDS, GWR, out=out, workers=1)
    assert run.code == 0, run.stderr
    return out


def test_process_pool_gives_the_same_report(inline: Path, tmp_path: Path) -> None:
    run = batch(SEEDS, GWR, out=tmp_path / "pool", workers=2)
    assert run.code == 0, run.stderr
    assert _report(tmp_path / "pool") == _report(inline)


@pytest.mark.slow
def test_dask_engine_gives_the_same_report(inline: Path, tmp_path: Path) -> None:
    run = batch(SEEDS, GWR, out=tmp_path / "dask", workers=2, extra=("--engine", "dask"))
    assert run.code == 0, run.stderr
    assert _report(tmp_path / "dask") == _report(inline)
    info = json.loads((tmp_path / "dask" / "run.json").read_text(encoding="utf-8"))
    assert info["engine"] == "dask" and info["workers"] == 2


def test_resume_reuses_the_cache_and_gives_the_same_report(inline: Path, tmp_path: Path) -> None:
    out = tmp_path / "resumed"
    first = batch(SEEDS, GWR, out=out)
    assert first.code == 0
    again = batch(SEEDS, GWR, out=out, extra=("--resume",))
    assert again.code == 0, again.stderr
    assert _report(out) == _report(inline)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["cache_hits"] >= 13  # every file, and the verification tasks


def test_resume_after_a_kill_mid_write(inline: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    assert batch(SEEDS, GWR, out=out).code == 0
    # Simulate a kill: the report was never written and the cache logs end in a
    # torn entry, half of their last record.
    (out / "report.json").unlink()
    logs = sorted((out / CACHE_DIR).rglob("*.log"))
    assert logs
    for log in logs:
        data = log.read_bytes()
        log.write_bytes(data[: len(data) - 40])
    again = batch(SEEDS, GWR, out=out, extra=("--resume",))
    assert again.code == 0, again.stderr
    assert _report(out) == _report(inline)


def test_without_resume_the_old_cache_is_ignored(tmp_path: Path) -> None:
    out = tmp_path / "fresh"
    assert (
        batch(SEEDS / "000_44149a710ae6c111.txt", SEEDS / "001_201c1d1fe805fb54.txt", out=out).code
        == 0
    )
    cache = Cache(out, resume=False)  # what a run without --resume does first
    cache.close()
    assert not (out / CACHE_DIR).exists()


def test_cache_is_keyed_by_content_not_name(tmp_path: Path) -> None:
    src = SEEDS / "000_44149a710ae6c111.txt"
    a = tmp_path / "a" / "speech.txt"
    a.parent.mkdir()
    a.write_bytes(src.read_bytes())
    out = tmp_path / "out"
    assert batch(a, out=out).code == 0
    b = tmp_path / "b" / "renamed.txt"
    b.parent.mkdir()
    b.write_bytes(src.read_bytes())
    again = batch(b, out=out, extra=("--resume",))
    assert again.code == 0
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["cache_hits"] >= 1
    assert again.report["documents"][0]["source"] == str(b)


# Run the batch CLI with SIGKILL sent to itself right after the N-th file record
# reached the cache: the kill lands at a known point, not wherever a poll caught it.
_KILL_AFTER = """
import os, signal, sys
from compare.batch import resume
limit = int(sys.argv[1])
put = resume.Cache.put_file
seen = []
def put_then_die(self, record):
    put(self, record)
    seen.append(record)
    if len(seen) == limit:
        os.kill(os.getpid(), signal.SIGKILL)
resume.Cache.put_file = put_then_die
from compare.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _argv(corpus: Path, out: Path) -> list[str]:
    return ["batch", str(corpus), "--out", str(out), "--workers", "1", "--quiet"]


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_report(tmp_path: Path) -> None:
    corpus = many_files(tmp_path / "corpus", 3)
    files = len(list(corpus.iterdir()))
    clean = batch(corpus, out=tmp_path / "clean")
    assert clean.code == 0, clean.stderr
    out = tmp_path / "killed"
    killed_after = files // 2
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_AFTER, str(killed_after), *_argv(corpus, out)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (out / "report.json").exists() and not (out / "run.json").exists()
    again = batch(corpus, out=out, extra=("--resume",))
    assert again.code == 0, again.stderr
    assert _report(out) == _report(tmp_path / "clean")
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["cache_hits"] == killed_after  # exactly the files finished before the kill
