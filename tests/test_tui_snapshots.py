"""Snapshot tests of the main screen (pytest-textual-snapshot, SVG files in __snapshots__).

Fixed terminal sizes and a fixed theme (textual-dark) keep them deterministic;
``settle`` waits for the comparison and inline-diff workers, so no spinner or
half-drawn frame is captured. The seed snapshots run the real alignment engine:
when its scores change on purpose, review the diff report and refresh with
``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from tui_graphs import mixed_graph
from tui_support import SEED_000, SEED_001, graph_app, settle

from tui.app import create_app

SnapCompare = Callable[..., bool]


def _after(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_seeds_000_001_at_120x40(snap_compare: SnapCompare) -> None:
    app = create_app(SEED_000, SEED_001, theme="textual-dark")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after())


def test_seeds_000_001_at_80x24(snap_compare: SnapCompare) -> None:
    app = create_app(SEED_000, SEED_001, theme="textual-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("n", "n"))


def test_seeds_000_001_full_text_at_200x60(snap_compare: SnapCompare) -> None:
    app = create_app(SEED_000, SEED_001, theme="textual-dark")
    assert snap_compare(app, terminal_size=(200, 60), run_before=_after("t"))


def test_every_kind_on_a_hand_built_graph(snap_compare: SnapCompare) -> None:
    """Independent of the engine's scores: moved ghosts, split, gaps, folds."""
    app = graph_app(mixed_graph(), theme="textual-dark")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_after("j", "j", "j", "j"))
