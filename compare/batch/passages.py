"""Reused passages: sentences and runs of sentences shared between speeches.

Every sentence of at least ``MIN_SENTENCE`` canonical characters is hashed in the
per-file stage (:mod:`compare.batch.ingest`). Here all sentence hashes of the
corpus are sorted together (numpy, no per-pair work) and grouped:

- a sentence found in ``stock_min_docs`` speeches or more is a **stock phrase**
  (``坚持以习近平新时代中国特色社会主义思想为指导``): reported once with its count,
  never as reuse between each pair of the speeches that say it;
- a sentence found in 2 to ``stock_min_docs - 1`` speeches is a **match** for each
  pair of them.

Matches of one pair of speeches are then chained into passages: consecutive
matches whose positions advance in both speeches, allowing ``max_gap`` unmatched
clauses between them (a clause rewritten in a copied paragraph). A passage
reports its span in both files and its similarity, :func:`measure` computes it
on the two spans' canonical text (normalised Indel similarity: 1.0 exactly for a
verbatim copy, whatever the width of its punctuation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from rapidfuzz.distance import Indel

from ..model import Span
from .records import Sentences

__all__ = ["Passage", "Stock", "default_stock_min", "find_passages", "measure"]

MIN_CHARS = 20
MAX_GAP = 1


@dataclass(frozen=True, slots=True)
class Passage:
    """Text of speech ``a`` at ``a_span`` reappears in speech ``b`` at ``b_span``."""

    a: int
    a_span: Span
    b: int
    b_span: Span
    similarity: float  # estimated from the clauses until measure() reads the text
    chars: int  # matched canonical characters
    sentences: int  # matched clauses


@dataclass(frozen=True, slots=True)
class Stock:
    """A sentence said in very many speeches; ``doc``/``span`` locate one instance."""

    documents: int
    doc: int
    span: Span


def default_stock_min(n_docs: int) -> int:
    """How many speeches make a sentence stock: 0.5 % of the corpus, between 5 and 50."""
    return max(5, min(50, -(-n_docs // 200)))


def _matches(tables: Sequence[Sentences], stock_min_docs: int) -> tuple[np.ndarray, list[Stock]]:
    """Rows ``(a, b, pos_a, pos_b)`` of sentences shared by two speeches, and stock phrases."""
    sizes = [len(t) for t in tables]
    if sum(sizes) == 0:
        return np.zeros((0, 4), dtype=np.int64), []
    hashes = np.concatenate([t.hashes for t in tables])
    # int32 halves the memory of the corpus-wide table (50,000 speeches: 8.5 M clauses).
    docs = np.repeat(np.arange(len(tables), dtype=np.int32), sizes)
    pos = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes])
    order = np.lexsort((pos, docs, hashes))
    hashes, docs, pos = hashes[order], docs[order], pos[order]
    # One occurrence per (sentence, speech): the first.
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (docs[1:] != docs[:-1])
    hashes, docs, pos = hashes[first], docs[first], pos[first]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    counts = np.diff(np.r_[starts, len(hashes)])
    stock = [
        Stock(int(c), int(docs[s]), _span(tables[int(docs[s])], int(pos[s])))
        for s, c in zip(starts.tolist(), counts.tolist(), strict=True)
        if c >= stock_min_docs
    ]
    rows: list[np.ndarray] = []
    pairs2 = starts[counts == 2]
    if len(pairs2):
        rows.append(
            np.stack([docs[pairs2], docs[pairs2 + 1], pos[pairs2], pos[pairs2 + 1]], axis=1).astype(
                np.int64
            )
        )
    big = [
        (s, c)
        for s, c in zip(starts.tolist(), counts.tolist(), strict=True)
        if 2 < c < stock_min_docs
    ]
    extra: list[tuple[int, int, int, int]] = []
    for s, c in big:
        for x, y in combinations(range(s, s + c), 2):
            extra.append((int(docs[x]), int(docs[y]), int(pos[x]), int(pos[y])))
    if extra:
        rows.append(np.array(extra, dtype=np.int64))
    if not rows:
        return np.zeros((0, 4), dtype=np.int64), stock
    m = np.concatenate(rows)
    m = m[np.lexsort((m[:, 3], m[:, 2], m[:, 1], m[:, 0]))]
    return m, stock


def _span(t: Sentences, i: int) -> Span:
    return (int(t.starts[i]), int(t.ends[i]))


def _runs(m: np.ndarray, max_gap: int) -> Iterator[tuple[int, int]]:
    """Row ranges of ``m`` (sorted by a, b, pos_a) that form one passage each."""
    if len(m) == 0:
        return
    a, b, pa, pb = (m[:, k] for k in range(4))
    da, db = np.diff(pa), np.diff(pb)
    same_pair = (a[1:] == a[:-1]) & (b[1:] == b[:-1])
    joined = same_pair & (da >= 1) & (da <= 1 + max_gap) & (db >= 1) & (db <= 1 + max_gap)
    breaks = np.flatnonzero(~joined) + 1
    edges = np.r_[0, breaks, len(m)]
    yield from zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True)


def find_passages(
    tables: Sequence[Sentences],
    *,
    stock_min_docs: int,
    min_chars: int = MIN_CHARS,
    max_gap: int = MAX_GAP,
) -> tuple[list[Passage], list[Stock]]:
    """Reused passages between speeches (indexed like ``tables``) and stock phrases."""
    m, stock = _matches(tables, stock_min_docs)
    passages: list[Passage] = []
    for lo, hi in _runs(m, max_gap):
        a, b = int(m[lo, 0]), int(m[lo, 1])
        ta, tb = tables[a], tables[b]
        pa, pb = m[lo:hi, 2], m[lo:hi, 3]
        matched = int(ta.lengths[pa].sum())
        if matched < min_chars:
            continue
        a0, a1, b0, b1 = int(pa[0]), int(pa[-1]), int(pb[0]), int(pb[-1])
        total = int(ta.lengths[a0 : a1 + 1].sum()) + int(tb.lengths[b0 : b1 + 1].sum())
        passages.append(
            Passage(
                a=a,
                a_span=(int(ta.starts[a0]), int(ta.ends[a1])),
                b=b,
                b_span=(int(tb.starts[b0]), int(tb.ends[b1])),
                similarity=round(2 * matched / total, 4) if total else 1.0,
                chars=matched,
                sentences=hi - lo,
            )
        )
    stock.sort(key=lambda s: (-s.documents, s.doc, s.span))
    return passages, stock


def measure(passages: Sequence[Passage], text_of: Callable[[int, Span], str]) -> list[Passage]:
    """``passages`` with their similarity computed on the text of both spans.

    ``text_of(doc, span)`` returns a span's canonical text. The clause-level
    estimate cannot see short clauses (under ``MIN_SENTENCE`` characters) inside a
    passage; the text can.
    """
    out = []
    for p in passages:
        a, b = text_of(p.a, p.a_span), text_of(p.b, p.b_span)
        sim = 1.0 if a == b else round(float(Indel.normalized_similarity(a, b)), 4)
        out.append(replace(p, similarity=sim))
    return out
