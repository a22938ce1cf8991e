"""Do two speeches share a skeleton? A cheap pre-filter, then the alignment engine.

**Pre-filter** (:func:`prefilter`): the top-level headings of both speeches are
paired in order (a small dynamic programme over at most a dozen parts), each pair
scored by :func:`heading_similarity`, and the skeleton score is::

    sum of pair scores / (pairs + LAMBDA × parts left unpaired on either side)

so a missing or extra part costs half a part: templates often have an optional
last part (``四、加强政府自身建设``). Two speeches whose top levels are numbered
differently (``一、`` against bare heading lines) score 0, and so do two whose
pairing leaves too much out: at least ``min(3, longer top level)`` parts must pair
(one may be missing between top levels of equal length), so a two-part speech
never joins a three-part template on two lucky parts.

Heading similarity is the longest-common-subsequence ratio of the heading keys,
where a wildcard (a placeholder such as ``XX``) absorbs up to ``SLOT_CHARS``
unmatched characters of the other heading, raised to ``ROLE_CREDIT`` when the two
headings announce the same rhetorical part (:data:`~compare.batch.signatures.ROLE_CUES`).

**Alignment engine**: pairs the pre-filter is unsure about (score between
``floor`` and the family threshold) are aligned with :func:`compare.align.align`
on their skeleton documents (headings only, ``inline=False, candidates=0``). Its
matches also see parts that moved, split or merged, which an in-order pairing
cannot; the verified score is the better of the two readings (see
:func:`aligned_score`). Clear pairs skip it: at about a millisecond a pair,
aligning every candidate (half a million at 50,000 speeches) would alone exceed
the time budget. When :mod:`compare.align` is not importable the run says so in
its report (``settings.alignment_engine``) and relies on the pre-filter.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz.distance import LCSseq

from ..model import Document
from .canon import WILDCARD
from .signatures import Signature, main_role

__all__ = [
    "LAMBDA",
    "AlignStats",
    "Pairing",
    "Verifier",
    "aligned_score",
    "aligner",
    "comparable",
    "covered",
    "heading_similarity",
    "pair_parts",
    "prefilter",
    "role_credit",
    "verify_pairs",
]

ROLE_CREDIT = 0.7  # same rhetorical part, different words
SLOT_CHARS = 8  # characters a wildcard may stand for
PAIR_FLOOR = 0.3  # below this two headings are not the same part
LAMBDA = 0.5  # cost of a part present on one side only, relative to a paired part
MAX_PARTS = 16  # longer top levels are compared on their first parts
MIN_PAIRED = 3  # parts that must pair (or all of the longer top level, if fewer)


@dataclass(frozen=True, slots=True)
class Pairing:
    """In-order pairing of two top levels: ``(i, j, score)`` triples and the total."""

    score: float
    pairs: tuple[tuple[int, int, float], ...]


def _char_similarity(a: str, b: str) -> float:
    wa, wb = a.count(WILDCARD), b.count(WILDCARD)
    a2 = a.replace(WILDCARD, "") if wa else a
    b2 = b.replace(WILDCARD, "") if wb else b
    if not a2 or not b2:
        return 0.0
    common = LCSseq.similarity(a2, b2)
    if common == 0:
        return 0.0
    # A slot on one side stands for the other side's unmatched words, up to a point.
    absorbed = min(len(b2) - common, wa * SLOT_CHARS) + min(len(a2) - common, wb * SLOT_CHARS)
    return 2.0 * common / (len(a2) + len(b2) - absorbed)


def role_credit(a_roles: frozenset[str], b_roles: frozenset[str]) -> float:
    """What the rhetorical roles of two headings say about them being one part.

    ``ROLE_CREDIT`` when their main roles agree (the most specific role each heading
    announces, :data:`~compare.batch.signatures.ROLE_PRIORITY`: ``清醒认识当前形势``
    is about the situation, not about significance), half of it when they share
    only a secondary role, 0 otherwise.
    """
    if not (a_roles and b_roles):
        return 0.0
    if main_role(a_roles) == main_role(b_roles):
        return ROLE_CREDIT
    return ROLE_CREDIT / 2 if a_roles & b_roles else 0.0


def heading_similarity(
    a: str, b: str, a_roles: frozenset[str] = frozenset(), b_roles: frozenset[str] = frozenset()
) -> float:
    """How likely two heading keys are the same part of one skeleton, in [0, 1]."""
    score = _char_similarity(a, b)
    if score < ROLE_CREDIT:
        score = max(score, role_credit(a_roles, b_roles))
    return score


def pair_parts(a: Signature, b: Signature) -> Pairing:
    """Best in-order pairing of the top-level parts of ``a`` and ``b``."""
    n, m = min(len(a.headings), MAX_PARTS), min(len(b.headings), MAX_PARTS)
    if n == 0 or m == 0:
        return Pairing(0.0, ())
    # total[i][j]: best sum over the first i parts of a and j of b; back: the move taken.
    total = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip a, 1 skip b, 2 pair
    sims: dict[tuple[int, int], float] = {}
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, move = total[i - 1][j], 0
            if total[i][j - 1] > best:
                best, move = total[i][j - 1], 1
            h = heading_similarity(
                a.headings[i - 1], b.headings[j - 1], a.roles[i - 1], b.roles[j - 1]
            )
            if h >= PAIR_FLOOR and total[i - 1][j - 1] + h > best:
                best, move = total[i - 1][j - 1] + h, 2
                sims[i - 1, j - 1] = h
            total[i][j], back[i][j] = best, move
    pairs: list[tuple[int, int, float]] = []
    i, j = n, m
    while i > 0 and j > 0:
        move = back[i][j]
        if move == 2:
            pairs.append((i - 1, j - 1, sims[i - 1, j - 1]))
            i, j = i - 1, j - 1
        elif move == 1:
            j -= 1
        else:
            i -= 1
    pairs.reverse()
    return Pairing(_skeleton_score([p[2] for p in pairs], n, m), tuple(pairs))


def _skeleton_score(pair_scores: Sequence[float], n: int, m: int) -> float:
    paired = len(pair_scores)
    if paired == 0:
        return 0.0
    unpaired = (n - paired) + (m - paired)
    return sum(pair_scores) / (paired + LAMBDA * unpaired)


def covered(paired: int, n: int, m: int) -> bool:
    """Whether ``paired`` parts are enough evidence for top levels of ``n`` and ``m`` parts.

    At least ``min(3, longer top level)`` parts must pair; two top levels of the
    same length (3 or more parts) may leave one part each unpaired, a heading
    rewritten beyond recognition in an otherwise faithful copy of the template.
    """
    if paired >= min(MIN_PAIRED, max(n, m)):
        return True
    return n == m >= MIN_PAIRED and paired >= n - 1


def comparable(a: Signature, b: Signature) -> bool:
    """Both have a skeleton, numbered the same way."""
    return a.eligible and b.eligible and a.numbered == b.numbered


def prefilter(a: Signature, b: Signature) -> float:
    """The pre-filter's skeleton score of two speeches, in [0, 1]."""
    if not comparable(a, b):
        return 0.0
    pairing = pair_parts(a, b)
    return pairing.score if covered(len(pairing.pairs), len(a.headings), len(b.headings)) else 0.0


