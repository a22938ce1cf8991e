"""What the skeleton view shows right now: orientation, filter, folds, cursor, search.

Kept apart from the widget so that every key's effect is plain Python that tests
can drive without a terminal; the widget only turns this state into lines.

The cursor is a *row index* into the current orientation, never a screen line:
resizing, switching to full text or changing the filter therefore keeps the
selection (a row hidden by a filter hands the cursor to its nearest visible row).
Folds are remembered by section key, so they survive a swap of sides.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from enum import Enum

from compare.normalize import fold
from compare.render.rows import AlignedRows, Row, spaced_marker

__all__ = ["FILTER_CYCLE", "Filter", "ViewState"]


class Filter(Enum):
    """Which rows the skeleton shows; ``f`` steps through :data:`FILTER_CYCLE`."""

    ALL = "all"
    CHANGES = "changes only"
    MOVED = "moved"
    INSERTED_DELETED = "inserted+deleted"

    def keeps(self, row: Row) -> bool:
        if self is Filter.ALL:
            return True
        if self is Filter.CHANGES:
            return row.changed
        if self is Filter.MOVED:
            return row.kind == "moved"
        return row.kind in ("inserted", "deleted")


FILTER_CYCLE: tuple[Filter, ...] = (
    Filter.ALL,
    Filter.CHANGES,
    Filter.MOVED,
    Filter.INSERTED_DELETED,
)


class ViewState:
    """Cursor, filter, folds, orientation and search over the aligned rows.

    ``orientations`` builds the rows for ``swap=False`` / ``swap=True``; the
    swapped layout is built on first use only.
    """

    def __init__(self, orientations: Callable[[bool], AlignedRows]) -> None:
        self._build = orientations
        self._layouts: dict[bool, AlignedRows] = {}
        self.swapped = False
        self.filter = Filter.ALL
        self.full_text = False
        self.collapsed: set[str] = set()
        self.query = ""
        self._visible: tuple[int, ...] | None = None
        self.cursor = 0
        self._settle()

    # -- what is shown -----------------------------------------------------------

    @property
    def layout(self) -> AlignedRows:
        if self.swapped not in self._layouts:
            self._layouts[self.swapped] = self._build(self.swapped)
        return self._layouts[self.swapped]

    @property
    def rows(self) -> Sequence[Row]:
        return self.layout.rows

    @property
    def visible(self) -> tuple[int, ...]:
        """Indices of the rows shown, in order (filter and folds applied)."""
        if self._visible is None:
            self._visible = tuple(
                r.index for r in self.rows if self.filter.keeps(r) and not self.is_folded(r)
            )
        return self._visible

    @property
    def current(self) -> Row | None:
        rows = self.rows
        return rows[self.cursor] if 0 <= self.cursor < len(rows) and self.visible else None

    @property
    def position(self) -> int:
        """The cursor's index within :attr:`visible` (0 when nothing is visible)."""
        vis = self.visible
        k = bisect_left(vis, self.cursor)
        return k if k < len(vis) and vis[k] == self.cursor else 0

    def is_folded(self, row: Row) -> bool:
        """True when every section this row owns sits inside a collapsed section."""
        if not self.collapsed:
            return False
        homes = list(row.homes())
        return bool(homes) and all(
            any(a in self.collapsed for a in self.layout.ancestors(c.key)) for c in homes
        )

    def is_collapsed(self, row: Row) -> bool:
        """True when this row's own sections are collapsed (their children hidden)."""
        return any(c.key in self.collapsed for c in row.homes())

    def can_collapse(self, row: Row) -> bool:
        return any(c.has_children for c in row.homes())

    def _changed(self) -> None:
        self._visible = None
        self._settle()

    def _settle(self) -> None:
        """Put the cursor on a visible row: itself, else the nearest one after, else before."""
        vis = self.visible
        if not vis:
            return
        k = bisect_left(vis, self.cursor)
        self.cursor = vis[k] if k < len(vis) else vis[-1]

    # -- keys --------------------------------------------------------------------

    def move(self, delta: int) -> bool:
        """Move ``delta`` visible rows (clamped). Returns whether the cursor moved."""
        vis = self.visible
        if not vis:
            return False
        new = vis[max(0, min(len(vis) - 1, self.position + delta))]
        moved = new != self.cursor
        self.cursor = new
        return moved

    def move_to(self, row_index: int) -> bool:
        """Select the row ``row_index`` if it is visible."""
        if row_index in self.visible:
            moved = row_index != self.cursor
            self.cursor = row_index
            return moved
        return False

    def move_to_position(self, position: int) -> bool:
        """Select the ``position``-th visible row."""
        vis = self.visible
        if 0 <= position < len(vis):
            return self.move_to(vis[position])
        return False

    def next_change(self, direction: int = 1) -> bool:
        """Select the next (``direction`` 1) or previous (-1) changed visible row."""
        vis = self.visible
        rows = self.rows
        order = vis[self.position + 1 :] if direction > 0 else vis[: self.position][::-1]
        for i in order:
            if rows[i].changed:
                self.cursor = i
                return True
        return False

    def jump_link(self) -> bool:
        """Select the next row that shows one of this row's sections (``m``).

        For a moved section that is its counterpart; for a split or merge the
        rows are visited in turn. A linked row hidden by the filter or a fold is
        revealed (filter back to all, folds above it opened).
        """
        row = self.current
        if row is None or not row.links:
            return False
        after = [i for i in row.links if i > row.index]
        target = after[0] if after else row.links[0]
        self.reveal(target)
        self.cursor = target
        return True

    def reveal(self, row_index: int) -> None:
        """Make ``row_index`` visible: open the folds above it, drop a filter hiding it."""
        row = self.rows[row_index]
        for c in row.homes():
            self.collapsed.difference_update(self.layout.ancestors(c.key))
        if not self.filter.keeps(row):
            self.filter = Filter.ALL
        self._visible = None

    def cycle_filter(self) -> Filter:
        """all → changes only → moved → inserted+deleted → all."""
        i = FILTER_CYCLE.index(self.filter)
        self.filter = FILTER_CYCLE[(i + 1) % len(FILTER_CYCLE)]
        self._changed()
        return self.filter

    def set_filter(self, value: Filter) -> None:
        self.filter = value
        self._changed()

    def toggle_collapse(self) -> bool:
        """Fold or unfold the selected row's sections. False when it has no children."""
        row = self.current
        if row is None or not self.can_collapse(row):
            return False
        keys = {c.key for c in row.homes() if c.has_children}
        if keys & self.collapsed:
            self.collapsed -= keys
        else:
            self.collapsed |= keys
        self._changed()
        return True

    def toggle_full_text(self) -> bool:
        self.full_text = not self.full_text
        return self.full_text

    def swap(self) -> None:
        """Put the other document on the left; the selected section stays selected."""
        row = self.current
        keys = [c.key for c in row.homes()] if row is not None else []
        self.swapped = not self.swapped
        self._visible = None
        layout = self.layout
        for key in keys:
            target = layout.row_of(key)
            if target is not None:
                self.cursor = target
                break
        self._settle()

    def matches(self, query: str) -> list[int]:
        """Rows whose heading (either side, ghosts excluded) contains ``query``.

        Comparison is on folded text: full- and half-width forms and case agree.
        """
        needle = fold(query).casefold()
        if not needle:
            return []
        return [
            r.index
            for r in self.rows
            if any(
                needle in fold(spaced_marker(c.marker) + c.heading).casefold() for c in r.homes()
            )
        ]

    def search(self, query: str, direction: int = 1) -> int | None:
        """Select the next row after the cursor whose heading matches (wrapping).

        A hit hidden by a fold or the filter is revealed. Returns the row index,
        or None when no heading matches.
        """
        self.query = query
        hits = self.matches(query)
        if not hits:
            return None
        if direction > 0:
            after = [i for i in hits if i > self.cursor]
            target = after[0] if after else hits[0]
        else:
            before = [i for i in hits if i < self.cursor]
            target = before[-1] if before else hits[-1]
        self.reveal(target)
        self.cursor = target
        return target
