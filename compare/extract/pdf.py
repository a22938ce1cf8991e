"""PDF files: text lines by position (pdfminer.six), page furniture found, paragraphs rebuilt.

A PDF holds no paragraphs, only positioned lines, and every page repeats its
running header, footer and page number. From pdfminer.six's layout analysis
(each text line with its box) this module:

1. **finds the page furniture**: a line among the first or last two of a page that
   is a page number (``— 3 —``, ``- 3 -``, ``第3页``, ``3/12``, ``Page 3 of 12``), or
   whose text (digits aside) recurs at the top or bottom of at least half of the
   pages (two at least). These lines stay in the extracted text, on lines of their
   own between paragraphs, and are reported (``page header``, ``page footer``,
   ``page number``) as removed spans, so the parser never reads them;
2. **rebuilds paragraphs**: a line continues the one before when the previous
   line ran to the right margin (the first word of the next line would not have
   fitted after it), the next line is not indented, and the gap between them is
   an ordinary line pitch. This also joins a sentence broken across a page break.
   Chinese lines are joined without a space, Latin ones with one.

Encrypted files open when their user password is empty (permissions only), as
readers do; otherwise they get one line: a password is needed. A file whose fonts
carry no Unicode map (text comes out as ``(cid:…)``) or that holds no text layer
(a scan) is refused with a reason, never read as garbage.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..model import Removed
from ..textio import InputError

__all__ = ["extract_pdf", "extractor_name"]

_EDGE = 2  # lines at the top and bottom of a page that may be furniture
_PAGE_NO = re.compile(
    r"[-—–－_·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
    r"[-—–－_·•\s]*|(?i:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)"
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_CID = re.compile(r"\(cid:\d+\)")
_NO_START = frozenset("。，、；：？！）)]」』”’》〉】…,.;:?!%％")
_NO_END = frozenset("“‘（(［[《〈【「『")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-.,%/]*")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)\]\"'%]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[\"']")


def extractor_name() -> str:
    try:
        return f"pdfminer.six {version('pdfminer.six')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return "pdfminer.six"


@dataclass(frozen=True, slots=True)
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)

    @property
    def cjk(self) -> bool:
        """Mostly Chinese (or Japanese) text: set in a CJK font, where quotes are wide."""
        wide = sum(1 for c in self.text if unicodedata.east_asian_width(c) in "WF")
        return wide * 2 > len(self.text)

    def cells(self, text: str) -> int:
        """Width of ``text`` in half-em cells as this line's font sets it."""
        wide = "WFA" if self.cjk else "WF"
        return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)

    def char_width(self) -> float:
        """Average advance of one half-em cell on this line."""
        return (self.x1 - self.x0) / (self.cells(self.text) or 1)


#: One character of a line: (x0, x1, text, real). ``real`` is False for a space
#: pdfminer.six inserted where it saw a gap (no glyph there).
_Glyph = tuple[float, float, str, bool]


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _text(glyphs: Sequence[_Glyph], em: float) -> str:
    """A line's text from its glyphs, left to right.

    A gap pdfminer.six read as a space between a Chinese character and its
    neighbour is dropped when it is narrower than 0.6 em: that is typesetting
    (justification, the quarter-em a word processor puts between Chinese and
    Latin or digits: ``从 11.37 万亿元``), not a space the author typed. Spaces that
    are glyphs in the PDF stay.
    """
    out: list[str] = []
    for k, (_, _, text, real) in enumerate(glyphs):
        if not real and text == " " and 0 < k < len(glyphs) - 1:
            before, after = glyphs[k - 1], glyphs[k + 1]
            near = after[0] - before[1] < 0.6 * em
            if near and (_is_cjk(before[2][-1:] or "a") or _is_cjk(after[2][:1] or "a")):
                continue
        out.append(text)
    return "".join(out).strip()


