"""Content scores of pairs of sections, for any block of pairs the aligner asks about.

A pair's **content score** mixes three likenesses, each a weighted Dice in [0, 1]
(twice the shared term weight over both sets' weights, :mod:`compare.termvec`):

- ``heading``: the two headings;
- ``own``: each section's heading and body;
- ``subtree``: each section with all its descendants, so that a parent is judged
  by what its children say too (GumTree's bottom-up evidence), and a task that
  became a whole part with subsections (or the other way round) is still
  recognised.

``content = (wh * heading + wt * text) / (wh + wt)``, where a heading only counts
when both sections have one, and ``text = lean * own + (1 - lean) * subtree``:
``lean = (1 + share) / 2``, ``share`` the mean over the pair of each section's own
text as a share of its subtree's (term weight). Own text and subtree count half and
half for sections whose subsections hold their text, and a section whose own text
is most of its subtree (a leaf, for which the two are the same) is judged by it.
Two sections with the same normalised heading and body score exactly 1.0; nothing
else reaches it (:data:`NOT_SAME`).

**Definitions** (``“Employer” means…``, ``Stalking has the meaning…``;
:func:`compare.terms.defined_term`): two definitions of terms that are apart (their
words' token-set likeness below :data:`TERMS_APART`: ``Employer`` and ``Small
business``, not ``Employer`` and a copy whose heading lost a letter, ``Emplxyer``)
keep only :data:`DEFINITIONS_APART` of their content score, and two definitions of
one term score at least :data:`DEFINITIONS_SAME` (the threshold of a match
anywhere). A bill's definitions share their wording (``means any individual…``,
``as defined in section…``) more than anything else, and a term is what a
definition is about: ``Small business`` is not the counterpart of ``Employer``,
whatever else the two have in common, and ``Employer includes any individual…``
is the counterpart of ``“Employer” means “employer” as defined in RSA 275:42``.

Small comparisons get every matrix at once (:attr:`Scores.dense`); a large one
(more than :data:`DENSE_LIMIT` pairs) computes blocks on demand, and
:meth:`Scores.candidates` finds each section's best partners without holding
more than a bounded number of pairs, so memory never grows with n·m.

A custom :class:`~compare.similarity.SectionScorer` (``align(..., scorer=...)``)
replaces the term index: its ``heading`` scorer compares headings, its ``text``
scorer own texts and subtrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from .matching import Tree
from .similarity import IndelScorer, Matrix, SectionScorer, indel_pairs
from .terms import defined_term
from .termvec import Ids, TermIndex

__all__ = [
    "DEFINITIONS_APART",
    "DEFINITIONS_SAME",
    "DENSE_LIMIT",
    "NOT_SAME",
    "PIECE_COVER",
    "TERMS_APART",
    "Block",
    "Scores",
    "chance_content",
    "piece_score",
]

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DENSE_LIMIT = 1 << 18  # pairs held as full matrices (262,144: 512 sections a side)
NOT_SAME = 0.999  # the best content score of a pair that is not the same
_CHANCE = 0.3  # character-order likeness of unrelated headings
DEFINITIONS_APART = 0.25  # content kept by two definitions of terms sharing no word
DEFINITIONS_SAME = 0.3  # content two definitions of one term have at least
TERMS_APART = 55  # token-set likeness (0-100) of two defined terms below which they differ
CHANCE_SAMPLE = 64  # sections a side sampled for the chance level (chance_content)
PIECE_COVER = 0.6  # share of a piece's own text found in its partner that is a piece alone


@dataclass(frozen=True, slots=True)
class Block:
    """Scores of the pairs ``rows`` × ``cols`` (dense arrays, rows of a, columns of b)."""

    content: Matrix
    heading: Matrix
    own: Matrix
    subtree: Matrix
    own_cover_a: Matrix  # share of a's own text found in b's
    own_cover_b: Matrix
    same: BoolArray


def piece_score(block: Block) -> Matrix:
    """What a piece of a split or merge reports as its score: the best of the pair's
    content, own-text and subtree likeness (its text found in its partner, headings
    apart, subsections included), and, where one holds at least :data:`PIECE_COVER`
    of the other's own text, that share (a piece pasted whole into its partner)."""
    held = np.maximum(block.own_cover_a, block.own_cover_b)
    alike = np.maximum(np.maximum(block.own, block.content), block.subtree)
    return np.maximum(alike, np.where(held >= PIECE_COVER, held, 0.0))


