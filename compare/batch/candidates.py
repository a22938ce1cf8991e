"""Candidate pairs: which speeches are worth comparing at all. Never all pairs.

Three indexes feed the verification stages:

- **MinHash LSH** over sketches (:func:`lsh_pairs`; the bands and rows per band
  minimise the weighted sum of false positives and false negatives around the
  threshold, :func:`band_params`). For near-duplicates the sketched set is the
  5-character shingles of the whole speech. LSH returns the speeches that share
  a band with the query; each query keeps ``top_k`` of them (half its best by
  estimated Jaccard similarity, half spread over the rest), which bounds the
  work per speech even when a family has thousands of members.
- **Rare shared heading words** (:func:`idf_neighbours`): each speech's nearest
  speeches by the cosine of IDF-weighted heading bigrams (all levels). Copies of
  one template whose headings had a third of their characters replaced share a
  Jaccard similarity of a few percent, far below what LSH can find, yet their
  rarest bigrams still make them each other's nearest neighbours.
- **Role buckets**: speeches whose parts play the same rhetorical roles in the
  same order (``significance>tasks>safeguards``) but share no words. Within a
  bucket each speech is paired with its next ``window`` neighbours, enough to
  connect the bucket; the family stage then verifies every member directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import integrate
from scipy.sparse import csr_matrix, diags

from .sketch import EMPTY, NUM_PERM, mix64

__all__ = [
    "Pair",
    "band_params",
    "idf_neighbours",
    "lsh_pairs",
    "merge_pairs",
    "role_pairs",
    "sorted_runs",
]

Pair = tuple[int, int]
BUCKET_ALL = 64  # buckets up to this size give all their pairs
_COMPACT = 4_000_000  # pair codes held before merging the bands seen so far
_CHUNK = 16_384  # pairs compared at once when estimating (2 × 16 MB of sketch rows)


@cache
def band_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands ``b`` and rows per band ``r`` (``b·r <= num_perm``) for an LSH at ``threshold``.

    Two sets of Jaccard similarity ``s`` share a band with probability
    ``1 - (1 - s**r)**b``. The choice minimises the area of false positives below
    the threshold plus the area of false negatives above it, equally weighted
    (the optimisation datasketch's ``MinHashLSH`` performs).
    """

    def collide(s: float, b: int, r: int) -> float:
        return float(1 - (1 - s**r) ** b)

    best: tuple[float, int, int] | None = None
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integrate.quad(collide, 0.0, threshold, args=(b, r))[0]
            fn = integrate.quad(lambda s, b=b, r=r: 1 - collide(s, b, r), threshold, 1.0)[0]
            err = 0.5 * fp + 0.5 * fn
            if best is None or err < best[0]:
                best = (err, b, r)
    assert best is not None
    return best[1], best[2]


