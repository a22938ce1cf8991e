"""Gaps: sections left unmatched between the same matched pairs, paired by their place.

After the matching on content of :mod:`compare.align`, the pairs already made cut
both documents into gaps. Sections left in the same gap on both sides are in the
same place, which is evidence beside weak wording (docs/diff.md, "What decides a
match"):

- **slots** (:meth:`Gaps.slots`, step 5): among the children of a matched pair,
  runs as long on both sides are paired in order; a short gap of unequal runs
  gives its mutual best pairs;
- **parts that are tasks** (:meth:`Gaps.part_task`, end of step 3): in document
  order, a top-level section and a second-level one, each the other's best in
  their gap, on one subject;
- **sections split by their subsections** (:meth:`Gaps.split_by_children`, first
  of the splits and merges): a section whose subsections are, in order, the
  counterparts of sections one level up on the other side is split into those
  sections.

Like :class:`compare.pieces.Pieces`, a :class:`Gaps` adds its links to ``a2b`` /
``b2a`` itself and returns the pairs it made.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from .matching import Tree, lis_keep, order_groups
from .scores import Scores, piece_score
from .similarity import Matrix
from .topics import topic_likeness

__all__ = [
    "CHILD_RUN",
    "LEVEL_GAP",
    "REGION_MAX",
    "SLOT_BEST",
    "SLOT_FLOOR",
    "SLOT_RUN",
    "SLOT_SPAN",
    "SLOT_TOPIC",
    "Gaps",
]

SLOT_RUN = 3  # longest run of unmatched sections between matched neighbours paired by slot
SLOT_FLOOR = 0.5  # ... when their content is at least this share of gap_threshold
SLOT_SPAN = 5  # unequal runs, this many sections in all at most: mutual best pairs ...
SLOT_BEST = 2 / 3  # ... when their content is at least this share of gap_threshold
SLOT_TOPIC = 0.1  # a slot pair below gap_threshold shares policy areas at least this much
LEVEL_GAP = 40  # sections a side at most in a gap of the document order searched for level changes
CHILD_RUN = 2  # subsections of one section, in order, that make it a split into their partners
REGION_MAX = 64  # unmatched sections a side at most below a matched pair searched for them


def mutual_best(value: Matrix, floor: float) -> list[tuple[int, int]]:
    """The cells of ``value`` that are the best of their row and of their column and
    at least ``floor``, in row order."""
    rows, cols = value.argmax(axis=1), value.argmax(axis=0)
    return [(x, y) for x, y in enumerate(rows.tolist()) if cols[y] == x and value[x, y] >= floor]


class Gaps:
    """The place-based steps of one alignment (they add links to ``a2b``/``b2a``)."""

    def __init__(
        self,
        ta: Tree,
        tb: Tree,
        a2b: dict[int, list[int]],
        b2a: dict[int, list[int]],
        scores: Scores,
        gap_threshold: float,
        *,
        topics: bool,
    ) -> None:
        self.ta, self.tb = ta, tb
        self.a2b, self.b2a = a2b, b2a
        self.scores = scores
        self.gap = gap_threshold
        self.topics = topics

    def _link(self, i: int, j: int, made: list[tuple[int, int]]) -> None:
        self.a2b.setdefault(i, []).append(j)
        self.b2a.setdefault(j, []).append(i)
        made.append((i, j))

    def slots(self, parents: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sections left between the same matched neighbours paired in order (step 5).

        Under every pair of ``parents`` (-1, -1: the top level), the children matched
        to each other in order on both sides (:func:`~compare.matching.order_groups`)
        cut both lists into gaps; where a gap holds the same number of unmatched
        sections on both sides, at most :data:`SLOT_RUN`, they are paired in order
        when their content is at least :data:`SLOT_FLOOR` times ``gap_threshold``:
        the same slot between the same neighbours is evidence, and the weak likeness
        is the rest of it. Where the runs differ in length and hold :data:`SLOT_SPAN`
        sections at most in all, those that are each other's best in the gap are
        paired, in order, from :data:`SLOT_BEST` of ``gap_threshold``.
        """
        made: list[tuple[int, int]] = []
        floor = SLOT_FLOOR * self.gap
        for pa, pb in parents:
            ka, kb = self.ta.kids(pa), self.tb.kids(pb)
            if not ka or not kb:
                continue
            for run_a, run_b in order_groups(ka, kb, self.a2b, self.b2a):
                if not run_a or not run_b:
                    continue
                if len(run_a) == len(run_b) <= SLOT_RUN:
                    content = self._slot_content(run_a, run_b)
                    for n, (i, j) in enumerate(zip(run_a, run_b, strict=True)):
                        if content[n, n] >= floor:
                            self._link(i, j, made)
                elif len(run_a) + len(run_b) <= SLOT_SPAN:
                    content = self._slot_content(run_a, run_b)
                    for x, y in lis_keep(mutual_best(content, SLOT_BEST * self.gap)):
                        self._link(run_a[x], run_b[y], made)
        return made

    def _slot_content(self, run_a: list[int], run_b: list[int]) -> Matrix:
        """Content of a gap's sections, zero where it is below ``gap_threshold`` and the
        two share no policy area (topic likeness under :data:`SLOT_TOPIC`): a slot
        and weak wording pair two reports' sections on one subject; a task dropped
        and a new one written in its place share the slot and nothing else (and
        Latin-script sections, without policy areas, need the full gap threshold).
        Without topics (a skeleton comparison in batch) the slot alone decides: a
        template's slot filled with other words is what a template family is."""
        content = self.scores.block(run_a, run_b).content.copy()
        weak = content < self.gap
        if weak.any() and self.topics:
            topic = topic_likeness(self.ta, self.tb, run_a, run_b)
            content[weak & (topic < SLOT_TOPIC)] = 0.0
        return content

    def part_task(self, topic_min: float) -> list[tuple[int, int]]:
        """A part of one report that is a task of the other, on one subject (step 3).

        The pairs matched so far, in document order on both sides (preorder, the
        longest run increasing in both), cut both documents into gaps. In a gap (at
        most :data:`LEVEL_GAP` unmatched sections a side), a top-level section and a
        second-level one still unmatched are paired when each is the other's best
        there, their content is at least ``gap_threshold`` and their topic likeness
        at least ``topic_min``: the government's own work, a part 四、 of one report
        and the last task （十四） of the other's 三、 (Fujian and Guangdong, content
        0.20, under ``threshold``). Their subsections then join as pieces.
        """
        ta, tb = self.ta, self.tb
        anchors = [(i, j) for i, js in self.a2b.items() for j in js]
        bounds = [(-1, -1), *lis_keep(anchors), (len(ta), len(tb))]
        made: list[tuple[int, int]] = []
        for (a0, b0), (a1, b1) in pairwise(bounds):
            ga = [i for i in range(a0 + 1, a1) if i not in self.a2b]
            gb = [j for j in range(b0 + 1, b1) if j not in self.b2a]
            if not ga or not gb or len(ga) > LEVEL_GAP or len(gb) > LEVEL_GAP:
                continue
            da, db = ta.depth[ga][:, None], tb.depth[gb][None, :]
            levels = ((da == 1) & (db == 2)) | ((da == 2) & (db == 1))
            if not levels.any():
                continue
            content = self.scores.block(ga, gb).content
            ok = levels & (content >= self.gap)
            if not ok.any():
                continue
            ok &= topic_likeness(ta, tb, ga, gb) >= topic_min
            value = np.where(ok, content, 0.0)
            for x, y in mutual_best(value, self.gap):
                if value[x, y] > 0:
                    self._link(ga[x], gb[y], made)
        return made

    def split_by_children(self) -> list[tuple[int, int]]:
        """A section split into the sections its subsections correspond to (splits, first).

        Below every group of matched sections (a pair, or the sections of a split or
        merge; the top level too), the unmatched sections down to two levels below
        it (at most :data:`REGION_MAX` a side) are compared: those each the other's
        best there, content at least ``gap_threshold``, in document order on both
        sides (the longest such run) are counterparts. Where :data:`CHILD_RUN` or
        more of them on one side are subsections of one unmatched section that sits
        at their partners' level, that section is linked to each partner it shares
        at least ``gap_threshold`` with as a piece (own text, content or subtree, the
        score a split reports): Inner Mongolia's 全力抓好七项重点工作, whose seven
        subsections are its tasks, splits into Gansu's tasks 放大促消费扩投资政策效应,
        持续释放改革开放动能活力 and 深化城乡融合和区域联动发展 (Hainan's
        聚力释放有效需求潜力 into Guangxi's 提振消费, 扩大有效投资, 优化营商环境). The
        subsections stay unmatched: the sections at the level the other report uses
        are what correspond. Returns the links made.
        """
        ta, tb = self.ta, self.tb
        owned_a, owned_b = _owned(ta, self.a2b), _owned(tb, self.b2a)
        made: list[tuple[int, int]] = []
        for group_a, group_b in self._groups():
            ra = {x: d for g in sorted(group_a) for x, d in owned_a.get(g, {}).items()}
            rb = {y: d for g in sorted(group_b) for y, d in owned_b.get(g, {}).items()}
            if not ra or not rb or len(ra) > REGION_MAX or len(rb) > REGION_MAX:
                continue
            ka, kb = list(ra), list(rb)
            block = self.scores.block(ka, kb)
            run = lis_keep([(ka[x], kb[y]) for x, y in mutual_best(block.content, self.gap)])
            if len(run) < CHILD_RUN:
                continue
            piece = piece_score(block)  # the score the split will report
            at_a, at_b = {v: n for n, v in enumerate(ka)}, {v: n for n, v in enumerate(kb)}
            for side in ("a", "b"):
                t, level, level_other = (ta, ra, rb) if side == "a" else (tb, rb, ra)
                by_parent: dict[int, list[int]] = {}
                for i, j in run:
                    x, y = (i, j) if side == "a" else (j, i)
                    up = int(t.parent[x])
                    if level.get(up, -1) == level_other[y]:
                        by_parent.setdefault(up, []).append(y)
                for up, partners in by_parent.items():
                    if len(partners) < CHILD_RUN:
                        continue
                    taken = self.b2a if side == "a" else self.a2b  # the partners' side
                    for y in partners:
                        i, j = (up, y) if side == "a" else (y, up)
                        if y not in taken and piece[at_a[i], at_b[j]] >= self.gap:
                            self._link(i, j, made)
        return made

    def _groups(self) -> list[tuple[set[int], set[int]]]:
        """The top level ({-1}, {-1}) and the connected groups of matched sections."""
        out = [({-1}, {-1})]
        seen: set[int] = set()
        for start in sorted(self.a2b):
            if start in seen:
                continue
            group_a, group_b = {start}, set()
            todo = [start]
            while todo:
                i = todo.pop()
                for j in self.a2b[i]:
                    if j in group_b:
                        continue
                    group_b.add(j)
                    for q in self.b2a[j]:
                        if q not in group_a:
                            group_a.add(q)
                            todo.append(q)
            seen |= group_a
            out.append((group_a, group_b))
        return out


def _owned(t: Tree, matched: dict[int, list[int]]) -> dict[int, dict[int, int]]:
    """For every matched section (and -1, the top level), the unmatched sections down
    to two levels below it that have no nearer matched ancestor, with their level
    below it."""
    owner = [-2] * len(t)
    below = [0] * len(t)
    out: dict[int, dict[int, int]] = {}
    for x in range(len(t)):  # preorder: a parent comes before its children
        if x in matched:
            continue
        p = int(t.parent[x])
        if p < 0 or p in matched:
            owner[x], below[x] = p, 1
        else:
            owner[x], below[x] = owner[p], below[p] + 1
        if below[x] <= 2:
            out.setdefault(owner[x], {})[x] = below[x]
    return out
