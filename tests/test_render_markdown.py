"""The Markdown report: a table that special characters cannot break."""

from __future__ import annotations

import copy
import re

from tui_graphs import mixed_graph

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
    table = [ln for ln in md.splitlines() if ln.startswith("| ") and not ln.startswith("| 状态")]
    assert len(table) == len(build_rows(g, parts=True))
    for line in table:
        unescaped = line.replace("\\|", "")
        assert unescaped.count("|") == 5
    assert "紧扣\\|中心工作" in md
    assert "### 各部分的文字修改" in md  # Chinese documents, Chinese labels
    assert "**" in md and "~~" in md
    assert md.index("- **骨架：一级部分") < md.index("- 文字相似度") < md.index("| 状态 |")
    assert "### Changes inside matched sections" in render_markdown(g, lang="en")


def test_parts_ghosts_and_one_sided_rows_get_their_diffs() -> None:
    g = mixed_graph()
    g.nodes["a:"].update(opening="同志们，今天召开会议。", closing="散会。")
    g.nodes["b:"].update(opening="同志们，今天我们召开大会。", closing="散会。")
    md = render_markdown(g, lang="en")
    table = [ln for ln in md.splitlines() if ln.startswith("| ") and not ln.startswith("| status")]
    assert table[0].startswith("| modified |  | opening (同志们，今天召开会议。)")
    assert table[-1].startswith("| identical |  | closing (散会。)")
    assert "┆ _moved to §3.1_ （一）搬来的小节" in md
    assert "┆ _moved from §2.1_ （一）搬走的小节" in md
    assert "┆ _split from §2.2_ （二）要拆开的小节" in md
    blocks = re.findall(r"^#### (.+)$", md, flags=re.M)
    assert blocks[0] == "opening (modified)"
    assert "2.2 → 2.2 (split)" in blocks  # the one-sided split row's pair
    assert blocks.count("2.1 → 3.1 (moved)") == 1  # two rows, one diff
    assert "closing (identical)" not in blocks
    opening = md.split("#### opening (modified)", 1)[1].split("####", 1)[0]
    assert "**我们**" in opening
    chinese = render_markdown(g)
    assert "| 修改 |  | 开头（同志们，今天召开会议。）" in chinese
    assert "┆ _移至 §3.1_ （一）搬来的小节" in chinese and "#### 开头 (修改)" in chinese
