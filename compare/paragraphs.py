"""Group kept lines into paragraphs, repairing lines that a PDF or web copy broke mid-sentence.

A paragraph is usually one line. Lines are joined when the break cannot be a real
paragraph end: the previous line stops on ``的``/``和``/``、``, the next one opens
with ``：``/``，``, or a fragment such as ``2.5`` (from ``PM2.5`` with the subscript
lost) stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lines import Line
from .markers import markers_at

__all__ = ["APPENDIX", "Para", "build_paragraphs"]

_OPEN_END = re.compile(r"[的和与及、，,对把将为了从向以之等至第“《（(—]$")
_CONT_START = re.compile(r"(?:[：:，,。、；;）)」”％%]|是[：:，,])")
_TINY = 4
_FRAGMENT = re.compile(r"[\dA-Za-z.．%／/]{1,6}")
# Appendix and notes that follow a report: "附件1", "附件", "注释", "名词解释".
APPENDIX = re.compile(
    r"(?:附件|附录|附表)\s*[\d一二三四五六七八九十]*[：:]?|注释|名词解释|名词注释"
)


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: its text and where each of its lines sits in the file text."""

    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]  # (offset in paragraph text, offset in file text)

    def at(self, i: int) -> int:
        """File offset of character ``i`` of this paragraph (``len(text)`` maps to ``end``)."""
        if i >= len(self.text):
            return self.end
        pos, base = self.pieces[0]
        for off, file_off in self.pieces:
            if off > i:
                break
            pos, base = off, file_off
        return base + (i - pos)

    def end_at(self, i: int) -> int:
        """File offset just after character ``i - 1``: the end of a span that stops at ``i``."""
        return self.start if i <= 0 else self.at(i - 1) + 1


def _tiny(text: str) -> bool:
    if len(text) > _TINY or APPENDIX.fullmatch(text):
        return False
    if text[-1] in "！!？?：:":
        return False
    return not markers_at(text)


_BROKEN_MIN = 40


def _joins(prev: str, cur: str, prev_joined_fragment: bool) -> bool:
    if markers_at(cur) or APPENDIX.fullmatch(cur):
        return False
    if prev_joined_fragment:
        return True
    if (
        (_tiny(cur) or _FRAGMENT.fullmatch(cur))
        and len(prev) > _BROKEN_MIN
        and prev[-1] not in "。！？!?：:；;”"
    ):
        return True
    if _CONT_START.match(cur):
        return True
    return bool(_OPEN_END.search(prev)) and not markers_at(prev)


def build_paragraphs(lines: Iterable[Line]) -> list[Para]:
    """Paragraphs from kept lines, in order."""
    paras: list[Para] = []
    group: list[Line] = []
    fragment = False  # the last line was a fragment joined to the paragraph before it

    def flush() -> None:
        if not group:
            return
        pieces: list[tuple[int, int]] = []
        off = 0
        for ln in group:
            pieces.append((off, ln.start))
            off += len(ln.text)
        text = "".join(ln.text for ln in group)
        paras.append(Para(text, group[0].start, group[-1].end, tuple(pieces)))
        group.clear()

    for line in lines:
        # Never join across a blank line or a removed line (an advert in between).
        adjacent = bool(group) and not line.blank_before and line.index == group[-1].index + 1
        joined = adjacent and _joins(group[-1].text, line.text, fragment)
        if not joined:
            flush()
        group.append(line)
        fragment = joined and (_tiny(line.text) or bool(_FRAGMENT.fullmatch(line.text)))
    flush()
    return paras
