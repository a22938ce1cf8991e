"""The longest strictly rising subsequence: what keeps two orders in step.

The aligner keeps the matches that respect both documents' order, the row model puts
those matches on shared rows, and both ask the same question of a sequence of
positions. Patience sorting answers it in O(n log n); among equally long answers the
one built from earlier items wins, so results are stable.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

__all__ = ["rising_indexes"]


def rising_indexes(values: Sequence[int]) -> list[int]:
    """Indexes of a longest strictly increasing subsequence of ``values``, in order."""
    tails: list[int] = []  # smallest value ending a rising run of each length
    tail_at: list[int] = []  # where that value sits
    prev = [-1] * len(values)
    for k, v in enumerate(values):
        pos = bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tail_at.append(k)
        else:
            tails[pos] = v
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos > 0 else -1
    out: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(k)
        k = prev[k]
    return out[::-1]
