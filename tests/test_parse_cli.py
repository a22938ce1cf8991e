"""`speechdiff parse`: formats, several files, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compare.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
S001 = str(SEEDS / "001_201c1d1fe805fb54.txt")
S003 = str(SEEDS / "003_5c63eede7426c25a.txt")


def test_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "json", S001]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == S001
    (doc,) = out["documents"]
    assert doc["title"].endswith("部署会上的讲话")
    first = doc["sections"][0]
    assert {"id", "level", "marker", "heading", "text", "span", "children"} <= set(first)
    assert (first["id"], first["level"], first["marker"]) == ("1", 1, "一、")
    assert first["children"][0]["id"] == "1.1" and first["children"][0]["level"] == 2
    text = Path(S001).read_text(encoding="utf-8")
    start, end = first["heading_span"]
    assert text[start:end] == first["heading"]


def test_several_files_give_an_array(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "json", S001, S003]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["source"] for o in out] == [S001, S003]
    assert len(out[1]["documents"]) >= 15


def test_tree_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", S001]) == 0
    out = capsys.readouterr().out
    assert "(utf-8, 1 speech)" in out
    assert "1.1" in out and "（一）" in out and "salutation: 同志们：" in out


def test_bad_files_one_line_each_and_the_good_one_still_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(
        ["parse", str(tmp_path / "missing.txt"), str(binary), str(empty), str(tmp_path), S001]
    )
    captured = capsys.readouterr()
    assert code == 2
    errors = captured.err.strip().splitlines()
    assert errors == [
        f"speechdiff: {tmp_path / 'missing.txt'}: no such file",
        f"speechdiff: {binary}: not text: binary data (contains NUL bytes)",
        f"speechdiff: {empty}: empty file",
        f"speechdiff: {tmp_path}: is a directory",
    ]
    assert "部署会上的讲话" in captured.out  # stdout carries only the good file's outline


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compare", "parse", "--format", "json", S001],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"][0]["sections"][2]["marker"] == "三、"
    assert done.stderr == ""


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", "--format", "yaml", S001])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
