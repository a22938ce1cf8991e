"""Group kept lines into paragraphs, repairing lines that a PDF or web copy broke mid-sentence.

A paragraph is usually one line. Lines are joined when the break cannot be a real
paragraph end: the previous line stops on ``的``/``和``/``、``, the next one opens
with ``：``/``，``, or a fragment such as ``2.5`` (from ``PM2.5`` with the subscript
lost) stands alone. Latin-script text wrapped at line ends (a bill's provisions, a
PDF's lines) is joined, with a space, when the previous line stops mid-sentence and
the next opens with a lower-case letter, or the previous stops on a word that
cannot end a sentence (``of``, ``the``, ``shall``…): ``(B) For any legitimate
contact made by an official or agency of this state or`` / ``county, city…``;
also across one blank line (a double-spaced PDF), which otherwise ends a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lines import Line
from .markers import bare_marker, markers_at

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
_LATIN_LOWER = re.compile(r"[a-z]")
_LATIN_START = re.compile(r"[A-Za-z0-9(]")
_LAST_WORD = re.compile(r"([A-Za-z]+)$")
_LAST_RUN = re.compile(r"[A-Za-z0-9,\-]+$")
# Words a sentence does not end on: a line that stops on one goes on in the next.
_BOUND = frozenset({
    "a", "an", "and", "any", "as", "at", "be", "by", "for", "from", "in", "into", "is", "no",
    "not", "of", "on", "or", "shall", "such", "than", "that", "the", "this", "to", "under",
    "upon", "which", "who", "with",
})  # fmt: skip


def _gap(prev: str, cur: str) -> str:
    """What stood at a line break between two joined lines: a space between Latin words
    (``federal`` / ``law.``), nothing in Chinese (``以PM`` / ``2.5浓度``)."""
    last = _LAST_RUN.search(prev)
    if last is None or not _LATIN_START.match(cur):
        return ""
    before = prev[: last.start()]
    return " " if not before or before[-1] in " \t,;" else ""


def _latin_joins(prev: str, cur: str) -> bool:
    """``cur`` goes on with the sentence ``prev`` (Latin script) left open."""
    end = prev[-1]
    if not (end.isascii() and (end.isalnum() or end in ",-")) or not _LATIN_START.match(cur):
        return False
    if _LATIN_LOWER.match(cur):
        return True
    last = _LAST_WORD.search(prev)
    return last is not None and last.group(1).lower() in _BOUND


def _joins(prev: str, cur: str, prev_joined_fragment: bool) -> str | None:
    """How ``cur`` joins the paragraph whose last line is ``prev``: ``""`` (Chinese:
    nothing between), ``" "`` (Latin script wrapped at a space), or None (a new one)."""
    if markers_at(cur) or APPENDIX.fullmatch(cur):
        return None
    if prev_joined_fragment or _CONT_START.match(cur) or _latin_joins(prev, cur):
        return _gap(prev, cur)
    if (
        (_tiny(cur) or _FRAGMENT.fullmatch(cur))
        and len(prev) > _BROKEN_MIN
        and prev[-1] not in "。！？!?：:；;”"
    ):
        return _gap(prev, cur)
    return "" if _OPEN_END.search(prev) and not markers_at(prev) else None


def build_paragraphs(lines: Iterable[Line]) -> list[Para]:
    """Paragraphs from kept lines, in order."""
    paras: list[Para] = []
    group: list[Line] = []
    seps: list[str] = []  # what goes before each line of the group
    fragment = False  # the last line was a fragment joined to the paragraph before it
    numbered = False  # the last line was joined to a marker alone on the line before it

    def flush() -> None:
        if not group:
            return
        pieces: list[tuple[int, int]] = []
        parts: list[str] = []
        off = 0
        for ln, sep in zip(group, seps, strict=True):
            parts.append(sep)
            off += len(sep)
            pieces.append((off, ln.start))
            parts.append(ln.text)
            off += len(ln.text)
        text = "".join(parts)
        paras.append(Para(text, group[0].start, group[-1].end, tuple(pieces)))
        group.clear()
        seps.clear()

    for line in lines:
        # Never join across a removed line (an advert in between), nor across a blank
        # line unless a Latin sentence plainly goes on (a double-spaced PDF).
        sep = None
        after_marker = False
        if group and line.index == group[-1].index + 1:
            if len(group) == 1 and bare_marker(group[0].text) and not markers_at(line.text):
                # A marker alone on its line numbers the line after it (across a blank).
                sep = " " if group[0].text.rstrip()[-1:].isascii() else ""
                after_marker = True
            elif numbered:
                # That line was a heading line, or a sentence that may wrap on.
                if not markers_at(line.text) and _latin_joins(group[-1].text, line.text):
                    sep = " "
            elif not line.blank_before:
                sep = _joins(group[-1].text, line.text, fragment)
            elif not markers_at(line.text) and _latin_joins(group[-1].text, line.text):
                sep = " "
        joined = sep is not None
        if not joined:
            flush()
        numbered = after_marker
        group.append(line)
        seps.append(sep or "")
        fragment = joined and (_tiny(line.text) or bool(_FRAGMENT.fullmatch(line.text)))
    flush()
    return paras
