"""Aligned rows: the side-by-side layout of a comparison graph, as plain data.

The one row model behind every side-by-side view: ``speechdiff diff --format
text|markdown|html`` and the terminal UI all lay a comparison out with
:func:`build_rows`, so a section sits on the same row, next to the same partner,
whichever view a reader opens. Nothing here recomputes the alignment: only the
graph of :func:`compare.graph.comparison_graph` is read (schema in docs/design.md).

Why rows are plain data: both sides then scroll (or print) as one list, and every
rule below is unit-tested on a hand-built graph, without a terminal or a browser.

Layout rules
------------
- Both sides keep their own document order (preorder). Matched pairs that can
  share a row without breaking either order are *anchors*: the longest chain of
  non-``moved`` matches that rises in both orders.
- ``moved`` pairs never anchor, even when their order would allow it: the aligner
  calls a pair moved because it changed parent or its place among its siblings, so
  the reader needs to see it at both places, under each side's own parent, and
  each place must point at the other. (Anchoring an in-order moved pair would put
  one side far from its parent and hide the move.)
- Between two anchors, the left side's unplaced sections come first, then the
  right side's, each on a row of its own.
- A section with no match leaves a gap on the other side (``deleted`` on the left,
  ``inserted`` on the right).
- A matched section that is not an anchor (moved, or the second partner of a split
  or merge) gets a row at its own place, with its best partner shown as a *ghost*
  on the other side. ``Row.links`` points at the other rows holding the same
  sections (where the UI's ``m`` jumps, and what the static views cross-link).
- With ``parts=True`` the unnumbered opening and closing (root parts of the graph)
  get a row each, first and last. The static views want them; the UI shows only
  sections.
- Swapping sides mirrors the kinds (inserted/deleted, split/merged,
  promoted/demoted): the edges of the graph always run from ``a`` to ``b``.

Pure Python: this module imports neither textual nor rich (compare/ is headless).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..normalize import normalize
from ..rising import rising_indexes

__all__ = [
    "CHANGE_KINDS",
    "KINDS",
    "PARTS",
    "AlignedRows",
    "Cell",
    "Change",
    "Row",
    "build_rows",
    "display_heading",
    "display_marker",
    "mirror_kind",
    "part_text",
    "row_inline",
    "spaced_marker",
]

#: Every kind a row can show, in the order the summaries list them.
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
#: Kinds that the UI's ``n`` / ``N`` stop at and the "changes only" filter keeps.
CHANGE_KINDS: frozenset[str] = frozenset(KINDS) - {"identical"}
#: Root parts that get a row of their own with ``parts=True``, in reading order.
PARTS: tuple[str, ...] = ("opening", "closing")
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


def display_marker(node: Mapping[str, Any]) -> str:
    """A node's marker, followed by a space when it ends in a Latin character (``1.``, ``(a)``).

    CJK markers (``一、``, ``（一）``) carry their own spacing; ``1.Introduction``
    would not read well.
    """
    return spaced_marker(str(node.get("marker", "")))


def spaced_marker(marker: str) -> str:
    """``marker`` as shown before a heading (see :func:`display_marker`)."""
    return f"{marker} " if marker and marker[-1].isascii() else marker


def display_heading(node: Mapping[str, Any], n: int = 30) -> str:
    """A node's heading, or the start of its text in brackets when it has none.

    Paragraph sections from the aligner's fallback (and headless parse results)
    have no heading; their first words identify them.
    """
    if node.get("heading"):
        return str(node["heading"])
    flat = " ".join(str(node.get("text", "")).split())
    if not flat:
        return ""
    return f"（{flat[:n]}…）" if len(flat) > n else f"（{flat}）"


def part_text(graph: Any, side: str, part: str) -> str:
    """The text of root part ``part`` (``opening``, ``closing``) of one side, "" if absent."""
    return str(graph.nodes[f"{side}:"].get(part) or "")


@dataclass(frozen=True, slots=True)
class Cell:
    """One side of a row: a section, a ghost of a section placed elsewhere, or a part.

    ``level`` is the nesting depth (1 for a top-level section), which is what
    indentation shows. A part cell (``part`` = ``opening`` / ``closing``) has the
    document root's key and an empty id.
    """

    key: str
    id: str
    marker: str
    heading: str
    level: int
    has_children: bool
    ghost: bool = False
    part: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """One row: a left cell, a right cell (either may be a gap), the kind and score.

    ``pair`` is the match edge the row shows, as ``(a key, b key)`` whatever the
    orientation (an anchor or a section beside its ghost partner); None for a gap
    row or a part row. ``links`` are the other rows that show one of this row's
    sections.
    """

    index: int
    left: Cell | None
    right: Cell | None
    kind: str
    score: float | None
    links: tuple[int, ...] = ()
    pair: tuple[str, str] | None = None

    @property
    def changed(self) -> bool:
        return self.kind in CHANGE_KINDS

    @property
    def part(self) -> str:
        """``opening`` / ``closing`` for a part row, "" for a section row."""
        return next((c.part for c in self.cells()), "")

    def cells(self) -> Iterator[Cell]:
        """The row's non-empty cells, left first."""
        if self.left is not None:
            yield self.left
        if self.right is not None:
            yield self.right

    def homes(self) -> Iterator[Cell]:
        """The section cells this row owns (not ghosts, not parts)."""
        return (c for c in self.cells() if not c.ghost and not c.part)


