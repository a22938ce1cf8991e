"""Hostile input on the command line: no hang, no traceback, no unbounded read (docs/limits.md).

Each case runs ``speechdiff`` in a child process with a timeout and an address-space
limit, so the old failures (waiting forever on a FIFO, reading /dev/zero until
``MemoryError``) fail the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from cli_support import GIB, SEED_000, SEED_001, SEED_002, SEEDS, one_line, run_cli, run_main

QUICK = {"SPEECHDIFF_PIPE_WAIT": "0.3"}


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "argv",
    [["parse", "{fifo}"], ["diff", "{fifo}", str(SEED_000)], ["tui", str(SEED_000), "{fifo}"]],
    ids=["parse", "diff", "tui"],
)
def test_a_fifo_nobody_writes_to_is_given_up_on(fifo: Path, argv: list[str]) -> None:
    done = run_cli(*[a.format(fifo=fifo) for a in argv], env=QUICK, timeout=30)
    assert done.returncode == 2
    assert one_line(done.stderr) == f"speechdiff: {fifo}: named pipe with no writer (waited 0.3 s)"


def test_a_fifo_with_a_writer_is_read(fifo: Path) -> None:
    def write() -> None:
        with open(fifo, "wb") as fh:  # blocks until the reader opens the pipe
            fh.write(SEED_002.read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    done = run_cli("parse", "--format", "json", fifo, env={"SPEECHDIFF_PIPE_WAIT": "20"})
    writer.join(timeout=5)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"][0]["title"].startswith("在全市民营经济")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", ["parse", "diff"])
def test_devices_are_refused_without_being_read(device: str, command: str) -> None:
    argv = [command, device] + ([str(SEED_000)] if command == "diff" else [])
    done = run_cli(*argv, timeout=30, memory=GIB)
    assert done.returncode == 2
    assert one_line(done.stderr) == f"speechdiff: {device}: not a regular file (character device)"


def test_an_endless_standard_input_stops_at_the_byte_cap() -> None:
    with open("/dev/zero", "rb") as zero:
        capped = run_cli("parse", "-", "--max-bytes", "1M", stdin=zero, timeout=30)
        default = run_cli("parse", "-", stdin=zero, timeout=60, memory=GIB)
    assert capped.returncode == 2
    assert one_line(capped.stderr) == "speechdiff: -: larger than the 1 MiB limit (see --max-bytes)"
    assert default.returncode == 2  # 256 MiB read, then refused: well inside 1 GiB
    assert one_line(default.stderr).endswith("larger than the 256 MiB limit (see --max-bytes)")


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 300 MiB that take no disk space
        fh.truncate(300 << 20)
    done = run_cli("parse", big, timeout=30, memory=GIB // 2)
    assert done.returncode == 2
    assert (
        one_line(done.stderr)
        == f"speechdiff: {big}: larger than the 256 MiB limit (see --max-bytes)"
    )
    small = run_cli("parse", SEED_000, "--max-bytes", "10K")
    assert small.returncode == 2 and "larger than the 10 KiB limit" in one_line(small.stderr)
    bad = run_cli("parse", SEED_000, "--max-bytes", "lots")
    assert bad.returncode == 2 and "--max-bytes" in one_line(bad.stderr)


def test_dash_reads_standard_input() -> None:
    data = SEED_002.read_bytes()
    parsed = run_cli("parse", "--format", "json", "-", input=data)
    assert parsed.returncode == 0, parsed.stderr
    out = json.loads(parsed.stdout)
    assert out["source"] == "-" and len(out["documents"]) == 1
    same = run_cli("diff", "-", SEED_002, input=data)
    assert same.returncode == 0, same.stderr
    differ = run_cli("diff", "--format", "json", SEED_000, "-", input=SEED_001.read_bytes())
    assert differ.returncode == 1 and json.loads(differ.stdout)["b"]["source"] == "-"
    twice = run_cli("diff", "-", "-", input=data)  # as diff(1): stdin against itself
    assert twice.returncode == 0, twice.stderr


def test_the_terminal_ui_refuses_standard_input() -> None:
    done = run_cli("tui", "-", SEED_000, input=SEED_002.read_bytes())
    assert done.returncode == 2
    assert "standard input" in one_line(done.stderr)


@pytest.mark.parametrize("columns", ["", "abc", "-3", "0", "99999999999999999999"])
def test_junk_in_columns_is_ignored(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    done = run_main("diff", SEED_000, SEED_001)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    widest = max(len(line) for line in done.stdout.splitlines())
    assert widest <= 1000


def test_columns_sets_the_width_when_stdout_is_piped() -> None:
    done = run_cli("diff", SEED_000, SEED_001, env={"COLUMNS": "80"})  # a real pipe
    rule = next(line for line in done.stdout.splitlines() if set(line) == {"─"})
    assert len(rule) <= 80


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--width", "99999999999999999999", "--width must be between 40 and 1000"),
        ("--width", "0", "--width must be between 40 and 1000"),
        ("--width", "-5", "--width must be between 40 and 1000"),
        ("--workers", "0", "--workers must be -1 (all cores) or at least 1"),
        ("--workers", "-5", "--workers must be -1 (all cores) or at least 1"),
        ("--threshold", "2", "--threshold must be between 0 and 1"),
    ],
)
def test_diff_options_are_validated(flag: str, value: str, expected: str) -> None:
    done = run_main("diff", SEED_000, SEED_001, f"{flag}={value}")
    assert done.returncode == 2
    assert expected in one_line(done.stderr)


@pytest.mark.parametrize("value", ["0", "-5", "99999999999999999999"])
def test_batch_workers_are_validated(value: str, tmp_path: Path) -> None:
    done = run_main("batch", SEED_000, "--out", tmp_path / "out", f"--workers={value}")
    assert done.returncode == 2
    assert "--workers must be between 1 and" in one_line(done.stderr)


def test_a_huge_width_in_range_still_renders() -> None:
    done = run_main("diff", SEED_000, SEED_001, "--width", "1000")
    assert done.returncode == 1 and done.stderr == ""


SPEECH = SEED_002.read_text(encoding="utf-8")


def _damaged(tmp_path: Path, *, lost_lead: bool = False) -> Path:
    """The speech in UTF-8 (12 KB) with six bytes 0xFF (never valid UTF-8) put in.

    By default each is inserted between two characters; with ``lost_lead`` each
    overwrites the first byte of a character, leaving its continuation bytes over.
    """
    data = bytearray(SPEECH.encode("utf-8"))
    for at in (11000, 9000, 7000, 5000, 3000, 1000):
        while data[at] & 0xC0 == 0x80:  # the start of a character
            at += 1
        if lost_lead:
            data[at] = 0xFF
        else:
            data.insert(at, 0xFF)
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    return path


def test_a_few_bad_bytes_are_replaced_and_reported(tmp_path: Path) -> None:
    path = _damaged(tmp_path)
    done = run_main("parse", "--format", "json", path)
    assert done.returncode == 0, done.stderr
    note = one_line(done.stderr)
    assert note.startswith(f"speechdiff: {path}: 6 bytes not valid utf-8 replaced with U+FFFD")
    out = json.loads(done.stdout)
    bad = [r for r in out["removed"] if r["reason"] == "undecodable bytes"]
    assert len(bad) == 6 and all(r["text"] == "\\xff" for r in bad)
    # The span points at the U+FFFD standing in for the byte, in the decoded text.
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert all(text[r["span"][0] : r["span"][1]] == "\ufffd" for r in bad)
    assert out["documents"][0]["title"].startswith("在全市民营经济")
    # Nothing else is lost: without the six bytes, the text is the original.
    assert text.replace("\ufffd", "") == SPEECH


def test_a_damaged_character_is_one_replacement(tmp_path: Path) -> None:
    path = _damaged(tmp_path, lost_lead=True)
    done = run_main("parse", "--format", "json", path)
    assert done.returncode == 0, done.stderr
    assert "18 bytes not valid utf-8" in one_line(done.stderr)  # 6 characters of 3 bytes
    bad = [r for r in json.loads(done.stdout)["removed"] if r["reason"] == "undecodable bytes"]
    assert len(bad) == 6 and all(r["text"].count("\\x") == 3 for r in bad)


def test_a_cut_last_character_costs_only_that_character(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(SPEECH.rstrip("\n").encode("utf-8")[:-1])  # the last character's last byte
    done = run_main("parse", "--format", "json", path)
    assert done.returncode == 0, done.stderr
    assert "2 bytes not valid utf-8" in one_line(done.stderr)
    gb = tmp_path / "cut-gb.txt"
    gb.write_bytes(SPEECH.rstrip("\n").encode("gb18030")[:-1])
    done = run_main("parse", "--format", "json", gb)
    assert done.returncode == 0, done.stderr
    assert "1 byte not valid gb18030" in one_line(done.stderr)
    assert json.loads(done.stdout)["encoding"] == "gb18030"


def test_the_same_damage_is_reported_by_diff(tmp_path: Path) -> None:
    path = _damaged(tmp_path)
    done = run_main("diff", path, SEED_002)
    assert done.returncode == 1
    assert "6 bytes not valid utf-8 replaced" in one_line(done.stderr)


def test_messages_share_one_style(tmp_path: Path) -> None:
    folder = run_main("parse", SEEDS)
    assert one_line(folder.stderr) == f"speechdiff: {SEEDS}: is a directory"
    keymap = run_cli("tui", SEED_000, SEED_001, "--keymap", tmp_path)
    assert one_line(keymap.stderr) == f"speechdiff: {tmp_path}: is a directory"
    compilation = SEEDS / "003_5c63eede7426c25a.txt"
    one = run_main("diff", SEED_000, SEED_001, "--doc-b", "3")
    two = run_cli("tui", SEED_000, SEED_001, "--doc-b", "3")
    expected = f"speechdiff: {SEED_001}: --doc-b 3 is out of range: the file holds 1 speech (0–0)"
    assert one_line(one.stderr) == expected
    assert one_line(two.stderr) == expected
    many = run_cli("tui", compilation, SEED_000, "--doc-a", "17")
    assert "holds 17 speeches (0–16)" in one_line(many.stderr)
