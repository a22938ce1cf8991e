"""The view state: every key's effect on the shared row model, without a terminal."""

from __future__ import annotations

import pytest
from tui_graphs import make_graph, mixed_graph

from compare.render.rows import build_rows
from tui.view import Filter, ViewState


def test_no_sections_gives_no_state() -> None:
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