Aligner = Callable[..., Any]


@cache
def aligner() -> Aligner | None:
    """:func:`compare.align.align` when the alignment engine is installed, else None."""
    try:
        from ..align import align
    except ImportError:
        return None
    return align


def aligned_score(alignment: Any, a: Signature, b: Signature) -> float:
    """Skeleton score read from an :class:`~compare.align.Alignment` of two skeletons.

    Only matches between top-level parts count (sub-items are free in a template).
    Each part takes its best match, its score raised by role agreement exactly as
    in the pre-filter, so a part split in two (``split``/``merged``) or moved still
    counts; parts without a match cost ``LAMBDA`` each. For one-to-one matches this
    is the pre-filter's formula, so both readings share one scale. 0 when the
    matched parts do not cover the skeletons (:func:`covered`).
    """
    ids_a = {s.id: i for i, s in enumerate(alignment.a.sections)}
    ids_b = {s.id: j for j, s in enumerate(alignment.b.sections)}
    n, m = len(a.headings), len(b.headings)
    best_a = [0.0] * n
    best_b = [0.0] * m
    for match in alignment.matches:
        i, j = ids_a.get(match.a), ids_b.get(match.b)
        if i is None or j is None or i >= n or j >= m:
            continue
        h = float(match.score)
        if h < ROLE_CREDIT:
            h = max(h, role_credit(a.roles[i], b.roles[j]))
        if h >= PAIR_FLOOR:
            best_a[i] = max(best_a[i], h)
            best_b[j] = max(best_b[j], h)
    got_a = [x for x in best_a if x > 0]
    got_b = [x for x in best_b if x > 0]
    if not covered(min(len(got_a), len(got_b)), n, m):
        return 0.0
    unmatched = (n - len(got_a)) + (m - len(got_b))
    return (sum(got_a) + sum(got_b)) / (len(got_a) + len(got_b) + 2 * LAMBDA * unmatched)


