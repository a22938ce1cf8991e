"""Canonical text for corpus-scale matching, fast and length-preserving.

:func:`compare.normalize.normalize` defines what counts as "the same words" (width
and punctuation folded, spaces dropped, placeholders as one wildcard). Calling it
on every sentence of 50,000 speeches costs about 9 µs a sentence, which dominates
batch runs; it also keeps an LRU cache that would hold whole speeches if fed them.

Here the same folding is computed once per character and kept in a table, applied
to a whole speech in a few C-level calls, and kept **one character for one character**
(whitespace becomes a blank, a placeholder ``XX`` becomes the wildcard plus
blanks). Offsets in the canonical text are therefore offsets in the original,
so sentences can be cut on canonical text and their spans still index the file.
:func:`key` drops the blanks to give exactly ``normalize(text)`` for ordinary
Chinese text (tested on the fixtures).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import cache

import numpy as np
import numpy.typing as npt

from ..normalize import WILDCARD, fold, sub_placeholders

__all__ = ["BLANK", "WILDCARD", "canonical", "heading_key", "key"]

BLANK = " "
_DIGIT = re.compile(r"[0-9]")
_NUMBER = re.compile(r"[0-9]+(?:[.,:-][0-9]+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A Latin word of a heading becomes one character of the Supplementary Private Use
# Area-A (a stable hash of the word), so heading keys compare Latin text by words
# as they compare Chinese by characters.
_WORD_BASE = 0xF0000
_WORD_SPAN = 0xFFFE
_LATIN_WORD = re.compile(r"[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*")
_NOT_WORD = re.compile(
    r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\U000f0000-\U000ffffd" + WILDCARD + "]"
)


class _Fold(dict[int, str]):
    """Per-character fold from :func:`fold` itself, filled in as characters are met.

    A character is folded the first time ``str.translate`` asks for it, then looked
    up at C speed: a speech meets a few thousand distinct characters, so a one-shot
    ``speechdiff diff`` does not pay for all 65,536 (0.05–0.2 s) up front.
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        folded = fold(ch) if not 0xD800 <= cp <= 0xDFFF else ch
        if not folded:
            out = BLANK  # whitespace: dropped by key(), kept here for offsets
        elif len(folded) == 1:
            out = folded
        else:
            # "…" folds to "...": keep one character so offsets stay aligned.
            out = folded[0]
        self[cp] = out
        return out


@cache
def _table() -> dict[int, str]:
    """The process's per-character fold table (see :class:`_Fold`)."""
    return _Fold()


# Texts at least this long are folded through code-point arrays (about 8 ns a
# character against 50 for ``str.translate``, which looks every character up in a
# dict); shorter ones (headings) are not worth the arrays' set-up.
_ARRAY_MIN = 512
_UNICODE = 0x110000


@cache
def _arrays() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """The fold as a code-point lookup table, and which of its entries are filled."""
    return np.arange(_UNICODE, dtype=np.uint32), np.zeros(_UNICODE, dtype=np.bool_)


def _fold_array(text: str) -> str:
    """``text.translate(_table())``, through a code-point lookup table."""
    try:
        raw = text.encode("utf-32-le")
    except UnicodeEncodeError:  # lone surrogates (only the Python API can pass them)
        raw = text.encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(raw, dtype="<u4")
    lut, known = _arrays()
    if not np.take(known, codes).all():
        table = _table()
        for cp in np.unique(codes[~np.take(known, codes)]).tolist():
            lut[cp] = ord(table[cp])
            known[cp] = True
    out = np.take(lut, codes).tobytes()
    try:
        return out.decode("utf-32-le")
    except UnicodeDecodeError:
        return out.decode("utf-32-le", "surrogatepass")


def _pad(match: re.Match[str]) -> str:
    return WILDCARD + BLANK * (len(match.group(0)) - 1)


def canonical(text: str) -> str:
    """``text`` folded character by character; same length, same offsets."""
    folded = text
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        folded = unicodedata.normalize("NFC", text)
        if len(folded) != len(text):  # decomposed input: fall back to the raw text
            folded = text
    long = len(folded) >= _ARRAY_MIN
    return sub_placeholders(_fold_array(folded) if long else folded.translate(_table()), _pad)


def key(canon: str) -> str:
    """A slice of :func:`canonical` text as :func:`~compare.normalize.normalize` gives it."""
    return canon.replace(BLANK, "")


def _word(match: re.Match[str]) -> str:
    word = _DIGIT.sub("0", match.group(0).lower())
    return chr(_WORD_BASE + zlib.crc32(word.encode("ascii")) % _WORD_SPAN)


def heading_key(heading: str) -> str:
    """A heading reduced to what names its content: words, digits as ``0``, wildcards.

    Punctuation and quotes go (``“十五五”`` and ``十五五`` are the same heading), and
    every digit becomes ``0`` so that ``2025年工作回顾`` and ``2026年工作回顾`` match.
    A Latin word (letters, with any digits in it) is one character of the key,
    case folded, and so is a number in a Latin heading: similarities of keys
    count characters, which in Latin script would make any two long headings of
    legal English look alike (``Section 448.111, Florida Statutes, is created to
    read`` and another bill's first section share most of their letters in order,
    whatever they enact).
    """
    text, words = _LATIN_WORD.subn(_word, canonical(heading))
    if words and not _CJK.search(text):  # a number among Latin words is a word (``448.111``)
        text = _NUMBER.sub("0", text)
    return _DIGIT.sub("0", _NOT_WORD.sub("", key(text)))
