"""The row model and view state: layout rules and every key's effect, without a terminal."""

from __future__ import annotations

import pytest
from tui_graphs import make_graph, mixed_graph

from tui.rows import AlignedRows, Cell, build_rows, mirror_kind
from tui.view import Filter, ViewState


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
    state = ViewState(lambda swap: build_rows(make_graph([], [], []), swap=swap))
    assert state.current is None
    assert not state.move(1)
    assert not state.next_change()
    assert state.search("甲") is None


@pytest.fixture
def state() -> ViewState:
    g = mixed_graph()
    return ViewState(lambda swap: build_rows(g, swap=swap))


def test_move_clamps(state: ViewState) -> None:
    assert state.cursor == 0
    assert not state.move(-1)
    assert state.move(3) and state.cursor == 3
    assert state.move(100) and state.cursor == 9
    assert not state.move(1)


def test_next_and_previous_change(state: ViewState) -> None:
    seen = []
    while state.next_change(1):
        seen.append(state.cursor)
    assert seen == [1, 2, 4, 5, 6, 7, 8, 9]
    assert state.next_change(-1) and state.cursor == 8


def test_filter_cycle(state: ViewState) -> None:
    state.move(3)  # identical row 3
    assert state.cycle_filter() is Filter.CHANGES
    assert 3 not in state.visible and 0 not in state.visible
    assert state.cursor == 4  # handed to the next visible row
    assert state.cycle_filter() is Filter.MOVED
    assert state.visible == (4, 9)
    assert state.cycle_filter() is Filter.INSERTED_DELETED
    assert state.visible == (2, 7)
    assert state.cycle_filter() is Filter.ALL
    assert len(state.visible) == 10


def test_collapse_hides_children(state: ViewState) -> None:
    state.move(3)  # 二、 on both sides
    assert state.toggle_collapse()
    assert state.visible == (0, 1, 2, 3, 8, 9)  # row 9's own section (b:3.1) is not under 二、
    assert state.is_collapsed(state.rows[3])
    assert state.toggle_collapse()
    assert len(state.visible) == 10
    state.move(-2)  # row 1 has no children
    assert not state.toggle_collapse()


def test_jump_link_reveals(state: ViewState) -> None:
    state.move_to(4)
    state.set_filter(Filter.MOVED)
    assert state.jump_link() and state.cursor == 9
    assert state.jump_link() and state.cursor == 4
    state.set_filter(Filter.ALL)
    state.move_to(0)
    assert not state.jump_link()


def test_search_wraps_and_reveals(state: ViewState) -> None:
    assert state.search("拆开") == 5
    assert state.search("拆开") == 6
    assert state.search("拆开") == 5
    assert state.search("拆开", -1) == 6
    assert state.search("不存在") is None
    state.move_to(0)
    state.toggle_collapse()  # hides 1.1 and 1.2
    assert state.search("旧的") == 2 and 2 in state.visible
    assert state.search("（一）重要") == 1  # markers count, full-width brackets fold


def test_swap_keeps_selection(state: ViewState) -> None:
    state.move_to(7)  # b:2.3 inserted
    state.swap()
    row = state.current
    assert row is not None and row.left is not None
    assert row.left.key == "b:2.3" and row.kind == "deleted"
    state.swap()
    assert state.cursor == 7
