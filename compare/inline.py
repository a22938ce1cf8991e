"""What changed inside a matched pair of sections: sentences first, then characters.

A character diff of two long bodies is noisy: when an editor moves a sentence,
one flat edit script pairs fragments of unrelated sentences. So the diff runs in
two stages:

1. Both texts are cut into sentences at CJK (and ASCII) sentence punctuation and
   line breaks. Sentences equal after :func:`compare.normalize.normalize` are
   paired by an Indel alignment of the two sentence lists; the leftover stretches
   are paired sentence by sentence where they are alike enough (a monotone
   dynamic programme over rapidfuzz similarities).
2. Each paired sentence gets opcodes from rapidfuzz ``Indel``: only insertions
   and deletions, so a reordered phrase shows as a deletion and an insertion
   instead of one large replacement (which is what Levenshtein opcodes would
   produce). Chinese is compared character by character; Latin-script text word
   by word (words, spaces and punctuation are the units, offsets still count
   characters), so ``shall`` → ``must`` is one replaced word, not letters.
   Adjacent deletion + insertion are reported together as ``replace`` for display.

Offsets index the raw section strings (``heading`` / ``text``), so renderers
can cut the original text. Width variants (``，``/``,``) are not differences.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from .matching import lis_keep
from .model import Section
from .normalize import fold, normalize

__all__ = ["InlineDiff", "Op", "diff_text", "inline_diff", "sentence_spans"]

# A sentence ends at a run of CJK or ASCII end punctuation or line breaks, with the
# closing quotes that follow; an ASCII full stop only when no digit follows (so "3.5"
# stays one number). The scan looks for stop characters only (a simple character
# class is several times faster in ``re`` than one pattern for a whole sentence).
_STOP = re.compile(r"[。！？；!?;\n.]")
_CLOSE = frozenset("”’」』）)")
_PAIR_MIN = 0.35  # below this, two sentences are a deletion and an insertion, not an edit
_PAIR_MIN32 = float(np.float32(_PAIR_MIN))
_DIRECT = 16  # up to this many sentence pairs, direct similarity calls beat cdist's set-up

# An opcode while the diff is built: (tag, a_start, a_end, b_start, b_end). Plain
# tuples are several times cheaper to make than :class:`Op`; ops are made at the end.
_Raw = tuple[str, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Op:
    """One opcode, difflib style: ``a[a_start:a_end]`` becomes ``b[b_start:b_end]``.

    ``tag`` is ``equal``, ``delete``, ``insert`` or ``replace``.
    """

    tag: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_list(self) -> list[str | int]:
        return [self.tag, self.a_start, self.a_end, self.b_start, self.b_end]


@dataclass(frozen=True, slots=True)
class InlineDiff:
    """Opcodes for the heading and for the body of one matched pair."""

    heading: tuple[Op, ...]
    text: tuple[Op, ...]

    @property
    def changed(self) -> bool:
        return any(op.tag != "equal" for op in (*self.heading, *self.text))


_FOLD_RANGES = ((0x2000, 0x2070), (0x3000, 0x3040), (0xFE30, 0xFE70), (0xFF00, 0xFFF0))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Character → folded character, for the characters whose folding keeps length 1.

    Each range is folded in one call, its characters joined by NUL (a starter that
    composes with nothing, so every character folds as it would alone); a range
    whose pieces do not come back one for one is folded character by character.
    """
    table: dict[int, str] = {}
    for lo, hi in _FOLD_RANGES:
        chars = [chr(cp) for cp in range(lo, hi)]
        folded = fold("\x00".join(chars)).split("\x00")
        if len(folded) != len(chars):  # pragma: no cover - NFKC changed its mind
            folded = [fold(c) for c in chars]
        for c, f in zip(chars, folded, strict=True):
            if len(f) == 1 and f != c:
                table[ord(c)] = f
    return table


