"""Two section trees in, an :class:`Alignment` out: which sections correspond, and how.

The algorithm, in the order it runs:

1. **Content scores** for every pair of sections (all of ``a`` against all of
   ``b``, so moves across parents and promotions are found): heading likeness and
   body likeness from the pluggable scorer (:mod:`compare.similarity`), mixed by
   :class:`Weights`. A component only counts when both sections have it, so
   skeleton-only documents (headings, empty bodies) are compared on headings.
2. **Context**: a pair gains when the parents correspond (first from the parents'
   content, then from the parents' actual match), when the relative positions are
   close and when the depth is the same. ``score = (1 - w) * content + w * context``.
3. **Anchors**: a global assignment (Hungarian, ``scipy.optimize.linear_sum_assignment``)
   on that score, kept where it reaches ``threshold``; run twice so the second
   round sees real parent matches.
4. **Gaps and parents**: children of matched parents that sit between the same two
   anchored siblings are assigned again with the looser ``gap_threshold`` (a
   reworded heading between two unchanged ones is a rewording, not an insert), if
   their heading or their body is at least somewhat alike (0.3); unmatched parents
   whose children mostly match each other are matched.
5. **Splits and merges**: a leftover section whose body is mostly contained in a
   neighbour's partner (or whose children all came from one section) joins it.
6. **Paragraph fallback**: when leftover sections of one side are found in the
   other side's unnumbered opening or closing (a copy that lost its ``一、``
   lines), those parts are cut into paragraph sections (ids ``opening.1``...,
   style ``paragraph``) and the alignment runs again.
7. **Kinds** (:data:`KINDS`), runner-up candidates and the overall similarity.

``align`` on skeletons is the batch engine's inner loop: with ``inline=False``
and ``candidates=0`` two 15-section skeletons align in well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Indel

from .fallback import lift, needs_paragraphs
from .inline import InlineDiff, inline_diff
from .matching import (
    Structure,
    Tree,
    assign,
    child_owner,
    content_scores,
    hungarian,
    in_place,
    near,
    order_groups,
    ranked_rows,
    same_keys,
    top_candidates,
    tree_of,
)
from .model import Document
from .normalize import normalize
from .similarity import Matrix, Scorer, Scores, SectionScorer, ShingleScorer

__all__ = ["KINDS", "Alignment", "Match", "Weights", "align"]

KINDS = ("identical", "modified", "moved", "split", "merged", "promoted", "demoted")
_NOT_SAME = 0.999  # the best score a pair that is not identical can get
_SPLIT_COVER = 0.5  # share of a piece's words that must come from the other section
_PIECE_MIN = 12  # characters a body needs before it can count as a split/merge piece
_GAP_EVIDENCE = 0.3  # a gap match needs its heading or its body to be at least this alike


@dataclass(frozen=True, slots=True)
class Weights:
    """How much headings, bodies and structural context count.

    ``heading`` and ``text`` are relative weights of the content score; ``context``
    is the share of the final score given to structure (parent match, position,
    depth), between 0 and 1.
    """

    heading: float = 0.4
    text: float = 0.6
    context: float = 0.25

    def __post_init__(self) -> None:
        if min(self.heading, self.text) < 0 or self.heading + self.text <= 0:
            raise ValueError("heading and text weights must be >= 0 and not both 0")
        if not 0 <= self.context < 1:
            raise ValueError("context weight must be in [0, 1)")


@dataclass(frozen=True, slots=True)
class Match:
    """Section ``a`` (of document a) corresponds to section ``b`` (of document b).

    ``score`` is the content similarity (1.0 exactly when heading and body are the
    same after normalisation); ``context_score`` is the structural agreement.
    ``changed`` says whether the content differs; ``renumbered`` whether the
    marker text differs (``（一）`` → ``1.``), which is not a content change.
    """

    a: str
    b: str
    kind: str
    score: float
    heading_score: float = 0.0
    text_score: float = 0.0
    context_score: float = 0.0
    changed: bool = True
    renumbered: bool = False


Candidates = Mapping[str, tuple[tuple[str, float], ...]]


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of :func:`align`. Read-only; mappings must not be modified.

    ``a`` and ``b`` are the documents as aligned: the inputs, unless the paragraph
    fallback lifted an opening or closing into paragraph sections.
    ``candidates_a[id]`` lists the best other-side sections for a section of ``a``
    (``(b_id, content score)``, best first, up to ``candidates``), leaving out the
    section(s) it is matched to; ``candidates_b`` likewise. ``inline`` maps
    ``(a_id, b_id)`` of each match to its inline diff (empty with ``inline=False``).
    """

    a: Document
    b: Document
    matches: tuple[Match, ...]
    deleted: tuple[str, ...]
    inserted: tuple[str, ...]
    similarity: float
    candidates_a: Candidates = field(default_factory=dict)
    candidates_b: Candidates = field(default_factory=dict)
    inline: Mapping[tuple[str, str], InlineDiff] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        """True exactly when both speeches have the same skeleton and text."""
        return self.similarity == 1.0

    def counts(self) -> dict[str, int]:
        """Number of matches of each kind, plus ``inserted`` and ``deleted``."""
        out = dict.fromkeys(KINDS, 0)
        for m in self.matches:
            out[m.kind] = out.get(m.kind, 0) + 1
        out["inserted"] = len(self.inserted)
        out["deleted"] = len(self.deleted)
        return out


