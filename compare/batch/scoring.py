"""How strongly two skeletons say "one plan" and "one template": the pair scores.

Everything here compares two :class:`~compare.batch.signatures.Signature` objects.

**Heading similarity** (:func:`heading_matrix`): the longest common subsequence of
two heading keys over their mean length, a placeholder (``XX``) absorbing up to
``SLOT_CHARS`` unmatched characters of the other heading. Copies of one template
replace words, so their headings keep most characters *in order*; unrelated
headings of the genre share a few by chance (0.1 to 0.3). Every similarity below
is therefore counted by its **excess** over ``TAU``, the floor of chance, and
pairings maximise the total excess (a heading pairs with another only when that
adds evidence). Below the parts, what an in-order pairing of items gains between
parts of the pair that do *not* correspond is taken off (:class:`Blocks`).

**Parts** (top level) are paired in order (:func:`chain_pairs`, a small dynamic
programme). A part pair's similarity combines, as independent evidence
(``1 - (1 - h)(1 - r)(1 - t)``), the headings' similarity ``h``, their rhetorical
roles ``r`` (``ROLE_CREDIT`` when the main roles agree, half when they share a
secondary one) and their policy areas ``t`` (``AREA_CREDIT`` times how far the
cosine of the two parts' areas, each beside its own speech's mean, lies above
``AREA_FLOOR``: two party-congress reports' chapters on culture, worded apart).
Roles never decide alone: with no shared words two parts reach ``ROLE_CREDIT``,
which is short of a full part; areas alone reach less (``AREA_CREDIT``), so a
speech whose parts only follow another's subjects, in other words, does not share
its plan.

**Outline score** (one plan): every part of both speeches counts once; a paired
part counts its excess relative to ``OUTLINE_FULL`` (saturating at 1), an
unpaired part counts its best partner at half credit (a moved or merged part,
or a section below the other side's parts that announces the same role: a part
demoted to an item), and the score is the mean. A plan is shared when most
parts on both sides agree, not when two parts agree strongly and the rest not at
all, so one borrowed section cannot carry it.

**Template score** (one skeleton at every level): per paired part, the sections
below each side are paired in order (nesting ignored, so an item numbered
``（一）`` in one copy and ``一是`` in another still meets itself) and their total
excess beyond that null is taken relative to the sections on both sides,
saturating at ``TEMPLATE_FULL``; parts with nothing below compare their headings instead
(saturating at ``OUTLINE_FULL``). The score is the mean over all parts of both
speeches **weighted by their size** (1 + sections below), so a document that
borrows one or two sections of a template (heading and items) agrees on those
and on nothing else, and stays under the threshold however exactly it copied
them. The saturation lets every level of noise count as agreement once it is
clearly above chance: members whose headings had a third of their characters
replaced still agree part by part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from .canon import WILDCARD
from .signatures import ROLE_CUES, Part, Signature, main_role

__all__ = [
    "OUTLINE_FULL",
    "ROLE_CREDIT",
    "TAU",
    "TEMPLATE_FULL",
    "Blocks",
    "PairScores",
    "chain_pairs",
    "chain_total",
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
AREA_CREDIT = 0.35  # two parts on the same policy areas (beside their speeches' means)
AREA_FLOOR = 0.5  # likeness of two parts' areas below which they add nothing
OUTLINE_FULL = 0.6  # excess of a part pair that counts as full agreement on the plan
TEMPLATE_FULL = 0.15  # excess per section below a part, beyond chance, that is full agreement
SMALL_BLOCK = 48  # blocks up to this many cells are paired in plain Python
NULL_FLOOR = 0.3  # template scores below this (before the null) are not refined
MOVED_CREDIT = 0.5  # a part left out of the in-order pairing counts its best partner at half
MOVED_LEVEL = 0.8  # ... when that partner agrees this well (a moved part, not a lookalike)


@dataclass(frozen=True, slots=True)
class PairScores:
    """The two readings of a pair, in [0, 1]: ``outline`` (plan) and ``template``."""

    outline: float
    template: float
    pairs: tuple[tuple[int, int, float], ...] = ()  # paired parts (i, j, part similarity)


def heading_matrix(a: Sequence[str], b: Sequence[str]) -> F64:
    """Similarity of every heading key of ``a`` with every one of ``b`` (see module notes)."""
    a2 = [x.replace(WILDCARD, "") for x in a]
    b2 = [x.replace(WILDCARD, "") for x in b]
    return _similarity(
        a2,
        np.array([len(x) for x in a2], dtype=np.float64),
        np.array([x.count(WILDCARD) for x in a], dtype=np.float64),
        b2,
        np.array([len(x) for x in b2], dtype=np.float64),
        np.array([x.count(WILDCARD) for x in b], dtype=np.float64),
    )


def _similarity(a: Sequence[str], la: F64, wa: F64, b: Sequence[str], lb: F64, wb: F64) -> F64:
    """:func:`heading_matrix` on keys without placeholders, given lengths and placeholders."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    common = process.cdist(a, b, scorer=LCSseq.similarity, dtype=np.int32).astype(np.float64)
    la, lb = la[:, None], lb[None, :]
    if wa.any() or wb.any():
        wa, wb = wa[:, None], wb[None, :]
        absorbed = np.minimum(lb - common, wa * SLOT_CHARS) + np.minimum(
            la - common, wb * SLOT_CHARS
        )
        denom = la + lb - absorbed
    else:
        denom = la + lb
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
    if n * m <= SMALL_BLOCK:  # plain Python beats numpy's per-call cost on small blocks
        rows = excess.tolist()
        up = [0.0] * (m + 1)
        for wi in rows:
            row = [0.0] * (m + 1)
            for j in range(1, m + 1):
                x = wi[j - 1]
                best = up[j] if up[j] >= row[j - 1] else row[j - 1]
                if x > 0 and up[j - 1] + x > best:
                    best = up[j - 1] + x
                row[j] = best
            up = row
        return up[m]
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


