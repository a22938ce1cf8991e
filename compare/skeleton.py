"""The reused skeleton at a glance: how two plans correspond, apart from their words.

Two mobilisation speeches can share one plan (significance → tasks → organisation)
in entirely different words: their text similarity is under 10 %, yet every
``一、`` of one has its counterpart in the other, in the same order. This module
states that from an :class:`~compare.align.Alignment`'s matches, without aligning
anything again:

- :func:`skeleton_of`: the top-level sections of each side, how many of them
  correspond one to one (a match between two top-level sections, whatever its kind),
  and whether the corresponding ones come in the same order. The pairing is the
  largest one-to-one set of such matches; when a largest set can keep both orders,
  that one is chosen and ``in_order`` is true.
- :func:`template_line`: the line two matched headings share, with ``____`` where
  their words differ, computed as batch's family templates are
  (:func:`compare.batch.slots.slot_heading`): ``提高政治站位，深刻认识开展活动月活动
  的重大意义`` and ``统一思想、主动作为，充分认识开展助企解困活动的重要意义`` share
  ``____认识开展____活动的重____意义``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .rising import rising_indexes

__all__ = ["Skeleton", "skeleton_of", "template_line"]


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Top-level correspondence of two documents (``diff --format json`` key ``skeleton``)."""

    a: int  # top-level sections of a
    b: int  # top-level sections of b
    corresponding: int  # of them, paired one to one by the alignment
    in_order: bool  # the pairs keep both documents' order
    pairs: tuple[tuple[str, str], ...] = ()  # (a id, b id), in a's order

    def to_json(self) -> dict[str, Any]:
        """The contract's four keys, then the pairs (an extra key)."""
        return {
            "a": self.a,
            "b": self.b,
            "corresponding": self.corresponding,
            "in_order": self.in_order,
            "pairs": [list(p) for p in self.pairs],
        }

    @property
    def same(self) -> bool:
        """Every top-level section of both sides corresponds, in order."""
        return self.in_order and self.a == self.b == self.corresponding and self.a > 0


def _max_matching(edges: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A largest one-to-one pairing (Kuhn's augmenting paths; tens of sections at most)."""
    owner: dict[str, str] = {}

    def augment(u: str, seen: set[str]) -> bool:
        for v in edges[u]:
            if v in seen:
                continue
            seen.add(v)
            if v not in owner or augment(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in edges:
        augment(u, set())
    return {u: v for v, u in owner.items()}


def skeleton_of(
    tops_a: Sequence[str], tops_b: Sequence[str], matches: Sequence[tuple[str, str, float]]
) -> Skeleton:
    """The :class:`Skeleton` of two documents' top-level section ids and their matches.

    ``matches`` are ``(a id, b id, score)`` (an alignment's matches, any level);
    only those joining two top-level sections count.
    """
    pos_a = {sid: i for i, sid in enumerate(tops_a)}
    pos_b = {sid: i for i, sid in enumerate(tops_b)}
    top = sorted(
        {(a, b): s for a, b, s in matches if a in pos_a and b in pos_b}.items(),
        key=lambda item: (pos_a[item[0][0]], -pos_b[item[0][1]], -item[1]),
    )
    # The longest chain keeping both orders (each a section once: b descending within a).
    chain = [top[k][0] for k in rising_indexes([pos_b[b] for (_, b), _ in top])]
    edges: dict[str, list[str]] = {}
    for (a, b), _ in sorted(top, key=lambda item: -item[1]):
        edges.setdefault(a, []).append(b)
    best = _max_matching(edges)
    in_order = bool(chain) and len(chain) >= len(best)
    pairs = chain if len(chain) >= len(best) else sorted(best.items(), key=lambda p: pos_a[p[0]])
    return Skeleton(len(tops_a), len(tops_b), len(pairs), in_order, tuple(pairs))


def template_line(a: str, b: str) -> str:
    """The heading ``a`` and ``b`` share, with ``____`` where they differ ("" if nothing)."""
    if not a or not b:
        return ""
    from .batch.slots import SLOT, slot_heading

    line, _ = slot_heading(a, [b])
    return "" if line == SLOT else line
