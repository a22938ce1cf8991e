"""Snapshot tests of the main screen (pytest-textual-snapshot, SVG files in __snapshots__).

Fixed terminal sizes and a fixed theme (textual-dark) keep them deterministic;
``settle`` waits for the comparison and inline-diff workers, so no spinner or
half-drawn frame is captured. The seed snapshots draw the comparison graph of
seeds 000 vs 001 recorded from the alignment engine (tests/tui_data), so they test
the screen and do not move when the engine's scores do; the Pilot tests in
test_tui_keys.py and test_tui_picker.py run the live engine. After a deliberate
UI change, review the report and refresh with
``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from tui_graphs import mixed_graph
from tui_support import graph_app, recorded_graph, settle

SnapCompare = Callable[..., bool]


def _after(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_seeds_000_001_at_120x40(snap_compare: SnapCompare) -> None:
    app = graph_app(recorded_graph(), theme="textual-dark")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after())


def test_seeds_000_001_at_80x24(snap_compare: SnapCompare) -> None:
    app = graph_app(recorded_graph(), theme="textual-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("n", "n"))


def test_seeds_000_001_full_text_at_200x60(snap_compare: SnapCompare) -> None:
    app = graph_app(recorded_graph(), theme="textual-dark")
    assert snap_compare(app, terminal_size=(200, 60), run_before=_after("t"))


def test_every_kind_on_a_hand_built_graph(snap_compare: SnapCompare) -> None:
    """Independent of the engine's scores: moved ghosts, split, gaps, folds."""
    app = graph_app(mixed_graph(), theme="textual-dark")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_after("j", "j", "j", "j"))
