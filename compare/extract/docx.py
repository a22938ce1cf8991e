"""Word ``.docx`` files: paragraphs in reading order, with the numbers Word generates.

The text handed to the parser is one line per paragraph (tables and content
controls included, in document order), as a reader sees it:

- list numbers that Word computes (``w:numPr``, on the paragraph or its style) are
  rendered from ``numbering.xml`` (:mod:`compare.extract.numbering`) and put in
  front of the paragraph's text, so ``一、`` and ``（二）`` reach the parser like a
  typed marker;
- Word's heading styles are level evidence: a paragraph styled ``Title`` (``标题``)
  gets a Markdown ``# `` prefix, and a heading (``Heading N``, ``标题 N``, or any
  style or paragraph with an outline level) that carries no number of its own gets
  ``N + 1`` hashes, so the parser nests unnumbered headings by their Word level;
- tracked changes read as accepted (insertions kept, deletions dropped); field
  codes, text boxes, headers, footers and notes are left out.

Spans then index this text (what ``speechdiff parse --format text`` prints).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..markers import markers_at
from ..textio import InputError
from .numbering import Numbering, W

__all__ = ["MAX_UNPACKED", "extract_docx"]

#: Refuse a .docx whose parts unpack to more than this (a zip bomb, not a speech).
MAX_UNPACKED = 256 * 1024 * 1024
_HEADING_NAME = re.compile(r"(?i)^(?:heading|标题)\s*([1-9])$")
_TITLE_NAMES = frozenset({"title", "标题"})
_SKIP = frozenset({W + "del", W + "moveFrom", W + "txbxContent"})


def extractor_name() -> str:
    try:
        return f"python-docx {version('python-docx')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return "python-docx"


class _Style:
    __slots__ = ("based_on", "name", "num", "outline")

    def __init__(self, el: Any) -> None:
        name = el.find(W + "name")
        self.name = str(name.get(W + "val", "")) if name is not None else ""
        based = el.find(W + "basedOn")
        self.based_on = str(based.get(W + "val", "")) if based is not None else ""
        ppr = el.find(W + "pPr")
        self.outline = _outline(ppr)
        self.num = _num_pr(ppr)


def _outline(ppr: Any) -> int | None:
    el = ppr.find(W + "outlineLvl") if ppr is not None else None
    if el is None:
        return None
    try:
        level = int(el.get(W + "val", "9"))
    except ValueError:
        return None
    return level if 0 <= level <= 8 else None  # 9 is "body text"


def _num_pr(ppr: Any) -> tuple[str | None, int | None] | None:
    el = ppr.find(W + "numPr") if ppr is not None else None
    if el is None:
        return None
    num = el.find(W + "numId")
    lvl = el.find(W + "ilvl")
    num_id = str(num.get(W + "val")) if num is not None else None
    try:
        ilvl = int(lvl.get(W + "val")) if lvl is not None else None
    except (TypeError, ValueError):
        ilvl = None
    return num_id, ilvl


class _Styles:
    """Paragraph styles by id, with inheritance along ``basedOn``."""

    def __init__(self, root: Any) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default = ""
        if root is None:
            return
        for el in root.iterfind(W + "style"):
            if el.get(W + "type") not in (None, "paragraph"):
                continue
            sid = str(el.get(W + "styleId", ""))
            self.by_id[sid] = _Style(el)
            if el.get(W + "default") in ("1", "true", "on"):
                self.default = sid

    def chain(self, sid: str) -> Iterator[tuple[str, _Style]]:
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 16:
            seen.add(sid)
            style = self.by_id[sid]
            yield sid, style
            sid = style.based_on

    def heading_level(self, sid: str) -> int | None:
        """0 for a title style, N for a heading of level N, None for body text."""
        for _, style in self.chain(sid):
            name = style.name.strip().lower()
            if name in _TITLE_NAMES:
                return 0
            m = _HEADING_NAME.match(name)
            if m:
                return int(m.group(1))
            if style.outline is not None:
                return style.outline + 1
        return None

    def num(self, sid: str) -> tuple[str | None, int | None, str]:
        """The list a style numbers its paragraphs with, and the style that says so."""
        for owner, style in self.chain(sid):
            if style.num is not None and style.num[0] is not None:
                return style.num[0], style.num[1], owner
        return None, None, ""

    def style_lists(self) -> dict[str, tuple[str, int | None]]:
        out: dict[str, tuple[str, int | None]] = {}
        for sid, style in self.by_id.items():
            if style.num is not None and style.num[0] is not None:
                out[sid] = (style.num[0], style.num[1])
        return out


def _paragraph_text(p: Any) -> str:
    """The text of paragraph element ``p`` as Word shows it with changes accepted."""
    out: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        parent = el.getparent()
        if parent is None or parent.tag != W + "r":
            continue  # a tab stop definition in w:pPr, not a tab character
        node = parent.getparent()
        hidden = False
        while node is not None and node is not p:
            if node.tag in _SKIP or node.tag == W + "p":
                hidden = True
                break
            node = node.getparent()
        if hidden:
            continue
        tag = el.tag
        if tag == W + "t":
            out.append(el.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif el.get(W + "type") in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraph elements under ``parent`` in reading order (tables, content controls)."""
    for el in parent:
        tag = el.tag
        if tag == W + "p":
            yield el
        elif tag == W + "tbl":
            for tr in el.iterfind(W + "tr"):
                for tc in tr.iterfind(W + "tc"):
                    yield from _blocks(tc)
        elif tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if tag == W + "sdt" else el
            if content is not None:
                yield from _blocks(content)


