"""How alike two pieces of text are: pluggable scorers and rapidfuzz score matrices.

Every scorer takes two lists of texts and returns :class:`Scores`: three matrices
computed in one pass with :func:`rapidfuzz.process.cdist` (the ``workers``
option is passed through):

- ``similarity``: symmetric likeness in [0, 1] (a Dice/Indel ratio: twice the
  shared amount over the total amount);
- ``cover_a`` / ``cover_b``: the share of each text found in the other. These
  are what split and merge detection need: half of a section's body reappearing
  intact in a shorter section scores low on ``similarity`` but high on cover.

Texts are compared in :func:`compare.normalize.normalize` form, so full- and
half-width punctuation, spaces and placeholder spellings never count as
differences. Markers are already outside headings (the parser strips them), so
``（一）`` against ``1.`` is renumbering, never a content change.

Two scorers cover what speeches need:

- :class:`IndelScorer`: characters in order (longest common subsequence). Right
  for headings, where word order carries meaning. Template placeholders
  (``X``, ``××``, ``20xx``…, one :data:`~compare.normalize.WILDCARD` after
  normalisation) are wildcards: a slot absorbs the run of characters the other
  text has in its place (up to :attr:`IndelScorer.slot` characters per slot), so
  ``充分认识开展XX的重要意义`` matches ``充分认识开展活动的重要意义`` at 1.0.
- :class:`ShingleScorer`: sets of character n-grams (Dice coefficient). Right
  for bodies, which editors reword by moving clauses around: a bag of bigrams
  does not care about clause order, and the background likeness of two
  unrelated passages is far lower than with single characters. It is still
  computed with rapidfuzz: each text becomes the sorted string of its distinct
  n-gram ids, and the longest common subsequence of two sorted sets is exactly
  their intersection.

:class:`MaxScorer` combines scorers (the element-wise best evidence), and
:class:`SectionScorer` names the scorer used for headings and the one for
bodies; pass your own to :func:`compare.align.align` as ``scorer=``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel, LCSseq
from rapidfuzz.process import cdist

from .normalize import WILDCARD, normalize

__all__ = [
    "IndelScorer",
    "Matrix",
    "MaxScorer",
    "Scorer",
    "Scores",
    "SectionScorer",
    "ShingleScorer",
    "indel_pairs",
    "ratio",
    "shingle_strings",
]

Matrix = npt.NDArray[np.float64]
U64Array = npt.NDArray[np.uint64]
I64Array = npt.NDArray[np.int64]

# Code points for n-gram ids: the supplementary planes hold ~1M of them and no
# surrogates, so every id is one valid character.
_ID_BASE = 0x10000
_ID_LIMIT = 0x10FFFF - _ID_BASE


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise scores of two lists of texts (rows: list a, columns: list b)."""

    similarity: Matrix
    cover_a: Matrix
    cover_b: Matrix

    @staticmethod
    def from_common(common: Matrix, size_a: Matrix, size_b: Matrix) -> Scores:
        """Scores from a shared amount and each text's size (characters, n-grams...).

        Two empty texts are alike (1.0); an empty text against a non-empty one is not.
        """
        if size_a.all() and size_b.all():  # no empty text: plain divisions, one buffer
            out = np.empty((3, *common.shape))
            np.multiply(common, 2.0, out=out[0])
            np.divide(out[0], size_a[:, None] + size_b[None, :], out=out[0])
            np.divide(common, size_a[:, None], out=out[1])
            np.divide(common, size_b[None, :], out=out[2])
            np.minimum(out, 1.0, out=out)
            np.maximum(out, 0.0, out=out)
            return Scores(out[0], out[1], out[2])
        sa = np.broadcast_to(size_a[:, None], common.shape)
        sb = np.broadcast_to(size_b[None, :], common.shape)
        total = sa + sb
        both_empty = total == 0
        sim = np.divide(2.0 * common, total, out=both_empty.astype(np.float64), where=~both_empty)
        ca = np.divide(common, sa, out=both_empty.astype(np.float64), where=sa > 0)
        cb = np.divide(common, sb, out=both_empty.astype(np.float64), where=sb > 0)
        np.clip(sim, 0.0, 1.0, out=sim)
        np.clip(ca, 0.0, 1.0, out=ca)
        np.clip(cb, 0.0, 1.0, out=cb)
        return Scores(sim, ca, cb)