def part_level(top: float, excess: float, na: int, nb: int, null: float = 0.0) -> float:
    """Agreement of one paired part, in [0, 1]: its sections below, or its headings.

    ``excess`` is the total excess of the sections below, of which ``null`` per
    item of the shorter list is what non-corresponding parts gain (:class:`Blocks`).
    """
    if na == 0 and nb == 0:
        return min(1.0, max(0.0, top - TAU) / ((1 - TAU) * OUTLINE_FULL))
    if na == 0 or nb == 0:
        return 0.0
    real = max(0.0, excess - null * min(na, nb))
    return min(1.0, real / ((1 - TAU) * (na + nb) / 2 * TEMPLATE_FULL))


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


def _level(excess: F64) -> F64:
    return np.minimum(1.0, np.maximum(excess, 0.0) / ((1 - TAU) * OUTLINE_FULL))


def _demoted(part: int, a: Signature, b: Signature, sim: F64) -> float:
    """How well part ``part`` of ``a`` agrees with a section *below* a part of ``b``
    that announces the same role (``sim``: :class:`Blocks` similarities, ``a``'s keys
    by ``b``'s): ``……努力建设人民满意的服务型政府`` as one report's last part, and
    ``（十）全面加强政府自身建设`` as the other's last task. 0.0 when none does, or
    when the part's role is the tasks themselves (their cue words are in any item).
    """
    role = a.mains[part]
    if not role or role == "tasks":
        return 0.0
    cues = ROLE_CUES[role]
    n = len(b.parts)
    below = "\n".join(b.keys[n:])
    if not any(c in below for c in cues):
        return 0.0
    best = 0.0
    for k in range(n, len(b.keys)):
        if any(c in b.keys[k] for c in cues):
            h = float(sim[part, k])
            best = max(best, 1.0 - (1.0 - h) * (1.0 - ROLE_CREDIT))
    return float(_level(np.array(best - TAU)))


