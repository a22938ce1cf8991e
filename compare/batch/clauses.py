"""Clauses of a speech, hashed, for reused passages and stock phrases.

Reuse is tracked clause by clause (cut at ``。！？；，：`` and line ends): stock
phrases are clauses (``坚持以习近平新时代中国特色社会主义思想为指导``) followed by
words that differ, so whole sentences would rarely match, and a copied paragraph
is a run of matching clauses.

A speech has a few hundred clauses and a corpus millions, so the hashing is done
with numpy in one pass per speech: a polynomial hash over 64-bit words whose
prefix sums give any slice's hash (``(P[j] - P[i]) · B⁻ⁱ``, exact because ``B`` is
odd and so invertible modulo 2⁶⁴), mixed with the slice's length. A clause's
hash depends only on its canonical characters (:mod:`compare.batch.canon`), so
width, punctuation style and spacing do not hide a copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .canon import BLANK
from .records import Sentences
from .sketch import mix64, powers

__all__ = ["MIN_CLAUSE", "clause_table"]

MIN_CLAUSE = 12  # canonical characters: shorter clauses are too common to mean reuse
_CLAUSE_END = re.compile(r"[。！？；!?;，,：:\n\r]+")
_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_LEN_MIX = np.uint64(0x9E3779B97F4A7C15)


def clause_table(
    raw: str, canon: str, offset: int, skip: Sequence[tuple[int, int]] = ()
) -> Sentences:
    """Hashed clauses of one speech.

    ``raw`` is the speech's text and ``canon`` its :func:`~compare.batch.canon.canonical`
    form (same length); ``offset`` is where ``raw`` starts in the file, so the spans
    returned are file offsets. Clauses overlapping a ``skip`` span (title and
    headings, as file spans) are left out: they are skeleton, not prose.
    """
    empty = Sentences(
        np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int32)
    )
    n = len(canon)
    if n == 0:
        return empty
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    kept = codes != ord(BLANK)
    nb = np.flatnonzero(kept)  # canonical index of the k-th kept character
    if len(nb) == 0:
        return empty
    rank = np.zeros(n + 1, dtype=np.int64)  # kept characters before each index
    np.cumsum(kept, out=rank[1:])
    chars = codes[nb]
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(chars) + 1, dtype=np.uint64)
        np.cumsum(chars * powers(_BASE, len(chars)), out=prefix[1:])
    inv = powers(_BASE_INV, len(chars) + 1)
    # Clause pieces: [start, end) in the speech, without their final mark (a clause
    # ends in "，" in one speech and in "。" in another).
    starts_l: list[int] = [0]
    ends_l: list[int] = []
    for m in _CLAUSE_END.finditer(raw):
        ends_l.append(m.start())
        starts_l.append(m.end())
    ends_l.append(n)
    lo = np.array(starts_l, dtype=np.int64)
    hi = np.maximum(np.array(ends_l, dtype=np.int64), lo)
    k_lo, k_hi = rank[lo], rank[hi]
    length = k_hi - k_lo
    ok = length >= MIN_CLAUSE
    if skip:
        marks = np.zeros(n + 1, dtype=np.int64)
        for a, b in skip:
            a, b = max(0, a - offset), min(n, b - offset)
            if a < b:
                marks[a] += 1
                marks[b] -= 1
        inside = np.cumsum(marks)[:n] > 0
        covered = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(inside, out=covered[1:])
        ok &= covered[hi] == covered[lo]
    k_lo, k_hi, length = k_lo[ok], k_hi[ok], length[ok]
    with np.errstate(over="ignore"):
        h = (prefix[k_hi] - prefix[k_lo]) * inv[k_lo]
        h = mix64(h ^ (length.astype(np.uint64) * _LEN_MIX))
    first = nb[k_lo]
    last = nb[k_hi - 1] + 1
    return Sentences(
        h.astype(np.uint64),
        (first + offset).astype(np.int32),
        (last + offset).astype(np.int32),
        length.astype(np.int32),
    )
