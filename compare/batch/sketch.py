"""Vectorised shingle hashing and MinHash sketches.

A MinHash library that hashes one shingle at a time in Python costs about a
microsecond per shingle; a 5,000-speech corpus has some 13 million character
shingles. So the sketches are computed here with numpy, and so are the LSH
buckets (:mod:`compare.batch.candidates`).

- Shingles are hashed from code points with a polynomial over 64-bit words and
  the splitmix64 finaliser: no Python loop per shingle, and the same value in
  every process (Python's own ``hash`` is salted per process).
- The sketch is one-permutation MinHash with rotation densification (Shrivastava
  and Li, 2014): one hash per shingle instead of one per shingle *and* permutation,
  so its cost is a sort, not ``128 ×`` the shingles. The fraction of equal slots
  estimates the Jaccard similarity as classic MinHash does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

__all__ = [
    "EMPTY",
    "NUM_PERM",
    "estimate",
    "gram_hashes",
    "minhash",
    "mix64",
    "powers",
    "shingle_hashes",
    "sorted_unique",
    "token_hashes",
]

U64 = npt.NDArray[np.uint64]
NUM_PERM = 128
_BIN_BITS = 7  # 2**7 == NUM_PERM bins
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = np.uint64((1 << _VALUE_BITS) - 1)
EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)  # the sketch of an empty set: never equal by chance
# Odd 64-bit multipliers, one per position in a shingle (up to 16 characters).
_MULT = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x27D4EB2F165667C5,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
        0x2545F4914F6CDD1D,
        0x9FB21C651E98DF25,
        0xD1B54A32D192ED03,
        0xAEF17502108EF2D9,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
    ],
    dtype=np.uint64,
)


_POWERS: dict[int, U64] = {}  # per base, the longest table computed (read-only)
_POWERS_KEPT = 1 << 20  # tables up to this length are kept for the next call (8 MB)


def powers(base: np.uint64, n: int) -> U64:
    """``base**0 … base**(n-1)`` modulo 2**64 (prefix-sum hashing of slices).

    Read-only: tables up to ``_POWERS_KEPT`` long are kept and shared between calls.
    """
    kept = _POWERS.get(int(base))
    if kept is not None and len(kept) >= n:
        return kept[:n]
    size = min(max(n, 4096, 2 * len(kept) if kept is not None else 0), _POWERS_KEPT)
    out = np.empty(max(n, size), dtype=np.uint64)
    if len(out):
        out[0] = 1
        if len(out) > 1:
            out[1:] = base
            with np.errstate(over="ignore"):
                np.cumprod(out, out=out)
    if len(out) <= _POWERS_KEPT:
        out.flags.writeable = False
        _POWERS[int(base)] = out
    return out[:n]


def mix64(x: U64) -> U64:
    """splitmix64 finaliser: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return x


def gram_hashes(codes: U64, k: int) -> U64:
    """64-bit hash of every run of ``k`` consecutive codes, in order (``len - k + 1`` of them).

    ``codes`` may be code points (character shingles) or token hashes (word n-grams).
    """
    if not 1 <= k <= len(_MULT):
        raise ValueError(f"shingle length must be 1..{len(_MULT)}")
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc += codes[j : j + n] * _MULT[j]
    return mix64(acc)


def shingle_hashes(text: str, k: int) -> U64:
    """Sorted unique 64-bit hashes of the ``k``-character shingles of ``text``."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    return sorted_unique(gram_hashes(codes, k))


def sorted_unique(values: U64) -> U64:
    """``values`` sorted, duplicates dropped."""
    # np.unique hashes before sorting in numpy 2.x, an order of magnitude slower here.
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def token_hashes(tokens: Iterable[str]) -> U64:
    """Sorted unique 64-bit hashes of arbitrary string tokens (stable across processes)."""
    values = {
        int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
        for t in tokens
    }
    return np.array(sorted(values), dtype=np.uint64)


def minhash(hashes: U64) -> U64:
    """One-permutation MinHash (``NUM_PERM`` slots) of a *sorted unique* hash array.

    Each hash falls in the bin named by its top bits; a bin's slot is the smallest
    value in it, which in a sorted array is simply the first one. Empty bins borrow
    the next non-empty bin to the right (circularly), offset by the distance, as
    rotation densification prescribes.
    """
    if len(hashes) == 0:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint64)
    starts = np.arange(NUM_PERM, dtype=np.uint64) << np.uint64(_VALUE_BITS)
    idx = np.searchsorted(hashes, starts)
    safe = np.minimum(idx, len(hashes) - 1)
    first = hashes[safe]
    present = (idx < len(hashes)) & ((first >> np.uint64(_VALUE_BITS)) == np.arange(NUM_PERM))
    values = first & _VALUE_MASK
    if present.all():
        return values.astype(np.uint64)
    filled = np.flatnonzero(present)
    # For each bin, the next present bin at or after it (circularly) and the distance.
    pos = np.searchsorted(filled, np.arange(NUM_PERM))
    wrap = pos >= len(filled)
    donor = filled[np.where(wrap, 0, pos)]
    distance = (donor - np.arange(NUM_PERM)) % NUM_PERM
    out = values[donor] + distance.astype(np.uint64) * (_VALUE_MASK + np.uint64(1))
    return out.astype(np.uint64)


def estimate(a: U64, b: U64) -> float:
    """Estimated Jaccard similarity of the sets behind two sketches."""
    if a[0] == EMPTY or b[0] == EMPTY:
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM
