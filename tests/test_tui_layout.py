"""Cell-width layout: wrapping, fitting and the line map, with CJK text at double width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, chop_cells
from tui_graphs import mixed_graph
from tui_support import SEED_000, SEED_001, settle

from compare.render.rows import build_rows
from tui.app import create_app
from tui.layout import GUTTER, LineLayout, fit, side_widths, wrap, wrap_offsets
from tui.widgets.detail import DetailPane, Styled

_TEXT = st.text(
    alphabet=st.sampled_from(list("统一思想，。“”（一）abc 1.\n一是XX、\u3000")), max_size=120
)


@given(_TEXT, st.integers(min_value=2, max_value=40))
def test_wrap_matches_rich_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    expected = [ln for p in text.split("\n") if p.strip() for ln in chop_cells(p.strip(), width)]
    assert list(lines) == expected
    assert all(cell_len(ln) <= width for ln in lines)
    assert "".join(lines) == "".join(p.strip() for p in text.split("\n"))


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
    skeleton = LineLayout(rows.rows, range(len(rows.rows)), 80, False, texts.__getitem__)
    assert skeleton.total == len(rows.rows) and skeleton.locate(3) == (3, 0)
    full = LineLayout(rows.rows, range(len(rows.rows)), 80, True, texts.__getitem__)
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
        left_text = detail.shown[0][-1].text  # the left section's own text
        # scroll through the whole pane, collecting the left column
        seen = []
        for top in range(0, detail.virtual_size.height, max(1, detail.size.height)):
            detail.scroll_to(y=top, animate=False)
            await pilot.pause()
            for y in range(detail.size.height):
                if detail.scroll_offset.y + y >= 2:
                    seen.append(detail.render_line(y).crop(0, col).text)
        joined = "".join(s.strip() for s in seen)
        body = "".join(p.strip() for p in left_text.split("\n"))
        assert body and body in joined
