"""Texts to terms: the units whose sharing counts as evidence that two texts correspond.

Chinese has no spaces, and a word is usually two characters, so Chinese text is cut
into **character bigrams** inside each run of ideographs (a lone ideograph between
punctuation or digits is a term of its own). Latin-script text is cut into
**words** (runs of letters and digits, lower-cased), so English is compared word by
word, not character by character. Both kinds can occur in one text (``GDP`` and
``2025`` in a Chinese report are words).

Texts are compared in :func:`compare.normalize.normalize` form. Punctuation,
spaces and template placeholders (:data:`~compare.normalize.WILDCARD`) separate
runs and are never part of a term, so a slot neither helps nor hurts.

Terms are ``uint64`` keys: a bigram packs its two code points (21 bits each); a
lone ideograph is its code point with a marker bit; a word is a 48-bit digest
under the top bit. Keys are pure functions of the terms, never of the process
(no salted hashing), so one document's terms are computed once and reused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .normalize import WILDCARD, normalize

__all__ = [
    "defined_term",
    "latin_share",
    "prepare",
    "side_terms",
    "term_pairs",
    "word_key",
]

U64Array = npt.NDArray[np.uint64]
I64Array = npt.NDArray[np.int64]

_LONE = np.uint64(1 << 42)  # marks a lone ideograph's key
_WORD_BIT = 1 << 63  # marks a word's key
_WORD_RE = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_LATIN_SPACE = re.compile(r"(?<=[0-9A-Za-z\u00c0-\u024f])\s+(?=[0-9A-Za-z\u00c0-\u024f])")
WORD_BREAK = "\ue001"  # kept by normalize(), which drops spaces: a break between words
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def _is_cjk(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    out = np.zeros(len(codes), dtype=bool)
    for lo, hi in _CJK_RANGES:
        out |= (codes >= lo) & (codes <= hi)
    return out


def latin_share(texts: Sequence[str]) -> float:
    """Share of letters that are Latin (a-z, accented) among Latin letters and ideographs."""
    joined = "".join(texts)
    if not joined:
        return 0.0
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    cjk = int(_is_cjk(codes).sum())
    latin = int(
        (((codes | 0x20) >= ord("a")) & ((codes | 0x20) <= ord("z"))).sum()
        + ((codes >= 0xC0) & (codes <= 0x24F)).sum()
    )
    return latin / (latin + cjk) if latin + cjk else 0.0


# "(5) “Employer” means…", "The term 'employee' includes…", "Stalking has the meaning…"
_DEFINITION = re.compile(
    r"^[\s\"'“”‘’]*(?:the\s+terms?\s+)?[\"'“‘]?([a-z][a-z0-9 '’-]{0,60}?)[\"'”’]?,?\s+"
    r"(?:means|includes|shall\s+(?:mean|include)|(?:shall\s+)?ha(?:s|ve)\s+the\s+(?:same\s+)?"
    r"meaning|is\s+defined\s+as|does\s+not\s+include|refers\s+to)\b",
    re.IGNORECASE,
)
_TERM_STOP = frozenset({"a", "an", "and", "of", "or", "the", "to", "for", "in", "on"})


def defined_term(heading: str) -> frozenset[str] | None:
    """The words of the term a legal definition defines (``"Small business" means…``:
    ``{"small", "business"}``), a final ``s`` dropped; None if ``heading`` is not one."""
    m = _DEFINITION.match(heading)
    if m is None:
        return None
    words = {w.lower().removesuffix("s") for w in _WORD_RE.findall(m.group(1))}
    return frozenset(words - _TERM_STOP) or None


def prepare(text: str) -> str:
    """``text`` in the form terms are cut from: normalised, with word breaks kept.

    :func:`compare.normalize.normalize` drops spaces (Chinese needs none, and a space
    inside a Chinese phrase is noise); between two Latin letters or digits a space
    is a word boundary, so it becomes :data:`WORD_BREAK` first.
    """
    if " " in text or "\n" in text or "\t" in text:
        text = _LATIN_SPACE.sub(WORD_BREAK, text)
    return normalize(text)


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> int:
    """A word's key: a stable 48-bit digest of it, above every character key."""
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=6).digest()
    return _WORD_BIT | int.from_bytes(digest, "little")


@lru_cache(maxsize=64)  # a batch compares one document with many others
def side_terms(texts: tuple[str, ...]) -> tuple[U64Array, I64Array]:
    """:func:`term_pairs` of raw texts (prepared here), cached per tuple of texts."""
    keys, owner = term_pairs([prepare(t) for t in texts])
    keys.setflags(write=False)
    owner.setflags(write=False)
    return keys, owner


def term_pairs(texts: Sequence[str]) -> tuple[U64Array, I64Array]:
    """Every term occurrence of ``texts`` (in :func:`prepare` form): keys and text numbers.

    Occurrences are grouped by text (in text order); a term repeated in a text appears
    repeatedly. Keys depend on the terms alone, so two calls' keys can be compared.
    """
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    joined = WILDCARD.join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    owner_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(codes)]
    cjk = _is_cjk(codes)
    keys: list[U64Array] = []
    owners: list[I64Array] = []
    if cjk.any():
        wide = codes.astype(np.uint64)
        pair = np.flatnonzero(cjk[:-1] & cjk[1:])
        keys.append((wide[pair] << np.uint64(21)) | wide[pair + 1])
        owners.append(owner_of[pair])
        before = np.concatenate(([False], cjk[:-1]))
        after = np.concatenate((cjk[1:], [False]))
        lone = np.flatnonzero(cjk & ~before & ~after)
        keys.append(wide[lone] | _LONE)
        owners.append(owner_of[lone])
    found = [(m.start(), m.group().lower()) for m in _WORD_RE.finditer(joined)]
    if found:
        keys.append(np.fromiter((word_key(w) for _, w in found), dtype=np.uint64, count=len(found)))
        starts = np.fromiter((s for s, _ in found), dtype=np.int64, count=len(found))
        owners.append(owner_of[starts])
    if not keys:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    key = np.concatenate(keys)
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    return key[order], owner[order]
