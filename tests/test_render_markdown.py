"""The Markdown report: a table that special characters cannot break."""

from __future__ import annotations

import copy

from compare.align import align
from compare.graph import comparison_graph
from compare.render.markdown import escape, render_markdown
from compare.render.rows import build_rows
from tests.diff_support import SEED_001, build, find, items, speech


def test_escape() -> None:
    assert escape("a|b*c_d") == "a\\|b\\*c\\_d"
    assert escape("<b>\n加强") == "\\<b\\> 加强"


def test_table_has_one_line_per_row_and_survives_pipes() -> None:
    tree = items(speech(SEED_001))
    a, _ = build(tree)
    edited = copy.deepcopy(tree)
    sibs, k = find(edited, "1.2")
    sibs[k].heading = "紧扣|中心工作|服务大局"
    b, _ = build(edited)
    g = comparison_graph(align(a, b), source_a="a.txt", source_b="b.txt")
    md = render_markdown(g)
    table = [ln for ln in md.splitlines() if ln.startswith("| ") and not ln.startswith("| status")]
    assert len(table) == len(build_rows(g))
    for line in table:
        unescaped = line.replace("\\|", "")
        assert unescaped.count("|") == 5
    assert "紧扣\\|中心工作" in md
    assert "### Changes inside matched sections" in md
    assert "**" in md and "~~" in md
