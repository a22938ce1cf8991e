"""Decide which paragraphs start sections, and at what depth.

Levels are relative. Hierarchical styles (``一、`` ``（一）`` ``1.`` ``(a)``) rank by
the order in which they first appear; enumerators (``一是`` ``第一，`` ``——``) nest
under whatever is open. A marker counts only where it fits the numbering: the next
number of an open list, or the first item of a new one. ``一是一，二是二`` in the
middle of prose, or a ``3、`` with no ``2、`` before it, stays prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .cues import address_length, closing_cue, is_title
from .markers import Marker, find_inline_first, markers_at
from .paragraphs import APPENDIX, Para

__all__ = ["Item", "find_items", "is_appendix", "shared_clause_cuts", "split_heading"]

_PLAIN_MAX = 30
_LEAD_MAX = 32
_LEAD_BODY_MIN = 100
_LEAD_RUN = 3
_SENTENCE = re.compile(r"[。！？!?；;]")
_PLAIN_PUNCT = re.compile(r"[。！？!?；;：:，,、]")
_SENTENCE_END = "。！？!?；;"
_OPEN_Q = "“‘《（(「『【"
_CLOSE_Q = "”’》）)」』】"
_HEADING_MAX = 50
_HEADING_MAX_LATIN = 150  # a sentence of about as many words (five letters and a space each)
_HEADING_STOPS = re.compile("[" + re.escape(_OPEN_Q + _CLOSE_Q + _SENTENCE_END + ".") + "]")
_CLAUSE = re.compile(r"[，,：:]")


@dataclass(slots=True)
class Item:
    """A section start: paragraph ``para`` from character ``offset`` on."""

    para: int
    offset: int
    marker: Marker
    depth: int
    anchored: bool = False
    implicit: bool = False
    heading_para: int | None = None  # an appendix's heading on the line after "附件1"


@dataclass(slots=True)
class _Frame:
    style: str
    last: int
    rank: int
    enumerator: bool
    anchored: bool


@dataclass(slots=True)
class _State:
    stack: list[_Frame] = field(default_factory=list)
    rank: dict[str, int] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    # An address to the hall met inside a subsection, not yet followed by a section
    # start: (paragraph, the address as written, its length). See :func:`_open_address`.
    address: tuple[int, str, int] | None = None


def _latin_start(text: str) -> bool:
    """The first words of ``text`` are Latin script (a bill's provision)."""
    head = text[:40]
    letters = sum(ch.isalpha() for ch in head)
    return letters > 0 and sum(ch.isascii() and ch.isalpha() for ch in head) * 2 > letters


@lru_cache(maxsize=4096)
def split_heading(text: str) -> tuple[int, int]:
    """Where the heading of an item body ``text`` ends, and where its own text resumes.

    The heading is the first sentence (a sentence end inside quotes or brackets does
    not count); a very long first sentence (over 50 characters; 150 in Latin script,
    about as many words) is cut at its first clause. A paragraph that is a single
    sentence is all heading.
    """
    depth = 0
    end = len(text)
    for m in _HEADING_STOPS.finditer(text):
        ch = m.group()
        if ch in _OPEN_Q:
            depth += 1
        elif ch in _CLOSE_Q:
            depth = max(0, depth - 1)
        elif depth == 0:
            i = m.start()
            if ch != "." or i + 1 == len(text) or text[i + 1] == " ":
                end = i
                break
    resume = end + 1 if end < len(text) else end
    if end == len(text) and text.endswith(("：", ":")):
        end -= 1  # a heading line introducing what follows: "重点抓好八个方面工作："
    if end > (_HEADING_MAX_LATIN if _latin_start(text) else _HEADING_MAX):
        clause = _CLAUSE.search(text, 4, end)
        if clause is not None:
            end, resume = clause.start(), clause.end()
    while resume < len(text) and text[resume] in " \t\u3000":
        resume += 1
    return end, resume


_OPENER = 3  # characters after a comma that make a clause's opening words
_OPENER_SHARE = 2 / 3  # share of a list's long headings that must open that clause alike
_OPENER_MIN = 3  # and at least this many of them
_OPENER_HEADING_MAX = 32  # the longest heading such a cut makes (a heading line's length)


def _openers(text: str) -> dict[str, int]:
    """Clause openings inside an over-long first sentence: opening words -> where its comma is.

    Empty when the first sentence is short enough to be the heading. Only the
    Chinese comma counts: Latin-script provisions keep their own rule.
    """
    if len(text) <= _HEADING_MAX or "，" not in text[:_OPENER_HEADING_MAX]:
        return {}
    end, _ = split_heading(text)
    first = _SENTENCE.search(text)
    stop = first.start() if first else len(text)
    if stop <= _HEADING_MAX or end >= stop:
        return {}
    out: dict[str, int] = {}
    for m in re.finditer("，", text[: min(stop, _OPENER_HEADING_MAX + 1)]):
        words = text[m.end() : m.end() + _OPENER]
        if m.start() >= 4 and len(words) == _OPENER:
            out.setdefault(words, m.start())
    return out


def shared_clause_cuts(bodies: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where the headings of one list's items end, when they open a clause alike.

    An over-long first sentence is cut at its first clause (:func:`split_heading`).
    Parallel items often share the words that turn from the heading to its
    explanation (``（三）走进代表家站点，开展集中履职，就是要……`` and five more
    ``……，就是要``), and those words, not the first comma, end the heading. When
    at least ``_OPENER_MIN`` items, two thirds of those with an over-long first
    sentence, open a clause with the same three characters, each of them is cut
    there, at most ``_OPENER_HEADING_MAX`` characters in (the most shared opening;
    of those, the one that ends a heading soonest). ``None``: the usual cut.
    """
    found = [_openers(b) for b in bodies]
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for f in found:
        for words, at in f.items():
            counts[words] = counts.get(words, 0) + 1
            first[words] = min(at, first.get(words, at))
    need = max(_OPENER_MIN, _OPENER_SHARE * sum(1 for f in found if f))
    shared = [w for w, c in counts.items() if c >= need]
    if not shared:
        return [None] * len(bodies)
    words = min(shared, key=lambda w: (-counts[w], first[w], w))
    return [None if (cut := f.get(words)) is None else (cut, cut + 1) for f in found]


def _is_heading_line(text: str, marker: Marker) -> bool:
    _, resume = split_heading(text[marker.length :])
    return resume >= len(text) - marker.length


def _plain_candidates(paras: Sequence[Para], lo: int, hi: int) -> set[int]:
    """Unnumbered heading lines (Gansu's ``“十四五”时期工作回顾``), if the speech uses them."""
    found = set()
    for i in range(lo, hi):
        t = paras[i].text
        if not 4 <= len(t) <= _PLAIN_MAX or _PLAIN_PUNCT.search(t) or markers_at(t):
            continue
        if is_title(t) or APPENDIX.fullmatch(t):
            continue
        if i + 1 >= hi or len(paras[i + 1].text) <= len(t):
            continue
        prev = paras[i - 1].text if i > lo else ""
        if prev and prev[-1] not in "。！？!?”…：:":
            continue
        found.add(i)
    return found if len(found) >= 2 else set()


def _lead_candidates(paras: Sequence[Para], lo: int, hi: int, taken: set[int]) -> set[int]:
    """Short one-sentence lines that head the long paragraph after them, in parallel runs.

    Qinghai's report reviews its year as ``生态底色更加亮丽。`` + a long paragraph,
    ``经济运行持续向好。`` + a long paragraph, and so on: unnumbered sub-headings. A run
    of at least three such pairs, one after the other, counts.
    """

    def lead(i: int) -> bool:
        t = paras[i].text
        if i in taken or not 4 <= len(t) <= _LEAD_MAX or markers_at(t) or closing_cue(t):
            return False
        if _SENTENCE.search(t[:-1]) or is_title(t) or APPENDIX.fullmatch(t):
            return False
        if i + 1 >= hi:
            return False
        body = paras[i + 1].text
        return len(body) >= max(_LEAD_BODY_MIN, 3 * len(t)) and not markers_at(body)

    found: set[int] = set()
    i = lo
    while i < hi:
        run = []
        j = i
        while j < hi and lead(j):
            run.append(j)
            j += 2
        if len(run) >= _LEAD_RUN:
            found.update(run)
            i = j
        else:
            i += 1
    return found


def is_appendix(text: str) -> bool:
    """A line that opens an appendix or notes: ``附件1``, ``附件：……``, ``注释``, ``名词解释``."""
    return bool(APPENDIX.fullmatch(text)) or (
        text.startswith("附") and len(text) <= 40 and bool(APPENDIX.match(text))
    )


def _appendix_heading(line: str, nxt: str) -> bool:
    """Whether ``nxt`` is the heading of the appendix that ``line`` ("附件1") opens."""
    if not (APPENDIX.fullmatch(line) and line.startswith("附")):
        return False
    if APPENDIX.fullmatch(nxt):
        return True
    return len(nxt) <= 40 and nxt[-1] not in "。！？!?；;" and not markers_at(nxt)


def _fit(state: _State, m: Marker) -> tuple[int, int] | None:
    """How well marker ``m`` continues the open lists: (quality, stack index), or None."""
    for k in range(len(state.stack) - 1, -1, -1):
        frame = state.stack[k]
        if frame.style != m.style:
            continue
        if m.number == 0 or m.number == frame.last + 1:
            return 4, k
        if not m.enumerator and frame.last + 1 < m.number <= frame.last + 2:
            return 3, k
        if m.number == 1:
            return 1, k
        return None
    if m.number == 0 and m.style == "cn_order":
        return None  # "最后" ends a list; it never starts one
    if m.number in (0, 1) or (not m.enumerator and m.number == 2):
        return 2, -1
    return None


def _place(state: _State, m: Marker, k: int, para: int, offset: int, anchored: bool) -> None:
    state.address = None  # a section start ends any address's reach
    stack = state.stack
    if k >= 0:
        del stack[k + 1 :]
        frame = stack[k]
        frame.last = frame.last + 1 if m.number == 0 else m.number
        frame.anchored = anchored
        depth = k
    else:
        rank = -1 if m.enumerator else state.rank.setdefault(m.style, len(state.rank))
        _close_for(stack, m, rank)
        depth = len(stack)
        stack.append(_Frame(m.style, m.number or 1, rank, m.enumerator, anchored))
    state.items.append(Item(para, offset, m, depth, anchored))


def _try_inline_first(state: _State, paras: Sequence[Para], m: Marker, i: int, lo: int) -> bool:
    """Item two of an enumerator whose item one began mid-paragraph: find and place item one."""
    if m.number != 2 or not m.enumerator:
        return False
    floor = state.items[-1].para if state.items else lo - 1
    j = i - 1
    if j <= floor and not (state.items and state.items[-1].para == j):
        return False
    found = find_inline_first(paras[j].text, m.style)
    if found is None:
        return False
    offset, first = found
    if state.items and state.items[-1].para == j and state.items[-1].offset >= offset:
        return False
    if _fit(state, first) is None:
        return False
    _, k = _fit(state, first)  # type: ignore[misc]
    _place(state, first, k, j, offset, anchored=False)
    return True


_SECTIONS = frozenset({"en_section", "en_article"})


def _first_subsection(state: _State, text: str, m: Marker, i: int) -> None:
    """``Sec. 3. (1) Employees shall accrue…``: a bill's section whose first subsection
    shares its line; the subsection is placed as the section's first child, from the
    character where its marker stands."""
    if m.style not in _SECTIONS:
        return
    for inner in markers_at(text[m.length :]):
        if inner.enumerator or inner.number != 1 or inner.style in _SECTIONS:
            continue
        fit = _fit(state, inner)
        if fit is not None and fit[1] < 0:  # a new list, under the section
            _place(state, inner, fit[1], i, m.length, False)
            return


def find_items(paras: Sequence[Para], lo: int, hi: int) -> list[Item]:
    """Section starts among paragraphs ``lo:hi`` of a speech's body, with their depths."""
    state = _State()
    plain = _plain_candidates(paras, lo, hi)
    leads = _lead_candidates(paras, lo, hi, plain)
    skip = -1
    for i in range(lo, hi):
        if i == skip:
            continue
        text = paras[i].text
        if is_appendix(text):
            state.address = None
            state.stack.clear()
            state.rank = {}
            appendix = Marker("appendix", 0, text, 0)
            state.stack.append(_Frame("appendix", 1, -1, False, True))
            item = Item(i, 0, appendix, 0, True)
            if i + 1 < hi and _appendix_heading(text, paras[i + 1].text):
                item.heading_para = skip = i + 1
            state.items.append(item)
            continue
        if i in plain:
            marker = Marker("plain", 0, "", 0)
            fit = _fit(state, marker)
            assert fit is not None
            _open_address(state, marker, fit[1])
            _place(state, marker, fit[1], i, 0, anchored=True)
            continue
        if i in leads:
            marker = Marker("lead", 0, "", 0)
            fit = _fit(state, marker)
            assert fit is not None
            _open_address(state, marker, fit[1])
            _place(state, marker, fit[1], i, 0, anchored=False)
            continue
        candidates = markers_at(text)
        best: tuple[int, int, Marker] | None = None
        for m in candidates:
            fit = _fit(state, m)
            if fit is not None and (best is None or fit[0] > best[0]):
                best = (fit[0], fit[1], m)
        if best is not None:
            _, k, m = best
            _open_address(state, m, k)
            _place(state, m, k, i, 0, _is_heading_line(text, m))
            _first_subsection(state, text, m, i)
            continue
        if not candidates and state.address is None and len(state.stack) >= 2:
            n = address_length(text)  # inside a subsection (two lists are open)
            if n:
                state.address = (i, text[:n].rstrip(), n)
            continue
        for m in candidates:
            if _try_inline_first(state, paras, m, i, lo):
                fit = _fit(state, m)
                if fit is not None:
                    _place(state, m, fit[1], i, 0, _is_heading_line(text, m))
                break
    return _wrap_restarts(state.items, paras)


def _open_address(state: _State, m: Marker, k: int) -> None:
    """Open the section of a pending address to the hall if ``m`` (to be placed at stack
    index ``k``) starts a list that would nest in a subsection.

    ``各位代表！经过五年接续奋斗……`` after a part's last ``（六）`` sums up the part, and
    the ``——`` (or ``这是……的五年。``) list after it belongs to that summing up, not to
    ``（六）``. So when a list that would nest inside the open subsection follows such
    an address (with no section start between), the address opens an unnumbered
    section beside the subsections, marked by the address and headed by the sentence
    after it, and the list nests in it. The subsections' own list stays open, so a
    ``（七）`` after it continues it. An address followed by nothing of the kind stays
    text, and one after the last section start opens the closing, as before. A list
    that goes on after the address (``1.`` ``2.``, address, ``3.``) keeps it as text:
    the list's flow was not interrupted. The new list fits the same way with the
    deeper lists closed (no open list has its style), so ``k`` stays right.
    """
    pending, state.address = state.address, None
    if pending is None or k >= 0 or _depth_if_placed(state, m) < 2:
        return
    para, written, n = pending
    del state.stack[2:]
    state.items.append(Item(para, 0, Marker("address", 0, written, n), 1, False))


def _depth_if_placed(state: _State, m: Marker) -> int:
    """The depth :func:`_place` would give ``m`` as the first item of a new list."""
    stack = list(state.stack)
    _close_for(stack, m, -1 if m.enumerator else state.rank.get(m.style, len(state.rank)))
    return len(stack)


def _close_for(stack: list[_Frame], m: Marker, rank: int) -> None:
    """Pop the open lists a new list of ``m`` (of ``rank``, if hierarchical) closes."""
    if m.enumerator:
        while stack and stack[-1].enumerator and not stack[-1].anchored:
            stack.pop()
        return
    while stack and (
        (stack[-1].enumerator and not stack[-1].anchored)
        or (not stack[-1].enumerator and stack[-1].rank >= rank)
    ):
        stack.pop()


def _wrap_restarts(items: list[Item], paras: Sequence[Para]) -> list[Item]:
    """Top-level lists that restart at 1 lost their headings: give each run an implicit parent."""
    top = [it for it in items if it.depth == 0]
    if len(top) < 4 or top[0].marker.style in ("appendix", "plain"):
        return items
    style = top[0].marker.style
    if any(it.marker.style != style for it in top):
        return items
    runs = [k for k, it in enumerate(top) if it.marker.number == 1]
    if len(runs) < 2 or runs[0] != 0:
        return items
    out: list[Item] = []
    run_starts = {id(top[k]) for k in runs}
    taken = {it.para for it in items}
    for it in items:
        if id(it) in run_starts:
            lead = it.para - 1
            if lead >= 0 and lead not in taken and (not out or out[-1].para < lead):
                out.append(Item(lead, 0, Marker("implicit", 0, "", 0), 0, True, implicit=True))
            else:
                out.append(Item(it.para, 0, Marker("implicit", 0, "", 0), 0, True, implicit=True))
        it.depth += 1
        out.append(it)
    return out
