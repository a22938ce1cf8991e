"""Reused passages: text one speech took from another, verbatim or revised; stock phrases apart.

Three steps, after passim and TextPAIR:

1. **Seeds per speech** (per-file stage, :func:`seed_table`): the speech's tokens
   (:mod:`compare.batch.tokens`; title and Chinese heading lines left out, they
   are the skeleton, which the families report; :func:`skeleton_spans`) and a
   sample of their n-grams: those whose hash falls in one of ``SAMPLE`` buckets
   (1 in 8 for Chinese characters, 1 in 2 for words). The sample does not depend
   on the context, so two copies of a passage sample the same n-grams wherever
   they sit.
2. **Candidate pairs** (:func:`candidate_pairs`): all seeds of the corpus sorted
   together (numpy, no per-pair work); two speeches sharing enough *rare* seeds
   (``SEED_EVIDENCE``) are a candidate. A seed found in ``stock_min`` speeches or more (and in
   ``ENUM_MIN`` or more: in a small corpus a source copied by many is still a
   source) is stock and links nobody; one found in many (``ALL_PAIRS`` or more)
   links each speech to a few others of its group (1, 2, 4... places on), which
   keeps a big group connected at a cost of O(g log g).
3. **Alignment** (worker task, :func:`passages_task`): both texts, read again,
   are aligned by :func:`compare.batch.localalign.align_texts` (seed and extend).

Each passage says how close the two spans are (``similarity``: 1.0 verbatim,
about 0.8 lightly revised, 0.5 to 0.7 heavily). The passages of a pair also give
its **text score** (:func:`text_scores`): how much of both speeches they cover,
which the family stage reads as the "one model text" evidence.

**Stock phrases** are clauses (cut at ``。！？；，：``) found in ``stock_min`` speeches
or more: ``--stock-min-docs``, by default a tenth of the corpus (at least 5), so
the cut-off grows with the corpus. They are reported apart, and a *short*
passage made mostly of stock clauses is dropped; a passage two speeches share at
length is reuse whatever phrases it contains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..model import Document, Span
from ..terms import latin_share
from .candidates import idf_neighbours, sorted_runs
from .canon import BLANK, canonical
from .localalign import Prepared, align_texts
from .records import Sentences
from .tokens import Tokens, tokenize

__all__ = [
    "SEED_EVIDENCE",
    "Passage",
    "Stock",
    "candidate_pairs",
    "default_stock_min",
    "drop_stock",
    "passages_task",
    "seed_table",
    "shared_grams",
    "skeleton_spans",
    "speech_tokens",
    "stock_phrases",
    "text_scores",
]

U32 = npt.NDArray[np.uint32]
SAMPLE_CJK, SAMPLE_LATIN = 8, 2  # one n-gram in this many is a seed
SEED_EVIDENCE = 3.0  # seeds only two speeches share that make them a candidate pair
ALL_PAIRS = 32  # seed groups up to this size give all their pairs
ENUM_MIN = 64  # seed groups smaller than this always make candidates (small corpora)
LONG_CJK, LONG_LATIN = 100, 40  # a passage this long (tokens) is "at length": never stock
TEXT_FULL = 0.15  # covered share (geometric mean, weighted by similarity) that counts fully
TEXT_FULL_LATIN = 0.03  # ... between two Latin-script speeches sharing several passages
SEVERAL = 2  # passages a pair needs for the Latin-script scale (one is a quotation)
GRAMS_FLOOR = 0.25  # IDF-weighted cosine of specific phrasing that borrowers and topics reach
GRAMS_FULL = 0.6  # ... and that counts fully
Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Passage:
    """Text of speech ``a`` at ``a_span`` reappears in speech ``b`` at ``b_span``."""

    a: int
    a_span: Span
    b: int
    b_span: Span
    similarity: float  # token-level similarity of the two spans
    chars: int  # characters of a's tokens in the passage
    tokens: int  # tokens of a in the passage (words or characters)
    a_range: tuple[int, int] = (0, 0)  # token indexes in each speech (not reported)
    b_range: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Stock:
    """A clause said in very many speeches; ``doc``/``span`` locate one instance."""

    documents: int
    doc: int
    span: Span


def default_stock_min(n_docs: int) -> int:
    """How many speeches make a clause stock: a tenth of the corpus, at least 5."""
    return max(5, -(-n_docs // 10))


def skeleton_spans(doc: Document) -> tuple[tuple[int, int], ...]:
    """File spans of a speech's title and heading lines: skeleton, not reusable prose.

    A heading that is the first sentence of its paragraph (``(1) Each employer
    shall provide…``, ``（一）落实好“两个行动”贵在“真”。促进……``) is prose as
    well: bills carry most of their text in such items, so they stay in. So do all
    Latin-script headings: a bill's provisions wrap at line ends (``(B) For any
    legitimate contact made by an official or agency of this state or`` / ``county
    …``), so the line the outline calls a heading is the start of a sentence, and
    a re-enacted bill repeats its model's headings word for word anyway.
    """
    spans = [s.heading_span for s in doc.walk() if not s.inline and not _latin(s.heading)]
    if doc.title_part is not None:
        spans.append(doc.title_part.span)
    return tuple(sorted(spans))


def _latin(heading: str) -> bool:
    """Whether ``heading`` is in Latin script (a Chinese one, the usual case, is told
    by its first character without counting letters)."""
    return heading[:1].isascii() and latin_share([heading]) >= 0.5


def speech_tokens(canon: str, offset: int, skip: Sequence[tuple[int, int]]) -> Tokens:
    """Tokens of a speech's :func:`~compare.batch.canon.canonical` text (file offset
    ``offset``), the file spans ``skip`` (title, headings) blanked out."""
    if skip:
        pieces: list[str] = []
        done = 0  # characters of ``canon`` already placed
        for lo, hi in sorted(skip):
            lo, hi = max(done, lo - offset), min(len(canon), hi - offset)
            if hi > lo:
                pieces += (canon[done:lo], BLANK * (hi - lo))
                done = hi
        pieces.append(canon[done:])
        canon = "".join(pieces)
    return tokenize(canon, offset)


def seed_table(tokens: Tokens) -> U32:
    """Sorted unique 32-bit seeds of a speech: its sampled n-grams (see module notes)."""
    grams = tokens.grams()
    if len(grams) == 0:
        return np.zeros(0, dtype=np.uint32)
    every = SAMPLE_LATIN if tokens.latin else SAMPLE_CJK
    chosen = grams[(grams >> np.uint64(58)) % np.uint64(every) == 0]
    return np.unique((chosen & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def _group_pairs(
    docs: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], size: int
) -> npt.NDArray[np.int64]:
    """Pairs of positions within groups of ``size`` rows starting at ``starts``."""
    if size <= ALL_PAIRS:
        x, y = np.triu_indices(size, k=1)
    else:
        steps = 1 << np.arange(int(np.log2(size - 1)) + 1)
        x = np.repeat(np.arange(size), len(steps))
        y = (x + np.tile(steps, size)) % size
    a = docs[(starts[:, None] + x[None, :]).ravel()]
    b = docs[(starts[:, None] + y[None, :]).ravel()]
    return np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)


def candidate_pairs(seeds: Sequence[U32], *, stock_min: int) -> dict[Pair, float]:
    """Pairs of speeches whose shared seeds are enough evidence of a passage, with it.

    Each shared seed counts its rarity, ``log(1 + N / df)`` (a seed only these two
    speeches have counts most), and a pair needs ``SEED_EVIDENCE`` seeds' worth
    of seeds found in no other speech. Unrelated speeches of one genre share a
    few common n-grams by chance; copies share runs of rare ones.
    """
    sizes = [len(s) for s in seeds]
    if sum(sizes) == 0:
        return {}
    n_docs = len(seeds)
    # Sorted by seed, then speech: one sort of (seed << 32 | speech), 10x faster
    # than a stable argsort of the seeds (each speech's seeds are unique).
    packed = np.concatenate(seeds).astype(np.uint64) << np.uint64(32)
    packed |= np.repeat(np.arange(n_docs, dtype=np.uint64), sizes)
    packed.sort()
    values = packed >> np.uint64(32)
    owner = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    starts, counts = sorted_runs(values)
    width = np.int64(n_docs)
    codes: list[npt.NDArray[np.int64]] = []
    limit = max(stock_min, ENUM_MIN)
    # Seed groups by size, each size's groups in seed order (one stable sort, not
    # one scan of every group per size).
    shared = np.flatnonzero((counts >= 2) & (counts < limit))
    if not len(shared):
        return {}
    shared = shared[np.argsort(counts[shared], kind="stable")]
    group_sizes, first = np.unique(counts[shared], return_index=True)
    ends = np.append(first[1:], len(shared))
    for size, lo, hi in zip(group_sizes.tolist(), first.tolist(), ends.tolist(), strict=True):
        pairs = _group_pairs(owner, starts[shared[lo:hi]], int(size))
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        codes.append(pairs[:, 0] * width + pairs[:, 1])
    if not codes:
        return {}
    need = SEED_EVIDENCE * np.log1p(n_docs / 2)
    found, evidence = _evidence(codes, np.log1p(n_docs / group_sizes), n_docs, need)
    return {
        (int(c // width), int(c % width)): round(float(e), 3)
        for c, e in zip(found.tolist(), evidence.tolist(), strict=True)
    }


def _evidence(
    codes: Sequence[npt.NDArray[np.int64]],
    weight: npt.NDArray[np.float64],
    n_docs: int,
    need: float,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The pair codes whose summed ``weight[g]``, over the groups ``g`` they occur in
    (``codes[g]``: the codes group ``g`` gives, once per seed), reaches ``need``; and
    those sums.

    One plain sort of ``code << bits | g`` orders the occurrences by code and, within
    a code, by group, so each sum adds the same numbers in the same order as
    ``np.unique(..., return_inverse=True)`` and ``np.bincount`` would. A code seen
    fewer times than ``need`` over the largest weight cannot reach it, and most codes
    are seen once, so only the others are summed. (The general way took most of
    the serial time before the passages: 4 s of 8 at 20,000 speeches.)
    """
    flat = np.concatenate(codes)
    if not len(flat):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    bits = max(1, (len(codes) - 1).bit_length())
    least = max(1, int(need // float(weight.max())))  # occurrences a code needs at least
    if (n_docs * n_docs) >> (64 - bits):  # would not fit: the general way
        group = np.repeat(np.arange(len(codes)), [len(c) for c in codes])
        found, at = np.unique(flat, return_inverse=True)
        total = np.asarray(
            np.bincount(at, weights=weight[group], minlength=len(found)), dtype=np.float64
        )
        keep = total >= need
        return found[keep], total[keep]
    packed = flat.astype(np.uint64)
    packed <<= np.uint64(bits)
    packed |= np.repeat(np.arange(len(codes), dtype=np.uint64), [len(c) for c in codes])
    packed.sort()
    code = packed >> np.uint64(bits)
    starts, lengths = sorted_runs(code)
    often = lengths >= least
    starts, lengths = starts[often], lengths[often]
    at = np.repeat(np.arange(len(starts)), lengths)  # each kept occurrence's run
    # The kept occurrences' places in ``packed``: run start plus rank in the run.
    before = np.cumsum(lengths) - lengths  # kept occurrences ahead of each run
    rows = np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()))
    got = weight[(packed[rows] & np.uint64((1 << bits) - 1)).astype(np.int64)]
    sums = np.asarray(np.bincount(at, weights=got, minlength=len(starts)), dtype=np.float64)
    keep = sums >= need
    return code[starts[keep]].astype(np.int64), sums[keep]


