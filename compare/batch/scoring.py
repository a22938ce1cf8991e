"""How strongly two skeletons say "one plan" and "one template": the pair scores.

Everything here compares two :class:`~compare.batch.signatures.Signature` objects.

**Heading similarity** (:func:`heading_matrix`): the longest common subsequence of
two heading keys over their mean length, a placeholder (``XX``) absorbing up to
``SLOT_CHARS`` unmatched characters of the other heading. Copies of one template
replace words, so their headings keep most characters *in order*; unrelated
headings of the genre share a few by chance (0.1 to 0.3). Every similarity below
is therefore counted by its **excess** over a chance level (``TAU`` for parts;
for the sections below them the level measured on the corpus itself,
:func:`chance_level`), and pairings maximise the total excess (a heading pairs
with another only when that adds evidence).

**Parts** (top level) are paired in order (:func:`chain_pairs`, a small dynamic
programme). A part pair's similarity combines, as independent evidence
(``1 - (1 - h)(1 - r)``), the headings' similarity ``h`` and their rhetorical
roles ``r`` (``ROLE_CREDIT`` when the main roles agree, half when they share a
secondary one). Roles never decide alone: with no shared words two parts reach
``ROLE_CREDIT``, which is short of a full part.

**Outline score** (one plan): every part of both speeches counts once; a paired
part counts its excess relative to ``OUTLINE_FULL`` (saturating at 1), an
unpaired part counts 0, and the score is the mean. A plan is shared when most
parts on both sides agree, not when two parts agree strongly and the rest not at
all, so one borrowed section cannot carry it.

**Template score** (one skeleton at every level): per paired part, the sections
below each side are paired in order (nesting ignored, so an item numbered
``（一）`` in one copy and ``一是`` in another still meets itself) and their total
excess is taken relative to the sections on both sides, saturating at
``TEMPLATE_FULL``; parts with nothing below compare their headings instead
(saturating at ``OUTLINE_FULL``). The score is the mean over all parts of both
speeches **weighted by their size** (1 + sections below), so a document that
borrows one or two sections of a template (heading and items) agrees on those
and on nothing else, and stays under the threshold however exactly it copied
them. The saturation lets every level of noise count as agreement once it is
clearly above chance: members whose headings had a third of their characters
replaced still agree part by part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from .canon import WILDCARD
from .signatures import Part, Signature, main_role

__all__ = [
    "OUTLINE_FULL",
    "ROLE_CREDIT",
    "TAU",
    "TEMPLATE_FULL",
    "PairScores",
    "chain_pairs",
    "chain_total",
    "chance_level",
    "heading_matrix",
    "part_level",
    "part_similarity",
    "role_credit",
    "score_pair",
    "template_score",
]

F64 = npt.NDArray[np.float64]
TAU = 0.1  # heading similarity that chance alone reaches often
SLOT_CHARS = 8  # characters a wildcard may stand for
ROLE_CREDIT = 0.5  # two parts announcing the same rhetorical part, words aside
OUTLINE_FULL = 0.6  # excess of a part pair that counts as full agreement on the plan
TEMPLATE_FULL = 0.25  # excess per section below a part that counts as full agreement
CHANCE_QUANTILE = 0.75  # chance level: what a quarter of unrelated heading pairs exceed
CHANCE_SAMPLE = 4000
CHANCE_MIN = 200  # fewer headings than this: too few to measure chance, use TAU
MAX_PARTS = 16  # longer top levels are compared on their first parts


@dataclass(frozen=True, slots=True)
class PairScores:
    """The two readings of a pair, in [0, 1]: ``outline`` (plan) and ``template``."""

    outline: float
    template: float
    pairs: tuple[tuple[int, int, float], ...] = ()  # paired parts (i, j, part similarity)


def heading_matrix(a: Sequence[str], b: Sequence[str]) -> F64:
    """Similarity of every heading key of ``a`` with every one of ``b`` (see module notes)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    a2 = [x.replace(WILDCARD, "") for x in a]
    b2 = [x.replace(WILDCARD, "") for x in b]
    common = process.cdist(a2, b2, scorer=LCSseq.similarity, dtype=np.int32).astype(np.float64)
    la = np.array([len(x) for x in a2], dtype=np.float64)[:, None]
    lb = np.array([len(x) for x in b2], dtype=np.float64)[None, :]
    wa = np.array([x.count(WILDCARD) for x in a], dtype=np.float64)[:, None]
    wb = np.array([x.count(WILDCARD) for x in b], dtype=np.float64)[None, :]
    absorbed = np.minimum(lb - common, wa * SLOT_CHARS) + np.minimum(la - common, wb * SLOT_CHARS)
    denom = la + lb - absorbed
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where((common > 0) & (denom > 0), 2.0 * common / denom, 0.0)
    return np.asarray(np.minimum(sim, 1.0), dtype=np.float64)


def role_credit(a: frozenset[str], b: frozenset[str]) -> float:
    """``ROLE_CREDIT`` when the main roles agree, half when a secondary role is shared."""
    if not (a and b):
        return 0.0
    if main_role(a) == main_role(b):
        return ROLE_CREDIT
    return ROLE_CREDIT / 2 if a & b else 0.0


def part_similarity(h: float, a: Part, b: Part) -> float:
    """Heading similarity ``h`` of two parts combined with their roles."""
    return 1.0 - (1.0 - h) * (1.0 - role_credit(a.roles, b.roles))


def chain_total(excess: F64) -> float:
    """Largest total of ``excess[i, j] > 0`` over pairs in order in both (rows and columns)."""
    n, m = excess.shape
    if n == 0 or m == 0:
        return 0.0
    w = np.maximum(excess, 0.0)
    prev = np.zeros(m + 1)
    cur = np.zeros(m + 1)
    for i in range(n):
        cand = np.maximum(prev[1:], prev[:-1] + w[i])
        np.maximum.accumulate(cand, out=cur[1:])
        prev, cur = cur, prev
    return float(prev[m])