def _merge(fragments: list[tuple[float, float, list[_Glyph]]], page: int) -> list[_Line]:
    """Lines of one page, top to bottom: fragments on one baseline become one line.

    pdfminer.six may cut a line where a wide gap opens, or set a character from a
    fallback font (``∶`` in ``4.0∶37.7∶58.3``) a little above or below its
    neighbours as a line of its own; fragments that overlap vertically by more
    than half their height are one line, their glyphs in left-to-right order.
    """
    fragments.sort(key=lambda f: -f[1])
    groups: list[tuple[float, float, list[_Glyph]]] = []
    for y0, y1, glyphs in fragments:
        if groups:
            g0, g1, have = groups[-1]
            overlap = min(g1, y1) - max(g0, y0)
            if overlap > 0.5 * min(g1 - g0, y1 - y0):
                groups[-1] = (min(g0, y0), max(g1, y1), have + glyphs)
                continue
        groups.append((y0, y1, list(glyphs)))
    out: list[_Line] = []
    for y0, y1, glyphs in groups:
        real = [g for g in glyphs if g[3]]
        if not real:
            continue
        em = max(1.0, y1 - y0)
        ordered = sorted(glyphs, key=lambda g: (g[0], not g[3]))
        spaced: list[_Glyph] = []
        for g in ordered:  # a space where two fragments meet far apart
            if spaced and g[0] - spaced[-1][1] > 0.3 * em and spaced[-1][2] != " ":
                spaced.append((spaced[-1][1], spaced[-1][1], " ", False))
            spaced.append(g)
        text = _text(spaced, em)
        if text:
            x0 = min(g[0] for g in real)
            x1 = max(g[1] for g in real)
            out.append(_Line(page, text, x0, x1, y0, y1))
    return out


def _pages(data: bytes, source: str) -> list[list[_Line]]:
    """Text lines of every page, top to bottom."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTAnno, LTChar, LTTextContainer, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    def lines_of(obj: Any) -> Iterator[tuple[float, float, list[_Glyph]]]:
        for child in obj:
            if isinstance(child, LTTextLineHorizontal):
                glyphs: list[_Glyph] = []
                for item in child:
                    if isinstance(item, LTChar):
                        glyphs.append((item.x0, item.x1, item.get_text(), True))
                    elif isinstance(item, LTAnno) and item.get_text() == " " and glyphs:
                        at = glyphs[-1][1]
                        glyphs.append((at, at, " ", False))
                if glyphs:
                    yield child.y0, child.y1, glyphs
            elif isinstance(child, LTTextContainer):
                yield from lines_of(child)

    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)  # pdfminer warns about every odd font on stderr
    try:
        return [
            _merge(list(lines_of(layout)), k)
            for k, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()))
        ]
    except PDFPasswordIncorrect:
        raise InputError(source, "encrypted PDF: a password is needed to open it") from None
    except PDFEncryptionError as exc:
        raise InputError(source, f"encrypted PDF: {exc}") from None
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer's syntax, stream and font errors: a damaged file
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise InputError(source, f"damaged PDF: {reason[:120]}") from None
    finally:
        log.setLevel(level)


def _edge_key(line: _Line) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", line.text))


def _furniture(pages: Sequence[Sequence[_Line]]) -> dict[tuple[int, int], str]:
    """(page, line index) → reason, for every header, footer and page number."""
    out: dict[tuple[int, int], str] = {}
    n = len(pages)
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        tops.update({_edge_key(ln) for ln in lines[:_EDGE]})
        bottoms.update({_edge_key(ln) for ln in lines[-_EDGE:]})
    need = max(2, math.ceil(n / 2))
    for k, lines in enumerate(pages):
        m = len(lines)
        for i, ln in enumerate(lines):
            top, bottom = i < _EDGE, i >= m - _EDGE
            if not (top or bottom):
                continue
            if _PAGE_NO.fullmatch(ln.text) and any(c.isdigit() for c in ln.text):
                out[(k, i)] = "page number"
            elif n >= 2 and top and tops[_edge_key(ln)] >= need:
                out[(k, i)] = "page header"
            elif n >= 2 and bottom and bottoms[_edge_key(ln)] >= need:
                out[(k, i)] = "page footer"
    return out


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where body text runs on the page: margins, type size, line pitch."""

    left: float
    right: float
    em: float
    pitch: float


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _frames(body: Sequence[_Line], pages: int) -> list[_Frame]:
    """The text frame of each page: per page parity (mirrored margins), else the document's."""
    em = statistics.median(ln.height for ln in body)
    pitches = [
        a.y0 - b.y0
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < a.y0 - b.y0 < 4 * em
    ]
    pitch = statistics.median(pitches) if pitches else 1.5 * em

    def frame(lines: Sequence[_Line]) -> _Frame:
        left = _percentile([ln.x0 for ln in lines], 0.1)
        # The right margin: where the long lines end (justified text ends them all at
        # one place; ragged text within a character of it). A median, so that a line
        # overhanging the frame does not move it.
        far = _percentile([ln.x1 for ln in lines], 0.98)
        long = [ln.x1 for ln in lines if ln.x1 >= left + 0.85 * (far - left)]
        return _Frame(left, statistics.median(long), em, pitch)

    whole = frame(body)
    by_parity = []
    for parity in (0, 1):
        lines = [ln for ln in body if ln.page % 2 == parity]
        by_parity.append(frame(lines) if len(lines) >= 20 else whole)
    return [by_parity[k % 2] for k in range(pages)]


