"""The parser: decoded text in, :class:`~compare.model.ParsedFile` out.

Pipeline: lines (:mod:`compare.lines`) → noise removed (:mod:`compare.clean`) →
paragraphs (:mod:`compare.paragraphs`) → speeches (:mod:`compare.split`) → section
starts (:mod:`compare.outline`) → the section tree built here.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .clean import find_noise, trim_line_numbers
from .cues import closing_cue, is_heading_like, is_title, salutation_length
from .lines import Line, split_lines
from .markers import markers_at
from .model import Document, ParsedFile, Part, Removed, Section, Span
from .outline import Item, find_items, is_appendix, shared_clause_cuts, split_heading
from .paragraphs import Para, build_paragraphs
from .split import Segment, split_documents
from .textio import Decoded, Replacement, read_bytes

__all__ = [
    "UNDECODABLE",
    "parse_bytes",
    "parse_decoded",
    "parse_file",
    "parse_text",
    "undecodable_note",
]

UNDECODABLE = "undecodable bytes"  # the reason of a removed span where bad bytes were

_FRONT_SCAN = 24
_MD_TITLE = re.compile(r"^#[ \t]+")
_FRONT_LINE_MAX = 60
Pos = tuple[int, int]  # (paragraph index, character offset in it)


def parse_file(path: str | os.PathLike[str]) -> ParsedFile:
    """Read, decode (or extract: .docx, PDF) and parse one file (``-``: standard input).

    Raises :class:`~compare.textio.InputError`. Bytes that were not valid in the
    file's encoding are listed in ``removed`` (reason ``undecodable bytes``).
    """
    return parse_bytes(read_bytes(path), os.fspath(path))


def parse_bytes(data: bytes, source: str) -> ParsedFile:
    """Parse a file's bytes: text, Word or PDF, told apart by the bytes themselves."""
    from .extract import extract

    got = extract(data, source)
    parsed = parse_text(got.text, source=source, **got.options())
    return with_replaced(parsed, got.replaced)


def parse_decoded(found: Decoded, source: str) -> ParsedFile:
    """Parse decoded text, listing its replaced bytes in ``removed``."""
    parsed = parse_text(found.text, source=source, encoding=found.encoding)
    return with_replaced(parsed, found.replaced)


def with_replaced(parsed: ParsedFile, replaced: Sequence[Replacement]) -> ParsedFile:
    """``parsed`` with the bytes decoding replaced listed in ``removed``."""
    if not replaced:
        return parsed
    bad = [Removed((r.char, r.char + 1), UNDECODABLE, r.describe()) for r in replaced]
    return replace(parsed, removed=tuple(sorted((*parsed.removed, *bad), key=lambda r: r.span)))


def undecodable_note(parsed: ParsedFile) -> str:
    """What was replaced in decoding, in one line ("" when nothing was)."""
    bad = [r for r in parsed.removed if r.reason == UNDECODABLE]
    if not bad:
        return ""
    n = sum(r.text.count("\\x") for r in bad)
    at = ", ".join(str(r.span[0]) for r in bad[:5]) + (", …" if len(bad) > 5 else "")
    return (
        f"{n} {'byte' if n == 1 else 'bytes'} not valid {parsed.encoding} replaced with "
        f"U+FFFD (at character {at})"
    )


def parse_text(
    text: str,
    source: str = "<text>",
    encoding: str = "utf-8",
    *,
    furniture: Sequence[Removed] = (),
    format: str = "text",
    extractor: str = "",
) -> ParsedFile:
    """Parse decoded ``text``; every span in the result indexes ``text``.

    ``furniture``: spans an extractor found to be page headers, footers or numbers.
    Lines inside them are reported as removed and are invisible to the rest of the
    parser, so a sentence broken around them still joins up.
    """
    lines = split_lines(text)
    removed: list[Removed] = list(furniture)
    if furniture:
        lines = _without(lines, furniture)
    lines, numbers = trim_line_numbers(lines)
    noise = find_noise(lines)
    removed += _removed(lines, noise) + numbers
    paras = build_paragraphs(ln for ln in lines if ln.index not in noise)
    segments, orphans = split_documents(paras)
    for i in orphans:
        p = paras[i]
        removed.append(Removed((p.start, p.end), "title without a speech", p.text))
    removed.sort(key=lambda r: r.span)
    docs: list[Document] = []
    for seg in segments:
        doc = _document(paras, seg, len(docs))
        if doc is not None:
            docs.append(doc)
    return ParsedFile(
        source, text, encoding, tuple(docs), tuple(removed), format=format, extractor=extractor
    )


