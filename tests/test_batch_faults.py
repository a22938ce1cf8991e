"""Faults around a batch run: a full disk, a killed run, odd --out folders, spreadsheet cells.

The full-disk cases use a real tmpfs (mounted in a private mount namespace with
``unshare``) and the kernel's ``/dev/full``; the kill cases kill real processes.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from batch_support import GWR, ROOT, SEEDS, batch, many_files
from cli_support import GIB, one_line, run_cli

SEED_000 = SEEDS / "000_44149a710ae6c111.txt"
SEED_001 = SEEDS / "001_201c1d1fe805fb54.txt"


def _blocks(path: Path) -> int:
    """Bytes a file takes on tmpfs (whole pages)."""
    return -(-path.stat().st_size // 4096) * 4096


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        timeout=20,
    )
    return probe.returncode == 0


def _on_tmpfs(size: int, fill: int, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``speechdiff batch ARGS --out OUT`` with OUT a fresh tmpfs of ``size`` bytes, of which
    ``fill`` bytes are taken by a file before the run (a disk that is nearly full)."""
    out.mkdir(parents=True, exist_ok=True)
    script = (
        f'mount -t tmpfs -o size={size} tmpfs "{out}" && '
        f'head -c {fill} /dev/zero > "{out}/filler" && '
        f'"$@" --out "{out}" --workers 1 --quiet; '
        f'rc=$?; ls -a "{out}" > "{out}.listing"; exit $rc'
    )
    return run_cli(  # runs: unshare … sh -c SCRIPT sh python -m compare batch ARGS
        "batch",
        *args,
        prefix=["unshare", "-rm", "sh", "-c", script, "sh"],
        timeout=120,
        memory=2 * GIB,
    )


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm to mount a tmpfs")
def test_a_full_disk_names_the_file_and_leaves_no_complete_run(tmp_path: Path) -> None:
    # A successful run first, to learn what the report files take.
    model = tmp_path / "model"
    assert batch(SEEDS, GWR, out=model, extra=("--max-diffs", "0")).code == 0
    before_html = sum(_blocks(p) for p in (model / ".cache").rglob("*.log")) + sum(
        _blocks(model / name)
        for name in ("report.json", "families.csv", "near_duplicates.csv", "passages.csv")
    )
    assert _blocks(model / "report.html") >= 3 * 4096
    # Room for the cache and report.json and the CSV files, not for report.html.
    size = 64 << 20
    out = tmp_path / "full"
    done = _on_tmpfs(size, size - before_html - 4096, out, str(SEEDS), str(GWR), "--max-diffs", "0")
    assert done.returncode == 2, done.stderr
    assert one_line(done.stderr) == (
        f"speechdiff: batch: cannot write {out}/report.html: no space left on device "
        "(the run is not complete)"
    )
    listing = (tmp_path / "full.listing").read_text().split()
    assert "run.json" not in listing  # the mark of a finished run was never written
    assert not [name for name in listing if name.endswith(".tmp")]
    # A disk too small even for the work cache: the cache file is named.
    tiny = _on_tmpfs(256 << 10, 0, tmp_path / "tiny", str(SEEDS), str(GWR))
    assert tiny.returncode == 2
    line = one_line(tiny.stderr)
    assert line.startswith(f"speechdiff: batch: cannot write {tmp_path / 'tiny'}/.cache/")
    assert line.endswith(": no space left on device (the run is not complete)")


def test_a_write_that_fails_on_dev_full_is_reported_with_its_path(tmp_path: Path) -> None:
    """The kernel's /dev/full fails every write with ENOSPC; report.html is sent there."""
    out = tmp_path / "out"
    wrapper = (
        "import os, sys, tempfile\n"
        "import compare.batch.atomic as atomic\n"
        "real = tempfile.mkstemp\n"
        "def mkstemp(*a, **k):\n"
        "    fd, path = real(*a, **k)\n"
        "    if os.path.basename(path).startswith('.report.html.'):\n"
        "        full = os.open('/dev/full', os.O_WRONLY)\n"
        "        os.dup2(full, fd)\n"
        "        os.close(full)\n"
        "    return fd, path\n"
        "atomic.tempfile.mkstemp = mkstemp\n"
        "from compare.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    # An old, complete run in the same folder: after the failed run it must not look whole.
    assert batch(SEED_000, SEED_001, out=out, extra=("--max-diffs", "0")).code == 0
    assert (out / "run.json").exists()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, "batch", str(SEEDS), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"speechdiff: batch: cannot write {out}/report.html: no space left on device "
        "(the run is not complete)"
    )
    assert not (out / "run.json").exists()
    assert not list(out.glob(".*.tmp"))


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    done = run_cli("batch", SEED_000, "--out", afile)
    assert done.returncode == 2
    assert one_line(done.stderr) == f"speechdiff: batch: {afile}: not a directory"
    below = run_cli("batch", SEED_000, "--out", afile / "sub")
    assert below.returncode == 2
    assert "not a directory" in one_line(below.stderr)


