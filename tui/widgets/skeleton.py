"""The side-by-side skeleton: one scrolling widget, both documents, aligned rows.

Why a ScrollView with ``render_line`` rather than a widget per row: only the lines
in the viewport are ever rendered, so a 100k-character document costs the same
per frame as a 1k one, and both sides scroll together by construction (the rows
were aligned by :mod:`compare.render.rows`; this widget only draws them).

Rendering stays cheap on a key press:
- each screen line becomes a :class:`~textual.strip.Strip` once and is kept in an
  LRU cache keyed by (line, width, selected?), so moving the cursor re-renders
  just the two rows whose highlight changed;
- the cache is dropped only when what a line shows changes (filter, fold, swap,
  full text, search, theme or a resize);
- the line layout (:class:`~tui.layout.LineLayout`) is rebuilt on the same
  occasions, never on cursor moves.

Colours come from ``COMPONENT_CLASSES`` styled in ``speechdiff.tcss``; every kind
also has a symbol in the gutter (:mod:`tui.legend`), so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from compare.render.rows import KINDS, Cell, Row, spaced_marker

from ..actions import CURSOR_ACTIONS, bindings
from ..layout import LineLayout, fit, indent_of
from ..legend import symbol
from ..view import ViewState

__all__ = ["SkeletonView"]

_FOLD_OPEN, _FOLD_CLOSED, _GHOST = "▾", "▸", "┆"


class SkeletonView(ScrollView, can_focus=True):
    """Both skeletons in aligned rows; the cursor selects a row."""

    BINDINGS = bindings(CURSOR_ACTIONS)  # type: ignore[assignment]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "skeleton--cursor",
        "skeleton--gap",
        "skeleton--ghost",
        "skeleton--marker",
        "skeleton--score",
        "skeleton--gutter",
        "skeleton--text",
        "skeleton--match",
        "skeleton--fold",
        *(f"skeleton--{kind}" for kind in KINDS),
    }

    # The scrollbar is always there so the line width never changes under the layout.
    DEFAULT_CSS = """
    SkeletonView { scrollbar-size-vertical: 1; overflow-x: hidden; overflow-y: scroll; }
    """

    class SelectionChanged(Message):
        """The selected row changed (or what it shows did)."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class ViewChanged(Message):
        """Filter, folds, orientation, mode or search changed."""

    class Follower(Protocol):
        """Panes that must change in the same frame as the skeleton.

        A message reaches its handler a screen refresh later, so the detail pane
        and header would be painted two or three frames after the cursor (about
        45 ms measured at 200x60); a direct call lets one frame carry all three.
        Without a follower the widget posts :class:`SelectionChanged` and
        :class:`ViewChanged` instead.
        """

        def selection_changed(self, row: Row | None) -> None: ...

        def view_changed(self) -> None: ...

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state: ViewState | None = None
        self.text_of: Callable[[Cell], str] = lambda cell: ""
        self.label_of: Callable[[Cell], str] = lambda c: spaced_marker(c.marker) + c.heading
        self._layout: LineLayout | None = None
        self._cache: LRUCache[tuple[int, int, bool], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._hits: frozenset[int] = frozenset()
        self.follower: SkeletonView.Follower | None = None

    # -- data in ----------------------------------------------------------------

    def show(
        self,
        state: ViewState,
        text_of: Callable[[Cell], str],
        label_of: Callable[[Cell], str] | None = None,
    ) -> None:
        """Display ``state``; ``text_of`` gives a cell's own text (full-text mode),
        ``label_of`` its heading line (marker and heading, or ``开头（…）`` for a part)."""
        self.state = state
        self.text_of = text_of
        if label_of is not None:
            self.label_of = label_of
        self.view_changed()

    @property
    def layout_(self) -> LineLayout | None:
        return self._layout

    def _relayout(self) -> None:
        state = self.state
        width = self.scrollable_content_region.width
        if state is None:
            self._layout = None
            self.virtual_size = Size(width, 0)
            return
        self._layout = LineLayout(state.rows, state.visible, width, state.full_text, self.text_of)
        self._hits = frozenset(state.matches(state.query)) if state.query else frozenset()
        self.virtual_size = Size(width, self._layout.total)

    def view_changed(self) -> None:
        """Rebuild lines after anything but a plain cursor move."""
        self._cache.clear()
        self._relayout()
        self.scroll_to_cursor(center=True)
        self.refresh()
        self._notify_view()
        self._notify_selection()

    def cursor_moved(self, previous: int) -> None:
        """Repaint only the old and new cursor rows, then bring the new one into view."""
        layout, state = self._layout, self.state
        if layout is None or state is None:
            return
        for row_index in {previous, state.cursor}:
            span = layout.span_of(row_index)
            if span is not None:
                self.refresh_lines(span[0], span[1])
        self.scroll_to_cursor()
        self._notify_selection()

    def _notify_selection(self) -> None:
        row = self.state.current if self.state is not None else None
        if self.follower is not None:
            self.follower.selection_changed(row)
        else:
            self.post_message(self.SelectionChanged(row))

    def _notify_view(self) -> None:
        if self.follower is not None:
            self.follower.view_changed()
        else:
            self.post_message(self.ViewChanged())

    def scroll_to_cursor(self, center: bool = False) -> None:
        layout, state = self._layout, self.state
        if layout is None or state is None:
            return
        span = layout.span_of(state.cursor)
        if span is None:
            return
        start, height = span
        view_h = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if center and not (top <= start and start + height <= top + view_h):
            self.scroll_to(y=max(0, start - view_h // 3), animate=False)
        elif start < top:
            self.scroll_to(y=start, animate=False)
        elif start + min(height, view_h) > top + view_h:
            self.scroll_to(y=start + min(height, view_h) - view_h, animate=False)

    # -- events -----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """A new width wraps differently: rebuild, and keep the selected row in view."""
        if self._layout is not None and self._layout.width == self.scrollable_content_region.width:
            return
        self._cache.clear()
        self._relayout()
        self.scroll_to_cursor(center=True)
        self.refresh()

    def notify_style_update(self) -> None:
        """The theme or CSS changed: cached strips hold the old colours."""
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def on_click(self, event: events.Click) -> None:
        """A click selects the row under the pointer."""
        layout, state = self._layout, self.state
        offset = event.get_content_offset(self)
        if layout is None or state is None or offset is None:
            return
        hit = layout.locate(self.scroll_offset.y + offset.y)
        if hit is None:
            return
        previous = state.cursor
        if state.move_to(hit[0]):
            self.cursor_moved(previous)

    # -- cursor actions (bound in CURSOR_ACTIONS) ------------------------------

    def _step(self, delta: int) -> None:
        if self.state is None:
            return
        previous = self.state.cursor
        if self.state.move(delta):
            self.cursor_moved(previous)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _page(self) -> int:
        layout = self._layout
        if layout is None or not layout.visible:
            return 1
        lines_per_row = max(1, layout.total // len(layout.visible))
        return max(1, self.scrollable_content_region.height // lines_per_row - 1)

    def action_page_up(self) -> None:
        self._step(-self._page())

    def action_page_down(self) -> None:
        self._step(self._page())

    def action_first(self) -> None:
        if self.state is not None:
            previous = self.state.cursor
            if self.state.move_to_position(0):
                self.cursor_moved(previous)

    def action_last(self) -> None:
        if self.state is not None:
            previous = self.state.cursor
            if self.state.move_to_position(len(self.state.visible) - 1):
                self.cursor_moved(previous)

    # -- rendering --------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"skeleton--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        layout, state = self._layout, self.state
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if layout is None or state is None:
            return Strip.blank(width, self.rich_style)
        where = layout.locate(line)
        if where is None:
            if line == 0:
                return self._empty_line(state, width)
            return Strip.blank(width, self.rich_style)
        row_index, offset = where
        selected = row_index == state.cursor
        key = (line, width, selected)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row_line(state.rows[row_index], offset, layout, selected)
            self._cache[key] = strip
        return strip

    def _empty_line(self, state: ViewState, width: int) -> Strip:
        """Say why nothing is shown rather than leave the pane blank."""
        if not state.rows:
            text = "No numbered sections in either speech: nothing to align."
        else:
            text = f"No row matches the filter “{state.filter.value}”: press f for the next one."
        style = self.rich_style + self._style("ghost")
        return Strip([Segment(fit(text, width), style)])

    def _render_row_line(self, row: Row, offset: int, layout: LineLayout, selected: bool) -> Strip:
        base = self.rich_style
        overlay = self._style("cursor") if selected else Style()
        kind = self._style(row.kind) if row.kind in KINDS else Style()
        parts: list[tuple[str, Style]] = []
        if offset == 0:
            parts += self._heading(row.left, layout.left_width, kind, row)
            parts += self._gutter(row, kind)
            parts += self._heading(row.right, layout.right_width, kind, row)
        else:
            parts += self._body(row.left, layout, True, offset - 1)
            parts.append((" " * 7, self._style("gutter")))
            parts += self._body(row.right, layout, False, offset - 1)
        segments = [Segment(text, base + style + overlay) for text, style in parts if text]
        return Strip(segments).adjust_cell_length(layout.width, base + overlay)

    def _gutter(self, row: Row, kind: Style) -> list[tuple[str, Style]]:
        gutter = self._style("gutter")
        score = "" if row.score is None else f"{round(row.score * 100):d}"
        return [
            (" ", gutter),
            (symbol(row.kind), gutter + kind + Style(bold=True)),
            (" ", gutter),
            (f"{score:>3} ", gutter + self._style("score")),
        ]

    def _heading(
        self, cell: Cell | None, width: int, kind: Style, row: Row
    ) -> list[tuple[str, Style]]:
        if cell is None:
            return [(" " * width, self._style("gap"))]
        indent = " " * indent_of(cell)
        state = self.state
        if cell.ghost:
            glyph, look = _GHOST, self._style("ghost")
        else:
            look = kind
            if not cell.has_children:
                glyph = " "
            elif state is not None and cell.key in state.collapsed:
                glyph = _FOLD_CLOSED
            else:
                glyph = _FOLD_OPEN
        if not cell.ghost and row.index in self._hits:
            look = look + self._style("match")
        marker_style = look + self._style("marker")
        lead = f"{indent}{glyph} "
        text = fit(lead + self.label_of(cell), width)
        # Split the fitted text back into its styled pieces (lead, marker, heading).
        n_lead = len(lead)
        marker = "" if cell.part else spaced_marker(cell.marker)
        n_marker = min(len(marker), max(0, len(text) - n_lead))
        return [
            (text[:n_lead], self._style("fold") if not cell.ghost else look),
            (text[n_lead : n_lead + n_marker], marker_style),
            (text[n_lead + n_marker :], look),
        ]

    def _body(
        self, cell: Cell | None, layout: LineLayout, left: bool, index: int
    ) -> list[tuple[str, Style]]:
        width = layout.left_width if left else layout.right_width
        if cell is None:
            return [(" " * width, self._style("gap"))]
        lines = layout.body(cell, left)
        text = lines[index] if index < len(lines) else ""
        pad = " " * (indent_of(cell) + 2)
        return [(fit(pad + text, width), self._style("text"))]
