"""Splits and merges: leftover sections that are pieces of another section's partner.

After the one-to-one matching of :mod:`compare.align`, a section left over on one
side may still be part of a matched section on the other: half of a split task, a
task merged into its neighbour, the subsections of a part that became one task.
:class:`Pieces` finds them (docs/diff.md, "What decides a match", step 4):

- **near pieces**: the candidates are the partners of the leftover's nearest matched
  siblings on both sides (its parent's partner is :meth:`Pieces.into_leaf`'s
  case); the most alike wins when it is at least ``gap_threshold`` alike and
  no section up to :data:`AROUND` places around it is more alike to the leftover;
- **far pieces**: a matched section anywhere holding at least :data:`PIECE_COVER`
  of the leftover's text (a split whose second half moved away);
- either way the leftover must bring its owner something the owner's current
  partners lack (:meth:`Pieces.adds_to`), and it is never put beside its own
  ancestor or descendant;
- **pieces of a leaf** (:meth:`Pieces.into_leaf`, after the topic steps): the
  subsections of a section matched to one without subsections, when that one is
  their best counterpart (a part of one report that the other writes as one task);
  the only case where a section is linked to a section and its subsection;
- **crossed pieces** (:meth:`Pieces.cross`, after every other step): two sections
  already matched elsewhere, one holding at least :data:`CROSS_COVER` of the other's
  own text, each bringing the other at least :data:`CROSS_FRESH` its partners lack
  (one task split into two while the second half was merged into a neighbour).

(Tried and left out: every matched sibling's partner as a candidate owner: +0.01 F1
on the development set of real pairs, -0.03 precision.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .matching import Tree
from .scores import PIECE_COVER, Scores, piece_score

__all__ = ["AROUND", "CROSS_COVER", "CROSS_FRESH", "LEAF_RUN", "PIECE_COVER", "Pieces", "related"]

CROSS_COVER = 0.5  # share of one matched section's text held by another to link them too
CROSS_FRESH = 0.15  # share of each that must be new to the other's partners
LEAF_RUN = 2  # subsections of one section that must have that partner as their best
AROUND = 3  # siblings on each side of a piece's owner that must not be more alike
_CANDIDATES = 5  # best partners looked at per leftover in large comparisons


class Pieces:
    """The split and merge search of one alignment (it adds links to ``a2b``/``b2a``)."""

    def __init__(
        self,
        ta: Tree,
        tb: Tree,
        a2b: dict[int, list[int]],
        b2a: dict[int, list[int]],
        scores: Scores,
        gap_threshold: float,
    ) -> None:
        self.ta, self.tb = ta, tb
        self.a2b, self.b2a = a2b, b2a
        self.scores = scores
        self.gap = gap_threshold
        self._far: dict[bool, dict[int, list[int]]] = {}
        self._own_rows: list[list[float]] | None = None
        self._reach: dict[bool, list[bool]] = {}

    def find(self) -> list[tuple[int, int]]:
        """Link every leftover that is a piece; returns the (a, b) pairs added."""
        made: list[tuple[int, int]] = []
        for src, dst, fwd, back, k_in_b in (
            (self.tb, self.ta, self.b2a, self.a2b, True),  # splits: a leftover of b
            (self.ta, self.tb, self.a2b, self.b2a, False),  # merges: a leftover of a
        ):
            for k in range(len(src)):
                if k in fwd:
                    continue
                owner = self.owner_of(src, dst, fwd, k, k_in_b=k_in_b)
                if owner >= 0 and any(related(src, k, q) for q in back.get(owner, [])):
                    owner = -1  # never a section and its own ancestor or descendant
                if owner >= 0:
                    fwd.setdefault(k, []).append(owner)
                    back.setdefault(owner, []).append(k)
                    made.append((owner, k) if k_in_b else (k, owner))
        return made

    def into_leaf(self) -> list[tuple[int, int]]:
        """Subsections of a section matched to one without any: pieces of it.

        A part of one report that the other writes as a single task (a section with
        no subsections) is matched to that task, and the part's subsections are in
        the task too. Unmatched subsections of such a part whose best counterpart is
        the task, among the other document's sections at the task's level or above
        (or whose own text the task holds at least :data:`PIECE_COVER` of: a part
        pasted whole into one task), and whose piece score
        (:func:`~compare.scores.piece_score`) with it reaches ``gap_threshold``, are
        linked to it when there are at least :data:`LEAF_RUN` of them. Returns the
        (a, b) pairs.
        """
        made: list[tuple[int, int]] = []
        for src, dst, fwd, back, k_in_b in (
            (self.ta, self.tb, self.a2b, self.b2a, False),  # a part of a, a task of b
            (self.tb, self.ta, self.b2a, self.a2b, True),
        ):
            owner: dict[int, int] = {}  # unmatched subsection -> its parent's leaf partner
            for p, partners in sorted(fwd.items()):
                if len(partners) == 1 and not dst.kids(partners[0]):
                    owner.update((k, partners[0]) for k in src.kids(p) if k not in fwd)
            if not owner:
                continue
            ks = sorted(owner)
            tasks = [owner[k] for k in ks]
            got = self.scores.pairs(tasks, ks) if k_in_b else self.scores.pairs(ks, tasks)
            held = (got.own_cover_b if k_in_b else got.own_cover_a)[0].tolist()
            best = self._best_above(dst, owner, k_in_b=k_in_b)
            found: dict[int, list[int]] = {}  # part -> its subsections found in the task
            for k, v, c in zip(ks, piece_score(got)[0].tolist(), held, strict=True):
                if (k in best or c >= PIECE_COVER) and v >= self.gap:
                    found.setdefault(int(src.parent[k]), []).append(k)
            for subs in found.values():
                if len(subs) < LEAF_RUN:
                    continue  # one subsection alike is not a part that became the task
                for k in subs:
                    fwd.setdefault(k, []).append(owner[k])
                    back.setdefault(owner[k], []).append(k)
                    made.append((owner[k], k) if k_in_b else (k, owner[k]))
        return made

    def _best_above(self, dst: Tree, owner: Mapping[int, int], *, k_in_b: bool) -> set[int]:
        """The sections k of ``owner`` whose best counterpart (content) among the
        sections of ``dst`` at ``owner[k]``'s depth or above is ``owner[k]``."""
        by_depth: dict[int, list[int]] = {}
        for k, o in owner.items():
            by_depth.setdefault(int(dst.depth[o]), []).append(k)
        out: set[int] = set()
        for depth, rows in sorted(by_depth.items()):
            cols = [q for q in range(len(dst)) if dst.depth[q] <= depth]
            if k_in_b:
                found = [(k, o, v) for o, k, v in self.scores.candidates(cols, rows, 1)]
            else:
                found = self.scores.candidates(rows, cols, 1)
            best: dict[int, tuple[float, int]] = {}  # k -> (content, -partner): ties to the first
            for k, o, v in found:
                best[k] = max(best.get(k, (v, -o)), (v, -o))
            out.update(k for k, (_, o) in best.items() if -o == owner[k])
        return out

    def cross(self, skip: Callable[[int, int], bool]) -> list[tuple[int, int]]:
        """Link two matched sections that are pieces of each other; returns the pairs.

        Dense comparisons only (a large one has no matrix of every pair to look in).
        A pair qualifies when one holds at least :data:`CROSS_COVER` of the other's
        own text, their own texts are at least ``gap_threshold`` alike, and each
        brings the other at least :data:`CROSS_FRESH` of its terms that the other's
        partners lack. ``skip``: pairs never to link (a section matched to its exact
        copy).
        """
        dense, index = self.scores.dense, self.scores.index
        if dense is None or index is None or not self.a2b:
            return []
        cover = np.maximum(dense.own_cover_a, dense.own_cover_b)
        hits = np.argwhere((cover >= CROSS_COVER) & (dense.own >= self.gap))
        order = np.argsort(-cover[hits[:, 0], hits[:, 1]], kind="stable")
        made: list[tuple[int, int]] = []
        for i, j in hits[order].tolist():
            mine, theirs = self.a2b.get(i), self.b2a.get(j)
            if not mine or not theirs or j in mine or skip(i, j):
                continue
            if any(related(self.tb, j, q) for q in mine) or any(
                related(self.ta, i, q) for q in theirs
            ):
                continue
            if index.fresh("own", "b", j, mine, i) < CROSS_FRESH:
                continue
            if index.fresh("own", "a", i, theirs, j) < CROSS_FRESH:
                continue
            mine.append(j)
            theirs.append(i)
            made.append((i, j))
        return made

    def owner_of(
        self, src: Tree, dst: Tree, fwd: Mapping[int, list[int]], k: int, *, k_in_b: bool
    ) -> int:
        """The section of ``dst`` that leftover ``k`` (of ``src``) is a piece of, or -1.

        Candidates: the partners of k's nearest matched siblings on both sides. The
        most alike wins, if it is at least ``gap_threshold`` alike and no section
        around it (its siblings up to :data:`AROUND` places away) is more alike to k.
        """
        parent = int(src.parent[k])
        sibs = src.kids(parent)
        at = sibs.index(k)
        owners: list[int] = []
        for step in (-1, 1):
            q = at + step
            while 0 <= q < len(sibs) and sibs[q] not in fwd:
                q += step
            if 0 <= q < len(sibs):
                owners.extend(fwd[sibs[q]])
        if not owners:
            return self._far_owner(dst, k, k_in_b=k_in_b)
        owners = sorted(set(owners))
        pool = sorted(set(owners).union(*(_around(dst, o) for o in owners)))
        own = self._own_with(k, pool, k_in_b=k_in_b)
        where = {p: n for n, p in enumerate(pool)}
        best = max(owners, key=lambda o: (own[where[o]], -o))
        value = own[where[best]]
        if value < self.gap or value < max(own):
            return self._far_owner(dst, k, k_in_b=k_in_b)
        if not self.adds_to(best, k, k_in_b=k_in_b):
            return -1
        return best

    def _own_with(self, k: int, others: list[int], *, k_in_b: bool) -> list[float]:
        """Own-text likeness of section ``k`` with each of ``others`` (the other side)."""
        if self.scores.dense is not None:  # small: plain lists beat numpy indexing
            if self._own_rows is None:
                self._own_rows = self.scores.dense.own.tolist()
            rows = self._own_rows
            return [rows[o][k] for o in others] if k_in_b else [rows[k][o] for o in others]
        if k_in_b:
            got = self.scores.own_pairs(others, [k] * len(others))[0]
        else:
            got = self.scores.own_pairs([k] * len(others), others)[0]
        values: list[float] = got.tolist()
        return values

    def adds_to(self, owner: int, k: int, *, k_in_b: bool) -> bool:
        """True when leftover ``k`` brings ``owner`` something its partners do not.

        Of k's own terms found in ``owner``, those its current partners (sections on
        k's side) lack must weigh at least ``gap_threshold`` of k: a section deleted
        next to an unchanged neighbour is not a piece of that neighbour's copy.
        """
        index = self.scores.index
        if index is None:
            return True
        partners = [q for q in (self.a2b if k_in_b else self.b2a).get(owner, []) if q != k]
        side = "b" if k_in_b else "a"
        return index.fresh("own", side, k, partners, owner) >= self.gap

    def _far_owner(self, dst: Tree, k: int, *, k_in_b: bool) -> int:
        """A matched section anywhere that holds most of leftover ``k`` (a piece that
        moved away from its other half), or -1. Large comparisons look among k's
        best candidates only."""
        back = self.a2b if k_in_b else self.b2a
        if self.scores.large:
            matched = [o for o in self._far_candidates(k_in_b).get(k, []) if o in back]
        else:
            if not self._far_reach(k_in_b)[k]:
                return -1  # no matched section holds enough of k
            matched = sorted(back)
        if not matched:
            return -1
        rows, cols = (matched, [k] * len(matched)) if k_in_b else ([k] * len(matched), matched)
        own, cover_a, cover_b = self.scores.own_pairs(rows, cols)
        cover = cover_b if k_in_b else cover_a
        best = int(np.argmax(cover))
        if cover[best] < PIECE_COVER or own[best] < self.gap:
            return -1
        if not self.adds_to(matched[best], k, k_in_b=k_in_b):
            return -1
        return matched[best]

    def _far_reach(self, k_in_b: bool) -> list[bool]:
        """Dense comparisons: for each section of one side, whether some section of the
        other side holds at least PIECE_COVER of its text (computed once per side)."""
        if k_in_b not in self._reach:
            dense = self.scores.dense
            assert dense is not None
            cover = dense.own_cover_b.max(axis=0) if k_in_b else dense.own_cover_a.max(axis=1)
            self._reach[k_in_b] = (cover >= PIECE_COVER).tolist()
        return self._reach[k_in_b]

    def _far_candidates(self, k_in_b: bool) -> dict[int, list[int]]:
        """Best partners of every leftover on one side (large comparisons), made once."""
        if k_in_b not in self._far:
            ta, tb = self.ta, self.tb
            if k_in_b:
                left = [j for j in range(len(tb)) if j not in self.b2a]
                found = self.scores.candidates(list(range(len(ta))), left, _CANDIDATES)
                pairs = [(j, i) for i, j, _ in found]
            else:
                left = [i for i in range(len(ta)) if i not in self.a2b]
                found = self.scores.candidates(left, list(range(len(tb))), _CANDIDATES)
                pairs = [(i, j) for i, j, _ in found]
            out: dict[int, list[int]] = {}
            for x, y in pairs:
                out.setdefault(x, []).append(y)
            self._far[k_in_b] = out
        return self._far[k_in_b]


def related(tree: Tree, x: int, y: int) -> bool:
    """True when one of ``x`` and ``y`` contains the other (preorder ranges)."""
    lo, hi = (x, y) if x < y else (y, x)
    return hi <= tree.end[lo]


def _around(tree: Tree, x: int) -> list[int]:
    """The siblings of ``x`` up to :data:`AROUND` places before and after it."""
    sibs = tree.kids(int(tree.parent[x]))
    at = sibs.index(x)
    return sibs[max(0, at - AROUND) : at + AROUND + 1]