def _first_token(text: str) -> str:
    """What must fit on the line before for a break to be a wrap: opening quotes or
    brackets (they may not end a line), then a word or one CJK character, then the
    punctuation that may not start a line."""
    i = 0
    while i < len(text) - 1 and text[i] in _NO_END:
        i += 1
    m = _WORD.match(text, i)
    i = m.end() if m else i + 1
    while i < len(text) and text[i] in _NO_START:
        i += 1
    return text[:i]


def _continues(prev: _Line, cur: _Line, frames: Sequence[_Frame]) -> bool:
    """Whether ``cur`` goes on with the paragraph that ``prev`` belongs to."""
    f = frames[cur.page]
    fp = frames[prev.page]
    if cur.x0 > f.left + 0.6 * f.em:
        return False  # indented: a new paragraph (or a centred line)
    if prev.page == cur.page:
        gap = prev.y0 - cur.y0
        if not 0 < gap <= 1.6 * f.pitch:
            return False  # a blank line's worth of space, or out of order
    elif cur.page != prev.page + 1:
        return False
    token = _first_token(cur.text)
    need = cur.char_width() * cur.cells(token)
    return prev.x1 + need > fp.right - 0.2 * fp.em


def _joiner(prev: str, cur: str) -> str:
    return " " if _LATIN_END.search(prev) and _LATIN_START.match(cur) else ""


def extract_pdf(data: bytes, source: str) -> tuple[str, tuple[Removed, ...]]:
    """The text of a PDF and its page furniture (spans into that text)."""
    pages = _pages(data, source)
    furniture = _furniture(pages)
    body = [
        ln for k, lines in enumerate(pages) for i, ln in enumerate(lines) if (k, i) not in furniture
    ]
    chars = sum(len(ln.text) for ln in body)
    if chars == 0:
        raise InputError(source, "no text in the PDF (a scanned image?): run OCR on it first")
    if sum(len(m.group()) for ln in body for m in _CID.finditer(ln.text)) > chars / 2:
        raise InputError(
            source, "PDF text cannot be read: its fonts carry no Unicode map ((cid:…) glyphs)"
        )
    frames = _frames(body, len(pages))
    out: list[str] = []
    removed: list[Removed] = []
    pos = 0
    paragraph: list[str] = []
    pending: list[tuple[str, str]] = []  # furniture met inside the current paragraph
    prev: _Line | None = None

    def emit(text: str, reason: str = "") -> None:
        nonlocal pos
        if reason:
            removed.append(Removed((pos, pos + len(text)), reason, text))
        out.append(text + "\n")
        pos += len(text) + 1

    def close() -> None:
        if paragraph:
            emit("".join(paragraph))
            paragraph.clear()
        for text, reason in pending:
            emit(text, reason)
        pending.clear()

    for k, lines in enumerate(pages):
        for i, ln in enumerate(lines):
            reason = furniture.get((k, i))
            if reason is not None:
                if paragraph:
                    pending.append((ln.text, reason))
                else:
                    emit(ln.text, reason)
                continue
            if prev is not None and paragraph and _continues(prev, ln, frames):
                paragraph.append(_joiner(paragraph[-1], ln.text) + ln.text)
            else:
                close()
                paragraph.append(ln.text)
            prev = ln
    close()
    return "".join(out), tuple(removed)