def test_a_rerun_leaves_exactly_this_runs_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(SEEDS, GWR, out=out).code == 0
    old_pages = {p.name for p in (out / "diffs").glob("*.html")}
    assert old_pages
    assert batch(GWR, out=out).code == 0
    pages = {p.name for p in (out / "diffs").glob("*.html")}
    tables = {p.name for p in (out / "diffs").glob("*.docx")}
    page = (out / "report.html").read_text(encoding="utf-8")
    linked = {part.split('"')[0].removeprefix("diffs/") for part in page.split('href="')[1:]}
    # No page (HTML diff or Word 对照表) of a document that is no longer in the report.
    assert pages | tables == linked
    assert {Path(t).stem for t in tables} == {Path(p).stem for p in pages}
    assert old_pages - pages
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["complete"] is True and info["diff_pages"]["rendered"] == len(pages)


def _csv_cells(out: Path) -> list[str]:
    cells: list[str] = []
    for name in ("families.csv", "near_duplicates.csv", "passages.csv"):
        with open(out / name, encoding="utf-8", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    return cells


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED_000.read_text(encoding="utf-8")
    title = "在“帮一企、建一言、献一策”活动动员部署会上的讲话"
    evil = '=HYPERLINK("http://example.com")' + title
    (corpus / "=cmd.txt").write_text(text.replace(title, evil), encoding="utf-8")
    (corpus / "+sum.txt").write_text(text.replace("。", "。", 3), encoding="utf-8")
    (corpus / "@at.txt").write_text(text.replace("同志们", "同志们", 1), encoding="utf-8")
    (corpus / "-dash.txt").write_text(text + "\n谢谢大家！\n", encoding="utf-8")
    names = ["=cmd.txt", "+sum.txt", "@at.txt", "-dash.txt"]
    # File names as given on the command line (relative), so cells start with them.
    done = run_cli("batch", "--out", tmp_path / "out", "--quiet", "--", *names, cwd=corpus)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    cells = _csv_cells(out)
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'" + evil in cells  # the title, shown as typed, never run
    assert {"'" + n for n in names} <= set(cells)
    # report.json keeps the values as they are (it is data, not a spreadsheet).
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert evil in [d["title"] for d in report["documents"]]
    assert sorted(d["source"] for d in report["documents"]) == sorted(names)


def _children(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _pool_args(tmp_path: Path) -> list[str]:
    return ["--out", str(tmp_path / "out"), "--workers", "2", "--quiet"]


def test_pool_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    corpus = many_files(tmp_path / "corpus", 8)
    proc = subprocess.Popen(
        [sys.executable, "-m", "compare", "batch", str(corpus), *_pool_args(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(main)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) >= 2, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)
    for orphan in alive:  # do not leave them behind when the test fails
        orphan.kill()
    assert alive == [], [p.pid for p in alive]


def test_families_do_not_depend_on_the_order_of_the_inputs(tmp_path: Path) -> None:
    ab = batch(SEEDS, GWR, out=tmp_path / "ab")
    ba = batch(GWR, SEEDS, out=tmp_path / "ba")
    assert ab.code == ba.code == 0

    def families(report: dict[str, object]) -> list[list[tuple[str, int]]]:
        docs = report["documents"]
        assert isinstance(docs, list)
        where = {d["id"]: (d["source"], d["index"]) for d in docs}
        fams = report["families"]
        assert isinstance(fams, list)
        return sorted(sorted(where[m] for m in f["members"]) for f in fams)

    assert families(ab.report) == families(ba.report)
    assert families(ab.report)  # there is something to compare


def test_no_new_diff_page_once_the_time_is_spent(tmp_path: Path) -> None:
    run = batch(SEEDS, GWR, out=tmp_path / "out", extra=("--diff-seconds", "0"))
    assert run.code == 0, run.stderr
    info = json.loads((run.out / "run.json").read_text(encoding="utf-8"))
    pages = info["diff_pages"]
    assert pages["wanted"] > 0 and pages["rendered"] == 0
    assert pages["out_of_time"] == pages["wanted"]
    assert "--diff-seconds" in (run.out / "report.html").read_text(encoding="utf-8")
    assert not list(run.out.glob("diffs/*.html"))
