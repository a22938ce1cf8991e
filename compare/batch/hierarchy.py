"""Families at two levels: template families, grouped into outline families.

**Template families** are grown from verified pairs whose template score reaches
the template threshold (:func:`~compare.batch.families.build_families`: anchored,
so nothing chains). **Outline families** group what shares a plan: the
template families, taken whole, and the speeches in none. Each such **unit** is
compared with another through a few of their members (:data:`SAMPLE` each: the
anchor and the members closest to it): each sampled member's best outline score
with the other sample, averaged over both samples. The noise of one member's
headings does not decide (a plain mean of all sampled pairs let one member whose
headings were worn down keep two units sharing a plan apart). Units are grown
into families by the same anchored algorithm, so no chain of units joins
unrelated plans.

A template family therefore always lies inside one outline family. A template
family that shares its plan with nothing else is an outline family on its own,
with the same members (the contract allows it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .families import Family, build_families, consolidate, family_graph

__all__ = ["SAMPLE", "Levels", "outline_families"]

# Members of a unit whose scores stand for it: the anchor and the four closest to it. The
# closest are often exact copies of the template, and worn headings there are as likely as
# anywhere; with the anchor and two, one outline family of the generated corpus (seed 2:
# two template families of 24 and 16 sharing one top level) stayed two units at 0.670.
SAMPLE = 5
LINK_FLOOR = 0.6  # share of the threshold a unit pair's best speech pair must reach


@dataclass(frozen=True, slots=True)
class Levels:
    """Outline families, template families, and which outline family holds each template."""

    outline: tuple[Family, ...]
    template: tuple[Family, ...]
    parent: tuple[int, ...]  # for template family k, the index of its outline family


def _sample(fam: Family) -> list[int]:
    others = sorted(
        (m for m in fam.members if m != fam.anchor),
        key=lambda m: (-fam.scores[fam.members.index(m)], m),
    )
    return [fam.anchor, *others[: SAMPLE - 1]]


def outline_families(
    templates: Sequence[Family],
    docs: Iterable[int],
    edges: Iterable[tuple[int, int, float]],
    outline: Callable[[int, int], float],
    *,
    threshold: float,
) -> Levels:
    """Outline families over template families (whole) and the other speeches ``docs``.

    ``edges`` are verified speech pairs with their outline score; ``outline(i, j)``
    scores any pair (the same function).
    """
    unit_of: dict[int, int] = {}
    units: list[tuple[int, ...]] = []  # members per unit
    samples: list[list[int]] = []
    for fam in templates:
        for m in fam.members:
            unit_of[m] = len(units)
        units.append(fam.members)
        samples.append(_sample(fam))
    for d in sorted(set(docs)):
        if d not in unit_of:
            unit_of[d] = len(units)
            units.append((d,))
            samples.append([d])
    known: dict[tuple[int, int], float] = {}

    def unit_score(u: int, v: int) -> float:
        key = (u, v) if u < v else (v, u)
        if key not in known:
            xs, ys = samples[key[0]], samples[key[1]]
            grid = [[outline(x, y) for y in ys] for x in xs]
            rows = [max(r) for r in grid]
            cols = [max(c) for c in zip(*grid, strict=True)]
            known[key] = round((sum(rows) + sum(cols)) / (len(rows) + len(cols)), 4)
        return known[key]

    linked: dict[tuple[int, int], float] = defaultdict(float)
    for i, j, s in edges:
        u, v = unit_of.get(i), unit_of.get(j)
        if u is None or v is None or u == v:
            continue
        key = (u, v) if u < v else (v, u)
        linked[key] = max(linked[key], s)
    # A unit pair none of whose verified speech pairs comes near the threshold is left
    # out: its mean over a few members would be computed for nothing.
    near = sorted(key for key, best in linked.items() if best >= LINK_FLOOR * threshold)
    unit_edges = [(u, v, unit_score(u, v)) for (u, v) in near]
    graph = family_graph(unit_edges, threshold=threshold)
    grown = build_families(graph, unit_score, threshold=threshold)
    grown = consolidate(grown, near, unit_score, threshold=threshold)
    outline_out: list[Family] = []
    parent_of_unit: dict[int, int] = {}
    for fam in grown:
        members = tuple(sorted(m for u in fam.members for m in units[u]))
        anchor_doc = samples[fam.anchor][0]
        scores = tuple(
            1.0 if m == anchor_doc else round(outline(anchor_doc, m), 4) for m in members
        )
        for u in fam.members:
            parent_of_unit[u] = len(outline_out)
        outline_out.append(Family(anchor_doc, members, scores))
    parent: list[int] = []
    for fam in templates:
        u = unit_of[fam.members[0]]
        if u not in parent_of_unit:  # a template family sharing its plan with nothing else
            parent_of_unit[u] = len(outline_out)
            outline_out.append(fam)
        parent.append(parent_of_unit[u])
    order = sorted(range(len(outline_out)), key=lambda k: outline_out[k].members[0])
    rank = {old: new for new, old in enumerate(order)}
    return Levels(
        outline=tuple(outline_out[k] for k in order),
        template=tuple(templates),
        parent=tuple(rank[p] for p in parent),
    )
