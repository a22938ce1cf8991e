"""Building blocks of :mod:`compare.align`: flattened trees, structural context, order.

Kept apart from the aligner so each piece can be read (and tested) alone:

- :class:`Tree`: one document's sections in preorder with parent links, depths,
  relative positions and the normalised strings the scorers compare.
- :func:`content_scores` / :func:`same_keys`: the content score of every pair.
- :class:`Structure` (and :func:`context`): the structural agreement of every
  pair (parents, positions, depth); what does not depend on the matching is
  computed once per pair of trees.
- :func:`assign`: a maximum-score assignment on part of a score matrix.
- :func:`lis_keep` / :func:`order_groups`: which matches keep their relative
  order, and the gaps between them.
- :func:`ranked_rows`, :func:`child_owner`, :func:`near`: split and merge owners.
- :func:`top_candidates`: runner-up lists.

Small matrices (tens of sections) make numpy's per-call cost the main cost here,
so the code keeps the number of array operations per alignment low.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from .model import Document, Section
from .normalize import normalize
from .rising import rising_indexes
from .similarity import Matrix, Scores

__all__ = [
    "Structure",
    "Tree",
    "assign",
    "child_owner",
    "content_scores",
    "context",
    "hungarian",
    "lis_keep",
    "order_groups",
    "ranked_rows",
    "same_keys",
    "tree_of",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# How the context score is made up; the parts add up to 1.
_PARENT, _POSITION, _SIBLING, _DEPTH = 0.45, 0.2, 0.15, 0.2


@lru_cache(maxsize=256)
def tree_of(doc: Document) -> Tree:
    """The (cached) :class:`Tree` of ``doc``: a batch compares one document many times."""
    return Tree(doc)


class Tree:
    """One document's sections, flattened in preorder, with what alignment needs."""

    def __init__(self, doc: Document) -> None:
        sections: list[Section] = []
        parent: list[int] = []
        depth: list[int] = []
        sib: list[float] = []
        end: list[int] = []
        self._kids: dict[int, list[int]] = {}

        def visit(secs: Sequence[Section], p: int, d: int) -> None:
            kids = self._kids.setdefault(p, [])
            n = len(secs)
            for k, s in enumerate(secs):
                idx = len(sections)
                kids.append(idx)
                sections.append(s)
                parent.append(p)
                depth.append(d)
                sib.append(k / (n - 1) if n > 1 else 0.0)
                end.append(idx)
                visit(s.children, idx, d + 1)
                end[idx] = len(sections) - 1

        visit(doc.sections, -1, 1)
        n = len(sections)
        self.sections = sections
        self.ids = [s.id for s in sections]
        self.parent: IntArray = np.array(parent, dtype=np.int64)
        self.depth: IntArray = np.array(depth, dtype=np.int64)
        self.sib: Matrix = np.array(sib, dtype=np.float64)
        self.end = end
        self.pos: Matrix = (
            np.arange(n, dtype=np.float64) / (n - 1) if n > 1 else np.zeros(n, dtype=np.float64)
        )
        self.headings = [s.heading for s in sections]
        self.texts = [s.text for s in sections]
        nh = [normalize(h) for h in self.headings]
        nt = [normalize(t) for t in self.texts]
        self.keys = [f"{h}\x00{t}" for h, t in zip(nh, nt, strict=True)]
        self.has_heading: BoolArray = np.array([bool(h) for h in nh], dtype=bool)
        self.has_text: BoolArray = np.array([bool(t) for t in nt], dtype=bool)
        self.text_len: IntArray = np.array([len(t) for t in nt], dtype=np.int64)
        self.size: Matrix = np.array(
            [max(1, len(h) + len(t)) for h, t in zip(nh, nt, strict=True)], dtype=np.float64
        )
        self.complete = bool(self.has_heading.all() and self.has_text.all())

    def __len__(self) -> int:
        return len(self.sections)

    def kids(self, p: int) -> list[int]:
        """Children of section ``p`` (``-1``: the top-level sections)."""
        return self._kids.get(p, [])

    def adjacent(self, x: int, y: int) -> bool:
        """True when ``x`` and ``y`` follow each other in reading order.

        Either one starts right after the other's subtree, or one is the other's
        parent and the first or last of its children.
        """
        if x > y:
            x, y = y, x
        return y == self.end[x] + 1 or (y == x + 1) or (self.parent[y] == x and self.end[x] == y)


