"""Screen lines of the skeleton view: which row, and which line of it, sits at y.

In skeleton mode every row is one line. In full-text mode a row is its heading
line followed by both sections' own text, wrapped to the width of a side; the row
is as tall as the longer side. Wrapping counts terminal cells (a CJK character
takes two), using rich's cell tables, so the columns never drift.

Built once per (visible rows, mode, width); a key press that only moves the
cursor reuses it, a resize or filter change builds a new one. Wrapped text is
cached per (section, width) because toggling full text back and forth or
scrolling must not wrap the same 60k characters again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from compare.render.rows import Cell, Row

__all__ = [
    "GUTTER",
    "NO_END",
    "NO_START",
    "LineLayout",
    "fit",
    "side_widths",
    "wrap",
    "wrap_offsets",
]

#: Columns between the two sides: " ~ 100 " (space, symbol, space, score, space).
GUTTER = 7
#: Cells of indentation per outline level.
INDENT = 2


def side_widths(width: int) -> tuple[int, int]:
    """Widths of the left and right columns for a view ``width`` cells wide."""
    usable = max(0, width - GUTTER)
    left = usable // 2
    return left, usable - left


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut.

    A double-width character never straddles the cut: it is left out whole and
    the ellipsis follows the last character that fits.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    # set_cell_size pads with a space where it had to drop half a wide character.
    kept = set_cell_size(text, width - 1).rstrip(" ")
    return set_cell_size(kept + "…", width)


#: Characters a line may not start with (closing punctuation: 。，、；…), and
#: may not end with (opening brackets and quotes), as CJK line breaking requires.
NO_START = frozenset("。，、；：？！）〕］｝」』】〉》”’…‥・·,.;:?!)]}%％‰℃")
NO_END = frozenset("（〔［｛「『【〈《“‘([{")


def _kinsoku(text: str, s: int, e: int, n: int) -> int:
    """Move a break at ``e`` back so the next line does not start with ``。``, ``，``…
    and this one does not end with ``（``, ``“``… (a line keeps one character at least)."""
    k = e
    while s + 1 < k < n and (text[k] in NO_START or text[k - 1] in NO_END):
        k -= 1
    return k if k > s + 1 or (k < n and text[k] not in NO_START) else e


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Lines of ``text`` at most ``width`` cells wide, as ``(start, end)`` offsets.

    Paragraphs (``\n``) are kept apart and trimmed of surrounding whitespace.
    The lines are those of rich's ``chop_cells`` (greedy; a wide character that
    does not fit starts the next line) but found by bisecting the running cell
    count, so the per-character work is one cached lookup: toggling full text on
    two 60k-character reports must stay within a key press's budget. A break that
    would start a line with closing punctuation (``。``, ``，``, ``、``, ``；``…) or end
    one with an opening bracket or quote moves back (CJK line-breaking rules), so
    such a line is a little shorter. Offsets index ``text`` itself, so inline-diff
    ranges can be cut per line.
    """
    out: list[tuple[int, int]] = []
    if width <= 0:
        return out
    pos = 0
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        para = text[start:end]
        cum = list(accumulate(map(_char_width, para), initial=0))
        s, n = 0, end - start
        while s < n:
            e = max(bisect_right(cum, cum[s] + width, s + 1) - 1, s + 1)
            if e < n:
                e = _kinsoku(para, s, e, n)
            out.append((start + s, start + e))
            s = e
    return out


@lru_cache(maxsize=4096)
def wrap(text: str, width: int) -> tuple[str, ...]:
    """``text`` broken into lines of at most ``width`` cells (see :func:`wrap_offsets`)."""
    return tuple(text[s:e] for s, e in wrap_offsets(text, width))


_char_width = lru_cache(maxsize=8192)(get_character_cell_size)


def indent_of(cell: Cell) -> int:
    return INDENT * max(0, cell.level - 1)


class LineLayout:
    """Maps screen lines to (visible row, line within the row) and back."""

    def __init__(
        self,
        rows: Sequence[Row],
        visible: Sequence[int],
        width: int,
        full_text: bool,
        text_of: Callable[[Cell], str],
    ) -> None:
        self.width = width
        self.full_text = full_text
        self.visible = tuple(visible)
        self._rows = rows
        self._text_of = text_of
        self.left_width, self.right_width = side_widths(width)
        if not full_text:
            self.starts: list[int] = list(range(len(self.visible)))
            self.total = len(self.visible)
            return
        self.starts = []
        y = 0
        for i in self.visible:
            self.starts.append(y)
            y += 1 + max(len(self.body(rows[i].left, True)), len(self.body(rows[i].right, False)))
        self.total = y

    def body(self, cell: Cell | None, left: bool) -> tuple[str, ...]:
        """The wrapped own text of ``cell`` (nothing for gaps and ghosts)."""
        if cell is None or cell.ghost or not self.full_text:
            return ()
        side = self.left_width if left else self.right_width
        return wrap(self._text_of(cell), max(1, side - indent_of(cell) - 2))

    def locate(self, y: int) -> tuple[int, int] | None:
        """(row index, line within the row) at screen line ``y``, or None past the end."""
        if y < 0 or y >= self.total:
            return None
        k = bisect_right(self.starts, y) - 1
        return self.visible[k], y - self.starts[k]

    def span_of(self, row_index: int) -> tuple[int, int] | None:
        """First line and height of ``row_index``, or None when it is not shown."""
        k = bisect_left(self.visible, row_index)
        if k >= len(self.visible) or self.visible[k] != row_index:
            return None
        start = self.starts[k]
        end = self.starts[k + 1] if k + 1 < len(self.starts) else self.total
        return start, end - start
