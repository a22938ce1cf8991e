"""Near-duplicates: whole speeches copied with light edits.

Candidates come from MinHash LSH over the 5-character shingles of each speech's
canonical text (:mod:`compare.batch.candidates`); a candidate is a near copy when
its **verified** similarity reaches ``threshold``. The similarity is the
normalised Indel similarity of the two canonical texts (``2·LCS / (|a| + |b|)``,
rapidfuzz): 1.0 for identical speeches, 0.9 when a tenth of the characters were
deleted, inserted or changed, whatever the spacing and full/half-width forms;
0.75 for a copy cut to 60 % of the original. The default threshold, 0.7, keeps
lightly and heavily edited copies alike; speeches that merely share a template,
stock phrases or a few paragraphs stay far below it (at most 0.22 on the fixtures,
where the two real copies score 0.96 and 1.0).
It is computed on the whole text, so a speech that merely shares a template or
a few paragraphs with another does not qualify.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from .candidates import Pair, lsh_pairs

__all__ = ["LSH_THRESHOLD", "NEAR_THRESHOLD", "near_candidates", "verify_near"]

NEAR_THRESHOLD = 0.7
LSH_THRESHOLD = 0.4  # shingle Jaccard the LSH bands aim at (a 0.7 copy sits near 0.45)
MIN_ESTIMATE = 0.2


def near_candidates(sketches: npt.NDArray[np.uint64], members: Sequence[int]) -> list[Pair]:
    """Pairs of speeches whose shingle sketches collide in the LSH index."""
    found = lsh_pairs(
        sketches, members, threshold=LSH_THRESHOLD, min_estimate=MIN_ESTIMATE, top_k=None
    )
    return sorted(found)


def verify_near(
    pairs: Sequence[Pair], texts: dict[int, str], *, threshold: float
) -> list[tuple[int, int, float]]:
    """Similarity of each candidate pair that reaches ``threshold``; a worker task."""
    out: list[tuple[int, int, float]] = []
    for i, j in pairs:
        a, b = texts[i], texts[j]
        if not a or not b:
            continue
        shorter, longer = sorted((len(a), len(b)))
        if 2 * shorter / (shorter + longer) < threshold:  # lengths alone rule it out
            continue
        sim = Indel.normalized_similarity(a, b, score_cutoff=threshold)
        if sim >= threshold:
            out.append((i, j, round(float(sim), 4)))
    return out
