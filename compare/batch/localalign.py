"""Seed-and-extend alignment of two texts: the passages one took from the other.

The method of passim and TextPAIR, on tokens (:mod:`compare.batch.tokens`: a
word for Latin script, a character for Chinese):

1. **Seeds**: every n-gram of tokens the two texts share (n = 3 words or 5
   characters), with its position in each. A verbatim copy shares a seed at
   every token; a light revision keeps most of them; a paraphrase keeps short
   runs here and there.
2. **Chains**: seeds are grouped by diagonal (position in one text minus
   position in the other): seeds of one passage lie on one diagonal, drifting a
   little where words were inserted or deleted. Diagonals closer than ``DRIFT``
   tokens join; within a group, a gap of more than ``GAP`` tokens in either text
   ends a chain. Chains whose spans overlap in both texts merge.
3. **Extension and score**: each chain's span, from its first seed to the end
   of its last, is compared token by token (normalised Indel similarity of the
   token sequences, rapidfuzz): 1.0 for a verbatim copy, about 0.8 for a light
   revision, 0.5 to 0.7 for a heavy one. A passage must span
   :func:`min_tokens` tokens, hold ``MIN_SEEDS`` seeds and reach the similarity
   its length requires (:func:`required`: near-verbatim when short).
4. **A lone sentence** (Latin script): when every passage of two texts is
   short (under twice :func:`min_tokens`), they are kept only if the texts share
   more than that: at least ``LONE_CONTEXT`` of the n-grams of one of them. Two
   essays on one subject written apart can repeat one stock definition word for
   word (``of solving problems where one needs to find the best decisions one
   after another``); an answer revised from a source shares that sentence and
   short runs around it. Chinese passages are not held to this: a formulation
   quoted alone is what readers of Chinese speeches look for, and stock
   formulations are dropped apart (:func:`compare.batch.passages.drop_stock`).

Positions are token indexes; :func:`align_texts` returns spans in the texts'
own character offsets (tokens remember theirs), so they are file offsets when
the tokens were made with the speech's offset in its file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from .tokens import Tokens

__all__ = [
    "DRIFT",
    "GAP",
    "MIN_SEEDS",
    "MIN_SIMILARITY",
    "Match",
    "Prepared",
    "align_texts",
    "min_tokens",
    "required",
]

I64 = npt.NDArray[np.int64]
DRIFT = 6  # diagonals this close belong to one passage (insertions, deletions)
GAP = 24  # tokens without a seed that end a passage
MIN_SEEDS = 3
MIN_SIMILARITY = 0.5
MID_SIMILARITY = 0.6
SHORT_SIMILARITY = 0.85
MAX_REPEAT = 8  # an n-gram repeated more often in one text is not a seed there
LONE_CONTEXT = 0.1  # share of one text's n-grams the other must hold to keep a lone sentence


def required(length: float) -> float:
    """Similarity a passage needs, by its length in units of the shortest passage.

    A short match is evidence of reuse only when it is close to verbatim (``SHORT_SIMILARITY``
    below twice the shortest length); a longer one may be revised more
    (``MID_SIMILARITY`` up to four times), and a long one down to ``MIN_SIMILARITY``:
    paraphrase keeps enough of a long passage to be seen, and little of a
    sentence.
    """
    if length < 2:
        return SHORT_SIMILARITY
    return MID_SIMILARITY if length < 4 else MIN_SIMILARITY


def min_tokens(latin: bool) -> int:
    """The shortest passage: 12 words (about a sentence), or 20 characters of Chinese."""
    return 12 if latin else 20


@dataclass(frozen=True, slots=True)
class Match:
    """A passage of text A found in text B: token ranges, offsets, similarity, seeds."""

    a: tuple[int, int]  # token range in A
    b: tuple[int, int]
    a_span: tuple[int, int]  # character offsets (tokens' own)
    b_span: tuple[int, int]
    similarity: float
    seeds: int
    chars: int  # characters of A's tokens in the passage


def _runs(sorted_values: npt.NDArray[np.uint64]) -> tuple[I64, I64]:
    """Start index and length of each run of equal values in a sorted array."""
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    return starts.astype(np.int64), np.diff(np.r_[starts, len(sorted_values)]).astype(np.int64)


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """A tokenised text with its n-grams sorted once, for aligning against many others."""

    tokens: Tokens
    order: I64  # positions of the n-grams, sorted by value
    values: npt.NDArray[np.uint64]  # the n-gram values in that order
    starts: I64  # runs of equal values
    counts: I64

    @classmethod
    def of(cls, tokens: Tokens) -> Prepared:
        grams = tokens.grams()
        # Ties need no order: _seeds sorts the seeds it makes (5x faster than stable).
        order = np.argsort(grams).astype(np.int64)
        values = grams[order]
        starts, counts = _runs(values)
        return cls(tokens, order, values, starts, counts)


def _seeds(a: Prepared, b: Prepared) -> tuple[I64, I64]:
    """Positions ``(i, j)`` of every n-gram the two texts share (sorted by i, then j)."""
    empty = np.zeros(0, dtype=np.int64)
    if len(a.values) == 0 or len(b.values) == 0:
        return empty, empty
    sa, ca, sb, cb = a.starts, a.counts, b.starts, b.counts
    # Values present on both sides (sorted runs, matched with searchsorted).
    heads_b = b.values[sb]
    at = np.minimum(np.searchsorted(heads_b, a.values[sa]), len(sb) - 1)
    both = heads_b[at] == a.values[sa]
    sa, ca, sb, cb = sa[both], ca[both], sb[at[both]], cb[at[both]]
    keep = (ca <= MAX_REPEAT) & (cb <= MAX_REPEAT)
    sa, ca, sb, cb = sa[keep], ca[keep], sb[keep], cb[keep]
    if not len(sa):
        return empty, empty
    reps = ca * cb
    g = np.repeat(np.arange(len(sa)), reps)
    k = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    pi = a.order[sa[g] + k // cb[g]]
    pj = b.order[sb[g] + k % cb[g]]
    order = np.lexsort((pj, pi))
    return pi[order], pj[order]


def _chains(pi: I64, pj: I64) -> list[tuple[int, int, int, int, int]]:
    """Chains of seeds: ``(i0, i1, j0, j1, seeds)`` with inclusive last seed positions.

    Vectorised: seeds sorted by diagonal form groups where consecutive diagonals
    differ by ``DRIFT`` or less; within a group, sorted by position, a jump of
    more than ``GAP`` starts a new chain. Single seeds (chance) are dropped before
    chains that overlap are merged.
    """
    if len(pi) == 0:
        return []
    d = pj - pi
    by_diag = np.argsort(d, kind="stable")
    group = np.zeros(len(d), dtype=np.int64)
    group[by_diag] = np.cumsum(np.r_[0, np.diff(d[by_diag]) > DRIFT])
    order = np.lexsort((pj, pi, group))
    gi, gj, gg = pi[order], pj[order], group[order]
    new = np.r_[True, (gg[1:] != gg[:-1]) | (np.diff(gi) > GAP) | (np.abs(np.diff(gj)) > GAP)]
    starts = np.flatnonzero(new)
    count = np.diff(np.r_[starts, len(gi)])
    i0 = gi[starts]
    i1 = np.maximum.reduceat(gi, starts)
    j0 = np.minimum.reduceat(gj, starts)
    j1 = np.maximum.reduceat(gj, starts)
    keep = count >= 2
    chains = list(
        zip(
            i0[keep].tolist(),
            i1[keep].tolist(),
            j0[keep].tolist(),
            j1[keep].tolist(),
            count[keep].tolist(),
            strict=True,
        )
    )
    return _merge(chains)


def _merge(chains: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, int, int, int]]:
    """Merge chains whose ranges overlap (or come within GAP) in both texts.

    A sweep over chains sorted by their start in A: a chain is compared only with
    the merged chains still open there, so the cost stays near linear.
    """
    chains.sort()
    done: list[list[int]] = []
    open_: list[list[int]] = []
    for i0, i1, j0, j1, n in chains:
        still: list[list[int]] = []
        for m in open_:
            (still if m[1] + GAP >= i0 else done).append(m)
        open_ = still
        for m in open_:
            if j0 <= m[3] + GAP and m[2] <= j1 + GAP:
                m[1] = max(m[1], i1)
                m[2], m[3] = min(m[2], j0), max(m[3], j1)
                m[4] += n
                break
        else:
            open_.append([i0, i1, j0, j1, n])
    done.extend(open_)
    done.sort()
    return [(a, b, c, d, e) for a, b, c, d, e in done]


def align_texts(pa: Tokens | Prepared, pb: Tokens | Prepared) -> list[Match]:
    """Passages shared by two tokenised texts (see the module notes), in order of A."""
    pa = pa if isinstance(pa, Prepared) else Prepared.of(pa)
    pb = pb if isinstance(pb, Prepared) else Prepared.of(pb)
    a, b = pa.tokens, pb.tokens
    if a.latin != b.latin or len(a) == 0 or len(b) == 0:
        return []
    n = a.gram
    pi, pj = _seeds(pa, pb)
    floor = min_tokens(a.latin)
    codes_a, codes_b = a.codes.tolist(), b.codes.tolist()
    out: list[Match] = []
    for i0, i1, j0, j1, seeds in _chains(pi, pj):
        i1, j1 = min(i1 + n, len(a)), min(j1 + n, len(b))
        if seeds < MIN_SEEDS or i1 - i0 < floor or j1 - j0 < floor:
            continue
        sim = float(Indel.normalized_similarity(codes_a[i0:i1], codes_b[j0:j1]))
        if sim < required(min(i1 - i0, j1 - j0) / floor):
            continue
        out.append(
            Match(
                (i0, i1),
                (j0, j1),
                (int(a.starts[i0]), int(a.ends[i1 - 1])),
                (int(b.starts[j0]), int(b.ends[j1 - 1])),
                round(sim, 4),
                seeds,
                int((a.ends[i0:i1] - a.starts[i0:i1]).sum()),
            )
        )
    out.sort(key=lambda m: (m.a, m.b))
    lone = a.latin and out and all(_short(m, floor) for m in out)
    if lone and _context(pa, pb, pi) < LONE_CONTEXT:
        return []
    return out


def _short(m: Match, floor: int) -> bool:
    return min(m.a[1] - m.a[0], m.b[1] - m.b[0]) < 2 * floor


def _context(pa: Prepared, pb: Prepared, pi: I64) -> float:
    """The larger of the two texts' shares of distinct n-grams found in the other
    (``pi``: positions in A of the seeds)."""
    at = np.empty(len(pa.order), dtype=np.uint64)
    at[pa.order] = pa.values  # each position's n-gram
    shared = len(np.unique(at[pi]))
    return shared / max(1, min(len(pa.starts), len(pb.starts)))
