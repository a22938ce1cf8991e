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

:meth:`TermIndex.block` computes that for any block of pairs: for a small
comparison as one product of dense matrices over the terms both sides use, for a
large one as a product of scipy sparse matrices (imported only then). Memory is
the block itself plus the term sets, so the aligner bounds it by choosing block
sizes; :meth:`TermIndex.best_pairs` finds each section's best candidates through
its rare terms alone, a sparse product whose size follows the number of pairs
sharing a rare term, never n × m.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .terms import side_terms

__all__ = ["KINDS", "TermIndex"]

I64Array = npt.NDArray[np.int64]
F64Array = npt.NDArray[np.float64]
Ids = Sequence[int] | I64Array  # section numbers, as a list or an array

KINDS = ("heading", "body", "own", "subtree")
_SMALL = 1 << 16  # ids below this sort as uint16, by radix
_MATRIX_LIMIT = 1 << 20  # sections times shared terms held as dense matrices
_LOCAL_LIMIT = 1 << 18  # a block's sets times the terms they share, held dense
_PAIR_CHUNK = 512  # pairs whose shared weight is computed at once
_RARE_DF = 32  # large comparisons find candidates through terms of at most 32 sections


@dataclass(frozen=True, slots=True)
class _Sets:
    """Distinct term ids of each of n sets, CSR style: set k holds terms[ptr[k]:ptr[k+1]]."""

    ptr: I64Array
    terms: I64Array

    @staticmethod
    def from_pairs(
        owner: I64Array, term: I64Array, n: int, vocab: int, *, runs: bool = False
    ) -> _Sets:
        if vocab <= _SMALL and n <= _SMALL:  # two radix sorts: term, then owner
            by_term = np.argsort(term.astype(np.uint16), kind="stable")
            order = by_term[np.argsort(owner[by_term].astype(np.uint16), kind="stable")]
            own, terms = owner[order], term[order]
            if len(own) > 1:
                keep = np.concatenate(([True], (own[1:] != own[:-1]) | (terms[1:] != terms[:-1])))
                own, terms = own[keep], terms[keep]
        else:
            packed = _distinct(owner * vocab + term, runs=runs)
            own, terms = packed // vocab, packed % vocab
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(own, minlength=n), out=ptr[1:])
        return _Sets(ptr, terms)

    def owners(self) -> I64Array:
        """The set each entry belongs to."""
        return np.repeat(np.arange(len(self.ptr) - 1, dtype=np.int64), np.diff(self.ptr))


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
        # The terms of a side: headings, then bodies (owners n.. are bodies), cached.
        ka, oa = side_terms((*headings_a, *texts_a))
        kb, ob = side_terms((*headings_b, *texts_b))
        keys, term = _codes(np.concatenate((ka, kb)))
        vocab = max(len(keys), 1)
        term_a, term_b = term[: len(ka)].astype(np.int64), term[len(ka) :].astype(np.int64)
        self.vocab = vocab
        self._raw = {"a": (term_a, oa, na, parents_a), "b": (term_b, ob, nb, parents_b)}
        self._sets: dict[tuple[str, str], _Sets] = {}
        self._size: dict[tuple[str, str], F64Array] = {}
        self._columns: I64Array | None = None
        self._matrices: dict[tuple[str, str], F64Array | None] = {}
        self._csrs: dict[tuple[str, str], Any] = {}
        df = np.bincount(self.sets("own", "a").terms, minlength=vocab) + np.bincount(
            self.sets("own", "b").terms, minlength=vocab
        )
        self.df = df
        self.weight: F64Array = np.log((na + nb + 1) / np.maximum(df, 1))

    def sets(self, kind: str, side: str) -> _Sets:
        """The sets of one kind on one side, made when first asked for."""
        found = self._sets.get((kind, side))
        if found is None:
            terms, owner, n, parents = self._raw[side]
            vocab = self.vocab
            is_head = owner < n
            if kind == "own" and is_head.all():  # no bodies: own text is the heading
                found = self.sets("heading", side)
            elif kind == "heading":
                found = _Sets.from_pairs(owner[is_head], terms[is_head], n, vocab)
            elif kind == "body":
                found = _Sets.from_pairs(owner[~is_head] - n, terms[~is_head], n, vocab)
            elif kind == "own":
                found = _Sets.from_pairs(np.where(is_head, owner, owner - n), terms, n, vocab)
            else:
                found = _subtree_sets(self.sets("own", side), parents, n, vocab)
            self._sets[kind, side] = found
        return found

    def size(self, kind: str, side: str) -> F64Array:
        """Total term weight of every set of one kind on one side ("a" or "b")."""
        found = self._size.get((kind, side))
        if found is None:
            s = self.sets(kind, side)
            n = len(s.ptr) - 1
            total = np.bincount(s.owners(), weights=self.weight[s.terms], minlength=n)
            found = self._size[kind, side] = total.astype(np.float64)
        return found

    def pair_common(self, kind: str, rows: Ids, cols: Ids) -> F64Array:
        """Shared term weight of set ``rows[k]`` of a and set ``cols[k]`` of b, for each k
        (in chunks of :data:`_PAIR_CHUNK` pairs, so big subtrees never pile up)."""
        n = len(rows)
        if not n:
            return np.zeros(0)
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if n > _PAIR_CHUNK:
            return np.concatenate(
                [
                    self._pair_common(kind, r[k : k + _PAIR_CHUNK], c[k : k + _PAIR_CHUNK])
                    for k in range(0, n, _PAIR_CHUNK)
                ]
            )
        return self._pair_common(kind, r, c)

    def _pair_common(self, kind: str, r: I64Array, c: I64Array) -> F64Array:
        n = len(r)
        sa, sb = self.sets(kind, "a"), self.sets(kind, "b")
        ca, cb = sa.ptr[r + 1] - sa.ptr[r], sb.ptr[c + 1] - sb.ptr[c]
        if (kind, "a") in self._csrs and int(ca.sum() + cb.sum()) > _LOCAL_LIMIT:
            # a large comparison whose sets hold many terms: sparse rows, multiplied
            # (a sort of that many keys would cost more)
            product = self._csr(kind, "a")[r].multiply(self._csr(kind, "b")[c])
            summed: F64Array = np.asarray(product.sum(axis=1), dtype=np.float64).ravel()
            return summed
        # A (pair, term) found on both sides is shared: sort both sides' keys together.
        keys = np.concatenate(
            (
                np.repeat(np.arange(n, dtype=np.int64), ca) * self.vocab
                + sa.terms[_ranges(sa.ptr[r], ca)],
                np.repeat(np.arange(n, dtype=np.int64), cb) * self.vocab
                + sb.terms[_ranges(sb.ptr[c], cb)],
            )
        )
        keys.sort(kind="stable")  # two sorted runs (pair, then term): a merge, not a sort
        dup = keys[1:][keys[1:] == keys[:-1]]
        common: F64Array = np.bincount(
            dup // self.vocab, weights=self.weight[dup % self.vocab], minlength=n
        ).astype(np.float64)
        return common

    def pair_dice(self, kind: str, rows: Ids, cols: Ids) -> F64Array:
        """Weighted Dice of set ``rows[k]`` of a with set ``cols[k]`` of b, for each k."""
        if not len(rows):
            return np.zeros(0)
        common = self.pair_common(kind, rows, cols)
        total = self.size(kind, "a")[np.asarray(rows)] + self.size(kind, "b")[np.asarray(cols)]
        with np.errstate(invalid="ignore", divide="ignore"):
            out: F64Array = np.where(total > 0, np.minimum(2 * common / total, 1.0), 0.0)
        return out

    def terms_of(self, kind: str, side: str, k: int) -> I64Array:
        """The term ids of set ``k`` of one kind on one side."""
        s = self.sets(kind, side)
        return s.terms[s.ptr[k] : s.ptr[k + 1]]

    def fresh(self, kind: str, side: str, k: int, others: Sequence[int], target: int) -> float:
        """Share of set ``k``'s weight (on ``side``) found in ``target`` (on the other
        side) but in none of ``others`` (on k's side)."""
        size = float(self.size(kind, side)[k])
        if size <= 0:
            return 0.0
        other_side = "b" if side == "a" else "a"
        mine = self.terms_of(kind, side, k)  # each set's terms are sorted
        shared = mine[_found_in(mine, self.terms_of(kind, other_side, target))]
        for q in others:
            shared = shared[~_found_in(shared, self.terms_of(kind, side, q))]
        return float(self.weight[shared].sum()) / size

    def _shared(self) -> I64Array:
        """Column of each term in the matrices of :meth:`_matrix` (-1: on one side only)."""
        if self._columns is None:
            on_a = np.bincount(self.sets("own", "a").terms, minlength=self.vocab) > 0
            on_b = np.bincount(self.sets("own", "b").terms, minlength=self.vocab) > 0
            both = np.flatnonzero(on_a & on_b)
            self._columns = np.full(self.vocab, -1, dtype=np.int64)
            self._columns[both] = np.arange(len(both))
        return self._columns

    def _matrix(self, kind: str, side: str) -> F64Array | None:
        """Every set of one kind on one side as a dense row of its shared terms (weights on
        side a, ones on side b), when both sides' matrices are small enough; else None."""
        key = (kind, side)
        if key not in self._matrices:
            columns = self._shared()
            width = int(columns.max()) + 1 if len(columns) else 0
            out: F64Array | None = None
            if (self.shape[0] + self.shape[1]) * width <= _MATRIX_LIMIT:
                s = self.sets(kind, side)
                col = columns[s.terms]
                keep = col >= 0
                out = np.zeros((len(s.ptr) - 1, width))
                value = self.weight[s.terms[keep]] if side == "a" else 1.0
                out[s.owners()[keep], col[keep]] = value
            self._matrices[key] = out
        return self._matrices[key]

    def block(self, kind: str, rows: I64Array | None, cols: I64Array | None) -> F64Array:
        """Shared term weight of sets ``rows`` of a against sets ``cols`` of b (dense).

        ``None`` stands for every set of that side."""
        na = self.shape[0] if rows is None else len(rows)
        nb = self.shape[1] if cols is None else len(cols)
        out = np.zeros((na, nb))
        if not na or not nb:
            return out
        xa = self._matrix(kind, "a")
        xb = self._matrix(kind, "b") if xa is not None else None
        if xa is not None and xb is not None:  # small: one product of shared terms
            left = xa if rows is None else xa[rows]
            right = xb if cols is None else xb[cols]
            dense: F64Array = left @ right.T
            return dense
        if rows is not None and cols is not None:
            local = self._local_block(kind, np.asarray(rows), np.asarray(cols))
            if local is not None:
                return local
        left = self._csr(kind, "a")
        right = self._csr(kind, "b")
        if rows is not None:
            left = left[rows]
        if cols is not None:
            right = right[cols]
        product: F64Array = (left @ right.T).toarray()
        return product

    def _local_block(self, kind: str, rows: I64Array, cols: I64Array) -> F64Array | None:
        """:meth:`block` of a few sets over the terms they share only: dense matrices as
        wide as those terms, so a small block costs what its sets hold, not the size of
        the vocabulary (as a sparse product does). None when that would be too wide."""
        sa, sb = self.sets(kind, "a"), self.sets(kind, "b")
        ca, cb = sa.ptr[rows + 1] - sa.ptr[rows], sb.ptr[cols + 1] - sb.ptr[cols]
        terms_a = sa.terms[_ranges(sa.ptr[rows], ca)]
        terms_b = sb.terms[_ranges(sb.ptr[cols], cb)]
        in_b = _found_in(terms_a, _distinct(terms_b))
        shared = _distinct(terms_a[in_b])
        if (len(rows) + len(cols)) * len(shared) > _LOCAL_LIMIT:
            return None
        left = np.zeros((len(rows), len(shared)))
        right = np.zeros((len(cols), len(shared)))
        if len(shared):
            owner_a = np.repeat(np.arange(len(rows)), ca)[in_b]
            left[owner_a, np.searchsorted(shared, terms_a[in_b])] = self.weight[terms_a[in_b]]
            kept_b = _found_in(terms_b, shared)
            owner_b = np.repeat(np.arange(len(cols)), cb)[kept_b]
            right[owner_b, np.searchsorted(shared, terms_b[kept_b])] = 1.0
        out: F64Array = left @ right.T
        return out

    def _csr(self, kind: str, side: str) -> Any:
        """One kind of sets of one side as a scipy CSR matrix, sets × terms (weights on
        side a, ones on side b): for comparisons too large for :meth:`_matrix`."""
        key = (kind, side)
        found = self._csrs.get(key)
        if found is None:
            from scipy.sparse import csr_matrix

            s = self.sets(kind, side)
            values = self.weight[s.terms] if side == "a" else np.ones(len(s.terms))
            found = csr_matrix((values, s.terms, s.ptr), shape=(len(s.ptr) - 1, self.vocab))
            self._csrs[key] = found
        return found

    def best_pairs(
        self, kind: str, rows: I64Array, cols: I64Array, k: int
    ) -> tuple[I64Array, I64Array, F64Array]:
        """The ``k`` best columns of every row and rows of every column, by weighted Dice
        of their rare terms (used by at most :data:`_RARE_DF` sections of both sides).

        Only pairs sharing a rare term are ever formed (a sparse product over the rare
        terms), so the work grows with the number of such pairs, not with len(rows) ×
        len(cols). Returns (row, column, shared rare weight) of the kept pairs, indices
        into ``rows`` / ``cols``.
        """
        from scipy.sparse import diags

        rare = diags((self.df <= _RARE_DF).astype(np.float64))
        left = self._csr(kind, "a")[rows] @ rare
        product = (left @ self._csr(kind, "b")[cols].T).tocoo()
        r = product.row.astype(np.int64)
        c = product.col.astype(np.int64)
        w = product.data.astype(np.float64)
        if not len(r):
            return r, c, w
        size_a = self.size(kind, "a")[rows][r]
        size_b = self.size(kind, "b")[cols][c]
        dice = 2 * w / np.maximum(size_a + size_b, 1e-12)
        chosen = _top_per(r, dice, k) | _top_per(c, dice, k)
        return r[chosen], c[chosen], w[chosen]