def _bucket_pairs(keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Pairs ``(x, y)`` of row positions whose band keys are equal.

    A bucket of up to ``BUCKET_ALL`` rows gives all its pairs; a larger one (a big
    family whose members agree on this band) links each row to the rows 1, 2, 4,
    8... places further on, circularly: O(g log g) pairs that still connect it.
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    out: list[npt.NDArray[np.int64]] = []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        first = starts[sizes == size]
        if size <= BUCKET_ALL:
            x, y = np.triu_indices(size, k=1)
            a = (first[:, None] + x[None, :]).ravel()
            b = (first[:, None] + y[None, :]).ravel()
        else:
            steps = 1 << np.arange(int(np.log2(size - 1)) + 1)
            k = np.arange(size)
            x = np.repeat(k, len(steps))
            y = (x + np.tile(steps, size)) % size
            a = (first[:, None] + x[None, :]).ravel()
            b = (first[:, None] + y[None, :]).ravel()
        out.append(np.stack([order[a], order[b]], axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    return np.concatenate(out).astype(np.int64)


def lsh_pairs(
    sketches: npt.NDArray[np.uint64],
    members: Iterable[int],
    *,
    threshold: float,
    min_estimate: float,
    top_k: int | None,
) -> dict[Pair, float]:
    """Candidate pairs ``(i, j)``, ``i < j``, among ``members``, with estimated Jaccard.

    ``sketches`` holds one row per speech (all speeches; ``members`` selects the
    rows to index). The bands and rows per band are :func:`band_params` of
    ``threshold``; the buckets are computed with numpy (an index object per
    speech costs about 20 KB and 0.3 ms a query, which does not fit 50,000
    speeches in a few minutes).
    ``min_estimate`` drops weak collisions; ``top_k`` keeps each speech's best
    candidates (and some spread over the rest, see :func:`_top_k`).
    """
    rows = np.array([i for i in members if sketches[i, 0] != EMPTY], dtype=np.int64)
    if len(rows) < 2:
        return {}
    bands, per_band = band_params(threshold)
    sub = sketches[rows]
    width = np.int64(len(rows))
    found: list[npt.NDArray[np.int64]] = []
    for band in range(bands):
        block = sub[:, band * per_band : (band + 1) * per_band]
        key = np.full(len(rows), band, dtype=np.uint64)
        for c in range(per_band):
            key = mix64(key ^ block[:, c])
        pairs = _bucket_pairs(key)
        # One int64 code per pair, deduplicated band by band: the raw collisions of
        # all bands together would be the memory peak of the whole run.
        lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
        found.append(np.unique(lo * width + hi))
        if sum(len(f) for f in found) > _COMPACT:
            found = [np.unique(np.concatenate(found))]
    codes = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    del found
    a, b = codes // width, codes % width
    est = np.empty(len(codes))
    for s in range(0, len(codes), _CHUNK):
        e = slice(s, s + _CHUNK)
        est[e] = np.count_nonzero(sub[a[e]] == sub[b[e]], axis=1) / NUM_PERM
    keep = est >= min_estimate
    a, b, est = a[keep], b[keep], est[keep]
    if top_k is not None:
        a, b, est = _top_k(a, b, est, top_k)
    ia, ib = rows[a], rows[b]
    return {
        (int(x), int(y)): float(e)
        for x, y, e in zip(
            np.minimum(ia, ib).tolist(), np.maximum(ia, ib).tolist(), est.tolist(), strict=True
        )
    }


def _top_k(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], est: npt.NDArray[np.float64], k: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Pairs kept by either end's choice of ``k``: its ``k // 2`` best, the rest spread.

    Half of a speech's candidates are its nearest neighbours, the other half are
    taken evenly across the rest of its collisions. Members of one template that
    differ in the same way (all those that dropped the optional last part) are
    each other's nearest neighbours; without the spread picks, a family can fall
    apart into islands that no candidate pair connects.
    """
    src = np.r_[a, b]
    dst = np.r_[b, a]
    e = np.r_[est, est]
    pair = np.r_[np.arange(len(a)), np.arange(len(a))]
    order = np.lexsort((dst, -e, src))
    src, pair = src[order], pair[order]
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    sizes = np.diff(np.r_[starts, len(src)])
    rank = np.arange(len(src)) - np.repeat(starts, sizes)
    size = np.repeat(sizes, sizes)
    best = k // 2
    rest = np.maximum(size - best, 1)
    step = np.maximum(rest // max(1, k - best), 1)
    chosen = (rank < best) | (((rank - best) % step == 0) & ((rank - best) // step < k - best))
    keep = np.zeros(len(a), dtype=bool)
    keep[pair[chosen]] = True
    return a[keep], b[keep], est[keep]


def idf_neighbours(
    grams: Sequence[npt.NDArray[np.uint64]],
    members: Iterable[int],
    *,
    k: int,
    max_df: int,
    block: int = 512,
    threads: int = 1,
    whole: bool = False,
) -> dict[Pair, float]:
    """Each member's ``k`` nearest members by IDF-weighted cosine of its gram set.

    ``grams[i]`` holds the sorted unique gram hashes of speech ``i``. A gram found
    in one speech only or in more than ``max_df`` of the members says nothing
    about a pair and is left out; the others weigh ``log(N / df)``. With
    ``whole``, a speech's own grams (found in it alone, weighing ``log N``) stay
    in its norm: the cosine is then the share of each text's specific phrasing
    the two have in common, not of the phrasing it shares with anyone (in a
    small corpus that is a few grams, and any two texts on one subject reach a
    high cosine on them). Rows are
    multiplied in blocks of ``block`` speeches (sparse), so memory stays bounded;
    ``threads`` blocks at a time (scipy's product lets go of the interpreter
    lock, so two threads nearly halve the time; the result is the same for any
    number). Returns pairs ``(i, j)``, ``i < j``, with their cosine.
    """
    rows = np.array([i for i in members if len(grams[i])], dtype=np.int64)
    if len(rows) < 2:
        return {}
    x = _idf_rows([grams[i] for i in rows], max_df, whole=whole)
    if x is None:
        return {}
    xt = x.T.tocsr()

    def nearest(lo: int) -> list[tuple[int, npt.NDArray[np.int32], npt.NDArray[np.float64]]]:
        prod = (x[lo : lo + block] @ xt).tocsr()
        out = []
        for r in range(prod.shape[0]):
            a, b = prod.indptr[r], prod.indptr[r + 1]
            cols, vals = prod.indices[a:b], prod.data[a:b]
            mine = cols != lo + r
            cols, vals = cols[mine], vals[mine]
            if len(vals) > k:
                top = np.argpartition(-vals, k - 1)[:k]
                cols, vals = cols[top], vals[top]
            out.append((lo + r, cols, vals))
        return out

    starts = range(0, len(rows), block)
    if threads > 1 and len(starts) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(threads, len(starts))) as pool:
            blocks = list(pool.map(nearest, starts))
    else:
        blocks = [nearest(lo) for lo in starts]
    out: dict[Pair, float] = {}
    for found in blocks:
        for r, cols, vals in found:
            i = int(rows[r])
            for c, v in zip(cols.tolist(), vals.tolist(), strict=True):
                j = int(rows[c])
                pair = (i, j) if i < j else (j, i)
                out[pair] = max(out.get(pair, 0.0), round(float(v), 4))
    return out


def _idf_rows(
    grams: Sequence[npt.NDArray[np.uint64]], max_df: int, *, whole: bool = False
) -> csr_matrix | None:
    """The L2-normalised IDF rows of :func:`idf_neighbours` (``None``: no gram counts).

    Columns are the kept grams in sorted order. One sort of every occurrence gives
    the grams' numbers and document frequencies (``np.unique`` with its inverse
    costs three times as much at 20,000 speeches).
    """
    sizes = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    flat = np.concatenate(grams)
    order = np.argsort(flat)
    _, counts = sorted_runs(flat[order])
    col = np.repeat(np.arange(len(counts)), counts)  # each sorted occurrence's gram number
    df = np.repeat(counts, counts)
    keep = (df >= 2) & (df <= max_df)
    if not keep.any():
        return None
    owner = np.repeat(np.arange(len(grams)), sizes)[order[keep]]
    weight = np.log(len(grams) / df[keep])
    x = csr_matrix((weight, (owner, col[keep])), shape=(len(grams), int(col[-1]) + 1))
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    if whole:  # each speech's own grams count in its norm, at log N each
        own = np.repeat(np.arange(len(grams)), sizes)[order[df == 1]]
        alone = np.bincount(own, minlength=len(grams)) * np.log(len(grams)) ** 2
        norm = np.sqrt(norm**2 + alone)
    norm[norm == 0] = 1.0
    return (diags(1.0 / norm) @ x).tocsr()


def sorted_runs(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where each run of equal values of the sorted ``values`` starts, and its length."""
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.empty(len(values), dtype=bool)
    first[0] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return starts, np.diff(np.append(starts, len(values)))


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