def align(
    a: Document,
    b: Document,
    *,
    threshold: float = 0.5,
    gap_threshold: float = 0.33,
    weights: Weights | None = None,
    scorer: SectionScorer | Scorer | None = None,
    workers: int = 1,
    inline: bool = True,
    candidates: int = 3,
    fallback: bool = True,
) -> Alignment:
    """Align the section trees of ``a`` and ``b``.

    ``threshold``: the score a pair needs to match anywhere. ``gap_threshold``: the
    lower score enough for a pair of unmatched siblings between the same matched
    neighbours. ``scorer``: a :class:`~compare.similarity.SectionScorer`, or one
    scorer used for headings and bodies alike. ``workers``: threads for rapidfuzz
    score matrices (``-1``: all cores). ``inline``: compute inline diffs of matched
    pairs. ``candidates``: runner-ups kept per section (0 skips the work).
    ``fallback``: allow the paragraph fallback (step 6 above).

    For skeleton-only documents in a batch loop use ``inline=False, candidates=0``.
    """
    weights = weights or Weights()
    if scorer is None:
        scorer = _DEFAULT_SCORER
    elif not isinstance(scorer, SectionScorer):
        scorer = SectionScorer(heading=scorer, text=scorer)
    opts = _Options(threshold, gap_threshold, weights, scorer, workers)
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


_DEFAULT_SCORER = SectionScorer()


@dataclass(frozen=True, slots=True)
class _Options:
    threshold: float
    gap_threshold: float
    weights: Weights
    scorer: SectionScorer
    workers: int


