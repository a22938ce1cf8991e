"""Near-duplicates: whole speeches copied with light edits.

Candidates come from MinHash LSH over the 5-character shingles of each speech's
canonical text (:mod:`compare.batch.candidates`); a candidate is a near copy when
its **verified** similarity reaches ``threshold``. The similarity is the
normalised Indel similarity of the two canonical texts (``2·LCS / (|a| + |b|)``,
rapidfuzz): 1.0 for identical speeches, 0.9 when a tenth of the characters were
deleted, inserted or changed, whatever the spacing and full/half-width forms;
0.75 for a copy cut to 60 % of the original. The default threshold, 0.7, keeps
lightly and heavily edited copies alike; speeches that merely share a template,
stock phrases or a few paragraphs stay far below it (at most 0.22 on the fixtures,
where the two real copies score 0.96 and 1.0).
It is computed on the whole text, so a speech that merely shares a template or
a few paragraphs with another does not qualify.

Candidate pairs fall into groups (connected components of the LSH pairs). A small
group (up to :data:`SMALL_GROUP` speeches) has every candidate pair verified. A
large one (2,000 lightly edited copies of one speech form a single group) is
verified through **representatives** instead of pair by pair
(:func:`verify_group`): in input order, each speech is compared with the
representatives of the clusters its candidates already belong to and joins the
first it is near enough to, or else starts a cluster of its own; a cluster that
stays small then has all its pairs verified. The work is near-linear in the size
of the group, and a large cluster is reported as a star: each member paired with
its representative (the cluster's first speech), not with every other member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .candidates import Pair, lsh_pairs

__all__ = [
    "LSH_THRESHOLD",
    "NEAR_THRESHOLD",
    "SMALL_GROUP",
    "near_candidates",
    "near_groups",
    "verify_group",
    "verify_near",
]

NEAR_THRESHOLD = 0.7
LSH_THRESHOLD = 0.4  # shingle Jaccard the LSH bands aim at (a 0.7 copy sits near 0.45)
MIN_ESTIMATE = 0.2
SMALL_GROUP = 32  # a group or cluster up to this size has all its pairs verified
REPS_PER_SPEECH = 8  # representatives (and then direct candidates) a speech is compared with
_CLOSE = 0.97
Near = tuple[int, int, float]


def near_candidates(sketches: npt.NDArray[np.uint64], members: Sequence[int]) -> list[Pair]:
    """Pairs of speeches whose shingle sketches collide in the LSH index."""
    return [p for p, _ in _estimated(sketches, members)]


def _estimated(
    sketches: npt.NDArray[np.uint64], members: Sequence[int]
) -> list[tuple[Pair, float]]:
    found = lsh_pairs(
        sketches, members, threshold=LSH_THRESHOLD, min_estimate=MIN_ESTIMATE, top_k=None
    )
    return sorted(found.items())


def near_groups(
    sketches: npt.NDArray[np.uint64], members: Sequence[int]
) -> tuple[list[Pair], list[list[Pair]]]:
    """Candidate pairs split by group: those of small groups, and each large group's.

    A large group's pairs come best estimate first (ties in index order): the order
    in which :func:`verify_group` tries a speech's candidates.
    """
    found = _estimated(sketches, members)
    if not found:
        return [], []
    a = np.array([p[0] for p, _ in found], dtype=np.int64)
    b = np.array([p[1] for p, _ in found], dtype=np.int64)
    n = int(max(a.max(), b.max())) + 1
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    size = np.bincount(label)
    small: list[Pair] = []
    large: dict[int, list[tuple[float, Pair]]] = defaultdict(list)
    for (i, j), est in found:
        group = int(label[i])
        if size[group] <= SMALL_GROUP:
            small.append((i, j))
        else:
            large[group].append((-est, (i, j)))
    groups = [[p for _, p in sorted(large[g])] for g in sorted(large, key=lambda g: min(large[g]))]
    return small, groups


def _similar(a: str, b: str, threshold: float, *, likely: bool = False) -> float:
    """The pair's similarity when it reaches ``threshold``, else 0.

    ``likely``: the pair is expected to be a close copy, so a high cutoff is tried
    first (rapidfuzz then bounds the work to a narrow band: 0.2 ms instead of 1.7
    for two 7,000-character speeches); the result is the same either way.
    """
    if not a or not b:
        return 0.0
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter / (shorter + longer) < threshold:  # lengths alone rule it out
        return 0.0
    if likely and threshold < _CLOSE:
        sim = Indel.normalized_similarity(a, b, score_cutoff=_CLOSE)
        if sim >= _CLOSE:
            return round(float(sim), 4)
    sim = Indel.normalized_similarity(a, b, score_cutoff=threshold)
    return round(float(sim), 4) if sim >= threshold else 0.0


def verify_near(pairs: Sequence[Pair], texts: dict[int, str], *, threshold: float) -> list[Near]:
    """Similarity of each candidate pair that reaches ``threshold``; a worker task."""
    out: list[Near] = []
    for i, j in pairs:
        sim = _similar(texts[i], texts[j], threshold)
        if sim:
            out.append((i, j, sim))
    return out


def verify_group(pairs: Sequence[Pair], texts: dict[int, str], *, threshold: float) -> list[Near]:
    """Near copies in one large group of candidates, through representatives; a worker task.

    ``pairs`` are the group's candidate pairs, best first. Each speech, in index
    order, is compared with the representatives of the clusters its earlier
    candidates belong to (at most :data:`REPS_PER_SPEECH`) and joins the first
    it reaches ``threshold`` with; one that joins none becomes a representative
    and is compared directly with its best earlier candidates instead. Clusters
    of up to :data:`SMALL_GROUP` speeches then have all their pairs verified.
    """
    earlier: dict[int, list[int]] = defaultdict(list)  # speech -> candidates before it
    for i, j in pairs:
        earlier[j].append(i)
    members = sorted({i for p in pairs for i in p})
    cluster: dict[int, int] = {}  # speech -> its representative
    found: dict[Pair, float] = {}
    for x in members:
        reps: list[int] = []
        for i in earlier.get(x, ()):
            rep = cluster[i]
            if rep not in reps:
                reps.append(rep)
        joined = None
        for rep in reps[:REPS_PER_SPEECH]:
            sim = _similar(texts[rep], texts[x], threshold, likely=True)
            if sim:
                found[rep, x] = sim
                joined = rep
                break
        if joined is not None:
            cluster[x] = joined
            continue
        cluster[x] = x
        for i in earlier.get(x, ())[:REPS_PER_SPEECH]:
            if (i, x) not in found and i not in reps:
                sim = _similar(texts[i], texts[x], threshold)
                if sim:
                    found[i, x] = sim
    by_rep: dict[int, list[int]] = defaultdict(list)
    for x in members:
        by_rep[cluster[x]].append(x)
    for group in by_rep.values():
        if 2 < len(group) <= SMALL_GROUP:
            for k, i in enumerate(group):
                for j in group[k + 1 :]:
                    if (i, j) not in found:
                        sim = _similar(texts[i], texts[j], threshold, likely=True)
                        if sim:
                            found[i, j] = sim
    return sorted((i, j, sim) for (i, j), sim in found.items())