@dataclass(frozen=True)
class AlignedRows:
    """The rows of one orientation, plus what navigation and cross-links need."""

    rows: tuple[Row, ...]
    left_side: str
    parents: Mapping[str, str | None]
    home: Mapping[str, int]
    partners: Mapping[str, tuple[str, ...]]

    @property
    def right_side(self) -> str:
        return "b" if self.left_side == "a" else "a"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def ancestors(self, key: str) -> Iterator[str]:
        """Section keys above ``key``, nearest first (the document root excluded)."""
        parent = self.parents.get(key)
        while parent is not None:
            yield parent
            parent = self.parents.get(parent)

    def row_of(self, key: str) -> int | None:
        """The home row of the section with node key ``key``."""
        return self.home.get(key)

    def elsewhere(self, row: Row, cell: Cell) -> tuple[str, ...]:
        """Partners of ``cell``'s section that this row does not show (a split's others).

        A static view notes them beside the cell, since a reader cannot press ``m``.
        """
        shown = {c.key for c in row.cells()}
        return tuple(p for p in self.partners.get(cell.key, ()) if p not in shown)


#: One changed field of a row: (a text, b text, opcodes a → b).
Change = tuple[str, str, list[list[Any]]]


def row_inline(graph: Any, row: Row) -> dict[str, Change]:
    """What changed on a row, per field (``heading``, ``text``) that differs.

    Opcodes are ``[tag, a0, a1, b0, b1]`` lists running a → b whatever the
    orientation. A section pair's come from its match edge (the engine computed
    them; none when it was run without inline diffs); a modified part row's are
    computed here with :func:`compare.inline.diff_text`, because the alignment
    stores no opcodes for root parts. Empty for gaps and unchanged rows.
    """
    out: dict[str, Change] = {}
    if row.pair is not None:
        edge = graph.edges[row.pair]
        inline = edge.get("inline")
        if not inline or not edge.get("changed", True):
            return out
        a, b = graph.nodes[row.pair[0]], graph.nodes[row.pair[1]]
        for name in ("heading", "text"):
            ops = [list(op) for op in inline.get(name, ())]
            if any(op[0] != "equal" for op in ops):
                out[name] = (str(a.get(name, "")), str(b.get(name, "")), ops)
    elif row.part and row.kind == "modified":
        # Imported here: only part rows need it, and the UI never asks for them.
        from ..inline import diff_text

        x, y = part_text(graph, "a", row.part), part_text(graph, "b", row.part)
        ops = [op.to_list() for op in diff_text(x, y)]
        if any(op[0] != "equal" for op in ops):
            out["text"] = (x, y, ops)
    return out


@dataclass(frozen=True, slots=True)
class _Pair:
    left: str
    right: str
    kind: str
    score: float


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
    """The longest chain of non-moved pairs rising in both orders (patience sorting).

    Sorting by left position, then right position descending, makes a strictly
    rising subsequence of right positions use each left section at most once.
    Among equally long chains the one built from earlier pairs wins, which keeps the
    result stable for a given graph. O(n log n).
    """
    cands = [p for p in pairs if p.kind != "moved" and p.left in pos_l and p.right in pos_r]
    cands.sort(key=lambda p: (pos_l[p.left], -pos_r[p.right], -p.score))
    return [cands[i] for i in rising_indexes([pos_r[p.right] for p in cands])]


def _cell(graph: Any, key: str, ghost: bool, children: Mapping[str, int]) -> Cell:
    attrs = graph.nodes[key]
    level = int(attrs.get("level", 1))
    return Cell(
        key=key,
        id=str(attrs.get("id", key.partition(":")[2])),
        marker=str(attrs.get("marker", "")),
        heading=str(attrs.get("heading", "")),
        level=int(attrs.get("depth", level)),
        has_children=children.get(key, 0) > 0,
        ghost=ghost,
    )


