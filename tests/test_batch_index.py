"""The candidate index is not all-pairs, and still finds what it must; the progress bar."""

from __future__ import annotations

import io

import numpy as np

from compare.batch.candidates import lsh_pairs, role_pairs
from compare.batch.progress import Progress
from compare.batch.sketch import minhash


def _sketches(n: int, copies: list[tuple[int, int]], seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    sets = [
        np.unique(rng.integers(0, 2**64 - 1, 400, dtype=np.uint64, endpoint=True)) for _ in range(n)
    ]
    for src, dst in copies:  # dst keeps 90 % of src's elements
        keep = sets[src][rng.random(len(sets[src])) < 0.9]
        extra = rng.integers(0, 2**64 - 1, 40, dtype=np.uint64, endpoint=True)
        sets[dst] = np.unique(np.concatenate([keep, extra]))
    return np.stack([minhash(s) for s in sets])


def test_lsh_finds_planted_copies_without_comparing_all_pairs() -> None:
    n = 600
    copies = [(k, n - 1 - k) for k in range(0, 40, 2)]
    found = lsh_pairs(_sketches(n, copies), range(n), threshold=0.5, min_estimate=0.3, top_k=None)
    assert {(a, b) for a, b in copies} <= set(found)
    assert len(found) < 0.001 * n * (n - 1) / 2  # strangers almost never collide
    assert all(e >= 0.3 for e in found.values())


def test_lsh_top_k_bounds_the_work_in_a_big_family() -> None:
    rng = np.random.default_rng(9)
    base = np.unique(rng.integers(0, 2**64 - 1, 300, dtype=np.uint64, endpoint=True))
    family = [
        np.unique(
            np.concatenate(
                [
                    base[rng.random(len(base)) < 0.95],
                    rng.integers(0, 2**64 - 1, 10, dtype=np.uint64),
                ]
            )
        )
        for _ in range(300)
    ]
    sketches = np.stack([minhash(s) for s in family])
    found = lsh_pairs(sketches, range(300), threshold=0.5, min_estimate=0.1, top_k=8)
    assert len(found) <= 300 * 8
    # Still one connected family: every member has a candidate.
    seen = {i for pair in found for i in pair}
    assert seen == set(range(300))


def test_role_pairs_link_speeches_with_the_same_parts() -> None:
    keys = ["a>b>c", "", "a>b>c", "x>y", "a>b>c", "x>y"]
    assert role_pairs(keys, window=1) == {(0, 2), (2, 4), (3, 5)}


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_counts_and_time_left_only_on_a_terminal() -> None:
    tty = _Tty()
    bar = Progress(stream=tty)
    bar.stage("reading", 10, unit="files")
    for _ in range(10):
        bar.advance()
    bar.end()
    out = tty.getvalue()
    assert "reading" in out and "10/10 files" in out and "left" in out
    piped = io.StringIO()
    quiet = Progress(stream=piped)
    quiet.stage("reading", 10)
    quiet.advance(10)
    quiet.end()
    assert piped.getvalue() == ""
    muted = _Tty()
    off = Progress(stream=muted, quiet=True)
    off.stage("reading", 3)
    off.end()
    assert muted.getvalue() == ""