@dataclass(slots=True)
class AlignStats:
    """How much verification leaned on the alignment engine, and what it cost."""

    pairs: int = 0  # pairs scored
    aligned: int = 0  # pairs sent to the alignment engine
    align_seconds: float = 0.0
    failures: int = 0  # pairs where the alignment engine raised (pre-filter kept)
    first_failure: str = ""

    def add(self, other: AlignStats) -> None:
        self.pairs += other.pairs
        self.aligned += other.aligned
        self.align_seconds += other.align_seconds
        self.failures += other.failures
        self.first_failure = self.first_failure or other.first_failure


class Verifier:
    """Skeleton scores for speeches known by number: pre-filter first, aligner when unsure.

    The pre-filter decides alone when it is clear (at or above ``threshold``, or
    below ``floor``); pairs in between are aligned by the alignment engine on their
    skeleton documents, unpickled only then, and keep the better reading. If the
    alignment engine raises on a pair, the pre-filter's reading stands and the
    failure is counted (see :class:`AlignStats`): one odd skeleton must not sink
    a corpus run.
    """

    def __init__(
        self,
        signatures: Mapping[int, Signature],
        blobs: Mapping[int, bytes],
        *,
        threshold: float,
        floor: float,
    ) -> None:
        self.signatures = signatures
        self.blobs = blobs
        self.threshold = threshold
        self.floor = floor
        self.stats = AlignStats()
        self._docs: dict[int, Document] = {}

    def _doc(self, i: int) -> Document:
        if i not in self._docs:
            doc = pickle.loads(self.blobs[i])
            assert isinstance(doc, Document)
            self._docs[i] = doc
        return self._docs[i]

    def score(self, i: int, j: int) -> float:
        self.stats.pairs += 1
        sig_a, sig_b = self.signatures[i], self.signatures[j]
        if not comparable(sig_a, sig_b):
            return 0.0
        pairing = pair_parts(sig_a, sig_b)
        ok = covered(len(pairing.pairs), len(sig_a.headings), len(sig_b.headings))
        score = pairing.score if ok else 0.0
        align = aligner()
        if align is not None and score < self.threshold and pairing.score >= self.floor:
            self.stats.aligned += 1
            started = time.perf_counter()
            try:
                alignment = align(
                    self._doc(i), self._doc(j), inline=False, candidates=0, fallback=False
                )
                score = max(score, aligned_score(alignment, sig_a, sig_b))
            except Exception as exc:
                self.stats.failures += 1
                if not self.stats.first_failure:
                    self.stats.first_failure = f"{type(exc).__name__}: {exc}"
            self.stats.align_seconds += time.perf_counter() - started
        return round(score, 4)


def verify_pairs(
    pairs: Sequence[tuple[int, int]],
    signatures: Mapping[int, Signature],
    blobs: Mapping[int, bytes],
    *,
    threshold: float,
    floor: float,
) -> tuple[list[tuple[int, int, float]], AlignStats]:
    """Verified skeleton scores of candidate pairs; a worker task (see :class:`Verifier`)."""
    verifier = Verifier(signatures, blobs, threshold=threshold, floor=floor)
    return [(i, j, verifier.score(i, j)) for i, j in pairs], verifier.stats