def _without(lines: Sequence[Line], furniture: Sequence[Removed]) -> list[Line]:
    """``lines`` minus those inside a furniture span, numbered as if those were never there."""
    spans = sorted(r.span for r in furniture)
    kept: list[Line] = []
    k = 0
    for line in lines:
        while k < len(spans) and spans[k][1] <= line.start:
            k += 1
        if k < len(spans) and spans[k][0] <= line.start and line.end <= spans[k][1]:
            continue
        kept.append(dataclasses.replace(line, index=len(kept)))
    return kept


def _removed(lines: Sequence[Line], noise: dict[int, str]) -> list[Removed]:
    out: list[Removed] = []
    run: list[Line] = []
    reason = ""

    def flush() -> None:
        if run:
            out.append(
                Removed((run[0].start, run[-1].end), reason, "\n".join(ln.text for ln in run))
            )
            run.clear()

    for line in lines:
        r = noise.get(line.index)
        if r is None or r != reason or (run and run[-1].index != line.index - 1):
            flush()
        if r is not None:
            reason = r
            run.append(line)
    flush()
    return out


class _Builder:
    """Turns one speech's paragraphs and section starts into frozen model objects."""

    def __init__(self, paras: Sequence[Para]) -> None:
        self.paras = paras

    def file_pos(self, pos: Pos) -> int:
        if pos[0] >= len(self.paras):
            return self.paras[-1].end
        return self.paras[pos[0]].at(pos[1])

    def region(self, a: Pos, b: Pos) -> tuple[str, Span]:
        """Text and exact span of paragraphs from position ``a`` up to (not including) ``b``.

        Paragraphs are joined with newlines; the span runs from the first to the last
        non-space character taken.
        """
        chunks: list[str] = []
        first = last = -1
        (pa, oa), (pb, ob) = a, b
        for i in range(pa, min(pb, len(self.paras) - 1) + 1):
            para = self.paras[i]
            t = para.text
            lo = oa if i == pa else 0
            hi = ob if i == pb else len(t)
            piece = t[lo:hi]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            if first < 0:
                first = para.at(lo + lead)
            last = para.end_at(lo + lead + len(stripped))
            chunks.append(stripped)
        if not chunks:
            at = self.file_pos(a) if pa < len(self.paras) else self.paras[-1].end
            return "", (at, at)
        return "\n".join(chunks), (first, last)

    def part(self, a: Pos, b: Pos) -> Part | None:
        text, span = self.region(a, b)
        return Part(text, span) if text else None


def _front(paras: Sequence[Para], seg: Segment) -> tuple[int | None, int | None, int, Pos]:
    """Title paragraph, salutation paragraph, salutation length, and where the opening starts."""
    title = seg.title
    lo = seg.start
    first = paras[lo].text
    if (
        title is None
        and seg.end - lo > 1
        and not salutation_length(first)
        and (
            is_title(first)
            or is_heading_like(first)
            or (
                _MD_TITLE.match(first)
                and not any(_MD_TITLE.match(paras[j].text) for j in range(lo + 1, seg.end))
            )
        )
    ):
        title = lo
    scan_end = min(seg.end, lo + _FRONT_SCAN)
    for i in range(lo, scan_end):
        n = salutation_length(paras[i].text)
        if n:
            body = len(paras[i].text) > n
            return title, i, n, (i, n) if body else (i + 1, 0)
        if i != title and len(paras[i].text) > _FRONT_LINE_MAX and not is_title(paras[i].text):
            break
    # No salutation: the front matter is the title and the short lines after it.
    i = lo if title is None else title + 1
    if title is not None:
        while (
            i < seg.end
            and len(paras[i].text) <= 40
            and paras[i].text[-1] not in "。！？!?：:"
            and not closing_cue(paras[i].text)
            and not _starts_section(paras[i].text)
        ):
            i += 1
    return title, None, 0, (i, 0)