def passages_task(
    pairs: Sequence[Pair],
    texts: Mapping[int, tuple[str, int, tuple[tuple[int, int], ...]]],
) -> list[Passage]:
    """Worker task: the passages of each pair. ``texts[i]``: (speech text, offset, skips)."""
    tokens: dict[int, Prepared] = {}
    out: list[Passage] = []
    for i, j in pairs:
        for k in (i, j):
            if k not in tokens:
                raw, offset, skip = texts[k]
                tokens[k] = Prepared.of(speech_tokens(canonical(raw), offset, skip))
        for m in align_texts(tokens[i], tokens[j]):
            out.append(
                Passage(i, m.a_span, j, m.b_span, m.similarity, m.chars, m.a[1] - m.a[0], m.a, m.b)
            )
    return out


def shared_grams(
    seeds: Sequence[U32], *, k: int, stock_min: int, threads: int = 1
) -> dict[Pair, float]:
    """Each speech's ``k`` nearest speeches by the IDF-weighted cosine of their seeds.

    Seeds are sampled n-grams of the texts; weighting them by rarity (``log N/df``,
    stock seeds left out) measures how much *specific* phrasing two texts share,
    which a bag of words does not (two laws on one subject share their vocabulary;
    two re-enactments of one model bill share its phrases). Each text's own seeds
    stay in its norm (``whole``), so the cosine is a share of all its specific
    phrasing: in a corpus of five texts, two answers written apart on one subject
    share a few seeds and nothing else, which over the shared seeds alone gave a
    cosine of 0.86 (a template family with no passage between them) and gives 0.009.
    """
    return idf_neighbours(
        [s.astype(np.uint64) for s in seeds],
        range(len(seeds)),
        k=k,
        max_df=stock_min - 1,
        threads=threads,
        whole=True,
    )


