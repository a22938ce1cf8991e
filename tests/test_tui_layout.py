"""Cell-width layout: wrapping, fitting and the line map, with CJK text at double width."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, chop_cells
from tui_graphs import mixed_graph
from tui_support import SEED_000, SEED_001, settle

from compare.render.rows import build_rows
from tui.app import create_app
from tui.layout import (
    GUTTER,
    NO_END,
    NO_START,
    LineLayout,
    fit,
    side_widths,
    wrap,
    wrap_offsets,
)
from tui.widgets.detail import DetailPane, Styled

_TEXT = st.text(
    alphabet=st.sampled_from(list("统一思想，。“”（一）abc 1.\n一是XX、\u3000")), max_size=120
)


@given(_TEXT, st.integers(min_value=2, max_value=40))
def test_wrap_loses_nothing_and_follows_cjk_line_breaking(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cell_len(ln) <= width for ln in lines)
    assert "".join(lines) == "".join(p.strip() for p in text.split("\n"))

    def could_break(line: str, j: int) -> bool:  # a break before line[j] breaks no rule
        return line[j] not in NO_START and (j == 1 or line[j - 1] not in NO_END)

    for para in (p.strip() for p in text.split("\n")):
        got = list(wrap(para, width))
        if not NO_START.intersection(para) and not NO_END.intersection(para):
            assert got == chop_cells(para, width)  # no punctuation: rich's greedy lines
        for prev, cur in itertools.pairwise(got):
            if cur[0] in NO_START or prev[-1] in NO_END:
                # Only where no earlier break in the line would have kept the rules.
                assert not any(could_break(prev, j) for j in range(1, len(prev)))


def test_wrap_keeps_punctuation_off_the_start_of_a_line() -> None:
    text = (
        "学习宣传贯彻党的二十大精神，是当前和今后一个时期首要的政治任务。"
        "在全市（各级）开展“学习”活动。"
    )
    lines = wrap(text, 16)
    assert lines == (
        "学习宣传贯彻党的",
        "二十大精神，是当",
        "前和今后一个时期",
        "首要的政治任务。",
        "在全市（各级）开",
        "展“学习”活动。",
    )
    assert [ln[0] for ln in wrap(text, 12)][1:] == ["党", "神", "今", "首", "务", "（", "“"]


@given(_TEXT, st.integers(min_value=2, max_value=40))
def test_wrap_offsets_index_the_text(text: str, width: int) -> None:
    for start, end in wrap_offsets(text, width):
        assert 0 <= start < end <= len(text)
    assert [text[s:e] for s, e in wrap_offsets(text, width)] == list(wrap(text, width))


@given(
    st.text(alphabet=st.sampled_from(list("统一思想abc、…")), max_size=30),
    st.integers(min_value=0, max_value=25),
)
def test_fit_is_exactly_the_width(text: str, width: int) -> None:
    out = fit(text, width)
    assert cell_len(out) == width
    if width == 0:
        assert out == ""
    elif cell_len(text) <= width:
        assert out.rstrip(" ") == text.rstrip(" ")
    else:
        assert out.rstrip(" ").endswith("…")


def test_fit_never_splits_a_wide_character() -> None:
    assert fit("一、统一思想", 6) == "一、… "
    assert fit("一、统一思想", 7) == "一、统…"


def test_side_widths_leave_the_gutter() -> None:
    for width in (20, 80, 81, 200):
        left, right = side_widths(width)
        assert left + right + GUTTER == width and abs(left - right) <= 1


def test_line_layout_full_text_maps_lines_to_rows() -> None:
    g = mixed_graph()
    rows = build_rows(g)
    texts = {k: str(d["text"]) for k, d in g.nodes(data=True)}
    skeleton = LineLayout(rows.rows, range(len(rows.rows)), 80, False, lambda c: texts[c.key])
    assert skeleton.total == len(rows.rows) and skeleton.locate(3) == (3, 0)
    full = LineLayout(rows.rows, range(len(rows.rows)), 80, True, lambda c: texts[c.key])
    assert full.total > len(rows.rows)
    start, height = full.span_of(4)  # type: ignore[misc]
    assert full.locate(start) == (4, 0) and full.locate(start + height - 1) == (4, height - 1)
    assert full.locate(full.total) is None and full.span_of(99) is None


def test_styled_lines_cut_spans_per_line() -> None:
    styled = Styled("甲乙丙丁戊己", ("heading",), ((1, 4, "delete"),))
    lines = styled.lines(6)  # three wide characters a line
    assert lines == [
        [("甲", ("heading",)), ("乙丙", ("heading", "delete"))],
        [("丁", ("heading", "delete")), ("戊己", ("heading",))],
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_detail_columns_show_every_character(size: tuple[int, int]) -> None:
    """Wrapped to the column width, the body of each side reads back whole."""
    app = create_app(SEED_000, SEED_001)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        width = detail.scrollable_content_region.width
        col = (width - 2) // 2
        assert detail.row is not None and detail.row.part == "opening"  # the first row
        left_text = detail.shown[0][-1].text  # the left side's own text
        # scroll through the whole pane, collecting the left column once per pane line
        seen: dict[int, str] = {}
        for top in range(0, detail.virtual_size.height, max(1, detail.size.height)):
            detail.scroll_to(y=top, animate=False)
            await pilot.pause()
            for y in range(detail.size.height):
                line = detail.scroll_offset.y + y
                if line >= 2:
                    seen[line] = detail.render_line(y).crop(0, col).text
        joined = "".join(seen[k].strip() for k in sorted(seen))
        body = "".join(p.strip() for p in left_text.split("\n"))
        assert body and body in joined
        # No line of the column starts with closing punctuation (CJK line breaking).
        assert not any(seen[k].lstrip()[:1] in tuple("。，、；：？！）") for k in seen)
