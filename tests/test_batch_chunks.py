"""What the family stage ships to its workers: few speeches per task, compact records."""

from __future__ import annotations

import pickle
import random

import numpy as np
from batch_support import SEEDS

from compare.batch.grouping import SCORE_CHUNK, local_order
from compare.batch.signatures import signature
from compare.parse import parse_text
from compare.textio import read_text


def _speeches_per_chunk(pairs: list[tuple[int, int]]) -> float:
    chunks = [pairs[lo : lo + SCORE_CHUNK] for lo in range(0, len(pairs), SCORE_CHUNK)]
    return sum(len({i for p in c for i in p}) for c in chunks) / len(pairs)


def test_local_order_is_a_permutation_that_keeps_neighbours_together() -> None:
    rng = random.Random(5)
    # Speeches on a line, each paired with a few near it; ids shuffled, as a corpus's are.
    n = 6000
    ids = list(range(n))
    rng.shuffle(ids)
    pairs = sorted(
        {
            (min(ids[k], ids[k + d]), max(ids[k], ids[k + d]))
            for k in range(n - 12)
            for d in rng.sample(range(1, 12), 4)
        }
    )
    ordered = local_order(pairs)
    assert sorted(ordered) == pairs
    assert ordered == local_order(pairs)  # deterministic
    assert _speeches_per_chunk(ordered) < 0.5 * _speeches_per_chunk(pairs)


def test_a_small_list_keeps_its_order() -> None:
    pairs = [(0, 5), (1, 2), (2, 9)]
    assert local_order(pairs) == pairs


def test_signatures_travel_as_their_constructor_arguments() -> None:
    text = read_text(SEEDS / "001_201c1d1fe805fb54.txt")[0]
    sig = signature(parse_text(text).documents[0])
    back = pickle.loads(pickle.dumps(sig, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.parts == sig.parts and back.numbered == sig.numbered
    assert np.array_equal(back.grams, sig.grams)
    assert back.keys == sig.keys and back.starts == sig.starts and back.mains == sig.mains
    assert np.array_equal(back.lengths, sig.lengths)
    assert np.array_equal(back.wildcards, sig.wildcards)
    assert np.array_equal(back.sizes, sig.sizes)