def text_scores(
    passages: Sequence[Passage],
    sizes: Sequence[int],
    grams: Mapping[Pair, float] | None = None,
    latin: Sequence[bool] | None = None,
) -> dict[Pair, float]:
    """Per pair, how much of both speeches their passages cover, in [0, 1].

    The covered share of each side (tokens in passages, overlaps counted once,
    weighted by the passage's similarity) over its tokens (``sizes``); the score is their
    geometric mean relative to ``TEXT_FULL``, so two speeches that re-enact one
    model text (most of each in shared passages) reach 1, and a speech that
    quotes a paragraph of another stays near 0.

    The scale depends on the script (``latin[i]``: speech ``i`` is in Latin
    script), because the genres differ in what unrelated texts share at length.
    Chinese official speeches repeat the Party's set formulations verbatim, so
    unrelated provincial reports share passages covering a few per cent of each
    (at ``TEXT_FULL_LATIN`` the real Chinese corpus's template families lost
    nearly all their precision). Laws of different models share almost no
    passage: on the development bills 145 of 190 pairs re-enacting one model
    share passages, covering a median 2.7 % of each (state bills carry their own
    definitions, cross-references and scraped page furniture), against 14 of 237
    pairs of different models. Two Latin-script speeches sharing ``SEVERAL``
    passages or more are therefore scored on ``TEXT_FULL_LATIN``; one shared
    passage (a quotation) keeps ``TEXT_FULL``. ``grams`` (:func:`shared_grams`)
    adds the pairs' shared rare phrasing, from ``GRAMS_FLOOR`` (what texts on one
    subject share in a small corpus) to ``GRAMS_FULL``, as independent evidence:
    ``1 - (1 - passages)(1 - grams)``.
    """
    spans: dict[Pair, tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]] = {}
    for p in passages:
        side_a, side_b = spans.setdefault((p.a, p.b), ([], []))
        side_a.append((p.a_range[0], p.a_range[1], p.similarity))
        side_b.append((p.b_range[0], p.b_range[1], p.similarity))
    out: dict[Pair, float] = {}
    for (a, b), (sa, sb) in spans.items():
        ca, cb = _covered(sa) / max(1, sizes[a]), _covered(sb) / max(1, sizes[b])
        several = latin is not None and latin[a] and latin[b] and len(sa) >= SEVERAL
        full = TEXT_FULL_LATIN if several else TEXT_FULL
        out[a, b] = round(min(1.0, float(np.sqrt(min(1.0, ca) * min(1.0, cb))) / full), 4)
    for pair, cos in (grams or {}).items():
        g = min(1.0, max(0.0, cos - GRAMS_FLOOR) / (GRAMS_FULL - GRAMS_FLOOR))
        out[pair] = round(1.0 - (1.0 - out.get(pair, 0.0)) * (1.0 - g), 4)
    return out