def chain_pairs(excess: F64) -> list[tuple[int, int, float]]:
    """The pairs behind :func:`chain_total`: ``(i, j, excess)``, in order."""
    n, m = excess.shape
    if n == 0 or m == 0:
        return []
    w = excess.tolist()
    total = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, up, wi = total[i], total[i - 1], w[i - 1]
        for j in range(1, m + 1):
            best = up[j] if up[j] >= row[j - 1] else row[j - 1]
            x = wi[j - 1]
            if x > 0 and up[j - 1] + x > best:
                best = up[j - 1] + x
            row[j] = best
    pairs: list[tuple[int, int, float]] = []
    i, j = n, m
    while i > 0 and j > 0:
        x = w[i - 1][j - 1]
        if x > 0 and total[i][j] == total[i - 1][j - 1] + x and total[i][j] > total[i - 1][j]:
            pairs.append((i - 1, j - 1, x))
            i, j = i - 1, j - 1
        elif total[i][j] == total[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _keys(sig: Signature) -> tuple[list[str], list[int]]:
    """Top headings first, then every part's subs; and where each part's subs start."""
    parts = sig.parts[:MAX_PARTS]
    keys = [p.heading for p in parts]
    starts = []
    for p in parts:
        starts.append(len(keys))
        keys.extend(p.subs)
    starts.append(len(keys))
    return keys, starts


def part_level(top: float, excess: float, na: int, nb: int, tau_sub: float = TAU) -> float:
    """Agreement of one paired part, in [0, 1]: its sections below, or its headings."""
    if na == 0 and nb == 0:
        return min(1.0, max(0.0, top - TAU) / ((1 - TAU) * OUTLINE_FULL))
    if na == 0 or nb == 0:
        return 0.0
    return min(1.0, excess / ((1 - tau_sub) * (na + nb) / 2 * TEMPLATE_FULL))


def template_score(
    a: Sequence[Part], b: Sequence[Part], levels: dict[tuple[int, int], float]
) -> float:
    """Size-weighted mean agreement of all parts; ``levels`` maps paired parts to theirs."""
    weight_a = [1 + min(p.size, len(p.subs)) for p in a]
    weight_b = [1 + min(p.size, len(p.subs)) for p in b]
    total = sum(weight_a) + sum(weight_b)
    if not total:
        return 0.0
    agree = sum(x * (weight_a[i] + weight_b[j]) for (i, j), x in levels.items())
    return min(1.0, agree / total)


def chance_level(signatures: Sequence[Signature], *, sample: int = CHANCE_SAMPLE) -> float:
    """Similarity that headings of unrelated sections of *this* corpus reach by chance.

    The sections below the parts of different speeches are paired at random
    (``sample`` pairs, a fixed seed, so the same corpus gives the same level) and
    the level is the similarity a quarter of them exceed (``CHANCE_QUANTILE``), never
    below ``TAU``. Reports of one genre share their vocabulary (发展, 建设, 推进…)
    far more than speeches on assorted subjects do; measuring chance on the corpus
    keeps "above chance" meaning the same in both.
    """
    owners: list[int] = []
    keys: list[str] = []
    for k, sig in enumerate(signatures):
        for part in sig.parts:
            owners.extend([k] * len(part.subs))
            keys.extend(part.subs)
    if len(keys) < CHANCE_MIN or len(set(owners)) < 2:
        return TAU
    rng = np.random.default_rng(0)
    x = rng.integers(0, len(keys), size=sample)
    y = rng.integers(0, len(keys), size=sample)
    apart = np.array(owners)[x] != np.array(owners)[y]
    x, y = x[apart], y[apart]
    if len(x) < CHANCE_MIN:
        return TAU
    sims = [float(heading_matrix([keys[i]], [keys[j]])[0, 0]) for i, j in zip(x, y, strict=True)]
    return round(max(TAU, float(np.quantile(sims, CHANCE_QUANTILE))), 4)


def score_pair(a: Signature, b: Signature, *, tau_sub: float = TAU) -> PairScores:
    """Outline and template scores of two skeletons (see the module notes).

    ``tau_sub`` is the chance level of the headings below the parts
    (:func:`chance_level` of the corpus); the parts themselves use ``TAU``.
    """
    pa, pb = a.parts[:MAX_PARTS], b.parts[:MAX_PARTS]
    if not pa or not pb:
        return PairScores(0.0, 0.0)
    keys_a, starts_a = _keys(a)
    keys_b, starts_b = _keys(b)
    sim = heading_matrix(keys_a, keys_b)
    n, m = len(pa), len(pb)
    top = sim[:n, :m]
    part = np.array(
        [[part_similarity(float(top[i, j]), pa[i], pb[j]) for j in range(m)] for i in range(n)]
    )
    paired = chain_pairs(part - TAU)
    outline = sum(min(1.0, x / ((1 - TAU) * OUTLINE_FULL)) for _, _, x in paired) * 2 / (n + m)
    levels: dict[tuple[int, int], float] = {}
    for i, j, _ in paired:
        sa = slice(starts_a[i], starts_a[i + 1])
        sb = slice(starts_b[j], starts_b[j + 1])
        na, nb = sa.stop - sa.start, sb.stop - sb.start
        excess = chain_total(sim[sa, sb] - tau_sub) if na and nb else 0.0
        levels[i, j] = part_level(float(top[i, j]), excess, na, nb, tau_sub)
    return PairScores(round(outline, 4), round(template_score(pa, pb, levels), 4), tuple(paired))
