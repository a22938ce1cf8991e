"""The shared row model (compare.render.rows): layout rules on hand-built graphs.

Every side-by-side view reads these rows (the text, Markdown and HTML renderers
and the terminal UI), so each rule is checked here once, on cases small enough
to read and independent of how the alignment engine scores.
"""

from __future__ import annotations

import networkx as nx
import pytest
from tui_graphs import make_graph, mixed_graph

from compare.render.rows import AlignedRows, Cell, build_rows, mirror_kind, row_inline


def _summary(rows: AlignedRows) -> list[tuple[str, str, str]]:
    """(left, right, kind) per row; ghosts in brackets, gaps as '-'."""

    def cell(c: Cell | None) -> str:
        if c is None:
            return "-"
        return f"({c.id})" if c.ghost else c.id

    return [(cell(r.left), cell(r.right), r.kind) for r in rows.rows]


def test_mixed_layout() -> None:
    rows = build_rows(mixed_graph())
    assert _summary(rows) == [
        ("1", "1", "identical"),
        ("1.1", "1.1", "modified"),
        ("1.2", "-", "deleted"),
        ("2", "2", "identical"),
        ("2.1", "(3.1)", "moved"),
        ("2.2", "2.1", "split"),
        ("(2.2)", "2.2", "split"),
        ("-", "2.3", "inserted"),
        ("3", "3", "modified"),
        ("(2.1)", "3.1", "moved"),
    ]
    assert rows.rows[4].links == (9,)
    assert rows.rows[9].links == (4,)
    assert rows.rows[5].links == (6,)
    assert rows.rows[0].links == ()
    assert rows.rows[1].score == pytest.approx(0.9)
    assert rows.rows[2].score is None


def test_every_section_has_one_home_row() -> None:
    g = mixed_graph()
    rows = build_rows(g)
    sections = [k for k, d in g.nodes(data=True) if d["level"] > 0]
    assert sorted(rows.home) == sorted(sections)
    for key, n in rows.home.items():
        assert key in {c.key for c in rows.rows[n].homes()}


def test_both_sides_keep_document_order() -> None:
    g = mixed_graph()
    rows = build_rows(g)
    for side in ("left", "right"):
        orders = [
            g.nodes[getattr(r, side).key]["order"]
            for r in rows.rows
            if getattr(r, side) is not None and not getattr(r, side).ghost
        ]
        assert orders == sorted(orders)


def test_nesting_and_children() -> None:
    rows = build_rows(mixed_graph())
    first, child = rows.rows[0], rows.rows[1]
    assert first.left is not None and child.left is not None
    assert (first.left.level, child.left.level) == (1, 2)
    assert first.left.has_children and not child.left.has_children
    assert list(rows.ancestors("a:1.1")) == ["a:1"]
    assert list(rows.ancestors("a:1")) == []


def test_swap_mirrors_kinds() -> None:
    rows = build_rows(mixed_graph(), swap=True)
    kinds = {r.kind for r in rows.rows}
    assert "merged" in kinds and "split" not in kinds
    inserted = [r for r in rows.rows if r.kind == "inserted"]
    deleted = [r for r in rows.rows if r.kind == "deleted"]
    assert [r.right.id for r in inserted if r.right] == ["1.2"]  # a's 1.2 now on the right
    assert [r.left.id for r in deleted if r.left] == ["2.3"]
    assert rows.left_side == "b"
    assert mirror_kind("promoted") == "demoted" and mirror_kind("moved") == "moved"


def test_crossing_matches_become_moved_rows() -> None:
    """Two identical sections that swapped places cannot both share a row."""
    a = [("1", "一、", "甲"), ("2", "二、", "乙")]
    b = [("1", "一、", "乙"), ("2", "二、", "甲")]
    rows = build_rows(make_graph(a, b, [("1", "2", "modified", 0.9), ("2", "1", "modified", 0.8)]))
    summary = _summary(rows)
    assert len(summary) == 3
    anchored = [s for s in summary if "(" not in s[0] + s[1]]
    assert len(anchored) == 1
    ghost_rows = [r for r in rows.rows if any(c.ghost for c in r.cells())]
    assert len(ghost_rows) == 2 and all(r.links for r in ghost_rows)


def test_no_sections_gives_no_rows() -> None:
    rows = build_rows(make_graph([], [], []))
    assert rows.rows == ()


def test_in_order_moved_pair_still_gets_a_row_at_each_place() -> None:
    """A moved pair never anchors, even when order would let it share a row.

    (The renderers' old model anchored it, so the static views and the UI
    disagreed on the Shanghai/Zhejiang reports.) Each side's copy stays under its
    own parent and the two rows link to each other.
    """
    a = [("1", "一、", "总体要求"), ("2", "二、", "旧的部分"), ("2.1", "（一）", "搬走的小节")]
    b = [("1", "一、", "总体要求"), ("1.1", "（一）", "搬来的小节"), ("3", "三、", "新的部分")]
    g = make_graph(a, b, [("1", "1", "identical", 1.0), ("2.1", "1.1", "moved", 0.8)])
    rows = build_rows(g)
    assert _summary(rows) == [
        ("1", "1", "identical"),
        ("2", "-", "deleted"),
        ("2.1", "(1.1)", "moved"),
        ("(2.1)", "1.1", "moved"),
        ("-", "3", "inserted"),
    ]
    assert rows.rows[2].links == (3,) and rows.rows[3].links == (2,)
    assert rows.rows[2].pair == rows.rows[3].pair == ("a:2.1", "b:1.1")


