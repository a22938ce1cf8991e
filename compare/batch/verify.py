"""Do two speeches share a plan, a template? Pair scores, then the alignment engine.

**Scores** (:mod:`compare.batch.scoring`): every candidate pair gets an *outline*
score (the top-level plan) and a *skeleton* score (every level), from in-order
pairings of their headings. A third reading comes from the text: speeches that
re-enact one model text under their own numbering and headings (US states
re-enacting a model bill) share long passages and nothing in their outlines. The
share of both texts covered by passages they share (:mod:`compare.batch.passages`)
is the *text* score, and the template score combines the two as independent
evidence, ``1 - (1 - skeleton)(1 - text)``: either alone can make a family when it
is strong, both together when each is moderate, and a missing one (fresh bodies
in a template family; garbage outlines in scraped bills) does not decide.
A template member shares its plan, so a pair's outline score is never below its
template score.

**Alignment engine**: the in-order pairings cannot see a part that moved, or two
items merged into one. Pairs whose skeleton score lies in
``[ALIGN_FLOOR, threshold)`` are aligned with :func:`compare.align.align` on their
skeleton documents (headings only, ``inline=False, candidates=0, fallback=False``)
and scored again on the aligner's correspondence (:func:`aligned_template`, same
scale, same similarity of headings); the better reading stands. The pipeline
chooses those pairs with at most ``ALIGN_PER_DOC`` per speech, so the work sent
to the engine grows with the corpus, not with its square. An exception inside
``align`` is counted (``run.json``), never fatal.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import Document
from .scoring import TAU, Blocks, PairScores, score_pair
from .signatures import MAX_SUBS, Signature, plan_parts, signature

__all__ = [
    "ALIGN_FLOOR",
    "ALIGN_PER_DOC",
    "AlignStats",
    "Verifier",
    "align_pairs",
    "aligned_template",
    "aligner",
    "choose_for_alignment",
    "combine",
    "verify_pairs",
]

ALIGN_FLOOR = 0.35  # below this skeleton score a pair is not worth aligning
ALIGN_PER_DOC = 6  # pairs per speech sent to the alignment engine at most

Aligner = Callable[..., Any]
Pair = tuple[int, int]


@cache
def aligner() -> Aligner | None:
    """:func:`compare.align.align` when the alignment engine is installed, else None."""
    try:
        from ..align import align
    except ImportError:
        return None
    return align


def combine(scores: PairScores, text: float) -> tuple[float, float]:
    """(outline, template) of a pair from its skeleton scores and its text score."""
    template = 1.0 - (1.0 - scores.template) * (1.0 - text)
    return round(max(scores.outline, template), 4), round(template, 4)


Index = tuple[Signature, dict[str, tuple[int, int]]]


def _index(doc: Document) -> Index:
    """The signature of a skeleton document and, per section id, (part, place below it).

    ``place`` is -1 for the part itself, else the index in the part's ``subs``.
    """
    where: dict[str, tuple[int, int]] = {}
    plan = plan_parts(doc)
    for k, (part, below) in enumerate(plan):
        where[part.id] = (k, -1)
        for pos, s in enumerate(below[:MAX_SUBS]):
            where[s.id] = (k, pos)
    return signature(doc, plan), where


def aligned_template(
    alignment: Any, a: Document, b: Document, indexes: tuple[Index, Index] | None = None
) -> float:
    """Skeleton score read from an alignment of two skeleton documents.

    Parts correspond where the aligner matched them, one to one as in the in-order
    reading (moved parts included; of a split or merge only the closest piece, so a
    part is never credited twice: two parts merged into one are an edit of the
    skeleton, not two agreements); below each pair of parts, every section the
    aligner matched to one under the partner adds its heading similarity's excess
    over ``TAU``, and the null of :class:`~compare.batch.scoring.Blocks` is taken
    off as for the in-order reading. Scored as
    :func:`~compare.batch.scoring.score_pair` scores. ``indexes``: the two
    documents' readings (:func:`_index`) when the caller keeps them, as a worker
    aligning one speech with several does.
    """
    (sig_a, where_a), (sig_b, where_b) = indexes or (_index(a), _index(b))
    matched: list[tuple[tuple[int, int], tuple[int, int]]] = []
    tops: list[tuple[float, int, int]] = []
    for m in alignment.matches:
        x, y = where_a.get(m.a), where_b.get(m.b)
        if x is not None and y is not None:
            matched.append((x, y))
            if x[1] < 0 and y[1] < 0:
                tops.append((-float(m.score), x[0], y[0]))
    parts: set[tuple[int, int]] = set()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, pa, pb in sorted(tops):
        if pa not in used_a and pb not in used_b:
            parts.add((pa, pb))
            used_a.add(pa)
            used_b.add(pb)
    if not parts:
        return 0.0
    blocks = Blocks(sig_a, sig_b)
    excess: dict[tuple[int, int], float] = dict.fromkeys(parts, 0.0)
    for x, y in matched:
        if x[1] >= 0 and y[1] >= 0 and (x[0], y[0]) in parts:
            row = blocks.starts_a[x[0]] + x[1]
            col = blocks.starts_b[y[0]] + y[1]
            excess[x[0], y[0]] += max(0.0, float(blocks.sim[row, col]) - TAU)
    return blocks.template(parts, excess)


@dataclass(slots=True)
class AlignStats:
    """How much verification leaned on the alignment engine, and what it cost."""

    pairs: int = 0  # pairs scored
    aligned: int = 0  # pairs sent to the alignment engine
    raised: int = 0  # aligned pairs whose score the engine raised
    align_seconds: float = 0.0
    failures: int = 0  # pairs where the alignment engine raised (pre-filter kept)
    first_failure: str = ""

    def add(self, other: AlignStats) -> None:
        self.pairs += other.pairs
        self.aligned += other.aligned
        self.raised += other.raised
        self.align_seconds += other.align_seconds
        self.failures += other.failures
        self.first_failure = self.first_failure or other.first_failure


class Verifier:
    """Pair scores for speeches known by number, cached; the same function everywhere.

    ``text`` holds the text score of the pairs that share passages (others: 0);
    ``aligned`` the skeleton scores the alignment engine raised. Candidate edges
    (in workers) and the direct checks of family building (main process) go
    through the same :meth:`scores`, so a pair reads the same wherever it is
    scored.
    """

    def __init__(
        self,
        signatures: Mapping[int, Signature],
        *,
        text: Mapping[Pair, float] | None = None,
        aligned: Mapping[Pair, float] | None = None,
    ) -> None:
        self.signatures = signatures
        self.text = text or {}
        self.aligned = aligned or {}
        self.stats = AlignStats()
        self._known: dict[Pair, tuple[float, float]] = {}

    def scores(self, i: int, j: int) -> tuple[float, float]:
        """(outline, template) of speeches ``i`` and ``j``."""
        pair = (i, j) if i < j else (j, i)
        hit = self._known.get(pair)
        if hit is not None:
            return hit
        self.stats.pairs += 1
        sa, sb = self.signatures[pair[0]], self.signatures[pair[1]]
        base = score_pair(sa, sb) if sa.eligible and sb.eligible else PairScores(0.0, 0.0)
        better = self.aligned.get(pair)
        if better is not None and better > base.template:
            base = PairScores(base.outline, better, base.pairs)
        out = combine(base, self.text.get(pair, 0.0))
        self._known[pair] = out
        return out

    def prime(self, i: int, j: int, outline: float, skeleton: float) -> bool:
        """Record a pair scored elsewhere (a worker): its skeleton readings, before text.

        Returns whether the alignment engine's reading raised its skeleton score.
        """
        pair = (i, j) if i < j else (j, i)
        better = self.aligned.get(pair)
        raised = better is not None and better > skeleton
        base = PairScores(outline, better if raised and better is not None else skeleton)
        self._known[pair] = combine(base, self.text.get(pair, 0.0))
        return raised

    def outline(self, i: int, j: int) -> float:
        return self.scores(i, j)[0]

    def template(self, i: int, j: int) -> float:
        return self.scores(i, j)[1]


def verify_pairs(
    pairs: Sequence[Pair],
    signatures: Mapping[int, Signature],
) -> list[tuple[int, int, float, float]]:
    """Worker task: ``(i, j, outline, skeleton)`` of each pair, from the skeletons alone."""
    out = []
    for i, j in pairs:
        sa, sb = signatures[i], signatures[j]
        base = score_pair(sa, sb) if sa.eligible and sb.eligible else PairScores(0.0, 0.0)
        out.append((i, j, base.outline, base.template))
    return out


def choose_for_alignment(
    skeleton: Iterable[tuple[int, int, float]], *, threshold: float, per_doc: int = ALIGN_PER_DOC
) -> list[Pair]:
    """Pairs worth aligning: skeleton score in ``[ALIGN_FLOOR, threshold)``, best first,
    at most ``per_doc`` per speech (deterministic: ties by pair)."""
    band = sorted(
        ((s, i, j) for i, j, s in skeleton if ALIGN_FLOOR <= s < threshold),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used: dict[int, int] = {}
    out: list[Pair] = []
    for _, i, j in band:
        if used.get(i, 0) < per_doc and used.get(j, 0) < per_doc:
            used[i] = used.get(i, 0) + 1
            used[j] = used.get(j, 0) + 1
            out.append((i, j))
    return sorted(out)


def align_pairs(
    pairs: Sequence[Pair], blobs: Mapping[int, bytes]
) -> tuple[list[tuple[int, int, float]], AlignStats]:
    """Worker task: the aligner's skeleton score of each pair (skeleton documents pickled)."""
    stats = AlignStats()
    align = aligner()
    out: list[tuple[int, int, float]] = []
    if align is None:
        return out, stats
    docs: dict[int, Document] = {}
    indexes: dict[int, Index] = {}  # each speech's reading, once per task
    for i, j in pairs:
        for k in (i, j):
            if k not in docs:
                doc = pickle.loads(blobs[k])
                assert isinstance(doc, Document)
                docs[k] = doc
        stats.aligned += 1
        started = time.perf_counter()
        try:
            alignment = align(
                docs[i], docs[j], inline=False, candidates=0, fallback=False, topics=False
            )
            for k in (i, j):
                if k not in indexes:
                    indexes[k] = _index(docs[k])
            score = aligned_template(alignment, docs[i], docs[j], (indexes[i], indexes[j]))
            out.append((i, j, round(score, 4)))
        except Exception as exc:  # one odd skeleton must not sink a corpus run
            stats.failures += 1
            if not stats.first_failure:
                stats.first_failure = f"{type(exc).__name__}: {exc}"
        stats.align_seconds += time.perf_counter() - started
    return out, stats
