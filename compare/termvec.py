"""Rare-weighted term sets of two section trees, and how much any two of them share.

Two provinces writing on one topic share few characters, and most of what they do
share is the register's stock (``高质量发展``, ``坚持``, ``推进``). What tells that two
sections correspond are the rarer terms they share: ``文化``, ``乡村振兴``, ``民生``. So
every term (a Chinese character bigram or a Latin word, :mod:`compare.terms`) is
weighted by its inverse document frequency over the sections being compared (both
documents together): ``idf = log(1 + N / df)``, N sections in all, df of them using
the term. A term in every section still counts a little; a term in one section of
each side counts most.

For each section there are four sets: its **heading**, its **body**, its **own**
text (heading and body) and its **subtree** (its own text and every descendant's). The shared
amount of two sets is the sum of the weights of their common terms; with each
set's total weight it gives the weighted Dice likeness and the share of each side
found in the other (:class:`compare.similarity.Scores`).

:meth:`TermIndex.block` computes that for any block of pairs without forming a
vocabulary-wide matrix: the (section, term) entries of both sides are grouped by
term; for the few very common terms a small dense product is cheaper, for the
rest each term adds its weight to the pairs of sections holding it. Memory is the
block itself plus entries, so the aligner bounds it by choosing block sizes
(:meth:`TermIndex.best_pairs` walks a large block in row chunks and keeps only the
best candidates of every row and column).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .terms import prepare, term_pairs

__all__ = ["KINDS", "TermIndex"]

I64Array = npt.NDArray[np.int64]
F64Array = npt.NDArray[np.float64]

KINDS = ("heading", "body", "own", "subtree")
_CROSS_CHUNK = 1 << 22  # section pairs expanded at once when terms add up pair by pair


@dataclass(frozen=True, slots=True)
class _Sets:
    """Distinct term ids of each of n sets, CSR style: set k holds terms[ptr[k]:ptr[k+1]]."""

    ptr: I64Array
    terms: I64Array

    @staticmethod
    def from_pairs(owner: I64Array, term: I64Array, n: int, vocab: int) -> _Sets:
        packed = _distinct(owner * vocab + term)
        own = packed // vocab
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(own, minlength=n), out=ptr[1:])
        return _Sets(ptr, packed % vocab)

    def owners(self) -> I64Array:
        return np.repeat(np.arange(len(self.ptr) - 1, dtype=np.int64), np.diff(self.ptr))

    def gather(self, rows: I64Array) -> tuple[I64Array, I64Array]:
        """Entries of the sets ``rows``: (position in ``rows``, term), grouped by term."""
        starts = self.ptr[rows]
        counts = self.ptr[rows + 1] - starts
        local = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
        terms = self.terms[_ranges(starts, counts)]
        order = np.argsort(terms, kind="stable")
        return local[order], terms[order]


class TermIndex:
    """The heading, own and subtree term sets of two flattened section trees.

    ``parents_a`` / ``parents_b`` are the parent index of each section (-1: top
    level), sections in preorder, as :class:`compare.matching.Tree` holds them.
    """

    def __init__(
        self,
        headings_a: Sequence[str],
        texts_a: Sequence[str],
        parents_a: Sequence[int],
        headings_b: Sequence[str],
        texts_b: Sequence[str],
        parents_b: Sequence[int],
    ) -> None:
        na, nb = len(headings_a), len(headings_b)
        self.shape = (na, nb)
        words: dict[str, int] = {}
        # One term_pairs call a side: headings, then bodies (owner na.. for bodies of a).
        ka, oa = term_pairs([prepare(t) for t in [*headings_a, *texts_a]], words)
        kb, ob = term_pairs([prepare(t) for t in [*headings_b, *texts_b]], words)
        keys, term = _codes(np.concatenate((ka, kb)))
        vocab = max(len(keys), 1)
        term_a, term_b = term[: len(ka)].astype(np.int64), term[len(ka) :].astype(np.int64)
        self.vocab = vocab
        sets: dict[tuple[str, str], _Sets] = {}
        for side, terms, owner, n, parents in (
            ("a", term_a, oa, na, parents_a),
            ("b", term_b, ob, nb, parents_b),
        ):
            is_head = owner < n
            sets["heading", side] = _Sets.from_pairs(owner[is_head], terms[is_head], n, vocab)
            own = np.where(is_head, owner, owner - n)
            sets["own", side] = _Sets.from_pairs(own, terms, n, vocab)
            sets["body", side] = _Sets.from_pairs(owner[~is_head] - n, terms[~is_head], n, vocab)
            sets["subtree", side] = _subtree_sets(sets["own", side], parents, n, vocab)
        self._sets = sets
        n_all = na + nb
        df = np.bincount(sets["own", "a"].terms, minlength=vocab) + np.bincount(
            sets["own", "b"].terms, minlength=vocab
        )
        self.weight: F64Array = np.log((n_all + 1) / np.maximum(df, 1))
        self._size: dict[tuple[str, str], F64Array] = {
            key: np.bincount(
                s.owners(), weights=self.weight[s.terms], minlength=len(s.ptr) - 1
            ).astype(np.float64)
            for key, s in sets.items()
        }

    def size(self, kind: str, side: str) -> F64Array:
        """Total term weight of every set of one kind on one side ("a" or "b")."""
        return self._size[kind, side]

    def pair_dice(self, kind: str, rows: Sequence[int], cols: Sequence[int]) -> F64Array:
        """Weighted Dice of set ``rows[k]`` of a with set ``cols[k]`` of b, for each k."""
        n = len(rows)
        if not n:
            return np.zeros(0)
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        la, ta = self._sets[kind, "a"].gather(r)
        lb, tb = self._sets[kind, "b"].gather(c)
        # A (pair, term) found on both sides is shared: sort both sides' keys together.
        keys = np.concatenate((la * self.vocab + ta, lb * self.vocab + tb))
        keys.sort()
        dup = keys[1:][keys[1:] == keys[:-1]]
        common = np.bincount(dup // self.vocab, weights=self.weight[dup % self.vocab], minlength=n)
        total = self._size[kind, "a"][r] + self._size[kind, "b"][c]
        with np.errstate(invalid="ignore", divide="ignore"):
            out: F64Array = np.where(total > 0, np.minimum(2 * common / total, 1.0), 0.0)
        return out

    def terms_of(self, kind: str, side: str, k: int) -> I64Array:
        """The term ids of set ``k`` of one kind on one side."""
        s = self._sets[kind, side]
        return s.terms[s.ptr[k] : s.ptr[k + 1]]

    def fresh(self, kind: str, side: str, k: int, others: Sequence[int], target: int) -> float:
        """Share of set ``k``'s weight (on ``side``) found in ``target`` (on the other
        side) but in none of ``others`` (on k's side)."""
        size = float(self._size[kind, side][k])
        if size <= 0:
            return 0.0
        other_side = "b" if side == "a" else "a"
        shared = np.intersect1d(
            self.terms_of(kind, side, k), self.terms_of(kind, other_side, target)
        )
        if others:
            seen = np.concatenate([self.terms_of(kind, side, q) for q in others])
            shared = np.setdiff1d(shared, seen)
        return float(self.weight[shared].sum()) / size

    def block(self, kind: str, rows: I64Array, cols: I64Array) -> F64Array:
        """Shared term weight of sets ``rows`` of a against sets ``cols`` of b (dense)."""
        out = np.zeros((len(rows), len(cols)))
        if not len(rows) or not len(cols):
            return out
        la, ta = self._sets[kind, "a"].gather(rows)
        lb, tb = self._sets[kind, "b"].gather(cols)
        ua, sa, ca = _runs(ta)
        ub, sb, cb = _runs(tb)
        both, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
        if not len(both):
            return out
        na_t, nb_t = ca[ia], cb[ib]
        cross = na_t * nb_t
        # A term held by a large share of both blocks: cheaper as a column of a product.
        dense = cross * 8 > out.size
        if dense.any():
            k = np.flatnonzero(dense)
            xa = np.zeros((len(rows), len(k)))
            xb = np.zeros((len(cols), len(k)))
            for col, t in enumerate(k.tolist()):
                xa[la[sa[ia[t]] : sa[ia[t]] + na_t[t]], col] = self.weight[both[t]]
                xb[lb[sb[ib[t]] : sb[ib[t]] + nb_t[t]], col] = 1.0
            out += xa @ xb.T
        sparse = np.flatnonzero(~dense)
        if len(sparse):
            _add_pairs(
                out,
                la,
                sa[ia[sparse]],
                na_t[sparse],
                lb,
                sb[ib[sparse]],
                nb_t[sparse],
                self.weight[both[sparse]],
            )
        return out

    def best_pairs(
        self, kind: str, rows: I64Array, cols: I64Array, k: int, limit: int
    ) -> tuple[I64Array, I64Array, F64Array]:
        """The ``k`` best columns of every row and rows of every column, by weighted Dice.

        Walks the block in chunks of rows so that no more than ``limit`` pairs are held
        at once. Returns (row, column, shared weight) of the kept pairs, indices into
        ``rows`` / ``cols``, pairs sharing nothing left out.
        """
        size_a = self.size(kind, "a")[rows]
        size_b = self.size(kind, "b")[cols]
        step = max(1, limit // max(len(cols), 1))
        keep_r: list[I64Array] = []
        keep_c: list[I64Array] = []
        keep_v: list[F64Array] = []
        col_best = np.full((min(k, len(rows)), len(cols)), -1.0)
        col_rows = np.full(col_best.shape, -1, dtype=np.int64)
        col_common = np.zeros(col_best.shape)
        kk = min(k, len(cols))
        for start in range(0, len(rows), step):
            part = slice(start, min(start + step, len(rows)))
            common = self.block(kind, rows[part], cols)
            dice = 2 * common / np.maximum(size_a[part, None] + size_b[None, :], 1e-12)
            top = np.argpartition(-dice, kk - 1, axis=1)[:, :kk]
            r = np.repeat(np.arange(part.start, part.stop, dtype=np.int64), kk)
            c = top.ravel()
            v = common[r - part.start, c]
            keep_r.append(r[v > 0])
            keep_c.append(c[v > 0])
            keep_v.append(v[v > 0])
            # Best rows of every column so far: merge this chunk's best into them.
            kc = min(len(col_best), dice.shape[0])
            ctop = np.argpartition(-dice, kc - 1, axis=0)[:kc]
            cand = np.concatenate((col_best, np.take_along_axis(dice, ctop, axis=0)))
            cand_rows = np.concatenate((col_rows, ctop + part.start))
            cand_common = np.concatenate((col_common, np.take_along_axis(common, ctop, axis=0)))
            order = np.argsort(-cand, axis=0, kind="stable")[: len(col_best)]
            col_best = np.take_along_axis(cand, order, axis=0)
            col_rows = np.take_along_axis(cand_rows, order, axis=0)
            col_common = np.take_along_axis(cand_common, order, axis=0)
        cr = col_rows.ravel()
        cc = np.tile(np.arange(len(cols), dtype=np.int64), len(col_rows))
        cv = col_common.ravel()
        ok = (cr >= 0) & (cv > 0)
        r = np.concatenate([*keep_r, cr[ok]])
        c = np.concatenate([*keep_c, cc[ok]])
        v = np.concatenate([*keep_v, cv[ok]])
        if not len(r):
            return r, c, v
        packed, first = np.unique(r * len(cols) + c, return_index=True)
        return packed // len(cols), packed % len(cols), v[first]


def _add_pairs(
    out: F64Array,
    la: I64Array,
    start_a: I64Array,
    count_a: I64Array,
    lb: I64Array,
    start_b: I64Array,
    count_b: I64Array,
    weight: F64Array,
) -> None:
    """Add each term's weight to every (row, column) pair holding it, in bounded chunks.

    Term t is held by the rows ``la[start_a[t]:start_a[t] + count_a[t]]`` and the
    columns ``lb[start_b[t]:start_b[t] + count_b[t]]``.
    """
    ncol = out.shape[1]
    flat = out.reshape(-1)
    ends = np.cumsum(count_a * count_b)
    lo = 0
    while lo < len(ends):
        base = int(ends[lo - 1]) if lo else 0
        hi = max(int(np.searchsorted(ends, base + _CROSS_CHUNK, side="right")), lo + 1)
        ca, cb = count_a[lo:hi], count_b[lo:hi]
        # Every a-entry of each term, repeated once for every b-entry of that term.
        a_entry = _ranges(start_a[lo:hi], ca)
        reps = np.repeat(cb, ca)
        a_rep = np.repeat(a_entry, reps)
        b_rep = _ranges(np.repeat(start_b[lo:hi], ca), reps)
        w_rep = np.repeat(np.repeat(weight[lo:hi], ca), reps)
        flat += np.bincount(la[a_rep] * ncol + lb[b_rep], weights=w_rep, minlength=flat.size)
        lo = hi


def _distinct(values: I64Array) -> I64Array:
    """The distinct values, sorted (a sort and a comparison: cheaper than ``np.unique``)."""
    out = np.sort(values)
    if len(out) > 1:
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def _runs(sorted_values: I64Array) -> tuple[I64Array, I64Array, I64Array]:
    """Distinct values of a sorted array, where each run starts, and its length."""
    n = len(sorted_values)
    if not n:
        return sorted_values, sorted_values, sorted_values
    starts = np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))
    counts = np.diff(np.concatenate((starts, [n])))
    return sorted_values[starts], starts, counts


def _codes(keys: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint64], I64Array]:
    """Distinct keys (sorted) and each key's position among them."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(keys) else np.zeros(0, bool)
    code = np.empty(len(keys), dtype=np.int64)
    code[order] = np.cumsum(new) - 1
    return ordered[new], code


def _ranges(starts: I64Array, counts: I64Array) -> I64Array:
    """``starts[0], starts[0] + 1, ...`` (``counts[0]`` of them), then the next range..."""
    total = int(counts.sum())
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)


def _subtree_sets(own: _Sets, parents: Sequence[int], n: int, vocab: int) -> _Sets:
    """Each section's own terms joined with every descendant's."""
    parent = np.asarray(parents, dtype=np.int64)
    owner, terms = own.owners(), own.terms
    all_owner, all_terms = [owner], [terms]
    while len(owner):
        up = parent[owner]
        keep = up >= 0
        owner, terms = up[keep], terms[keep]
        all_owner.append(owner)
        all_terms.append(terms)
    return _Sets.from_pairs(np.concatenate(all_owner), np.concatenate(all_terms), n, vocab)