def test_pair_is_the_edge_whatever_the_orientation() -> None:
    g = mixed_graph()
    for swap in (False, True):
        rows = build_rows(g, swap=swap)
        for r in rows.rows:
            if r.left is None or r.right is None:
                assert r.pair is None
            else:
                assert r.pair is not None and g.has_edge(*r.pair)
                assert {r.left.key, r.right.key} == set(r.pair)


def test_elsewhere_names_the_partners_a_row_does_not_show() -> None:
    rows = build_rows(mixed_graph())
    split_anchor, split_ghost = rows.rows[5], rows.rows[6]
    assert split_anchor.left is not None and split_ghost.right is not None
    assert rows.elsewhere(split_anchor, split_anchor.left) == ("b:2.2",)
    assert rows.elsewhere(split_ghost, split_ghost.right) == ()
    moved = rows.rows[4]
    assert moved.left is not None and rows.elsewhere(moved, moved.left) == ()


def _with_parts() -> nx.DiGraph:
    g = mixed_graph()
    g.nodes["a:"].update(opening="同志们，今天召开会议。", closing="散会。")
    g.nodes["b:"].update(opening="同志们，今天我们召开大会。", closing="")
    return g


def test_part_rows_come_first_and_last_and_only_when_asked() -> None:
    g = _with_parts()
    assert len(build_rows(g)) == 10  # the UI's rows: sections only
    rows = build_rows(g, parts=True)
    assert len(rows) == 12
    first, last = rows.rows[0], rows.rows[-1]
    assert (first.part, first.kind, first.score, first.pair) == ("opening", "modified", None, None)
    assert (last.part, last.kind, last.right) == ("closing", "deleted", None)
    assert first.links == () and list(first.homes()) == []
    assert all(n not in (0, 11) for n in rows.home.values())
    assert rows.rows[5].links == (10,)  # section rows shift by one, links too
    swapped = build_rows(g, swap=True, parts=True)
    assert (swapped.rows[-1].kind, swapped.rows[-1].left) == ("inserted", None)
    assert [r.part for r in swapped.rows if r.part] == ["opening", "closing"]


def test_part_rows_compare_normalised_text() -> None:
    g = _with_parts()
    g.nodes["b:"].update(opening="同志们,今天召开会议.")  # half-width punctuation only
    assert build_rows(g, parts=True).rows[0].kind == "identical"


def test_row_inline_covers_parts_and_ghost_rows() -> None:
    g = _with_parts()
    rows = build_rows(g, parts=True)
    opening = row_inline(g, rows.rows[0])
    assert list(opening) == ["text"]
    x, y, ops = opening["text"]
    assert (x, y) == ("同志们，今天召开会议。", "同志们，今天我们召开大会。")
    rebuilt = "".join(y[b0:b1] for _, _, _, b0, b1 in ops)
    assert rebuilt == y and any(op[0] != "equal" for op in ops)
    assert row_inline(g, rows.rows[-1]) == {}  # deleted closing: nothing to diff
    split_ghost = rows.rows[7]  # (a:2.2) ghost beside b:2.2
    assert split_ghost.left is not None and split_ghost.left.ghost
    assert row_inline(g, split_ghost)["heading"][:2] == ("要拆开的小节", "拆开之二")
    assert row_inline(g, rows.rows[1]) == {}  # identical pair
    assert row_inline(g, rows.rows[3]) == {}  # deleted section


def test_every_view_uses_the_same_section_rows_as_the_ui() -> None:
    g = _with_parts()
    with_parts = [r for r in build_rows(g, parts=True) if not r.part]
    assert [(r.left, r.right, r.kind, r.pair) for r in with_parts] == [
        (r.left, r.right, r.kind, r.pair) for r in build_rows(g)
    ]


@pytest.fixture(scope="module")
def reports() -> nx.DiGraph:
    from compare.align import align
    from compare.graph import comparison_graph
    from tests.diff_support import GWR_SHANGHAI, GWR_ZHEJIANG, speech

    return comparison_graph(align(speech(GWR_SHANGHAI), speech(GWR_ZHEJIANG)))


def test_every_moved_pair_shows_at_both_places_in_every_view(reports: nx.DiGraph) -> None:
    """Shanghai vs Zhejiang: the case where the two former row models disagreed.

    Asserted on whatever the engine matches, so that tuning its scores does not
    break the test: each moved pair has two rows, in the UI and in every static view.
    """
    from compare.render.html import render_html
    from compare.render.markdown import render_markdown
    from compare.render.text import render_text

    moved = [(u, v) for u, v, d in reports.edges(data=True) if d["kind"] == "moved"]
    assert moved, "the reports no longer have a moved pair: pick another case"
    rows = build_rows(reports)
    for pair in moved:
        places = [r.index for r in rows.rows if r.pair == pair]
        assert len(places) == 2
        assert {rows.row_of(pair[0]), rows.row_of(pair[1])} == set(places)
    n = 2 * len(moved)
    text = render_text(reports, width=160, lang="en")
    assert sum(ln.startswith("moved ") for ln in text.splitlines()) == n
    md = render_markdown(reports, lang="en")
    assert md.count("\n| moved |") == n
    page = render_html(reports, lang="en")
    assert page.count('<tr class="moved">') == n
    assert page.count("moved to §") == page.count("moved from §") == len(moved)