def _check_zip(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            bad = zf.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise InputError(source, f"damaged Word file: {exc}") from None
    if bad is not None:
        raise InputError(source, f"damaged Word file: part {bad} is corrupt")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(
            source, f"Word file too large: its parts unpack to more than {MAX_UNPACKED >> 20} MiB"
        )


def extract_docx(data: bytes, source: str) -> str:
    """The text of a ``.docx`` file; raises :class:`InputError` for a damaged one."""
    _check_zip(data, source)
    import docx
    from docx.opc.exceptions import PackageNotFoundError as NotADocx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _Styles(document.styles.element)
        try:
            numbering_root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
    except (NotADocx, KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise InputError(source, f"damaged Word file: {exc}") from None
    except Exception as exc:  # lxml's XMLSyntaxError and kin: the XML is broken
        raise InputError(source, f"damaged Word file: {type(exc).__name__}: {exc}") from None
    numbering = Numbering(numbering_root, styles.style_lists())
    lines = []
    for p in _blocks(body):
        lines.append(_line(p, styles, numbering))
    return "\n".join(lines) + "\n"


def _line(p: Any, styles: _Styles, numbering: Numbering) -> str:
    ppr = p.find(W + "pPr")
    style_el = ppr.find(W + "pStyle") if ppr is not None else None
    sid = str(style_el.get(W + "val", "")) if style_el is not None else styles.default
    text = _paragraph_text(p)
    num_id, ilvl, owner = styles.num(sid)
    own = _num_pr(ppr)
    if own is not None:
        num_id = own[0] if own[0] is not None else num_id
        ilvl = own[1] if own[1] is not None else ilvl
    marker = ""
    if num_id is not None and (text.strip() or own is not None):
        if ilvl is None:
            ilvl = numbering.level_for_style(num_id, owner or sid) or 0
        marker = numbering.marker(num_id, ilvl)
    line = marker + text.lstrip() if marker else text
    outline = _outline(ppr)
    level = outline + 1 if outline is not None else styles.heading_level(sid)
    if level is None or not line.strip():
        return line
    if level == 0:
        return "# " + line.lstrip()
    if markers_at(line.lstrip()):
        return line  # numbered: the marker says the level
    return "#" * min(6, level + 1) + " " + line.lstrip()
