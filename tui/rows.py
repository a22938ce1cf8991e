"""Aligned rows: the side-by-side layout of a comparison graph, as plain data.

The terminal UI never recomputes an alignment: it reads the networkx graph that
:func:`compare.graph.comparison_graph` builds (schema in docs/design.md) and lays
its sections out in rows, one row per line of the skeleton view.

Why rows are aligned here and not in the widget: both sides then scroll as one
list, so there is no scroll position to keep in sync, and every rule below can be
unit-tested on a hand-built graph without a terminal.

Layout rules
------------
- Both sides keep their own document order (preorder). Matched pairs that can
  share a row without breaking either order are *anchors*: the longest chain of
  non-``moved`` matches that rises in both orders.
- Between two anchors, the left side's unplaced sections come first, then the
  right side's, each on a row of its own.
- A section with no match leaves a gap on the other side (``deleted`` on the left,
  ``inserted`` on the right).
- A matched section that is not an anchor (moved, or the second partner of a split
  or merge) gets a row at its own place, with its best partner shown as a *ghost*
  on the other side. ``Row.links`` points at the rows holding the same sections,
  which is where ``m`` jumps.
- Swapping sides mirrors the kinds (inserted/deleted, split/merged,
  promoted/demoted): the edges of the graph always run from ``a`` to ``b``.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CHANGE_KINDS",
    "KINDS",
    "AlignedRows",
    "Cell",
    "Row",
    "build_rows",
    "mirror_kind",
]

#: Every kind a row can show, in the order the summary lists them.
KINDS: tuple[str, ...] = (
    "identical",
    "modified",
    "moved",
    "split",
    "merged",
    "promoted",
    "demoted",
    "inserted",
    "deleted",
)
#: Kinds that ``n`` / ``N`` stop at and the "changes only" filter keeps.
CHANGE_KINDS: frozenset[str] = frozenset(KINDS) - {"identical"}

_MIRROR = {
    "inserted": "deleted",
    "deleted": "inserted",
    "split": "merged",
    "merged": "split",
    "promoted": "demoted",
    "demoted": "promoted",
}


def mirror_kind(kind: str) -> str:
    """The kind seen from the other side (``split`` read backwards is ``merged``)."""
    return _MIRROR.get(kind, kind)


@dataclass(frozen=True, slots=True)
class Cell:
    """One side of a row: a section, or a ghost of a section placed elsewhere."""

    key: str
    id: str
    marker: str
    heading: str
    level: int
    has_children: bool
    ghost: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the skeleton: a left cell, a right cell (either may be a gap)."""

    index: int
    left: Cell | None
    right: Cell | None
    kind: str
    score: float | None
    links: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return self.kind in CHANGE_KINDS

    def cells(self) -> Iterator[Cell]:
        """The row's non-empty cells, left first."""
        if self.left is not None:
            yield self.left
        if self.right is not None:
            yield self.right

    def homes(self) -> Iterator[Cell]:
        """The cells this row owns (not ghosts)."""
        return (c for c in self.cells() if not c.ghost)


@dataclass(frozen=True)
class AlignedRows:
    """The rows of one orientation, plus what navigation needs to know about them."""

    rows: tuple[Row, ...]
    left_side: str
    parents: Mapping[str, str | None]
    home: Mapping[str, int]
    texts: Mapping[str, str] = field(repr=False)

    @property
    def right_side(self) -> str:
        return "b" if self.left_side == "a" else "a"

    def __len__(self) -> int:
        return len(self.rows)

    def ancestors(self, key: str) -> Iterator[str]:
        """Section keys above ``key``, nearest first (the document root excluded)."""
        parent = self.parents.get(key)
        while parent is not None:
            yield parent
            parent = self.parents.get(parent)

    def row_of(self, key: str) -> int | None:
        """The home row of the section with node key ``key``."""
        return self.home.get(key)


@dataclass(frozen=True, slots=True)
class _Pair:
    left: str
    right: str
    kind: str
    score: float


def _is_root(key: str, attrs: Mapping[str, Any]) -> bool:
    return attrs.get("status") == "root" or key.endswith(":") or attrs.get("level", 1) == 0


def _side_nodes(graph: Any, side: str) -> list[str]:
    """The sections of one side in document (preorder) order, root excluded."""
    keyed = [
        (int(attrs.get("order", 0)), key)
        for key, attrs in graph.nodes(data=True)
        if attrs.get("side", str(key)[:1]) == side and not _is_root(key, attrs)
    ]
    keyed.sort()
    return [key for _, key in keyed]


def _pairs(graph: Any, left_side: str) -> list[_Pair]:
    """Match edges, oriented so that ``left`` is on the left side."""
    out: list[_Pair] = []
    for u, v, data in graph.edges(data=True):
        kind = data.get("kind", "")
        if kind == "contains":
            continue
        score = float(data.get("score", 0.0))
        if left_side == "a":
            out.append(_Pair(u, v, kind, score))
        else:
            out.append(_Pair(v, u, mirror_kind(kind), score))
    return out


