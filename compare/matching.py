"""Building blocks of :mod:`compare.align`: flattened trees, assignment, order.

Kept apart from the aligner so each piece can be read (and tested) alone:

- :class:`Tree`: one document's sections in preorder with parent links, depths and
  the normalised strings the scorers compare.
- :func:`partial_assign`: the one-to-one pairing that maximises the total score
  above a threshold (Jonker-Volgenant, from the ``lap`` package), leaving rows
  and columns unpaired where no pair is worth it.
- :func:`lis_keep` / :func:`order_groups` / :func:`in_place`: which matches keep
  their relative order, and the gaps between them; :func:`places`: how well two
  sections' places among their siblings agree.
- :func:`child_owner`, :func:`near`: split and merge owners.
- :func:`top_candidates`: runner-up lists.
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
from .similarity import Matrix

__all__ = [
    "Tree",
    "child_owner",
    "in_place",
    "lis_keep",
    "near",
    "order_groups",
    "partial_assign",
    "places",
    "top_candidates",
    "tree_of",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


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
        # What "the same section" means: the same heading and body; for a section with
        # neither (a bare number over its subsections), the same subsections.
        self.keys = [
            f"{h}\x00{t}" if h or t else f"\x01{normalize(s.full_text)}"
            for h, t, s in zip(nh, nt, sections, strict=True)
        ]
        self.has_heading: BoolArray = np.array([bool(h) for h in nh], dtype=bool)
        self.has_text: BoolArray = np.array([bool(t) for t in nt], dtype=bool)
        self.text_len: IntArray = np.array([len(t) for t in nt], dtype=np.int64)
        self.size: Matrix = np.array(
            [max(1, len(h) + len(t)) for h, t in zip(nh, nt, strict=True)], dtype=np.float64
        )
        self.has_kids: BoolArray = np.array([bool(s.children) for s in sections], dtype=bool)
        # Text beyond headings anywhere in the subtree (skeletons have none).
        texts = np.concatenate(([0], np.cumsum(self.has_text)))
        self.has_body: BoolArray = texts[np.asarray(end, dtype=np.int64) + 1] > texts[:n]

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


def partial_assign(score: Matrix, threshold: float) -> list[tuple[int, int]]:
    """Row/column pairs of ``score`` maximising the sum of ``score - threshold``.

    Only pairs scoring above ``threshold`` are ever paired; a row or column with no
    such partner (or whose partners serve others better) stays unpaired. Ties go to
    the earlier row and column, as the solver finds them.
    """
    n, m = score.shape
    if not n or not m:
        return []
    if n == 1 or m == 1:  # one candidate on a side: the first best, if good enough
        flat = int(np.argmax(score))
        i, j = divmod(flat, m)
        return [(i, j)] if score[i, j] > threshold else []
    _, x, _ = _lapjv()(1.0 - score, extend_cost=True, cost_limit=1.0 - threshold)
    return [(i, int(j)) for i, j in enumerate(x.tolist()) if j >= 0 and score[i, j] > threshold]


@cache
def _lapjv() -> Callable[..., tuple[float, IntArray, IntArray]]:
    """The ``lap`` package's solver, imported when first needed (it loads quickly)."""
    import lap

    solver: Callable[..., tuple[float, IntArray, IntArray]] = lap.lapjv
    return solver


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


def places(ka: list[int], kb: list[int], ga: list[int], gb: list[int]) -> Matrix:
    """Agreement of places among siblings (``ga`` of the list ``ka`` against ``gb`` of
    ``kb``), in [0, 1]: relative position, and the same ordinal when both sibling lists
    are as long."""
    pos_a = {i: (n / (len(ka) - 1) if len(ka) > 1 else 0.5) for n, i in enumerate(ka)}
    pos_b = {j: (n / (len(kb) - 1) if len(kb) > 1 else 0.5) for n, j in enumerate(kb)}
    ra = np.array([pos_a[i] for i in ga])
    rb = np.array([pos_b[j] for j in gb])
    place: Matrix = 1.0 - np.abs(ra[:, None] - rb[None, :])
    if len(ka) == len(kb):
        at_a = {i: n for n, i in enumerate(ka)}
        at_b = {j: n for n, j in enumerate(kb)}
        slot = np.equal.outer([at_a[i] for i in ga], [at_b[j] for j in gb])
        place = 0.7 * place + 0.3 * slot
    return place


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
