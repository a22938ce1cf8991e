"""Text normalisation for matching: what counts as "the same words".

- Full-width ASCII and punctuation fold to one form (``，`` and ``,`` are the same).
- Whitespace (including U+3000) is dropped: it carries no meaning in Chinese text.
- Template placeholders (``X``, ``XX``, ``×``, ``××``, ``xx``, ``20xx``, ``*``, ``**``)
  become one :data:`WILDCARD` character, so a scorer can treat them as slots, but
  only where they stand for a word in Chinese text: next to a Chinese character
  (``XX市``, ``20xx年``, ``（××）``), never touching a Latin letter or a digit
  (``src=x``, ``3×4`` and ``XML`` stay text).
- Lone surrogates (which only the Python API can be handed) become U+FFFD.
- Section markers are already outside headings (see :mod:`compare.markers`);
  :func:`strip_marker` removes one from raw text such as a body's first line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .markers import markers_at

__all__ = ["PLACEHOLDER", "WILDCARD", "fold", "normalize", "strip_marker", "sub_placeholders"]

WILDCARD = "\ue000"  # a private-use character: never in real text

# What a placeholder looks like (in folded text); :func:`sub_placeholders` keeps only
# those that stand for a word. Latin x/X are never part of a Latin word ("XML", "Xi").
# The leading lookahead lets the engine skip to a possible first character (5x faster).
PLACEHOLDER = re.compile(
    r"(?=[12xX×＊*○〇])"
    r"(?:(?:19|20)[xX×]{2}|(?<![A-Za-z])[xX]{1,4}(?![A-Za-z])|[×＊*]{1,3}|[○〇]{2,}(?=[年月日]))"
)
# Between a placeholder and the Chinese word next to it: spaces, brackets, quotes and
# (folded) punctuation, as in "（XX）" or "“××”,".
_SKIP = frozenset(" \t\n\r\u3000\"'()[]<>,.:;!?-~/、")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF or ch in "々〇"


def _latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _stands_for_a_word(text: str, start: int, end: int) -> bool:
    """A placeholder touching no Latin letter or digit, next to a Chinese character."""
    if (start and _latin_or_digit(text[start - 1])) or (
        end < len(text) and _latin_or_digit(text[end])
    ):
        return False
    i = start - 1
    while i >= 0 and text[i] in _SKIP:
        i -= 1
    if i >= 0 and _cjk(text[i]):
        return True
    j = end
    while j < len(text) and text[j] in _SKIP:
        j += 1
    return j < len(text) and _cjk(text[j])


def sub_placeholders(text: str, repl: str | Callable[[re.Match[str]], str]) -> str:
    """``text`` with every placeholder that stands for a word replaced by ``repl``."""

    def one(m: re.Match[str]) -> str:
        if not _stands_for_a_word(m.string, m.start(), m.end()):
            return m.group(0)
        return repl if isinstance(repl, str) else repl(m)

    return PLACEHOLDER.sub(one, text)


_PUNCT_MAP = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "、": ",",
        "；": ";",
        "：": ":",
        "？": "?",
        "！": "!",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "—": "-",
        "―": "-",
        "–": "-",
        "…": ".",
        "·": ".",
        "・": ".",
        "～": "~",
    }
)
_PLACEHOLDER_CHARS = re.compile("[xX×*○〇]")
# The characters real Chinese text needs folded, each mapped in one step to what NFKC
# followed by the punctuation map would make of it: full-width ASCII (U+FF01–FF5E), the
# ideographic space and CJK punctuation. Replacing the few that occur with str.replace
# costs a fraction of running NFKC and a dict-driven translate over every character.
_FOLD_TABLE = {
    c: unicodedata.normalize("NFKC", c).translate(_PUNCT_MAP)
    for c in [chr(k) for k in _PUNCT_MAP]
    + [chr(k) for k in range(0xFF01, 0xFF5F)]
    + ["\u3000", "\u00a0"]
}
_FOLD_KEYS = frozenset(_FOLD_TABLE)


def fold(text: str) -> str:
    """Fold full-width forms and CJK punctuation to one half-width form; drop whitespace.

    The same as ``NFKC`` followed by the punctuation map, done fast for the common case.
    """
    for ch in _FOLD_KEYS.intersection(text):
        text = text.replace(ch, _FOLD_TABLE[ch])
    if not unicodedata.is_normalized("NFKC", text):  # rarer compatibility characters
        text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP)
    return "".join(text.split())


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The form two texts are compared in: folded, no spaces, placeholders as WILDCARD."""
    if not text.isascii() and _SURROGATES.search(text) is not None:
        text = _SURROGATES.sub("\ufffd", text)
    folded = fold(text)
    if _PLACEHOLDER_CHARS.search(folded) is None:
        return folded
    return sub_placeholders(folded, WILDCARD)


def strip_marker(text: str) -> str:
    """``text`` without a leading section marker (``（一）``, ``1.``, ``一是``...)."""
    found = markers_at(text)
    return text[found[0].length :] if found else text
