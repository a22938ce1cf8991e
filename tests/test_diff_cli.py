"""`speechdiff diff`: formats, exit statuses as diff(1), compilations, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from compare.cli import main
from tests.diff_support import SEED_000, SEED_001, SEED_003

S000, S001, S003 = str(SEED_000), str(SEED_001), str(SEED_003)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_identical_speeches_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, S001, S001)
    assert code == 0 and err == ""
    assert "文字相似度 100%（1.0000）" in out and "骨架：一级部分 3/3 对应，顺序一致" in out


def test_different_speeches_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, S000, S001, "--width", "100", "--lang", "en")
    assert code == 1
    assert out.splitlines()[0].startswith("A  在“帮一企")
    assert out.splitlines()[2] == "skeleton: 3 of 3 top sections correspond, in order"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, S000, S001, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["a"]["source"] == S000 and data["b"]["source"] == S001
    assert ("1", "1") in {(m["a"], m["b"]) for m in data["matches"]}
    code, compact, _ = run(capsys, S000, S001, "--format", "json", "--compact")
    assert compact.count("\n") == 1 and json.loads(compact) == data


def test_compilation_members(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, S003, S003, "--doc-a", "2", "--doc-b", "8", "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["similarity"] == 1.0
    code, _, err = run(capsys, S003, S001)
    assert code == 1
    assert "holds 17 speeches; comparing speech 0" in err


@pytest.mark.parametrize("flag", ["--doc-a", "--doc-b"])
def test_speech_number_out_of_range(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    code, out, err = run(capsys, S003, S003, flag, "17")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert S003 in line and f"{flag} 17 is out of range" in line and "17 speeches (0–16)" in line
    code, _, err = run(capsys, S001, S001, flag, "-1")
    assert code == 2 and "holds 1 speech (0–0)" in err


def test_bad_input_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for bad in (str(tmp_path / "missing.txt"), str(binary), str(tmp_path)):
        code, out, err = run(capsys, S001, bad)
        assert code == 2 and out == ""
        (line,) = err.strip().splitlines()
        assert bad in line and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("--threshold", "1.5"),
        ("--gap-threshold", "-0.1"),
        ("--context-weight", "1"),
        ("--heading-weight", "0", "--text-weight", "0"),
    ],
)
def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, S000, S001, *args)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_thresholds_change_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    _, loose, _ = run(capsys, S000, S001, "--format", "json")
    _, strict, _ = run(
        capsys, S000, S001, "--format", "json", "--threshold", "0.9", "--gap-threshold", "0.9"
    )
    assert len(json.loads(strict)["matches"]) < len(json.loads(loose)["matches"])


def test_graph_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, S000, S001, "--format", "graphml")
    assert code == 1
    g = nx.read_graphml(io.StringIO(out))
    assert "a:1" in g and "b:1" in g
    code, out, _ = run(capsys, S000, S001, "--format", "dot")
    assert out.startswith("digraph")


def test_html_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, S000, S001, "--format", "html")
    assert code == 1 and "<table>" in out and out.rstrip().endswith("</html>")
    code, out, _ = run(capsys, S000, S001, "--format", "markdown")
    assert code == 1 and "| 状态 | 相似度 | A | B |" in out
    code, out, _ = run(capsys, S000, S001, "--format", "markdown", "--lang", "en")
    assert code == 1 and "| status | score | A | B |" in out


def test_the_installed_command_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compare", "diff", S001, S001, "--format", "json", "--compact"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["similarity"] == 1.0