def _covered(spans: list[tuple[int, int, float]]) -> float:
    """Tokens covered by the ranges (overlaps once), each weighted by its similarity."""
    total, end = 0.0, -1
    for lo, hi, sim in sorted(spans):
        lo = max(lo, end)
        if hi > lo:
            total += (hi - lo) * sim
            end = hi
    return total


def stock_phrases(tables: Sequence[Sentences], stock_min: int) -> list[Stock]:
    """Clauses said in ``stock_min`` speeches or more (one instance each), most said first."""
    sizes = [len(t) for t in tables]
    if sum(sizes) == 0:
        return []
    hashes = np.concatenate([t.hashes for t in tables])
    docs = np.repeat(np.arange(len(tables), dtype=np.int32), sizes)
    pos = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes])
    order = np.lexsort((pos, docs, hashes))
    hashes, docs, pos = hashes[order], docs[order], pos[order]
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (docs[1:] != docs[:-1])
    hashes, docs, pos = hashes[first], docs[first], pos[first]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    counts = np.diff(np.r_[starts, len(hashes)])
    out = []
    for s, c in zip(starts.tolist(), counts.tolist(), strict=True):
        if c >= stock_min:
            t = tables[int(docs[s])]
            k = int(pos[s])
            out.append(Stock(int(c), int(docs[s]), (int(t.starts[k]), int(t.ends[k]))))
    out.sort(key=lambda s: (-s.documents, s.doc, s.span))
    return out


