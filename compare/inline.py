"""What changed inside a matched pair of sections: sentences first, then characters.

A character diff of two long bodies is noisy: when an editor moves a sentence,
one flat edit script pairs fragments of unrelated sentences. So the diff runs in
two stages:

1. Both texts are cut into sentences at CJK (and ASCII) sentence punctuation and
   line breaks. Sentences equal after :func:`compare.normalize.normalize` are
   paired by an Indel alignment of the two sentence lists; the leftover stretches
   are paired sentence by sentence where they are alike enough (a monotone
   dynamic programme over rapidfuzz similarities).
2. Each paired sentence gets character opcodes from rapidfuzz ``Indel``: only
   insertions and deletions, so a reordered phrase shows as a deletion and an
   insertion instead of one large replacement (which is what Levenshtein
   opcodes would produce). Adjacent deletion + insertion are reported together
   as ``replace`` for display.

Offsets index the raw section strings (``heading`` / ``text``), so renderers
can cut the original text. Width variants (``，``/``,``) are not differences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from .matching import lis_keep
from .model import Section
from .normalize import fold, normalize

__all__ = ["InlineDiff", "Op", "diff_text", "inline_diff", "sentence_spans"]

# A sentence ends at CJK or ASCII end punctuation or a line break; an ASCII full stop
# only when no digit follows (so "3.5" stays one number), with closing quotes kept.
_SENTENCE = re.compile(
    r"(?:[^。！？；!?;\n.]|\.(?=\d))*(?:(?:[。！？；!?;\n]|\.(?!\d))+[”’」』）)]*|$)"
)
_PAIR_MIN = 0.35  # below this, two sentences are a deletion and an insertion, not an edit


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


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Character → folded character, for the characters whose folding keeps length 1."""
    table: dict[int, str] = {}
    ranges = [(0x2000, 0x2070), (0x3000, 0x3040), (0xFE30, 0xFE70), (0xFF00, 0xFFF0)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            f = fold(chr(cp))
            if len(f) == 1 and f != chr(cp):
                table[cp] = f
    return table


def _fold_chars(text: str) -> str:
    """``text`` with width variants folded, one character for one (offsets survive)."""
    return text.translate(_fold_table())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``; together they cover all of it."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def diff_text(x: str, y: str) -> tuple[Op, ...]:
    """Opcodes turning ``x`` into ``y`` (sentence-aligned, then per character)."""
    if x == y:
        return (Op("equal", 0, len(x), 0, len(y)),) if x else ()
    if not x or not y:
        return (Op("insert" if not x else "delete", 0, len(x), 0, len(y)),)
    fx, fy = x, y
    sx, sy = sentence_spans(x), sentence_spans(y)
    kx = [normalize(x[s:e]) for s, e in sx]
    ky = [normalize(y[s:e]) for s, e in sy]
    raw: list[Op] = []
    i1 = j1 = 0  # start of the current stretch of unequal sentences
    for block in [*Indel.opcodes(kx, ky), None]:
        if block is not None and block.tag != "equal":
            continue
        i2 = block.src_start if block is not None else len(sx)
        j2 = block.dest_start if block is not None else len(sy)
        if i2 > i1 or j2 > j1:
            raw.extend(_stretch(fx, fy, sx[i1:i2], sy[j1:j2], kx[i1:i2], ky[j1:j2], sx, sy, i1, j1))
        if block is None:
            break
        for (a0, a1), (b0, b1) in zip(
            sx[block.src_start : block.src_end], sy[block.dest_start : block.dest_end], strict=True
        ):
            raw.extend(_chars(fx, fy, a0, a1, b0, b1))
        i1, j1 = block.src_end, block.dest_end
    return tuple(_tidy(raw))


def _stretch(
    fx: str,
    fy: str,
    spans_x: Sequence[tuple[int, int]],
    spans_y: Sequence[tuple[int, int]],
    keys_x: Sequence[str],
    keys_y: Sequence[str],
    all_x: Sequence[tuple[int, int]],
    all_y: Sequence[tuple[int, int]],
    i0: int,
    j0: int,
) -> list[Op]:
    """Ops for a stretch of unequal sentences: pair alike ones in order, rest in/out."""
    ax = all_x[i0][0] if i0 < len(all_x) else (all_x[-1][1] if all_x else 0)
    ay = all_y[j0][0] if j0 < len(all_y) else (all_y[-1][1] if all_y else 0)
    if not spans_x:
        return [Op("insert", ax, ax, spans_y[0][0], spans_y[-1][1])]
    if not spans_y:
        return [Op("delete", spans_x[0][0], spans_x[-1][1], ay, ay)]
    pairs = _pair_sentences(keys_x, keys_y)
    ops: list[Op] = []
    i = j = 0
    for pi, pj in [*pairs, (len(spans_x), len(spans_y))]:
        pos_x = spans_x[i][0] if i < len(spans_x) else spans_x[-1][1]
        pos_y = spans_y[j][0] if j < len(spans_y) else spans_y[-1][1]
        if pi > i:
            ops.append(Op("delete", spans_x[i][0], spans_x[pi - 1][1], pos_y, pos_y))
            pos_x = spans_x[pi - 1][1]
        if pj > j:
            ops.append(Op("insert", pos_x, pos_x, spans_y[j][0], spans_y[pj - 1][1]))
        if pi < len(spans_x) and pj < len(spans_y):
            (a0, a1), (b0, b1) = spans_x[pi], spans_y[pj]
            ops.extend(_chars(fx, fy, a0, a1, b0, b1))
        i, j = pi + 1, pj + 1
    return ops


def _pair_sentences(kx: Sequence[str], ky: Sequence[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs of alike sentences.

    Each sentence of ``x`` proposes its most similar sentence of ``y`` (when alike
    enough); the longest chain of proposals that keeps both orders is kept.
    """
    if len(kx) * len(ky) <= 16:  # a few pairs: direct calls beat cdist's set-up
        sim = np.array([[Indel.normalized_similarity(x, y) for y in ky] for x in kx])
    else:
        sim = np.asarray(cdist(kx, ky, scorer=Indel.normalized_similarity, score_cutoff=_PAIR_MIN))
    best = sim.argmax(axis=1)
    proposals = [(i, int(j)) for i, j in enumerate(best.tolist()) if sim[i, j] >= _PAIR_MIN]
    return lis_keep(proposals)


def _chars(fx: str, fy: str, a0: int, a1: int, b0: int, b1: int) -> list[Op]:
    """Character opcodes (Indel: insertions and deletions only) of one sentence pair."""
    sa, sb = fx[a0:a1], fy[b0:b1]
    if sa != sb:
        sa, sb = _fold_chars(sa), _fold_chars(sb)
    if sa == sb:
        return [Op("equal", a0, a1, b0, b1)]
    return [
        Op(o.tag, a0 + o.src_start, a0 + o.src_end, b0 + o.dest_start, b0 + o.dest_end)
        for o in Indel.opcodes(sa, sb)
    ]


def _tidy(ops: Iterable[Op]) -> list[Op]:
    """Drop empty ops, join neighbours of one tag, and report delete+insert as replace."""
    out: list[Op] = []
    for op in ops:
        if op.a_start == op.a_end and op.b_start == op.b_end:
            continue
        if out and out[-1].a_end == op.a_start and out[-1].b_end == op.b_start:
            last = out[-1]
            tags = {last.tag, op.tag}
            if last.tag == op.tag or tags <= {"delete", "insert", "replace"}:
                tag = last.tag if last.tag == op.tag else "replace"
                out[-1] = Op(tag, last.a_start, op.a_end, last.b_start, op.b_end)
                continue
        out.append(op)
    return out


def inline_diff(a: Section, b: Section) -> InlineDiff:
    """The inline diff of two matched sections (heading and own body)."""
    return InlineDiff(diff_text(a.heading, b.heading), diff_text(a.text, b.text))
