"""Tokens for corpus matching: a character for Chinese, a word for Latin script.

Reuse and shared model texts are found on token n-grams. A Chinese character
carries about as much as an English word carries letters, so the two scripts are
tokenised differently and compared on n-grams of a length that suits each:

- every CJK character (and the placeholder wildcard) is one token;
- every run of Latin letters and digits is one token, lower-cased (``SHALL`` in
  an all-capitals PDF and ``shall`` in the HTML copy are one word) and with its
  accents dropped (``naïve`` and ``naive``, ``rôle`` and ``role`` are one word);
- everything else (spaces, line breaks, punctuation) only separates tokens, so a
  passage broken across lines by a PDF's wrapping is still one run of tokens.

Tokens are computed with numpy over the :func:`~compare.batch.canon.canonical`
text, which has the offsets of the original, so every token knows its span in the
file. A token's code is a pure function of its text (no per-process salt).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .canon import WILDCARD
from .sketch import U64, gram_hashes, mix64, powers

__all__ = ["CJK_GRAM", "LATIN_GRAM", "Tokens", "gram_length", "tokenize"]

I32 = npt.NDArray[np.int32]
CJK_GRAM = 5  # characters per n-gram for Chinese
LATIN_GRAM = 3  # words per n-gram for Latin script
_BASE = np.uint64(0x100000001B3)
_BASE_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_CHAR_TAG = np.uint64(0xC2B2AE3D27D4EB4F)
_WORD_TAG = np.uint64(0x165667B19E3779F9)
_LATIN_END = 0x250  # Latin-1 Supplement and Latin Extended-A/B: the letters folded


def _folding() -> npt.NDArray[np.int64]:
    """Code point -> lower-case letter without accents, below ``_LATIN_END``."""
    table = np.arange(_LATIN_END, dtype=np.int64)
    for c in range(_LATIN_END):
        base = unicodedata.normalize("NFD", chr(c).lower())[:1]
        if base.isascii() and base.isalpha():
            table[c] = ord(base)
    return table


_FOLD = _folding()


@dataclass(frozen=True, slots=True, eq=False)
class Tokens:
    """Tokens of a text: ``codes`` (64-bit), ``starts``/``ends`` offsets into the text."""

    codes: U64
    starts: I32
    ends: I32
    latin: bool  # more word tokens than character tokens

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def gram(self) -> int:
        return gram_length(self.latin)

    def grams(self) -> U64:
        """Hash of every n-gram of tokens, in order (n: :attr:`gram`)."""
        return gram_hashes(self.codes, self.gram)


def gram_length(latin: bool) -> int:
    return LATIN_GRAM if latin else CJK_GRAM


def tokenize(canon: str, offset: int = 0) -> Tokens:
    """Tokens of ``canon`` (a :func:`~compare.batch.canon.canonical` text); spans + ``offset``."""
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    n = len(codes)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        return Tokens(np.zeros(0, dtype=np.uint64), empty, empty, False)
    cjk = (
        ((codes >= 0x3400) & (codes <= 0x9FFF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | (codes == ord(WILDCARD))
    )
    latin = codes < _LATIN_END
    lower = np.where(latin, _FOLD[np.where(latin, codes, 0)], codes)
    word = (
        ((lower >= 97) & (lower <= 122))
        | ((codes >= 48) & (codes <= 57))
        | ((codes >= 0xC0) & (codes <= 0x24F) & (codes != 0xD7) & (codes != 0xF7))
    )
    # Word runs: [start, end) of consecutive word characters.
    edge = np.diff(np.r_[0, word.astype(np.int8), 0])
    w_start = np.flatnonzero(edge == 1)
    w_end = np.flatnonzero(edge == -1)
    c_pos = np.flatnonzero(cjk)
    # Word hashes from prefix sums of a polynomial over the lower-cased characters.
    lw = lower.astype(np.uint64)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(np.where(word, lw, 0).astype(np.uint64) * powers(_BASE, n), out=prefix[1:])
        inv = powers(_BASE_INV, n + 1)
        w_hash = (prefix[w_end] - prefix[w_start]) * inv[w_start]
        w_code = mix64(w_hash ^ _WORD_TAG ^ (w_end - w_start).astype(np.uint64))
        c_code = mix64(lw[c_pos] ^ _CHAR_TAG)
    # Merge the two kinds in text order: their start positions are disjoint and each
    # list is sorted, so a mask over the text gives the order without a sort.
    first = np.zeros(n, dtype=np.bool_)
    first[w_start] = True
    all_starts = np.flatnonzero(first | cjk)
    is_word = first[all_starts]
    all_codes = np.empty(len(all_starts), dtype=np.uint64)
    all_codes[is_word] = w_code
    all_codes[~is_word] = c_code
    all_ends = all_starts + 1
    all_ends[is_word] = w_end
    return Tokens(
        all_codes,
        (all_starts + offset).astype(np.int32),
        (all_ends + offset).astype(np.int32),
        latin=len(w_start) > len(c_pos),
    )