def _starts_section(text: str) -> bool:
    return bool(markers_at(text)) or is_appendix(text)


def _closing_start(paras: Sequence[Para], items: list[Item], lo: int, hi: int) -> int:
    """First paragraph of the closing in ``lo:hi`` (``hi`` when there is none)."""
    start = (items[-1].para + 1) if items else lo + 1
    if items:
        for i in range(start, hi):
            if closing_cue(paras[i].text):
                return i
        return hi
    # No sections: the closing is the last run of closing paragraphs.
    i = hi
    while i - 1 >= start and closing_cue(paras[i - 1].text):
        i -= 1
    return i


def _document(paras: Sequence[Para], seg: Segment, index: int) -> Document | None:
    b = _Builder(paras)
    title_i, sal_i, sal_n, open_at = _front(paras, seg)
    appendix = next((i for i in range(open_at[0], seg.end) if is_appendix(paras[i].text)), seg.end)
    body_lo = open_at[0] if open_at[1] == 0 else open_at[0] + 1
    items = find_items(paras, open_at[0], seg.end) if open_at[0] < seg.end else []
    if open_at[1] and items and items[0].para == open_at[0] and items[0].offset == 0:
        items[0].offset = open_at[1]
    main_items = [it for it in items if it.para < appendix]
    close_i = _closing_start(paras, main_items, body_lo, appendix)
    items = [it for it in items if it.para < close_i or it.para >= appendix]

    title = _MD_TITLE.sub("", paras[title_i].text, count=1) if title_i is not None else ""
    title_part = None
    if title_i is not None:
        tp = paras[title_i]
        title_part = Part(title, (tp.at(len(tp.text) - len(title)), tp.end))
    front_lo = seg.start
    front_parts = [
        i for i in range(front_lo, sal_i if sal_i is not None else open_at[0]) if i != title_i
    ]
    front = None
    if front_parts:
        front = b.part((front_parts[0], 0), (front_parts[-1] + 1, 0))
    salutation = None
    if sal_i is not None:
        p = paras[sal_i]
        salutation = Part(p.text[:sal_n].strip(), (p.start, p.at(sal_n)))
    first = (items[0].para, items[0].offset) if items else (close_i, 0)
    opening = b.part(open_at, first) if open_at < first else None
    closing = b.part((close_i, 0), (appendix, 0)) if close_i < appendix else None
    sections = _tree(b, items, (close_i, 0), (seg.end, 0), appendix)
    start = paras[seg.start].start
    end = paras[seg.end - 1].end
    if not sections and opening is None and closing is None:
        return None
    return Document(
        index, title, (start, end), tuple(sections), title_part, front, salutation, opening, closing
    )


