"""Candidate pairs: which speeches are worth comparing at all. Never all pairs.

Two indexes feed the verification stages:

- **MinHash LSH** (:class:`datasketch.MinHashLSH`) over sketches. For skeletons the
  sketched set is the character bigrams of the top-level headings; for near-
  duplicates it is the 5-character shingles of the whole speech. LSH returns
  the speeches that share a band with the query; each query keeps ``top_k`` of
  them (half its best by estimated Jaccard similarity, half spread over the
  rest), which bounds the work per speech even when a template family has
  thousands of members.
- **Role buckets**: speeches whose parts play the same rhetorical roles in the
  same order (``significance>tasks>safeguards``) but share no words. Within a
  bucket each speech is paired with its next ``window`` neighbours, enough to
  connect the bucket; the family stage then verifies every member directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from .sketch import EMPTY, NUM_PERM

__all__ = ["Pair", "lsh_pairs", "merge_pairs", "role_pairs"]

Pair = tuple[int, int]
_SEED = 1


def lsh_pairs(
    sketches: npt.NDArray[np.uint64],
    members: Sequence[int],
    *,
    threshold: float,
    min_estimate: float,
    top_k: int | None,
) -> dict[Pair, float]:
    """Candidate pairs ``(i, j)``, ``i < j``, among ``members``, with estimated Jaccard.

    ``sketches`` holds one row per speech (all speeches; ``members`` selects the
    rows to index). ``threshold`` shapes the LSH bands (datasketch picks bands and
    rows); ``min_estimate`` drops weak collisions; ``top_k`` keeps each query's
    best candidates only.
    """
    from datasketch import LeanMinHash, MinHashLSH

    rows = [i for i in members if sketches[i, 0] != EMPTY]
    if len(rows) < 2:
        return {}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    lean = {i: LeanMinHash(seed=_SEED, hashvalues=sketches[i], scheme="affine64") for i in rows}
    with lsh.insertion_session() as session:
        for i in rows:
            session.insert(i, lean[i], check_duplication=False)
    out: dict[Pair, float] = {}
    for i in rows:
        found = np.fromiter((c for c in lsh.query(lean[i]) if c != i), dtype=np.int64)
        if len(found) == 0:
            continue
        found.sort()
        est = np.count_nonzero(sketches[found] == sketches[i], axis=1) / NUM_PERM
        keep = est >= min_estimate
        found, est = found[keep], est[keep]
        if top_k is not None and len(found) > top_k:
            # Best estimates first; ties by index, so the choice is reproducible.
            order = np.lexsort((found, -est))
            order = np.concatenate(
                [order[: top_k // 2], _spread(order[top_k // 2 :], top_k - top_k // 2)]
            )
            found, est = found[order], est[order]
        for c, e in zip(found.tolist(), est.tolist(), strict=True):
            pair = (i, c) if i < c else (c, i)
            out[pair] = max(out.get(pair, 0.0), e)
    return out


def _spread(ranked: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    """``k`` entries spread evenly over ``ranked`` (best first).

    Half of a speech's candidates are its nearest neighbours, the other half are
    taken across the rest of its LSH collisions. Members of one template that
    differ in the same way (all those that dropped the optional last part) are
    each other's nearest neighbours; without the spread picks, a family can fall
    apart into islands that no candidate pair connects.
    """
    if len(ranked) <= k:
        return ranked
    picks = np.linspace(0, len(ranked) - 1, k).round().astype(np.int64)
    return ranked[np.unique(picks)]


def role_pairs(role_keys: Sequence[str], *, window: int) -> set[Pair]:
    """Pairs within each group of speeches sharing a (non-empty) role sequence."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(role_keys):
        if k:
            buckets[k].append(i)
    out: set[Pair] = set()
    for group in buckets.values():
        for pos, i in enumerate(group):
            for j in group[pos + 1 : pos + 1 + window]:
                out.add((i, j))
    return out


def merge_pairs(*sources: Iterable[Pair]) -> list[Pair]:
    """Union of pair sources, sorted (the order every later stage relies on)."""
    merged: set[Pair] = set()
    for src in sources:
        merged.update(src)
    return sorted(merged)
