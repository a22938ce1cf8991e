"""The terminal side-by-side view: display widths, a status on every row, no colour."""

from __future__ import annotations

import copy

import pytest
from tui_graphs import mixed_graph

from compare.align import align
from compare.graph import comparison_graph
from compare.render.rows import build_rows
from compare.render.text import cell_width, fit, render_text
from tests.diff_support import SEED_000, SEED_001, build, find, items, speech

STATUS_WORDS = {
    "identical",
    "modified",
    "moved",
    "split",
    "merged",
    "promoted",
    "demoted",
    "deleted",
    "inserted",
}
CHINESE_WORDS = {"相同", "修改", "移动", "拆分", "合并", "升级", "降级", "新增", "删除"}


def table(out: str) -> list[str]:
    """The row lines of a text view: between the rule under the column heads and the last."""
    lines = out.splitlines()
    rules = [n for n, ln in enumerate(lines) if ln.startswith("─")]
    assert len(rules) == 3
    return lines[rules[1] + 1 : rules[2]]


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("abc") == 3
    assert cell_width("一、统一") == 8
    assert cell_width("（一）") == 6
    assert cell_width("ＡＢ") == 4


@pytest.mark.parametrize("width", [1, 5, 12, 30])
def test_fit_pads_and_cuts_to_the_exact_width(width: int) -> None:
    for text in ("", "abc", "统一思想，提高认识，充分认识重要意义", "a统b一c"):
        out = fit(text, width)
        assert cell_width(out) == width
        if cell_width(text) > width:
            assert out.rstrip().endswith("…")


@pytest.mark.parametrize("width", [80, 120, 160])
def test_rows_fit_the_terminal(width: int) -> None:
    g = comparison_graph(align(speech(SEED_000), speech(SEED_001)), source_a="a", source_b="b")
    out = render_text(g, width=width, lang="en")
    lines = out.splitlines()
    body = table(out)
    for line in body:
        assert cell_width(line) <= max(width, 2 * 20 + 21)
    assert len(body) == len(build_rows(g, parts=True))
    for line in body:
        assert line.split()[0] in STATUS_WORDS
    assert "\x1b[" not in out  # readable without colour: no escape codes
    sim = g.graph["similarity"]
    pct, modified = round(100 * sim), g.graph["counts"]["modified"]
    assert lines[-1].startswith(f"text similarity {pct}% ({sim:.4f}): modified {modified}")
    chinese = render_text(g, width=width)  # Chinese documents: Chinese labels by default
    assert {line.split()[0] for line in table(chinese)} <= CHINESE_WORDS
    assert chinese.splitlines()[-1].startswith(f"文字相似度 {pct}%（{sim:.4f}）：修改 {modified}")


def test_header_names_both_documents_then_the_skeleton_then_the_similarity() -> None:
    g = comparison_graph(
        align(speech(SEED_000), speech(SEED_001)),
        source_a="../shared/corpora/some/folder/000_44149a710ae6c111.txt",
        source_b="fixtures/seeds/001_201c1d1fe805fb54.txt",
    )
    head = render_text(g, width=80, lang="en").splitlines()[:6]
    assert head == [
        "A  在“帮一企、建一言、献一策”活动动员部署会上的讲话  (000_44149a710ae6c111.txt)",
        "B  在全市人大系统“履职担当促发展”活动月部署会上的讲话  (001_201c1d1fe805fb54.txt)",
        "skeleton: 3 of 3 top sections correspond, in order",
        "  一、 ↔ 一、  shared: ____认识开展____活动的重____",
        "  二、 ↔ 二、  shared: ____谋划、____活动",
        "  三、 ↔ 三、  shared: ____确保____活动取得____",
    ]
    sim = g.graph["similarity"]
    assert (
        render_text(g, width=80, lang="en")
        .splitlines()[6]
        .startswith(f"text similarity {round(100 * sim)}% ({sim:.4f}): ")
    )
    assert render_text(g, width=80).splitlines()[2] == "骨架：一级部分 3/3 对应，顺序一致"


def test_moved_rows_point_at_each_other() -> None:
    tree = items(speech(SEED_001))
    a, _ = build(tree)
    edited = copy.deepcopy(tree)
    sibs, k = find(edited, "2.6")
    sibs.insert(0, sibs.pop(k))
    b, _ = build(edited)
    out = render_text(comparison_graph(align(a, b)), width=140)
    moved = [ln for ln in out.splitlines() if ln.startswith("移动")]
    assert len(moved) == 2
    assert any("→ 2.1" in ln for ln in moved) and any("← 2.6" in ln for ln in moved)


def test_inline_option_shows_changes() -> None:
    tree = items(speech(SEED_001))
    a, _ = build(tree)
    edited = copy.deepcopy(tree)
    sibs, k = find(edited, "2.1")
    sibs[k].text = sibs[k].text.replace("村居", "社区", 1)
    b, _ = build(edited)
    g = comparison_graph(align(a, b))
    plain = render_text(g, width=120)
    detailed = render_text(g, width=120, inline=True)
    assert "[-" not in plain
    assert "走进[-村居-]{+社区+}社区" in detailed


def test_opening_and_closing_rows() -> None:
    """The unnumbered opening and closing are the first and last rows, with their diffs."""
    g = comparison_graph(align(speech(SEED_000), speech(SEED_001)), source_a="a", source_b="b")
    lines = table(render_text(g, width=160, inline=True))
    assert lines[0].startswith("修改") and lines[0].count("开头（") == 2
    closing = [ln for ln in lines if "结尾（" in ln]
    assert len(closing) == 1 and closing[0].count("结尾（") == 2
    assert "[-" in lines[1] and "{+" in lines[1]  # the opening's own inline diff
    plain = table(render_text(g, width=160))
    assert plain[0].count("开头（") == 2 and "[-" not in plain[1]
    english = table(render_text(g, width=160, lang="en"))
    assert english[0].startswith("modified") and english[0].count("opening (") == 2


def test_ghost_rows_show_the_partner_and_their_diff() -> None:
    """A one-sided split row shows its partner as a ghost, and its diff with --inline."""
    out = render_text(mixed_graph(), width=120, inline=True, lang="en").splitlines()
    split = [n for n, ln in enumerate(out) if ln.startswith("split")]
    assert len(split) == 2
    first, second = (out[n] for n in split)
    assert "2.2 （二）要拆开的小节 → 2.2" in first  # the other part, noted beside the section
    assert "┆ ← 2.2 （二）要拆开的小节" in second and "2.2 （二）拆开之二" in second
    assert out[split[1] + 1].strip().startswith(("[-", "{+"))
    moved = [ln for ln in out if ln.startswith("moved")]
    assert any("┆ → 3.1 （一）搬来的小节" in ln for ln in moved)
    assert any("┆ ← 2.1 （一）搬走的小节" in ln for ln in moved)