def _top_per(group: I64Array, value: F64Array, k: int) -> npt.NDArray[np.bool_]:
    """Mask of the ``k`` best values within each group (ties: the earlier entry)."""
    order = np.lexsort((-value, group))
    g = group[order]
    start = np.concatenate(([True], g[1:] != g[:-1]))
    first = np.maximum.accumulate(np.where(start, np.arange(len(g)), 0))
    out = np.zeros(len(group), dtype=bool)
    out[order[np.arange(len(g)) - first < k]] = True
    return out


def _distinct(values: I64Array, *, runs: bool = False) -> I64Array:
    """The distinct values, sorted (a sort and a comparison: cheaper than ``np.unique``).

    ``runs``: ``values`` are sorted runs laid end to end (sets, each sorted), which a
    stable sort merges (several times faster there than the default sort; slower on
    values in no order).
    """
    out = np.sort(values, kind="stable" if runs else None)
    if len(out) > 1:
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def _found_in(values: I64Array, sorted_pool: I64Array) -> npt.NDArray[np.bool_]:
    """Which ``values`` occur in ``sorted_pool`` (a sorted array)."""
    if not len(sorted_pool):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_pool, values), len(sorted_pool) - 1)
    found: npt.NDArray[np.bool_] = sorted_pool[at] == values
    return found


def _codes(keys: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint64], I64Array]:
    """Distinct keys (sorted) and each key's position among them.

    Text repeats its terms, so the distinct keys are few beside the occurrences: a
    sort of the values and a binary search of each key among the distinct ones cost
    about half an argsort. Keys mostly distinct (no such text) take the argsort.
    """
    ordered = np.sort(keys)
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(keys) else np.zeros(0, bool)
    distinct = ordered[new]
    if len(distinct) * 8 <= len(keys):
        return distinct, np.searchsorted(distinct, keys).astype(np.int64)
    order = np.argsort(keys)
    code = np.empty(len(keys), dtype=np.int64)
    code[order] = np.cumsum(new) - 1
    return distinct, code


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
    # Each level's pairs are runs of sorted terms (a set's, moved up to its parent).
    return _Sets.from_pairs(
        np.concatenate(all_owner), np.concatenate(all_terms), n, vocab, runs=True
    )