class Scorer(Protocol):
    """Anything that scores every text of ``a`` against every text of ``b``.

    Inputs are raw texts; a scorer normalises them itself (or not, if it has a
    reason). Results must lie in [0, 1], and two equal normalised texts must
    score exactly 1.0.
    """

    def __call__(self, a: Sequence[str], b: Sequence[str], *, workers: int = 1) -> Scores: ...


def _empty(na: int, nb: int) -> Scores:
    z = np.zeros((na, nb))
    return Scores(z, z.copy(), z.copy())


def _lcs(a: Sequence[str], b: Sequence[str], workers: int) -> Matrix:
    """Matrix of longest-common-subsequence lengths, through rapidfuzz."""
    out: Matrix = cdist(a, b, scorer=LCSseq.similarity, dtype=np.float64, workers=workers)
    return out


@dataclass(frozen=True, slots=True)
class IndelScorer:
    """Characters in order (Indel / LCS ratio), with placeholders as wildcards.

    ``slot`` caps how many characters one placeholder may stand for: a slot in a
    template holds a name or a number, not a paragraph.
    """

    slot: int = 8
    wildcards: bool = True

    def __call__(self, a: Sequence[str], b: Sequence[str], *, workers: int = 1) -> Scores:
        if not a or not b:
            return _empty(len(a), len(b))
        na = [normalize(t) for t in a]
        nb = [normalize(t) for t in b]
        common = _lcs(na, nb, workers)
        size_a = np.fromiter((len(t) for t in na), dtype=np.float64, count=len(na))
        size_b = np.fromiter((len(t) for t in nb), dtype=np.float64, count=len(nb))
        if self.wildcards:
            self._fill_slots(na, nb, common, size_a, size_b)
        return Scores.from_common(common, size_a, size_b)

    def _fill_slots(
        self, na: list[str], nb: list[str], common: Matrix, size_a: Matrix, size_b: Matrix
    ) -> None:
        """Credit placeholders with the characters they stand for, in place.

        Only pairs where a slot is involved are re-examined, and only when the
        best possible credit could lift them to a ratio worth having (0.3).
        """
        wa = [t.count(WILDCARD) for t in na]
        wb = [t.count(WILDCARD) for t in nb]
        if not any(wa) and not any(wb):
            return
        reach = 1 + self.slot
        for i, x in enumerate(na):
            for j, y in enumerate(nb):
                w = wa[i] + wb[j]
                if not w:
                    continue
                total = size_a[i] + size_b[j]
                if total == 0 or (2 * common[i, j] + reach * w) / total < 0.3:
                    continue
                common[i, j] += slot_credit(x, y, self.slot) / 2.0


def slot_credit(x: str, y: str, slot: int) -> int:
    """Characters (counted on both sides) that placeholders in ``x``/``y`` account for.

    Walk the Indel alignment; in each stretch between two runs of equal text, a
    placeholder on one side takes up to ``slot`` characters of the other side's
    stretch, and counts as matched itself when it takes at least one.
    """
    credit = 0
    ga = gb = 0  # the current unequal stretch, as (a text, b text) character runs
    sa = sb = ""

    def settle(sa: str, sb: str) -> int:
        got = 0
        ka, kb = sa.count(WILDCARD), sb.count(WILDCARD)
        oa, ob = len(sa) - ka, len(sb) - kb
        if ka and ob:
            got += ka + min(ob, slot * ka)
        if kb and oa:
            got += kb + min(oa, slot * kb)
        return got

    for op in Indel.opcodes(x, y):
        if op.tag == "equal":
            if ga or gb:
                credit += settle(sa, sb)
            ga = gb = 0
            sa = sb = ""
            continue
        sa += x[op.src_start : op.src_end]
        sb += y[op.dest_start : op.dest_end]
        ga, gb = len(sa), len(sb)
    if ga or gb:
        credit += settle(sa, sb)
    return credit


_WILD = ord(WILDCARD)
_SHORT = 0x1FFFFF  # pads a text shorter than n: above every code point, so never a real gram


_SMALL = 3000  # below this many characters plain Python sets beat numpy's fixed costs