def _anchors(
    pairs: Iterable[_Pair], pos_l: Mapping[str, int], pos_r: Mapping[str, int]
) -> list[_Pair]:
    """The longest chain of pairs rising in both orders (patience sorting, O(n log n)).

    Sorting by left position, then right position descending, makes a strictly
    rising subsequence of right positions use each left section at most once.
    Among equally long chains the one built from earlier pairs wins, which keeps the
    result stable for a given graph.
    """
    cands = [p for p in pairs if p.kind != "moved" and p.left in pos_l and p.right in pos_r]
    cands.sort(key=lambda p: (pos_l[p.left], -pos_r[p.right], -p.score))
    tails: list[int] = []  # right position ending the best chain of each length
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(cands)
    for i, p in enumerate(cands):
        r = pos_r[p.right]
        k = bisect_left(tails, r)
        if k == len(tails):
            tails.append(r)
            tail_idx.append(i)
        else:
            tails[k] = r
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k > 0 else -1
    chain: list[_Pair] = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    chain.reverse()
    return chain


def _cell(graph: Any, key: str, ghost: bool, children: Mapping[str, int]) -> Cell:
    attrs = graph.nodes[key]
    return Cell(
        key=key,
        id=str(attrs.get("id", key.partition(":")[2])),
        marker=str(attrs.get("marker", "")),
        heading=str(attrs.get("heading", "")),
        level=int(attrs.get("level", 1)),
        has_children=children.get(key, 0) > 0,
        ghost=ghost,
    )


def _containment(graph: Any) -> tuple[dict[str, str | None], dict[str, int]]:
    parents: dict[str, str | None] = {}
    children: dict[str, int] = {}
    for u, v, data in graph.edges(data=True):
        if data.get("kind") != "contains":
            continue
        if _is_root(u, graph.nodes[u]):
            parents.setdefault(v, None)
        else:
            parents[v] = u
            children[u] = children.get(u, 0) + 1
    return parents, children


def build_rows(graph: Any, *, swap: bool = False) -> AlignedRows:
    """Lay out ``graph`` (a comparison graph) in aligned rows.

    With ``swap`` the ``b`` document is on the left. Only the graph is read.
    """
    left_side, right_side = ("b", "a") if swap else ("a", "b")
    left_nodes = _side_nodes(graph, left_side)
    right_nodes = _side_nodes(graph, right_side)
    pos_l = {k: i for i, k in enumerate(left_nodes)}
    pos_r = {k: i for i, k in enumerate(right_nodes)}
    pairs = _pairs(graph, left_side)
    best: dict[str, _Pair] = {}
    for p in pairs:
        for key in (p.left, p.right):
            if key not in best or p.score > best[key].score:
                best[key] = p
    parents, children = _containment(graph)

    drafts: list[tuple[Cell | None, Cell | None, str, float | None]] = []

    def single(key: str, on_left: bool) -> None:
        own = _cell(graph, key, False, children)
        p = best.get(key)
        if p is None:
            kind = "deleted" if on_left else "inserted"
            drafts.append((own, None, kind, None) if on_left else (None, own, kind, None))
            return
        other = _cell(graph, p.right if on_left else p.left, True, children)
        if on_left:
            drafts.append((own, other, p.kind, p.score))
        else:
            drafts.append((other, own, p.kind, p.score))

    i = j = 0
    for anchor in _anchors(pairs, pos_l, pos_r):
        pl, pr = pos_l[anchor.left], pos_r[anchor.right]
        while i < pl:
            single(left_nodes[i], True)
            i += 1
        while j < pr:
            single(right_nodes[j], False)
            j += 1
        drafts.append(
            (
                _cell(graph, anchor.left, False, children),
                _cell(graph, anchor.right, False, children),
                anchor.kind,
                anchor.score,
            )
        )
        i, j = pl + 1, pr + 1
    for key in left_nodes[i:]:
        single(key, True)
    for key in right_nodes[j:]:
        single(key, False)

    home: dict[str, int] = {}
    shown: dict[str, list[int]] = {}
    for n, (left, right, _, _) in enumerate(drafts):
        for c in (left, right):
            if c is None:
                continue
            shown.setdefault(c.key, []).append(n)
            if not c.ghost:
                home[c.key] = n
    rows: list[Row] = []
    for n, (left, right, kind, score) in enumerate(drafts):
        keys = [c.key for c in (left, right) if c is not None]
        links = sorted({m for k in keys for m in shown[k]} - {n})
        rows.append(Row(n, left, right, kind, score, tuple(links)))
    texts = {
        str(key): str(attrs.get("text", ""))
        for key, attrs in graph.nodes(data=True)
        if not _is_root(key, attrs)
    }
    return AlignedRows(tuple(rows), left_side, parents, home, texts)