class _Run:
    """Working state of one alignment: both trees, score matrices, the matching."""

    def __init__(self, a: Document, b: Document, opts: _Options) -> None:
        self.docs = (a, b)
        self.opts = opts
        self.ta, self.tb = tree_of(a), tree_of(b)
        ta, tb = self.ta, self.tb
        na, nb = len(ta), len(tb)
        w = opts.weights
        self.heading = opts.scorer.heading(ta.headings, tb.headings, workers=opts.workers)
        self.text: Scores | None = None
        if ta.has_text.any() and tb.has_text.any():
            self.text = opts.scorer.text(ta.texts, tb.texts, workers=opts.workers)
        # Content scores, and the strongest single piece of evidence (heading or body).
        self.content, self.evidence = content_scores(
            ta, tb, self.heading, self.text, w.heading, w.text
        )
        self.same = same_keys(ta, tb)
        np.minimum(self.content, _NOT_SAME, out=self.content)
        self.content[self.same] = 1.0
        self.a2b: dict[int, list[int]] = {}
        self.b2a: dict[int, list[int]] = {}
        self.score: Matrix = self.content
        self.ctx: Matrix = np.zeros((na, nb))
        if na and nb:
            self.structure = Structure(ta, tb)
            self.mixed = (1 - w.context) * self.content  # the content part of every score
            self._match()

    # -- matching -----------------------------------------------------------------

    def pairs(self) -> list[tuple[int, int]]:
        return sorted((i, j) for i, js in self.a2b.items() for j in js)

    def _link(self, i: int, j: int) -> None:
        self.a2b.setdefault(i, []).append(j)
        self.b2a.setdefault(j, []).append(i)

    def _rescore(self, matched: bool) -> None:
        pairs = self.pairs() if matched else None
        self.ctx = self.structure(self.content, pairs)
        self.score = self.mixed + self.opts.weights.context * self.ctx

    def _match(self) -> None:
        thr = self.opts.threshold
        self._rescore(matched=False)
        for rnd in range(2):
            rows, cols = hungarian(self.score)
            self.a2b, self.b2a = {}, {}
            for i, j in zip(rows, cols, strict=True):
                if self.score[i, j] >= thr:
                    self._link(i, j)
            if rnd == 0:
                self._rescore(matched=True)
        for _ in range(3):
            grew = self._fill_gaps() | self._match_parents()
            if not grew:
                break
            self._rescore(matched=True)
        self._splits_and_merges()
        self._rescore(matched=True)

    def _fill_gaps(self) -> bool:
        """Match leftover siblings that sit between the same two matched neighbours."""
        ta, tb, thr = self.ta, self.tb, self.opts.gap_threshold
        grew = False
        parents = [(-1, -1)] + [(i, js[0]) for i, js in self.a2b.items() if len(js) == 1]
        for pa, pb in parents:
            kids_a, kids_b = ta.kids(pa), tb.kids(pb)
            if all(i in self.a2b for i in kids_a) or all(j in self.b2a for j in kids_b):
                continue  # no gap can hold an unmatched section on both sides
            for gap_a, gap_b in order_groups(kids_a, kids_b, self.a2b, self.b2a):
                if not gap_a or not gap_b:
                    continue
                for i, j in assign(self.score, gap_a, gap_b):
                    if self.score[i, j] >= thr and self.evidence[i, j] >= _GAP_EVIDENCE:
                        self._link(i, j)
                        grew = True
        return grew

    def _match_parents(self) -> bool:
        """Match unmatched sections whose children mostly match each other's children."""
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
        grew = False
        for (pa, pb), n in sorted(votes.items(), key=lambda kv: -kv[1]):
            if pa in self.a2b or pb in self.b2a:
                continue
            if 2 * n >= 0.5 * (len(ta.kids(pa)) + len(tb.kids(pb))):
                self._link(pa, pb)
                grew = True
        return grew

    def _splits_and_merges(self) -> None:
        """Attach leftover sections that are pieces of a neighbour's partner."""
        self._pieces(self.ta, self.tb, self.a2b, self.b2a, b_side=True)
        self._pieces(self.tb, self.ta, self.b2a, self.a2b, b_side=False)

    def _pieces(
        self,
        src: Tree,
        dst: Tree,
        fwd: dict[int, list[int]],
        back: dict[int, list[int]],
        *,
        b_side: bool,
    ) -> None:
        """Pieces on the ``dst`` side: leftovers explained by one ``src`` section.

        ``b_side=True`` finds splits (one a, several b); ``False`` finds merges. A
        leftover is a piece of ``src`` section o when most of its words (heading and
        body, as bigrams) are found in o, or when all its matched children came from
        o; and it must sit next to o's partner(s), with nothing but other leftovers
        in between (a merge can swallow a neighbour across a deleted section).
        """
        left = [k for k in range(len(dst)) if k not in back]
        if not left:
            return
        ranked = ranked_rows(self._piece_cover(src, dst, left, b_side=b_side), _SPLIT_COVER, 8)
        for row, k in enumerate(left):
            owners = ranked.get(row, [])
            by_kids = child_owner(src, dst, back, k)  # ``back`` grows in this loop
            if by_kids >= 0 and by_kids not in owners:
                owners = [*owners, by_kids]
            for owner in owners:
                group = fwd.get(owner, [])
                if any(back.get(m, []) != [owner] for m in group):
                    continue  # the owner's partners must be its alone
                if group and not any(near(dst, k, m, back) for m in group):
                    continue
                if not group and dst.size[k] < 0.2 * src.size[owner]:
                    continue
                if b_side:
                    self._link(owner, k)
                else:
                    self._link(k, owner)
                break

    def _piece_cover(self, src: Tree, dst: Tree, left: list[int], *, b_side: bool) -> Matrix:
        """Share of each leftover's words (as bigrams) found in each ``src`` section.

        Bodies come from the body scorer's cover matrix, already computed. A leftover
        with (almost) no body of its own, such as a heading-only section merged into
        its neighbour's body, is scored on heading and body together.
        """
        text = self.text
        if text is None:
            return np.zeros((len(left), len(src)))
        rows = np.asarray(left)
        cover: Matrix = text.cover_b.T[rows] if b_side else text.cover_a[rows]
        bare = np.flatnonzero(dst.text_len[rows] < _PIECE_MIN).tolist()
        if bare:
            whole_dst = [f"{dst.headings[left[r]]}\n{dst.texts[left[r]]}" for r in bare]
            whole_src = [f"{h}\n{t}" for h, t in zip(src.headings, src.texts, strict=True)]
            scored = ShingleScorer(2)(whole_dst, whole_src, workers=self.opts.workers).cover_a
            cover[bare, :] = scored
        small = dst.size[rows] < _PIECE_MIN
        if small.any():
            cover[small, :] = 0.0
        return cover

    # -- results ------------------------------------------------------------------

    def finish(self, *, inline: bool, candidates: int) -> Alignment:
        ta, tb = self.ta, self.tb
        a_doc, b_doc = self.docs
        pairs = self.pairs()
        kinds = self._kinds(pairs)
        matches = []
        t_sim = self.text.similarity if self.text is not None else None
        for i, j in pairs:
            sa, sb = ta.sections[i], tb.sections[j]
            matches.append(
                Match(
                    a=sa.id,
                    b=sb.id,
                    kind=kinds[i, j],
                    score=float(self.content[i, j]),
                    heading_score=float(self.heading.similarity[i, j]),
                    text_score=float(t_sim[i, j]) if t_sim is not None else 0.0,
                    context_score=float(self.ctx[i, j]),
                    changed=not bool(self.same[i, j]),
                    renumbered=sa.marker != sb.marker,
                )
            )
        deleted = tuple(ta.ids[i] for i in range(len(ta)) if i not in self.a2b)
        inserted = tuple(tb.ids[j] for j in range(len(tb)) if j not in self.b2a)
        inl: dict[tuple[str, str], InlineDiff] = {}
        if inline:
            for i, j in pairs:
                inl[ta.ids[i], tb.ids[j]] = inline_diff(ta.sections[i], tb.sections[j])
        cand_a, cand_b = self._candidates(candidates)
        return Alignment(
            a=a_doc,
            b=b_doc,
            matches=tuple(matches),
            deleted=deleted,
            inserted=inserted,
            similarity=self._similarity(kinds),
            candidates_a=cand_a,
            candidates_b=cand_b,
            inline=inl,
        )

    def _kinds(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        ta, tb = self.ta, self.tb
        kinds: dict[tuple[int, int], str] = {}
        in_order = in_place(ta, tb, pairs, self.a2b)
        for i, j in pairs:
            if len(self.a2b[i]) > 1:
                kinds[i, j] = "split"
            elif len(self.b2a[j]) > 1:
                kinds[i, j] = "merged"
            elif (i, j) not in in_order:
                da, db = int(ta.depth[i]), int(tb.depth[j])
                if da > db:
                    kinds[i, j] = "promoted"
                elif da < db:
                    kinds[i, j] = "demoted"
                else:
                    kinds[i, j] = "moved"
            else:
                kinds[i, j] = "identical" if self.same[i, j] else "modified"
        return kinds

    def _similarity(self, kinds: Mapping[tuple[int, int], str]) -> float:
        """Size-weighted share of content found on the other side, in [0, 1].

        Every section counts on both sides with its length; document parts (title,
        opening, closing) count too. 1.0 exactly when all is identical in place.
        """
        ta, tb = self.ta, self.tb
        a_doc, b_doc = self.docs
        best_a = np.zeros(len(ta))
        best_b = np.zeros(len(tb))
        exact = len(ta) == len(tb)
        for (i, j), kind in kinds.items():
            s = float(self.content[i, j])
            best_a[i] = max(best_a[i], s)
            best_b[j] = max(best_b[j], s)
            exact = exact and kind == "identical" and ta.sections[i].marker == tb.sections[j].marker
        if len(self.a2b) != len(ta) or len(self.b2a) != len(tb):
            exact = False
        total = float(ta.size.sum() + tb.size.sum())
        got = float(ta.size @ best_a + tb.size @ best_b)
        for pa, pb in _parts(a_doc, b_doc):
            na, nb = normalize(pa), normalize(pb)
            if na != nb:
                exact = False
            size = len(na) + len(nb)
            if size:
                total += size
                got += size * _part_ratio(na, nb)
        if exact:
            return 1.0
        if total <= 0:
            return 0.0
        return min(got / total, _NOT_SAME)

    def _candidates(self, k: int) -> tuple[dict[str, tuple[tuple[str, float], ...]], ...]:
        ta, tb = self.ta, self.tb
        if k <= 0 or not len(ta) or not len(tb):
            return {}, {}
        return (
            top_candidates(self.content, ta.ids, tb.ids, self.a2b, k),
            top_candidates(self.content.T, tb.ids, ta.ids, self.b2a, k),
        )


def _parts(a: Document, b: Document) -> Iterable[tuple[str, str]]:
    """Title, opening and closing of both documents, side by side ("" when absent)."""
    yield a.title, b.title
    for p, q in ((a.opening, b.opening), (a.closing, b.closing)):
        yield (p.text if p is not None else ""), (q.text if q is not None else "")


def _part_ratio(x: str, y: str) -> float:
    """Likeness of two unnumbered parts (title, opening, closing), already normalised."""
    return float(Indel.normalized_similarity(x, y))