def _plan(
    excess: F64, a: Signature, b: Signature, sim: F64
) -> tuple[list[tuple[int, int, float]], float]:
    """Paired parts and the outline score (see the module notes).

    Parts are paired in order; a part left out of that pairing still counts, at
    ``MOVED_CREDIT``, its best partner on the other side when they agree at
    ``MOVED_LEVEL`` or better: a report that put its targets after its tasks, or
    merged two parts into one (``……目标任务和2026年工作安排``), keeps most of its
    plan, and a part that merely resembles one of the other side's adds nothing.
    The partner may be a section below the other side's parts that announces the
    part's role (:func:`_demoted`): the same part, demoted to an item.
    """
    n, m = excess.shape
    level = _level(excess)
    paired = chain_pairs(excess)
    in_a = {i for i, _, _ in paired}
    in_b = {j for _, j, _ in paired}
    total = 2.0 * sum(float(level[i, j]) for i, j, _ in paired)

    def moved(best: float, demoted: float) -> float:
        x = max(best, demoted)
        return MOVED_CREDIT * x if x >= MOVED_LEVEL else 0.0

    total += sum(
        moved(float(level[i].max()), _demoted(i, a, b, sim)) for i in range(n) if i not in in_a
    )
    total += sum(
        moved(float(level[:, j].max()), _demoted(j, b, a, sim.T)) for j in range(m) if j not in in_b
    )
    return paired, total / (n + m)


class Blocks:
    """The heading similarities of two skeletons, cut into one block per pair of parts.

    ``gain(i, j)`` is the total excess of the in-order pairing of the items below
    part ``i`` of ``a`` and part ``j`` of ``b``. ``null(i, j)`` is what items gain
    *per item* between parts that do not correspond: part ``i`` against ``b``'s
    other parts and part ``j`` against ``a``'s (each block bounded from above by
    its rows' and its columns' best excesses, which needs no pairing). Two reports
    of one genre share their vocabulary (发展, 建设, 推进…) in every part; two
    copies of a template share their items in the parts that correspond, and only
    there. The null measures the first on the pair itself, so agreement below the
    parts is counted beyond it, whatever the corpus.
    """

    def __init__(self, a: Signature, b: Signature) -> None:
        self.parts_a, self.parts_b = a.parts, b.parts
        self.starts_a, self.starts_b = a.starts, b.starts
        self.sim = _similarity(a.keys, a.lengths, a.wildcards, b.keys, b.lengths, b.wildcards)
        n, m = len(a.parts), len(b.parts)
        self.top = self.sim[:n, :m]
        self.size_a = a.sizes
        self.size_b = b.sizes
        self._gain: dict[tuple[int, int], float] = {}
        self._null: F64 | None = None

    def _nulls(self) -> F64:
        """``null(i, j)`` for every pair of parts at once."""
        n, m = len(self.parts_a), len(self.parts_b)
        rows, cols = self.size_a > 0, self.size_b > 0
        if not rows.any() or not cols.any():
            return np.zeros((n, m))
        sub = np.maximum(self.sim[n:, m:] - TAU, 0.0)
        ri, cj = np.flatnonzero(rows), np.flatnonzero(cols)
        ra = np.array(self.starts_a[:-1])[ri] - n
        cb = np.array(self.starts_b[:-1])[cj] - m
        # Each item's best excess within each part of the other side, summed per part.
        row_sum = np.add.reduceat(np.maximum.reduceat(sub, cb, axis=1), ra, axis=0)
        col_sum = np.add.reduceat(np.maximum.reduceat(sub, ra, axis=0), cb, axis=1)
        per_item = np.zeros((n, m))
        shorter = np.minimum(self.size_a[ri][:, None], self.size_b[cj][None, :])
        per_item[np.ix_(ri, cj)] = np.minimum(row_sum, col_sum) / shorter
        valid = np.outer(rows, cols).astype(np.float64)
        row_tot, col_tot = per_item.sum(axis=1), per_item.sum(axis=0)
        row_cnt, col_cnt = valid.sum(axis=1), valid.sum(axis=0)
        # Block (i, j) itself is left out of both its row and its column.
        tot = row_tot[:, None] + col_tot[None, :] - 2 * per_item
        cnt = row_cnt[:, None] + col_cnt[None, :] - 2 * valid
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(cnt > 0, tot / cnt, 0.0)

    def gain(self, i: int, j: int) -> float:
        if (i, j) not in self._gain:
            sa = slice(self.starts_a[i], self.starts_a[i + 1])
            sb = slice(self.starts_b[j], self.starts_b[j + 1])
            empty = sa.start == sa.stop or sb.start == sb.stop
            self._gain[i, j] = 0.0 if empty else chain_total(self.sim[sa, sb] - TAU)
        return self._gain[i, j]

    def null(self, i: int, j: int) -> float:
        if self._null is None:
            self._null = self._nulls()
        return float(self._null[i, j])

    def level(self, i: int, j: int, gain: float | None = None, *, corrected: bool = True) -> float:
        """Agreement of paired parts ``i`` and ``j`` (``gain``: another pairing's, if given).

        ``corrected=False`` leaves the null out: an upper bound of the level.
        """
        na, nb = int(self.size_a[i]), int(self.size_b[j])
        got = self.gain(i, j) if gain is None else gain
        null = self.null(i, j) if corrected and na and nb else 0.0
        return part_level(float(self.top[i, j]), got, na, nb, null)

    def template(
        self, pairs: Iterable[tuple[int, int]], gains: Mapping[tuple[int, int], float] | None = None
    ) -> float:
        """Template score of the paired parts ``pairs`` (``gains``: another pairing's).

        The null is computed only when the score without it reaches ``NULL_FLOOR``:
        below that the pair is far from any family either way.
        """
        pairs = list(pairs)
        got = gains or {}
        upper = template_score(
            self.parts_a,
            self.parts_b,
            {p: self.level(*p, got.get(p), corrected=False) for p in pairs},
        )
        if upper < NULL_FLOOR:
            return upper
        return template_score(
            self.parts_a, self.parts_b, {p: self.level(*p, got.get(p)) for p in pairs}
        )