def _containment(graph: Any) -> tuple[dict[str, str | None], dict[str, int]]:
    parents: dict[str, str | None] = {}
    children: dict[str, int] = {}
    for u, v, data in graph.edges(data=True):
        if data.get("kind") != "contains":
            continue
        if graph.nodes[u].get("status") == "root":
            parents.setdefault(v, None)
        else:
            parents[v] = u
            children[u] = children.get(u, 0) + 1
    return parents, children


_Draft = tuple[Cell | None, Cell | None, str, float | None, tuple[str, str] | None]


def _part_draft(graph: Any, part: str, left_side: str, right_side: str) -> _Draft | None:
    """The row of one root part, or None when neither side has it."""
    x, y = part_text(graph, left_side, part), part_text(graph, right_side, part)
    if not x and not y:
        return None
    if not y:
        kind = "deleted"
    elif not x:
        kind = "inserted"
    else:
        kind = "identical" if normalize(x) == normalize(y) else "modified"

    def cell(side: str, text: str) -> Cell | None:
        return Cell(f"{side}:", "", "", "", 1, False, part=part) if text else None

    return (cell(left_side, x), cell(right_side, y), kind, None, None)


def build_rows(graph: Any, *, swap: bool = False, parts: bool = False) -> AlignedRows:
    """Lay out ``graph`` (a comparison graph) in aligned rows.

    With ``swap`` the ``b`` document is on the left; with ``parts`` the opening
    and closing get rows too. Only the graph is read.
    """
    # Imported here: compare.graph brings networkx and the aligner (numpy), which the
    # terminal UI's main thread need not load before its first frame (its worker does).
    from ..graph import sections_of

    left_side, right_side = ("b", "a") if swap else ("a", "b")
    left_nodes = sections_of(graph, left_side)
    right_nodes = sections_of(graph, right_side)
    pos_l = {k: i for i, k in enumerate(left_nodes)}
    pos_r = {k: i for i, k in enumerate(right_nodes)}
    pairs = _pairs(graph, left_side)
    best: dict[str, _Pair] = {}
    partners: dict[str, list[str]] = {}
    for p in pairs:
        for key, other in ((p.left, p.right), (p.right, p.left)):
            if key not in best or p.score > best[key].score:
                best[key] = p
            partners.setdefault(key, []).append(other)
    parents, children = _containment(graph)

    def oriented(p: _Pair) -> tuple[str, str]:
        return (p.left, p.right) if left_side == "a" else (p.right, p.left)

    drafts: list[_Draft] = []

    def single(key: str, on_left: bool) -> None:
        own = _cell(graph, key, False, children)
        p = best.get(key)
        if p is None:
            kind = "deleted" if on_left else "inserted"
            left, right = (own, None) if on_left else (None, own)
            drafts.append((left, right, kind, None, None))
            return
        other = _cell(graph, p.right if on_left else p.left, True, children)
        left, right = (own, other) if on_left else (other, own)
        drafts.append((left, right, p.kind, p.score, oriented(p)))

    if parts and (head := _part_draft(graph, PARTS[0], left_side, right_side)):
        drafts.append(head)
    i = j = 0
    for anchor in _anchors(pairs, pos_l, pos_r):
        pl, pr = pos_l[anchor.left], pos_r[anchor.right]
        while i < pl:
            single(left_nodes[i], True)
            i += 1
        while j < pr:
            single(right_nodes[j], False)
            j += 1
        own_l = _cell(graph, anchor.left, False, children)
        own_r = _cell(graph, anchor.right, False, children)
        drafts.append((own_l, own_r, anchor.kind, anchor.score, oriented(anchor)))
        i, j = pl + 1, pr + 1
    for key in left_nodes[i:]:
        single(key, True)
    for key in right_nodes[j:]:
        single(key, False)
    if parts and (tail := _part_draft(graph, PARTS[1], left_side, right_side)):
        drafts.append(tail)

    home: dict[str, int] = {}
    shown: dict[str, list[int]] = {}
    for n, (left, right, *_) in enumerate(drafts):
        for c in (left, right):
            if c is None or c.part:
                continue
            shown.setdefault(c.key, []).append(n)
            if not c.ghost:
                home[c.key] = n
    rows: list[Row] = []
    for n, (left, right, kind, score, pair) in enumerate(drafts):
        keys = [c.key for c in (left, right) if c is not None and not c.part]
        links = sorted({m for k in keys for m in shown[k]} - {n})
        rows.append(Row(n, left, right, kind, score, tuple(links), pair))
    order = {k: i for i, k in enumerate(left_nodes + right_nodes)}
    ordered = {k: tuple(sorted(v, key=order.__getitem__)) for k, v in partners.items()}
    return AlignedRows(tuple(rows), left_side, parents, home, ordered)
