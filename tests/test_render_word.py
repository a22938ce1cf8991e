"""``diff --format docx``: the 修改对照表 as a Word file, read back with python-docx."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest

from compare.align import align
from compare.cli import main
from compare.graph import comparison_graph
from compare.render.rows import build_rows
from compare.render.word import render_docx
from tests.diff_support import SEED_000, SEED_001, build, find, items, speech


def _edited() -> tuple[object, object]:
    tree = items(speech(SEED_001))
    a, _ = build(tree, title="在全市人大系统活动月部署会上的讲话")
    edited = copy.deepcopy(tree)
    sibs, k = find(edited, "2.6")
    sibs.insert(0, sibs.pop(k))  # 2.6 moves to the front of section 2
    sibs, k = find(edited, "1.2")
    sibs[k].heading = sibs[k].heading.replace("重要举措", "关键举措")
    sibs[k].text = sibs[k].text.replace("市委", "区委", 1) + "新增的一句话。"
    b, _ = build(edited, title="在全市人大系统活动月部署会上的讲话（修改稿）")
    return a, b


def _runs(cell: object) -> list[object]:
    return [r for p in cell.paragraphs for r in p.runs]  # type: ignore[attr-defined]


def test_table_has_a_row_per_aligned_row_with_marked_changes() -> None:
    a, b = _edited()
    g = comparison_graph(align(a, b), source_a="old.txt", source_b="new.txt")
    document = docx.Document(io.BytesIO(render_docx(g)))
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == "修改对照表"
    assert lines[3] == "骨架：一级部分 3/3 对应，顺序一致"
    assert lines[-1].startswith("文字相似度 99%（0.99") and "移动 1" in lines[-1]
    (table,) = document.tables
    head, *rows = table.rows
    assert [c.text for c in head.cells] == ["修改前", "修改后", "说明"]
    assert len(rows) == len(build_rows(g, parts=True))

    changed = next(r for r in rows if r.cells[2].text.startswith("修改"))
    before, after = changed.cells[0], changed.cells[1]
    struck = "".join(r.text for r in _runs(before) if r.font.strike)
    marked = "".join(r.text for r in _runs(after) if r.font.bold and r.font.underline)
    assert "重要" in struck and "市" in struck
    assert "关键" in marked and "区" in marked and "新增的一句话。" in marked
    assert not any(r.font.strike for r in _runs(after))
    assert not any(r.font.underline for r in _runs(before))

    # A section on one side only is marked whole: struck through, or bold and underlined.
    one_sided = comparison_graph(align(speech(SEED_000), speech(SEED_001)))
    table = docx.Document(io.BytesIO(render_docx(one_sided))).tables[0]
    gone = next(r for r in table.rows if r.cells[2].text == "删除")
    new = next(r for r in table.rows if r.cells[2].text == "新增")
    assert gone.cells[0].text and all(run.font.strike for run in _runs(gone.cells[0])[1:])
    assert all(run.font.bold and run.font.underline for run in _runs(new.cells[1])[1:])

    moved = [r for r in rows if r.cells[2].text.startswith("移动")]
    assert len(moved) == 2  # one row at each place
    notes = sorted(r.cells[2].paragraphs[1].text for r in moved)
    assert notes == ["移自 §2.6", "移至 §2.1"]
    ghost = next(r for r in moved if r.cells[0].text.startswith("（移自 §2.6）"))
    assert all(run.font.italic for run in _runs(ghost.cells[0]))
    assert ghost.cells[1].text.startswith("2.1 （一）走进培训课堂")


def test_english_labels_and_a_header_row_on_every_page() -> None:
    a, b = _edited()
    g = comparison_graph(align(a, b))
    document = docx.Document(io.BytesIO(render_docx(g, lang="en")))
    head = document.tables[0].rows[0]
    assert [c.text for c in head.cells] == ["Before", "After", "Note"]
    assert head._tr.trPr.xpath("./w:tblHeader")  # repeated at the top of each page
    assert document.paragraphs[0].text == "Comparison table"


def test_cli_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "对照表.docx"
    code = main(["diff", str(SEED_000), str(SEED_001), "--format", "docx", "-o", str(out)])
    assert code == 1  # the speeches differ, as diff(1) says
    assert capsys.readouterr().out == ""
    document = docx.Document(str(out))
    assert document.tables[0].rows[0].cells[0].text == "修改前"
    assert "骨架：一级部分 3/3 对应，顺序一致" in [p.text for p in document.paragraphs]