def content_scores(
    ta: Tree, tb: Tree, heading: Scores, text: Scores | None, wh: float, wt: float
) -> tuple[Matrix, Matrix]:
    """Content score of every pair (headings and bodies weighted ``wh`` / ``wt``), and
    the strongest single piece of content evidence (heading or body) of every pair.

    A component only counts when both sections have it (a body: half its weight
    when only one side has one); a pair with nothing to compare scores 0.
    """
    h_sim = heading.similarity
    if text is not None and ta.complete and tb.complete:  # every heading and body there
        content: Matrix = (wh * h_sim + wt * text.similarity) / (wh + wt)
        return content, np.maximum(h_sim, text.similarity)
    na, nb = len(ta), len(tb)
    has_h = np.outer(ta.has_heading, tb.has_heading)
    if text is not None:
        both = np.outer(ta.has_text, tb.has_text)
        one = np.logical_xor.outer(ta.has_text, tb.has_text)
        t_weight = wt * (both + 0.5 * one)
        t_sim = text.similarity * both
    else:
        t_weight = np.zeros((na, nb))
        t_sim = np.zeros((na, nb))
    h_weight = wh * has_h
    total = h_weight + t_weight
    with np.errstate(invalid="ignore", divide="ignore"):
        content = (h_weight * h_sim + t_weight * t_sim) / total
    return np.where(total > 0, content, 0.0), np.maximum(h_sim * has_h, t_sim)


def same_keys(ta: Tree, tb: Tree) -> BoolArray:
    """``[i, j]`` is True when section i of a and j of b have equal normalised content."""
    codes: dict[str, int] = {}
    ka = np.array([codes.setdefault(k, len(codes)) for k in ta.keys], dtype=np.int64)
    kb = np.array([codes.setdefault(k, len(codes)) for k in tb.keys], dtype=np.int64)
    return np.equal.outer(ka, kb)


class Structure:
    """Structural agreement of every pair of sections of two trees, in [0, 1].

    The parent term is the parents' content score when no matching exists yet
    (``pairs`` is None), else 1 when the parents are matched to each other; two
    top-level sections always agree on parents. Positions (in the whole document
    and among siblings) and equal depth make up the rest; they do not depend on
    the matching, so they are computed once per pair of trees, and so are the two
    results a pair can get once the parents' match is known (0 or 1).
    """

    def __init__(self, ta: Tree, tb: Tree) -> None:
        self.shape = (len(ta), len(tb))
        self.rows = ta.parent[:, None]  # index -1 picks the root row/column
        self.cols = tb.parent[None, :]
        self.position: Matrix = _POSITION * (1.0 - np.abs(ta.pos[:, None] - tb.pos[None, :]))
        self.sibling: Matrix = _SIBLING * (1.0 - np.abs(ta.sib[:, None] - tb.sib[None, :]))
        self.depth: Matrix = _DEPTH * np.equal.outer(ta.depth, tb.depth)
        self.apart = self._total(np.zeros(self.shape))
        self.together = self._total(np.ones(self.shape))

    def _total(self, parent: Matrix) -> Matrix:
        out: Matrix = _PARENT * parent
        out += self.position
        out += self.sibling
        out += self.depth
        return out

    def __call__(self, content: Matrix, pairs: Sequence[tuple[int, int]] | None) -> Matrix:
        na, nb = self.shape
        if pairs is None:
            ext = np.zeros((na + 1, nb + 1))  # last row/column: the document root
            ext[na, nb] = 1.0
            ext[:na, :nb] = content
            return self._total(ext[self.rows, self.cols])
        linked = np.zeros((na + 1, nb + 1), dtype=bool)
        linked[na, nb] = True
        if pairs:
            rows, cols = zip(*pairs, strict=True)
            linked[rows, cols] = True
        out: Matrix = np.where(linked[self.rows, self.cols], self.together, self.apart)
        return out


def context(ta: Tree, tb: Tree, content: Matrix, pairs: Sequence[tuple[int, int]] | None) -> Matrix:
    """Structural agreement of every pair, in [0, 1] (see :class:`Structure`)."""
    return Structure(ta, tb)(content, pairs)


@cache
def _linear_sum_assignment() -> Callable[..., tuple[IntArray, IntArray]]:
    """scipy's assignment solver, imported on first use.

    ``import scipy.optimize`` costs about 0.3 s, which ``speechdiff parse`` (and
    anything else importing :mod:`compare`) should not pay.
    """
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    solver: Callable[..., tuple[IntArray, IntArray]] = linear_sum_assignment
    return solver


def hungarian(score: Matrix) -> tuple[list[int], list[int]]:
    """Rows and columns of a maximum-score one-to-one assignment."""
    r, c = _linear_sum_assignment()(score, maximize=True)
    return r.tolist(), c.tolist()


