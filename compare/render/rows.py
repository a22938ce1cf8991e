"""Side-by-side rows from a comparison graph, shared by the text, Markdown and HTML views.

Both skeletons are merged into one sequence of rows in reading order. Matches
that keep their relative order (a longest chain increasing on both sides) share a
row; every other section gets a row of its own at its own place: a deletion on the
left, an insertion on the right, and a moved (or split, merged, promoted...)
section twice, once where it was and once where it went, each pointing at the other.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..graph import matches_of, sections_of

__all__ = ["Row", "build_rows", "display_heading", "display_marker", "status_label"]

# Row statuses in words: the views must stay readable without colour.
_LABELS = {
    "identical": "same",
    "modified": "changed",
    "moved": "moved",
    "split": "split",
    "merged": "merged",
    "promoted": "promoted",
    "demoted": "demoted",
    "deleted": "deleted",
    "inserted": "inserted",
}


def status_label(status: str) -> str:
    """The word a view prints for a row status (a match kind, deleted or inserted)."""
    return _LABELS.get(status, status)


def display_marker(node: dict[str, Any]) -> str:
    """A node's marker, followed by a space when it ends in a Latin character (``1.``, ``(a)``).

    CJK markers (``一、``, ``（一）``) carry their own spacing; ``1.Introduction``
    would not read well.
    """
    marker = str(node["marker"])
    return f"{marker} " if marker and marker[-1].isascii() else marker


def display_heading(node: dict[str, Any], n: int = 30) -> str:
    """A node's heading, or the start of its text in brackets when it has none.

    Paragraph sections from the aligner's fallback (and headless parse results)
    have no heading; their first words identify them.
    """
    if node["heading"]:
        return str(node["heading"])
    flat = " ".join(str(node["text"]).split())
    if not flat:
        return ""
    return f"（{flat[:n]}…）" if len(flat) > n else f"（{flat}）"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a side-by-side view.

    ``a`` / ``b`` are node keys (``None``: the side is empty on this row).
    ``status`` is the match kind, ``deleted`` or ``inserted``. ``edge`` holds the
    match edge's attributes when both sides are on the row; ``others`` lists the
    node keys a one-sided row corresponds to on the other side.
    """

    a: str | None
    b: str | None
    status: str
    score: float | None = None
    edge: dict[str, Any] | None = None
    others: tuple[str, ...] = ()


def _anchors(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """A longest chain of pairs increasing strictly on both sides."""
    ordered = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos > 0 else -1
    out = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.add(ordered[k])
        k = prev[k]
    return out


def build_rows(g: nx.DiGraph) -> list[Row]:
    """The rows of the side-by-side view of ``g``, in reading order."""
    a_keys, b_keys = sections_of(g, "a"), sections_of(g, "b")
    a_pos = {k: n for n, k in enumerate(a_keys)}
    b_pos = {k: n for n, k in enumerate(b_keys)}
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    for u in a_keys:
        for v, d in matches_of(g, u):
            edges[a_pos[u], b_pos[v]] = d
    anchors = sorted(_anchors(list(edges)))
    rows: list[Row] = []
    i = j = 0

    def one_sided(side: str, key: str) -> Row:
        others = tuple(o for o, _ in matches_of(g, key))
        if not others:
            return Row(
                key if side == "a" else None, key if side == "b" else None, g.nodes[key]["status"]
            )
        first = next(iter(matches_of(g, key)))[1]
        return Row(
            key if side == "a" else None,
            key if side == "b" else None,
            first["kind"],
            float(first["score"]),
            None,
            others,
        )

    for ai, bj in [*anchors, (len(a_keys), len(b_keys))]:
        while i < ai:
            rows.append(one_sided("a", a_keys[i]))
            i += 1
        while j < bj:
            rows.append(one_sided("b", b_keys[j]))
            j += 1
        if ai < len(a_keys) and bj < len(b_keys):
            d = edges[ai, bj]
            rows.append(Row(a_keys[ai], b_keys[bj], d["kind"], float(d["score"]), d))
            i, j = ai + 1, bj + 1
    return rows
