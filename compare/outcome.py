"""A finished matching read as an :class:`~compare.alignment.Alignment`.

:mod:`compare.align` decides which sections correspond; this module says what the
correspondence amounts to: each match's kind (:data:`~compare.alignment.KINDS`) and
scores, the deleted and inserted sections, the inline diffs, the runner-up
candidates of every section and the overall similarity of the two speeches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from .alignment import Alignment, Match
from .inline import InlineDiff, inline_diff
from .matching import Tree, in_place, top_candidates
from .model import Document
from .normalize import normalize
from .pieces import related
from .scores import NOT_SAME, Scores, piece_score
from .similarity import Matrix

__all__ = ["Matching"]


@dataclass(frozen=True, slots=True)
class Matching:
    """Which sections of ``ta`` and ``tb`` correspond (indexes in both directions),
    with the place agreement of each pair made among siblings (``ctx``)."""

    docs: tuple[Document, Document]
    ta: Tree
    tb: Tree
    a2b: Mapping[int, list[int]]
    b2a: Mapping[int, list[int]]
    ctx: Mapping[tuple[int, int], float]
    scores: Scores

    def pairs(self) -> list[tuple[int, int]]:
        """Every matched pair ``(i, j)``, sorted."""
        return sorted((i, j) for i, js in self.a2b.items() for j in js)

    def read(self, *, inline: bool, candidates: int) -> Alignment:
        """The :class:`Alignment` the matching amounts to."""
        ta, tb = self.ta, self.tb
        a_doc, b_doc = self.docs
        pairs = self.pairs()
        blocks = self._pair_scores(pairs)
        kinds = self._kinds(pairs, {p: v[3] for p, v in zip(pairs, blocks, strict=True)})
        matches = []
        for (i, j), (content, heading, text, same, piece) in zip(pairs, blocks, strict=True):
            sa, sb = ta.sections[i], tb.sections[j]
            kind = kinds[i, j]
            matches.append(
                Match(
                    a=sa.id,
                    b=sb.id,
                    kind=kind,
                    score=piece if kind in ("split", "merged") else content,
                    heading_score=heading,
                    text_score=text,
                    context_score=self.ctx.get((i, j), 0.0),
                    changed=not same,
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
        contents = {p: v[0] for p, v in zip(pairs, blocks, strict=True)}
        return Alignment(
            a=a_doc,
            b=b_doc,
            matches=tuple(matches),
            deleted=deleted,
            inserted=inserted,
            similarity=self._similarity(kinds, contents),
            candidates_a=cand_a,
            candidates_b=cand_b,
            inline=inl,
        )

    def _pair_scores(
        self, pairs: list[tuple[int, int]]
    ) -> list[tuple[float, float, float, bool, float]]:
        """(content, heading, body likeness, same, piece score) of each matched pair; the
        piece score (:func:`~compare.scores.piece_score`) is what a split or merge reports."""
        if not pairs:
            return []
        body = self.scores.body_likeness(pairs)
        rows, cols = zip(*pairs, strict=True)
        got = self.scores.pairs(rows, cols)
        return list(
            zip(
                got.content[0].tolist(),
                got.heading[0].tolist(),
                body,
                got.same[0].tolist(),
                piece_score(got)[0].tolist(),
                strict=True,
            )
        )

    def _kinds(
        self, pairs: list[tuple[int, int]], same: Mapping[tuple[int, int], bool]
    ) -> dict[tuple[int, int], str]:
        ta, tb = self.ta, self.tb
        kinds: dict[tuple[int, int], str] = {}
        in_order = in_place(ta, tb, pairs, self.a2b)

        # A section's subsections linked beside it to its partner, which has none
        # (Pieces.into_leaf), are pieces of that partner; the section keeps its kind.
        def inside(tree: Tree, x: int, others: list[int]) -> bool:
            """Whether an ancestor of ``x`` is among ``others``."""
            return any(q < x and related(tree, q, x) for q in others)

        for i, j in pairs:
            a_piece = inside(ta, i, self.b2a[j])
            b_piece = inside(tb, j, self.a2b[i])
            many_b = sum(1 for q in self.a2b[i] if not inside(tb, q, self.a2b[i]))
            many_a = sum(1 for q in self.b2a[j] if not inside(ta, q, self.b2a[j]))
            if b_piece or (many_b > 1 and not a_piece):
                kinds[i, j] = "split"
            elif a_piece or many_a > 1:
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
                kinds[i, j] = "identical" if same[i, j] else "modified"
        return kinds

    def _similarity(
        self, kinds: Mapping[tuple[int, int], str], contents: Mapping[tuple[int, int], float]
    ) -> float:
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
            s = contents[i, j]
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
        return min(got / total, NOT_SAME)

    def _candidates(self, k: int) -> tuple[dict[str, tuple[tuple[str, float], ...]], ...]:
        ta, tb = self.ta, self.tb
        if k <= 0 or not len(ta) or not len(tb):
            return {}, {}
        dense = self.scores.dense
        if dense is not None:
            content: Matrix = dense.content
            return (
                top_candidates(content, ta.ids, tb.ids, self.a2b, k),
                top_candidates(content.T, tb.ids, ta.ids, self.b2a, k),
            )
        found = self.scores.candidates(list(range(len(ta))), list(range(len(tb))), k + 2)
        cand_a: dict[str, list[tuple[str, float]]] = {s: [] for s in ta.ids}
        cand_b: dict[str, list[tuple[str, float]]] = {s: [] for s in tb.ids}
        for i, j, score in sorted(found, key=lambda t: (-t[2], t[0], t[1])):
            if j not in self.a2b.get(i, ()) and len(cand_a[ta.ids[i]]) < k:
                cand_a[ta.ids[i]].append((tb.ids[j], round(score, 4)))
            if i not in self.b2a.get(j, ()) and len(cand_b[tb.ids[j]]) < k:
                cand_b[tb.ids[j]].append((ta.ids[i], round(score, 4)))
        return (
            {key: tuple(v) for key, v in cand_a.items()},
            {key: tuple(v) for key, v in cand_b.items()},
        )


def _parts(a: Document, b: Document) -> Iterable[tuple[str, str]]:
    """Title, opening and closing of both documents, side by side ("" when absent)."""
    yield a.title, b.title
    for p, q in ((a.opening, b.opening), (a.closing, b.closing)):
        yield (p.text if p is not None else ""), (q.text if q is not None else "")


def _part_ratio(x: str, y: str) -> float:
    """Likeness of two unnumbered parts (title, opening, closing), already normalised."""
    return float(Indel.normalized_similarity(x, y))
