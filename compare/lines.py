"""Split decoded text into lines that remember where they came from.

Each :class:`Line` keeps its stripped content and the offsets of that content in
the decoded text, so every later stage can report spans without re-searching.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SPACE", "Line", "split_lines"]

# Whitespace as it appears in real files: ASCII, ideographic (U+3000), no-break,
# zero-width and the byte-order mark left in the middle of pasted text.
SPACE = " \t\f\v\u3000\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\ufeff"
_BREAKS = "\r\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"  # what str.splitlines splits on


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: ``text`` is stripped, ``start``/``end`` locate it in the file text."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool = False  # a blank line separates this line from the previous one


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` with stripped content and exact offsets."""
    out: list[Line] = []
    blank = False
    pos = 0
    for raw in text.splitlines(keepends=True):  # \n, \r\n, \r, U+2028, U+0085 ...
        size = len(raw)
        content = raw.rstrip(_BREAKS)
        stripped = content.strip(SPACE)
        if stripped:
            start = pos + len(content) - len(content.lstrip(SPACE))
            out.append(Line(len(out), start, start + len(stripped), stripped, blank and bool(out)))
            blank = False
        else:
            blank = True
        pos += size
    return out