def _roles(a: Signature, b: Signature) -> F64:
    """Role credit of every pair of parts (:func:`role_credit`)."""
    out = np.zeros((len(a.parts), len(b.parts)))
    for i, (pa, ma) in enumerate(zip(a.parts, a.mains, strict=True)):
        if not ma:
            continue
        for j, (pb, mb) in enumerate(zip(b.parts, b.mains, strict=True)):
            if mb:
                out[i, j] = (
                    ROLE_CREDIT if ma == mb else (ROLE_CREDIT / 2 if pa.roles & pb.roles else 0.0)
                )
    return out


def _areas(a: Signature, b: Signature) -> F64 | None:
    """Area credit of every pair of parts: ``AREA_CREDIT`` times how far the cosine of
    their areas (:class:`~compare.batch.signatures.Part`) lies above ``AREA_FLOOR``;
    ``None`` when one side has no part with areas."""
    rows = [i for i, p in enumerate(a.parts) if p.areas]
    cols = [j for j, p in enumerate(b.parts) if p.areas]
    if not rows or not cols:
        return None
    va = np.array([a.parts[i].areas for i in rows])
    vb = np.array([b.parts[j].areas for j in cols])
    out = np.zeros((len(a.parts), len(b.parts)))
    cos = va @ vb.T
    out[np.ix_(rows, cols)] = AREA_CREDIT * np.clip((cos - AREA_FLOOR) / (1 - AREA_FLOOR), 0, 1)
    return out


def score_pair(a: Signature, b: Signature) -> PairScores:
    """Outline and template scores of two skeletons (see the module notes)."""
    if not a.parts or not b.parts:
        return PairScores(0.0, 0.0)
    blocks = Blocks(a, b)
    part = 1.0 - (1.0 - blocks.top) * (1.0 - _roles(a, b))
    areas = _areas(a, b)
    if areas is not None:
        part = 1.0 - (1.0 - part) * (1.0 - areas)
    paired, outline = _plan(part - TAU, a, b, blocks.sim)
    template = blocks.template((i, j) for i, j, _ in paired)
    return PairScores(round(outline, 4), round(template, 4), tuple(paired))