def _grams(text: str, n: int) -> set[str]:
    if len(text) < n:
        return {text} if text and WILDCARD not in text else set()
    grams = {text[i : i + n] for i in range(len(text) - n + 1)}
    if WILDCARD in text:
        grams = {g for g in grams if WILDCARD not in g}
    return grams


class _Vocabulary:
    """Process-wide n-gram ids for short texts, so each text is encoded once and cached.

    Skeleton comparisons in a batch see the same headings again and again; with
    shared ids their encodings can be reused across comparisons. When the id space
    (one code point per gram) runs out, everything starts afresh.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.cache: dict[tuple[str, int], str] = {}
        self.lock = threading.Lock()  # batch engines may align from several threads

    def encode_all(self, a: Sequence[str], b: Sequence[str], n: int) -> tuple[list[str], list[str]]:
        """Encodings of both lists under one set of ids.

        The lock covers the whole comparison, so a reset (when ids or cache run
        out) can only happen between comparisons, never between two of its texts.
        A small comparison adds fewer than ``_SMALL`` new grams, within the margin.
        """
        with self.lock:
            if len(self.ids) > _ID_LIMIT - 4 * _SMALL or len(self.cache) > 200_000:
                self.ids.clear()
                self.cache.clear()
            return [self._encode(t, n) for t in a], [self._encode(t, n) for t in b]

    def _encode(self, text: str, n: int) -> str:
        key = (text, n)
        hit = self.cache.get(key)
        if hit is None:
            ids = self.ids
            codes = sorted(ids.setdefault(g, len(ids)) for g in _grams(text, n))
            hit = self.cache[key] = "".join([chr(_ID_BASE + k) for k in codes])
        return hit


_VOCABULARY = _Vocabulary()


def _shingle_strings_small(
    a: Sequence[str], b: Sequence[str], n: int
) -> tuple[list[str], list[str], Matrix, Matrix]:
    """:func:`shingle_strings` for short inputs (skeleton headings): the same scores.

    All grams are kept (no pruning to shared ones): the strings are short, and the
    encodings come from a process-wide cache.
    """
    ea, eb = _VOCABULARY.encode_all(a, b, n)
    size_a = np.fromiter((len(t) for t in ea), dtype=np.float64, count=len(ea))
    size_b = np.fromiter((len(t) for t in eb), dtype=np.float64, count=len(eb))
    return ea, eb, size_a, size_b


def shingle_strings(
    a: Sequence[str], b: Sequence[str], n: int
) -> tuple[list[str], list[str], Matrix, Matrix]:
    """Both lists of (normalised) texts as strings of n-gram ids, plus set sizes.

    Each text becomes the sorted string of its distinct n-gram ids, keeping only
    grams that occur on *both* sides: a gram of one side only can never be shared,
    so dropping it leaves every intersection intact while the strings (and the
    LCS work) shrink several times. The sizes returned are the full set sizes, the
    Dice denominators.

    n-grams touching a placeholder are left out: a slot could be anything, so it
    neither helps nor hurts. A non-empty text shorter than ``n`` is its own gram.
    Vectorised with numpy: a side's texts are joined with :data:`WILDCARD` as
    separator (grams across it are dropped like any slot), so one pass covers them
    all; for n <= 2 each side's distinct grams are cached (:func:`_side`, keyed by
    the texts), and the two sides' sorted runs are merged per comparison.
    """
    if not 1 <= n <= 3:
        raise ValueError("n-grams of 1 to 3 characters are supported")
    texts = [*a, *b]
    nt = len(texts)
    if not texts:
        return [], [], np.zeros(0), np.zeros(0)
    if sum(len(t) for t in texts) < _SMALL:
        return _shingle_strings_small(a, b, n)
    if n <= 2 and nt < (1 << 22):
        # Each side's distinct (gram, text) pairs come from a cache (a document is
        # compared with several others); both sides' sorted runs merge in one pass.
        packed_a, sizes_a = _side(tuple(a), n)
        packed_b, sizes_b = _side(tuple(b), n)
        packed = np.concatenate((packed_a, packed_b + np.uint64(len(a))))
        packed.sort(kind="stable")
        keys = packed >> np.uint64(22)
        owner = (packed & _TEXT_BITS).astype(np.int64)
        sizes = np.concatenate((sizes_a, sizes_b))
    else:
        keys, owner = _distinct_sorted(texts, n)
        sizes = np.bincount(owner, minlength=nt).astype(np.float64)
    if not len(keys):
        zero = np.zeros(nt)
        return [""] * len(a), [""] * len(b), zero[: len(a)], zero[len(a) :]
    # Entries of one gram are consecutive and in text order, so a gram is on both
    # sides when its first text is of ``a`` and its last one of ``b``.
    new_gram = np.empty(len(keys), dtype=bool)
    new_gram[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new_gram[1:])
    starts = np.flatnonzero(new_gram)
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:] - 1
    ends[-1] = len(keys) - 1
    both = np.flatnonzero((owner[starts] < len(a)) & (owner[ends] >= len(a)))
    # The entries of shared grams, each gram renumbered densely (0, 1, ...) so every
    # id fits in one code point.
    first, count = starts[both], ends[both] - starts[both] + 1
    total = int(count.sum())
    offset = np.zeros(len(both), dtype=np.int64)
    np.cumsum(count[:-1], out=offset[1:])
    entry = np.arange(total, dtype=np.int64) + np.repeat(first - offset, count)
    gram = np.repeat(np.arange(len(both), dtype=np.uint32), count)
    which = owner[entry]
    if len(both) > _ID_LIMIT:  # pragma: no cover - 1M shared grams
        raise ValueError("too many distinct n-grams for one comparison")
    # Back to text order (ids ascending inside each text, as the LCS trick needs): a
    # stable sort on small integers is a radix sort.
    small = np.uint8 if nt <= 256 else np.uint16 if nt <= (1 << 16) else np.uint32
    order = np.argsort(which.astype(small), kind="stable")
    chars = (gram[order] + np.uint32(_ID_BASE)).astype("<u4")
    encoded = chars.tobytes().decode("utf-32-le")
    bounds = np.zeros(nt + 1, dtype=np.int64)
    np.cumsum(np.bincount(which, minlength=nt), out=bounds[1:])
    at = bounds.tolist()
    out = [encoded[at[k] : at[k + 1]] for k in range(nt)]
    return out[: len(a)], out[len(a) :], sizes[: len(a)], sizes[len(a) :]


def _short_key(text: str, n: int) -> int:
    """The one gram of a text shorter than ``n``: its characters, padded with _SHORT."""
    key = 0
    for c in text.ljust(n, chr(0)):
        key = (key << 21) | (ord(c) if c != chr(0) else _SHORT)
    return key


_LAST = np.uint64(0xFFFFFFFFFFFFFFFF)  # above every packed (gram, text) pair
_TEXT_BITS = np.uint64((1 << 22) - 1)


def _all_grams(texts: Sequence[str], n: int) -> tuple[U64Array, U64Array]:
    """Every n-gram key of ``texts`` (21 bits a character) and its text number.

    The texts are joined by WILDCARD; grams touching one (a slot or the separator)
    get the key :data:`_LAST`. A non-empty text shorter than ``n`` (and free of
    slots) adds one gram of its own: its characters, padded with ``_SHORT``.
    """
    codes = np.frombuffer(WILDCARD.join(texts).encode("utf-32-le"), dtype="<u4")
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    m = max(len(codes) - n + 1, 0)
    wide = codes.astype(np.uint64)
    keys = wide[:m].copy()
    for k in range(1, n):
        keys <<= np.uint64(21)
        keys |= wide[k : k + m]
    owner = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths + 1)[:m]
    wild = np.flatnonzero(codes == _WILD)
    for k in range(n):
        at = wild - k
        keys[at[(at >= 0) & (at < m)]] = _LAST
    short = [k for k, t in enumerate(texts) if 0 < len(t) < n and WILDCARD not in t]
    if short:
        keys = np.concatenate((keys, np.array([_short_key(texts[k], n) for k in short], np.uint64)))
        owner = np.concatenate((owner, np.array(short, dtype=np.uint64)))
    return keys, owner


@lru_cache(maxsize=16)  # a side of a 60k-character report holds about 0.5 MB
def _side(texts: tuple[str, ...], n: int) -> tuple[U64Array, Matrix]:
    """Distinct (gram, text) pairs of one side, packed and sorted, and each text's set size.

    For n <= 2 a key takes at most 42 bits, so (key, text) packs into one uint64 and
    one sort does it all; grams touching a slot sort last and are cut off. Read-only.
    """
    keys, owner = _all_grams(texts, n)
    packed = (keys << np.uint64(22)) | owner
    packed[keys == _LAST] = _LAST
    packed.sort()
    packed = packed[: int(np.searchsorted(packed, _LAST))]
    if len(packed) > 1:
        keep = np.flatnonzero(packed[1:] != packed[:-1])
        packed = np.concatenate((packed[:1], packed[1:][keep]))
    counts = np.bincount((packed & _TEXT_BITS).astype(np.intp), minlength=len(texts))
    out: tuple[U64Array, Matrix] = (packed, counts.astype(np.float64))
    for array in out:
        array.setflags(write=False)
    return out


def _distinct_sorted(texts: Sequence[str], n: int) -> tuple[U64Array, I64Array]:
    """Distinct (gram, text) pairs sorted by gram, then text, of all ``texts``.

    For trigrams or very many texts, where (key, text) does not pack into 64 bits.
    """
    keys, wide_owner = _all_grams(texts, n)
    valid = keys != _LAST
    keys, owner = keys[valid], wide_owner[valid].astype(np.int64)
    order = np.lexsort((owner, keys))
    keys, owner = keys[order], owner[order]
    if len(keys) > 1:
        keep = np.empty(len(keys), dtype=bool)
        keep[0] = True
        keep[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
        keys, owner = keys[keep], owner[keep]
    return keys, owner


@dataclass(frozen=True, slots=True)
class ShingleScorer:
    """Sets of character n-grams (Dice coefficient), blind to clause order."""

    n: int = 2

    def __call__(self, a: Sequence[str], b: Sequence[str], *, workers: int = 1) -> Scores:
        if not a or not b:
            return _empty(len(a), len(b))
        ea, eb, size_a, size_b = shingle_strings(
            [normalize(t) for t in a], [normalize(t) for t in b], self.n
        )
        return Scores.from_common(_lcs(ea, eb, workers), size_a, size_b)


@dataclass(frozen=True, slots=True)
class MaxScorer:
    """The element-wise best of several scorers: each sees a different kind of likeness."""

    scorers: tuple[Scorer, ...]

    def __call__(self, a: Sequence[str], b: Sequence[str], *, workers: int = 1) -> Scores:
        if not self.scorers:
            raise ValueError("MaxScorer needs at least one scorer")
        results = [s(a, b, workers=workers) for s in self.scorers]
        first = results[0]
        sim, ca, cb = first.similarity, first.cover_a, first.cover_b
        for r in results[1:]:
            sim = np.maximum(sim, r.similarity)
            ca = np.maximum(ca, r.cover_a)
            cb = np.maximum(cb, r.cover_b)
        return Scores(sim, ca, cb)


def _default_heading() -> Scorer:
    return MaxScorer((IndelScorer(), ShingleScorer(2)))


def _default_text() -> Scorer:
    return ShingleScorer(2)


@dataclass(frozen=True, slots=True)
class SectionScorer:
    """The scorer for headings and the scorer for bodies.

    Headings are short and ordered: characters in order (wildcard-aware) or bigram
    sets, whichever sees more likeness, so a heading whose two clauses swapped
    places still scores high. Bodies are long and get reworded clause by clause:
    bigram sets.
    """

    heading: Scorer = field(default_factory=_default_heading)
    text: Scorer = field(default_factory=_default_text)


def indel_pairs(a: Sequence[str], b: Sequence[str], slot: int = 8) -> Matrix:
    """:class:`IndelScorer` likeness of ``a[k]`` and ``b[k]`` for each k (one vector)."""
    out = np.zeros(len(a))
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        nx, ny = normalize(x), normalize(y)
        total = len(nx) + len(ny)
        if not total:
            out[k] = 1.0
            continue
        common = float(LCSseq.similarity(nx, ny))
        if WILDCARD in nx or WILDCARD in ny:
            common += slot_credit(nx, ny, slot) / 2.0
        out[k] = min(1.0, 2.0 * common / total)
    return out


def ratio(x: str, y: str) -> float:
    """Wildcard-aware Indel ratio of two texts (normalised first): a convenience for one pair."""
    return float(IndelScorer()([x], [y]).similarity[0, 0])