def _tree(
    b: _Builder, items: list[Item], close_at: Pos, seg_end: Pos, appendix: int
) -> list[Section]:
    """Build the nested sections from flat section starts."""
    paras = b.paras
    n = len(items)
    heads: list[tuple[str, str, Span, Pos, bool]] = []  # marker, heading, heading span, body from
    bodies = [_item_body(paras, items, k) for k in range(n)]
    cuts = _list_cuts(items, bodies)
    for k, it in enumerate(items):
        p = paras[it.para]
        if it.marker.style == "appendix":
            text = p.text
            if it.heading_para is not None:
                q = paras[it.heading_para]
                body_from = (it.heading_para + 1, 0)
                heads.append((text.rstrip("：:"), q.text, (q.start, q.end), body_from, False))
            elif not text.startswith("附"):  # "注释", "名词解释": the word is the heading
                heads.append(("", text, (p.start, p.end), (it.para + 1, 0), False))
            else:  # "附件1：2026年省十件民生实事"
                m = re.match(r"(附[件录表]\s*[\d一二三四五六七八九十]*)[：:]?\s*", text)
                cut = m.end() if m else 0
                marker = m.group(1) if m else ""
                heads.append((marker, text[cut:], (p.at(cut), p.end), (it.para + 1, 0), False))
            continue
        # An item's heading stops where the next item starts in the same paragraph
        # (``Sec. 3. (1) Employees shall accrue…``: section 3's heading is empty).
        same = k + 1 < n and items[k + 1].para == it.para
        body = bodies[k]
        if it.implicit and same:
            at = p.at(it.offset)
            heads.append(("", "", (at, at), (it.para, it.offset), False))
            continue
        h_end, resume = cuts.get(k) or split_heading(body)
        base = it.offset + it.marker.length
        raw = body[:h_end]
        lead = len(raw) - len(raw.lstrip())
        heading = raw.strip()
        h_start = p.at(base + lead)
        h_span = (h_start, max(h_start, p.end_at(base + lead + len(heading))))
        heads.append(
            (it.marker.text, heading, h_span, (it.para, base + resume), resume < len(body))
        )

    def bound(k: int) -> Pos:
        """Where item ``k``'s own text stops."""
        nxt = (items[k + 1].para, items[k + 1].offset) if k + 1 < n else seg_end
        if items[k].para < appendix <= nxt[0] and close_at[0] <= nxt[0]:
            return min(close_at, nxt)
        return nxt

    built: list[tuple[int, dict[str, Any]]] = []  # (depth, Section fields) in document order
    for k, it in enumerate(items):
        marker, heading, h_span, body_from, inline = heads[k]
        stop = bound(k)
        if body_from < stop:
            text, t_span = b.region(body_from, stop)
        else:
            text, t_span = "", (h_span[1], h_span[1])
        start = paras[it.para].at(it.offset)
        end = max(h_span[1], t_span[1] if text else h_span[1])
        fields = {
            "marker": marker,
            "heading": heading,
            "text": text,
            "span": (start, end),
            "heading_span": h_span,
            "style": it.marker.style,
            "number": it.marker.number or None,
            "inline": inline,
            "implicit": it.implicit,
        }
        built.append((it.depth, fields))
    return _nest(built)


def _item_body(paras: Sequence[Para], items: list[Item], k: int) -> str:
    """Item ``k``'s paragraph after its marker, up to the next item starting in it."""
    it = items[k]
    same = k + 1 < len(items) and items[k + 1].para == it.para
    return paras[it.para].text[it.offset + it.marker.length : items[k + 1].offset if same else None]


def _list_cuts(items: list[Item], bodies: list[str]) -> dict[int, tuple[int, int]]:
    """Heading ends of items whose list shares the words that open their explanation.

    Items are siblings when they have the same parent item, depth and numbering
    style; see :func:`~compare.outline.shared_clause_cuts`.
    """
    lists: dict[tuple[int, int, str], list[int]] = {}
    parents: list[int] = []  # open items, shallowest first
    for k, it in enumerate(items):
        while parents and items[parents[-1]].depth >= it.depth:
            parents.pop()
        if it.marker.style != "appendix" and not it.implicit:
            key = (parents[-1] if parents else -1, it.depth, it.marker.style)
            lists.setdefault(key, []).append(k)
        parents.append(k)
    out: dict[int, tuple[int, int]] = {}
    for members in lists.values():
        if len(members) < 3:
            continue
        texts = [bodies[k] for k in members]
        cut_at_clause = 0  # items whose first sentence is cut at its first comma
        for body in texts:
            end = split_heading(body)[0]
            cut_at_clause += end < len(body) and body[end] == "，"
        if cut_at_clause < 3:
            continue
        for k, cut in zip(members, shared_clause_cuts(texts), strict=True):
            if cut is not None:
                out[k] = cut
    return out


def _nest(flat: list[tuple[int, dict[str, Any]]]) -> list[Section]:
    """Nest (depth, fields) pairs into a tree, assign ids and extend spans over children."""

    def build(lo: int, hi: int, depth: int, prefix: str) -> list[Section]:
        out = []
        k = lo
        number = 0
        while k < hi:
            j = k + 1
            while j < hi and flat[j][0] > depth:
                j += 1
            number += 1
            sid = f"{prefix}{number}"
            children = build(k + 1, j, depth + 1, sid + ".")
            fields = flat[k][1]
            start, end = fields["span"]
            if children:
                end = max(end, children[-1].span[1])
            out.append(
                Section(
                    id=sid,
                    level=depth + 1,
                    children=tuple(children),
                    **{**fields, "span": (start, end)},
                )
            )
            k = j
        return out

    return build(0, len(flat), 0, "")
