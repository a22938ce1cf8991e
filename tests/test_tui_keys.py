"""Every key of the main screen, pressed through Pilot, checked on the screen and the model.

Most tests use a hand-built graph (tests/tui_graphs.py) that has every kind of
row, so that ``m`` (moved), split ghosts and the filters have something to act
on whatever the alignment engine scores; the real engine is used where noted.
"""

from __future__ import annotations

from tui_graphs import mixed_graph
from tui_support import SEED_000, SEED_001, graph_app, main_state, screen_text, settle

from compare.align import align
from compare.parse import parse_file
from tui.app import create_app
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.view import Filter
from tui.widgets.detail import DetailPane
from tui.widgets.skeleton import SkeletonView

SIZE = (100, 30)


def skeleton_lines(app: object) -> list[str]:
    """The skeleton's visible lines as the widget renders them."""
    view = app.screen.query_one(SkeletonView)  # type: ignore[attr-defined]
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def cursor_line(app: object) -> str:
    """The skeleton line drawn with the cursor style."""
    view = app.screen.query_one(SkeletonView)  # type: ignore[attr-defined]
    cursor = view.get_component_rich_style("skeleton--cursor")
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        if strip.text.strip() and all(
            seg.style is not None and seg.style.bgcolor == cursor.bgcolor
            for seg in strip
            if seg.text
        ):
            return strip.text
    raise AssertionError("no line carries the cursor style")


async def test_loads_and_shows_both_skeletons() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "A 甲讲话" in text and "B 乙讲话" in text
        assert "文字相似度 50%  = 2 相同  ~ 2 修改  ⇅ 1 移动  < 2 拆分" in text  # Chinese labels
        assert "filter: all · skeleton · row 1/10" in text
        lines = skeleton_lines(app)
        assert "一、统一思想" in lines[0] and "=" in lines[0]
        assert "（二）旧的小节" in lines[2] and " - " in lines[2]
        assert "一、统一思想" in cursor_line(app)


async def test_down_up_and_j_k_move_the_cursor() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "j")
        await settle(pilot)
        assert main_state(app).cursor == 2
        assert "旧的小节" in cursor_line(app)
        assert "row 3/10" in screen_text(app)
        await pilot.press("k")
        await settle(pilot)
        assert main_state(app).cursor == 1
        await pilot.press("up", "up")
        await settle(pilot)
        assert main_state(app).cursor == 0
        assert "一、统一思想" in cursor_line(app)


async def test_n_and_shift_n_walk_the_changes() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert main_state(app).cursor == 1  # the first change: 1.1 modified
        await pilot.press("n", "n")
        await settle(pilot)
        assert main_state(app).cursor == 4  # row 3 is identical and skipped
        assert "搬走的小节" in cursor_line(app)
        await pilot.press("N")
        await settle(pilot)
        assert main_state(app).cursor == 2


async def test_enter_collapses_and_expands() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("重要意义" in line for line in skeleton_lines(app))
        await pilot.press("enter")
        await settle(pilot)
        lines = skeleton_lines(app)
        assert not any("重要意义" in line for line in lines)
        assert lines[0].startswith("▸ 一、统一思想")
        await pilot.press("enter")
        await settle(pilot)
        assert any("重要意义" in line for line in skeleton_lines(app))
        assert skeleton_lines(app)[0].startswith("▾ 一、统一思想")


async def test_m_jumps_to_the_moved_counterpart() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")  # row 4: 2.1 moved out
        await settle(pilot)
        assert main_state(app).cursor == 4
        await pilot.press("m")
        await settle(pilot)
        assert main_state(app).cursor == 9
        line = cursor_line(app)
        assert "┆ （一）搬走的小节" in line and "（一）搬来的小节" in line and "⇅" in line
        await pilot.press("m")
        await settle(pilot)
        assert main_state(app).cursor == 4


async def test_f_cycles_the_filter() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("f")
            await settle(pilot)
            seen.append(main_state(app).filter)
            assert f"filter: {main_state(app).filter.value}" in screen_text(app)
        assert seen == [Filter.CHANGES, Filter.MOVED, Filter.INSERTED_DELETED, Filter.ALL]
        await pilot.press("f", "f")  # moved only
        await settle(pilot)
        lines = [line for line in skeleton_lines(app) if line.strip()]
        assert len(lines) == 2 and all("⇅" in line for line in lines)


async def test_slash_searches_headings() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"拆开", "enter")
        await settle(pilot)
        assert main_state(app).cursor == 5
        assert "拆开之一" in cursor_line(app)
        assert "search “拆开”: 2 hits" in screen_text(app)
        assert isinstance(app.focused, SkeletonView)
        await pilot.press("slash", "enter")  # the prompt keeps the query: next hit
        await settle(pilot)
        assert main_state(app).cursor == 6
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"没有", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and "没有" in screen.notice
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert isinstance(app.focused, SkeletonView)


async def test_t_toggles_full_text() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any("的正文" in line for line in skeleton_lines(app))
        await pilot.press("t")
        await settle(pilot)
        assert "full text" in screen_text(app)
        lines = skeleton_lines(app)
        assert "一、统一思想" in lines[0]
        assert "统一思想的正文" in lines[1]  # the body follows its heading
        await pilot.press("t")
        await settle(pilot)
        assert not any("的正文" in line for line in skeleton_lines(app))


