"""Two section trees in, an :class:`Alignment` out: which sections correspond, and how.

The algorithm, in the order it runs (docs/diff.md states the same rules for users):

1. **Content scores** (:mod:`compare.scores`): heading, own text and whole
   subtree of every pair, compared by the rare terms they share (Chinese
   character bigrams, Latin words; weighted by how few sections use them).
2. **Siblings, top down**: the two documents' top-level sections are paired by a
   one-to-one assignment (:func:`~compare.matching.partial_assign`) on a deciding
   score that mixes content with the agreement of their places among their
   siblings (same relative position; the same ordinal when both lists are as
   long). A pair needs a content score of at least ``gap_threshold``, raised to
   :data:`CHANCE_RATIO` times the pair's chance level where that is higher
   (:func:`chance_content`: English legal prose shares *shall*, *section*,
   *employer* between any two provisions). Then the children of every matched
   pair are paired the same way, level by level.
3. **Anywhere**: sections still unmatched are paired across the documents (moves
   to another parent, promotions, demotions) when their content alone reaches
   ``threshold``; their children are then paired as in 2.
4. **Parents from children** (bottom up): two unmatched sections whose children
   mostly correspond to each other's correspond too. Then a pair made among
   siblings on content below ``threshold`` gives up a side to a leftover that is
   a match anywhere for it and :data:`STEAL` times better (a task promoted to a
   part, while another part took the part's place); the pairs below it that only
   the old pairing carried are undone, and steps 3 and 4 run again. Last, a
   top-level section and a second-level one left between the same matched pairs
   in document order, each the other's best there, on one subject (content
   ``gap_threshold``, topic likeness :data:`TOPIC_PAIR`): a part of one report
   that is a task of the other.
5. **Splits and merges**: first, an unmatched section whose subsections are, in
   order, the counterparts of sections at its own level is split into them
   (:meth:`~compare.gaps.Gaps.split_by_children`); then a leftover section joins
   the partner of a matched neighbour as a piece of it, when that partner is, of
   the sections around it, the one most like the leftover, and at least
   ``gap_threshold`` alike.
   After step 7, the subsections of a section matched to one without subsections
   join it when it is their best counterpart (:meth:`~compare.pieces.Pieces.into_leaf`).
6. **Slots**: unmatched sections left between the same matched neighbours, as
   many on each side (three at most), are paired in order when their content
   reaches half of ``gap_threshold``; in a short gap of unequal runs, the pairs
   each the other's best there, from two thirds of it; below ``gap_threshold``
   only when they share a policy area (:mod:`compare.topics`). The children of
   pairs made here are then paired as in 2.
7. **Shared topics**: unmatched siblings under matched parents that are each
   other's best on content and on policy areas (:mod:`compare.topics`), the areas
   agreeing closely, are paired from two thirds of ``gap_threshold``; then
   children of two matched sections get more partners when
   they treat the same policy areas (:mod:`compare.topics`) and their content,
   though weak, is the best around (a task one report treats in two sections).
8. **Paragraph fallback**: when leftover sections of one side are found in the
   other side's unnumbered opening or closing (a copy that lost its ``一、``
   lines), those parts are cut into paragraph sections and the alignment runs
   again.
9. **Kinds** (:data:`KINDS`), runner-up candidates and the overall similarity
   (:mod:`compare.outcome`).

Large comparisons (more than :data:`~compare.scores.DENSE_LIMIT` pairs) first
anchor sections whose content is the same and unique on both sides, score
sibling groups block by block, and look for moves among each section's best
candidates only, so memory stays bounded whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .alignment import KINDS, Alignment, Match, Weights
from .defaults import GAP_THRESHOLD, THRESHOLD
from .fallback import lift, needs_paragraphs
from .gaps import SLOT_BEST, SLOT_FLOOR, SLOT_TOPIC, Gaps
from .matching import (
    order_groups,
    partial_assign,
    places,
    tree_of,
)
from .model import Document
from .outcome import Matching
from .pieces import Pieces, related
from .scores import DENSE_LIMIT, Scores, chance_content
from .similarity import Matrix, Scorer, SectionScorer
from .topics import topic_likeness

__all__ = [
    "KINDS",
    "SLOT_BEST",
    "SLOT_FLOOR",
    "SLOT_TOPIC",
    "Alignment",
    "Match",
    "Weights",
    "align",
    "chance_content",
]

RELATIVE = 0.5  # a sibling pair needs half the content of either side's best sibling pair
TOPIC_MIN = 0.5  # topic likeness (policy areas) of a pair linked by shared topics
TOPIC_WEIGHT = 0.2  # weight of topic likeness beside content in that step
TOPIC_THRESHOLD = 0.2  # content + TOPIC_WEIGHT * topic a pair needs there
TOPIC_RELATIVE = 0.8  # ... and this share of the best such score of its row and column
TOPIC_PAIR = 0.8  # topic likeness of two otherwise unmatched siblings paired on it
_CANDIDATES = 5  # best partners looked at per section when looking for moves
STEAL = 2.0  # a leftover takes a weak pair's side when its content is this many times more
CHANCE_RATIO = 2.0  # the gap threshold is at least this many times the pair's chance content


def align(
    a: Document,
    b: Document,
    *,
    threshold: float = THRESHOLD,
    gap_threshold: float = GAP_THRESHOLD,
    weights: Weights | None = None,
    scorer: SectionScorer | Scorer | None = None,
    workers: int = 1,
    inline: bool = True,
    candidates: int = 3,
    fallback: bool = True,
    topics: bool = True,
) -> Alignment:
    """Align the section trees of ``a`` and ``b``.

    ``threshold``: the content score a pair needs to match anywhere in the
    documents (across parents). ``gap_threshold``: the lower content score enough
    for siblings under matched parents and for pieces of a split or merge (raised
    to :data:`CHANCE_RATIO` times :func:`chance_content` where that is higher, at
    most ``threshold``). ``scorer``: a :class:`~compare.similarity.SectionScorer` (or one scorer for
    headings and texts alike) instead of the rare-term scores. ``workers``:
    threads for a custom scorer's rapidfuzz matrices. ``inline``: compute inline
    diffs of matched pairs. ``candidates``: runner-ups kept per section (0 skips
    the work). ``fallback``: allow the paragraph fallback (step 8 above).
    ``topics``: link children of matched sections by shared policy areas (step 7);
    a skeleton comparison (batch) leaves it out, since a shared topic is not a
    shared template.

    For skeleton-only documents in a batch loop use
    ``inline=False, candidates=0, topics=False``.
    """
    if not 0 <= gap_threshold <= threshold <= 1:
        raise ValueError("thresholds must satisfy 0 <= gap_threshold <= threshold <= 1")
    weights = weights or Weights()
    if scorer is not None and not isinstance(scorer, SectionScorer):
        scorer = SectionScorer(heading=scorer, text=scorer)
    opts = _Options(threshold, gap_threshold, weights, scorer, workers, topics)
    result = _Run(a, b, opts)
    sides = (
        (result.ta, result.a2b, a, b, result.tb),
        (result.tb, result.b2a, b, a, result.ta),
    )
    if fallback and needs_paragraphs(sides, workers=workers):
        la, lb = lift(a), lift(b)
        if la is not a or lb is not b:
            result = _Run(la, lb, opts)
    return result.finish(inline=inline, candidates=candidates)


@dataclass(frozen=True, slots=True)
class _Options:
    threshold: float
    gap_threshold: float
    weights: Weights
    scorer: SectionScorer | None
    workers: int
    topics: bool = True


class _Run:
    """Working state of one alignment: both trees, their scores, the matching."""

    def __init__(self, a: Document, b: Document, opts: _Options) -> None:
        self.docs = (a, b)
        self.opts = opts
        self.ta, self.tb = tree_of(a), tree_of(b)
        self.a2b: dict[int, list[int]] = {}
        self.b2a: dict[int, list[int]] = {}
        self.ctx: dict[tuple[int, int], float] = {}
        self._expanded: set[tuple[int, int]] = set()
        # Content of all the children of a matched pair, kept in large comparisons
        # (where a block is computed, not looked up) for the shared-topics step.
        self._kid_content: dict[tuple[int, int], Matrix] = {}
        w = opts.weights
        self.scores = Scores(
            self.ta,
            self.tb,
            heading_weight=w.heading,
            text_weight=w.text,
            scorer=opts.scorer,
            workers=opts.workers,
        )
        if len(self.ta) and len(self.tb):
            chance = CHANCE_RATIO * chance_content(self.scores, len(self.ta), len(self.tb))
            if chance > opts.gap_threshold:
                self.opts = opts = replace(opts, gap_threshold=min(opts.threshold, chance))
        # The same dicts, read when the matching is done (compare.outcome).
        self.matching = Matching(
            self.docs, self.ta, self.tb, self.a2b, self.b2a, self.ctx, self.scores
        )
        if len(self.ta) and len(self.tb):
            self._match()

    # -- matching -----------------------------------------------------------------

    def pairs(self) -> list[tuple[int, int]]:
        return self.matching.pairs()

    def _link(self, i: int, j: int, ctx: float = 0.0) -> None:
        self.a2b.setdefault(i, []).append(j)
        self.b2a.setdefault(j, []).append(i)
        self.ctx[i, j] = ctx

    def _match(self) -> None:
        if self.scores.large:  # anchor what is plainly the same before anything else
            for i, j in self.scores.same_pairs():
                self._link(i, j, 1.0)
        self._expand([(-1, -1)])
        for _ in range(3):
            grown = self._anywhere() + self._parents()
            if not grown:
                break
            self._expand(grown)
        for _ in range(2):
            taken = self._steal()
            if not taken:
                break
            self._expand(taken)
            grown = self._anywhere() + self._parents()
            self._expand(grown)
        if self.opts.topics:
            self._expand(self._part_task())
        self._pieces()
        before = set(self.pairs())
        self._slots()
        if self.opts.topics:
            self._topic_pairs()
        self._expand([p for p in self.pairs() if p not in before])
        if self.opts.topics:
            self._topics()
        self._leaves()
        self._cross()

    def _expand(self, start: list[tuple[int, int]]) -> None:
        """Pair the children of the matched pairs ``start``, then of the new pairs..."""
        todo = list(start)
        while todo:
            pa, pb = todo.pop()
            if (pa, pb) in self._expanded:
                continue
            self._expanded.add((pa, pb))
            todo.extend(self._siblings(pa, pb))
            # Children matched earlier (anchors, moves) have children to pair too.
            for i in self.ta.kids(pa):
                todo.extend((i, j) for j in self.a2b.get(i, []) if (i, j) not in self._expanded)

    def _siblings(self, pa: int, pb: int) -> list[tuple[int, int]]:
        """Pair the unmatched children of ``pa`` and ``pb`` (-1: the top level)."""
        ka, kb = self.ta.kids(pa), self.tb.kids(pb)
        free_a = [i for i in ka if i not in self.a2b]
        free_b = [j for j in kb if j not in self.b2a]
        if not free_a or not free_b:
            return []
        groups = [(free_a, free_b)]
        if len(free_a) * len(free_b) > DENSE_LIMIT:  # a huge list: between its anchors
            groups = order_groups(ka, kb, self.a2b, self.b2a)
        made = []
        for ga, gb in groups:
            made.extend(self._assign_siblings(ka, kb, ga, gb, (pa, pb)))
        return made

    def _assign_siblings(
        self, ka: list[int], kb: list[int], ga: list[int], gb: list[int], pair: tuple[int, int]
    ) -> list[tuple[int, int]]:
        if not ga or not gb:
            return []
        opts = self.opts
        if len(ga) * len(gb) > DENSE_LIMIT:  # still huge: each one's best candidates
            made = []
            for i, j, score in sorted(
                self.scores.candidates(ga, gb, _CANDIDATES), key=lambda t: -t[2]
            ):
                if score >= opts.gap_threshold and i not in self.a2b and j not in self.b2a:
                    self._link(i, j, 0.0)
                    made.append((i, j))
            return made
        block = self.scores.block(ga, gb)
        if self.scores.large and ga == ka and gb == kb:
            self._kid_content[pair] = block.content.copy()
        place = places(ka, kb, ga, gb)
        w = opts.weights.context
        decide = (1 - w) * block.content + w * place
        decide[block.content < opts.gap_threshold] = 0.0
        # Headings alone do not carry a pair whose texts (with their subsections) share
        # nearly nothing.
        texts = np.outer(self.ta.has_body[ga], self.tb.has_body[gb])
        decide[texts & (block.subtree < opts.gap_threshold)] = 0.0
        if RELATIVE > 0:
            content = block.content
            weak = (content < RELATIVE * content.max(axis=1, keepdims=True)) | (
                content < RELATIVE * content.max(axis=0, keepdims=True)
            )
            decide[weak] = 0.0
        made = []
        for x, y in partial_assign(decide, (1 - w) * opts.gap_threshold):
            i, j = ga[x], gb[y]
            self._link(i, j, float(place[x, y]))
            made.append((i, j))
        return made

    def _anywhere(self) -> list[tuple[int, int]]:
        """Leftovers matched across the documents on content alone (moves, promotions)."""
        left_a = [i for i in range(len(self.ta)) if i not in self.a2b]
        left_b = [j for j in range(len(self.tb)) if j not in self.b2a]
        if not left_a or not left_b:
            return []
        thr = self.opts.threshold
        made = []
        if len(left_a) * len(left_b) <= DENSE_LIMIT:
            content = self.scores.block(left_a, left_b).content
            content[content < thr] = 0.0
            for x, y in partial_assign(content, thr - 1e-9):
                self._link(left_a[x], left_b[y])
                made.append((left_a[x], left_b[y]))
            return made
        for i, j, score in sorted(
            self.scores.candidates(left_a, left_b, _CANDIDATES), key=lambda t: (-t[2], t[0], t[1])
        ):
            if score >= thr and i not in self.a2b and j not in self.b2a:
                self._link(i, j)
                made.append((i, j))
        return made

    def _unlink(self, i: int, j: int) -> None:
        self.a2b[i].remove(j)
        if not self.a2b[i]:
            del self.a2b[i]
        self.b2a[j].remove(i)
        if not self.b2a[j]:
            del self.b2a[j]
        self.ctx.pop((i, j), None)

    def _steal(self) -> list[tuple[int, int]]:
        """Weak pairs give up a side to a leftover that is plainly its counterpart (step 4).

        A pair made among siblings on weak content (below ``threshold``) keeps its
        section ``y`` only while no unmatched section ``x'`` elsewhere is a match
        anywhere for it (content at least ``threshold``) and :data:`STEAL` times
        better, ``y`` being ``x'``'s best among the weak pairs' sections: a task
        promoted to a part, while another part took the part's place.
        """
        thr = self.opts.threshold
        made: list[tuple[int, int]] = []
        for side in ("b", "a"):
            a2b, b2a = (self.a2b, self.b2a) if side == "b" else (self.b2a, self.a2b)
            n_free = len(self.ta) if side == "b" else len(self.tb)
            free = [i for i in range(n_free) if i not in a2b]
            ones = [(xs[0], j) for j, xs in b2a.items() if len(xs) == 1 and len(a2b[xs[0]]) == 1]
            if not free or not ones:
                continue
            rows, cols = zip(*(((x, j) if side == "b" else (j, x)) for x, j in ones), strict=True)
            have = self.scores.pairs(list(rows), list(cols)).content[0]
            weak = [(x, j, float(c)) for (x, j), c in zip(ones, have, strict=True) if c < thr]
            if not weak or len(free) * len(weak) > DENSE_LIMIT:
                continue
            targets = [j for _, j, _ in weak]
            if side == "b":
                content = self.scores.block(free, targets).content
            else:
                content = self.scores.block(targets, free).content.T
            for y, (x, j, c) in enumerate(weak):
                u = int(np.argmax(content[:, y]))
                best = float(content[u, y])
                if best < thr or best < STEAL * c or best < float(content[u].max()):
                    continue
                i = free[u]
                # An earlier steal of this round may have taken i, or undone (x, j).
                if i in a2b or x not in b2a.get(j, ()):
                    continue
                old = (x, j) if side == "b" else (j, x)
                new = (i, j) if side == "b" else (j, i)
                self._unlink(*old)
                self._release(*old)
                self._link(*new)
                made.append(new)
        return made

    def _release(self, i: int, j: int) -> None:
        """Unlink the pairs below ``i`` and ``j`` that only their parents' pairing carried
        (content below ``threshold``), so that every pair left meets the documented
        floors; ``i`` and ``j`` may then be paired again."""
        below_a = range(i + 1, self.ta.end[i] + 1)
        below_b = set(range(j + 1, self.tb.end[j] + 1))
        inside = [(x, y) for x in below_a for y in self.a2b.get(x, []) if y in below_b]
        if inside:
            rows, cols = zip(*inside, strict=True)
            content = self.scores.pairs(list(rows), list(cols)).content[0]
            for (x, y), c in zip(inside, content, strict=True):
                if c < self.opts.threshold:
                    self._unlink(x, y)
        gone = {i, *below_a}
        self._expanded = {p for p in self._expanded if p[0] not in gone}

    def _parents(self) -> list[tuple[int, int]]:
        """Unmatched sections whose children mostly match each other's children."""
        ta, tb = self.ta, self.tb
        votes: dict[tuple[int, int], int] = {}
        for i, js in self.a2b.items():
            pa = int(ta.parent[i])
            if pa < 0 or pa in self.a2b:
                continue
            for j in js:
                pb = int(tb.parent[j])
                if pb >= 0 and pb not in self.b2a:
                    votes[pa, pb] = votes.get((pa, pb), 0) + 1
        made = []
        for (pa, pb), n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if pa in self.a2b or pb in self.b2a:
                continue
            if 4 * n < len(ta.kids(pa)) + len(tb.kids(pb)):
                continue
            if self.scores.block([pa], [pb]).content[0, 0] < self.opts.gap_threshold:
                continue
            self._link(pa, pb)
            made.append((pa, pb))
        return made

    def _gaps(self) -> Gaps:
        o = self.opts
        return Gaps(
            self.ta, self.tb, self.a2b, self.b2a, self.scores, o.gap_threshold, topics=o.topics
        )

    def _part_task(self) -> list[tuple[int, int]]:
        """A part of one report that is a task of the other (:meth:`Gaps.part_task`)."""
        made = self._gaps().part_task(TOPIC_PAIR)
        for i, j in made:
            self.ctx[i, j] = 0.0
        return made

    def _slots(self) -> None:
        """Sections left between the same matched neighbours (:meth:`Gaps.slots`)."""
        for i, j in self._gaps().slots([(-1, -1), *self.pairs()]):
            self.ctx[i, j] = 1.0

    def _pieces(self) -> None:
        """Leftovers that are pieces of a neighbour's partner: splits and merges."""
        for i, j in self._gaps().split_by_children():
            self.ctx[i, j] = 0.0
            self._expanded.add((i, j))  # the subsections correspond one level up
        for i, j in self._finder().find():
            self.ctx[i, j] = 0.0

    def _leaves(self) -> None:
        """Subsections of a section whose partner has none (:meth:`Pieces.into_leaf`)."""
        for i, j in self._finder().into_leaf():
            self.ctx[i, j] = 0.0

    def _cross(self) -> None:
        """Matched sections that are also pieces of each other (step 4, last)."""
        for i, j in self._finder().cross(self._has_same):
            self.ctx[i, j] = 0.0

    def _finder(self) -> Pieces:
        return Pieces(self.ta, self.tb, self.a2b, self.b2a, self.scores, self.opts.gap_threshold)

    def _topic_pairs(self) -> None:
        """Unmatched siblings of one topic, their wording just short of enough (step 7).

        Under every matched pair (and at the top level), two children that are still
        unmatched are paired when, among the unmatched children of the two sides,
        each is the other's best on content and on topic likeness, their topic
        likeness is at least :data:`TOPIC_PAIR` and their content at least
        :data:`SLOT_BEST` of ``gap_threshold``: two reports' sections on one policy
        area, under one part, worded apart (Hainan's 聚焦民生福祉 and Guangxi's
        加力保障和改善民生, content 0.055). Order is not needed: the other report may
        treat the area earlier or later in the part.
        """
        ta, tb = self.ta, self.tb
        floor = SLOT_BEST * self.opts.gap_threshold
        for pa, pb in [(-1, -1), *self.pairs()]:
            free_a = [i for i in ta.kids(pa) if i not in self.a2b]
            free_b = [j for j in tb.kids(pb) if j not in self.b2a]
            if not free_a or not free_b:
                continue
            topic = topic_likeness(ta, tb, free_a, free_b)
            if not (topic >= TOPIC_PAIR).any():
                continue
            content = self.scores.block(free_a, free_b).content
            for x, y in zip(*np.nonzero((topic >= TOPIC_PAIR) & (content >= floor)), strict=True):
                c, t = content[x, y], topic[x, y]
                if c < content[x].max() or c < content[:, y].max():
                    continue
                if t < topic[x].max() or t < topic[:, y].max():
                    continue
                self._link(free_a[int(x)], free_b[int(y)])

    def _topics(self) -> None:
        """More partners under matched parents, from shared policy areas (step 7).

        Children of two matched sections are linked, beside the partners they have,
        when their content is at least ``gap_threshold``, their topic likeness
        (:mod:`compare.topics`) at least :data:`TOPIC_MIN`, content plus
        :data:`TOPIC_WEIGHT` times topic at least :data:`TOPIC_THRESHOLD`, and that
        mixed score at least :data:`TOPIC_RELATIVE` of the best of its row and of its
        column; never beside a partner's ancestor or descendant, nor for a section
        whose partner is the same as it (heading and body), nor for a child already
        matched to a child of another partner of its parent's (when two parts were
        merged into one, each pair keeps its own children). A task that two reports
        treat in one section and in two gets both links.
        """
        ta, tb = self.ta, self.tb
        gap = self.opts.gap_threshold
        found: list[tuple[int, int]] = []
        for i, j in self.pairs():
            ka, kb = ta.kids(i), tb.kids(j)
            if not ka or not kb:
                continue
            # Sections matched to their exact copy take no more partners: only the
            # other rows and columns are candidates (each still judged against the
            # best of its whole row or column).
            # Children already matched to children of another partner of i (or of j)
            # belong to that pair (two parts merged into one): not candidates here.
            cousins_a = {c for q in self.b2a.get(j, ()) if q != i for c in ta.kids(q)}
            cousins_b = {c for q in self.a2b.get(i, ()) if q != j for c in tb.kids(q)}
            rows = [
                x
                for x, a in enumerate(ka)
                if not self._has_same(a, -1)
                and not any(q in cousins_b for q in self.a2b.get(a, ()))
            ]
            cols = [
                y
                for y, b in enumerate(kb)
                if not self._has_same(-1, b)
                and not any(q in cousins_a for q in self.b2a.get(b, ()))
            ]
            if not rows or not cols:
                continue
            topic = topic_likeness(ta, tb, ka, kb)
            alike = topic[np.ix_(rows, cols)] >= TOPIC_MIN
            if not alike.any():
                continue
            known = self._kid_content.get((i, j))
            if known is not None:
                by_row, by_col = known[rows], known[:, cols]
            else:
                by_row = self.scores.block([ka[x] for x in rows], kb).content
                by_col = self.scores.block(ka, [kb[y] for y in cols]).content
            mixed_row = by_row + TOPIC_WEIGHT * topic[rows]
            mixed_col = by_col + TOPIC_WEIGHT * topic[:, cols]
            best = np.maximum(
                mixed_row.max(axis=1, keepdims=True), mixed_col.max(axis=0, keepdims=True)
            )
            content = by_row[:, cols]
            mixed = mixed_row[:, cols]
            ok = (
                alike
                & (content >= gap)
                & (mixed >= TOPIC_THRESHOLD)
                & (mixed >= TOPIC_RELATIVE * best)
            )
            for x, y in zip(*np.nonzero(ok), strict=True):
                found.append((ka[rows[int(x)]], kb[cols[int(y)]]))
        for a, b in found:
            if b in self.a2b.get(a, ()) or self._has_same(a, b):
                continue
            if any(related(tb, b, q) for q in self.a2b.get(a, ())) or any(
                related(ta, a, q) for q in self.b2a.get(b, ())
            ):
                continue
            self._link(a, b)

    def _has_same(self, a: int, b: int) -> bool:
        """Whether ``a`` or ``b`` (-1: none) is already matched to a section the same as it."""
        ka, kb = self.ta.keys, self.tb.keys
        return any(ka[a] == kb[q] for q in self.a2b.get(a, ())) or any(
            kb[b] == ka[q] for q in self.b2a.get(b, ())
        )

    # -- results ------------------------------------------------------------------

    def finish(self, *, inline: bool, candidates: int) -> Alignment:
        return self.matching.read(inline=inline, candidates=candidates)
