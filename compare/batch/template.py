"""A family's template: the consensus skeleton, fixed text and ``____`` slots.

For each family the anchor's top-level parts are the frame. Every member's parts
are paired with the anchor's (the same in-order pairing the pair scores use); a
part of the anchor becomes a template part when more than half of the members
have it. A template family's template goes down every level: below each part,
the anchor's sections that more than half of the family shares, with their
own slots.

Within a part the headings are compared character by character (after the usual
folding, so ``，`` and ``,`` agree) against the anchor's heading. A character of
the anchor is **fixed** when more than half of the members that have the part
keep it; runs of fixed characters shorter than two are treated as chance (``的``)
and become part of a slot. Everything else, and every placeholder (``XX``), is a
**slot**, written ``____``. What each member puts in each slot is the text of its
heading between the fixed runs it shares with the anchor, so::

    充分认识开展助企解困活动的重要意义   ┐
    充分认识开展活动月活动的重要意义     ├─ 充分认识开展____的重要意义
    充分认识开展换届工作的重要意义       ┘   fills: 助企解困活动 / 活动月活动 / 换届工作

A part whose members share roles but no words (``统一思想……`` / ``提高政治站位……``)
is a single slot; the report names its rhetorical role instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import Section
from .canon import heading_key
from .scoring import TAU, chain_pairs, heading_matrix, score_pair
from .signatures import Signature
from .slots import SLOT, slot_heading

__all__ = ["SLOT", "Template", "TemplatePart", "build_template", "slot_heading"]


@dataclass(frozen=True, slots=True)
class TemplatePart:
    """One part of a template and what the members write in its slots."""

    id: str
    marker: str
    heading: str  # fixed text with ____ slots
    support: float  # share of members that have this part
    roles: tuple[str, ...]
    fills: tuple[tuple[int, tuple[str, ...]], ...]  # (member, text per slot), members having it
    level: int = 1
    children: tuple[TemplatePart, ...] = ()

    @property
    def slots(self) -> int:
        return self.heading.count(SLOT)

    def walk(self) -> Iterator[TemplatePart]:
        """This part and every part below it, in order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Template:
    """The consensus skeleton of a family, anchored on one member."""

    anchor: int
    parts: tuple[TemplatePart, ...]


def _descendants(section: Section) -> list[Section]:
    """Sections below ``section`` in document order (as the signature lists them)."""
    return [d for c in section.children if c.style != "appendix" for d in c.walk()]


def _part(
    id_: str,
    section: Section,
    have: Sequence[tuple[int, Section]],
    n_members: int,
    roles: frozenset[str],
) -> TemplatePart:
    heading, fills = slot_heading(section.heading, [s.heading for _, s in have[1:]])
    return TemplatePart(
        id=id_,
        marker=section.marker,
        heading=heading,
        support=len(have) / n_members,
        roles=tuple(sorted(roles)),
        fills=tuple(sorted((m, f) for (m, _), f in zip(have, fills, strict=True))),
        level=id_.count(".") + 1,
    )


def _children(
    part_id: str,
    ref: Section,
    partners: Sequence[tuple[int, Section]],
    n_members: int,
) -> tuple[TemplatePart, ...]:
    """The template below one part: the anchor's sections that most members keep.

    Each member's sections below its paired part are paired in order with the
    anchor's (the same heading pairing the template score uses); a section of
    the anchor stays when more than half of the family has it, nested under its
    nearest kept ancestor.
    """
    mine = _descendants(ref)
    if not mine:
        return ()
    keys = [heading_key(d.heading) for d in mine]
    have: list[list[tuple[int, Section]]] = [[(partners[0][0], d)] for d in mine]
    for m, section in partners[1:]:
        theirs = _descendants(section)
        if not theirs:
            continue
        sim = heading_matrix(keys, [heading_key(d.heading) for d in theirs])
        for i, j, _ in chain_pairs(sim - TAU):
            have[i].append((m, theirs[j]))
    kept = {id(d) for d, h in zip(mine, have, strict=True) if len(h) * 2 > n_members}
    place = {id(d): k for k, d in enumerate(mine)}

    def build(section: Section, prefix: str) -> tuple[TemplatePart, ...]:
        out: list[TemplatePart] = []
        for child in section.children:
            if child.style == "appendix":
                continue
            if id(child) in kept:
                k = place[id(child)]
                node = _part(f"{prefix}.{len(out) + 1}", child, have[k], n_members, frozenset())
                out.append(replace(node, children=build(child, node.id)))
            else:  # a dropped section: its kept descendants move up to this level
                for grand in build(child, prefix):
                    out.append(_renumber(grand, f"{prefix}.{len(out) + 1}"))
        return tuple(out)

    return build(ref, part_id)


def _renumber(part: TemplatePart, new_id: str) -> TemplatePart:
    kids = tuple(_renumber(c, f"{new_id}.{n}") for n, c in enumerate(part.children, start=1))
    return replace(part, id=new_id, level=new_id.count(".") + 1, children=kids)


def build_template(
    anchor: int,
    members: Sequence[int],
    signatures: Mapping[int, Signature],
    parts: Mapping[int, Sequence[Section]],
    *,
    deep: bool = False,
) -> Template:
    """The :class:`Template` of a family (``parts``: each member's top-level sections).

    ``deep`` (template families) keeps the sections below each part that most
    members share, with their slots; outline families keep the top level only.
    """
    frame = parts[anchor]
    paired: dict[int, list[tuple[int, Section]]] = {
        i: [(anchor, frame[i])] for i in range(len(frame))
    }
    for m in members:
        if m == anchor:
            continue
        for i, j, _ in score_pair(signatures[anchor], signatures[m]).pairs:
            if i < len(frame) and j < len(parts[m]):
                paired[i].append((m, parts[m][j]))
    out: list[TemplatePart] = []
    anchor_roles = signatures[anchor].roles
    for i, section in enumerate(frame):
        have = paired[i]
        if len(have) * 2 <= len(members):
            continue
        roles = anchor_roles[i] if i < len(anchor_roles) else frozenset()
        node = _part(str(len(out) + 1), section, have, len(members), roles)
        if deep:
            node = replace(node, children=_children(node.id, section, have, len(members)))
        out.append(node)
    return Template(anchor, tuple(out))