async def test_s_swaps_sides_and_keeps_the_selection() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # a's 1.2, deleted
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(app)
        assert text.index("A 乙讲话") < text.index("B 甲讲话")
        assert "< 0 拆分  > 2 合并" in text  # counts read left → right after the swap
        state = main_state(app)
        assert state.swapped and state.current is not None
        assert state.current.right is not None and state.current.right.key == "a:1.2"
        assert state.current.kind == "inserted"
        assert "旧的小节" in cursor_line(app) and "+" in cursor_line(app)


async def test_question_mark_opens_help_and_closes() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Next change" in text and "speechdiff.next_change" in text
        assert "⇅" in text and "moved" in text
        assert "all → changes only → moved → inserted+deleted" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_q_quits_with_status_zero() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.error is None


async def test_click_selects_a_row() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await pilot.click(SkeletonView, offset=(10, 7))
        await settle(pilot)
        assert main_state(app).cursor == 7
        assert "新增小节" in cursor_line(app)


async def test_detail_pane_shows_pair_scores_and_runner_ups() -> None:
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # from the opening to the first pair of sections
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        assert detail.row is not None and detail.row.kind == "modified"
        text = screen_text(app)
        first = next(
            m
            for m in align(
                parse_file(SEED_000).documents[0], parse_file(SEED_001).documents[0]
            ).matches
            if m.a == "1"
        )
        assert f"~ 修改   score {first.score:.2f}" in text
        assert "共同：____认识开展____活动的重____" in text  # the line both headings share
        # Each side's runner-ups are sections of the other document, and say so.
        assert "runner-ups in B:" in text and "runner-ups in A:" in text
        assert "一、统一思想、主动作为" in text and "一、提高政治站位" in text
        # the inline diff marks what the left lost and the right gained
        left, right = detail.shown
        assert any(block.names("delete") for block in left)
        assert any(block.names("insert") for block in right)
        assert not any(block.names("insert") for block in left)
        # and the screen shows those characters struck through / underlined
        rendered = [detail.render_line(y) for y in range(detail.size.height)]
        styles = [seg.style for strip in rendered for seg in strip if seg.text.strip()]
        assert any(s is not None and s.strike for s in styles)
        assert any(s is not None and s.underline for s in styles)


async def test_resize_keeps_the_selection() -> None:
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 15)
        await settle(pilot)
        chosen = main_state(app).cursor
        heading = cursor_line(app).split("  ")[0].strip()
        for size in ((80, 24), (120, 40), (200, 60)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert main_state(app).cursor == chosen
            assert cursor_line(app)  # still on screen
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert heading[:6] in cursor_line(app)


async def test_keys_are_remappable_by_binding_id() -> None:
    app = graph_app(mixed_graph(), keymap={"speechdiff.next_change": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert main_state(app).cursor == 0
        await pilot.press("x")
        await settle(pilot)
        assert main_state(app).cursor == 1
        await pilot.press("question_mark")
        await settle(pilot)
        line = next(ln for ln in screen_text(app).splitlines() if "Next change" in ln)
        assert line[: line.index("Next change")].split()[-1] == "x"


async def test_command_palette_offers_the_actions() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Swap the left", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_state(app).swapped
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Filter: moved", "enter")
        await settle(pilot)
        assert main_state(app).filter is Filter.MOVED


async def test_engine_failure_ends_with_one_line_and_status_two() -> None:
    def broken(*args: object) -> object:
        raise ValueError("scores went missing")

    app = create_app(SEED_000, SEED_001, comparer=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.error == "internal error: ValueError: scores went missing"


async def test_typing_in_the_search_box_does_not_trigger_keys() -> None:
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"nfqst", "escape")
        await settle(pilot)
        state = main_state(app)
        assert (state.cursor, state.filter, state.swapped, state.full_text) == (
            0,
            Filter.ALL,
            False,
            False,
        )
        assert app.return_code is None  # q went into the box, not to quit


async def test_speeches_without_sections_say_so() -> None:
    from tui_support import SEED_003

    app = create_app(SEED_003, SEED_003, doc_a=14, doc_b=14)  # [14] has no sections
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = main_state(app).rows
        assert rows and all(row.part for row in rows)  # only its opening (and closing)
        assert "开头（" in skeleton_lines(app)[0]
        await pilot.press("j", "n", "enter", "m", "f", "t", "s")
        await settle(pilot)
        assert app.return_code is None


async def test_a_filter_with_no_rows_says_so() -> None:
    from tui_graphs import make_graph

    graph = make_graph([("1", "一、", "甲")], [("1", "一、", "甲")], [("1", "1", "identical", 1.0)])
    app = graph_app(graph)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "No row matches the filter “changes only”" in skeleton_lines(app)[0]


async def test_page_and_home_end_keys() -> None:
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        total = len(main_state(app).visible)
        await pilot.press("end")
        await settle(pilot)
        assert main_state(app).position == total - 1
        assert cursor_line(app)  # scrolled into view
        await pilot.press("pageup")
        await settle(pilot)
        after_page = main_state(app).position
        assert 0 < total - 1 - after_page < total
        await pilot.press("home")
        await settle(pilot)
        assert main_state(app).position == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert main_state(app).position > 0


async def test_theme_change_repaints_with_the_new_colours() -> None:
    """Cached strips must not keep the old theme's colours."""
    app = graph_app(mixed_graph())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(SkeletonView)
        before = [seg.style for seg in view.render_line(2) if seg.text.strip()]
        app.theme = "textual-light"
        await settle(pilot)
        after = [seg.style for seg in view.render_line(2) if seg.text.strip()]
        assert before and after and before != after