def assign(score: Matrix, rows: Sequence[int], cols: Sequence[int]) -> list[tuple[int, int]]:
    """Best one-to-one pairing of ``rows`` with ``cols`` (indices into ``score``)."""
    if not rows or not cols:
        return []
    if len(rows) == 1 or len(cols) == 1:  # one side has a single candidate: take the best
        pairs = [(i, j) for i in rows for j in cols]
        if len(pairs) == 1:
            return pairs
        values = score[tuple(zip(*pairs, strict=True))].tolist()
        return [pairs[values.index(max(values))]]  # the first best, as argmax
    r, c = hungarian(score[np.asarray(rows)[:, None], np.asarray(cols)[None, :]])
    return [(rows[x], cols[y]) for x, y in zip(r, c, strict=True)]


def ranked_rows(m: Matrix, floor: float, limit: int) -> dict[int, list[int]]:
    """Per row of ``m``: the columns scoring at least ``floor``, best first (ties in
    column order), at most ``limit``; rows without any are left out."""
    hits = m >= floor
    out: dict[int, list[int]] = {}
    for r in np.flatnonzero(hits.any(axis=1)).tolist():
        cols = np.flatnonzero(hits[r])
        out[r] = cols[np.argsort(-m[r, cols], kind="stable")][:limit].tolist()
    return out


def lis_keep(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by first item) whose second items increase."""
    ordered = sorted(pairs)
    return [ordered[k] for k in rising_indexes([j for _, j in ordered])]


def order_groups(
    kids_a: Sequence[int],
    kids_b: Sequence[int],
    a2b: Mapping[int, list[int]],
    b2a: Mapping[int, list[int]],
) -> list[tuple[list[int], list[int]]]:
    """Unmatched siblings grouped by the gap between in-order matched siblings they sit in."""
    where_b = {j: n for n, j in enumerate(kids_b)}
    anchors = [
        (n, where_b[j]) for n, i in enumerate(kids_a) for j in a2b.get(i, []) if j in where_b
    ]
    kept = lis_keep(anchors)
    bounds = [(-1, -1), *kept, (len(kids_a), len(kids_b))]
    groups = []
    for (a0, b0), (a1, b1) in pairwise(bounds):
        ga = [i for i in kids_a[a0 + 1 : a1] if i not in a2b]
        gb = [j for j in kids_b[b0 + 1 : b1] if j not in b2a]
        groups.append((ga, gb))
    return groups


def child_owner(src: Tree, dst: Tree, back: Mapping[int, list[int]], k: int) -> int:
    """The one ``src`` section all of ``k``'s matched children come from, or -1."""
    owners = set()
    for c in dst.kids(k):
        for o in back.get(c, []):
            owners.add(int(src.parent[o]))
    return owners.pop() if len(owners) == 1 and -1 not in owners else -1


def near(tree: Tree, x: int, y: int, matched: Mapping[int, list[int]]) -> bool:
    """True when only unmatched sections (or ``x``'s own subtree) lie between x and y."""
    lo, hi = (x, y) if x < y else (y, x)
    return all(t <= tree.end[lo] or t not in matched for t in range(lo + 1, hi))


def in_place(
    ta: Tree, tb: Tree, pairs: Sequence[tuple[int, int]], a2b: Mapping[int, list[int]]
) -> set[tuple[int, int]]:
    """Matches that stayed in place: same parent pair and in sibling order.

    A match whose parents correspond (or both are top level) is in place unless
    it breaks the order of its siblings' matches (kept: a longest increasing run).
    A changed depth counts as in place only when the parent's depth changed alike.
    """
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in pairs:
        pa, pb = int(ta.parent[i]), int(tb.parent[j])
        same_parent = (pa < 0 and pb < 0) or (pa >= 0 and pb in a2b.get(pa, []))
        if not same_parent:
            continue
        delta = int(ta.depth[i]) - int(tb.depth[j])
        parent_delta = 0 if pa < 0 else int(ta.depth[pa]) - int(tb.depth[pb])
        if delta != parent_delta:
            continue
        groups.setdefault((pa, pb), []).append((i, j))
    keep: set[tuple[int, int]] = set()
    for members in groups.values():
        keep.update(lis_keep(members))
    return keep


def top_candidates(
    m: Matrix, ids: list[str], other: list[str], taken: Mapping[int, list[int]], k: int
) -> dict[str, tuple[tuple[str, float], ...]]:
    """The best ``k`` other-side ids and scores of each row, leaving out ``taken``.

    Only the ``k + 4`` best columns of a row are looked at (so a section split into
    more parts than that may list fewer runner-ups).
    """
    width = min(m.shape[1], k + 4)
    order = np.argsort(-m, axis=1, kind="stable")[:, :width].tolist()
    values = np.round(m, 4).tolist()
    out = {}
    for i, row in enumerate(order):
        vals = values[i]
        skip = taken.get(i, ())
        picked: list[tuple[str, float]] = []
        for j in row:
            v = vals[j]
            if v > 0 and j not in skip:
                picked.append((other[j], v))
                if len(picked) == k:
                    break
        out[ids[i]] = tuple(picked)
    return out