def drop_stock(
    passages: Sequence[Passage],
    tables: Sequence[Sentences],
    stock: Sequence[Stock],
    latin: Sequence[bool],
    stock_min: int,
) -> list[Passage]:
    """``passages`` without the short ones that are stock.

    A passage is stock when it is shorter than ``LONG_CJK`` characters or
    ``LONG_LATIN`` words (``latin[i]``: speech ``i`` is in Latin script) and
    either clauses said in ``stock_min`` speeches or more cover half of it, or
    the text it covers is shared with ``stock_min - 1`` other speeches or more
    on both sides (a formula every report repeats with a word changed, which no
    clause hash sees). A longer passage is reuse whatever phrases it contains.
    """
    stock_hashes = set()
    for s in stock:
        t = tables[s.doc]
        k = int(np.searchsorted(t.starts, s.span[0]))
        if k < len(t) and int(t.starts[k]) == s.span[0]:
            stock_hashes.add(int(t.hashes[k]))
    partners = _partners(passages)
    out = []
    for p in passages:
        if p.tokens >= (LONG_LATIN if latin[p.a] else LONG_CJK):
            out.append(p)
            continue
        many = (
            min(_mean(partners, p.a, p.a_range), _mean(partners, p.b, p.b_range)) >= stock_min - 1
        )
        if not many and not _stock_clauses(p, tables[p.a], stock_hashes):
            out.append(p)
    return out


def _partners(passages: Sequence[Passage]) -> dict[int, npt.NDArray[np.int32]]:
    """Per speech and token, how many passages (with distinct partners) cover it."""
    reach: dict[int, int] = {}
    for p in passages:
        reach[p.a] = max(reach.get(p.a, 0), p.a_range[1])
        reach[p.b] = max(reach.get(p.b, 0), p.b_range[1])
    marks = {d: np.zeros(n + 1, dtype=np.int32) for d, n in reach.items()}
    seen: set[tuple[int, int, int]] = set()
    for p in passages:
        for doc, other, (lo, hi) in ((p.a, p.b, p.a_range), (p.b, p.a, p.b_range)):
            key = (doc, other, lo)
            if key not in seen:
                seen.add(key)
                marks[doc][lo] += 1
                marks[doc][hi] -= 1
    return {d: np.cumsum(m)[:-1].astype(np.int32) for d, m in marks.items()}


def _mean(partners: Mapping[int, npt.NDArray[np.int32]], doc: int, span: tuple[int, int]) -> float:
    counts = partners[doc][span[0] : span[1]]
    return float(counts.mean()) if len(counts) else 0.0


def _stock_clauses(p: Passage, t: Sentences, stock_hashes: set[int]) -> bool:
    """Whether stock clauses cover half of the passage's span in speech ``a`` or more."""
    if not stock_hashes:
        return False
    lo, hi = p.a_span
    meets = np.flatnonzero((t.starts < hi) & (t.ends > lo)).tolist()
    stocky = sum(
        min(hi, int(t.ends[k])) - max(lo, int(t.starts[k]))
        for k in meets
        if int(t.hashes[k]) in stock_hashes
    )
    return 2 * stocky >= hi - lo
