"""Text normalisation for matching: what counts as "the same words".

- Full-width ASCII and punctuation fold to one form (``，`` and ``,`` are the same).
- Whitespace (including U+3000) is dropped: it carries no meaning in Chinese text.
- Template placeholders (``X``, ``XX``, ``×``, ``××``, ``xx``, ``20xx``, ``*``, ``**``)
  become one :data:`WILDCARD` character, so a scorer can treat them as slots.
- Section markers are already outside headings (see :mod:`compare.markers`);
  :func:`strip_marker` removes one from raw text such as a body's first line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .markers import markers_at

__all__ = ["PLACEHOLDER", "WILDCARD", "fold", "normalize", "strip_marker"]

WILDCARD = "\ue000"  # a private-use character: never in real text

# Placeholders left by anonymisation or templates. Latin x/X only count when they
# are not part of a Latin word (so "XML" or "Xi" stay text).
PLACEHOLDER = re.compile(
    r"(?:(?:19|20)[xX×]{2}|(?<![A-Za-z])[xX]{1,4}(?![A-Za-z])|[×＊*]{1,3}|[○〇]{2,}(?=[年月日]))"
)
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
    folded = fold(text)
    if _PLACEHOLDER_CHARS.search(folded) is None:
        return folded
    return PLACEHOLDER.sub(WILDCARD, folded)


def strip_marker(text: str) -> str:
    """``text`` without a leading section marker (``（一）``, ``1.``, ``一是``...)."""
    found = markers_at(text)
    return text[found[0].length :] if found else text
