"""Template families from verified pairs, on a networkx graph, without chaining.

Plain connected components would chain: if A shares a skeleton with B and B with
C, components put A and C together even when A and C have nothing in common (a
speech that borrows half of one template and half of another bridges two
families). Instead each family is grown around an **anchor** and every member
must be verified *directly* against it:

1. The graph holds an edge for every verified pair whose skeleton score reaches
   the threshold, weighted by the score.
2. Anchors are tried most typical first: most triangles (a member of a tight
   family sits in many), then largest total weight, then corpus order. A bridge
   between two families has neighbours that do not know each other, hence few
   triangles, so it is not picked as an anchor while real members are left.
3. From the anchor the family spreads along edges (breadth first, strongest
   first) but a speech reached through a member is admitted only if its own
   score against the anchor reaches the threshold **and** it reaches the
   threshold against most of the family's first members (its core). So every
   member is within one verified step of the anchor and agrees with the core:
   no chain of intermediaries can pull in an unrelated speech.
   A speech whose pair with the anchor is carried by shared text alone (``by_text``:
   the text score reaches the threshold) needs one core member beside the anchor,
   not most: re-enactments of one model text each keep their own share of it (a
   state takes sections 1-6 of a model bill, another 4-9), so two of them can
   share little while both share much with the anchor. It still needs two
   independent witnesses, the anchor and a member.
4. A speech joins at most one family; anchors left alone form none.
5. :func:`consolidate` then looks across families: the candidate index keeps a
   few neighbours per speech, so members that differ from the rest in the same
   way (all those that dropped an optional part) can form an island of their own.
   Families whose anchors agree, and speeches left alone that agree with an
   anchor, are joined **by the same admission test** (anchor and core), one
   speech at a time; whoever fails it stays where it was.

6. :func:`with_copies`: a near duplicate of a member (a reprint, a copy with a
   part cut off or a sentence changed) that is in no family joins its original's:
   it is that document, so it shares its template, even where the cut leaves it
   short of the core's agreement.

``score(i, j)`` is called for the direct checks that the candidate index did not
already verify; it is the same verification as for the edges.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

__all__ = ["CORE_SIZE", "Family", "build_families", "consolidate", "family_graph", "with_copies"]

CORE_SIZE = 3

ByText = Callable[[int, int], bool]  # whether a pair is made by shared text alone


def _agrees(agree: int, core: int, by_text: bool) -> bool:
    """Whether ``agree`` of the ``core`` members vouching for a speech admit it: most of
    them, or, for a pair with the anchor carried by shared text, one."""
    return agree >= min(1, core) if by_text else 2 * agree >= core


@dataclass(frozen=True, slots=True)
class Family:
    """Speeches written on one skeleton; ``members`` sorted, ``anchor`` among them."""

    anchor: int
    members: tuple[int, ...]
    scores: tuple[float, ...]  # each member's skeleton score against the anchor (1.0 for it)

    @property
    def cohesion(self) -> float:
        """Mean score of the members (anchor excluded) against the anchor."""
        others = [s for m, s in zip(self.members, self.scores, strict=True) if m != self.anchor]
        return sum(others) / len(others) if others else 1.0


def family_graph(edges: Iterable[tuple[int, int, float]], *, threshold: float) -> nx.Graph:
    """The graph of verified pairs whose score reaches ``threshold``."""
    g = nx.Graph()
    g.add_weighted_edges_from((i, j, s) for i, j, s in edges if s >= threshold)
    return g


def build_families(
    graph: nx.Graph,
    score: Callable[[int, int], float],
    *,
    threshold: float,
    core_size: int = CORE_SIZE,
    by_text: ByText | None = None,
) -> list[Family]:
    """Families grown from anchors over ``graph``; see the module notes."""
    textual = by_text or _never
    if graph.number_of_nodes() == 0:
        return []
    triangles: dict[int, int] = nx.triangles(graph)
    strength = dict(graph.degree(weight="weight"))
    order = sorted(graph.nodes, key=lambda v: (-triangles[v], -strength[v], v))
    known: dict[tuple[int, int], float] = {}

    def check(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in known:
            data = graph.get_edge_data(*key)
            known[key] = float(data["weight"]) if data is not None else score(*key)
        return known[key]

    assigned: set[int] = set()
    families: list[Family] = []
    for anchor in order:
        if anchor in assigned:
            continue
        members: dict[int, float] = {anchor: 1.0}
        core: list[int] = []
        frontier = [anchor]
        while frontier:
            reached: dict[int, float] = {}
            for u in frontier:
                for v, data in graph[u].items():
                    if v in assigned or v in members:
                        continue
                    reached[v] = max(reached.get(v, 0.0), float(data["weight"]))
            nxt: list[int] = []
            for v in sorted(reached, key=lambda x: (-reached[x], x)):
                to_anchor = check(v, anchor)
                if to_anchor < threshold:
                    continue
                agree = sum(1 for c in core if check(v, c) >= threshold)
                if not _agrees(agree, len(core), textual(v, anchor)):
                    continue
                members[v] = to_anchor
                nxt.append(v)
                if len(core) < core_size:
                    core.append(v)
            frontier = nxt
        if len(members) < 2:
            continue
        ordered = tuple(sorted(members))
        assigned.update(ordered)
        families.append(Family(anchor, ordered, tuple(members[m] for m in ordered)))
    families.sort(key=lambda f: f.members[0])
    return families


def _never(_i: int, _j: int) -> bool:
    return False


def _core(members: dict[int, float], anchor: int, core_size: int) -> list[int]:
    """The members closest to the anchor (the anchor excluded), best first."""
    return heapq.nsmallest(
        core_size, (m for m in members if m != anchor), key=lambda m: (-members[m], m)
    )


def consolidate(
    families: list[Family],
    candidates: Iterable[tuple[int, int]],
    score: Callable[[int, int], float],
    *,
    threshold: float,
    core_size: int = CORE_SIZE,
    by_text: ByText | None = None,
) -> list[Family]:
    """Join families split by the candidate index, and speeches it left alone.

    ``candidates`` are pairs among anchors and unassigned speeches (from a second
    LSH pass). Pairs are taken strongest first. Two anchors: the smaller family's
    members move, one by one, into the larger if they pass its admission test. An
    anchor and a lone speech: the speech joins if it passes. Families left with
    one member dissolve.
    """
    textual = by_text or _never
    members: dict[int, dict[int, float]] = {
        f.anchor: dict(zip(f.members, f.scores, strict=True)) for f in families
    }
    home: dict[int, int] = {m: f.anchor for f in families for m in f.members}
    scored = []
    for i, j in candidates:
        if (i in members or j in members) and i != j:
            scored.append((score(i, j), min(i, j), max(i, j)))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))

    def admits(anchor: int, v: int) -> float | None:
        fam = members[anchor]
        to_anchor = score(v, anchor)
        if to_anchor < threshold:
            return None
        core = _core(fam, anchor, core_size)
        agree = sum(1 for c in core if score(v, c) >= threshold)
        return to_anchor if _agrees(agree, len(core), textual(v, anchor)) else None

    for s, i, j in scored:
        if s < threshold:
            break
        a, b = (i, j) if i in members else (j, i)
        if a not in members:
            continue  # dissolved meanwhile
        if b in members:  # two families: the smaller moves into the larger
            big, small = (a, b) if (len(members[a]), -a) >= (len(members[b]), -b) else (b, a)
            for v in sorted(members[small]):
                got = admits(big, v)
                if got is not None:
                    members[big][v] = got
                    del members[small][v]
                    home[v] = big
            if len(members[small]) < 2:
                for v in members.pop(small):
                    home.pop(v, None)
            elif small not in members[small]:  # the anchor moved: re-anchor the rest
                rest = members.pop(small)
                new = min(rest)
                kept = {m: 1.0 if m == new else score(m, new) for m in rest}
                kept = {m: x for m, x in kept.items() if x >= threshold}
                for m in rest:
                    home.pop(m, None)
                if len(kept) >= 2:
                    members[new] = kept
                    home.update(dict.fromkeys(kept, new))
        elif b not in home:  # a lone speech
            got = admits(a, b)
            if got is not None:
                members[a][b] = got
                home[b] = a
    out = [
        Family(anchor, tuple(sorted(fam)), tuple(fam[m] for m in sorted(fam)))
        for anchor, fam in members.items()
        if len(fam) >= 2
    ]
    out.sort(key=lambda f: f.members[0])
    return out


def with_copies(
    families: list[Family],
    near: Iterable[tuple[int, int, float]],
    score: Callable[[int, int], float],
) -> list[Family]:
    """``families`` with each near duplicate of a member that is in no family added to
    its original's family (closest copies first; a copy of a copy follows too).

    ``near``: (i, j, similarity) of the near-duplicate pairs; ``score(i, j)`` gives
    the new member's score against the anchor, as reported.
    """
    home = {m: k for k, f in enumerate(families) for m in f.members}
    added: dict[int, dict[int, float]] = {}
    pending = sorted(((-sim, min(i, j), max(i, j)) for i, j, sim in near if i != j))
    while True:
        left = []
        for t in pending:
            _, i, j = t
            if (i in home) == (j in home):
                if i not in home:
                    left.append(t)  # neither in a family yet: perhaps after another copy
                continue
            original, copy = (i, j) if i in home else (j, i)
            k = home[original]
            home[copy] = k
            added.setdefault(k, {})[copy] = score(copy, families[k].anchor)
        if len(left) == len(pending):
            break
        pending = left
    out = []
    for k, f in enumerate(families):
        if k not in added:
            out.append(f)
            continue
        merged = dict(zip(f.members, f.scores, strict=True)) | added[k]
        ordered = tuple(sorted(merged))
        out.append(Family(f.anchor, ordered, tuple(merged[m] for m in ordered)))
    return out