def _heading_share(tree: Tree) -> Matrix:
    """Per section, the share of its own text its heading is (0 for a section with
    subsections, 1 for a bare heading)."""
    out = np.zeros(len(tree.headings))
    for k, (h, t) in enumerate(zip(tree.headings, tree.texts, strict=True)):
        if h and not tree.has_kids[k]:
            out[k] = len(h) / (len(h) + len(t))
    return out


def _dice(common: Matrix, size_a: Matrix, size_b: Matrix) -> tuple[Matrix, Matrix, Matrix]:
    total = size_a[:, None] + size_b[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.where(total > 0, 2 * common / total, 0.0)
        ca = np.where(size_a[:, None] > 0, common / size_a[:, None], 0.0)
        cb = np.where(size_b[None, :] > 0, common / size_b[None, :], 0.0)
    return np.minimum(dice, 1.0), np.minimum(ca, 1.0), np.minimum(cb, 1.0)


def _relations(xs: list[str], ys: list[str], *, every: bool = False) -> Matrix:
    """Defined terms ``xs[k]`` and ``ys[k]`` (``every``: every ``xs[k]`` with every
    ``ys[l]``): 1 for one term, -1 for terms apart (:data:`TERMS_APART`), else 0."""
    if every:
        near = process.cdist(xs, ys, scorer=fuzz.token_set_ratio)
        same = np.array(xs)[:, None] == np.array(ys)[None, :]
    else:
        near = process.cpdist(xs, ys, scorer=fuzz.token_set_ratio)
        same = np.array(xs) == np.array(ys)
    out: Matrix = np.where(near < TERMS_APART, -1.0, 0.0)
    out[same] = 1.0
    return out


class Scores:
    """Content scores of the sections of two trees (see the module docstring)."""

    def __init__(
        self,
        ta: Tree,
        tb: Tree,
        *,
        heading_weight: float,
        text_weight: float,
        scorer: SectionScorer | None = None,
        workers: int = 1,
    ) -> None:
        self.ta, self.tb = ta, tb
        self.wh, self.wt = heading_weight, text_weight
        self.scorer, self.workers = scorer, workers
        self.index: TermIndex | None = None
        if scorer is None:
            self.index = TermIndex(
                ta.headings, ta.texts, ta.parent.tolist(), tb.headings, tb.texts, tb.parent.tolist()
            )
        self._share_a, self._share_b = self._own_share(ta, "a"), self._own_share(tb, "b")
        self._hshare_a, self._hshare_b = _heading_share(ta), _heading_share(tb)
        codes: dict[str, int] = {}
        self._code_a = np.array([codes.setdefault(k, len(codes)) for k in ta.keys], dtype=np.int64)
        self._code_b = np.array([codes.setdefault(k, len(codes)) for k in tb.keys], dtype=np.int64)
        self._terms_a = self._defined(ta)
        self._terms_b = self._defined(tb) if self._terms_a else {}
        self.dense: Block | None = None
        if len(ta) * len(tb) <= DENSE_LIMIT:
            self.dense = self._compute(np.arange(len(ta)), np.arange(len(tb)), full=True)

    def _own_share(self, t: Tree, side: str) -> Matrix:
        """Each section's own text as a share of its subtree's (1 for a leaf): how much
        its own text, rather than its subsections', says what the section is about."""
        if self.index is not None:
            own, sub = self.index.size("own", side), self.index.size("subtree", side)
        else:
            own = t.size
            starts = np.concatenate(([0.0], np.cumsum(t.size)))
            sub = starts[np.asarray(t.end, dtype=np.int64) + 1] - starts[:-1]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(sub > 0, own / sub, 1.0)
        share[~t.has_kids] = 1.0
        return np.clip(share, 0.0, 1.0)

    @staticmethod
    def _defined(t: Tree) -> dict[int, str]:
        """The sections of ``t`` that define a term, and the term (its words, sorted)."""
        out = {}
        for i, h in enumerate(t.headings):
            term = defined_term(h)
            if term is not None:
                out[i] = " ".join(sorted(term))
        return out

    def _definitions(self, r: I64Array, c: I64Array, *, paired: bool = False) -> Matrix | None:
        """Pairs of ``r`` × ``c`` (``paired``: of ``(r[k], c[k])``) that are two definitions:
        -1 when their terms are apart (:data:`TERMS_APART`), 1 when they are one term,
        else 0; None when there are no such pairs."""
        ta, tb = self._terms_a, self._terms_b
        if not ta or not tb:
            return None
        if paired:
            pairs = zip(r.tolist(), c.tolist(), strict=True)
            ks = [k for k, (i, j) in enumerate(pairs) if i in ta and j in tb]
            if not ks:
                return None
            out = np.zeros((1, len(r)))
            out[0, ks] = _relations([ta[int(r[k])] for k in ks], [tb[int(c[k])] for k in ks])
            return out
        rows = [k for k, i in enumerate(r.tolist()) if i in ta]
        cols = [k for k, j in enumerate(c.tolist()) if j in tb]
        if not rows or not cols:
            return None
        out = np.zeros((len(r), len(c)))
        out[np.ix_(rows, cols)] = _relations(
            [ta[int(r[k])] for k in rows], [tb[int(c[k])] for k in cols], every=True
        )
        return out

    @property
    def large(self) -> bool:
        return self.dense is None

    def block(self, rows: list[int] | I64Array, cols: list[int] | I64Array) -> Block:
        """Scores of ``rows`` × ``cols``; the caller keeps the block small when large."""
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if self.dense is None:
            return self._compute(r, c)
        ix = np.ix_(r, c)
        d = self.dense
        return Block(
            d.content[ix], d.heading[ix], d.own[ix], d.subtree[ix],
            d.own_cover_a[ix], d.own_cover_b[ix], d.same[ix],
        )  # fmt: skip

    def body_likeness(self, pairs: list[tuple[int, int]]) -> list[float]:
        """Likeness of the bodies (without headings) of each pair; 0 when one is empty."""
        if not pairs:
            return []
        rows = [i for i, _ in pairs]
        cols = [j for _, j in pairs]
        if self.index is not None:
            out = self.index.pair_dice("body", rows, cols).tolist()
        else:
            assert self.scorer is not None
            out = []
            for k in range(0, len(pairs), 256):  # the diagonal of one call per chunk
                chunk = pairs[k : k + 256]
                sim = self.scorer.text(
                    [self.ta.texts[i] for i, _ in chunk],
                    [self.tb.texts[j] for _, j in chunk],
                    workers=self.workers,
                ).similarity
                out.extend(np.diagonal(sim).tolist())
        return [
            v if self.ta.has_text[i] and self.tb.has_text[j] else 0.0
            for v, (i, j) in zip(out, pairs, strict=True)
        ]

    def same_pairs(self) -> list[tuple[int, int]]:
        """Pairs of the same content (heading and body), that content as often on both
        sides: unique, or repeated as many times (then paired in order, as a diff would)."""
        rows: dict[int, list[int]] = {}
        cols: dict[int, list[int]] = {}
        for i, k in enumerate(self._code_a.tolist()):
            rows.setdefault(k, []).append(i)
        for j, k in enumerate(self._code_b.tolist()):
            cols.setdefault(k, []).append(j)
        return sorted(
            pair
            for k, r in rows.items()
            if len(r) == len(cols.get(k, ()))
            for pair in zip(r, cols[k], strict=True)
        )

    def pairs(self, rows: Ids, cols: Ids) -> Block:
        """Scores of the pairs ``(rows[k], cols[k])``, as 1 × n arrays (no n × m block)."""
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if self.dense is not None:
            d = self.dense
            return Block(
                d.content[r, c][None], d.heading[r, c][None], d.own[r, c][None],
                d.subtree[r, c][None], d.own_cover_a[r, c][None], d.own_cover_b[r, c][None],
                d.same[r, c][None],
            )  # fmt: skip
        ta, tb = self.ta, self.tb
        if self.index is None:  # a custom scorer: the diagonals of small blocks
            parts = [self._compute(r[k : k + 256], c[k : k + 256]) for k in range(0, len(r), 256)]
            fields = [
                np.concatenate([np.diagonal(getattr(p, name)) for p in parts])[None]
                for name in Block.__slots__
            ]
            return Block(*fields)
        ix = self.index

        def dice(kind: str) -> tuple[Matrix, Matrix, Matrix]:
            common = ix.pair_common(kind, r, c)[None]
            sa, sb = ix.size(kind, "a")[r][None], ix.size(kind, "b")[c][None]
            total = sa + sb
            with np.errstate(invalid="ignore", divide="ignore"):
                return (
                    np.where(total > 0, np.minimum(2 * common / total, 1.0), 0.0),
                    np.where(sa > 0, np.minimum(common / sa, 1.0), 0.0),
                    np.where(sb > 0, np.minimum(common / sb, 1.0), 0.0),
                )

        h = dice("heading")[0]
        own, ca, cb = dice("own")
        sub = own.copy()  # a leaf's subtree is its own text
        parent = np.flatnonzero(ta.has_kids[r] | tb.has_kids[c])
        if len(parent):
            common = ix.pair_common("subtree", r[parent], c[parent])
            total = ix.size("subtree", "a")[r[parent]] + ix.size("subtree", "b")[c[parent]]
            with np.errstate(invalid="ignore", divide="ignore"):
                sub[0, parent] = np.where(total > 0, np.minimum(2 * common / total, 1.0), 0.0)
        ind = indel_pairs([ta.headings[i] for i in r], [tb.headings[j] for j in c])[None]
        h = np.maximum(h, np.clip((ind - _CHANCE) / (1 - _CHANCE), 0.0, 1.0))
        has_h = (ta.has_heading[r] & tb.has_heading[c])[None]
        same = (self._code_a[r] == self._code_b[c])[None]
        share = (0.5 * (self._share_a[r] + self._share_b[c]))[None]
        hshare = np.minimum(self._hshare_a[r], self._hshare_b[c])[None]
        content = self._mix(
            h, own, sub, has_h, same, share, self._definitions(r, c, paired=True), hshare
        )
        return Block(content, h * has_h, own, sub, ca, cb, same)

    def own_pairs(self, rows: Ids, cols: Ids) -> tuple[Matrix, Matrix, Matrix]:
        """Own-text likeness of the pairs ``(rows[k], cols[k])`` and the share of each side
        found in the other (1-d arrays): what split and merge pieces are judged by."""
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if self.dense is not None:
            d = self.dense
            return d.own[r, c], d.own_cover_a[r, c], d.own_cover_b[r, c]
        if self.index is None:
            got = self.pairs(r, c)
            return got.own[0], got.own_cover_a[0], got.own_cover_b[0]
        common = self.index.pair_common("own", r, c)
        sa, sb = self.index.size("own", "a")[r], self.index.size("own", "b")[c]
        with np.errstate(invalid="ignore", divide="ignore"):
            dice = np.where(sa + sb > 0, np.minimum(2 * common / (sa + sb), 1.0), 0.0)
            ca = np.where(sa > 0, np.minimum(common / sa, 1.0), 0.0)
            cb = np.where(sb > 0, np.minimum(common / sb, 1.0), 0.0)
        return dice, ca, cb

    def _mix(
        self,
        h: Matrix,
        own: Matrix,
        sub: Matrix,
        has_h: BoolArray,
        same: BoolArray,
        share: Matrix,
        definitions: Matrix | None = None,
        heading_share: Matrix | None = None,
    ) -> Matrix:
        """The content score from its parts (see the module docstring); ``share``: the
        mean own share of each pair's two sections; ``heading_share``: the smaller share
        of its own text each pair's heading is (:func:`_heading_share`)."""
        wh = self.wh * has_h
        # Own text and subtree half and half when the subsections hold the section's
        # text, own text alone when it is all of it (a leaf; :meth:`_own_share`).
        lean = 0.5 + 0.5 * share
        text = lean * own + (1.0 - lean) * sub
        if heading_share is not None:
            # Leaves that are mostly heading: the heading is most of the text there
            # is, so its likeness (characters in order included) counts as theirs.
            text = np.maximum(text, h * heading_share)
        content: Matrix = (wh * h + self.wt * text) / (wh + self.wt)
        np.minimum(content, NOT_SAME, out=content)
        if definitions is not None:
            content[definitions < 0] *= DEFINITIONS_APART
            one = definitions > 0
            content[one] = np.maximum(content[one], DEFINITIONS_SAME)
        content[same] = 1.0
        return content

    def candidates(self, rows: list[int], cols: list[int], k: int) -> list[tuple[int, int, float]]:
        """The best partners (by content) of every row and every column, as (i, j, content).

        Dense comparisons look at every pair; large ones rank by own-text likeness in
        bounded chunks first, then score the kept pairs.
        """
        if not rows or not cols:
            return []
        if self.dense is not None or len(rows) * len(cols) <= DENSE_LIMIT:
            content = self.block(rows, cols).content
            kk = min(k, len(cols))
            top = np.argpartition(-content, kk - 1, axis=1)[:, :kk]
            kr = min(k, len(rows))
            left = np.argpartition(-content, kr - 1, axis=0)[:kr]
            pairs = {(x, int(y)) for x, ys in enumerate(top.tolist()) for y in ys}
            pairs |= {(int(x), y) for xs in left.T.tolist() for y, x in enumerate(xs)}
            return sorted(
                (rows[x], cols[y], float(content[x, y])) for x, y in pairs if content[x, y] > 0
            )
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if self.index is not None:
            pr, pc, _ = self.index.best_pairs("own", r, c, k)
        else:  # a custom scorer: block by block
            pr, pc = self._custom_best(r, c, k)
        content = self.pairs(r[pr], c[pc]).content[0].tolist()
        return sorted(
            (rows[x], cols[y], v)
            for x, y, v in zip(pr.tolist(), pc.tolist(), content, strict=True)
            if v > 0
        )

    def _custom_best(self, r: I64Array, c: I64Array, k: int) -> tuple[I64Array, I64Array]:
        step = max(1, DENSE_LIMIT // len(c))
        pr: list[int] = []
        pc: list[int] = []
        kk = min(k, len(c))
        for start in range(0, len(r), step):
            content = self._compute(r[start : start + step], c).content
            top = np.argpartition(-content, kk - 1, axis=1)[:, :kk]
            for x, ys in enumerate(top.tolist()):
                pr.extend([start + x] * len(ys))
                pc.extend(ys)
        return np.asarray(pr, dtype=np.int64), np.asarray(pc, dtype=np.int64)

    # -- computing a block -----------------------------------------------------------

    def _terms(self, kind: str, r: I64Array, c: I64Array, full: bool) -> Matrix:
        """Shared weight of ``kind`` sets; a full block gathers without indexing."""
        assert self.index is not None
        return self.index.block(kind, None if full else r, None if full else c)

    def _compute(self, r: I64Array, c: I64Array, *, full: bool = False) -> Block:
        ta, tb = self.ta, self.tb
        if self.index is not None:
            ix = self.index
            common_h = self._terms("heading", r, c, full)
            h, _, _ = _dice(common_h, ix.size("heading", "a")[r], ix.size("heading", "b")[c])
            if ta.has_text[r].any() or tb.has_text[c].any():
                common_o = self._terms("own", r, c, full)
            else:  # skeletons: own text is the heading
                common_o = common_h
            own, ca, cb = _dice(common_o, ix.size("own", "a")[r], ix.size("own", "b")[c])
            # A leaf's subtree is its own text: only pairs with a parent need more.
            common_s = common_o.copy()
            pa = np.flatnonzero(ta.has_kids[r])
            pb = np.flatnonzero(tb.has_kids[c])
            if len(pa):
                common_s[pa, :] = ix.block("subtree", r[pa], None if full else c)
            if len(pb):
                common_s[:, pb] = ix.block("subtree", None if full else r, c[pb])
            sub, _, _ = _dice(common_s, ix.size("subtree", "a")[r], ix.size("subtree", "b")[c])
            # Characters in order (placeholders as wildcards) see a heading whose
            # words were eroded; unrelated headings share about 30% of them by chance.
            ind = IndelScorer()([ta.headings[i] for i in r], [tb.headings[j] for j in c])
            h = np.maximum(h, np.clip((ind.similarity - _CHANCE) / (1 - _CHANCE), 0.0, 1.0))
        else:
            assert self.scorer is not None
            w = self.workers
            h = self.scorer.heading(
                [ta.headings[i] for i in r], [tb.headings[j] for j in c], workers=w
            ).similarity
            own_s = self.scorer.text(
                [f"{ta.headings[i]}\n{ta.texts[i]}" for i in r],
                [f"{tb.headings[j]}\n{tb.texts[j]}" for j in c],
                workers=w,
            )
            own, ca, cb = own_s.similarity, own_s.cover_a, own_s.cover_b
            sub = self.scorer.text(
                [ta.sections[i].full_text for i in r],
                [tb.sections[j].full_text for j in c],
                workers=w,
            ).similarity
        has_h = np.outer(ta.has_heading[r], tb.has_heading[c])
        same = np.equal.outer(self._code_a[r], self._code_b[c])
        share = 0.5 * (self._share_a[r][:, None] + self._share_b[c][None, :])
        hshare = np.minimum.outer(self._hshare_a[r], self._hshare_b[c])
        content = self._mix(h, own, sub, has_h, same, share, self._definitions(r, c), hshare)
        return Block(content, h * has_h, own, sub, ca, cb, same)


def chance_content(scores: Scores, na: int, nb: int) -> float:
    """What two unrelated sections of these two documents share: the median content
    of section pairs spread evenly over both (at most :data:`CHANCE_SAMPLE` a side).

    Most pairs of sections do not correspond, so the median is chance. It depends
    on the genre and the script: 0.01-0.04 between two Chinese work reports, whose
    rare bigrams are their own, 0.05-0.06 between two state bills, whose provisions
    all say *shall*, *section*, *employer*.
    """

    def spread(n: int) -> I64Array:
        if n <= CHANCE_SAMPLE:
            return np.arange(n, dtype=np.int64)
        return np.unique(np.linspace(0, n - 1, CHANCE_SAMPLE).astype(np.int64))

    return float(np.median(scores.block(spread(na), spread(nb)).content))