def _fold_chars(text: str) -> str:
    """``text`` with width variants folded, one character for one (offsets survive)."""
    return text.translate(_fold_table())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``; together they cover all of it."""
    return list(_spans(text))


@lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`sentence_spans` as a tuple, cached: a text is diffed against several others.

    A sentence runs up to the end of a run of stop characters plus any closing
    quotes after it; a ``.`` followed by a decimal digit is no stop.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    end = -1  # end of the current run of stop characters (-1: none yet)
    for m in _STOP.finditer(text):
        k = m.start()
        if text[k] == "." and k + 1 < n and text[k + 1].isdecimal():
            continue
        if k == end:
            end += 1
            continue
        if end >= 0:
            while end < n and text[end] in _CLOSE:
                end += 1
            spans.append((start, end))
            start = end
        end = k + 1
    if end >= 0:
        while end < n and text[end] in _CLOSE:
            end += 1
        spans.append((start, end))
        start = end
    if start < n:
        spans.append((start, n))
    return tuple(spans)


def diff_text(x: str, y: str) -> tuple[Op, ...]:
    """Opcodes turning ``x`` into ``y`` (sentence-aligned, then per character)."""
    if x == y:
        return (Op("equal", 0, len(x), 0, len(y)),) if x else ()
    if not x or not y:
        return (Op("insert" if not x else "delete", 0, len(x), 0, len(y)),)
    sx, sy = _spans(x), _spans(y)
    kx = [normalize(x[s:e]) for s, e in sx]
    ky = [normalize(y[s:e]) for s, e in sy]
    raw: list[_Raw] = []
    i1 = j1 = 0  # start of the current stretch of unequal sentences
    end = ("equal", len(sx), len(sx), len(sy), len(sy))  # closes the last stretch
    if len(kx) == 1 and len(ky) == 1:  # one sentence each (most headings): equal or not
        blocks = [("equal", 0, 1, 0, 1)] if kx[0] == ky[0] else []
    else:
        blocks = _opcodes(kx, ky)
    for tag, a1, a2, b1, b2 in [*blocks, end]:
        if tag != "equal":
            continue
        if a1 > i1 or b1 > j1:
            _stretch(x, y, sx, sy, kx, ky, i1, a1, j1, b1, raw)
        for k in range(a2 - a1):
            (p0, p1), (q0, q1) = sx[a1 + k], sy[b1 + k]
            _chars(x, y, p0, p1, q0, q1, raw)
        i1, j1 = a2, b2
    return tuple([Op(*op) for op in _tidy(raw)])


def _stretch(
    fx: str,
    fy: str,
    all_x: Sequence[tuple[int, int]],
    all_y: Sequence[tuple[int, int]],
    keys_x: Sequence[str],
    keys_y: Sequence[str],
    i0: int,
    i1: int,
    j0: int,
    j1: int,
    out: list[_Raw],
) -> None:
    """Ops for the unequal sentences ``i0:i1`` / ``j0:j1``: pair alike ones in order.

    Sentences left unpaired are deleted or inserted.
    """
    spans_x, spans_y = all_x[i0:i1], all_y[j0:j1]
    if not spans_x:
        ax = all_x[i0][0] if i0 < len(all_x) else (all_x[-1][1] if all_x else 0)
        out.append(("insert", ax, ax, spans_y[0][0], spans_y[-1][1]))
        return
    if not spans_y:
        ay = all_y[j0][0] if j0 < len(all_y) else (all_y[-1][1] if all_y else 0)
        out.append(("delete", spans_x[0][0], spans_x[-1][1], ay, ay))
        return
    nx, ny = len(spans_x), len(spans_y)
    pairs = _pair_sentences(keys_x[i0:i1], keys_y[j0:j1])
    i = j = 0
    for pi, pj in [*pairs, (nx, ny)]:
        pos_x = spans_x[i][0] if i < nx else spans_x[-1][1]
        pos_y = spans_y[j][0] if j < ny else spans_y[-1][1]
        if pi > i:
            out.append(("delete", spans_x[i][0], spans_x[pi - 1][1], pos_y, pos_y))
            pos_x = spans_x[pi - 1][1]
        if pj > j:
            out.append(("insert", pos_x, pos_x, spans_y[j][0], spans_y[pj - 1][1]))
        if pi < nx and pj < ny:
            (a0, a1), (b0, b1) = spans_x[pi], spans_y[pj]
            _chars(fx, fy, a0, a1, b0, b1, out)
        i, j = pi + 1, pj + 1


def _pair_sentences(kx: Sequence[str], ky: Sequence[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs of alike sentences.

    Each sentence of ``x`` proposes its most similar sentence of ``y`` (the first
    of equals, when alike enough); the longest chain of proposals that keeps both
    orders is kept.
    """
    proposals: list[tuple[int, int]] = []
    if len(kx) * len(ky) <= _DIRECT:  # a few pairs: direct calls beat cdist's set-up
        similarity = Indel.normalized_similarity
        for i, x in enumerate(kx):
            best, best_j = -1.0, 0
            for j, y in enumerate(ky):
                v = similarity(x, y)
                if v > best:
                    best, best_j = v, j
            if best >= _PAIR_MIN:
                proposals.append((i, best_j))
    else:  # float32 scores: compare with the float32 threshold
        sim = cdist(kx, ky, scorer=Indel.normalized_similarity, score_cutoff=_PAIR_MIN).tolist()
        for i, row in enumerate(sim):
            best = max(row)
            if best >= _PAIR_MIN32:
                proposals.append((i, row.index(best)))
    if len(proposals) < 2:
        return proposals
    return lis_keep(proposals)


