"""Template headings with slots: the text several headings keep, ``____`` for the rest.

``slot_heading("充分认识开展助企解困活动的重要意义", ["充分认识开展换届选举工作的重要意义"])``
gives ``充分认识开展____的重要意义`` and what each heading puts in the slot. Batch
builds family templates with it (:mod:`compare.batch.template`); ``speechdiff diff``
shows each matched pair's shared line with it. It needs only the canonical folding,
so a one-shot diff does not load the family machinery.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from .canon import BLANK, WILDCARD, canonical

__all__ = ["EDGE_SHARE", "MIN_FIXED_RUN", "SLOT", "slot_heading"]

SLOT = "____"
MIN_FIXED_RUN = 2
EDGE_SHARE = 1 / 3  # members with text before/after the fixed runs that open an edge slot


def _keys(raw: str) -> tuple[str, list[int]]:
    """Folded characters of ``raw`` worth matching, and their offsets in ``raw``."""
    canon = canonical(raw)
    index = [i for i, c in enumerate(canon) if c != BLANK]
    return "".join(canon[i] for i in index), index


def _mapping(ref: str, other: str) -> dict[int, int]:
    """Positions of ``ref`` kept in ``other`` (longest common subsequence)."""
    out: dict[int, int] = {}
    for op in Indel.opcodes(ref, other):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                out[op.src_start + k] = op.dest_start + k
    return out


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i))
            start = None
    return runs


def slot_heading(ref: str, others: Sequence[str]) -> tuple[str, list[tuple[str, ...]]]:
    """Template heading for ``ref`` and ``others``, and each heading's slot fills.

    Returns ``(heading, fills)`` where ``fills[0]`` belongs to ``ref`` and
    ``fills[k]`` to ``others[k - 1]``.
    """
    headings = [ref, *others]
    ref_key, ref_index = _keys(ref)
    keyed = [_keys(h) for h in headings]
    maps = [_mapping(ref_key, k) for k, _ in keyed]
    n = len(headings)
    fixed = [
        c != WILDCARD and sum(1 for m in maps if i in m) * 2 > n for i, c in enumerate(ref_key)
    ]
    runs = [r for r in _runs(fixed) if r[1] - r[0] >= MIN_FIXED_RUN]

    def bounds(m: dict[int, int], run: tuple[int, int]) -> tuple[int, int] | None:
        hit = [m[i] for i in range(*run) if i in m]
        return (hit[0], hit[-1] + 1) if hit else None

    # Where each run sits in each heading (in that heading's key positions).
    placed = [[bounds(m, r) for r in runs] for m in maps]
    lead = bool(runs) and (
        runs[0][0] > 0 or sum(1 for p in placed if p[0] and p[0][0] > 0) >= EDGE_SHARE * n
    )
    tail = bool(runs) and (
        runs[-1][1] < len(ref_key)
        or sum(1 for (k, _), p in zip(keyed, placed, strict=True) if p[-1] and p[-1][1] < len(k))
        >= EDGE_SHARE * n
    )
    if not runs:
        return SLOT, [(h.strip(),) for h in headings]
    pieces: list[str] = [SLOT] if lead else []
    for r_no, (a, b) in enumerate(runs):
        if r_no:
            pieces.append(SLOT)
        pieces.append(ref[ref_index[a] : ref_index[b - 1] + 1])
    if tail:
        pieces.append(SLOT)
    fills = [
        _fills(raw, key_text, index, pos, lead=lead, tail=tail)
        for (key_text, index), pos, raw in zip(keyed, placed, headings, strict=True)
    ]
    return "".join(pieces), fills


def _fills(
    raw: str,
    key_text: str,
    index: list[int],
    placed: list[tuple[int, int] | None],
    *,
    lead: bool,
    tail: bool,
) -> tuple[str, ...]:
    """One heading's slot texts: what lies between the fixed runs it keeps.

    A fixed run the heading lacks sits, empty, where the previous one ended, so its
    words fall into the next slot rather than vanishing.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    for p in placed:
        if p is None:
            spans.append((at, at))
        else:
            spans.append((max(p[0], at), max(p[1], at)))
            at = spans[-1][1]
    cuts: list[tuple[int, int]] = []
    if lead:
        cuts.append((0, spans[0][0]))
    for (_, end), (start, _) in itertools.pairwise(spans):
        cuts.append((end, start))
    if tail:
        cuts.append((spans[-1][1], len(key_text)))
    return tuple(_raw_slice(raw, index, lo, hi) for lo, hi in cuts)


def _raw_slice(raw: str, index: list[int], lo: int, hi: int) -> str:
    """Raw text of key positions ``lo:hi``, up to where the next kept character starts.

    Running to the next kept character (not one past the last one taken) keeps a
    placeholder whole: ``20XX`` is one key position standing for four characters.
    """
    if hi <= lo or lo >= len(index):
        return ""
    end = index[hi] if hi < len(index) else len(raw)
    return raw[index[lo] : end].strip()