def _chars(fx: str, fy: str, a0: int, a1: int, b0: int, b1: int, out: list[_Raw]) -> None:
    """Opcodes (Indel: insertions and deletions only) of one sentence pair: over
    characters for Chinese, over words for Latin-script text."""
    sa, sb = fx[a0:a1], fy[b0:b1]
    if sa != sb:
        sa, sb = _fold_chars(sa), _fold_chars(sb)
        if sa != sb:
            ops = _word_opcodes(sa, sb) if _latin(sa) and _latin(sb) else _opcodes(sa, sb)
            out.extend([(tag, a0 + s0, a0 + s1, b0 + d0, b0 + d1) for tag, s0, s1, d0, d1 in ops])
            return
    out.append(("equal", a0, a1, b0, b1))


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _latin(text: str) -> bool:
    """True when ``text`` is mostly Latin-script letters (a word diff suits it)."""
    latin = len(_LATIN.findall(text))
    return latin > 0 and latin > 2 * len(_HAN.findall(text))


def _word_opcodes(x: str, y: str) -> list[_Raw]:
    """Indel opcodes over words (and the spaces and punctuation between them), with
    character offsets: a changed word is replaced whole, never letter by letter."""
    tx, ty = _TOKEN.findall(x), _TOKEN.findall(y)
    at_x = [0, *itertools.accumulate(len(t) for t in tx)]
    at_y = [0, *itertools.accumulate(len(t) for t in ty)]
    return [
        (tag, at_x[s0], at_x[s1], at_y[d0], at_y[d1]) for tag, s0, s1, d0, d1 in _opcodes(tx, ty)
    ]


def _opcodes(x: Sequence[str] | str, y: Sequence[str] | str) -> list[_Raw]:
    """Indel opcodes as plain tuples (``as_list``: several times cheaper than iterating
    ``Opcode`` objects, which rapidfuzz's stub says it returns; it returns tuples)."""
    return cast("list[_Raw]", Indel.opcodes(x, y).as_list())


def _tidy(ops: Iterable[_Raw]) -> list[_Raw]:
    """Drop empty ops, join neighbours of one tag, and report delete+insert as replace."""
    out: list[_Raw] = []
    for op in ops:
        tag, a0, a1, b0, b1 = op
        if a0 == a1 and b0 == b1:
            continue
        if out:
            last, la0, la1, lb0, lb1 = out[-1]
            if la1 == a0 and lb1 == b0:
                if last == tag:
                    out[-1] = (tag, la0, a1, lb0, b1)
                    continue
                if last != "equal" and tag != "equal":
                    out[-1] = ("replace", la0, a1, lb0, b1)
                    continue
        out.append(op)
    return out


def inline_diff(a: Section, b: Section) -> InlineDiff:
    """The inline diff of two matched sections (heading and own body)."""
    return InlineDiff(diff_text(a.heading, b.heading), diff_text(a.text, b.text))
